// Construction rules: parsing data/rules/en/*.rules and matching them (rules.h, docs/rules.md).
#include "claims/rules.h"

#include <algorithm>
#include <array>
#include <bit>
#include <filesystem>
#include <fstream>
#include <map>
#include <string_view>
#include <unordered_map>

#include "claims/claims.h"
#include "claims/context.h"
#include "common/lexicon.h"
#include "common/text.h"
#include "numbers/numbers.h"

namespace tally {
namespace {

using claims_internal::Context;

// The lexicon classes a pattern can name, one bit each in a token's class mask.
enum RuleClass : uint8_t {
  kCount, kNumber, kCueState, kCueVerb, kCueNoun, kCuePlace, kZero, kPersonNoun, kPersonSg, kPersonPl,
  kCountedNoun, kThingNoun, kAux, kLink, kPrep, kDet, kConj, kSub, kPron, kHedge, kAdverb, kCap, kWord,
  kBreak, kParty, kPunct, kPersonPronoun, kGroupPronoun, kAnyToken, kPerpetrator, kYear, kOrdinal, kClassCount
};

static_assert(kClassCount <= 64, "a token's classes are the bits of a uint64_t");

constexpr std::array<const char*, kClassCount> kClassNames = {
    "count", "number", "cue.state", "cue.verb", "cue.noun", "cue.place", "zero", "person_noun",
    "person_noun.sg", "person_noun.pl", "counted_noun", "thing_noun", "aux", "link", "prep", "det",
    "conj", "sub", "pron", "hedge", "adverb", "cap", "word", "break", "party", "punct",
    "pronoun.person", "pronoun.group", "any", "perpetrator_noun", "year", "ordinal"};

constexpr uint8_t kMaxRepeat = 8;
// Runs of one repeated element written as several ("[any]* [any]*" for up to 16 tokens) are
// matched as one element of their summed bounds, up to this many tokens (Parser::MergeRuns).
constexpr uint8_t kMaxRun = 4 * kMaxRepeat;
constexpr size_t kMaxSlots = 12;

constexpr uint64_t Bit(int c) { return uint64_t{1} << c; }

// Bit b of a row of 64-bit words (the word-element rows of rules.h).
bool HasBit(const uint64_t* row, size_t b) { return (row[b / 64] >> (b % 64)) & 1; }
void SetBit(uint64_t* row, size_t b) { row[b / 64] |= uint64_t{1} << (b % 64); }

// What any token may be by its kind alone: every sentence holds these, so they anchor no rule.
constexpr uint64_t kTokenClasses =
    Bit(kAnyToken) | Bit(kNumber) | Bit(kPunct) | Bit(kBreak) | Bit(kWord) | Bit(kCap) | Bit(kYear);

std::string Trim(std::string_view s) { return std::string(TrimSpaces(s)); }

// Four digits from 1800 to 2199, written without separators: "in 2013", never "2,013".
bool IsYearToken(const Document& doc, uint32_t i) {
  const std::string_view t = doc.TokenText(i);
  if (t.size() != 4 || !std::all_of(t.begin(), t.end(), IsAsciiDigit)) return false;
  const int v = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
  return v >= 1800 && v <= 2199;
}

class Parser {
 public:
  Parser(std::string file, Vocabulary& vocab) : file_(std::move(file)), vocab_(vocab) {}

  [[noreturn]] void Fail(int line, const std::string& message) const {
    throw LexiconError(file_ + ":" + std::to_string(line) + ": " + message);
  }

  void Line(int n, std::string_view text, std::vector<Rule>* rules) {
    const size_t space = text.find_first_of(" \t");
    const std::string key(text.substr(0, space));
    const std::string rest = space == std::string_view::npos ? "" : Trim(text.substr(space));
    if (key == "rule") {
      if (rest.empty()) Fail(n, "a rule needs an id");
      Finish(rules);
      rule_ = Rule{};
      rule_->id = rest;
      rule_->file = file_;
      rule_->line = n;
      return;
    }
    if (!rule_) Fail(n, "'" + key + "' before any 'rule'");
    if (key == "strength") {
      if (rest.size() != 1 || rest[0] < '1' || rest[0] > '3') Fail(n, "strength must be 1, 2 or 3");
      rule_->strength = rest[0] - '0';
    } else if (key == "match") {
      if (!rule_->pattern.empty()) Fail(n, "one 'match' line a rule");
      for (const std::string& e : SplitWords(rest)) rule_->pattern.push_back(Element(n, e));
      if (rule_->pattern.empty()) Fail(n, "empty pattern");
      if (rule_->pattern.front().min == 0) Fail(n, "the first element must not be optional");
    } else if (key == "yield") {
      rule_->yields.push_back(Yield(n, rest));
    } else if (key == "veto") {
      RuleYield y;
      y.kind = RuleYield::Value::kNone;
      y.a = SlotOf(n, rest);
      rule_->yields.push_back(y);
    } else if (key == "example") {
      const size_t arrow = rest.rfind("=>");
      if (arrow == std::string::npos) Fail(n, "an example is 'TEXT => EXPECTED'");
      rule_->examples.push_back({Trim(std::string_view(rest).substr(0, arrow)),
                                 Trim(std::string_view(rest).substr(arrow + 2)), n});
    } else {
      Fail(n, "unknown key '" + key + "' (rule, strength, match, yield, veto, example)");
    }
  }

  void Finish(std::vector<Rule>* rules) {
    if (!rule_) return;
    if (rule_->pattern.empty()) Fail(rule_->line, "rule '" + rule_->id + "' has no match line");
    if (rule_->yields.empty()) Fail(rule_->line, "rule '" + rule_->id + "' yields nothing");
    MergeRuns(&rule_->pattern);
    for (const RuleElement& e : rule_->pattern)
      if (e.min > 0 && e.kind == RuleElement::Kind::kClass && std::popcount(e.classes) == 1) rule_->required |= e.classes;
    rules->push_back(std::move(*rule_));
    rule_.reset();
  }

 private:
  // Merges neighbours that are the same element without a slot ("[any]* [any]*", "_+ _*") into
  // one with their bounds summed. Matching is unchanged, since a run of identical elements can
  // only end where its total count of tokens ends, and the longest total is tried first either
  // way; but as separate elements every split of each total was tried in turn, 9^4 tries for
  // "[any]* [any]* [any]* [any]*" where one element tries 33.
  static void MergeRuns(std::vector<RuleElement>* pattern) {
    std::vector<RuleElement> merged;
    for (RuleElement& e : *pattern) {
      if (!merged.empty()) {
        RuleElement& last = merged.back();
        const bool same = last.slot < 0 && e.slot < 0 && last.kind == e.kind && last.classes == e.classes &&
                          last.words == e.words && last.punct == e.punct;
        if (same && last.max + e.max <= kMaxRun) {
          last.min = static_cast<uint8_t>(last.min + e.min);
          last.max = static_cast<uint8_t>(last.max + e.max);
          continue;
        }
      }
      merged.push_back(std::move(e));
    }
    *pattern = std::move(merged);
  }

