#include "ingest/ingest.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string_view>

#include "common/text.h"

namespace tally {
namespace fs = std::filesystem;

namespace {

enum class Kind { kText, kHtml, kJsonl, kUnknown };

Kind KindFromExtension(const fs::path& p) {
  std::string ext = AsciiLowerCopy(p.extension().string());
  if (ext == ".txt" || ext == ".text") return Kind::kText;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Kind::kHtml;
  if (ext == ".jsonl" || ext == ".ndjson") return Kind::kJsonl;
  return Kind::kUnknown;
}

Kind Sniff(std::string_view bytes) {
  std::string_view t = TrimSpaces(bytes.substr(0, 4096));
  if (!t.empty() && t[0] == '<') return Kind::kHtml;
  if (!t.empty() && t[0] == '{') return Kind::kJsonl;
  return Kind::kText;
}

Result<std::string> ReadWhole(std::istream& in, const IngestOptions& options) {
  std::string data;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<size_t>(in.gcount()));
    if (data.size() > options.max_document_bytes)
      return Status::LimitExceeded("larger than the " + std::to_string(options.max_document_bytes >> 20) +
                                   " MiB document limit");
  }
  if (in.bad()) return Status::IoError("read failed");
  return data;
}

class Reader {
 public:
  Reader(const IngestOptions& o, const DocumentHandler& d, const ProblemHandler& p)
      : options_(o), on_document_(d), on_problem_(p) {}

  void ReadPath(const std::string& path) {
    if (path == "-") {
      std::cin.sync_with_stdio(false);
      ReadStream(std::cin, "-", "stdin", Kind::kUnknown);
      return;
    }
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) return Fail(path, Status::NotFound("no such file or folder"));
    if (fs::is_directory(st)) return ReadFolder(path);
    ReadFile(path, KindFromExtension(path));
  }

  size_t delivered() const { return delivered_; }

 private:
  void ReadFolder(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && KindFromExtension(it->path()) != Kind::kUnknown) files.push_back(it->path());
    }
    if (ec) Fail(dir.string(), Status::IoError(ec.message()));
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) ReadFile(f.string(), KindFromExtension(f));
  }

  void ReadFile(const std::string& path, Kind kind) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Fail(path, Status::IoError("cannot open for reading"));
    ReadStream(in, path, fs::path(path).stem().string(), kind);
  }

  void ReadStream(std::istream& in, const std::string& path, const std::string& id, Kind kind) {
    if (kind == Kind::kJsonl) return ReadJsonl(in, path);
    Result<std::string> data = ReadWhole(in, options_);
    if (!data.ok()) return Fail(path, data.status());
    if (kind == Kind::kUnknown) kind = Sniff(*data);
    if (kind == Kind::kJsonl) return ReadJsonlBuffer(*data, path);
    if (Status s = CheckArticleBytes(*data); !s.ok()) return Fail(path, s);
    RawDocument doc;
    doc.id = id;
    doc.origin = path;
    doc.format = kind == Kind::kHtml ? Format::kHtml : Format::kText;
    doc.bytes = std::move(*data);
    Deliver(std::move(doc));
  }

  // Streams line by line so memory is bounded by the longest line, not the file.
  void ReadJsonl(std::istream& in, const std::string& path) {
    std::string line;
    size_t n = 0;
    bool any = false;
    while (std::getline(in, line)) {
      ++n;
      any = true;
      if (line.size() > options_.max_document_bytes) {
        Fail(path + ":" + std::to_string(n), Status::LimitExceeded("line longer than the document limit"));
        continue;
      }
      HandleJsonlLine(line, path, n);
    }
    if (in.bad()) Fail(path, Status::IoError("read failed"));
    if (!any) Fail(path, Status::InvalidInput("empty file"));
  }

  void ReadJsonlBuffer(std::string_view data, const std::string& path) {
    size_t n = 0;
    while (!data.empty()) {
      size_t nl = data.find('\n');
      ++n;
      HandleJsonlLine(data.substr(0, nl), path, n);
      if (nl == std::string_view::npos) break;
      data.remove_prefix(nl + 1);
    }
  }

  void HandleJsonlLine(std::string_view line, const std::string& path, size_t n) {
    if (TrimSpaces(line).empty()) return;
    std::string origin = path + ":" + std::to_string(n);
    Result<RawDocument> doc = ParseJsonlRecord(line, origin);
    if (!doc.ok()) return Fail(origin, doc.status());
    Deliver(std::move(*doc));
  }

  void Deliver(RawDocument&& doc) {
    ++delivered_;
    on_document_(std::move(doc));
  }

  void Fail(const std::string& where, const Status& s) { on_problem_({where, s}); }

  const IngestOptions& options_;
  const DocumentHandler& on_document_;
  const ProblemHandler& on_problem_;
  size_t delivered_ = 0;
};

}  // namespace

Status CheckArticleBytes(std::string_view bytes) {
  if (TrimSpaces(bytes).empty()) return Status::InvalidInput("empty file");
  if (size_t nul = bytes.find('\0'); nul != std::string_view::npos)
    return Status::InvalidInput("binary data (NUL byte at offset " + std::to_string(nul) + ")");
  if (size_t bad = FindInvalidUtf8(bytes); bad != std::string_view::npos)
    return Status::InvalidInput("invalid UTF-8 at byte " + std::to_string(bad));
  return Status::Ok();
}

size_t ReadInputs(const std::vector<std::string>& paths, const IngestOptions& options,
                  const DocumentHandler& on_document, const ProblemHandler& on_problem) {
  Reader reader(options, on_document, on_problem);
  for (const std::string& p : paths) reader.ReadPath(p);
  return reader.delivered();
}

}  // namespace tally
