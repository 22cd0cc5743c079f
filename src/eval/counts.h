// eval counts: scores the document's toll against counts a person coded.
//
// Input:  JSONL files, one record a line: "id", "text" or "html", "date" (optional) and
//         "gold": {"killed": N, "wounded": N}, each a whole number or null (not coded).
// Output: per file and measure (killed, wounded): how often the toll equals the coded count
//         (exact) or is off by at most one (within one); reach, the exact share where the
//         count is written in the text as digits or number words; the false-figure rate, the
//         share of records coded 0 given a toll above 0; and, when asked, every miss.
// A measure the document has no toll for counts as 0, as a coder codes a count nobody reports.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ingest/ingest.h"
#include "tally/claim.h"
#include "tally/pipeline.h"
#include "tally/toll.h"

namespace tally {

struct CountScore {
  Measure measure = Measure::kKilled;
  size_t coded = 0;          // records that code the measure
  size_t exact = 0, within_one = 0;
  size_t written = 0;        // coded above 0 and written in the text
  size_t written_exact = 0;  // ... and the toll is exact
  size_t zero = 0;           // coded 0
  size_t zero_false = 0;     // ... with a toll above 0
};

// A record whose toll is not the coded count, with what tally read in it.
struct CountMiss {
  std::string id, origin;
  Measure measure = Measure::kKilled;
  int64_t gold = 0;
  int64_t found = 0;
  bool written = false;  // the coded figure is written in the text: the miss counts against reach
  std::string text;      // the text as cleaned
  std::vector<Claim> claims;
  std::vector<Toll> tolls;
};

struct CountsReport {
  std::string path;
  size_t records = 0;              // records scored
  std::vector<CountScore> scores;  // killed, then wounded
  std::vector<CountMiss> misses;   // only when CountsOptions::misses
};

struct CountsOptions {
  bool misses = false;
  TollChoice choice = TollChoice::kLargest;
  IngestOptions ingest;
};

// Scores every record of the file at path. A record that cannot be read or has no usable
// "gold" goes to on_problem and is not scored; on_record(bytes) follows each scored record.
CountsReport EvalCountsFile(const Pipeline& pipeline, const std::string& path, const CountsOptions& options,
                            const ProblemHandler& on_problem, const std::function<void(size_t)>& on_record);

// The scores as a table, one block a file, and the mean reach over every file and measure that
// has a count written in its text: "mean reach 0.631 over 7 file-measures".
std::string RenderCountsText(const std::vector<CountsReport>& reports);
// The same as tab-separated rows with a header, for scripts.
std::string RenderCountsTsv(const std::vector<CountsReport>& reports);
// Every miss of a file: the record, the coded and found counts, the text and the claims found.
std::string RenderCountMisses(const CountsReport& report);

}  // namespace tally
