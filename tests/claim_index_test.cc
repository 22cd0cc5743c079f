// The claim index (serve/claim_index.h) answers every list query exactly as a plain scan of
// the claims followed by a stable sort would: filters, sorts and pages in combination, on a
// ledger with reviewed, rejected, corrected and flagged claims, ties in every sort key, claims
// without a party, source, date or value, and names in mixed case.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "common/text.h"
#include "review/review.h"
#include "serve/ledger_view.h"
#include "store/store.h"
#include "test_util.h"

namespace tally {
namespace {

const Stamp kFirst{"test-1", "lex"}, kSecond{"test-2", "lex"};
constexpr size_t kDocs = 14, kClaimsPerDoc = 16;

// The straightforward answer: every claim tested in turn, the matches stably sorted, then paged.
std::vector<size_t> ScanClaims(const LedgerView& v, const ClaimQuery& q, const Page& page, size_t* total) {
  const auto lowered = [](const std::optional<std::string>& s) { return s ? std::optional(AsciiLowerCopy(*s)) : std::nullopt; };
  const std::optional<std::string> party = lowered(q.party), source = lowered(q.source);
  std::vector<size_t> hits;
  for (size_t i = 0; i < v.claims.size(); ++i) {
    const Claim& c = v.claims[i].claim;
    const ReviewState review = v.claims[i].review;
    const std::optional<std::string>& date = v.claim_date[i];
    if (q.measure && c.measure != *q.measure) continue;
    if (q.scope && c.scope != *q.scope) continue;
    if (q.doc && c.doc != *q.doc) continue;
    if (party && (!c.party || AsciiLowerCopy(*c.party) != *party)) continue;
    if (source && (!c.source || AsciiLowerCopy(*c.source).find(*source) == std::string::npos)) continue;
    if (q.min_confidence && c.confidence < *q.min_confidence) continue;
    if (q.max_confidence && c.confidence > *q.max_confidence) continue;
    if (q.review ? review != *q.review : review == ReviewState::kRejected) continue;
    if (q.disagreement && v.claim_disagreement[i] != *q.disagreement) continue;
    if ((q.from || q.to) && !date) continue;
    if (q.from && *date < *q.from) continue;
    if (q.to && date->substr(0, q.to->size()) > *q.to) continue;
    hits.push_back(i);
  }
  const bool descending = !q.sort.empty() && q.sort[0] == '-';
  const std::string key = descending ? q.sort.substr(1) : q.sort;
  const auto by = [&](auto k, bool down) {
    std::stable_sort(hits.begin(), hits.end(), [&](size_t a, size_t b) { return down ? k(b) < k(a) : k(a) < k(b); });
  };
  if (key == "date") by([&](size_t i) { return v.claim_date[i]; }, descending);
  if (key == "confidence") by([&](size_t i) { return v.claims[i].claim.confidence; }, descending);
  if (key == "value") by([&](size_t i) { return v.claim_value[i]; }, descending);
  if (key == "priority") by([&](size_t i) { return v.claim_priority[i]; }, !descending);
  *total = hits.size();
  std::vector<size_t> out;
  for (size_t k = page.offset; k < hits.size() && k - page.offset < page.limit; ++k) out.push_back(hits[k]);
  return out;
}

template <typename T>
T Pick(std::mt19937& rng, std::initializer_list<T> from) {
  return *(from.begin() + std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng));
}

class ClaimIndexTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    db_ = (dir_ / "ledger.db").string();
    auto store = OpenSqliteStore(db_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::mt19937 rng(19);
    std::vector<std::vector<Claim>> claims(kDocs);
    std::vector<StoredDocument> docs(kDocs);
    for (size_t d = 0; d < kDocs; ++d) {
      docs[d].id = "doc" + std::to_string(d);
      docs[d].text = std::string(kClaimsPerDoc * 10 + 10, 'x');
      docs[d].content_hash = "h" + std::to_string(d);
      docs[d].date = Pick<std::string>(rng, {"", "2024-03-01", "2024-03-05"});
      for (size_t k = 0; k < kClaimsPerDoc; ++k) {
        Claim c;
        c.doc = docs[d].id;
        c.measure = Pick(rng, {Measure::kKilled, Measure::kWounded, Measure::kMissing, Measure::kDisplaced});
        c.scope = Pick(rng, {Scope::kEvent, Scope::kEvent, Scope::kCumulative, Scope::kOther});
        const std::optional<int64_t> best = Pick<std::optional<int64_t>>(rng, {std::nullopt, 3, 3, 12, 40, 40, 900});
        c.value = {best, best, best};
        if (!best && rng() % 2) c.value.high = 25;  // a value with only a high end
        c.text = "claim";
        c.evidence = {{static_cast<uint32_t>(k * 10), static_cast<uint32_t>(k * 10 + 5)}};
        c.party = Pick<std::optional<std::string>>(rng, {std::nullopt, "Ruritania", "ruritania", "Borduria", "RURITANIA"});
        c.source = Pick<std::optional<std::string>>(
            rng, {std::nullopt, "the Interior Ministry", "ministry of health", "a hospital spokeswoman", "Police"});
        c.date = Pick<std::optional<std::string>>(rng, {std::nullopt, "2024", "2024-03", "2024-03-05", "2024-03-15", "2023-12-31"});
        c.confidence = Pick(rng, {0.5, 0.62, 0.8, 0.8, 0.95});
        claims[d].push_back(c);
      }
      ASSERT_TRUE((*store)->Put(docs[d], claims[d], {}, kFirst).ok());
    }
    // reviews: every action, on claims spread over the documents
    for (size_t d = 0; d < kDocs; ++d)
      for (size_t k = 0; k < kClaimsPerDoc; k += 3) {
        const Claim& c = claims[d][k];
        Review r{0, KeyOf(c), ReviewAction::kAccept, {}, "", "ana", "2025-01-02T03:04:05Z", Fingerprint(c)};
        switch ((d + k) % 4) {
          case 0: r.action = ReviewAction::kReject; break;
          case 1: r.action = ReviewAction::kAccept; break;
          case 2:
            r.action = ReviewAction::kCorrect;
            r.correction.value = Interval{7, 7, 7};
            r.correction.source = "MINISTRY of Defence";
            break;
          case 3:
            r.action = ReviewAction::kCorrect;
            r.correction.date = "2022-01-01";
            r.correction.measure = Measure::kKilled;
            break;
        }
        const AuditRow audit{0, r.at, r.reviewer, std::string(ReviewActionName(r.action)), TargetName(r.key), "{}", "{}", ""};
        ASSERT_TRUE((*store)->AddReview(r, audit).ok());
      }
    // a newer reading of two documents that disagrees with what the reviewers saw: flagged
    for (size_t d : {size_t{1}, size_t{5}}) {
      for (Claim& c : claims[d]) c.value = {1000, 1000, 1000};
      docs[d].content_hash += "b";
      ASSERT_TRUE((*store)->Put(docs[d], claims[d], {}, kSecond).ok());
    }
    store->reset();
    auto view = LoadLedgerView(db_, std::string(TALLY_SOURCE_DATA_DIR) + "/lexicon/en/parties.tsv");
    ASSERT_TRUE(view.ok()) << view.status().ToString();
    view_ = *view;
  }

