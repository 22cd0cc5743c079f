// reconcile: reads what the store holds (documents, claims, names); produces entities,
// clusters and timelines across documents (../shared/spec/claims.md, "Cross-document output";
// the rules and margins are in docs/reconcile.md).
//
//   entities   one claimant under several spellings is one entity; each merge says why
//   documents  near-duplicates (SimHash over word shingles) point at their original
//   clusters   one claim re-reported by several outlets is one cluster; a different later
//              figure from the same source is an update, not a member
//   timeline   per party and measure, each source's current figure at each date, the spread
//              across sources and whether they disagree; undated claims set apart
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace tally {

struct ReconcileOptions {
  // Two figures are the same claim when their best values differ by at most this fraction.
  double same_value_margin = 0.10;
  // Re-reports fall within this many days of each other.
  int same_claim_days = 7;
  // Documents whose SimHashes differ in at most this many of 64 bits are near-duplicates: a
  // republished copy with other furniture and a paragraph cut differs in about 8, unrelated
  // articles in about 32.
  int near_duplicate_bits = 10;
};

struct Entity {
  std::string id, name;
  bool person = false;
  std::vector<std::string> variants;
  std::vector<std::string> docs;
  std::vector<std::string> why;  // one line per merge
};

struct DocumentInfo {
  std::string id, outlet;  // outlet: the document's, its URL host, or its id
  std::optional<std::string> near_duplicate_of;
};

struct Cluster {
  std::string id;
  Measure measure;
  std::optional<std::string> party, source, entity;
  int outlets = 0;
  std::vector<size_t> members;  // indexes into the claims given to Reconcile
};

struct Figure {
  std::string source;  // entity name, source as written, or "unattributed (outlet)"
  size_t claim = 0;    // index into the claims
};

struct TimelinePoint {
  std::string date;
  std::vector<Figure> figures;
  std::optional<int64_t> low, best, high;
  bool disagreement = false;
};

struct Series {
  std::optional<std::string> party;
  Measure measure;
  std::vector<TimelinePoint> points;
  std::vector<size_t> undated;
  std::vector<std::string> checks;  // derived inconsistencies within one source
};

struct Reconciliation {
  std::vector<Entity> entities;
  std::vector<DocumentInfo> documents;
  std::vector<Cluster> clusters;
  std::vector<Series> timeline;
  std::vector<std::optional<std::string>> claim_entity;  // per claim
  std::vector<std::optional<std::string>> claim_date;     // per claim, partial dates resolved
};

// parties_tsv: the parties lexicon (countries and their aliases), to tell which country a
// body speaks for ("U.S. government", "US and South Korean officials").
Reconciliation Reconcile(const std::vector<StoredDocument>& docs, const std::vector<StoredClaim>& claims,
                         const std::vector<StoredName>& names, const std::string& parties_tsv,
                         const ReconcileOptions& options = {});

std::string ReconciliationJson(const Reconciliation& r, const std::vector<StoredDocument>& docs,
                               const std::vector<StoredClaim>& claims);

// Name matching, exposed for tests: a token's consonant skeleton ("Dostoyevsky" -> "tstvsk"),
// and whether two names can be one person's.
std::string NameSkeleton(std::string_view token);
bool SamePersonName(std::string_view a, std::string_view b);

}  // namespace tally
