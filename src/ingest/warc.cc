// A small WARC reader (Debian 12 packages no C or C++ WARC library): gzip member by member with
// zlib, the record header's named fields, the block read to its Content-Length and held only
// when wanted; and the HTTP response inside a response record.
#include "ingest/warc.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "common/text.h"

namespace tally {

namespace {

constexpr size_t kBlock = size_t{1} << 16;
constexpr size_t kMaxHeaderBytes = size_t{64} << 10;  // a WARC or HTTP header; real ones are < 4 KiB
// compressed bytes of the gzip member being inflated kept, to look for the next member from its
// start when it turns out corrupt (members are records: real ones are far smaller)
constexpr size_t kMaxMemberKeep = size_t{16} << 20;
constexpr size_t kMaxMembers = size_t{1} << 16;  // member starts remembered at most

// Where a record may start in s at or after from: "WARC/1." at the start of a line (from itself
// counts as one when from_starts_line), or a whole version line "WARC/1.0\r\n" anywhere (a
// record written after a truncated one need not start a line).
size_t FindRecordStart(std::string_view s, size_t from, bool from_starts_line) {
  for (size_t p = s.find("WARC/1.", from); p != std::string_view::npos; p = s.find("WARC/1.", p + 1)) {
    const bool line_start = p == from ? from_starts_line : s[p - 1] == '\n';
    if (line_start || s.compare(p, 10, "WARC/1.0\r\n") == 0 || s.compare(p, 10, "WARC/1.1\r\n") == 0) return p;
  }
  return std::string_view::npos;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  return true;
}

std::string_view TrimHeaderSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A whole number of decimal digits, or false (empty, other characters, or past 2^62).
bool ParseLength(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (!IsAsciiDigit(c)) return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

// Header lines "Name: value" (continuation lines folded in) from text, one line a '\n'.
std::vector<std::pair<std::string, std::string>> ParseFields(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> fields;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if ((line.front() == ' ' || line.front() == '\t') && !fields.empty()) {
      fields.back().second += ' ';
      fields.back().second += TrimHeaderSpace(line);
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    fields.emplace_back(std::string(TrimHeaderSpace(line.substr(0, colon))),
                        std::string(TrimHeaderSpace(line.substr(colon + 1))));
  }
  return fields;
}

std::string_view FindField(const std::vector<std::pair<std::string, std::string>>& fields, std::string_view name) {
  for (const auto& [n, v] : fields)
    if (EqualsIgnoreCase(n, name)) return v;
  return {};
}

// Inflates data (windowBits as zlib's inflateInit2 takes them) into at most max bytes.
Result<std::string> Inflate(std::string_view data, int window_bits, size_t max) {
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) return Status::IoError("zlib cannot start");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(data.size(), UINT32_MAX));
  std::string out;
  int r = Z_OK;
  while (r == Z_OK) {
    const size_t old = out.size();
    out.resize(old + kBlock);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    z.avail_out = kBlock;
    r = inflate(&z, Z_NO_FLUSH);
    out.resize(old + kBlock - z.avail_out);
    if (out.size() > max) {
      inflateEnd(&z);
      return Status::LimitExceeded("body larger than the " + std::to_string(max >> 20) + " MiB document limit once decompressed");
    }
    if (r == Z_BUF_ERROR && z.avail_in == 0) break;  // the body was cut short: keep what it gave
  }
  const bool ok = r == Z_STREAM_END || r == Z_BUF_ERROR;
  const std::string why = z.msg ? z.msg : "corrupt data";
  inflateEnd(&z);
  if (!ok) return Status::InvalidInput("body cannot be decompressed (" + why + ")");
  return out;
}

// The body of a chunked transfer (RFC 9112 7.1). A body cut short keeps the chunks it has.
Result<std::string> Dechunk(std::string_view body) {
  std::string out;
  while (!body.empty()) {
    const size_t nl = body.find('\n');
    if (nl == std::string_view::npos) break;
    std::string_view line = body.substr(0, nl);
    line = line.substr(0, line.find(';'));
    line = TrimHeaderSpace(line);
    if (line.empty() || line.size() > 15) return Status::InvalidInput("bad chunk size in a chunked body");
    uint64_t size = 0;
    for (char c : line) {
      const int d = IsAsciiDigit(c) ? c - '0' : (AsciiLower(c) >= 'a' && AsciiLower(c) <= 'f') ? AsciiLower(c) - 'a' + 10 : -1;
      if (d < 0) return Status::InvalidInput("bad chunk size in a chunked body");
      size = size * 16 + static_cast<uint64_t>(d);
    }
    body.remove_prefix(nl + 1);
    if (size == 0) break;  // trailers follow: nothing tally reads
    const size_t take = static_cast<size_t>(std::min<uint64_t>(size, body.size()));
    out.append(body.substr(0, take));
    body.remove_prefix(take);
    if (body.starts_with("\r\n")) body.remove_prefix(2);
    else if (body.starts_with("\n")) body.remove_prefix(1);
  }
  return out;
}

}  // namespace

