// The measure step: for each count mention, what it counts and how the words say so.
#include <algorithm>
#include <tuple>

#include "claims/context.h"
#include "numbers/numbers.h"

namespace tally {
namespace {

using claims_internal::Context;
using NounClass = ClaimLexicon::NounClass;

thread_local size_t measure_search_steps = 0;  // MeasureSearchSteps

constexpr uint32_t kMaxNounPhrase = 8;   // tokens in a counted noun phrase
constexpr uint32_t kMaxSubjectReach = 16;  // tokens between a measure noun and its figure

struct Cue {
  Measure measure = Measure::kOther;
  int strength = 0;  // 0 none, 1 weak, 2 fair, 3 direct
  explicit operator bool() const { return strength > 0; }
};

struct NounPhrase {
  uint32_t first = 0, end = 0;      // counted tokens (may be empty)
  std::optional<uint32_t> head;
  Cue head_cue;                     // the head is a measure noun: "600 deaths"
  Cue modifier_cue;                 // "200 wounded soldiers"
};

class Measurer {
 public:
  Measurer(const ClaimLexicon& lex, const Document& doc, std::vector<RuleMention>* vetoes)
      : c_(lex, doc), vetoes_(vetoes) {
    figures_.count.assign(doc.tokens.size() + 1, -1);
    figures_.ordinal.assign(doc.tokens.size() + 1, -1);
    in_date_.assign(doc.tokens.size() + 1, false);
    for (const DateMention& m : doc.dates)
      for (uint32_t t = m.first_token; t < m.end_token; ++t) in_date_[t] = true;
    figures_.held.assign(doc.sentences.size(), 0);
    for (size_t i = 0; i < doc.quantities.size(); ++i) {
      const uint32_t first = doc.quantities[i].first_token;
      uint8_t held = 0;
      if (doc.quantities[i].type == QuantityType::kCount) {
        figures_.count[first] = static_cast<int>(i);
        held = FigureStarts::kHoldsCount;
      } else if (doc.quantities[i].type == QuantityType::kOrdinal) {
        figures_.ordinal[first] = static_cast<int>(i);
        held = FigureStarts::kHoldsOrdinal;
      }
      // the sentence whose tokens hold the first one
      auto in = std::upper_bound(doc.sentences.begin(), doc.sentences.end(), first,
                                 [](uint32_t t, const Sentence& s) { return t < s.first_token; });
      if (held && in != doc.sentences.begin() && first < (--in)->end_token)
        figures_.held[static_cast<size_t>(in - doc.sentences.begin())] |= held;
    }
  }

  std::vector<MeasuredMention> Run() {
    const Document& d = c_.d;
    std::vector<MeasuredMention> out;
    size_t qi = 0;
    for (uint32_t s = 0; s < d.sentences.size(); ++s) {
      sb_ = d.sentences[s].first_token;
      se_ = d.sentences[s].end_token;
      const std::vector<RuleMention> ruled = c_.lex.rules.Match(c_.lex, d, s, figures_, rule_scratch_);
      const size_t sentence_start = out.size();
      std::optional<std::string> last_party;
      Cue last_verb_cue;
      uint32_t last_end = sb_;
      for (; qi < d.quantities.size() && d.quantities[qi].sentence == s; ++qi) {
        const Quantity& q = d.quantities[qi];
        if (q.type != QuantityType::kCount) continue;
        FindImplicit(s, last_end, q.first_token, &out);
        last_end = q.end_token;
        Cue verb_cue;
        std::optional<MeasuredMention> m = MeasureOne(q, s, last_verb_cue, &verb_cue);
        last_verb_cue = verb_cue;
        if (!m) continue;
        if (!m->party) m->party = last_party;
        last_party = m->party;
        out.push_back(std::move(*m));
      }
      FindImplicit(s, last_end, se_, &out);
      ApplyRules(ruled, sentence_start, &out);
    }
    std::stable_sort(out.begin(), out.end(), [](const MeasuredMention& a, const MeasuredMention& b) {
      return a.span.begin < b.span.begin;
    });
    ResolveOnePersonFates(&out);
    measure_search_steps += search_steps_;
    return out;
  }

