// The fuzz targets' bodies: one function per entry point that takes outside bytes. Each
// aborts (so the fuzzer keeps the input) when an invariant breaks. The libFuzzer binaries
// (fuzz/main_*.cc) and the regression test (tests/fuzz_regression_test.cc) share them.
#pragma once

#include <string_view>

namespace tally::fuzz {

void Html(std::string_view bytes);     // HTML main-text extraction and furniture (clean)
void Jsonl(std::string_view bytes);    // one JSONL record (ingest), then the pipeline
void Dates(std::string_view bytes);    // ISO dates from metadata, the dates stage, resolution
void Numbers(std::string_view bytes);  // the numbers stage on any text
void Extract(std::string_view bytes);  // the whole extract path: text (first byte even) or HTML
void Ledger(std::string_view bytes);   // a ledger file, corrupted: read, reconciled, rendered
void Warc(std::string_view bytes);     // a WARC archive (plain or gzip): records, HTTP responses, charsets

struct Target {
  const char* name;
  void (*run)(std::string_view);
};
inline constexpr Target kTargets[] = {
    {"html", Html}, {"jsonl", Jsonl}, {"dates", Dates}, {"numbers", Numbers}, {"extract", Extract}, {"ledger", Ledger}, {"warc", Warc}};

}  // namespace tally::fuzz
