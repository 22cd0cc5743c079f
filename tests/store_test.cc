// The SQLite ledger: round trips, unchanged and changed documents, schema version.
#include <gtest/gtest.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>

#include <chrono>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include "store/store.h"
#include "test_util.h"

namespace tally {
namespace {
namespace fs = std::filesystem;

using testing::Extract;
using testing::Extracted;

const Stamp kStamp{"test", "lexicons-a"};

}  // namespace

// The tests every backend passes: SQLite always, PostgreSQL when a server is at hand
// (tests/with_postgres.sh sets TALLY_TEST_PG_URI; ctest runs them so as store_postgres).
// Ledger() names an empty ledger: SQLite's in memory, or a fresh PostgreSQL schema.
class StoreBackends : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql" && !testing::PostgresTestUri())
      GTEST_SKIP() << "no PostgreSQL server: run under tests/with_postgres.sh (ctest: store_postgres)";
  }
  std::string Ledger() {
    if (GetParam() == "sqlite") return ":memory:";
    if (ledger_.empty()) ledger_ = testing::FreshPostgresLedger();
    return ledger_;
  }

 private:
  std::string ledger_;
};
INSTANTIATE_TEST_SUITE_P(Backends, StoreBackends, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

namespace {

TEST_P(StoreBackends, RoundTrip) {
  auto store = OpenStore(Ledger());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Extracted e = Extract("a", "At least 12 people were killed, police spokesman Ali Demir said. Share\n");
  ASSERT_EQ(e.claims.size(), 1u);
  auto put = (*store)->Put(e.doc, e.claims, e.names, kStamp);
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(*put, Store::PutResult::kAdded);
  auto docs = (*store)->Documents(true);
  ASSERT_TRUE(docs.ok());
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].text, e.doc.text);
  EXPECT_EQ((*docs)[0].simhash, e.doc.simhash);
  EXPECT_EQ((*docs)[0].skipped_json, e.doc.skipped_json);
  auto claims = (*store)->Claims();
  ASSERT_TRUE(claims.ok());
  ASSERT_EQ(claims->size(), 1u);
  const Claim& c = (*claims)[0].claim;
  EXPECT_EQ(c.doc, "a");
  EXPECT_EQ(c.measure, Measure::kKilled);
  EXPECT_EQ(c.qualifier, Qualifier::kAtLeast);
  EXPECT_EQ(c.value.low, 12);
  EXPECT_FALSE(c.value.high.has_value());
  EXPECT_EQ(c.text, "At least 12");
  EXPECT_EQ(c.source.value_or(""), "Ali Demir");
  ASSERT_EQ(c.evidence.size(), 1u);
  EXPECT_EQ(c.evidence[0].begin, 0u);
  auto names = (*store)->Names();
  ASSERT_TRUE(names.ok());
  EXPECT_FALSE(names->empty());
  // one at a time: the same names in the same order
  std::vector<StoredName> streamed;
  ASSERT_TRUE((*store)->ForEachName([&](const StoredName& n) { streamed.push_back(n); }).ok());
  ASSERT_EQ(streamed.size(), names->size());
  for (size_t i = 0; i < streamed.size(); ++i) {
    EXPECT_EQ(streamed[i].doc, (*names)[i].doc);
    EXPECT_EQ(streamed[i].name.name, (*names)[i].name.name);
    EXPECT_EQ(streamed[i].name.variant, (*names)[i].name.variant);
    EXPECT_EQ(streamed[i].name.role, (*names)[i].name.role);
    EXPECT_EQ(streamed[i].name.person, (*names)[i].name.person);
  }
}

// Decisions about entities are appended with their audit rows, read back oldest first, and move
// the ledger's generation (a stored reconciliation is computed again with them).
TEST_P(StoreBackends, EntityDecisionsAreAppendedAuditedAndMoveTheGeneration) {
  auto store = OpenStore(Ledger());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto before = (*store)->Generation();
  ASSERT_TRUE(before.ok() && before->has_value());
  const EntityDecision merge{0, EntityAction::kMerge, "Health Ministry", "Ministry of Health", "same body", "ana", "2026-01-02T03:04:05Z"};
  const EntityDecision split{0, EntityAction::kSplit, "WHO", "World Health Organization", "", "ben", "2026-01-03T00:00:00Z"};
  for (const EntityDecision& d : {merge, split}) {
    auto id = (*store)->AddEntityDecision(d, AuditRow{0, d.at, d.reviewer, std::string(EntityActionName(d.action)),
                                                      TargetName(d), "{\"entities\":[]}", "{}", d.note});
    ASSERT_TRUE(id.ok()) << id.status().ToString();
  }
  auto decisions = (*store)->EntityDecisions();
  ASSERT_TRUE(decisions.ok()) << decisions.status().ToString();
  ASSERT_EQ(decisions->size(), 2u);
  EXPECT_EQ((*decisions)[0].action, EntityAction::kMerge);
  EXPECT_EQ((*decisions)[0].name, "Health Ministry");
  EXPECT_EQ((*decisions)[0].other, "Ministry of Health");
  EXPECT_EQ((*decisions)[0].note, "same body");
  EXPECT_EQ((*decisions)[1].action, EntityAction::kSplit);
  EXPECT_EQ((*decisions)[1].reviewer, "ben");
  EXPECT_LT((*decisions)[0].id, (*decisions)[1].id);
  auto audit = (*store)->Audit();
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].target, "entities Health Ministry + Ministry of Health");
  EXPECT_EQ((*audit)[1].action, "split");
  EXPECT_EQ((*audit)[1].target, "entity WHO");
  auto after = (*store)->Generation();
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_GT(**after, **before);
}

