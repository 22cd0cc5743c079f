// HTML pages with gumbo: the page's metadata, and the glue around main-text extraction
// (html_content.cc).
#include <gumbo.h>
#include <simdjson.h>

#include <algorithm>
#include <vector>

#include "clean/clean.h"
#include "clean/html_content.h"
#include "clean/html_dom.h"
#include "clean/html_parse.h"
#include "common/memory.h"
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

// The page's metadata. Each field takes the first value found in the order of trust:
// structured data and OpenGraph/meta tags before what the page's body shows.
class MetadataReader {
 public:
  explicit MetadataReader(HtmlPage* page) : page_(*page) {}

  void ReadMetadata(const GumboNode* root) {
    std::string time_datetime, itemprop_author, rel_author, byline, h1;
    Walk(root, [&](const GumboNode* n) {
      if (n->type != GUMBO_NODE_ELEMENT) return true;
      GumboTag t = n->v.element.tag;
      if (t == GUMBO_TAG_HTML) SetLanguage(Attr(n, "lang"));
      if (t == GUMBO_TAG_META) {
        ReadMeta(n);
      } else if (t == GUMBO_TAG_LINK && Attr(n, "rel") == "canonical") {
        canonical_ = std::string(TrimSpaces(Attr(n, "href")));
      } else if (t == GUMBO_TAG_TITLE && title_fallback_.empty()) {
        title_fallback_ = std::string(TrimSpaces(TextOf(n)));
      } else if (t == GUMBO_TAG_SCRIPT && Attr(n, "type") == "application/ld+json") {
        ReadJsonLd(TextOf(n));
      } else if (TagName(n) == "time" && time_datetime.empty()) {
        time_datetime = std::string(Attr(n, "datetime"));
      } else if (Attr(n, "itemprop") == "author" && itemprop_author.empty() && t != GUMBO_TAG_META) {
        itemprop_author = TextOf(n);
      } else if (t == GUMBO_TAG_A && Attr(n, "rel") == "author" && rel_author.empty()) {
        rel_author = TextOf(n);
      } else if (t == GUMBO_TAG_H1 && h1.empty()) {
        h1 = TextOf(n);
      } else if (byline.empty() && AsciiLowerCopy(Attr(n, "class")).find("byline") != std::string::npos) {
        byline = TextOf(n);
      }
      return true;
    });
    if (date_.empty() && !time_datetime.empty()) SetDate(time_datetime, &date_);
    page_.date = date_;
    page_.modified = modified_;
    if (page_.title.empty()) page_.title = title_fallback_;
    if (page_.title.empty()) page_.title = h1;
    SetAuthor(itemprop_author);
    SetAuthor(rel_author);
    SetAuthor(byline);
    // the canonical link names the page itself; og:url is often the site's front page
    if (!canonical_.empty()) page_.url = canonical_;
    if (page_.outlet.empty()) page_.outlet = Host(page_.url);
  }

 private:
  void ReadMeta(const GumboNode* n) {
    std::string key = AsciiLowerCopy(!Attr(n, "property").empty() ? Attr(n, "property")
                                     : !Attr(n, "name").empty()   ? Attr(n, "name")
                                                                  : Attr(n, "itemprop"));
    std::string_view content = TrimSpaces(Attr(n, "content"));
    if (key == "article:published_time" || key == "datepublished" || key == "date" || key == "pubdate" ||
        key == "publishdate" || key == "dc.date.issued" || key == "parsely-pub-date" || key == "og:published_time")
      SetDate(content, &date_);
    else if (key == "article:modified_time" || key == "og:updated_time" || key == "datemodified" ||
             key == "last-modified" || key == "dc.date.modified")
      SetDate(content, &modified_);
    else if (key == "og:title" && page_.title.empty()) page_.title = std::string(content);
    else if (key == "og:site_name" && page_.outlet.empty()) page_.outlet = std::string(content);
    else if (key == "og:url" && page_.url.empty()) page_.url = std::string(content);
    else if (key == "og:locale") SetLanguage(content);
    else if (key == "author" || key == "article:author" || key == "parsely-author" || key == "dc.creator" ||
             key == "sailthru.author")
      SetAuthor(content);
    if (AsciiLowerCopy(Attr(n, "http-equiv")) == "content-language") SetLanguage(content);
  }

  static void SetDate(std::string_view value, std::string* out) {
    if (!out->empty()) return;
    if (auto d = NormalizeIsoDate(value.substr(0, 10))) *out = *d;
  }

