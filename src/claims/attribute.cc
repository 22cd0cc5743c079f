// The attribute step: who says what each sentence says, and whom they cite.
//
// In-sentence cues come first ("according to X", "X said", "..., said X", "was announced by
// X"); then quotations share their speaker; back-references ("X disclosed these figures")
// reach back over the sentences they point at; and what is left takes the speaker of the
// sentence before it in the same paragraph. Names are resolved within the document: a
// surname or pronoun to the longest name, a role ("the president") to the person it describes.
#include <algorithm>

#include "claims/context.h"

namespace tally {
namespace {

using claims_internal::Context;
using FB = ClaimLexicon::FunctionBits;

constexpr uint32_t kMaxAppositive = 12;   // tokens in ", a Kessian opposition parliamentarian,"
constexpr uint32_t kMaxCarrySentences = 3;

struct Phrase {
  uint32_t first = 0, end = 0;
  std::optional<std::pair<uint32_t, uint32_t>> appositive;  // a role said between commas
};

struct Person {
  std::string name;
  std::string role;  // may be empty
};

class Attributor {
 public:
  Attributor(const ClaimLexicon& lex, const Document& doc) : c_(lex, doc), in_date_(doc.tokens.size() + 1, false) {
    for (const DateMention& m : doc.dates)
      for (uint32_t t = m.first_token; t < m.end_token; ++t) in_date_[t] = true;
  }

  std::vector<Attribution> Run() {
    const Document& d = c_.d;
    CollectPeople();
    std::vector<Attribution> out(d.sentences.size());
    std::vector<bool> in_quote = QuoteMarks();
    for (uint32_t s = 0; s < d.sentences.size(); ++s) {
      out[s] = InSentence(s);
      out[s].from_sentence = s;
      if (!out[s].source.empty() && !out[s].from_pronoun && IsPersonLike(out[s])) last_person_ = out[s].source;
    }
    ShareQuotes(in_quote, &out);
    ApplyBackReferences(&out);
    Carry(&out);
    return out;
  }

 private:
  // ---- phrases -------------------------------------------------------------------------

  // A word that can be part of a source's name or description: capitalized words, offices and
  // bodies, and the plain modifiers before them ("the national disaster agency", "rights
  // groups", "the monitoring group"), but no function word or verb.
  bool NpWord(uint32_t t, uint32_t sb, uint32_t se) const {
    if (c_.IsInnerHyphen(t, sb, se)) return true;
    // "Dr." and "Gen." before a name
    if (c_.T(t) == "." && t > sb && c_.Glued(t) && c_.IsCap(t - 1) && c_.T(t - 1).size() <= 4 && t + 1 < se &&
        c_.IsCap(t + 1))
      return true;
    if (!c_.IsWord(t)) return false;
    if (t > sb && c_.IsInnerHyphen(t - 1, sb, se) && NpWord(t - 2, sb, se)) return true;  // "Min-kyu"
    const WordRef w = c_.W(t);
    if (w == "'s" || w == "\xE2\x80\x99s") return true;
    const auto function = static_cast<FB>(FB::kPrep | FB::kSub | FB::kConj | FB::kPron | FB::kAux | FB::kDet);
    if (c_.IsCap(t)) return !c_.lex.Is(w, function) || c_.lex.source_words.count(w) || c_.PartyAt(t, se).has_value();
    if (c_.lex.source_words.count(w) || c_.lex.generic.count(w) || c_.lex.empty.count(w)) return true;
    if (c_.lex.Is(w, function) || c_.lex.report_verbs.MatchAt(c_.d, t, se).length || c_.IsAdverb(t)) return false;
    if (c_.lex.state_cues.MatchAt(c_.d, t, se).length || c_.lex.verb_cues.MatchAt(c_.d, t, se).length) return false;
    // a verb form only as a modifier of the next word ("monitoring group", "armed forces")
    const bool verbal = (w.size() > 4 && (w.substr(w.size() - 2) == "ed" || w.substr(w.size() - 3) == "ing"));
    if (verbal) return t + 1 < se && c_.IsWord(t + 1) && c_.lex.source_words.count(c_.W(t + 1));
    return !c_.IsNumber(t);
  }

