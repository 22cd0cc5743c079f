// Calendar helpers shared by the stages that handle dates (clean, dates, reconcile, report):
// ISO date strings and civil-day arithmetic, proleptic Gregorian.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally {

// "2024-12-19", "2024-12-19T12:00:00Z", "2024-12-19 12:00" -> "2024-12-19"; also YYYY-MM and
// YYYY. nullopt for anything else.
std::optional<std::string> NormalizeIsoDate(std::string_view s);

// Reads the YYYY-MM-DD at the start of s; false when it is not one.
bool ParseIsoDay(std::string_view s, int* y, int* m, int* d);

// Days since 1970-01-01 of a civil date, and back.
int64_t DaysFromCivil(int y, int m, int d);
void CivilFromDays(int64_t z, int* y, int* m, int* d);

}  // namespace tally
