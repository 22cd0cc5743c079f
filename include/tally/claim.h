// The claim record. Its fields and their meaning are the contract in ../shared/spec/claims.md;
// this header does not restate it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/document.h"
#include "tally/quantity.h"

namespace tally {

// Stored in databases by name; never rename.
enum class Measure : uint8_t {
  kKilled, kWounded, kCasualties, kMissing, kCaptured, kDeployed, kHospitalized, kReturned,
  kSupplied, kDisplaced, kOther
};

// Which incident a figure is about: the one the document reports, a running total over a
// period, or another incident mentioned for context. Stored by name; never rename.
enum class Scope : uint8_t { kEvent, kCumulative, kOther };

// Whose people a figure counts. kUnknown is written as null.
enum class CountedRole : uint8_t { kVictim, kPerpetrator, kUnknown };

// A figure the text states (kNone) or one tally computed from stated figures.
enum class Derived : uint8_t { kNone, kSum, kDifference };

std::string_view MeasureName(Measure m);
std::string_view ScopeName(Scope s);
std::optional<Scope> ScopeFromName(std::string_view name);
std::string_view CountedRoleName(CountedRole r);  // "" for kUnknown
std::optional<CountedRole> CountedRoleFromName(std::string_view name);
std::string_view DerivedName(Derived d);  // "" for kNone
std::optional<Derived> DerivedFromName(std::string_view name);
std::optional<Measure> MeasureFromName(std::string_view name);
std::optional<Qualifier> QualifierFromName(std::string_view name);

// A way a document names someone: the text as written and the name it stands for in that
// document ("Okafor" -> "Chidi Okafor", "FSO" -> "Federal Statistics Office").
struct NameVariant {
  std::string name;     // the longest form in the document
  std::string variant;  // as written
  std::string role;     // how the document describes them, may be empty
  bool person = false;  // a person's name rather than a body's
};

struct Claim {
  std::string doc;
  Measure measure = Measure::kOther;
  Interval value;
  Qualifier qualifier = Qualifier::kExact;
  std::string text;
  std::optional<std::string> counted, party, location, source, source_role;
  std::vector<std::string> via;
  std::optional<std::string> date;
  std::vector<Span> evidence;  // first span's bytes equal text
  double confidence = 0;
  Scope scope = Scope::kEvent;
  CountedRole counted_role = CountedRole::kVictim;
  Derived derived = Derived::kNone;
  std::string rule;  // the id of the construction rule that produced it
};

}  // namespace tally
