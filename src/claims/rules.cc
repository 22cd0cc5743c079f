// Construction rules: parsing data/rules/en/*.rules and matching them (rules.h, docs/rules.md).
#include "claims/rules.h"

#include <algorithm>
#include <array>
#include <bit>
#include <filesystem>
#include <fstream>

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
  kBreak, kParty, kPunct, kPersonPronoun, kGroupPronoun, kAnyToken, kPerpetrator, kClassCount
};

constexpr std::array<const char*, kClassCount> kClassNames = {
    "count", "number", "cue.state", "cue.verb", "cue.noun", "cue.place", "zero", "person_noun",
    "person_noun.sg", "person_noun.pl", "counted_noun", "thing_noun", "aux", "link", "prep", "det",
    "conj", "sub", "pron", "hedge", "adverb", "cap", "word", "break", "party", "punct",
    "pronoun.person", "pronoun.group", "any", "perpetrator_noun"};

constexpr uint8_t kMaxRepeat = 8;
constexpr size_t kMaxSlots = 12;

uint64_t Bit(int c) { return uint64_t{1} << c; }

std::string Trim(std::string_view s) { return std::string(TrimSpaces(s)); }

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
    for (const RuleElement& e : rule_->pattern)
      if (e.min > 0 && e.kind == RuleElement::Kind::kClass && std::popcount(e.classes) == 1) rule_->required |= e.classes;
    rules->push_back(std::move(*rule_));
    rule_.reset();
  }

 private:
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
      e.punct = text;
      return e;
    }
    std::string_view alts = text;
    while (!alts.empty()) {
      const size_t bar = alts.find('|');
      const std::string w = AsciiLowerCopy(alts.substr(0, bar));
      if (w.empty()) Fail(n, "empty word in '" + text + "'");
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
      y.kind = v[op] == '+' ? RuleYield::Value::kSum : RuleYield::Value::kDifference;
      y.a = SlotOf(n, v.substr(0, op));
      y.b = SlotOf(n, v.substr(op + 1));
    } else {
      y.a = SlotOf(n, v);
    }
    if (parts[1][0] == '$') {
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
      } else {
        Fail(n, "unknown yield key '" + key + "' (at, counted, role, scope)");
      }
    }
    if (y.kind == RuleYield::Value::kLiteral && y.at < 0) Fail(n, "a literal value needs at=SLOT");
    return y;
  }

  std::string file_;
  Vocabulary& vocab_;
  std::optional<Rule> rule_;
};

// Matching one rule from one token, by backtracking over the pattern's elements.
class Matcher {
 public:
  struct Capture {
    uint32_t first = 0, end = 0;
    bool set = false;
  };
  using Captures = std::array<Capture, kMaxSlots>;

  Matcher(const Context& c, uint32_t sb, uint32_t se, const std::vector<uint64_t>& masks, const std::vector<int>& count_start)
      : c_(c), sb_(sb), se_(se), masks_(masks), count_start_(count_start) {}

  // The end of a match of rule at token i, with its captures.
  std::optional<uint32_t> At(const Rule& rule, uint32_t i, Captures* caps) const {
    *caps = Captures{};
    return Step(rule, 0, i, caps);
  }

