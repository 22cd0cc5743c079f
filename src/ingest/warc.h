// WARC archives (ISO 28500, WARC/1.0 and 1.1), read as a stream: the web pages a crawl stored.
//
// Input:  a .warc or .warc.gz byte stream (gzip member by member, zlib), never held whole.
// Output: WarcRecords, one at a time, with the block of the ones the caller wants (bounded by
//         a byte limit; a larger block is read past, not held); the HTTP response inside a
//         response record; the page in it decoded to UTF-8.
// A damaged stretch (a corrupt or truncated gzip member, garbage between records, a bad record
// header, a Content-Length that does not end at the record's end) is reported once, as a Status
// naming the record's offset, and skipped: reading resumes at the next gzip member (.warc.gz)
// or at the next line starting "WARC/1." (.warc), so one bad record does not cost the rest of
// a crawl. Only a failing read of the stream itself ends the archive early.
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
  // when it is at most max_block bytes. kError: *error says what is damaged and where; the
  // next call goes on after the damage (the records of one damaged stretch give one kError).
  template <typename Want>
  Got Next(WarcRecord* record, size_t max_block, Want&& want, Status* error) {
    for (;;) {
      Step step = ReadHeader(record, error);
      if (step == Step::kRecord) {
        // a block of at most max_block is kept while read, wanted or not: when the record turns
        // out damaged, the records its Content-Length swallowed are read again from it
        const bool keep = record->length <= max_block;
        step = ReadBlock(record, keep, keep && want(*record), max_block, error);
      }
      switch (step) {
        case Step::kRecord: return Got::kRecord;
        case Step::kEnd: return Got::kEnd;
        case Step::kReport: return Got::kError;
        case Step::kSkipped: continue;  // damage already reported: on to the next record
      }
    }
  }

  bool compressed() const;

 private:
  enum class Step { kRecord, kEnd, kReport, kSkipped };
  Step ReadHeader(WarcRecord* record, Status* error);
  Step ReadBlock(WarcRecord* record, bool keep, bool hold, size_t max_block, Status* error);
  bool Fill();  // more bytes into buf_; false at the end of the stream or on an error
  // The record at record.offset is damaged: report it unless its stretch was, and look for the
  // next record start from buf_[from] on (which counts as a line start when line_start).
  Step Damage(const WarcRecord& record, std::string message, size_t from, bool line_start, Status* error);
  // Moves pos_ to the next record start: false at the end of the archive.
  bool Resync();
  // Puts bytes (read from stream offset at) back before buf_[pos_].
  void Unread(std::string_view bytes, uint64_t at);
  uint64_t RecordOffset(uint64_t stream_offset);

  std::unique_ptr<WarcByteSource> source_;
  std::string buf_;
  size_t pos_ = 0;
  uint64_t buf_start_ = 0;  // stream offset of buf_[0]
  uint64_t keep_from_ = 0;     // stream offset: gzip members from here on stay known
  bool resync_ = false;        // a damage was met: find the next record start before reading
  bool line_start_ = false;    // while resyncing: buf_[pos_] starts a line
  bool damaged_ = false;       // in a damaged stretch (reported): no record read well since
  bool failed_ = false;        // the stream cannot be read: nothing more
  // a block larger than max_block is not kept; from the first record start seen inside it, its
  // bytes are (up to max_block): the records a lying Content-Length swallowed
  std::string replay_;
  uint64_t replay_at_ = 0;
  uint64_t reread_until_ = 0;  // stream offset: bytes before it are not read again after a damage
  // stream offsets: no record header ends ("\r\n\r\n" starts) in [no_end_from_, no_end_to_)
  uint64_t no_end_from_ = 0, no_end_to_ = 0;
};

// An HTTP response as a WARC response record holds it (named apart from fetch/http.h's
// HttpResponse: two classes of one name in one namespace break the one-definition rule).
struct ArchivedResponse {
  int status = 0;
  std::string content_type;  // media type, lower case, without parameters ("text/html")
  std::string charset;       // from Content-Type, lower case, or empty
  std::string body;          // de-chunked and decompressed (gzip, deflate)
};

// Parses block as an HTTP/1.x response; the body decoded past chunking and Content-Encoding is
// at most max_body bytes (a larger one is a LimitExceeded).
Result<ArchivedResponse> ParseHttpResponse(std::string&& block, size_t max_body);

// The charset a page declares in a <meta> tag within its first 4 KiB, lower case, or empty.
std::string MetaCharset(std::string_view html);

}  // namespace tally
