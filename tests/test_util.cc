#include "test_util.h"

#include <libpq-fe.h>

#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace tally::testing {

const Pipeline& SharedPipeline() {
  static const Pipeline pipeline(TALLY_SOURCE_DATA_DIR);
  return pipeline;
}

Document PrepareText(const std::string& text, const std::string& id, bool html) {
  RawDocument raw;
  raw.id = id;
  raw.origin = id;
  raw.format = html ? Format::kHtml : Format::kText;
  raw.bytes = text;
  return SharedPipeline().Prepare(std::move(raw));
}

Extracted Extract(const std::string& id, const std::string& text) {
  Document doc = PrepareText(text, id);
  Extracted e;
  e.claims = SharedPipeline().Extract(doc, &e.names);
  e.doc = ToStored(doc);
  return e;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string SharedDir() {
  std::error_code ec;
  if (std::filesystem::is_directory(std::string(TALLY_SHARED_DIR) + "/corpus/seeds", ec)) return TALLY_SHARED_DIR;
  return {};
}

void TempDirTest::SetUp() {
  dir_ = std::filesystem::temp_directory_path() /
         ("tally_" + std::to_string(::getpid()) + "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
}

void TempDirTest::TearDown() { std::filesystem::remove_all(dir_); }

std::string TempDirTest::Write(const std::string& name, const std::string& bytes) {
  std::filesystem::path p = dir_ / name;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

std::optional<std::string> PostgresTestUri() {
  const char* uri = std::getenv("TALLY_TEST_PG_URI");
  if (!uri || !*uri) return std::nullopt;
  return std::string(uri);
}

std::string FreshPostgresLedger() {
  static int count = 0;
  const std::string uri = PostgresTestUri().value_or("");
  const std::string schema = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++count);
  PGconn* conn = PQconnectdb(uri.c_str());
  const bool ok = PQstatus(conn) == CONNECTION_OK;
  std::string error = PQerrorMessage(conn);
  if (ok) {
    PGresult* r = PQexec(conn, ("SET client_min_messages = warning; DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema).c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
    else error.clear();
    PQclear(r);
  }
  PQfinish(conn);
  if (!error.empty()) ADD_FAILURE() << "cannot make a PostgreSQL schema for the test: " << error;
  return uri + (uri.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

}  // namespace tally::testing
