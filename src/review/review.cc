#include "review/review.h"

#include <array>

#include "common/json.h"

namespace tally {
namespace {

constexpr std::array<std::string_view, 3> kActionNames = {"accept", "reject", "correct"};
constexpr std::array<std::string_view, 2> kEntityActionNames = {"merge", "split"};
constexpr std::array<std::string_view, 5> kStateNames = {"unreviewed", "accepted", "corrected", "rejected", "flagged"};

std::string OptIntText(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string("-"); }
std::string OptText(const std::optional<std::string>& v) { return v ? *v : std::string("\x1f"); }

// "" clears a field; anything else replaces it.
void Replace(std::optional<std::string>* field, const std::optional<std::string>& with) {
  if (!with) return;
  if (with->empty()) field->reset();
  else *field = *with;
}

}  // namespace

std::string_view ReviewActionName(ReviewAction a) { return kActionNames[static_cast<size_t>(a)]; }
std::optional<ReviewAction> ReviewActionFromName(std::string_view name) {
  for (size_t i = 0; i < kActionNames.size(); ++i)
    if (kActionNames[i] == name) return static_cast<ReviewAction>(i);
  return std::nullopt;
}
std::string_view EntityActionName(EntityAction a) { return kEntityActionNames[static_cast<size_t>(a)]; }
std::optional<EntityAction> EntityActionFromName(std::string_view name) {
  for (size_t i = 0; i < kEntityActionNames.size(); ++i)
    if (kEntityActionNames[i] == name) return static_cast<EntityAction>(i);
  return std::nullopt;
}
std::string_view ReviewStateName(ReviewState s) { return kStateNames[static_cast<size_t>(s)]; }
std::optional<ReviewState> ReviewStateFromName(std::string_view name) {
  for (size_t i = 0; i < kStateNames.size(); ++i)
    if (kStateNames[i] == name) return static_cast<ReviewState>(i);
  return std::nullopt;
}

ClaimKey KeyOf(const Claim& claim) {
  ClaimKey k{claim.doc, 0, 0, claim.measure};
  if (!claim.evidence.empty()) {
    k.begin = claim.evidence[0].begin;
    k.end = claim.evidence[0].end;
  }
  return k;
}

bool operator==(const ClaimKey& a, const ClaimKey& b) {
  return a.doc == b.doc && a.begin == b.begin && a.end == b.end && a.measure == b.measure;
}

bool Correction::empty() const {
  return !measure && !value && !qualifier && !source && !party && !date && !scope;
}

std::string Fingerprint(const Claim& c) {
  // fields joined by a control character that no article text holds (ingest keeps text as is,
  // but these fields come from names and dates, never from raw bytes with U+001F)
  std::string s(MeasureName(c.measure));
  for (const std::string& part : {OptIntText(c.value.low), OptIntText(c.value.high), OptIntText(c.value.best),
                                  std::string(QualifierName(c.qualifier)), OptText(c.source), OptText(c.party),
                                  OptText(c.date), std::string(ScopeName(c.scope))}) {
    s += '\x1e';
    s += part;
  }
  return s;
}

std::string ReviewableJson(const Claim& c) {
  std::string out;
  JsonObject o(&out);
  o.Field("measure", MeasureName(c.measure));
  o.Field("low", c.value.low).Field("high", c.value.high).Field("best", c.value.best);
  o.Field("qualifier", QualifierName(c.qualifier));
  o.Field("source", c.source).Field("party", c.party).Field("date", c.date);
  o.Field("scope", ScopeName(c.scope));
  o.Close();
  return out;
}

Claim Corrected(Claim c, const Correction& k) {
  if (k.measure) c.measure = *k.measure;
  if (k.value) c.value = *k.value;
  if (k.qualifier) c.qualifier = *k.qualifier;
  Replace(&c.source, k.source);
  Replace(&c.party, k.party);
  Replace(&c.date, k.date);
  if (k.scope) c.scope = *k.scope;
  return c;
}

ReviewState ApplyReview(const Review& r, Claim* claim) {
  if (r.action == ReviewAction::kReject) return ReviewState::kRejected;
  const std::string now_extracted = Fingerprint(*claim);
  const bool changed = now_extracted != r.extracted;
  if (r.action == ReviewAction::kAccept) return changed ? ReviewState::kFlagged : ReviewState::kAccepted;
  *claim = Corrected(std::move(*claim), r.correction);
  // the extractor changed its reading since the review: a person decides again, unless the new
  // reading already is what the reviewer decided
  if (changed && now_extracted != Fingerprint(*claim)) return ReviewState::kFlagged;
  return ReviewState::kCorrected;
}

std::string TargetName(const ClaimKey& k) {
  return "claim " + k.doc + "@" + std::to_string(k.begin) + "-" + std::to_string(k.end) + "/" +
         std::string(MeasureName(k.measure));
}

std::string TargetName(const EntityDecision& d) {
  if (d.action == EntityAction::kMerge) return "entities " + d.name + " + " + d.other;
  return "entity " + d.name;
}

}  // namespace tally
