// The reconciliation stored in the ledger: read back while nothing changed, recomputed after any
// ingest or review, never trusted when damaged, and a ledger that cannot be written still reads.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "reconcile/stored_reconciliation.h"
#include "report/report.h"
#include "review/review.h"
#include "store/store.h"
#include "test_util.h"

namespace tally {
namespace {

const std::string kParties = std::string(TALLY_SOURCE_DATA_DIR) + "/lexicon/en/parties.tsv";

class StoredReconciliationTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    db_ = (dir_ / "ledger.db").string();
    Add("flood-a", "2024-03-04", "Daily Post",
        "Rescuers in Tarnow said on Monday that 12 people were killed when the river burst its banks.");
    Add("flood-b", "2024-03-05", "Evening Star",
        "The regional governor said 15 people died in the Tarnow flood, and 40 were injured.");
    Add("quake", "2024-06-10", "Wire",
        "An earthquake near Kellan killed at least 30 people, the interior ministry said on Tuesday.");
  }

  void Add(const std::string& id, const std::string& date, const std::string& outlet, const std::string& text) {
    RawDocument raw;
    raw.id = raw.origin = id;
    raw.date = date;
    raw.outlet = outlet;
    raw.bytes = text;
    Document doc = testing::SharedPipeline().Prepare(std::move(raw));
    std::vector<NameVariant> names;
    std::vector<Claim> claims = testing::SharedPipeline().Extract(doc, &names);
    auto store = OpenSqliteStore(db_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->Put(ToStored(doc), claims, names, Stamp{"test", "x"}).ok());
  }

 public:
  struct Loaded {
    std::string json, fresh_json;  // the reconciliation served, and one computed now
    ReconcileReuse reuse;
    Reconciliation r;
    std::vector<StoredDocument> docs;
    std::vector<StoredClaim> claims;
  };

 protected:

  // What ledger and report do: read one snapshot read-only, then reconcile or reuse.
  Loaded Load(const std::string& key = "test-key", bool writable = true) {
    auto store = OpenSqliteStore(db_, OpenMode::kReadOnly);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    Store& s = **store;
    EXPECT_TRUE(s.BeginRead().ok());
    const auto docs = *s.Documents(true);
    const auto claims = *s.Claims();
    const auto names = *s.Names();
    const auto generation = *s.Generation();
    EXPECT_TRUE(s.EndRead().ok());
    Loaded l;
    auto writer = [&]() -> Result<std::unique_ptr<Store>> {
      if (!writable) return Status::IoError("read-only");
      return OpenSqliteStore(db_);
    };
    const Reconciliation r = ReconcileReusing(s, generation, key, docs, claims, names, kParties, writer, &l.reuse);
    l.json = ReconciliationJson(r, docs, claims);
    l.fresh_json = ReconciliationJson(Reconcile(docs, claims, names, kParties), docs, claims);
    l.r = r;
    l.docs = docs;
    l.claims = claims;
    return l;
  }

  std::string db_;
};

TEST_F(StoredReconciliationTest, UnchangedLedgerReusesTheStoredResult) {
  const Loaded first = Load();
  EXPECT_FALSE(first.reuse.reused);
  EXPECT_TRUE(first.reuse.stored) << first.reuse.why_not_stored;
  const Loaded second = Load();
  EXPECT_TRUE(second.reuse.reused);
  EXPECT_EQ(second.json, second.fresh_json);
  EXPECT_NE(second.json.find("Tarnow"), std::string::npos);
  // another program or other lexicons: not reused
  EXPECT_FALSE(Load("another-key").reuse.reused);
}

TEST_F(StoredReconciliationTest, IngestInvalidatesIt) {
  Load();
  ASSERT_TRUE(Load().reuse.reused);
  // the same document replaced with another figure: as many documents and claims as before,
  // so only the generation tells the stored result is stale
  Add("flood-b", "2024-03-05", "Evening Star",
      "The regional governor said 18 people died in the Tarnow flood, and 40 were injured.");
  const Loaded after = Load();
  EXPECT_FALSE(after.reuse.reused);
  EXPECT_EQ(after.json, after.fresh_json);
  EXPECT_NE(after.json.find("18"), std::string::npos);
  EXPECT_TRUE(Load().reuse.reused);
  // a document added: resumed from the stored result (below), not reused
  Add("quake-2", "2024-06-11", "Wire", "The death toll from the Kellan earthquake rose to 41, officials said.");
  const Loaded added = Load();
  EXPECT_FALSE(added.reuse.reused);
  EXPECT_TRUE(added.reuse.resumed) << added.reuse.why_not_resumed;
  EXPECT_NE(added.json.find("\"quake-2\""), std::string::npos);
}

