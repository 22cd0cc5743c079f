// Cleaning: page furniture is skipped, article text is kept, offsets never move.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "clean/clean.h"
#include "common/text.h"
#include "eval/eval_html.h"
#include "output/output.h"
#include "test_util.h"

namespace tally {
namespace {

Document CleanText(const std::string& text, bool html = false) {
  RawDocument raw;
  raw.id = "t";
  raw.format = html ? Format::kHtml : Format::kText;
  raw.bytes = text;
  return testing::SharedPipeline().Clean(std::move(raw));
}

std::vector<std::pair<std::string, std::string>> Skipped(const Document& doc) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const SkippedSpan& s : doc.skipped) out.emplace_back(std::string(s.reason), std::string(doc.View(s.span)));
  return out;
}

bool Kept(const Document& doc, const std::string& needle) {
  std::string kept = RenderClean(doc, false);
  return kept.find(needle) != std::string::npos;
}

// NormalizeSpaces reads eight bytes at a time when a line looks plain: on lines of words, single
// and double spaces, tabs and Unicode spaces at every offset, it must give what collapsing each
// run of spaces one character at a time gives.
TEST(Clean, NormalizeSpacesAgreesWithReadingCharacterByCharacter) {
  auto by_character = [](std::string_view t) {
    std::string out;
    bool pending = false;
    for (size_t i = 0; i < t.size();) {
      if (size_t n = SpaceLength(t, i)) {
        pending = !out.empty();
        i += n;
        continue;
      }
      if (pending) out.push_back(' ');
      pending = false;
      out.push_back(t[i++]);
    }
    return out;
  };
  const std::vector<std::string> pieces = {"a", "bc", "word", " ", " ", "  ", "\t", "\xC2\xA0", "\xE2\x80\x89",
                                           "\xE2\x80\x9C", "\xC3\xA9", "\x01", "."};
  std::mt19937 random(13);
  for (int n = 0; n < 20000; ++n) {
    std::string line;
    const size_t parts = random() % 24;
    for (size_t k = 0; k < parts; ++k) line += pieces[random() % pieces.size()];
    ASSERT_EQ(NormalizeSpaces(line), by_character(line)) << "line: '" << line << "'";
  }
}

TEST(Clean, ShareWidgetsAlone) {
  Document doc = CleanText("Ten people died.\n\nShare\n\nTweet\n\nShare on Facebook\n\nThe road reopened.\n");
  EXPECT_EQ(Skipped(doc).size(), 3u);
  EXPECT_TRUE(Kept(doc, "Ten people died."));
  EXPECT_TRUE(Kept(doc, "The road reopened."));
}

TEST(Clean, ShareWordAfterTheLastSentence) {
  Document doc = CleanText("\"We will rebuild,\" the mayor said. Share\n");
  ASSERT_EQ(Skipped(doc).size(), 1u);
  EXPECT_EQ(Skipped(doc)[0].second, " Share");
  EXPECT_TRUE(Kept(doc, "the mayor said."));
  // a sentence that merely ends with the word is not furniture
  EXPECT_TRUE(CleanText("The family asked people to share\n").skipped.empty());
}

TEST(Clean, ImageCredits) {
  Document doc = CleanText("Photo: Reuters/Ana Lind\n\nImages source: © Archive | Press Pool\n\nIllustration: staff artist\n\nBody text here.\n");
  EXPECT_EQ(Skipped(doc).size(), 3u);
  for (auto& [reason, text] : Skipped(doc)) EXPECT_EQ(reason, "credit") << text;
}

