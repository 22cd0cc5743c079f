// Ingest into a ledger: the policy that moves documents from input to a Store, and the loop that
// applies it (reading, the pipeline on a pool of workers, storing in input order, in batches).
//
// Input:  paths (ingest.h), a Pipeline, a ledger path and an IngestPolicy.
// Output: each readable document's claims stored (store.h) in input order; an IngestSummary;
//         every rejected input and every ledger failure reported as a Problem.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/ordered_pool.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "tally/pipeline.h"

namespace tally {

// How documents travel from input to ledger.
struct IngestPolicy {
  // Documents worked on at once (the --jobs pool); results are stored in input order.
  size_t jobs = 1;
  // Input bytes between reading and storing; past it, one more document at most. Bounds memory.
  size_t bytes_in_flight = size_t{64} << 20;
  // Documents committed in one transaction, each in a savepoint of its own. Bounds what a crash
  // loses and how long a second writer waits for its turn.
  size_t documents_per_batch = 256;
};

// Where documents come from: calls on_document for each article, on_problem for each input it
// rejects and on_skipped (when set) for records it passes over on purpose (an archive's
// non-pages). Paths (ReadInputs) are one source; pages fetched over HTTP (src/fetch) another.
using DocumentSource = std::function<void(const DocumentHandler& on_document, const ProblemHandler& on_problem,
                                          const SkipHandler& on_skipped)>;

// The source that reads paths (ReadInputs).
DocumentSource PathSource(const std::vector<std::string>& paths, const IngestOptions& options);

// Runs work over every document of source on policy.jobs threads and emit over the results in
// input order, on the calling thread. Returns the number of problems passed to on_problem.
template <typename Out>
size_t ForEachDocumentInOrder(const DocumentSource& source, const IngestPolicy& policy,
                              std::function<Out(RawDocument&&)> work, std::function<void(Out&&)> emit,
                              const ProblemHandler& on_problem, const SkipHandler& on_skipped = {}) {
  OrderedPool<RawDocument, Out> pool(
      policy.jobs, std::move(work), std::move(emit), [](const RawDocument& raw) { return raw.size(); },
      policy.bytes_in_flight);
  size_t problems = 0;
  source([&](RawDocument&& raw) { pool.Submit(std::move(raw)); },
         [&](const Problem& p) {
           ++problems;
           on_problem(p);
         },
         on_skipped);
  pool.Finish();
  return problems;
}

// The same over paths.
template <typename Out>
size_t ForEachDocumentInOrder(const std::vector<std::string>& paths, const IngestOptions& options,
                              const IngestPolicy& policy, std::function<Out(RawDocument&&)> work,
                              std::function<void(Out&&)> emit, const ProblemHandler& on_problem,
                              const SkipHandler& on_skipped = {}) {
  return ForEachDocumentInOrder<Out>(PathSource(paths, options), policy, std::move(work), std::move(emit), on_problem,
                                     on_skipped);
}

struct IngestSummary {
  size_t added = 0, replaced = 0, unchanged = 0, claims = 0;
  size_t failed = 0;     // documents the ledger did not take
  size_t refused = 0;    // documents whose id the ledger holds with other content (not replacing)
  size_t problems = 0;   // inputs rejected, ledger failures included
  size_t skipped = 0;    // archive records that are not pages (ingest.h, Skipped)
  bool stopped = false;  // the ledger refused a write: no later document was stored
};

struct IngestEvents {
  ProblemHandler on_problem;  // an input or the ledger refused: where and why
  std::function<void(const std::string& where, const std::vector<std::string>& notes)> on_notes;
  std::function<void(size_t bytes)> on_stored;  // one document done (progress)
};

// Ingests paths into the ledger at db. The ledger is opened when the first document is ready,
// so an ingest that reads nothing creates nothing. A document whose id an earlier document of
// the same run had, with other content, is refused: otherwise the two would replace each other
// on every re-run. So is one whose id the ledger holds with other content, unless
// options.replace is set.
IngestSummary IngestIntoLedger(const Pipeline& pipeline, const std::vector<std::string>& paths,
                               const IngestOptions& options, const std::string& db, const Stamp& stamp,
                               const IngestPolicy& policy, const IngestEvents& events);
// The same for documents from any source (options.max_document_bytes is then the source's own
// business). The ledger is closed again when it returns.
IngestSummary IngestIntoLedger(const Pipeline& pipeline, const DocumentSource& source, const IngestOptions& options,
                               const std::string& db, const Stamp& stamp, const IngestPolicy& policy,
                               const IngestEvents& events);

}  // namespace tally
