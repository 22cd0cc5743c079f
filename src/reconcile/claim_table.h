// claim table: the claims as reconcile reads them, a compact record each. Reconcile weighs a
// dozen fields of every claim in every stage; whole StoredClaims (480 bytes, and their strings)
// were the largest part of its memory: 630 MB of 1.7 GB at 100,000 articles.
//
// Input:  StoredClaims, one at a time (Store::ForEachClaim) or a vector of them.
// Output: per claim a ClaimRecord of 72 bytes; the strings it names (document, text, party,
//         place, source, role, date) kept once each in the table and named by number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconcile/interned.h"
#include "store/store.h"

namespace tally {

struct ClaimRecord {
  static constexpr uint32_t kNone = UINT32_MAX;  // a string the claim does not have
  int64_t id = 0;                                // the ledger's
  int64_t low = 0, high = 0, best = 0;           // its value: each where has_low, has_high, has_best
  uint32_t doc = 0, text = 0;                    // strings of the table
  uint32_t party = kNone, location = kNone, source = kNone, source_role = kNone, date = kNone;  // the same, or kNone
  uint32_t figure_at = kNone;  // where its first evidence span begins in its document's text; kNone: no evidence
  Measure measure = Measure::kOther;
  Qualifier qualifier = Qualifier::kExact;
  Scope scope = Scope::kEvent;
  ReviewState review = ReviewState::kUnreviewed;
  bool has_low = false, has_high = false, has_best = false;

  Interval value() const {
    Interval v;
    if (has_low) v.low = low;
    if (has_high) v.high = high;
    if (has_best) v.best = best;
    return v;
  }
};

// The records in the order added, and their strings. Not thread-safe; references to strings stay
// valid as long as the table.
class ClaimTable {
 public:
  ClaimTable() = default;
  // Implicit: a vector of claims reads as their table (tests, tally serve, and the ledger's rows
  // and the report when they reconcile: they hold the whole claims anyway).
  ClaimTable(const std::vector<StoredClaim>& claims);  // NOLINT(google-explicit-constructor)

  void Add(const StoredClaim& sc);
  // Gives back what the records' vector holds beyond its size (it grows by doubling while read).
  void ShrinkToFit() { records_.shrink_to_fit(); }

  size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  const ClaimRecord& operator[](size_t i) const { return records_[i]; }

  // The string id names (not kNone).
  const std::string& String(uint32_t id) const { return strings_[id]; }
  // The string id names, or nullopt for kNone.
  std::optional<std::string_view> Optional(uint32_t id) const {
    return id == ClaimRecord::kNone ? std::nullopt : std::optional<std::string_view>(strings_[id]);
  }
  // The id of s when some record names it.
  std::optional<uint32_t> Find(std::string_view s) const { return strings_.Find(s); }

 private:
  std::vector<ClaimRecord> records_;
  Interned strings_;
};

}  // namespace tally