TEST(Clean, AuthorBios) {
  Document first = CleanText("Rescue crews searched the flooded valley for a second day.\n\nI am Noor Haddad, a reporter who has covered the region since 2011.\n");
  EXPECT_EQ(Skipped(first).size(), 1u);
  Document third = CleanText("Rescue crews searched the flooded valley for a second day.\n\nThe river fell overnight.\n\nKai Moreno is a freelance journalist based in Lima.\n");
  EXPECT_EQ(Skipped(third).size(), 1u);
  // a journalist in the news is news
  Document news = CleanText("Kai Moreno is a freelance journalist who was detained on Monday.\n\nMore text.\n\nEven more.\n\nAnd more.\n");
  EXPECT_TRUE(news.skipped.empty());
}

TEST(Clean, DonationAndSubscriptionAppeals) {
  Document doc = CleanText("Rescue crews searched the flooded valley for a second day.\n\nOur newsroom depends on the support of readers like you. Please donate today.\n\nSign up for our newsletter to get the news first.\n");
  EXPECT_EQ(Skipped(doc).size(), 2u);
}

TEST(Clean, RelatedBlocks) {
  Document doc = CleanText("Body text ends here.\n\nRelated\nPort reopens after storm\nMinister resigns\n\nRead more: Earlier floods\n");
  EXPECT_EQ(Skipped(doc).size(), 4u);
  EXPECT_TRUE(Kept(doc, "Body text ends here."));
}

TEST(Clean, CookieNotices) {
  Document doc = CleanText("We use cookies to personalise content. Accept all cookies.\n\nRescue crews searched the flooded valley for a second day.\n");
  EXPECT_EQ(Skipped(doc).size(), 1u);
}

TEST(Clean, RepeatedParagraphs) {
  const std::string p = "The convoy reached the city after a night of shelling.";
  Document doc = CleanText(p + "\n" + p + "\n\nShort line\nShort line\n");
  ASSERT_EQ(Skipped(doc).size(), 1u);
  EXPECT_EQ(Skipped(doc)[0].first, "repeat");
  EXPECT_EQ(doc.skipped[0].span.begin, p.size() + 1);
}

TEST(Clean, TextOffsetsAreFileOffsets) {
  const std::string text = "Headline\n\nPhoto: AP\n\nFirst paragraph. Share\n\nLast one.\n";
  Document doc = CleanText(text);
  EXPECT_EQ(doc.text, text);
  for (const SkippedSpan& s : doc.skipped) EXPECT_EQ(doc.View(s.span), text.substr(s.span.begin, s.span.size()));
}

TEST(Clean, HtmlMainTextWithoutTheRestOfThePage) {
  const std::string html = R"(<html><head><title>T</title><script>var x = "100 killed";</script></head><body>
<nav><a>Home</a><a>World</a></nav>
<div class="sidebar">Most read: 99 dead in other story</div>
<article><h1>Storm kills 30</h1><p>At least <b>30</b> people died, officials said.</p>
<ul><li>Roads closed</li><li>Schools shut</li></ul><blockquote>We are exhausted.</blockquote>
<div class="related-links"><a>Older story with 45 dead</a></div>
<div id="comments"><p>Comment: it was 500!</p></div></article>
<footer>Contact us</footer></body></html>)";
  Document doc = CleanText(html, true);
  EXPECT_NE(doc.text.find("Storm kills 30"), std::string::npos);
  EXPECT_NE(doc.text.find("At least 30 people died, officials said."), std::string::npos);
  EXPECT_NE(doc.text.find("Roads closed"), std::string::npos);
  EXPECT_NE(doc.text.find("We are exhausted."), std::string::npos);
  for (const char* gone : {"Home", "Most read", "100 killed", "45 dead", "500", "Contact us"})
    EXPECT_EQ(doc.text.find(gone), std::string::npos) << gone;
  EXPECT_EQ(doc.title, "T");
}

TEST(Clean, HtmlWithoutArticleUsesBody) {
  Document doc = CleanText("<p>Two people were hurt.</p><p>Police are investigating.</p>", true);
  EXPECT_EQ(doc.text, "Two people were hurt.\n\nPolice are investigating.\n");
}

