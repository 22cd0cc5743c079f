// Construction rules: sentence shapes that make (or unmake) claims, read from data/rules/en
// and compiled once into matchers over the token ids the lexicon tables use. The format and
// how to add a construction: docs/rules.md.
//
//   input   a prepared Document, one sentence at a time, and the claim lexicon's classes
//   output  RuleMention: what a rule yields for one match (a measured figure, a derived sum or
//           difference, or a veto: "this number counts no people"), with the tokens each slot
//           matched, for `tally extract --explain`
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tally/claim.h"
#include "tally/document.h"

namespace tally {

struct ClaimLexicon;
class Vocabulary;

// Sets of literal-word elements (the words a token matches, the words a rule requires) are bit
// rows, one bit for each distinct element of the rule set, in as many 64-bit words as the rule
// set needs (RuleSet::element_words_): every element is indexed however many rules there are.

// One element of a pattern: a lexicon class, literal words, or a wildcard, maybe repeated.
struct RuleElement {
  enum class Kind : uint8_t { kClass, kWords, kAny };
  Kind kind = Kind::kClass;
  uint64_t classes = 0;           // RuleClass bits, for kClass ("[cue.state|cue.place]": either)
  std::vector<uint32_t> words;    // vocabulary ids, for kWords (alternatives)
  // and the vocabulary ids of punctuation literals ("," "(" "-|—"): a token of any kind whose
  // text is one of them matches, where a word matches only a word or number token
  std::vector<uint32_t> punct;
  uint8_t min = 1, max = 1;       // repetitions
  int slot = -1;                  // the capture it fills, or -1
  int word_bit = -1;              // its bit among the rule set's word elements, for kWords
};

// What a rule yields for each match.
struct RuleYield {
  enum class Value : uint8_t { kSlot, kLiteral, kSum, kDifference, kNone };
  Value kind = Value::kSlot;
  int a = -1;                     // the figure's slot (kSlot)
  std::vector<int> terms;         // kSum: the slots added ("a+b+c"); kDifference: a, b; -1 the literal
  int64_t literal = 0;            // for kLiteral, or a term of a sum or difference ("1+b")
  int at = -1, at_last = -1;      // the evidence for a literal value: slot at, or at..at_last
  std::optional<Measure> measure; // fixed, or taken from the cue in measure_slot
  int measure_slot = -1;
  bool measure_before = false;    // $previous: the measure of the figure claimed just before
  int counted = -1;               // the counted noun phrase slot
  CountedRole role = CountedRole::kVictim;
  Scope scope = Scope::kEvent;
  bool replaces_harm = false;     // replaces=harm: the later fate of one person hurt just before
};

// The quantities that begin at each token of a document (an index into Document::quantities,
// or -1): the counts ([count]) and the ordinals ([ordinal]: "the city's 40th homicide").
struct FigureStarts {
  std::vector<int> count, ordinal;
  // By sentence: whether a count or an ordinal begins in it (the bits below), so that the rule
  // matcher's first look at a sentence need not read count and ordinal at each of its tokens.
  enum : uint8_t { kHoldsCount = 1, kHoldsOrdinal = 2 };
  std::vector<uint8_t> held;
};

struct RuleExample {
  std::string text, expected;     // expected: "killed 2; wounded 3 derived=difference" or "none"
  int line = 0;
};

// Tests cheaper than a match, made before trying a rule at a token: required elements after the
// first must begin within lo..hi tokens of the start token, or of the first element's end when
// after_first. The windows are exact: the elements before them cover one token an occurrence.
// The first required elements (not `_`) are tested, up to kMaxChecks: a token's class or word
// bits settle each (punctuation literals have word bits too).
struct RuleLookAhead {
  struct Check {
    uint8_t element = 0, lo = 0, hi = 0;
  };
  static constexpr size_t kMaxChecks = 4;
  std::array<Check, kMaxChecks> checks{};
  uint8_t count = 0;
  bool after_first = false;
};

struct Rule {
  std::string id;
  int strength = 2;               // 1 weak .. 3 direct; conflicts: stronger first, then file order
  std::vector<RuleElement> pattern;
  std::vector<std::string> slots; // capture names, by index
  std::vector<RuleYield> yields;
  std::vector<RuleExample> examples;
  std::string file;
  int line = 0;
  uint64_t required = 0;          // class bits every sentence it can match must hold
  // and the literal-word elements it must hold: the non-zero words of a bit row, (index, bits)
  std::vector<std::pair<uint32_t, uint64_t>> required_words;
  RuleLookAhead look_ahead;
};

// A slot's tokens in one match.
struct SlotMatch {
  std::string_view name;
  uint32_t first = 0, end = 0;
};

// One yield of one accepted match.
struct RuleMention {
  const Rule* rule = nullptr;
  uint32_t sentence = 0;
  Span span;                      // the evidence
  uint32_t first_token = 0, end_token = 0;  // the evidence's tokens
  std::optional<std::pair<uint32_t, uint32_t>> counted_tokens;
  bool veto = false;              // the figure at span counts no people: no claim at all
  bool measure_before = false;    // its measure is the one of the figure claimed just before it
  Measure measure = Measure::kOther;
  Interval value;
  Qualifier qualifier = Qualifier::kExact;
  std::optional<Span> counted;
  CountedRole role = CountedRole::kVictim;
  Scope scope = Scope::kEvent;
  Derived derived = Derived::kNone;
  bool one_person = false;        // a literal 1 with no figure: "a man was shot"
  bool replaces_harm = false;
  std::vector<Span> claimed;      // the figures and implicit spans the match took
  std::vector<SlotMatch> slots;   // for --explain
};

class RuleSet {
 public:
  // Reads every *.rules file under dir in name order. Throws LexiconError "file:line: problem".
  static RuleSet Load(const std::string& dir, Vocabulary& vocab);
  // The accepted matches' yields in doc's sentence s: rules tried strongest first, then in file
  // order; a match is dropped when a figure or span it takes was taken by an earlier one.
  // Buffers one caller reuses from sentence to sentence.
  struct Scratch {
    std::vector<uint64_t> classes;          // by token of the sentence: RuleClass bits
    std::vector<uint64_t> starts;           // rows of the tokens a rule may start at, a bit each
    std::vector<uint64_t> rules;            // the rules the sentence may match, a bit each
    std::vector<uint64_t> words;            // the word elements its words match, a bit each
  };
  // Notes for each word of vocab the classes lex gives it, so that a token's classes are read
  // by its id. Match needs it: ClaimLexicon::LoadRules calls it.
  void IndexLexicon(const ClaimLexicon& lex, const Vocabulary& vocab);
  std::vector<RuleMention> Match(const ClaimLexicon& lex, const Document& doc, uint32_t s,
                                 const FigureStarts& figures, Scratch& scratch) const;
  const std::vector<Rule>& rules() const { return rules_; }
  bool empty() const { return rules_.empty(); }

