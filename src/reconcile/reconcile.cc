#include "reconcile/reconcile.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "common/json.h"
#include "common/lexicon.h"
#include "common/parties.h"
#include "common/text.h"
#include "common/calendar.h"
#include "reconcile/interned.h"
#include "reconcile/names.h"

namespace tally {
namespace {

// ---- union-find over local names ---------------------------------------------------------

// A name as one document uses it; its strings are Interned ids.
struct Local {
  uint32_t doc = 0, name = 0, role = 0;
  bool person = false;
  std::vector<uint32_t> variants;  // in the order of their strings, each once
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

// One person named, not counted ("A police officer was swept away", "the driver died"): the
// claim's text holds no figure. Such a claim says at least one; it is one of any toll, not a
// rival to it.
bool NamesOnePerson(const ClaimRecord& c, std::string_view text) {
  if (c.qualifier != Qualifier::kExact || !c.has_best || c.best != 1) return false;
  if (std::any_of(text.begin(), text.end(), IsAsciiDigit)) return false;
  return !EqualsAsciiFolded(text.substr(0, text.find(' ')), "one");
}

// How a figure is read when comparing sources (docs/reconcile.md): approximate figures widened
// by 15%, open-ended ones bounded at twice (or half) their figure, one person named at least one.
Reading ReadingOf(const ClaimRecord& c, std::string_view text) {
  constexpr double kApprox = 0.15, kOpenFactor = 2.0;
  if (NamesOnePerson(c, text)) return {1, std::numeric_limits<double>::infinity()};
  const Interval value = c.value();
  const double best = static_cast<double>(value.best.value_or(0));
  switch (c.qualifier) {
    case Qualifier::kExact: return {best, best};
    case Qualifier::kApprox: return {best * (1 - kApprox), best * (1 + kApprox)};
    case Qualifier::kAtLeast:
    case Qualifier::kMoreThan: return {best, best * kOpenFactor};
    case Qualifier::kLessThan: return {best * (1 - kApprox), best};
    case Qualifier::kAtMost: return {best / kOpenFactor, best};
    case Qualifier::kRange:
    case Qualifier::kVague:
      return {static_cast<double>(value.low.value_or(0)), static_cast<double>(value.high.value_or(value.low.value_or(0)))};
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
  // a full date's digits read in place (called for every claim in every stage); anything else
  // as stoi reads it
  auto digits = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t k = at; k < at + n; ++k) {
      if (!IsAsciiDigit(d[k])) return -1;
      v = v * 10 + (d[k] - '0');
    }
    return v;
  };
  const int y = digits(0, 4), m = digits(5, 2), day = digits(8, 2);
  if (y >= 0 && m >= 0 && day >= 0) return DaysFromCivil(y, m, day);
  return DaysFromCivil(std::stoi(d.substr(0, 4)), std::stoi(d.substr(5, 2)), std::stoi(d.substr(8, 2)));
}

std::string DayString(int64_t day) {
  int y, m, d;
  CivilFromDays(day, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// How the words before a figure frame it (data/lexicon/en/figure_framing.tsv).
enum class Framing : uint8_t { kNone, kChange, kRevision, kSuperseded };

struct ReconcileLexicon {
  std::vector<PartyNames> parties;
  std::unordered_set<std::string> stopwords;
  std::set<std::string> role_words;  // "spokesman", "official": a person's job, not a body
  std::vector<std::pair<std::string, Framing>> framing;

  explicit ReconcileLexicon(const std::string& parties_tsv) {
    parties = ReadParties(parties_tsv);
    const size_t slash = parties_tsv.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "." : parties_tsv.substr(0, slash);
    // words that say nothing about which incident: closed-class words, numbers, dates, hedges,
    // attribution ("said"); every word of each entry
    for (const char* file : {"function_words", "pronouns", "number_words", "ordinals", "months", "weekdays", "qualifiers",
                             "vague", "adverbs", "attribution", "relative_dates", "time_prepositions"})
      for (const TsvRow& r : ReadTsv(dir + "/" + file + ".tsv", 1, 8).rows)
        for (const std::string& w : NameTokens(r.fields[0])) stopwords.insert(w);
    for (const TsvRow& r : ReadTsv(dir + "/source_nouns.tsv", 2, 3).rows)
      if (r.fields[1] == "role") role_words.insert(AsciiLowerCopy(r.fields[0]));
    TsvFile f = ReadTsv(dir + "/figure_framing.tsv", 2, 2);
    for (const TsvRow& r : f.rows) {
      Framing k = r.fields[1] == "change" ? Framing::kChange : r.fields[1] == "revision" ? Framing::kRevision
                  : r.fields[1] == "superseded" ? Framing::kSuperseded : Framing::kNone;
      if (k == Framing::kNone) f.Fail(r, "kind must be change, revision or superseded");
      framing.emplace_back(AsciiLowerCopy(r.fields[0]), k);
    }
  }
};

std::string_view RuleName(Framing f) {
  switch (f) {
    case Framing::kChange: return "update_framed_as_change";
    case Framing::kRevision: return "revision";
    case Framing::kSuperseded: return "superseded_by_revision";
    case Framing::kNone: break;
  }
  return "";
}

class Reconciler {
 public:
  Reconciler(const std::vector<StoredDocument>& docs, const ClaimTable& claims,
             const std::vector<StoredName>& names, const std::string& parties_tsv, const ReconcileOptions& o)
      : docs_(docs), claims_(claims), names_(names), o_(o), lex_(parties_tsv) {
    if (claims_.size() >= kNoIndex || docs_.size() >= kNoIndex) throw std::length_error("reconcile: 4 billion claims or documents or more");
    for (const PartyNames& p : lex_.parties)
      for (const std::string& alias : p.aliases)
        if (std::string a = Normal(alias); !a.empty()) party_alias_.emplace_back(" " + a + " ", p.party);
    for (size_t i = 0; i < docs_.size(); ++i) doc_index_[docs_[i].id] = i;
    claim_doc_.resize(claims_.size(), kNoIndex);
    for (size_t i = 0; i < claims_.size(); ++i)
      if (auto it = doc_index_.find(Str(claims_[i].doc)); it != doc_index_.end()) claim_doc_[i] = it->second;
    claims_of_doc_.resize(docs_.size());
    for (size_t i = 0; i < claims_.size(); ++i)
      if (claim_doc_[i] != kNoIndex) claims_of_doc_[claim_doc_[i]].push_back(i);
  }

  Reconciliation Run(ReconcileCheckpoint* checkpoint) {
    checkpoint_ = checkpoint;
    auto stage = [&](std::string_view name) {
      if (o_.on_stage) o_.on_stage(name);
    };
    Dates();
    CollectLocals();  // names first: options.names reads them in the snapshot the texts end
    stage("names read");
    Events();
    stage("events");
    Entities();
    stage("entities");
    Documents();
    stage("near-duplicates");
    Clusters();
    stage("clusters");
    Timeline();
    stage("timeline");
    FillCheckpoint();
    return std::move(r_);
  }

  Reconciliation Resume(Reconciliation earlier, ReconcileCheckpoint cp, const std::vector<size_t>& added,
                        ReconcileCheckpoint* checkpoint);

 private:
  void FillCheckpoint() {
    if (!checkpoint_) return;
    checkpoint_->claim_entity = claim_entity_index_;
    checkpoint_->claim_speaker = claim_speaker_;
    checkpoint_->claim_framing.resize(claims_.size());
    for (size_t i = 0; i < claims_.size(); ++i) checkpoint_->claim_framing[i] = static_cast<uint8_t>(framing_[i]);
  }

 private:
  // A string of the claims' table; their party or, when they name none, otherwise.
  const std::string& Str(uint32_t id) const { return claims_.String(id); }
  std::string PartyOr(const ClaimRecord& c, const char* otherwise) const {
    return c.party == ClaimRecord::kNone ? std::string(otherwise) : Str(c.party);
  }
  // How claim i's figure is read when compared (ReadingOf).
  Reading ReadingOf(size_t i) const { return tally::ReadingOf(claims_[i], Str(claims_[i].text)); }

  // The countries a body's name speaks for: {"United States"} for "U.S. government".
  // Folding a name goes through ICU: each source is read once, then looked up.
  const std::set<std::string>& Affiliation(const std::string& source) const {
    auto [it, fresh] = affiliation_.try_emplace(source);
    if (!fresh) return it->second;
    std::string n = " " + Normal(source) + " ";
    for (const auto& [alias, country] : party_alias_)
      if (n.find(alias) != std::string::npos) it->second.insert(country);
    return it->second;
  }

  // ---- dates -------------------------------------------------------------------------------

  // A date without a year ("--12-23") takes the year that puts it nearest its own document's
  // date, never other documents': adding documents never moves it. A claim with no date takes
  // its document's, marked as such.
  void Dates() {
    r_.claim_date.resize(claims_.size());
    r_.claim_date_from.resize(claims_.size(), DateFrom::kNone);
    for (size_t i = 0; i < claims_.size(); ++i) {
      const std::optional<std::string_view> d = claims_.Optional(claims_[i].date);
      const int64_t doc_day = claim_doc_[i] == kNoIndex ? INT64_MIN : DayNumber(docs_[claim_doc_[i]].date);
      if (!d) {
        if (doc_day != INT64_MIN) {
          r_.claim_date[i] = DayString(doc_day);
          r_.claim_date_from[i] = DateFrom::kDocument;
        }
        continue;
      }
      r_.claim_date[i] = std::string(*d);
      r_.claim_date_from[i] = DateFrom::kClaim;
      if (d->size() != 7 || d->rfind("--", 0) != 0) continue;
      if (doc_day == INT64_MIN) {  // a day without a year and nothing to place it by
        r_.claim_date[i].reset();
        r_.claim_date_from[i] = DateFrom::kNone;
        continue;
      }
      int y, m, day;
      CivilFromDays(doc_day, &y, &m, &day);
      const int month = std::stoi(std::string(d->substr(2, 2))), dd = std::stoi(std::string(d->substr(5, 2)));
      int best_year = y;
      for (int cand : {y - 1, y + 1})
        if (std::llabs(DaysFromCivil(cand, month, dd) - doc_day) < std::llabs(DaysFromCivil(best_year, month, dd) - doc_day))
          best_year = cand;
      r_.claim_date[i] = DayString(DaysFromCivil(best_year, month, dd));
    }
  }

  int64_t ClaimDay(size_t i) const { return r_.claim_date[i] ? DayNumber(*r_.claim_date[i]) : INT64_MIN; }

  // ---- texts -------------------------------------------------------------------------------

  // The one pass over the documents' texts, from options.texts when set (one at a time: a big
  // ledger's texts need not all be in memory) else from docs: each document's content words are
  // counted for events, and the framing of its claims read. Documents come in docs' order; one
  // the source skips or repeats is read without its text.
  EventWords ReadTexts(std::vector<EventDocument>& in) {
    EventWords words(lex_.stopwords);
    framing_.assign(claims_.size(), Framing::kNone);
    auto read = [&](size_t d, std::string_view text) {
      in[d].text = text;
      words.Add(in[d]);
      in[d].text = {};
      for (size_t i : claims_of_doc_[d]) framing_[i] = FramingOf(i, text);
    };
    if (!o_.texts) {
      for (size_t d = 0; d < docs_.size(); ++d) read(d, docs_[d].text);
      return words;
    }
    size_t next = 0;
    o_.texts([&](std::string_view id, std::string_view text) {
      auto it = doc_index_.find(std::string(id));
      if (it == doc_index_.end() || it->second < next) return;
      for (; next < it->second; ++next) read(next, {});
      read(next++, text);
    });
    for (; next < docs_.size(); ++next) read(next, {});
    return words;
  }

  // ---- events ------------------------------------------------------------------------------

  void Events() {
    std::vector<EventDocument> in(docs_.size());
    for (size_t d = 0; d < docs_.size(); ++d) {
      in[d].title = docs_[d].title;
      in[d].day = DayNumber(docs_[d].date);
    }
    for (size_t i = 0; i < claims_.size(); ++i)
      if (claim_doc_[i] != kNoIndex) AddClaimTo(&in[claim_doc_[i]], i);
    EventGrouping g = GroupEvents(in, ReadTexts(in), o_.events, checkpoint_ ? &checkpoint_->events : nullptr);
    r_.doc_event = g.event_of;
    r_.events.resize(g.events);
    claim_event_.assign(claims_.size(), 0);
    for (size_t d = 0; d < docs_.size(); ++d) r_.events[g.event_of[d]].docs.push_back(d);
    for (size_t i = 0; i < claims_.size(); ++i)
      if (claim_doc_[i] != kNoIndex) {
        claim_event_[i] = g.event_of[claim_doc_[i]];
        r_.events[claim_event_[i]].claims.push_back(i);
      }
    for (size_t e = 0; e < g.events; ++e) Label(&r_.events[e], e, g.terms[e]);
  }

  void Label(Event* ev, size_t index, const std::vector<std::string>& terms) const {
    ev->id = "ev" + std::to_string(index + 1);
    ev->terms = terms;
    std::map<std::string, int> places;
    for (size_t i : ev->claims)
      if (claims_[i].location != ClaimRecord::kNone) ++places[Str(claims_[i].location)];
    int most = 0;
    for (const auto& [p, n] : places)
      if (n > most) most = n, ev->place = p;
    auto widen = [&](const std::string& date) {
      if (DayNumber(date) == INT64_MIN) return;
      const std::string day = date.substr(0, 10);
      if (!ev->first || day < *ev->first) ev->first = day;
      if (!ev->last || day > *ev->last) ev->last = day;
    };
    for (size_t d : ev->docs) widen(docs_[d].date);
    for (size_t i : ev->claims)
      if (r_.claim_date[i]) widen(*r_.claim_date[i]);
    std::string label = ev->place.value_or("");
    std::string words;
    for (const std::string& t : terms) words += (words.empty() ? "" : ", ") + t;
    label += (label.empty() ? "" : ": ") + words;
    if (ev->first) label += " (" + *ev->first + (*ev->last != *ev->first ? " to " + *ev->last : "") + ")";
    else label += " (undated)";
    ev->label = label;
  }


  // ---- resuming from an earlier reconciliation (docs/reconcile.md, "Incremental reconcile") ----

  // earlier's parts are moved out, or freed once copied: a big ledger's result is most of a
  // gigabyte, which the clusters and series computed again need room for.
  Reconciliation ResumeFrom(Reconciliation& earlier, ReconcileCheckpoint cp, const std::vector<size_t>& added,
                            ReconcileCheckpoint* checkpoint) {
    checkpoint_ = checkpoint;
    auto stage = [&](std::string_view name) {
      if (o_.on_stage) o_.on_stage(name);
    };
    auto refuse = [](const char* why) { throw std::invalid_argument(std::string("resume: ") + why); };
    if (!o_.entity_decisions.empty()) refuse("people's entity decisions are applied by a full reconcile only");
    std::vector<bool> is_added(docs_.size(), false);
    for (size_t d : added) {
      if (d >= docs_.size() || is_added[d]) refuse("an added document is not in the ledger, or named twice");
      is_added[d] = true;
    }
    // the earlier documents and claims, in the earlier order, are a subsequence of these: both
    // are read in id order and nothing but additions happened
    const size_t earlier_docs = docs_.size() - added.size();
    if (earlier.documents.size() != earlier_docs || earlier.doc_event.size() != earlier_docs)
      refuse("the earlier documents are not the ledger's less the added ones");
    std::vector<size_t> doc_now(earlier_docs);
    for (size_t k = 0; k < earlier_docs; ++k) {
      auto it = doc_index_.find(earlier.documents[k].id);
      if (it == doc_index_.end() || is_added[it->second] || (k > 0 && it->second <= doc_now[k - 1]))
        refuse("an earlier document is missing or out of order");
      doc_now[k] = it->second;
    }
    std::vector<size_t> claim_now;
    for (size_t i = 0; i < claims_.size(); ++i)
      if (claim_doc_[i] == kNoIndex || !is_added[claim_doc_[i]]) claim_now.push_back(i);
    const size_t n = claim_now.size();
    if (earlier.claim_date.size() != n || earlier.claim_entity.size() != n || cp.claim_entity.size() != n ||
        cp.claim_speaker.size() != n || cp.claim_framing.size() != n || cp.entity_roles.size() != earlier.entities.size() ||
        cp.events.events.size() != earlier.events.size())
      refuse("the checkpoint does not fit the earlier reconciliation");
    Dates();
    claim_entity_index_.assign(claims_.size(), ReconcileCheckpoint::kNone);
    claim_speaker_.assign(claims_.size(), ReconcileCheckpoint::kNone);
    framing_.assign(claims_.size(), Framing::kNone);
    r_.claim_entity.assign(claims_.size(), std::nullopt);
    const size_t entities = earlier.entities.size();
    for (size_t k = 0; k < n; ++k) {
      const size_t i = claim_now[k];
      const uint32_t e = cp.claim_entity[k], sp = cp.claim_speaker[k];
      if ((e != ReconcileCheckpoint::kNone && e >= entities) || (sp != ReconcileCheckpoint::kNone && sp >= entities) ||
          cp.claim_framing[k] > static_cast<uint8_t>(Framing::kSuperseded))
        refuse("the checkpoint names an entity or framing that is not there");
      claim_entity_index_[i] = e;
      claim_speaker_[i] = sp;
      framing_[i] = static_cast<Framing>(cp.claim_framing[k]);
      r_.claim_entity[i] = std::move(earlier.claim_entity[k]);
    }
    std::vector<std::optional<std::string>>().swap(earlier.claim_entity);
    std::vector<std::optional<std::string>>().swap(earlier.claim_date);
    std::vector<DateFrom>().swap(earlier.claim_date_from);
    CollectLocals(&is_added);
    stage("names read (added documents)");
    LinkAddedDocuments(earlier, doc_now, claim_now, std::move(cp.events), added);
    stage("events");
    ResumeEntities(earlier, std::move(cp.entity_roles));
    stage("entities");
    r_.documents.resize(docs_.size());
    for (size_t k = 0; k < earlier_docs; ++k) r_.documents[doc_now[k]] = std::move(earlier.documents[k]);
    std::vector<DocumentInfo>().swap(earlier.documents);
    // the earlier clusters and series of events no added document joined, as they were; the
    // rest of earlier freed
    auto now = [&](size_t k) {
      if (k >= n) refuse("an earlier claim index is out of range");
      return claim_now[k];
    };
    for (Cluster& c : earlier.clusters) {
      if (c.members.empty() || Touched(claim_event_[now(c.members.front())])) continue;
      for (size_t& m : c.members) m = now(m);
      r_.clusters.push_back(std::move(c));
    }
    std::vector<Cluster>().swap(earlier.clusters);
    for (Series& s : earlier.timeline) {
      if (s.event >= earlier.events.size() || Touched(s.event)) continue;
      for (Figure& f : s.figures) {
        f.claim = now(f.claim);
        for (uint32_t& d : f.disagrees_with) d = static_cast<uint32_t>(now(d));
      }
      for (Comparison& c : s.comparisons) c.earlier = now(c.earlier), c.later = now(c.later);
      for (size_t& u : s.undated) u = now(u);
      r_.timeline.push_back(std::move(s));
    }
    earlier = Reconciliation();
    Documents();
    stage("near-duplicates");
    Clusters();
    for (size_t k = 0; k < r_.clusters.size(); ++k) r_.clusters[k].id = "c" + std::to_string(k + 1);
    stage("clusters");
    Timeline();
    stage("timeline");
    FillCheckpoint();
    return std::move(r_);
  }

  // The added documents join the earlier events or open new ones (ResumeEvents); the events they
  // touch are listed again, the others copied.
  void LinkAddedDocuments(Reconciliation& earlier, const std::vector<size_t>& doc_now, const std::vector<size_t>& claim_now,
                     EventModel model, const std::vector<size_t>& added) {
    std::vector<EventDocument> in(added.size());
    for (size_t j = 0; j < added.size(); ++j) {
      const size_t d = added[j];
      in[j].title = docs_[d].title;
      in[j].day = DayNumber(docs_[d].date);
      for (size_t i : claims_of_doc_[d]) AddClaimTo(&in[j], i);
    }
    EventWords words(lex_.stopwords, model);
    std::vector<size_t> slot(docs_.size(), SIZE_MAX);  // per document: its place in added
    for (size_t j = 0; j < added.size(); ++j) slot[added[j]] = j;
    // the added documents' texts in the order they are read, counted in added's order
    std::vector<std::string> texts(added.size());
    auto read = [&](size_t d, std::string_view text) {
      if (slot[d] == SIZE_MAX) return;
      texts[slot[d]] = text;
      for (size_t i : claims_of_doc_[d]) framing_[i] = FramingOf(i, text);
    };
    if (o_.texts_of) {
      std::vector<std::string> ids;
      for (size_t d : added) ids.push_back(docs_[d].id);
      std::sort(ids.begin(), ids.end());
      o_.texts_of(ids, [&](std::string_view id, std::string_view text) {
        if (auto it = doc_index_.find(std::string(id)); it != doc_index_.end()) read(it->second, text);
      });
    } else if (!o_.texts) {
      for (size_t d : added) read(d, docs_[d].text);
    } else {
      o_.texts([&](std::string_view id, std::string_view text) {
        if (auto it = doc_index_.find(std::string(id)); it != doc_index_.end()) read(it->second, text);
      });
    }
    for (size_t j = 0; j < added.size(); ++j) {
      in[j].text = texts[j];
      words.Add(in[j]);
      in[j].text = {};
      std::string().swap(texts[j]);
    }
    EventGrouping g = ResumeEvents(in, std::move(words), &model, o_.events);
    if (checkpoint_) checkpoint_->events = std::move(model);
    r_.doc_event.assign(docs_.size(), 0);
    for (size_t k = 0; k < doc_now.size(); ++k) {
      if (earlier.doc_event[k] >= earlier.events.size()) throw std::invalid_argument("resume: an earlier document's event is not there");
      r_.doc_event[doc_now[k]] = earlier.doc_event[k];
    }
    for (size_t j = 0; j < added.size(); ++j) r_.doc_event[added[j]] = g.event_of[j];
    touched_.assign(g.events, false);
    for (size_t e : g.event_of) touched_[e] = true;
    r_.events.resize(g.events);
    for (size_t e = 0; e < earlier.events.size(); ++e) {
      if (touched_[e]) continue;
      Event& ev = r_.events[e];
      ev = std::move(earlier.events[e]);
      for (size_t& d : ev.docs) d = d < doc_now.size() ? doc_now[d] : throw std::invalid_argument("resume: an event's document is not there");
      for (size_t& c : ev.claims) c = c < claim_now.size() ? claim_now[c] : throw std::invalid_argument("resume: an event's claim is not there");
    }
    claim_event_.assign(claims_.size(), 0);
    for (size_t d = 0; d < docs_.size(); ++d)
      if (touched_[r_.doc_event[d]]) r_.events[r_.doc_event[d]].docs.push_back(d);
    for (size_t i = 0; i < claims_.size(); ++i)
      if (claim_doc_[i] != kNoIndex) {
        claim_event_[i] = r_.doc_event[claim_doc_[i]];
        if (touched_[claim_event_[i]]) r_.events[claim_event_[i]].claims.push_back(i);
      }
    for (size_t e = 0; e < g.events; ++e)
      if (touched_[e]) Label(&r_.events[e], e, g.terms[e]);
  }

  // Blocking keys of the earlier entities, to find the one an added name joins by the keys the
  // full run pairs names by (docs/reconcile.md, "Entities"): a body's normal name, its names as
  // written and their acronyms; a person's word keys, with the forms of their full names.
  struct EntityKeys {
    std::unordered_map<std::string, uint32_t> body_normal, body_written, body_acronym;
    std::unordered_map<std::string, std::vector<uint32_t>> person_key;
    std::unordered_map<uint32_t, std::vector<NameForm>> full_forms;  // per person entity
    std::unordered_set<std::string> seen;  // "entity|variant" already keyed
  };

  void AddKeys(EntityKeys* keys, uint32_t e, const std::string& variant, bool person) const {
    if (variant.empty() || !keys->seen.insert(std::to_string(e) + "|" + variant).second) return;
    if (!person) {
      keys->body_normal.try_emplace(Normal(variant), e);
      keys->body_written.try_emplace(variant, e);
      if (std::string a = Acronym(variant); a.size() >= 2 && a != variant) keys->body_acronym.try_emplace(a, e);
      return;
    }
    NameForm form = FormOf(variant);
    if (form.tokens.size() < 2) return;  // a family name: matched through the full names
    for (size_t t = 0; t < form.tokens.size(); ++t) {
      std::vector<uint32_t>& list = keys->person_key[TokenKey(form, t)];
      if (list.empty() || list.back() != e) list.push_back(e);
    }
    keys->full_forms[e].push_back(std::move(form));
  }

  // The entity local i joins, with why, or nullopt: a new entity.
  std::optional<std::pair<uint32_t, std::string>> EntityOf(size_t i, const EntityKeys& keys,
                                                           const std::vector<std::vector<std::string>>& roles) const {
    const Local& l = locals_[i];
    const std::string& name = S(l.name);
    if (!l.person) {
      if (auto it = keys.body_normal.find(NormalOf(i)); it != keys.body_normal.end())
        return std::pair(it->second, "same name \"" + name + "\"");
      const std::string acronym = Acronym(name);
      if (acronym.size() >= 2 && acronym != name)
        if (auto it = keys.body_written.find(acronym); it != keys.body_written.end())
          return std::pair(it->second, "\"" + acronym + "\" is the acronym of \"" + name + "\"");
      if (auto it = keys.body_acronym.find(name); it != keys.body_acronym.end())
        return std::pair(it->second, "\"" + name + "\" is an acronym of \"" + r_.entities[it->second].name + "\"");
      for (uint32_t v : l.variants)
        if (v != l.name)
          if (auto it = keys.body_written.find(S(v)); it != keys.body_written.end())
            return std::pair(it->second, "both are written \"" + S(v) + "\"");
      return std::nullopt;
    }
    const NameForm form = FormOf(name);
    if (form.tokens.empty()) return std::nullopt;
    // every word of the shorter name matches one of the longer's: an entity that fits shares
    // one of the name's word keys (the name may be the longer)
    std::vector<uint32_t> candidates;
    for (size_t t = 0; t < form.tokens.size(); ++t)
      if (auto it = keys.person_key.find(TokenKey(form, t)); it != keys.person_key.end())
        candidates.insert(candidates.end(), it->second.begin(), it->second.end());
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    const std::set<std::string> mine = RoleWords(S(l.role));
    std::optional<uint32_t> fit;
    size_t fits = 0;
    for (uint32_t e : candidates) {
      auto forms = keys.full_forms.find(e);
      if (forms == keys.full_forms.end()) continue;
      for (const NameForm& f : forms->second) {
        const bool same = f.tokens.size() >= form.tokens.size() ? SamePersonName(form, f) : SamePersonName(f, form);
        if (!same) continue;
        if (form.tokens.size() >= 2) return std::pair(e, "\"" + name + "\" and \"" + r_.entities[e].name + "\" are spellings of one name");
        // a lone surname: the one entity that fits with a role that does not contradict
        const bool contradict = !mine.empty() && std::none_of(roles[e].begin(), roles[e].end(), [&](const std::string& r) {
          const std::set<std::string> theirs = RoleWords(r);
          return theirs.empty() || std::any_of(mine.begin(), mine.end(), [&](const std::string& w) { return theirs.count(w) > 0; });
        });
        if (!contradict && fit != e) fit = e, ++fits;
        break;
      }
    }
    if (fits == 1) return std::pair(*fit, "\"" + name + "\" fits only \"" + r_.entities[*fit].name + "\"");
    return std::nullopt;
  }

  // The added documents' names join the earlier entities or make new ones, one at a time, each
  // seeing those before it; earlier entities keep their names and are never joined to each other.
  void ResumeEntities(Reconciliation& earlier, std::vector<std::vector<std::string>> roles) {
    r_.entities = std::move(earlier.entities);
    EntityKeys keys;
    for (size_t e = 0; e < r_.entities.size(); ++e)
      for (const std::string& v : r_.entities[e].variants) AddKeys(&keys, static_cast<uint32_t>(e), v, r_.entities[e].person);
    const size_t first_new = r_.entities.size();
    local_entity_.assign(locals_.size(), kNoIndex);
    std::unordered_set<uint64_t> entity_doc;  // (entity, document) pairs listed in this run
    auto words = [](const std::string& s) { return std::count(s.begin(), s.end(), ' '); };
    for (size_t i = 0; i < locals_.size(); ++i) {
      const Local& l = locals_[i];
      uint32_t e;
      if (auto found = EntityOf(i, keys, roles)) {
        e = found->first;
        r_.entities[e].why.push_back(found->second);
      } else {
        e = static_cast<uint32_t>(r_.entities.size());
        Entity fresh;
        fresh.id = "e" + std::to_string(e + 1);
        fresh.person = l.person;
        r_.entities.push_back(std::move(fresh));
        roles.emplace_back();
      }
      Entity& en = r_.entities[e];
      local_entity_[i] = e;
      for (uint32_t v : l.variants) {
        AddUnique(&en.variants, S(v));
        if (en.person)
          if (std::string f = FamilyName(S(v)); !f.empty()) AddUnique(&en.variants, f);
        AddKeys(&keys, e, S(v), en.person);
      }
      if (!S(l.doc).empty() && entity_doc.insert((uint64_t{e} << 32) | l.doc).second) en.docs.push_back(S(l.doc));
      if (l.person && std::find(roles[e].begin(), roles[e].end(), S(l.role)) == roles[e].end()) roles[e].push_back(S(l.role));
      const std::string& name = S(l.name);
      if (e >= first_new && (en.name.empty() || words(name) > words(en.name) || (words(name) == words(en.name) && name.size() > en.name.size())))
        en.name = name;
    }
    // spokespeople of the added documents: the body their role names in the same document, or
    // a body's whole name anywhere
    speaks_for_.assign(locals_.size(), kNoIndex);
    std::unordered_map<uint32_t, std::vector<size_t>> bodies_of_doc;
    for (size_t i = 0; i < locals_.size(); ++i)
      if (!locals_[i].person) bodies_of_doc[locals_[i].doc].push_back(i);
    for (size_t i = 0; i < locals_.size(); ++i) {
      const Local& l = locals_[i];
      if (!l.person || S(l.role).empty()) continue;
      const std::vector<std::string> role = RoleBodyWords(S(l.role));
      if (role.empty()) continue;
      if (auto bodies = bodies_of_doc.find(l.doc); bodies != bodies_of_doc.end())
        speaks_for_[i] = FullestBodyNaming(role, bodies->second, [&](uint32_t name) { return NameTokens(S(name)); });
      if (speaks_for_[i] != kNoIndex) continue;
      if (auto it = keys.body_normal.find(JoinWords(role)); it != keys.body_normal.end()) speaks_for_[i] = it->second;
    }
    // the added claims' entities
    claim_local_.assign(claims_.size(), kNoIndex);
    for (size_t i = 0; i < claims_.size(); ++i) {
      const ClaimRecord& c = claims_[i];
      if (c.source == ClaimRecord::kNone) continue;
      const std::optional<uint32_t> doc = strings_.Find(Str(c.doc)), source = strings_.Find(Str(c.source));
      if (!doc || !source) continue;
      auto it = local_of_.find(LocalKey(*doc, *source));
      if (it == local_of_.end()) continue;
      const uint32_t l = static_cast<uint32_t>(it->second);
      claim_local_[i] = l;
      claim_entity_index_[i] = local_entity_[l];
      claim_speaker_[i] = speaks_for_[l] != kNoIndex ? speaks_for_[l] : local_entity_[l];
      r_.claim_entity[i] = r_.entities[local_entity_[l]].id;
    }
    if (checkpoint_) checkpoint_->entity_roles = std::move(roles);
    std::vector<Local>().swap(locals_);
    std::unordered_map<uint64_t, size_t>().swap(local_of_);
    strings_ = Interned();
  }

  // What claim i tells events about its document: its place, party and telling figure, and
  // a day when the document has none.
  void AddClaimTo(EventDocument* e, size_t i) const {
    const ClaimRecord& c = claims_[i];
    if (c.location != ClaimRecord::kNone) {
      std::string place = AsciiLowerCopy(Str(c.location));
      if (std::find(e->places.begin(), e->places.end(), place) == e->places.end()) e->places.push_back(place);
    }
    constexpr int64_t kTellingFigure = 10;  // smaller counts coincide too often to match on
    if (c.has_best && c.best >= kTellingFigure && c.scope != Scope::kOther) {
      std::string figure = std::string(MeasureName(c.measure)) + " " + std::to_string(c.best);
      if (std::find(e->figures.begin(), e->figures.end(), figure) == e->figures.end()) e->figures.push_back(figure);
    }
    if (c.party != ClaimRecord::kNone)
      if (const std::string& party = Str(c.party); std::find(e->parties.begin(), e->parties.end(), party) == e->parties.end())
        e->parties.push_back(party);
    if (e->day == INT64_MIN && ClaimDay(i) != INT64_MIN) e->day = ClaimDay(i);
  }

  // ---- documents ---------------------------------------------------------------------------

  // What a document claims, as one comparable key: copies must claim the same figures.
  std::vector<std::string> ClaimKeys() const {
    std::vector<std::vector<std::string>> parts(docs_.size());
    for (size_t i = 0; i < claims_.size(); ++i) {
      if (claim_doc_[i] == kNoIndex) continue;
      const ClaimRecord& c = claims_[i];
      const Interval value = c.value();
      parts[claim_doc_[i]].push_back(std::string(MeasureName(c.measure)) + "|" + PartyOr(c, "") + "|" +
                                     std::string(QualifierName(c.qualifier)) + "|" + std::to_string(value.low.value_or(-1)) +
                                     "|" + std::to_string(value.best.value_or(-1)) + "|" +
                                     std::to_string(value.high.value_or(-1)));
    }
    std::vector<std::string> keys(docs_.size());
    for (size_t d = 0; d < docs_.size(); ++d) {
      std::sort(parts[d].begin(), parts[d].end());
      for (const std::string& p : parts[d]) keys[d] += p + ";";
    }
    return keys;
  }

  struct BucketHash {
    size_t operator()(const std::pair<uint64_t, std::string_view>& k) const {
      return std::hash<uint64_t>()(k.first) ^ (std::hash<std::string_view>()(k.second) * 0x9E3779B97F4A7C15ull);
    }
  };

  // Near-duplicates: SimHashes within near_duplicate_bits AND the same claims. Candidates: within
  // an event (near-identical text is one event), documents equal in one of 11 blocks of the
  // 64 bits; with at most 10 bits apart one block is always equal (pigeonhole), so none is missed.
  void Documents() {
    const size_t n = docs_.size();
    r_.documents.resize(n);
    UnionFind uf(n);
    const std::vector<std::string> keys = ClaimKeys();
    constexpr int kBlocks = 11;
    static_assert(kBlocks > 10);
    for (size_t e = 0; e < r_.events.size(); ++e) {
      const Event& ev = r_.events[e];
      if (ev.docs.size() < 2 || !Touched(e)) continue;
      // a block is 5 or 6 bits, too few to tell thousands of documents apart: the bucket is also
      // keyed by what they claim, which copies share
      std::unordered_map<std::pair<uint64_t, std::string_view>, std::vector<size_t>, BucketHash> buckets;
      for (size_t d : ev.docs)
        for (int b = 0; b < kBlocks; ++b) {
          const int lo = b * 64 / kBlocks, hi = (b + 1) * 64 / kBlocks;
          const uint64_t bits = (docs_[d].simhash >> lo) & ((uint64_t{1} << (hi - lo)) - 1);
          buckets[{(static_cast<uint64_t>(b) << 58) | bits, keys[d]}].push_back(d);
        }
      for (const auto& [key, list] : buckets)
        for (size_t a = 0; a < list.size(); ++a)
          for (size_t b = a + 1; b < list.size(); ++b) {
            const size_t x = list[a], y = list[b];
            if (uf.Find(x) == uf.Find(y) || keys[x] != keys[y]) continue;
            if (__builtin_popcountll(docs_[x].simhash ^ docs_[y].simhash) <= o_.near_duplicate_bits) uf.Join(x, y);
          }
    }
    // the original: the earliest dated; on the same day the fuller text (copies get cut)
    std::unordered_map<size_t, size_t> original;
    auto earlier = [&](size_t a, size_t b) {
      const std::string &da = docs_[a].date, &db = docs_[b].date;
      if (da.empty() != db.empty()) return !da.empty();
      if (da != db) return da < db;
      if (docs_[a].text_bytes != docs_[b].text_bytes) return docs_[a].text_bytes > docs_[b].text_bytes;
      return docs_[a].id < docs_[b].id;
    };
    for (size_t i = 0; i < n; ++i) {
      if (!Touched(r_.doc_event[i])) continue;
      size_t root = uf.Find(i);
      auto it = original.find(root);
      if (it == original.end() || earlier(i, it->second)) original[root] = i;
    }
    for (size_t i = 0; i < n; ++i) {
      if (!Touched(r_.doc_event[i])) continue;  // resumed: as the earlier reconciliation had it
      DocumentInfo& d = r_.documents[i];
      d.id = docs_[i].id;
      d.outlet = !docs_[i].outlet.empty() ? docs_[i].outlet : !Host(docs_[i].url).empty() ? Host(docs_[i].url) : docs_[i].id;
      size_t o = original[uf.Find(i)];
      d.near_duplicate_of.reset();
      if (o != i) d.near_duplicate_of = docs_[o].id;
    }
  }

  // Whether event e's near-duplicates, clusters and series are computed in this run: all of them
  // in a full one, those the added documents touch when resuming.
  bool Touched(size_t e) const { return touched_.empty() || touched_[e]; }

  // The outlet a claim counts for: a near-duplicate counts as its original.
  std::string OutletOf(const std::string& doc) const {
    auto it = doc_index_.find(doc);
    if (it == doc_index_.end()) return doc;
    const DocumentInfo& d = r_.documents[it->second];
    if (d.near_duplicate_of) return r_.documents[doc_index_.at(*d.near_duplicate_of)].outlet;
    return d.outlet;
  }

  // ---- entities ----------------------------------------------------------------------------

  // Entities from the locals CollectLocals gathered (before events: the names are read in the
  // ledger's read snapshot, which ends once the texts are read).
  void Entities() {
    const size_t n = locals_.size();
    UnionFind uf(n);
    KeepReviewedSplitsApart();
    JoinBodies(&uf);
    JoinPeople(&uf);
    JoinReviewedMerges(&uf);
    BuildEntities(&uf);
    SpeakersForBodies();
    ClaimEntities();
    if (checkpoint_) {
      checkpoint_->entity_roles.assign(r_.entities.size(), {});
      for (size_t i = 0; i < locals_.size(); ++i)
        if (locals_[i].person) {
          std::vector<std::string>& roles = checkpoint_->entity_roles[local_entity_[i]];
          if (std::find(roles.begin(), roles.end(), S(locals_[i].role)) == roles.end()) roles.push_back(S(locals_[i].role));
        }
    }
    // the per-(document, name) working set is done with: freed now, the later stages reuse its
    // memory rather than add to the peak
    std::vector<Local>().swap(locals_);
    std::unordered_map<uint64_t, size_t>().swap(local_of_);
    std::vector<std::string>().swap(normal_of_);
    std::unordered_map<size_t, std::string>().swap(why_);
    std::vector<bool>().swap(split_);
    strings_ = Interned();
  }

  const std::string& S(uint32_t id) const { return strings_[id]; }
  // The normal form of local i's name (Normal), computed once per distinct name.
  const std::string& NormalOf(size_t i) const { return normal_of_[locals_[i].name]; }
  static uint64_t LocalKey(uint32_t doc, uint32_t name) { return (static_cast<uint64_t>(doc) << 32) | name; }

  void AddVariant(Local* l, uint32_t v) const {
    auto at = std::lower_bound(l->variants.begin(), l->variants.end(), v,
                               [&](uint32_t a, uint32_t b) { return S(a) < S(b); });
    if (at == l->variants.end() || *at != v) l->variants.insert(at, v);
  }

  // local entities: one per (document, name), from the names (read from options.names when set,
  // one at a time: a big ledger has millions) and the claims' sources
  void CollectLocals(const std::vector<bool>* only_docs = nullptr) {
    auto wanted = [&](const std::string& doc) {
      if (!only_docs) return true;
      auto it = doc_index_.find(doc);
      return it != doc_index_.end() && (*only_docs)[it->second];
    };
    const uint32_t empty = strings_.Id("");
    auto local = [&](std::string_view doc, std::string_view name) -> Local& {
      const uint32_t d = strings_.Id(doc), nm = strings_.Id(name);
      auto [it, fresh] = local_of_.try_emplace(LocalKey(d, nm), locals_.size());
      if (fresh) locals_.push_back(Local{d, nm, empty, false, {nm}});
      return locals_[it->second];
    };
    auto each_name = [&](const StoredName& n) {
      if (!wanted(n.doc)) return;
      Local& l = local(n.doc, n.name.name);
      AddVariant(&l, strings_.Id(n.name.variant));
      l.person |= n.name.person;
      if (l.role == empty) l.role = strings_.Id(n.name.role);
    };
    if (only_docs && o_.names_of) {
      std::vector<std::string> ids;
      for (size_t d = 0; d < docs_.size(); ++d)
        if ((*only_docs)[d]) ids.push_back(docs_[d].id);
      std::sort(ids.begin(), ids.end());
      o_.names_of(ids, each_name);
    } else if (o_.names) {
      o_.names(each_name);
    } else {
      for (const StoredName& n : names_) each_name(n);
    }
    for (size_t i = 0; i < claims_.size(); ++i)
      if (const ClaimRecord& c = claims_[i]; c.source != ClaimRecord::kNone && wanted(Str(c.doc))) {
        Local& l = local(Str(c.doc), Str(c.source));
        if (l.role == empty && c.source_role != ClaimRecord::kNone) l.role = strings_.Id(Str(c.source_role));
      }
    normal_of_.assign(strings_.size(), {});
    std::vector<bool> done(strings_.size(), false);
    for (const Local& l : locals_)
      if (!done[l.name]) {
        done[l.name] = true;
        normal_of_[l.name] = Normal(S(l.name));
      }
  }

  // bodies: the same words, or one the acronym of the other, or one written as the other.
  // Blocking keys, not all pairs: the normal name, the name as written, each variant.
  void JoinBodies(UnionFind* uf) {
    std::unordered_map<std::string_view, size_t> by_normal;
    std::unordered_map<uint32_t, size_t> by_name;
    // views of interned strings, hashed as the strings: the joins come in the same order
    std::unordered_map<std::string_view, std::vector<size_t>> by_variant;
    for (size_t i = 0; i < locals_.size(); ++i) {
      const Local& a = locals_[i];
      if (a.person) continue;
      if (auto [it, fresh] = by_normal.try_emplace(NormalOf(i), i); !fresh)
        Join(uf, it->second, i, "same name \"" + S(locals_[it->second].name) + "\"");
      by_name.try_emplace(a.name, i);
      for (uint32_t v : a.variants)
        if (v != a.name) by_variant[S(v)].push_back(i);
    }
    std::unordered_map<uint32_t, std::string> acronym_of;  // per name: bodies are mentioned over and over
    for (size_t i = 0; i < locals_.size(); ++i) {
      const Local& a = locals_[i];
      if (a.person) continue;
      auto [ac, fresh] = acronym_of.try_emplace(a.name);
      if (fresh) ac->second = Acronym(S(a.name));
      const std::string& acronym = ac->second;
      if (acronym.size() >= 2 && acronym != S(a.name))
        if (std::optional<uint32_t> id = strings_.Find(acronym))
          if (auto it = by_name.find(*id); it != by_name.end())
            Join(uf, i, it->second, "\"" + acronym + "\" is the acronym of \"" + S(a.name) + "\"");
    }
    for (const auto& [variant, list] : by_variant)
      for (size_t k = 1; k < list.size(); ++k) Join(uf, list[0], list[k], "both are written \"" + std::string(variant) + "\"");
  }

  // The blocking key of a name's token: its skeleton when long enough to match by, else the
  // token itself (SameToken in names.cc matches on nothing else).
  static std::string TokenKey(const NameForm& f, size_t t) {
    constexpr size_t kMinSkeleton = 3;
    return f.skeletons[t].size() >= kMinSkeleton ? "s:" + f.skeletons[t] : "t:" + f.tokens[t];
  }

  // people: full names that are spellings of one another; a lone surname only when exactly one
  // full name fits it and their roles do not contradict. Every token of the shorter name must
  // match one of the longer, so the longer is in the posting of the shorter's rarest token key.
  // Names are paired as names, not per document: a spokesperson quoted in thousands of
  // documents is folded and compared once.
  void JoinPeople(UnionFind* uf) {
    std::unordered_map<uint32_t, size_t> name_of;  // name -> index into form, locals_of
    std::vector<NameForm> form;
    std::vector<std::vector<size_t>> locals_of;
    for (size_t i = 0; i < locals_.size(); ++i)
      if (locals_[i].person) {
        auto [it, fresh] = name_of.try_emplace(locals_[i].name, form.size());
        if (fresh) {
          form.push_back(FormOf(S(locals_[i].name)));
          locals_of.emplace_back();
        }
        locals_of[it->second].push_back(i);
      }
    std::unordered_map<std::string, std::vector<size_t>> posting;  // token key -> names
    for (size_t k = 0; k < form.size(); ++k) {
      std::set<std::string> keys;
      for (size_t t = 0; t < form[k].tokens.size(); ++t) keys.insert(TokenKey(form[k], t));
      for (const std::string& key : keys) posting[key].push_back(k);
    }
    auto rarest = [&](size_t k) -> const std::vector<size_t>& {
      const std::vector<size_t>* best = nullptr;
      for (size_t t = 0; t < form[k].tokens.size(); ++t) {
        const std::vector<size_t>& p = posting[TokenKey(form[k], t)];
        if (!best || p.size() < best->size()) best = &p;
      }
      return *best;
    };
    for (size_t a = 0; a < form.size(); ++a) {
      if (form[a].tokens.size() < 2) continue;
      const std::string& x = S(locals_[locals_of[a][0]].name);
      if (SamePersonName(form[a], form[a]))
        for (size_t i = 1; i < locals_of[a].size(); ++i) Join(uf, locals_of[a][0], locals_of[a][i], "same name \"" + x + "\"");
      for (size_t b : rarest(a)) {
        if (b <= a && form[b].tokens.size() == form[a].tokens.size()) continue;  // each equal-length pair once
        if (form[b].tokens.size() < form[a].tokens.size() || !SamePersonName(form[a], form[b])) continue;
        Join(uf, locals_of[a][0], locals_of[b][0], "\"" + x + "\" and \"" + S(locals_[locals_of[b][0]].name) + "\" are spellings of one name");
      }
    }
    JoinLoneSurnames(uf, form, locals_of, rarest);
  }

  // A lone surname joins the one full name that fits it with a role that does not contradict
  // its own; decided once per surname and role.
  template <typename Rarest>
  void JoinLoneSurnames(UnionFind* uf, const std::vector<NameForm>& form, const std::vector<std::vector<size_t>>& locals_of,
                        Rarest&& rarest) {
    std::unordered_map<uint32_t, std::set<std::string>> role_words;
    auto words_of = [&](uint32_t role) -> const std::set<std::string>& {
      auto [it, fresh] = role_words.try_emplace(role);
      if (fresh) it->second = RoleWords(S(role));
      return it->second;
    };
    for (size_t k = 0; k < form.size(); ++k) {
      if (form[k].tokens.size() != 1) continue;
      std::unordered_map<uint32_t, std::optional<size_t>> fit_of_role;  // role -> the one local that fits
      for (size_t s : locals_of[k]) {
        auto [it, fresh] = fit_of_role.try_emplace(locals_[s].role);
        if (fresh) {
          const std::set<std::string>& rs = words_of(locals_[s].role);
          std::map<size_t, size_t> fits;  // root -> a local of it
          for (size_t m : rarest(k)) {
            if (form[m].tokens.size() < 2 || !SamePersonName(form[k], form[m])) continue;
            for (size_t lm : locals_of[m]) {
              const std::set<std::string>& rm = words_of(locals_[lm].role);
              const bool contradict = !rs.empty() && !rm.empty() &&
                                      std::none_of(rs.begin(), rs.end(), [&](const std::string& w) { return rm.count(w) > 0; });
              if (!contradict) fits.try_emplace(uf->Find(lm), uf->Find(lm));
            }
          }
          if (fits.size() == 1) it->second = fits.begin()->second;
        }
        if (it->second) Join(uf, s, *it->second, "\"" + S(locals_[s].name) + "\" fits only \"" + S(locals_[*it->second].name) + "\"");
      }
    }
  }

  void BuildEntities(UnionFind* uf) {
    std::map<size_t, size_t> entity_of_root;
    std::vector<std::unordered_set<uint32_t>> docs_of;  // per entity: a name can be in thousands
    local_entity_.resize(locals_.size());
    for (size_t i = 0; i < locals_.size(); ++i) {
      size_t root = uf->Find(i);
      auto [it, fresh] = entity_of_root.try_emplace(root, r_.entities.size());
      if (fresh) {
        Entity e;
        e.id = "e" + std::to_string(r_.entities.size() + 1);
        r_.entities.push_back(e);
        docs_of.emplace_back();
      }
      Entity& e = r_.entities[it->second];
      const Local& l = locals_[i];
      e.person |= l.person;
      for (uint32_t v : l.variants) AddUnique(&e.variants, S(v));
      if (!S(l.doc).empty() && docs_of[it->second].insert(l.doc).second) e.docs.push_back(S(l.doc));
      if (auto w = why_.find(i); w != why_.end()) e.why.push_back(w->second);
      // the name: most words, then longest
      auto words = [](const std::string& s) { return std::count(s.begin(), s.end(), ' '); };
      const std::string& name = S(l.name);
      if (e.name.empty() || words(name) > words(e.name) || (words(name) == words(e.name) && name.size() > e.name.size()))
        e.name = name;
      local_entity_[i] = it->second;
    }
    for (Entity& e : r_.entities) {
      if (!e.person) continue;
      std::vector<std::string> full = e.variants;
      for (const std::string& v : full)
        if (std::string f = FamilyName(v); !f.empty()) AddUnique(&e.variants, f);
    }
    r_.claim_entity.resize(claims_.size());
    claim_local_.assign(claims_.size(), kNoIndex);
    for (size_t i = 0; i < claims_.size(); ++i) {
      const ClaimRecord& c = claims_[i];
      if (c.source == ClaimRecord::kNone) continue;
      const std::optional<uint32_t> doc = strings_.Find(Str(c.doc)), source = strings_.Find(Str(c.source));
      if (!doc || !source) continue;
      auto it = local_of_.find(LocalKey(*doc, *source));
      if (it == local_of_.end()) continue;
      claim_local_[i] = it->second;
      r_.claim_entity[i] = r_.entities[local_entity_[it->second]].id;
    }
  }

  // A person speaking for a body ("Tomas Varga, the Interior Ministry's spokesman") is that
  // body's source series: the role's words other than job words ("interior ministry") name a
  // body of the same document, or else a body's whole name anywhere.
  // The words of a spokesperson's role that can name a body ("the Interior Ministry's spokesman":
  // interior, ministry): no article, no single letters, no words of roles.
  std::vector<std::string> RoleBodyWords(const std::string& role) const {
    std::vector<std::string> words;
    for (const std::string& t : NameTokens(role))
      if (t != "the" && t.size() > 1 && !lex_.role_words.count(t)) words.push_back(t);
    return words;
  }

  // The entity of the body among `bodies` (locals) whose name holds every one of words, the
  // fullest such ("Interior Ministry" over "ministry"); kNoIndex when none does. tokens(name id)
  // gives a name's words.
  template <class TokensOf>
  uint32_t FullestBodyNaming(const std::vector<std::string>& words, const std::vector<size_t>& bodies,
                             TokensOf&& tokens) const {
    uint32_t found = kNoIndex;
    size_t most = 0;
    for (size_t b : bodies) {
      const auto& body = tokens(locals_[b].name);
      if (body.size() > most && std::all_of(words.begin(), words.end(), [&](const std::string& w) {
            return std::find(body.begin(), body.end(), w) != body.end();
          })) {
        found = local_entity_[b];
        most = body.size();
      }
    }
    return found;
  }

  static std::string JoinWords(const std::vector<std::string>& words) {
    std::string joined;
    for (const std::string& w : words) joined += (joined.empty() ? "" : " ") + w;
    return joined;
  }

  void SpeakersForBodies() {
    std::unordered_map<uint32_t, std::vector<size_t>> bodies_of_doc;
    std::unordered_map<std::string_view, size_t> body_by_normal;
    for (size_t i = 0; i < locals_.size(); ++i)
      if (!locals_[i].person) {
        bodies_of_doc[locals_[i].doc].push_back(i);
        body_by_normal.try_emplace(NormalOf(i), i);
      }
    // per role and per body name, their words: a spokesperson's role repeats in every document
    std::unordered_map<uint32_t, std::vector<std::string>> words_of_role, tokens_of_name;
    auto tokens = [&](uint32_t name) -> const std::vector<std::string>& {
      auto [it, fresh] = tokens_of_name.try_emplace(name);
      if (fresh) it->second = NameTokens(S(name));
      return it->second;
    };
    speaks_for_.assign(locals_.size(), kNoIndex);
    for (size_t i = 0; i < locals_.size(); ++i) {
      const Local& l = locals_[i];
      if (!l.person || S(l.role).empty()) continue;
      auto [wr, fresh] = words_of_role.try_emplace(l.role);
      if (fresh) wr->second = RoleBodyWords(S(l.role));
      const std::vector<std::string>& words = wr->second;
      if (words.empty()) continue;
      if (auto bodies = bodies_of_doc.find(l.doc); bodies != bodies_of_doc.end())
        speaks_for_[i] = FullestBodyNaming(words, bodies->second, tokens);
      if (speaks_for_[i] != kNoIndex) continue;
      if (auto it = body_by_normal.find(JoinWords(words)); it != body_by_normal.end())
        speaks_for_[i] = local_entity_[it->second];
    }
  }

  // The entity a claim's figures count for: the body its spokesperson speaks for, or its own.
  size_t SpeakerEntity(size_t i) const {
    return claim_speaker_[i] == ReconcileCheckpoint::kNone ? SIZE_MAX : claim_speaker_[i];
  }

  // Per claim, its entity and the entity it speaks for, from the locals (claim_local_,
  // local_entity_, speaks_for_): what the later stages and a checkpoint read.
  void ClaimEntities() {
    claim_entity_index_.assign(claims_.size(), ReconcileCheckpoint::kNone);
    claim_speaker_.assign(claims_.size(), ReconcileCheckpoint::kNone);
    for (size_t i = 0; i < claims_.size(); ++i) {
      const uint32_t l = claim_local_[i];
      if (l == kNoIndex) continue;
      claim_entity_index_[i] = local_entity_[l];
      claim_speaker_[i] = speaks_for_[l] != kNoIndex ? speaks_for_[l] : local_entity_[l];
    }
  }

  // ---- people's decisions about entities (review.h) ----------------------------------------

  // The decisions in force, oldest first: a merge joins two names; a split keeps a name apart
  // and drops the earlier merges of it (a later merge joins it again). Names are compared in
  // their normal form, as JoinBodies compares them.
  void DecisionsInForce() {
    for (const EntityDecision& d : o_.entity_decisions) {
      const std::string name = Normal(d.name);
      if (name.empty()) continue;
      if (d.action == EntityAction::kMerge) {
        const std::string other = Normal(d.other);
        if (!other.empty() && other != name) merges_.push_back({name, other, d.name, d.other, d.reviewer});
        continue;
      }
      std::erase_if(merges_, [&](const ReviewedMerge& m) { return m.a == name || m.b == name; });
      splits_[name] = d;
    }
  }

  // Marks the locals a split names (by their name, or a variant written as the split name):
  // Join never joins them to a local of another name.
  void KeepReviewedSplitsApart() {
    DecisionsInForce();
    split_.assign(locals_.size(), false);
    if (splits_.empty()) return;
    std::set<std::string> written;
    for (const auto& [normal, d] : splits_) written.insert(d.name);
    std::set<std::string> explained;
    for (size_t i = 0; i < locals_.size(); ++i) {
      auto it = splits_.find(NormalOf(i));
      bool apart = it != splits_.end();
      for (uint32_t v : locals_[i].variants) apart = apart || written.count(S(v)) > 0;
      if (!apart) continue;
      split_[i] = true;
      if (it != splits_.end() && explained.insert(NormalOf(i)).second)
        why_[i] = "\"" + S(locals_[i].name) + "\" kept apart by " + it->second.reviewer;
    }
  }

  void JoinReviewedMerges(UnionFind* uf) {
    if (merges_.empty()) return;
    std::unordered_map<std::string, std::vector<size_t>> locals_of_normal;
    for (const ReviewedMerge& m : merges_) {
      locals_of_normal[m.a];
      locals_of_normal[m.b];
    }
    for (size_t i = 0; i < locals_.size(); ++i)
      if (auto it = locals_of_normal.find(NormalOf(i)); it != locals_of_normal.end()) it->second.push_back(i);
    for (const ReviewedMerge& m : merges_) {
      const std::vector<size_t>& a = locals_of_normal[m.a];
      const std::vector<size_t>& b = locals_of_normal[m.b];
      if (a.empty() || b.empty()) continue;  // a name no longer in the ledger
      const std::string reason = "\"" + m.name_a + "\" and \"" + m.name_b + "\" merged by " + m.reviewer;
      for (const std::vector<size_t>* side : {&a, &b})
        for (size_t l : *side) ForceJoin(uf, a[0], l, reason);
    }
  }

  void Join(UnionFind* uf, size_t a, size_t b, const std::string& reason) {
    // a name a person split off joins only its own spellings
    if ((split_[a] || split_[b]) && NormalOf(a) != NormalOf(b)) return;
    ForceJoin(uf, a, b, reason);
  }

  void ForceJoin(UnionFind* uf, size_t a, size_t b, const std::string& reason) {
    if (uf->Find(a) == uf->Find(b)) return;
    uf->Join(a, b);
    why_[std::max(a, b)] = reason;
  }

  static void AddUnique(std::vector<std::string>* v, const std::string& s) {
    if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
  }

  // ---- clusters ------------------------------------------------------------------------------

  bool SameValue(size_t i, size_t j) const {
    const ClaimRecord &a = claims_[i], &b = claims_[j];
    if (a.has_best && b.has_best) {
      const double x = static_cast<double>(a.best), y = static_cast<double>(b.best);
      return std::abs(x - y) <= o_.same_value_margin * std::max(x, y);
    }
    if (a.has_best || b.has_best) return false;
    return Overlap(ReadingOf(i), ReadingOf(j));
  }

  bool SameSource(size_t i, size_t j) const {
    const ClaimRecord &a = claims_[i], &b = claims_[j];
    if (a.source == ClaimRecord::kNone || b.source == ClaimRecord::kNone) return true;  // a re-report may drop the source
    const size_t ea = SpeakerEntity(i), eb = SpeakerEntity(j);
    if (ea != SIZE_MAX && ea == eb) return true;
    const bool pa = ea != SIZE_MAX && r_.entities[ea].person, pb = eb != SIZE_MAX && r_.entities[eb].person;
    if (pa || pb) return false;
    // two bodies that speak for the same country ("U.S. government", "French and German officials")
    const std::set<std::string>&fa = Affiliation(Str(a.source)), &fb = Affiliation(Str(b.source));
    return std::any_of(fa.begin(), fa.end(), [&](const std::string& c) { return fb.count(c) > 0; });
  }

  bool Compatible(size_t i, size_t j) const {
    const ClaimRecord &a = claims_[i], &b = claims_[j];
    if (a.doc == b.doc || a.measure != b.measure || a.scope != b.scope) return false;  // strings of one table: same id, same string
    if (a.party != ClaimRecord::kNone && b.party != ClaimRecord::kNone && a.party != b.party) return false;
    if (!SameValue(i, j)) return false;
    const int64_t da = ClaimDay(i), db = ClaimDay(j);
    if (da != INT64_MIN && db != INT64_MIN && std::llabs(da - db) > o_.same_claim_days) return false;
    return SameSource(i, j);
  }

  // The clusters of one event, measure and scope, in the order they were opened: all of them
  // (for a claim without a day), and those a dated claim can still join.
  struct ClusterLists {
    std::vector<size_t> all;
    std::unordered_map<int64_t, std::vector<size_t>> recent;  // by ValueBucket of the first member
  };

  // What a claim must agree with to join a cluster, kept as members join, so that a claim is
  // weighed against a cluster in a few comparisons rather than one per member (a big event's
  // clusters have thousands). Members are compatible with each other, so the cluster's party is
  // its members' one, its values all have a best or none, and "compatible with every member" is
  // "compatible with the extremes": values within the margin of the smallest and the largest
  // best (the values within a margin of a figure are an interval), readings overlapping the
  // narrowest, days within same_claim_days of the first and the last. Sources are compared once
  // per distinct (speaker entity, source) of the members. Same-document members are found from
  // the claim's own document (see Excluded).
  struct ClusterSummary {
    std::optional<std::string_view> party;
    double min_best = 0, max_best = 0;  // over members with a best
    bool negative = false;              // a best below zero: the extremes do not decide, compare all
    double max_low = -HUGE_VAL, min_high = HUGE_VAL;  // readings of members without a best
    int64_t first_day = INT64_MIN, last_day = INT64_MIN;  // over dated members
    std::vector<size_t> sources;  // one member per distinct (speaker entity, source)
  };

  void Summarize(ClusterSummary* s, size_t i, bool first) const {
    const ClaimRecord& c = claims_[i];
    if (!s->party && c.party != ClaimRecord::kNone) s->party = Str(c.party);
    if (c.has_best) {
      const double v = static_cast<double>(c.best);
      s->min_best = first ? v : std::min(s->min_best, v);
      s->max_best = first ? v : std::max(s->max_best, v);
      s->negative = s->negative || c.best < 0;
    } else {
      const Reading r = ReadingOf(i);
      s->max_low = std::max(s->max_low, r.low);
      s->min_high = std::min(s->min_high, r.high);
    }
    if (const int64_t day = ClaimDay(i); day != INT64_MIN) {
      s->first_day = s->first_day == INT64_MIN ? day : std::min(s->first_day, day);
      s->last_day = s->last_day == INT64_MIN ? day : std::max(s->last_day, day);
    }
    if (c.source == ClaimRecord::kNone) return;
    const size_t e = SpeakerEntity(i);
    for (size_t m : s->sources)
      if (SpeakerEntity(m) == e && claims_[m].source == c.source) return;
    s->sources.push_back(i);
  }

  // Compatible(i, m) for every member m of cluster k, but for the same-document test (the
  // caller leaves out the clusters of the claim's own document).
  bool Fits(size_t i, size_t k, const ClusterSummary& s) const {
    const ClaimRecord& a = claims_[i];
    if (a.party != ClaimRecord::kNone && s.party && Str(a.party) != *s.party) return false;
    const ClaimRecord& first = claims_[r_.clusters[k].members.front()];
    if (a.has_best) {
      if (!first.has_best) return false;
      if (s.negative || a.best < 0) {
        for (size_t m : r_.clusters[k].members)
          if (!SameValue(i, m)) return false;
      } else {
        const double x = static_cast<double>(a.best);
        auto same = [&](double y) { return std::abs(x - y) <= o_.same_value_margin * std::max(x, y); };
        if (!same(s.min_best) || !same(s.max_best)) return false;
      }
    } else {
      if (first.has_best) return false;
      const Reading r = ReadingOf(i);
      if (!(r.low <= s.min_high && s.max_low <= r.high)) return false;
    }
    if (const int64_t day = ClaimDay(i); day != INT64_MIN && s.first_day != INT64_MIN &&
                                          (day - s.first_day > o_.same_claim_days || s.last_day - day > o_.same_claim_days))
      return false;
    if (a.source == ClaimRecord::kNone) return true;
    return std::all_of(s.sources.begin(), s.sources.end(), [&](size_t m) { return SameSource(i, m); });
  }

  // Buckets of best values such that two values SameValue calls the same are in neighbouring
  // buckets: widths of log(1 / (1 - margin)) on a log scale. Zero and below, and figures with no
  // best, have buckets of their own.
  int64_t ValueBucket(const ClaimRecord& c) const {
    constexpr int64_t kNoBest = INT64_MIN + 8, kNotPositive = INT64_MIN + 4;  // neighbours stay apart
    if (!c.has_best) return kNoBest;
    if (c.best <= 0 || o_.same_value_margin >= 0.5) return kNotPositive;
    const double width = -std::log1p(-o_.same_value_margin) * (1 + 1e-9);  // wider than rounding
    return static_cast<int64_t>(std::floor(std::log(static_cast<double>(c.best)) / width));
  }

  // A claim joins the first cluster, in the order they were opened, whose every member is
  // compatible with it. Claims come in date order, so a cluster with a member dated more than
  // same_claim_days before a dated claim can take no later dated claim either: it leaves the
  // recent list, and a claim compares with the clusters of its week, not with all. excluded:
  // the clusters holding a claim of the same document (sorted), which it never joins.
  size_t HomeCluster(size_t i, ClusterLists* lists, const std::vector<ClusterSummary>& summary,
                     const std::vector<size_t>& excluded) {
    const int64_t day = ClaimDay(i);
    auto fits = [&](size_t k) {
      return !std::binary_search(excluded.begin(), excluded.end(), k) && Fits(i, k, summary[k]);
    };
    if (day == INT64_MIN) {
      for (size_t k : lists->all)
        if (fits(k)) return k;
      return SIZE_MAX;
    }
    auto expired = [&](size_t k) { return summary[k].first_day != INT64_MIN && day - summary[k].first_day > o_.same_claim_days; };
    std::vector<size_t> candidates;
    const int64_t bucket = ValueBucket(claims_[i]);
    for (int64_t b : {bucket - 1, bucket, bucket + 1}) {
      auto it = lists->recent.find(b);
      if (it == lists->recent.end()) continue;
      std::erase_if(it->second, expired);
      candidates.insert(candidates.end(), it->second.begin(), it->second.end());
    }
    std::sort(candidates.begin(), candidates.end());  // the order they were opened
    for (size_t k : candidates)
      if (fits(k)) return k;
    return SIZE_MAX;
  }

  // Claims are clustered only within their event, measure and scope.
  void Clusters() {
    std::vector<size_t> order;
    order.reserve(claims_.size());
    for (size_t i = 0; i < claims_.size(); ++i)
      if (Touched(claim_event_[i])) order.push_back(i);
    const size_t first_new = r_.clusters.size();
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return r_.claim_date[a].value_or("~") < r_.claim_date[b].value_or("~");
    });
    std::map<std::tuple<size_t, Measure, Scope>, ClusterLists> clusters_of;
    std::vector<ClusterSummary> summary(first_new);  // per cluster (those copied by a resume: unused)
    std::vector<size_t> cluster_of(claims_.size(), SIZE_MAX);
    // claims of a document the ledger does not hold, by the document named (claims_of_doc_
    // holds the others)
    std::unordered_map<std::string_view, std::vector<uint32_t>> orphans;
    for (size_t i = 0; i < claims_.size(); ++i)
      if (claim_doc_[i] == kNoIndex && Touched(claim_event_[i])) orphans[Str(claims_[i].doc)].push_back(i);
    std::vector<size_t> excluded;
    for (size_t i : order) {
      const ClaimRecord& c = claims_[i];
      excluded.clear();
      for (size_t j : claim_doc_[i] != kNoIndex ? claims_of_doc_[claim_doc_[i]] : orphans[Str(c.doc)])
        if (cluster_of[j] != SIZE_MAX) excluded.push_back(cluster_of[j]);
      std::sort(excluded.begin(), excluded.end());
      ClusterLists& lists = clusters_of[{claim_event_[i], c.measure, c.scope}];
      size_t home = HomeCluster(i, &lists, summary, excluded);
      if (home == SIZE_MAX) {
        home = r_.clusters.size();
        r_.clusters.push_back(Cluster{"c" + std::to_string(home + 1), c.measure, {}, {}, {}, 0, {}});
        summary.emplace_back();
        lists.all.push_back(home);
        lists.recent[ValueBucket(c)].push_back(home);
      }
      Summarize(&summary[home], i, r_.clusters[home].members.empty());
      r_.clusters[home].members.push_back(i);
      cluster_of[i] = home;
    }
    for (size_t k = first_new; k < r_.clusters.size(); ++k) {
      Cluster& c = r_.clusters[k];
      std::set<std::string> outlets;
      std::sort(c.members.begin(), c.members.end());
      for (size_t m : c.members) {
        const ClaimRecord& cl = claims_[m];
        outlets.insert(OutletOf(Str(cl.doc)));
        if (!c.party && cl.party != ClaimRecord::kNone) c.party = Str(cl.party);
        if (!c.source && cl.source != ClaimRecord::kNone) {
          c.source = claim_entity_index_[m] != ReconcileCheckpoint::kNone ? r_.entities[claim_entity_index_[m]].name : Str(cl.source);
          c.entity = r_.claim_entity[m];
        }
      }
      c.outlets = static_cast<int>(outlets.size());
    }
  }

  // ---- timeline ----------------------------------------------------------------------------

  // The source series of a claim, and the person who spoke when that is their body's series.
  std::pair<std::string, std::optional<std::string>> SourceSeries(size_t i) const {
    const ClaimRecord& c = claims_[i];
    if (const uint32_t e = claim_entity_index_[i]; e != ReconcileCheckpoint::kNone) {
      const std::string& own = r_.entities[e].name;
      if (claim_speaker_[i] != e) return {r_.entities[claim_speaker_[i]].name, own};
      return {own, std::nullopt};
    }
    if (c.source != ClaimRecord::kNone) return {Str(c.source), std::nullopt};
    return {"unattributed (" + OutletOf(Str(c.doc)) + ")", std::nullopt};
  }

  // How the text just before the figure frames it: "rose to", "revised to", "an earlier toll of".
  Framing FramingOf(size_t i, std::string_view text) const {
    const ClaimRecord& c = claims_[i];
    if (claim_doc_[i] == kNoIndex || c.figure_at == ClaimRecord::kNone) return Framing::kNone;
    const size_t end = c.figure_at;
    if (text.empty() || end > text.size()) return Framing::kNone;
    constexpr size_t kReach = 60;   // bytes before the figure
    constexpr int kMaxBetween = 2;  // words between the phrase and the figure
    const size_t begin = end > kReach ? end - kReach : 0;
    const std::string before = " " + AsciiLowerCopy(NormalizeSpaces(text.substr(begin, end - begin))) + " ";
    // each phrase's last occurrence as " phrase " (what rfind would find: it starts at a space,
    // so only spaces are tried, last first), and it frames the figure when few words follow it
    std::vector<size_t> spaces;
    for (size_t at = 0; at < before.size(); ++at)
      if (before[at] == ' ') spaces.push_back(at);
    const std::string_view b(before);
    for (const auto& [phrase, kind] : lex_.framing) {
      const size_t len = phrase.size() + 2;
      if (len > b.size()) continue;
      for (auto at = spaces.rbegin(); at != spaces.rend(); ++at) {
        if (*at + len > b.size() || b[*at + len - 1] != ' ' || b.substr(*at + 1, phrase.size()) != phrase) continue;
        const std::string_view rest = b.substr(*at + len);
        if (std::count(rest.begin(), rest.end(), ' ') <= kMaxBetween) return kind;
        break;  // the last occurrence decides, as rfind's did
      }
    }
    return Framing::kNone;
  }

  // The figure of the same document and series that revises a superseded one: the nearest (on
  // a tie, the earliest dated, then the first). Only the document's own claims are looked at.
  std::optional<size_t> ReviserOf(size_t i) const {
    const ClaimRecord& c = claims_[i];
    if (c.figure_at == ClaimRecord::kNone || claim_doc_[i] == kNoIndex) return std::nullopt;
    std::optional<size_t> best;
    int64_t best_gap = INT64_MAX;
    for (size_t j : claims_of_doc_[claim_doc_[i]]) {
      const ClaimRecord& o = claims_[j];
      if (j == i || series_of_claim_[j] != series_of_claim_[i] || !r_.claim_date[j] || o.figure_at == ClaimRecord::kNone ||
          framing_[j] == Framing::kSuperseded)
        continue;
      const int64_t gap = std::llabs(static_cast<int64_t>(o.figure_at) - static_cast<int64_t>(c.figure_at));
      if (gap < best_gap || (gap == best_gap && *r_.claim_date[j] < *r_.claim_date[*best])) best_gap = gap, best = j;
    }
    return best;
  }

  bool WithinWindow(size_t a, size_t b) const {
    const int64_t da = ClaimDay(a), db = ClaimDay(b);
    return da == INT64_MIN || db == INT64_MIN || std::llabs(da - db) <= o_.comparison_window_days;
  }

  void Timeline() {
    std::map<std::tuple<size_t, std::string, Measure, Scope>, size_t> series_of;
    std::vector<std::vector<size_t>> dated;
    series_of_claim_.assign(claims_.size(), kNoIndex);
    const size_t first_new = r_.timeline.size();
    for (size_t i = 0; i < claims_.size(); ++i) {
      const ClaimRecord& c = claims_[i];
      if (!Touched(claim_event_[i])) continue;
      if (claim_doc_[i] != kNoIndex && r_.documents[claim_doc_[i]].near_duplicate_of) continue;  // counted in its original
      auto [it, fresh] = series_of.try_emplace({claim_event_[i], PartyOr(c, ""), c.measure, c.scope}, r_.timeline.size());
      if (fresh) {
        Series s;
        s.event = claim_event_[i];
        if (c.party != ClaimRecord::kNone) s.party = Str(c.party);
        s.measure = c.measure;
        s.scope = c.scope;
        r_.timeline.push_back(std::move(s));
        dated.emplace_back();
      }
      series_of_claim_[i] = it->second;
      if (!r_.claim_date[i]) r_.timeline[it->second].undated.push_back(i);
      else dated[it->second - first_new].push_back(i);
    }
    for (size_t si = first_new; si < r_.timeline.size(); ++si) {
      BuildSeries(&r_.timeline[si], &dated[si - first_new]);
      std::vector<size_t>().swap(dated[si - first_new]);
    }
    Checks();
  }

  // The standing figures of a series as it is built: by source, and by day so that a new figure
  // is compared only with those of its comparison window, not with every standing figure.
  struct Live {
    std::map<std::string, size_t> by_source;       // source series -> index of its figure
    std::set<std::pair<int64_t, size_t>> by_day;   // (day, index); INT64_MIN: no full date
  };

  // The standing figures a new figure of day (and source) is weighed against, in source order:
  // its source's, those within the comparison window, and every earlier one when it replaces them.
  // (source, figure) pairs in that order; the source is a view of the figure's (or live's
  // key): a big event's week has dozens of standing figures for each new one, not worth copying.
  std::vector<std::pair<std::string_view, size_t>> Candidates(const Series& s, const Live& live, int64_t day,
                                                              const std::string& source, bool replaces_earlier) const {
    std::vector<std::pair<std::string_view, size_t>> out;
    if (replaces_earlier || day == INT64_MIN) {
      out.assign(live.by_source.begin(), live.by_source.end());
      return out;
    }
    auto take = [&](size_t fi) { out.emplace_back(s.figures[fi].source, fi); };
    for (auto it = live.by_day.begin(); it != live.by_day.end() && it->first == INT64_MIN; ++it) take(it->second);
    for (auto it = live.by_day.lower_bound({day - o_.comparison_window_days, 0}); it != live.by_day.end(); ++it) take(it->second);
    if (auto own = live.by_source.find(source); own != live.by_source.end()) take(own->second);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // Each figure once, in date order; a source's later figure closes its earlier one; a figure
  // framed as a change or a revision closes every earlier figure; a superseded one closes at once.
  void BuildSeries(Series* s, std::vector<size_t>* members) {
    std::stable_sort(members->begin(), members->end(), [&](size_t a, size_t b) { return *r_.claim_date[a] < *r_.claim_date[b]; });
    Live live;
    std::set<std::string> flagged;
    const bool compared = s->scope != Scope::kOther;  // other incidents, mentioned for context
    // every member is one figure: reserved exactly, since a vector grown by doubling holds up to
    // twice its size (figures are most of the timeline's memory: a million at 100,000 articles)
    s->figures.reserve(members->size());
    std::vector<uint32_t> disagrees;  // the figure at hand's, reused
    auto close = [&](const std::string& source) {
      auto it = live.by_source.find(source);
      live.by_day.erase({ClaimDay(s->figures[it->second].claim), it->second});
      live.by_source.erase(it);
    };
    for (size_t i : *members) {
      Figure f;
      std::tie(f.source, f.person) = SourceSeries(i);
      f.claim = i;
      f.from = *r_.claim_date[i];
      const Framing framing = framing_[i];
      if (framing == Framing::kSuperseded) {
        f.superseded = true;
        f.until = f.from;
        if (std::optional<size_t> by = ReviserOf(i)) s->comparisons.push_back({std::string(RuleName(framing)), i, *by, false});
        s->figures.push_back(std::move(f));
        continue;
      }
      const Reading mine = ReadingOf(i);
      const bool replacing = framing == Framing::kChange || framing == Framing::kRevision;
      std::vector<std::string> closed;  // copies: closing one erases live's key a view may show
      disagrees.clear();
      for (const auto& [source, fi] : Candidates(*s, live, ClaimDay(i), f.source, replacing)) {
        Figure& g = s->figures[fi];
        const bool earlier = g.from < f.from;
        if (source == f.source) {
          if (!SameValue(g.claim, i))
            s->comparisons.push_back({framing == Framing::kRevision ? "revision" : "update_by_same_source", g.claim, i, false});
          g.until = f.from;
          closed.emplace_back(source);
          continue;
        }
        const bool replaces = earlier && replacing;
        if (compared && WithinWindow(g.claim, i) && !Overlap(ReadingOf(g.claim), mine)) {
          if (replaces) {
            s->comparisons.push_back({std::string(RuleName(framing)), g.claim, i, false});
          } else if (s->scope == Scope::kCumulative && earlier && mine.low >= ReadingOf(g.claim).high) {
            s->comparisons.push_back({"cumulative_total_grew", g.claim, i, false});
          } else {
            disagrees.push_back(static_cast<uint32_t>(g.claim));
          }
        }
        if (replaces) {
          g.until = f.from;
          closed.emplace_back(source);
        }
      }
      if (!disagrees.empty()) flagged.insert(f.from);  // once, not once per disagreement
      // kept to the end (19 million at 100,000 articles): allocated once at their size, where a
      // vector grown by doubling left its outgrown buffers scattered through the heap
      f.disagrees_with.assign(disagrees.begin(), disagrees.end());
      for (const std::string& c : closed) close(c);
      live.by_source[f.source] = s->figures.size();
      live.by_day.emplace(ClaimDay(i), s->figures.size());
      s->figures.push_back(std::move(f));
    }
    if (compared) CompareUndated(s, &flagged);
    Points(s, flagged);
    s->comparisons.shrink_to_fit();
    s->points.shrink_to_fit();
  }

  // An undated figure cannot be placed, but when all the series' dated figures fall within one
  // comparison window, it was said within that window too (it is about the same event): it is
  // compared with every standing figure of another source.
  void CompareUndated(Series* s, std::set<std::string>* flagged) {
    if (s->figures.empty() || s->undated.empty()) return;
    const int64_t first = DayNumber(s->figures.front().from), last = DayNumber(s->figures.back().from);
    if (first == INT64_MIN || last == INT64_MIN || last - first > o_.comparison_window_days) return;
    std::vector<const Figure*> standing;
    for (const Figure& g : s->figures)
      if (!g.until) standing.push_back(&g);
    for (size_t u : s->undated) {
      if (framing_[u] == Framing::kSuperseded) continue;
      const std::string source = SourceSeries(u).first;
      const Reading mine = ReadingOf(u);
      for (const Figure* g : standing) {
        if (g->source == source || Overlap(ReadingOf(g->claim), mine)) continue;
        s->comparisons.push_back({"intervals_apart_undated", g->claim, u, true});
        flagged->insert(g->from);
      }
    }
  }

  // What one figure adds to a point: its low, its high (none when open-ended), its best.
  struct Contribution {
    int64_t low = 0;
    std::optional<int64_t> high, best;
    bool open_high = false;
  };

  Contribution ContributionOf(const Figure& f) const {
    const ClaimRecord& c = claims_[f.claim];
    const Interval value = c.value();
    Contribution k;
    k.low = value.low.value_or(value.best.value_or(0));
    if (value.high) k.high = value.high;
    else if (c.qualifier == Qualifier::kAtLeast || c.qualifier == Qualifier::kMoreThan) k.open_high = true;
    else k.high = value.best;
    if (value.best) k.best = value.best;
    else if (value.low && value.high) k.best = (*value.low + *value.high) / 2;
    return k;
  }

  // The figures current at each date, kept as the dates advance (each figure enters once and
  // leaves once), with their lows, highs and bests in order: a point costs a few lookups, not a
  // pass over every figure of the series.
  class CurrentSet {
   public:
    void Add(const Contribution& k) { Change(k, +1); }
    void Remove(const Contribution& k) { Change(k, -1); }
    void Fill(TimelinePoint* p) const {
      if (!lows_.empty()) p->low = *lows_.begin();
      if (open_ == 0 && !highs_.empty()) p->high = *highs_.rbegin();
      if (!upper_.empty()) p->best = *upper_.begin();  // the median: sorted bests at size / 2
    }

   private:
    void Change(const Contribution& k, int sign) {
      Edit(&lows_, k.low, sign);
      if (k.high) Edit(&highs_, *k.high, sign);
      open_ += k.open_high ? sign : 0;
      if (!k.best) return;
      if (sign > 0) {
        (upper_.empty() || *k.best >= *upper_.begin() ? upper_ : lower_).insert(*k.best);
      } else if (auto it = upper_.find(*k.best); it != upper_.end()) {
        upper_.erase(it);
      } else {
        lower_.erase(lower_.find(*k.best));
      }
      // lower_ holds the smallest size / 2 bests, upper_ the rest
      while (lower_.size() > (lower_.size() + upper_.size()) / 2) {
        upper_.insert(*lower_.rbegin());
        lower_.erase(std::prev(lower_.end()));
      }
      while (lower_.size() < (lower_.size() + upper_.size()) / 2) {
        lower_.insert(*upper_.begin());
        upper_.erase(upper_.begin());
      }
    }
    static void Edit(std::multiset<int64_t>* set, int64_t v, int sign) {
      if (sign > 0) set->insert(v);
      else set->erase(set->find(v));
    }
    std::multiset<int64_t> lows_, highs_, lower_, upper_;
    int open_ = 0;
  };

  // The points, swept in date order: figures enter at their from and leave at their until.
  void Points(Series* s, const std::set<std::string>& flagged) const {
    std::vector<std::pair<std::string, size_t>> leaving;  // (until, figure)
    for (size_t fi = 0; fi < s->figures.size(); ++fi)
      if (s->figures[fi].until) leaving.emplace_back(*s->figures[fi].until, fi);
    std::sort(leaving.begin(), leaving.end());
    std::vector<Contribution> k;
    for (const Figure& f : s->figures) k.push_back(ContributionOf(f));
    CurrentSet current;
    size_t entered = 0, left = 0;
    for (size_t fi = 0; fi < s->figures.size(); ++fi) {
      const std::string& d = s->figures[fi].from;
      if (fi > 0 && s->figures[fi - 1].from == d) continue;
      for (; entered < s->figures.size() && s->figures[entered].from <= d; ++entered) current.Add(k[entered]);
      for (; left < leaving.size() && leaving[left].first <= d; ++left) current.Remove(k[leaving[left].second]);
      TimelinePoint p;
      p.date = d;
      p.disagreement = flagged.count(d) > 0;
      current.Fill(&p);
      s->points.push_back(std::move(p));
    }
  }

  // Within one document and source: casualties below killed, or killed plus wounded far from
  // casualties.
  void Checks() {
    std::map<std::tuple<std::string, std::string, std::string>, std::map<Measure, size_t>> by;
    for (size_t i = 0; i < claims_.size(); ++i) {
      const ClaimRecord& c = claims_[i];
      if (!c.has_best || c.scope == Scope::kOther || !Touched(claim_event_[i])) continue;
      auto& m = by[{Str(c.doc), SourceSeries(i).first, PartyOr(c, "")}];
      if (!m.count(c.measure)) m[c.measure] = i;
    }
    std::map<std::pair<size_t, std::string>, std::vector<size_t>> casualty_series;  // (event, party) ->
    for (size_t si = 0; si < r_.timeline.size(); ++si) {
      const Series& s = r_.timeline[si];
      if (!Touched(s.event)) continue;
      if (s.measure == Measure::kCasualties && s.scope != Scope::kOther) casualty_series[{s.event, s.party.value_or("")}].push_back(si);
    }
    constexpr double kFar = 0.5;
    for (const auto& entry : by) {
      const auto& key = entry.first;
      const auto& m = entry.second;  // not a structured binding: clang 14 cannot capture those in lambdas
      auto get = [&](Measure x) -> std::optional<int64_t> {
        auto it = m.find(x);
        if (it == m.end()) return std::nullopt;
        return claims_[it->second].value().best;
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
      const size_t event = claim_event_[m.at(Measure::kCasualties)];
      if (auto it = casualty_series.find({event, party}); it != casualty_series.end())
        for (size_t si : it->second) r_.timeline[si].checks.push_back(note);
    }
  }

  const std::vector<StoredDocument>& docs_;
  const ClaimTable& claims_;
  const std::vector<StoredName>& names_;
  const ReconcileOptions& o_;
  ReconcileLexicon lex_;
  std::unordered_map<std::string, size_t> doc_index_;
  // Per claim and per local, indexes of 32 bits (Reconciler refuses more than 4 billion claims):
  // six of them over a million claims or locals at 100,000 articles.
  static constexpr uint32_t kNoIndex = UINT32_MAX;
  std::vector<uint32_t> claim_doc_, claim_event_;  // kNoIndex: a document the ledger does not hold
  std::vector<std::pair<std::string, std::string>> party_alias_;
  Interned strings_;  // of the locals
  std::vector<Local> locals_;
  std::vector<std::string> normal_of_;  // per interned name: Normal of it
  std::unordered_map<uint64_t, size_t> local_of_;  // LocalKey(document, name) -> its local
  std::vector<uint32_t> local_entity_, claim_local_, speaks_for_;  // kNoIndex: none
  std::vector<uint32_t> claim_entity_index_, claim_speaker_;  // per claim (ClaimEntities)
  ReconcileCheckpoint* checkpoint_ = nullptr;  // filled as the stages go, when asked for
  std::vector<bool> touched_;  // per event, when resuming: computed in this run (Touched)
  std::unordered_map<size_t, std::string> why_;
  struct ReviewedMerge {
    std::string a, b;            // normal forms
    std::string name_a, name_b;  // as the reviewer named them
    std::string reviewer;
  };
  std::vector<ReviewedMerge> merges_;
  std::map<std::string, EntityDecision> splits_;  // by the normal form of the name kept apart
  std::vector<bool> split_;                       // per local: kept apart by a split
  std::vector<Framing> framing_;
  mutable std::unordered_map<std::string, std::set<std::string>> affiliation_;  // source -> countries
  std::vector<uint32_t> series_of_claim_;              // per claim: its series, kNoIndex if none
  std::vector<std::vector<uint32_t>> claims_of_doc_;   // per document: its claims
  Reconciliation r_;
};

Reconciliation Reconciler::Resume(Reconciliation earlier, ReconcileCheckpoint cp, const std::vector<size_t>& added,
                                  ReconcileCheckpoint* checkpoint) {
  return ResumeFrom(earlier, std::move(cp), added, checkpoint);
}

std::string DateFromName(DateFrom f) {
  switch (f) {
    case DateFrom::kClaim: return "claim";
    case DateFrom::kDocument: return "document";
    case DateFrom::kNone: break;
  }
  return "undated";
}

void AppendValue(const ClaimRecord& c, std::string* out) {
  const Interval value = c.value();
  JsonObject v(out);
  v.Field("low", value.low).Field("high", value.high).Field("best", value.best);
  v.Close();
}

// A string of the claims' table, or null where the claim has none.
void OptionalField(JsonObject* o, std::string_view key, const ClaimTable& claims, uint32_t id) {
  if (id == ClaimRecord::kNone) o->Field(key, std::optional<std::string>());
  else o->Field(key, claims.String(id));
}

void AppendMember(const ClaimTable& claims, const Reconciliation& r, size_t i, std::string* out) {
  const ClaimRecord& c = claims[i];
  JsonObject o(out);
  o.Field("id", c.id).Field("doc", claims.String(c.doc)).Field("measure", MeasureName(c.measure));
  AppendValue(c, o.Raw("value"));
  o.Field("qualifier", QualifierName(c.qualifier)).Field("text", claims.String(c.text));
  OptionalField(&o, "party", claims, c.party);
  OptionalField(&o, "source", claims, c.source);
  o.Field("entity", r.claim_entity[i]).Field("date", r.claim_date[i]).Field("date_from", DateFromName(r.claim_date_from[i]));
  o.Field("scope", ScopeName(c.scope));
  // what a person made of it: accepted or corrected (its values are the reviewer's), flagged
  if (c.review != ReviewState::kUnreviewed) o.Field("review", ReviewStateName(c.review));
  o.Close();
}

// Hands what is built so far to write once it passes a megabyte, between two elements of an
// array: the whole JSON of a big ledger never sits in memory.
struct Flush {
  std::string* out;
  const std::function<void(std::string_view)>* write;
  void operator()() const {
    constexpr size_t kChunk = size_t{1} << 20;
    if (write && out->size() >= kChunk) {
      (*write)(*out);
      out->clear();
    }
  }
};

template <typename T, typename F>
void AppendArray(std::string* out, const std::vector<T>& items, F&& each, const Flush* flush = nullptr) {
  JsonArray a(out);
  for (const T& item : items) {
    each(item, a.Next());
    if (flush) (*flush)();
  }
  a.Close();
}

void AppendStrings(std::string* out, const std::vector<std::string>& v) { AppendJsonStrings(out, v); }

}  // namespace

Reconciliation Reconcile(const std::vector<StoredDocument>& docs, const ClaimTable& claims,
                         const std::vector<StoredName>& names, const std::string& parties_tsv,
                         const ReconcileOptions& options, ReconcileCheckpoint* checkpoint) {
  return Reconciler(docs, claims, names, parties_tsv, options).Run(checkpoint);
}

Reconciliation ResumeReconcile(Reconciliation earlier, ReconcileCheckpoint earlier_checkpoint,
                               const std::vector<StoredDocument>& docs, const ClaimTable& claims,
                               const std::vector<size_t>& added, const std::vector<StoredName>& names,
                               const std::string& parties_tsv, const ReconcileOptions& options,
                               ReconcileCheckpoint* checkpoint) {
  return Reconciler(docs, claims, names, parties_tsv, options)
      .Resume(std::move(earlier), std::move(earlier_checkpoint), added, checkpoint);
}

std::string ReconciliationJson(const Reconciliation& r, const std::vector<StoredDocument>& docs,
                               const ClaimTable& claims) {
  std::string out;
  WriteReconciliationJson(r, docs, claims, [&](std::string_view piece) { out.append(piece); });
  return out;
}

void WriteReconciliationJson(const Reconciliation& r, const std::vector<StoredDocument>& docs,
                             const ClaimTable& claims, const std::function<void(std::string_view)>& write) {
  std::string out;
  const Flush flush{&out, &write};
  JsonObject root(&out);
  AppendArray(root.Raw("entities"), r.entities, [](const Entity& e, std::string* o) {
    JsonObject j(o);
    j.Field("id", e.id).Field("name", e.name).Field("person", e.person);
    AppendStrings(j.Raw("variants"), e.variants);
    AppendStrings(j.Raw("docs"), e.docs);
    AppendStrings(j.Raw("why"), e.why);
    j.Close();
  }, &flush);
  AppendArray(root.Raw("documents"), r.documents, [](const DocumentInfo& d, std::string* o) {
    JsonObject j(o);
    j.Field("id", d.id).Field("outlet", d.outlet).Field("near_duplicate_of", d.near_duplicate_of);
    j.Close();
  }, &flush);
  AppendArray(root.Raw("clusters"), r.clusters, [&](const Cluster& c, std::string* o) {
    JsonObject j(o);
    j.Field("id", c.id).Field("measure", MeasureName(c.measure)).Field("party", c.party).Field("source", c.source);
    j.Field("entity", c.entity).Field("outlets", static_cast<int64_t>(c.outlets));
    AppendArray(j.Raw("members"), c.members, [&](size_t m, std::string* oo) { AppendMember(claims, r, m, oo); });
    j.Close();
  }, &flush);
  AppendArray(root.Raw("events"), r.events, [&](const Event& e, std::string* o) {
    JsonObject j(o);
    j.Field("id", e.id).Field("label", e.label).Field("place", e.place);
    AppendStrings(j.Raw("terms"), e.terms);
    j.Field("first", e.first).Field("last", e.last);
    AppendArray(j.Raw("documents"), e.docs, [&](size_t d, std::string* oo) { AppendJsonString(oo, docs[d].id); });
    AppendArray(j.Raw("claims"), e.claims, [&](size_t c, std::string* oo) { oo->append(std::to_string(claims[c].id)); });
    size_t undated = 0;
    for (size_t c : e.claims) undated += !r.claim_date[c];
    j.Field("undated_claims", static_cast<int64_t>(undated));
    j.Close();
  }, &flush);
  AppendArray(root.Raw("timeline"), r.timeline, [&](const Series& s, std::string* o) {
    JsonObject j(o);
    j.Field("event", r.events.empty() ? std::string() : r.events[s.event].id);
    j.Field("party", s.party).Field("measure", MeasureName(s.measure)).Field("scope", ScopeName(s.scope));
    AppendArray(j.Raw("figures"), s.figures, [&](const Figure& f, std::string* fo) {
      const ClaimRecord& c = claims[f.claim];
      JsonObject fj(fo);
      fj.Field("source", f.source).Field("person", f.person);
      AppendValue(c, fj.Raw("value"));
      fj.Field("qualifier", QualifierName(c.qualifier)).Field("text", claims.String(c.text));
      fj.Field("from", f.from).Field("until", f.until).Field("superseded", f.superseded);
      fj.Field("date_from", DateFromName(r.claim_date_from[f.claim]));
      fj.Field("doc", claims.String(c.doc)).Field("claim", c.id);
      AppendArray(fj.Raw("disagrees_with"), f.disagrees_with,
                  [&](size_t d, std::string* oo) { oo->append(std::to_string(claims[d].id)); });
      fj.Close();
    }, &flush);
    AppendArray(j.Raw("points"), s.points, [&](const TimelinePoint& p, std::string* po) {
      JsonObject pj(po);
      pj.Field("date", p.date).Field("low", p.low).Field("best", p.best).Field("high", p.high).Field("disagreement", p.disagreement);
      pj.Close();
    }, &flush);
    AppendArray(j.Raw("comparisons"), s.comparisons, [&](const Comparison& c, std::string* co) {
      JsonObject cj(co);
      // the claims by id: each is a figure (its "claim") or an undated claim of this series,
      // written there once, not again for every comparison it is in
      cj.Field("rule", c.rule).Field("disagreement", c.disagreement);
      cj.Field("earlier", claims[c.earlier].id).Field("later", claims[c.later].id);
      cj.Close();
    }, &flush);
    AppendArray(j.Raw("undated"), s.undated, [&](size_t m, std::string* oo) { AppendMember(claims, r, m, oo); }, &flush);
    AppendStrings(j.Raw("checks"), s.checks);
    j.Close();
  }, &flush);
  root.Close();
  write(out);
}

size_t DisagreementCount(const Series& s) {
  size_t n = 0;
  for (const Figure& f : s.figures) n += f.disagrees_with.size();
  for (const Comparison& c : s.comparisons) n += c.disagreement;
  return n;
}

std::vector<const Figure*> CurrentFigures(const Series& s, const std::string& date) {
  std::vector<const Figure*> out;
  for (const Figure& f : s.figures)
    if (f.from <= date && (!f.until || date < *f.until)) out.push_back(&f);
  return out;
}

}  // namespace tally
