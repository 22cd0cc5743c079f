#include "tally/pipeline.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "claims/claims.h"
#include "clean/clean.h"
#include "dates/dates.h"
#include "numbers/numbers.h"
#include "segment/segment.h"
#include "tolls/tolls.h"

#include <xxhash.h>

namespace tally {
namespace fs = std::filesystem;

struct Pipeline::Lexicons {
  Vocabulary vocabulary;  // every table below indexes by its ids
  CleanLexicon clean;
  SegmentLexicon segment;
  DateLexicon dates;
  NumberLexicon numbers;
  ClaimLexicon claims;
  TollLexicon tolls;
  std::string hash;
  Limits limits;
};

namespace {

std::string HashLexicons(const std::vector<std::string>& dirs) {
  std::vector<fs::path> files;
  for (const std::string& dir : dirs)
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  XXH64_state_t* st = XXH64_createState();
  XXH64_reset(st, 0);
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string name = f.filename().string(), body = ss.str();
    XXH64_update(st, name.data(), name.size());
    XXH64_update(st, body.data(), body.size());
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(XXH64_digest(st)));
  XXH64_freeState(st);
  return buf;
}

}  // namespace

Pipeline::Pipeline(const std::string& data_dir, const Limits& limits) : lex_(std::make_unique<Lexicons>()) {
  lex_->limits = limits;
  const std::string dir = data_dir + "/lexicon/en";
  if (!fs::is_directory(dir)) throw LexiconError(dir + ": lexicon folder not found (set --data or TALLY_DATA)");
  lex_->clean = CleanLexicon::Load(dir);
  lex_->segment = SegmentLexicon::Load(dir, lex_->vocabulary);
  lex_->dates = DateLexicon::Load(dir, lex_->vocabulary);
  lex_->numbers = NumberLexicon::Load(dir, lex_->vocabulary);
  lex_->claims = ClaimLexicon::Load(dir, lex_->vocabulary);
  lex_->claims.LoadRules(data_dir + "/rules/en", lex_->vocabulary);
  lex_->tolls = TollLexicon::Load(dir, lex_->vocabulary);
  // every language folder (lexicon/fr adds rows to lexicon/en's files: common/lexicon.h)
  std::vector<std::string> hashed;
  for (const auto& [folder, kind] : {std::pair<std::string, const char*>{dir, "lexicon"}, {data_dir + "/rules/en", "rules"}}) {
    hashed.push_back(folder);
    for (std::string& other : OtherLanguageFolders(folder, kind)) hashed.push_back(std::move(other));
  }
  lex_->hash = HashLexicons(hashed);
}

Pipeline::~Pipeline() = default;

Document Pipeline::Clean(RawDocument&& raw) const { return tally::Clean(lex_->clean, std::move(raw), lex_->limits); }

Document Pipeline::Prepare(RawDocument&& raw) const {
  const std::string captured = std::move(raw.captured);
  Document doc = Clean(std::move(raw));
  Segment(lex_->segment, &doc);
  FindDates(lex_->dates, &doc);
  // a page's own date (metadata, dateline) is when it was published; the capture date is later
  if (doc.date.empty())
    if (auto d = NormalizeIsoDate(captured)) doc.date = *d;
  FindQuantities(lex_->numbers, &doc);
  return doc;
}

std::vector<Claim> Pipeline::Extract(const Document& doc, std::vector<NameVariant>* names,
                                     std::vector<std::string>* notes) const {
  std::vector<Claim> claims = ExtractClaims(lex_->claims, lex_->dates, doc, names);
  if (claims.size() > lex_->limits.max_claims_per_document) {
    if (notes)
      notes->push_back(std::to_string(claims.size()) + " claims, more than the limit of " +
                       std::to_string(lex_->limits.max_claims_per_document) + ": the first ones are kept");
    claims.resize(lex_->limits.max_claims_per_document);
  }
  return claims;
}

std::vector<Claim> Pipeline::ExtractForCalibration(const Document& doc, std::vector<ConfidenceFeatures>* features) const {
  return ExtractClaims(lex_->claims, lex_->dates, doc, nullptr, features);
}

std::vector<RuleTrace> Pipeline::Trace(const Document& doc) const { return TraceMentions(lex_->claims, doc); }

std::string Pipeline::Explain(const Document& doc) const { return ExplainClaims(doc, Extract(doc), Trace(doc)); }

std::vector<Toll> Pipeline::Tolls(const Document& doc, const std::vector<Claim>& claims, TollChoice choice) const {
  return ComputeTolls(lex_->tolls, doc, claims, choice);
}

const std::string& Pipeline::lexicon_hash() const { return lex_->hash; }

std::string Pipeline::DefaultDataDir(const std::string& argv0) {
  if (const char* env = std::getenv("TALLY_DATA"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0, ec);
  fs::path installed = exe.parent_path().parent_path() / "share" / "tally" / "data";
  if (fs::is_directory(installed / "lexicon", ec)) return installed.string();
  return TALLY_SOURCE_DATA_DIR;
}

}  // namespace tally
