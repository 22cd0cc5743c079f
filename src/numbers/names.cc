#include "tally/claim.h"
#include "tally/quantity.h"

namespace tally {

std::string_view QualifierName(Qualifier q) {
  switch (q) {
    case Qualifier::kExact: return "exact";
    case Qualifier::kApprox: return "approx";
    case Qualifier::kAtLeast: return "at_least";
    case Qualifier::kMoreThan: return "more_than";
    case Qualifier::kAtMost: return "at_most";
    case Qualifier::kLessThan: return "less_than";
    case Qualifier::kRange: return "range";
    case Qualifier::kVague: return "vague";
  }
  return "exact";
}

std::string_view QuantityTypeName(QuantityType t) {
  switch (t) {
    case QuantityType::kCount: return "count";
    case QuantityType::kYear: return "year";
    case QuantityType::kDate: return "date";
    case QuantityType::kTime: return "time";
    case QuantityType::kOrdinal: return "ordinal";
    case QuantityType::kPercent: return "percent";
    case QuantityType::kMoney: return "money";
    case QuantityType::kMeasurement: return "measurement";
    case QuantityType::kAge: return "age";
    case QuantityType::kPhone: return "phone";
    case QuantityType::kOther: return "other";
    case QuantityType::kFraction: return "fraction";
  }
  return "other";
}

std::string DecimalText(Decimal d) {
  const bool negative = d.units < 0;
  // magnitude without overflow on INT64_MIN
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(d.units) : static_cast<uint64_t>(d.units);
  std::string digits = std::to_string(magnitude);
  if (d.places > 0) {
    if (digits.size() <= d.places) digits = std::string(d.places + 1 - digits.size(), '0') + digits;
    const size_t point = digits.size() - d.places;
    digits = digits.substr(0, point) + "." + digits.substr(point);
  }
  return negative ? "-" + digits : digits;
}

std::string_view MeasureName(Measure m) {
  switch (m) {
    case Measure::kKilled: return "killed";
    case Measure::kWounded: return "wounded";
    case Measure::kCasualties: return "casualties";
    case Measure::kMissing: return "missing";
    case Measure::kCaptured: return "captured";
    case Measure::kDeployed: return "deployed";
    case Measure::kHospitalized: return "hospitalized";
    case Measure::kReturned: return "returned";
    case Measure::kSupplied: return "supplied";
    case Measure::kDisplaced: return "displaced";
    case Measure::kOther: return "other";
  }
  return "other";
}

std::optional<Measure> MeasureFromName(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Measure::kOther); ++i)
    if (MeasureName(static_cast<Measure>(i)) == name) return static_cast<Measure>(i);
  return std::nullopt;
}

std::optional<Qualifier> QualifierFromName(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Qualifier::kVague); ++i)
    if (QualifierName(static_cast<Qualifier>(i)) == name) return static_cast<Qualifier>(i);
  return std::nullopt;
}

std::string_view ScopeName(Scope s) {
  switch (s) {
    case Scope::kEvent: return "event";
    case Scope::kCumulative: return "cumulative";
    case Scope::kOther: return "other";
  }
  return "event";
}

std::optional<Scope> ScopeFromName(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Scope::kOther); ++i)
    if (ScopeName(static_cast<Scope>(i)) == name) return static_cast<Scope>(i);
  return std::nullopt;
}

std::string_view CountedRoleName(CountedRole r) {
  switch (r) {
    case CountedRole::kVictim: return "victim";
    case CountedRole::kPerpetrator: return "perpetrator";
    case CountedRole::kUnknown: return "";
  }
  return "";
}

std::optional<CountedRole> CountedRoleFromName(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(CountedRole::kUnknown); ++i)
    if (CountedRoleName(static_cast<CountedRole>(i)) == name) return static_cast<CountedRole>(i);
  return std::nullopt;
}

std::string_view DerivedName(Derived d) {
  switch (d) {
    case Derived::kNone: return "";
    case Derived::kSum: return "sum";
    case Derived::kDifference: return "difference";
  }
  return "";
}

std::optional<Derived> DerivedFromName(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Derived::kDifference); ++i)
    if (DerivedName(static_cast<Derived>(i)) == name) return static_cast<Derived>(i);
  return std::nullopt;
}

}  // namespace tally
