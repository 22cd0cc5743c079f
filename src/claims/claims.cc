// The assemble step: mentions and attributions -> claims, one per figure per source per
// document (a single victim's, one per person the text tells apart), every mention as evidence.
#include "claims/claims.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include "common/text.h"

namespace tally {
namespace {

using ValueKey = std::tuple<int64_t, int64_t, int64_t>;  // best, or the interval when there is none

ValueKey KeyOf(const Interval& v) {
  constexpr int64_t kNone = -1;
  if (v.best) return {*v.best, kNone, kNone};
  return {kNone, v.low.value_or(kNone), v.high.value_or(kNone)};
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : s) {
    if (IsAsciiAlpha(ch) || IsAsciiDigit(ch) || static_cast<unsigned char>(ch) >= 0x80) {
      cur.push_back(AsciiLower(ch));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Two ways of naming one source in one document: the same words, one name inside the other
// ("Okafor" / "Chidi Okafor"), or one spelling of a name beside another ("Dostoevsky" /
// "Dostoyevsky": same start, long shared prefix).
bool SameSource(std::string_view a, std::string_view b) {
  std::vector<std::string> wa = Words(a), wb = Words(b);
  if (wa.empty() || wb.empty()) return false;
  if (wa == wb) return true;
  auto contains = [](const std::vector<std::string>& big, const std::vector<std::string>& small) {
    for (const std::string& w : small)
      if (std::find(big.begin(), big.end(), w) == big.end()) return false;
    return true;
  };
  if (contains(wa, wb) || contains(wb, wa)) return true;
  if (wa.size() != wb.size()) return false;
  constexpr size_t kMinSharedPrefix = 5;
  for (size_t i = 0; i < wa.size(); ++i) {
    if (wa[i] == wb[i]) continue;
    size_t n = 0;
    while (n < wa[i].size() && n < wb[i].size() && wa[i][n] == wb[i][n]) ++n;
    if (n < kMinSharedPrefix || std::max(wa[i].size(), wb[i].size()) - n > 2) return false;
  }
  return true;
}

bool SharesContentWord(std::string_view a, std::string_view b) {
  constexpr size_t kMinContentWord = 4;
  for (const std::string& x : Words(a))
    if (x.size() >= kMinContentWord)
      for (const std::string& y : Words(b))
        if (x == y) return true;
  return false;
}

struct Item {
  const MeasuredMention* mention;
  const Attribution* attribution;  // null when no source
  std::optional<std::string> date;
  bool dated_in_text = false;
};

// A claim being assembled, with what its confidence is computed from besides the record.
struct Built {
  Claim claim;
  int strength = 0;  // the strongest cue among its mentions
  bool sourced_here = false, headline_only = true;
  size_t mentions = 0;
  bool part_of_group = true, by_rule = false;
  // a larger claim of the same measure in the document, and one that comes before it
  bool below_another = false, below_earlier = false;
};

// The size a figure stands for, to compare claims: its best value, else its bounds.
int64_t Magnitude(const Interval& v) {
  if (v.best) return *v.best;
  if (v.high) return *v.high;
  return v.low.value_or(0);
}

// A figure that counts a part of a group named before it: "two of them died", "of whom 1,200
// remain", "among the dead were four policemen", "Of the 12 arrested, 9 were released". The
// marking words are data (part_words.tsv).
bool PartOfGroup(const ClaimLexicon& lex, const Document& d, const MeasuredMention& m) {
  if (m.rule.substr(0, 5) == "part.") return true;
  const Sentence& s = d.sentences[m.sentence];
  const auto at = std::lower_bound(d.tokens.begin() + s.first_token, d.tokens.begin() + s.end_token, m.span.begin,
                                   [](const Token& t, uint32_t b) { return t.begin < b; });
  const uint32_t first = static_cast<uint32_t>(at - d.tokens.begin());
  uint32_t end = first;
  while (end < s.end_token && d.tokens[end].end <= m.span.end) ++end;
  if (first > s.first_token && d.Word(s.first_token) == "of") return true;
  auto marks = [&](uint32_t i, int position) {
    const int* p = lex.part_words.Find(d.Word(i));
    return p && (*p & position);
  };
  constexpr uint32_t kReach = 6;
  for (uint32_t i = first; i > s.first_token && first - i < kReach; --i)
    if (marks(i - 1, ClaimLexicon::kPartBefore)) return true;
  return end + 1 < s.end_token && d.Word(end) == "of" && marks(end + 1, ClaimLexicon::kPartAfterOf);
}

// Who a single-victim mention ("a man was shot", "killing his wife", "Ana Ruiz, 19, died")
// names: by a name, by a relation to someone else ("his wife"), or by a description.
struct PersonRef {
  enum Kind { kDescription, kRelation, kName } kind = kDescription;
  std::string head;               // the last word of a relation or description, lower-cased
  std::vector<std::string> name;  // the name's words, lower-cased
  bool indefinite = false;        // introduced by "a" or "an"
  uint32_t sentence = 0;
};

PersonRef PersonOf(const ClaimLexicon& lex, const Document& d, uint32_t sentence, Span span) {
  PersonRef ref;
  ref.sentence = sentence;
  uint32_t i = d.TokenAt(span.begin);
  // the determiner may open the span ("a man") or stand just before it ("killing his [wife]")
  std::string_view det = i > 0 ? std::string_view(d.Word(i - 1)) : std::string_view();
  bool words = false, all_capitalised = true;
  for (; i < d.tokens.size() && d.tokens[i].end <= span.end; ++i) {
    if (d.tokens[i].kind != TokenKind::kWord) continue;
    const WordRef w = d.Word(i);
    if (!words && (w == "a" || w == "an" || w == "the" || w == "his" || w == "her" || w == "their" || w == "its")) {
      det = w;
      continue;
    }
    const std::string_view text = d.TokenText(i);
    if (IsAsciiDigit(text.front())) continue;  // "68-year-old"
    if (lex.pronouns.Find(w)) {  // "He died an hour later": the person named before
      words = true;
      all_capitalised = false;
      ref.head = std::string(w);
      continue;
    }
    words = true;
    ref.head = std::string(w);
    if (!IsAsciiUpper(text.front())) all_capitalised = false;
    else if (!lex.IsPersonSingular(w.id)) ref.name.push_back(std::string(w));
  }
  if (all_capitalised && !ref.name.empty() && !lex.IsPersonSingular(d.tokens[i - 1].word)) ref.kind = PersonRef::kName;
  else if (det == "his" || det == "her" || det == "their" || det == "its") ref.kind = PersonRef::kRelation;
  if (ref.kind != PersonRef::kName) ref.name.clear();
  ref.indefinite = det == "a" || det == "an";
  return ref;
}

// Which person of those named before (in text order) a single-victim mention names, or a new
// one. Two people are told apart only when the text leaves no doubt: two names that share no
// word ("Tom Ames ... Fred Ruiz"), a relation beside everyone named before ("killed his wife
// ... killed his neighbour"), or two people introduced in one sentence ("an officer and a
// suspect"). Any other description ("the victim", "a 30-year-old man") is the person named first,
// and a name is the first person not yet named ("A woman died. Ana Ruiz, 19, ...").
size_t PersonIndex(std::vector<PersonRef>* persons, PersonRef ref) {
  auto shares_name = [](const PersonRef& a, const PersonRef& b) {
    for (const std::string& w : a.name)
      if (std::find(b.name.begin(), b.name.end(), w) != b.name.end()) return true;
    return false;
  };
  std::optional<size_t> found;
  for (size_t p = 0; p < persons->size() && !found; ++p) {
    const PersonRef& known = (*persons)[p];
    switch (ref.kind) {
      case PersonRef::kName:
        if (shares_name(ref, known)) found = p;
        break;
      case PersonRef::kRelation:
        if (known.kind != PersonRef::kName && known.head == ref.head) found = p;
        break;
      case PersonRef::kDescription:
        // "a police officer and a suspect were wounded": one sentence introducing two people
        if (!ref.indefinite || known.sentence != ref.sentence || known.head == ref.head) found = p;
        break;
    }
  }
  if (!found && ref.kind == PersonRef::kName)
    for (size_t p = 0; p < persons->size() && !found; ++p)
      if ((*persons)[p].kind != PersonRef::kName) found = p;
  if (found) {
    if (ref.kind == PersonRef::kName && (*persons)[*found].kind != PersonRef::kName) (*persons)[*found] = std::move(ref);
    return *found;
  }
  persons->push_back(std::move(ref));
  return persons->size() - 1;
}

ConfidenceFeatures FeaturesOf(const Built& b) {
  using F = ConfidenceFeatures;
  ConfidenceFeatures f;
  auto set = [&](F::Feature k, bool on) { f.x[k] = on ? 1 : 0; };
  const Claim& c = b.claim;
  set(F::kWeakCue, b.strength <= 1);
  set(F::kFairCue, b.strength == 2);
  set(F::kSourcedHere, b.sourced_here);
  set(F::kSourceCarried, c.source && !b.sourced_here);
  set(F::kParty, c.party.has_value());
  set(F::kCounted, c.counted.has_value());
  set(F::kHeadlineOnly, b.headline_only);
  set(F::kRepeated, b.mentions > 1);
  set(F::kVague, c.qualifier == Qualifier::kVague);
  set(F::kOneOrNone, c.value.best && *c.value.best <= 1);
  set(F::kRareMeasure, c.measure == Measure::kCaptured || c.measure == Measure::kReturned ||
                           c.measure == Measure::kDeployed || c.measure == Measure::kHospitalized ||
                           c.measure == Measure::kCasualties || c.measure == Measure::kOther);
  set(F::kMateriel, c.measure == Measure::kSupplied);
  set(F::kPartOfGroup, b.part_of_group);
  set(F::kBelowAnother, b.below_another);
  set(F::kBelowEarlier, b.below_earlier);
  set(F::kByRule, b.by_rule);
  return f;
}

class Assembler {
 public:
  Assembler(const Document& doc, const ClaimLexicon& lex, std::vector<MeasuredMention> mentions,
            std::vector<Attribution> attributions)
      : d_(doc), lex_(lex), model_(lex.confidence), mentions_(std::move(mentions)), attributions_(std::move(attributions)) {}

  // The claims, in order of first evidence; with features, also what each one's confidence was
  // computed from.
  std::vector<Claim> Run(std::vector<ConfidenceFeatures>* features) {
    std::vector<Item> items;
    items.reserve(mentions_.size());
    for (const MeasuredMention& m : mentions_) {
      Item it{&m, nullptr, std::nullopt, false};
      const Attribution& a = attributions_[m.sentence].At(m.span.begin);
      if (!a.source.empty()) it.attribution = &a;
      Date(&it);
      items.push_back(std::move(it));
    }
    // group: same measure and value, counting the same people (a perpetrator killed is not a
    // victim killed) in the same scope; single victims by the person they name
    using GroupKey = std::tuple<Measure, CountedRole, Scope, ValueKey, size_t>;
    std::map<GroupKey, std::vector<size_t>> groups;
    std::vector<GroupKey> order;
    std::map<std::tuple<Measure, CountedRole, Scope>, std::vector<PersonRef>> persons;
    for (size_t i = 0; i < items.size(); ++i) {
      const MeasuredMention& m = *items[i].mention;
      size_t person = 0;
      if (m.one_person)
        person = PersonIndex(&persons[{m.measure, m.role, m.scope}], PersonOf(lex_, d_, m.sentence, m.span));
      GroupKey key{m.measure, m.role, m.scope, KeyOf(m.value), person};
      auto [it, fresh] = groups.try_emplace(key);
      if (fresh) order.push_back(key);
      it->second.push_back(i);
    }
    std::vector<Built> claims;
    claims.reserve(items.size());  // a claim has one mention at least
    for (const auto& key : order) {
      std::vector<std::vector<size_t>> by_source;
      std::vector<size_t> unattributed;
      for (size_t i : groups[key]) {
        if (!items[i].attribution) {
          unattributed.push_back(i);
          continue;
        }
        auto same = std::find_if(by_source.begin(), by_source.end(), [&](const std::vector<size_t>& g) {
          return SameSource(items[g.front()].attribution->source, items[i].attribution->source);
        });
        if (same == by_source.end()) by_source.push_back({i});
        else same->push_back(i);
      }
      if (by_source.empty()) by_source.emplace_back();
      for (size_t i : unattributed) by_source.front().push_back(i);
      std::vector<Built> group_claims;
      for (auto& g : by_source) {
        std::sort(g.begin(), g.end(), [&](size_t a, size_t b) { return items[a].mention->span.begin < items[b].mention->span.begin; });
        group_claims.push_back(Build(items, g));
      }
      MergeCitedBodies(&group_claims);
      for (Built& b : group_claims) claims.push_back(std::move(b));
    }
    SortByFirstEvidence(&claims);
    CompareWithOthers(&claims);
    std::vector<Claim> out;
    out.reserve(claims.size());
    for (Built& b : claims) {
      const ConfidenceFeatures f = FeaturesOf(b);
      if (features) features->push_back(f);
      b.claim.confidence = model_.Of(f);
      out.push_back(std::move(b.claim));
    }
    FillSameSourceDates(&out);
    return out;
  }

 private:
  // The claim's date: one the text gives it (dates/dates.h, ClaimDate), else the document's.
  void Date(Item* it) const {
    const std::optional<uint32_t> source_sentence =
        it->attribution ? std::optional<uint32_t>(it->attribution->from_sentence) : std::nullopt;
    if (const DateMention* m = ClaimDate(d_, it->mention->sentence, it->mention->span, source_sentence)) {
      it->date = ResolveDate(*m, d_.date);
      it->dated_in_text = it->date.has_value();
      if (it->date) return;
    }
    if (!d_.date.empty()) it->date = d_.date;
  }

  Built Build(const std::vector<Item>& items, const std::vector<size_t>& g) const {
    const Item& first = items[g.front()];
    Built b;
    Claim& c = b.claim;
    c.doc = d_.id;
    c.measure = first.mention->measure;
    c.value = first.mention->value;
    c.qualifier = first.mention->qualifier;
    c.text = std::string(d_.View(first.mention->span));
    c.rule = std::string(first.mention->rule);
    c.counted_role = first.mention->role;
    c.scope = first.mention->scope;
    c.derived = first.mention->derived;
    b.mentions = g.size();
    for (size_t i : g) {
      const Item& it = items[i];
      const MeasuredMention& m = *it.mention;
      c.evidence.push_back(m.span);
      if (!c.counted && m.counted) c.counted = std::string(d_.View(*m.counted));
      if (!c.party && m.party) c.party = m.party;
      if (!c.location && m.location) c.location = m.location;
      if (it.attribution) {
        const Attribution& a = *it.attribution;
        if (!c.source || a.source.size() > c.source->size()) c.source = a.source;
        if (!c.source_role && a.role) c.source_role = a.role;
        for (const std::string& v : a.via)
          if (std::find(c.via.begin(), c.via.end(), v) == c.via.end() && !SameSource(v, a.source)) c.via.push_back(v);
        b.sourced_here |= !a.carried;
      }
      if (it.dated_in_text && (!c.date || !dated_in_text_)) {
        c.date = it.date;
      } else if (!c.date && it.date) {
        c.date = it.date;
      }
      b.strength = std::max(b.strength, m.strength);
      b.headline_only &= d_.sentences[m.sentence].heading;
      b.part_of_group &= PartOfGroup(lex_, d_, m);
      b.by_rule |= m.rule.substr(0, 5) != "core.";
    }
    return b;
  }

  // Sorts claims by where their first evidence begins. std::sort over positions makes the same
  // compares and so the same order as over the claims (ties included), but moves each claim
  // (a dozen strings and vectors) once instead of at every step of the sort.
  static void SortByFirstEvidence(std::vector<Built>* claims) {
    std::vector<uint32_t> order(claims->size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    const std::vector<Built>& c = *claims;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return c[a].claim.evidence[0].begin < c[b].claim.evidence[0].begin; });
    std::vector<Built> sorted;
    sorted.reserve(claims->size());
    for (uint32_t i : order) sorted.push_back(std::move((*claims)[i]));
    *claims = std::move(sorted);
  }

  // What a claim's confidence reads from the document's other claims (in order of first
  // evidence): a larger figure of the same measure, of which the claim may be a part ("eight
  // died ... the bodies of six"). Linear: a document may hold thousands of claims.
  static void CompareWithOthers(std::vector<Built>* claims) {
    constexpr size_t kMeasures = static_cast<size_t>(Measure::kOther) + 1;
    std::array<std::optional<int64_t>, kMeasures> largest, largest_before;
    auto raise = [](std::optional<int64_t>& top, int64_t v) { top = std::max(top.value_or(v), v); };
    for (const Built& b : *claims) raise(largest[static_cast<size_t>(b.claim.measure)], Magnitude(b.claim.value));
    for (Built& b : *claims) {
      const size_t m = static_cast<size_t>(b.claim.measure);
      const int64_t v = Magnitude(b.claim.value);
      b.below_another = *largest[m] > v;
      b.below_earlier = largest_before[m] && *largest_before[m] > v;
      raise(largest_before[m], v);
    }
  }

  // The same figure from a body and from a person who cites it is the person's claim:
  // "the Kessian intelligence service" and "Marsh, citing intelligence data".
  static void MergeCitedBodies(std::vector<Built>* claims) {
    for (size_t i = 0; i < claims->size(); ++i) {
      for (size_t j = 0; j < claims->size(); ++j) {
        if (i == j || !(*claims)[i].claim.source || !(*claims)[j].claim.source) continue;
        Claim& person = (*claims)[i].claim;
        Claim& body = (*claims)[j].claim;
        bool cited = false;
        for (const std::string& v : person.via) cited |= SharesContentWord(v, *body.source);
        if (!cited) continue;
        // decided before the spans are merged: the claim's text is its first evidence
        const bool body_first = body.evidence.front().begin < person.evidence.front().begin;
        person.evidence.insert(person.evidence.end(), body.evidence.begin(), body.evidence.end());
        std::sort(person.evidence.begin(), person.evidence.end(), [](Span a, Span b) { return a.begin < b.begin; });
        if (body_first) {
          person.text = body.text;
          person.qualifier = body.qualifier;
          person.value = body.value;
        }
        if (std::find(person.via.begin(), person.via.end(), *body.source) == person.via.end())
          person.via.push_back(*body.source);
        if (!person.date) person.date = body.date;
        // the merged claim has the mentions of both
        Built& merged = (*claims)[i];
        const Built& cited_body = (*claims)[j];
        merged.strength = std::max(merged.strength, cited_body.strength);
        merged.sourced_here |= cited_body.sourced_here;
        merged.headline_only &= cited_body.headline_only;
        merged.mentions += cited_body.mentions;
        merged.part_of_group &= cited_body.part_of_group;
        merged.by_rule |= cited_body.by_rule;
        claims->erase(claims->begin() + static_cast<std::ptrdiff_t>(j));
        i = static_cast<size_t>(-1);
        break;
      }
    }
  }

  // An undated document: a claim takes a day-precise date that its own source gave elsewhere
  // in the document ("during the meeting on December 23, he heard ...").
  void FillSameSourceDates(std::vector<Claim>* claims) const {
    if (!d_.date.empty()) return;
    for (Claim& c : *claims) {
      if (c.date || !c.source) continue;
      for (const DateMention& m : d_.dates) {
        if (!m.day || !m.month) continue;
        const Attribution& a = attributions_[m.sentence];
        if (a.source.empty() || !SameSource(a.source, *c.source)) continue;
        c.date = ResolveDate(m, d_.date);
        break;
      }
    }
  }

  const Document& d_;
  const ClaimLexicon& lex_;
  const ConfidenceModel& model_;
  std::vector<MeasuredMention> mentions_;
  std::vector<Attribution> attributions_;
  bool dated_in_text_ = false;
};

}  // namespace

std::vector<Claim> ExtractClaims(const ClaimLexicon& lexicon, const DateLexicon& dates, const Document& doc,
                                 std::vector<NameVariant>* names, std::vector<ConfidenceFeatures>* features) {
  std::vector<MeasuredMention> mentions = MeasureMentions(lexicon, doc);
  if (mentions.empty() && !names) return {};
  std::vector<Attribution> attributions = Attribute(lexicon, doc, names);
  if (mentions.empty()) return {};
  return Assembler(doc, lexicon, std::move(mentions), std::move(attributions)).Run(features);
}

}  // namespace tally