 private:
  // One person hit with no outcome told ("a man was shot") is wounded, and a later sentence's
  // death of that person ("He died later in hospital", a rule's replaces=harm) replaces the
  // wound: the spec's "unless the text later says he died". The nearest person wounded within
  // three sentences before is the one meant; their being taken to hospital stays true. One
  // person shot beside a group ("three men and a woman were shot") stays with the group.
  // A person already told dead and named again ("A student was fatally wounded. The youth was
  // accidentally shot ...", "Gil Collar was fatally shot ... Collar, 18, ...") is not a second,
  // wounded person: a definite mention (the article "the", or a name) of one person hit, after
  // one person killed in the three sentences before, is that person. The other way round, a
  // definite mention of one person killed ("The man died in hospital", "He died on Sunday")
  // after one person hit is the death of that person.
  void ResolveOnePersonFates(std::vector<MeasuredMention>* out) const {
    constexpr uint32_t kSentencesBack = 3;
    std::vector<bool> replaced(out->size(), false), hit(out->size(), false);
    auto group_hit_in_sentence = [&](size_t k) {
      for (const MeasuredMention& o : *out)
        if (&o != &(*out)[k] && o.sentence == (*out)[k].sentence && o.measure == Measure::kCasualties && !o.one_person)
          return true;
      return false;
    };
    auto definite = [&](const MeasuredMention& m) {
      const std::string_view text = c_.d.View(m.span);
      return text.substr(0, 4) == "the " || text.substr(0, 4) == "The " || (!text.empty() && IsAsciiUpper(text[0]) &&
                                                                           text.substr(0, 2) != "A " && text.substr(0, 3) != "An ");
    };
    auto dead_before = [&](size_t k) {
      for (size_t p = k; p-- > 0;) {
        const MeasuredMention& before = (*out)[p];
        if (before.sentence + kSentencesBack < (*out)[k].sentence) break;
        if (before.sentence != (*out)[k].sentence && before.one_person && before.measure == Measure::kKilled) return true;
      }
      return false;
    };
    for (size_t k = 0; k < out->size(); ++k) {
      MeasuredMention& m = (*out)[k];
      if (m.one_person && m.measure == Measure::kCasualties && m.derived == Derived::kNone && !group_hit_in_sentence(k)) {
        m.measure = Measure::kWounded;
        hit[k] = true;
        if (definite(m) && dead_before(k)) replaced[k] = true;
      }
      const bool death_of_one_hit = m.one_person && m.measure == Measure::kKilled;
      if (!m.replaces_harm && !death_of_one_hit) continue;
      for (size_t p = k; p-- > 0;) {
        const MeasuredMention& before = (*out)[p];
        if (before.sentence + kSentencesBack < m.sentence) break;
        if (before.sentence == m.sentence || !before.one_person || before.role != m.role ||
            before.measure != Measure::kWounded || (!m.replaces_harm && (!hit[p] || !SamePersonAgain(before, m))))
          continue;
        replaced[p] = true;
        break;
      }
    }
    if (std::find(replaced.begin(), replaced.end(), true) == replaced.end()) return;
    std::vector<MeasuredMention> kept;
    kept.reserve(out->size());
    for (size_t i = 0; i < out->size(); ++i)
      if (!replaced[i]) kept.push_back(std::move((*out)[i]));
    *out = std::move(kept);
  }

  // Whether a later mention of one person names the one an earlier mention did: a pronoun ("He
  // died"), the same noun made definite ("a man" ... "the man", "the victim"), or a name sharing
  // a word with the earlier name ("Ana Ruiz" ... "Ruiz").
  bool SamePersonAgain(const MeasuredMention& earlier, const MeasuredMention& later) const {
    const Document& d = c_.d;
    auto words = [&](Span span) {
      std::vector<uint32_t> out;
      for (uint32_t i = d.TokenAt(span.begin); i < d.tokens.size() && d.tokens[i].end <= span.end; ++i)
        if (d.tokens[i].kind == TokenKind::kWord) out.push_back(i);
      return out;
    };
    const std::vector<uint32_t> a = words(earlier.span), b = words(later.span);
    if (a.empty() || b.empty()) return false;
    const std::string_view first = d.Word(b.front());
    if (b.size() == 1 && (first == "he" || first == "she")) return true;
    const uint32_t before = d.TokenAt(later.span.begin);
    const std::string_view det = first == "the" || first == "this" || first == "that"
                                     ? first
                                     : before > 0 ? std::string_view(d.Word(before - 1)) : std::string_view();
    if ((det == "the" || det == "this" || det == "that") &&
        (d.Word(b.back()) == d.Word(a.back()) || d.Word(b.back()) == "victim"))
      return true;
    auto capitalised = [&](uint32_t i) { return IsAsciiUpper(d.TokenText(i).front()); };
    for (uint32_t i : b)
      for (uint32_t j : a)
        if (capitalised(i) && capitalised(j) && i != b.front() && d.Word(i) == d.Word(j)) return true;
    for (uint32_t j : a)
      if (b.size() <= 2 && capitalised(b.back()) && capitalised(j) && d.Word(b.back()) == d.Word(j)) return true;
    return false;
  }

  // The rules' mentions take the figures and spans they match from the built-in shapes below;
  // a veto takes its figure and yields nothing.
  void ApplyRules(const std::vector<RuleMention>& ruled, size_t sentence_start, std::vector<MeasuredMention>* out) const {
    if (ruled.empty()) return;
    auto taken = [&](Span a) {
      for (const RuleMention& r : ruled)
        for (Span b : r.claimed)
          if (a.begin < b.end && b.begin < a.end) return true;
      return false;
    };
    out->erase(std::remove_if(out->begin() + static_cast<std::ptrdiff_t>(sentence_start), out->end(),
                              [&](const MeasuredMention& m) { return taken(m.span); }),
               out->end());
    for (const RuleMention& r : ruled) {
      if (r.veto) {
        if (vetoes_) vetoes_->push_back(r);
      } else if (!r.measure_before) {
        out->push_back(FromRule(r));
      }
    }
    // after the others, so that a figure that a later rule of the sentence read counts as the one
    // before ("112 had been killed in three weeks of unrest, far above the government's figure of 41")
    for (const RuleMention& r : ruled) {
      if (r.veto || !r.measure_before) continue;
      if (const std::optional<Measure> before = MeasureBefore(*out, r)) {
        MeasuredMention m = FromRule(r);
        m.measure = *before;
        out->push_back(std::move(m));
      }
    }
  }

