// WARC archives (ISO 28500, WARC/1.0 and 1.1), read as a stream: the web pages a crawl stored.
//
// Input:  a .warc or .warc.gz byte stream (gzip member by member, zlib), never held whole.
// Output: WarcRecords, one at a time, with the block of the ones the caller wants (bounded by
//         a byte limit; a larger block is read past, not held); the HTTP response inside a
//         response record; the page in it decoded to UTF-8.
// A damaged archive (truncated gzip member, bad record header, a Content-Length that does not
// end at the record's end) stops the reading of that archive with a Status naming the record's
// offset; the records before it have been delivered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tally/status.h"

namespace tally {

struct WarcRecord {
  // Where the record starts: its byte offset in a .warc, its gzip member's offset in a .warc.gz
  // (what CDX indexes name).
  uint64_t offset = 0;
  std::string version;                                  // "WARC/1.0" or "WARC/1.1"
  std::vector<std::pair<std::string, std::string>> fields;  // named fields, in order
  uint64_t length = 0;  // Content-Length: the block's size
  bool held = false;    // block holds the record's block (the caller asked, and it fits)
  std::string block;

  // The value of a named field (case does not matter), or empty.
  std::string_view Field(std::string_view name) const;
};

// Decompressed bytes of a .warc.gz (or the bytes of a plain .warc, told apart by the gzip magic).
class WarcByteSource;

class WarcReader {
 public:
  // prefix: bytes already read from in (sniffing). Offsets count from the start of prefix.
  WarcReader(std::istream& in, std::string prefix);
  ~WarcReader();

  enum class Got { kRecord, kEnd, kError };
  // The next record. want(record) is asked once its header is read: true to hold the block,
  // when it is at most max_block bytes. On kError, *error says what is wrong and where; no
  // record follows.
  template <typename Want>
  Got Next(WarcRecord* record, size_t max_block, Want&& want, Status* error) {
    Got got = ReadHeader(record, error);
    if (got != Got::kRecord) return got;
    const bool hold = record->length <= max_block && want(*record);
    return ReadBlock(record, hold, error);
  }

  bool compressed() const;

 private:
  Got ReadHeader(WarcRecord* record, Status* error);
  Got ReadBlock(WarcRecord* record, bool hold, Status* error);
  bool Fill();  // more bytes into buf_; false at the end of the stream or on an error
  Got Fail(const WarcRecord& record, std::string message, Status* error);
  uint64_t RecordOffset(uint64_t stream_offset);

  std::unique_ptr<WarcByteSource> source_;
  std::string buf_;
  size_t pos_ = 0;
  uint64_t buf_start_ = 0;  // stream offset of buf_[0]
  bool failed_ = false;
};

// An HTTP response as a response record's block holds it.
struct HttpResponse {
  int status = 0;
  std::string content_type;  // media type, lower case, without parameters ("text/html")
  std::string charset;       // from Content-Type, lower case, or empty
  std::string body;          // de-chunked and decompressed (gzip, deflate)
};

// Parses block as an HTTP/1.x response; the body decoded past chunking and Content-Encoding is
// at most max_body bytes (a larger one is a LimitExceeded).
Result<HttpResponse> ParseHttpResponse(std::string&& block, size_t max_body);

// The charset a page declares in a <meta> tag within its first 4 KiB, lower case, or empty.
std::string MetaCharset(std::string_view html);

}  // namespace tally