TEST(Clean, HtmlDateSources) {
  EXPECT_EQ(CleanText(R"(<meta property="article:published_time" content="2025-01-02T10:00:00Z"><p>x</p>)", true).date, "2025-01-02");
  EXPECT_EQ(CleanText(R"(<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2024-07-08"}]}</script><p>x</p>)", true).date, "2024-07-08");
  EXPECT_EQ(CleanText(R"(<article><time datetime="2023-03-04T08:00">March 4</time><p>x</p></article>)", true).date, "2023-03-04");
  // text datelines, after segmentation
  EXPECT_EQ(testing::PrepareText("Storm hits coast\n\nDec 19, 2024 - 12:00\n\nBody.\n").date, "2024-12-19");
  EXPECT_EQ(testing::PrepareText("LIMA, March 4, 2026 (Wire) - At least 3 people died in a landslide on the road to the coast.\n").date, "2026-03-04");
  // a date deep in the body is no dateline
  EXPECT_EQ(testing::PrepareText("The war began on February 24, 2022, when troops crossed the border from several directions at once.\n").date, "");
  EXPECT_EQ(testing::PrepareText("On February 24, 2022, troops crossed the border from several directions at once and the war began.\n").date, "");
}

TEST(Clean, IsIdempotentOnItsOwnOutput) {
  const std::string text = "Headline\n\nBody one. Share\n\nPhoto: X\n\nBody two.\n";
  std::string once = RenderClean(CleanText(text), false);
  std::string twice = RenderClean(CleanText(once), false);
  EXPECT_EQ(once, twice);
}

// The seed articles' furniture (shared corpus; skipped in a clone without it).
TEST(Clean, SeedFurniture) {
  const std::string shared = testing::SharedDir();
  if (shared.empty()) GTEST_SKIP() << "no ../shared beside this clone: seed tests skipped";
  auto clean = [&](const std::string& prefix) {
    for (const auto& e : std::filesystem::directory_iterator(shared + "/corpus/seeds"))
      if (e.path().filename().string().rfind(prefix, 0) == 0) return CleanText(testing::ReadFile(e.path().string()));
    ADD_FAILURE() << "no seed " << prefix;
    return Document{};
  };
  auto reasons = [](const Document& d) {
    std::vector<std::string> r;
    for (const SkippedSpan& s : d.skipped) r.emplace_back(s.reason);
    return r;
  };
  EXPECT_EQ(reasons(clean("000")), (std::vector<std::string>{"share", "share", "share"}));
  EXPECT_EQ(reasons(clean("001")), (std::vector<std::string>{"credit", "bio"}));
  EXPECT_EQ(reasons(clean("002")), (std::vector<std::string>{"repeat", "credit", "related"}));
  EXPECT_EQ(reasons(clean("003")), (std::vector<std::string>{"repeat", "related", "appeal"}));
  EXPECT_EQ(reasons(clean("004")), (std::vector<std::string>{"share", "credit"}));
  // every headline and paragraph is kept: each non-empty line keeps some text
  for (const char* id : {"000", "001", "002", "003", "004"}) {
    Document d = clean(id);
    std::string kept = RenderClean(d, false);
    size_t kept_lines = 0, furniture_lines = 0;
    for (size_t at = 0; at < d.text.size();) {
      size_t nl = d.text.find('\n', at);
      if (nl == std::string::npos) nl = d.text.size();
      std::string line = d.text.substr(at, nl - at);
      bool all_skipped = false;
      for (const SkippedSpan& s : d.skipped) all_skipped |= s.span.begin <= at && s.span.end >= nl && nl > at;
      if (!line.empty()) (all_skipped ? furniture_lines : kept_lines)++;
      at = nl + 1;
    }
    EXPECT_EQ(furniture_lines, d.skipped.size() - std::count_if(d.skipped.begin(), d.skipped.end(),
                                                                [](const SkippedSpan& s) { return s.reason == "share" && s.span.size() < 8; }))
        << id;
    EXPECT_GT(kept_lines, 5u) << id;
  }
}

