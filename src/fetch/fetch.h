// fetch: follows feeds and URLs into a ledger (tally fetch).
//
// Input:  arguments, each a feed (RSS, Atom, JSON Feed, sitemap; a URL or a local file) or a
//         page URL; a Pipeline; a ledger; FetchOptions.
// Output: every new or changed article page stored through ingest's batch writer
//         (src/ingest/batch.h) under the id DocumentIdForUrl(its final canonical URL), with
//         url = that canonical URL; a FetchRecord per URL asked for (store.h); a FetchRound
//         summary per round; every failure reported as a Problem {URL, why}, never stopping
//         the run.
// Incremental: a feed item whose URL the ledger has a record of is not requested again unless
// FetchOptions::refresh (then conditionally); a URL named directly is always asked for
// conditionally (If-None-Match / If-Modified-Since from its record), and a 304 stores nothing.
// The network is behind HttpClient (http.h), which owns politeness (robots.txt, delays,
// concurrency, retries).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "fetch/http.h"
#include "ingest/batch.h"
#include "store/store.h"
#include "tally/pipeline.h"

namespace tally {

struct FetchOptions {
  HttpPolicy http;
  bool refresh = false;              // ask again (conditionally) for feed items seen before
  size_t max_sitemaps = 50;          // a sitemap index's children followed, per argument
  size_t max_items_per_feed = 50000;
  std::chrono::seconds every{0};     // > 0: a round, then another this long after it began, until stopped
  size_t jobs = 1;                   // documents extracted at once (IngestPolicy::jobs)
};

// One round over every argument.
struct FetchRound {
  size_t round = 0;
  size_t feeds = 0;      // feeds read (a sitemap index's sitemaps included)
  size_t feeds_not_modified = 0;  // feeds that answered 304: they list nothing new
  size_t seen = 0;       // article URLs listed by the feeds read or named directly (distinct)
  size_t added = 0;      // documents new to the ledger, or changed and replaced
  size_t unchanged = 0;  // articles not requested (seen before), 304 Not Modified, or the same content
  size_t failed = 0;     // URLs or feeds that failed (each reported)
  size_t requests = 0;   // HTTP requests sent (robots.txt, retries and redirect hops included)
};

struct FetchEvents {
  ProblemHandler on_problem;  // {URL or path, why}
  std::function<void(const std::string& where, const std::vector<std::string>& notes)> on_notes;
  std::function<void(const FetchRound&)> on_round;
};

struct FetchSummary {
  size_t rounds = 0, added = 0, unchanged = 0, failed = 0;
  bool stopped_by_ledger = false;  // the ledger refused a write: the run stopped
};

// Runs one round, or rounds every options.every until stop becomes true (then the round under
// way is cut short: what it stored stays committed; what it had not stored is asked for again
// next time). Returns the totals.
FetchSummary FetchIntoLedger(const Pipeline& pipeline, const std::vector<std::string>& arguments,
                             const FetchOptions& options, const std::string& db, const Stamp& stamp,
                             const FetchEvents& events, const std::atomic<bool>& stop);

// The same, stopped by SIGINT or SIGTERM (the handlers are tally's while it runs): a clean stop,
// committed work kept. For the command line.
FetchSummary FetchUntilSignal(const Pipeline& pipeline, const std::vector<std::string>& arguments,
                              const FetchOptions& options, const std::string& db, const Stamp& stamp,
                              const FetchEvents& events);

// Bytes of a fetched page as UTF-8: the charset of content_type, else of the page's <meta>,
// else UTF-8 when they are valid UTF-8, else windows-1252 (what browsers assume).
// InvalidInput when the named charset is unknown.
Result<std::string> PageToUtf8(std::string_view bytes, std::string_view content_type);

// The User-Agent: tally's product token and version ("tally 0.1.0" -> "tally/0.1.0"), and a
// contact (URL or address) for site owners when given: "tally/0.1.0 (+https://...)".
std::string FetchUserAgent(std::string_view version, std::string_view contact);

// "15m", "1h", "30s", "2h30m" as seconds; nullopt when malformed or zero.
std::optional<std::chrono::seconds> ParseInterval(std::string_view s);

}  // namespace tally
