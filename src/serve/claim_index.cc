#include "serve/claim_index.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "common/text.h"

namespace tally {
namespace {

// The sort keys, as ClaimQuery::sort names them; an order's index is 1 + 2 * key + descending.
enum class SortKey { kDate, kConfidence, kValue, kPriority };
constexpr SortKey kSortKeys[] = {SortKey::kDate, SortKey::kConfidence, SortKey::kValue, SortKey::kPriority};

size_t OrderOf(const std::string& sort) {
  const bool descending = !sort.empty() && sort[0] == '-';
  const std::string_view key = std::string_view(sort).substr(descending ? 1 : 0);
  const size_t d = descending ? 1 : 0;
  if (key == "date") return 1 + d;
  if (key == "confidence") return 3 + d;
  if (key == "value") return 5 + d;
  if (key == "priority") return 7 + d;
  return 0;  // ledger order ("" and "-")
}

// Whether claim a comes before claim b in an order: by key, ties in ledger order. Undated
// claims come first in ascending date order, last in descending; "priority" is what most needs
// a person first, so its ascending order is the key's descending one.
struct Before {
  const LedgerView& view;
  const std::vector<ClaimIndex::Row>& rows;
  SortKey key;
  bool descending;

  template <typename K>
  bool Compare(const K& ka, const K& kb, size_t a, size_t b) const {
    if (ka < kb) return !descending;
    if (kb < ka) return descending;
    return a < b;
  }
  bool operator()(size_t a, size_t b) const {
    switch (key) {
      case SortKey::kDate: return Compare(rows[a].date, rows[b].date, a, b);
      case SortKey::kConfidence: return Compare(rows[a].confidence, rows[b].confidence, a, b);
      case SortKey::kValue: return Compare(view.claim_value[a], view.claim_value[b], a, b);
      case SortKey::kPriority: return Compare(view.claim_priority[a], view.claim_priority[b], a, b);
    }
    return a < b;
  }
};

Before BeforeFor(const LedgerView& view, const std::vector<ClaimIndex::Row>& rows, size_t order) {
  const SortKey key = kSortKeys[(order - 1) / 2];
  const bool descending = (order - 1) % 2 == 1;
  return Before{view, rows, key, key == SortKey::kPriority ? !descending : descending};
}

// The id of value among the distinct values seen so far (1 on), adding it when new.
uint32_t IdOf(const std::string& value, std::unordered_map<std::string, uint32_t>& ids, std::vector<std::string>& values) {
  auto [it, added] = ids.emplace(value, static_cast<uint32_t>(values.size() + 1));
  if (added) values.push_back(value);
  return it->second;
}

}  // namespace

ClaimIndex::ClaimIndex(const LedgerView& v) {
  const size_t n = v.claims.size();
  if (n > UINT32_MAX) throw std::length_error("a snapshot holds at most 2^32 claims");
  // dates numbered in sorted order
  for (const std::optional<std::string>& d : v.claim_date)
    if (d) dates_.push_back(*d);
  std::sort(dates_.begin(), dates_.end());
  dates_.erase(std::unique(dates_.begin(), dates_.end()), dates_.end());
  std::unordered_map<std::string, uint32_t> party_ids, source_ids;
  rows_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const StoredClaim& sc = v.claims[i];
    const Claim& c = sc.claim;
    Row r{};
    r.confidence = c.confidence;
    auto [doc, added] = doc_ids_.emplace(c.doc, static_cast<uint32_t>(doc_claims_.size()));
    if (added) doc_claims_.emplace_back();
    doc_claims_[doc->second].push_back(static_cast<uint32_t>(i));
    r.doc = doc->second;
    r.party = c.party ? IdOf(*c.party, party_ids, parties_) : 0;
    r.source = c.source ? IdOf(*c.source, source_ids, sources_) : 0;
    if (const std::optional<std::string>& d = v.claim_date[i])
      r.date = static_cast<uint32_t>(std::lower_bound(dates_.begin(), dates_.end(), *d) - dates_.begin() + 1);
    r.measure = c.measure;
    r.scope = c.scope;
    r.review = sc.review;
    r.disagreement = v.claim_disagreement[i];
    rows_.push_back(r);
    ++counts_[static_cast<size_t>(r.measure)][static_cast<size_t>(r.review)][r.disagreement];
  }
  for (size_t o = 0; o < kOrders; ++o) {
    std::vector<uint32_t>& order = order_[o];
    order.resize(n);
    for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
    if (o > 0) std::sort(order.begin(), order.end(), BeforeFor(v, rows_, o));
    for (uint32_t i : order) order_by_measure_[o][static_cast<size_t>(rows_[i].measure)].push_back(i);
  }
}

// A query made ready for testing rows: the string filters decided once per distinct value.
struct ClaimIndex::Filter {
  const ClaimQuery& q;
  bool nothing = false;  // a doc no claim has
  std::vector<char> party_ok, source_ok, date_ok;  // by id; [0] (none) false

