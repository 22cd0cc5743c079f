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
};

void FindDates(const DateLexicon& lexicon, Document* doc);

// Sets a plain-text document's title and outlet from its first lines when both are empty
// (called by FindDates, after the date mentions are found).
void FindMasthead(const DateLexicon& lexicon, Document* doc);

// The mention as a spec date (YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD), resolved against
// doc_date (YYYY-MM-DD or empty). nullopt when it cannot be resolved.
std::optional<std::string> ResolveDate(const DateMention& m, std::string_view doc_date);

// "2024-12-19", "2024-12-19T12:00:00Z", "2024-12-19 12:00" -> "2024-12-19"; also YYYY-MM and
// YYYY. nullopt for anything else.
std::optional<std::string> NormalizeIsoDate(std::string_view s);

// Civil date arithmetic (proleptic Gregorian).
int64_t DaysFromCivil(int y, int m, int d);
void CivilFromDays(int64_t z, int* y, int* m, int* d);

}  // namespace tally