  static std::vector<std::string> SplitWords(std::string_view s) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      size_t j = i;
      while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
      if (j > i) out.emplace_back(s.substr(i, j - i));
      i = j;
    }
    return out;
  }

  int SlotOf(int n, const std::string& name) const {
    const auto& slots = rule_->slots;
    auto at = std::find(slots.begin(), slots.end(), name);
    if (at == slots.end()) Fail(n, "no slot named '" + name + "' in the pattern");
    return static_cast<int>(at - slots.begin());
  }

  // "[class]", "word|other", ",", "_", each maybe followed by ?, *, + and then =slot.
  RuleElement Element(int n, std::string text) {
    RuleElement e;
    if (size_t eq = text.find('=', 1); eq != std::string::npos) {
      const std::string name = text.substr(eq + 1);
      if (name.empty()) Fail(n, "empty slot name in '" + text + "'");
      if (std::find(rule_->slots.begin(), rule_->slots.end(), name) != rule_->slots.end())
        Fail(n, "slot '" + name + "' named twice");
      if (rule_->slots.size() == kMaxSlots) Fail(n, "too many slots");
      e.slot = static_cast<int>(rule_->slots.size());
      rule_->slots.push_back(name);
      text.resize(eq);
    }
    if (text.size() > 1 && (text.back() == '?' || text.back() == '*' || text.back() == '+')) {
      const char q = text.back();
      e.min = q == '+' ? 1 : 0;
      e.max = q == '?' ? 1 : kMaxRepeat;
      text.pop_back();
    }
    if (text.size() > 2 && text.front() == '[' && text.back() == ']') {
      e.kind = RuleElement::Kind::kClass;
      std::string_view names = std::string_view(text).substr(1, text.size() - 2);
      while (!names.empty()) {
        const size_t bar = names.find('|');
        const std::string_view name = names.substr(0, bar);
        auto at = std::find(kClassNames.begin(), kClassNames.end(), name);
        if (at == kClassNames.end()) Fail(n, "unknown class [" + std::string(name) + "]");
        e.classes |= Bit(static_cast<int>(at - kClassNames.begin()));
        if (bar == std::string_view::npos) break;
        names.remove_prefix(bar + 1);
      }
      return e;
    }
    if (text == "_") {
      e.kind = RuleElement::Kind::kAny;
      return e;
    }
    e.kind = RuleElement::Kind::kWords;
    const bool letters = std::any_of(text.begin(), text.end(), [](char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); });
    if (!letters) {
      // "-|—|–": alternatives, as for words; a lone "|" is itself
      for (std::string_view alts = text;;) {
        const size_t bar = alts.size() > 1 ? alts.find('|') : std::string_view::npos;
        if (bar == 0 || (bar != std::string_view::npos && bar + 1 == alts.size()))
          Fail(n, "empty punctuation in '" + text + "'");
        e.punct.push_back(vocab_.Intern(alts.substr(0, bar)));  // no letters: lower-case already
        if (bar == std::string_view::npos) break;
        alts.remove_prefix(bar + 1);
      }
      return e;
    }
    // words and punctuation may be alternatives of one element: "and|,|;"
    std::string_view alts = text;
    while (!alts.empty()) {
      const size_t bar = alts.find('|');
      const std::string w = AsciiLowerCopy(alts.substr(0, bar));
      if (w.empty()) Fail(n, "empty word in '" + text + "'");
      // "a|the|[count]" would look for the word "[count]": a class is an element of its own
      if (w.find_first_of("[]") != std::string::npos)
        Fail(n, "a class cannot be an alternative of words in '" + text + "': write [class|class] or two rules");
      if (std::none_of(w.begin(), w.end(), [](char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }))
        e.punct.push_back(vocab_.Intern(w));
      else
        e.words.push_back(vocab_.Intern(w));
      if (bar == std::string_view::npos) break;
      alts.remove_prefix(bar + 1);
    }
    return e;
  }

  // "figure killed", "1 $state at=victim counted=victim role=perpetrator", "a+b killed", ...
  RuleYield Yield(int n, const std::string& text) {
    const std::vector<std::string> parts = SplitWords(text);
    if (parts.size() < 2) Fail(n, "a yield is 'VALUE MEASURE [key=value ...]'");
    RuleYield y;
    const std::string& v = parts[0];
    if (std::all_of(v.begin(), v.end(), IsAsciiDigit)) {
      y.kind = RuleYield::Value::kLiteral;
      y.literal = std::stoll(v);
    } else if (size_t op = v.find_first_of("+-"); op != std::string::npos) {
      const char sign = v[op];
      y.kind = sign == '+' ? RuleYield::Value::kSum : RuleYield::Value::kDifference;
      // "a+b+c", "a-b"; one term may be a literal, one person named by a noun ("a policeman and
      // two civilians": 1+b), whose evidence at=SLOT names
      std::vector<std::string> terms;
      for (size_t from = 0, at = op;; at = v.find(sign, from)) {
        terms.push_back(v.substr(from, at == std::string::npos ? std::string::npos : at - from));
        if (at == std::string::npos) break;
        from = at + 1;
      }
      if (sign == '-' && terms.size() != 2) Fail(n, "a difference is 'a-b'");
      if (v.find(sign == '+' ? '-' : '+') != std::string::npos) Fail(n, "a value either adds or subtracts");
      int literals = 0;
      for (const std::string& t : terms) {
        const bool literal = !t.empty() && std::all_of(t.begin(), t.end(), IsAsciiDigit);
        if (literal) {
          y.literal = std::stoll(t);
          ++literals;
        }
        y.terms.push_back(literal ? -1 : SlotOf(n, t));
      }
      if (literals > 1 || literals == static_cast<int>(terms.size())) Fail(n, "a sum or difference holds one literal at most");
    } else {
      y.a = SlotOf(n, v);
    }
    if (parts[1] == "$previous") {
      y.measure_before = true;
    } else if (parts[1][0] == '$') {
      y.measure_slot = SlotOf(n, parts[1].substr(1));
    } else {
      y.measure = MeasureFromName(parts[1]);
      if (!y.measure) Fail(n, "unknown measure '" + parts[1] + "'");
    }
    for (size_t i = 2; i < parts.size(); ++i) {
      const size_t eq = parts[i].find('=');
      const std::string key = parts[i].substr(0, eq), value = eq == std::string::npos ? "" : parts[i].substr(eq + 1);
      if (key == "at") {
        const size_t dots = value.find("..");
        y.at = SlotOf(n, value.substr(0, dots));
        y.at_last = dots == std::string::npos ? y.at : SlotOf(n, value.substr(dots + 2));
      }
      else if (key == "counted") y.counted = SlotOf(n, value);
      else if (key == "role") {
        auto r = CountedRoleFromName(value);
        if (!r) Fail(n, "unknown role '" + value + "'");
        y.role = *r;
      } else if (key == "scope") {
        auto s = ScopeFromName(value);
        if (!s) Fail(n, "unknown scope '" + value + "'");
        y.scope = *s;
      } else if (key == "replaces") {
        if (value != "harm") Fail(n, "replaces takes 'harm'");
        y.replaces_harm = true;
      } else {
        Fail(n, "unknown yield key '" + key + "' (at, counted, role, scope, replaces)");
      }
    }
    const bool literal_term = std::find(y.terms.begin(), y.terms.end(), -1) != y.terms.end();
    if ((y.kind == RuleYield::Value::kLiteral || literal_term) && y.at < 0)
      Fail(n, "a literal value needs at=SLOT");
    return y;
  }

  std::string file_;
  Vocabulary& vocab_;
  std::optional<Rule> rule_;
};

