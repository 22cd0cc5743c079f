// Golden tests: the claims of the project's examples (JSONL and an annotated rendering a
// reviewer can diff) and of the seed articles (JSONL only: the repo holds no seed text).
// Regenerate after a reviewed change with:  TALLY_UPDATE_GOLDEN=1 ./build/tests/tally_tests --gtest_filter='Golden*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "ingest/ingest.h"
#include "output/output.h"
#include "reconcile/reconcile.h"
#include "report/report.h"
#include "store/store.h"
#include "test_util.h"

namespace tally {
namespace {
namespace fs = std::filesystem;

bool Updating() {
  const char* v = std::getenv("TALLY_UPDATE_GOLDEN");
  return v && *v && std::string(v) != "0";
}

void Compare(const std::string& path, const std::string& got) {
  if (Updating()) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << got;
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " missing: run with TALLY_UPDATE_GOLDEN=1 and review the diff";
  EXPECT_EQ(testing::ReadFile(path), got) << "golden file differs: " << path;
}

// Runs every document under input; checks invariants; compares with golden files.
void CheckFolder(const std::string& input, const std::string& golden, bool annotated) {
  std::vector<RawDocument> raws;
  ReadInputs({input}, IngestOptions{}, [&](RawDocument&& r) { raws.push_back(std::move(r)); },
             [&](const Problem& p) { ADD_FAILURE() << p.where << ": " << p.status.message(); });
  ASSERT_FALSE(raws.empty());
  for (RawDocument& raw : raws) {
    RawDocument copy = raw;
    Document doc = testing::SharedPipeline().Prepare(std::move(raw));
    std::vector<Claim> claims = testing::SharedPipeline().Extract(doc);
    std::string jsonl;
    for (const Claim& c : claims) {
      // invariants: evidence bytes are the text, values are ordered
      ASSERT_FALSE(c.evidence.empty());
      EXPECT_EQ(doc.View(c.evidence[0]), c.text) << doc.id;
      if (c.value.low && c.value.best) EXPECT_LE(*c.value.low, *c.value.best);
      if (c.value.best && c.value.high) EXPECT_LE(*c.value.best, *c.value.high);
      EXPECT_GE(c.confidence, 0.0);
      EXPECT_LE(c.confidence, 1.0);
      AppendClaimJson(c, &jsonl);
      jsonl.push_back('\n');
    }
    // the same input gives the same output
    std::string again;
    for (const Claim& c : testing::SharedPipeline().Extract(testing::SharedPipeline().Prepare(std::move(copy)))) {
      AppendClaimJson(c, &again);
      again.push_back('\n');
    }
    EXPECT_EQ(jsonl, again) << doc.id;
    Compare(golden + "/" + doc.id + ".claims.jsonl", jsonl);
    if (annotated) Compare(golden + "/" + doc.id + ".annotated.txt", RenderAnnotated(doc, claims));
  }
}

TEST(Golden, Examples) {
  CheckFolder(TALLY_EXAMPLES_DIR, std::string(TALLY_TEST_DIR) + "/golden/examples", true);
}

// The ledger of the examples as text (no colour) and CSV.
TEST(Golden, Ledger) {
  auto store = OpenSqliteStore(":memory:");
  ASSERT_TRUE(store.ok());
  ReadInputs({TALLY_EXAMPLES_DIR}, IngestOptions{}, [&](RawDocument&& raw) {
    Document doc = testing::SharedPipeline().Prepare(std::move(raw));
    std::vector<NameVariant> names;
    std::vector<Claim> claims = testing::SharedPipeline().Extract(doc, &names);
    ASSERT_TRUE((*store)->Put(ToStored(doc), claims, names, Stamp{"golden", "x"}).ok());
  }, [](const Problem& p) { ADD_FAILURE() << p.where; });
  auto docs = *(*store)->Documents(true);
  auto claims = *(*store)->Claims();
  auto names = *(*store)->Names();
  Reconciliation r = Reconcile(docs, claims, names, std::string(TALLY_SOURCE_DATA_DIR) + "/lexicon/en/parties.tsv");
  std::vector<LedgerRow> rows = LedgerRows({docs, claims, r});
  const std::string golden = std::string(TALLY_TEST_DIR) + "/golden/examples";
  std::string text = LedgerText(rows, false);
  Compare(golden + "/ledger.txt", text);
  Compare(golden + "/ledger.csv", LedgerCsv(rows));
  // readable at 100 columns
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    std::string line = text.substr(at, nl - at);
    size_t cols = 0;
    for (unsigned char ch : line) cols += (ch & 0xC0) != 0x80;
    EXPECT_LE(cols, 100u) << line;
    at = nl + 1;
  }
}

TEST(Golden, Seeds) {
  const std::string shared = testing::SharedDir();
  if (shared.empty()) GTEST_SKIP() << "no ../shared beside this clone: seed golden tests skipped";
  CheckFolder(shared + "/corpus/seeds", std::string(TALLY_TEST_DIR) + "/golden/seeds", false);
}

}  // namespace
}  // namespace tally
