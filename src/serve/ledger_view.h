// The ledger as the API serves it: read in one snapshot, reviewed and reconciled once, then
// shared read-only by every request until the ledger's generation changes (so requests never
// wait on the database or on a running ingest, and listing 100,000 claims walks indexes built
// with the snapshot).
//
// Input:  a ledger (SQLite path or PostgreSQL URI) and the parties lexicon (reconcile).
// Output: a LedgerView; FindClaims and FindDocuments answer the list endpoints' queries on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "reconcile/reconcile.h"
#include "review/review.h"
#include "tally/pipeline.h"
#include "store/store.h"

namespace tally {

class ClaimIndex;

struct LedgerView {
  // the ledger's generation (Store::Generation) in the snapshot read: the view holds while the
  // ledger's stays the same; nullopt when the ledger counts none (always read again)
  std::optional<int64_t> generation;
  std::vector<StoredDocument> docs;  // with text
  std::vector<StoredClaim> claims;   // reviewed values; rejected claims kept, marked
  std::vector<Toll> tolls;
  std::vector<Review> reviews;       // oldest first
  std::vector<AuditRow> audit;       // oldest first
  std::unordered_map<int64_t, Claim> extracted;  // by claim id, as extracted: claims a review names
  // reconcile saw the claims not rejected; per claim: its cluster (index into
  // reconciliation.clusters), resolved date, and whether a figure of it disagrees
  Reconciliation reconciliation;
  std::vector<std::optional<size_t>> claim_cluster;
  std::vector<std::optional<std::string>> claim_date;
  std::vector<bool> claim_disagreement;
  std::vector<std::optional<size_t>> claim_reconciled;  // index among the claims reconcile saw
  std::vector<int64_t> claim_value;                     // sort keys: best (or high) value, -1 for none
  std::vector<double> claim_priority;                   // what most needs a person, higher first
  std::unordered_map<int64_t, size_t> claim_by_id;
  std::unordered_map<std::string, size_t> doc_by_id;
  std::vector<size_t> doc_claim_count;
  // the reconciliation's parts, each a JSON array (serve/ledger_view.cc says what they hold)
  std::string entities_json, clusters_json, timeline_json, events_json;
  // built last, from the fields above (serve/claim_index.h): what FindClaims answers from
  std::shared_ptr<const ClaimIndex> claim_index;
};

// The claim at index i as the extractor stored it (before any review).
const Claim& ExtractedClaim(const LedgerView& view, size_t i);

// Reads db (read-only) in one snapshot and reconciles it. With pipeline, the tolls of documents
// whose claims a person rejected or corrected are computed again from the reviewed claims
// (review/reviewed_tolls.h); without, they are as stored.
Result<std::shared_ptr<const LedgerView>> LoadLedgerView(const std::string& db, const std::string& parties_tsv,
                                                         const Pipeline* pipeline = nullptr);

struct Page {
  size_t offset = 0, limit = 50;
};
constexpr size_t kMaxPage = 1000;  // the largest page a request may ask for
constexpr Page kEverything{0, SIZE_MAX};

struct ClaimQuery {
  std::optional<Measure> measure;
  std::optional<Scope> scope;
  std::optional<std::string> party, source, doc;  // party exact, source a part, both any case
  std::optional<std::string> from, to;            // the claim's resolved date, ISO, inclusive
  std::optional<double> min_confidence, max_confidence;
  std::optional<ReviewState> review;
  std::optional<bool> disagreement;
  // "" (ledger order), "date", "confidence", "value", "priority" (what most needs a person:
  // unreviewed or flagged, low confidence, disagreement, high figures); "-" before: descending
  std::string sort;
};

struct DocumentQuery {
  std::optional<std::string> text, outlet;  // text: a part of the title or text, any case
  std::optional<std::string> from, to;      // the document's date, inclusive
};

// Indexes into view.claims / view.docs matching q, sorted; *total is the count before paging.
std::vector<size_t> FindClaims(const LedgerView& view, const ClaimQuery& q, const Page& page, size_t* total);
std::vector<size_t> FindDocuments(const LedgerView& view, const DocumentQuery& q, const Page& page, size_t* total);

// The sort keys FindClaims knows, for validating a request.
bool KnownClaimSort(const std::string& sort);

}  // namespace tally
