#include "ingest/ingest.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "common/json.h"
#include "common/text.h"
#include "common/url.h"
#include "ingest/warc.h"

namespace tally {
namespace fs = std::filesystem;

namespace {

enum class Kind { kText, kHtml, kJsonl, kWarc, kUnknown };

// Read from the name's bytes as fs::path's filename() and extension() read it (no extension for
// a name that begins with its only dot, or for ".."), without building paths: it is asked
// twice for every file of a folder.
Kind KindFromExtension(std::string_view path) {
  const std::string name = AsciiLowerCopy(path.substr(path.rfind('/') + 1));
  if (name.ends_with(".warc") || name.ends_with(".warc.gz")) return Kind::kWarc;
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0 || name == "..") return Kind::kUnknown;
  const std::string_view ext = std::string_view(name).substr(dot);
  if (ext == ".txt" || ext == ".text") return Kind::kText;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Kind::kHtml;
  if (ext == ".jsonl" || ext == ".ndjson") return Kind::kJsonl;
  return Kind::kUnknown;
}

bool LooksLikeWarc(std::string_view bytes) {
  return bytes.starts_with("WARC/") || bytes.starts_with("\x1f\x8b");  // gzip: WARC is what tally reads gzipped
}

Kind Sniff(std::string_view bytes) {
  if (SniffEncoding(bytes) != TextEncoding::kUtf8) return Kind::kText;  // decoded, then sniffed again
  std::string_view t = TrimSpaces(bytes.substr(Utf8BomLength(bytes), 4096));
  if (!t.empty() && t[0] == '<') return Kind::kHtml;
  if (!t.empty() && t[0] == '{') return Kind::kJsonl;
  return Kind::kText;
}

// What is wrong with an article's bytes, from what reading them found: the first of empty, a NUL
// byte, invalid UTF-8 (offsets from the start), or nothing. A page read whole and one read in
// pieces (Reader::ReadLargePage) say it alike.
Status ArticleBytesStatus(bool blank, size_t nul, size_t bad) {
  if (blank) return Status::InvalidInput("empty file");
  if (nul != std::string::npos) return Status::InvalidInput("binary data (NUL byte at offset " + std::to_string(nul) + ")");
  if (bad != std::string::npos) return Status::InvalidInput("invalid UTF-8 at byte " + std::to_string(bad));
  return Status::Ok();
}

std::string LimitMessage(const IngestOptions& options) {
  return "larger than the " + std::to_string(options.max_document_bytes >> 20) + " MiB document limit";
}

// Reads the rest of in after prefix. size, when known, is the whole: the text is read into
// place, never into a buffer that doubles.
Result<std::string> ReadWhole(std::istream& in, const IngestOptions& options, std::string prefix,
                              std::optional<uintmax_t> size) {
  std::string data = std::move(prefix);
  if (size) data.reserve(static_cast<size_t>(*size));
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<size_t>(in.gcount()));
    if (data.size() > options.max_document_bytes)
      return Status::LimitExceeded(LimitMessage(options));
  }
  if (in.bad()) return Status::IoError("read failed");
  return data;
}

// Reads lines of at most max bytes from a stream, holding no more than that: a longer line is
// read past and reported, never kept whole.
class LineReader {
 public:
  enum class Got { kLine, kTooLong, kEnd };

  LineReader(std::istream& in, size_t max, std::string prefix) : in_(in), max_(max), buf_(std::move(prefix)) {}

  // The next line, without its '\n'.
  Got Next(std::string* line) {
    for (;;) {
      size_t nl = buf_.find('\n', pos_);
      if (nl != std::string::npos) {
        const bool too_long = skipping_ || nl - pos_ > max_;
        if (!too_long && nl - pos_ > kReserveAbove) return HandOver(nl, line);
        if (!too_long) line->assign(buf_, pos_, nl - pos_);
        pos_ = nl + 1;
        skipping_ = false;
        return too_long ? Got::kTooLong : Got::kLine;
      }
      buf_.erase(0, pos_);
      pos_ = 0;
      // a long line: hold exactly up to the limit, never twice it through doubling
      if (buf_.size() > kReserveAbove && buf_.capacity() < max_ + kBlock) buf_.reserve(max_ + kBlock);
      if (buf_.size() > max_) {  // no end in sight: drop what is held and read on to the end
        skipping_ = true;
        buf_.clear();
      }
      if (!Fill()) {
        if (buf_.empty() && !skipping_) return Got::kEnd;
        const bool too_long = skipping_;
        if (!too_long) line->swap(buf_);
        buf_.clear();
        skipping_ = false;
        return too_long ? Got::kTooLong : Got::kLine;
      }
    }
  }

