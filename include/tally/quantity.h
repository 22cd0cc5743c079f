// Quantity mentions: what the numbers stage adds to a Document.
// Values and qualifiers follow ../shared/spec/claims.md ("Qualifiers and values").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally {

// What a number is. Only kCount mentions can become claims. New types go at the end.
enum class QuantityType : uint8_t {
  kCount, kYear, kDate, kTime, kOrdinal, kPercent, kMoney, kMeasurement, kAge, kPhone, kOther,
  kFraction  // "two thirds", "a quarter", "one in five": a part, never a count
};

// Stored in databases by name; never rename.
enum class Qualifier : uint8_t {
  kExact, kApprox, kAtLeast, kMoreThan, kAtMost, kLessThan, kRange, kVague
};

// Whole numbers only. Invariant: low <= best <= high wherever both are set.
struct Interval {
  std::optional<int64_t> low, high, best;
};

// A value as written, decimals and sign kept: units / 10^places ("149.36" is 14936 and 2).
// Intervals hold whole numbers (counts); this keeps what a money sum or a rate really said.
struct Decimal {
  int64_t units = 0;
  uint8_t places = 0;
};

struct Quantity {
  uint32_t begin = 0, end = 0;           // the whole expression, qualifier words included
  uint32_t first_token = 0, end_token = 0;  // the same span in tokens
  uint32_t number_first_token = 0, number_end_token = 0;  // the figure itself, no qualifier
  uint32_t sentence = 0;
  Interval value;
  Qualifier qualifier = Qualifier::kExact;
  QuantityType type = QuantityType::kCount;
  bool from_words = false;    // spelled out ("ten", "a dozen"), not digits
  bool additional = false;    // "1,000 more", "another 120": an increment, said as such
  bool partitive = false;     // "one of the victims": a part of the group named after "of"
  // The bound the text gave was exclusive ("more than 30 but fewer than 50" is the range
  // 31-49 with both ends open); the interval already excludes it.
  bool open_low = false, open_high = false;
  // The figure as written, with its scale applied ("0.3", "149.36", "-5", "1.5m" = 1500000);
  // none for ranges, dates and figures too long to hold.
  std::optional<Decimal> written;
  // A range's bounds as written ("between 1.5 and 2.5 percent": 1.5 and 2.5), scale applied;
  // none for other qualifiers. The interval holds them as whole numbers.
  std::optional<Decimal> written_low, written_high;
};

// "149.36", "-5", "1500000": the shortest decimal text of d.
std::string DecimalText(Decimal d);

std::string_view QualifierName(Qualifier q);
std::string_view QuantityTypeName(QuantityType t);

}  // namespace tally