  // "of", "and", "in", "for" join two parts of one name ("Ministry of Defence", "US and South
  // Korean officials", "officials in Seoul", "International Organization for Migration").
  bool Joiner(uint32_t t, uint32_t sb, uint32_t se) const {
    if (t <= sb || t + 1 >= se) return false;
    const WordRef w = c_.W(t);
    if (w != "of" && w != "and" && w != "in" && w != "for") return false;
    uint32_t next = t + 1;
    if (w != "and" && c_.W(next) == "the" && next + 1 < se) ++next;
    if (!NpWord(t - 1, sb, se) || !NpWord(next, sb, se)) return false;
    if (w == "and") return true;
    // a body of something: "ministry of health" (a role before "of" is the person of a body:
    // "the head of the health department")
    if (w == "of" && !c_.IsCap(next) && IsBody(t - 1)) return true;
    if (!c_.IsCap(next)) return false;
    if (w == "of") return true;
    return c_.lex.source_words.count(c_.W(t - 1)) > 0 || c_.IsCap(t - 1);
  }

  // The "the" of "Ministry of the Interior", "spokeswoman for the Red Cross".
  bool JoinedThe(uint32_t t, uint32_t sb, uint32_t se) const {
    return t > sb + 1 && t + 1 < se && c_.W(t) == "the" && Joiner(t - 1, sb, se) && (c_.IsCap(t + 1) || IsBody(t - 2));
  }

  bool IsBody(uint32_t t) const {
    const ClaimLexicon::SourceWord* w = c_.lex.source_words.Find(c_.W(t));
    return w && w->kind == ClaimLexicon::SourceWordKind::kBody;
  }

  Phrase LeftOf(uint32_t v, uint32_t sb, uint32_t se) const {
    uint32_t k = v;
    while (k > sb && (c_.IsAdverb(k - 1) || c_.W(k - 1) == "has" || c_.W(k - 1) == "have" || c_.W(k - 1) == "had" ||
                      c_.W(k - 1) == "also" || c_.W(k - 1) == "later"))
      --k;
    Phrase p;
    // an appositive between commas: a role ("Marsh, a Kessian opposition parliamentarian, said") or
    // a name after its role ("The interior minister, Karim Haddad, said")
    if (k > sb + 2 && c_.T(k - 1) == ",") {
      for (uint32_t q = k - 2; q > sb && q + kMaxAppositive > k; --q) {
        if (c_.T(q) != ",") {
          if (!NpWord(q, sb, se) && !Joiner(q, sb, se) && !c_.Is(q, FB::kDet)) break;
          continue;
        }
        bool role = q + 1 < k - 1 && c_.Is(q + 1, FB::kDet);
        bool ok = true;
        for (uint32_t t = q + 1 + (role ? 1 : 0); ok && t < k - 1; ++t) ok = NpWord(t, sb, se) || Joiner(t, sb, se);
        if (ok && role) {
          p.appositive = std::make_pair(q + 2, k - 1);
          k = q;
        } else if (ok && c_.IsCap(q + 1)) {
          // the name is between the commas; what stands before them is its role
          Phrase role_phrase = LeftOf(q, sb, se);
          p.first = q + 1;
          p.end = k - 1;
          if (role_phrase.first < role_phrase.end) p.appositive = std::make_pair(role_phrase.first, role_phrase.end);
          return p;
        }
        break;
      }
    }
    p.end = k;
    while (k > sb) {
      const uint32_t t = k - 1;
      if (NpWord(t, sb, se) || Joiner(t, sb, se) || JoinedThe(t, sb, se)) {
        --k;
        continue;
      }
      if (c_.Is(t, FB::kDet) && k < p.end) --k;  // "the US military official"
      break;
    }
    p.first = k;
    return p;
  }