  // The measure of the figure claimed last before r, in its sentence or the two before it: "23
  // were killed, while the police put the number at 19".
  static std::optional<Measure> MeasureBefore(const std::vector<MeasuredMention>& out, const RuleMention& r) {
    constexpr uint32_t kSentencesBack = 2;
    const MeasuredMention* last = nullptr;
    for (const MeasuredMention& m : out)
      if (m.span.begin < r.span.begin && m.sentence + kSentencesBack >= r.sentence && (!last || m.span.begin > last->span.begin))
        last = &m;
    if (!last) return std::nullopt;
    return last->measure;
  }

  MeasuredMention FromRule(const RuleMention& r) const {
    MeasuredMention m;
    m.sentence = r.sentence;
    m.span = r.span;
    m.measure = r.measure;
    m.value = r.value;
    m.qualifier = r.qualifier;
    m.counted = r.counted;
    m.strength = r.rule->strength;
    m.rule = r.rule->id;
    m.role = r.role;
    m.scope = r.scope;
    m.derived = r.derived;
    m.one_person = r.one_person;
    m.replaces_harm = r.replaces_harm;
    m.slots = r.slots;
    Quantity q;
    q.first_token = r.first_token;
    q.end_token = r.end_token;
    NounPhrase np;
    if (r.counted_tokens) std::tie(np.first, np.end) = *r.counted_tokens;
    m.party = FindParty(q, np);
    m.location = FindLocation(q);
    return m;
  }

  std::optional<MeasuredMention> MeasureOne(const Quantity& q, uint32_t s, Cue previous_verb_cue, Cue* verb_cue_out) {
    subject_noun_end_.reset();
    uint32_t j = q.end_token;
    const bool vague = q.qualifier == Qualifier::kVague || q.from_words;
    if (j < se_ && c_.W(j) == "more" && q.additional) ++j;
    if (j < se_ && c_.W(j) == "of") {
      const std::string_view next = j + 1 < se_ ? c_.W(j + 1) : std::string_view();
      const bool possessive = next == "their" || next == "our" || next == "its" || next == "his" || next == "her" ||
                              next == "my" || next == "your";
      if (possessive) {
        j += 2;  // "16 of their fighters" counts the fighters
      } else if (j + 1 < se_ && (c_.Is(j + 1, ClaimLexicon::kDet) || c_.Is(j + 1, ClaimLexicon::kPron) ||
                                 next == "whom" || next == "which") &&
                 q.qualifier != Qualifier::kVague) {
        return std::nullopt;  // "one of the captured": a part of a group counted elsewhere
      } else if (vague) {
        ++j;
      }
    }
    NounPhrase np = ReadNounPhrase(j);
    Cue cue = np.head_cue;
    Cue predicate = ReadPredicate(np.end > j ? np.end : j);
    Cue left = LeftVerb(q.first_token);
    *verb_cue_out = left;
    Cue subject = cue || predicate.strength >= 3 || left ? Cue{} : SubjectNoun(q.first_token);
    // a noun of people in a status, then what happened to them: "twenty prisoners were killed",
    // "eight refugees drowned" count the dead, not the prisoners
    if (cue && predicate.strength >= 3 && predicate.measure != cue.measure &&
        (cue.measure == Measure::kCaptured || cue.measure == Measure::kDisplaced))
      cue = predicate;
    // and a verb before them that tells their fate: "the strike killed 17 refugees" counts the
    // dead, "police arrested 17 refugees" the arrested
    if (cue && left && TellsFate(left.measure) && left.measure != cue.measure &&
        (cue.measure == Measure::kCaptured || cue.measure == Measure::kDisplaced))
      cue = left;
    if (!cue && predicate.strength >= 3) cue = predicate;
    if (!cue) cue = left;
    if (!cue) cue = subject;
    if (!cue) cue = predicate;
    if (!cue) cue = np.modifier_cue;
    if (!cue && q.first_token > sb_ && (c_.W(q.first_token - 1) == "and" || c_.T(q.first_token - 1) == ",")) {
      // "killed a police officer and two civilians": the verb of the first object
      if (previous_verb_cue) cue = Cue{previous_verb_cue.measure, 2};
      for (uint32_t p = q.first_token - 1, words = 0; !cue && p > sb_ && words < 6; --p) {
        if (PhraseTable::Match v = c_.lex.verb_cues.MatchEndingAt(c_.d, p, sb_); v.length) {
          cue = Cue{static_cast<tally::Measure>(v.value), 2};
          break;
        }
        if (c_.IsInnerHyphen(p - 1, sb_, se_)) {
          --p;  // "a senior al-Shabaab commander": the hyphen and its parts are one word
          continue;
        }
        ++words;
        if (c_.ClauseBreak(p - 1) || !c_.IsWord(p - 1) || c_.Is(p - 1, ClaimLexicon::kAux)) break;
      }
    }
    if (!cue) return std::nullopt;

    // what the noun says about the measure
    std::optional<NounClass> head_class;
    if (np.head) {
      if (const auto* noun = c_.lex.counted.Find(c_.W(*np.head))) head_class = noun->cls;
      else if (c_.PartyAt(*np.head, se_)) head_class = NounClass::kPerson;  // "Ukrainians"
      else if (!np.head_cue && !c_.IsCap(*np.head)) return std::nullopt;     // an unknown common noun: not people
    }
    if (head_class == NounClass::kThing) return std::nullopt;
    tally::Measure measure = cue.measure;
    if (head_class == NounClass::kMateriel) {
      if (measure != tally::Measure::kSupplied && measure != tally::Measure::kDeployed) return std::nullopt;
      measure = tally::Measure::kSupplied;
    } else if (measure == tally::Measure::kSupplied) {
      measure = tally::Measure::kDeployed;
    }

    MeasuredMention m;
    m.sentence = s;
    m.span = {q.begin, q.end};
    m.measure = measure;
    m.value = q.value;
    m.qualifier = q.qualifier;
    m.strength = cue.strength;
    m.rule = "core.figure";
    if (np.end > np.first) m.counted = c_.SpanOf(np.first, np.end);
    m.party = FindParty(q, np);
    m.location = FindLocation(q);
    return m;
  }

