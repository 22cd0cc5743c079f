#include "tolls/tolls.h"

#include <algorithm>
#include <map>
#include <set>

namespace tally {

TollLexicon TollLexicon::Load(const std::string& dir, Vocabulary& vocab) {
  TollLexicon lex;
  TsvFile f = ReadTsv(dir + "/toll_words.tsv", 3, 3);
  for (const TsvRow& r : f.rows) {
    const std::string& kind = r.fields[1];
    const std::string& where = r.fields[2];
    if (kind == "hit") {
      if (where != "sentence") f.Fail(r, "a hit word is read anywhere in the sentence: where must be sentence");
      lex.hit.Slot(vocab, r.fields[0]) = 1;
      continue;
    }
    if (kind == "later") {
      if (where != "start" && where != "after")
        f.Fail(r, "a later word is read where the figure begins or in its clause after it: start or after");
      if (!(where == "start" ? lex.start : lex.later_after).Add(vocab, r.fields[0], kLater)) f.Fail(r, "empty phrase");
      continue;
    }
    if (kind == "new") {
      if (where != "start") f.Fail(r, "a new person is told by the figure's own first words: where must be start");
      if (!lex.new_referent.Add(vocab, r.fields[0], 1)) f.Fail(r, "empty phrase");
      continue;
    }
    if (kind != "part" && kind != "added" && kind != "total")
      f.Fail(r, "kind must be part, added, total, later, new or hit");
    if (kind == "total" && where != "before") f.Fail(r, "a total's words stand before its figure: where must be before");
    if (where == "start" && kind != "added") f.Fail(r, "only an added word is read where the figure begins");
    if (where != "before" && where != "after" && where != "start") f.Fail(r, "where must be before, after or start");
    PhraseTable& table = where == "before" ? lex.before : where == "after" ? lex.after : lex.start;
    const Kind k = kind == "part" ? kPart : kind == "added" ? kAdded : kTotal;
    if (!table.Add(vocab, r.fields[0], k)) f.Fail(r, "empty phrase");
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
  int64_t later = 0;   // of them, killed who were counted in an earlier group ("the fifth victim")
  uint32_t first = UINT32_MAX;        // where its first counted figure begins (a text offset)
  uint32_t first_later = UINT32_MAX;  // where its first figure of those who died later begins
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

uint32_t SentenceOfToken(const Document& doc, uint32_t token) {
  auto it = std::upper_bound(doc.sentences.begin(), doc.sentences.end(), token,
                             [](uint32_t t, const Sentence& s) { return t < s.first_token; });
  return it == doc.sentences.begin() ? 0 : static_cast<uint32_t>(it - doc.sentences.begin() - 1);
}

// Whether a figure stands after the comma of a sentence that opens on its group: "Of the 13
// people injured, four were in serious condition" (the four are of the 13).
bool AfterOfTheGroup(const Document& doc, const Sentence& s, uint32_t token) {
  if (s.end_token - s.first_token < 3 || doc.Word(s.first_token) != "of") return false;
  const std::string_view next = doc.Word(s.first_token + 1);
  if (next != "the" && next != "those" && next != "these") return false;
  for (uint32_t i = s.first_token + 2; i < token && i < s.end_token; ++i)
    if (doc.TokenText(i) == ",") return true;
  return false;
}

// How the words next to one mention tie its figure to others: 0, kPart, kAdded, kLater or
// kTotal. *own is set when the tie is the mention's own first words ("another", "a third").
int TieOf(const TollLexicon& lex, const Document& doc, Span mention, uint32_t sentence, bool* own) {
  *own = false;
  if (sentence >= doc.sentences.size()) return 0;
  const Sentence& s = doc.sentences[sentence];
  const uint32_t first = doc.TokenAt(mention.begin), end = doc.TokenAt(mention.end);
  if (auto m = lex.start.MatchAt(doc, first, s.end_token); m.length) {
    *own = true;
    return m.value;
  }
  for (const Quantity& q : doc.quantities)
    if (q.begin == mention.begin && q.additional) return TollLexicon::kAdded;
  if (AfterOfTheGroup(doc, s, first)) return TollLexicon::kPart;
  for (uint32_t gap = 0; gap <= kTieReach && first >= s.first_token + gap; ++gap)
    if (auto m = lex.before.MatchEndingAt(doc, first - gap, s.first_token); m.length) return m.value;
  // words after a figure tie it only within its clause: in "rose to 312, of whom 48 were
  // critical" the part is 48, not 312
  for (uint32_t gap = 0; gap <= kTieReach && end + gap < s.end_token; ++gap) {
    if (auto m = lex.after.MatchAt(doc, end + gap, s.end_token); m.length) return m.value;
    if (doc.tokens[end + gap].kind == TokenKind::kPunct && doc.TokenText(end + gap) != "-") break;
  }
  return 0;
}

// How far after a figure a later word may stand in its clause ("one victim was taken to the
// hospital and later died": four words between, no comma).
constexpr uint32_t kLaterReach = 8;

// Whether the clause of a killed figure says its people died after the event ("one of them later
// died", "with two later dying"): they come out of a group counted before.
bool SaysLater(const TollLexicon& lex, const Document& doc, Span mention, uint32_t sentence) {
  if (sentence >= doc.sentences.size()) return false;
  const Sentence& s = doc.sentences[sentence];
  const uint32_t end = doc.TokenAt(mention.end);
  for (uint32_t i = end; i < s.end_token && i < end + kLaterReach; ++i) {
    if (doc.tokens[i].kind == TokenKind::kPunct && doc.TokenText(i) != "-") return false;
    if (lex.later_after.MatchAt(doc, i, s.end_token).length) return true;
  }
  return false;
}

// Whether the sentence of a mention says its people were hit with the outcome left open ("shot").
bool SaysHit(const TollLexicon& lex, const Document& doc, Span mention) {
  const uint32_t sentence = SentenceOfToken(doc, doc.TokenAt(mention.begin));
  if (sentence >= doc.sentences.size()) return false;
  const Sentence& s = doc.sentences[sentence];
  for (uint32_t i = s.first_token; i < s.end_token; ++i)
    if (lex.hit.count(doc.Word(i))) return true;
  return false;
}

// Clauses a semicolon parts are statements of their own: lists of headlines or of reports
// ("At least 20 killed in raid; 22 dead, officials say") restate a toll, they do not add groups.
constexpr uint32_t kMaxClauses = 256;

// The statement unit of a token: its sentence, then its clause, in text order.
uint32_t UnitOf(const Document& doc, uint32_t sentence, uint32_t token) {
  uint32_t clause = 0;
  if (sentence < doc.sentences.size())
    for (uint32_t i = doc.sentences[sentence].first_token; i < token && i < doc.tokens.size(); ++i)
      clause += doc.TokenText(i) == ";";
  return sentence * kMaxClauses + std::min(clause, kMaxClauses - 1);
}

struct Mention {
  size_t claim;
  uint32_t sentence;  // the statement unit (UnitOf), not only the sentence
  int tie;
  uint32_t begin;      // the mention's text offset
  bool died_later;     // kLater from words after it ("later died"), not from its own ("a third")
  bool says_another;   // its own first words are one more person ("another was hurt"), or
                       // the word after it is ("two more were hurt")
  bool new_referent;   // it names one not named before ("a cashier"): after another such
                       // mention of the figure in its sentence, one more person
};

// Every claim's evidence by where it begins, with the claim's measure.
std::vector<std::pair<uint32_t, Measure>> EvidenceStarts(const std::vector<Claim>& claims) {
  std::vector<std::pair<uint32_t, Measure>> out;
  for (const Claim& c : claims)
    for (const Span& e : c.evidence) out.emplace_back(e.begin, c.measure);
  std::sort(out.begin(), out.end());
  return out;
}

// Whether a figure of another measure comes before offset in the statement unit: then "others"
// after a figure means others than those ("two were killed and five others wounded"), not more
// than a statement before. ("Another officer was wounded" after "an officer was killed" is
// still one more wounded than a statement before may have counted.)
bool OtherMeasureBefore(const Document& doc, const std::vector<std::pair<uint32_t, Measure>>& starts, Measure measure,
                        uint32_t sentence, uint32_t unit, uint32_t offset) {
  const uint32_t from = doc.tokens[doc.sentences[sentence].first_token].begin;
  for (auto it = std::lower_bound(starts.begin(), starts.end(), std::make_pair(from, Measure{}));
       it != starts.end() && it->first < offset; ++it) {
    const uint32_t token = doc.TokenAt(it->first);
    if (it->second != measure && UnitOf(doc, sentence, token) == unit) return true;
  }
  return false;
}

// Every mention of the claims of one measure and role, in text order.
std::vector<Mention> MentionsOf(const TollLexicon& lex, const Document& doc, const std::vector<Claim>& claims,
                                const std::vector<size_t>& chosen) {
  std::vector<Mention> out;
  const std::vector<std::pair<uint32_t, Measure>> starts = EvidenceStarts(claims);
  for (size_t i : chosen)
    for (const Span& e : claims[i].evidence) {
      const uint32_t token = doc.TokenAt(e.begin);
      const uint32_t sentence = SentenceOfToken(doc, token);
      bool own = false;
      int tie = TieOf(lex, doc, e, sentence, &own);
      const bool died_later = claims[i].measure == Measure::kKilled && tie != TollLexicon::kAdded &&
                              tie != TollLexicon::kLater && SaysLater(lex, doc, e, sentence);
      if (died_later) tie = TollLexicon::kLater;
      // only a death changes which group one belongs to; "the third victim was hurt" is a part
      if (tie == TollLexicon::kLater && claims[i].measure != Measure::kKilled) tie = TollLexicon::kPart;
      const uint32_t end = doc.TokenAt(e.end);
      // "two more", "three others": the word right after the figure makes it more people
      const bool more_after = end < doc.tokens.size() && lex.after.MatchAt(doc, end, doc.tokens.size()).value ==
                                                             TollLexicon::kAdded;
      const bool says_another = (own && tie == TollLexicon::kAdded) || more_after;
      // the article may open the figure's words or stand just before them ("killed a [guard]")
      const bool new_referent = lex.new_referent.MatchAt(doc, token, end).length > 0 ||
                                (token > 0 && lex.new_referent.MatchAt(doc, token - 1, token).length > 0);
      const uint32_t unit = UnitOf(doc, sentence, token);
      if (tie == TollLexicon::kAdded && !own && sentence < doc.sentences.size() &&
          OtherMeasureBefore(doc, starts, claims[i].measure, sentence, unit, e.begin))
        tie = 0;
      out.push_back({i, unit, tie, e.begin, died_later, says_another, new_referent});
    }
  std::stable_sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) { return a.sentence < b.sentence; });
  return out;
}

// A figure followed in its sentence by figures that add up to it is broken down, not added to:
// "six were killed, five in one county and one in the next" is six. Two parts at least, all
// exact: one later figure equal to the first is as often a second group as the same one.
void TakeBreakdown(const std::vector<Claim>& claims, Statement* s) {
  if (s->claims.size() < 3) return;
  int64_t rest = 0;
  for (size_t i : s->claims)
    if (claims[i].qualifier != Qualifier::kExact || !claims[i].value.best) return;
  for (size_t k = 1; k < s->claims.size(); ++k) rest += *claims[s->claims[k]].value.best;
  const Claim& whole = claims[s->claims.front()];
  if (*whole.value.best != rest) return;
  s->value = whole.value;
  s->qualifier = whole.qualifier;
  s->claims.resize(1);
}

// One statement per sentence and source: the sum of its figures of distinct groups. A derived
// sum the claims stage made stands for the groups it adds; parts never add.
std::vector<Statement> StatementsOf(const std::vector<Claim>& claims, const std::vector<Mention>& mentions) {
  using Key = std::pair<uint32_t, std::string>;
  std::map<Key, Statement> by_key;
  std::map<Key, const Claim*> derived;
  std::map<std::pair<Key, size_t>, bool> seen;  // a claim said in a statement: whether first as a new person
  std::map<Key, std::vector<size_t>> rests;  // claims a statement rests on without counting
  // a statement that states its whole ("bringing the death toll to four") holds those who died
  // later among it: they are parts there, not more
  std::set<Key> states_whole;
  std::set<Key> states_total;  // a figure framed as the toll ("bringing the toll to 19")
  for (const Mention& m : mentions) {
    const Claim& c = claims[m.claim];
    if (c.derived == Derived::kSum) derived[{m.sentence, c.source.value_or("")}] = &c;
    if ((m.tie == 0 || m.tie == TollLexicon::kTotal) && c.derived != Derived::kSum)
      states_whole.insert({m.sentence, c.source.value_or("")});
    if (m.tie == TollLexicon::kTotal) states_total.insert({m.sentence, c.source.value_or("")});
  }
  for (const Mention& m : mentions) {
    const Claim& c = claims[m.claim];
    const Key key{m.sentence, c.source.value_or("")};
    // a claim's figure said twice in one sentence counts once, unless the second is one more
    // person ("one man died and another died in hospital": one claim, two people)
    // ("the gunman killed a guard and fatally wounded a cashier": two)
    const auto [said, first] = seen.try_emplace({key, m.claim}, m.new_referent);
    if (!first && !m.says_another && !(m.new_referent && said->second)) continue;
    Statement& s = by_key[key];
    s.sentence = m.sentence;
    // "two people died overnight, raising the toll to 19", "the toll rose to 19 after two more
    // died": the people a sentence's toll is brought by are among it
    const bool among = (m.died_later && states_whole.count(key)) ||
                       (m.tie != TollLexicon::kTotal && states_total.count(key));
    const int tie = among ? TollLexicon::kPart : m.tie;
    auto d = derived.find(key);
    const bool counts = d == derived.end() ? tie != TollLexicon::kPart && c.derived != Derived::kSum : d->second == &c;
    // more people after a figure of the same sentence add to it there, not to the statement before
    if (tie == TollLexicon::kLater || (tie == TollLexicon::kAdded && !s.whole)) s.added = true;
    // those who died later came out of a group hurt before, whether they add to the statement's
    // figure or are among it ("one of them later died, bringing the toll to five")
    if ((counts && tie == TollLexicon::kLater) || (among && m.died_later)) {
      s.later += Figure(c.value);
      s.first_later = std::min(s.first_later, m.begin);
    }
    if (counts) s.first = std::min(s.first, m.begin);
    if (counts) {
      if (!s.whole) s.claims.clear();  // drop a part that stood in
      AddTo(&s, c.value, c.qualifier);
      s.claims.push_back(m.claim);
    } else if (d != derived.end() && tie != TollLexicon::kPart) {
      rests[key].push_back(m.claim);  // a group the derived sum adds up
    } else if (!s.whole && s.claims.empty()) {
      s.value = c.value;  // a part stands for its statement until a whole is found
      s.qualifier = c.qualifier;
      s.claims.push_back(m.claim);
    }
  }
  for (auto& [key, s] : by_key) TakeBreakdown(claims, &s);
  // A statement of parts only ("among them two children") is the toll only when nothing else is.
  bool any_whole = false;
  for (const auto& [key, s] : by_key) any_whole |= s.whole;
  std::vector<Statement> out;
  for (auto& [key, s] : by_key) {
    if (!s.whole && any_whole) continue;
    if (s.whole) s.claims.insert(s.claims.end(), rests[key].begin(), rests[key].end());
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

// A claim of one person named by words, not by a figure: "a man", "his wife", "Ana Ruiz".
bool OnePerson(const Document& doc, const Claim& c) {
  if (c.evidence.empty() || c.qualifier != Qualifier::kExact || c.derived != Derived::kNone || !c.value.best ||
      *c.value.best != 1)
    return false;
  const uint32_t begin = c.evidence.front().begin;
  auto q = std::lower_bound(doc.quantities.begin(), doc.quantities.end(), begin,
                            [](const Quantity& x, uint32_t b) { return x.begin < b; });
  return q == doc.quantities.end() || q->begin != begin;
}

// Whether a statement names only other single people than the one before it, for the same
// source. The claims stage keeps such claims apart only when they are other people ("killed his
// wife ... killed his neighbour"), so they add up.
bool OtherPeople(const Document& doc, const std::vector<Claim>& claims, const Statement& before,
                 const Statement& s) {
  if (before.claims.empty() || s.claims.empty()) return false;
  const std::optional<std::string>& source = claims[before.claims.front()].source;
  for (const Statement* st : {&before, &s})
    for (size_t i : st->claims)
      if (!OnePerson(doc, claims[i]) || claims[i].source != source) return false;
  for (size_t i : s.claims)
    if (std::find(before.claims.begin(), before.claims.end(), i) != before.claims.end()) return false;
  return true;
}

// The statement a coder would code: statements read in order, one that counts others added to
// the one before it.
std::optional<Statement> Choose(const Document& doc, const std::vector<Claim>& claims,
                                const std::vector<Statement>& statements, TollChoice choice) {
  std::optional<Statement> best;
  for (const Statement& s : statements) {
    if (best && (s.added || OtherPeople(doc, claims, *best, s))) {
      Statement sum = *best;
      sum.value = SumInterval(best->value, s.value);
      sum.qualifier = SumQualifier(best->qualifier, s.qualifier);
      sum.claims.insert(sum.claims.end(), s.claims.begin(), s.claims.end());
      sum.sentence = s.sentence;
      sum.later += s.later;
      sum.first_later = std::min(sum.first_later, s.first_later);
      best = std::move(sum);
    } else if (!best || Better(s, *best, choice)) {
      best = s;
    }
  }
  return best;
}

// One measure's toll before it is written: victims' and perpetrators' statements apart.
struct Tolled {
  std::optional<Statement> victims, perpetrators;
  bool roles_known = false;  // some victim claim says it counts victims
  bool hit = false;          // a casualties figure said as people hit ("shot"), outcome open
  bool derived = false;      // computed from other measures' figures
  bool any() const { return victims || perpetrators; }
};

Tolled TollOf(const TollLexicon& lex, const Document& doc, const std::vector<Claim>& claims, Measure measure,
              TollChoice choice) {
  std::vector<size_t> victims, perpetrators;
  Tolled t;
  for (size_t i = 0; i < claims.size(); ++i) {
    const Claim& c = claims[i];
    if (c.measure != measure || c.scope != Scope::kEvent || c.evidence.empty()) continue;
    (c.counted_role == CountedRole::kPerpetrator ? perpetrators : victims).push_back(i);
    t.roles_known |= c.counted_role == CountedRole::kVictim;
    if (measure == Measure::kCasualties)
      for (const Span& e : c.evidence) t.hit |= SaysHit(lex, doc, e);
  }
  if (!victims.empty()) t.victims = Choose(doc, claims, StatementsOf(claims, MentionsOf(lex, doc, claims, victims)), choice);
  if (!perpetrators.empty())
    t.perpetrators = Choose(doc, claims, StatementsOf(claims, MentionsOf(lex, doc, claims, perpetrators)), choice);
  return t;
}

Statement Whole(const Tolled& t) {
  // a doer said only as a part of the victims' group ("three people, including the gunman,
  // died") is already among them
  if (t.victims && t.perpetrators && !t.perpetrators->whole) {
    Statement s = *t.victims;
    s.claims.insert(s.claims.end(), t.perpetrators->claims.begin(), t.perpetrators->claims.end());
    return s;
  }
  if (t.victims && t.perpetrators) {
    Statement s = *t.victims;
    s.value = SumInterval(t.victims->value, t.perpetrators->value);
    s.qualifier = SumQualifier(t.victims->qualifier, t.perpetrators->qualifier);
    s.claims.insert(s.claims.end(), t.perpetrators->claims.begin(), t.perpetrators->claims.end());
    return s;
  }
  return t.victims ? *t.victims : *t.perpetrators;
}

// a - b, for a figure of wounded left when the killed are taken from a group.
std::optional<Statement> Minus(const Statement& a, const Statement& b) {
  const int64_t left = Figure(a.value) - Figure(b.value);
  if (left < 0 || Vague(a) || Vague(b)) return std::nullopt;
  Statement s = a;
  const bool exact = a.qualifier == Qualifier::kExact && b.qualifier == Qualifier::kExact;
  s.value = exact ? Interval{left, left, left} : Interval{std::nullopt, std::nullopt, left};
  s.qualifier = exact ? Qualifier::kExact : Qualifier::kApprox;
  s.claims.insert(s.claims.end(), b.claims.begin(), b.claims.end());
  return s;
}

// The killed and the wounded of one group: people hit ("five were shot, two fatally") are the
// killed and the wounded together, and those of a wounded group who died ("twelve were hurt;
// two of them later died") are no longer among its wounded.
void SplitOutcomes(Tolled* killed, Tolled* wounded, const Tolled& casualties) {
  const bool killed_part = killed->victims && !killed->victims->whole;
  if (!wounded->any() && casualties.hit && casualties.victims) {
    wounded->victims = killed->victims ? Minus(*casualties.victims, *killed->victims) : casualties.victims;
    wounded->derived = true;
  } else if (killed_part && wounded->victims && wounded->victims->whole &&
             wounded->victims->sentence < killed->victims->sentence) {
    if (auto left = Minus(*wounded->victims, *killed->victims)) wounded->victims = left;
  } else if (killed->victims && killed->victims->later > 0 && wounded->victims &&
             (wounded->victims->sentence < killed->victims->sentence ||
              (wounded->victims->sentence == killed->victims->sentence &&
               wounded->victims->first < killed->victims->first_later))) {
    Statement died = *killed->victims;
    died.value = {killed->victims->later, killed->victims->later, killed->victims->later};
    died.qualifier = Qualifier::kExact;
    if (auto left = Minus(*wounded->victims, died)) wounded->victims = left;
  }
}

// People taken to hospital are among the wounded, as a coder counts them: with no wounded
// figure stated, the hospitalized stand for them.
void TakeHospitalized(Tolled* wounded, const Tolled& hospitalized) {
  if (!hospitalized.victims) return;
  // with a wounded figure too, the hospitalized are among the wounded: more in hospital than
  // wounded means the wounded figure was a part ("twelve hospitalised, two in critical condition")
  if (wounded->any() && Figure(Whole(*wounded).value) >= Figure(hospitalized.victims->value)) return;
  if (wounded->any() && (Vague(*hospitalized.victims) || wounded->perpetrators)) return;
  wounded->victims = hospitalized.victims;
  wounded->derived = true;
}

Toll ToToll(const std::string& doc, Measure measure, const Tolled& t, const std::vector<Claim>& claims) {
  const Statement s = Whole(t);
  Toll toll;
  toll.doc = doc;
  toll.measure = measure;
  toll.value = s.value;
  toll.qualifier = s.qualifier;
  if (t.victims && (t.roles_known || t.perpetrators)) toll.victims = Figure(t.victims->value);
  if (t.victims && t.perpetrators && !t.perpetrators->whole)
    toll.victims = std::max<int64_t>(0, *toll.victims - Figure(t.perpetrators->value));
  if (t.perpetrators) toll.perpetrators = Figure(t.perpetrators->value);
  toll.claims = s.claims;
  std::sort(toll.claims.begin(), toll.claims.end());
  toll.claims.erase(std::unique(toll.claims.begin(), toll.claims.end()), toll.claims.end());
  double sum = 0;
  for (size_t i : toll.claims) sum += claims[i].confidence;
  toll.confidence = toll.claims.empty() ? 0 : sum / static_cast<double>(toll.claims.size());
  return toll;
}

}  // namespace

std::vector<Toll> ComputeTolls(const TollLexicon& lexicon, const Document& doc, const std::vector<Claim>& claims,
                               TollChoice choice) {
  constexpr int kMeasures = static_cast<int>(Measure::kOther) + 1;
  std::vector<Tolled> tolled(kMeasures);
  for (int m = 0; m < kMeasures; ++m) tolled[m] = TollOf(lexicon, doc, claims, static_cast<Measure>(m), choice);
  SplitOutcomes(&tolled[static_cast<int>(Measure::kKilled)], &tolled[static_cast<int>(Measure::kWounded)],
                tolled[static_cast<int>(Measure::kCasualties)]);
  TakeHospitalized(&tolled[static_cast<int>(Measure::kWounded)], tolled[static_cast<int>(Measure::kHospitalized)]);
  std::vector<Toll> out;
  for (int m = 0; m < kMeasures; ++m)
    if (tolled[m].any() && !claims.empty()) out.push_back(ToToll(claims.front().doc, static_cast<Measure>(m), tolled[m], claims));
  return out;
}

}  // namespace tally
