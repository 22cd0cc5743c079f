#include "test_util.h"

#include <filesystem>
#include <fstream>
#include <sstream>

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

}  // namespace tally::testing