// The bytes of the archive, decompressed when it starts with the gzip magic. Each gzip member's
// start is remembered with the stream offset its bytes begin at, so a record can be named by
// its member's offset.
class WarcByteSource {
 public:
  WarcByteSource(std::istream& in, std::string prefix) : in_(in), in_buf_(std::move(prefix)) {
    if (in_buf_.size() < 2) MoreRaw(&in_buf_);
    gzip_ = in_buf_.size() >= 2 && static_cast<unsigned char>(in_buf_[0]) == 0x1f &&
            static_cast<unsigned char>(in_buf_[1]) == 0x8b;
    if (gzip_) {
      if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) {
        error_ = "zlib cannot start";
        fatal_ = true;
      }
      z_.next_in = reinterpret_cast<Bytef*>(in_buf_.data());
      z_.avail_in = static_cast<uInt>(in_buf_.size());
    }
  }
  ~WarcByteSource() {
    if (gzip_) inflateEnd(&z_);
  }

  // Appends up to n bytes to out; false at the end of the archive or on an error (error()).
  bool Read(std::string* out, size_t n) {
    if (!error_.empty()) return false;
    if (!gzip_) return ReadPlain(out, n);
    const size_t old = out->size();
    out->resize(old + n);
    z_.next_out = reinterpret_cast<Bytef*>(out->data() + old);
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out == n) {
      if (z_.avail_in == 0 && !MoreCompressed()) {
        if (in_.bad()) {
          error_ = "read failed";
          fatal_ = true;
        } else if (in_member_) {
          error_ = "the gzip member at byte " + std::to_string(member_offset_) + " is truncated (the archive ends inside it)";
        }
        break;
      }
      if (!in_member_) {
        in_member_ = true;
        member_offset_ = CompressedPosition();
        const uint64_t at = out_total_ + (n - z_.avail_out);
        if (!members_.empty() && members_.back().first == at) members_.back().second = member_offset_;  // an empty member
        else members_.emplace_back(at, member_offset_);
        if (members_.size() > kMaxMembers) members_.pop_front();
      }
      const int r = inflate(&z_, Z_NO_FLUSH);
      if (r == Z_STREAM_END) {
        in_member_ = false;
        inflateReset(&z_);
      } else if (r != Z_OK && !(r == Z_BUF_ERROR && z_.avail_in == 0)) {
        error_ = "corrupt gzip data in the member at byte " + std::to_string(member_offset_) + " (" +
                 (z_.msg ? z_.msg : "inflate failed") + ")";
        break;
      }
    }
    const size_t produced = n - z_.avail_out;
    out->resize(old + produced);
    out_total_ += produced;
    return produced > 0;
  }

  bool gzip() const { return gzip_; }
  const std::string& error() const { return error_; }
  // The stream cannot be read on (a read failed, zlib cannot start): no Resume.
  bool fatal() const { return fatal_; }

  // After an error in a gzip member: inflating starts again at the next gzip member, looked for
  // (its magic) from the damaged member's start on. False when there is none (or the archive is
  // plain, or the stream failed).
  bool Resume() {
    if (!gzip_ || fatal_) return false;
    error_.clear();
    inflateReset(&z_);
    in_member_ = false;
    // bytes are inflated twice at most: the search goes no further back than the last failure
    const uint64_t failed_at = CompressedPosition();
    uint64_t from = std::max(member_offset_ + 1, rescan_from_);
    rescan_from_ = std::max(rescan_from_, failed_at);
    constexpr std::string_view kMagic("\x1f\x8b\x08", 3);
    for (;;) {
      const size_t i = static_cast<size_t>(std::min<uint64_t>(from > in_base_ ? from - in_base_ : 0, in_buf_.size()));
      const size_t at = std::string_view(in_buf_).find(kMagic, i);
      if (at != std::string_view::npos) {
        z_.next_in = reinterpret_cast<Bytef*>(in_buf_.data() + at);
        z_.avail_in = static_cast<uInt>(in_buf_.size() - at);
        return true;
      }
      const size_t drop = in_buf_.size() - std::min<size_t>(in_buf_.size(), kMagic.size() - 1);  // a magic may straddle
      in_buf_.erase(0, drop);
      in_base_ += drop;
      from = std::max(from, in_base_);
      if (!MoreRaw(&in_buf_)) {
        z_.next_in = reinterpret_cast<Bytef*>(in_buf_.data());
        z_.avail_in = 0;
        if (in_.bad()) {
          error_ = "read failed";
          fatal_ = true;
        }
        return false;
      }
    }
  }

  // The offset of the gzip member whose bytes include stream offset at (never earlier than the
  // last asked about: earlier members are forgotten).
  uint64_t MemberAt(uint64_t at) {
    Forget(at);
    return members_.empty() ? 0 : members_.front().second;
  }
  // Members that end before stream offset at are not needed again.
  void Forget(uint64_t at) {
    while (members_.size() >= 2 && members_[1].first <= at) members_.pop_front();
  }

 private:
  bool ReadPlain(std::string* out, size_t n) {
    if (in_pos_ < in_buf_.size()) {
      const size_t take = std::min(n, in_buf_.size() - in_pos_);
      out->append(in_buf_, in_pos_, take);
      in_pos_ += take;
      return true;
    }
    if (!MoreRaw(out, n)) {
      if (in_.bad()) {
        error_ = "read failed";
        fatal_ = true;
      }
      return false;
    }
    return true;
  }

  bool MoreRaw(std::string* out, size_t n = kBlock) {
    const size_t old = out->size();
    out->resize(old + n);
    in_.read(out->data() + old, static_cast<std::streamsize>(n));
    const auto got = static_cast<size_t>(std::max<std::streamsize>(in_.gcount(), 0));
    out->resize(old + got);
    return got > 0;
  }

  bool MoreCompressed() {
    // the member being inflated keeps its bytes (up to kMaxMemberKeep), for Resume
    size_t drop = in_buf_.size();
    if (in_member_) drop = static_cast<size_t>(std::min<uint64_t>(member_offset_ > in_base_ ? member_offset_ - in_base_ : 0, drop));
    if (in_buf_.size() - drop > kMaxMemberKeep) drop = in_buf_.size();
    in_buf_.erase(0, drop);
    in_base_ += drop;
    const size_t old = in_buf_.size();
    if (!MoreRaw(&in_buf_)) return false;
    z_.next_in = reinterpret_cast<Bytef*>(in_buf_.data() + old);
    z_.avail_in = static_cast<uInt>(in_buf_.size() - old);
    return true;
  }

  uint64_t CompressedPosition() const {
    return in_base_ + static_cast<uint64_t>(reinterpret_cast<const char*>(z_.next_in) - in_buf_.data());
  }

  std::istream& in_;
  std::string in_buf_;  // raw (compressed) bytes; the prefix first
  size_t in_pos_ = 0;   // plain archives: bytes of in_buf_ handed out
  uint64_t in_base_ = 0;  // archive offset of in_buf_[0]
  bool gzip_ = false;
  bool fatal_ = false;
  z_stream z_{};
  bool in_member_ = false;
  uint64_t member_offset_ = 0;
  uint64_t rescan_from_ = 0;  // Resume looks for members from here on at the earliest
  uint64_t out_total_ = 0;
  std::deque<std::pair<uint64_t, uint64_t>> members_;  // (stream offset, member offset)
  std::string error_;
};

