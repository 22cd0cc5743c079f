// Parsing a page with gumbo at a lower cost per byte of text.
//
// Gumbo's tokenizer emits a token for every character of text and its tree builder handles each
// one, so most of a page's parse is spent on its text. Before parsing, each long run of plain
// text (outside tags, comments, scripts and other raw text, with no character reference, no
// markup character and nothing the parser would rewrite) is replaced by a two-character
// placeholder from the private-use block U+E000-U+EFFF; after parsing, every text node's
// placeholders are replaced by the runs they stand for. A placeholder is text to the tree
// builder exactly as the run is (non-space characters in the same place, the run's leading and
// trailing spaces left outside it), so the tree is the one gumbo builds from the page itself.
// That is checked on every page: each placeholder must come back once, in a text node that is
// not raw text; otherwise (a page the scan misread) the page is parsed again as it is. A page
// that already holds a character of that block is parsed as it is. docs/html.md.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

#include "clean/clean.h"

namespace tally {

struct TextRun {
  size_t begin = 0, end = 0;  // byte offsets in the page
};

// The runs of html that may be parsed as placeholders, in page order; none when html holds a
// byte 0xEE (the lead byte of the placeholders' block).
std::vector<TextRun> FindTextRuns(std::string_view html);

// A page parsed by gumbo, its text nodes holding the page's own text.
class ParsedHtml {
 public:
  enum class Path {
    kAsIs,          // no run worth replacing: parsed as it is
    kPlaceholders,  // parsed with placeholders, all found again
    kReparsed,      // placeholders did not all come back: parsed again as it is
  };

  // with_placeholders false parses the page as it is (for tests and comparisons).
  explicit ParsedHtml(std::string_view html, bool with_placeholders = true);
  ~ParsedHtml();
  ParsedHtml(const ParsedHtml&) = delete;
  ParsedHtml& operator=(const ParsedHtml&) = delete;

  const GumboNode* root() const { return out_->root; }
  Path path() const { return path_; }
  size_t runs() const { return runs_; }  // runs replaced by placeholders (0 unless kPlaceholders)
  // Whether the tree points into the page it was given (gumbo's original_text and tag name
  // pieces): false with placeholders, where it points into the placeholder copy and into text
  // restored by copying, so the page may then be given back while the tree lives.
  bool PointsIntoPage() const { return path_ != Path::kPlaceholders; }

 private:
  void Parse(std::string_view bytes);
  void Destroy();
  // Puts each run back in place of its placeholder; false when some placeholder is missing,
  // repeated or in the wrong place.
  bool RestoreRuns(std::string_view html, const std::vector<TextRun>& runs);

  std::string buffer_;  // the page with placeholders: tag names in the tree point into it
  GumboOutput* out_ = nullptr;
  Path path_ = Path::kAsIs;
  size_t runs_ = 0;
};

// ExtractHtml (clean.h), with or without placeholders: tests compare the two. When release is
// given (the page's owner, html a view of it), it is emptied once the tree no longer needs it.
HtmlPage ExtractHtml(const CleanLexicon& lexicon, std::string_view html, size_t max_depth, bool with_placeholders,
                     std::string* release = nullptr);

}  // namespace tally
