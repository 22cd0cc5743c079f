// claims: reads a prepared Document (segmented, with dates and quantities); produces the
// claim records of ../shared/spec/claims.md: for each count that reports a measure, what is
// counted, whose people, where, who says so and whom they cite, and when.
//
// The stage works in three steps, each testable alone:
//   measure    each count mention -> measure, counted noun phrase, party, location
//   attribute  each sentence -> who says it (in-sentence, quotation, back-reference, carried)
//   assemble   mentions -> claims: one per figure (or single person) per source per document,
//              every mention as evidence, with a date and a confidence
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "claims/rules.h"
#include "common/lexicon.h"
#include "dates/dates.h"
#include "tally/claim.h"
#include "tally/document.h"

namespace tally {

// What a claim's confidence is computed from: how directly its words make it a claim of its
// measure, and whether it reads like a part of a larger figure. Each feature is 0 or 1.
struct ConfidenceFeatures {
  enum Feature {
    kWeakCue,         // the strongest cue tying a mention to the measure is weak
    kFairCue,         // ... is fair (neither: direct, "killed 12")
    kSourcedHere,     // a mention's own sentence names the source
    kSourceCarried,   // the source comes only from another sentence
    kParty,           // whose people is known
    kCounted,         // the counted noun phrase is known
    kHeadlineOnly,    // every mention is in a headline
    kRepeated,        // mentioned more than once
    kVague,           // a vague multiple ("dozens")
    kOneOrNone,       // a claim of 0 or 1 (most are implicit: "a soldier was killed", "no one")
    kRareMeasure,     // captured, returned, deployed, hospitalized, casualties or other
    kMateriel,        // supplied: weapons and goods, not people
    kPartOfGroup,     // every mention is a part of a group: "two of them", "among the dead were four"
    kBelowAnother,    // another claim of the measure in the document is larger
    kBelowEarlier,    // ... an earlier one
    kByRule,          // a construction rule made it, not the built-in shapes (data/rules/en)
    kCount
  };
  static constexpr std::array<const char*, kCount> kNames = {
      "weak_cue", "fair_cue", "sourced_here", "source_carried", "party", "counted",
      "headline_only", "repeated", "vague", "one_or_none", "rare_measure", "materiel",
      "part_of_group", "below_another", "below_earlier", "by_rule"};
  std::array<double, kCount> x{};
};

// Logistic regression over ConfidenceFeatures: confidence = 1 / (1 + e^-(intercept + w.x)),
// fitted on labelled passages by tests/calibrate.cc (docs/confidence.md).
struct ConfidenceModel {
  double intercept = 0;
  std::array<double, ConfidenceFeatures::kCount> weights{};
  double Of(const ConfidenceFeatures& f) const;
  // Reads confidence.tsv: "intercept" and feature names, each with a weight.
  static ConfidenceModel Load(const std::string& path);
};

struct ClaimLexicon {
  enum class NounClass : uint8_t { kPerson, kMateriel, kThing };
  struct CountedNoun {
    NounClass cls;
    bool singular;
  };
  // bits of a function word's classes
  enum FunctionBits : uint16_t {
    kAux = 1, kLink = 2, kPrep = 4, kDet = 8, kConj = 16, kSub = 32, kPron = 64, kHedge = 128
  };
  enum class SourceWordKind : uint8_t { kRole, kBody };
  struct SourceWord {
    SourceWordKind kind;
    std::string group;  // synonym group, may be empty
  };

  PhraseTable state_cues, verb_cues, noun_cues, place_cues;  // value: Measure
  WordTable<CountedNoun> counted;
  WordTable<uint16_t> function_words;
  PhraseTable report_verbs, passive, before, via, backref, from;
  WordTable<int> generic, empty;
  WordTable<SourceWord> source_words;
  WordTable<int> pronouns;  // 1 person, 2 group
  PhraseTable party_aliases;  // value indexes party_names; matched on capitalized text
  std::vector<std::string> party_names;
  WordTable<int> region_words;
  PhraseTable zero;  // value: 1 pronoun, 2 determiner
  WordTable<int> adverbs;
  WordTable<int> perpetrators;  // perpetrator_nouns.tsv: "gunman", "attacker"
  // part_words.tsv: words that mark a part of a group, by position (bits kPartBefore, kPartAfterOf)
  enum : int { kPartBefore = 1, kPartAfterOf = 2 };
  WordTable<int> part_words;
  ConfidenceModel confidence;
  RuleSet rules;  // data/rules/en: loaded by LoadRules

  // Loads measure_cues, counted_nouns, function_words, attribution, source_nouns, pronouns,
  // parties, region_words, zero, adverbs, perpetrator_nouns, part_words and confidence (.tsv)
  // from dir.
  static ClaimLexicon Load(const std::string& dir, Vocabulary& vocab);

  // Compiles the construction rules under dir (data/rules/en) against this lexicon's words.
  void LoadRules(const std::string& dir, Vocabulary& vocab) {
    rules = RuleSet::Load(dir, vocab);
    rules.IndexLexicon(*this, vocab);
  }

