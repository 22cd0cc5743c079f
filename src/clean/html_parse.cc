// The placeholder pre-pass over a page and the parse around it (html_parse.h).
#include "clean/html_parse.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "common/memory.h"

namespace tally {
namespace {

// A run shorter than this is left as it is: a placeholder is 2 characters, and each run costs a
// copy when its text node is restored.
constexpr size_t kMinRunBytes = 12;
// Placeholders are two code points of U+E000-U+EFFF, 12 bits of the run's number each.
constexpr unsigned char kMarkLead = 0xEE;
constexpr size_t kPlaceholderBytes = 6;
constexpr size_t kMaxRuns = size_t{1} << 24;
// Spaces left out are remembered as an offset and a length of 16 bits (ParsedHtml::dropped_).
constexpr size_t kMaxSpaceBytes = 0xFFFF;
constexpr unsigned kSpaceLengthBits = 16;

bool IsHtmlSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Bytes that end a run: markup and character references, and what the parser's input stream
// rewrites (NUL, carriage returns, control characters it replaces by U+FFFD).
struct RunBreakers {
  bool ascii[128] = {};
  constexpr RunBreakers() {
    for (unsigned char c : {'<', '>', '&', '\0', '\r', '\x0B', '\x7F'}) ascii[c] = true;
    for (unsigned char c = 0x01; c <= 0x08; ++c) ascii[c] = true;
    for (unsigned char c = 0x0E; c <= 0x1F; ++c) ascii[c] = true;
  }
};
constexpr RunBreakers kBreakers;

// The width of the UTF-8 character at s[i] when it is well formed and the parser keeps it as it
// is (not a C1 control, not a noncharacter); else 0.
size_t KeptCharWidth(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  uint32_t cp;
  size_t width;
  if (c >= 0xC2 && c <= 0xDF) {
    if (!cont(1)) return 0;
    cp = (c & 0x1Fu) << 6 | (b(1) & 0x3Fu);
    width = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    cp = (c & 0x0Fu) << 12 | (b(1) & 0x3Fu) << 6 | (b(2) & 0x3Fu);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    width = 3;
  } else if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    cp = (c & 0x07u) << 18 | (b(1) & 0x3Fu) << 12 | (b(2) & 0x3Fu) << 6 | (b(3) & 0x3Fu);
    if (cp < 0x10000 || cp > 0x10FFFF) return 0;
    width = 4;
  } else {
    return 0;
  }
  if (cp <= 0x9F || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return 0;
  return width;
}

bool EqualsNoCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if ((IsAsciiLetter(a[i]) ? a[i] | 0x20 : a[i]) != lower[i]) return false;
  return true;
}

// Elements whose content the tokenizer reads as raw text (RAWTEXT, RCDATA, script data): no run
// is taken from it. noscript is one when scripting is on; taking it as raw text only skips runs.
bool IsRawText(std::string_view name) {
  for (std::string_view raw : {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"})
    if (EqualsNoCase(name, raw)) return true;
  return false;
}

// A scan of the page that follows the HTML tokenizer's states closely enough to tell text in
// the data state from everything else. Where it might be wrong (foreign content, script data's
// escaped states, markup a tree builder reads otherwise) it either takes no run or its error is
// caught after the parse by ParsedHtml::RestoreRuns.
class RunFinder {
 public:
  RunFinder(std::string_view html, bool find_spaces) : s_(html), find_spaces_(find_spaces) {}

  PageScan Find() && {
    if (s_.find(static_cast<char>(kMarkLead)) != std::string_view::npos) return {};
    size_t i = 0;
    while (i < s_.size() && runs_.size() < kMaxRuns) {
      const size_t lt = s_.find('<', i);
      if (lt == std::string_view::npos) {
        Text(i, s_.size());
        break;
      }
      Text(i, lt);
      if (find_spaces_) SpaceOrParagraphText(i, lt);
      i = Markup(lt);
      if (find_spaces_) ParagraphMarkup(lt);
    }
    return {std::move(runs_), std::move(spaces_)};
  }

 private:
  // Where the scan is in the shape "<p>text</p>spaces<" (PageScan::spaces).
  enum class Paragraph { kNone, kOpened, kHasText, kClosed };

  // The text [begin, end) before a '<'.
  void SpaceOrParagraphText(size_t begin, size_t end) {
    if (paragraph_ == Paragraph::kOpened) {
      // a byte that is not a space makes a character token (only NUL is ignored, and it is not
      // above ' '): it reconstructs any formatting element the paragraph's close will leave out
      for (size_t k = begin; k < end; ++k)
        if (static_cast<unsigned char>(s_[k]) > ' ') {
          paragraph_ = Paragraph::kHasText;
          return;
        }
    } else if (paragraph_ == Paragraph::kClosed && begin < end && end - begin <= kMaxSpaceBytes) {
      size_t k = begin;
      while (k < end && IsHtmlSpace(s_[k])) ++k;
      if (k == end) spaces_.push_back({begin, end});
    }
    paragraph_ = Paragraph::kNone;
  }

  // The markup at lt, just read by Markup.
  void ParagraphMarkup(size_t lt) {
    const bool plain = foreign_depth_ == 0 && context_depth_ == 0 && !frameset_;
    if (plain && (s_.compare(lt, 3, "<p>") == 0 || s_.compare(lt, 3, "<P>") == 0)) {
      paragraph_ = Paragraph::kOpened;
    } else if (paragraph_ == Paragraph::kHasText && (s_.compare(lt, 4, "</p>") == 0 || s_.compare(lt, 4, "</P>") == 0)) {
      paragraph_ = Paragraph::kClosed;
    } else {
      paragraph_ = Paragraph::kNone;
    }
  }

  // Elements in which the tree builder places text and paragraphs otherwise than in a body (a
  // table fosters them out, a select or a frameset drops paragraphs, a template holds a
  // fragment): no space is left out inside them. An element closed implicitly leaves the count
  // high, which only stops leaving spaces out.
  static bool IsContextTag(std::string_view name) {
    for (std::string_view context : {"table", "select", "template"})
      if (EqualsNoCase(name, context)) return true;
    return false;
  }
  void NoteStartTag(std::string_view name) {
    if (IsContextTag(name)) ++context_depth_;
    if (EqualsNoCase(name, "frameset")) frameset_ = true;
  }
  void NoteEndTag(std::string_view name) {
    if (IsContextTag(name) && context_depth_ > 0) --context_depth_;
  }

  // Data-state text in [begin, end): its runs between breaking bytes.
  void Text(size_t begin, size_t end) {
    if (foreign_depth_ > 0 || end - begin < kMinRunBytes) return;
    size_t i = begin;
    while (i < end) {
      size_t j = i;
      while (j < end) {
        const unsigned char c = static_cast<unsigned char>(s_[j]);
        if (c < 0x80) {
          if (kBreakers.ascii[c]) break;
          ++j;
        } else if (size_t width = KeptCharWidth(s_, j)) {
          j += width;  // a character never holds '<', so it ends before end
        } else {
          break;
        }
      }
      Candidate(i, j);
      i = j + 1;  // past the breaking byte
    }
  }

  // [begin, end) holds no breaking byte. The run is its text without the spaces around it (they
  // stay, so that a newline after <pre> and whitespace-only text are what they were); it must
  // follow a space or '>' (not the name of a character reference, not the page's first bytes,
  // which may be a byte order mark), and must not end in what,
  // with a '>' after it, ends a comment or CDATA section ("--", "--!", "]]").
  void Candidate(size_t begin, size_t end) {
    if (end - begin < kMinRunBytes) return;
    size_t b = begin;
    if (b == 0 || (!IsHtmlSpace(s_[b - 1]) && s_[b - 1] != '>'))
      while (b < end && !IsHtmlSpace(s_[b])) ++b;
    while (b < end && IsHtmlSpace(s_[b])) ++b;
    size_t e = end;
    while (e > b && IsHtmlSpace(s_[e - 1])) --e;
    if (e - b < kMinRunBytes) return;
    if (e < s_.size() && s_[e] == '>' && (s_[e - 1] == '-' || s_[e - 1] == '!' || s_[e - 1] == ']')) return;
    runs_.push_back({b, e});
  }

  // The markup at s_[lt] == '<'; returns where data-state text starts again.
  size_t Markup(size_t lt) {
    const size_t n = s_.size();
    if (lt + 1 >= n) return n;
    const char c = s_[lt + 1];
    if (c == '!') {
      if (s_.compare(lt, 4, "<!--") == 0) return CommentEnd(lt + 4);
      if (foreign_depth_ > 0 && s_.compare(lt, 9, "<![CDATA[") == 0) return After(s_.find("]]>", lt + 9), 3);
      return After(s_.find('>', lt + 2), 1);  // DOCTYPE, bogus comment
    }
    if (c == '?') return After(s_.find('>', lt + 2), 1);
    if (c == '/') {
      if (lt + 2 >= n) return n;
      if (s_[lt + 2] == '>') return lt + 3;
      if (!IsAsciiLetter(s_[lt + 2])) return After(s_.find('>', lt + 2), 1);  // bogus comment
      Tag tag = ScanTag(lt + 2);
      if (foreign_depth_ > 0 && (EqualsNoCase(tag.name, "svg") || EqualsNoCase(tag.name, "math"))) --foreign_depth_;
      if (foreign_depth_ == 0) NoteEndTag(tag.name);
      return tag.end;
    }
    if (!IsAsciiLetter(c)) return lt + 1;  // a '<' in text
    Tag tag = ScanTag(lt + 1);
    if (tag.end >= n) return n;
    if (EqualsNoCase(tag.name, "svg") || EqualsNoCase(tag.name, "math")) {
      if (!tag.self_closing) ++foreign_depth_;
      return tag.end;
    }
    if (foreign_depth_ > 0) return tag.end;
    NoteStartTag(tag.name);
    if (EqualsNoCase(tag.name, "plaintext")) return n;
    if (IsRawText(tag.name)) return RawTextEnd(tag.end, tag.name);
    return tag.end;
  }

  size_t After(size_t found, size_t length) const { return found == std::string_view::npos ? s_.size() : found + length; }

  // The end of a comment whose text starts at i: "<!-->", "<!--->", or "--" then '>' or "!>".
  size_t CommentEnd(size_t i) const {
    const size_t n = s_.size();
    if (i < n && s_[i] == '>') return i + 1;
    if (i + 1 < n && s_[i] == '-' && s_[i + 1] == '>') return i + 2;
    for (size_t k = s_.find("--", i); k != std::string_view::npos; k = s_.find("--", k + 1)) {
      size_t m = k + 2;
      while (m < n && s_[m] == '-') ++m;
      if (m < n && s_[m] == '>') return m + 1;
      if (m + 1 < n && s_[m] == '!' && s_[m + 1] == '>') return m + 2;
    }
    return n;
  }

  // Where the raw text after a start tag ends: at its end tag ("</name" then a space, '/' or
  // '>'), which the main loop then reads as markup.
  size_t RawTextEnd(size_t i, std::string_view name) const {
    const size_t n = s_.size();
    const std::string lower = AsciiLower(name);
    for (size_t k = s_.find("</", i); k != std::string_view::npos; k = s_.find("</", k + 2)) {
      const size_t after = k + 2 + name.size();
      if (after >= n) break;
      if (EqualsNoCase(s_.substr(k + 2, name.size()), lower) &&
          (IsHtmlSpace(s_[after]) || s_[after] == '/' || s_[after] == '>'))
        return k;
    }
    return n;
  }

  static std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
      if (IsAsciiLetter(c)) c |= 0x20;
    return out;
  }

  struct Tag {
    std::string_view name;
    size_t end = 0;  // after its '>', or the page's end
    bool self_closing = false;
  };

  // A start or end tag whose name starts at i, read as the tokenizer's tag and attribute states
  // do (quoted values may hold '>').
  Tag ScanTag(size_t i) const {
    const size_t n = s_.size();
    Tag tag;
    size_t j = i;
    while (j < n && !IsHtmlSpace(s_[j]) && s_[j] != '/' && s_[j] != '>') ++j;
    tag.name = s_.substr(i, j - i);
    tag.end = n;
    while (j < n) {
      const char c = s_[j];
      if (IsHtmlSpace(c)) {
        ++j;
      } else if (c == '>') {
        tag.end = j + 1;
        return tag;
      } else if (c == '/') {
        ++j;
        if (j < n && s_[j] == '>') {
          tag.self_closing = true;
          tag.end = j + 1;
          return tag;
        }
      } else {
        // an attribute: its name (the first character may be '='), then maybe '=' and a value
        ++j;
        while (j < n && !IsHtmlSpace(s_[j]) && s_[j] != '/' && s_[j] != '>' && s_[j] != '=') ++j;
        while (j < n && IsHtmlSpace(s_[j])) ++j;
        if (j >= n || s_[j] != '=') continue;
        ++j;
        while (j < n && IsHtmlSpace(s_[j])) ++j;
        if (j >= n) break;
        if (s_[j] == '"' || s_[j] == '\'') {
          const size_t close = s_.find(s_[j], j + 1);
          if (close == std::string_view::npos) break;
          j = close + 1;
        } else {
          while (j < n && !IsHtmlSpace(s_[j]) && s_[j] != '>') ++j;
        }
      }
    }
    return tag;
  }

  std::string_view s_;
  bool find_spaces_;
  std::vector<TextRun> runs_, spaces_;
  int foreign_depth_ = 0;  // inside <svg> or <math>: no run is taken there
  int context_depth_ = 0;  // inside table, select or template (IsContextTag)
  bool frameset_ = false;
  Paragraph paragraph_ = Paragraph::kNone;
};

// What a text node's string becomes once ParsedHtml::ReleaseText has freed it: empty, and never
// freed again.
char kReleasedText[1] = "";

void* Allocate(void*, size_t size) { return std::malloc(size); }
void Deallocate(void*, void* p) {
  if (p != kReleasedText) std::free(p);
}

// Text freed by ReleaseText is given back to the kernel after this much: the allocator's pages
// are free only once every string on them is, and then only ReturnFreedMemory hands them back.
constexpr size_t kReleaseStepBytes = size_t{4} << 20;

// Parse errors are not kept: tally reads real pages, nearly all of which have some, and
// recording them costs an allocation each. The allocator is named so that RestoreRuns can
// replace a text node's string with one gumbo will free.
const GumboOptions& ParseOptions() {
  static const GumboOptions options = [] {
    GumboOptions o = kGumboDefaultOptions;
    o.max_errors = 0;
    o.allocator = Allocate;
    o.deallocator = Deallocate;
    return o;
  }();
  return options;
}

void AppendPlaceholder(size_t k, std::string* out) {
  for (size_t part : {k >> 12, k & 0xFFF}) {
    out->push_back(static_cast<char>(kMarkLead));
    out->push_back(static_cast<char>(0x80 | (part >> 6)));
    out->push_back(static_cast<char>(0x80 | (part & 0x3F)));
  }
}

// The run number of the placeholder at s[i] (s[i] == kMarkLead), or npos when malformed.
size_t ReadPlaceholder(std::string_view s, size_t i) {
  if (i + kPlaceholderBytes > s.size()) return std::string_view::npos;
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (b(3) != kMarkLead) return std::string_view::npos;
  for (size_t k : {1, 2, 4, 5})
    if ((b(k) & 0xC0) != 0x80) return std::string_view::npos;
  const size_t high = (b(1) & 0x3Fu) << 6 | (b(2) & 0x3Fu), low = (b(4) & 0x3Fu) << 6 | (b(5) & 0x3Fu);
  return high << 12 | low;
}

// Text in these elements was read by the tokenizer as raw text: a placeholder there means the
// scan misread the page.
bool HoldsRawText(const GumboNode* parent) {
  if (!parent || parent->type != GUMBO_NODE_ELEMENT) return false;
  switch (parent->v.element.tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TITLE: case GUMBO_TAG_XMP:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_PLAINTEXT:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<TextRun> FindTextRuns(std::string_view html) { return RunFinder(html, false).Find().runs; }

PageScan ScanPage(std::string_view html, bool find_spaces) { return RunFinder(html, find_spaces).Find(); }

ParsedHtml::ParsedHtml(std::string_view html, bool with_placeholders, std::string* release, Spaces spaces) {
  PageScan scan;
  if (with_placeholders) scan = ScanPage(html, spaces == Spaces::kLeftOutAfterParagraphs);
  const std::vector<TextRun>& runs = scan.runs;
  if (runs.empty()) {
    Parse(html);
    return;
  }
  size_t replaced = 0, left_out = 0;
  for (const TextRun& r : runs) replaced += r.end - r.begin;
  for (const TextRun& r : scan.spaces) left_out += r.end - r.begin;
  buffer_.reserve(html.size() - replaced - left_out + runs.size() * kPlaceholderBytes);  // its exact size
  run_text_.reserve(runs.size());
  left_out_.reserve(scan.spaces.size());
  left_out_text_.reserve(left_out);
  // runs and spaces are disjoint (a run holds no space at its ends), each in page order
  size_t at = 0, space = 0;
  const auto leave_out_spaces_before = [&](size_t end) {
    for (; space < scan.spaces.size() && scan.spaces[space].begin < end; ++space) {
      const TextRun& r = scan.spaces[space];
      buffer_.append(html, at, r.begin - at);
      left_out_.push_back(uint64_t{buffer_.size()} << kSpaceLengthBits | (r.end - r.begin));
      left_out_text_.append(html, r.begin, r.end - r.begin);
      at = r.end;
    }
  };
  for (size_t k = 0; k < runs.size(); ++k) {
    leave_out_spaces_before(runs[k].begin);
    buffer_.append(html, at, runs[k].begin - at);
    AppendPlaceholder(k, &buffer_);
    const size_t length = runs[k].end - runs[k].begin;
    char* text = static_cast<char*>(std::malloc(length + 1));
    if (!text) {
      FreeRuns();
      throw std::bad_alloc();
    }
    std::memcpy(text, html.data() + runs[k].begin, length);
    text[length] = '\0';
    run_text_.push_back(text);
    at = runs[k].end;
  }
  leave_out_spaces_before(html.size());
  buffer_.append(html, at);
  scan = {};
  if (release) {
    // from here on the page is buffer_, run_text_ and the spaces left out
    const size_t freed = release->capacity();
    std::string().swap(*release);
    html = {};
    if (freed >= kReturnMemoryBytes) ReturnFreedMemory();
  }
  Parse(buffer_);
  if (RestoreRuns()) {
    path_ = Path::kPlaceholders;
    runs_ = run_text_.size();
    spaces_left_out_ = left_out_.size();
    FreeRuns();  // all taken by the tree: only the pointers are left
    return;
  }
  Destroy();
  if (release) {
    *release = PageAgain();
    html = *release;
  }
  FreeRuns();
  std::string().swap(buffer_);
  Parse(html);
  path_ = Path::kReparsed;
}

ParsedHtml::~ParsedHtml() {
  Destroy();
  FreeRuns();
}

void ParsedHtml::Parse(std::string_view bytes) {
  out_ = gumbo_parse_with_options(&ParseOptions(), bytes.data(), bytes.size());
}

void ParsedHtml::Destroy() {
  if (out_) gumbo_destroy_output(&ParseOptions(), out_);
  out_ = nullptr;
}

void ParsedHtml::FreeRuns() {
  for (char* text : run_text_) std::free(text);
  std::vector<char*>().swap(run_text_);
  std::vector<uint64_t>().swap(left_out_);
  std::string().swap(left_out_text_);
}

std::string ParsedHtml::PageAgain() const {
  std::string page;
  size_t size = buffer_.size() + left_out_text_.size();
  for (const char* text : run_text_) size += std::strlen(text);
  page.reserve(size);
  size_t at = 0, space = 0, space_text = 0;
  size_t mark = buffer_.find(static_cast<char>(kMarkLead));
  for (;;) {
    const size_t space_at = space < left_out_.size() ? left_out_[space] >> kSpaceLengthBits : std::string::npos;
    if (mark == std::string::npos && space_at == std::string::npos) break;
    if (space_at < mark) {  // a space sits before a '<', never at a placeholder
      const size_t length = left_out_[space++] & ((uint64_t{1} << kSpaceLengthBits) - 1);
      page.append(buffer_, at, space_at - at);
      page.append(left_out_text_, space_text, length);
      space_text += length;
      at = space_at;
      continue;
    }
    // buffer_ holds no other byte 0xEE (FindTextRuns takes no run from such a page)
    const size_t k = ReadPlaceholder(buffer_, mark);
    page.append(buffer_, at, mark - at);
    page.append(run_text_[k]);
    at = mark + kPlaceholderBytes;
    mark = buffer_.find(static_cast<char>(kMarkLead), at);
  }
  page.append(buffer_, at);
  return page;
}

void ParsedHtml::ReleaseText(const GumboNode* text_node) {
  // the tree is this object's, made by gumbo in memory that is not const
  GumboNode* n = const_cast<GumboNode*>(text_node);
  if (n->v.text.text == kReleasedText) return;
  released_ += std::strlen(n->v.text.text);
  std::free(const_cast<char*>(n->v.text.text));
  n->v.text.text = kReleasedText;
  if (released_ >= kReleaseStepBytes) {
    ReturnFreedMemory();
    released_ = 0;
  }
}

// The paragraph's text reconstructed a formatting element (its first child) that its </p> closed
// again; a space after it would have reconstructed that element once more, around the space and
// what follows, so a tree without the space could differ there.
bool ParsedHtml::FollowedBySpaceLeftOut(const GumboNode* paragraph) const {
  const GumboStringPiece& end_tag = paragraph->v.element.original_end_tag;
  if (!end_tag.data || end_tag.data < buffer_.data() || end_tag.data > buffer_.data() + buffer_.size()) return false;
  const uint64_t after = static_cast<uint64_t>(end_tag.data + end_tag.length - buffer_.data());
  const auto it = std::lower_bound(left_out_.begin(), left_out_.end(), after << kSpaceLengthBits);
  return it != left_out_.end() && (*it >> kSpaceLengthBits) == after;
}

bool ParsedHtml::RestoreRuns() {
  // First every placeholder is checked, with the tree left as it is, so that a page the scan
  // misread is parsed again from an intact page; then the text nodes take their runs.
  std::vector<bool> seen(run_text_.size(), false);
  std::vector<GumboNode*> marked;  // text nodes holding placeholders
  size_t found = 0;
  std::vector<GumboNode*> stack{out_->document};
  while (!stack.empty()) {
    GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT) {
      std::string_view s = n->v.text.text;
      size_t mark = s.find(static_cast<char>(kMarkLead));
      if (mark == std::string_view::npos) continue;
      if (HoldsRawText(n->parent)) return false;
      for (; mark != std::string_view::npos; mark = s.find(static_cast<char>(kMarkLead), mark + kPlaceholderBytes)) {
        const size_t k = ReadPlaceholder(s, mark);
        if (k >= run_text_.size() || seen[k]) return false;
        seen[k] = true;
        ++found;
      }
      marked.push_back(n);
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE && n->type != GUMBO_NODE_DOCUMENT) continue;
    const GumboVector& kids = n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
    if (!left_out_.empty() && n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_P && kids.length > 0 &&
        (static_cast<const GumboNode*>(kids.data[0])->parse_flags & GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT) &&
        FollowedBySpaceLeftOut(n))
      return false;
    for (unsigned i = 0; i < kids.length; ++i) stack.push_back(static_cast<GumboNode*>(kids.data[i]));
  }
  if (found != run_text_.size()) return false;
  std::vector<bool>().swap(seen);
  std::string text;
  for (GumboNode* n : marked) {
    std::string_view s = n->v.text.text;
    char* restored;
    if (s.size() == kPlaceholderBytes) {
      // the node is one run, as a paragraph's text mostly is: it takes the run's copy
      const size_t k = ReadPlaceholder(s, 0);
      restored = run_text_[k];
      run_text_[k] = nullptr;
    } else {
      text.clear();
      size_t at = 0;
      for (size_t mark = s.find(static_cast<char>(kMarkLead)); mark != std::string_view::npos;
           mark = s.find(static_cast<char>(kMarkLead), at)) {
        const size_t k = ReadPlaceholder(s, mark);
        text.append(s, at, mark - at);
        text.append(run_text_[k]);
        std::free(run_text_[k]);
        run_text_[k] = nullptr;
        at = mark + kPlaceholderBytes;
      }
      text.append(s, at);
      restored = static_cast<char*>(std::malloc(text.size() + 1));
      if (!restored) throw std::bad_alloc();
      std::memcpy(restored, text.c_str(), text.size() + 1);
    }
    std::free(const_cast<char*>(n->v.text.text));
    n->v.text.text = restored;
  }
  return true;
}

}  // namespace tally
