// The construction rules' own examples (data/rules/en/*.rules, docs/rules.md): every rule must
// fire on at least one of its examples, and every example must give exactly the claims it
// expects (measure and value, with derived, role and scope when not the default).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "claims/rules.h"
#include "common/lexicon.h"
#include "test_util.h"

namespace tally {
namespace {

std::string ValueText(const Interval& v) {
  if (v.best) return std::to_string(*v.best);
  return std::to_string(v.low.value_or(0)) + "-" + (v.high ? std::to_string(*v.high) : std::string(""));
}

std::string Describe(const Claim& c) {
  std::string s = std::string(MeasureName(c.measure)) + " " + ValueText(c.value);
  if (c.derived != Derived::kNone) s += " derived=" + std::string(DerivedName(c.derived));
  if (c.counted_role == CountedRole::kPerpetrator) s += " role=perpetrator";
  if (c.scope != Scope::kEvent) s += " scope=" + std::string(ScopeName(c.scope));
  return s;
}

std::vector<std::string> Expected(const std::string& text) {
  std::vector<std::string> out;
  if (text == "none") return out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ';');) out.emplace_back(TrimSpaces(item));
  std::sort(out.begin(), out.end());
  return out;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : "; ") + x;
  return s.empty() ? "none" : s;
}

std::vector<Rule> ShippedRules() {
  static Vocabulary vocab;  // the rules' own words; the pipeline compiles them again
  return RuleSet::Load(std::string(TALLY_SOURCE_DATA_DIR) + "/rules/en", vocab).rules();
}

TEST(Rules, EveryRuleHasExamples) {
  const std::vector<Rule> rules = ShippedRules();
  EXPECT_GE(rules.size(), 20u);
  for (const Rule& r : rules) EXPECT_FALSE(r.examples.empty()) << r.file << ":" << r.line << ": rule " << r.id;
}

TEST(Rules, ExamplesGiveTheirClaimsAndFireTheirRule) {
  const Pipeline& pipeline = testing::SharedPipeline();
  for (const Rule& r : ShippedRules()) {
    bool fired = false;
    for (const RuleExample& ex : r.examples) {
      RawDocument raw;
      raw.id = "example";
      raw.bytes = ex.text;
      Document doc = pipeline.Prepare(std::move(raw));
      std::vector<std::string> got;
      for (const Claim& c : pipeline.Extract(doc)) got.push_back(Describe(c));
      std::sort(got.begin(), got.end());
      EXPECT_EQ(Join(got), Join(Expected(ex.expected))) << r.file << ":" << ex.line << ": \"" << ex.text << "\"";
      for (const RuleTrace& t : pipeline.Trace(doc)) fired |= t.rule == r.id;
    }
    EXPECT_TRUE(fired) << r.file << ":" << r.line << ": rule " << r.id << " fires on none of its examples";
  }
}

TEST(Rules, BadRuleNamesFileAndLine) {
  const std::string dir = ::testing::TempDir() + "/tally_bad_rules";
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir + "/x.rules");
    out << "rule broken\nmatch [count]=figure [no_such_class]\nyield figure killed\n";
  }
  Vocabulary vocab;
  try {
    RuleSet::Load(dir, vocab);
    ADD_FAILURE() << "expected a LexiconError";
  } catch (const LexiconError& e) {
    EXPECT_NE(std::string(e.what()).find("x.rules:2: unknown class [no_such_class]"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(Rules, ASumHoldsOneLiteralAtMost) {
  const std::string dir = ::testing::TempDir() + "/tally_two_literals";
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir + "/x.rules");
    out << "rule sum\nmatch a [person_noun.sg]=who and [count]=b [person_noun]\nyield 1+b+1 killed at=who\n";
  }
  Vocabulary vocab;
  try {
    RuleSet::Load(dir, vocab);
    ADD_FAILURE() << "expected a LexiconError";
  } catch (const LexiconError& e) {
    EXPECT_NE(std::string(e.what()).find("x.rules:3: a sum or difference holds one literal at most"), std::string::npos)
        << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(Rules, ALiteralInASumNeedsItsEvidence) {
  const std::string dir = ::testing::TempDir() + "/tally_literal_sum";
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir + "/x.rules");
    out << "rule sum\nmatch a [person_noun.sg] and [count]=b [person_noun]\nyield 1+b killed\n";
  }
  Vocabulary vocab;
  try {
    RuleSet::Load(dir, vocab);
    ADD_FAILURE() << "expected a LexiconError";
  } catch (const LexiconError& e) {
    EXPECT_NE(std::string(e.what()).find("x.rules:3: a literal value needs at=SLOT"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tally