// A paragraph of running text in my own words, long enough to score as article text.
std::string Para(const std::string& lead) {
  return "<p>" + lead + ", the harbour authority said on Tuesday, adding that crews had worked through the "
         "night, that two ferries were held in port, and that the coast road would stay shut until engineers "
         "had inspected it.</p>";
}

TEST(CleanHtml, LayoutWordsOnPageWrappersDoNotDropTheArticle) {
  const std::string html = "<body class=\"sidebar-fixed modal-enabled\"><div class=\"dropdown-menu-host\">"
                           "<div class=\"wrap\">" + Para("Flooding closed the port") + Para("Waves reached the pier") +
                           Para("Residents were moved inland") + "</div></div>"
                           "<div class=\"sidebar\"><p>Most read: a different story entirely</p></div></body>";
  Document doc = CleanText(html, true);
  EXPECT_TRUE(Kept(doc, "Flooding closed the port")) << doc.text;
  EXPECT_TRUE(Kept(doc, "Residents were moved inland"));
  EXPECT_FALSE(Kept(doc, "Most read"));
}

TEST(CleanHtml, ScoringFindsTheArticleWithoutMarkup) {
  std::string teasers = "<div class=\"col\">";
  for (int i = 0; i < 8; ++i) teasers += "<div><a href=\"/x\">Another headline about something else " + std::to_string(i) + "</a></div>";
  teasers += "</div>";
  const std::string html = "<body><div class=\"top\"><a href=\"/\">Home</a> <a href=\"/w\">World</a></div>" + teasers +
                           "<div class=\"col\"><h1>Port shut by storm</h1>" + Para("Flooding closed the port") +
                           Para("Waves reached the pier") + "</div><div>Copyright 2026 The Paper</div></body>";
  Document doc = CleanText(html, true);
  EXPECT_TRUE(Kept(doc, "Flooding closed the port")) << doc.text;
  EXPECT_TRUE(Kept(doc, "Waves reached the pier"));
  for (const char* gone : {"Another headline", "Home", "Copyright"}) EXPECT_FALSE(Kept(doc, gone)) << gone << "\n" << doc.text;
}

TEST(CleanHtml, LinkListsInsideTheArticleAreDropped) {
  const std::string html = "<article>" + Para("Flooding closed the port") +
                           "<ul><li><a href=\"/a\">Earlier: bridge collapse</a></li><li><a href=\"/b\">Rain warning "
                           "extended</a></li><li><a href=\"/c\">Photos of the storm</a></li></ul>" +
                           Para("Waves reached the pier") + "</article>";
  Document doc = CleanText(html, true);
  EXPECT_TRUE(Kept(doc, "Waves reached the pier"));
  EXPECT_FALSE(Kept(doc, "bridge collapse")) << doc.text;
}

TEST(CleanHtml, SiblingBlocksOfTheArticleAreMerged) {
  const std::string html = "<body><div class=\"main\"><div class=\"part\">" + Para("Flooding closed the port") +
                           Para("Waves reached the pier") + "</div><div class=\"box\"><img src=x></div>" +
                           Para("Residents were moved inland") + "<div class=\"part\">" + Para("Schools will reopen") +
                           Para("Insurers sent assessors") + "</div></div></body>";
  Document doc = CleanText(html, true);
  for (const char* kept : {"Flooding closed", "Residents were moved", "Schools will reopen", "Insurers sent"})
    EXPECT_TRUE(Kept(doc, kept)) << kept << "\n" << doc.text;
}

TEST(CleanHtml, ShortResultIsRetriedWithRulesRelaxed) {
  // the page's only text sits in a block whose class names furniture
  const std::string html = "<body><div class=\"widget\">" + Para("Flooding closed the port") +
                           Para("Waves reached the pier") + "</div></body>";
  Document doc = CleanText(html, true);
  EXPECT_TRUE(Kept(doc, "Flooding closed the port")) << doc.text;
}