  Phrase RightOf(uint32_t k, uint32_t sb, uint32_t se) const {
    Phrase p;
    if (k < se && c_.Is(k, FB::kDet)) ++k;
    p.first = k;
    constexpr uint32_t kMaxRightPhrase = 10;
    while (k < se && k < p.first + kMaxRightPhrase && (NpWord(k, sb, se) || Joiner(k, sb, se) || JoinedThe(k, sb, se))) ++k;
    p.end = k;
    // ", a Kessian opposition parliamentarian," after the name
    if (k + 2 < se && c_.T(k) == "," && c_.Is(k + 1, FB::kDet)) {
      uint32_t t = k + 2, b = t;
      while (t < se && t < b + kMaxAppositive && (NpWord(t, sb, se) || Joiner(t, sb, se) || JoinedThe(t, sb, se))) ++t;
      if (t > b && (t == se || c_.T(t) == "," || c_.T(t) == ".")) p.appositive = std::make_pair(b, t);
    }
    return p;
  }

  // Splits a phrase into a description and a name, strips determiners and document words.
  // Returns false when nothing in it can speak ("preliminary estimates", "the report").
  bool Describe(Phrase p, uint32_t se, Attribution* out) const {
    while (p.first < p.end && c_.Is(p.first, FB::kDet)) ++p.first;
    // "the data of the State Emergency Service" -> "State Emergency Service"
    for (uint32_t t = p.first; t < p.end; ++t) {
      const WordRef w = c_.W(t);
      if (c_.lex.generic.count(w) || c_.lex.empty.count(w)) continue;
      if (w == "of" && t > p.first) {
        p.first = t + 1;
        while (p.first < p.end && c_.Is(p.first, FB::kDet)) ++p.first;
      }
      break;
    }
    while (p.end > p.first && (c_.lex.generic.count(c_.W(p.end - 1)) || c_.W(p.end - 1) == "'s")) --p.end;
    bool speaks = false, has_and = false;
    for (uint32_t t = p.first; t < p.end; ++t) {
      const WordRef w = c_.W(t);
      has_and |= w == "and";
      if (c_.lex.empty.count(w) || c_.lex.generic.count(w)) continue;
      if (c_.IsCap(t) || IsSourceWord(w)) speaks = true;
    }
    if (!speaks) return false;
    // the name: capitalized words at the end that are neither offices nor peoples
    uint32_t n = p.end;
    while (n > p.first) {
      const uint32_t t = n - 1;
      if (c_.IsInnerHyphen(t, p.first, p.end)) {
        --n;
        continue;
      }
      if (c_.T(t) == "." && n < p.end) break;  // "Dr." ends the role before the name
      if (c_.IsWord(t) && (c_.IsCap(t) || (t > p.first && c_.IsInnerHyphen(t - 1, p.first, p.end))) &&
          !c_.lex.source_words.count(c_.W(t)) && !c_.PartyAt(t, p.end))
        --n;
      else
        break;
    }
    // "International Organization for Migration", "officials in Kharkiv": one institution
    const bool after_joiner = n > p.first && (c_.W(n - 1) == "of" || c_.W(n - 1) == "for" || c_.W(n - 1) == "in" ||
                                              c_.W(n - 1) == "the");
    const bool named = n < p.end && !has_and && !after_joiner;
    out->surface = named ? c_.Text(n, p.end) : c_.Text(p.first, p.end);
    // an acronym in brackets after a body: "Federal Statistics Office (FSO)"
    if (p.end + 2 < se && c_.T(p.end) == "(" && c_.IsWord(p.end + 1) && c_.T(p.end + 2) == ")" && IsAcronym(c_.T(p.end + 1)))
      acronyms_.emplace_back(c_.Text(p.first, p.end), std::string(c_.T(p.end + 1)));
    if (named) {
      out->source = c_.Text(n, p.end);
      if (n > p.first) out->role = c_.Text(p.first, n);
    } else {
      out->source = c_.Text(p.first, p.end);
    }
    if (p.appositive && !out->role) out->role = c_.Text(p.appositive->first, p.appositive->second);
    out->named = named;
    // a bare surname, a role or a pronoun stands for someone named elsewhere
    if (named && p.end - n == 1) {
      if (auto full = LongestName(c_.T(n))) out->source = *full;
    } else if (!named && !has_and) {
      if (auto who = PersonWithRole(p.first, p.end)) {
        if (!out->role) out->role = out->source;
        out->source = *who;
        out->named = true;
        out->from_role = true;
      }
    }
    return true;
  }

