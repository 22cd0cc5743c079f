// tally db copy: a whole ledger moved from one backend to the other (or to a new ledger of the
// same kind). Input: two ledgers named as --db names them, the target new or empty.
// Output: the target holding every document, claim, name, toll, review, audit row and reviewer
// of the source, under the same ids; rows copied per table.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tally/status.h"

namespace tally {

struct CopySummary {
  std::vector<std::pair<std::string, int64_t>> tables;  // name, rows copied
};

Result<CopySummary> CopyLedger(const std::string& from, const std::string& to);

}  // namespace tally
