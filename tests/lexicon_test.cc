// Lexicon loading: every shipped file loads, and a bad line names its file and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "common/lexicon.h"
#include "tally/pipeline.h"
#include "test_util.h"

namespace tally {
namespace {
namespace fs = std::filesystem;

TEST(Lexicon, ShippedLexiconsLoad) {
  EXPECT_NO_THROW(testing::SharedPipeline());
  EXPECT_EQ(testing::SharedPipeline().lexicon_hash().size(), 16u);
}

// A compound's ending stands for the whole word, so it must itself be a noun of people.
TEST(Lexicon, EveryCompoundEndingIsAPersonNoun) {
  const std::string en = std::string(TALLY_SOURCE_DATA_DIR) + "/lexicon/en/";
  std::set<std::string> people;
  for (const TsvRow& r : ReadTsv(en + "person_nouns.tsv", 2, 2).rows) people.insert(r.fields[0]);
  for (const TsvRow& r : ReadTsv(en + "counted_nouns.tsv", 3, 3).rows)
    if (r.fields[1] == "person") people.insert(r.fields[0]);
  const TsvFile tails = ReadTsv(en + "compound_tails.tsv", 1, 1);
  ASSERT_FALSE(tails.rows.empty());
  for (const TsvRow& r : tails.rows) EXPECT_TRUE(people.count(r.fields[0])) << r.fields[0];
}

TEST(Lexicon, BadLineNamesFileAndLine) {
  fs::path dir = fs::temp_directory_path() / ("tally_lex_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "lexicon");
  fs::copy(std::string(TALLY_SOURCE_DATA_DIR) + "/lexicon/en", dir / "lexicon" / "en");
  {
    std::ofstream out(dir / "lexicon" / "en" / "vague.tsv", std::ios::app);
    out << "a great many\t900\t100\t\t0\n";
  }
  try {
    Pipeline p(dir.string());
    ADD_FAILURE() << "expected a LexiconError";
  } catch (const LexiconError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("vague.tsv:"), std::string::npos) << what;
    EXPECT_NE(what.find("low is above high"), std::string::npos) << what;
  }
  fs::remove_all(dir);
}

TEST(Lexicon, ALanguageFolderAddsRowsToTheSameFile) {
  fs::path dir = fs::temp_directory_path() / ("tally_lang_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "lexicon" / "en");
  fs::create_directories(dir / "lexicon" / "fr");
  fs::create_directories(dir / "lexicon" / "it");
  std::ofstream(dir / "lexicon" / "en" / "words.tsv") << "# word\tvalue\none\t1\n";
  std::ofstream(dir / "lexicon" / "fr" / "words.tsv") << "deux\t2\n";
  std::ofstream(dir / "lexicon" / "it" / "other.tsv") << "tre\t3\n";  // not the file asked for
  TsvFile f = ReadTsv((dir / "lexicon" / "en" / "words.tsv").string(), 2, 2);
  ASSERT_EQ(f.rows.size(), 2u);
  EXPECT_EQ(f.rows[0].fields[0], "one");
  EXPECT_EQ(f.rows[1].fields[0], "deux");
  // an error in the added row names the file it came from
  EXPECT_NE(f.Where(f.rows[1]).find("fr/words.tsv:1"), std::string::npos) << f.Where(f.rows[1]);
  std::ofstream(dir / "lexicon" / "fr" / "words.tsv") << "trois\n";
  try {
    ReadTsv((dir / "lexicon" / "en" / "words.tsv").string(), 2, 2);
    ADD_FAILURE() << "expected a LexiconError";
  } catch (const LexiconError& e) {
    EXPECT_NE(std::string(e.what()).find("fr/words.tsv:1"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(Lexicon, MissingFolderIsAClearError) {
  try {
    Pipeline p("/nonexistent/tally-data");
    ADD_FAILURE() << "expected a LexiconError";
  } catch (const LexiconError& e) {
    EXPECT_NE(std::string(e.what()).find("lexicon folder not found"), std::string::npos);
  }
}

}  // namespace
}  // namespace tally
