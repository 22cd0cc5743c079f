// fetch/feeds: reads a feed's bytes into the article URLs it lists.
//
// Input:  bytes that may be a feed, and the URL (or path) they came from, for relative links.
// Output: a Feed: its items (URL, and title and date when the feed gives them) and, for a
//         sitemap index, the sitemaps it names; nullopt when the bytes are no feed (a page).
// Formats: RSS 2.0 (and RSS 1.0 / RDF), Atom, JSON Feed 1.x, sitemaps (urlset, sitemapindex,
// news: sitemaps with news:publication_date and news:title). XML is read by libxml2 with the
// network off and entities left unexpanded; JSON by simdjson.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/status.h"

namespace tally {

struct FeedItem {
  std::string url;    // absolute
  std::string title;  // empty when the feed gives none
  std::string date;   // ISO 8601 UTC ("2026-12-06T17:30:00Z"), empty when none or unreadable
};

struct Feed {
  enum class Kind { kRss, kAtom, kJsonFeed, kSitemap, kSitemapIndex };
  Kind kind = Kind::kRss;
  std::vector<FeedItem> items;
  std::vector<std::string> sitemaps;  // a sitemap index's children (absolute URLs)
  size_t dropped = 0;  // items past FeedLimits::max_items, left out
};

const char* FeedKindName(Feed::Kind kind);  // "RSS", "Atom", "JSON Feed", "sitemap", "sitemap index"

struct FeedLimits {
  size_t max_items = 50000;  // a sitemap holds at most 50,000 URLs; more are dropped
};

// nullopt: not a feed. An error: it is one (its root says so) but cannot be read.
Result<std::optional<Feed>> ParseFeed(std::string_view bytes, std::string_view base_url,
                                      const FeedLimits& limits = FeedLimits{});

}  // namespace tally