// Issue 14, incremental reconcile: the ledger tells which documents were added since a
// generation, and only when adding is all that happened since (a replaced document, a review or
// an entity decision: it cannot say, and a reader reconciles everything again).
TEST_P(StoreBackends, TellsWhichDocumentsWereAddedSinceAGeneration) {
  auto store = OpenStore(Ledger());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  using Added = std::optional<std::vector<std::string>>;
  auto added_since = [&](int64_t g) {
    auto r = (*store)->DocumentsAddedSince(g);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    Added out = r.ok() ? *r : Added();
    if (out) std::sort(out->begin(), out->end());
    return out;
  };
  const int64_t g0 = **(*store)->Generation();
  EXPECT_EQ(added_since(g0), Added(std::vector<std::string>{}));
  EXPECT_EQ(added_since(g0 + 1), Added()) << "a generation the ledger has not reached";
  Extracted a = Extract("a", "Five people died, officials said.\n");
  Extracted b = Extract("b", "Seven people were injured, police said.\n");
  ASSERT_TRUE((*store)->Put(a.doc, a.claims, a.names, kStamp).ok());
  const int64_t g1 = **(*store)->Generation();
  ASSERT_TRUE((*store)->Put(b.doc, b.claims, b.names, kStamp).ok());
  ASSERT_EQ(*(*store)->Put(b.doc, b.claims, b.names, kStamp), Store::PutResult::kUnchanged);
  const int64_t g2 = **(*store)->Generation();
  EXPECT_EQ(added_since(g0), Added(std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(added_since(g1), Added(std::vector<std::string>{"b"}));
  EXPECT_EQ(added_since(g2), Added(std::vector<std::string>{}));

  Extracted a2 = Extract("a", "Nine people died, officials said.\n");
  ASSERT_EQ(*(*store)->Put(a2.doc, a2.claims, a2.names, kStamp), Store::PutResult::kReplaced);
  const int64_t g3 = **(*store)->Generation();
  EXPECT_EQ(added_since(g2), Added()) << "a replaced document";
  EXPECT_EQ(added_since(g0), Added());
  EXPECT_EQ(added_since(g3), Added(std::vector<std::string>{}));

  auto claims = (*store)->Claims();
  ASSERT_TRUE(claims.ok() && !claims->empty());
  Review review;
  review.key = KeyOf((*claims)[0].claim);
  review.action = ReviewAction::kReject;
  review.reviewer = "ana";
  review.at = "2026-12-07T15:00:00Z";
  ASSERT_TRUE((*store)->AddReview(review, AuditRow{0, review.at, review.reviewer, "reject", TargetName(review.key), "{}", "{}", ""}).ok());
  const int64_t g4 = **(*store)->Generation();
  EXPECT_EQ(added_since(g3), Added()) << "a review";
  const EntityDecision merge{0, EntityAction::kMerge, "Health Ministry", "Ministry of Health", "", "ana", "2026-12-07T15:01:00Z"};
  ASSERT_TRUE((*store)->AddEntityDecision(merge, AuditRow{0, merge.at, merge.reviewer, "merge", TargetName(merge), "{}", "{}", ""}).ok());
  EXPECT_EQ(added_since(g4), Added()) << "an entity decision";
}

TEST_P(StoreBackends, FetchRecordsRoundTripAndAreReplacedByUrl) {
  auto store = OpenStore(Ledger());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto none = (*store)->FindFetch("http://a.example/x");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  FetchRecord r{"http://a.example/x", "doc-x", "2026-12-06T10:00:00Z", 200, "http://a.example/rss", "\"e1\"",
                "Sat, 05 Dec 2026 10:00:00 GMT"};
  ASSERT_TRUE((*store)->PutFetch(r).ok());
  r.status = 304;
  r.fetched_at = "2026-12-06T11:00:00Z";
  ASSERT_TRUE((*store)->PutFetch(r).ok());
  auto back = (*store)->FindFetch("http://a.example/x");
  ASSERT_TRUE(back.ok() && back->has_value());
  EXPECT_EQ((*back)->document_id, "doc-x");
  EXPECT_EQ((*back)->status, 304);
  EXPECT_EQ((*back)->fetched_at, "2026-12-06T11:00:00Z");
  EXPECT_EQ((*back)->feed, "http://a.example/rss");
  EXPECT_EQ((*back)->etag, "\"e1\"");
  EXPECT_EQ((*back)->last_modified, "Sat, 05 Dec 2026 10:00:00 GMT");
}

TEST_P(StoreBackends, SameContentAddsNothingAndChangedContentReplaces) {
  auto store = OpenStore(Ledger());
  ASSERT_TRUE(store.ok());
  Extracted v1 = Extract("a", "Five people died and 20 were injured, officials said.\n");
  ASSERT_EQ(*(*store)->Put(v1.doc, v1.claims, v1.names, kStamp), Store::PutResult::kAdded);
  ASSERT_EQ(*(*store)->Put(v1.doc, v1.claims, v1.names, kStamp), Store::PutResult::kUnchanged);
  Extracted v2 = Extract("a", "Seven people died, officials said.\n");
  ASSERT_EQ(*(*store)->Put(v2.doc, v2.claims, v2.names, kStamp), Store::PutResult::kReplaced);
  auto claims = (*store)->Claims();
  ASSERT_EQ(claims->size(), 1u);
  EXPECT_EQ((*claims)[0].claim.value.best, 7);
  // new lexicons re-extract the same content
  ASSERT_EQ(*(*store)->Put(v2.doc, v2.claims, v2.names, Stamp{"test", "lexicons-b"}), Store::PutResult::kReplaced);
  EXPECT_EQ((*store)->Documents(false)->size(), 1u);
}

TEST_P(StoreBackends, ChangedContentUnderATakenIdIsRefusedUnlessReplacing) {
  auto store = OpenStore(Ledger());
  ASSERT_TRUE(store.ok());
  Extracted first = Extract("dup", "Four people died in the fire, firefighters said.\n");
  first.doc.origin = "monday.jsonl:3";
  ASSERT_TRUE((*store)->Put(first.doc, first.claims, first.names, kStamp).ok());
  EXPECT_TRUE(CheckNotReplacing(**store, first.doc).ok()) << "the same content again is no collision";
  Extracted other = Extract("dup", "A bridge collapse injured 11 commuters.\n");
  Status s = CheckNotReplacing(**store, other.doc);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("monday.jsonl:3"), std::string::npos) << s.message();
  EXPECT_TRUE(CheckNotReplacing(**store, Extract("fresh", "Two were hurt.\n").doc).ok());
}

TEST_P(StoreBackends, ClaimsComeBackWithAllTheirEvidenceInOrder) {
  auto store = OpenStore(Ledger());
  ASSERT_TRUE(store.ok());
  Extracted a = Extract("a", "Nine miners died, the company said. Three others were injured, officials said.\n");
  Extracted b = Extract("b", "Twenty passengers were rescued.\n");
  ASSERT_GE(a.claims.size(), 2u);
  a.claims[0].evidence = {{30, 40}, {0, 10}, {12, 20}};  // several spans, kept in stored order
  a.claims[1].evidence.clear();                          // and a claim with none
  ASSERT_TRUE((*store)->Put(b.doc, b.claims, b.names, kStamp).ok());
  ASSERT_TRUE((*store)->Put(a.doc, a.claims, a.names, kStamp).ok());
  auto claims = (*store)->Claims();
  ASSERT_TRUE(claims.ok());
  ASSERT_EQ(claims->size(), a.claims.size() + b.claims.size());
  EXPECT_EQ((*claims)[0].claim.doc, "a") << "ordered by document, not by insertion";
  const std::vector<Span>& ev = (*claims)[0].claim.evidence;
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].begin, 30u);
  EXPECT_EQ(ev[1].begin, 0u);
  EXPECT_EQ(ev[2].end, 20u);
  EXPECT_TRUE((*claims)[1].claim.evidence.empty());
  EXPECT_EQ((*claims)[1].claim.value.best, a.claims[1].value.best);
}

