#include "fetch/feeds.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <simdjson.h>

#include <cstring>
#include <memory>

#include "common/text.h"
#include "fetch/http.h"

namespace tally {
namespace {

bool Named(const xmlNode* n, const char* local) {
  return n && n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0;
}

// The namespace prefix-free test above plus the namespace's URI containing a word ("news").
bool InNamespace(const xmlNode* n, const char* fragment) {
  return n->ns && n->ns->href && std::strstr(reinterpret_cast<const char*>(n->ns->href), fragment);
}

std::string Text(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  if (!c) return "";
  std::string s(TrimSpaces(reinterpret_cast<const char*>(c)));
  xmlFree(c);
  return s;
}

std::string Attr(const xmlNode* n, const char* name) {
  xmlChar* c = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!c) return "";
  std::string s(TrimSpaces(reinterpret_cast<const char*>(c)));
  xmlFree(c);
  return s;
}

const xmlNode* Child(const xmlNode* n, const char* local) {
  for (const xmlNode* c = n->children; c; c = c->next)
    if (Named(c, local)) return c;
  return nullptr;
}

std::string Date(std::string_view s) {
  if (s.empty()) return "";
  std::optional<int64_t> t = ParseHttpDate(s);
  return t ? IsoUtc(*t) : "";
}

struct XmlDoc {
  xmlDocPtr doc = nullptr;
  ~XmlDoc() { xmlFreeDoc(doc); }
};

class Reader {
 public:
  Reader(std::string_view base, const FeedLimits& limits, Feed* feed) : base_(base), limits_(limits), feed_(*feed) {}

  void Add(std::string_view url, std::string title, std::string date) {
    if (feed_.items.size() >= limits_.max_items) {
      ++feed_.dropped;
      return;
    }
    std::optional<std::string> abs = ResolveUrl(base_, TrimSpaces(url));
    if (!abs) return;  // a non-http link (mailto:, javascript:) or garbage: no article
    feed_.items.push_back({std::move(*abs), std::move(title), std::move(date)});
  }

  void Rss(const xmlNode* channel_or_root) {
    for (const xmlNode* n = channel_or_root->children; n; n = n->next) {
      if (Named(n, "channel")) Rss(n);
      if (!Named(n, "item")) continue;
      std::string url;
      if (const xmlNode* link = Child(n, "link")) url = Text(link);
      if (url.empty())
        if (const xmlNode* guid = Child(n, "guid"); guid && Attr(guid, "isPermaLink") != "false") url = Text(guid);
      if (url.empty()) url = Attr(n, "about");  // RSS 1.0
      std::string date;
      if (const xmlNode* d = Child(n, "pubDate")) date = Date(Text(d));
      if (const xmlNode* d = Child(n, "date"); d && date.empty()) date = Date(Text(d));  // dc:date
      const xmlNode* title = Child(n, "title");
      Add(url, title ? Text(title) : "", std::move(date));
    }
  }

  void Atom(const xmlNode* root) {
    for (const xmlNode* n = root->children; n; n = n->next) {
      if (!Named(n, "entry")) continue;
      std::string url;
      for (const xmlNode* l = n->children; l; l = l->next) {
        if (!Named(l, "link")) continue;
        const std::string rel = Attr(l, "rel");
        if (rel.empty() || rel == "alternate") {
          url = Attr(l, "href");
          break;
        }
      }
      std::string date;
      if (const xmlNode* d = Child(n, "published")) date = Date(Text(d));
      if (const xmlNode* d = Child(n, "updated"); d && date.empty()) date = Date(Text(d));
      const xmlNode* title = Child(n, "title");
      Add(url, title ? Text(title) : "", std::move(date));
    }
  }

  void Sitemap(const xmlNode* root) {
    for (const xmlNode* n = root->children; n; n = n->next) {
      if (!Named(n, "url")) continue;
      const xmlNode* loc = Child(n, "loc");
      if (!loc) continue;
      std::string title, date;
      if (const xmlNode* d = Child(n, "lastmod")) date = Date(Text(d));
      for (const xmlNode* c = n->children; c; c = c->next) {
        if (!Named(c, "news") || !InNamespace(c, "news")) continue;
        if (const xmlNode* t = Child(c, "title")) title = Text(t);
        if (const xmlNode* d = Child(c, "publication_date")) date = Date(Text(d));
      }
      Add(Text(loc), std::move(title), std::move(date));
    }
  }

  void SitemapIndex(const xmlNode* root) {
    for (const xmlNode* n = root->children; n; n = n->next) {
      if (!Named(n, "sitemap")) continue;
      if (const xmlNode* loc = Child(n, "loc"))
        if (auto abs = ResolveUrl(base_, Text(loc)); abs && feed_.sitemaps.size() < limits_.max_items)
          feed_.sitemaps.push_back(std::move(*abs));
    }
  }

