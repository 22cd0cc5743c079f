#include "serve/ledger_view.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "common/json.h"
#include "common/text.h"
#include "review/reviewed_tolls.h"
#include "serve/claim_index.h"

namespace tally {
namespace {

// The reconciliation's parts, each written once per snapshot. Claims are named by their ids;
// a series gives its points, not its pairwise comparisons (on a large ledger those run to a
// gigabyte of JSON; tally reconcile prints them).
void WriteReconciliation(const std::vector<StoredClaim>& kept, LedgerView* view) {
  const Reconciliation& r = view->reconciliation;
  JsonArray entities(&view->entities_json);
  for (const Entity& e : r.entities) {
    JsonObject o(entities.Next());
    o.Field("id", e.id).Field("name", e.name).Field("person", e.person).Field("variants", e.variants);
    o.Field("docs", e.docs).Field("why", e.why);
    o.Close();
  }
  entities.Close();
  JsonArray clusters(&view->clusters_json);
  for (const Cluster& c : r.clusters) {
    JsonObject o(clusters.Next());
    o.Field("id", c.id).Field("measure", MeasureName(c.measure)).Field("party", c.party).Field("source", c.source);
    o.Field("entity", c.entity).Field("outlets", static_cast<int64_t>(c.outlets));
    JsonArray members(o.Raw("claims"));
    for (size_t m : c.members) members.Int(kept[m].id);
    members.Close();
    o.Close();
  }
  clusters.Close();
  JsonArray events(&view->events_json);
  for (const Event& e : r.events) {
    JsonObject o(events.Next());
    o.Field("id", e.id).Field("label", e.label).Field("place", e.place).Field("terms", e.terms);
    o.Field("first", e.first).Field("last", e.last);
    o.Field("documents", static_cast<int64_t>(e.docs.size())).Field("claims", static_cast<int64_t>(e.claims.size()));
    o.Close();
  }
  events.Close();
  JsonArray timeline(&view->timeline_json);
  for (const Series& s : r.timeline) {
    JsonObject o(timeline.Next());
    o.Field("event", r.events.empty() ? std::string() : r.events[s.event].id);
    o.Field("party", s.party).Field("measure", MeasureName(s.measure)).Field("scope", ScopeName(s.scope));
    o.Field("figures", static_cast<int64_t>(s.figures.size()));
    o.Field("disagreements", static_cast<int64_t>(DisagreementCount(s)));
    JsonArray points(o.Raw("points"));
    for (const TimelinePoint& p : s.points) {
      JsonObject po(points.Next());
      po.Field("date", p.date).Field("low", p.low).Field("best", p.best).Field("high", p.high).Field("disagreement", p.disagreement);
      po.Close();
    }
    points.Close();
    o.Close();
  }
  timeline.Close();
}

void KeepExtracted(const std::vector<StoredClaim>& claims, const std::vector<Review>& reviews, LedgerView* view) {
  std::unordered_set<std::string> keys;
  for (const Review& r : reviews) keys.insert(TargetName(r.key));
  for (const StoredClaim& sc : claims)
    if (keys.count(TargetName(KeyOf(sc.claim)))) view->extracted.emplace(sc.id, sc.claim);
}

void IndexClaims(LedgerView& v, const std::vector<size_t>& reconciled) {
  const size_t n = v.claims.size();
  v.claim_cluster.assign(n, std::nullopt);
  v.claim_date.assign(n, std::nullopt);
  v.claim_disagreement.assign(n, false);
  v.claim_reconciled.assign(n, std::nullopt);
  v.doc_claim_count.assign(v.docs.size(), 0);
  for (size_t d = 0; d < v.docs.size(); ++d) v.doc_by_id[v.docs[d].id] = d;
  for (size_t i = 0; i < n; ++i) {
    v.claim_by_id[v.claims[i].id] = i;
    v.claim_date[i] = v.claims[i].claim.date;
    if (auto d = v.doc_by_id.find(v.claims[i].claim.doc); d != v.doc_by_id.end()) ++v.doc_claim_count[d->second];
  }
  const Reconciliation& r = v.reconciliation;
  for (size_t k = 0; k < reconciled.size(); ++k) {
    v.claim_reconciled[reconciled[k]] = k;
    if (k < r.claim_date.size() && r.claim_date[k]) v.claim_date[reconciled[k]] = r.claim_date[k];
  }
  for (size_t c = 0; c < r.clusters.size(); ++c)
    for (size_t m : r.clusters[c].members) v.claim_cluster[reconciled[m]] = c;
  for (const Series& s : r.timeline)
    ForEachDisagreement(s, [&](size_t earlier, size_t later) {
      v.claim_disagreement[reconciled[earlier]] = v.claim_disagreement[reconciled[later]] = true;
    });
}

// What most needs a person: higher first.
double ReviewPriority(const LedgerView& v, size_t i) {
  const StoredClaim& sc = v.claims[i];
  double p = 1.0 - sc.claim.confidence;
  if (v.claim_disagreement[i]) p += 1.0;
  if (sc.review == ReviewState::kFlagged) p += 2.0;
  else if (sc.review != ReviewState::kUnreviewed) p -= 3.0;
  const int64_t best = sc.claim.value.best.value_or(sc.claim.value.high.value_or(0));
  if (best > 0) p += std::log10(static_cast<double>(best) + 1) / 6.0;
  return p;
}

std::vector<size_t> PageOf(std::vector<size_t> hits, const Page& page, size_t* total) {
  *total = hits.size();
  const size_t from = std::min(page.offset, hits.size());
  const size_t to = page.limit >= hits.size() - from ? hits.size() : from + page.limit;
  return std::vector<size_t>(hits.begin() + static_cast<std::ptrdiff_t>(from), hits.begin() + static_cast<std::ptrdiff_t>(to));
}

}  // namespace

Result<std::shared_ptr<const LedgerView>> LoadLedgerView(const std::string& db, const std::string& parties_tsv,
                                                         const Pipeline* pipeline) {
  Result<std::unique_ptr<Store>> store = OpenStore(db, OpenMode::kReadOnly);
  if (!store.ok()) return store.status();
  auto view = std::make_shared<LedgerView>();
  std::vector<StoredName> names;
  ReconcileOptions reconcile_options;
  if (Status s = (*store)->BeginRead(); !s.ok()) return s;
  Status read = [&]() -> Status {
    auto generation = (*store)->Generation();
    if (!generation.ok()) return generation.status();
    view->generation = *generation;
    auto docs = (*store)->Documents(true);
    if (!docs.ok()) return docs.status();
    auto claims = (*store)->Claims(ClaimReading::kExtracted);
    if (!claims.ok()) return claims.status();
    auto read_names = (*store)->Names();
    if (!read_names.ok()) return read_names.status();
    auto tolls = (*store)->Tolls();
    if (!tolls.ok()) return tolls.status();
    auto reviews = (*store)->Reviews();
    if (!reviews.ok()) return reviews.status();
    auto audit = (*store)->Audit();
    if (!audit.ok()) return audit.status();
    auto decisions = (*store)->EntityDecisions();
    if (!decisions.ok()) return decisions.status();
    reconcile_options.entity_decisions = std::move(*decisions);
    view->docs = std::move(*docs);
    KeepExtracted(*claims, *reviews, view.get());
    view->claims = ApplyReviews(std::move(*claims), *reviews, true);
    names = std::move(*read_names);
    view->tolls = std::move(*tolls);
    view->reviews = std::move(*reviews);
    view->audit = std::move(*audit);
    return Status::Ok();
  }();
  (*store)->EndRead();
  if (!read.ok()) return read;
  if (pipeline) view->tolls = ReviewedTolls(*pipeline, view->docs, view->claims, std::move(view->tolls));
  // reconcile what is in the ledger: everything but the rejected claims
  std::vector<size_t> reconciled;
  std::vector<StoredClaim> kept;
  for (size_t i = 0; i < view->claims.size(); ++i)
    if (view->claims[i].review != ReviewState::kRejected) {
      reconciled.push_back(i);
      kept.push_back(view->claims[i]);
    }
  try {
    view->reconciliation = Reconcile(view->docs, kept, names, parties_tsv, reconcile_options);
  } catch (const std::exception& e) {
    return Status::InvalidInput(e.what());
  }
  WriteReconciliation(kept, view.get());
  IndexClaims(*view, reconciled);
  for (size_t i = 0; i < view->claims.size(); ++i) {
    const Interval& value = view->claims[i].claim.value;
    view->claim_value.push_back(value.best.value_or(value.high.value_or(-1)));
    view->claim_priority.push_back(ReviewPriority(*view, i));
  }
  view->claim_index = std::make_shared<const ClaimIndex>(*view);
  return std::shared_ptr<const LedgerView>(std::move(view));
}

const Claim& ExtractedClaim(const LedgerView& view, size_t i) {
  auto it = view.extracted.find(view.claims[i].id);
  return it == view.extracted.end() ? view.claims[i].claim : it->second;
}

bool KnownClaimSort(const std::string& sort) {
  const std::string key = !sort.empty() && sort[0] == '-' ? sort.substr(1) : sort;
  return key.empty() || key == "date" || key == "confidence" || key == "value" || key == "priority";
}

std::vector<size_t> FindClaims(const LedgerView& view, const ClaimQuery& q, const Page& page, size_t* total) {
  return view.claim_index->Find(view, q, page, total);
}

std::vector<size_t> FindDocuments(const LedgerView& view, const DocumentQuery& q, const Page& page, size_t* total) {
  std::optional<std::string> text_lower, outlet_lower;
  if (q.text) text_lower = AsciiLowerCopy(*q.text);
  if (q.outlet) outlet_lower = AsciiLowerCopy(*q.outlet);
  std::vector<size_t> hits;
  for (size_t i = 0; i < view.docs.size(); ++i) {
    const StoredDocument& d = view.docs[i];
    if (outlet_lower && !EqualsAsciiFolded(d.outlet, *outlet_lower)) continue;
    if (q.from && (d.date.empty() || d.date < *q.from)) continue;
    if (q.to && (d.date.empty() || d.date.compare(0, q.to->size(), *q.to) > 0)) continue;
    if (text_lower && !ContainsAsciiFolded(d.title, *text_lower) && !ContainsAsciiFolded(d.text, *text_lower)) continue;
    hits.push_back(i);
  }
  return PageOf(std::move(hits), page, total);
}

}  // namespace tally