TEST_P(StoreBackends, TollsRoundTripAndAreReplacedWithTheirDocument) {
  auto store = OpenStore(Ledger());
  ASSERT_TRUE(store.ok());
  Extracted e = Extract("a", "Five people died and 20 were injured, officials said.\n");
  Toll killed{"a", Measure::kKilled, {5, 5, 5}, Qualifier::kExact, 4, 1, {0, 2}, 0.75};
  Toll wounded{"a", Measure::kWounded, {20, std::nullopt, 20}, Qualifier::kAtLeast, std::nullopt, std::nullopt, {1}, 0.5};
  ASSERT_TRUE((*store)->Put(e.doc, e.claims, e.names, {killed, wounded}, kStamp).ok());
  auto tolls = (*store)->Tolls();
  ASSERT_TRUE(tolls.ok());
  ASSERT_EQ(tolls->size(), 2u);
  const Toll& back = (*tolls)[0];
  EXPECT_EQ(back.doc, "a");
  EXPECT_EQ(back.measure, Measure::kKilled);
  EXPECT_EQ(back.value.best, 5);
  EXPECT_EQ(back.victims, 4);
  EXPECT_EQ(back.perpetrators, 1);
  EXPECT_EQ(back.claims, (std::vector<size_t>{0, 2}));
  EXPECT_DOUBLE_EQ(back.confidence, 0.75);
  EXPECT_EQ((*tolls)[1].qualifier, Qualifier::kAtLeast);
  EXPECT_FALSE((*tolls)[1].value.high);
  EXPECT_FALSE((*tolls)[1].victims);
  Extracted v2 = Extract("a", "Seven people died, officials said.\n");
  ASSERT_TRUE((*store)->Put(v2.doc, v2.claims, v2.names, {}, kStamp).ok());
  EXPECT_TRUE((*store)->Tolls()->empty());
}