  bool IsSourceWord(std::string_view w) const {
    if (c_.lex.source_words.count(w)) return true;
    return w.size() > 3 && w.back() == 's' && c_.lex.source_words.count(w.substr(0, w.size() - 1));  // plurals
  }

  // ---- people in the document ------------------------------------------------------------

  // Names with two or more capitalized words, and the role said next to them.
  void CollectPeople() {
    const Document& d = c_.d;
    for (const Sentence& s : d.sentences) {
      uint32_t i = s.first_token;
      while (i < s.end_token) {
        if (!c_.IsCap(i)) {  // a name begins with a capital: the run below would be empty
          ++i;
          continue;
        }
        uint32_t b = i;
        uint32_t e = b;
        // a date ends a name: "Firefighters Sunday said" names the firefighters
        while (e < s.end_token && ((c_.IsCap(e) && !in_date_[e] && !c_.lex.source_words.count(c_.W(e)) && !c_.PartyAt(e, s.end_token) &&
                                    !c_.lex.Is(c_.W(e), static_cast<FB>(FB::kDet | FB::kPrep | FB::kSub | FB::kConj | FB::kPron))) ||
                                   (e > b && c_.IsInnerHyphen(e, b, s.end_token)) ||
                                   (e > b + 1 && c_.IsInnerHyphen(e - 1, b, s.end_token) && c_.IsWord(e))))
          ++e;
        if (e - b < 2 || CountCaps(b, e) < 2) {
          i = e > i ? e : i + 1;
          continue;
        }
        Person p{c_.Text(b, e), {}};
        // a role before: "Kenyan lawmaker Amina Odhiambo", "Chilean leader ..."
        uint32_t r = b;
        while (r > s.first_token && (c_.lex.source_words.count(c_.W(r - 1)) || c_.PartyAt(r - 1, b) ||
                                     c_.IsInnerHyphen(r - 1, s.first_token, b)))
          --r;
        if (r < b && HasRoleWord(r, b)) p.role = c_.Text(r, b);
        // or after: "Ana Ferreira President of Portugal", ", a Peruvian parliamentarian,"
        if (p.role.empty()) {
          uint32_t a = e;
          if (a < s.end_token && c_.T(a) == ",") ++a;
          if (a < s.end_token && c_.Is(a, FB::kDet)) ++a;
          uint32_t z = a;
          while (z < s.end_token && z < a + 8 &&
                 (c_.lex.source_words.count(c_.W(z)) || c_.PartyAt(z, s.end_token) || c_.W(z) == "of" ||
                  c_.W(z) == "the" || c_.IsInnerHyphen(z, a, s.end_token)))
            ++z;
          if (z > a && HasRoleWord(a, z)) p.role = c_.Text(a, z);
        }
        people_.push_back(std::move(p));
        i = e;
      }
    }
  }

  uint32_t CountCaps(uint32_t b, uint32_t e) const {
    uint32_t n = 0;
    for (uint32_t t = b; t < e; ++t) n += c_.IsCap(t);
    return n;
  }

  bool HasRoleWord(uint32_t b, uint32_t e) const {
    for (uint32_t t = b; t < e; ++t) {
      const ClaimLexicon::SourceWord* sw = c_.lex.source_words.Find(c_.W(t));
      if (sw && sw->kind == ClaimLexicon::SourceWordKind::kRole) return true;
    }
    return false;
  }

