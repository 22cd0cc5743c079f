// Hostile input: every case gets its documented message (docs/robustness.md), never a crash,
// and never costs the other documents their work.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>

#include "fuzz/targets.h"
#include "claims/claims.h"
#include "clean/clean.h"
#include "common/text.h"
#include "ingest/ingest.h"
#include "test_util.h"

namespace tally {
namespace {
namespace fs = std::filesystem;

class HostileInput : public testing::TempDirTest {
 protected:
  // Reads paths; the callback may act between documents (deleting a file, say).
  void Read(const std::vector<std::string>& paths, const IngestOptions& options = {},
            const std::function<void(const RawDocument&)>& after_each = nullptr) {
    ReadInputs(
        paths, options,
        [&](RawDocument&& d) {
          if (after_each) after_each(d);
          docs_.push_back(std::move(d));
        },
        [&](const Problem& p) { problems_.push_back(p.where + ": " + p.status.message()); });
  }

  bool HasProblem(const std::string& text) const {
    for (const std::string& p : problems_)
      if (p.find(text) != std::string::npos) return true;
    return false;
  }

  std::vector<RawDocument> docs_;
  std::vector<std::string> problems_;
};

const char kGood[] = "At least 12 people were killed in the storm, officials said.\n";

TEST_F(HostileInput, BinaryFileIsRejectedAndOthersAreRead) {
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary.push_back(static_cast<char>((i * 7919) % 256));
  Read({Write("binary.txt", binary), Write("good.txt", kGood)});
  EXPECT_TRUE(HasProblem("binary.txt: binary data (NUL byte at offset 0)")) << ::testing::PrintToString(problems_);
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].id, "good");
}

TEST_F(HostileInput, InvalidAndOverlongUtf8AreNamedByByte) {
  Read({Write("lone.txt", "Casualties rose \xff to 40.\n"),
        Write("overlong.txt", "A slash written long: \xC0\xAF here.\n"),  // '/' as two bytes
        Write("overlong3.txt", "Ab\xE0\x80\xAF.\n"),                       // '/' as three bytes
        Write("surrogate.txt", "Abc \xED\xA0\x80.\n"),                     // UTF-16 surrogate
        Write("good.txt", kGood)});
  EXPECT_TRUE(HasProblem("lone.txt: invalid UTF-8 at byte 16"));
  EXPECT_TRUE(HasProblem("overlong.txt: invalid UTF-8 at byte 22"));
  EXPECT_TRUE(HasProblem("overlong3.txt: invalid UTF-8 at byte 2"));
  EXPECT_TRUE(HasProblem("surrogate.txt: invalid UTF-8 at byte 4"));
  EXPECT_EQ(docs_.size(), 1u);
}

TEST_F(HostileInput, NulBytesInTextAndEmptyFiles) {
  Read({Write("nul.txt", std::string("Forty people\0 died.\n", 20)), Write("empty.txt", ""),
        Write("blank.txt", " \n\t\n"), Write("good.txt", kGood)});
  EXPECT_TRUE(HasProblem("nul.txt: binary data (NUL byte at offset 12)"));
  EXPECT_TRUE(HasProblem("empty.txt: empty file"));
  EXPECT_TRUE(HasProblem("blank.txt: empty file"));
  EXPECT_EQ(docs_.size(), 1u);
}

TEST_F(HostileInput, JsonlWithWrongTypesAndMissingFieldsKeepsTheGoodLines) {
  const std::string lines =
      "{\"id\":\"ok1\",\"text\":\"Nine were injured.\"}\n"
      "{\"id\":5,\"text\":\"A numbered record.\"}\n"
      "{\"id\":\"t\",\"text\":7}\n"
      "{\"id\":\"n\",\"text\":null}\n"
      "{\"id\":\"none\"}\n"
      "[1,2,3]\n"
      "\"just a string\"\n"
      "{\"id\":\"cut\",\"text\":\"no end\n"
      "{\"id\":\"d\",\"text\":\"Two died.\",\"date\":[2025]}\n"
      "{\"id\":\"ok2\",\"html\":\"<p>Two were captured.</p>\"}\n";
  Read({Write("feed.jsonl", lines)});
  EXPECT_EQ(problems_.size(), 7u) << ::testing::PrintToString(problems_);
  EXPECT_TRUE(HasProblem("feed.jsonl:9: field \"date\" must be a string"));
  for (int line = 3; line <= 9; ++line)
    EXPECT_TRUE(HasProblem("feed.jsonl:" + std::to_string(line) + ":")) << line;
  // a numeric id is read as its digits: many dumps number their records
  ASSERT_EQ(docs_.size(), 3u) << ::testing::PrintToString(problems_);
  EXPECT_EQ(docs_[0].id, "ok1");
  EXPECT_EQ(docs_[1].id, "5");
  EXPECT_EQ(docs_[2].id, "ok2");
}