// The row of word-element bits a token reads (RuleSet::element_row_, punct_row_), 0 for none.
uint32_t ElementRow(const std::vector<uint32_t>& element_row, const std::vector<uint32_t>& punct_row, const Token& t) {
  const std::vector<uint32_t>& rows = t.kind == TokenKind::kPunct ? punct_row : element_row;
  return t.word < rows.size() ? rows[t.word] : 0;
}

// Matching one rule from one token, by backtracking over the pattern's elements.
class Matcher {
 public:
  struct Capture {
    uint32_t first = 0, end = 0;
    bool set = false;
  };
  using Captures = std::array<Capture, kMaxSlots>;

  // masks holds the sentence's tokens' classes; row element_row[id] of word_elements (element_words
  // words a row) the literal-word elements naming vocabulary id.
  Matcher(const Context& c, uint32_t sb, uint32_t se, const std::vector<uint64_t>& masks,
          const std::vector<uint32_t>& element_row, const std::vector<uint32_t>& punct_row,
          const std::vector<uint64_t>& word_elements, size_t element_words, const FigureStarts& figures)
      : c_(c), sb_(sb), se_(se), masks_(masks), element_row_(element_row), punct_row_(punct_row),
        word_elements_(word_elements), element_words_(element_words), figures_(figures) {}

  // The end of a match of rule at token i, with its captures.
  std::optional<uint32_t> At(const Rule& rule, uint32_t i, Captures* caps) const {
    *caps = Captures{};
    return Step(rule, 0, i, caps);
  }

  // Whether element e may begin at token i: One without measuring how far a class runs.
  bool Begins(const RuleElement& e, uint32_t i) const {
    if (i >= se_) return false;
    if (e.kind == RuleElement::Kind::kClass) return masks_[i - sb_] & e.classes;
    if (e.kind == RuleElement::Kind::kWords) return Named(e, i);
    return One(e, i).has_value();
  }

  // Where one occurrence of element e that starts at token i ends, if it matches there.
  std::optional<uint32_t> One(const RuleElement& e, uint32_t i) const {
    if (i >= se_) return std::nullopt;
    switch (e.kind) {
      case RuleElement::Kind::kAny:
        return (masks_[i - sb_] & Bit(kBreak)) ? std::nullopt : std::optional<uint32_t>(i + 1);
      case RuleElement::Kind::kWords:
        return Named(e, i) ? std::optional<uint32_t>(i + 1) : std::nullopt;
      case RuleElement::Kind::kClass:
        break;
    }
    uint64_t hits = masks_[i - sb_] & e.classes;
    if (!hits) return std::nullopt;
    uint32_t end = i + 1;  // the longest of the classes that match
    for (; hits; hits &= hits - 1) end = std::max(end, EndOf(std::countr_zero(hits), i));
    return end;
  }

 private:
  // Whether the word element e names token i (its word, or its punctuation).
  bool Named(const RuleElement& e, uint32_t i) const {
    const uint32_t r = ElementRow(element_row_, punct_row_, c_.d.tokens[i]);
    return r && HasBit(word_elements_.data() + size_t{r} * element_words_, static_cast<size_t>(e.word_bit));
  }

  // The classes whose tokens may run past one are those EndOf measures.
  uint32_t EndOf(int cls, uint32_t i) const {
    switch (cls) {
      case kCount: return c_.d.quantities[static_cast<size_t>(figures_.count[i])].end_token;
      case kOrdinal: return c_.d.quantities[static_cast<size_t>(figures_.ordinal[i])].end_token;
      case kCueState: return i + c_.lex.state_cues.MatchAt(c_.d, i, se_).length;
      case kCueVerb: return i + c_.lex.verb_cues.MatchAt(c_.d, i, se_).length;
      case kCueNoun: return i + c_.lex.noun_cues.MatchAt(c_.d, i, se_).length;
      case kCuePlace: return i + c_.lex.place_cues.MatchAt(c_.d, i, se_).length;
      case kZero: return i + c_.lex.zero.MatchAt(c_.d, i, se_).length;
      case kParty: return i + c_.PartyAt(i, se_)->second;
      default: return i + 1;
    }
  }


  std::optional<uint32_t> Step(const Rule& rule, size_t k, uint32_t i, Captures* caps) const {
    if (k == rule.pattern.size()) return i;
    const RuleElement& e = rule.pattern[k];
    std::array<uint32_t, kMaxRun + 1> ends;
    size_t n = 0;
    ends[n++] = i;
    for (uint32_t at = i; n <= e.max;) {
      std::optional<uint32_t> next = One(e, at);
      if (!next || *next <= at) break;
      at = *next;
      ends[n++] = at;
    }
    for (size_t reps = n; reps-- > e.min;) {
      if (e.slot >= 0) (*caps)[static_cast<size_t>(e.slot)] = {i, ends[reps], reps > 0};
      if (std::optional<uint32_t> end = Step(rule, k + 1, ends[reps], caps)) return end;
    }
    if (e.slot >= 0) (*caps)[static_cast<size_t>(e.slot)] = {};
    return std::nullopt;
  }

