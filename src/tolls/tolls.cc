#include "tolls/tolls.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace tally {

TollLexicon TollLexicon::Load(const std::string& dir, Vocabulary& vocab) {
  TollLexicon lex;
  TsvFile f = ReadTsv(dir + "/toll_words.tsv", 3, 3);
  for (const TsvRow& r : f.rows) {
    const std::string& kind = r.fields[1];
    const std::string& where = r.fields[2];
    if (kind != "part" && kind != "added") f.Fail(r, "kind must be part or added");
    if (where != "before" && where != "after") f.Fail(r, "where must be before or after");
    PhraseTable& table = where == "before" ? lex.before : lex.after;
    if (!table.Add(vocab, r.fields[0], kind == "part" ? kPart : kAdded)) f.Fail(r, "empty phrase");
  }
  return lex;
}

namespace {

// How far from a figure a tying word may stand ("among them were three": one word between).
constexpr uint32_t kTieReach = 2;

// What one sentence says about a measure for one role and one source.
struct Statement {
  uint32_t sentence = 0;
  Interval value;
  Qualifier qualifier = Qualifier::kExact;
  std::vector<size_t> claims;
  bool added = false;  // counts people besides those stated before
  bool whole = false;  // some figure counts a whole group, not only parts of one
};

// The qualifier of a sum: a bound stays a bound when added to exact figures.
Qualifier SumQualifier(Qualifier a, Qualifier b) {
  if (a == b || b == Qualifier::kExact) return a;
  if (a == Qualifier::kExact) return b;
  if (a == Qualifier::kVague || b == Qualifier::kVague) return Qualifier::kVague;
  return Qualifier::kApprox;
}

std::optional<int64_t> SumOf(const std::optional<int64_t>& a, const std::optional<int64_t>& b) {
  if (!a || !b) return std::nullopt;
  return *a + *b;
}

Interval SumInterval(const Interval& a, const Interval& b) {
  return {SumOf(a.low, b.low), SumOf(a.high, b.high), SumOf(a.best, b.best)};
}

void AddTo(Statement* s, const Interval& value, Qualifier q) {
  s->value = s->whole ? SumInterval(s->value, value) : value;
  s->qualifier = s->whole ? SumQualifier(s->qualifier, q) : q;
  s->whole = true;
}

// The number a statement is compared by: its best figure, else its lower bound.
int64_t Figure(const Interval& v) { return v.best ? *v.best : v.low ? *v.low : 0; }

bool Vague(const Statement& s) { return s.qualifier == Qualifier::kVague || (!s.value.best && !s.value.low); }

// Index of the first token at or after byte offset.
uint32_t TokenAt(const Document& doc, uint32_t offset) {
  auto it = std::lower_bound(doc.tokens.begin(), doc.tokens.end(), offset,
                             [](const Token& t, uint32_t o) { return t.begin < o; });
  return static_cast<uint32_t>(it - doc.tokens.begin());
}

uint32_t SentenceOfToken(const Document& doc, uint32_t token) {
  auto it = std::upper_bound(doc.sentences.begin(), doc.sentences.end(), token,
                             [](uint32_t t, const Sentence& s) { return t < s.first_token; });
  return it == doc.sentences.begin() ? 0 : static_cast<uint32_t>(it - doc.sentences.begin() - 1);
}

// How the words next to one mention tie its figure to others: 0, kPart or kAdded.
int TieOf(const TollLexicon& lex, const Document& doc, Span mention, uint32_t sentence) {
  if (sentence >= doc.sentences.size()) return 0;
  const Sentence& s = doc.sentences[sentence];
  const uint32_t first = TokenAt(doc, mention.begin), end = TokenAt(doc, mention.end);
  for (const Quantity& q : doc.quantities)
    if (q.begin == mention.begin && q.additional) return TollLexicon::kAdded;
  for (uint32_t gap = 0; gap <= kTieReach && first >= s.first_token + gap; ++gap)
    if (auto m = lex.before.MatchEndingAt(doc, first - gap, s.first_token); m.length) return m.value;
  for (uint32_t gap = 0; gap <= kTieReach && end + gap < s.end_token; ++gap)
    if (auto m = lex.after.MatchAt(doc, end + gap, s.end_token); m.length) return m.value;
  return 0;
}

struct Mention {
  size_t claim;
  uint32_t sentence;
  int tie;
};

// Every mention of the claims of one measure and role, in text order.
std::vector<Mention> MentionsOf(const TollLexicon& lex, const Document& doc, const std::vector<Claim>& claims,
                                const std::vector<size_t>& chosen) {
  std::vector<Mention> out;
  for (size_t i : chosen)
    for (const Span& e : claims[i].evidence) {
      const uint32_t sentence = SentenceOfToken(doc, TokenAt(doc, e.begin));
      out.push_back({i, sentence, TieOf(lex, doc, e, sentence)});
    }
  std::stable_sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) { return a.sentence < b.sentence; });
  return out;
}

