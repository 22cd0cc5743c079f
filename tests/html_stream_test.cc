// Very large web pages (src/clean/html_stream.cc): read with a streaming parser, they give the
// article gumbo's path gives; the size threshold decides the path, in ingest and in clean; and
// hostile pages end without a crash, read as far as they can be.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "clean/clean.h"
#include "ingest/ingest.h"
#include "test_util.h"

namespace tally {
namespace {

const CleanLexicon& Lexicon() {
  static const CleanLexicon lex = CleanLexicon::Load(TALLY_SOURCE_DATA_DIR "/lexicon/en");
  return lex;
}

// A news page: navigation, a header, the article of paragraphs numbered 0 to paragraphs - 1 (a
// caption, a link list and a share bar among them), a sidebar of related links, a footer.
std::string NewsPage(size_t paragraphs) {
  std::string html =
      "<!DOCTYPE html><html lang=\"en-GB\"><head><title>Floods in Harlow</title>"
      "<meta property=\"og:site_name\" content=\"The Harlow Gazette\">"
      "<meta property=\"article:published_time\" content=\"2026-03-04T10:00:00Z\">"
      "<link rel=\"canonical\" href=\"https://www.gazette.example/floods\">"
      "<script>var junk = '<p>not text</p>';</script><style>p { color: red }</style></head>\n<body>\n"
      "<nav class=\"menu\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li></ul></nav>\n"
      "<header class=\"site-header\"><div class=\"logo\">The Gazette</div></header>\n"
      "<div class=\"main\"><article class=\"story\">\n<h1>Floods in Harlow</h1>\n"
      "<div class=\"byline\">By Ann Reyes</div>\n";
  for (size_t i = 0; i < paragraphs; ++i) {
    html += "<p>Paragraph " + std::to_string(i) +
            ": in the district of Harlow, at least 12 people were killed and 40 were injured on Tuesday, "
            "police spokesman Tom Reyes said, <b>rescuers</b> were still searching.</p>\n";
    if (i % 50 == 7) html += "<figure><img src=\"a.jpg\"><figcaption>Rescuers at work. Photo: AP</figcaption></figure>\n";
    if (i % 50 == 20) html += "<ul class=\"related\"><li><a href=\"/a\">One story</a></li><li><a href=\"/b\">Another</a></li></ul>\n";
    if (i % 50 == 30) html += "<div class=\"share\"><a href=\"/s\">Share</a> <a href=\"/t\">Tweet</a></div>\n";
  }
  html += "</article>\n<aside class=\"sidebar\"><h2>Most read</h2><ul><li><a href=\"/c\">A story</a></li></ul></aside></div>\n"
          "<footer><p>Copyright 2026 The Gazette. All rights reserved.</p></footer>\n</body></html>\n";
  return html;
}

void ExpectSamePage(const HtmlPage& streamed, const HtmlPage& gumbo) {
  EXPECT_EQ(streamed.text, gumbo.text);
  EXPECT_EQ(streamed.title, gumbo.title);
  EXPECT_EQ(streamed.date, gumbo.date);
  EXPECT_EQ(streamed.url, gumbo.url);
  EXPECT_EQ(streamed.outlet, gumbo.outlet);
  EXPECT_EQ(streamed.author, gumbo.author);
  EXPECT_EQ(streamed.language, gumbo.language);
}

TEST(HtmlStream, SmallPageGivesGumbosArticle) {
  const std::string html = NewsPage(40);
  const HtmlPage gumbo = ExtractHtml(Lexicon(), html);
  ExpectSamePage(ExtractHtmlStreamed(Lexicon(), html, Limits{}.max_html_depth), gumbo);
  EXPECT_NE(gumbo.text.find("Paragraph 39:"), std::string::npos);
  EXPECT_EQ(gumbo.text.find("Most read"), std::string::npos);
  EXPECT_EQ(gumbo.title, "Floods in Harlow");
  EXPECT_EQ(gumbo.outlet, "The Harlow Gazette");
}

TEST(HtmlStream, LargePageGivesGumbosArticle) {
  // past the threshold, laid out the long way (the page's text given back as it is read)
  std::string html = NewsPage(45000);
  ASSERT_GT(html.size(), kStreamedPageBytes);
  const HtmlPage gumbo = ExtractHtml(Lexicon(), html);
  const HtmlPage streamed = ExtractHtmlStreamed(Lexicon(), html, Limits{}.max_html_depth);
  ExpectSamePage(streamed, gumbo);
  EXPECT_NE(streamed.text.find("Paragraph 44999:"), std::string::npos);
  EXPECT_EQ(streamed.text.find("Copyright"), std::string::npos);
}

// An HTML5 parser reads on after "</body>" and "</html>"; libxml2's stops at "</html>", so the
// streamed path takes those end tags out as the page is fed, one cut by a piece's edge included.
TEST(HtmlStream, WhatFollowsTheEndOfThePageIsRead) {
  const std::string twice = NewsPage(30) + NewsPage(30);
  const HtmlPage gumbo = ExtractHtml(Lexicon(), twice);
  EXPECT_EQ(ExtractHtmlStreamed(Lexicon(), twice, Limits{}.max_html_depth).text, gumbo.text);
  const std::string story =
      "<p>At least 12 people were killed and 40 were injured in the floods on Tuesday, the police said.</p>";
  std::string page = "<html><body>" + story + "<!-- ";
  const size_t edge = size_t{1} << 20;  // ReadStreamedPage's piece
  page += std::string(edge - 8 - page.size(), 'x') + " -->";  // "</BO" before the edge, "DY >" after
  ASSERT_EQ(page.size(), edge - 4);
  page += "</BODY >\n</html><p>After the end, 3 more people were found dead in the river by the rescuers.</p>";
  const HtmlPage streamed = ExtractHtmlStreamed(Lexicon(), page, Limits{}.max_html_depth);
  EXPECT_NE(streamed.text.find("3 more people were found dead"), std::string::npos);
  EXPECT_EQ(streamed.text, ExtractHtml(Lexicon(), page).text);
}

// "&check;" is an HTML5 character reference: gumbo reads it, libxml2's HTML 4 parser leaves it.
// The two parsers give different text, so the text says which path read the page.
std::string PageSayingItsParser() {
  std::string html = "<html><body><article>";
  for (int i = 0; i < 10; ++i)
    html += "<p>The council confirmed &check; that 12 people were killed and 40 were injured in the floods on Tuesday.</p>";
  return html + "</article></body></html>";
}

TEST(HtmlStream, TheThresholdDecidesThePathInClean) {
  const std::string html = PageSayingItsParser();
  const auto clean = [&](size_t above) {
    RawDocument raw;
    raw.id = "p";
    raw.format = Format::kHtml;
    raw.bytes = html;
    Limits limits;
    limits.stream_html_above_bytes = above;
    return Clean(Lexicon(), std::move(raw), limits).text;
  };
  EXPECT_NE(clean(html.size()).find("confirmed \xE2\x9C\x93 that"), std::string::npos);  // gumbo, at the size
  EXPECT_NE(clean(html.size() - 1).find("confirmed &check; that"), std::string::npos);  // streamed, above it
}

class HtmlStreamIngest : public testing::TempDirTest {
 protected:
  std::vector<RawDocument> Read(const std::string& path, size_t above, std::vector<Problem>* problems = nullptr) {
    std::vector<RawDocument> docs;
    IngestOptions options;
    options.stream_html_above_bytes = above;
    ReadInputs({path}, options, [&](RawDocument&& d) { docs.push_back(std::move(d)); },
               [&](const Problem& p) { if (problems) problems->push_back(p); });
    return docs;
  }
};

TEST_F(HtmlStreamIngest, TheThresholdDecidesThePathInIngest) {
  const std::string html = PageSayingItsParser();
  Write("page.html", html);
  Write("sniffed", html);
  for (const std::string name : {"page.html", "sniffed"}) {
    const std::string path = (dir_ / name).string();
    std::vector<RawDocument> whole = Read(path, html.size());
    ASSERT_EQ(whole.size(), 1u);
    EXPECT_EQ(whole[0].bytes, html);
    EXPECT_FALSE(whole[0].source);
    std::vector<RawDocument> pieces = Read(path, html.size() - 1);
    ASSERT_EQ(pieces.size(), 1u);
    EXPECT_TRUE(pieces[0].bytes.empty());
    ASSERT_TRUE(pieces[0].source);
    EXPECT_EQ(pieces[0].source->size(), html.size());
    EXPECT_EQ(pieces[0].format, Format::kHtml);
    EXPECT_EQ(pieces[0].id, whole[0].id);
    const Document doc = testing::SharedPipeline().Clean(std::move(pieces[0]));
    EXPECT_NE(doc.text.find("confirmed &check; that"), std::string::npos) << name;
  }
  // a text file is read whole whatever its size
  Write("notes.txt", html);
  std::vector<RawDocument> text = Read((dir_ / "notes.txt").string(), 0);
  ASSERT_EQ(text.size(), 1u);
  EXPECT_FALSE(text[0].source);
}

// A page checked in pieces is refused for what a page read whole is refused for, with the same
// message: bytes at the 1 MiB pieces' edges included.
TEST_F(HtmlStreamIngest, PiecesAreCheckedAsTheWholePage) {
  const size_t piece = size_t{1} << 20;
  std::string base = "<html><body><p>" + std::string(piece * 2, 'a') + "</p></body></html>";
  std::vector<std::pair<std::string, std::string>> pages;
  std::string cut = base;
  cut.replace(piece - 1, 3, "\xE2\x80\x94");  // an em dash across the first edge: valid
  pages.push_back({"cut_valid.html", cut});
  std::string cut_bad = base;
  cut_bad.replace(piece - 1, 3, "\xE2\x80" "a");  // a dash missing its last byte, across the edge
  pages.push_back({"cut_bad.html", cut_bad});
  std::string nul = base;
  nul[piece + 5] = '\0';
  pages.push_back({"nul.html", nul});
  std::string late_bad = base;
  late_bad[2 * piece + 3] = '\xFF';
  pages.push_back({"late_bad.html", late_bad});
  std::string end_cut = base + "\xE2\x80";
  pages.push_back({"end_cut.html", end_cut});
  pages.push_back({"blank.html", std::string(piece * 2 + 7, ' ')});
  for (const auto& [name, bytes] : pages) {
    Write(name, bytes);
    std::vector<Problem> whole_problems, piece_problems;
    const std::vector<RawDocument> whole = Read((dir_ / name).string(), bytes.size(), &whole_problems);
    const std::vector<RawDocument> pieces = Read((dir_ / name).string(), 0, &piece_problems);
    EXPECT_EQ(whole.size(), pieces.size()) << name;
    ASSERT_EQ(whole_problems.size(), piece_problems.size()) << name;
    for (size_t i = 0; i < whole_problems.size(); ++i) {
      EXPECT_EQ(piece_problems[i].where, whole_problems[i].where);
      EXPECT_EQ(piece_problems[i].status.ToString(), whole_problems[i].status.ToString()) << name;
    }
  }
}

// An id read twice with different content is refused the same way for a page read in pieces.
TEST_F(HtmlStreamIngest, RepeatedIdsAreFoundByContent) {
  const std::string page = PageSayingItsParser();
  Write("a/page.html", page);
  Write("b/page.html", page);
  Write("c/page.html", page + "<p>more</p>");
  std::vector<Problem> problems;
  std::vector<RawDocument> docs = Read(dir_.string(), 0, &problems);
  EXPECT_EQ(docs.size(), 2u);  // the same content twice is harmless
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].status.ToString().find("with different content"), std::string::npos);
}