  // An author is a name: not a link to a profile, not a sentence.
  void SetAuthor(std::string_view value) {
    value = TrimSpaces(value);
    constexpr size_t kMaxNameBytes = 100;
    if (!page_.author.empty() || value.empty() || value.size() > kMaxNameBytes) return;
    if (value.starts_with("http://") || value.starts_with("https://") || value.starts_with("/")) return;
    std::string name = NormalizeSpaces(value);
    if (AsciiLowerCopy(name.substr(0, 3)) == "by ") name.erase(0, 3);
    page_.author = std::move(name);
  }

  // The primary language subtag, lower case: "en_GB" and "en-gb" are "en".
  void SetLanguage(std::string_view value) {
    value = TrimSpaces(value);
    if (!page_.language.empty() || value.empty()) return;
    size_t end = 0;
    while (end < value.size() && IsAsciiAlpha(value[end])) ++end;
    if (end < 2 || end > 3) return;
    page_.language = AsciiLowerCopy(value.substr(0, end));
  }

  static std::string Host(std::string_view url) {
    size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    url.remove_prefix(scheme + 3);
    url = url.substr(0, url.find_first_of("/?#:"));
    if (url.starts_with("www.")) url.remove_prefix(4);
    return AsciiLowerCopy(url);
  }

  void ReadJsonLd(const std::string& json) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(json).get(root)) return;
    // the fields may sit at the top, in an array, or in "@graph"
    std::vector<simdjson::dom::element> stack{root};
    constexpr size_t kMaxNodes = 10000;
    for (size_t visited = 0; !stack.empty() && visited < kMaxNodes; ++visited) {
      simdjson::dom::element e = stack.back();
      stack.pop_back();
      if (e.is_array()) {
        for (simdjson::dom::element c : simdjson::dom::array(e)) stack.push_back(c);
      } else if (e.is_object()) {
        for (auto field : simdjson::dom::object(e)) ReadJsonLdField(field.key, field.value, &stack);
      }
    }
  }

  void ReadJsonLdField(std::string_view key, simdjson::dom::element value, std::vector<simdjson::dom::element>* stack) {
    std::string_view s;
    const bool text = !value.get_string().get(s);
    if (key == "datePublished" && text) SetDate(s, &date_);
    else if (key == "dateModified" && text) SetDate(s, &modified_);
    else if (key == "headline" && text && page_.title.empty()) page_.title = std::string(s);
    else if (key == "articleBody" && text && s.size() > article_body.size()) article_body = std::string(s);
    else if (key == "inLanguage" && text) SetLanguage(s);
    else if (key == "author") ReadJsonLdName(value, [&](std::string_view name) { SetAuthor(name); });
    else if (key == "publisher")
      ReadJsonLdName(value, [&](std::string_view name) { if (page_.outlet.empty()) page_.outlet = std::string(name); });
    else if (value.is_array() || value.is_object()) stack->push_back(value);
  }

  // A person or organisation: a string, an object with "name", or a list of them.
  template <typename F>
  static void ReadJsonLdName(simdjson::dom::element value, F&& take) {
    std::string_view s;
    if (!value.get_string().get(s)) return take(s);
    if (value.is_array()) {
      for (simdjson::dom::element c : simdjson::dom::array(value)) ReadJsonLdName(c, take);
      return;
    }
    simdjson::dom::element name;
    if (value.is_object() && !value["name"].get(name) && !name.get_string().get(s)) take(s);
  }


 public:
  std::string article_body;  // JSON-LD articleBody, the longest

 private:
  HtmlPage& page_;
  std::string date_, modified_, title_fallback_, canonical_;
};

// JSON-LD articleBody as text a paragraph a line (some sites put HTML in it).
std::string ArticleBodyText(const std::string& body) {
  if (body.empty()) return {};
  std::string raw = body.find('<') != std::string::npos ? HtmlToPlainText(body) : body;
  std::string out;
  for (size_t at = 0; at < raw.size();) {
    size_t nl = raw.find('\n', at);
    if (nl == std::string::npos) nl = raw.size();
    std::string line = NormalizeSpaces(std::string_view(raw).substr(at, nl - at));
    if (!line.empty()) out += (out.empty() ? "" : "\n") + line + "\n";
    at = nl + 1;
  }
  return out;
}

