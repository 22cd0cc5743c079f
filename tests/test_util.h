// Helpers shared by the tests: one Pipeline for the whole run, documents built from strings.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"
#include "tally/pipeline.h"

namespace tally::testing {

// The pipeline over the source tree's data folder, loaded once.
const Pipeline& SharedPipeline();

// A prepared document from text (format text unless html is true).
Document PrepareText(const std::string& text, const std::string& id = "t", bool html = false);

// A document extracted as ingest stores it: its stored form, claims and names.
struct Extracted {
  StoredDocument doc;
  std::vector<Claim> claims;
  std::vector<NameVariant> names;
};
Extracted Extract(const std::string& id, const std::string& text);

std::string ReadFile(const std::string& path);

// The shared folder (seed corpus, scorer) or empty when this clone has none beside it.
std::string SharedDir();

// The PostgreSQL server the tests may use (TALLY_TEST_PG_URI, set by tests/with_postgres.sh).
std::optional<std::string> PostgresTestUri();
// A URI naming an empty ledger on that server: a fresh schema of its database.
std::string FreshPostgresLedger();

// A fixture with a fresh folder per test, removed afterwards, and a way to write files in it.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Writes bytes to name in the folder; returns the path.
  std::string Write(const std::string& name, const std::string& bytes);

  std::filesystem::path dir_;
};

}  // namespace tally::testing
