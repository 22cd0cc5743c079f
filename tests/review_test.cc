// Reviews in the ledger: corrections replace, rejections drop, confirmations are marked, a
// review survives re-extraction (and is flagged when the new reading disagrees), every
// decision is an audit row, and reviewer tokens are stored hashed.
#include <gtest/gtest.h>

#include <algorithm>

#include <sqlite3.h>

#include "review/review.h"
#include "review/reviewed_tolls.h"
#include "serve/access.h"
#include "store/store.h"
#include "test_util.h"

namespace tally {
namespace {

const Stamp kOld{"test-1", "lex"}, kNew{"test-2", "lex"};

Claim MakeClaim(int64_t best) {
  Claim c;
  c.doc = "d";
  c.measure = Measure::kKilled;
  c.value = {best, best, best};
  c.text = std::to_string(best);
  c.evidence = {{10, 12}};
  c.source = "the coroner";
  return c;
}

Review ReviewOf(const Claim& extracted, ReviewAction action, Correction correction = {}) {
  return Review{0, KeyOf(extracted), action, correction, "checked the text", "ana", "2025-01-02T03:04:05Z",
                Fingerprint(extracted)};
}

TEST(Review, AcceptMarksAndKeepsValues) {
  Claim c = MakeClaim(7);
  EXPECT_EQ(ApplyReview(ReviewOf(c, ReviewAction::kAccept), &c), ReviewState::kAccepted);
  EXPECT_EQ(c.value.best, 7);
}

TEST(Review, CorrectionReplacesOnlyTheNamedFields) {
  Claim c = MakeClaim(7);
  Correction k;
  k.value = Interval{9, 9, 9};
  k.party = "";  // clears
  c.party = "Ruritania";
  EXPECT_EQ(ApplyReview(ReviewOf(c, ReviewAction::kCorrect, k), &c), ReviewState::kCorrected);
  EXPECT_EQ(c.value.best, 9);
  EXPECT_FALSE(c.party.has_value());
  EXPECT_EQ(c.source.value_or(""), "the coroner");
  EXPECT_EQ(c.measure, Measure::kKilled);
}

TEST(Review, NewReadingThatDisagreesIsFlagged) {
  const Claim seen = MakeClaim(7);
  Correction k;
  k.value = Interval{9, 9, 9};
  const Review r = ReviewOf(seen, ReviewAction::kCorrect, k);
  Claim agrees = MakeClaim(9);  // the new extractor reads what the reviewer decided
  EXPECT_EQ(ApplyReview(r, &agrees), ReviewState::kCorrected);
  Claim differs = MakeClaim(11);
  EXPECT_EQ(ApplyReview(r, &differs), ReviewState::kFlagged);
  EXPECT_EQ(differs.value.best, 9) << "the person's correction still stands until reviewed again";
  Claim accepted_then_changed = MakeClaim(12);
  EXPECT_EQ(ApplyReview(ReviewOf(seen, ReviewAction::kAccept), &accepted_then_changed), ReviewState::kFlagged);
}

class ReviewStoreTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    db_ = (dir_ / "ledger.db").string();
    auto store = OpenSqliteStore(db_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    doc_.id = "d";
    doc_.text = "Officials said seven people died and thirty were hurt.";
    doc_.content_hash = "h1";
    Claim wounded = MakeClaim(30);
    wounded.measure = Measure::kWounded;
    wounded.evidence = {{40, 46}};
    claims_ = {MakeClaim(7), wounded};
    ASSERT_TRUE(store_->Put(doc_, claims_, {}, kOld).ok());
  }

  // Claims(reading), checked against ForEachClaim(reading): reconcile streams them, with the
  // same reviews applied and the same claims left out.
  std::vector<StoredClaim> Read(ClaimReading reading = ClaimReading::kReviewed) {
    auto claims = store_->Claims(reading);
    EXPECT_TRUE(claims.ok()) << claims.status().ToString();
    if (!claims.ok()) return {};
    std::vector<StoredClaim> streamed;
    EXPECT_TRUE(store_->ForEachClaim(reading, [&](const StoredClaim& c) { streamed.push_back(c); }).ok());
    EXPECT_EQ(streamed.size(), claims->size());
    for (size_t i = 0; i < std::min(streamed.size(), claims->size()); ++i) {
      EXPECT_EQ(streamed[i].id, (*claims)[i].id);
      EXPECT_EQ(streamed[i].review, (*claims)[i].review);
      EXPECT_EQ(streamed[i].claim.value.best, (*claims)[i].claim.value.best);
      EXPECT_EQ(streamed[i].claim.evidence.size(), (*claims)[i].claim.evidence.size());
    }
    return *claims;
  }

