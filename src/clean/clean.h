// clean: reads a RawDocument; produces a Document whose text is what the extractor reads and
// whose skipped spans mark page furniture (share widgets, credits, bios, appeals, related-link
// blocks, cookie notices, navigation, repeated paragraphs).
//
// Plain text: Document::text is the input bytes unchanged; cleaning only marks spans, so every
// offset is a file offset. HTML: the page is parsed (gumbo; a page over kStreamedPageBytes by a
// streaming parser as it is read, RawDocument::source or bytes), the main text is extracted as one
// paragraph a line, and furniture is then marked in that text the same way. Title, date, url
// and outlet are taken from the page's metadata when the source did not give them.
#pragma once

#include <bitset>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/lexicon.h"
#include "tally/document.h"
#include "tally/limits.h"

namespace tally {

struct CleanLexicon {
  enum class Kind { kLine, kPrefix, kContains, kShortContains, kTail, kBlock, kBioLead, kBioWord, kEndContains };
  struct Rule {
    Kind kind;
    std::string phrase;  // lower case
    std::string reason;
  };
  std::vector<Rule> rules;  // in file order: the first rule that matches a line wins
  // Indexes over rules so that a line is compared with the few rules it could match:
  WordMap<size_t> whole_line_rules;  // line and block phrases, end punctuation stripped -> rule
  size_t longest_whole_line = 0;
  static constexpr size_t kKinds = static_cast<size_t>(Kind::kEndContains) + 1;
  std::vector<size_t> rules_of_kind[kKinds];  // indexes into rules, by Kind, in file order
  std::unordered_map<uint32_t, std::vector<size_t>> contains_rules;  // by a phrase's first 3 bytes
  std::bitset<1 << 16> contains_starts;  // a phrase's first 2 bytes: a quick no for most words
  WordMap<int> html_drop_tags;        // tag names of elements that never hold article text
  WordMap<int> html_furniture_tags;   // tag names of page furniture (nav, aside, footer)
  WordMap<int> html_drop_classes;     // class or id words of page furniture
  WordMap<int> html_article_classes;  // class or id words of article containers
  WordMap<int> html_block_tags;

  // Loads furniture.tsv and html_boilerplate.tsv from dir.
  static CleanLexicon Load(const std::string& dir);
  // Builds the rule indexes from rules (Load does this).
  void IndexRules();
};

struct HtmlPage {
  std::string text;  // one block a line, blank line between blocks
  std::string title, date, url, outlet;
  std::string author;    // the byline's name(s), as the page gives them
  std::string modified;  // YYYY-MM-DD
  std::string language;  // primary language subtag, lower case ("en")
  size_t cut_at = std::string_view::npos;  // where the page was cut for nesting too deep
};

// Main-text extraction from an HTML page with gumbo. A page nested deeper than max_depth is read up to
// the tag that passes it.
HtmlPage ExtractHtml(const CleanLexicon& lexicon, std::string_view html, size_t max_depth = Limits{}.max_html_depth);
// The same for a page the caller gives up: its bytes are given back (*page emptied) as soon as
// the parsed tree no longer points into them, so that the page, gumbo's tree and the article's
// text are not all held at once. *page is left as it was when the tree still needs it.
HtmlPage ExtractHtmlReleasing(const CleanLexicon& lexicon, std::string* page, size_t max_depth);

// The same read by a streaming parser that builds no tree, for pages larger than
// Limits::stream_html_above_bytes (kStreamedPageBytes): the page in pieces from source (or
// from html), its element list and text built as it goes (html_stream.cc), the article chosen by
// the same content scoring. A page nested deeper than max_depth is read up to the tag that
// passes it (cut_at: about where that tag is). docs/html.md, "Very large pages".
HtmlPage ExtractHtmlStreamed(const CleanLexicon& lexicon, ByteSource& source, size_t max_depth);
HtmlPage ExtractHtmlStreamed(const CleanLexicon& lexicon, std::string_view html, size_t max_depth);

// The offset of the tag at which the page's element nesting first passes max_depth, or npos.
// An estimate from the tags alone (void and self-closing elements and those closed
// implicitly, like p and li, do not nest), made in one pass before parsing.
size_t FindNestingCut(std::string_view html, size_t max_depth);

// All the text of an HTML page or fragment, each block element a paragraph, nothing dropped
// but scripts, styles and the head: for reading reference texts (tally eval html).
std::string HtmlToPlainText(std::string_view html);

// Marks furniture in text; returns the skipped spans, sorted and non-overlapping. A line seen
// before is skipped as a repeat when it is at most max_repeat_bytes long.
std::vector<SkippedSpan> MarkFurniture(const CleanLexicon& lexicon, std::string_view text,
                                       size_t max_repeat_bytes = std::string_view::npos);

// Whether some line of text outside skipped (sorted) reads as a sentence of a story: it ends as a
// sentence does, with enough words, most of them lower case. HasStory: with nothing skipped.
bool KeepsStory(std::string_view text, const std::vector<SkippedSpan>& skipped);
bool HasStory(std::string_view text);

// Cleaning never drops the story: when the furniture marks would leave no line that reads as a
// sentence of one while the text has some, the marks are dropped, with a note.
// Applies limits.max_line_bytes (the rest of a longer line is skipped as "limit") and
// limits.max_html_depth, with a note on the document for each.
Document Clean(const CleanLexicon& lexicon, RawDocument&& raw, const Limits& limits = {});

}  // namespace tally
