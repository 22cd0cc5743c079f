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

std::string_view MeasureName(Measure m);
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
};

}  // namespace tally
