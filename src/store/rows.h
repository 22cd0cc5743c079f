// How both ledgers (SQLite, PostgreSQL) spell values that have no column type of their own.
#pragma once

#include <string>
#include <vector>

namespace tally {

// Claim ordinals as stored: "0,2,3".
inline std::string OrdinalList(const std::vector<size_t>& ordinals) {
  std::string s;
  for (size_t i = 0; i < ordinals.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(ordinals[i]);  // appended apart: GCC 12 warns falsely on "," + string&&
  }
  return s;
}

inline std::vector<size_t> ParseOrdinals(const std::string& list) {
  std::vector<size_t> out;
  size_t n = 0;
  bool digits = false;
  for (char c : list) {
    if (c >= '0' && c <= '9') {
      n = n * 10 + static_cast<size_t>(c - '0');
      digits = true;
    } else if (digits) {
      out.push_back(n);
      n = 0;
      digits = false;
    }
  }
  if (digits) out.push_back(n);
  return out;
}

}  // namespace tally