TEST_F(StoredReconciliationTest, ReviewInvalidatesIt) {
  Load();
  auto store = OpenSqliteStore(db_);
  ASSERT_TRUE(store.ok());
  const auto claims = *(*store)->Claims();
  ASSERT_FALSE(claims.empty());
  const StoredClaim* target = nullptr;
  for (const StoredClaim& c : claims)
    if (c.claim.value.best == 12) target = &c;
  ASSERT_NE(target, nullptr);
  Correction k;
  k.value = Interval{13, 13, 13};
  const Review review{0, KeyOf(target->claim), ReviewAction::kCorrect, k, "misread", "ana", "2025-01-02T03:04:05Z",
                      Fingerprint(target->claim)};
  const AuditRow audit{0, review.at, review.reviewer, "correct", TargetName(review.key), "{}", "{}", review.note};
  auto before = *(*store)->Generation();
  ASSERT_TRUE((*store)->AddReview(review, audit).ok());
  EXPECT_NE(*(*store)->Generation(), before);
  store->reset();
  const Loaded after = Load();
  EXPECT_FALSE(after.reuse.reused);
  EXPECT_EQ(after.json, after.fresh_json);
  EXPECT_NE(after.json.find("13"), std::string::npos);
}

// Issue 14, incremental reconcile: a stored result of an earlier generation says which documents
// were added since, and only while adding is all that changed; a replaced document or a review
// leaves it saying nothing (a reconcile then reworks the whole ledger).
TEST_F(StoredReconciliationTest, AgeTellsTheDocumentsAddedSinceItWasStored) {
  auto age = [&](const std::string& key = "test-key") {
    auto store = OpenSqliteStore(db_, OpenMode::kReadOnly);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return AgeOfStoredReconciliation(**store, *(*store)->Generation(), key);
  };
  EXPECT_FALSE(age().stored_generation.has_value());
  Load();
  const StoredReconciliationAge fresh = age();
  ASSERT_TRUE(fresh.stored_generation.has_value());
  EXPECT_EQ(fresh.stored_generation, fresh.generation);
  EXPECT_EQ(fresh.added, std::optional<std::vector<std::string>>(std::vector<std::string>{}));
  EXPECT_FALSE(age("another program").stored_generation.has_value());

  Add("quake-2", "2024-06-11", "Wire", "The death toll from the Kellan earthquake rose to 41, officials said.");
  Add("quake-3", "2024-06-12", "Wire", "Rescuers in Kellan said 45 people had died.");
  const StoredReconciliationAge added = age();
  EXPECT_EQ(added.stored_generation, fresh.stored_generation);
  EXPECT_EQ(added.added, std::optional<std::vector<std::string>>(std::vector<std::string>{"quake-2", "quake-3"}));
  EXPECT_NE(added.Describe().find("2 documents added, nothing else"), std::string::npos) << added.Describe();

  Add("flood-b", "2024-03-05", "Evening Star",
      "The regional governor said 18 people died in the Tarnow flood, and 40 were injured.");
  const StoredReconciliationAge replaced = age();
  EXPECT_FALSE(replaced.added.has_value()) << "a replaced document";
  EXPECT_NE(replaced.Describe().find("replaced or removed"), std::string::npos) << replaced.Describe();
}

// ---- issue 14: resuming from the reconciliation stored before documents were added ----------

