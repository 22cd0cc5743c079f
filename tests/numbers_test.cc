// Table-driven tests of the numbers stage, one row a phrase in a sentence; the first {{...}}
// marks the expected span (in no_counts.tsv every marked span counts):
//   numbers.tsv        span, interval, qualifier and type
//   number_values.tsv  the value as written (decimals and sign kept) and the flags set
//   no_counts.tsv      figures that must never be a count (fractions, names, pronouns...)
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

// A sentence with {{marked}} spans: the text without the markers and the spans' byte ranges.
struct Marked {
  std::string sentence;
  std::vector<std::pair<size_t, size_t>> spans;
};

Marked ParseMarked(std::string s) {
  Marked m;
  for (size_t open; (open = s.find("{{")) != std::string::npos;) {
    const size_t close = s.find("}}", open);
    if (close == std::string::npos) break;
    s.erase(close, 2);
    s.erase(open, 2);
    m.spans.emplace_back(open, close - 2);
  }
  m.sentence = s;
  return m;
}

// The rows of a table under tests/data: fields split on tabs, comments and blank lines skipped.
std::vector<std::pair<int, std::vector<std::string>>> ReadTable(const std::string& name, size_t fields) {
  std::ifstream in(std::string(TALLY_TEST_DIR) + "/data/" + name);
  if (!in) ADD_FAILURE() << "cannot read tests/data/" << name;
  std::vector<std::pair<int, std::vector<std::string>>> rows;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string field; std::getline(ss, field, '\t');) f.push_back(field);
    if (f.size() != fields) ADD_FAILURE() << name << ":" << n << ": expected " << fields << " fields, got " << f.size();
    else rows.emplace_back(n, f);
  }
  return rows;
}

std::string Found(const Document& doc) {
  std::string got;
  for (const Quantity& q : doc.quantities)
    got += " [" + std::string(doc.View({q.begin, q.end})) + "] " + std::string(QuantityTypeName(q.type));
  return got;
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

TEST(Numbers, ValuesAsWritten) {
  int failures = 0;
  const auto rows = ReadTable("number_values.tsv", 3);
  EXPECT_GE(rows.size(), 20u);
  for (const auto& [line, f] : rows) {
    const Marked m = ParseMarked(f[0]);
    ASSERT_FALSE(m.spans.empty()) << "number_values.tsv:" << line << ": no {{span}}";
    Document doc = testing::PrepareText(m.sentence + "\n");
    const Quantity* q = nullptr;
    for (const Quantity& x : doc.quantities)
      if (x.begin == m.spans[0].first) q = &x;
    std::string flags;
    if (q && q->partitive) flags += ",partitive";
    if (q && q->open_low) flags += ",open_low";
    if (q && q->open_high) flags += ",open_high";
    flags = flags.empty() ? "-" : flags.substr(1);
    std::string value = q && q->written ? DecimalText(*q->written) : "null";
    if (q && (q->written_low || q->written_high))  // a range: its bounds as written
      value = (q->written_low ? DecimalText(*q->written_low) : "null") + ".." +
              (q->written_high ? DecimalText(*q->written_high) : "null");
    if (!q || q->end != m.spans[0].second || value != f[1] || flags != f[2]) {
      ADD_FAILURE() << "number_values.tsv:" << line << " \"" << m.sentence << "\": want value " << f[1] << " flags "
                    << f[2] << "; got " << (q ? "[" + std::string(doc.View({q->begin, q->end})) + "] " : "nothing ")
                    << value << " flags " << flags << ";" << Found(doc);
      ++failures;
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(Numbers, NoCountWhereNoneIsMeant) {
  int failures = 0;
  const auto rows = ReadTable("no_counts.tsv", 2);
  EXPECT_GE(rows.size(), 20u);
  for (const auto& [line, f] : rows) {
    const Marked m = ParseMarked(f[0]);
    ASSERT_FALSE(m.spans.empty()) << "no_counts.tsv:" << line << ": no {{span}}";
    Document doc = testing::PrepareText(m.sentence + "\n");
    for (const auto& [begin, end] : m.spans)
      for (const Quantity& q : doc.quantities)
        if (q.type == QuantityType::kCount && q.begin < end && begin < q.end) {
          ADD_FAILURE() << "no_counts.tsv:" << line << " \"" << m.sentence << "\" (" << f[1] << "): count ["
                        << doc.View({q.begin, q.end}) << "]";
          ++failures;
        }
  }
  EXPECT_EQ(failures, 0);
}

TEST(Numbers, DecimalText) {
  EXPECT_EQ(DecimalText({14936, 2}), "149.36");
  EXPECT_EQ(DecimalText({8, 2}), "0.08");
  EXPECT_EQ(DecimalText({-5, 0}), "-5");
  EXPECT_EQ(DecimalText({-25, 1}), "-2.5");
  EXPECT_EQ(DecimalText({INT64_MIN, 0}), "-9223372036854775808");
}

}  // namespace
}  // namespace tally