TEST(CleanHtml, LongParagraphsMetTwiceAreKept) {
  const std::string p = "<p>The port stays shut. Flooding closed it, the harbour authority said on Tuesday, adding "
                        "that crews had worked through the night, that two ferries were held in port, and that the "
                        "coast road would stay shut until engineers had inspected it. Officials will decide on Friday "
                        "whether ferries may sail again next week.</p>";
  Document doc = CleanText("<article>" + p + Para("Waves reached the pier") + p + "</article>", true);
  EXPECT_TRUE(doc.skipped.empty()) << RenderClean(doc, true);
  // a repeated headline-length line is still furniture
  Document twice = CleanText("<article><h2>Port shut for a second night running as storm lingers</h2>" + p +
                             "<h2>Port shut for a second night running as storm lingers</h2></article>", true);
  ASSERT_EQ(twice.skipped.size(), 1u);
  EXPECT_EQ(twice.skipped[0].reason, "repeat");
}

// Metadata golden tests: pages of several shapes, written for these tests.
std::string Meta(const std::string& html) {
  RawDocument raw;
  raw.id = "m";
  raw.format = Format::kHtml;
  raw.bytes = html;
  return RenderMetaJson(testing::SharedPipeline().Clean(std::move(raw)));
}

TEST(CleanHtmlMeta, JsonLd) {
  EXPECT_EQ(Meta(R"(<html lang="en-GB"><head><title>Quake | Site</title><script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"Quake shakes the north",
"datePublished":"2026-02-03T06:10:00+00:00","dateModified":"2026-02-04T09:00:00+00:00",
"author":[{"@type":"Person","name":"Ana Ruiz"}],"publisher":{"@type":"Organization","name":"North Daily"}}]}
</script><link rel="canonical" href="https://north.example/quake"></head><body><p>Text.</p></body></html>)"),
            R"({"id":"m","title":"Quake shakes the north","author":"Ana Ruiz","published":"2026-02-03",)"
            R"("modified":"2026-02-04","outlet":"North Daily","url":"https://north.example/quake","language":"en"})"
            "\n");
}

TEST(CleanHtmlMeta, OpenGraphOnly) {
  EXPECT_EQ(Meta(R"(<head><meta property="og:title" content="Bridge reopens">
<meta property="og:site_name" content="River Times"><meta property="og:url" content="https://www.rivertimes.example/b">
<meta property="og:locale" content="pt_BR"><meta property="article:published_time" content="2025-11-30T12:00:00Z">
<meta property="article:modified_time" content="2025-12-01"><meta name="author" content="Jo Lee"></head><p>Text.</p>)"),
            R"({"id":"m","title":"Bridge reopens","author":"Jo Lee","published":"2025-11-30","modified":"2025-12-01",)"
            R"("outlet":"River Times","url":"https://www.rivertimes.example/b","language":"pt"})"
            "\n");
}

TEST(CleanHtmlMeta, TimeElementAndBylineOnly) {
  EXPECT_EQ(Meta(R"(<body><article><h1>Fire in the old mill</h1><p class="byline">By Sam Ortiz</p>
<time datetime="2024-06-07T18:00">June 7</time><p>Text.</p></article></body>)"),
            R"({"id":"m","title":"Fire in the old mill","author":"Sam Ortiz","published":"2024-06-07","modified":null,)"
            R"("outlet":null,"url":null,"language":null})"
            "\n");
}

