#include "eval/eval_html.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "clean/clean.h"
#include "output/output.h"
#include "tally/pipeline.h"

namespace tally {
namespace {

// Runs of letters, digits and underscores (Python's \w, which extraction benchmarks split on).
std::unordered_map<std::string_view, size_t> CountTokens(std::string_view text, size_t* total) {
  std::unordered_map<std::string_view, size_t> counts;
  *total = 0;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t start = -1;
  for (int32_t i = 0; i <= n;) {
    int32_t at = i;
    UChar32 c = -1;
    if (i < n) U8_NEXT(s, i, n, c);
    else ++i;
    const bool word = c == '_' || (c >= 0 && u_isalnum(c));
    if (word && start < 0) start = at;
    if (!word && start >= 0) {
      ++counts[text.substr(start, at - start)];
      ++*total;
      start = -1;
    }
  }
  return counts;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error(p.string() + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double Harmonic(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }

// The page's reviewed main text: expected.txt as it is, or the text of expected.html.
std::string ExpectedText(const std::filesystem::path& page) {
  if (std::filesystem::exists(page / "expected.txt")) return ReadFile(page / "expected.txt");
  return HtmlToPlainText(ReadFile(page / "expected.html"));
}

}  // namespace

TokenScore ScoreTokens(std::string_view got, std::string_view expected) {
  TokenScore s;
  auto want = CountTokens(expected, &s.expected);
  auto have = CountTokens(got, &s.got);
  for (const auto& [token, n] : have)
    if (auto it = want.find(token); it != want.end()) s.common += std::min(n, it->second);
  if (s.got == 0 && s.expected == 0) {
    s.precision = s.recall = s.f1 = 1;
    return s;
  }
  s.precision = s.got ? static_cast<double>(s.common) / s.got : 0;
  s.recall = s.expected ? static_cast<double>(s.common) / s.expected : 1;
  s.f1 = Harmonic(s.precision, s.recall);
  return s;
}

HtmlEval EvalHtml(const Pipeline& pipeline, const std::string& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) throw std::runtime_error(dir + ": not a folder");
  HtmlEval eval;
  std::vector<fs::path> folders;
  for (const fs::directory_entry& e : fs::directory_iterator(dir))
    if (e.is_directory() && fs::exists(e.path() / "source.html")) folders.push_back(e.path());
  std::sort(folders.begin(), folders.end());
  size_t got = 0, expected = 0, common = 0;
  for (const fs::path& folder : folders) {
    const std::string name = folder.filename().string();
    if (!fs::exists(folder / "expected.txt") && !fs::exists(folder / "expected.html")) {
      eval.problems.push_back(folder.string() + ": no expected.html or expected.txt");
      continue;
    }
    RawDocument raw;
    raw.id = name;
    raw.origin = (folder / "source.html").string();
    raw.format = Format::kHtml;
    try {
      raw.bytes = ReadFile(folder / "source.html");
      Document doc = pipeline.Clean(std::move(raw));
      TokenScore s = ScoreTokens(RenderClean(doc, false), ExpectedText(folder));
      if (s.got == 0) eval.empty.push_back(name);
      got += s.got, expected += s.expected, common += s.common;
      eval.precision += s.precision, eval.recall += s.recall;
      eval.pages.push_back({name, s});
    } catch (const std::runtime_error& e) {
      eval.problems.push_back(e.what());
    }
  }
  if (!eval.pages.empty()) {
    eval.precision /= eval.pages.size();
    eval.recall /= eval.pages.size();
  }
  eval.f1 = Harmonic(eval.precision, eval.recall);
  eval.micro_f1 = Harmonic(got ? static_cast<double>(common) / got : 0, expected ? static_cast<double>(common) / expected : 0);
  return eval;
}

std::string RenderHtmlEval(const HtmlEval& eval, bool pages) {
  std::string out;
  char line[512];
  if (pages) {
    out += "page\tprecision\trecall\tf1\tgot\texpected\n";
    for (const HtmlPageScore& p : eval.pages) {
      std::snprintf(line, sizeof line, "%s\t%.3f\t%.3f\t%.3f\t%zu\t%zu\n", p.name.c_str(), p.score.precision,
                    p.score.recall, p.score.f1, p.score.got, p.score.expected);
      out += line;
    }
  }
  std::snprintf(line, sizeof line, "overall pages=%zu empty=%zu precision=%.4f recall=%.4f f1=%.4f micro_f1=%.4f\n",
                eval.pages.size(), eval.empty.size(), eval.precision, eval.recall, eval.f1, eval.micro_f1);
  out += line;
  if (!eval.empty.empty()) {
    out += "empty:";
    for (const std::string& e : eval.empty) out += " " + e;
    out += "\n";
  }
  return out;
}

}  // namespace tally
