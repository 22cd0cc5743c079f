// Claim cases written by the team (tests/data/claims.txt): passages about many kinds of events
// with the claims tally must find, and nothing else.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "test_util.h"

namespace tally {
namespace {

struct Expected {
  std::string measure, qualifier, value;  // value: "best" or "low-high"
  std::map<std::string, std::string> keys;
};

struct Case {
  int line = 0;
  std::string date;
  std::string text;
  std::vector<Expected> claims;
  bool none = false;
};

std::vector<Case> LoadCases() {
  std::ifstream in(std::string(TALLY_TEST_DIR) + "/data/claims.txt");
  std::vector<Case> cases;
  Case cur;
  std::string line, pending_date;
  int n = 0;
  auto flush = [&] {
    if (!cur.text.empty()) cases.push_back(cur);
    cur = Case{};
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
    Expected e;
    std::istringstream ss(line);
    ss >> e.measure >> e.qualifier >> e.value;
    std::string rest;
    std::getline(ss, rest);
    for (size_t at = 0; (at = rest.find('=', at)) != std::string::npos;) {
      size_t k = rest.rfind(' ', at);
      std::string key = rest.substr(k + 1, at - k - 1);
      size_t q1 = rest.find('"', at), q2 = rest.find('"', q1 + 1);
      e.keys[key] = rest.substr(q1 + 1, q2 - q1 - 1);
      at = q2 + 1;
    }
    cur.claims.push_back(e);
  }
  flush();
  return cases;
}

std::string ValueOf(const Claim& c) {
  if (c.value.best) return std::to_string(*c.value.best);
  return std::to_string(c.value.low.value_or(-1)) + "-" + std::to_string(c.value.high.value_or(-1));
}

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
  for (const Case& k : LoadCases()) {
    ++total;
    RawDocument raw;
    raw.id = "case";
    raw.bytes = k.text;
    raw.date = k.date;
    Document doc = testing::SharedPipeline().Prepare(std::move(raw));
    std::vector<Claim> got = testing::SharedPipeline().Extract(doc);
    std::vector<bool> used(got.size(), false);
    std::string problems;
    for (const Expected& e : k.claims) {
      bool found = false;
      for (size_t i = 0; i < got.size() && !found; ++i) {
        if (used[i] || MeasureName(got[i].measure) != e.measure || ValueOf(got[i]) != e.value) continue;
        used[i] = found = true;
        if (QualifierName(got[i].qualifier) != e.qualifier)
          problems += "\n  qualifier: want " + e.qualifier + ", got " + Describe(got[i]);
        for (const auto& [key, want] : e.keys)
          if (Field(got[i], key) != want)
            problems += "\n  " + key + ": want \"" + want + "\", got \"" + Field(got[i], key) + "\" in " + Describe(got[i]);
      }
      if (!found) problems += "\n  missing: " + e.measure + " " + e.qualifier + " " + e.value;
    }
    for (size_t i = 0; i < got.size(); ++i)
      if (!used[i]) problems += "\n  extra: " + Describe(got[i]);
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