std::string_view WarcRecord::Field(std::string_view name) const { return FindField(fields, name); }

WarcReader::WarcReader(std::istream& in, std::string prefix)
    : source_(std::make_unique<WarcByteSource>(in, std::move(prefix))) {}
WarcReader::~WarcReader() = default;

bool WarcReader::compressed() const { return source_->gzip(); }

bool WarcReader::Fill() {
  if (pos_ > 0 && (pos_ == buf_.size() || pos_ >= kBlock)) {
    buf_.erase(0, pos_);
    buf_start_ += pos_;
    pos_ = 0;
  }
  source_->Forget(std::min(keep_from_, buf_start_ + pos_));
  return source_->Read(&buf_, kBlock);
}

uint64_t WarcReader::RecordOffset(uint64_t stream_offset) {
  return source_->gzip() ? source_->MemberAt(stream_offset) : stream_offset;
}

void WarcReader::Unread(std::string_view bytes, uint64_t at) {
  buf_.replace(0, pos_, bytes);
  buf_start_ = at;
  pos_ = 0;
}

WarcReader::Step WarcReader::Damage(const WarcRecord& record, std::string message, size_t from, bool line_start,
                                    Status* error) {
  resync_ = true;
  replay_.clear();
  if (!source_->error().empty()) {
    // the bytes themselves are bad (a corrupt or truncated gzip member): on from the next member
    if (!source_->Resume()) failed_ = true;
    buf_start_ += buf_.size();
    buf_.clear();
    pos_ = 0;
    line_start_ = true;
  } else {
    pos_ = from;
    line_start_ = line_start;
  }
  const bool report = !damaged_ || source_->fatal();
  damaged_ = true;
  if (!report) return Step::kSkipped;
  const std::string where = source_->gzip() ? "record in the gzip member at byte " : "record at byte ";
  *error = Status::InvalidInput(where + std::to_string(record.offset) + ": " + message +
                                (failed_ ? "" : "; skipping to the next record"));
  return Step::kReport;
}