  const Context& c_;
  uint32_t sb_, se_;
  const std::vector<uint64_t>& masks_;
  const std::vector<uint32_t>& element_row_;
  const std::vector<uint32_t>& punct_row_;
  const std::vector<uint64_t>& word_elements_;
  size_t element_words_;
  const FigureStarts& figures_;
};

// The function words' classes (articles, prepositions, auxiliaries...).
constexpr uint64_t kFunctionWordClasses =
    Bit(kAux) | Bit(kLink) | Bit(kPrep) | Bit(kDet) | Bit(kConj) | Bit(kSub) | Bit(kPron);

// Function words that no name begins with or contains as a capitalised word.
constexpr uint64_t kNeverNameClasses = Bit(kPrep) | Bit(kConj) | Bit(kSub) | Bit(kPron);

// Whether a word of two letters or more is written in capitals only.
bool IsAllCaps(std::string_view word) {
  if (word.size() < 2) return false;
  for (char ch : word)
    if (IsAsciiLower(ch)) return false;
  return true;
}

// The classes a match may take more than one token of (Matcher::EndOf): figures and phrases.
constexpr uint64_t kPhraseClassBits =
    Bit(kCount) | Bit(kOrdinal) | Bit(kCueState) | Bit(kCueVerb) | Bit(kCueNoun) | Bit(kCuePlace) | Bit(kZero) |
    Bit(kParty);

// Where the pattern's required elements after the first must begin (RuleLookAhead).
RuleLookAhead PlanLookAhead(const std::vector<RuleElement>& pattern) {
  RuleLookAhead plan;
  size_t k = 0;
  unsigned lo = 0, hi = 0;
  if (pattern.front().max == 1) {  // one occurrence: measured from where it ends
    plan.after_first = true;
    k = 1;
  }
  for (; k < pattern.size() && plan.count < RuleLookAhead::kMaxChecks; ++k) {
    const RuleElement& e = pattern[k];
    if (k > 0 && e.min > 0 && e.kind != RuleElement::Kind::kAny)
      plan.checks[plan.count++] = {static_cast<uint8_t>(k), static_cast<uint8_t>(lo), static_cast<uint8_t>(hi)};
    if (e.kind == RuleElement::Kind::kClass && (e.classes & kPhraseClassBits)) break;  // a width not known
    lo += e.min;
    hi += e.max;
    if (hi > UINT8_MAX) break;
  }
  return plan;
}

// The classes a word has by itself (function words, adverbs, counted nouns, pronouns,
// perpetrator nouns), by the lexicon's tables.
uint64_t WordClasses(const ClaimLexicon& lex, WordRef w) {
  using F = ClaimLexicon::FunctionBits;
  uint64_t m = 0;
  if (const uint16_t* f = lex.function_words.Find(w)) {
    static constexpr std::pair<F, RuleClass> kBits[] = {{ClaimLexicon::kAux, kAux},   {ClaimLexicon::kLink, kLink},
                                                        {ClaimLexicon::kPrep, kPrep}, {ClaimLexicon::kDet, kDet},
                                                        {ClaimLexicon::kConj, kConj}, {ClaimLexicon::kSub, kSub},
                                                        {ClaimLexicon::kPron, kPron}, {ClaimLexicon::kHedge, kHedge}};
    for (auto [bit, cls] : kBits)
      if (*f & bit) m |= Bit(cls);
  }
  if (lex.adverbs.count(w)) m |= Bit(kAdverb);
  if (const auto* noun = lex.counted.Find(w)) {
    m |= Bit(kCountedNoun);
    if (noun->cls == ClaimLexicon::NounClass::kPerson) m |= Bit(kPersonNoun) | Bit(noun->singular ? kPersonSg : kPersonPl);
    else m |= Bit(kThingNoun);
  }
  if (const int* p = lex.pronouns.Find(w)) m |= Bit(*p == 1 ? kPersonPronoun : kGroupPronoun);
  if (lex.perpetrators.count(w)) m |= Bit(kPerpetrator);
  return m;
}

// The phrase tables behind the classes a phrase gives its first token.
constexpr std::pair<RuleClass, PhraseTable ClaimLexicon::*> kPhraseClasses[] = {
    {kCueState, &ClaimLexicon::state_cues}, {kCueVerb, &ClaimLexicon::verb_cues}, {kCueNoun, &ClaimLexicon::noun_cues},
    {kCuePlace, &ClaimLexicon::place_cues}, {kZero, &ClaimLexicon::zero}, {kParty, &ClaimLexicon::party_aliases}};

bool Overlaps(Span a, Span b) { return a.begin < b.end && b.begin < a.end; }

// The first n words of v as zeros, for the scratch buffers made again at each sentence: v only
// grows, so it may hold more than n; resize is a call (a third of the cost), fill is inlined.
void SetZeros(std::vector<uint64_t>& v, size_t n) {
  if (v.size() < n) v.resize(n);
  std::fill_n(v.begin(), n, 0);
}

// The measure a cue slot names.
std::optional<Measure> CueMeasure(const Context& c, uint32_t i, uint32_t se) {
  for (const PhraseTable* t : {&c.lex.state_cues, &c.lex.verb_cues, &c.lex.noun_cues, &c.lex.place_cues})
    if (PhraseTable::Match m = t->MatchAt(c.d, i, se); m.length) return static_cast<Measure>(m.value);
  return std::nullopt;
}

class Yielder {
 public:
  Yielder(const Context& c, const Rule& rule, const Matcher::Captures& caps, const FigureStarts& figures, uint32_t s,
          uint32_t se)
      : c_(c), rule_(rule), caps_(caps), figures_(figures), s_(s), se_(se) {}

  // The mentions of every yield that has what it needs; none when a needed slot is empty.
  std::vector<RuleMention> Run() const {
    std::vector<RuleMention> out;
    for (const RuleYield& y : rule_.yields)
      if (std::optional<RuleMention> m = One(y)) out.push_back(std::move(*m));
    for (RuleMention& m : out) m.slots = Slots();
    return out;
  }

 private:
  const Quantity* QuantityIn(int slot) const {
    if (slot < 0 || !caps_[static_cast<size_t>(slot)].set) return nullptr;
    // a count, or an ordinal ("the city's 40th homicide": its rank is the running total)
    const uint32_t first = caps_[static_cast<size_t>(slot)].first;
    const int q = figures_.count[first] >= 0 ? figures_.count[first] : figures_.ordinal[first];
    return q < 0 ? nullptr : &c_.d.quantities[static_cast<size_t>(q)];
  }
  std::optional<Span> SpanOf(int slot) const {
    if (slot < 0 || !caps_[static_cast<size_t>(slot)].set) return std::nullopt;
    const Matcher::Capture& cap = caps_[static_cast<size_t>(slot)];
    return c_.SpanOf(cap.first, cap.end);
  }