TEST_F(HostileInput, AJsonlLineLargerThanTheLimitIsSkippedWithoutKeepingIt) {
  IngestOptions small;
  small.max_document_bytes = 1 << 20;
  std::string huge = "{\"id\":\"huge\",\"text\":\"" + std::string(3 << 20, 'a') + "\"}\n";
  Read({Write("feed.jsonl", "{\"id\":\"a\",\"text\":\"One died.\"}\n" + huge + "{\"id\":\"b\",\"text\":\"Two died.\"}\n")},
       small);
  EXPECT_TRUE(HasProblem("feed.jsonl:2: line larger than the 1 MiB document limit")) << ::testing::PrintToString(problems_);
  ASSERT_EQ(docs_.size(), 2u);
  EXPECT_EQ(docs_[1].id, "b");
}

TEST_F(HostileInput, AFileLargerThanTheLimitIsRejected) {
  IngestOptions small;
  small.max_document_bytes = 1 << 20;
  Read({Write("big.txt", std::string(2 << 20, 'x')), Write("good.txt", kGood)}, small);
  EXPECT_TRUE(HasProblem("big.txt: larger than the 1 MiB document limit"));
  EXPECT_EQ(docs_.size(), 1u);
}

// Issue 17, case 6: a named pipe would be read until its writer stops, maybe never.
TEST_F(HostileInput, ANamedPipeIsRefusedNotRead) {
  const std::string pipe = (dir_ / "pipe.txt").string();
  ASSERT_EQ(mkfifo(pipe.c_str(), 0600), 0);
  Read({pipe, Write("good.txt", kGood)});
  EXPECT_TRUE(HasProblem("pipe.txt: not a regular file or folder (a named pipe)")) << ::testing::PrintToString(problems_);
  EXPECT_EQ(docs_.size(), 1u);
}

// Issue 17, case 6: a loop of symbolic links is named as one, not as a missing file.
TEST_F(HostileInput, ASymbolicLinkLoopIsNamed) {
  fs::create_symlink(dir_ / "b.txt", dir_ / "a.txt");
  fs::create_symlink(dir_ / "a.txt", dir_ / "b.txt");
  fs::create_directory(dir_ / "tree");
  fs::create_directory_symlink(dir_ / "tree", dir_ / "tree" / "up");  // a folder loop: not followed
  Write("tree/good.txt", kGood);
  Read({(dir_ / "a.txt").string(), (dir_ / "tree").string()});
  EXPECT_TRUE(HasProblem("a.txt: a symbolic link loop")) << ::testing::PrintToString(problems_);
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].id, "good");
}

// Issue 17, case 8: a byte-order mark before the first JSONL record lost it.
TEST_F(HostileInput, AByteOrderMarkBeforeJsonlIsReadPast) {
  Read({Write("feed.jsonl", "\xEF\xBB\xBF{\"id\":\"first\",\"text\":\"Two died.\"}\n{\"id\":\"second\",\"text\":\"One died.\"}\n"),
        Write("sniffed", "\xEF\xBB\xBF{\"id\":\"third\",\"text\":\"Three died.\"}\n")});
  EXPECT_TRUE(problems_.empty()) << ::testing::PrintToString(problems_);
  ASSERT_EQ(docs_.size(), 3u);
  EXPECT_EQ(docs_[0].id, "first");
  EXPECT_EQ(docs_[2].id, "third");
}

// Issue 17, case 8: UTF-16 with a byte-order mark is decoded; without one, named as UTF-16.
TEST_F(HostileInput, Utf16IsDecodedOrNamed) {
  auto utf16 = [](const std::string& ascii, bool big_endian, bool mark) {
    std::string out = mark ? (big_endian ? "\xFE\xFF" : "\xFF\xFE") : "";
    for (char c : ascii) out += big_endian ? std::string{'\0', c} : std::string{c, '\0'};
    return out;
  };
  const std::string text = "At least 12 people were killed.\n";
  Read({Write("le.txt", utf16(text, false, true)), Write("be.html", utf16("<p>" + text + "</p>", true, true)),
        Write("bare.txt", utf16(text, false, false))});
  ASSERT_EQ(docs_.size(), 2u) << ::testing::PrintToString(problems_);
  EXPECT_EQ(docs_[0].bytes, text);
  EXPECT_EQ(docs_[1].bytes, "<p>" + text + "</p>");
  EXPECT_TRUE(HasProblem("bare.txt: UTF-16 text without a byte-order mark")) << ::testing::PrintToString(problems_);
}

