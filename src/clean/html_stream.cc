// Very large web pages (above kStreamedPageBytes, limits.h): read with libxml2's HTML push parser
// and SAX callbacks, in pieces, building no tree. What content scoring reads (html_content.h) is
// built as the page goes by: an element list with the facts gumbo's path counts per element, each
// element's range of the page's text, and the text itself, once. The page's metadata comes from
// a small page made of the elements that carry it (meta, link, title, JSON-LD, time, bylines),
// read by the same code as a parsed page's. docs/html.md ("Very large pages") says how the two
// paths differ; docs/robustness.md ("Eighth pass") what it saves.
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "clean/html_content.h"
#include "common/text.h"

namespace tally {
namespace {

// Real pages hold an element every 100-200 bytes (html-dev); the list is reserved for one every 32.
constexpr size_t kPageBytesPerElement = 32;

// libxml2 reports through a global handler; a page's errors are not the user's concern.
void Quiet(void*, const char*, ...) {}

void AppendEscaped(std::string* out, std::string_view s, bool attribute) {
  for (char c : s) {
    if (c == '&') *out += "&amp;";
    else if (c == '<') *out += "&lt;";
    else if (c == '"' && attribute) *out += "&quot;";
    else out->push_back(c);
  }
}

class StreamBuilder {
 public:
  StreamBuilder(const CleanLexicon& lex, StreamedPage* page, size_t max_depth, size_t elements)
      : lex_(lex), page_(*page), max_depth_(max_depth) {
    last_child_.reserve(elements);
  }

  void set_context(htmlParserCtxtPtr ctxt) { ctxt_ = ctxt; }
  void set_fed(size_t fed) { fed_ = fed; }
  size_t cut_at() const { return cut_at_; }

  // Closes what is still open (a page cut short, or ended without its end tags).
  // Node 0, the root, is the html element (libxml2 implies one, as gumbo does) and holds the
  // whole text.
  void Finish() {
    EndRun();
    while (!open_.empty()) Close();
    if (page_.nodes.empty()) {
      ContentNode html;
      html.element = true;
      html.tag = GUMBO_TAG_HTML;
      AddNode(html, -1);
    }
    page_.text_begin[0] = 0;
    page_.text_end[0] = static_cast<uint32_t>(page_.text.size());
  }

  // The page of the elements that carry metadata, in page order, for MetadataReader.
  std::string MetadataPage() const {
    std::string out = "<!DOCTYPE html><html";
    if (!lang_.empty()) {
      out += " lang=\"";
      AppendEscaped(&out, lang_, true);
      out += '"';
    }
    out += "><body>";
    for (const Captured& c : captured_) {
      out += c.open;
      if (c.raw) {
        // JSON: "</" only in strings, where "<\/" reads the same
        for (size_t i = 0; i < c.text.size(); ++i) {
          out.push_back(c.text[i]);
          if (c.text[i] == '<' && i + 1 < c.text.size() && c.text[i + 1] == '/') out.push_back('\\');
        }
      } else {
        AppendEscaped(&out, c.text, false);
      }
      out += c.close;
    }
    return out + "</body></html>";
  }

  static void OnStart(void* self, const xmlChar* name, const xmlChar** atts) {
    static_cast<StreamBuilder*>(self)->Start(reinterpret_cast<const char*>(name), reinterpret_cast<const char**>(atts));
  }
  static void OnEnd(void* self, const xmlChar*) { static_cast<StreamBuilder*>(self)->End(); }
  static void OnText(void* self, const xmlChar* ch, int len) {
    static_cast<StreamBuilder*>(self)->Text(std::string_view(reinterpret_cast<const char*>(ch), static_cast<size_t>(len)));
  }

 private:
  struct Captured {
    std::string open, text, close;
    size_t limit = kMaxTextBytes;
    bool raw = false;  // JSON-LD: written as it is
  };
  // Bounds on what is kept for the metadata: a page of a million meta tags costs no more.
  static constexpr size_t kMaxCaptured = 5000, kMaxOthers = 64;
  static constexpr size_t kMaxTextBytes = size_t{64} << 10, kMaxJsonBytes = size_t{1} << 20;
  static constexpr size_t kMaxCapturedBytes = size_t{4} << 20;

  struct Attributes {
    std::string_view cls, id, role, style, aria_hidden, rel, type, itemprop, datetime, href, lang;
    bool hidden = false;
  };