  std::optional<RuleMention> One(const RuleYield& y) const {
    RuleMention m;
    m.rule = &rule_;
    m.sentence = s_;
    m.role = y.role;
    m.scope = y.scope;
    m.replaces_harm = y.replaces_harm;
    m.one_person = y.kind == RuleYield::Value::kLiteral && y.literal == 1;
    if (!Value(y, &m)) return std::nullopt;
    if (y.kind == RuleYield::Value::kNone) return m;
    if (y.measure) {
      m.measure = *y.measure;
    } else if (y.measure_before) {
      m.measure_before = true;  // resolved by the claim stage, which knows the figures before
    } else {
      if (!caps_[static_cast<size_t>(y.measure_slot)].set) return std::nullopt;
      std::optional<Measure> cue = CueMeasure(c_, caps_[static_cast<size_t>(y.measure_slot)].first, se_);
      if (!cue) return std::nullopt;
      m.measure = *cue;
    }
    m.counted = SpanOf(y.counted);
    if (m.counted) {
      const Matcher::Capture& cap = caps_[static_cast<size_t>(y.counted)];
      m.counted_tokens = std::make_pair(cap.first, cap.end);
      // The counted named by a doer's noun ("the attacker was shot and killed") is the perpetrator.
      if (y.role == CountedRole::kVictim && cap.end > cap.first &&
          c_.lex.perpetrators.count(WordRef({}, c_.d.tokens[cap.end - 1].word)))
        m.role = CountedRole::kPerpetrator;
    }
    return m;
  }

  bool Value(const RuleYield& y, RuleMention* m) const {
    switch (y.kind) {
      case RuleYield::Value::kNone: {
        std::optional<Span> span = SpanOf(y.a);
        if (!span) return false;
        m->veto = true;
        m->span = *span;
        SetTokens(y.a, m);
        m->claimed = {*span};
        return true;
      }
      case RuleYield::Value::kLiteral: {
        std::optional<Span> first = SpanOf(y.at), last = SpanOf(y.at_last);
        if (!first || !last) return false;
        m->span = {first->begin, last->end};
        m->first_token = caps_[static_cast<size_t>(y.at)].first;
        m->end_token = caps_[static_cast<size_t>(y.at_last)].end;
        m->value = IntervalFor(Qualifier::kExact, y.literal);
        m->claimed = {m->span};
        return true;
      }
      case RuleYield::Value::kSlot: {
        const Quantity* q = QuantityIn(y.a);
        if (!q) return false;
        m->span = {q->begin, q->end};
        m->first_token = q->first_token;
        m->end_token = q->end_token;
        m->value = q->value;
        m->qualifier = q->qualifier;
        m->claimed = {m->span};
        return true;
      }
      case RuleYield::Value::kSum:
      case RuleYield::Value::kDifference: {
        // each term a count, or the literal whose evidence is the at slot
        Quantity literal;
        if (std::find(y.terms.begin(), y.terms.end(), -1) != y.terms.end()) {
          std::optional<Span> first = SpanOf(y.at), last = SpanOf(y.at_last);
          if (!first || !last) return false;
          literal.begin = first->begin;
          literal.end = last->end;
          literal.first_token = caps_[static_cast<size_t>(y.at)].first;
          literal.end_token = caps_[static_cast<size_t>(y.at_last)].end;
          literal.value = IntervalFor(Qualifier::kExact, y.literal);
          literal.qualifier = Qualifier::kExact;
        }
        const bool sum = y.kind == RuleYield::Value::kSum;
        int64_t v = 0;
        m->claimed.clear();
        for (size_t k = 0; k < y.terms.size(); ++k) {
          const Quantity* q = y.terms[k] < 0 ? &literal : QuantityIn(y.terms[k]);
          // only exact figures add up to a figure the text implies
          if (!q || q->qualifier != Qualifier::kExact || !q->value.best) return false;
          v += k == 0 || sum ? *q->value.best : -*q->value.best;
          m->span = k == 0 ? Span{q->begin, q->end} : Span{std::min(m->span.begin, q->begin), std::max(m->span.end, q->end)};
          m->first_token = k == 0 ? q->first_token : std::min(m->first_token, q->first_token);
          m->end_token = k == 0 ? q->end_token : std::max(m->end_token, q->end_token);
          m->claimed.push_back({q->begin, q->end});
        }
        if (v < 0) return false;
        m->value = IntervalFor(Qualifier::kExact, v);
        m->derived = sum ? Derived::kSum : Derived::kDifference;
        return true;
      }
    }
    return false;
  }

  void SetTokens(int slot, RuleMention* m) const {
    m->first_token = caps_[static_cast<size_t>(slot)].first;
    m->end_token = caps_[static_cast<size_t>(slot)].end;
  }

  std::vector<SlotMatch> Slots() const {
    std::vector<SlotMatch> out;
    for (size_t k = 0; k < rule_.slots.size(); ++k)
      if (caps_[k].set) out.push_back({rule_.slots[k], caps_[k].first, caps_[k].end});
    return out;
  }

  const Context& c_;
  const Rule& rule_;
  const Matcher::Captures& caps_;
  const FigureStarts& figures_;
  uint32_t s_, se_;
};

}  // namespace

RuleSet RuleSet::Load(const std::string& dir, Vocabulary& vocab) {
  namespace fs = std::filesystem;
  RuleSet set;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw LexiconError(dir + ": rules folder not found");
  // dir's files, then those of every other language folder beside it (rules/en, then rules/fr)
  std::vector<fs::path> files;
  std::vector<std::string> folders{dir};
  for (std::string& other : OtherLanguageFolders(dir, "rules")) folders.push_back(std::move(other));
  for (const std::string& folder : folders) {
    std::vector<fs::path> in_folder;
    for (const auto& e : fs::directory_iterator(folder))
      if (e.is_regular_file() && e.path().extension() == ".rules") in_folder.push_back(e.path());
    std::sort(in_folder.begin(), in_folder.end());
    files.insert(files.end(), in_folder.begin(), in_folder.end());
  }
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw LexiconError(path.string() + ": cannot open rule file");
    Parser parser(path.string(), vocab);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::string_view t = TrimSpaces(line);
      if (t.empty() || t[0] == '#') continue;
      parser.Line(n, t, &set.rules_);
    }
    parser.Finish(&set.rules_);
  }
  // An id names one rule: --explain, the ledger's `rule` and the examples test look rules up by
  // it, and a second rule under the same id would be silently mistaken for the first.
  std::unordered_map<std::string_view, const Rule*> by_id;
  for (const Rule& rule : set.rules_)
    if (auto [at, added] = by_id.emplace(rule.id, &rule); !added)
      throw LexiconError(rule.file + ":" + std::to_string(rule.line) + ": rule id " + rule.id + " is already used at " +
                         at->second->file + ":" + std::to_string(at->second->line));
  // conflicts: the stronger rule first, then the earlier one in file order
  std::stable_sort(set.rules_.begin(), set.rules_.end(), [](const Rule& a, const Rule& b) { return a.strength > b.strength; });
  set.IndexWordElements();
  for (Rule& rule : set.rules_) rule.look_ahead = PlanLookAhead(rule.pattern);
  return set;
}

