// reconcile: reads what the store holds (documents with their text, claims, names); produces
// events, entities, clusters and timelines across documents (../shared/spec/claims.md,
// "Cross-document output"; the rules and margins are in docs/reconcile.md).
//
//   events     documents that report one incident or one continuing story (events.h); claims
//              are compared only within their event, party, measure and scope
//   entities   one claimant under several spellings is one entity; each merge says why
//   documents  near-duplicates (near-identical text and the same claims) point at their original
//   clusters   one claim re-reported by several outlets is one cluster; a different later
//              figure from the same source is an update, not a member
//   timeline   per event, party, measure and scope: each figure once with the span of dates it
//              stands for, the spread at each date, and each comparison that matters with the
//              rule that decided it (disagreement, update, revision)
//
// Reconcile computes all of it; ResumeReconcile starts from an earlier result and its checkpoint
// when documents were only added, and reworks only the events they touch (docs/reconcile.md,
// "Incremental reconcile").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconcile/claim_table.h"
#include "reconcile/events.h"
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
  // Figures of different sources disagree only when dated within this many days of each other.
  int comparison_window_days = 7;
  EventOptions events;
  // What people decided about entities (review.h), oldest first: merges join the entities of
  // two names, splits keep a name apart. Read from the ledger with the claims.
  std::vector<EntityDecision> entity_decisions;
  // Called as each stage ends ("events", "entities", ...), for --verbose's account of where the
  // time and memory go.
  std::function<void(std::string_view stage)> on_stage;
  // When set, the documents' texts are read from it rather than from the documents given to
  // Reconcile (which may then come without them): it calls each(id, text) once per document,
  // in the documents' order, and throws when it cannot read them.
  std::function<void(const std::function<void(std::string_view id, std::string_view text)>& each)> texts;
  // When set, the names are read from it rather than from the names given to Reconcile (which
  // may then be empty): it calls each once per name, in the order Store::Names() gives them, and
  // throws when it cannot read them. Called before texts (a big ledger has millions of names:
  // they are never all in memory at once).
  std::function<void(const std::function<void(const StoredName& name)>& each)> names;
  // When set, ResumeReconcile reads the added documents' names and texts from these (ids: theirs,
  // sorted) rather than from names and texts, which hand over every document's.
  std::function<void(const std::vector<std::string>& ids, const std::function<void(const StoredName& name)>& each)> names_of;
  std::function<void(const std::vector<std::string>& ids,
                     const std::function<void(std::string_view id, std::string_view text)>& each)>
      texts_of;
};

struct Event {
  std::string id, label;  // label: place, key terms and date span
  std::optional<std::string> place;
  std::vector<std::string> terms;
  std::optional<std::string> first, last;  // date span of its documents and claims
  std::vector<size_t> docs;                // indexes into the documents
  std::vector<size_t> claims;              // indexes into the claims
};

// Where a claim's date came from: the claim's text, its document's date (the claim gave none),
// or nowhere (undated).
enum class DateFrom : uint8_t { kClaim, kDocument, kNone };

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

// One figure of a series, stored once with the span of dates it stands for: from its date
// until its source's next figure (or the revision that supersedes it); open when current.
struct Figure {
  std::string source;                 // source series: the body a spokesperson speaks for, the
                                      // entity name, the source as written, or "unattributed (outlet)"
  std::optional<std::string> person;  // the person who spoke, when the series is their body's
  size_t claim = 0;                   // index into the claims
  std::string from;
  std::optional<std::string> until;
  bool superseded = false;            // a revision replaced it
  // The earlier figures of other sources this one disagrees with (rule intervals_apart), by
  // their claims' indexes: each disagreement is listed once, under its later figure, rather than
  // as a comparison object per pair (in a big event a figure disagrees with most of its week's:
  // 19 million at 100,000 bench articles, hence 32 bits each; Reconcile refuses more claims).
  std::vector<uint32_t> disagrees_with;
};

struct TimelinePoint {
  std::string date;
  std::optional<int64_t> low, best, high;  // over the figures current on date
  bool disagreement = false;               // a figure dated here disagrees with another source's
};

// Why two figures of a series are not rivals, or why they are. Disagreements between dated
// figures are not here but in the later figure's disagrees_with (ForEachDisagreement gives both).
struct Comparison {
  std::string rule;  // see docs/reconcile.md, "Disagreement"
  size_t earlier = 0, later = 0;  // indexes into the claims
  bool disagreement = false;
};

struct Series {
  size_t event = 0;
  std::optional<std::string> party;
  Measure measure;
  Scope scope = Scope::kEvent;
  std::vector<Figure> figures;  // in date order
  std::vector<TimelinePoint> points;
  std::vector<Comparison> comparisons;
  std::vector<size_t> undated;
  std::vector<std::string> checks;  // derived inconsistencies within one source
};

