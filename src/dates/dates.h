// dates: reads a segmented Document; adds DateMentions (explicit and relative dates) and sets
// Document::date from a dateline ("Dec 19, 2024 - 12:00" on a line of its own near the top)
// when the source gave no date. From the top of a plain-text article it also takes, when the
// source gave none, the title (a headline-like first line) and the outlet (the agency a
// dateline names: "LONDON, May 3 (Reuters) -").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/calendar.h"  // NormalizeIsoDate, for the HTML cleaner that still includes this header
#include "common/lexicon.h"
#include "tally/document.h"

namespace tally {

struct DateLexicon {
  WordTable<int> months;        // "dec" -> 12
  WordTable<int> weekdays;      // "tuesday" -> 2
  WordTable<int> prepositions;  // words after which a bare month or year is a date
  PhraseTable relative;        // "last week" -> index into relative_units
  std::vector<std::pair<DateMention::Relative, int>> relative_units;
  std::unordered_map<std::string, std::string> agencies;  // as a dateline writes it -> outlet


  // Loads months.tsv, weekdays.tsv, relative_dates.tsv, time_prepositions.tsv and
  // news_agencies.tsv from dir.
  static DateLexicon Load(const std::string& dir, Vocabulary& vocab);

  // Whether a date written in words may begin with the word of this vocabulary id: a month, a
  // weekday or the first word of a relative date. Other words begin none (figures may), and
  // dates are looked for at every token.
  bool MayBeginDate(uint32_t word) const { return begins_date_.Has(word); }

 private:
  IdSet begins_date_;
};

void FindDates(const DateLexicon& lexicon, Document* doc);

// Sets a plain-text document's title and outlet from its first lines when both are empty
// (called by FindDates, after the date mentions are found).
void FindMasthead(const DateLexicon& lexicon, Document* doc);

// The token where a date that ends just before token starts, with its time preposition ("the
// ministry on Friday said": "on"), never before floor; token itself when no date ends there.
// So that a date is never read as part of a name before it.
uint32_t SkipDateBefore(const Document& doc, uint32_t token, uint32_t floor);

// The date a claim mentioned at evidence in sentence takes from the text: the date nearest it
// in its own sentence, else one in the sentence that names its source when that comes before
// it; never a later sentence's date. nullptr when there is none (the claim takes the
// document's date).
const DateMention* ClaimDate(const Document& doc, uint32_t sentence, Span evidence,
                             std::optional<uint32_t> source_sentence);

// The mention as a spec date (YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD), resolved against
// doc_date (YYYY-MM-DD or empty). nullopt when it cannot be resolved.
std::optional<std::string> ResolveDate(const DateMention& m, std::string_view doc_date);

}  // namespace tally
