// What answers the claim list endpoints on a snapshot: built once when the snapshot is read,
// so that a request walks compact rows in a precomputed order and stops when its page is
// full, instead of scanning the full claims and sorting the matches (50 clients paging
// through 100,000 claims, docs/performance.md).
//
// Input:  a LedgerView whose claims and per-claim keys (claim_date, claim_disagreement,
//         claim_value, claim_priority) are filled.
// Output: a ClaimIndex; its Find is FindClaims (ledger_view.h), answering exactly as a scan of
//         every claim followed by a sort would (tests/claim_index_test.cc checks both agree).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "serve/ledger_view.h"

namespace tally {

class ClaimIndex {
 public:
  explicit ClaimIndex(const LedgerView& view);

  std::vector<size_t> Find(const LedgerView& view, const ClaimQuery& q, const Page& page, size_t* total) const;

  // the orders a request may ask for: ledger order, then each sort key ascending and descending
  static constexpr size_t kOrders = 9;
  static constexpr size_t kMeasures = static_cast<size_t>(Measure::kOther) + 1;  // kOther is the last
  static constexpr size_t kReviewStates = static_cast<size_t>(ReviewState::kFlagged) + 1;

  // A claim's filter fields, 32 bytes: a scan reads these instead of the claim's strings.
  // party, source and date are ids into the distinct values (0: none); dates are numbered in
  // their sorted order, so date ids compare as the dates do.
  struct Row {
    double confidence;
    uint32_t doc, party, source, date;
    Measure measure;
    Scope scope;
    ReviewState review;
    bool disagreement;
  };

 private:
  struct Filter;
  Filter Compile(const ClaimQuery& q) const;

  std::vector<Row> rows_;
  std::vector<std::string> parties_, sources_, dates_;  // by id - 1
  std::unordered_map<std::string, uint32_t> doc_ids_;   // a claim's doc -> its doc id
  std::vector<std::vector<uint32_t>> doc_claims_;       // by doc id, in ledger order
  // every claim in each order, and the same split by measure
  std::array<std::vector<uint32_t>, kOrders> order_;
  std::array<std::array<std::vector<uint32_t>, kMeasures>, kOrders> order_by_measure_;
  // claims by measure, review state and disagreement: the total of a query filtering on
  // nothing else, known before walking
  std::array<std::array<std::array<size_t, 2>, kReviewStates>, kMeasures> counts_{};
};

}  // namespace tally
