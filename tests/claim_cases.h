// The passage files of tests/data: passages written by the team with the claims expected in
// them (claims.txt, which the extractor must pass, and calibration.txt, which measures its
// confidence). The format is described at the top of claims.txt.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tally/claim.h"

namespace tally::testing {

struct ExpectedClaim {
  std::string measure, qualifier, value;  // value: "best" or "low-high"
  std::map<std::string, std::string> keys;
};

struct Passage {
  int line = 0;      // of its first text line in the file
  std::string date;  // the document date, or empty
  std::string text;
  std::vector<ExpectedClaim> claims;
  bool none = false;  // marked as having no claim
};

std::vector<Passage> LoadPassages(const std::string& path);

// A claim's value as the files write it: "best", or "low-high".
std::string ValueOf(const Claim& c);

// Which expected claim each claim is: the first one not taken yet with the same measure and
// value, taken in expected order (the seed scorer's rule); -1 for a claim that matches none.
std::vector<int> MatchExpected(const std::vector<ExpectedClaim>& expected, const std::vector<Claim>& got);

}  // namespace tally::testing