  // The longest name in the document with this word in it ("Okafor" -> "Chidi Okafor").
  std::optional<std::string> LongestName(std::string_view word) const {
    const Person* best = nullptr;
    for (const Person& p : people_) {
      std::string_view n = p.name;
      size_t at = n.find(word);
      if (at == std::string_view::npos) continue;
      const bool starts = at == 0 || n[at - 1] == ' ';
      const bool ends = at + word.size() == n.size() || n[at + word.size()] == ' ';
      if (!starts || !ends) continue;
      if (!best || p.name.size() > best->name.size()) best = &p;
    }
    if (!best) return std::nullopt;
    return best->name;
  }

  // The person whose role shares a synonym group with the role words in [b, e)
  // ("the president" -> the person introduced as "President of Ukraine").
  std::optional<std::string> PersonWithRole(uint32_t b, uint32_t e) const {
    std::vector<std::string_view> groups;
    for (uint32_t t = b; t < e; ++t) {
      const ClaimLexicon::SourceWord* sw = c_.lex.source_words.Find(c_.W(t));
      if (sw && sw->kind == ClaimLexicon::SourceWordKind::kRole &&
          !sw->group.empty())
        groups.push_back(sw->group);
    }
    if (groups.empty()) return std::nullopt;
    std::string_view head = groups.back();
    for (const Person& p : people_) {
      if (p.role.empty()) continue;
      std::string lower = AsciiLowerCopy(p.role);
      for (const auto& [word, sw] : c_.lex.source_words) {
        if (sw.group != head || sw.kind != ClaimLexicon::SourceWordKind::kRole) continue;
        size_t at = lower.find(word);
        if (at == std::string::npos) continue;
        const bool starts = at == 0 || !IsAsciiAlpha(lower[at - 1]);
        const bool ends = at + word.size() == lower.size() || !IsAsciiAlpha(lower[at + word.size()]);
        if (starts && ends) return p.name;
      }
    }
    return std::nullopt;
  }

  bool IsPersonLike(const Attribution& a) const { return a.named; }

  // ---- one sentence --------------------------------------------------------------------------

  std::optional<std::string> RoleOf(const std::string& name) const {
    for (const Person& p : people_)
      if (p.name == name && !p.role.empty()) return p.role;
    return std::nullopt;
  }

  Attribution InSentence(uint32_t s) {
    const Sentence& sent = c_.d.sentences[s];
    const uint32_t sb = sent.first_token, se = sent.end_token;
    Attribution found;
    std::vector<std::string> via;
    bool have = false;
    uint32_t found_at = se;  // the token where the speaker's cue was read
    for (uint32_t i = sb; i < se; ++i) {
      if (!c_.lex.MayBeginAttribution(c_.d.tokens[i].word)) continue;
      if (PhraseTable::Match v = c_.lex.via.MatchAt(c_.d, i, se); v.length) {
        Attribution a;
        if (Describe(RightOf(i + v.length, sb, se), se, &a)) via.push_back(a.source);
        i += v.length - 1;
        continue;
      }
      if (have) {
        if (i > found_at) LaterClause(i, sb, se, &found, &found_at);
        continue;
      }
      Attribution a;
      if (PhraseTable::Match m = c_.lex.before.MatchAt(c_.d, i, se); m.length) {
        have = FromRight(i + m.length, sb, se, &a);
      } else if (PhraseTable::Match pm = c_.lex.passive.MatchAt(c_.d, i, se); pm.length) {
        have = FromRight(i + pm.length, sb, se, &a);
      } else if (PhraseTable::Match fm = c_.lex.from.MatchAt(c_.d, i, se); fm.length && StartsWithBackref(sb, se)) {
        have = FromRight(i + fm.length, sb, se, &a);
      } else if (PhraseTable::Match rv = c_.lex.report_verbs.MatchAt(c_.d, i, se); rv.length) {
        // "are reported dead", "was estimated": a passive or a hedge, not a speaker
        if (i > sb && c_.Is(i - 1, FB::kAux) && c_.W(i - 1) != "has" && c_.W(i - 1) != "have" && c_.W(i - 1) != "had")
          continue;
        if (ClaimsLives(i + rv.length, se)) continue;  // "cholera has claimed 40 lives": a toll, not speech
        have = FromLeft(i, sb, se, &a) || (AfterBreak(i, sb) && FromRight(i + rv.length, sb, se, &a));
        // "X disclosed these figures" (a lone "this" after a verb is more often "this week"); "X
        // said the toll had risen to 19" gives a figure of its own and points back at none
        if (have && i + rv.length < se && c_.lex.backref.MatchAt(c_.d, i + rv.length, se).length >= 2 &&
            !CountAfter(i + rv.length, se))
          a.back_reference = true;
      }
      if (have) {
        if (StartsWithBackref(sb, se)) a.back_reference = true;  // "This was announced by X"
        if (!a.role && a.named) a.role = RoleOf(a.source);
        found = std::move(a);
        found_at = i;
      }
    }
    for (std::string& v : via)
      if (v != found.source && std::find(found.via.begin(), found.via.end(), v) == found.via.end())
        found.via.push_back(std::move(v));
    return found;
  }

