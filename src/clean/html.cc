// HTML pages with gumbo: the page's metadata, and the glue around main-text extraction
// (html_content.cc).
#include <gumbo.h>
#include <simdjson.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "clean/clean.h"
#include "clean/html_dom.h"
#include "common/text.h"
#include "dates/dates.h"

namespace tally {

std::string_view TagName(const GumboNode* n) {
  if (n->type != GUMBO_NODE_ELEMENT) return {};
  if (n->v.element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(n->v.element.tag);
  GumboStringPiece piece = n->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return std::string_view(piece.data, piece.length);
}

std::string TextOf(const GumboNode* root) {
  std::string s;
  Walk(root, [&](const GumboNode* n) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
      s += n->v.text.text;
      s += ' ';
    }
    return true;
  });
  return NormalizeSpaces(s);
}

namespace {

// The page's metadata: title, dates, url, outlet.
class MetadataReader {
 public:
  explicit MetadataReader(HtmlPage* page) : page_(*page) {}

  void ReadMetadata(const GumboNode* root) {
    std::string time_datetime;
    Walk(root, [&](const GumboNode* n) {
      if (n->type != GUMBO_NODE_ELEMENT) return true;
      GumboTag t = n->v.element.tag;
      if (t == GUMBO_TAG_META) {
        std::string key = AsciiLowerCopy(!Attr(n, "property").empty() ? Attr(n, "property")
                                         : !Attr(n, "name").empty()   ? Attr(n, "name")
                                                                      : Attr(n, "itemprop"));
        std::string_view content = Attr(n, "content");
        if (key == "article:published_time" || key == "datepublished" || key == "date" || key == "pubdate" ||
            key == "publishdate" || key == "dc.date.issued" || key == "parsely-pub-date" || key == "og:published_time")
          SetDate(content);
        else if (key == "og:title" && page_.title.empty()) page_.title = std::string(TrimSpaces(content));
        else if (key == "og:site_name" && page_.outlet.empty()) page_.outlet = std::string(TrimSpaces(content));
        else if (key == "og:url" && page_.url.empty()) page_.url = std::string(TrimSpaces(content));
      } else if (t == GUMBO_TAG_LINK && Attr(n, "rel") == "canonical" && page_.url.empty()) {
        page_.url = std::string(Attr(n, "href"));
      } else if (t == GUMBO_TAG_TITLE && page_.title.empty()) {
        title_fallback_ = std::string(TrimSpaces(TextOf(n)));
      } else if (t == GUMBO_TAG_SCRIPT && Attr(n, "type") == "application/ld+json") {
        ReadJsonLd(TextOf(n));
      } else if (TagName(n) == "time" && time_datetime.empty()) {
        time_datetime = std::string(Attr(n, "datetime"));
      }
      return true;
    });
    if (date_.empty() && !time_datetime.empty()) SetDate(time_datetime);
    page_.date = date_;
    if (page_.title.empty()) page_.title = title_fallback_;
  }

  void SetDate(std::string_view value) {
    if (!date_.empty()) return;
    if (auto d = NormalizeIsoDate(value.substr(0, 10))) date_ = *d;
  }

  void ReadJsonLd(const std::string& json) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(json).get(root)) return;
    // datePublished may sit at the top, in an array, or in "@graph"
    std::vector<simdjson::dom::element> stack{root};
    constexpr size_t kMaxNodes = 10000;
    for (size_t visited = 0; !stack.empty() && visited < kMaxNodes; ++visited) {
      simdjson::dom::element e = stack.back();
      stack.pop_back();
      if (e.is_array()) {
        for (simdjson::dom::element c : simdjson::dom::array(e)) stack.push_back(c);
      } else if (e.is_object()) {
        for (auto field : simdjson::dom::object(e)) {
          std::string_view s;
          if (field.key == "datePublished" && !field.value.get_string().get(s)) SetDate(s);
          else if (field.key == "headline" && page_.title.empty() && !field.value.get_string().get(s))
            page_.title = std::string(s);
          else if (field.value.is_array() || field.value.is_object()) stack.push_back(field.value);
        }
      }
    }
  }

  HtmlPage& page_;
  std::string date_, title_fallback_;
};

// Parse errors are not kept: tally reads real pages, nearly all of which have some, and
// recording them costs an allocation each.
const GumboOptions& ParseOptions() {
  static const GumboOptions options = [] {
    GumboOptions o = kGumboDefaultOptions;
    o.max_errors = 0;
    return o;
  }();
  return options;
}

}  // namespace