// Issue 17, case 8: a file name that is not UTF-8 still gives a UTF-8 id and origin.
TEST_F(HostileInput, FileNamesThatAreNotUtf8GiveUtf8Ids) {
  Read({Write("caf\xE9.txt", kGood)});
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].id, "caf%E9");
  EXPECT_EQ(FindInvalidUtf8(docs_[0].origin), std::string_view::npos);
}

// Issue 17, case 10: a file over the limit is refused from its size, before it is read (a
// sparse 8 GiB file would otherwise be read up to the limit first).
TEST_F(HostileInput, AFileOverTheLimitIsRefusedBeforeItIsRead) {
  const std::string huge = Write("huge.txt", "");
  fs::resize_file(huge, size_t{8} << 30);
  IngestOptions small;
  small.max_document_bytes = 1 << 20;
  ReadInputs({huge}, small, [&](RawDocument&&) { ADD_FAILURE() << "read"; },
             [&](const Problem& p) {
               problems_.push_back(p.where + ": " + p.status.message());
               // refused before reading: nothing was read from the file
               EXPECT_EQ(p.status.code(), Status::Code::kLimitExceeded);
             });
  EXPECT_TRUE(HasProblem("huge.txt: larger than the 1 MiB document limit"));
}

TEST_F(HostileInput, AFileDeletedBeforeItIsReadIsReportedAndTheRestRead) {
  Write("a.txt", kGood);
  const std::string doomed = Write("b.txt", kGood);
  Write("c.txt", kGood);
  // the folder is listed first, then read in order: b goes while a is being handled
  Read({dir_.string()}, {}, [&](const RawDocument& d) {
    if (d.id == "a") fs::remove(doomed);
  });
  EXPECT_TRUE(HasProblem("b.txt: cannot open for reading")) << ::testing::PrintToString(problems_);
  ASSERT_EQ(docs_.size(), 2u);
  EXPECT_EQ(docs_[1].id, "c");
}

TEST(HostileText, FourHundredDigitFiguresAreNotCounts) {
  const std::string digits(400, '7');
  Document doc = testing::PrepareText("Officials said " + digits + " people were killed. Another " + digits.substr(0, 30) +
                                      ",000 were hurt.\n");
  for (const Quantity& q : doc.quantities) EXPECT_NE(q.type, QuantityType::kCount) << doc.View({q.begin, q.end});
  EXPECT_TRUE(testing::SharedPipeline().Extract(doc).empty());
}

// Found by the numbers fuzz target: forty decimal places overflowed the scaling arithmetic.
TEST(HostileText, FiguresWithManyDecimalPlacesAreNotCounts) {
  Document doc = testing::PrepareText(
      "Officials said 3.1415926535897932384626433832795028841971 million people were displaced.\n");
  ASSERT_FALSE(doc.quantities.empty());
  EXPECT_NE(doc.quantities[0].type, QuantityType::kCount);
  EXPECT_TRUE(testing::SharedPipeline().Extract(doc).empty());
}

// Issue 17, case 11: "1E+999" is a figure in scientific notation, not a count of 999.
TEST(HostileText, ScientificNotationIsNotACountOfItsExponent) {
  for (const char* text : {"Officials said 1E+999 were wounded in the blast.\n", "Reports put it at 2.5e+4 killed.\n",
                           "Some 3e-4 were hurt, the agency said.\n"}) {
    Document doc = testing::PrepareText(text);
    for (const Quantity& q : doc.quantities) EXPECT_NE(q.type, QuantityType::kCount) << text << doc.View({q.begin, q.end});
    EXPECT_TRUE(testing::SharedPipeline().Extract(doc).empty()) << text;
  }
  // a plain signed figure still counts
  EXPECT_EQ(testing::SharedPipeline().Extract(testing::PrepareText("Police said +12 were wounded.\n")).size(), 1u);
}

// The extract fuzz target's known slow input: one sentence of nothing but figures. The measure
// step's party and place searches read a sentence once, not once for each of its figures, so
// their work doubles when the sentence does (it grew four-fold when each figure re-read it).
TEST(HostileText, ASentenceOfManyFiguresIsSearchedInLinearWork) {
  auto steps = [](int repeats) {
    std::string text;
    for (int i = 0; i < repeats; ++i) text += "At least 3, 4, 5 or 6 people were killed, ";
    text += "officials said.\n";
    const Document doc = testing::PrepareText(text);
    EXPECT_EQ(doc.sentences.size(), 1u);
    const size_t before = MeasureSearchSteps();
    testing::SharedPipeline().Extract(doc);
    return MeasureSearchSteps() - before;
  };
  const size_t once = steps(300), twice = steps(600);
  EXPECT_GT(once, 300u);
  EXPECT_LT(static_cast<double>(twice), 2.2 * static_cast<double>(once)) << once << " then " << twice;
}

