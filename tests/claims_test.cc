// Claim cases written by the team (tests/data/claims.txt): passages about many kinds of events
// with the claims tally must find, and nothing else.
#include <gtest/gtest.h>

#include <algorithm>

#include "claim_cases.h"
#include "test_util.h"

namespace tally {
namespace {

using testing::ExpectedClaim;
using testing::Passage;
using testing::ValueOf;

std::vector<Passage> LoadCases() { return testing::LoadPassages(std::string(TALLY_TEST_DIR) + "/data/claims.txt"); }

std::string Describe(const Claim& c) {
  return std::string(MeasureName(c.measure)) + " " + std::string(QualifierName(c.qualifier)) + " " + ValueOf(c) +
         " text=\"" + c.text + "\" source=\"" + c.source.value_or("") + "\" party=\"" + c.party.value_or("") +
         "\" date=\"" + c.date.value_or("") + "\"";
}

std::string Field(const Claim& c, const std::string& key) {
  if (key == "source") return c.source.value_or("");
  if (key == "party") return c.party.value_or("");
  if (key == "date") return c.date.value_or("");
  if (key == "text") return c.text;
  if (key == "counted") return c.counted.value_or("");
  if (key == "role") return c.source_role.value_or("");
  if (key == "counted_role") return std::string(CountedRoleName(c.counted_role));
  if (key == "via") {
    std::string v;
    for (const std::string& x : c.via) v += (v.empty() ? "" : "; ") + x;
    return v;
  }
  return "?" + key;
}

TEST(Claims, CaseFileHasEnoughPassages) { EXPECT_GE(LoadCases().size(), 100u); }

TEST(Claims, Cases) {
  int failed = 0, total = 0;
  for (const Passage& k : LoadCases()) {
    ++total;
    RawDocument raw;
    raw.id = "case";
    raw.bytes = k.text;
    raw.date = k.date;
    Document doc = testing::SharedPipeline().Prepare(std::move(raw));
    std::vector<Claim> got = testing::SharedPipeline().Extract(doc);
    const std::vector<int> match = testing::MatchExpected(k.claims, got);
    std::string problems;
    for (size_t e = 0; e < k.claims.size(); ++e) {
      const ExpectedClaim& want = k.claims[e];
      auto at = std::find(match.begin(), match.end(), static_cast<int>(e));
      if (at == match.end()) {
        problems += "\n  missing: " + want.measure + " " + want.qualifier + " " + want.value;
        continue;
      }
      const Claim& c = got[static_cast<size_t>(at - match.begin())];
      if (QualifierName(c.qualifier) != want.qualifier)
        problems += "\n  qualifier: want " + want.qualifier + ", got " + Describe(c);
      for (const auto& [key, value] : want.keys)
        if (Field(c, key) != value)
          problems += "\n  " + key + ": want \"" + value + "\", got \"" + Field(c, key) + "\" in " + Describe(c);
    }
    for (size_t i = 0; i < got.size(); ++i)
      if (match[i] < 0) problems += "\n  extra: " + Describe(got[i]);
    if (!problems.empty()) {
      ++failed;
      ADD_FAILURE() << "claims.txt:" << k.line << " " << k.text << problems;
    }
  }
  RecordProperty("passages", total);
  EXPECT_EQ(failed, 0) << failed << " of " << total << " passages differ";
}

}  // namespace
}  // namespace tally
