// segment: reads a cleaned Document (text + skipped spans); adds the lower-cased text,
// paragraphs (each kept line), tokens, and sentences with news-aware rules: abbreviations
// ("U.S.", "Dec.", "Lt. Gen.", "No. 5") do not end sentences, closing quotes stay with their
// sentence, and a line without final punctuation (headline, sub-heading) is one unit.
#pragma once

#include <string>

#include "common/lexicon.h"
#include "tally/document.h"

namespace tally {

struct SegmentLexicon {
  WordMap<bool> abbreviations;  // value: true when it can end a sentence before an opener
  WordMap<int> sentence_starters;

  // Loads abbreviations.tsv and sentence_starters.tsv from dir.
  static SegmentLexicon Load(const std::string& dir);
};

void Segment(const SegmentLexicon& lexicon, Document* doc);

}  // namespace tally