  AuditRow Audit(const Review& r) { return AuditRow{0, r.at, r.reviewer, std::string(ReviewActionName(r.action)), TargetName(r.key), "{}", "{}", r.note}; }

  std::string db_;
  std::unique_ptr<Store> store_;
  StoredDocument doc_;
  std::vector<Claim> claims_;
};

TEST_F(ReviewStoreTest, CorrectionsReplaceRejectionsDropConfirmationsAreMarked) {
  Correction k;
  k.value = Interval{8, 8, 8};
  const Review correct = ReviewOf(claims_[0], ReviewAction::kCorrect, k);
  const Review reject = ReviewOf(claims_[1], ReviewAction::kReject);
  ASSERT_TRUE(store_->AddReview(correct, Audit(correct)).ok());
  ASSERT_TRUE(store_->AddReview(reject, Audit(reject)).ok());
  std::vector<StoredClaim> reviewed = Read();
  ASSERT_EQ(reviewed.size(), 1u);
  EXPECT_EQ(reviewed[0].claim.value.best, 8);
  EXPECT_EQ(reviewed[0].review, ReviewState::kCorrected);
  std::vector<StoredClaim> all = Read(ClaimReading::kReviewedWithRejected);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].review, ReviewState::kRejected);
  std::vector<StoredClaim> extracted = Read(ClaimReading::kExtracted);
  EXPECT_EQ(extracted[0].claim.value.best, 7);
  // a later decision wins; the earlier stays in the log
  const Review accept = ReviewOf(claims_[1], ReviewAction::kAccept);
  ASSERT_TRUE(store_->AddReview(accept, Audit(accept)).ok());
  all = Read();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].review, ReviewState::kAccepted);
  auto reviews = store_->Reviews();
  auto audit = store_->Audit();
  ASSERT_TRUE(reviews.ok() && audit.ok());
  EXPECT_EQ(reviews->size(), 3u);
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_EQ((*audit)[0].who, "ana");
  EXPECT_EQ((*audit)[1].action, "reject");
}

TEST_F(ReviewStoreTest, ReviewsSurviveReingestAndFlagDisagreement) {
  Correction k;
  k.value = Interval{8, 8, 8};
  const Review correct = ReviewOf(claims_[0], ReviewAction::kCorrect, k);
  ASSERT_TRUE(store_->AddReview(correct, Audit(correct)).ok());
  // a newer extractor: new rows, same reading
  auto put = store_->Put(doc_, claims_, {}, kNew);
  ASSERT_TRUE(put.ok());
  ASSERT_EQ(*put, Store::PutResult::kReplaced);
  std::vector<StoredClaim> after = Read();
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].claim.value.best, 8);
  EXPECT_EQ(after[0].review, ReviewState::kCorrected);
  // and one that reads another figure at the same place: a person looks again
  std::vector<Claim> changed = claims_;
  changed[0].value = {9, 9, 9};
  ASSERT_TRUE(store_->Put(doc_, changed, {}, Stamp{"test-3", "lex"}).ok());
  after = Read();
  EXPECT_EQ(after[0].review, ReviewState::kFlagged);
  EXPECT_EQ(after[1].review, ReviewState::kUnreviewed);
}

TEST_F(ReviewStoreTest, ReadOnlyReaderSeesReviews) {
  const Review reject = ReviewOf(claims_[0], ReviewAction::kReject);
  ASSERT_TRUE(store_->AddReview(reject, Audit(reject)).ok());
  auto reader = OpenSqliteStore(db_, OpenMode::kReadOnly);
  ASSERT_TRUE(reader.ok());
  auto claims = (*reader)->Claims();
  ASSERT_TRUE(claims.ok());
  ASSERT_EQ(claims->size(), 1u);
  EXPECT_EQ((*claims)[0].claim.measure, Measure::kWounded);
}

TEST_F(ReviewStoreTest, TokensAreStoredHashed) {
  auto token = AddReviewer(*store_, "ana");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(token->size(), 64u);
  auto who = ReviewerForToken(*store_, *token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->value_or(""), "ana");
  auto nobody = ReviewerForToken(*store_, std::string(64, '0'));
  ASSERT_TRUE(nobody.ok());
  EXPECT_FALSE(nobody->has_value());
  EXPECT_FALSE(AddReviewer(*store_, "ana").ok()) << "a name is added once";
  EXPECT_FALSE(AddReviewer(*store_, "").ok());
  EXPECT_FALSE(AddReviewer(*store_, "bad\nname").ok());
  // the file holds no token, only its hash
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT token_hash FROM users", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  const std::string stored(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  EXPECT_NE(stored, *token);
  EXPECT_EQ(stored, HashToken(*token));
  sqlite3_finalize(st);
  sqlite3_close(raw);
}