// The structured article body is used when it is longer than what scoring found and consistent
// with it: the extraction's first long paragraph is in it, or the extraction is too short to say.
bool UseArticleBody(const std::string& extracted, const std::string& body) {
  const size_t words = CountWords(extracted);
  if (body.empty() || CountWords(body) <= words) return false;
  constexpr size_t kShortWords = 50, kLongLine = 80, kProbe = 60;
  if (words < kShortWords) return true;
  const std::string flat = NormalizeSpaces(body);
  for (size_t at = 0; at < extracted.size();) {
    size_t nl = extracted.find('\n', at);
    if (nl == std::string::npos) nl = extracted.size();
    if (nl - at >= kLongLine) return flat.find(std::string_view(extracted).substr(at, kProbe)) != std::string::npos;
    at = nl + 1;
  }
  return false;
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
  const ParsedHtml parsed(html);
  std::string text;
  // inline elements join their text to the words around them; every other element is a break
  static constexpr GumboTag kInline[] = {GUMBO_TAG_A,    GUMBO_TAG_B,     GUMBO_TAG_I,    GUMBO_TAG_EM,
                                         GUMBO_TAG_STRONG, GUMBO_TAG_SPAN, GUMBO_TAG_SUB, GUMBO_TAG_SUP,
                                         GUMBO_TAG_SMALL, GUMBO_TAG_ABBR, GUMBO_TAG_CODE, GUMBO_TAG_U,
                                         GUMBO_TAG_S,    GUMBO_TAG_MARK,  GUMBO_TAG_CITE, GUMBO_TAG_Q,
                                         GUMBO_TAG_TIME, GUMBO_TAG_FONT,  GUMBO_TAG_BIG,  GUMBO_TAG_DFN};
  std::vector<const GumboNode*> stack{parsed.root()};
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
  return ExtractHtml(lexicon, html, max_depth, true);
}

HtmlPage ExtractHtmlReleasing(const CleanLexicon& lexicon, std::string* page, size_t max_depth) {
  return ExtractHtml(lexicon, *page, max_depth, true, page);
}

HtmlPage ExtractHtmlStreamed(const CleanLexicon& lexicon, ByteSource& source, size_t max_depth) {
  HtmlPage page;
  MetadataReader meta(&page);
  const size_t page_bytes = source.size();
  {
    StreamedPage streamed(StreamedTextCapacity(page_bytes));
    std::string metadata_page;
    ReadStreamedPage(lexicon, source, max_depth, &streamed, &metadata_page, &page.cut_at);
    {
      const ParsedHtml parsed(metadata_page);
      meta.ReadMetadata(parsed.root());
    }
    page.text = MainText(lexicon, &streamed);
  }
  // the list and the page's text are freed: their pages go back too
  if (page_bytes >= kReturnMemoryBytes) ReturnFreedMemory();
  if (std::string body = ArticleBodyText(meta.article_body); UseArticleBody(page.text, body)) page.text = std::move(body);
  return page;
}

namespace {

// A page held whole, read in pieces all the same (a large page from a JSONL record or an archive).
class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string_view bytes) : bytes_(bytes) {}
  size_t Read(char* out, size_t n) override {
    n = std::min(n, bytes_.size() - at_);
    std::copy_n(bytes_.data() + at_, n, out);
    at_ += n;
    return n;
  }
  size_t size() const override { return bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
};

}  // namespace

HtmlPage ExtractHtmlStreamed(const CleanLexicon& lexicon, std::string_view html, size_t max_depth) {
  StringSource source(html);
  return ExtractHtmlStreamed(lexicon, source, max_depth);
}

HtmlPage ExtractHtml(const CleanLexicon& lexicon, std::string_view html, size_t max_depth, bool with_placeholders,
                     std::string* release) {
  HtmlPage page;
  page.cut_at = FindNestingCut(html, max_depth);
  if (page.cut_at != std::string_view::npos) html = html.substr(0, page.cut_at);
  // with release, the page is given back before gumbo parses it (ParsedHtml), and the article's
  // text is moved out of the tree as it is laid out: page, tree and text are never all held
  const size_t page_bytes = html.size();
  MetadataReader meta(&page);
  {
    // the spaces after a bare paragraph lay out as nothing only when its break comes first
    const bool paragraph_breaks = lexicon.html_block_tags.count("p") && !lexicon.html_drop_tags.count("p") &&
                                  !lexicon.html_furniture_tags.count("p");
    ParsedHtml parsed(html, with_placeholders, release,
                      paragraph_breaks ? ParsedHtml::Spaces::kLeftOutAfterParagraphs : ParsedHtml::Spaces::kKept);
    meta.ReadMetadata(parsed.root());
    page.text = MainText(lexicon, parsed.root(), release ? &parsed : nullptr);
  }
  // gumbo's tree is freed: its pages go back too, not kept through the later stages
  if (release && page_bytes >= kReturnMemoryBytes) ReturnFreedMemory();
  if (std::string body = ArticleBodyText(meta.article_body); UseArticleBody(page.text, body)) page.text = std::move(body);
  return page;
}

}  // namespace tally