  static Attributes ReadAttributes(const char** atts) {
    Attributes a;
    for (size_t i = 0; atts && atts[i]; i += 2) {
      const std::string_view key = atts[i];
      const std::string_view value = atts[i + 1] ? std::string_view(atts[i + 1]) : std::string_view();
      if (key == "class") a.cls = value;
      else if (key == "id") a.id = value;
      else if (key == "role") a.role = value;
      else if (key == "style") a.style = value;
      else if (key == "aria-hidden") a.aria_hidden = value;
      else if (key == "hidden") a.hidden = true;
      else if (key == "rel") a.rel = value;
      else if (key == "type") a.type = value;
      else if (key == "itemprop") a.itemprop = value;
      else if (key == "datetime") a.datetime = value;
      else if (key == "href") a.href = value;
      else if (key == "lang") a.lang = value;
    }
    return a;
  }

  void Start(const char* name_chars, const char** atts) {
    if (cut_at_ != std::string_view::npos) return;
    EndRun();
    const std::string_view name = name_chars;
    const Attributes a = ReadAttributes(atts);
    if (open_.size() >= max_depth_) {
      // as FindNestingCut does for gumbo: the page is read up to the tag that passes the limit
      const long consumed = xmlByteConsumed(ctxt_);  // of all the pieces fed, about where the tag is
      cut_at_ = consumed >= 0 ? static_cast<size_t>(consumed) : fed_;
      xmlStopParser(ctxt_);
      return;
    }
    SpaceCaptures();
    Capture(name, a, atts);
    if (skipping_ > 0) {
      ++skipping_;
      open_.push_back(-1);
      return;
    }
    // an element after the root's end (libxml2 reads on after </html>) goes back into it
    const int32_t parent = !open_.empty() ? open_.back() : page_.nodes.empty() ? -1 : 0;
    ContentNode n;
    n.element = true;
    n.tag = gumbo_tag_enum(name_chars);
    n.in_link = (parent >= 0 && page_.nodes[parent].in_link) || n.tag == GUMBO_TAG_A;
    if (SkippedElement(lex_, name, a.hidden, a.aria_hidden, a.style)) {
      n.skipped = true;
      skipping_ = 1;
    } else {
      ReadElementNames(lex_, name, a.cls, a.id, a.role, &n);
    }
    n.block_tag = lex_.html_block_tags.count(name) > 0;
    const int32_t i = AddNode(n, parent);
    uint32_t cls = 0;
    if (!a.cls.empty()) cls = class_ids_.try_emplace(std::string(a.cls), class_ids_.size() + 1).first->second;
    page_.class_id[i] = cls;
    open_.push_back(i);
  }

  void End() {
    if (cut_at_ != std::string_view::npos || open_.empty()) return;
    EndRun();
    EndCapture();
    SpaceCaptures();
    Close();
  }

  void Close() {
    const int32_t node = open_.back();
    open_.pop_back();
    if (skipping_ > 0) --skipping_;
    if (node >= 0) page_.text_end[node] = static_cast<uint32_t>(page_.text.size());
  }

  void Text(std::string_view s) {
    if (cut_at_ != std::string_view::npos) return;
    for (size_t c : capturing_) {
      Captured& cap = captured_[c];
      const size_t room = cap.limit - std::min(cap.limit, cap.text.size());
      if (room > 0 && captured_bytes_ < kMaxCapturedBytes) {
        const std::string_view part = s.substr(0, room);
        cap.text.append(part);
        captured_bytes_ += part.size();
      }
    }
    if (skipping_ > 0 || text_full_) return;
    if (!page_.text.Append(s)) text_full_ = true;
  }

  int32_t AddNode(const ContentNode& n, int32_t parent) {
    const int32_t i = static_cast<int32_t>(page_.nodes.size());
    page_.nodes.push_back(n);
    page_.nodes.back().parent = parent;
    last_child_.push_back(-1);
    if (parent >= 0) {
      ContentNode& p = page_.nodes[parent];
      if (last_child_[parent] < 0) p.first_child = i;
      else page_.nodes[last_child_[parent]].next_sibling = i;
      last_child_[parent] = i;
    }
    const uint32_t at = static_cast<uint32_t>(page_.text.size());
    page_.text_begin.push_back(at);
    page_.text_end.push_back(at);
    page_.class_id.push_back(0);
    return i;
  }

  // A tag ends the text run before it: counted as gumbo's path counts a text node, for the
  // element it is in.
  void EndRun() {
    const size_t end = page_.text.size();
    if (end == run_start_) return;
    const std::string_view run = TrimSpaces(page_.text.view().substr(run_start_, end - run_start_));
    run_start_ = end;
    const int32_t at = open_.empty() ? -1 : open_.back();
    if (at < 0 || run.empty()) return;
    ContentNode& n = page_.nodes[at];
    n.text += static_cast<uint32_t>(run.size());
    if (n.in_link) n.link_text += static_cast<uint32_t>(run.size());
    n.commas += static_cast<uint32_t>(std::count(run.begin(), run.end(), ','));
  }