// Hostile pages read the streaming way: no crash, and what can be read is read.
HtmlPage Streamed(const std::string& html, size_t max_depth = Limits{}.max_html_depth) {
  return ExtractHtmlStreamed(Lexicon(), html, max_depth);
}

TEST(HtmlStream, HostilePages) {
  const std::string story =
      "<p>At least 12 people were killed and 40 were injured in the floods on Tuesday, the police said.</p>";
  // nested deeper than the limit: read up to about the tag that passes it
  std::string deep = "<html><body>" + story;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  HtmlPage page = Streamed(deep);
  EXPECT_NE(page.cut_at, std::string_view::npos);
  EXPECT_LT(page.cut_at, deep.size());
  EXPECT_NE(page.text.find("12 people were killed"), std::string::npos);
  // tags never closed
  std::string unclosed = "<html><body>";
  for (int i = 0; i < 20000; ++i) unclosed += "<span><b><i><p>word ";
  page = Streamed(unclosed, 100000);
  EXPECT_NE(page.text.find("word"), std::string::npos);
  // an attribute of 10 MB, and one unterminated
  page = Streamed("<html><body><div class=\"" + std::string(10 << 20, 'x') + "\">" + story + "</div></body></html>");
  EXPECT_NE(page.text.find("12 people were killed"), std::string::npos);
  page = Streamed("<html><body>" + story + "<div title=\"" + std::string(1 << 20, 'y'));
  EXPECT_NE(page.text.find("12 people were killed"), std::string::npos);
  // one text node of 10 MB
  const std::string words = "the floods killed twelve people ";
  std::string one;
  while (one.size() < (size_t{10} << 20)) one += words;
  page = Streamed(one);
  EXPECT_GE(page.text.size(), one.size() - 2);
  // binary junk, invalid UTF-8 included (ingest refuses it; clean must not fall over on it)
  std::mt19937 random(17);
  std::string junk(size_t{2} << 20, '\0');
  for (char& c : junk) c = static_cast<char>(random() % 256);
  page = Streamed(junk);
  std::string tags;
  for (int i = 0; i < 200000; ++i) tags += "<</>&#;<!--<![CDATA[<?x <a =\"";
  page = Streamed(tags);
  page = Streamed("");
  EXPECT_TRUE(page.text.empty());
}

}  // namespace
}  // namespace tally
