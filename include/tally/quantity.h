// Quantity mentions: what the numbers stage adds to a Document.
// Values and qualifiers follow ../shared/spec/claims.md ("Qualifiers and values").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tally {

// What a number is. Only kCount mentions can become claims.
enum class QuantityType : uint8_t {
  kCount, kYear, kDate, kTime, kOrdinal, kPercent, kMoney, kMeasurement, kAge, kPhone, kOther
};

// Stored in databases by name; never rename.
enum class Qualifier : uint8_t {
  kExact, kApprox, kAtLeast, kMoreThan, kAtMost, kLessThan, kRange, kVague
};

// Whole numbers only. Invariant: low <= best <= high wherever both are set.
struct Interval {
  std::optional<int64_t> low, high, best;
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
};

std::string_view QualifierName(Qualifier q);
std::string_view QuantityTypeName(QuantityType t);

}  // namespace tally