  // The elements MetadataReader (html.cc) reads, as a small page: each with the attributes it
  // reads and, for those whose text it reads, their text.
  void Capture(std::string_view name, const Attributes& a, const char** atts) {
    if (name == "html" && lang_.empty()) lang_ = std::string(a.lang);
    if (captured_.size() >= kMaxCaptured || captured_bytes_ >= kMaxCapturedBytes) return;
    Captured c;
    const auto attribute = [&](std::string_view key, std::string_view value) {
      if (value.empty()) return;
      c.open += ' ';
      c.open += key;
      c.open += "=\"";
      AppendEscaped(&c.open, value, true);
      c.open += '"';
    };
    if (name == "meta") {
      c.open = "<meta";
      for (size_t i = 0; atts && atts[i]; i += 2)
        if (atts[i + 1]) attribute(atts[i], atts[i + 1]);
      c.open += '>';
      return Keep(std::move(c), false);
    }
    if (name == "link") {
      if (a.rel != "canonical") return;
      c.open = "<link rel=\"canonical\"";
      attribute("href", a.href);
      c.open += '>';
      return Keep(std::move(c), false);
    }
    bool text = true;
    if (name == "title") {
      if (titles_++ > 0) return;
      c.open = "<title", c.close = "</title>";
    } else if (name == "script") {
      if (a.type != "application/ld+json") return;
      c.open = "<script", c.close = "</script>", c.raw = true, c.limit = kMaxJsonBytes;
    } else if (name == "time") {
      if (a.datetime.empty()) return;
      c.open = "<time", c.close = "</time>", text = false;
    } else if (name == "a" || name == "h1") {
      c.open = "<" + std::string(name), c.close = "</" + std::string(name) + ">";
    } else {
      c.open = "<span", c.close = "</span>";
    }
    const bool byline = AsciiLowerCopy(a.cls).find("byline") != std::string::npos;
    if (name != "title" && name != "script" && name != "time" && a.itemprop != "author" &&
        !(name == "a" && a.rel == "author") && name != "h1" && !byline)
      return;
    if (name != "title" && name != "script" && ++others_ > kMaxOthers) return;
    attribute("type", a.type);
    attribute("datetime", a.datetime);
    attribute("itemprop", a.itemprop);
    attribute("rel", a.rel);
    attribute("class", a.cls);
    c.open += '>';
    Keep(std::move(c), text);
  }

  void Keep(Captured&& c, bool text) {
    captured_bytes_ += c.open.size() + c.close.size();
    captured_.push_back(std::move(c));
    if (text) capturing_.push_back(captured_.size() - 1);
    capture_depth_.push_back(text ? open_.size() + 1 : 0);  // its element is pushed next
  }

  // A tag inside a captured element separates its text as TextOf's space after each text node does.
  void SpaceCaptures() {
    for (size_t c : capturing_)
      if (!captured_[c].text.empty() && captured_[c].text.back() != ' ' && captured_[c].text.size() < captured_[c].limit)
        captured_[c].text.push_back(' ');
  }

  // An element ends: the capture it opened ends with it.
  void EndCapture() {
    while (!capturing_.empty() && capture_depth_[capturing_.back()] == open_.size()) capturing_.pop_back();
  }

  const CleanLexicon& lex_;
  StreamedPage& page_;
  const size_t max_depth_;
  htmlParserCtxtPtr ctxt_ = nullptr;
  std::vector<int32_t> open_;        // the node of each open element; -1 below a skipped one
  std::vector<int32_t> last_child_;  // of each node, while the list is built
  size_t skipping_ = 0;              // open elements from a skipped one down
  size_t run_start_ = 0;             // where the text run since the last tag starts
  std::unordered_map<std::string, uint32_t> class_ids_;
  size_t fed_ = 0;                   // page bytes given to the parser before the current piece
  size_t cut_at_ = std::string_view::npos;
  bool text_full_ = false;
  std::string lang_;
  std::vector<Captured> captured_;
  std::vector<size_t> capturing_;    // captures whose element is open, innermost last
  std::vector<size_t> capture_depth_;  // of each capture: open_.size() while its element is open
  size_t captured_bytes_ = 0, titles_ = 0, others_ = 0;
};

// Takes "</body>" and "</html>" out of the page as it is fed. An HTML5 parser (gumbo) reads on
// after them, into the body; libxml2's parser reads nothing after "</html>" (a page with more
// after its end, or pages one after the other, would lose the rest). Without them, libxml2 keeps
// the body open to the end, and a second <html> or <body> start tag it drops, as gumbo does.
class DocumentEndFilter {
 public:
  // Appends piece to out less those end tags; what could be the start of one at the end of piece
  // is held for the next piece (or given as it is when last).
  void Feed(std::string_view piece, bool last, std::string* out) {
    held_.append(piece);
    const std::string_view data = held_;
    size_t from = 0;
    for (size_t at = data.find("</"); at != std::string_view::npos; at = data.find("</", at + 2)) {
      const size_t end = EndOfDocumentTag(data, at);
      if (end == kMaybe && !last) {  // cut by the piece's end
        out->append(data.substr(from, at - from));
        held_.erase(0, at);
        return;
      }
      if (end == kMaybe || end == kNot) continue;
      out->append(data.substr(from, at - from));
      from = end;
    }
    out->append(data.substr(from));
    held_.clear();
  }