TEST(Store, SchemaVersionAndReopen) {
  fs::path path = fs::temp_directory_path() / ("tally_store_" + std::to_string(::getpid()) + ".db");
  fs::remove(path);
  {
    auto store = OpenSqliteStore(path.string());
    ASSERT_TRUE(store.ok());
    Extracted e = Extract("a", "Two soldiers were captured.\n");
    ASSERT_TRUE((*store)->Put(e.doc, e.claims, e.names, kStamp).ok());
  }
  {
    auto store = OpenSqliteStore(path.string());
    ASSERT_TRUE(store.ok());
    EXPECT_EQ((*store)->Claims()->size(), 1u);
    // The spec's newer fields survive a round trip.
    Extracted e = Extract("b", "Two soldiers were captured.\n");
    e.claims.at(0).scope = Scope::kCumulative;
    e.claims.at(0).counted_role = CountedRole::kPerpetrator;
    e.claims.at(0).derived = Derived::kSum;
    e.claims.at(0).rule = "test.rule";
    ASSERT_TRUE((*store)->Put(e.doc, e.claims, e.names, kStamp).ok());
    auto claims = (*store)->Claims();
    ASSERT_TRUE(claims.ok());
    ASSERT_EQ(claims->size(), 2u);
    const Claim& back = (*claims)[1].claim;
    EXPECT_EQ(back.scope, Scope::kCumulative);
    EXPECT_EQ(back.counted_role, CountedRole::kPerpetrator);
    EXPECT_EQ(back.derived, Derived::kSum);
    EXPECT_EQ(back.rule, "test.rule");
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.string().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 9);
  sqlite3_finalize(st);
  sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto newer = OpenSqliteStore(path.string());
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("newer than this tally knows"), std::string::npos);
  fs::remove(path);
  fs::remove(path.string() + "-wal");
  fs::remove(path.string() + "-shm");
}

// Claims are read in the order of their ids within a document (no sort in SQLite), and put in
// ordinal order when the ids disagree with it: a document's claims are its ordinals, in order.
// Evidence is read in table order and joined to them, each claim's spans in stored order.
TEST(Store, ClaimsComeInOrdinalOrderWhateverTheirIds) {
  fs::path path = fs::temp_directory_path() / ("tally_store_ordinals_" + std::to_string(::getpid()) + ".db");
  fs::remove(path);
  Extracted a = Extract("a", "Nine miners died, the company said. Three others were injured. Two were missing.\n");
  Extracted b = Extract("b", "Twenty passengers were killed.\n");
  ASSERT_GE(a.claims.size(), 3u);
  ASSERT_GE(b.claims.size(), 1u);
  {
    auto store = OpenSqliteStore(path.string());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Put(a.doc, a.claims, a.names, kStamp).ok());
    ASSERT_TRUE((*store)->Put(b.doc, b.claims, b.names, kStamp).ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.string().c_str(), &db), SQLITE_OK);
  // document a's claims reversed: the last id now holds ordinal 0
  ASSERT_EQ(sqlite3_exec(db, "UPDATE claims SET ordinal = 100 - ordinal WHERE doc_id = 'a'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  // and a second span for a's first claim, stored after every other span (the evidence table is
  // then not in claim order)
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO evidence (claim_id, start, end) SELECT min(id), 1, 4 FROM claims WHERE doc_id = 'a'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  {
    auto store = OpenSqliteStore(path.string(), OpenMode::kReadOnly);
    ASSERT_TRUE(store.ok());
    auto claims = (*store)->Claims();
    ASSERT_TRUE(claims.ok());
    ASSERT_EQ(claims->size(), a.claims.size() + b.claims.size());
    for (size_t k = 0; k < a.claims.size(); ++k) {
      EXPECT_EQ((*claims)[k].claim.doc, "a");
      EXPECT_EQ((*claims)[k].claim.text, a.claims[a.claims.size() - 1 - k].text) << k;
      EXPECT_EQ((*claims)[k].claim.evidence.front().begin, a.claims[a.claims.size() - 1 - k].evidence.front().begin) << k;
    }
    EXPECT_EQ((*claims)[a.claims.size()].claim.doc, "b");
    const std::vector<Span>& first = (*claims)[a.claims.size() - 1].claim.evidence;  // a's first claim, now last
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].begin, a.claims[0].evidence.front().begin);
    EXPECT_EQ(first[1].begin, 1u);
    EXPECT_EQ(first[1].end, 4u);
    EXPECT_EQ((*claims)[a.claims.size()].claim.evidence.size(), b.claims[0].evidence.size());
  }
  fs::remove(path);
  fs::remove(path.string() + "-wal");
  fs::remove(path.string() + "-shm");
}

TEST(Store, LedgerNamesNeverShowAPassword) {
  EXPECT_EQ(LedgerName("postgresql://alice:s3cret@db.example:5433/tally"), "postgresql://alice:***@db.example:5433/tally");
  EXPECT_EQ(LedgerName("postgres://alice:s3cret@db.example/tally?sslmode=require"),
            "postgres://alice:***@db.example/tally?sslmode=require");
  EXPECT_EQ(LedgerName("postgresql://db.example/tally?user=alice&password=s3cret&sslmode=require"),
            "postgresql://db.example/tally?user=alice&password=***&sslmode=require");
  EXPECT_EQ(LedgerName("postgresql://alice:p:w@db.example/tally?password=x"), "postgresql://alice:***@db.example/tally?password=***");
  // no password: unchanged; an '@' after the host is no user part; a file path is left as it is
  EXPECT_EQ(LedgerName("postgresql://alice@db.example:5433/tally"), "postgresql://alice@db.example:5433/tally");
  EXPECT_EQ(LedgerName("postgresql://db.example:5433/tally?application_name=a@b"),
            "postgresql://db.example:5433/tally?application_name=a@b");
  EXPECT_EQ(LedgerName("/data/x:y@z.db"), "/data/x:y@z.db");
}

