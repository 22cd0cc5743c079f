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
//
// Asked to (ExtractHtml does), the pre-pass also leaves out the spaces between a paragraph of
// plain text and the next tag ("<p>text</p>\n<p>"), a third of the nodes of a page of short
// paragraphs, which the layout reads as nothing after the paragraph's break. docs/html.md
// ("Spaces after paragraphs left out") says why the tree is otherwise the same and what is
// checked after the parse; docs/robustness.md ("Seventh pass") what it saves.
#pragma once

#include <gumbo.h>

#include <cstdint>
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

struct PageScan {
  std::vector<TextRun> runs;    // FindTextRuns
  // Spaces alone between "<p>text</p>" and the next '<', in page order: the <p> bare (no
  // attribute, so the layout never drops it), the text holding no tag and some byte above ' ',
  // outside tables, selects, templates, framesets and foreign content. Found only when asked.
  std::vector<TextRun> spaces;
};
PageScan ScanPage(std::string_view html, bool find_spaces);

// A page parsed by gumbo, its text nodes holding the page's own text.
class ParsedHtml {
 public:
  enum class Path {
    kAsIs,          // no run worth replacing: parsed as it is
    kPlaceholders,  // parsed with placeholders, all found again
    kReparsed,      // placeholders did not all come back, or a space left out may have
                    // mattered: parsed again as it is
  };
  // Whether the spaces of PageScan::spaces are left out of the parse (with placeholders only).
  enum class Spaces { kKept, kLeftOutAfterParagraphs };

  // with_placeholders false parses the page as it is (for tests and comparisons). When release
  // is given (the page's owner, html a view of its start), the page is given back before gumbo
  // parses it whenever placeholders are used: the runs are copied out first, gumbo reads the
  // placeholder copy, and the runs' copies become the text nodes' strings, so the page, its
  // runs and the tree are never all held at once. Should the placeholders not all come back,
  // *release is made again (the page up to html's end) and parsed as it is.
  // With Spaces::kLeftOutAfterParagraphs the tree lacks those whitespace nodes; laid out
  // (MainText) or read as text (TextOf) it is the same. Should a paragraph before a space left
  // out hold a formatting element the parser reconstructed (the one case where that space would
  // have made an element), the page is parsed again as it is.
  explicit ParsedHtml(std::string_view html, bool with_placeholders = true, std::string* release = nullptr,
                      Spaces spaces = Spaces::kKept);
  ~ParsedHtml();
  ParsedHtml(const ParsedHtml&) = delete;
  ParsedHtml& operator=(const ParsedHtml&) = delete;

  const GumboNode* root() const { return out_->root; }
  Path path() const { return path_; }
  size_t runs() const { return runs_; }  // runs replaced by placeholders (0 unless kPlaceholders)
  size_t spaces_left_out() const { return spaces_left_out_; }  // 0 unless kPlaceholders

  // Frees the string of a text node of this tree (text, CDATA or whitespace) once it has been
  // read for the last time; the node reads as empty after. Laying out the article this way moves
  // its text out of the tree instead of holding it twice (docs/robustness.md).
  void ReleaseText(const GumboNode* text_node);

 private:
  void Parse(std::string_view bytes);
  void Destroy();
  // Makes each text node's placeholders its runs' text again; false when some placeholder is
  // missing, repeated or in the wrong place, or a space left out follows a paragraph holding a
  // reconstructed formatting element (the tree is then left as it was).
  bool RestoreRuns();
  bool FollowedBySpaceLeftOut(const GumboNode* paragraph) const;
  // The page again: buffer_ with each placeholder replaced by its run and the spaces left out
  // put back.
  std::string PageAgain() const;
  void FreeRuns();

  std::string buffer_;            // the page with placeholders: tag names in the tree point into it
  std::vector<char*> run_text_;   // each run's text (malloc'd, NUL-ended) until a text node takes it
  // Each space left out until the parse is checked: its offset in buffer_ << 16 | its length
  // (8 bytes each, a fraction of the node it saves), and their bytes in page order.
  std::vector<uint64_t> left_out_;
  std::string left_out_text_;
  size_t spaces_left_out_ = 0;
  GumboOutput* out_ = nullptr;
  Path path_ = Path::kAsIs;
  size_t runs_ = 0;
  size_t released_ = 0;  // bytes of text freed by ReleaseText since memory was last given back
};

// ExtractHtml (clean.h), with or without placeholders: tests compare the two. When release is
// given (the page's owner, html a view of it), it is emptied before gumbo parses it whenever the
// tree will not point into it (ParsedHtml), and the article's text is moved out of the tree as it
// is laid out.
// The spaces are left out (ParsedHtml::Spaces) whenever placeholders are used and the lexicon
// makes a bare <p> a block that is never dropped, as the layout's argument needs.
HtmlPage ExtractHtml(const CleanLexicon& lexicon, std::string_view html, size_t max_depth, bool with_placeholders,
                     std::string* release = nullptr);

}  // namespace tally