  // A reporting verb after the sentence's speaker, whose subject stands after a clause break that
  // follows the speaker's cue: that clause's figures are its own speaker's ("police said four were
  // killed, while the governor's office gave a figure of six").
  void LaterClause(uint32_t i, uint32_t sb, uint32_t se, Attribution* found, uint32_t* found_at) {
    const PhraseTable::Match rv = c_.lex.report_verbs.MatchAt(c_.d, i, se);
    if (!rv.length || (i > sb && c_.Is(i - 1, FB::kAux))) return;
    uint32_t brk = i;
    while (brk > *found_at + 1 && !c_.ClauseBreak(brk - 1)) --brk;
    if (brk <= *found_at + 1) return;
    Attribution b;
    if (!FromLeft(i, brk, se, &b) || b.source == found->source) return;
    if (!found->clauses.empty() && b.source == found->clauses.back().source) return;
    if (!b.role && b.named) b.role = RoleOf(b.source);
    b.from_sentence = found->from_sentence;
    b.from_offset = c_.d.tokens[brk - 1].begin;
    found->clauses.push_back(std::move(b));
    *found_at = i;
  }

  // Whether the words after a verb are lives it took ("claimed at least 40 lives", "claimed the
  // lives of"), not what someone said.
  bool ClaimsLives(uint32_t k, uint32_t se) const {
    constexpr uint32_t kReach = 5;
    for (uint32_t t = k; t < se && t < k + kReach && !c_.ClauseBreak(t); ++t)
      if (c_.W(t) == "lives" || c_.W(t) == "life") return true;
    return false;
  }

  // "This was announced by X", "These figures come from X", "This information was provided by X"
  // Whether a count the numbers stage found begins in [from, end).
  bool CountAfter(uint32_t from, uint32_t end) const {
    const std::vector<Quantity>& q = c_.d.quantities;
    auto it = std::lower_bound(q.begin(), q.end(), from, [](const Quantity& x, uint32_t t) { return x.first_token < t; });
    for (; it != q.end() && it->first_token < end; ++it)
      if (it->type == QuantityType::kCount) return true;
    return false;
  }

  bool StartsWithBackref(uint32_t sb, uint32_t se) const {
    PhraseTable::Match m = c_.lex.backref.MatchAt(c_.d, sb, se);
    if (!m.length) return false;
    return m.length >= 2 || (sb + 1 < se && (c_.Is(sb + 1, FB::kAux) || c_.lex.from.MatchAt(c_.d, sb + 1, se).length));
  }

  bool AfterBreak(uint32_t i, uint32_t sb) const {
    if (i == sb) return false;
    const uint32_t t = i - 1;
    return c_.T(t) == "," || c_.IsQuote(t) || c_.IsDash(t) || c_.T(t) == "\xE2\x80\x99" || c_.T(t) == "'";
  }