  // "Sudanese soldiers", "wounded Sudanese soldiers", "deaths", "containers of weapons"
  NounPhrase ReadNounPhrase(uint32_t j) const {
    NounPhrase np;
    np.first = np.end = j;
    uint32_t k = j;
    while (k < se_ && k - j < kMaxNounPhrase) {
      if (c_.IsInnerHyphen(k, j, se_)) {
        ++k;
        continue;
      }
      if (!c_.IsWord(k) || figures_.count[k] >= 0) break;
      const WordRef w = c_.W(k);
      if (c_.lex.Is(w, static_cast<ClaimLexicon::FunctionBits>(ClaimLexicon::kDet | ClaimLexicon::kPrep |
                                                                 ClaimLexicon::kConj | ClaimLexicon::kSub |
                                                                 ClaimLexicon::kAux | ClaimLexicon::kPron)) &&
          !(k > j && c_.lex.counted.count(w)))
        break;
      if (PhraseTable::Match n = c_.lex.noun_cues.MatchAt(c_.d, k, se_); n.length && !IsVerbal(k, n.length)) {
        np.head_cue = Cue{static_cast<tally::Measure>(n.value), 3};
        k += n.length;
        np.head = k - 1;
        np.end = k;
        // "casualties of 5,300" has no more noun phrase; "deaths among civilians" neither
        break;
      }
      if (PhraseTable::Match st = c_.lex.state_cues.MatchAt(c_.d, k, se_); st.length) {
        // a state word before a noun modifies it ("wounded soldiers", "injured Kenyan
        // troops"); otherwise it is the predicate ("59 morts ce mercredi": French puts no noun there)
        uint32_t after = k + st.length;
        if (after < se_ && c_.IsWord(after) && (c_.lex.counted.count(c_.W(after)) || c_.IsCap(after)) &&
            !c_.Is(after, static_cast<ClaimLexicon::FunctionBits>(ClaimLexicon::kDet | ClaimLexicon::kPrep |
                                                                  ClaimLexicon::kConj | ClaimLexicon::kSub |
                                                                  ClaimLexicon::kAux | ClaimLexicon::kPron))) {
          np.modifier_cue = Cue{static_cast<tally::Measure>(st.value), 1};
          k = after;
          continue;
        }
        break;
      }
      if (c_.IsAdverb(k) && !c_.IsCap(k)) break;  // "48 overnight", "25,000 residents ahead of"
      // a counted noun ends the phrase unless another one follows ("police officers") or it is
      // the first part of a compound ("storm-related deaths")
      if (np.head && c_.lex.counted.count(c_.W(*np.head)) && !c_.lex.counted.count(w) &&
          !(k > j && c_.IsInnerHyphen(k - 1, j, se_)))
        break;
      // a verb, not a noun: "arrived", "fighting" (but "storm-related" ends a compound adjective)
      if (!c_.IsCap(k) && !c_.lex.counted.count(w) && (EndsWith(w, "ed") || EndsWith(w, "ing")) &&
          !(k + 1 < se_ && c_.IsWord(k + 1) && c_.lex.counted.count(c_.W(k + 1))) &&
          !(k > j && c_.IsInnerHyphen(k - 1, j, se_)))
        break;
      np.head = k;
      ++k;
      np.end = k;
    }
    return np;
  }