TEST(Store, UnwritablePlaceIsAClearError) {
  auto store = OpenSqliteStore("/nonexistent-folder/x.db");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("/nonexistent-folder/x.db"), std::string::npos);
}

}  // namespace
TEST_P(StoreBackends, BatchCommitsTogetherAndKeepsEachDocumentWhole) {
  const fs::path dir = fs::temp_directory_path() / ("tally-batch-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = GetParam() == "postgresql" ? Ledger() : (dir / "ledger.db").string();
  {
    auto store = OpenStore(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto other = OpenStore(path);  // a reader beside the writer
    ASSERT_TRUE(other.ok());
    ASSERT_TRUE((*store)->BeginBatch().ok());
    for (const char* id : {"b1", "b2", "b3"}) {
      Extracted e = Extract(id, std::string("Rescuers said 14 people were injured in ") + id + ".\n");
      auto put = (*store)->Put(e.doc, e.claims, e.names, kStamp);
      ASSERT_TRUE(put.ok()) << put.status().ToString();
    }
    // nothing is visible to others before the batch ends
    auto before = (*other)->Documents(false);
    ASSERT_TRUE(before.ok());
    EXPECT_TRUE(before->empty());
    ASSERT_TRUE((*store)->EndBatch().ok());
    auto after = (*other)->Documents(false);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->size(), 3u);
    auto claims = (*other)->Claims();
    ASSERT_TRUE(claims.ok());
    EXPECT_EQ(claims->size(), 3u);
    // a replacement inside a batch replaces the whole document
    ASSERT_TRUE((*store)->BeginBatch().ok());
    Extracted changed = Extract("b2", "Rescuers said 15 people were injured and 2 were killed.\n");
    auto put = (*store)->Put(changed.doc, changed.claims, changed.names, kStamp);
    ASSERT_TRUE(put.ok());
    EXPECT_EQ(*put, Store::PutResult::kReplaced);
  }  // closing the store commits the open batch
  auto reopened = OpenStore(path);
  ASSERT_TRUE(reopened.ok());
  auto claims = (*reopened)->Claims();
  ASSERT_TRUE(claims.ok());
  size_t of_b2 = 0;
  for (const StoredClaim& c : *claims)
    if (c.claim.doc == "b2") ++of_b2;
  EXPECT_EQ(of_b2, 2u);
  EXPECT_EQ(claims->size(), 4u);
  fs::remove_all(dir);
}

}  // namespace tally

