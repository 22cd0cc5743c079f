// The document's toll: per measure, the figure a conflict-data coder would code from one
// article. Fields and rules are the contract in ../shared/spec/claims.md ("The document's toll").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "tally/claim.h"

namespace tally {

// How a toll picks among the statements of a measure: kLargest is the spec's rule (tolls.h);
// kLatest is the plain reading "the last statement wins", kept to measure what the rule buys.
enum class TollChoice { kLargest, kLatest };

struct Toll {
  std::string doc;
  Measure measure = Measure::kKilled;
  Interval value;  // victims and perpetrators together
  Qualifier qualifier = Qualifier::kExact;
  std::optional<int64_t> victims, perpetrators;  // set where the text gives the split
  std::vector<size_t> claims;  // indexes into the document's claims, in output order
  double confidence = 0;
  bool reviewed = false;  // computed again from claims a person rejected or corrected (src/review)
};

}  // namespace tally
