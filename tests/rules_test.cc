// The construction rules' own examples (data/rules/en/*.rules, docs/rules.md): every rule must
// fire on at least one of its examples, and every example must give exactly the claims it
// expects (measure and value, with derived, role and scope when not the default).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "claims/rules.h"
#include "common/lexicon.h"
#include "test_util.h"

namespace tally {
namespace {

std::string ValueText(const Interval& v) {
  if (v.best) return std::to_string(*v.best);
  return std::to_string(v.low.value_or(0)) + "-" + (v.high ? std::to_string(*v.high) : std::string(""));
}

// Rule files written to a fresh folder and loaded, the folder removed after: the rules, or the
// message of the LexiconError that loading them threw.
struct Loaded {
  std::vector<Rule> rules;
  std::string error;
};

Loaded LoadRuleFiles(const std::string& folder, const std::vector<std::pair<std::string, std::string>>& files,
                     Vocabulary& vocab) {
  const std::string dir = ::testing::TempDir() + "/" + folder;
  std::filesystem::create_directories(dir);
  for (const auto& [name, text] : files) std::ofstream(dir + "/" + name) << text;
  Loaded out;
  try {
    out.rules = RuleSet::Load(dir, vocab).rules();
  } catch (const LexiconError& e) {
    out.error = e.what();
  }
  std::filesystem::remove_all(dir);
  return out;
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
  Vocabulary vocab;
  const Loaded l = LoadRuleFiles(
      "tally_bad_rules", {{"x.rules", "rule broken\nmatch [count]=figure [no_such_class]\nyield figure killed\n"}}, vocab);
  EXPECT_NE(l.error.find("x.rules:2: unknown class [no_such_class]"), std::string::npos) << l.error;
}

// "a|the|[count]" once looked for the word "[count]" and never matched a figure: a class mixed
// into word alternatives is an error that names the line.
TEST(Rules, AClassAmongWordAlternativesIsAnError) {
  Vocabulary vocab;
  const Loaded l = LoadRuleFiles(
      "tally_mixed_rules", {{"x.rules", "rule mixed\nmatch killed|shot a|the|[count]=figure\nyield figure killed\n"}},
      vocab);
  EXPECT_NE(l.error.find("x.rules:2: a class cannot be an alternative of words"), std::string::npos) << l.error;
}

TEST(Rules, RepeatedIdNamesBothPlaces) {
  Vocabulary vocab;
  const Loaded l = LoadRuleFiles(
      "tally_repeated_rules",
      {{"a.rules", "rule same\nmatch [count]=figure [cue.state]=measure\nyield figure $measure\n"},
       {"b.rules", "# another file\nrule same\nmatch [cue.verb]=measure [count]=figure\nyield figure $measure\n"}},
      vocab);
  EXPECT_NE(l.error.find("b.rules:2: rule id same is already used at"), std::string::npos) << l.error;
  EXPECT_NE(l.error.find("a.rules:1"), std::string::npos) << l.error;
}

// "[any]* [any]*" is one element of up to 16 tokens: the matcher tries each total once instead of
// every split of it. Elements with a slot of their own stay apart.
TEST(Rules, RunsOfOneElementAreMerged) {
  Vocabulary vocab;
  const std::vector<Rule> rules =
      LoadRuleFiles("tally_run_rules",
                    {{"x.rules", "rule gap\nmatch [count]=a [any]* [any]+ [any]* [cue.state]=m\nyield a $m\n"
                                 "rule slots\nmatch [count]=a [word]?=x [word]? [cue.state]=m\nyield a $m\n"}},
                    vocab)
          .rules;
  ASSERT_EQ(rules.size(), 2u);
  ASSERT_EQ(rules[0].pattern.size(), 3u);
  EXPECT_EQ(rules[0].pattern[1].min, 1);
  EXPECT_EQ(rules[0].pattern[1].max, 24);
  EXPECT_EQ(rules[1].pattern.size(), 4u);
}

// The look-ahead tested before a rule is tried at a token: where its later required elements
// must begin, counted from the end of the first element (one occurrence) or from the start token.
TEST(Rules, LookAheadWindowsCountTheTokensBetween) {
  Vocabulary vocab;
  const std::vector<Rule> rules =
      LoadRuleFiles("tally_look_ahead_rules",
                    {{"x.rules",
                      "rule parts\nmatch [count]=a [word]? [person_noun]+ , [count]=b [cue.state]=measure\n"
                      "yield a+b $measure\n"
                      "rule named\nmatch [cap]+=victim , [number] , [cue.state]=measure\n"
                      "yield 1 $measure at=victim counted=victim\n"
                      "rule verb_first\nmatch [cue.verb]+=measure [count]=figure\nyield figure $measure\n"}},
                    vocab)
          .rules;
  ASSERT_EQ(rules.size(), 3u);
  auto checks = [](const Rule& r) {
    std::string s = r.look_ahead.after_first ? "after first:" : "from start:";
    for (size_t k = 0; k < r.look_ahead.count; ++k) {
      const RuleLookAhead::Check& c = r.look_ahead.checks[k];
      s += " " + std::to_string(c.element) + "@" + std::to_string(c.lo) + ".." + std::to_string(c.hi);
    }
    return s;
  };
  // the person noun right after the figure or one word on, then the comma (punctuation has its
  // word bit like a word); the second figure ends the windows (its width is not known)
  EXPECT_EQ(checks(rules[0]), "after first: 2@0..1 3@1..9 4@2..10");
  // punctuation is tested wherever it stands, up to four checks
  EXPECT_EQ(checks(rules[1]), "from start: 1@1..8 2@2..9 3@3..10 4@4..11");
  // a repeated cue phrase: no window is known
  EXPECT_EQ(checks(rules[2]), "from start:");
}

// Every distinct literal-word element gets its own bit however many the rules hold: an element
// without one has no start row and is tried at every token (the index once stopped at 256).
TEST(Rules, EveryWordElementIsIndexedHoweverMany) {
  constexpr int kElements = 300;
  std::ostringstream text;
  for (int k = 0; k < kElements; ++k)
    text << "rule r" << k << "\nmatch w" << k << "|v" << k << " [count]=figure\nyield figure killed\n";
  text << "rule again\nmatch v7|w7 [count]=figure\nyield figure wounded\n";  // w7|v7 again, in another order
  Vocabulary vocab;
  const std::vector<Rule> rules = LoadRuleFiles("tally_many_word_elements", {{"x.rules", text.str()}}, vocab).rules;
  ASSERT_EQ(rules.size(), static_cast<size_t>(kElements + 1));
  std::vector<int> bits;
  for (int k = 0; k < kElements; ++k) bits.push_back(rules[static_cast<size_t>(k)].pattern.front().word_bit);
  std::sort(bits.begin(), bits.end());
  EXPECT_EQ(bits.front(), 0);
  EXPECT_EQ(bits.back(), kElements - 1);
  EXPECT_EQ(std::adjacent_find(bits.begin(), bits.end()), bits.end()) << "two elements share a bit";
  EXPECT_EQ(rules.back().pattern.front().word_bit, rules[7].pattern.front().word_bit);
  // each rule requires its own element's bit, in the row word that holds it
  const Rule& last = rules[kElements - 1];
  const auto b = static_cast<uint32_t>(last.pattern.front().word_bit);
  ASSERT_EQ(last.required_words.size(), 1u);
  EXPECT_EQ(last.required_words[0].first, b / 64);
  EXPECT_EQ(last.required_words[0].second, uint64_t{1} << (b % 64));
}

// Punctuation literals are word elements like words, by vocabulary id: a rule that needs ":" is
// kept only for the sentences that hold one, as a rule that needs a word is; an element mixing
// words and punctuation ("and|,") is required too. (That a punctuation token matches them is
// shown by the examples of the rules that use them.)
TEST(Rules, PunctuationLiteralsAreRequiredWordElements) {
  Vocabulary vocab;
  const std::vector<Rule> rules =
      LoadRuleFiles("tally_punctuation_elements",
                    {{"x.rules", "rule colon\nmatch [cue.noun] : [count]=figure\nyield figure killed\n"
                                 "rule mixed\nmatch [count]=figure and|, [count]\nyield figure killed\n"}},
                    vocab)
          .rules;
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_NE(vocab.Find(":"), 0u);
  EXPECT_NE(vocab.Find(","), 0u);
  for (const Rule& rule : rules) {
    const int bit = rule.pattern[1].word_bit;
    ASSERT_GE(bit, 0) << rule.id;
    ASSERT_EQ(rule.required_words.size(), 1u) << rule.id;
    EXPECT_EQ(rule.required_words[0].second, uint64_t{1} << (bit % 64)) << rule.id;
  }
}

TEST(Rules, ASumHoldsOneLiteralAtMost) {
  Vocabulary vocab;
  const Loaded l = LoadRuleFiles(
      "tally_two_literals",
      {{"x.rules", "rule sum\nmatch a [person_noun.sg]=who and [count]=b [person_noun]\nyield 1+b+1 killed at=who\n"}},
      vocab);
  EXPECT_NE(l.error.find("x.rules:3: a sum or difference holds one literal at most"), std::string::npos) << l.error;
}

TEST(Rules, ALiteralInASumNeedsItsEvidence) {
  Vocabulary vocab;
  const Loaded l = LoadRuleFiles(
      "tally_literal_sum",
      {{"x.rules", "rule sum\nmatch a [person_noun.sg] and [count]=b [person_noun]\nyield 1+b killed\n"}}, vocab);
  EXPECT_NE(l.error.find("x.rules:3: a literal value needs at=SLOT"), std::string::npos) << l.error;
}

}  // namespace
}  // namespace tally
