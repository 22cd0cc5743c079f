// ingest: reads paths (files, folders recursively, "-" for standard input) into RawDocuments.
//
// Input:  paths named by the user.
// Output: RawDocument for every article found (document.h), in a deterministic order (folders
//         are walked in sorted order); a Problem for every file or JSONL line that cannot be
//         read. A problem never stops the other inputs.
// Ids: a file's stem; a JSONL record's "id"; standard input's "stdin-" and the content's hash,
// so two articles piped in two runs never share an id. An id seen twice in one run with
// different content is reported with both places (IngestOptions::replace allows it).
// Formats by extension: .txt .text (plain text), .html .htm .xhtml (a web page), .jsonl .ndjson
// (one JSON article a line), .warc .warc.gz (a web archive: each HTML page of a 2xx response
// record is an article, warc.h). A named file with another extension, and standard input, are
// sniffed: "WARC/" or the gzip magic first means WARC, '<' HTML, '{' JSONL, otherwise text. In
// folders, files with other extensions are passed over.
// A web page file larger than IngestOptions::stream_html_above_bytes is checked in pieces and
// delivered as a ByteSource over the file (RawDocument::source), its bytes never held whole.
// WARC pages: the id is DocumentIdForUrl(WARC-Target-URI) (common/url.h), the url the target
// URI, RawDocument::captured the WARC-Date; the origin is "path@offset" (the record's offset, or
// its gzip member's). Records that are not pages (non-HTML or non-2xx responses, revisits) are
// counted and reported per archive through on_skipped, never passed over silently.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "tally/document.h"
#include "tally/limits.h"
#include "tally/status.h"

namespace tally {

struct IngestOptions {
  // Largest article, in bytes, read as one document; larger ones are rejected with a problem.
  // Bounds memory per document (limits.h).
  size_t max_document_bytes = Limits{}.max_document_bytes;
  // An id seen again with different content is a problem unless replace is set; then the later
  // article is delivered and replaces the earlier one downstream.
  bool replace = false;
  // A web page file larger than this is checked in pieces and handed on as a ByteSource
  // (RawDocument::source) rather than read whole: clean parses it as it reads (limits.h).
  size_t stream_html_above_bytes = kStreamedPageBytes;
};

struct Problem {
  std::string where;  // "path" or "path:line"
  Status status;
};

using DocumentHandler = std::function<void(RawDocument&&)>;
using ProblemHandler = std::function<void(const Problem&)>;

// Records of an archive that are not articles by design, one report per archive: how many,
// and a note that says which kinds.
struct Skipped {
  std::string where;  // the archive's path
  size_t count = 0;
  std::string note;   // "3 non-HTML responses, 1 non-2xx response"
};
using SkipHandler = std::function<void(const Skipped&)>;

// Reads every path. Calls on_document for each article and on_problem for each input that is
// rejected. Returns the number of documents delivered.
size_t ReadInputs(const std::vector<std::string>& paths, const IngestOptions& options,
                  const DocumentHandler& on_document, const ProblemHandler& on_problem,
                  const SkipHandler& on_skipped = {});

// Checks that bytes can be an article: not empty, no NUL byte, valid UTF-8.
Status CheckArticleBytes(std::string_view bytes);

// Parses one JSONL line into a RawDocument. origin is "path:line".
Result<RawDocument> ParseJsonlRecord(std::string_view line, const std::string& origin);
// The same for a line the caller is done with: parsed in place, and its buffer given back as
// soon as it is parsed, before the text is copied out (memory about twice the record, not 3x).
Result<RawDocument> ParseJsonlRecord(std::string&& line, const std::string& origin);

// Encodings (encoding.cc). Text is UTF-8; a UTF-8 byte-order mark is read past; UTF-16 with a
// byte-order mark is decoded (offsets are then into the decoded text); UTF-16 without one is
// recognised from its NUL bytes and reported.
enum class TextEncoding { kUtf8, kUtf16Le, kUtf16Be, kUtf16LeUnmarked, kUtf16BeUnmarked };
TextEncoding SniffEncoding(std::string_view bytes);
size_t Utf8BomLength(std::string_view bytes);  // 3 when bytes start with EF BB BF, else 0
Result<std::string> DecodeUtf16(std::string_view bytes, bool big_endian);
// bytes in charset (a label as HTTP or HTML gives it: "ISO-8859-1", "windows-1251", "utf-8"),
// as UTF-8 (ICU). Latin-1 and ASCII labels read as windows-1252, as browsers do; bytes invalid in
// the charset become U+FFFD. An unknown charset is an InvalidInput.
Result<std::string> DecodeToUtf8(std::string_view bytes, std::string_view charset);
std::string NormalizeCharsetName(std::string_view name);  // lower case, browser aliases resolved
// A file name as valid UTF-8 for ids and JSON: each byte that is not UTF-8 becomes %XX.
std::string EscapeInvalidUtf8(std::string_view bytes);

}  // namespace tally