  static bool TellsFate(tally::Measure m) {
    return m == tally::Measure::kKilled || m == tally::Measure::kWounded || m == tally::Measure::kCasualties ||
           m == tally::Measure::kCaptured || m == tally::Measure::kMissing || m == tally::Measure::kHospitalized;
  }

  static bool EndsWith(std::string_view w, std::string_view tail) {
    return w.size() > tail.size() + 1 && w.substr(w.size() - tail.size()) == tail;
  }

  // "killed" right after a figure is its state ("100 killed"), not its noun.
  bool IsVerbal(uint32_t k, uint32_t len) const {
    return c_.lex.state_cues.MatchAt(c_.d, k, se_).length >= len;
  }

  // The state the clause after the noun phrase gives its subject.
  Cue ReadPredicate(uint32_t start) const {
    Cue first, adjacent_cue, aux_cue;
    bool aux_pending = false;
    for (uint32_t k = start; k < se_;) {
      if (c_.ClauseBreak(k) || (k > start && figures_.count[k] >= 0)) break;
      if ((c_.W(k) == "and" || c_.W(k) == "or") && k + 1 < se_ && (figures_.count[k + 1] >= 0 || c_.IsNumber(k + 1))) break;
      // after its own cue, "and" before a determiner starts another subject's clause: "a woman
      // died and her husband was injured"
      if (first && (c_.W(k) == "and" || c_.W(k) == "but") && k + 1 < se_ && c_.Is(k + 1, ClaimLexicon::kDet)) break;
      if (PhraseTable::Match st = c_.lex.state_cues.MatchAt(c_.d, k, se_); st.length) {
        // an active verb with an object of its own is another clause's: "infected 1,200 people
        // and killed 31", "stormed the bank and shot a guard"
        if (k > start && k + st.length < se_ && (c_.W(k - 1) == "and" || c_.T(k - 1) == ",") &&
            (figures_.count[k + st.length] >= 0 ||
             c_.Is(k + st.length, static_cast<ClaimLexicon::FunctionBits>(ClaimLexicon::kDet | ClaimLexicon::kPron))) &&
            c_.lex.verb_cues.MatchAt(c_.d, k, se_).length)
          break;
        Cue cue{static_cast<tally::Measure>(st.value), 2};
        if (aux_pending && !aux_cue) aux_cue = Cue{cue.measure, 3};
        if (k == start && !adjacent_cue) adjacent_cue = Cue{cue.measure, 3};
        if (!first) first = cue;
        aux_pending = false;
        k += st.length;
        continue;
      }
      if (PhraseTable::Match pl = c_.lex.place_cues.MatchAt(c_.d, k, se_); pl.length) {
        if (!first) first = Cue{static_cast<tally::Measure>(pl.value), 2};
        k += pl.length;
        continue;
      }
      if (c_.Is(k, ClaimLexicon::kAux)) aux_pending = true;
      else if (!c_.Is(k, ClaimLexicon::kHedge) && !c_.IsAdverb(k)) aux_pending = false;
      ++k;
    }
    if (aux_cue) return aux_cue;
    if (adjacent_cue) return adjacent_cue;
    return first;
  }

  // An active verb whose object is the figure: "killed at least 100", "sent 18,000 troops".
  Cue LeftVerb(uint32_t first) const {
    uint32_t p = first;
    while (p > sb_ && c_.IsAdverb(p - 1)) --p;
    PhraseTable::Match v = c_.lex.verb_cues.MatchEndingAt(c_.d, p, sb_);
    if (!v.length) return {};
    // "were killed 100" does not happen; "were killed, 100" is cut by the comma already
    return Cue{static_cast<tally::Measure>(v.value), 3};
  }

  // A measure noun the figure describes: "the death toll rose to 100", "casualties are
  // estimated at around 5,300", "the number of killed and wounded ... exceeded 3,000".
  Cue SubjectNoun(uint32_t first) const {
    uint32_t limit = first > sb_ + kMaxSubjectReach ? first - kMaxSubjectReach : sb_;
    for (uint32_t p = first; p > limit; --p) {
      if (PhraseTable::Match n = c_.lex.noun_cues.MatchEndingAt(c_.d, p, sb_); n.length) {
        subject_noun_end_ = p;
        return Cue{static_cast<tally::Measure>(n.value), 2};
      }
      const uint32_t t = p - 1;
      if (c_.ClauseBreak(t) || figures_.count[t] >= 0 || c_.IsNumber(t)) break;
      if (!AllowedBetweenSubjectAndFigure(t)) break;
    }
    return {};
  }

