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
// (one JSON article a line). A named file with another extension, and standard input, are
// sniffed: '<' first means HTML, '{' means JSONL, otherwise text. In folders, files with other
// extensions are passed over.
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
};

struct Problem {
  std::string where;  // "path" or "path:line"
  Status status;
};

using DocumentHandler = std::function<void(RawDocument&&)>;
using ProblemHandler = std::function<void(const Problem&)>;

// Reads every path. Calls on_document for each article and on_problem for each input that is
// rejected. Returns the number of documents delivered.
size_t ReadInputs(const std::vector<std::string>& paths, const IngestOptions& options,
                  const DocumentHandler& on_document, const ProblemHandler& on_problem);

// Checks that bytes can be an article: not empty, no NUL byte, valid UTF-8.
Status CheckArticleBytes(std::string_view bytes);

// Parses one JSONL line into a RawDocument. origin is "path:line".
Result<RawDocument> ParseJsonlRecord(std::string_view line, const std::string& origin);

}  // namespace tally
