// The ledger under hostile conditions (issue 17): a file that is not a tally ledger, readers and
// writers at once, two creators at once, repeated ids, formula cells in CSV.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fuzz/targets.h"
#include "ingest/batch.h"
#include "report/report.h"
#include "store/store.h"
#include "test_util.h"

namespace tally {
namespace {
namespace fs = std::filesystem;
using std::chrono::steady_clock;

const Stamp kStamp{"test", "lexicons"};

using testing::Extract;
using testing::Extracted;

void Sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

class LedgerRobustness : public testing::TempDirTest {
 protected:
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
};

// Case 1: another program's database, at tally's schema version or at none, is refused before a
// statement is prepared against it (a failed preparation was used, and crashed).
TEST_F(LedgerRobustness, AForeignSchemaIsRefusedAndLeftAsItWas) {
  for (const char* version : {"0", "1", "2"}) {
    const std::string path = Path(std::string("foreign") + version + ".db");
    Sql(path, std::string("CREATE TABLE foo(a); PRAGMA user_version=") + version);
    const auto size = fs::file_size(path);
    for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
      auto store = OpenSqliteStore(path, mode);
      ASSERT_FALSE(store.ok()) << version;
      EXPECT_NE(store.status().message().find("not a tally ledger"), std::string::npos) << store.status().message();
    }
    EXPECT_EQ(fs::file_size(path), size);
  }
}

// Case 1 again, through a statement: a ledger whose table went missing fails with a message.
TEST_F(LedgerRobustness, AStatementThatCannotBePreparedFailsCleanly) {
  const std::string path = Path("l.db");
  auto store = OpenSqliteStore(path);
  ASSERT_TRUE(store.ok());
  Sql(path, "DROP TABLE evidence");
  Extracted e = Extract("a", "At least 12 people were killed in the flood.\n");
  auto put = (*store)->Put(e.doc, e.claims, e.names, kStamp);
  EXPECT_FALSE(put.ok());
  EXPECT_FALSE((*store)->Claims().ok());
}

// Case 2: reads between BeginRead and EndRead see one snapshot, whatever a writer commits.
TEST_F(LedgerRobustness, ReadsSeeOneSnapshotWhileAWriterReplacesDocuments) {
  const std::string path = Path("l.db");
  auto writer = OpenSqliteStore(path);
  ASSERT_TRUE(writer.ok());
  Extracted before = Extract("a", "At least 12 people were killed in the flood.\n");
  ASSERT_TRUE((*writer)->Put(before.doc, before.claims, before.names, kStamp).ok());
  auto reader = OpenSqliteStore(path, OpenMode::kReadOnly);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_TRUE((*reader)->BeginRead().ok());
  auto docs = (*reader)->Documents(true);
  Extracted after = Extract("a", "Rescuers said on Monday that 340 people were injured in the blast.\n");
  ASSERT_TRUE((*writer)->Put(after.doc, after.claims, after.names, kStamp).ok());
  auto claims = (*reader)->Claims();
  ASSERT_TRUE((*reader)->EndRead().ok());
  ASSERT_TRUE(docs.ok() && claims.ok());
  ASSERT_EQ(docs->size(), 1u);
  ASSERT_EQ(claims->size(), 1u);
  const Span e = (*claims)[0].claim.evidence.at(0);
  EXPECT_EQ((*docs)[0].text.substr(e.begin, e.size()), (*claims)[0].claim.text);
  EXPECT_EQ((*claims)[0].claim.text, "At least 12");
  // the next snapshot sees the new version
  auto fresh = (*reader)->Claims();
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->at(0).claim.value.best, 340);
}

// Case 3: a reader does not wait for a writer's open batch; a second writer waits for it, longer
// than SQLite's usual few seconds, and then goes on.
TEST_F(LedgerRobustness, ReadersDoNotWaitAndASecondWriterWaitsItsTurn) {
  const std::string path = Path("l.db");
  auto first = OpenSqliteStore(path);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*first)->BeginBatch().ok());
  Extracted a = Extract("a", "At least 12 people were killed in the flood.\n");
  ASSERT_TRUE((*first)->Put(a.doc, a.claims, a.names, kStamp).ok());

  const auto start = steady_clock::now();
  auto reader = OpenSqliteStore(path, OpenMode::kReadOnly);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_TRUE((*reader)->Documents(false).ok());
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(1));

  std::atomic<bool> second_done = false;
  Status second_status;
  std::thread second([&] {
    auto store = OpenSqliteStore(path);
    Extracted b = Extract("b", "Nine people were injured when the bridge fell.\n");
    if (!store.ok()) second_status = store.status();
    else if (auto r = (*store)->Put(b.doc, b.claims, b.names, kStamp); !r.ok()) second_status = r.status();
    second_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(6500));  // past SQLite's old 5 s timeout
  EXPECT_FALSE(second_done);
  ASSERT_TRUE((*first)->EndBatch().ok());
  second.join();
  EXPECT_TRUE(second_status.ok()) << second_status.message();
  auto docs = (*first)->Documents(false);
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ(docs->size(), 2u);
}

// Case 4: ingests that create the same new ledger at once all succeed, with one schema.
TEST_F(LedgerRobustness, ConcurrentCreatorsOfANewLedgerAllSucceed) {
  for (int round = 0; round < 5; ++round) {
    const std::string path = Path("new" + std::to_string(round) + ".db");
    std::vector<Status> statuses(4);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < statuses.size(); ++i)
      threads.emplace_back([&, i] {
        auto store = OpenSqliteStore(path);
        statuses[i] = store.ok() ? Status::Ok() : store.status();
      });
    for (std::thread& t : threads) t.join();
    for (const Status& s : statuses) EXPECT_TRUE(s.ok()) << s.message();
  }
}

