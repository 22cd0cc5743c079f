#include "common/url.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace tally {
namespace {

std::string Canonical(std::string_view url) {
  Result<std::string> c = CanonicalUrl(url);
  EXPECT_TRUE(c.ok()) << url << ": " << c.status().ToString();
  return c.ok() ? *c : std::string();
}

TEST(CanonicalUrl, LowerCasesSchemeAndHostButNotThePath) {
  EXPECT_EQ(Canonical("HTTPS://News.Example.COM/World/Story"), "https://news.example.com/World/Story");
}

TEST(CanonicalUrl, DropsDefaultPortsOnly) {
  EXPECT_EQ(Canonical("http://example.com:80/a"), "http://example.com/a");
  EXPECT_EQ(Canonical("https://example.com:443/a"), "https://example.com/a");
  EXPECT_EQ(Canonical("https://example.com:80/a"), "https://example.com:80/a");
  EXPECT_EQ(Canonical("http://example.com:8080/a"), "http://example.com:8080/a");
}

TEST(CanonicalUrl, DropsTheFragment) {
  EXPECT_EQ(Canonical("https://example.com/a#comments"), "https://example.com/a");
  EXPECT_EQ(Canonical("https://example.com/a?x=1#top"), "https://example.com/a?x=1");
}

TEST(CanonicalUrl, DropsTrackingParametersAndKeepsTheRestInOrder) {
  EXPECT_EQ(Canonical("https://example.com/a?utm_source=feed&id=7&UTM_Medium=rss&fbclid=abc&b=2&gclid=x"),
            "https://example.com/a?id=7&b=2");
  EXPECT_EQ(Canonical("https://example.com/a?z=1&a=2"), "https://example.com/a?z=1&a=2");
  EXPECT_EQ(Canonical("https://example.com/a?utm_campaign=x"), "https://example.com/a");
  EXPECT_EQ(Canonical("https://example.com/a?"), "https://example.com/a");
  // a parameter that only starts like a tracking name stays
  EXPECT_EQ(Canonical("https://example.com/a?utmost=1&gclidx=2"), "https://example.com/a?utmost=1&gclidx=2");
}

TEST(CanonicalUrl, ResolvesDotSegmentsAndNormalisesPercentEncoding) {
  EXPECT_EQ(Canonical("https://example.com/a/./b/../c/story"), "https://example.com/a/c/story");
  EXPECT_EQ(Canonical("https://example.com/%7euser/caf%c3%a9"), "https://example.com/~user/caf%C3%A9");
}

TEST(CanonicalUrl, GivesAnEmptyHttpPathASlash) {
  EXPECT_EQ(Canonical("https://Example.com"), "https://example.com/");
  EXPECT_EQ(Canonical("https://example.com?id=1"), "https://example.com/?id=1");
  EXPECT_EQ(Canonical(" https://example.com/a \n"), "https://example.com/a");
}

TEST(CanonicalUrl, RefusesWhatIsNotAnAbsoluteUrl) {
  for (std::string_view bad : {"", "/news/story", "story.html", "http://exa mple.com/", "mailto:someone@example.com",
                               "http://[::1/"}) {
    Result<std::string> c = CanonicalUrl(bad);
    EXPECT_FALSE(c.ok()) << bad << " -> " << (c.ok() ? *c : "");
    if (!c.ok()) EXPECT_EQ(c.status().code(), Status::Code::kInvalidInput);
  }
}

TEST(CanonicalUrl, IsIdempotent) {
  for (std::string_view url : {"HTTP://www.Example.com:80/a/../b/c.html?utm_source=x&q=1#f",
                               "https://example.com/%7e/%41?x=%2f", "https://example.com"}) {
    const std::string once = Canonical(url);
    EXPECT_EQ(Canonical(once), once);
  }
}

TEST(TrackingParameters, ComeFromTheDataFile) {
  EXPECT_TRUE(IsTrackingParameter("utm_source"));
  EXPECT_TRUE(IsTrackingParameter("UTM_anything"));
  EXPECT_TRUE(IsTrackingParameter("fbclid"));
  EXPECT_TRUE(IsTrackingParameter("gclid"));
  EXPECT_FALSE(IsTrackingParameter("id"));
  EXPECT_FALSE(IsTrackingParameter("page"));
}

TEST(DocumentIdForUrl, IsReadableAsciiAndEndsInAHash) {
  Result<std::string> id = DocumentIdForUrl("https://www.Example.com/news/2024/12/some-story.html?utm_source=x");
  ASSERT_TRUE(id.ok());
  ASSERT_GT(id->size(), 13u);
  EXPECT_EQ(id->substr(0, id->size() - 13), "example.com-news-2024-12-some-story.html");
  EXPECT_EQ((*id)[id->size() - 13], '-');
  EXPECT_EQ(id->find_first_not_of("0123456789abcdef", id->size() - 12), std::string::npos);
}

TEST(DocumentIdForUrl, IsTheSameForEveryLinkToOnePage) {
  const std::string a = *DocumentIdForUrl("https://example.com/news/story?id=3");
  EXPECT_EQ(*DocumentIdForUrl("HTTPS://EXAMPLE.com:443/news/./story?utm_medium=rss&id=3#comments"), a);
  EXPECT_EQ(*DocumentIdForUrl("https://example.com/news/story?id=3&fbclid=z"), a);
}

TEST(DocumentIdForUrl, DiffersWhenOnlyTheQueryOrCaseDiffers) {
  std::set<std::string> ids;
  for (std::string_view url : {"https://example.com/story?id=1", "https://example.com/story?id=2",
                               "https://example.com/Story?id=1", "http://example.com/story?id=1"})
    ids.insert(*DocumentIdForUrl(url));
  EXPECT_EQ(ids.size(), 4u);
}

TEST(DocumentIdForUrl, StaysShortForLongUrls) {
  const std::string url = "https://example.com/" + std::string(5000, 'a') + "/" + std::string(100, '%');
  Result<std::string> id = DocumentIdForUrl("https://example.com/" + std::string(5000, 'a'));
  ASSERT_TRUE(id.ok());
  EXPECT_LE(id->size(), 80u + 13u);
  EXPECT_EQ(id->find_first_of("/ ?#%"), std::string::npos);
  EXPECT_FALSE(DocumentIdForUrl(url).ok());  // "%%%" is not a valid percent-encoding
}

TEST(DocumentIdForUrl, RefusesAnInvalidUrl) { EXPECT_FALSE(DocumentIdForUrl("not a url").ok()); }

}  // namespace
}  // namespace tally