size_t FindNestingCut(std::string_view html, size_t max_depth) {
  // From the HTML standard: elements without content, elements whose content is raw text, and
  // elements a parser closes by itself when a sibling starts (so they do not nest).
  static constexpr std::string_view kVoid[] = {"area", "base", "br", "col", "embed", "hr", "img",
                                               "input", "link", "meta", "param", "source", "track", "wbr"};
  static constexpr std::string_view kRawText[] = {"script", "style", "textarea", "title", "xmp", "iframe",
                                                  "noembed", "noframes", "plaintext"};
  static constexpr std::string_view kSelfClosing[] = {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td",
                                                      "th", "tbody", "thead", "tfoot", "rb", "rt", "rtc", "rp"};
  auto in = [](std::string_view name, const auto& set) {
    return std::find(std::begin(set), std::end(set), name) != std::end(set);
  };
  size_t depth = 0;
  std::string name;
  for (size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i)) {
    const size_t tag = i;
    if (html.compare(i, 4, "<!--") == 0) {
      size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    const bool closing = i + 1 < html.size() && html[i + 1] == '/';
    size_t j = i + (closing ? 2 : 1);
    name.clear();
    while (j < html.size() && (IsAsciiAlpha(html[j]) || IsAsciiDigit(html[j]) || html[j] == '-'))
      name.push_back(AsciiLower(html[j++]));
    if (name.empty() || !IsAsciiAlpha(name[0])) {
      i = j;  // "<" in text, "<!doctype", "<?xml"
      continue;
    }
    const size_t gt = html.find('>', j);
    if (gt == std::string_view::npos) break;
    i = gt + 1;
    if (in(name, kVoid) || in(name, kSelfClosing) || (!closing && html[gt - 1] == '/')) continue;
    if (closing) {
      if (depth > 0) --depth;
      continue;
    }
    if (in(name, kRawText)) {
      // its content is text up to its end tag, whatever it holds
      size_t end = i;
      while ((end = html.find("</", end)) != std::string_view::npos &&
             AsciiLowerCopy(html.substr(end + 2, name.size())) != name)
        end += 2;
      if (end == std::string_view::npos) break;
      i = end;
      continue;
    }
    if (++depth > max_depth) return tag;
  }
  return std::string_view::npos;
}

std::string HtmlToPlainText(std::string_view html) {
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> out(
      gumbo_parse_with_options(&ParseOptions(), html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&ParseOptions(), o); });
  std::string text;
  // inline elements join their text to the words around them; every other element is a break
  static constexpr GumboTag kInline[] = {GUMBO_TAG_A,    GUMBO_TAG_B,     GUMBO_TAG_I,    GUMBO_TAG_EM,
                                         GUMBO_TAG_STRONG, GUMBO_TAG_SPAN, GUMBO_TAG_SUB, GUMBO_TAG_SUP,
                                         GUMBO_TAG_SMALL, GUMBO_TAG_ABBR, GUMBO_TAG_CODE, GUMBO_TAG_U,
                                         GUMBO_TAG_S,    GUMBO_TAG_MARK,  GUMBO_TAG_CITE, GUMBO_TAG_Q,
                                         GUMBO_TAG_TIME, GUMBO_TAG_FONT,  GUMBO_TAG_BIG,  GUMBO_TAG_DFN};
  std::vector<const GumboNode*> stack{out->root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!n) {
      text += "\n\n";
      continue;
    }
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
      text += n->v.text.text;
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
    const GumboVector* kids = &n->v.document.children;
    if (n->type == GUMBO_NODE_ELEMENT) {
      const GumboTag t = n->v.element.tag;
      if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_HEAD || t == GUMBO_TAG_TEMPLATE) continue;
      if (std::find(std::begin(kInline), std::end(kInline), t) == std::end(kInline)) {
        text += "\n\n";
        stack.push_back(nullptr);
      }
      kids = &n->v.element.children;
    }
    for (unsigned i = kids->length; i > 0; --i) stack.push_back(static_cast<const GumboNode*>(kids->data[i - 1]));
  }
  return text;
}

HtmlPage ExtractHtml(const CleanLexicon& lexicon, std::string_view html, size_t max_depth) {
  HtmlPage page;
  page.cut_at = FindNestingCut(html, max_depth);
  if (page.cut_at != std::string_view::npos) html = html.substr(0, page.cut_at);
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> out(
      gumbo_parse_with_options(&ParseOptions(), html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&ParseOptions(), o); });
  MetadataReader(&page).ReadMetadata(out->root);
  page.text = MainText(lexicon, out->root);
  return page;
}

}  // namespace tally