 private:
  std::string_view base_;
  const FeedLimits& limits_;
  Feed& feed_;
};

// libxml2 reports through a global handler; tally reports the last error itself.
void Quiet(void*, const char*, ...) {}

Result<std::optional<Feed>> ParseXmlFeed(std::string_view bytes, std::string_view base, const FeedLimits& limits) {
  xmlSetGenericErrorFunc(nullptr, Quiet);
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(xmlNewParserCtxt(), xmlFreeParserCtxt);
  if (!ctxt) return Status::IoError("out of memory reading XML");
  // NONET: no DTD or entity is loaded from anywhere; no NOENT: entities are not expanded
  // (XXE); libxml2's own caps stop entity amplification and absurd depth.
  XmlDoc doc;
  doc.doc = xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  const xmlNode* root = doc.doc ? xmlDocGetRootElement(doc.doc) : nullptr;
  if (!root) {
    // Not well-formed XML. A page, unless it starts like a feed: then a broken feed.
    const std::string_view head = bytes.substr(0, 512);
    for (const char* tag : {"<rss", "<feed", "<urlset", "<sitemapindex", "<rdf:RDF"}) {
      if (head.find(tag) == std::string_view::npos) continue;
      const xmlError* e = xmlCtxtGetLastError(ctxt.get());
      std::string why = e && e->message ? std::string(TrimSpaces(e->message)) : "not well-formed";
      if (e) why += " (line " + std::to_string(e->line) + ")";
      return Status::InvalidInput("a feed that is not well-formed XML: " + why);
    }
    return std::optional<Feed>();
  }
  Feed feed;
  Reader reader(base, limits, &feed);
  if (Named(root, "rss") || Named(root, "RDF")) {
    feed.kind = Feed::Kind::kRss;
    reader.Rss(root);
  } else if (Named(root, "feed")) {
    feed.kind = Feed::Kind::kAtom;
    reader.Atom(root);
  } else if (Named(root, "urlset")) {
    feed.kind = Feed::Kind::kSitemap;
    reader.Sitemap(root);
  } else if (Named(root, "sitemapindex")) {
    feed.kind = Feed::Kind::kSitemapIndex;
    reader.SitemapIndex(root);
  } else {
    return std::optional<Feed>();  // XHTML, or some other XML: not a feed
  }
  return std::optional<Feed>(std::move(feed));
}

Result<std::optional<Feed>> ParseJsonFeed(std::string_view bytes, std::string_view base, const FeedLimits& limits) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(bytes.data(), bytes.size()).get(root)) return std::optional<Feed>();  // not JSON: not a feed
  std::string_view version;
  if (root["version"].get(version) || version.find("jsonfeed.org/version/") == std::string_view::npos)
    return std::optional<Feed>();
  Feed feed;
  feed.kind = Feed::Kind::kJsonFeed;
  Reader reader(base, limits, &feed);
  simdjson::dom::array items;
  if (root["items"].get(items)) return Status::InvalidInput("a JSON Feed without an \"items\" array");
  for (simdjson::dom::element item : items) {
    std::string_view url, title, date;
    if (item["url"].get(url) && item["external_url"].get(url)) continue;
    if (item["title"].get(title)) title = {};  // optional fields: absent or not a string
    if (item["date_published"].get(date)) date = {};
    reader.Add(url, std::string(title), Date(date));
  }
  return std::optional<Feed>(std::move(feed));
}

}  // namespace

const char* FeedKindName(Feed::Kind kind) {
  switch (kind) {
    case Feed::Kind::kRss: return "RSS";
    case Feed::Kind::kAtom: return "Atom";
    case Feed::Kind::kJsonFeed: return "JSON Feed";
    case Feed::Kind::kSitemap: return "sitemap";
    case Feed::Kind::kSitemapIndex: return "sitemap index";
  }
  return "feed";
}

Result<std::optional<Feed>> ParseFeed(std::string_view bytes, std::string_view base_url, const FeedLimits& limits) {
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xEF && static_cast<unsigned char>(bytes[1]) == 0xBB &&
      static_cast<unsigned char>(bytes[2]) == 0xBF)
    bytes.remove_prefix(3);
  const std::string_view t = TrimSpaces(bytes.substr(0, 64));
  if (t.empty()) return std::optional<Feed>();
  if (t[0] == '{') return ParseJsonFeed(bytes, base_url, limits);
  if (t[0] != '<' || bytes.size() > static_cast<size_t>(INT32_MAX)) return std::optional<Feed>();
  return ParseXmlFeed(bytes, base_url, limits);
}

}  // namespace tally