// One statement per sentence and source: the sum of its figures of distinct groups. A derived
// sum the claims stage made stands for the groups it adds; parts never add.
std::vector<Statement> StatementsOf(const std::vector<Claim>& claims, const std::vector<Mention>& mentions) {
  std::map<std::pair<uint32_t, std::string>, Statement> by_key;
  std::map<std::pair<uint32_t, std::string>, const Claim*> derived;
  for (const Mention& m : mentions) {
    const Claim& c = claims[m.claim];
    if (c.derived == Derived::kSum) derived[{m.sentence, c.source.value_or("")}] = &c;
  }
  for (const Mention& m : mentions) {
    const Claim& c = claims[m.claim];
    Statement& s = by_key[{m.sentence, c.source.value_or("")}];
    s.sentence = m.sentence;
    if (std::find(s.claims.begin(), s.claims.end(), m.claim) != s.claims.end()) continue;
    s.claims.push_back(m.claim);
    auto d = derived.find({m.sentence, c.source.value_or("")});
    const bool counts = d == derived.end() ? m.tie != TollLexicon::kPart && c.derived != Derived::kSum
                                           : d->second == &c;
    if (m.tie == TollLexicon::kAdded) s.added = true;
    if (counts) AddTo(&s, c.value, c.qualifier);
  }
  // A statement of parts only ("among them two children") is the toll only when nothing else is.
  bool any_whole = false;
  for (const auto& [key, s] : by_key) any_whole |= s.whole;
  std::vector<Statement> out;
  for (auto& [key, s] : by_key) {
    if (!s.whole && any_whole) continue;
    if (!s.whole) s.value = claims[s.claims.front()].value, s.qualifier = claims[s.claims.front()].qualifier;
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const Statement& a, const Statement& b) { return a.sentence < b.sentence; });
  return out;
}

// True when b should replace a as the toll.
bool Better(const Statement& b, const Statement& a, TollChoice choice) {
  if (choice == TollChoice::kLatest) return true;
  if (Vague(a) != Vague(b)) return Vague(a);
  return Figure(b.value) >= Figure(a.value);
}

// The statement a coder would code: statements read in order, one that counts others added to
// the one before it.
std::optional<Statement> Choose(const std::vector<Statement>& statements, TollChoice choice) {
  std::optional<Statement> best;
  for (const Statement& s : statements) {
    if (best && s.added) {
      Statement sum = *best;
      sum.value = SumInterval(best->value, s.value);
      sum.qualifier = SumQualifier(best->qualifier, s.qualifier);
      sum.claims.insert(sum.claims.end(), s.claims.begin(), s.claims.end());
      sum.sentence = s.sentence;
      best = std::move(sum);
    } else if (!best || Better(s, *best, choice)) {
      best = s;
    }
  }
  return best;
}

}  // namespace

std::vector<Toll> ComputeTolls(const TollLexicon& lexicon, const Document& doc, const std::vector<Claim>& claims,
                               TollChoice choice) {
  std::vector<Toll> out;
  for (int m = 0; m <= static_cast<int>(Measure::kOther); ++m) {
    const Measure measure = static_cast<Measure>(m);
    std::vector<size_t> victims, perpetrators;
    for (size_t i = 0; i < claims.size(); ++i) {
      const Claim& c = claims[i];
      if (c.measure != measure || c.scope != Scope::kEvent || c.evidence.empty()) continue;
      (c.counted_role == CountedRole::kPerpetrator ? perpetrators : victims).push_back(i);
    }
    if (victims.empty() && perpetrators.empty()) continue;
    std::optional<Statement> v = Choose(StatementsOf(claims, MentionsOf(lexicon, doc, claims, victims)), choice);
    std::optional<Statement> p = Choose(StatementsOf(claims, MentionsOf(lexicon, doc, claims, perpetrators)), choice);
    Toll t;
    t.doc = claims.front().doc;
    t.measure = measure;
    if (v && p) {
      t.value = SumInterval(v->value, p->value);
      t.qualifier = SumQualifier(v->qualifier, p->qualifier);
    } else {
      t.value = (v ? v : p)->value;
      t.qualifier = (v ? v : p)->qualifier;
    }
    bool roles_known = false;
    for (size_t i : victims) roles_known |= claims[i].counted_role == CountedRole::kVictim;
    if (v && roles_known) t.victims = Figure(v->value);
    if (p) t.perpetrators = Figure(p->value);
    for (const auto* s : {&v, &p})
      if (*s) t.claims.insert(t.claims.end(), (*s)->claims.begin(), (*s)->claims.end());
    std::sort(t.claims.begin(), t.claims.end());
    t.claims.erase(std::unique(t.claims.begin(), t.claims.end()), t.claims.end());
    double sum = 0;
    for (size_t i : t.claims) sum += claims[i].confidence;
    t.confidence = sum / static_cast<double>(t.claims.size());
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace tally
