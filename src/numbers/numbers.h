// numbers: reads a segmented Document with its date mentions; adds Quantity mentions
// (quantity.h): every figure with its byte span, interval, qualifier and type.
//
// Counts ("at least 100", "several hundred", "1.5 million", "twenty-three", "between 20 and
// 30") get values per ../shared/spec/claims.md. Figures that are not counts are typed and kept
// (year, date, time, ordinal, percent, money, measurement, age, phone, fraction, other) so
// that later stages can ignore them: parts ("two thirds", "one in five"), signed figures,
// figures in names ("Route 66", "S&P 500"), scores, postal codes and house numbers are never
// counts. Each quantity keeps its value as written, decimals included ("$149.36"), beside the
// whole-number interval. Work per sentence is linear: every pattern is bounded in length.
#pragma once

#include <string>
#include <vector>

#include "common/lexicon.h"
#include "tally/document.h"

namespace tally {

struct NumberLexicon {
  enum class WordKind { kUnit, kTen, kHundred, kScale, kDozen, kFraction, kSuffix, kLetter };
  struct NumberWord {
    int64_t value;
    WordKind kind;
  };
  struct Vague {
    int64_t low, high;
    std::optional<int64_t> best;  // set for phrases that stand for one number ("a dozen")
    bool needs_of;
  };
  WordTable<NumberWord> words;
  WordTable<int64_t> ordinals;
  PhraseTable before, after, verbs;  // qualifier phrases; value is a Qualifier
  PhraseTable vague;                 // value indexes vague_entries
  std::vector<Vague> vague_entries;
  PhraseTable units_after, units_before;  // value is a QuantityType
  PhraseTable ages_before, ages_after;
  PhraseTable identifiers;        // "Route", "S&P": a figure right after one is a name
  PhraseTable street_words;       // "Street", "Avenue": "221 Baker Street" is an address
  WordTable<int> glued_currency;  // "usd", "rm": a code written onto the digits ("USD1,700")
  WordTable<int> counted;         // nouns a figure counts ("people"): "1.5m people" is millions
  WordTable<int> range_words;     // "to", "through": "10 through 20"
  WordTable<int> negative_words;  // "minus": a signed figure, never a count
  WordTable<int> pronoun_before, pronoun_after;  // "which one", "one another": no count
  WordTable<int> superlatives;    // "one of the best": a pronoun too
  WordTable<int> partitive_of;    // "one of the victims", "eight of them": a part of a group
  WordTable<int> subject_verbs;   // "scores were hurt": a vague quantity that needs "of" as subject
  WordTable<int> adverbs;
  WordTable<int> change_verbs;  // "rose from 20 to 30" is a change, not a range

  // Loads number_words, ordinals, qualifiers, vague, units, ages, identifiers, change_verbs,
  // adverbs, counted_nouns and number_context (.tsv) from dir.
  static NumberLexicon Load(const std::string& dir, Vocabulary& vocab);

  // Whether a word (by vocabulary id) may begin a quantity written in words: a number word, an
  // ordinal, the first word of a vague phrase, or "a"/"an" ("a dozen", "a quarter of").
  bool MayBeginQuantity(uint32_t word) const { return begins_quantity_.Has(word); }

 private:
  IdSet begins_quantity_;
};

void FindQuantities(const NumberLexicon& lexicon, Document* doc);

// The interval the spec gives a figure n said with qualifier q (not for kRange or kVague).
Interval IntervalFor(Qualifier q, int64_t n);

}  // namespace tally