bool WarcReader::Resync() {
  for (;;) {
    if (failed_) return false;
    const size_t at = FindRecordStart(buf_, pos_, line_start_);
    if (at != std::string::npos) {
      pos_ = at;
      resync_ = false;
      return true;
    }
    // keep the last bytes: a record start may straddle the next read
    const size_t next = buf_.size() - std::min<size_t>(buf_.size() - pos_, 9);
    if (next > pos_) line_start_ = buf_[next - 1] == '\n';
    pos_ = next;
    keep_from_ = buf_start_ + pos_;
    if (!Fill()) {
      if (source_->error().empty()) return false;  // the end of the archive
      if (!source_->Resume()) return false;
      buf_start_ += buf_.size();
      buf_.clear();
      pos_ = 0;
      line_start_ = true;
    }
  }
}

WarcReader::Step WarcReader::ReadHeader(WarcRecord* record, Status* error) {
  *record = WarcRecord{};
  if (failed_ || (resync_ && !Resync())) return Step::kEnd;
  // records are separated by CRLF CRLF (read with the block before); tolerate stray line ends
  for (;;) {
    while (pos_ < buf_.size() && (buf_[pos_] == '\r' || buf_[pos_] == '\n')) ++pos_;
    if (pos_ < buf_.size()) break;
    if (!Fill()) {
      if (source_->error().empty()) return Step::kEnd;
      record->offset = RecordOffset(buf_start_ + pos_);
      return Damage(*record, source_->error(), pos_, true, error);
    }
  }
  record->offset = RecordOffset(buf_start_ + pos_);
  keep_from_ = buf_start_ + pos_;
  // a bad header: the next record start is looked for from its second byte on
  const auto bad = [&](std::string message) { return Damage(*record, std::move(message), pos_ + 1, false, error); };
  // The header's end, looked for within 64 KiB. Where a search found none is remembered: after a
  // damage, record starts close together (hostile or not) do not each search the same bytes.
  size_t end;
  for (size_t from = pos_;;) {
    const uint64_t at = buf_start_ + pos_;
    if (at >= no_end_from_ && at <= no_end_to_) from = std::max(from, static_cast<size_t>(no_end_to_ - buf_start_));
    const size_t limit = std::min(buf_.size(), pos_ + kMaxHeaderBytes + 4);
    end = std::string_view(buf_).substr(0, limit).find("\r\n\r\n", std::min(from, limit));
    no_end_from_ = at;
    if (end != std::string::npos) {
      no_end_to_ = buf_start_ + end;
      break;
    }
    from = std::max(limit, pos_ + 3) - 3;
    no_end_to_ = buf_start_ + from;
    if (buf_.size() - pos_ >= 5 && buf_.compare(pos_, 5, "WARC/") != 0)
      return bad("not a WARC record header (it should start with WARC/1.0 or WARC/1.1)");
    if (buf_.size() - pos_ > kMaxHeaderBytes) return bad("record header longer than 64 KiB");
    const size_t held = pos_;
    if (!Fill()) {
      if (!source_->error().empty()) return Damage(*record, source_->error(), pos_, false, error);
      return bad("the archive ends inside the record header");
    }
    from -= held - pos_;  // Fill may have moved the bytes down
  }
  std::string_view header(buf_.data() + pos_, end - pos_);
  const size_t first_end = header.find("\r\n");
  record->version = std::string(header.substr(0, first_end));
  if (!record->version.starts_with("WARC/"))
    return bad("not a WARC record header (it should start with WARC/1.0 or WARC/1.1)");
  if (record->version != "WARC/1.0" && record->version != "WARC/1.1")
    return bad("unsupported version line \"" + record->version.substr(0, 40) + "\" (WARC/1.0 or WARC/1.1)");
  // a record cut short inside its header, the next one written after it: two headers in one
  if (const size_t again = FindRecordStart(header, first_end, false); again != std::string_view::npos)
    return bad("the record header is cut short by another record's (at byte " +
               std::to_string(RecordOffset(buf_start_ + pos_ + again)) + ")");
  record->fields = ParseFields(header.substr(first_end + 2));
  const std::string_view length = record->Field("Content-Length");
  if (length.empty()) return bad("no Content-Length");
  if (!ParseLength(length, &record->length))
    return bad("bad Content-Length \"" + std::string(length.substr(0, 40)) + "\"");
  if (record->Field("WARC-Type").empty()) return bad("no WARC-Type");
  pos_ = end + 4;
  return Step::kRecord;
}

