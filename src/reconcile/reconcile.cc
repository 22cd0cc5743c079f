#include "reconcile/reconcile.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <numeric>
#include <set>

#include "common/json.h"
#include "common/lexicon.h"
#include "common/text.h"
#include "common/calendar.h"
#include "reconcile/names.h"

namespace tally {
namespace {

// ---- union-find over local names ---------------------------------------------------------

struct Local {
  std::string doc, name, role;
  bool person = false;
  std::set<std::string> variants;
};

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t Find(size_t x) { return parent[x] == x ? x : parent[x] = Find(parent[x]); }
  void Join(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

std::string Normal(std::string_view s) {
  std::string out;
  for (const std::string& t : NameTokens(s))
    if (t != "the") out += (out.empty() ? "" : " ") + t;
  return out;
}

// The family name, for a short variant: the first word of "Park Min-kyu" (a family name
// before a hyphenated given name), the last word otherwise.
std::string FamilyName(const std::string& name) {
  std::vector<std::string> words;
  size_t at = 0;
  while (at < name.size()) {
    size_t sp = name.find(' ', at);
    if (sp == std::string::npos) sp = name.size();
    if (sp > at) words.push_back(name.substr(at, sp - at));
    at = sp + 1;
  }
  if (words.size() < 2) return {};
  if (words.size() == 2 && words[1].find('-') != std::string::npos) return words[0];
  return words.back();
}

std::set<std::string> RoleWords(const std::string& role) {
  std::set<std::string> out;
  for (const std::string& t : NameTokens(role))
    if (t.size() > 2 && t != "the" && t != "and" && t != "for") out.insert(t);
  return out;
}

// ---- values, dates, outlets ----------------------------------------------------------------

struct Reading {
  double low, high;
};

// How a figure is read when comparing sources (docs/reconcile.md): approximate figures widened
// by 15%, open-ended ones bounded at twice (or half) their figure.
Reading ReadingOf(const Claim& c) {
  constexpr double kApprox = 0.15, kOpenFactor = 2.0;
  const double best = static_cast<double>(c.value.best.value_or(0));
  switch (c.qualifier) {
    case Qualifier::kExact: return {best, best};
    case Qualifier::kApprox: return {best * (1 - kApprox), best * (1 + kApprox)};
    case Qualifier::kAtLeast:
    case Qualifier::kMoreThan: return {best, best * kOpenFactor};
    case Qualifier::kLessThan: return {best * (1 - kApprox), best};
    case Qualifier::kAtMost: return {best / kOpenFactor, best};
    case Qualifier::kRange:
    case Qualifier::kVague:
      return {static_cast<double>(c.value.low.value_or(0)), static_cast<double>(c.value.high.value_or(c.value.low.value_or(0)))};
  }
  return {best, best};
}

bool Overlap(const Reading& a, const Reading& b) { return a.low <= b.high && b.low <= a.high; }

std::string Host(const std::string& url) {
  size_t s = url.find("://");
  if (s == std::string::npos) return {};
  size_t b = s + 3, e = url.find('/', b);
  std::string host = url.substr(b, e == std::string::npos ? std::string::npos : e - b);
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  return host;
}

int64_t DayNumber(const std::string& d) {
  if (d.size() < 10 || d[4] != '-') return INT64_MIN;
  return DaysFromCivil(std::stoi(d.substr(0, 4)), std::stoi(d.substr(5, 2)), std::stoi(d.substr(8, 2)));
}

class Reconciler {
 public:
  Reconciler(const std::vector<StoredDocument>& docs, const std::vector<StoredClaim>& claims,
             const std::vector<StoredName>& names, const std::string& parties_tsv, const ReconcileOptions& o)
      : docs_(docs), claims_(claims), names_(names), o_(o) {
    LoadParties(parties_tsv);
    for (size_t i = 0; i < docs_.size(); ++i) doc_index_[docs_[i].id] = i;
  }

  Reconciliation Run() {
    Documents();
    Dates();
    Entities();
    Clusters();
    Timeline();
    return std::move(r_);
  }

 private:
  void LoadParties(const std::string& path) {
    TsvFile f = ReadTsv(path, 2, 2);
    for (const TsvRow& row : f.rows) {
      std::string_view aliases = row.fields[1];
      while (!aliases.empty()) {
        size_t bar = aliases.find('|');
        std::string a = Normal(aliases.substr(0, bar));
        if (!a.empty()) party_alias_.emplace_back(" " + a + " ", row.fields[0]);
        if (bar == std::string_view::npos) break;
        aliases.remove_prefix(bar + 1);
      }
    }
  }

  // The countries a body's name speaks for: {"United States"} for "U.S. government".
  std::set<std::string> Affiliation(const std::string& source) const {
    std::string n = " " + Normal(source) + " ";
    std::set<std::string> out;
    for (const auto& [alias, country] : party_alias_)
      if (n.find(alias) != std::string::npos) out.insert(country);
    return out;
  }

  // ---- documents ---------------------------------------------------------------------------

  void Documents() {
    const size_t n = docs_.size();
    r_.documents.resize(n);
    // every pair: a popcount each, about a second per 50,000 documents (docs/reconcile.md)
    UnionFind uf(n);
    for (size_t a = 0; a < n; ++a)
      for (size_t b = a + 1; b < n; ++b)
        if (__builtin_popcountll(docs_[a].simhash ^ docs_[b].simhash) <= o_.near_duplicate_bits) uf.Join(a, b);
    // the original: the earliest dated; on the same day the fuller text (copies get cut)
    std::map<size_t, size_t> original;
    auto earlier = [&](size_t a, size_t b) {
      const std::string &da = docs_[a].date, &db = docs_[b].date;
      if (da.empty() != db.empty()) return !da.empty();
      if (da != db) return da < db;
      if (docs_[a].text_bytes != docs_[b].text_bytes) return docs_[a].text_bytes > docs_[b].text_bytes;
      return docs_[a].id < docs_[b].id;
    };
    for (size_t i = 0; i < n; ++i) {
      size_t root = uf.Find(i);
      auto it = original.find(root);
      if (it == original.end() || earlier(i, it->second)) original[root] = i;
    }
    for (size_t i = 0; i < n; ++i) {
      DocumentInfo& d = r_.documents[i];
      d.id = docs_[i].id;
      d.outlet = !docs_[i].outlet.empty() ? docs_[i].outlet : !Host(docs_[i].url).empty() ? Host(docs_[i].url) : docs_[i].id;
      size_t o = original[uf.Find(i)];
      if (o != i) d.near_duplicate_of = docs_[o].id;
    }
  }

  // The outlet a claim counts for: a near-duplicate counts as its original.
  std::string OutletOf(const std::string& doc) const {
    auto it = doc_index_.find(doc);
    if (it == doc_index_.end()) return doc;
    const DocumentInfo& d = r_.documents[it->second];
    if (d.near_duplicate_of) return r_.documents[doc_index_.at(*d.near_duplicate_of)].outlet;
    return d.outlet;
  }

  // ---- dates -------------------------------------------------------------------------------

  // A date without a year ("--12-23") takes the year that puts it nearest the corpus's dates.
  void Dates() {
    std::vector<int64_t> known;
    for (const StoredDocument& d : docs_)
      if (DayNumber(d.date) != INT64_MIN) known.push_back(DayNumber(d.date));
    for (const StoredClaim& c : claims_)
      if (c.claim.date && DayNumber(*c.claim.date) != INT64_MIN) known.push_back(DayNumber(*c.claim.date));
    std::sort(known.begin(), known.end());
    const int64_t median = known.empty() ? 0 : known[known.size() / 2];  // not an optional: GCC 12 warns
    r_.claim_date.resize(claims_.size());
    for (size_t i = 0; i < claims_.size(); ++i) {
      const std::optional<std::string>& d = claims_[i].claim.date;
      r_.claim_date[i] = d;
      if (!d || d->size() != 7 || d->rfind("--", 0) != 0 || known.empty()) continue;
      int y, m, day;
      CivilFromDays(median, &y, &m, &day);
      const int month = std::stoi(d->substr(2, 2)), dd = std::stoi(d->substr(5, 2));
      int best_year = y;
      for (int cand : {y - 1, y + 1})
        if (std::llabs(DaysFromCivil(cand, month, dd) - median) < std::llabs(DaysFromCivil(best_year, month, dd) - median))
          best_year = cand;
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", best_year, month, dd);
      r_.claim_date[i] = buf;
    }
  }

  // ---- entities ----------------------------------------------------------------------------

  void Entities() {
    // local entities: one per (document, name)
    std::map<std::pair<std::string, std::string>, size_t> local_of;
    auto local = [&](const std::string& doc, const std::string& name) -> Local& {
      auto [it, fresh] = local_of.try_emplace({doc, name}, locals_.size());
      if (fresh) locals_.push_back(Local{doc, name, "", false, {name}});
      return locals_[it->second];
    };
    for (const StoredName& n : names_) {
      Local& l = local(n.doc, n.name.name);
      l.variants.insert(n.name.variant);
      l.person |= n.name.person;
      if (l.role.empty()) l.role = n.name.role;
    }
    for (const StoredClaim& c : claims_)
      if (c.claim.source) {
        Local& l = local(c.claim.doc, *c.claim.source);
        if (l.role.empty() && c.claim.source_role) l.role = *c.claim.source_role;
      }
    const size_t n = locals_.size();
    UnionFind uf(n);
    std::vector<std::string> normal(n), acronym(n);
    for (size_t i = 0; i < n; ++i) {
      normal[i] = Normal(locals_[i].name);
      acronym[i] = Acronym(locals_[i].name);
    }
    // bodies: the same words, or one the acronym of the other
    for (size_t i = 0; i < n; ++i)
      for (size_t j = i + 1; j < n; ++j) {
        const Local &a = locals_[i], &b = locals_[j];
        if (a.person || b.person) continue;
        if (normal[i] == normal[j]) {
          Join(&uf, i, j, "same name \"" + a.name + "\"");
        } else if (acronym[i] == b.name && b.name.size() >= 2) {
          Join(&uf, i, j, "\"" + b.name + "\" is the acronym of \"" + a.name + "\"");
        } else if (acronym[j] == a.name && a.name.size() >= 2) {
          Join(&uf, i, j, "\"" + a.name + "\" is the acronym of \"" + b.name + "\"");
        } else {
          for (const std::string& v : a.variants)
            if (b.variants.count(v) && v != a.name) Join(&uf, i, j, "both are written \"" + v + "\"");
        }
      }
    // people: full names that are spellings of one another; a lone surname only when exactly
    // one full name fits it and their roles do not contradict
    std::vector<size_t> multi, single;
    std::vector<NameForm> form(n);
    for (size_t i = 0; i < n; ++i)
      if (locals_[i].person) {
        form[i] = FormOf(locals_[i].name);
        (form[i].tokens.size() >= 2 ? multi : single).push_back(i);
      }
    for (size_t a = 0; a < multi.size(); ++a)
      for (size_t b = a + 1; b < multi.size(); ++b) {
        const Local &x = locals_[multi[a]], &y = locals_[multi[b]];
        if (!SamePersonName(form[multi[a]], form[multi[b]])) continue;
        Join(&uf, multi[a], multi[b],
             x.name == y.name ? "same name \"" + x.name + "\""
                              : "\"" + x.name + "\" and \"" + y.name + "\" are spellings of one name");
      }
    for (size_t s : single) {
      std::set<size_t> fits;
      for (size_t m : multi)
        if (SamePersonName(form[s], form[m])) {
          std::set<std::string> rs = RoleWords(locals_[s].role), rm = RoleWords(locals_[m].role);
          bool contradict = !rs.empty() && !rm.empty() &&
                            std::none_of(rs.begin(), rs.end(), [&](const std::string& w) { return rm.count(w) > 0; });
          if (!contradict) fits.insert(uf.Find(m));
        }
      if (fits.size() == 1)
        Join(&uf, s, *fits.begin(), "\"" + locals_[s].name + "\" fits only \"" + locals_[*fits.begin()].name + "\"");
    }
    // build entities in order of first appearance
    std::map<size_t, size_t> entity_of_root;
    for (size_t i = 0; i < n; ++i) {
      size_t root = uf.Find(i);
      auto [it, fresh] = entity_of_root.try_emplace(root, r_.entities.size());
      if (fresh) {
        Entity e;
        e.id = "e" + std::to_string(r_.entities.size() + 1);
        r_.entities.push_back(e);
      }
      Entity& e = r_.entities[it->second];
      const Local& l = locals_[i];
      e.person |= l.person;
      for (const std::string& v : l.variants) AddUnique(&e.variants, v);
      AddUnique(&e.docs, l.doc);
      if (auto w = why_.find(i); w != why_.end()) e.why.push_back(w->second);
      // the name: most words, then longest
      auto words = [](const std::string& s) { return std::count(s.begin(), s.end(), ' '); };
      if (e.name.empty() || words(l.name) > words(e.name) || (words(l.name) == words(e.name) && l.name.size() > e.name.size()))
        e.name = l.name;
      entity_of_local_[i] = e.id;
    }
    for (Entity& e : r_.entities) {
      if (!e.person) continue;
      std::vector<std::string> full = e.variants;
      for (const std::string& v : full)
        if (std::string f = FamilyName(v); !f.empty()) AddUnique(&e.variants, f);
    }
    r_.claim_entity.resize(claims_.size());
    for (size_t i = 0; i < claims_.size(); ++i) {
      const Claim& c = claims_[i].claim;
      if (!c.source) continue;
      auto it = local_of.find({c.doc, *c.source});
      if (it != local_of.end()) r_.claim_entity[i] = entity_of_local_[it->second];
    }
    entity_person_.clear();
    for (const Entity& e : r_.entities) entity_person_[e.id] = e.person;
  }

  void Join(UnionFind* uf, size_t a, size_t b, const std::string& reason) {
    if (uf->Find(a) == uf->Find(b)) return;
    uf->Join(a, b);
    why_[std::max(a, b)] = reason;
  }

  static void AddUnique(std::vector<std::string>* v, const std::string& s) {
    if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
  }

  // ---- clusters ------------------------------------------------------------------------------

  bool SameValue(const Claim& a, const Claim& b) const {
    if (a.value.best && b.value.best) {
      const double x = static_cast<double>(*a.value.best), y = static_cast<double>(*b.value.best);
      return std::abs(x - y) <= o_.same_value_margin * std::max(x, y);
    }
    if (a.value.best || b.value.best) return false;
    return Overlap(ReadingOf(a), ReadingOf(b));
  }

  bool SameSource(size_t i, size_t j) const {
    const Claim &a = claims_[i].claim, &b = claims_[j].claim;
    if (!a.source || !b.source) return true;  // a re-report may drop the source
    const auto &ea = r_.claim_entity[i], &eb = r_.claim_entity[j];
    if (ea && eb && *ea == *eb) return true;
    const bool pa = ea && entity_person_.at(*ea), pb = eb && entity_person_.at(*eb);
    if (pa || pb) return false;
    // two bodies that speak for the same country ("U.S. government", "US and South Korean officials")
    std::set<std::string> fa = Affiliation(*a.source), fb = Affiliation(*b.source);
    return std::any_of(fa.begin(), fa.end(), [&](const std::string& c) { return fb.count(c) > 0; });
  }

  bool Compatible(size_t i, size_t j) const {
    const Claim &a = claims_[i].claim, &b = claims_[j].claim;
    if (a.doc == b.doc || a.measure != b.measure) return false;
    if (a.party && b.party && *a.party != *b.party) return false;
    if (!SameValue(a, b)) return false;
    const auto &da = r_.claim_date[i], &db = r_.claim_date[j];
    if (da && db && DayNumber(*da) != INT64_MIN && DayNumber(*db) != INT64_MIN &&
        std::llabs(DayNumber(*da) - DayNumber(*db)) > o_.same_claim_days)
      return false;
    return SameSource(i, j);
  }

  void Clusters() {
    std::vector<size_t> order(claims_.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const std::string da = r_.claim_date[a].value_or("~"), db = r_.claim_date[b].value_or("~");
      return da < db;
    });
    for (size_t i : order) {
      Cluster* home = nullptr;
      for (Cluster& c : r_.clusters) {
        if (c.measure != claims_[i].claim.measure) continue;
        bool ok = true;
        for (size_t m : c.members) ok = ok && Compatible(i, m);
        if (ok) {
          home = &c;
          break;
        }
      }
      if (!home) {
        r_.clusters.push_back(Cluster{"c" + std::to_string(r_.clusters.size() + 1), claims_[i].claim.measure, {}, {}, {}, 0, {}});
        home = &r_.clusters.back();
      }
      home->members.push_back(i);
    }
    for (Cluster& c : r_.clusters) {
      std::set<std::string> outlets;
      std::sort(c.members.begin(), c.members.end());
      for (size_t m : c.members) {
        const Claim& cl = claims_[m].claim;
        outlets.insert(OutletOf(cl.doc));
        if (!c.party && cl.party) c.party = cl.party;
        if (!c.source && cl.source) {
          c.source = r_.claim_entity[m] ? EntityName(*r_.claim_entity[m]) : *cl.source;
          c.entity = r_.claim_entity[m];
        }
      }
      c.outlets = static_cast<int>(outlets.size());
    }
  }

  std::string EntityName(const std::string& id) const {
    for (const Entity& e : r_.entities)
      if (e.id == id) return e.name;
    return id;
  }

  // ---- timeline ----------------------------------------------------------------------------

  std::string SourceLabel(size_t i) const {
    const Claim& c = claims_[i].claim;
    if (r_.claim_entity[i]) return EntityName(*r_.claim_entity[i]);
    if (c.source) return *c.source;
    return "unattributed (" + OutletOf(c.doc) + ")";
  }

  void Timeline() {
    std::map<std::pair<std::string, int>, size_t> series_of;
    for (size_t i = 0; i < claims_.size(); ++i) {
      const Claim& c = claims_[i].claim;
      auto doc = doc_index_.find(c.doc);
      if (doc != doc_index_.end() && r_.documents[doc->second].near_duplicate_of) continue;  // counted in its original
      auto key = std::make_pair(c.party.value_or(""), static_cast<int>(c.measure));
      auto [it, fresh] = series_of.try_emplace(key, r_.timeline.size());
      if (fresh) r_.timeline.push_back(Series{c.party, c.measure, {}, {}, {}});
      Series& s = r_.timeline[it->second];
      if (!r_.claim_date[i]) s.undated.push_back(i);
      else members_[it->second].push_back(i);
    }
    for (size_t si = 0; si < r_.timeline.size(); ++si) {
      Series& s = r_.timeline[si];
      std::vector<size_t>& dated = members_[si];
      std::stable_sort(dated.begin(), dated.end(), [&](size_t a, size_t b) { return *r_.claim_date[a] < *r_.claim_date[b]; });
      std::vector<std::string> dates;
      for (size_t i : dated)
        if (dates.empty() || dates.back() != *r_.claim_date[i]) dates.push_back(*r_.claim_date[i]);
      for (const std::string& d : dates) {
        TimelinePoint p;
        p.date = d;
        std::map<std::string, size_t> current;  // source -> its latest claim up to d
        for (size_t i : dated)
          if (*r_.claim_date[i] <= d) current[SourceLabel(i)] = i;
        std::vector<int64_t> bests;
        bool open_high = false;
        for (const auto& [label, i] : current) {
          p.figures.push_back({label, i});
          const Claim& c = claims_[i].claim;
          int64_t lo = c.value.low.value_or(c.value.best.value_or(0));
          if (!p.low || lo < *p.low) p.low = lo;
          if (c.value.high) {
            if (!p.high || *c.value.high > *p.high) p.high = c.value.high;
          } else if (c.qualifier == Qualifier::kAtLeast || c.qualifier == Qualifier::kMoreThan) {
            open_high = true;
          } else if (c.value.best && (!p.high || *c.value.best > *p.high)) {
            p.high = c.value.best;
          }
          if (c.value.best) bests.push_back(*c.value.best);
          else if (c.value.low && c.value.high) bests.push_back((*c.value.low + *c.value.high) / 2);
        }
        if (open_high) p.high.reset();
        if (!bests.empty()) {
          std::sort(bests.begin(), bests.end());
          p.best = bests[bests.size() / 2];
        }
        for (size_t a = 0; a < p.figures.size(); ++a)
          for (size_t b = a + 1; b < p.figures.size(); ++b)
            if (!Overlap(ReadingOf(claims_[p.figures[a].claim].claim), ReadingOf(claims_[p.figures[b].claim].claim)))
              p.disagreement = true;
        s.points.push_back(std::move(p));
      }
    }
    Checks();
  }

  // Within one document and source: casualties below killed, or killed plus wounded far from
  // casualties.
  void Checks() {
    std::map<std::tuple<std::string, std::string, std::string>, std::map<Measure, size_t>> by;
    for (size_t i = 0; i < claims_.size(); ++i) {
      const Claim& c = claims_[i].claim;
      if (!c.value.best) continue;
      auto& m = by[{c.doc, SourceLabel(i), c.party.value_or("")}];
      if (!m.count(c.measure)) m[c.measure] = i;
    }
    constexpr double kFar = 0.5;
    for (const auto& entry : by) {
      const auto& key = entry.first;
      const auto& m = entry.second;  // not a structured binding: clang 14 cannot capture those in lambdas
      auto get = [&](Measure x) -> std::optional<int64_t> {
        auto it = m.find(x);
        if (it == m.end()) return std::nullopt;
        return claims_[it->second].claim.value.best;
      };
      auto killed = get(Measure::kKilled), wounded = get(Measure::kWounded), casualties = get(Measure::kCasualties);
      if (!casualties) continue;
      const auto& [doc, source, party] = key;
      std::string where = source + " in " + doc;
      std::string note;
      if (killed && *casualties < *killed)
        note = where + ": casualties " + std::to_string(*casualties) + " below killed " + std::to_string(*killed);
      else if (killed && wounded && std::abs(static_cast<double>(*killed + *wounded - *casualties)) > kFar * static_cast<double>(*casualties))
        note = where + ": killed " + std::to_string(*killed) + " plus wounded " + std::to_string(*wounded) +
               " is far from casualties " + std::to_string(*casualties);
      if (note.empty()) continue;
      for (Series& s : r_.timeline)
        if (s.party.value_or("") == party && s.measure == Measure::kCasualties) s.checks.push_back(note);
    }
  }

  const std::vector<StoredDocument>& docs_;
  const std::vector<StoredClaim>& claims_;
  const std::vector<StoredName>& names_;
  const ReconcileOptions& o_;
  std::map<std::string, size_t> doc_index_;
  std::vector<std::pair<std::string, std::string>> party_alias_;
  std::vector<Local> locals_;
  std::map<size_t, std::string> why_;
  std::map<size_t, std::string> entity_of_local_;
  std::map<std::string, bool> entity_person_;
  std::map<size_t, std::vector<size_t>> members_;
  Reconciliation r_;
};

void AppendValue(const Claim& c, std::string* out) {
  JsonObject v(out);
  v.Field("low", c.value.low).Field("high", c.value.high).Field("best", c.value.best);
  v.Close();
}

void AppendMember(const StoredClaim& sc, const Reconciliation& r, size_t i, std::string* out) {
  const Claim& c = sc.claim;
  JsonObject o(out);
  o.Field("id", sc.id).Field("doc", c.doc).Field("measure", MeasureName(c.measure));
  AppendValue(c, o.Raw("value"));
  o.Field("qualifier", QualifierName(c.qualifier)).Field("text", c.text).Field("party", c.party).Field("source", c.source);
  o.Field("entity", r.claim_entity[i]).Field("date", r.claim_date[i]);
  o.Close();
}

template <typename T, typename F>
void AppendArray(std::string* out, const std::vector<T>& items, F&& each) {
  JsonArray a(out);
  for (const T& item : items) each(item, a.Next());
  a.Close();
}

void AppendStrings(std::string* out, const std::vector<std::string>& v) { AppendJsonStrings(out, v); }

}  // namespace

Reconciliation Reconcile(const std::vector<StoredDocument>& docs, const std::vector<StoredClaim>& claims,
                         const std::vector<StoredName>& names, const std::string& parties_tsv,
                         const ReconcileOptions& options) {
  return Reconciler(docs, claims, names, parties_tsv, options).Run();
}

std::string ReconciliationJson(const Reconciliation& r, const std::vector<StoredDocument>& docs,
                               const std::vector<StoredClaim>& claims) {
  std::string out;
  JsonObject root(&out);
  AppendArray(root.Raw("entities"), r.entities, [](const Entity& e, std::string* o) {
    JsonObject j(o);
    j.Field("id", e.id).Field("name", e.name).Field("person", e.person);
    AppendStrings(j.Raw("variants"), e.variants);
    AppendStrings(j.Raw("docs"), e.docs);
    AppendStrings(j.Raw("why"), e.why);
    j.Close();
  });
  AppendArray(root.Raw("documents"), r.documents, [](const DocumentInfo& d, std::string* o) {
    JsonObject j(o);
    j.Field("id", d.id).Field("outlet", d.outlet).Field("near_duplicate_of", d.near_duplicate_of);
    j.Close();
  });
  AppendArray(root.Raw("clusters"), r.clusters, [&](const Cluster& c, std::string* o) {
    JsonObject j(o);
    j.Field("id", c.id).Field("measure", MeasureName(c.measure)).Field("party", c.party).Field("source", c.source);
    j.Field("entity", c.entity).Field("outlets", static_cast<int64_t>(c.outlets));
    AppendArray(j.Raw("members"), c.members, [&](size_t m, std::string* oo) { AppendMember(claims[m], r, m, oo); });
    j.Close();
  });
  AppendArray(root.Raw("timeline"), r.timeline, [&](const Series& s, std::string* o) {
    JsonObject j(o);
    j.Field("party", s.party).Field("measure", MeasureName(s.measure));
    AppendArray(j.Raw("points"), s.points, [&](const TimelinePoint& p, std::string* po) {
      JsonObject pj(po);
      pj.Field("date", p.date);
      AppendArray(pj.Raw("figures"), p.figures, [&](const Figure& f, std::string* fo) {
        const Claim& c = claims[f.claim].claim;
        JsonObject fj(fo);
        fj.Field("source", f.source);
        AppendValue(c, fj.Raw("value"));
        fj.Field("qualifier", QualifierName(c.qualifier)).Field("text", c.text).Field("date", r.claim_date[f.claim]);
        fj.Field("doc", c.doc).Field("claim", claims[f.claim].id);
        fj.Close();
      });
      pj.Field("low", p.low).Field("best", p.best).Field("high", p.high).Field("disagreement", p.disagreement);
      pj.Close();
    });
    AppendArray(j.Raw("undated"), s.undated, [&](size_t m, std::string* oo) { AppendMember(claims[m], r, m, oo); });
    AppendStrings(j.Raw("checks"), s.checks);
    j.Close();
  });
  root.Close();
  (void)docs;
  return out;
}

}  // namespace tally
