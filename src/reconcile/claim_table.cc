#include "reconcile/claim_table.h"

namespace tally {

// The point of the record: a few ids and values, not a claim's strings (docs/performance.md).
static_assert(sizeof(ClaimRecord) <= 72, "a claim's record grew");

ClaimTable::ClaimTable(const std::vector<StoredClaim>& claims) {
  records_.reserve(claims.size());
  for (const StoredClaim& sc : claims) Add(sc);
}

void ClaimTable::Add(const StoredClaim& sc) {
  const Claim& c = sc.claim;
  auto optional = [&](const std::optional<std::string>& s) { return s ? strings_.Id(*s) : ClaimRecord::kNone; };
  ClaimRecord r;
  r.id = sc.id;
  r.has_low = c.value.low.has_value();
  r.has_high = c.value.high.has_value();
  r.has_best = c.value.best.has_value();
  r.low = c.value.low.value_or(0);
  r.high = c.value.high.value_or(0);
  r.best = c.value.best.value_or(0);
  r.doc = strings_.Id(c.doc);
  r.text = strings_.Id(c.text);
  r.party = optional(c.party);
  r.location = optional(c.location);
  r.source = optional(c.source);
  r.source_role = optional(c.source_role);
  r.date = optional(c.date);
  if (!c.evidence.empty()) r.figure_at = c.evidence[0].begin;
  r.measure = c.measure;
  r.qualifier = c.qualifier;
  r.scope = c.scope;
  r.review = sc.review;
  records_.push_back(r);
}

}  // namespace tally
