// eval html: how close `tally clean` comes to a page's reviewed main text.
//
// Input: a folder of page folders, each holding source.html (the page) and expected.html or
// expected.txt (its main text). Output: token-level precision, recall and F1 per page and
// overall. Tokens are runs of letters and digits (any script), compared as a multiset, case
// kept: the measure main-text extraction benchmarks use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tally {

class Pipeline;

struct TokenScore {
  size_t expected = 0, got = 0, common = 0;  // tokens
  double precision = 0, recall = 0, f1 = 0;
};

// Token overlap of got against expected. An empty result scores 0 unless nothing was expected.
TokenScore ScoreTokens(std::string_view got, std::string_view expected);

struct HtmlPageScore {
  std::string name;  // the page's folder name
  TokenScore score;
};

struct HtmlEval {
  std::vector<HtmlPageScore> pages;    // sorted by name
  std::vector<std::string> empty;      // pages where tally kept no text
  std::vector<std::string> problems;   // folders that could not be read, with why
  // Overall: precision and recall are the means over pages, F1 their harmonic mean.
  double precision = 0, recall = 0, f1 = 0;
  double micro_f1 = 0;  // F1 of the token counts summed over all pages
};

// Scores every page folder under dir. Throws std::runtime_error when dir is not a folder.
HtmlEval EvalHtml(const Pipeline& pipeline, const std::string& dir);

// The report: one line a page when pages is set, then the overall line and the empty pages.
std::string RenderHtmlEval(const HtmlEval& eval, bool pages);

}  // namespace tally