// An event of l in a form without run-local ids or indexes: its documents, and per series its
// party, measure and scope with each figure's claim id, source, span and disagreements by claim
// id, and its points; and its clusters as sets of claim ids with their source and outlets.
std::string EventInIds(const StoredReconciliationTest::Loaded& l, const std::string& doc_id) {
  size_t doc = SIZE_MAX;
  for (size_t d = 0; d < l.docs.size(); ++d)
    if (l.docs[d].id == doc_id) doc = d;
  if (doc == SIZE_MAX) return "no such document";
  const size_t e = l.r.doc_event[doc];
  std::string out = "documents:";
  for (size_t d : l.r.events[e].docs) out += " " + l.docs[d].id;
  std::vector<std::string> series;
  for (const Series& s : l.r.timeline) {
    if (s.event != e) continue;
    std::string x = s.party.value_or("-") + " " + std::string(MeasureName(s.measure)) + " " + std::string(ScopeName(s.scope)) + ":";
    for (const Figure& f : s.figures) {
      x += " [" + std::to_string(l.claims[f.claim].id) + " " + f.source + " " + f.from + "-" + f.until.value_or("") + " vs";
      for (uint32_t d : f.disagrees_with) x += " " + std::to_string(l.claims[d].id);
      x += "]";
    }
    for (const TimelinePoint& p : s.points)
      x += " (" + p.date + " " + std::to_string(p.low.value_or(-1)) + " " + std::to_string(p.best.value_or(-1)) + " " +
           std::to_string(p.high.value_or(-1)) + (p.disagreement ? " !" : "") + ")";
    for (const Comparison& c : s.comparisons)
      x += " {" + c.rule + " " + std::to_string(l.claims[c.earlier].id) + " " + std::to_string(l.claims[c.later].id) + "}";
    series.push_back(x);
  }
  auto event_of_claim = [&](size_t m) {
    for (size_t d = 0; d < l.docs.size(); ++d)
      if (l.docs[d].id == l.claims[m].claim.doc) return l.r.doc_event[d];
    return SIZE_MAX;
  };
  std::vector<std::string> clusters;
  for (const Cluster& c : l.r.clusters) {
    if (c.members.empty() || event_of_claim(c.members[0]) != e) continue;
    std::string x = c.source.value_or("-") + " " + std::to_string(c.outlets) + ":";
    for (size_t m : c.members) x += " " + std::to_string(l.claims[m].id);
    clusters.push_back(x);
  }
  std::sort(series.begin(), series.end());
  std::sort(clusters.begin(), clusters.end());
  for (const std::string& x : series) out += "\nseries " + x;
  for (const std::string& x : clusters) out += "\ncluster " + x;
  return out;
}

TEST_F(StoredReconciliationTest, AddedDocumentJoinsItsEventAndLeavesTheOthersAsTheyWere) {
  const Loaded before = Load();
  ASSERT_TRUE(before.reuse.stored) << before.reuse.why_not_stored;
  Add("flood-c", "2024-03-06", "Morning Herald",
      "Rescuers in Tarnow said on Wednesday that 17 people were killed when the river burst its banks, and the "
      "regional governor said the Tarnow flood was the worst in years.");
  const Loaded after = Load();
  EXPECT_FALSE(after.reuse.reused);
  EXPECT_TRUE(after.reuse.resumed) << after.reuse.why_not_resumed;
  EXPECT_TRUE(after.reuse.stored) << after.reuse.why_not_stored;
  // the first flood report's event has the added document, and its figure as an update of the
  // same source's
  EXPECT_EQ(after.r.events.size(), before.r.events.size());
  const std::string flood = EventInIds(after, "flood-c");
  EXPECT_EQ(flood.substr(0, 27), "documents: flood-a flood-c\n") << flood;
  EXPECT_NE(flood.find("(2024-03-06 17 17 17)"), std::string::npos) << flood;
  EXPECT_NE(flood.find("{update_by_same_source"), std::string::npos) << flood;
  EXPECT_NE(EventInIds(after, "flood-a"), EventInIds(before, "flood-a"));
  // the other events are untouched: their clusters and series as they were
  EXPECT_EQ(EventInIds(after, "quake"), EventInIds(before, "quake"));
  EXPECT_EQ(EventInIds(after, "flood-b"), EventInIds(before, "flood-b"));
  // a valid reconciliation: it is read back as any other, and its JSON is well formed
  const Loaded again = Load();
  EXPECT_TRUE(again.reuse.reused);
  EXPECT_EQ(again.json, after.json);
  EXPECT_NE(after.json.find("\"flood-c\""), std::string::npos);
}

