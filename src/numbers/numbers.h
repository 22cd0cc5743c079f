// numbers: reads a segmented Document with its date mentions; adds Quantity mentions
// (quantity.h): every figure with its byte span, interval, qualifier and type.
//
// Counts ("at least 100", "several hundred", "1.5 million", "twenty-three", "between 20 and
// 30") get values per ../shared/spec/claims.md. Figures that are not counts are typed and kept
// (year, date, time, ordinal, percent, money, measurement, age, phone, other) so that later
// stages can ignore them. Work per sentence is linear: every pattern is bounded in length.
#pragma once

#include <string>
#include <vector>

#include "common/lexicon.h"
#include "tally/document.h"

namespace tally {

struct NumberLexicon {
  enum class WordKind { kUnit, kTen, kHundred, kScale, kDozen, kFraction, kSuffix };
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
  WordTable<int> identifiers;
  WordTable<int> adverbs;
  WordTable<int> change_verbs;  // "rose from 20 to 30" is a change, not a range

  // Loads number_words, ordinals, qualifiers, vague, units, ages, identifiers, change_verbs and adverbs
  // (.tsv) from dir.
  static NumberLexicon Load(const std::string& dir, Vocabulary& vocab);
};

void FindQuantities(const NumberLexicon& lexicon, Document* doc);

// The interval the spec gives a figure n said with qualifier q (not for kRange or kVague).
Interval IntervalFor(Qualifier q, int64_t n);

}  // namespace tally