  bool FromLeft(uint32_t v, uint32_t sb, uint32_t se, Attribution* a) {
    v = SkipDateBefore(c_.d, v, sb);  // "the ministry on Friday said": Friday is no source
    Phrase p = LeftOf(v, sb, se);
    // "On Monday Reuters reported", "Tuesday police said": a date opening the phrase is no name
    for (const DateMention& m : c_.d.dates)
      if (m.lead_token <= p.first && p.first < m.end_token && m.end_token < p.end) p.first = m.end_token;
    if (p.first == p.end) {
      // "he said", "she added"
      uint32_t k = v;
      while (k > sb && c_.IsAdverb(k - 1)) --k;
      return k > sb && FromPronoun(k - 1, a);
    }
    return Describe(p, se, a);
  }

  // A personal pronoun stands for the last person named as a source.
  bool FromPronoun(uint32_t t, Attribution* a) const {
    const int* kind = c_.lex.pronouns.Find(c_.W(t));
    if (!kind || *kind != 1 || !last_person_) return false;
    a->source = *last_person_;
    a->named = true;
    a->from_pronoun = true;
    return true;
  }

  bool FromRight(uint32_t k, uint32_t sb, uint32_t se, Attribution* a) {
    Phrase p = RightOf(k, sb, se);
    if (Describe(p, se, a)) return true;
    // "according to information from the Kessian lawmaker"
    if (p.end < se && (c_.W(p.end) == "from" || c_.W(p.end) == "by" || c_.W(p.end) == "of") && p.end > p.first)
      return Describe(RightOf(p.end + 1, sb, se), se, a);
    // "according to her"
    return p.first == p.end && k < se && FromPronoun(k, a);
  }

  // ---- across sentences ---------------------------------------------------------------------

  // Marks sentences that are wholly or partly inside a quotation, and groups them.
  std::vector<bool> QuoteMarks() {
    const Document& d = c_.d;
    std::vector<bool> in(d.sentences.size(), false);
    quote_group_.assign(d.sentences.size(), -1);
    int group = -1;
    bool open = false;
    uint32_t para = UINT32_MAX;
    for (uint32_t s = 0; s < d.sentences.size(); ++s) {
      const Sentence& sent = d.sentences[s];
      if (sent.paragraph != para) {
        open = false;  // quotations do not run across paragraphs
        para = sent.paragraph;
      }
      bool touched = open;
      if (open) quote_group_[s] = group;
      for (uint32_t t = sent.first_token; t < sent.end_token; ++t) {
        if (!c_.IsPunct(t)) continue;  // a quotation mark is a token of its own
        std::string_view q = c_.T(t);
        const bool opening = IsOpeningQuote(q) || (q == "\"" && !open);
        const bool closing = IsClosingQuote(q) || (q == "\"" && open);
        if (opening && !open) {
          open = true;
          touched = true;
          if (quote_group_[s] < 0) quote_group_[s] = ++group;
        } else if (closing && open) {
          open = false;
        }
      }
      in[s] = touched;
    }
    return in;
  }

  void ShareQuotes(const std::vector<bool>& in_quote, std::vector<Attribution>* out) const {
    const Document& d = c_.d;
    for (uint32_t s = 0; s < out->size(); ++s) {
      if (!(*out)[s].source.empty() || !in_quote[s] || quote_group_[s] < 0) continue;
      // the speaker of the same quotation, or of the sentence that closes it
      for (uint32_t t = s + 1; t < out->size() && d.sentences[t].paragraph == d.sentences[s].paragraph; ++t) {
        if (!(*out)[t].source.empty()) {
          Attribution a = (*out)[t];
          a.clauses.clear();
          a.back_reference = false;
          a.carried = true;
          (*out)[s] = a;
          break;
        }
        if (quote_group_[t] != quote_group_[s]) break;
      }
    }
  }