namespace tally {
namespace {

// The rows sql answers on a ledger (a SQLite file or a PostgreSQL URI), each value as text and
// NULL as "NULL": how a person querying the ledger directly sees it.
std::vector<std::vector<std::string>> LedgerRows(const std::string& ledger, const std::string& sql) {
  std::vector<std::vector<std::string>> out;
  if (IsPostgresUri(ledger)) {
    PGconn* conn = PQconnectdb(ledger.c_str());
    PGresult* r = PQexec(conn, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQresultErrorMessage(r);
    for (int i = 0; i < PQntuples(r); ++i) {
      out.emplace_back();
      for (int c = 0; c < PQnfields(r); ++c) out.back().push_back(PQgetisnull(r, i, c) ? "NULL" : PQgetvalue(r, i, c));
    }
    PQclear(r);
    PQfinish(conn);
    return out;
  }
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(ledger.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  while (sqlite3_step(st) == SQLITE_ROW) {
    out.emplace_back();
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      const unsigned char* v = sqlite3_column_text(st, c);
      out.back().push_back(v ? reinterpret_cast<const char*>(v) : "NULL");
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

void LedgerExec(const std::string& ledger, const std::string& sql) {
  if (IsPostgresUri(ledger)) {
    PGconn* conn = PQconnectdb(ledger.c_str());
    PGresult* r = PQexec(conn, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(conn);
    return;
  }
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(ledger.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

using Rows = std::vector<std::vector<std::string>>;

// The views of docs/schema.md answer the common questions the same way in both backends:
// claims with their evidence (byte spans into UTF-8 text) and the latest review of their key,
// tolls with their document, and the latest figure per source, party and measure.
class StoreViews : public StoreBackends {
 protected:
  void TearDown() override {
    if (!file_.empty()) {
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file_ + suffix);
    }
  }
  // A ledger another connection can query: a file for SQLite (":memory:" is private).
  std::string SharedLedger() {
    if (GetParam() == "postgresql") return Ledger();
    file_ = (fs::temp_directory_path() / ("tally_views_" + std::to_string(::getpid()) + ".db")).string();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file_ + suffix);
    return file_;
  }

 private:
  std::string file_;
};
INSTANTIATE_TEST_SUITE_P(Backends, StoreViews, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST_P(StoreViews, AnswerTheCommonQuestions) {
  const std::string ledger = SharedLedger();
  auto store = OpenStore(ledger);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  // text before the figures that is not ASCII: the spans count bytes, not characters
  Extracted a = Extract("a", "In Zürich’s old town five people died and 20 were injured, officials said.\n");
  Extracted b = Extract("b", "In Zürich seven people died, officials said.\n");
  ASSERT_EQ(a.claims.size(), 2u);
  ASSERT_EQ(b.claims.size(), 1u);
  a.doc.date = "2026-03-01";
  a.doc.url = "https://news.example/a";
  a.doc.title = "First report";
  b.doc.date = "2026-03-02";
  for (Extracted* e : {&a, &b})
    for (Claim& c : e->claims) {
      c.source = "Health Ministry";
      c.party.reset();
      c.date.reset();  // the document's date stands for it
    }
  const Span first = a.claims[0].evidence.at(0);
  a.claims[0].evidence.push_back({0, 2});  // a second span, after the first in stored order
  Toll killed{"a", Measure::kKilled, {5, 5, 5}, Qualifier::kExact, 5, std::nullopt, {0}, 0.75};
  ASSERT_TRUE((*store)->Put(a.doc, a.claims, a.names, {killed}, kStamp).ok());
  ASSERT_TRUE((*store)->Put(b.doc, b.claims, b.names, kStamp).ok());
  // a correction of b's figure by alice
  Review r;
  r.key = KeyOf(b.claims[0]);
  r.action = ReviewAction::kCorrect;
  r.correction.value = Interval{8, 8, 8};
  r.note = "recounted";
  r.reviewer = "alice";
  r.at = "2026-03-03T10:00:00Z";
  r.extracted = Fingerprint(b.claims[0]);
  ASSERT_TRUE((*store)->AddReview(r, AuditRow{0, r.at, "alice", "correct", TargetName(r.key), "{}", "{}", ""}).ok());

  const auto words = [](const Extracted& e, Span s) { return e.doc.text.substr(s.begin, s.end - s.begin); };
  const auto span = [](Span s) { return std::to_string(s.begin) + "-" + std::to_string(s.end); };
  EXPECT_EQ(LedgerRows(ledger, "SELECT doc_id, ordinal, measure, best, doc_url, doc_title, doc_date, span_start, span_end, "
                               "evidence_spans, evidence, review_action, reviewer, review_note, reviewed_best, reviewed_source "
                               "FROM claims_with_evidence ORDER BY doc_id, ordinal"),
            (Rows{{"a", "0", "killed", "5", "https://news.example/a", "First report", "2026-03-01", std::to_string(first.begin),
                   std::to_string(first.end), span(first) + ",0-2", words(a, first) + " … " + words(a, {0, 2}), "NULL", "NULL",
                   "NULL", "5", "Health Ministry"},
                  {"a", "1", "wounded", "20", "https://news.example/a", "First report", "2026-03-01",
                   std::to_string(a.claims[1].evidence[0].begin), std::to_string(a.claims[1].evidence[0].end),
                   span(a.claims[1].evidence[0]), words(a, a.claims[1].evidence[0]), "NULL", "NULL", "NULL", "20",
                   "Health Ministry"},
                  {"b", "0", "killed", "7", "", "", "2026-03-02", std::to_string(b.claims[0].evidence[0].begin),
                   std::to_string(b.claims[0].evidence[0].end), span(b.claims[0].evidence[0]), words(b, b.claims[0].evidence[0]),
                   "correct", "alice", "recounted", "8", "Health Ministry"}}));
  EXPECT_EQ(words(a, first), "five");
  EXPECT_EQ(LedgerRows(ledger, "SELECT doc_id, doc_url, doc_title, doc_date, measure, low, high, best, qualifier, victims, "
                               "perpetrators, claims FROM document_tolls"),
            (Rows{{"a", "https://news.example/a", "First report", "2026-03-01", "killed", "5", "5", "5", "exact", "5", "NULL", "0"}}));
  const std::string latest = "SELECT source, party, measure, date, best, figures, doc_id FROM latest_figures ORDER BY measure";
  EXPECT_EQ(LedgerRows(ledger, latest), (Rows{{"Health Ministry", "NULL", "killed", "2026-03-02", "8", "2", "b"},
                                              {"Health Ministry", "NULL", "wounded", "2026-03-01", "20", "1", "a"}}));

  // the latest review of a key is the one in force: rejecting b's claim leaves it out of the
  // latest figures (a's is the latest left) and shows in claims_with_evidence with its values
  // as extracted
  r.action = ReviewAction::kReject;
  r.correction = {};
  r.at = "2026-03-04T10:00:00Z";
  ASSERT_TRUE((*store)->AddReview(r, AuditRow{0, r.at, "alice", "reject", TargetName(r.key), "{}", "{}", ""}).ok());
  EXPECT_EQ(LedgerRows(ledger, "SELECT review_action, best, reviewed_best FROM claims_with_evidence WHERE doc_id = 'b'"),
            (Rows{{"reject", "7", "7"}}));
  EXPECT_EQ(LedgerRows(ledger, latest), (Rows{{"Health Ministry", "NULL", "killed", "2026-03-01", "5", "1", "a"},
                                              {"Health Ministry", "NULL", "wounded", "2026-03-01", "20", "1", "a"}}));
}

// A ledger of the schema before the views gets them from the next writer that opens it.
TEST_P(StoreViews, AreAddedToALedgerOfTheVersionBefore) {
  const std::string ledger = SharedLedger();
  {
    auto store = OpenStore(ledger);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Extracted e = Extract("a", "Five people died, officials said.\n");
    ASSERT_TRUE((*store)->Put(e.doc, e.claims, e.names, kStamp).ok());
  }
  const char* drop = "DROP VIEW latest_figures; DROP VIEW claims_with_evidence; DROP VIEW document_tolls; DROP VIEW reviewed_claims; "
                     "DROP TABLE entity_decisions; DROP TABLE ledger_changes;";
  LedgerExec(ledger, std::string(drop) + (IsPostgresUri(ledger) ? " UPDATE tally_schema SET version = 6" : " PRAGMA user_version = 6"));
  auto version = LedgerSchemaVersion(ledger);
  ASSERT_TRUE(version.ok());
  ASSERT_EQ(version->ledger, 6);
  ASSERT_EQ(version->latest, 9);
  auto reopened = OpenStore(ledger);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(LedgerRows(ledger, "SELECT doc_id, measure, best FROM claims_with_evidence"), (Rows{{"a", "killed", "5"}}));
  EXPECT_EQ(LedgerSchemaVersion(ledger)->ledger, 9);
}

// A ledger that began logging its changes at migration 9 cannot tell what was added before:
// only generations from the migration on are answered.
TEST_P(StoreViews, ChangesAreKnownOnlyFromTheMigrationThatLogsThem) {
  const std::string ledger = SharedLedger();
  int64_t before = 0;
  {
    auto store = OpenStore(ledger);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Extracted e = Extract("a", "Five people died, officials said.\n");
    ASSERT_TRUE((*store)->Put(e.doc, e.claims, e.names, kStamp).ok());
    before = **(*store)->Generation();
  }
  LedgerExec(ledger, std::string("DROP TABLE ledger_changes;") +
                         (IsPostgresUri(ledger) ? " UPDATE tally_schema SET version = 8" : " PRAGMA user_version = 8"));
  auto store = OpenStore(ledger);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(**(*store)->Generation(), before);
  EXPECT_FALSE((*store)->DocumentsAddedSince(before - 1)->has_value()) << "before the log began";
  Extracted e = Extract("b", "Seven people were injured, police said.\n");
  ASSERT_TRUE((*store)->Put(e.doc, e.claims, e.names, kStamp).ok());
  EXPECT_EQ(*(*store)->DocumentsAddedSince(before), std::optional<std::vector<std::string>>(std::vector<std::string>{"b"}));
}

}  // namespace
}  // namespace tally

namespace tally {
namespace {

// Runs sql on a PostgreSQL ledger's connection; the first column of every row.
std::vector<std::string> PgColumn(const std::string& uri, const std::string& sql) {
  std::vector<std::string> out;
  PGconn* conn = PQconnectdb(uri.c_str());
  PGresult* r = PQexec(conn, sql.c_str());
  EXPECT_TRUE(PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK) << PQresultErrorMessage(r);
  for (int i = 0; i < PQntuples(r); ++i) out.push_back(PQgetvalue(r, i, 0));
  PQclear(r);
  PQfinish(conn);
  return out;
}

class StorePostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::PostgresTestUri())
      GTEST_SKIP() << "no PostgreSQL server: run under tests/with_postgres.sh (ctest: store_postgres)";
  }
};

// A migration added to one backend and not the other fails here: both schemas, made by their
// migrations, have the same tables and views with the same columns in the same order (PostgreSQL's rowid
// columns stand for SQLite's implicit ones; the version lives in tally_schema, not user_version).
TEST_F(StorePostgres, SchemaHasTheSameTablesAndColumnsAsSqlite) {
  const fs::path path = fs::temp_directory_path() / ("tally_schema_" + std::to_string(::getpid()) + ".db");
  fs::remove(path);
  ASSERT_TRUE(OpenSqliteStore(path.string()).ok());
  std::map<std::string, std::vector<std::string>> sqlite;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.string().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                     "WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid",
                     -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    sqlite[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))].push_back(
        reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  fs::remove(path);
  fs::remove(path.string() + "-wal");
  fs::remove(path.string() + "-shm");

  const std::string uri = testing::FreshPostgresLedger();
  ASSERT_TRUE(OpenStore(uri).ok());
  std::map<std::string, std::vector<std::string>> postgres;
  for (const std::string& row :
       PgColumn(uri, "SELECT table_name || '.' || column_name FROM information_schema.columns "
                     "WHERE table_schema = current_schema() AND column_name <> 'rowid' AND table_name <> 'tally_schema' "
                     "ORDER BY table_name, ordinal_position")) {
    const size_t dot = row.find('.');
    postgres[row.substr(0, dot)].push_back(row.substr(dot + 1));
  }
  EXPECT_FALSE(sqlite.empty());
  EXPECT_EQ(sqlite, postgres);
  auto version = LedgerSchemaVersion(uri);
  ASSERT_TRUE(version.ok());
  auto sqlite_version = SqliteSchemaVersion(":memory:");
  ASSERT_TRUE(sqlite_version.ok());
  EXPECT_EQ(version->ledger, version->latest);
  EXPECT_EQ(version->latest, sqlite_version->latest) << "the two backends' migration lists are of one length";
}

TEST_F(StorePostgres, NewerSchemaAndForeignTablesAreRefused) {
  const std::string uri = testing::FreshPostgresLedger();
  ASSERT_TRUE(OpenStore(uri).ok());
  PgColumn(uri, "UPDATE tally_schema SET version = 99");
  for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
    auto newer = OpenStore(uri, mode);
    ASSERT_FALSE(newer.ok());
    EXPECT_NE(newer.status().message().find("newer than this tally knows"), std::string::npos) << newer.status().message();
  }
  const std::string other = testing::FreshPostgresLedger();
  PgColumn(other, "CREATE TABLE invoices (id integer)");
  auto foreign = OpenStore(other);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("not a tally ledger"), std::string::npos) << foreign.status().message();
  EXPECT_EQ(PgColumn(other, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"),
            std::vector<std::string>{"1"})
      << "nothing is written to a database that is not a ledger";
}

TEST_F(StorePostgres, ReadOnlyOnAnEmptyDatabaseReadsNoDocumentsAndWritesNothing) {
  const std::string uri = testing::FreshPostgresLedger();
  auto store = OpenStore(uri, OpenMode::kReadOnly);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->BeginRead().ok());
  EXPECT_TRUE((*store)->Documents(true)->empty());
  EXPECT_TRUE((*store)->Claims()->empty());
  EXPECT_FALSE((*store)->Generation()->has_value());
  ASSERT_TRUE((*store)->EndRead().ok());
  Extracted e = Extract("a", "Two soldiers were captured.\n");
  EXPECT_FALSE((*store)->Put(e.doc, e.claims, e.names, kStamp).ok());
  EXPECT_EQ(PgColumn(uri, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"),
            std::vector<std::string>{"0"});
}

TEST_F(StorePostgres, ConcurrentWritersStoreADocumentOnceAndAgreeOnIt) {
  const std::string uri = testing::FreshPostgresLedger();
  auto a = OpenStore(uri);
  auto b = OpenStore(uri);
  ASSERT_TRUE(a.ok() && b.ok());
  Extracted e = Extract("shared", "Rescuers said 14 people were injured.\n");
  ASSERT_TRUE((*a)->BeginBatch().ok());
  ASSERT_EQ(*(*a)->Put(e.doc, e.claims, e.names, kStamp), Store::PutResult::kAdded);
  // b's Put waits for a's open batch, then finds the document a committed: unchanged
  Result<Store::PutResult> second = Status::IoError("not run");
  std::thread writer([&] { second = (*b)->Put(e.doc, e.claims, e.names, kStamp); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_TRUE((*a)->EndBatch().ok());
  writer.join();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*second, Store::PutResult::kUnchanged);
  EXPECT_EQ((*b)->Documents(false)->size(), 1u);
  EXPECT_EQ((*b)->Claims()->size(), e.claims.size());
}

TEST_F(StorePostgres, ReviewsUsersAndDerivedResultsRoundTrip) {
  const std::string uri = testing::FreshPostgresLedger();
  auto store = OpenStore(uri);
  ASSERT_TRUE(store.ok());
  Extracted e = Extract("a", "At least 12 people were killed, police said.\n");
  ASSERT_TRUE((*store)->Put(e.doc, e.claims, e.names, kStamp).ok());
  const int64_t g0 = **(*store)->Generation();
  Review r;
  r.key = {"a", e.claims.at(0).evidence.at(0).begin, e.claims.at(0).evidence.at(0).end, e.claims.at(0).measure};
  r.action = ReviewAction::kCorrect;
  r.correction.value = Interval{13, 13, 13};
  r.note = "the police revised it";
  r.reviewer = "alice";
  r.at = "2026-01-01T00:00:00Z";
  r.extracted = "{}";
  auto id = (*store)->AddReview(r, AuditRow{0, r.at, "alice", "review", "a", "{}", "{}", r.note});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_GT(**(*store)->Generation(), g0) << "a review changes the generation";
  auto claims = (*store)->Claims();
  ASSERT_EQ(claims->size(), 1u);
  EXPECT_EQ((*claims)[0].claim.value.best, 13);
  EXPECT_EQ((*store)->Audit()->size(), 1u);
  ASSERT_TRUE((*store)->AddUser("alice", "hash-a").ok());
  EXPECT_EQ((*store)->AddUser("alice", "hash-b").code(), Status::Code::kInvalidInput);
  EXPECT_EQ(*(*store)->UserWithTokenHash("hash-a"), std::optional<std::string>("alice"));
  const std::string bytes("\0binary\xff data", 14);
  const int64_t g = **(*store)->Generation();
  ASSERT_TRUE((*store)->StoreDerivedResult("reconciliation", "k", g, bytes).ok());
  EXPECT_EQ(*(*store)->DerivedResult("reconciliation", "k", g), std::optional<std::string>(bytes));
  EXPECT_FALSE((*store)->DerivedResult("reconciliation", "k", g + 1)->has_value());
  EXPECT_FALSE((*store)->DerivedResult("reconciliation", "other key", g)->has_value());
}

}  // namespace
}  // namespace tally