// Case 9: a read-only open creates nothing, and an empty file reads as a ledger with nothing.
TEST_F(LedgerRobustness, ReadOnlyOpenCreatesNothing) {
  auto missing = OpenSqliteStore(Path("missing.db"), OpenMode::kReadOnly);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_FALSE(fs::exists(Path("missing.db")));
  const std::string empty = Write("empty.db", "");
  auto store = OpenSqliteStore(empty, OpenMode::kReadOnly);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto docs = (*store)->Documents(false);
  ASSERT_TRUE(docs.ok());
  EXPECT_TRUE(docs->empty());
  EXPECT_EQ(fs::file_size(empty), 0u);
  EXPECT_FALSE(fs::exists(empty + "-wal"));
}

// Case 5: cells a spreadsheet would run as formulas are written as text.
TEST(LedgerCsvInjection, FormulaCellsAreNeutralised) {
  std::vector<LedgerRow> rows(1);
  rows[0].party = "=HYPERLINK(\"http://x\",\"y\")";
  rows[0].source = "+cmd|' /C calc'!A0";
  rows[0].role = "-2+3";
  rows[0].date = "@SUM(1)";
  rows[0].text = "\tat least 5";
  rows[0].via = {"\rnews"};
  rows[0].docs = {"plain", "-1"};
  rows[0].value.best = 5;
  const std::string csv = LedgerCsv(rows);
  for (const char* cell : {"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", "\"'+cmd|' /C calc'!A0\"", "\"'-2+3\"",
                           "\"'@SUM(1)\"", "\"'\tat least 5\"", "\"'\rnews\""})
    EXPECT_NE(csv.find(cell), std::string::npos) << cell << "\n" << csv;
  EXPECT_NE(csv.find(",5,"), std::string::npos) << "numbers stay numbers";
}

// Case 12: a run whose documents repeat an id (with other content) stores the first and refuses
// the rest, so a re-run finds every document unchanged instead of rewriting them.
TEST_F(LedgerRobustness, RepeatedIdsAreNotRewrittenOnEveryRun) {
  const std::string feed = Write("feed.jsonl",
                                 "{\"id\":\"same\",\"text\":\"At least 12 people were killed in the flood.\"}\n"
                                 "{\"id\":\"other\",\"text\":\"Nine people were injured.\"}\n"
                                 "{\"id\":\"same\",\"text\":\"Rescuers said 30 people were missing.\"}\n");
  const std::string db = Path("l.db");
  std::vector<std::string> problems;
  IngestEvents events{[&](const Problem& p) { problems.push_back(p.where + ": " + p.status.message()); }, nullptr,
                      nullptr};
  IngestSummary first = IngestIntoLedger(testing::SharedPipeline(), {feed}, {}, db, kStamp, {}, events);
  EXPECT_EQ(first.added, 2u);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("feed.jsonl:3: id \"same\" was already read from"), std::string::npos) << problems[0];
  IngestSummary second = IngestIntoLedger(testing::SharedPipeline(), {feed}, {}, db, kStamp, {}, events);
  EXPECT_EQ(second.added + second.replaced, 0u);
  EXPECT_EQ(second.unchanged, 2u);
}

// Case 9: an ingest that reads no document leaves no ledger behind.
TEST_F(LedgerRobustness, AnIngestThatReadsNothingCreatesNoLedger) {
  const std::string db = Path("l.db");
  size_t problems = 0;
  IngestEvents events{[&](const Problem&) { ++problems; }, nullptr, nullptr};
  IngestSummary s = IngestIntoLedger(testing::SharedPipeline(), {Path("does-not-exist")}, {}, db, kStamp, {}, events);
  EXPECT_EQ(problems, 1u);
  EXPECT_EQ(s.added, 0u);
  EXPECT_FALSE(fs::exists(db));
}

// The ledger fuzz target's hand-written inputs: a ledger whose rows contradict each other or the
// schema, truncated, and with bytes flipped. Each is read, reconciled and rendered, or refused.
TEST_F(LedgerRobustness, CorruptedLedgersAreReadOrRefusedNeverACrash) {
  const std::string path = Path("l.db");
  {
    auto store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok());
    for (const char* id : {"a", "b"}) {
      Extracted e = Extract(id, "At least 12 people were killed in the flood, police spokesman Ali Demir said.\n");
      ASSERT_TRUE((*store)->Put(e.doc, e.claims, e.names, kStamp).ok());
    }
  }
  Sql(path,
      "UPDATE evidence SET start = 100000, end = 3 WHERE rowid = 1;"
      "UPDATE claims SET measure = 'nonsense', qualifier = '', via = '[\"', low = 9, high = 2 WHERE doc_id = 'b';"
      "UPDATE documents SET text = CAST(X'FF00C0' AS TEXT), skipped = '[[5,1,' WHERE id = 'a';"
      "INSERT INTO claims (doc_id, ordinal, measure, qualifier, text, via, confidence, extractor_version, lexicon_hash)"
      " VALUES ('nowhere', 0, 'killed', 'exact', '', '', 0, '', '');"
      "PRAGMA journal_mode=DELETE;");
  const std::string bytes = testing::ReadFile(path);
  fuzz::Ledger(bytes);
  for (size_t cut : {size_t{100}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) fuzz::Ledger(bytes.substr(0, cut));
  for (size_t at = 0; at < bytes.size(); at += 997) {
    std::string flipped = bytes;
    flipped[at] = static_cast<char>(~flipped[at]);
    fuzz::Ledger(flipped);
  }
}

}  // namespace
}  // namespace tally