  std::string db_;
  std::shared_ptr<const LedgerView> view_;
};

TEST_F(ClaimIndexTest, LedgerHasWhatTheComparisonNeeds) {
  size_t by_state[5] = {}, disagreements = 0;
  for (size_t i = 0; i < view_->claims.size(); ++i) {
    ++by_state[static_cast<size_t>(view_->claims[i].review)];
    disagreements += view_->claim_disagreement[i];
  }
  EXPECT_EQ(view_->claims.size(), kDocs * kClaimsPerDoc);
  for (size_t s = 0; s < 5; ++s) EXPECT_GT(by_state[s], 0u) << ReviewStateName(static_cast<ReviewState>(s));
  EXPECT_GT(disagreements, 0u);
  EXPECT_LT(disagreements, view_->claims.size());
}

TEST_F(ClaimIndexTest, EveryFilterSortAndPageAgreesWithAScan) {
  std::vector<ClaimQuery> filters(1);  // the first: no filter
  const auto add = [&](auto set) {
    ClaimQuery q;
    set(q);
    filters.push_back(q);
  };
  add([](ClaimQuery& q) { q.measure = Measure::kKilled; });
  add([](ClaimQuery& q) { q.measure = Measure::kCasualties; });  // none in the ledger
  add([](ClaimQuery& q) { q.scope = Scope::kCumulative; });
  add([](ClaimQuery& q) { q.party = "RuRiTaNiA"; });
  add([](ClaimQuery& q) { q.party = "ruritani"; });  // a party is matched whole
  add([](ClaimQuery& q) { q.source = "MINISTRY"; });
  add([](ClaimQuery& q) { q.source = "of"; });
  add([](ClaimQuery& q) { q.source = "nobody"; });
  add([](ClaimQuery& q) { q.doc = "doc3"; });
  add([](ClaimQuery& q) { q.doc = "doc99"; });
  add([](ClaimQuery& q) { q.from = "2024-03"; });
  add([](ClaimQuery& q) { q.to = "2024-03"; });
  add([](ClaimQuery& q) { q.from = "2024-03-05", q.to = "2024-03-05"; });
  add([](ClaimQuery& q) { q.min_confidence = 0.8; });
  add([](ClaimQuery& q) { q.max_confidence = 0.62; });
  add([](ClaimQuery& q) { q.review = ReviewState::kRejected; });
  add([](ClaimQuery& q) { q.review = ReviewState::kFlagged; });
  add([](ClaimQuery& q) { q.review = ReviewState::kCorrected; });
  add([](ClaimQuery& q) { q.disagreement = true; });
  add([](ClaimQuery& q) { q.disagreement = false; });
  add([](ClaimQuery& q) { q.measure = Measure::kWounded, q.disagreement = true; });
  add([](ClaimQuery& q) { q.measure = Measure::kKilled, q.review = ReviewState::kAccepted; });
  add([](ClaimQuery& q) { q.measure = Measure::kWounded, q.min_confidence = 0.8; });
  add([](ClaimQuery& q) { q.measure = Measure::kKilled, q.source = "ministry", q.from = "2024"; });
  add([](ClaimQuery& q) { q.doc = "doc5", q.measure = Measure::kKilled; });
  add([](ClaimQuery& q) { q.doc = "doc1", q.review = ReviewState::kFlagged; });
  add([](ClaimQuery& q) { q.party = "borduria", q.scope = Scope::kEvent, q.disagreement = false; });
  const char* const sorts[] = {"", "-", "date", "-date", "confidence", "-confidence", "value", "-value", "priority", "-priority"};
  const Page pages[] = {{0, 50}, {0, 1}, {3, 4}, {10, 7}, {37, 1000}, {5, 0}, {0, 0}, {100000, 10}, kEverything, {2, SIZE_MAX}};
  size_t compared = 0, nonempty = 0;
  for (ClaimQuery q : filters)
    for (const char* sort : sorts)
      for (const Page& page : pages) {
        q.sort = sort;
        size_t want_total = 0, got_total = 0;
        const std::vector<size_t> want = ScanClaims(*view_, q, page, &want_total);
        const std::vector<size_t> got = FindClaims(*view_, q, page, &got_total);
        ASSERT_EQ(got, want) << "filter " << compared / (std::size(sorts) * std::size(pages)) << ", sort \"" << sort
                             << "\", offset " << page.offset << ", limit " << page.limit;
        ASSERT_EQ(got_total, want_total) << "filter " << compared / (std::size(sorts) * std::size(pages)) << ", sort \"" << sort << "\"";
        ++compared;
        nonempty += !want.empty();
      }
  EXPECT_GT(nonempty, compared / 2) << "most queries should find something, or the comparison says little";
}

}  // namespace
}  // namespace tally