TEST_F(StoredReconciliationTest, AddedDocumentAboutAnotherIncidentOpensAnEvent) {
  const Loaded before = Load();
  Add("fire", "2024-09-01", "Coast Times",
      "A fire at a warehouse in Brannock killed 9 workers overnight, firefighters said on Sunday.");
  const Loaded after = Load();
  EXPECT_TRUE(after.reuse.resumed) << after.reuse.why_not_resumed;
  ASSERT_EQ(after.r.events.size(), before.r.events.size() + 1);
  EXPECT_EQ(EventInIds(after, "fire").substr(0, 16), "documents: fire\n");
  EXPECT_EQ(EventInIds(after, "quake"), EventInIds(before, "quake"));
  EXPECT_EQ(EventInIds(after, "flood-a"), EventInIds(before, "flood-a"));
  // the new event's series and its entities are there: the fire's figure under its source
  EXPECT_NE(EventInIds(after, "fire").find(" 9 9 9"), std::string::npos) << EventInIds(after, "fire");
  // and resuming again from the resumed result works the same way
  Add("fire-2", "2024-09-02", "Wire", "The toll of the Brannock warehouse fire rose to 11, firefighters said.");
  const Loaded later = Load();
  EXPECT_TRUE(later.reuse.resumed) << later.reuse.why_not_resumed;
  EXPECT_NE(EventInIds(later, "fire-2").find("documents: fire fire-2"), std::string::npos) << EventInIds(later, "fire-2");
}

TEST_F(StoredReconciliationTest, ReplacedDocumentOrReviewIsReconciledInFull) {
  Load();
  Add("flood-b", "2024-03-05", "Evening Star",
      "The regional governor said 18 people died in the Tarnow flood, and 40 were injured.");
  const Loaded replaced = Load();
  EXPECT_FALSE(replaced.reuse.resumed);
  EXPECT_EQ(replaced.json, replaced.fresh_json);
  auto store = OpenSqliteStore(db_);
  ASSERT_TRUE(store.ok());
  const auto claims = *(*store)->Claims();
  const StoredClaim* target = nullptr;
  for (const StoredClaim& c : claims)
    if (c.claim.value.best == 12) target = &c;
  ASSERT_NE(target, nullptr);
  const Review review{0, KeyOf(target->claim), ReviewAction::kAccept, {}, "checked", "ana", "2025-01-02T03:04:05Z",
                      Fingerprint(target->claim)};
  const AuditRow audit{0, review.at, review.reviewer, "accept", TargetName(review.key), "{}", "{}", review.note};
  ASSERT_TRUE((*store)->AddReview(review, audit).ok());
  Add("quake-2", "2024-06-11", "Wire", "The death toll from the Kellan earthquake rose to 41, officials said.");
  store->reset();
  const Loaded reviewed = Load();
  EXPECT_FALSE(reviewed.reuse.resumed);
  EXPECT_EQ(reviewed.json, reviewed.fresh_json);
}

TEST_F(StoredReconciliationTest, CheckpointComesBackWholeAndDamageIsRefused) {
  auto store = OpenSqliteStore(db_);
  ASSERT_TRUE(store.ok());
  const auto docs = *(*store)->Documents(true);
  const auto claims = *(*store)->Claims();
  const auto names = *(*store)->Names();
  ReconcileCheckpoint c;
  Reconcile(docs, claims, names, kParties, {}, &c);
  ASSERT_FALSE(c.events.words.empty());
  ASSERT_EQ(c.claim_entity.size(), claims.size());
  const std::string data = EncodeCheckpoint(c);
  const std::optional<ReconcileCheckpoint> back = DecodeCheckpoint(data);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(EncodeCheckpoint(*back), data);
  EXPECT_EQ(back->events.words, c.events.words);
  EXPECT_EQ(back->claim_speaker, c.claim_speaker);
  for (size_t cut : {size_t{0}, size_t{9}, data.size() / 2, data.size() - 1})
    EXPECT_FALSE(DecodeCheckpoint(std::string_view(data).substr(0, cut)).has_value()) << cut;
}

TEST_F(StoredReconciliationTest, UnwritableLedgerComputesWithoutStoring) {
  const Loaded first = Load("test-key", false);
  EXPECT_FALSE(first.reuse.stored);
  EXPECT_FALSE(first.reuse.why_not_stored.empty());
  EXPECT_FALSE(Load("test-key", false).reuse.reused);
  EXPECT_EQ(first.json, first.fresh_json);
}