void RuleSet::IndexWordElements() {
  std::vector<std::vector<uint32_t>> distinct;  // each indexed element's words, sorted
  std::map<std::vector<uint32_t>, int> bit_of;  // and its bit
  for (Rule& rule : rules_) {
    for (RuleElement& e : rule.pattern) {
      if (e.kind != RuleElement::Kind::kWords) continue;
      std::vector<uint32_t> words = e.words;
      words.insert(words.end(), e.punct.begin(), e.punct.end());
      std::sort(words.begin(), words.end());
      auto [at, added] = bit_of.try_emplace(words, static_cast<int>(distinct.size()));
      if (added) distinct.push_back(std::move(words));
      e.word_bit = at->second;
    }
  }
  element_words_ = (distinct.size() + 63) / 64;
  for (Rule& rule : rules_) {
    std::vector<uint64_t> required(element_words_, 0);
    for (const RuleElement& e : rule.pattern)
      if (e.word_bit >= 0 && e.min > 0) SetBit(required.data(), static_cast<size_t>(e.word_bit));
    rule.required_words.clear();
    for (size_t k = 0; k < element_words_; ++k)
      if (required[k]) rule.required_words.emplace_back(static_cast<uint32_t>(k), required[k]);
  }
  // a row of start tokens for each class and word element that begins a rule
  first_word_row_.assign(distinct.size(), -1);
  for (const Rule& rule : rules_)
    if (const RuleElement& first = rule.pattern.front(); first.kind == RuleElement::Kind::kClass)
      first_classes_ |= first.classes;
  for (int cls = 0; cls < kClassCount; ++cls)
    if (first_classes_ & Bit(cls)) first_class_row_[static_cast<size_t>(cls)] = static_cast<int16_t>(start_rows_++);
  for (const Rule& rule : rules_)
    if (const int bit = rule.pattern.front().word_bit; bit >= 0 && first_word_row_[static_cast<size_t>(bit)] < 0)
      first_word_row_[static_cast<size_t>(bit)] = static_cast<int16_t>(start_rows_++);
  element_row_.clear();
  word_elements_.assign(element_words_, 0);  // row 0: no element
  word_start_rows_.assign(1, {});
  for (size_t bit = 0; bit < distinct.size(); ++bit)
    for (uint32_t w : distinct[bit]) {
      if (w >= element_row_.size()) element_row_.resize(w + 1, 0);
      if (!element_row_[w]) {
        element_row_[w] = static_cast<uint32_t>(word_start_rows_.size());
        word_elements_.resize(word_elements_.size() + element_words_, 0);
        word_start_rows_.emplace_back();
      }
      const uint32_t r = element_row_[w];
      SetBit(word_elements_.data() + size_t{r} * element_words_, bit);
      if (const int16_t row = first_word_row_[bit]; row >= 0) word_start_rows_[r].push_back(row);
    }
  row_words_.clear();
  row_words_at_.clear();
  for (size_t r = 0; r < word_start_rows_.size(); ++r) {
    row_words_at_.push_back(static_cast<uint32_t>(row_words_.size()));
    for (size_t k = 0; k < element_words_; ++k)
      if (const uint64_t bits = word_elements_[r * element_words_ + k]) row_words_.emplace_back(static_cast<uint32_t>(k), bits);
  }
  row_words_at_.push_back(static_cast<uint32_t>(row_words_.size()));
  // a punctuation token matches a punctuation literal, never a word
  punct_row_.clear();
  for (const Rule& rule : rules_)
    for (const RuleElement& e : rule.pattern)
      for (uint32_t w : e.punct) {
        if (w >= punct_row_.size()) punct_row_.resize(w + 1, 0);
        punct_row_[w] = element_row_[w];
      }
}

void RuleSet::IndexLexicon(const ClaimLexicon& lex, const Vocabulary& vocab) {
  word_classes_.assign(vocab.size() + 1, 0);
  phrase_starts_.assign(vocab.size() + 1, 0);
  for (uint32_t id = 1; id <= vocab.size(); ++id) {
    const WordRef w({}, id);  // the tables look words up by id
    word_classes_[id] = WordClasses(lex, w);
    if (lex.Is(w, ClaimLexicon::kSub)) word_classes_[id] |= Bit(kBreak);
    for (auto [cls, table] : kPhraseClasses)
      if ((lex.*table).MayStartWith(id)) phrase_starts_[id] |= Bit(cls);
  }
  if (const uint32_t but = vocab.Find("but")) word_classes_[but] |= Bit(kBreak);  // as Context::ClauseBreak
  first_look_.assign(word_classes_.size(), {});
  for (uint32_t id = 1; id < first_look_.size(); ++id)
    first_look_[id] = {word_classes_[id] | phrase_starts_[id], id < element_row_.size() ? element_row_[id] : 0,
                       id < punct_row_.size() ? punct_row_[id] : 0};
  IndexAnchors();
}