  void ApplyBackReferences(std::vector<Attribution>* out) const {
    const Document& d = c_.d;
    for (uint32_t s = 0; s < out->size(); ++s) {
      const Attribution& src = (*out)[s];
      if (!src.back_reference || src.source.empty()) continue;
      const uint32_t para = d.sentences[s].paragraph;
      const bool first_in_paragraph = s == 0 || d.sentences[s - 1].paragraph != para;
      for (uint32_t t = s; t-- > 0;) {
        const uint32_t tp = d.sentences[t].paragraph;
        if (tp != para && !(first_in_paragraph && tp + 1 == para)) break;
        Attribution& target = (*out)[t];
        if (target.back_reference) break;
        if (!target.source.empty() && target.named) continue;
        Attribution a = src;
        a.clauses.clear();
        a.back_reference = false;
        a.carried = true;
        a.from_sentence = s;
        if (!target.source.empty() && target.source != a.source) a.via.insert(a.via.begin(), target.source);
        target = a;
      }
    }
  }

  void Carry(std::vector<Attribution>* out) const {
    const Document& d = c_.d;
    for (uint32_t s = 1; s < out->size(); ++s) {
      if (!(*out)[s].source.empty()) continue;
      for (uint32_t t = s, steps = 0; t-- > 0 && steps < kMaxCarrySentences; ++steps) {
        if (d.sentences[t].paragraph != d.sentences[s].paragraph) break;
        if ((*out)[t].source.empty()) continue;
        // the sentence's last speaker speaks on
        Attribution a = (*out)[t].clauses.empty() ? (*out)[t] : (*out)[t].clauses.back();
        a.clauses.clear();
        a.back_reference = false;
        a.carried = true;
        (*out)[s] = a;
        break;
      }
    }
  }

  static bool IsAcronym(std::string_view w) {
    if (w.size() < 2 || w.size() > 8) return false;
    for (char ch : w)
      if (!IsAsciiUpper(ch) && ch != '.') return false;
    return true;
  }

 public:
  // Every way this document names a source or a person, with the name it resolves to.
  std::vector<NameVariant> Names(const std::vector<Attribution>& atts) const {
    std::vector<NameVariant> out;
    auto add = [&](const std::string& name, const std::string& variant, const std::string& role, bool person) {
      if (name.empty() || variant.empty()) return;
      for (NameVariant& v : out)
        if (v.name == name && v.variant == variant) {
          if (v.role.empty()) v.role = role;
          return;
        }
      out.push_back({name, variant, role, person});
    };
    // people the document describes (a role next to the name); the rest of its capitalized
    // runs ("Tver Oblast") are places and things as often as people
    for (const Person& p : people_)
      if (!p.role.empty()) add(p.name, p.name, p.role, true);
    auto add_source = [&](const Attribution& a) {
      if (a.source.empty() || a.carried || a.from_pronoun || a.from_role) return;
      add(a.source, a.surface.empty() ? a.source : a.surface, a.role.value_or(""), a.named);
      if (a.surface != a.source) add(a.source, a.source, a.role.value_or(""), a.named);
    };
    for (const Attribution& a : atts) {
      add_source(a);
      if (!a.carried)
        for (const Attribution& c : a.clauses) add_source(c);
    }
    for (const auto& [name, acronym] : acronyms_) {
      add(name, acronym, "", false);
      add(name, name, "", false);
    }
    return out;
  }

 private:
  Context c_;
  mutable std::vector<std::pair<std::string, std::string>> acronyms_;  // filled while describing sources
  std::vector<bool> in_date_;  // by token: part of a date mention
  std::vector<Person> people_;
  std::vector<int> quote_group_;
  std::optional<std::string> last_person_;
};

}  // namespace

std::vector<Attribution> Attribute(const ClaimLexicon& lexicon, const Document& doc, std::vector<NameVariant>* names) {
  Attributor a(lexicon, doc);
  std::vector<Attribution> out = a.Run();
  if (names) *names = a.Names(out);
  return out;
}

}  // namespace tally
