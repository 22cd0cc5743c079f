// The placeholder pre-pass of the HTML parse (src/clean/html_parse.h): a page parsed with its
// text runs as placeholders gives the tree and the cleaned text it gives parsed as it is.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "clean/clean.h"
#include "clean/html_parse.h"
#include "test_util.h"

namespace tally {
namespace {

using namespace std::string_literals;

// Everything gumbo's tree says, in document order, one node a line. Without spaces, less its
// whitespace nodes: a parse leaving out the spaces after paragraphs (ParsedHtml::Spaces) must
// give the rest of the tree as it is.
enum class Dump { kAll, kWithoutSpaces };
std::string DumpTree(const GumboNode* root, Dump dump = Dump::kAll) {
  std::string out;
  struct Item {
    const GumboNode* node;
    int depth;
  };
  std::vector<Item> stack{{root, 0}};
  while (!stack.empty()) {
    auto [n, depth] = stack.back();
    stack.pop_back();
    if (dump == Dump::kWithoutSpaces && n->type == GUMBO_NODE_WHITESPACE) continue;
    out.append(static_cast<size_t>(depth) * 2, ' ');
    out += std::to_string(n->type) + " flags=" + std::to_string(n->parse_flags) + " ";
    const GumboVector* kids = nullptr;
    switch (n->type) {
      case GUMBO_NODE_DOCUMENT: {
        const GumboDocument& d = n->v.document;
        out += "doctype=" + std::to_string(d.has_doctype) + " " + d.name + "|" + d.public_identifier + "|" +
               d.system_identifier + " quirks=" + std::to_string(d.doc_type_quirks_mode);
        kids = &d.children;
        break;
      }
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboElement& e = n->v.element;
        GumboStringPiece tag = e.original_tag;
        if (e.tag == GUMBO_TAG_UNKNOWN) gumbo_tag_from_original_text(&tag);
        out += "<" + std::to_string(e.tag_namespace) + ":" +
               (e.tag == GUMBO_TAG_UNKNOWN ? std::string(tag.data, tag.length) : gumbo_normalized_tagname(e.tag));
        for (unsigned i = 0; i < e.attributes.length; ++i) {
          const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
          out += " "s + std::to_string(a->attr_namespace) + ":" + a->name + "=\"" + a->value + "\"";
        }
        out += ">";
        kids = &e.children;
        break;
      }
      default:
        out += "text[" + std::string(n->v.text.text) + "]";
    }
    out += "\n";
    if (kids)
      for (unsigned i = kids->length; i > 0; --i) stack.push_back({static_cast<const GumboNode*>(kids->data[i - 1]), depth + 1});
  }
  return out;
}

const CleanLexicon& Lexicon() {
  static const CleanLexicon lex = CleanLexicon::Load(TALLY_SOURCE_DATA_DIR "/lexicon/en");
  return lex;
}

// A page given up to the parse (Clean's way) gives the same tree and text as a page kept; it is
// emptied when placeholders were used, and is the page again when it had to be parsed twice.
void ExpectSameReleasing(const std::string& html, ParsedHtml::Path path) {
  std::string owned = html;
  {
    ParsedHtml released(owned, true, &owned), kept(html);
    EXPECT_EQ(released.path(), path) << html;
    EXPECT_EQ(DumpTree(released.root()), DumpTree(kept.root())) << html;
    if (path == ParsedHtml::Path::kPlaceholders) EXPECT_TRUE(owned.empty()) << html;
    else EXPECT_EQ(owned, html);
  }
  owned = html;
  HtmlPage a = ExtractHtmlReleasing(Lexicon(), &owned, Limits{}.max_html_depth);
  HtmlPage b = ExtractHtml(Lexicon(), html, Limits{}.max_html_depth, false);
  EXPECT_EQ(a.text, b.text) << html;
  EXPECT_EQ(a.title + "|" + a.author + "|" + a.date, b.title + "|" + b.author + "|" + b.date);
}

// The tree and the cleaned page are the same with placeholders as without; returns the path the
// parse with placeholders took.
ParsedHtml::Path ExpectSameParse(const std::string& html) {
  ParsedHtml with(html), without(html, false);
  EXPECT_EQ(DumpTree(with.root()), DumpTree(without.root())) << html;
  HtmlPage a = ExtractHtml(Lexicon(), html, Limits{}.max_html_depth, true);
  HtmlPage b = ExtractHtml(Lexicon(), html, Limits{}.max_html_depth, false);
  EXPECT_EQ(a.text, b.text) << html;
  EXPECT_EQ(a.title + "|" + a.author + "|" + a.date + "|" + a.url + "|" + a.outlet + "|" + a.language,
            b.title + "|" + b.author + "|" + b.date + "|" + b.url + "|" + b.outlet + "|" + b.language);
  ExpectSameReleasing(html, with.path());
  return with.path();
}

// A parse leaving out the spaces after paragraphs gives the tree of the page parsed as it is,
// less whitespace nodes, and the same cleaned text (ExpectSameParse: ExtractHtml leaves them
// out); given the page, it empties it, or makes it again when parsed twice. Returns how many
// spaces were left out.
size_t ExpectSameLeavingSpacesOut(const std::string& html, ParsedHtml::Path path) {
  constexpr auto kLeftOut = ParsedHtml::Spaces::kLeftOutAfterParagraphs;
  ParsedHtml left(html, true, nullptr, kLeftOut), kept(html, false);
  EXPECT_EQ(left.path(), path) << html;
  if (left.spaces_left_out() == 0) EXPECT_EQ(DumpTree(left.root()), DumpTree(kept.root())) << html;
  EXPECT_EQ(DumpTree(left.root(), Dump::kWithoutSpaces), DumpTree(kept.root(), Dump::kWithoutSpaces)) << html;
  std::string owned = html;
  {
    ParsedHtml released(owned, true, &owned, kLeftOut);
    EXPECT_EQ(DumpTree(released.root()), DumpTree(left.root())) << html;
    if (path == ParsedHtml::Path::kPlaceholders) EXPECT_TRUE(owned.empty()) << html;
    else EXPECT_EQ(owned, html);
  }
  ExpectSameParse(html);
  return left.spaces_left_out();
}

// Cases that the scan reads rightly: placeholders are used and all come back.
void ExpectPlaceholders(const std::string& html) {
  EXPECT_EQ(ExpectSameParse(html), ParsedHtml::Path::kPlaceholders) << html;
}

const std::string kLong = "a sentence long enough to be a run of text";

TEST(HtmlParse, PlainParagraphs) {
  ExpectPlaceholders("<html><body><p>" + kLong + ".</p><p>  " + kLong + ", again.  </p></body></html>");
  ParsedHtml parsed("<p>" + kLong + "</p>");
  EXPECT_EQ(parsed.runs(), 1u);
}

TEST(HtmlParse, TextInTablesIsFosterParented) {
  ExpectPlaceholders("<table><tr><td>" + kLong + "</td></tr> " + kLong + " <tr><td>x</td></tr></table>");
  ExpectPlaceholders("<table>\n  " + kLong + "\n  <tr><td>" + kLong + "</td></tr></table>");
  ExpectPlaceholders("<table><caption>" + kLong + "</caption><colgroup> " + kLong + "</colgroup></table>");
  ExpectSameParse("<table>   \n   </table><table><tr>   \t   </tr></table>");
}

TEST(HtmlParse, NewlineAfterPre) {
  ExpectPlaceholders("<pre>\n" + kLong + "\n</pre>");
  ExpectPlaceholders("<pre>\n\n" + kLong + "</pre><listing>\n" + kLong + "</listing>");
  ExpectSameParse("<textarea>\n" + kLong + "</textarea><p>" + kLong + "</p>");
}

TEST(HtmlParse, CharacterReferences) {
  ExpectPlaceholders("<p>Fish &amp; chips, " + kLong + "</p>");
  ExpectPlaceholders("<p>&ampnot a reference: " + kLong + "</p>");
  ExpectPlaceholders("<p>&#x41;lpha and &#66;eta, " + kLong + " &eacute;t&eacute;</p>");
  ExpectPlaceholders("<p>&notit; " + kLong + "&</p>");
}

TEST(HtmlParse, ScriptsAndRawText) {
  ExpectPlaceholders("<script>if (a < b && c > d) { x = '</p>" + kLong + "'; }</script><p>" + kLong + "</p>");
  ExpectPlaceholders("<script><!-- document.write('<script>" + kLong + "</script>'); --></script><p>" + kLong + "</p>");
  ExpectPlaceholders("<style>p > a { color: red } /* " + kLong + " */</style><p>" + kLong + "</p>");
  ExpectPlaceholders("<title>" + kLong + "</title><xmp><b>" + kLong + "</b></xmp><p>" + kLong + "</p>");
  ExpectPlaceholders("<iframe>" + kLong + "</iframe><noembed>" + kLong + "</noembed><p>" + kLong + "</p>");
  ExpectPlaceholders("<noframes>" + kLong + "</noframes><noscript><p>" + kLong + "</p></noscript><p>" + kLong + "</p>");
  ExpectPlaceholders("<SCRIPT type=\"application/ld+json\">{\"articleBody\": \"" + kLong +
                     "\"}</SCRIPT ><p>" + kLong + "</p>");
  ExpectSameParse("<p>" + kLong + "</p><plaintext>" + kLong + "</plaintext><p>" + kLong);
  ExpectSameParse("<script>" + kLong);
}

TEST(HtmlParse, Comments) {
  ExpectPlaceholders("<!-- a comment with > and -- in it, " + kLong + " --><p>" + kLong + "</p>");
  ExpectPlaceholders("<!--> " + kLong + " <!---> " + kLong + " <!-- x --!> " + kLong);
  ExpectPlaceholders("<p>" + kLong + " -- </p><!-- " + kLong + " ---><p>" + kLong + "</p>");
  ExpectSameParse("<p>" + kLong + "</p><!-- never closed " + kLong);
  ExpectSameParse("<p>dashes before the end of a comment --><p>" + kLong + "</p>");
  ExpectPlaceholders("<?xml " + kLong + "?><!DOCTYPE html><p>" + kLong + "</p></3 " + kLong + "> " + kLong);
}

TEST(HtmlParse, ForeignContentAndCdata) {
  ExpectSameParse("<svg><![CDATA[ " + kLong + " ]]><text>" + kLong + "</text></svg><p>" + kLong + "</p>");
  ExpectPlaceholders("<p><![CDATA[ bogus in HTML ]]> " + kLong + "</p>");
  ExpectSameParse("<svg><script><![CDATA[ </script> " + kLong + " ]]></script></svg><p>" + kLong + "</p>");
  ExpectSameParse("<svg><title>" + kLong + "</title><style><!-- </style> --> " + kLong + "</svg><p>" + kLong);
  ExpectSameParse("<svg><p>" + kLong + "</p></svg><p>" + kLong + "</p><math><mi>" + kLong + "</mi></math>");
  ExpectSameParse("<svg/><p>" + kLong + "</p><svg><svg></svg>" + kLong + "</svg>" + kLong);
}

TEST(HtmlParse, Attributes) {
  ExpectPlaceholders("<a title=\"a > b, " + kLong + "\" href='x>y' data-x=a>" + kLong + "</a>");
  ExpectPlaceholders("<a href=a>b>" + kLong + "</a><img alt=\"" + kLong + "\"/>" + kLong);
  ExpectPlaceholders("<div class=\"x\"id=y =z/ / " + kLong + ">" + kLong + "</div>");
  ExpectSameParse("<div class=\"a>" + kLong + "</div><p>" + kLong + "</p>");
  ExpectSameParse("<p>" + kLong + " <b unclosed attribute=\"" + kLong);
  ExpectSameParse("<p>" + kLong + "</p><div");
}

TEST(HtmlParse, TextTheTreeBuilderMoves) {
  ExpectPlaceholders("<html> " + kLong + "<head> " + kLong + "</head> " + kLong + "<body>" + kLong);
  ExpectPlaceholders("<p>" + kLong + "</p></body> " + kLong + "</html> " + kLong);
  ExpectPlaceholders("<select><option>" + kLong + "</option> " + kLong + "</select>");
  ExpectPlaceholders("<template><p>" + kLong + "</p>" + kLong + "</template><p>" + kLong + "</p>");
  ExpectPlaceholders("<ul><li>" + kLong + "<li>" + kLong + "</ul><b><i>" + kLong + "</b>" + kLong + "</i>");
  // a frameset drops text that is not space, but keeps its spaces: the placeholders vanish
  EXPECT_NE(ExpectSameParse("<frameset> " + kLong + " <frame> " + kLong + " </frameset>"),
            ParsedHtml::Path::kPlaceholders);
}

TEST(HtmlParse, BytesTheParserRewrites) {
  ExpectSameParse("<p>line one with a crlf\r\nline two, " + kLong + "</p>");
  ExpectSameParse("<p>a control \x01 character, " + kLong + "</p><p>a \x7f one " + kLong + "</p>");
  ExpectSameParse("<p>bad UTF-8 \xff\xfe here, " + kLong + "</p><p>truncated \xe2\x82 " + kLong + "</p>");
  ExpectSameParse("<p>a C1 control \xc2\x85 here, " + kLong + "</p><p>a nonchar \xef\xb7\x90 " + kLong + "</p>");
  ExpectSameParse("<p>a NUL \0 inside, "s + kLong + "</p>");
  ExpectSameParse("\xef\xbb\xbf" + kLong + "<p>" + kLong + "</p>");
  ExpectPlaceholders("<p>Ünïcödé text — with “quotes” and 日本語, " + kLong + " 😀</p>");
}

TEST(HtmlParse, PagesHoldingThePlaceholderBlock) {
  const std::string page = "<p>a private-use \xee\x80\x80\xee\x80\x81 character, " + kLong + "</p>";
  EXPECT_TRUE(FindTextRuns(page).empty());
  EXPECT_EQ(ExpectSameParse(page), ParsedHtml::Path::kAsIs);
}

TEST(HtmlParse, ManyRuns) {
  std::string page = "<ul>";
  for (int i = 0; i < 10000; ++i) page += "<li>item " + std::to_string(i) + ", " + kLong + "</li>";
  page += "</ul>";
  ParsedHtml parsed(page);
  EXPECT_EQ(parsed.path(), ParsedHtml::Path::kPlaceholders);
  EXPECT_EQ(parsed.runs(), 10000u);
  ExpectSameParse(page);
}

// An article longer than the probe that counts its words (64 KiB) is laid out taking its text
// out of the tree; the text is the one laid out from a kept tree. So is one whose first 64 KiB
// hold too few words to tell (a single long word), laid out as a kept tree is.
TEST(HtmlParse, LongArticleMovedOutOfTheTree) {
  std::string page = "<html><head><title>t</title></head><body><nav><a href=/>Home</a></nav><article>\n";
  for (int i = 0; i < 3000; ++i)
    page += "<p>Paragraph " + std::to_string(i) + ", " + kLong + " &amp; <b>bold</b>  " + kLong + ".</p>\n";
  page += "</article><footer>Contact us</footer></body></html>";
  ExpectPlaceholders(page);
  std::string owned = page;
  const HtmlPage released = ExtractHtmlReleasing(Lexicon(), &owned, Limits{}.max_html_depth);
  EXPECT_TRUE(owned.empty());
  EXPECT_GT(released.text.size(), size_t{200} << 10);
  EXPECT_EQ(released.text, ExtractHtml(Lexicon(), page).text);

  const std::string word(100000, 'x');
  ExpectSameParse("<article><p>" + word + "</p><p>" + kLong + ", " + kLong + ".</p></article>");
}

TEST(HtmlParse, RunsLeaveSpacesAndMarkupOutside) {
  const std::string page = "<p> &amp; " + kLong + "  </p>";
  std::vector<TextRun> runs = FindTextRuns(page);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(page.substr(runs[0].begin, runs[0].end - runs[0].begin), kLong);
  EXPECT_TRUE(FindTextRuns("<p>short</p>").empty());
  EXPECT_TRUE(FindTextRuns("<script>" + kLong + "</script>").empty());
  EXPECT_TRUE(FindTextRuns("<!-- " + kLong + " -->").empty());
}

// The spaces between "<p>text</p>" and the next tag are left out, and only those: the layout
// reads them as nothing after the paragraph's break (docs/robustness.md, "Seventh pass").
TEST(HtmlParse, SpacesAfterParagraphsLeftOut) {
  using Path = ParsedHtml::Path;
  const std::string p = "<p>" + kLong + ".</p>";
  EXPECT_EQ(ExpectSameLeavingSpacesOut("<article>\n" + p + "\n" + p + " \t\r\n" + p + "\n</article>", Path::kPlaceholders), 3u);
  EXPECT_EQ(ExpectSameLeavingSpacesOut("<div>" + p + "\n<div>x</div>\n" + p + "\n<!-- c -->" + p + "\n", Path::kPlaceholders), 2u);
  // not after a paragraph with attributes (the layout may drop it), with tags or no text inside,
  // nor before the page's end
  EXPECT_EQ(ExpectSameLeavingSpacesOut("<p class=share>" + kLong + "</p>\n<p id=x>" + kLong + "</p>\n" + p, Path::kPlaceholders), 0u);
  EXPECT_EQ(ExpectSameLeavingSpacesOut("<p><b>" + kLong + "</b></p>\n<p> </p>\n<P>" + kLong + "</P>\n", Path::kPlaceholders), 0u);
  EXPECT_EQ(ExpectSameLeavingSpacesOut("<p>" + kLong + "</p \n>\n<p>" + kLong + "</p>x\n<br>", Path::kPlaceholders), 0u);
  // not where the tree builder moves paragraphs or text: tables, selects, templates, framesets,
  // foreign content
  EXPECT_EQ(ExpectSameLeavingSpacesOut("<table>" + p + "\n" + p + "\n<tr><td>" + kLong + "</td></tr></table>", Path::kPlaceholders), 0u);
  EXPECT_EQ(ExpectSameLeavingSpacesOut("<select>" + p + "\n</select><template>" + p + "\n</template>" + p + "\n<b>" + kLong, Path::kPlaceholders), 1u);
  ExpectSameLeavingSpacesOut("<svg>" + p + "\n</svg>" + kLong, Path::kPlaceholders);
  EXPECT_EQ(ExpectSameLeavingSpacesOut("<frameset>" + p + "\n" + p + "</frameset>", Path::kReparsed), 0u);
  // a table closed again: spaces after it are left out
  EXPECT_EQ(ExpectSameLeavingSpacesOut("<table><tr><td>" + kLong + "</td></tr></table>" + p + "\n" + p, Path::kPlaceholders), 1u);
}

// A formatting element left open across paragraphs is reconstructed in each one's text; a space
// after such a paragraph would have reconstructed it once more, around the space and the next
// paragraph. The tree would differ there, so the page is parsed again as it is.
TEST(HtmlParse, SpacesAfterReconstructedFormattingKept) {
  const std::string page = "<p><b>" + kLong + "</p><p>" + kLong + "</p>\n<p>" + kLong + "</p>\n<p>x</p>";
  EXPECT_EQ(ExpectSameLeavingSpacesOut(page, ParsedHtml::Path::kReparsed), 0u);
  // a formatting element closed before the paragraphs changes nothing
  EXPECT_EQ(ExpectSameLeavingSpacesOut("<p><b>" + kLong + "</b></p><p>" + kLong + "</p>\n<p>" + kLong + "</p>\n",
                                       ParsedHtml::Path::kPlaceholders), 1u);
  // nor one still open around them (in the stack of open elements, not reconstructed)
  EXPECT_EQ(ExpectSameLeavingSpacesOut("<b><p>" + kLong + "</p>\n<p>" + kLong + "</p>\n</b>", ParsedHtml::Path::kPlaceholders), 2u);
}

// Every page of the shared HTML corpus parses to the same tree, and with placeholders.
TEST(HtmlParse, SharedCorpusPages) {
  const std::string shared = testing::SharedDir();
  if (shared.empty()) GTEST_SKIP() << "no ../shared beside this clone: corpus pages skipped";
  const std::filesystem::path dir = shared + "/corpus/html-dev";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no " << dir;
  size_t pages = 0, reparsed = 0, as_is = 0, spaces = 0, spaces_reparsed = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::filesystem::path source = e.path() / "source.html";
    if (!std::filesystem::exists(source)) continue;
    const std::string html = testing::ReadFile(source.string());
    ParsedHtml with(html), without(html, false);
    EXPECT_EQ(DumpTree(with.root()), DumpTree(without.root())) << source;
    ParsedHtml left(html, true, nullptr, ParsedHtml::Spaces::kLeftOutAfterParagraphs);
    EXPECT_EQ(DumpTree(left.root(), Dump::kWithoutSpaces), DumpTree(without.root(), Dump::kWithoutSpaces)) << source;
    ++pages;
    reparsed += with.path() == ParsedHtml::Path::kReparsed;
    as_is += with.path() == ParsedHtml::Path::kAsIs;
    spaces_reparsed += left.path() == ParsedHtml::Path::kReparsed && with.path() != ParsedHtml::Path::kReparsed;
    spaces += left.spaces_left_out();
  }
  std::printf("%zu pages: %zu parsed with placeholders, %zu as they are, %zu twice; leaving spaces out: "
              "%zu spaces, %zu more pages parsed twice\n",
              pages, pages - reparsed - as_is, as_is, reparsed, spaces, spaces_reparsed);
  EXPECT_GT(pages, 0u);
  EXPECT_LE(reparsed * 20, pages) << reparsed << " of " << pages << " pages were parsed twice";
  EXPECT_LE(spaces_reparsed * 20, pages) << spaces_reparsed << " of " << pages << " pages were parsed twice";
}

}  // namespace
}  // namespace tally