  // Where one occurrence of element e that starts at token i ends, if it matches there.
  std::optional<uint32_t> One(const RuleElement& e, uint32_t i) const {
    if (i >= se_) return std::nullopt;
    switch (e.kind) {
      case RuleElement::Kind::kAny:
        return (masks_[i - sb_] & Bit(kBreak)) ? std::nullopt : std::optional<uint32_t>(i + 1);
      case RuleElement::Kind::kWords:
        if (!e.punct.empty()) return c_.T(i) == e.punct ? std::optional<uint32_t>(i + 1) : std::nullopt;
        if (!c_.IsWord(i) && !c_.IsNumber(i)) return std::nullopt;
        for (uint32_t w : e.words)
          if (c_.d.tokens[i].word == w) return i + 1;
        return std::nullopt;
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
  uint32_t EndOf(int cls, uint32_t i) const {
    switch (cls) {
      case kCount: return c_.d.quantities[static_cast<size_t>(count_start_[i])].end_token;
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
    std::array<uint32_t, kMaxRepeat + 1> ends;
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
  const std::vector<int>& count_start_;
};

uint64_t MaskOf(const Context& c, uint32_t i, uint32_t se, const std::vector<int>& count_start) {
  using F = ClaimLexicon::FunctionBits;
  uint64_t m = Bit(kAnyToken);
  if (count_start[i] >= 0) m |= Bit(kCount);
  if (c.ClauseBreak(i)) m |= Bit(kBreak);
  if (c.IsNumber(i)) return m | Bit(kNumber);
  if (c.IsPunct(i)) return m | Bit(kPunct);
  m |= Bit(kWord);
  if (c.IsCap(i)) m |= Bit(kCap);
  const WordRef w = c.W(i);
  if (w.id == 0) return m;  // in no lexicon
  if (const uint16_t* f = c.lex.function_words.Find(w)) {
    static constexpr std::pair<F, RuleClass> kBits[] = {{ClaimLexicon::kAux, kAux},   {ClaimLexicon::kLink, kLink},
                                                        {ClaimLexicon::kPrep, kPrep}, {ClaimLexicon::kDet, kDet},
                                                        {ClaimLexicon::kConj, kConj}, {ClaimLexicon::kSub, kSub},
                                                        {ClaimLexicon::kPron, kPron}, {ClaimLexicon::kHedge, kHedge}};
    for (auto [bit, cls] : kBits)
      if (*f & bit) m |= Bit(cls);
  }
  if (c.lex.adverbs.count(w)) m |= Bit(kAdverb);
  if (const auto* noun = c.lex.counted.Find(w)) {
    m |= Bit(kCountedNoun);
    if (noun->cls == ClaimLexicon::NounClass::kPerson) m |= Bit(kPersonNoun) | Bit(noun->singular ? kPersonSg : kPersonPl);
    else m |= Bit(kThingNoun);
  }
  if (const int* p = c.lex.pronouns.Find(w)) m |= Bit(*p == 1 ? kPersonPronoun : kGroupPronoun);
  if (c.lex.perpetrators.count(w)) m |= Bit(kPerpetrator);
  if (c.lex.state_cues.MatchAt(c.d, i, se).length) m |= Bit(kCueState);
  if (c.lex.verb_cues.MatchAt(c.d, i, se).length) m |= Bit(kCueVerb);
  if (c.lex.noun_cues.MatchAt(c.d, i, se).length) m |= Bit(kCueNoun);
  if (c.lex.place_cues.MatchAt(c.d, i, se).length) m |= Bit(kCuePlace);
  if (c.lex.zero.MatchAt(c.d, i, se).length) m |= Bit(kZero);
  if (c.PartyAt(i, se)) m |= Bit(kParty);
  return m;
}

bool Overlaps(Span a, Span b) { return a.begin < b.end && b.begin < a.end; }

// The measure a cue slot names.
std::optional<Measure> CueMeasure(const Context& c, uint32_t i, uint32_t se) {
  for (const PhraseTable* t : {&c.lex.state_cues, &c.lex.verb_cues, &c.lex.noun_cues, &c.lex.place_cues})
    if (PhraseTable::Match m = t->MatchAt(c.d, i, se); m.length) return static_cast<Measure>(m.value);
  return std::nullopt;
}

class Yielder {
 public:
  Yielder(const Context& c, const Rule& rule, const Matcher::Captures& caps, const std::vector<int>& count_start,
          uint32_t s, uint32_t se)
      : c_(c), rule_(rule), caps_(caps), count_start_(count_start), s_(s), se_(se) {}

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
    const int q = count_start_[caps_[static_cast<size_t>(slot)].first];
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
    if (!Value(y, &m)) return std::nullopt;
    if (y.kind == RuleYield::Value::kNone) return m;
    if (y.measure) {
      m.measure = *y.measure;
    } else {
      if (!caps_[static_cast<size_t>(y.measure_slot)].set) return std::nullopt;
      std::optional<Measure> cue = CueMeasure(c_, caps_[static_cast<size_t>(y.measure_slot)].first, se_);
      if (!cue) return std::nullopt;
      m.measure = *cue;
    }
    m.counted = SpanOf(y.counted);
    if (m.counted) m.counted_tokens = std::make_pair(caps_[static_cast<size_t>(y.counted)].first, caps_[static_cast<size_t>(y.counted)].end);
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
        const Quantity* a = QuantityIn(y.a);
        const Quantity* b = QuantityIn(y.b);
        // only exact figures add up to a figure the text implies
        if (!a || !b || a->qualifier != Qualifier::kExact || b->qualifier != Qualifier::kExact || !a->value.best ||
            !b->value.best)
          return false;
        const bool sum = y.kind == RuleYield::Value::kSum;
        const int64_t v = sum ? *a->value.best + *b->value.best : *a->value.best - *b->value.best;
        if (v < 0) return false;
        m->span = {std::min(a->begin, b->begin), std::max(a->end, b->end)};
        m->first_token = std::min(a->first_token, b->first_token);
        m->end_token = std::max(a->end_token, b->end_token);
        m->value = IntervalFor(Qualifier::kExact, v);
        m->derived = sum ? Derived::kSum : Derived::kDifference;
        m->claimed = {{a->begin, a->end}, {b->begin, b->end}};
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
  const std::vector<int>& count_start_;
  uint32_t s_, se_;
};

}  // namespace

RuleSet RuleSet::Load(const std::string& dir, Vocabulary& vocab) {
  namespace fs = std::filesystem;
  RuleSet set;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw LexiconError(dir + ": rules folder not found");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".rules") files.push_back(e.path());
  std::sort(files.begin(), files.end());
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
  // conflicts: the stronger rule first, then the earlier one in file order
  std::stable_sort(set.rules_.begin(), set.rules_.end(), [](const Rule& a, const Rule& b) { return a.strength > b.strength; });
  return set;
}

std::vector<RuleMention> RuleSet::Match(const ClaimLexicon& lex, const Document& doc, uint32_t s,
                                        const std::vector<int>& count_start) const {
  std::vector<RuleMention> out;
  if (rules_.empty()) return out;
  const Context c(lex, doc);
  const uint32_t sb = doc.sentences[s].first_token, se = doc.sentences[s].end_token;
  std::vector<uint64_t> masks(se - sb);
  uint64_t present = 0;
  for (uint32_t i = sb; i < se; ++i) present |= masks[i - sb] = MaskOf(c, i, se, count_start);
  const Matcher matcher(c, sb, se, masks, count_start);
  std::vector<Span> taken;
  Matcher::Captures caps;
  for (const Rule& rule : rules_) {
    if ((rule.required & present) != rule.required) continue;
    for (uint32_t i = sb; i < se;) {
      if (!matcher.One(rule.pattern.front(), i)) {
        ++i;
        continue;
      }
      std::optional<uint32_t> end = matcher.At(rule, i, &caps);
      if (!end) {
        ++i;
        continue;
      }
      std::vector<RuleMention> yields = Yielder(c, rule, caps, count_start, s, se).Run();
      bool free = !yields.empty();
      for (const RuleMention& m : yields)
        for (Span a : m.claimed)
          for (Span b : taken) free &= !Overlaps(a, b);
      if (!free) {
        ++i;
        continue;
      }
      for (RuleMention& m : yields) {
        taken.insert(taken.end(), m.claimed.begin(), m.claimed.end());
        out.push_back(std::move(m));
      }
      i = std::max(*end, i + 1);
    }
  }
  return out;
}

}  // namespace tally
