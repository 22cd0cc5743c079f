// Table-driven tests of the numbers stage: tests/data/numbers.tsv, one row a phrase in a
// sentence. The first {{...}} marks the expected span; any later markers are dropped.
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "test_util.h"

namespace tally {
namespace {

struct Row {
  int line;
  std::string sentence;  // markers removed
  size_t begin, end;
  std::optional<int64_t> low, high, best;
  std::string qualifier, type;
};

std::optional<int64_t> Value(const std::string& s) {
  if (s == "-") return std::nullopt;
  return std::stoll(s);
}

std::vector<Row> LoadRows() {
  std::ifstream in(std::string(TALLY_TEST_DIR) + "/data/numbers.tsv");
  std::vector<Row> rows;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    if (f.size() != 6) ADD_FAILURE() << "numbers.tsv:" << n << ": expected 6 fields, got " << f.size();
    if (f.size() != 6) continue;
    Row r;
    r.line = n;
    std::string s = f[0];
    size_t open = s.find("{{"), close = s.find("}}");
    if (open == std::string::npos || close == std::string::npos || close < open) {
      ADD_FAILURE() << "numbers.tsv:" << n << ": no {{span}}";
      continue;
    }
    r.begin = open;
    r.end = close - 2;
    s.erase(close, 2);
    s.erase(open, 2);
    for (size_t m; (m = s.find("{{")) != std::string::npos;) s.erase(m, 2);
    for (size_t m; (m = s.find("}}")) != std::string::npos;) s.erase(m, 2);
    r.sentence = s;
    r.low = Value(f[1]);
    r.high = Value(f[2]);
    r.best = Value(f[3]);
    r.qualifier = f[4];
    r.type = f[5];
    rows.push_back(r);
  }
  return rows;
}

TEST(Numbers, TableHasEnoughRows) { EXPECT_GE(LoadRows().size(), 250u); }

TEST(Numbers, Table) {
  int failures = 0;
  for (const Row& r : LoadRows()) {
    Document doc = testing::PrepareText(r.sentence + "\n");
    const Quantity* found = nullptr;
    for (const Quantity& q : doc.quantities)
      if (q.begin == r.begin) found = &q;
    std::string where = "numbers.tsv:" + std::to_string(r.line) + " \"" + r.sentence + "\"";
    if (!found) {
      std::string got;
      for (const Quantity& q : doc.quantities) got += " [" + std::string(doc.View({q.begin, q.end})) + "]";
      ADD_FAILURE() << where << ": no quantity at byte " << r.begin << "; found:" << got;
      ++failures;
      continue;
    }
    const Quantity& q = *found;
    bool ok = q.end == r.end && q.value.low == r.low && q.value.high == r.high && q.value.best == r.best &&
              QualifierName(q.qualifier) == r.qualifier && QuantityTypeName(q.type) == r.type;
    if (!ok) {
      auto v = [](const std::optional<int64_t>& x) { return x ? std::to_string(*x) : std::string("-"); };
      ADD_FAILURE() << where << "\n  want [" << r.sentence.substr(r.begin, r.end - r.begin) << "] " << v(r.low) << " "
                    << v(r.high) << " " << v(r.best) << " " << r.qualifier << " " << r.type << "\n  got  ["
                    << doc.View({q.begin, q.end}) << "] " << v(q.value.low) << " " << v(q.value.high) << " "
                    << v(q.value.best) << " " << QualifierName(q.qualifier) << " " << QuantityTypeName(q.type);
      ++failures;
    }
  }
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace tally
