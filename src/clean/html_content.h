// The element list content scoring reads (html_content.cc), shared by the two ways a page is
// read: gumbo's tree (pages up to kStreamedPageBytes), and libxml2's push parser for larger
// pages (html_stream.cc), which builds the list and the text as it reads, with no tree.
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clean/clean.h"

namespace tally {

// One element of the page, with what is below it, in document order, so that parents come
// before their children and sums are made in one backward pass. Text and whitespace have no
// node (two thirds of a page's nodes): an element's own text is counted in its facts, and the
// layout reads both from the page (gumbo's children, or a streamed page's text).
// On a large page this list is the largest structure after gumbo's tree and the text, so the tag
// and weight take a byte each and the flags set once share one: 72 bytes a node rather than 88
// (docs/robustness.md, "Peak memory per document").
struct ContentNode {
  const GumboNode* g = nullptr;  // null on a streamed page
  int32_t parent = -1, first_child = -1, next_sibling = -1;
  uint32_t text = 0, link_text = 0, heading_text = 0, commas = 0;
  uint32_t para_text = 0;    // text outside links in the paragraphs below
  uint32_t p = 0, img = 0, li = 0, input = 0, embed = 0;  // elements below
  float score = 0;
  GumboTag tag : 8 = GUMBO_TAG_UNKNOWN;  // a byte: GUMBO_TAG_LAST is under 256
  int8_t weight = 0;         // +25 for an article class/id word, -25 for a furniture one (each of class, id)
  bool element = false;
  bool block_below = false;  // holds a block element (so it is no paragraph itself)
  bool paragraph = false;    // a block of running text: <p>, <pre>, or a div with only inline content
  bool scored = false;
  bool in_link : 1 = false;    // inside <a>
  bool furniture : 1 = false;  // a furniture tag or class/id word marks it
  bool skipped : 1 = false;    // an element that never holds article text (Skipped): nothing below
  bool block_tag : 1 = false;  // streamed page only: a block tag of the lexicon (its layout breaks)
};

// What a page's element says to scoring, from its tag name and attributes (either parser).
bool SkippedElement(const CleanLexicon& lex, std::string_view tag_name, bool hidden, std::string_view aria_hidden,
                    std::string_view style);
void ReadElementNames(const CleanLexicon& lex, std::string_view tag_name, std::string_view class_value,
                      std::string_view id_value, std::string_view role, ContentNode* n);

// The text of a streamed page, in page order, in memory mapped from the kernel: what the layout
// has read is given back as it goes (ReleaseBelow), so the page's text and the article's are not
// both held in full. Capacity is reserved (address space only) at construction.
class StreamedText {
 public:
  explicit StreamedText(size_t capacity);
  ~StreamedText();
  StreamedText(const StreamedText&) = delete;
  StreamedText& operator=(const StreamedText&) = delete;

  // Appends s; false (nothing appended) when it would pass the capacity.
  bool Append(std::string_view s);
  std::string_view view() const { return {data_, size_}; }
  size_t size() const { return size_; }
  // Gives back the whole pages below offset; they read as zeros after.
  void ReleaseBelow(size_t offset);

 private:
  char* data_ = nullptr;
  size_t capacity_ = 0, size_ = 0, released_ = 0;
};

// A page read by the streaming parser: the element list (node 0 the document, then its
// elements in document order; nothing below a skipped element), each element's text as a range
// of text (its start tag to its end tag: its own text is what its children's ranges leave), and
// each element's class attribute as a number (equal numbers, equal values; 0 none).
struct StreamedPage {
  explicit StreamedPage(size_t text_capacity) : text(text_capacity) {}
  std::vector<ContentNode> nodes;
  std::vector<uint32_t> text_begin, text_end, class_id;
  StreamedText text;
};

// The text capacity a page of size bytes needs: its text is at most its bytes, but for a page
// libxml2 reads as Latin-1 (as it does after an invalid UTF-8 byte, which ingest rules out) each
// byte above 0x7F becomes two. Address space only: what is not written costs nothing.
inline size_t StreamedTextCapacity(size_t page_bytes) { return 2 * page_bytes + (size_t{64} << 10); }

// Reads source with libxml2's HTML push parser into page (made with StreamedTextCapacity of
// its size), building no tree (html_stream.cc); text past that capacity (which no page reaches)
// is not kept. metadata_page: a small page of the elements that carry the page's metadata, for
// MetadataReader. cut_at: where the page passed max_depth, or npos.
void ReadStreamedPage(const CleanLexicon& lex, ByteSource& source, size_t max_depth, StreamedPage* page,
                      std::string* metadata_page, size_t* cut_at);

// MainText (html_dom.h) for a streamed page: the same choice of article, read from the list
// and the text; page's list and text are given up as the article is laid out.
std::string MainText(const CleanLexicon& lex, StreamedPage* page);

}  // namespace tally