  // Between a measure noun and its figure: linking verbs, modifiers and the noun's own
  // phrases ("the death toll from the dam collapse has risen to"), but no other verb or clause.
  bool AllowedBetweenSubjectAndFigure(uint32_t t) const {
    if (c_.IsInnerHyphen(t, sb_, se_)) return true;
    if (!c_.IsWord(t)) return false;
    if (c_.IsCap(t) || c_.IsAdverb(t)) return true;
    const WordRef w = c_.W(t);
    if (c_.lex.Is(w, static_cast<ClaimLexicon::FunctionBits>(ClaimLexicon::kAux | ClaimLexicon::kLink |
                                                            ClaimLexicon::kHedge)))
      return true;
    if (c_.lex.Is(w, static_cast<ClaimLexicon::FunctionBits>(ClaimLexicon::kSub | ClaimLexicon::kConj |
                                                            ClaimLexicon::kPron)))
      return false;
    if (c_.lex.state_cues.MatchAt(c_.d, t, se_).length || c_.lex.verb_cues.MatchAt(c_.d, t, se_).length) return false;
    return !EndsWith(w, "ed") && !EndsWith(w, "ing");
  }

  std::optional<std::string> FindParty(const Quantity& q, const NounPhrase& np) const {
    // in the counted noun phrase: "Sudanese soldiers"
    for (uint32_t k = np.first; k < np.end; ++k)
      if (auto p = c_.PartyAt(k, np.end)) return c_.lex.party_names[p->first];
    // between a measure noun and the figure: "the number of killed ... Sudanese fighters"
    if (subject_noun_end_ && *subject_noun_end_ <= q.first_token) {
      for (uint32_t k = *subject_noun_end_; k < q.first_token; ++k)
        if (auto p = c_.PartyAt(k, q.first_token)) return c_.lex.party_names[p->first];
      // before it: "Sudanese troop casualties"
      uint32_t k = *subject_noun_end_;
      for (uint32_t steps = 0; k > sb_ && steps < 6; --k, ++steps) {
        if (c_.ClauseBreak(k - 1)) break;
        if (auto p = c_.PartyAt(k - 1, se_)) return c_.lex.party_names[p->first];
      }
    }
    // after the noun: "casualties among Sudanese troops"
    if (np.head_cue && np.end + 1 < se_ && (c_.W(np.end) == "among" || c_.W(np.end) == "of"))
      for (uint32_t k = np.end + 1; k < se_ && k < np.end + 5; ++k)
        if (auto p = c_.PartyAt(k, se_)) return c_.lex.party_names[p->first];
    // the subject of the verb before the figure: "Sudan sent", "Khartoum has provided",
    // "Sudanese forces suffer"
    uint32_t k = q.first_token;
    while (k > sb_ && c_.IsAdverb(k - 1)) --k;
    if (k > sb_ && c_.IsWord(k - 1) && !c_.IsCap(k - 1)) {
      --k;  // the verb
      while (k > sb_ && (c_.Is(k - 1, ClaimLexicon::kAux) || c_.IsAdverb(k - 1))) --k;
      if (k > sb_ && c_.lex.counted.count(c_.W(k - 1))) --k;  // "forces", "troops"
      for (uint32_t back = 1; back <= 4 && k >= sb_ + back; ++back)
        if (auto p = c_.PartyAt(k - back, k); p && k - back + p->second == k) return c_.lex.party_names[p->first];
    }
    // a people named in the sentence: "Sudanese troops ... suffered ..., with 30 killed"
    if (int p = PeopleNamedInSentence(); p >= 0) return c_.lex.party_names[p];
    return std::nullopt;
  }

  // The first party of the sentence named before a noun of people, or -1. The same for every
  // figure of the sentence, so it is read once a sentence: a sentence of many figures would
  // otherwise be read once for each.
  int PeopleNamedInSentence() const {
    if (people_named_sentence_ == sb_ && people_named_known_) return people_named_;
    people_named_known_ = true;
    people_named_sentence_ = sb_;
    people_named_ = -1;
    for (uint32_t i = sb_; i + 1 < se_; ++i) {
      ++search_steps_;
      auto p = c_.PartyAt(i, se_);
      if (!p) continue;
      uint32_t after = i + p->second;
      if (after < se_ && c_.lex.counted.count(c_.W(after)) &&
          c_.lex.counted.Find(c_.W(after))->cls == NounClass::kPerson) {
        people_named_ = p->first;
        break;
      }
    }
    return people_named_;
  }

  // "in the Tver region", "in Chile", "near Lima": after the figure first, then before.
  std::optional<std::string> FindLocation(const Quantity& q) const {
    const std::vector<PlaceCue>& cues = PlaceCues();
    // after: the first place of the sentence from the figure's end, the sentence the bound
    size_t i = std::lower_bound(cues.begin(), cues.end(), q.end_token,
                                [](const PlaceCue& c, uint32_t t) { return c.token < t; }) - cues.begin();
    if (i < cues.size() && next_place_[i] < cues.size()) return PlaceText(*cues[next_place_[i]].place);
    // before: the first place from the sentence's start, the figure the bound. A cue whose
    // match read no further than two tokens before the figure reads the same with either bound,
    // so only the cues whose match reached near the figure are read again.
    const uint32_t to = q.first_token;
    size_t last = std::lower_bound(cues.begin(), cues.end(), to,
                                   [](const PlaceCue& c, uint32_t t) { return c.token + 1 < t; }) - cues.begin();
    std::optional<std::pair<uint32_t, uint32_t>> found;
    size_t k = last;
    for (; k > 0 && reach_before_[k - 1] + 1 >= to; --k) {
      uint32_t reach = 0;
      ++search_steps_;
      if (auto p = PlaceAt(cues[k - 1].token, to, &reach)) found = p;
    }
    if (k > 0 && next_place_[0] < k) return PlaceText(*cues[next_place_[0]].place);
    if (found) return PlaceText(*found);
    return std::nullopt;
  }

