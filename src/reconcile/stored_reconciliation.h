// stored reconciliation: a reconciliation kept in the ledger with the generation it was computed
// at, so that reconcile, ledger and report reuse it until documents, claims or reviews change
// (a whole reconcile takes minutes on 100,000 articles; reading it back, about a second).
//
// Input:  the documents, claims and names read from a Store in one snapshot, with its generation.
// Output: their Reconciliation: the stored one when this program with these lexicons computed it
//         at that generation, else computed now, and stored when the ledger can be written.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconcile/reconcile.h"
#include "store/store.h"

namespace tally {

// What a reader of a stored reconciliation needs of it: all of it (the reconcile JSON), or all
// but each series' pairs: the figures' disagrees_with and the comparisons are left empty (the
// ledger's rows and the report show points and clusters; at 100,000 bench articles the pairs are
// 19 million claim indexes), or only what the ledger's rows and the report show.
enum class StoredDetail {
  kAll,
  kWithoutPairs,
  // as kWithoutPairs, and also left empty: the events' documents and claims (each document's
  // event, doc_event, is kept: the report's events come from it), the entities' documents and merge reasons (why), the clusters' ids and
  // entities, the figures' persons and the claims' date sources (claim_date_from)
  kShown,
};

// A compact binary form, zlib-compressed. Decode refuses (nullopt) anything malformed and any
// index outside the docs and claims it is read for, whatever detail keeps: a damaged row is
// recomputed, never trusted.
std::string EncodeReconciliation(const Reconciliation& r);
std::optional<Reconciliation> DecodeReconciliation(std::string_view data, size_t docs, size_t claims,
                                                   StoredDetail detail = StoredDetail::kAll);

// What a stored reconciliation is keyed by besides the generation: the program that computed
// it (code_id) and every lexicon file in parties_tsv's folder. Empty when a file cannot be read.
std::string ReconcileKey(const std::string& parties_tsv, std::string_view code_id);

// A fingerprint of the running program's file (xxh64 of /proc/self/exe): a rebuilt tally may
// reconcile differently. Empty when it cannot be read.
std::string ProgramFingerprint();

struct ReconcileReuse {
  bool reused = false;  // read back from the ledger
  bool stored = false;  // computed and stored for the next reader
  std::string why_not_stored;
  bool resumed = false;         // computed by resuming from an earlier stored reconciliation
  std::string why_not_resumed;  // an earlier one was given but did not fit: computed in full
};

// The checkpoint stored beside a reconciliation (ReconcileCheckpoint), in the same compact form.
std::string EncodeCheckpoint(const ReconcileCheckpoint& c);
std::optional<ReconcileCheckpoint> DecodeCheckpoint(std::string_view data);

// A reconciliation stored at an earlier generation, with its checkpoint, and the documents added
// since (indexes into the documents read now): what ResumeReconcile starts from.
struct EarlierReconciliation {
  Reconciliation result;
  ReconcileCheckpoint checkpoint;
  std::vector<size_t> added;
};

// The earlier reconciliation stored under key, when resuming from it is sound: adding documents
// is all that changed since (AgeOfStoredReconciliation), no entity decision is in force (only a
// full run applies them), no more documents were added than the ledger held then, and the
// checkpoint was stored with it. Else nullopt, and why_not says why (--verbose); on success it
// says what was found. docs and claims: as read now in reader's snapshot (rejected claims are
// not counted).
std::optional<EarlierReconciliation> ReadEarlierReconciliation(Store& reader, std::optional<int64_t> generation,
                                                              const std::string& key, const std::vector<StoredDocument>& docs,
                                                              const ClaimTable& claims, bool has_entity_decisions,
                                                              std::string* why_not);

// The reconciliation stored in reader at generation under key, for a ledger of docs documents
// and claims claims; nullopt when there is none (or it is damaged). Read it in the snapshot the
// documents and claims were read in.
std::optional<Reconciliation> ReadStoredReconciliation(Store& reader, std::optional<int64_t> generation,
                                                       const std::string& key, size_t docs, size_t claims,
                                                       StoredDetail detail = StoredDetail::kAll);

// How the reconciliation stored under key relates to the ledger at generation (issue 14,
// incremental reconcile): the generation it was computed at, and, when adding documents is all
// that changed since, which documents were added (what an incremental reconcile would rework;
// Store::DocumentsAddedSince). Read it in the snapshot the documents and claims were read in.
struct StoredReconciliationAge {
  std::optional<int64_t> stored_generation;        // nullopt: none stored under key
  std::optional<int64_t> generation;               // the ledger's now
  std::optional<std::vector<std::string>> added;   // nullopt: other changes, or the ledger cannot tell
  // One line for --verbose: "stored at generation 5; 2 documents added since", ...
  std::string Describe() const;
};
StoredReconciliationAge AgeOfStoredReconciliation(Store& reader, std::optional<int64_t> generation, const std::string& key);

// Reconciles docs, claims and names, read at generation, and stores the result with its
// checkpoint (see below). earlier: resumed from it (ResumeReconcile) when it fits, else computed
// in full and reuse->why_not_resumed says why.
Reconciliation ReconcileAndStore(std::optional<int64_t> generation, const std::string& key,
                                 const std::vector<StoredDocument>& docs, const ClaimTable& claims,
                                 const std::vector<StoredName>& names, const std::string& parties_tsv,
                                 const std::function<Result<std::unique_ptr<Store>>()>& open_writer,
                                 ReconcileReuse* reuse, const ReconcileOptions& options = {},
                                 std::optional<EarlierReconciliation> earlier = std::nullopt);

// The reconciliation of docs, claims and names, read from reader at generation: the stored one,
// else resumed from an earlier one when documents were only added (ReadEarlierReconciliation),
// else computed. An empty key or
// no generation: computed, not stored. open_writer opens the ledger for writing when a fresh
// result is to be stored; a ledger that cannot be written (read-only file or folder) or a
// failed store leaves the result computed, not stored. Throws what Reconcile throws.
Reconciliation ReconcileReusing(Store& reader, std::optional<int64_t> generation, const std::string& key,
                                const std::vector<StoredDocument>& docs, const ClaimTable& claims,
                                const std::vector<StoredName>& names, const std::string& parties_tsv,
                                const std::function<Result<std::unique_ptr<Store>>()>& open_writer,
                                ReconcileReuse* reuse, const ReconcileOptions& options = {});

}  // namespace tally