  bool Passes(const Row& r) const {
    if (q.measure && r.measure != *q.measure) return false;
    if (q.scope && r.scope != *q.scope) return false;
    if (!party_ok.empty() && !party_ok[r.party]) return false;
    if (!source_ok.empty() && !source_ok[r.source]) return false;
    if (q.min_confidence && r.confidence < *q.min_confidence) return false;
    if (q.max_confidence && r.confidence > *q.max_confidence) return false;
    // rejected claims are out of the ledger: listed only when asked for
    if (q.review ? r.review != *q.review : r.review == ReviewState::kRejected) return false;
    if (q.disagreement && r.disagreement != *q.disagreement) return false;
    if (!date_ok.empty() && !date_ok[r.date]) return false;
    return true;
  }
};

// If this fails, ClaimQuery has a new field: teach Compile, Passes and the known total in Find
// about it (and tests/claim_index_test.cc's reference scan).
#if defined(__x86_64__) && defined(__GLIBCXX__)
static_assert(sizeof(ClaimQuery) == 280, "ClaimQuery changed: see the comment above");
#endif

ClaimIndex::Filter ClaimIndex::Compile(const ClaimQuery& q) const {
  Filter f{q, false, {}, {}, {}};
  if (q.party) {
    const std::string lowered = AsciiLowerCopy(*q.party);
    f.party_ok.assign(parties_.size() + 1, 0);
    for (size_t id = 1; id <= parties_.size(); ++id) f.party_ok[id] = EqualsAsciiFolded(parties_[id - 1], lowered);
  }
  if (q.source) {
    const std::string lowered = AsciiLowerCopy(*q.source);
    f.source_ok.assign(sources_.size() + 1, 0);
    for (size_t id = 1; id <= sources_.size(); ++id) f.source_ok[id] = ContainsAsciiFolded(sources_[id - 1], lowered);
  }
  if (q.from || q.to) {
    // ISO dates compare as strings; a partial date ("2024-03") sorts before its days
    f.date_ok.assign(dates_.size() + 1, 0);
    for (size_t id = 1; id <= dates_.size(); ++id) {
      const std::string& date = dates_[id - 1];
      f.date_ok[id] = !(q.from && date < *q.from) && !(q.to && date.compare(0, q.to->size(), *q.to) > 0);
    }
  }
  if (q.doc && !doc_ids_.count(*q.doc)) f.nothing = true;
  return f;
}

std::vector<size_t> ClaimIndex::Find(const LedgerView& view, const ClaimQuery& q, const Page& page, size_t* total) const {
  const Filter f = Compile(q);
  const size_t order = OrderOf(q.sort);
  const size_t end = page.limit >= SIZE_MAX - page.offset ? SIZE_MAX : page.offset + page.limit;
  std::vector<size_t> out;
  if (f.nothing) {
    *total = 0;
    return out;
  }
  if (q.doc) {
    // a document's claims are few: filter them, then sort as far as the page needs
    std::vector<size_t> hits;
    for (uint32_t i : doc_claims_[doc_ids_.at(*q.doc)])
      if (f.Passes(rows_[i])) hits.push_back(i);
    *total = hits.size();
    const size_t needed = std::min(end, hits.size());
    if (order > 0) std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(needed), hits.end(), BeforeFor(view, rows_, order));
    if (page.offset < needed) out.assign(hits.begin() + static_cast<std::ptrdiff_t>(page.offset), hits.begin() + static_cast<std::ptrdiff_t>(needed));
    return out;
  }
  // Filtering on nothing but measure, review state and disagreement: the total is known, and
  // the walk stops when the page is full.
  std::optional<size_t> known;
  if (!q.scope && !q.party && !q.source && !q.from && !q.to && !q.min_confidence && !q.max_confidence) {
    known = 0;
    for (size_t m = 0; m < kMeasures; ++m) {
      if (q.measure && m != static_cast<size_t>(*q.measure)) continue;
      for (size_t s = 0; s < kReviewStates; ++s) {
        const auto state = static_cast<ReviewState>(s);
        if (q.review ? state != *q.review : state == ReviewState::kRejected) continue;
        for (size_t d = 0; d < 2; ++d)
          if (!q.disagreement || *q.disagreement == (d == 1)) *known += counts_[m][s][d];
      }
    }
  }
  const std::vector<uint32_t>& walk = q.measure ? order_by_measure_[order][static_cast<size_t>(*q.measure)] : order_[order];
  size_t matched = 0, k = 0;
  for (; k < walk.size() && matched < end; ++k) {
    const uint32_t i = walk[k];
    if (!f.Passes(rows_[i])) continue;
    if (matched >= page.offset) out.push_back(i);
    ++matched;
  }
  if (!known)  // past the page: only counting
    for (; k < walk.size(); ++k) matched += f.Passes(rows_[walk[k]]);
  *total = known ? *known : matched;
  return out;
}

}  // namespace tally
