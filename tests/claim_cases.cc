#include "claim_cases.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tally::testing {

std::vector<Passage> LoadPassages(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::vector<Passage> passages;
  Passage cur;
  std::string line, pending_date;
  int n = 0;
  auto flush = [&] {
    if (!cur.text.empty()) passages.push_back(cur);
    cur = Passage{};
  };
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) {
      flush();
      continue;
    }
    if (line[0] == '#') continue;
    if (line.rfind("@date ", 0) == 0) {
      pending_date = line.substr(6);
      continue;
    }
    if (line.rfind("> ", 0) == 0) {
      if (cur.text.empty()) {
        cur.line = n;
        cur.date = pending_date;
        pending_date.clear();
      }
      cur.text += line.substr(2) + "\n";
      continue;
    }
    if (line == "(none)") {
      cur.none = true;
      continue;
    }
    ExpectedClaim e;
    std::istringstream ss(line);
    ss >> e.measure >> e.qualifier >> e.value;
    if (e.value.empty()) throw std::runtime_error(path + ":" + std::to_string(n) + ": want 'measure qualifier value'");
    std::string rest;
    std::getline(ss, rest);
    for (size_t at = 0; (at = rest.find('=', at)) != std::string::npos;) {
      size_t k = rest.rfind(' ', at);
      std::string key = rest.substr(k + 1, at - k - 1);
      size_t q1 = rest.find('"', at), q2 = rest.find('"', q1 + 1);
      if (q1 == std::string::npos || q2 == std::string::npos)
        throw std::runtime_error(path + ":" + std::to_string(n) + ": " + key + "= wants a quoted value");
      e.keys[key] = rest.substr(q1 + 1, q2 - q1 - 1);
      at = q2 + 1;
    }
    cur.claims.push_back(e);
  }
  flush();
  return passages;
}

std::string ValueOf(const Claim& c) {
  if (c.value.best) return std::to_string(*c.value.best);
  return std::to_string(c.value.low.value_or(-1)) + "-" + std::to_string(c.value.high.value_or(-1));
}

std::vector<int> MatchExpected(const std::vector<ExpectedClaim>& expected, const std::vector<Claim>& got) {
  std::vector<int> match(got.size(), -1);
  for (size_t e = 0; e < expected.size(); ++e)
    for (size_t i = 0; i < got.size(); ++i) {
      if (match[i] >= 0 || MeasureName(got[i].measure) != expected[e].measure || ValueOf(got[i]) != expected[e].value)
        continue;
      match[i] = static_cast<int>(e);
      break;
    }
  return match;
}

}  // namespace tally::testing