TEST_F(StoredReconciliationTest, UnchangedPutKeepsTheGeneration) {
  auto store = OpenSqliteStore(db_);
  ASSERT_TRUE(store.ok());
  const auto before = *(*store)->Generation();
  ASSERT_TRUE(before.has_value());
  const auto docs = *(*store)->Documents(true);
  const auto claims = *(*store)->Claims(ClaimReading::kExtracted);
  std::vector<Claim> of_first;
  for (const StoredClaim& c : claims)
    if (c.claim.doc == docs[0].id) of_first.push_back(c.claim);
  ASSERT_EQ(*(*store)->Put(docs[0], of_first, {}, Stamp{"test", "x"}), Store::PutResult::kUnchanged);
  EXPECT_EQ(*(*store)->Generation(), before);
}

TEST_F(StoredReconciliationTest, DamagedDataIsRefusedNotTrusted) {
  auto store = OpenSqliteStore(db_);
  ASSERT_TRUE(store.ok());
  const auto docs = *(*store)->Documents(true);
  const auto claims = *(*store)->Claims();
  const auto names = *(*store)->Names();
  const Reconciliation r = Reconcile(docs, claims, names, kParties);
  const std::string data = EncodeReconciliation(r);
  ASSERT_FALSE(data.empty());
  auto back = DecodeReconciliation(data, docs.size(), claims.size());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(ReconciliationJson(*back, docs, claims), ReconciliationJson(r, docs, claims));
  // read for another ledger's size: refused
  EXPECT_FALSE(DecodeReconciliation(data, docs.size() + 1, claims.size()).has_value());
  EXPECT_FALSE(DecodeReconciliation(data, docs.size(), claims.size() + 1).has_value());
  // cut short or with bytes changed: refused (zlib's checksum), never a crash
  for (size_t cut = 0; cut < data.size(); cut += 7)
    EXPECT_FALSE(DecodeReconciliation(data.substr(0, cut), docs.size(), claims.size()).has_value()) << cut;
  for (size_t i = 0; i < data.size(); i += 5) {
    std::string bad = data;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    DecodeReconciliation(bad, docs.size(), claims.size());
  }
}

// The ledger and the report read the stored form without the pairs (disagrees_with, comparisons):
// everything else is as stored, and the pairs' indexes are still checked.
TEST_F(StoredReconciliationTest, WithoutPairsKeepsAllButThePairs) {
  auto store = OpenSqliteStore(db_);
  ASSERT_TRUE(store.ok());
  const auto docs = *(*store)->Documents(true);
  const auto claims = *(*store)->Claims();
  const auto names = *(*store)->Names();
  Reconciliation r = Reconcile(docs, claims, names, kParties);
  // pairs on every series' figures, whatever these three articles' figures make of each other
  size_t pairs = 0;
  for (Series& s : r.timeline)
    for (Figure& f : s.figures) {
      f.disagrees_with.push_back(s.figures.front().claim);
      s.comparisons.push_back({"update_by_same_source", s.figures.front().claim, f.claim, false});
      ++pairs;
    }
  ASSERT_GT(pairs, 0u) << "the articles' figures should make a timeline";
  const std::string data = EncodeReconciliation(r);
  auto full = DecodeReconciliation(data, docs.size(), claims.size(), StoredDetail::kAll);
  ASSERT_TRUE(full.has_value());
  EXPECT_EQ(ReconciliationJson(*full, docs, claims), ReconciliationJson(r, docs, claims));
  auto light = DecodeReconciliation(data, docs.size(), claims.size(), StoredDetail::kWithoutPairs);
  ASSERT_TRUE(light.has_value());
  ASSERT_EQ(light->timeline.size(), r.timeline.size());
  Reconciliation expected = r;
  for (Series& s : expected.timeline) {
    s.comparisons.clear();
    for (Figure& f : s.figures) f.disagrees_with.clear();
  }
  EXPECT_EQ(ReconciliationJson(*light, docs, claims), ReconciliationJson(expected, docs, claims));
  for (size_t i = 0; i < r.timeline.size(); ++i) {
    ASSERT_EQ(light->timeline[i].points.size(), r.timeline[i].points.size());
    for (size_t p = 0; p < r.timeline[i].points.size(); ++p)
      EXPECT_EQ(light->timeline[i].points[p].disagreement, r.timeline[i].points[p].disagreement);
  }
  // read for another ledger's size, or cut short: refused here too
  EXPECT_FALSE(DecodeReconciliation(data, docs.size(), claims.size() + 1, StoredDetail::kWithoutPairs).has_value());
  for (size_t cut = 0; cut < data.size(); cut += 11)
    EXPECT_FALSE(DecodeReconciliation(data.substr(0, cut), docs.size(), claims.size(), StoredDetail::kWithoutPairs).has_value());
}