struct Reconciliation {
  std::vector<Event> events;
  std::vector<size_t> doc_event;  // per document
  std::vector<Entity> entities;
  std::vector<DocumentInfo> documents;
  std::vector<Cluster> clusters;
  std::vector<Series> timeline;
  std::vector<std::optional<std::string>> claim_entity;  // per claim
  std::vector<std::optional<std::string>> claim_date;     // per claim, partial dates resolved
  std::vector<DateFrom> claim_date_from;                  // per claim
};

// What a later reconcile resumes from when documents were only added (docs/reconcile.md,
// "Incremental reconcile"): the events stage's model, and what the entities stage and the texts
// decided per claim, so that the earlier documents' names and texts need not be read again.
struct ReconcileCheckpoint {
  EventModel events;
  // per claim: its source's entity, and the entity its figures count for (the body a
  // spokesperson speaks for, else its own); indexes into the entities, kNone when it has none
  static constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> claim_entity, claim_speaker;
  std::vector<uint8_t> claim_framing;  // per claim: how the words before its figure frame it
  // per entity: the roles its people were named with, "" when one was named without
  std::vector<std::vector<std::string>> entity_roles;
};

// The figures of s current on date: each source's latest figure dated on or before it that no
// later figure of its source, and no revision, has replaced.
std::vector<const Figure*> CurrentFigures(const Series& s, const std::string& date);

// Every disagreement of s as (earlier claim, later claim): the figures' disagrees_with and the
// comparisons that are disagreements (an undated claim against a standing figure).
template <typename F>
void ForEachDisagreement(const Series& s, F&& each) {
  for (const Figure& f : s.figures)
    for (size_t earlier : f.disagrees_with) each(earlier, f.claim);
  for (const Comparison& c : s.comparisons)
    if (c.disagreement) each(c.earlier, c.later);
}
size_t DisagreementCount(const Series& s);

// parties_tsv: the parties lexicon (countries and their aliases), to tell which country a
// body speaks for; the other lexicons reconcile reads (function_words, source_nouns,
// figure_framing) are read from the same folder. Throws LexiconError on a malformed file.
// ("U.S. government", "French and German officials"). Documents should carry their text:
// events and the framing of figures ("rose to", "an earlier toll of") are read from it.
// Claims come as their ClaimTable (a vector of StoredClaims converts to one); every index into
// the claims in the result is an index into that table. checkpoint, when given, receives what a
// later ResumeReconcile starts from.
Reconciliation Reconcile(const std::vector<StoredDocument>& docs, const ClaimTable& claims,
                         const std::vector<StoredName>& names, const std::string& parties_tsv,
                         const ReconcileOptions& options = {}, ReconcileCheckpoint* checkpoint = nullptr);

// The reconciliation of docs and claims resumed from earlier (computed, with earlier_checkpoint,
// over the same ledger before the documents `added` were added: indexes into docs; nothing else
// changed) rather than recomputed (docs/reconcile.md, "Incremental reconcile"): the added
// documents join earlier events or open new ones, their names join earlier entities or make new
// ones, and the near-duplicates, clusters and series of the events they touch are computed again;
// every other event's are earlier's. Only the added documents' texts and names are read (from
// options.texts and options.names, or docs and names). Throws std::invalid_argument when earlier
// does not fit docs and claims that way; checkpoint receives what the next resume starts from.
Reconciliation ResumeReconcile(Reconciliation earlier, ReconcileCheckpoint earlier_checkpoint,
                               const std::vector<StoredDocument>& docs, const ClaimTable& claims,
                               const std::vector<size_t>& added, const std::vector<StoredName>& names,
                               const std::string& parties_tsv, const ReconcileOptions& options = {},
                               ReconcileCheckpoint* checkpoint = nullptr);

std::string ReconciliationJson(const Reconciliation& r, const std::vector<StoredDocument>& docs,
                               const ClaimTable& claims);
// The same JSON, handed to write in pieces of about a megabyte as it is built (a big ledger's
// comparisons run to hundreds of megabytes).
void WriteReconciliationJson(const Reconciliation& r, const std::vector<StoredDocument>& docs,
                             const ClaimTable& claims, const std::function<void(std::string_view)>& write);

// Name matching, exposed for tests: a token's consonant skeleton ("Dostoyevsky" -> "tstvsk"),
// and whether two names can be one person's.
std::string NameSkeleton(std::string_view token);
bool SamePersonName(std::string_view a, std::string_view b);

}  // namespace tally
