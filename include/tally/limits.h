// Limits: how much of one document tally reads, so that no input can exhaust memory or time.
//
// Every limit is per document; past one, the document is rejected or cut as said below, a
// message names it, and every other document is read as usual (docs/robustness.md).
#pragma once

#include <cstddef>

namespace tally {

// A web page larger than this is parsed as it is read, by a streaming parser that builds no tree
// (html_stream.cc): gumbo's tree of a whole page and its text come to 2.5-3 times the page, held
// together, where the streaming parser's element list and text are about 1.4. The largest real
// news page seen (html-dev) is 1.6 MB, so every real page stays with gumbo, whose HTML5 tree
// builder the content scoring was tuned on (docs/html.md, "Very large pages").
inline constexpr size_t kStreamedPageBytes = size_t{8} << 20;

struct Limits {
  // A larger article (file, or JSONL line) is rejected: "larger than the N MiB document limit".
  // Memory per document is bounded by it; a longer JSONL line is skipped without being held.
  size_t max_document_bytes = size_t{64} << 20;
  // A longer paragraph (line of text) is read up to the limit; the rest is skipped as "limit".
  // Sentence-level work grows with the paragraph, so this bounds time per paragraph.
  size_t max_line_bytes = size_t{100} << 10;
  // An HTML page nested deeper is read up to the tag that passes the limit. HTML parsing slows
  // with depth (a 100,000-deep page takes many seconds); real pages stay far below.
  size_t max_html_depth = 1000;
  // Web pages larger than this are parsed as they are read (kStreamedPageBytes); lowered only by
  // tests, to read small pages that way (TALLY_STREAM_HTML_ABOVE_BYTES, docs/html.md).
  size_t stream_html_above_bytes = kStreamedPageBytes;
  // More claims than this in one document: the first ones are kept, the rest dropped.
  size_t max_claims_per_document = 5000;
};

}  // namespace tally
