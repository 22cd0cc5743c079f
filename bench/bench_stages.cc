// Benchmarks of each stage over news text built from the project's own material: the example
// articles and the test sentences, about 1 MiB in articles of about 5 KB. The whole process
// (files to JSONL or SQLite) is measured by bench/run-e2e.sh.
//
//   ./build/bench/tally_bench                    # all
//   ./build/bench/tally_bench --benchmark_filter=Numbers
// Figures and the machine they were measured on: docs/performance.md.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "clean/clean.h"
#include "dates/dates.h"
#include "ingest/ingest.h"
#include "numbers/numbers.h"
#include "segment/segment.h"
#include "store/store.h"
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

// The corpus cut into articles of about 5 KB, as news comes. Each stage is timed over all of
// them: one 1 MiB document would repeat its paragraphs, and the clean stage skips repeats.
const std::vector<std::string>& Articles() {
  static const std::vector<std::string> articles = [] {
    constexpr size_t kArticleBytes = 5000;
    std::vector<std::string> out;
    const std::string& c = Corpus();
    for (size_t at = 0; at < c.size();) {
      size_t end = c.find("\n\n", std::min(c.size(), at + kArticleBytes));
      if (end == std::string::npos) end = c.size();
      out.push_back(c.substr(at, end - at));
      at = end;
    }
    return out;
  }();
  return articles;
}

// The articles after the stages before the one timed.
std::vector<tally::Document> Upto(int stages) {
  const StageLexicons& lex = Lexicons();
  std::vector<tally::Document> docs;
  for (const std::string& a : Articles()) {
    tally::Document doc = tally::Clean(lex.clean, Raw(a));
    if (stages > 1) tally::Segment(lex.segment, &doc);
    if (stages > 2) tally::FindDates(lex.dates, &doc);
    if (stages > 3) tally::FindQuantities(lex.numbers, &doc);
    docs.push_back(std::move(doc));
  }
  return docs;
}

// The articles prepared by the pipeline (clean, segment, dates, numbers).
std::vector<tally::Document> Prepared() {
  std::vector<tally::Document> docs;
  for (const std::string& a : Articles()) docs.push_back(SharedPipeline().Prepare(Raw(a)));
  return docs;
}

void Report(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Corpus().size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * Articles().size()));
}

void BM_Clean(benchmark::State& state) {
  for (auto _ : state)
    for (const std::string& a : Articles()) {
      tally::Document doc = tally::Clean(Lexicons().clean, Raw(a));
      benchmark::DoNotOptimize(doc.skipped.data());
    }
  Report(state);
}
BENCHMARK(BM_Clean)->Unit(benchmark::kMillisecond);

void BM_Segment(benchmark::State& state) {
  const std::vector<tally::Document> cleaned = Upto(1);
  for (auto _ : state)
    for (const tally::Document& c : cleaned) {
      tally::Document doc = c;  // the copy is a small part: text and skipped spans only
      tally::Segment(Lexicons().segment, &doc);
      benchmark::DoNotOptimize(doc.tokens.data());
    }
  Report(state);
}
BENCHMARK(BM_Segment)->Unit(benchmark::kMillisecond);

void BM_Dates(benchmark::State& state) {
  std::vector<tally::Document> docs = Upto(2);
  for (auto _ : state)
    for (tally::Document& doc : docs) {
      doc.dates.clear();
      tally::FindDates(Lexicons().dates, &doc);
      benchmark::DoNotOptimize(doc.dates.data());
    }
  Report(state);
}
BENCHMARK(BM_Dates)->Unit(benchmark::kMillisecond);

// The numbers stage alone: the documents arrive segmented and dated.
void BM_Numbers(benchmark::State& state) {
  std::vector<tally::Document> docs = Upto(3);
  size_t quantities = 0;
  for (auto _ : state) {
    quantities = 0;
    for (tally::Document& doc : docs) {
      doc.quantities.clear();
      tally::FindQuantities(Lexicons().numbers, &doc);
      quantities += doc.quantities.size();
      benchmark::DoNotOptimize(doc.quantities.data());
    }
  }
  Report(state);
  state.counters["quantities"] = static_cast<double>(quantities);
}
BENCHMARK(BM_Numbers)->Unit(benchmark::kMillisecond);

// The claims stage alone, on prepared documents.
void BM_Claims(benchmark::State& state) {
  const std::vector<tally::Document> docs = Prepared();
  size_t claims = 0;
  for (auto _ : state) {
    claims = 0;
    for (const tally::Document& doc : docs) {
      std::vector<tally::Claim> c = SharedPipeline().Extract(doc);
      claims += c.size();
      benchmark::DoNotOptimize(c.data());
    }
  }
  Report(state);
  state.counters["claims"] = static_cast<double>(claims);
}
BENCHMARK(BM_Claims)->Unit(benchmark::kMillisecond);

// Everything from bytes to claims, article after article.
void BM_ExtractArticles(benchmark::State& state) {
  for (auto _ : state)
    for (const std::string& a : Articles()) {
      tally::Document doc = SharedPipeline().Prepare(Raw(a));
      std::vector<tally::Claim> claims = SharedPipeline().Extract(doc);
      benchmark::DoNotOptimize(claims.data());
    }
  Report(state);
}
BENCHMARK(BM_ExtractArticles)->Unit(benchmark::kMillisecond);

// The stored form of each prepared article: content hash, SimHash, skipped spans (ingest's
// worker-side share of the store stage).
void BM_ToStored(benchmark::State& state) {
  const std::vector<tally::Document> docs = Prepared();
  for (auto _ : state)
    for (const tally::Document& doc : docs) benchmark::DoNotOptimize(tally::ToStored(doc).simhash);
  Report(state);
}
BENCHMARK(BM_ToStored)->Unit(benchmark::kMillisecond);

// Writing the articles, their claims and names into a new SQLite ledger on disk, 256 a batch
// as ingest does (the share of ingest that runs on one thread whatever --jobs is).
void BM_StorePut(benchmark::State& state) {
  struct Item {
    tally::StoredDocument stored;
    std::vector<tally::Claim> claims;
    std::vector<tally::NameVariant> names;
  };
  std::vector<Item> items;
  for (size_t i = 0; i < Articles().size(); ++i) {
    tally::RawDocument raw = Raw(Articles()[i]);
    raw.id = "article-" + std::to_string(i);
    tally::Document doc = SharedPipeline().Prepare(std::move(raw));
    Item item;
    item.claims = SharedPipeline().Extract(doc, &item.names);
    item.stored = tally::ToStored(doc);
    items.push_back(std::move(item));
  }
  const tally::Stamp stamp{"bench", SharedPipeline().lexicon_hash()};
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("tally-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  size_t claims = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    state.ResumeTiming();
    auto store = tally::OpenSqliteStore((dir / "ledger.db").string());
    if (!store.ok()) {
      state.SkipWithError(store.status().message().c_str());
      break;
    }
    claims = 0;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i % 256 == 0) (void)(*store)->BeginBatch();
      (void)(*store)->Put(items[i].stored, items[i].claims, items[i].names, stamp);
      claims += items[i].claims.size();
      if (i % 256 == 255) (void)(*store)->EndBatch();
    }
    (void)(*store)->EndBatch();
  }
  std::filesystem::remove_all(dir);
  Report(state);
  state.counters["claims"] = static_cast<double>(claims);
}
BENCHMARK(BM_StorePut)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