void RuleSet::IndexAnchors() {
  // How many sentences hold a class or word element, guessed from the lexicon: a function word
  // (article, preposition, auxiliary...) is in most sentences, any other word in few; a class
  // is as common as its words together. Token classes (any word, punctuation) anchor nothing.
  constexpr uint64_t kFunctionClasses = kFunctionWordClasses | Bit(kHedge) | Bit(kAdverb) | Bit(kPersonPronoun) |
                                        Bit(kGroupPronoun) | Bit(kBreak);
  constexpr double kFunctionWord = 1000, kFigure = 20000;  // a figure: about as common as 20 function words
  // punctuation is as common as a function word
  auto word_weight = [&](uint32_t id) {
    const bool punct = id < punct_row_.size() && punct_row_[id];
    return punct || (id < word_classes_.size() && (word_classes_[id] & kFunctionClasses)) ? kFunctionWord : 1.0;
  };
  std::array<double, kClassCount> class_weight{};
  for (uint32_t id = 1; id < word_classes_.size(); ++id)
    for (uint64_t m = word_classes_[id] | phrase_starts_[id]; m; m &= m - 1)
      class_weight[static_cast<size_t>(std::countr_zero(m))] += word_weight(id);
  class_weight[kCount] += kFigure;
  class_weight[kOrdinal] += kFigure / 10;  // ranks are rarer than counts
  const size_t elements = first_word_row_.size();
  std::vector<double> element_weight(elements, 0);
  for (uint32_t id = 0; id < element_row_.size(); ++id)
    for (size_t k = 0; element_row_[id] && k < element_words_; ++k)
      for (uint64_t m = word_elements_[size_t{element_row_[id]} * element_words_ + k]; m; m &= m - 1)
        element_weight[k * 64 + static_cast<size_t>(std::countr_zero(m))] += word_weight(id);

  rule_row_words_ = (rules_.size() + 63) / 64;
  unanchored_rules_ = {};
  class_rules_.assign(kClassCount, {});
  word_rules_.assign(elements, {});
  anchor_classes_ = 0;
  anchor_words_.assign(element_words_, 0);
  for (uint32_t r = 0; r < rules_.size(); ++r) {
    const Rule& rule = rules_[r];
    double best = 0;
    Anchored* list = &unanchored_rules_;
    for (uint64_t m = rule.required & ~kTokenClasses; m; m &= m - 1) {
      const int cls = std::countr_zero(m);
      if (best == 0 || class_weight[static_cast<size_t>(cls)] < best) {
        best = class_weight[static_cast<size_t>(cls)];
        list = &class_rules_[static_cast<size_t>(cls)];
      }
    }
    for (auto [k, bits] : rule.required_words)
      for (uint64_t m = bits; m; m &= m - 1)
        if (const size_t b = k * 64 + static_cast<size_t>(std::countr_zero(m)); best == 0 || element_weight[b] < best) {
          best = element_weight[b];
          list = &word_rules_[b];
        }
    const auto words_begin = static_cast<uint32_t>(list->words.size());
    list->words.insert(list->words.end(), rule.required_words.begin(), rule.required_words.end());
    list->rules.push_back({rule.required, r, words_begin, static_cast<uint32_t>(list->words.size())});  // in rule order
    list->required &= rule.required;
  }
  for (int cls = 0; cls < kClassCount; ++cls)
    if (!class_rules_[static_cast<size_t>(cls)].rules.empty()) anchor_classes_ |= Bit(cls);
  for (size_t b = 0; b < elements; ++b)
    if (!word_rules_[b].rules.empty()) SetBit(anchor_words_.data(), b);
}

