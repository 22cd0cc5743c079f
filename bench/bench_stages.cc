// Benchmarks of each stage over realistic news text built from the project's own material:
// the example articles and the test sentences, repeated to about 1 MiB per document batch.
//
//   ./build/bench/tally_bench                    # all
//   ./build/bench/tally_bench --benchmark_filter=Numbers
// Figures and the machine they were measured on: docs/performance.md.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "clean/clean.h"
#include "dates/dates.h"
#include "ingest/ingest.h"
#include "numbers/numbers.h"
#include "segment/segment.h"
#include "tally/pipeline.h"

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// News-like text: the plain-text examples, the JSONL examples' texts and the sentences of the
// test tables, as paragraphs.
const std::string& Corpus() {
  static const std::string corpus = [] {
    std::string base;
    for (const char* f : {"wire-day1.txt", "kestrel-day2.txt"}) base += ReadFile(std::string(TALLY_EXAMPLES_DIR) + "/" + f) + "\n";
    std::ifstream table(std::string(TALLY_TEST_DIR) + "/data/numbers.tsv");
    std::string line;
    while (std::getline(table, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::string sentence = line.substr(0, line.find('\t'));
      for (size_t m; (m = sentence.find("{{")) != std::string::npos;) sentence.erase(m, 2);
      for (size_t m; (m = sentence.find("}}")) != std::string::npos;) sentence.erase(m, 2);
      base += sentence + "\n\n";
    }
    std::string out;
    constexpr size_t kTarget = 1 << 20;
    while (out.size() < kTarget) out += base;
    return out;
  }();
  return corpus;
}

const tally::Pipeline& SharedPipeline() {
  static const tally::Pipeline p(TALLY_SOURCE_DATA_DIR);
  return p;
}

tally::RawDocument Raw(const std::string& text) {
  tally::RawDocument raw;
  raw.id = "bench";
  raw.bytes = text;
  return raw;
}

const std::string& DataDir() {
  static const std::string d = std::string(TALLY_SOURCE_DATA_DIR) + "/lexicon/en";
  return d;
}

// The stage lexicons over one vocabulary, loaded the way Pipeline loads them.
struct StageLexicons {
  tally::Vocabulary vocabulary;
  tally::CleanLexicon clean = tally::CleanLexicon::Load(DataDir());
  tally::SegmentLexicon segment = tally::SegmentLexicon::Load(DataDir(), vocabulary);
  tally::DateLexicon dates = tally::DateLexicon::Load(DataDir(), vocabulary);
  tally::NumberLexicon numbers = tally::NumberLexicon::Load(DataDir(), vocabulary);
};

const StageLexicons& Lexicons() {
  static const StageLexicons lex;
  return lex;
}

void BM_Clean(benchmark::State& state) {
  for (auto _ : state) {
    tally::Document doc = tally::Clean(Lexicons().clean, Raw(Corpus()));
    benchmark::DoNotOptimize(doc.skipped.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Corpus().size()));
}
BENCHMARK(BM_Clean)->Unit(benchmark::kMillisecond);

void BM_Segment(benchmark::State& state) {
  const tally::Document cleaned = tally::Clean(Lexicons().clean, Raw(Corpus()));
  for (auto _ : state) {
    tally::Document doc = cleaned;
    tally::Segment(Lexicons().segment, &doc);
    benchmark::DoNotOptimize(doc.tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Corpus().size()));
}
BENCHMARK(BM_Segment)->Unit(benchmark::kMillisecond);

// The numbers stage alone: the document arrives segmented and dated.
void BM_Numbers(benchmark::State& state) {
  const StageLexicons& lex = Lexicons();
  tally::Document doc = tally::Clean(lex.clean, Raw(Corpus()));
  tally::Segment(lex.segment, &doc);
  tally::FindDates(lex.dates, &doc);
  for (auto _ : state) {
    doc.quantities.clear();
    tally::FindQuantities(lex.numbers, &doc);
    benchmark::DoNotOptimize(doc.quantities.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Corpus().size()));
  state.counters["quantities"] = static_cast<double>(doc.quantities.size());
}
BENCHMARK(BM_Numbers)->Unit(benchmark::kMillisecond);

// The claims stage alone, on a prepared document.
void BM_Claims(benchmark::State& state) {
  const tally::Document doc = SharedPipeline().Prepare(Raw(Corpus()));
  size_t claims = 0;
  for (auto _ : state) {
    std::vector<tally::Claim> c = SharedPipeline().Extract(doc);
    claims = c.size();
    benchmark::DoNotOptimize(c.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Corpus().size()));
  state.counters["claims"] = static_cast<double>(claims);
}
BENCHMARK(BM_Claims)->Unit(benchmark::kMillisecond);

// Everything from bytes to claims, in articles of about 5 KB as news comes.
void BM_ExtractArticles(benchmark::State& state) {
  constexpr size_t kArticleBytes = 5000;
  std::vector<std::string> articles;
  const std::string& c = Corpus();
  for (size_t at = 0; at < c.size();) {
    size_t end = c.find("\n\n", std::min(c.size(), at + kArticleBytes));
    if (end == std::string::npos) end = c.size();
    articles.push_back(c.substr(at, end - at));
    at = end;
  }
  for (auto _ : state) {
    for (const std::string& a : articles) {
      tally::Document doc = SharedPipeline().Prepare(Raw(a));
      std::vector<tally::Claim> claims = SharedPipeline().Extract(doc);
      benchmark::DoNotOptimize(claims.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * articles.size()));
}
BENCHMARK(BM_ExtractArticles)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