  // A word that may open a place ("in", "near", "at", "outside"): the place it opens with the
  // sentence's end as the bound, and the last token that reading looked at.
  struct PlaceCue {
    uint32_t token = 0;
    uint32_t reach = 0;
    std::optional<std::pair<uint32_t, uint32_t>> place;  // tokens [b, e)
  };

  // The place cues of the sentence, read once a sentence, with next_place_ (the first cue from
  // each that opens a place, or cues.size()) and reach_before_ (the furthest reach of the cues
  // up to each).
  const std::vector<PlaceCue>& PlaceCues() const {
    if (place_cues_known_ && place_cues_sentence_ == sb_) return place_cues_;
    place_cues_known_ = true;
    place_cues_sentence_ = sb_;
    place_cues_.clear();
    for (uint32_t k = sb_; k + 1 < se_; ++k) {
      if (!IsPlaceCue(k)) continue;
      ++search_steps_;
      PlaceCue cue;
      cue.token = k;
      cue.place = PlaceAt(k, se_, &cue.reach);
      place_cues_.push_back(cue);
    }
    next_place_.assign(place_cues_.size() + 1, place_cues_.size());
    for (size_t i = place_cues_.size(); i-- > 0;) next_place_[i] = place_cues_[i].place ? i : next_place_[i + 1];
    reach_before_.resize(place_cues_.size());
    for (size_t i = 0; i < place_cues_.size(); ++i)
      reach_before_[i] = std::max(place_cues_[i].reach, i ? reach_before_[i - 1] : 0);
    return place_cues_;
  }

  bool IsPlaceCue(uint32_t k) const {
    const WordRef w = c_.W(k);
    return w == "in" || w == "near" || w == "at" || w == "outside";
  }

  // The place that the cue at token k opens, reading no further than to; *reach: the last
  // token read. A bound past reach + 1 reads the same.
  std::optional<std::pair<uint32_t, uint32_t>> PlaceAt(uint32_t k, uint32_t to, uint32_t* reach) const {
    uint32_t n = k + 1;
    if (n < to && c_.W(n) == "the") ++n;
    uint32_t b = n;
    while (n < to && (c_.IsCap(n) || c_.IsInnerHyphen(n, b, to) || (n > b && c_.W(n) == "'s"))) ++n;
    *reach = n;
    if (n == b || c_.Is(b, ClaimLexicon::kDet)) return std::nullopt;
    // "in Peruvian hospitals": a people's name before a noun is no place
    if (n < to && c_.IsWord(n) && !c_.IsCap(n) && !c_.lex.region_words.count(c_.W(n)) && c_.W(n) != "'s")
      return std::nullopt;
    uint32_t e = n;
    if (e > b && c_.W(e - 1) == "'s") --e;
    // a region word after the name is dropped: "the Tver region" -> "Tver"
    if (e > b + 1 && c_.lex.region_words.count(c_.W(e - 1))) --e;
    if (e == b) return std::nullopt;
    if (in_date_[b]) return std::nullopt;  // "in June" is a date, not a place
    return std::make_pair(b, e);
  }

  std::string PlaceText(std::pair<uint32_t, uint32_t> p) const { return c_.Text(p.first, p.second); }

