// fetch's pieces without a network: robots.txt rules, feed readers, charsets, dates, intervals.
// The client against a live local server is tests/fetch_test.sh.
#include <gtest/gtest.h>

#include "fetch/feeds.h"
#include "fetch/fetch.h"
#include "fetch/http.h"
#include "fetch/robots.h"

namespace tally {
namespace {

TEST(Robots, OurGroupBeatsTheStarGroupAndTheLongestRuleWins) {
  const char* body =
      "User-agent: *\nDisallow: /\n\n"
      "User-agent: otherbot\nUser-agent: Tally\nDisallow: /private/\nAllow: /private/open\nCrawl-delay: 2.5\n";
  RobotsRules r = RobotsRules::Parse(body, "tally");
  EXPECT_TRUE(r.Allowed("/news/a.html"));
  EXPECT_FALSE(r.Allowed("/private/x"));
  EXPECT_TRUE(r.Allowed("/private/open/y"));
  EXPECT_TRUE(r.Allowed("/robots.txt"));
  ASSERT_TRUE(r.crawl_delay().has_value());
  EXPECT_EQ(r.crawl_delay()->count(), 2500);
  // another agent falls to "*"
  EXPECT_FALSE(RobotsRules::Parse(body, "somebot").Allowed("/news/a.html"));
}

TEST(Robots, WildcardsEndAnchorsCommentsAndEmptyRules) {
  RobotsRules r = RobotsRules::Parse(
      "# comment\nUSER-AGENT: *   # all\nDisallow: /*.pdf$\nDisallow: /search?*q=\nDisallow:\n", "tally");
  EXPECT_FALSE(r.Allowed("/files/report.pdf"));
  EXPECT_TRUE(r.Allowed("/files/report.pdf.html"));
  EXPECT_FALSE(r.Allowed("/search?lang=en&q=flood"));
  EXPECT_TRUE(r.Allowed("/search"));
  EXPECT_TRUE(RobotsRules::Parse("", "tally").Allowed("/anything"));
  EXPECT_FALSE(RobotsRules::DisallowAll().Allowed("/a"));
  // a pathological pattern stays fast (no exponential backtracking)
  std::string pattern(200, '*');
  pattern += "x$";
  EXPECT_FALSE(RobotsPatternMatches(pattern, std::string(5000, 'a')));
}

TEST(Feeds, Rss) {
  const char* rss =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
      "<item><title>One</title><link>https://news.example.org/one</link>"
      "<pubDate>Sat, 05 Dec 2026 08:00:00 +0100</pubDate></item>"
      "<item><title><![CDATA[Two & more]]></title><link>/two</link></item>"
      "<item><guid isPermaLink=\"true\">https://news.example.org/three</guid></item>"
      "<item><link>mailto:desk@example.org</link></item>"
      "</channel></rss>";
  auto feed = ParseFeed(rss, "https://news.example.org/feed.xml");
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  ASSERT_TRUE(feed->has_value());
  const Feed& f = **feed;
  EXPECT_EQ(f.kind, Feed::Kind::kRss);
  ASSERT_EQ(f.items.size(), 3u);
  EXPECT_EQ(f.items[0].url, "https://news.example.org/one");
  EXPECT_EQ(f.items[0].title, "One");
  EXPECT_EQ(f.items[0].date, "2026-12-05T07:00:00Z");
  EXPECT_EQ(f.items[1].url, "https://news.example.org/two");
  EXPECT_EQ(f.items[1].title, "Two & more");
  EXPECT_EQ(f.items[2].url, "https://news.example.org/three");
}

TEST(Feeds, AtomJsonFeedAndSitemaps) {
  auto atom = ParseFeed(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>A</title>"
      "<link rel=\"edit\" href=\"/edit/1\"/><link rel=\"alternate\" href=\"/a/1\"/>"
      "<updated>2026-12-05T10:00:00+02:00</updated></entry></feed>",
      "https://x.example/atom");
  ASSERT_TRUE(atom.ok() && atom->has_value());
  EXPECT_EQ((*atom)->kind, Feed::Kind::kAtom);
  ASSERT_EQ((*atom)->items.size(), 1u);
  EXPECT_EQ((*atom)->items[0].url, "https://x.example/a/1");
  EXPECT_EQ((*atom)->items[0].date, "2026-12-05T08:00:00Z");

  auto json = ParseFeed(
      R"({"version":"https://jsonfeed.org/version/1.1","items":[{"url":"https://x.example/j","title":"J"},{"id":"no-url"}]})",
      "https://x.example/feed.json");
  ASSERT_TRUE(json.ok() && json->has_value());
  EXPECT_EQ((*json)->kind, Feed::Kind::kJsonFeed);
  ASSERT_EQ((*json)->items.size(), 1u);
  EXPECT_EQ((*json)->items[0].title, "J");

  auto news = ParseFeed(
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>https://x.example/n</loc>"
      "<news:news><news:publication_date>2026-12-05</news:publication_date><news:title>N</news:title>"
      "</news:news></url></urlset>",
      "https://x.example/sitemap.xml");
  ASSERT_TRUE(news.ok() && news->has_value());
  EXPECT_EQ((*news)->kind, Feed::Kind::kSitemap);
  ASSERT_EQ((*news)->items.size(), 1u);
  EXPECT_EQ((*news)->items[0].title, "N");
  EXPECT_EQ((*news)->items[0].date, "2026-12-05T00:00:00Z");

  auto index = ParseFeed(
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>/s1.xml</loc></sitemap>"
      "</sitemapindex>",
      "https://x.example/index.xml");
  ASSERT_TRUE(index.ok() && index->has_value());
  EXPECT_EQ((*index)->kind, Feed::Kind::kSitemapIndex);
  ASSERT_EQ((*index)->sitemaps.size(), 1u);
  EXPECT_EQ((*index)->sitemaps[0], "https://x.example/s1.xml");
}

TEST(Feeds, PagesAreNoFeedsAndBrokenFeedsAreErrors) {
  auto page = ParseFeed("<!DOCTYPE html><html><head><title>x</title></head><body><p>a<br></body></html>", "");
  ASSERT_TRUE(page.ok());
  EXPECT_FALSE(page->has_value());
  auto xhtml = ParseFeed("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>", "");
  ASSERT_TRUE(xhtml.ok());
  EXPECT_FALSE(xhtml->has_value());
  auto json = ParseFeed(R"({"id": "not a feed"})", "");
  ASSERT_TRUE(json.ok());
  EXPECT_FALSE(json->has_value());
  auto broken = ParseFeed("<rss version=\"2.0\"><channel><item><link>x</link></channel>", "");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("not well-formed"), std::string::npos) << broken.status().message();
}

TEST(Feeds, EntitiesAreNotExpandedNorLoaded) {
  // an external entity (XXE) must not be read, and a local one must not blow up
  auto xxe = ParseFeed(
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<rss><channel><item><title>&x;</title><link>https://x.example/a</link></item></channel></rss>",
      "");
  ASSERT_TRUE(xxe.ok());
  ASSERT_TRUE(xxe->has_value());
  ASSERT_EQ((*xxe)->items.size(), 1u);
  EXPECT_EQ((*xxe)->items[0].title.find("root:"), std::string::npos);
  std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">";
  for (char c = 'b'; c <= 'k'; ++c)
    laughs += std::string("<!ENTITY ") + c + " \"" + std::string(10, '&') + "\">";
  laughs += "]><rss><channel><item><title>&k;</title><link>https://x.example/a</link></item></channel></rss>";
  auto bomb = ParseFeed(laughs, "");  // must return, whatever it says
  if (bomb.ok() && bomb->has_value() && !(*bomb)->items.empty()) EXPECT_LT((*bomb)->items[0].title.size(), 1u << 20);
}

TEST(Charsets, HeaderThenMetaThenUtf8ThenWindows1252) {
  EXPECT_EQ(*PageToUtf8("caf\xE9", "text/html; charset=ISO-8859-1"), "caf\xC3\xA9");
  EXPECT_EQ(*PageToUtf8("<meta charset=\"windows-1252\"><p>\x93q\x94", "text/html"),
            "<meta charset=\"windows-1252\"><p>\xE2\x80\x9Cq\xE2\x80\x9D");
  EXPECT_EQ(*PageToUtf8("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">\xE9", ""),
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">\xC3\xA9");
  EXPECT_EQ(*PageToUtf8("caf\xC3\xA9", ""), "caf\xC3\xA9");
  EXPECT_EQ(*PageToUtf8("caf\xE9", ""), "caf\xC3\xA9");  // not UTF-8, no label: windows-1252
  EXPECT_EQ(*PageToUtf8("\xEF\xBB\xBFx", "text/html; charset=iso-8859-1"), "x");  // a BOM decides
  EXPECT_FALSE(PageToUtf8("x", "text/html; charset=no-such-charset").ok());
}

TEST(Dates, HttpAndIsoDates) {
  EXPECT_EQ(IsoUtc(*ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT")), "1994-11-06T08:49:37Z");
  EXPECT_EQ(IsoUtc(*ParseHttpDate("2026-12-05T09:30:00+01:00")), "2026-12-05T08:30:00Z");
  EXPECT_EQ(IsoUtc(*ParseHttpDate("2026-12-05T09:30:00.123Z")), "2026-12-05T09:30:00Z");
  EXPECT_FALSE(ParseHttpDate("yesterday").has_value());
  EXPECT_FALSE(ParseHttpDate("2026-13-45").has_value());
}

TEST(Intervals, EveryTakesUnits) {
  EXPECT_EQ(ParseInterval("15m")->count(), 900);
  EXPECT_EQ(ParseInterval("1h30m")->count(), 5400);
  EXPECT_EQ(ParseInterval("90s")->count(), 90);
  EXPECT_FALSE(ParseInterval("0m").has_value());
  EXPECT_FALSE(ParseInterval("15").has_value());
  EXPECT_FALSE(ParseInterval("m").has_value());
  EXPECT_FALSE(ParseInterval("").has_value());
}

TEST(Urls, ResolveOriginAndPath) {
  EXPECT_EQ(*ResolveUrl("https://x.example/a/feed.xml", "../b?c=1"), "https://x.example/b?c=1");
  EXPECT_FALSE(ResolveUrl("https://x.example/", "javascript:alert(1)").has_value());
  EXPECT_FALSE(ResolveUrl("", "ftp://x.example/f").has_value());
  EXPECT_EQ(UrlOrigin("https://X.example/a"), "https://x.example:443");
  EXPECT_EQ(UrlPathAndQuery("http://x.example/a/b?c=1#frag"), "/a/b?c=1");
  EXPECT_EQ(FetchUserAgent("tally 0.1.0", "mailto:a@b.example"), "tally/0.1.0 (news figures ledger; +mailto:a@b.example)");
}

}  // namespace
}  // namespace tally