WarcReader::Step WarcReader::ReadBlock(WarcRecord* record, bool keep, bool hold, size_t max_block, Status* error) {
  record->held = hold;
  const uint64_t block_at = buf_start_ + pos_;
  if (keep) record->block.reserve(static_cast<size_t>(std::min<uint64_t>(record->length, kBlock)));
  replay_.clear();
  std::string tail;  // a block not kept: its last bytes, where a record start may begin
  // The block does not end where its Content-Length says: read again from the first record
  // start inside it (the records a lying length swallowed), else from where reading stopped.
  // The last bytes of the block are read again too: a record start may straddle its end.
  const auto damaged = [&](std::string message) {
    if (!source_->error().empty()) {
      record->block.clear();
      return Damage(*record, std::move(message), pos_, false, error);
    }
    std::string again;
    uint64_t again_at = 0;
    bool line_start = false;
    // bytes are read again once at most: a rewind goes no further back than the last one reached
    const uint64_t failed_at = buf_start_ + pos_;
    if (keep) {
      const size_t from =
          static_cast<size_t>(std::min<uint64_t>(reread_until_ > block_at ? reread_until_ - block_at : 0, record->block.size()));
      size_t at = FindRecordStart(record->block, from, from == 0 || record->block[from - 1] == '\n');
      line_start = at != std::string::npos;
      if (!line_start) {
        at = record->block.size() - std::min<size_t>(record->block.size(), 9);
        line_start = at == 0 || record->block[at - 1] == '\n';
      }
      again = record->block.substr(at);
      again_at = block_at + at;
    } else if (!replay_.empty()) {
      again = std::move(replay_);
      again_at = replay_at_;
      line_start = true;
    } else {
      again = tail;
      again_at = buf_start_ + pos_ - tail.size();
      line_start = again_at == block_at;
    }
    record->block.clear();
    reread_until_ = std::max(reread_until_, failed_at);
    Unread(again, again_at);
    return Damage(*record, std::move(message), 0, line_start, error);
  };
  uint64_t left = record->length;
  while (left > 0) {
    if (pos_ == buf_.size() && !Fill()) {
      const std::string why = source_->error().empty() ? "the archive ends inside the record" : source_->error();
      return damaged(why + " (Content-Length " + std::to_string(record->length) + ", " +
                     std::to_string(record->length - left) + " bytes there)");
    }
    const size_t take = static_cast<size_t>(std::min<uint64_t>(left, buf_.size() - pos_));
    const std::string_view chunk(buf_.data() + pos_, take);
    if (keep) {
      record->block.append(chunk);
    } else if (replay_.empty()) {
      // watch for a record start, the last bytes before this chunk included
      const uint64_t window_at = buf_start_ + pos_ - tail.size();
      tail.append(chunk);
      const size_t from = static_cast<size_t>(std::min<uint64_t>(reread_until_ > window_at ? reread_until_ - window_at : 0, tail.size()));
      const size_t at = FindRecordStart(tail, from, from == 0 ? window_at == block_at : tail[from - 1] == '\n');
      if (at != std::string::npos) {
        replay_ = tail.substr(at);
        replay_at_ = window_at + at;
      }
      tail.erase(0, tail.size() - std::min<size_t>(tail.size(), 9));
    } else {
      replay_.append(chunk);
    }
    pos_ += take;
    left -= take;
    keep_from_ = replay_.empty() ? buf_start_ + pos_ : replay_at_;
    if (replay_.size() > max_block) {
      return damaged("Content-Length " + std::to_string(record->length) + " runs over the record start at byte " +
                     std::to_string(RecordOffset(replay_at_)) + " and more than the document limit past it");
    }
  }
  while (buf_.size() - pos_ < 4 && Fill()) {
  }
  if (buf_.compare(pos_, 4, "\r\n\r\n") != 0) {
    if (!source_->error().empty()) return damaged(source_->error());
    return damaged("Content-Length " + std::to_string(record->length) +
                   " does not end where the record does (no CRLF CRLF after the block)");
  }
  pos_ += 4;
  if (!hold) record->block.clear();
  replay_.clear();
  damaged_ = false;  // a whole record: a damaged stretch before it is over
  return Step::kRecord;
}