TEST(CleanHtmlMeta, Nothing) {
  EXPECT_EQ(Meta("<p>Just a paragraph.</p>"),
            R"({"id":"m","title":null,"author":null,"published":null,"modified":null,"outlet":null,"url":null,"language":null})"
            "\n");
  // a canonical link with no site name: the host is the outlet; a profile link is no author
  EXPECT_EQ(Meta(R"(<link rel="canonical" href="https://www.example.org/a/b?x=1"><meta name="author" content="https://example.org/staff/1"><p>x</p>)"),
            R"({"id":"m","title":null,"author":null,"published":null,"modified":null,"outlet":"example.org",)"
            R"("url":"https://www.example.org/a/b?x=1","language":null})"
            "\n");
}

TEST(CleanHtml, StructuredArticleBodyIsOneMoreCandidate) {
  std::string body;
  for (int i = 0; i < 12; ++i) body += "Crews cleared the coast road of mud and stones for the " + std::to_string(i) + "th day.\\n";
  const std::string ld = R"(<script type="application/ld+json">{"@type":"NewsArticle","articleBody":")" + body + R"("}</script>)";
  // the page shows a teaser only: the longer structured body is read instead
  Document teaser = CleanText("<head>" + ld + "</head><body><p>Crews cleared the coast road.</p></body>", true);
  EXPECT_TRUE(Kept(teaser, "for the 11th day.")) << teaser.text;
  // a long article unrelated to the structured body keeps its own text
  const std::string html = "<head>" + ld + "</head><body><article>" + Para("Flooding closed the port") +
                           Para("Waves reached the pier") + Para("Residents were moved inland") + "</article></body>";
  Document page = CleanText(html, true);
  EXPECT_TRUE(Kept(page, "Flooding closed the port"));
  EXPECT_FALSE(Kept(page, "11th day"));
}

TEST(EvalHtml, TokenScores) {
  TokenScore s = ScoreTokens("the storm hit the coast", "The storm hit the coast at dawn");
  EXPECT_EQ(s.got, 5u);
  EXPECT_EQ(s.expected, 7u);
  EXPECT_EQ(s.common, 4u);  // case is kept: "the" and "The" differ
  EXPECT_DOUBLE_EQ(s.precision, 0.8);
  EXPECT_NEAR(s.recall, 4.0 / 7, 1e-9);
  EXPECT_EQ(ScoreTokens("", "some text").f1, 0);
  EXPECT_EQ(ScoreTokens("", "").f1, 1);
  // letters of any script, punctuation is no token
  EXPECT_EQ(ScoreTokens("Zürich — «Überschwemmung», 12", "").got, 3u);
}

TEST(EvalHtml, ReferenceTextKeepsInlineWordsWhole) {
  EXPECT_NE(HtmlToPlainText("<p>ab<b>cd</b></p><p>ef</p><script>x</script>").find("abcd"), std::string::npos);
  EXPECT_EQ(ScoreTokens(HtmlToPlainText("<p>ab<b>cd</b></p><p>ef</p><script>x y</script>"), "abcd ef").f1, 1);
}

TEST(Clean, AShortStoryIsNeverMaskedAsABio) {
  // two paragraphs: both are among the last three, where third-person bios are looked for
  Document doc = CleanText("A woman who is a senior at the college was hurt when a car struck her on Friday.\n\n"
                           "Police said the driver stopped and was questioned.\n");
  EXPECT_TRUE(doc.skipped.empty()) << doc.View(doc.skipped.front().span);
}

TEST(Clean, MaskingThatWouldLeaveNoStoryKeepsTheTextWithANote) {
  // a first-person account by a reporter starts like an author bio
  Document doc = CleanText("I'm a reporter at the port, and I watched two cranes fall on the workers below.\n");
  EXPECT_TRUE(doc.skipped.empty());
  ASSERT_EQ(doc.notes.size(), 1u);
  EXPECT_NE(doc.notes[0].find("story"), std::string::npos);
  // a page that is only furniture stays masked
  Document widgets = CleanText("Share\nAdvertisement\n");
  EXPECT_FALSE(widgets.skipped.empty());
  EXPECT_TRUE(widgets.notes.empty());
}

}  // namespace
}  // namespace tally