std::vector<RuleMention> RuleSet::Match(const ClaimLexicon& lex, const Document& doc, uint32_t s,
                                        const FigureStarts& figures, Scratch& scratch) const {
  std::vector<RuleMention> out;
  if (rules_.empty()) return out;
  const Context c(lex, doc);
  const uint32_t sb = doc.sentences[s].first_token, se = doc.sentences[s].end_token;
  std::vector<uint64_t>& masks = scratch.classes;
  const uint32_t n = se - sb;
  // a token's classes: what the token is, its word's classes from the index, and the phrases
  // that begin at it
  auto classes_of = [&](uint32_t i) {
    uint64_t m = Bit(kAnyToken);
    if (figures.count[i] >= 0) m |= Bit(kCount);
    if (figures.ordinal[i] >= 0) m |= Bit(kOrdinal);
    if (c.IsNumber(i)) return m | Bit(kNumber) | (IsYearToken(doc, i) ? Bit(kYear) : 0);
    if (c.IsPunct(i)) return m | Bit(kPunct) | (c.ClauseBreak(i) ? Bit(kBreak) : 0);
    m |= Bit(kWord);
    const uint32_t id = doc.tokens[i].word;
    const uint64_t word = id == 0 || id >= word_classes_.size() ? 0 : word_classes_[id];
    // A capital does not make a function word part of a name: headlines in title case or in
    // capitals ("Soldier Killed During Clashes", "FOUR KILLED IN TOWNSHIP FEUD") capitalise
    // prepositions, articles and conjunctions. An auxiliary may be a first name ("Will", "May"),
    // unless the whole word is in capitals.
    if (c.IsCap(i) && !(word & kNeverNameClasses) && !((word & kFunctionWordClasses) && IsAllCaps(doc.TokenText(i))))
      m |= Bit(kCap);
    if (id == 0 || id >= word_classes_.size()) return m;
    m |= word;
    if (const uint64_t phrases = phrase_starts_[id])
      for (auto [cls, table] : kPhraseClasses)
        if ((phrases & Bit(cls)) && (cls == kParty ? c.PartyAt(i, se).has_value() : (lex.*table).MatchAt(doc, i, se).length > 0))
          m |= Bit(cls);
    return m;
  };
  // A first look by word ids, at the classes the sentence may hold: most sentences of a story
  // hold no figure and no cue word, and no rule can match them. Only the rules anchored on what
  // the sentence holds are looked at. Whether it holds a number (or a year) is read too: rules
  // that need one were kept for every sentence.
  uint64_t maybe = kTokenClasses & ~(Bit(kNumber) | Bit(kYear));
  if (figures.held[s] & FigureStarts::kHoldsCount) maybe |= Bit(kCount);
  if (figures.held[s] & FigureStarts::kHoldsOrdinal) maybe |= Bit(kOrdinal);
  std::vector<uint64_t>& maybe_words = scratch.words;
  SetZeros(maybe_words, element_words_);
  for (uint32_t i = sb; i < se; ++i) {
    const Token& t = doc.tokens[i];
    if (t.kind == TokenKind::kNumber) maybe |= Bit(kNumber) | (IsYearToken(doc, i) ? Bit(kYear) : 0);
    if (t.word >= first_look_.size()) continue;
    const FirstLook& look = first_look_[t.word];
    maybe |= look.classes;
    if (const uint32_t r = t.kind == TokenKind::kPunct ? look.punct_row : look.row)
      for (uint32_t p = row_words_at_[r]; p < row_words_at_[r + 1]; ++p) maybe_words[row_words_[p].first] |= row_words_[p].second;
  }
  // keeps the rules whose every required class and word the sentence may hold
  std::vector<uint64_t>& maybe_rules = scratch.rules;
  SetZeros(maybe_rules, rule_row_words_);
  bool any = false;
  auto consider = [&](const Anchored& anchored) {
    if ((anchored.required & maybe) != anchored.required) return;
    for (const Anchored::Listed& listed : anchored.rules) {
      if ((listed.required & maybe) != listed.required) continue;
      bool holds_words = true;
      for (uint32_t w = listed.words_begin; w < listed.words_end; ++w)
        holds_words &= (maybe_words[anchored.words[w].first] & anchored.words[w].second) == anchored.words[w].second;
      if (!holds_words) continue;
      const uint32_t r = listed.rule;
      maybe_rules[r / 64] |= uint64_t{1} << (r % 64);
      any = true;
    }
  };
  consider(unanchored_rules_);
  for (uint64_t m = maybe & anchor_classes_; m; m &= m - 1)
    consider(class_rules_[static_cast<size_t>(std::countr_zero(m))]);
  for (size_t k = 0; k < element_words_; ++k)
    for (uint64_t held = maybe_words[k] & anchor_words_[k]; held; held &= held - 1)
      consider(word_rules_[k * 64 + static_cast<size_t>(std::countr_zero(held))]);
  if (!any) return out;
  // keeps the rules whose every required class the sentence's tokens hold
  auto keep = [&](uint64_t classes) {
    bool kept = false;
    for (size_t k = 0; k < rule_row_words_; ++k)
      for (uint64_t bits = maybe_rules[k]; bits; bits &= bits - 1) {
        const Rule& r = rules_[k * 64 + static_cast<size_t>(std::countr_zero(bits))];
        if ((r.required & classes) == r.required) kept = true;
        else maybe_rules[k] &= ~(bits & -bits);
      }
    return kept;
  };
  if (masks.size() < n) masks.resize(n);  // each set below
  uint64_t present = 0;
  for (uint32_t i = sb; i < se; ++i) present |= masks[i - sb] = classes_of(i);
  // a phrase's first word is not the phrase: the tokens' classes leave no rule in many of the
  // sentences the first look kept
  if (!keep(present)) return out;  // the word elements were exact already
  // the tokens of each class and word element, as bit rows: a rule is tried only from the
  // tokens its first element can match
  const size_t row_words = (n + 63) / 64;
  std::vector<uint64_t>& starts = scratch.starts;
  SetZeros(starts, start_rows_ * row_words);
  auto row = [&](size_t r) { return starts.data() + r * row_words; };
  auto class_row = [&](int cls) { return row(static_cast<size_t>(first_class_row_[static_cast<size_t>(cls)])); };
  for (uint32_t i = sb; i < se; ++i) {
    const uint32_t rel = i - sb;
    const uint64_t bit = uint64_t{1} << (rel % 64);
    for (uint64_t m = masks[rel] & first_classes_; m; m &= m - 1) class_row(std::countr_zero(m))[rel / 64] |= bit;
    if (const uint32_t r = ElementRow(element_row_, punct_row_, doc.tokens[i]))
      for (int16_t start : word_start_rows_[r]) row(static_cast<size_t>(start))[rel / 64] |= bit;
  }
  // the tokens rule's first element may start at, in word k of the rows
  auto candidates = [&](const RuleElement& e, size_t k) -> uint64_t {
    const uint64_t all = k + 1 < row_words || n % 64 == 0 ? ~uint64_t{0} : (uint64_t{1} << (n % 64)) - 1;
    switch (e.kind) {
      case RuleElement::Kind::kClass: {
        uint64_t out = 0;
        for (uint64_t m = e.classes; m; m &= m - 1) out |= class_row(std::countr_zero(m))[k];
        return out;
      }
      case RuleElement::Kind::kWords: return row(static_cast<size_t>(first_word_row_[static_cast<size_t>(e.word_bit)]))[k];
      case RuleElement::Kind::kAny: return all;
    }
    return all;
  };
  const Matcher matcher(c, sb, se, masks, element_row_, punct_row_, word_elements_, element_words_, figures);
  // whether each of rule's look-ahead elements begins where a match from token i, whose first
  // element ends at first_end, needs it
  auto looks_ahead = [&](const Rule& rule, uint32_t i, uint32_t first_end) {
    const RuleLookAhead& a = rule.look_ahead;
    const uint32_t base = a.after_first ? first_end : i;
    for (size_t k = 0; k < a.count; ++k) {
      const RuleLookAhead::Check& check = a.checks[k];
      const RuleElement& e = rule.pattern[check.element];
      uint32_t p = base + check.lo;
      while (p <= base + check.hi && p < se && !matcher.Begins(e, p)) ++p;
      if (p > base + check.hi || p >= se) return false;
    }
    return true;
  };
  std::vector<Span> taken;
  Matcher::Captures caps;
  for (size_t w = 0; w < rule_row_words_; ++w) {
    for (uint64_t rule_bits = maybe_rules[w]; rule_bits; rule_bits &= rule_bits - 1) {
      const Rule& rule = rules_[w * 64 + static_cast<size_t>(std::countr_zero(rule_bits))];
      const RuleElement& first = rule.pattern.front();
      // the start rows hold the tokens a word element or class matches: where each of those
      // covers one token, the first element's end needs no reading
      const bool first_is_one_token = first.kind == RuleElement::Kind::kWords ||
                                      (first.kind == RuleElement::Kind::kClass && !(first.classes & kPhraseClassBits));
      uint32_t next = sb;  // a rule's matches do not overlap
      for (size_t k = 0; k < row_words; ++k) {
        for (uint64_t bits = candidates(first, k); bits; bits &= bits - 1) {
          const uint32_t i = sb + static_cast<uint32_t>(k * 64) + static_cast<uint32_t>(std::countr_zero(bits));
          if (i < next) continue;
          const std::optional<uint32_t> first_end = first_is_one_token ? std::optional<uint32_t>(i + 1) : matcher.One(first, i);
          if (!first_end || !looks_ahead(rule, i, *first_end)) continue;
          std::optional<uint32_t> end = matcher.At(rule, i, &caps);
          if (!end) continue;
          std::vector<RuleMention> yields = Yielder(c, rule, caps, figures, s, se).Run();
          bool free = !yields.empty();
          for (const RuleMention& m : yields)
            for (Span a : m.claimed)
              for (Span b : taken) free &= !Overlaps(a, b);
          if (!free) continue;
          for (RuleMention& m : yields) {
            taken.insert(taken.end(), m.claimed.begin(), m.claimed.end());
            out.push_back(std::move(m));
          }
          next = std::max(*end, i + 1);
        }
      }
    }
  }
  return out;
}

}  // namespace tally