// The ledger and the report read only what they show (StoredDetail::kShown): their rows and page
// are the same as from the whole reconciliation; what they do not show is left empty, and still
// checked (a damaged or cut stored form is refused here too).
TEST_F(StoredReconciliationTest, ShownGivesTheSameLedgerAndReport) {
  auto store = OpenSqliteStore(db_);
  ASSERT_TRUE(store.ok());
  const auto docs = *(*store)->Documents(true);
  const auto claims = *(*store)->Claims();
  const auto names = *(*store)->Names();
  const auto tolls = *(*store)->Tolls();
  const Reconciliation r = Reconcile(docs, claims, names, kParties);
  ASSERT_FALSE(r.clusters.empty());
  ASSERT_FALSE(r.timeline.empty());
  const std::string data = EncodeReconciliation(r);
  auto shown = DecodeReconciliation(data, docs.size(), claims.size(), StoredDetail::kShown);
  ASSERT_TRUE(shown.has_value());
  const LedgerInput whole{docs, claims, r, &tolls};
  const LedgerInput read{docs, claims, *shown, &tolls};
  EXPECT_EQ(LedgerCsv(LedgerRows(read)), LedgerCsv(LedgerRows(whole)));
  EXPECT_EQ(LedgerJson(LedgerRows(read), false), LedgerJson(LedgerRows(whole), false));
  const std::string page = testing::ReadFile(std::string(TALLY_SOURCE_DATA_DIR) + "/templates/report.html");
  EXPECT_EQ(HtmlReport(read, page), HtmlReport(whole, page));
  // left empty: what only the reconcile JSON shows
  for (const Event& e : shown->events) EXPECT_TRUE(e.docs.empty() && e.claims.empty());
  EXPECT_EQ(shown->doc_event, r.doc_event) << "the report's events come from it";
  EXPECT_TRUE(shown->claim_date_from.empty());
  for (const Cluster& c : shown->clusters) EXPECT_TRUE(c.id.empty() && !c.entity);
  // refused when read for another ledger's size, or cut short
  EXPECT_FALSE(DecodeReconciliation(data, docs.size() + 1, claims.size(), StoredDetail::kShown).has_value());
  EXPECT_FALSE(DecodeReconciliation(data, docs.size(), claims.size() + 1, StoredDetail::kShown).has_value());
  for (size_t cut = 0; cut < data.size(); cut += 11)
    EXPECT_FALSE(DecodeReconciliation(data.substr(0, cut), docs.size(), claims.size(), StoredDetail::kShown).has_value());
  for (size_t i = 8; i < data.size(); i += 5) {
    std::string bad = data;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    EXPECT_FALSE(DecodeReconciliation(bad, docs.size(), claims.size(), StoredDetail::kShown).has_value()) << i;
  }
}

// A stored form of several megabytes is compressed as it is encoded, a megabyte at a time:
// it comes back whole.
TEST(StoredReconciliationCodec, BigEncodingComesBackWhole) {
  Reconciliation r;
  const size_t claims = 400000;
  r.claim_entity.resize(claims);
  r.claim_date.resize(claims);
  r.claim_date_from.assign(claims, DateFrom::kClaim);
  for (size_t i = 0; i < claims; ++i) {
    r.claim_date[i] = "2024-" + std::to_string(1 + i % 12) + "-" + std::to_string(1 + i % 28);
    if (i % 3 == 0) r.claim_entity[i] = "e" + std::to_string(i * 7919 % 100003);
  }
  const std::string data = EncodeReconciliation(r);
  ASSERT_GT(data.size(), 8u);
  uint64_t raw = 0;
  for (int i = 0; i < 8; ++i) raw |= static_cast<uint64_t>(static_cast<unsigned char>(data[i])) << (8 * i);
  EXPECT_GT(raw, 4u << 20) << "several megabytes, so several pieces";
  auto back = DecodeReconciliation(data, 0, claims);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->claim_date, r.claim_date);
  EXPECT_EQ(back->claim_entity, r.claim_entity);
  EXPECT_FALSE(DecodeReconciliation(data.substr(0, data.size() - 1), 0, claims).has_value());
}

}  // namespace
}  // namespace tally