  bool bad() const { return in_.bad(); }

 private:
  // A long line is handed over in the buffer that holds it, not copied; the buffer keeps what
  // follows it.
  Got HandOver(size_t nl, std::string* line) {
    std::string rest = buf_.substr(nl + 1);
    buf_.resize(nl);
    buf_.erase(0, pos_);
    line->swap(buf_);
    buf_ = std::move(rest);
    pos_ = 0;
    skipping_ = false;
    return Got::kLine;
  }

  static constexpr size_t kBlock = 1 << 16;
  static constexpr size_t kReserveAbove = 1 << 20;

  bool Fill() {
    char block[kBlock];
    in_.read(block, sizeof block);
    const std::streamsize n = in_.gcount();
    if (n <= 0) return false;
    buf_.append(block, static_cast<size_t>(n));
    return true;
  }

  std::istream& in_;
  const size_t max_;
  std::string buf_;
  size_t pos_ = 0;
  bool skipping_ = false;
};

class Reader {
 public:
  Reader(const IngestOptions& o, const DocumentHandler& d, const ProblemHandler& p, const SkipHandler& s)
      : options_(o), on_document_(d), on_problem_(p), on_skipped_(s) {}

  void ReadPath(const std::string& path) {
    if (path == "-") {
      std::cin.sync_with_stdio(false);
      ReadStream(std::cin, "-", /*id=*/"", Kind::kUnknown);  // named by its content
      return;
    }
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec == std::errc::too_many_symbolic_link_levels) return Fail(path, Status::InvalidInput("a symbolic link loop"));
    if (!fs::exists(st) || ec == std::errc::no_such_file_or_directory)
      return Fail(path, Status::NotFound("no such file or folder"));
    if (ec) return Fail(path, Status::IoError("cannot read: " + ec.message()));
    if (fs::is_directory(st)) return ReadFolder(path);
    // a named pipe or device would be read until its writer stops, maybe never
    if (!fs::is_regular_file(st))
      return Fail(path, Status::InvalidInput("not a regular file or folder (" + TypeName(st.type()) +
                                             "): pipe it to standard input (tally ... -) instead"));
    ReadFile(path, KindFromExtension(path));
  }

  size_t delivered() const { return delivered_; }

 private:
  static std::string TypeName(fs::file_type type) {
    switch (type) {
      case fs::file_type::fifo: return "a named pipe";
      case fs::file_type::socket: return "a socket";
      case fs::file_type::block:
      case fs::file_type::character: return "a device";
      default: return "not a file";
    }
  }

  void ReadFolder(const fs::path& dir) {
    std::vector<fs::path> files;
    CollectFolder(dir, &files);
    SortAsPaths(&files);
    for (const fs::path& f : files) ReadFile(f.string(), KindFromExtension(f.native()));
  }

  // Sorts files in the order of fs::path's operator< without it: that compare splits both paths
  // into components at every call (about 18,000 instructions a file for a folder of 5,000).
  // Every name here is the folder's, '/', and names from the folder walk, which hold neither
  // '/' nor NUL; with each '/' made a NUL, the plain byte order of the strings compares them
  // component by component as fs::path does (a name that ends first sorts first).
  static void SortAsPaths(std::vector<fs::path>* files) {
    std::vector<std::pair<std::string, size_t>> keys;
    keys.reserve(files->size());
    for (size_t i = 0; i < files->size(); ++i) {
      std::string key = (*files)[i].native();
      std::replace(key.begin(), key.end(), '/', '\0');
      keys.emplace_back(std::move(key), i);
    }
    std::sort(keys.begin(), keys.end());
    std::vector<fs::path> sorted;
    sorted.reserve(files->size());
    for (const auto& [key, i] : keys) sorted.push_back(std::move((*files)[i]));
    *files = std::move(sorted);
  }

  // The article files under dir, recursively. Links to folders are not followed (one pointing
  // up would loop); a folder that cannot be read, and a link loop, are reported.
  void CollectFolder(const fs::path& dir, std::vector<fs::path>* files) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      std::error_code entry_ec;
      if (it->is_directory(entry_ec) && !it->is_symlink(entry_ec)) {
        CollectFolder(it->path(), files);
      } else if (KindFromExtension(it->path().native()) != Kind::kUnknown) {
        if (it->is_regular_file(entry_ec)) files->push_back(it->path());
        else if (entry_ec == std::errc::too_many_symbolic_link_levels)
          Fail(EscapeInvalidUtf8(it->path().string()), Status::InvalidInput("a symbolic link loop"));
      }
    }
    if (ec) Fail(EscapeInvalidUtf8(dir.string()), Status::IoError("cannot read the folder: " + ec.message()));
  }

  // Names in ids, origins and messages are valid UTF-8, whatever bytes the file system holds.
  void ReadFile(const std::string& path, Kind kind) {
    const std::string name = EscapeInvalidUtf8(path);
    if ((kind == Kind::kText || kind == Kind::kHtml) && ReadArticleFile(path, name, kind)) return;
    auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*in) return Fail(name, Status::IoError("cannot open for reading"));
    std::error_code ec;
    const uintmax_t size = fs::file_size(path, ec);
    const std::string id = EscapeInvalidUtf8(fs::path(path).stem().string());
    if (!ec && size > options_.stream_html_above_bytes && size <= options_.max_document_bytes &&
        (kind == Kind::kHtml || kind == Kind::kUnknown) && ReadLargePage(in, name, id, kind, static_cast<size_t>(size)))
      return;
    ReadStream(*in, name, id, kind, ec ? std::nullopt : std::optional<uintmax_t>(size));
  }

  // A text or page file, read whole through its descriptor: one open, fstat, read to the end and
  // close, without a stream's buffer, locale and second stat of the path (a folder of small
  // articles paid them at every file). Returns false, having read nothing, for a page large
  // enough to be streamed (ReadLargePage, through ReadFile's stream).
  bool ReadArticleFile(const std::string& path, const std::string& name, Kind kind) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Fail(name, Status::IoError("cannot open for reading")), true;
    struct stat st;
    const bool sized = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    const size_t size = sized ? static_cast<size_t>(st.st_size) : 0;
    if (sized && kind == Kind::kHtml && size > options_.stream_html_above_bytes && size <= options_.max_document_bytes) {
      ::close(fd);
      return false;
    }
    Result<std::string> data = sized && size > options_.max_document_bytes
                                   ? Result<std::string>(Status::LimitExceeded(LimitMessage(options_)))
                                   : ReadDescriptor(fd, size);
    ::close(fd);
    if (!data.ok()) return Fail(name, data.status()), true;
    DeliverArticle(std::move(*data), name, EscapeInvalidUtf8(fs::path(path).stem().string()), kind, /*sniffed=*/false);
    return true;
  }

  // Reads the size bytes fstat gave straight into place: the article as it was when opened (one
  // appended to meanwhile is read as it was, without a read call a file to find its end). A
  // file of no stated size (a pipe, /proc) is read to its end, to the document limit.
  Result<std::string> ReadDescriptor(int fd, size_t size) {
    std::string data(size, '\0');
    size_t held = 0;
    for (;;) {
      if (held == data.size()) {
        if (size > 0) return data;
        if (data.size() > options_.max_document_bytes) return Status::LimitExceeded(LimitMessage(options_));
        char block[1 << 12];
        const ssize_t n = ::read(fd, block, sizeof block);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Status::IoError("read failed");
        if (n == 0) return data;
        data.append(block, static_cast<size_t>(n));
        held = data.size();
        continue;
      }
      const ssize_t n = ::read(fd, data.data() + held, data.size() - held);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Status::IoError("read failed");
      if (n == 0) {  // shorter than fstat said (truncated meanwhile)
        data.resize(held);
        return data;
      }
      held += static_cast<size_t>(n);
    }
  }

  // A file read in pieces (FileSource).
  class FileSource : public ByteSource {
   public:
    FileSource(std::unique_ptr<std::ifstream> in, size_t size) : in_(std::move(in)), size_(size) {}
    size_t Read(char* out, size_t n) override {
      in_->read(out, static_cast<std::streamsize>(n));
      return static_cast<size_t>(in_->gcount());
    }
    size_t size() const override { return size_; }

   private:
    std::unique_ptr<std::ifstream> in_;
    size_t size_;
  };

  // A web page larger than stream_html_above_bytes: checked in pieces as a page read whole is
  // (CheckArticleBytes, the id's content hash), then handed on as a source read again from the
  // start, so that the page is never held whole (clean parses it as it reads). Returns false,
  // the file rewound, for a file that is not a UTF-8 web page after all (sniffed as something
  // else, or UTF-16 to decode): it is read whole as before.
  bool ReadLargePage(std::unique_ptr<std::ifstream>& in, const std::string& path, const std::string& id, Kind kind,
                     size_t size) {
    constexpr size_t kPiece = size_t{1} << 20;
    std::string piece(kPiece + 4, '\0');  // a piece and the end of a character cut at the last one
    in->read(piece.data(), 4096);
    const std::string_view head(piece.data(), static_cast<size_t>(in->gcount()));
    if (SniffEncoding(head) != TextEncoding::kUtf8 || LooksLikeWarc(head) ||
        (kind == Kind::kUnknown && Sniff(head) != Kind::kHtml)) {
      in->clear();
      in->seekg(0);
      return false;
    }
    XXH64_state_t* hash = XXH64_createState();
    XXH64_reset(hash, 0);
    size_t held = head.size();  // bytes in piece: a character cut at the last piece's end, then new ones
    size_t fresh = 0;           // where the bytes not yet hashed start in piece
    size_t offset = 0;          // of piece's first byte in the file
    size_t nul = std::string::npos, bad = std::string::npos;
    bool blank = true;
    for (;;) {
      if (*in) {
        in->read(piece.data() + held, static_cast<std::streamsize>(kPiece - held));
        held += static_cast<size_t>(in->gcount());
      }
      const std::string_view got(piece.data() + fresh, held - fresh);
      XXH64_update(hash, got.data(), got.size());
      if (blank && !TrimSpaces(got).empty()) blank = false;
      if (size_t at = got.find('\0'); nul == std::string::npos && at != std::string_view::npos) nul = offset + fresh + at;
      const bool end = !*in;
      // a character cut at the end of the piece is checked with the next one
      size_t whole = held;
      for (size_t back = 1; !end && back <= 3 && back <= held; ++back) {
        const auto c = static_cast<unsigned char>(piece[held - back]);
        if (c < 0x80) break;
        if (c >= 0xC0) {
          if (Utf8Length(c) > back) whole = held - back;
          break;
        }
      }
      if (size_t at = FindInvalidUtf8(std::string_view(piece.data(), whole));
          bad == std::string::npos && at != std::string_view::npos)
        bad = offset + at;
      if (end) break;
      std::memmove(piece.data(), piece.data() + whole, held - whole);
      offset += whole;
      held -= whole;
      fresh = held;
    }
    const uint64_t digest = XXH64_digest(hash);
    XXH64_freeState(hash);
    if (in->bad()) return Fail(path, Status::IoError("read failed")), true;
    if (Status status = ArticleBytesStatus(blank, nul, bad); !status.ok()) return Fail(path, status), true;
    in->clear();
    in->seekg(0);
    RawDocument doc;
    doc.id = id;
    doc.origin = path;
    doc.format = Format::kHtml;
    doc.source = std::make_shared<FileSource>(std::move(in), size);
    Deliver(std::move(doc), digest);
    return true;
  }

  // size, when known, is checked against the limit before anything is read.
  void ReadStream(std::istream& in, const std::string& path, const std::string& id, Kind kind,
                  std::optional<uintmax_t> size = std::nullopt) {
    std::string prefix;
    const bool sniffed = kind == Kind::kUnknown;
    if (sniffed) {
      // sniff the first block, then stream JSONL line by line or read the article whole
      char block[4096];
      in.read(block, sizeof block);
      prefix.assign(block, static_cast<size_t>(in.gcount()));
      kind = LooksLikeWarc(prefix) ? Kind::kWarc : Sniff(prefix);
    }
    if (kind == Kind::kWarc) return ReadWarc(in, path, std::move(prefix));  // any size: read as a stream
    if (kind == Kind::kJsonl) return ReadJsonl(in, path, std::move(prefix));
    if (size && *size > options_.max_document_bytes) return Fail(path, Status::LimitExceeded(LimitMessage(options_)));
    Result<std::string> data = ReadWhole(in, options_, std::move(prefix), size);
    if (!data.ok()) return Fail(path, data.status());
    if (in.bad()) return Fail(path, Status::IoError("read failed"));
    DeliverArticle(std::move(*data), path, id, kind, sniffed);
  }

  // An article's bytes, read whole: decoded when UTF-16, checked, and delivered as text or page
  // (sniffed again after decoding when its kind was sniffed).
  void DeliverArticle(std::string data, const std::string& path, const std::string& id, Kind kind, bool sniffed) {
    if (Status s = DecodeIfUtf16(&data); !s.ok()) return Fail(path, s);
    if (sniffed) kind = Sniff(data);
    if (Status s = CheckArticleBytes(data); !s.ok()) return Fail(path, s);
    RawDocument doc;
    doc.id = id.empty() ? StdinId(data) : id;
    doc.origin = path;
    doc.format = kind == Kind::kHtml ? Format::kHtml : Format::kText;
    doc.bytes = std::move(data);
    Deliver(std::move(doc));
  }

  // UTF-16 with a byte-order mark becomes UTF-8; without one it is refused by name (its NUL
  // bytes would otherwise read as binary data).
  Status DecodeIfUtf16(std::string* data) {
    const TextEncoding encoding = SniffEncoding(*data);
    if (encoding == TextEncoding::kUtf16LeUnmarked || encoding == TextEncoding::kUtf16BeUnmarked)
      return Status::InvalidInput("UTF-16 text without a byte-order mark: convert it to UTF-8");
    if (encoding == TextEncoding::kUtf8) return Status::Ok();
    Result<std::string> text = DecodeUtf16(*data, encoding == TextEncoding::kUtf16Be);
    if (!text.ok()) return text.status();
    if (text->size() > options_.max_document_bytes) return Status::LimitExceeded(LimitMessage(options_));
    *data = std::move(*text);
    return Status::Ok();
  }

  // Streams line by line so memory is bounded by the document limit, not the file.
  void ReadJsonl(std::istream& in, const std::string& path, std::string prefix = {}) {
    LineReader lines(in, options_.max_document_bytes, std::move(prefix));
    std::string line;
    size_t n = 0;
    bool any = false;
    for (LineReader::Got got; (got = lines.Next(&line)) != LineReader::Got::kEnd;) {
      ++n;
      any = true;
      if (n == 1 && SniffEncoding(line) != TextEncoding::kUtf8)
        return Fail(path, Status::InvalidInput("UTF-16 JSONL: convert it to UTF-8"));
      if (got == LineReader::Got::kTooLong) {
        Fail(path + ":" + std::to_string(n), Status::LimitExceeded("line larger than the " + std::to_string(options_.max_document_bytes >> 20) +
                                                                   " MiB document limit"));
        continue;
      }
      HandleJsonlLine(line, path, n);
    }
    if (lines.bad()) Fail(path, Status::IoError("read failed"));
    if (!any) Fail(path, Status::InvalidInput("empty file"));
  }

  // Records of one archive that are not articles, by kind, for the note at its end.
  struct WarcSkips {
    size_t not_html = 0, not_ok = 0, revisits = 0;
    size_t count() const { return not_html + not_ok + revisits; }
    std::string Note() const {
      std::string note;
      const auto add = [&](size_t n, const char* one, const char* many) {
        if (n == 0) return;
        if (!note.empty()) note += ", ";
        note += std::to_string(n) + " " + (n == 1 ? one : many);
      };
      add(not_html, "non-HTML response", "non-HTML responses");
      add(not_ok, "response with a status other than 2xx", "responses with a status other than 2xx");
      add(revisits, "revisit record (no page of its own)", "revisit records (no page of their own)");
      return "skipped " + note;
    }
  };

  static bool IsHtmlType(std::string_view type) { return type == "text/html" || type == "application/xhtml+xml"; }

  // A WARC archive, record by record; a damaged stretch is a problem naming its offset, and the
  // reader goes on at the next record after it.
  void ReadWarc(std::istream& in, const std::string& path, std::string prefix) {
    WarcReader reader(in, std::move(prefix));
    WarcSkips skips;
    WarcRecord record;
    Status error;
    const auto want = [](const WarcRecord& r) {
      const std::string type = AsciiLowerCopy(r.Field("WARC-Type"));
      return type == "response" || type == "resource";
    };
    for (;;) {
      const WarcReader::Got got = reader.Next(&record, options_.max_document_bytes, want, &error);
      if (got == WarcReader::Got::kEnd) break;
      if (got == WarcReader::Got::kError) {
        Fail(path, error);
        continue;
      }
      HandleWarcRecord(std::move(record), path, &skips);
    }
    if (skips.count() > 0 && on_skipped_) on_skipped_({path, skips.count(), skips.Note()});
  }

  void HandleWarcRecord(WarcRecord&& record, const std::string& path, WarcSkips* skips) {
    const std::string type = AsciiLowerCopy(record.Field("WARC-Type"));
    if (type == "revisit") {
      ++skips->revisits;
      return;
    }
    if (type != "response" && type != "resource") return;  // requests, metadata, warcinfo: not pages
    const std::string origin = path + "@" + std::to_string(record.offset);
    if (!record.held) return Fail(origin, Status::LimitExceeded("record " + LimitMessage(options_)));
    std::string_view uri = TrimSpaces(record.Field("WARC-Target-URI"));
    if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);  // WARC/1.0 style
    const std::string url(uri);
    const std::string date(record.Field("WARC-Date"));
    const std::string record_type = AsciiLowerCopy(record.Field("Content-Type"));

    ArchivedResponse http;
    if (type == "resource") {  // the page itself, as a crawler stored a file
      http.status = 200;
      http.content_type = std::string(TrimSpaces(std::string_view(record_type).substr(0, record_type.find(';'))));
      if (size_t cs = record_type.find("charset="); cs != std::string::npos)
        http.charset = std::string(TrimSpaces(std::string_view(record_type).substr(cs + 8)));
      http.body = std::move(record.block);
    } else {
      if (record_type.find("application/http") == std::string::npos) {
        ++skips->not_html;  // a response record holding something else than an HTTP exchange
        return;
      }
      Result<ArchivedResponse> parsed = ParseHttpResponse(std::move(record.block), options_.max_document_bytes);
      if (!parsed.ok()) return Fail(origin, parsed.status());
      http = std::move(*parsed);
    }
    if (http.status < 200 || http.status > 299) {
      ++skips->not_ok;
      return;
    }
    const bool sniffed_html = http.content_type.empty() && !TrimSpaces(http.body).empty() && TrimSpaces(http.body)[0] == '<';
    if (!IsHtmlType(http.content_type) && !sniffed_html) {
      ++skips->not_html;
      return;
    }
    Result<std::string> text = PageAsUtf8(std::move(http));
    if (!text.ok()) return Fail(origin, text.status());
    if (text->size() > options_.max_document_bytes) return Fail(origin, Status::LimitExceeded(LimitMessage(options_)));
    if (Status s = CheckArticleBytes(*text); !s.ok()) return Fail(origin, s);
    Result<std::string> id = DocumentIdForUrl(url);
    if (!id.ok()) return Fail(origin, Status::InvalidInput("WARC-Target-URI \"" + url.substr(0, 200) + "\": " + id.status().message()));
    RawDocument doc;
    doc.id = std::move(*id);
    doc.origin = origin;
    doc.format = Format::kHtml;
    doc.bytes = std::move(*text);
    doc.url = url;
    doc.captured = date;
    // the fetch, as the ledger keeps it with the document's other metadata
    std::string fetched;
    AppendJsonString(&fetched, date);
    doc.metadata.emplace_back("fetched", std::move(fetched));
    doc.metadata.emplace_back("http_status", std::to_string(http.status));
    Deliver(std::move(doc));
  }

  // The page's bytes as UTF-8: a byte-order mark, else the HTTP charset, else the page's <meta>,
  // else UTF-8 when the bytes are valid UTF-8 and windows-1252 (the web's default) otherwise.
  static Result<std::string> PageAsUtf8(ArchivedResponse&& http) {
    std::string& body = http.body;
    std::string charset;
    if (Utf8BomLength(body) > 0) charset = "utf-8";
    else if (body.starts_with("\xFF\xFE")) charset = "utf-16le";
    else if (body.starts_with("\xFE\xFF")) charset = "utf-16be";
    else if (!http.charset.empty()) charset = http.charset;
    else charset = MetaCharset(body);
    const bool valid_utf8 = FindInvalidUtf8(body) == std::string::npos;
    if (charset.empty()) charset = valid_utf8 ? "utf-8" : "windows-1252";
    charset = NormalizeCharsetName(charset);
    if (charset == "utf-8" && valid_utf8) {
      body.erase(0, Utf8BomLength(body));
      return std::move(body);
    }
    return DecodeToUtf8(body, charset);  // invalid bytes in a declared charset become U+FFFD
  }

  // line's buffer is given back once parsed: the document is worked on next.
  void HandleJsonlLine(std::string& line, const std::string& path, size_t n) {
    if (n == 1) line.erase(0, Utf8BomLength(line));
    if (TrimSpaces(line).empty()) return;
    std::string origin = path + ":" + std::to_string(n);
    Result<RawDocument> doc = ParseJsonlRecord(std::move(line), origin);
    if (!doc.ok()) return Fail(origin, doc.status());
    Deliver(std::move(*doc));
  }

  void Deliver(RawDocument&& doc, std::optional<uint64_t> hash = std::nullopt) {
    if (!hash) hash = XXH64(doc.bytes.data(), doc.bytes.size(), 0);
    if (Status s = CheckIdIsNew(doc, *hash); !s.ok()) return Fail(doc.origin, s);
    ++delivered_;
    on_document_(std::move(doc));
  }

  // A repeated id with the same content is harmless (the store keeps one); with different
  // content it would silently replace an article, so it is a problem unless replacing is asked.
  Status CheckIdIsNew(const RawDocument& doc, uint64_t hash) {
    auto [seen, fresh] = seen_.try_emplace(doc.id, SeenId{hash, doc.origin});
    if (fresh || seen->second.hash == hash) return Status::Ok();
    if (!options_.replace)
      return Status::InvalidInput("id \"" + doc.id + "\" was already read from " + seen->second.origin +
                                  " with different content; not read (--replace keeps the later one)");
    seen->second = SeenId{hash, doc.origin};
    return Status::Ok();
  }

  static std::string StdinId(std::string_view bytes) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH64(bytes.data(), bytes.size(), 0)));
    return std::string("stdin-") + hex;
  }

  struct SeenId {
    uint64_t hash;
    std::string origin;
  };
  std::unordered_map<std::string, SeenId> seen_;

  void Fail(const std::string& where, const Status& s) { on_problem_({where, s}); }

  const IngestOptions& options_;
  const DocumentHandler& on_document_;
  const ProblemHandler& on_problem_;
  const SkipHandler& on_skipped_;
  size_t delivered_ = 0;
};

}  // namespace

Status CheckArticleBytes(std::string_view bytes) {
  const bool blank = TrimSpaces(bytes).empty();
  const size_t nul = blank ? std::string::npos : bytes.find('\0');
  const size_t bad = blank || nul != std::string::npos ? std::string::npos : FindInvalidUtf8(bytes);
  return ArticleBytesStatus(blank, nul, bad);
}

size_t ReadInputs(const std::vector<std::string>& paths, const IngestOptions& options,
                  const DocumentHandler& on_document, const ProblemHandler& on_problem,
                  const SkipHandler& on_skipped) {
  Reader reader(options, on_document, on_problem, on_skipped);
  for (const std::string& p : paths) reader.ReadPath(p);
  return reader.delivered();
}

}  // namespace tally