Result<ArchivedResponse> ParseHttpResponse(std::string&& block, size_t max_body) {
  size_t end = block.find("\r\n\r\n");
  size_t body_at = end + 4;
  if (const size_t lf = block.find("\n\n"); lf != std::string::npos && (end == std::string::npos || lf < end)) {
    end = lf;
    body_at = lf + 2;
  }
  if (end == std::string::npos || end > kMaxHeaderBytes) return Status::InvalidInput("HTTP headers without an end");
  std::string_view head(block.data(), end);
  const size_t line_end = std::min(head.find('\n'), head.size());
  const std::string_view status_line = TrimHeaderSpace(head.substr(0, line_end));
  // "HTTP/1.1 200 OK"
  const size_t space = status_line.find(' ');
  if (!status_line.starts_with("HTTP/") || space == std::string_view::npos || status_line.size() < space + 4 ||
      !IsAsciiDigit(status_line[space + 1]) || !IsAsciiDigit(status_line[space + 2]) || !IsAsciiDigit(status_line[space + 3]))
    return Status::InvalidInput("not an HTTP response (status line \"" + std::string(status_line.substr(0, 40)) + "\")");
  ArchivedResponse r;
  r.status = (status_line[space + 1] - '0') * 100 + (status_line[space + 2] - '0') * 10 + (status_line[space + 3] - '0');
  const auto fields = ParseFields(head.substr(std::min(line_end + 1, head.size())));
  const std::string type = AsciiLowerCopy(FindField(fields, "Content-Type"));
  r.content_type = std::string(TrimHeaderSpace(std::string_view(type).substr(0, type.find(';'))));
  if (size_t cs = type.find("charset="); cs != std::string::npos) {
    std::string_view v = std::string_view(type).substr(cs + 8);
    v = v.substr(0, v.find(';'));
    v = TrimHeaderSpace(v);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
    r.charset = std::string(v);
  }
  const std::string transfer = AsciiLowerCopy(FindField(fields, "Transfer-Encoding"));
  const std::string encoding = AsciiLowerCopy(FindField(fields, "Content-Encoding"));

  block.erase(0, std::min(body_at, block.size()));
  std::string body = std::move(block);
  if (transfer.find("chunked") != std::string::npos) {
    // some crawlers store the body de-chunked and keep the header: then it does not parse
    Result<std::string> plain = Dechunk(body);
    if (plain.ok()) body = std::move(*plain);
  }
  const auto is_gzip = [&] { return body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f && static_cast<unsigned char>(body[1]) == 0x8b; };
  if (encoding == "gzip" || encoding == "x-gzip") {
    if (is_gzip()) {  // else stored decompressed, with the header kept
      Result<std::string> plain = Inflate(body, 16 + MAX_WBITS, max_body);
      if (!plain.ok()) return plain.status();
      body = std::move(*plain);
    }
  } else if (encoding == "deflate") {
    Result<std::string> plain = Inflate(body, MAX_WBITS, max_body);  // zlib-wrapped, as the RFC says
    if (!plain.ok() && plain.status().code() != Status::Code::kLimitExceeded)
      plain = Inflate(body, -MAX_WBITS, max_body);  // raw deflate, as some servers send
    if (!plain.ok()) return plain.status();
    body = std::move(*plain);
  } else if (!encoding.empty() && encoding != "identity") {
    return Status::InvalidInput("Content-Encoding \"" + encoding.substr(0, 40) + "\" is not supported (gzip, deflate)");
  }
  if (body.size() > max_body)
    return Status::LimitExceeded("body larger than the " + std::to_string(max_body >> 20) + " MiB document limit");
  r.body = std::move(body);
  return r;
}

std::string MetaCharset(std::string_view html) {
  const std::string head = AsciiLowerCopy(html.substr(0, 4096));
  for (size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
    const size_t close = head.find('>', at);
    const std::string_view tag = std::string_view(head).substr(at, close == std::string::npos ? std::string::npos : close - at);
    size_t cs = tag.find("charset");
    if (cs == std::string_view::npos) continue;
    std::string_view v = tag.substr(cs + 7);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    if (v.empty() || v.front() != '=') continue;
    v.remove_prefix(1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '"' || v.front() == '\'')) v.remove_prefix(1);
    size_t n = 0;
    while (n < v.size() && n < 40 && (IsAsciiAlpha(v[n]) || IsAsciiDigit(v[n]) || v[n] == '-' || v[n] == '_' || v[n] == ':' || v[n] == '.')) ++n;
    if (n > 0) return std::string(v.substr(0, n));
  }
  return {};
}

}  // namespace tally
