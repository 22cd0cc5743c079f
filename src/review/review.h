// review: what a person decided about an extracted claim, and what that does to the claim.
//
// Input:  a claim as extracted, and the latest Review of its key (if any).
// Output: the claim as reviewed (a correction replaces fields, a rejection drops the claim) and
//         its ReviewState; AuditRows, one per decision, that say who changed what from what.
// A review is keyed to the claim's document, first evidence span and extracted measure, never to
// a row id: re-ingesting a document with a newer extractor makes new rows but keeps the key, so
// the review still applies. When the new extraction differs from what the reviewer saw, and from
// what the reviewer decided, the claim is flagged for a person again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/claim.h"

namespace tally {

enum class ReviewAction : uint8_t { kAccept, kReject, kCorrect };
enum class ReviewState : uint8_t { kUnreviewed, kAccepted, kCorrected, kRejected, kFlagged };

std::string_view ReviewActionName(ReviewAction a);  // "accept", "reject", "correct"
std::optional<ReviewAction> ReviewActionFromName(std::string_view name);
std::string_view ReviewStateName(ReviewState s);    // "unreviewed", "accepted", ...
std::optional<ReviewState> ReviewStateFromName(std::string_view name);

// What a review is attached to: stable across re-extraction of the same text.
struct ClaimKey {
  std::string doc;
  uint32_t begin = 0, end = 0;  // the claim's first evidence span
  Measure measure = Measure::kOther;  // as extracted: a document span can hold two measures
};
ClaimKey KeyOf(const Claim& claim);
bool operator==(const ClaimKey& a, const ClaimKey& b);

// The fields a reviewer may correct; unset ones are left as extracted. An empty string for
// source, party or date clears the field.
struct Correction {
  std::optional<Measure> measure;
  std::optional<Interval> value;
  std::optional<Qualifier> qualifier;
  std::optional<std::string> source, party, date;
  std::optional<Scope> scope;
  bool empty() const;
};

struct Review {
  int64_t id = 0;
  ClaimKey key;
  ReviewAction action = ReviewAction::kAccept;
  Correction correction;  // kCorrect only
  std::string note, reviewer, at;
  std::string extracted;  // Fingerprint() of the claim the reviewer saw
};

// One row of the audit log: every decision, never overwritten.
struct AuditRow {
  int64_t id = 0;
  std::string at, who, action, target;  // target: "claim DOC@BEGIN-END/MEASURE"
  std::string before, after;            // JSON objects of the reviewable fields
  std::string note;
};

// What a person decided about reconcile's entities (its joins of names across documents). Keyed
// by names, never by entity ids (reconcile numbers entities afresh on every run): a merge joins
// the entities holding name and other; a split keeps name apart from every entity it would join.
// Appended, never overwritten; reconcile applies them oldest first, so a later decision about a
// name wins (a split drops the earlier merges of its name; a merge joins a split name again).
enum class EntityAction : uint8_t { kMerge, kSplit };
std::string_view EntityActionName(EntityAction a);  // "merge", "split"
std::optional<EntityAction> EntityActionFromName(std::string_view name);

struct EntityDecision {
  int64_t id = 0;
  EntityAction action = EntityAction::kMerge;
  std::string name;   // merge: one entity's name; split: the name kept apart
  std::string other;  // merge: the other entity's name; split: the entity it was split from (for the record)
  std::string note, reviewer, at;
};

// "entities NAME + OTHER" (merge), "entity NAME" (split)
std::string TargetName(const EntityDecision& decision);

// The reviewable fields of claim, in one comparable string.
std::string Fingerprint(const Claim& claim);
// The reviewable fields of claim as one JSON object (for audit rows).
std::string ReviewableJson(const Claim& claim);
// claim with correction's fields in place of its own.
Claim Corrected(Claim claim, const Correction& correction);
// Applies review (made for this claim's key) to *claim and says what state it leaves it in.
// Rejected claims keep their extracted fields; callers drop or show them.
ReviewState ApplyReview(const Review& review, Claim* claim);
// "claim DOC@BEGIN-END/MEASURE"
std::string TargetName(const ClaimKey& key);

}  // namespace tally
