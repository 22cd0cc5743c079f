// Ingest: formats, ids, metadata, and bad input that is reported without losing other documents.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "ingest/ingest.h"
#include "test_util.h"

namespace tally {
namespace {
namespace fs = std::filesystem;

class IngestTest : public testing::TempDirTest {
 protected:
  void Read(const std::vector<std::string>& paths) {
    docs_.clear();
    problems_.clear();
    ReadInputs(paths, IngestOptions{}, [&](RawDocument&& d) { docs_.push_back(std::move(d)); },
               [&](const Problem& p) { problems_.push_back(p); });
  }

  std::vector<RawDocument> docs_;
  std::vector<Problem> problems_;
};

TEST_F(IngestTest, FoldersAreReadRecursivelyInSortedOrder) {
  Write("b.txt", "Beta article.\n");
  Write("sub/a.html", "<p>Alpha page.</p>");
  Write("c.jsonl", "{\"id\":\"c1\",\"text\":\"Gamma.\"}\n{\"id\":\"c2\",\"html\":\"<p>Delta.</p>\"}\n");
  Write("notes.md", "not an article type");
  Read({dir_.string()});
  ASSERT_EQ(docs_.size(), 4u);
  EXPECT_EQ(docs_[0].id, "b");
  EXPECT_EQ(docs_[1].id, "c1");
  EXPECT_EQ(docs_[2].id, "c2");
  EXPECT_EQ(docs_[2].format, Format::kHtml);
  EXPECT_EQ(docs_[3].id, "a");
  EXPECT_EQ(docs_[3].format, Format::kHtml);
  EXPECT_TRUE(problems_.empty());
}

TEST_F(IngestTest, RepeatedIdWithDifferentContentIsReportedNotReplaced) {
  std::string p = Write("feed.jsonl",
                        "{\"id\":\"a1\",\"text\":\"Six died.\"}\n"
                        "{\"id\":\"b2\",\"text\":\"Two were hurt.\"}\n"
                        "{\"id\":\"a1\",\"text\":\"Sixty died.\"}\n"
                        "{\"id\":\"b2\",\"text\":\"Two were hurt.\"}\n");
  Read({p});
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_EQ(problems_[0].where, p + ":3");
  EXPECT_NE(problems_[0].status.message().find(p + ":1"), std::string::npos) << problems_[0].status.message();
  ASSERT_EQ(docs_.size(), 3u) << "the same content under the same id is no collision";
  EXPECT_EQ(docs_[0].bytes, "Six died.");

  docs_.clear();
  problems_.clear();
  IngestOptions replace;
  replace.replace = true;
  ReadInputs({p}, replace, [&](RawDocument&& d) { docs_.push_back(std::move(d)); },
             [&](const Problem& pr) { problems_.push_back(pr); });
  EXPECT_TRUE(problems_.empty());
  ASSERT_EQ(docs_.size(), 4u);
  EXPECT_EQ(docs_[2].bytes, "Sixty died.");
}

TEST_F(IngestTest, SameFileNameInTwoFoldersIsACollision) {
  Write("monday/report.txt", "Four were killed.\n");
  Write("tuesday/report.txt", "Nine were killed.\n");
  Read({dir_.string()});
  ASSERT_EQ(docs_.size(), 1u);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_NE(problems_[0].where.find("tuesday"), std::string::npos);
}

TEST_F(IngestTest, StandardInputIsNamedByItsContent) {
  std::ios_base::sync_with_stdio(false);  // as ingest does; done later it would swap cin's buffer back
  std::vector<std::string> ids;
  for (const char* text : {"Eleven people drowned.\n", "A landslide buried three homes.\n", "Eleven people drowned.\n"}) {
    std::istringstream in(text);
    std::streambuf* saved = std::cin.rdbuf(in.rdbuf());
    std::cin.clear();  // the last read left end-of-file set
    Read({"-"});
    std::cin.rdbuf(saved);
    ASSERT_EQ(docs_.size(), 1u);
    ids.push_back(docs_[0].id);
  }
  EXPECT_EQ(ids[0].rfind("stdin-", 0), 0u) << ids[0];
  EXPECT_NE(ids[0], ids[1]) << "two articles piped in are two documents";
  EXPECT_EQ(ids[0], ids[2]) << "the same article piped in twice is one";
}

TEST_F(IngestTest, JsonlFieldsAndMetadata) {
  std::string p = Write("f.jsonl",
                        R"({"id": 7, "text": "Body.", "url": "https://x.example/a", "title": "T", "outlet": "O", "date": "2025-02-03T10:00:00Z", "language": "en", "section": {"name": "World"}, "tags": ["a", "b"]})"
                        "\n");
  Read({p});
  ASSERT_EQ(docs_.size(), 1u);
  const RawDocument& d = docs_[0];
  EXPECT_EQ(d.id, "7");
  EXPECT_EQ(d.url, "https://x.example/a");
  EXPECT_EQ(d.title, "T");
  EXPECT_EQ(d.outlet, "O");
  EXPECT_EQ(d.language, "en");
  ASSERT_EQ(d.metadata.size(), 2u);
  EXPECT_EQ(d.metadata[0].first, "section");
  EXPECT_EQ(d.metadata[0].second, R"({"name":"World"})");
  Document doc = testing::SharedPipeline().Prepare(RawDocument(d));
  EXPECT_EQ(doc.date, "2025-02-03");
}

TEST_F(IngestTest, MalformedJsonlLinesAreReportedWithTheirLineAndTheRestIsRead) {
  std::string p = Write("bad.jsonl",
                        "{\"id\":\"ok1\",\"text\":\"One.\"}\n"
                        "{not json\n"
                        "[1,2]\n"
                        "{\"text\":\"no id\"}\n"
                        "{\"id\":\"x\"}\n"
                        "{\"id\":\"y\",\"text\":42}\n"
                        "\n"
                        "{\"id\":\"ok2\",\"text\":\"Two.\"}\n");
  Read({p});
  ASSERT_EQ(docs_.size(), 2u);
  EXPECT_EQ(docs_[1].id, "ok2");
  ASSERT_EQ(problems_.size(), 5u);
  EXPECT_EQ(problems_[0].where, p + ":2");
  EXPECT_NE(problems_[0].status.message().find("not JSON"), std::string::npos);
  EXPECT_EQ(problems_[1].status.message(), "not a JSON object");
  EXPECT_EQ(problems_[2].status.message(), "missing \"id\"");
  EXPECT_NE(problems_[3].status.message().find("neither"), std::string::npos);
  EXPECT_NE(problems_[4].status.message().find("must be a string"), std::string::npos);
}

TEST_F(IngestTest, BadFilesAreRejectedOneByOne) {
  std::string good = Write("good.txt", "Three people were hurt.\n");
  std::string empty = Write("empty.txt", "");
  std::string blank = Write("blank.txt", " \n\n \t\n");
  std::string binary = Write("bin.txt", std::string("PK\x03\x04\0\0garbage", 14));
  std::string latin1 = Write("latin1.txt", "Caf\xE9 owners said.\n");
  std::string overlong = Write("overlong.txt", "A \xC0\xAF slash.\n");
  std::string missing = (dir_ / "missing.txt").string();
  Read({empty, binary, good, latin1, overlong, missing, blank});
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].id, "good");
  ASSERT_EQ(problems_.size(), 6u);
  EXPECT_EQ(problems_[0].where, empty);
  EXPECT_EQ(problems_[0].status.message(), "empty file");
  EXPECT_NE(problems_[1].status.message().find("NUL byte at offset 4"), std::string::npos);
  EXPECT_EQ(problems_[2].status.message(), "invalid UTF-8 at byte 3");
  EXPECT_EQ(problems_[3].status.message(), "invalid UTF-8 at byte 2");
  EXPECT_EQ(problems_[4].status.message(), "no such file or folder");
  EXPECT_EQ(problems_[5].status.message(), "empty file");
}

TEST_F(IngestTest, UnknownExtensionsAreSniffedWhenNamed) {
  std::string h = Write("page.php", "  <html><body><p>Five dead.</p></body></html>");
  std::string j = Write("dump.data", "{\"id\":\"q\",\"text\":\"Six dead.\"}\n");
  std::string t = Write("README", "Seven dead.\n");
  Read({h, j, t});
  ASSERT_EQ(docs_.size(), 3u);
  EXPECT_EQ(docs_[0].format, Format::kHtml);
  EXPECT_EQ(docs_[1].id, "q");
  EXPECT_EQ(docs_[2].format, Format::kText);
}

TEST_F(IngestTest, TextIsKeptByteForByte) {
  const std::string bytes = "\xEF\xBB\xBFHeadline\r\n\r\nBody\xC2\xA0text.\r\n";
  Read({Write("crlf.txt", bytes)});
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].bytes, bytes);
}

}  // namespace
}  // namespace tally