  bool Is(std::string_view lower_word, FunctionBits bits) const;
  bool Is(WordRef word, FunctionBits bits) const;

  // Whether an attribution phrase (report_verbs, passive, before, via, from) may begin with
  // the word of this vocabulary id: most words begin none, and attribution asks at every token.
  bool MayBeginAttribution(uint32_t word) const { return attribution_starts.Has(word); }
  IdSet attribution_starts;  // made by Load
  // The vocabulary ids of "a", "an" and "the".
  std::array<uint32_t, 3> articles{};
  // Whether a count of none or one read from the words may begin with the word of this
  // vocabulary id: a zero phrase ("no one") or an article ("a policeman was shot dead"). The
  // measure step asks at every word; most begin neither.
  bool MayBeginImplicit(uint32_t word) const { return implicit_starts.Has(word); }
  // Whether the word of this vocabulary id is a singular person noun ("policeman").
  bool IsPersonSingular(uint32_t word) const { return person_singular.Has(word); }
  IdSet implicit_starts, person_singular;  // made by Load
  // Whether the word of this vocabulary id may end a clause ("but", a subordinator): asked of
  // the words around every figure and speaker (Context::ClauseBreak); most words end none.
  bool MayBreakClause(uint32_t word) const { return clause_words.Has(word); }
  IdSet clause_words;  // made by Load
};

// One figure found in one sentence, before sources are joined (the measure step's output).
struct MeasuredMention {
  uint32_t sentence = 0;
  Span span;               // the evidence: bytes of the quantity expression
  Measure measure = Measure::kOther;
  Interval value;
  Qualifier qualifier = Qualifier::kExact;
  std::optional<Span> counted;
  std::optional<std::string> party, location;
  int strength = 0;        // how directly the words tie the figure to its measure (1..3)
  std::string_view rule;   // the rule's id (static storage: the RuleSet or a core name)
  CountedRole role = CountedRole::kVictim;
  Scope scope = Scope::kEvent;
  Derived derived = Derived::kNone;
  bool one_person = false;       // one person named by a noun, no figure: "a man was shot"
  bool replaces_harm = false;    // the later fate of the one person hurt just before (rules' replaces=harm)
  std::vector<SlotMatch> slots;  // the tokens each rule slot matched, for --explain
};

// A sentence's attribution (the attribute step's output).
struct Attribution {
  std::string source;                 // empty when none
  std::string surface;                // the source as written, before names were resolved
  std::optional<std::string> role;
  std::vector<std::string> via;
  bool named = false;                 // a person's name, not a description or a body
  bool back_reference = false;        // "disclosed these figures": applies to earlier sentences
  bool from_pronoun = false;
  bool from_role = false;             // resolved from a description ("the president")
  bool carried = false;               // taken from another sentence
  uint32_t from_sentence = 0;         // the sentence that names the source
  // Later clauses of the sentence with a speaker of their own ("police said four were killed,
  // while the governor put the toll at six"): each applies from its clause's first byte on.
  std::vector<Attribution> clauses;
  uint32_t from_offset = 0;           // a clause's: where it begins in the text
  // The attribution of the figure that begins at offset: the sentence's, or its clause's.
  const Attribution& At(uint32_t offset) const {
    const Attribution* a = this;
    for (const Attribution& c : clauses)
      if (offset >= c.from_offset) a = &c;
    return *a;
  }
};

// The measure step alone, for tests: every count mention and implicit count of doc. With
// vetoes, also the rules' matches that took a figure as counting no people.
std::vector<MeasuredMention> MeasureMentions(const ClaimLexicon& lexicon, const Document& doc,
                                             std::vector<RuleMention>* vetoes = nullptr);

// The place cues and parties the measure step's searches have read on this thread: for tests
// that the work on a sentence grows linearly with its figures.
size_t MeasureSearchSteps();

// The attribute step alone, for tests: one Attribution per sentence of doc. With names, also
// every way the document names a source or a person.
std::vector<Attribution> Attribute(const ClaimLexicon& lexicon, const Document& doc,
                                   std::vector<NameVariant>* names = nullptr);

// The claims of doc. With features, also each claim's confidence features, in claim order
// (for calibration).
std::vector<Claim> ExtractClaims(const ClaimLexicon& lexicon, const DateLexicon& dates, const Document& doc,
                                 std::vector<NameVariant>* names = nullptr,
                                 std::vector<ConfidenceFeatures>* features = nullptr);

struct RuleTrace;  // tally/pipeline.h

// Every measured and vetoed figure of doc with its rule and slots (explain.cc).
std::vector<RuleTrace> TraceMentions(const ClaimLexicon& lexicon, const Document& doc);
// The --explain text: each claim, then the rule and slots behind each of its mentions.
std::string ExplainClaims(const Document& doc, const std::vector<Claim>& claims, const std::vector<RuleTrace>& traces);

}  // namespace tally
