// segment: reads a cleaned Document (text + skipped spans); adds the lower-cased kept
// text, paragraphs (each kept line), tokens, and sentences with news-aware rules: abbreviations
// ("U.S.", "Dec.", "Lt. Gen.", "No. 5") do not end sentences, closing quotes stay with their
// sentence, and a line without final punctuation (headline, sub-heading) is one unit.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/lexicon.h"
#include "tally/document.h"

namespace tally {

struct SegmentLexicon {
  WordTable<bool> abbreviations;  // value: true when it can end a sentence before an opener
  WordTable<int> sentence_starters;
  // Endings that make a compound no dictionary lists a word of people ("farmworkers",
  // "festivalgoers", "townspeople"): such a word takes its ending's id, and so its classes.
  std::vector<std::pair<std::string, uint32_t>> compound_tails;
  size_t compound_tail_min = SIZE_MAX;          // the shortest ending's length
  std::array<bool, 256> compound_tail_last{};   // the endings' last bytes
  // Every lexicon's words: each token gets its id here. Complete once all lexicons are loaded.
  const Vocabulary* vocabulary = nullptr;

  // Loads abbreviations.tsv, sentence_starters.tsv and compound_tails.tsv from dir; words go into vocab, which
  // must outlive the lexicon.
  static SegmentLexicon Load(const std::string& dir, Vocabulary& vocab);
};

void Segment(const SegmentLexicon& lexicon, Document* doc);

}  // namespace tally