  // Implicit counts between tokens [from, to): "no one was hurt" (0), "a soldier was killed" (1).
  void FindImplicit(uint32_t s, uint32_t from, uint32_t to, std::vector<MeasuredMention>* out) const {
    for (uint32_t i = std::max(from, sb_); i < to; ++i) {
      if (!c_.IsWord(i) || !c_.lex.MayBeginImplicit(c_.d.tokens[i].word)) continue;
      if (PhraseTable::Match z = c_.lex.zero.MatchAt(c_.d, i, se_); z.length) {
        uint32_t e = i + z.length;
        Cue cue;
        if (z.value == 2) {  // "no deaths", "no soldiers were killed"
          if (e >= se_ || figures_.count[e] >= 0 || c_.IsNumber(e)) continue;
          if (PhraseTable::Match n = c_.lex.noun_cues.MatchAt(c_.d, e, se_); n.length) {
            cue = Cue{static_cast<tally::Measure>(n.value), 3};
            e += n.length;
          } else {
            NounPhrase np = ReadNounPhrase(e);
            if (!np.head || !c_.lex.counted.count(c_.W(*np.head)) ||
                c_.lex.counted.Find(c_.W(*np.head))->cls != NounClass::kPerson)
              continue;
            e = np.end;
            cue = ReadPredicate(e);
            if (cue.strength < 3) continue;
          }
        } else {
          cue = ReadPredicate(e);
          if (cue.strength < 3) continue;
        }
        out->push_back(Implicit(s, i, e, cue.measure, 0));
        i = e - 1;
        continue;
      }
      // "a policeman was shot dead", "killing the driver"
      const std::array<uint32_t, 3>& articles = c_.lex.articles;  // "a", "an", "the"
      if (std::find(articles.begin(), articles.end(), c_.d.tokens[i].word) == articles.end()) continue;
      constexpr uint32_t kArticleReach = 8;  // the head is among the 7 tokens after the article
      // the head read below is a singular person noun: without one in reach there is none
      bool person_in_reach = false;
      for (uint32_t k = i + 1; k < se_ && k < i + kArticleReach && !person_in_reach; ++k)
        person_in_reach = c_.lex.IsPersonSingular(c_.d.tokens[k].word);
      if (!person_in_reach) continue;
      uint32_t k = i + 1;
      constexpr uint32_t kNoHead = UINT32_MAX;  // not an optional: GCC 12 warns it may be unset
      uint32_t head = kNoHead;
      for (; k < se_ && k < i + kArticleReach; ++k) {
        if (c_.IsNumber(k) && figures_.count[k] < 0) continue;  // "a 32-year-old suspect"
        if (c_.T(k) == "-" && c_.Glued(k)) {
          // a noun hyphened to the next word modifies it ("a shrimp-processing plant"), unless
          // a particle ends the noun ("a passer-by")
          if (k + 1 < se_ && !c_.Is(k + 1, ClaimLexicon::kPrep)) head = kNoHead;
          continue;
        }
        if (!c_.IsWord(k) && !c_.IsInnerHyphen(k, i, se_)) break;
        if (figures_.count[k] >= 0 || c_.Is(k, static_cast<ClaimLexicon::FunctionBits>(
                                                  ClaimLexicon::kAux | ClaimLexicon::kPrep | ClaimLexicon::kConj |
                                                  ClaimLexicon::kSub | ClaimLexicon::kDet)))
          break;
        if (const auto* noun = c_.lex.counted.Find(c_.W(k))) {
          if (noun->cls == NounClass::kPerson && noun->singular) head = k;
          else head = kNoHead;
          // a noun that continues ("police officer") keeps looking
          continue;
        }
        if (head != kNoHead) break;
      }
      if (head == kNoHead) continue;
      const uint32_t e = head + 1;
      uint32_t after = e;
      // "The attacker, 24, was arrested"
      if (after + 2 < se_ && c_.T(after) == "," && c_.IsNumber(after + 1) && c_.T(after + 2) == ",") after += 3;
      Cue cue = ReadPredicate(after);
      if (cue.strength < 3) {
        cue = LeftVerb(i);
        if (!cue) continue;
      }
      if (cue.measure == Measure::kSupplied || cue.measure == Measure::kDeployed) continue;
      out->push_back(Implicit(s, i, e, cue.measure, 1));
      // "police shot and killed the gunman": the one counted is the doer.
      if (c_.lex.perpetrators.count(c_.W(head))) out->back().role = CountedRole::kPerpetrator;
      i = e - 1;
    }
  }

  MeasuredMention Implicit(uint32_t s, uint32_t first, uint32_t end, tally::Measure measure, int64_t n) const {
    MeasuredMention m;
    m.sentence = s;
    m.span = c_.SpanOf(first, end);
    m.measure = measure;
    m.value = IntervalFor(Qualifier::kExact, n);
    m.qualifier = Qualifier::kExact;
    m.counted = m.span;
    m.strength = 2;
    m.rule = n == 0 ? "core.none" : "core.one";
    m.one_person = n == 1;
    return m;
  }

  Context c_;
  std::vector<RuleMention>* vetoes_;
  FigureStarts figures_;          // token -> index of the count or ordinal starting there, or -1
  RuleSet::Scratch rule_scratch_;
  std::vector<bool> in_date_;     // token is part of a date mention
  uint32_t sb_ = 0, se_ = 0;
  mutable std::optional<uint32_t> subject_noun_end_;
  // read once a sentence (the sentence is known by its first token)
  mutable bool people_named_known_ = false, place_cues_known_ = false;
  mutable uint32_t people_named_sentence_ = 0, place_cues_sentence_ = 0;
  mutable int people_named_ = -1;
  mutable std::vector<PlaceCue> place_cues_;
  mutable std::vector<size_t> next_place_;
  mutable std::vector<uint32_t> reach_before_;
  mutable size_t search_steps_ = 0;  // cues and parties read by the searches above (for tests)
};

}  // namespace

std::vector<MeasuredMention> MeasureMentions(const ClaimLexicon& lexicon, const Document& doc,
                                             std::vector<RuleMention>* vetoes) {
  return Measurer(lexicon, doc, vetoes).Run();
}

size_t MeasureSearchSteps() { return measure_search_steps; }

}  // namespace tally
