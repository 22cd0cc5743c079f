#include "common/calendar.h"

#include <charconv>
#include <cstdio>

#include "common/text.h"

namespace tally {
namespace {

std::string FormatDay(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

}  // namespace

bool ParseIsoDay(std::string_view s, int* y, int* m, int* d) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  auto num = [&](size_t at, size_t n, int* out) {
    auto [p, ec] = std::from_chars(s.data() + at, s.data() + at + n, *out);
    return ec == std::errc() && p == s.data() + at + n;
  };
  return num(0, 4, y) && num(5, 2, m) && num(8, 2, d) && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

std::optional<std::string> NormalizeIsoDate(std::string_view s) {
  s = TrimSpaces(s);
  int y, m, d;
  if (ParseIsoDay(s, &y, &m, &d)) return FormatDay(y, m, d);
  auto digits = [&](size_t n) {
    if (s.size() < n) return false;
    for (size_t i = 0; i < n; ++i)
      if (!IsAsciiDigit(s[i]) && !(i == 4 && s[i] == '-')) return false;
    return true;
  };
  if (s.size() == 7 && digits(7) && s[4] == '-') return std::string(s);
  if (s.size() == 4 && digits(4)) return std::string(s);
  return std::nullopt;
}

}  // namespace tally
