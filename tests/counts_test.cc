// tally eval counts (src/eval/counts.h) on small coded files written here.
#include <gtest/gtest.h>

#include "eval/counts.h"
#include "tests/test_util.h"

namespace tally {
namespace {

class EvalCounts : public testing::TempDirTest {
 protected:
  CountsReport Run(const std::string& jsonl, std::vector<Problem>* problems, bool misses = false) {
    const std::string path = Write("coded.jsonl", jsonl);
    CountsOptions options;
    options.misses = misses;
    return EvalCountsFile(testing::SharedPipeline(), path, options,
                          [&](const Problem& p) { problems->push_back(p); }, [](size_t) {});
  }
};

TEST_F(EvalCounts, ScoresExactReachAndFalseFigures) {
  std::vector<Problem> problems;
  CountsReport r = Run(
      R"({"id": "a", "text": "Four people were killed when the roof collapsed on Monday.", "gold": {"killed": 4, "wounded": 0}})" "\n"
      R"({"id": "b", "text": "Heavy rain flooded several roads; no one was hurt.", "gold": {"killed": 0, "wounded": 0}})" "\n"
      R"({"id": "c", "text": "A landslide buried a village road overnight.", "gold": {"killed": 2, "wounded": null}})" "\n",
      &problems, true);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(r.records, 3u);
  ASSERT_EQ(r.scores.size(), 2u);
  const CountScore& killed = r.scores[0];
  EXPECT_EQ(killed.coded, 3u);
  EXPECT_EQ(killed.exact, 2u);       // a and b
  EXPECT_EQ(killed.written, 1u);     // only a writes its count
  EXPECT_EQ(killed.written_exact, 1u);
  EXPECT_EQ(killed.zero, 1u);
  EXPECT_EQ(killed.zero_false, 0u);
  const CountScore& wounded = r.scores[1];
  EXPECT_EQ(wounded.coded, 2u);      // c does not code it
  ASSERT_EQ(r.misses.size(), 1u);
  EXPECT_EQ(r.misses[0].id, "c");
  EXPECT_EQ(r.misses[0].gold, 2);
  EXPECT_EQ(r.misses[0].found, 0);
  const std::string text = RenderCountsText({r});
  EXPECT_NE(text.find("mean reach 1.000 over 1 file-measures"), std::string::npos) << text;
  EXPECT_NE(RenderCountMisses(r).find("coded 2, found 0"), std::string::npos);
}

TEST_F(EvalCounts, RecordsWithoutUsableGoldAreProblemsNotScores) {
  std::vector<Problem> problems;
  CountsReport r = Run(
      R"({"id": "a", "text": "Two hikers were injured in the fall."})" "\n"
      R"({"id": "b", "text": "Two hikers were injured in the fall.", "gold": {"killed": -1}})" "\n"
      R"({"id": "c", "text": "Two hikers were injured in the fall.", "gold": [1, 2]})" "\n"
      R"({"id": "d", "text": "Two hikers were injured in the fall.", "gold": {"wounded": 2}})" "\n",
      &problems);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_NE(problems[0].status.message().find("no \"gold\""), std::string::npos);
  EXPECT_NE(problems[0].where.find(":1"), std::string::npos);
  EXPECT_EQ(r.records, 1u);
  EXPECT_EQ(r.scores[1].exact, 1u);
}

}  // namespace
}  // namespace tally