 private:
  static constexpr size_t kNot = std::string_view::npos, kMaybe = kNot - 1;
  static constexpr size_t kMaxSpaces = 16;

  // Where the "</body>" or "</html>" at data[at] ends; kNot if it is no such tag, kMaybe if
  // data ends before that can be told.
  static size_t EndOfDocumentTag(std::string_view data, size_t at) {
    size_t i = at + 2;
    for (size_t k = 0; k < 4; ++k, ++i) {
      if (i == data.size()) return kMaybe;
      const char c = AsciiLower(data[i]);
      if (c != "body"[k] && c != "html"[k]) return kNot;
    }
    const std::string_view name = data.substr(at + 2, 4);
    if (AsciiLowerCopy(name) != "body" && AsciiLowerCopy(name) != "html") return kNot;
    for (size_t spaces = 0;; ++i, ++spaces) {
      if (i == data.size()) return kMaybe;
      if (data[i] == '>') return i + 1;
      if (spaces == kMaxSpaces || !(data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r' || data[i] == '\f'))
        return kNot;
    }
  }

  std::string held_;
};

}  // namespace

void ReadStreamedPage(const CleanLexicon& lex, ByteSource& source, size_t max_depth, StreamedPage* page,
                      std::string* metadata_page, size_t* cut_at) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  xmlSetGenericErrorFunc(nullptr, Quiet);
  // The list and its columns reserved at once, for a page as dense in elements as real ones get:
  // grown by doubling, each would hold its old and new buffers as it copies, and the allocator
  // keep the old ones, at the point where the page's whole text is held. Address space only
  // until written; a denser page grows them as usual.
  const size_t elements = source.size() / kPageBytesPerElement;
  page->nodes.reserve(elements);
  for (std::vector<uint32_t>* column : {&page->text_begin, &page->text_end, &page->class_id}) column->reserve(elements);
  StreamBuilder builder(lex, page, max_depth, elements);
  htmlSAXHandler sax{};
  sax.startElement = StreamBuilder::OnStart;
  sax.endElement = StreamBuilder::OnEnd;
  sax.characters = StreamBuilder::OnText;
  sax.ignorableWhitespace = StreamBuilder::OnText;
  sax.cdataBlock = StreamBuilder::OnText;
  sax.warning = Quiet;
  sax.error = Quiet;
  sax.fatalError = Quiet;
  htmlParserCtxtPtr ctxt = htmlCreatePushParserCtxt(&sax, &builder, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
  if (ctxt) {
    builder.set_context(ctxt);
    htmlCtxtUseOptions(ctxt, HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD);
    constexpr size_t kPiece = size_t{1} << 20;
    std::vector<char> piece(kPiece);
    std::string filtered;
    DocumentEndFilter filter;
    size_t fed = 0;
    for (bool first = true;; first = false) {
      const size_t n = source.Read(piece.data(), kPiece);
      size_t skip = 0;
      if (first && n >= 3 && std::string_view(piece.data(), 3) == "\xEF\xBB\xBF") skip = 3;  // a byte-order mark
      filtered.clear();
      filter.Feed(std::string_view(piece.data() + skip, n - skip), n == 0, &filtered);
      builder.set_fed(fed);
      if (!filtered.empty()) htmlParseChunk(ctxt, filtered.data(), static_cast<int>(filtered.size()), 0);
      fed += n;
      if (n == 0 || builder.cut_at() != std::string_view::npos) break;
    }
    if (builder.cut_at() == std::string_view::npos) htmlParseChunk(ctxt, nullptr, 0, 1);
    htmlFreeParserCtxt(ctxt);
  }
  builder.Finish();
  *metadata_page = builder.MetadataPage();
  *cut_at = builder.cut_at();
}

}  // namespace tally