 private:
  // Gives each distinct literal-word element a bit and each of its words that bit.
  void IndexWordElements();
  // Files each rule under its anchor: the required class or word element that the fewest
  // sentences hold, judged by the lexicon. Needs word_classes_.
  void IndexAnchors();

  std::vector<Rule> rules_;       // in conflict order
  std::vector<uint64_t> word_classes_;   // by vocabulary id: the classes of a word by itself
  std::vector<uint64_t> phrase_starts_;  // and the phrase classes that may begin with it
  // What Match's first look reads of each word, in one place: the classes above together, and
  // the rows of word-element bits below (element_row_, punct_row_).
  struct FirstLook {
    uint64_t classes = 0;
    uint32_t row = 0, punct_row = 0;
  };
  std::vector<FirstLook> first_look_;    // by vocabulary id
  size_t element_words_ = 0;             // the 64-bit words of a row of word-element bits
  // The elements naming a word are row element_row_[id] of word_elements_: row 0 is empty, the
  // others belong to the few words some element names, so most tokens read no row. A
  // punctuation token reads punct_row_[id] instead: the row of a punctuation literal, or none.
  std::vector<uint32_t> element_row_;    // by vocabulary id
  std::vector<uint32_t> punct_row_;      // by vocabulary id
  std::vector<uint64_t> word_elements_;
  // and the same rows by their non-zero words (index, bits): the first look at a sentence ORs
  // those of each token (about four of the six on the bench articles), not the whole row
  std::vector<std::pair<uint32_t, uint64_t>> row_words_;
  std::vector<uint32_t> row_words_at_;   // by row, and one past the last: where its words begin
  std::vector<std::vector<int16_t>> word_start_rows_;  // by row: the rows of Scratch::starts its word sets
  // The rows of Scratch::starts: one for each class in first_classes_ (in bit order), then one
  // for each word element that begins a rule.
  uint64_t first_classes_ = 0;
  std::array<int16_t, 64> first_class_row_{};  // by class
  std::vector<int16_t> first_word_row_;  // by word element, -1 if none
  size_t start_rows_ = 0;
  // The rules a sentence may match are those anchored on a class or word element it holds, and
  // those with no anchor. Each rule is filed under one anchor, so a sentence looks at each of
  // its rules once, by index into rules_; Scratch::rules holds those kept (rule_row_words_ words).
  size_t rule_row_words_ = 0;
  struct Anchored {
    // each rule with what it requires, copied beside its index: the first look reads these for
    // every rule of every anchor a sentence holds, and most fail on their classes
    struct Listed {
      uint64_t required = 0;             // Rule::required
      uint32_t rule = 0;                 // index into rules_
      uint32_t words_begin = 0, words_end = 0;  // its Rule::required_words, in words
    };
    std::vector<Listed> rules;
    std::vector<std::pair<uint32_t, uint64_t>> words;
    // the classes every one of them requires: a sentence that lacks one skips them all
    uint64_t required = ~uint64_t{0};
  };
  Anchored unanchored_rules_;
  std::vector<Anchored> class_rules_;  // by class
  std::vector<Anchored> word_rules_;   // by word element
  uint64_t anchor_classes_ = 0;
  std::vector<uint64_t> anchor_words_;   // a row of word-element bits
};

}  // namespace tally