TEST(HostileText, ALineLongerThanTheLimitIsReadUpToIt) {
  Limits limits;
  limits.max_line_bytes = 4096;
  Pipeline pipeline(TALLY_SOURCE_DATA_DIR, limits);
  std::string line = "At least 30 people were killed, police said.";
  while (line.size() < 20000) line += " Rescuers searched the rubble, and 12 more people were found alive.";
  RawDocument raw;
  raw.id = "long";
  raw.bytes = line + "\nAbout 40 people were injured, the hospital said.\n";
  Document doc = pipeline.Prepare(std::move(raw));
  ASSERT_EQ(doc.notes.size(), 1u);
  EXPECT_EQ(doc.notes[0], "1 line is longer than the 4 KiB line limit: read up to the limit");
  bool limit_span = false;
  for (const SkippedSpan& s : doc.skipped)
    if (s.reason == "limit") {
      limit_span = true;
      EXPECT_EQ(s.span.begin, 4096u);
      EXPECT_EQ(s.span.end, line.size());
    }
  EXPECT_TRUE(limit_span);
  std::vector<Claim> claims = pipeline.Extract(doc);
  ASSERT_FALSE(claims.empty());
  EXPECT_EQ(claims.front().value.best, 30);
  EXPECT_EQ(claims.back().value.best, 40);  // the next line is read as usual
  for (const Claim& c : claims)
    for (const Span& e : c.evidence) EXPECT_TRUE(e.end <= 4096 || e.begin > line.size());
}

TEST(HostileText, ClaimsPastTheLimitAreDroppedWithANote) {
  Limits limits;
  limits.max_claims_per_document = 3;
  Pipeline pipeline(TALLY_SOURCE_DATA_DIR, limits);
  RawDocument raw;
  raw.id = "many";
  for (int i = 1; i <= 6; ++i) raw.bytes += "Police said " + std::to_string(i * 11) + " people were arrested in town " + std::to_string(i) + ".\n";
  Document doc = pipeline.Prepare(std::move(raw));
  std::vector<std::string> notes;
  std::vector<Claim> claims = pipeline.Extract(doc, nullptr, &notes);
  EXPECT_EQ(claims.size(), 3u);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], "6 claims, more than the limit of 3: the first ones are kept");
}

TEST(HostileHtml, NestingPastTheLimitIsCutAtTheTagThatPassesIt) {
  std::string html = "<html><body><article><p>At least 8 people were killed, the ministry said.</p>";
  // html, body and article are three levels, so the 998th <div> (five bytes each) passes 1000
  const size_t cut = html.size() + 997 * 5;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "<p>Deep down, 99 people were injured.</p>";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  html += "</article></body></html>";
  EXPECT_EQ(FindNestingCut(html, 1000), cut);
  RawDocument raw;
  raw.id = "deep";
  raw.format = Format::kHtml;
  raw.bytes = html;
  Document doc = testing::SharedPipeline().Prepare(std::move(raw));
  ASSERT_EQ(doc.notes.size(), 1u);
  EXPECT_NE(doc.notes[0].find("HTML nested deeper than 1000 levels: the page is read up to byte"), std::string::npos);
  std::vector<Claim> claims = testing::SharedPipeline().Extract(doc);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].value.best, 8);
}

TEST(HostileHtml, OrdinaryPagesAreNotCut) {
  // unclosed paragraphs and list items, void elements and scripts full of tags do not nest
  std::string html = "<html><head><script>for (;;) { s += '<div><div><div>'; }</script></head><body><ul>";
  for (int i = 0; i < 3000; ++i) html += "<li><p>Item <br><img src=x> text";
  html += "</ul><div><span>end</span></div></body></html>";
  EXPECT_EQ(FindNestingCut(html, 1000), std::string_view::npos);
}

// Inputs that once broke a fuzz target (tests/data/fuzz/TARGET/), replayed through the same
// target functions; each must simply return.
TEST(FuzzRegressions, EveryKeptInputRunsCleanly) {
  size_t replayed = 0;
  const fs::path root = fs::path(TALLY_TEST_DIR) / "data" / "fuzz";
  for (const fuzz::Target& t : fuzz::kTargets) {
    if (!fs::is_directory(root / t.name)) continue;
    for (const auto& e : fs::directory_iterator(root / t.name)) {
      std::ifstream in(e.path(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      SCOPED_TRACE(e.path().string());
      t.run(bytes);
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0u) << "no inputs under " << root;
}

}  // namespace
}  // namespace tally