// Tolls from reviewed claims: computed again, by the toll rules, only for documents a person
// changed; a rejected claim leaves the toll, a corrected value replaces it.
class ReviewedTollsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Pipeline& p = testing::SharedPipeline();
    for (const auto& [id, text] : {std::pair<std::string, std::string>{"a", "Nine people were killed and 25 were injured, police said.\n"},
                                   {"b", "Four people died in the fire, firefighters said.\n"}}) {
      Document doc = testing::PrepareText(text, id);
      std::vector<Claim> claims = p.Extract(doc);
      std::vector<Toll> tolls = p.Tolls(doc, claims);
      stored_.insert(stored_.end(), tolls.begin(), tolls.end());
      for (Claim& c : claims) claims_.push_back(StoredClaim{static_cast<int64_t>(claims_.size() + 1), std::move(c), ReviewState::kUnreviewed});
      docs_.push_back(ToStored(std::move(doc)));
    }
  }

  const Toll* Find(const std::vector<Toll>& tolls, const std::string& doc, Measure m) {
    for (const Toll& t : tolls)
      if (t.doc == doc && t.measure == m) return &t;
    return nullptr;
  }

  size_t ClaimOf(const std::string& doc, Measure m) {
    for (size_t i = 0; i < claims_.size(); ++i)
      if (claims_[i].claim.doc == doc && claims_[i].claim.measure == m) return i;
    ADD_FAILURE() << "no " << MeasureName(m) << " claim in " << doc;
    return 0;
  }

  std::vector<StoredDocument> docs_;
  std::vector<StoredClaim> claims_;
  std::vector<Toll> stored_;
};

TEST_F(ReviewedTollsTest, UnreviewedTollsAreAsStored) {
  ASSERT_NE(Find(stored_, "a", Measure::kKilled), nullptr);
  EXPECT_FALSE(TollsNeedReview(claims_));
  const std::vector<Toll> tolls = ReviewedTolls(testing::SharedPipeline(), docs_, claims_, stored_);
  ASSERT_EQ(tolls.size(), stored_.size());
  for (const Toll& t : tolls) EXPECT_FALSE(t.reviewed);
  // computed again from the stored text, an unchanged claim gives the toll ingest stored
  claims_[ClaimOf("a", Measure::kKilled)].review = ReviewState::kCorrected;
  const std::vector<Toll> again = ReviewedTolls(testing::SharedPipeline(), docs_, claims_, stored_);
  const Toll* killed = Find(again, "a", Measure::kKilled);
  ASSERT_NE(killed, nullptr);
  EXPECT_TRUE(killed->reviewed);
  EXPECT_EQ(killed->value.best, Find(stored_, "a", Measure::kKilled)->value.best);
  EXPECT_EQ(killed->claims, Find(stored_, "a", Measure::kKilled)->claims);
  EXPECT_FALSE(Find(again, "b", Measure::kKilled)->reviewed) << "another document's toll is as stored";
}

TEST_F(ReviewedTollsTest, RejectionsDropAndCorrectionsReplace) {
  const size_t killed = ClaimOf("a", Measure::kKilled), wounded = ClaimOf("a", Measure::kWounded);
  claims_[killed].claim.value = Interval{11, 11, 11};
  claims_[killed].review = ReviewState::kCorrected;
  claims_[wounded].review = ReviewState::kRejected;
  ASSERT_TRUE(TollsNeedReview(claims_));
  const std::vector<Toll> tolls = ReviewedTolls(testing::SharedPipeline(), docs_, claims_, stored_);
  const Toll* k = Find(tolls, "a", Measure::kKilled);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->value.best, 11);
  EXPECT_TRUE(k->reviewed);
  ASSERT_EQ(k->claims.size(), 1u);
  EXPECT_EQ(k->claims[0], killed) << "a toll's claims index the document's claims as extracted";
  EXPECT_EQ(Find(tolls, "a", Measure::kWounded), nullptr);
  ASSERT_NE(Find(tolls, "b", Measure::kKilled), nullptr);
  EXPECT_EQ(Find(tolls, "b", Measure::kKilled)->value.best, 4);
}

}  // namespace
}  // namespace tally
