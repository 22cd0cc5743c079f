// The tally command line: one short function per subcommand over libtally.
// Exit status: 0 all input read, 1 some input rejected (each problem is on stderr), 2 usage.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "cli/help.h"
#include "cli/progress.h"
#include "eval/counts.h"
#include "eval/eval_html.h"
#include "fetch/fetch.h"
#include "ingest/batch.h"
#include "ingest/ingest.h"
#include "output/output.h"
#include "reconcile/reconcile.h"
#include "reconcile/stored_reconciliation.h"
#include "review/reviewed_tolls.h"
#include "report/report.h"
#include "serve/access.h"
#include "serve/serve.h"
#include "store/copy.h"
#include "store/store.h"
#include "tally/pipeline.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitSomeRejected = 1;
constexpr int kExitUsage = 2;

struct Common {
  std::vector<std::string> paths;
  std::string data_dir;
  size_t jobs = 1;  // documents worked on at once (extract, ingest)
  bool replace = false;  // a repeated id with different content replaces (ingest)
  tally::Limits limits;
};

// Messages about limits applied to a document (tally/limits.h): on stderr, not failures.
void PrintNotes(const std::string& where, const std::vector<std::string>& notes) {
  for (const std::string& n : notes) std::fprintf(stderr, "tally: %s: note: %s\n", where.c_str(), n.c_str());
}

// Records of an archive that are not pages (WARC: non-HTML, non-2xx): a note, not a problem.
void PrintSkipped(const tally::Skipped& s) { PrintNotes(s.where, {s.note}); }

// Reports problems on stderr and remembers that there were some.
class Reporter {
 public:
  void Problem(const tally::Problem& p) {
    ++count_;
    std::fprintf(stderr, "tally: %s: %s\n", p.where.c_str(), p.status.message().c_str());
  }
  int ExitCode() const { return count_ ? kExitSomeRejected : kExitOk; }

 private:
  size_t count_ = 0;
};

// Standard output refused a write (a full disk, say): the command stops, exit 1.
struct OutputFailed {};

void Write(const std::string& s) {
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) throw OutputFailed();
}

// Runs fn over every document of the inputs; returns the exit status.
template <typename Fn>
int ForEachDocument(const Common& c, Fn&& fn) {
  Reporter reporter;
  tally::ReadInputs(
      c.paths, tally::IngestOptions{c.limits.max_document_bytes, c.replace, c.limits.stream_html_above_bytes}, [&](tally::RawDocument&& raw) { fn(std::move(raw)); },
      [&](const tally::Problem& p) { reporter.Problem(p); }, PrintSkipped);
  std::fflush(stdout);
  return reporter.ExitCode();
}

// Runs work over every document on c.jobs threads and emit over the results in input order, on
// this thread; returns the exit status (src/ingest/batch.h).
template <typename Out>
int ForEachDocumentParallel(const Common& c, std::function<Out(tally::RawDocument&&)> work,
                            std::function<void(Out&&)> emit) {
  Reporter reporter;
  tally::ForEachDocumentInOrder<Out>(c.paths, tally::IngestOptions{c.limits.max_document_bytes, c.replace, c.limits.stream_html_above_bytes},
                                     tally::IngestPolicy{.jobs = c.jobs}, std::move(work), std::move(emit),
                                     [&](const tally::Problem& p) { reporter.Problem(p); }, PrintSkipped);
  return reporter.ExitCode();
}

int RunClean(const tally::Pipeline& pipeline, const Common& c, bool show, bool spans, bool meta) {
  const bool many = c.paths.size() > 1 || (c.paths.size() == 1 && c.paths[0] != "-" &&
                                           std::filesystem::is_directory(c.paths[0]));
  return ForEachDocument(c, [&](tally::RawDocument&& raw) {
    tally::Document doc = pipeline.Clean(std::move(raw));
    PrintNotes(doc.origin, doc.notes);
    if (spans) return Write(tally::RenderSpans(doc));
    if (meta) return Write(tally::RenderMetaJson(doc));
    if (many) Write("==> " + doc.id + " <==\n");
    Write(tally::RenderClean(doc, show));
  });
}

int RunNumbers(const tally::Pipeline& pipeline, const Common& c, bool counts_only) {
  std::string out;
  return ForEachDocument(c, [&](tally::RawDocument&& raw) {
    tally::Document doc = pipeline.Prepare(std::move(raw));
    PrintNotes(doc.origin, doc.notes);
    out.clear();
    for (const tally::Quantity& q : doc.quantities) {
      if (counts_only && q.type != tally::QuantityType::kCount) continue;
      tally::AppendQuantityJson(doc, q, &out);
      out.push_back('\n');
    }
    Write(out);
  });
}

// One document's output, made on a worker thread and written in input order.
struct Rendered {
  std::string where, out;
  std::vector<std::string> notes;
};

int RunExtract(const tally::Pipeline& pipeline, const Common& c, bool annotate, bool tolls, bool explain) {
  // stdio gives a file or pipe a buffer of 4 KiB, about ten claim lines: 64 KiB makes a sixteenth
  // of the write calls (a terminal keeps its line buffering). glibc takes the size only with a
  // buffer; a static one outlives the flush at exit.
  static char out_buffer[size_t{1} << 16];
  if (!isatty(STDOUT_FILENO)) std::setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
  std::function<Rendered(tally::RawDocument&&)> work = [&](tally::RawDocument&& raw) {
    tally::Document doc = pipeline.Prepare(std::move(raw));
    Rendered r{doc.origin, {}, std::move(doc.notes)};
    std::vector<tally::Claim> claims = pipeline.Extract(doc, nullptr, &r.notes);
    if (explain) {
      r.out = pipeline.Explain(doc);
      return r;
    }
    if (annotate) {
      r.out = "==> " + doc.id + " <==\n" + tally::RenderAnnotated(doc, claims);
      return r;
    }
    for (const tally::Claim& claim : claims) {
      tally::AppendClaimJson(claim, &r.out);
      r.out.push_back('\n');
    }
    if (tolls)
      for (const tally::Toll& toll : pipeline.Tolls(doc, claims)) {
        tally::AppendTollJson(toll, &r.out);
        r.out.push_back('\n');
      }
    return r;
  };
  return ForEachDocumentParallel<Rendered>(c, work, [](Rendered&& r) {
    PrintNotes(r.where, r.notes);
    Write(r.out);
  });
}

constexpr const char* kExtractorVersion = "tally 0.1.0";

// "LEDGER: message", the ledger named as messages name it (no password), once: a store's
// message may start with that name already.
std::string AboutLedger(const std::string& db, const std::string& message) {
  const std::string name = tally::LedgerName(db);
  if (message.rfind(name + ": ", 0) == 0) return message;
  return name + ": " + message;
}

int RunIngest(const tally::Pipeline& pipeline, const Common& c, const std::string& db, bool quiet) {
  Progress progress(c.paths, !quiet);
  Reporter reporter;
  tally::IngestEvents events{[&](const tally::Problem& p) { reporter.Problem(p); }, PrintNotes,
                             [&](size_t bytes) { progress.Done(bytes); }};
  const tally::IngestSummary sum =
      tally::IngestIntoLedger(pipeline, c.paths, tally::IngestOptions{c.limits.max_document_bytes, c.replace, c.limits.stream_html_above_bytes}, db,
                              {kExtractorVersion, pipeline.lexicon_hash()}, tally::IngestPolicy{.jobs = c.jobs}, events);
  progress.Finish();
  if (sum.stopped) {
    std::fprintf(stderr, "tally: %s: stopped; every document stored before is intact\n", tally::LedgerName(db).c_str());
    return kExitSomeRejected;
  }
  if (!quiet)
    std::fprintf(stderr, "tally: %s: %zu added, %zu replaced, %zu unchanged, %zu claims written%s%s%s\n", tally::LedgerName(db).c_str(),
                 sum.added, sum.replaced, sum.unchanged, sum.claims,
                 sum.failed ? (", " + std::to_string(sum.failed) + " failed").c_str() : "",
                 sum.refused ? (", " + std::to_string(sum.refused) + " refused (id taken)").c_str() : "",
                 sum.skipped ? (", " + std::to_string(sum.skipped) + " archive records skipped (see the notes)").c_str() : "");
  if (!quiet && sum.added + sum.replaced + sum.unchanged > 0) {
    const std::string db_arg = db == "tally.db" ? "" : " --db " + tally::LedgerName(db);
    std::fprintf(stderr, "tally: next: tally ledger%s (the figures by source), tally report%s -o report.html (a page to open)\n",
                 db_arg.c_str(), db_arg.c_str());
  }
  return reporter.ExitCode();
}

int RunFetch(const tally::Pipeline& pipeline, const std::vector<std::string>& arguments,
             const tally::FetchOptions& options, const std::string& db) {
  Reporter reporter;
  tally::FetchEvents events;
  events.on_problem = [&](const tally::Problem& p) { reporter.Problem(p); };
  events.on_notes = PrintNotes;
  events.on_round = [&](const tally::FetchRound& r) {
    std::fprintf(stderr,
                 "tally: fetch: round %zu: %zu items seen, %zu new, %zu unchanged, %zu failed (%zu feeds read, %zu not "
                 "modified; %zu requests)\n",
                 r.round, r.seen, r.added, r.unchanged, r.failed, r.feeds, r.feeds_not_modified, r.requests);
  };
  const tally::FetchSummary sum =
      tally::FetchUntilSignal(pipeline, arguments, options, db, {kExtractorVersion, pipeline.lexicon_hash()}, events);
  if (sum.stopped_by_ledger) {
    std::fprintf(stderr, "tally: %s: stopped; every document stored before is intact\n", tally::LedgerName(db).c_str());
    return kExitSomeRejected;
  }
  return sum.failed ? kExitSomeRejected : reporter.ExitCode();
}

// For --verbose: the CPU seconds and peak memory so far, at the end of a stage.
void PrintUsage(const std::string& db, std::string_view stage) {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  std::fprintf(stderr, "tally: %s: %.*s: %.1f CPU-s so far, peak %ld MB\n", tally::LedgerName(db).c_str(),
               static_cast<int>(stage.size()), stage.data(), seconds(u.ru_utime) + seconds(u.ru_stime), u.ru_maxrss / 1024);
}

// What the ledger holds, reconciled: the common ground of reconcile, ledger and report.
struct Ledger {
  std::vector<tally::StoredDocument> docs;
  // The claims whole, for the ledger's rows and the report; or, for reconcile's JSON (TextNeed::
  // kNone without tolls), only their compact records (claim_table: a million whole claims are
  // 600 MB, their records 80), and claims is empty. The reconciliation's indexes are into either.
  std::vector<tally::StoredClaim> claims;
  tally::ClaimTable claim_table;
  std::vector<tally::StoredName> names;
  std::vector<tally::Toll> tolls;
  tally::Reconciliation reconciliation;
  // With TextNeed::kStreamed and documents read without text: the ledger, its read snapshot still
  // open, to hand over the texts one at a time (Texts); the snapshot ends when the connection
  // closes with the Ledger.
  std::shared_ptr<tally::Store> store;
  std::string db;
  // Calls each(id, text) for every document, in the snapshot the rest was read in; nothing when
  // the documents came with their texts (docs has them). Throws when the ledger cannot be read.
  void Texts(const std::function<void(std::string_view, std::string_view)>& each) const {
    if (!store) return;
    if (tally::Status s = store->DocumentTexts(each); !s.ok()) throw std::runtime_error(AboutLedger(db, s.message()));
  }
};

// What an output needs of the documents' texts: none, all in memory, or one at a time after the
// reconciliation (a big ledger's texts are half a gigabyte; the ledger's rows quote one sentence
// of a few of them).
enum class TextNeed { kNone, kAll, kStreamed };

// Reads and reconciles db; on failure prints why and returns the exit status in *code.
// The reconciliation is the one stored in the ledger when nothing changed since it was computed
// (texts are then read only when the output quotes them); else the texts are read, and the
// reconciliation computed and stored for the next reader. verbose: says which on stderr.
// with_tolls: the output shows the documents' tolls (else they are not read: reconcile and the
// ledger's rows need none, and a big ledger has half a million).
std::optional<Ledger> LoadLedger(const std::string& data_dir, const std::string& db, TextNeed text_need, bool with_tolls,
                                 int* code, bool verbose = false, bool full = false) {
  *code = kExitSomeRejected;
  tally::Result<std::unique_ptr<tally::Store>> opened = tally::OpenStore(db, tally::OpenMode::kReadOnly);
  tally::Result<std::shared_ptr<tally::Store>> store =
      opened.ok() ? tally::Result<std::shared_ptr<tally::Store>>(std::shared_ptr<tally::Store>(std::move(*opened)))
                  : tally::Result<std::shared_ptr<tally::Store>>(opened.status());
  if (!store.ok()) {
    const bool missing = store.status().code() == tally::Status::Code::kNotFound;
    std::fprintf(stderr, "tally: %s%s\n", store.status().message().c_str(),
                 missing ? ": no documents yet: run tally ingest" : "");
    return std::nullopt;
  }
  const std::string parties = data_dir + "/lexicon/en/parties.tsv";
  const std::string key = tally::ReconcileKey(parties, tally::ProgramFingerprint());
  const auto started = std::chrono::steady_clock::now();
  auto stage = [&](std::string_view name) {
    if (verbose) PrintUsage(db, name);
  };
  // one snapshot: an ingest committing meanwhile changes none of them
  const tally::Status begin = (*store)->BeginRead();
  auto generation = (*store)->Generation();
  // reconcile's JSON needs a dozen fields of each claim: read one at a time into their records
  const bool whole_claims = text_need != TextNeed::kNone || with_tolls;
  tally::ClaimTable claim_table;
  // rejected claims too: they take their documents' tolls with them (review/reviewed_tolls.h)
  auto claims = whole_claims ? (*store)->Claims(tally::ClaimReading::kReviewedWithRejected)
                             : tally::Result<std::vector<tally::StoredClaim>>(std::vector<tally::StoredClaim>{});
  if (!whole_claims) {
    if (tally::Status s = (*store)->ForEachClaim(tally::ClaimReading::kReviewed,
                                                 [&](const tally::StoredClaim& c) { claim_table.Add(c); });
        !s.ok())
      claims = s;
    claim_table.ShrinkToFit();
  }
  const size_t kept = !claims.ok()    ? 0
                      : !whole_claims ? claim_table.size()
                                      : static_cast<size_t>(std::count_if(claims->begin(), claims->end(), [](const tally::StoredClaim& c) {
                                          return c.review != tally::ReviewState::kRejected;
                                        }));
  stage("claims read");
  // with their texts at once when the output quotes them or reviewed tolls are computed from
  // them again: read twice, a big ledger's texts cost seconds
  const bool review_tolls = with_tolls && claims.ok() && tally::TollsNeedReview(*claims);
  const bool needs_text = text_need == TextNeed::kAll || review_tolls;
  // the texts are read after the reconciliation, in this snapshot, which stays open till then
  const bool stream_later = text_need == TextNeed::kStreamed && !needs_text;
  auto docs = (*store)->Documents(needs_text);
  auto tolls = with_tolls ? (*store)->Tolls() : tally::Result<std::vector<tally::Toll>>(std::vector<tally::Toll>{});
  auto decisions = (*store)->EntityDecisions();
  stage(std::string(needs_text ? "documents (with texts)" : "documents") + (with_tolls ? " and tolls read" : " read"));
  std::optional<tally::Reconciliation> stored;
  std::optional<tally::EarlierReconciliation> earlier;
  if (generation.ok() && docs.ok() && claims.ok()) {
    // the JSON lists every disagreement; the ledger's rows and the report show none of the pairs,
    // nor the events' members, the entities' documents and other parts only the JSON has
    if (!full)  // --full computes afresh even when a result is stored at this generation
      stored = tally::ReadStoredReconciliation(**store, *generation, key, docs->size(), kept,
                                             text_need == TextNeed::kNone ? tally::StoredDetail::kAll
                                                                          : tally::StoredDetail::kShown);
    stage(stored ? "stored reconciliation read" : "no stored reconciliation to reuse");
    // an earlier reconciliation to resume from when documents were only added (--full: none)
    if (!stored && decisions.ok()) {
      std::string why;
      if (full) why = "--full: computed from scratch";
      else {
        // the ledger's rows and the report read the claims whole: their records, for the count only
        std::optional<tally::ClaimTable> of_claims;
        if (whole_claims) of_claims.emplace(*claims);
        earlier = tally::ReadEarlierReconciliation(**store, *generation, key, *docs, of_claims ? *of_claims : claim_table,
                                                   !decisions->empty(), &why);
      }
      if (verbose)
        std::fprintf(stderr, "tally: %s: %s%s\n", tally::LedgerName(db).c_str(), why.c_str(),
                     earlier ? ": resuming from it with the added documents"
                             : full ? "" : ": computed in full");
      stage(earlier ? "earlier reconciliation and checkpoint read" : "changes since the stored reconciliation read");
    }
  }
  // Reconcile reads the texts (events, how figures are framed) one at a time, in this snapshot:
  // the read ends once it has read them
  const bool stream_texts = docs.ok() && !stored && !needs_text;
  // the names only matter to a reconciliation computed now (1.5 million rows at 100,000
  // articles): read by Reconcile one at a time in this snapshot when it stays open, else now
  auto names = stored || stream_texts ? tally::Result<std::vector<tally::StoredName>>(std::vector<tally::StoredName>{})
                                      : (*store)->Names();
  const tally::Status end = stream_texts || stream_later ? tally::Status() : (*store)->EndRead();
  for (const tally::Status* s : {&begin, &generation.status(), &docs.status(), &claims.status(), &names.status(),
                                 &tolls.status(), &decisions.status(), &end})
    if (!s->ok()) {
      std::fprintf(stderr, "tally: %s\n", AboutLedger(db, s->message()).c_str());
      return std::nullopt;
    }
  if (docs->empty()) std::fprintf(stderr, "tally: %s: no documents yet: run tally ingest\n", tally::LedgerName(db).c_str());
  if (review_tolls) {
    try {
      const tally::Pipeline pipeline(data_dir);
      *tolls = tally::ReviewedTolls(pipeline, *docs, *claims, std::move(*tolls));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "tally: %s\n", e.what());
      *code = kExitUsage;
      return std::nullopt;
    }
  }
  std::erase_if(*claims, [](const tally::StoredClaim& c) { return c.review == tally::ReviewState::kRejected; });
  Ledger l{std::move(*docs), std::move(*claims), std::move(claim_table), std::move(*names), std::move(*tolls), {}, nullptr, db};
  if (stream_later && begin.ok()) l.store = *store;
  tally::ReconcileReuse reuse;
  tally::ReconcileOptions options;
  options.entity_decisions = std::move(*decisions);
  if (verbose) {
    PrintUsage(db, "ledger read");
    options.on_stage = [&](std::string_view stage) { PrintUsage(db, stage); };
  }
  try {
    if (stored) {
      l.reconciliation = std::move(*stored);
      reuse.reused = true;
    } else {
      if (stream_texts) {
        options.names = [&](const std::function<void(const tally::StoredName&)>& each) {
          if (tally::Status s = (*store)->ForEachName(each); !s.ok()) throw std::runtime_error(AboutLedger(db, s.message()));
        };
        // a resume reads the added documents' names and texts only
        options.names_of = [&](const std::vector<std::string>& ids, const std::function<void(const tally::StoredName&)>& each) {
          if (tally::Status s = (*store)->ForEachNameOf(ids, each); !s.ok()) throw std::runtime_error(AboutLedger(db, s.message()));
        };
        options.texts_of = [&](const std::vector<std::string>& ids,
                               const std::function<void(std::string_view, std::string_view)>& each) {
          tally::Status s = (*store)->DocumentTextsOf(ids, each);
          if (tally::Status e = stream_later ? tally::Status() : (*store)->EndRead(); s.ok()) s = e;
          if (!s.ok()) throw std::runtime_error(AboutLedger(db, s.message()));
        };
      }
      if (stream_texts)
        options.texts = [&](const std::function<void(std::string_view, std::string_view)>& each) {
          tally::Status s = (*store)->DocumentTexts(each);
          if (tally::Status e = stream_later ? tally::Status() : (*store)->EndRead(); s.ok()) s = e;
          if (!s.ok()) throw std::runtime_error(AboutLedger(db, s.message()));
        };
      // the ledger's rows and the report hold the claims whole: their records only while reconciling
      std::optional<tally::ClaimTable> of_claims;
      if (whole_claims) of_claims.emplace(l.claims);
      l.reconciliation = tally::ReconcileAndStore(
          *generation, key, l.docs, whole_claims ? *of_claims : l.claim_table, l.names, parties,
          [&] { return tally::OpenStore(db, tally::OpenMode::kWriteIfFree); }, &reuse, options, std::move(earlier));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally: %s\n", e.what());
    *code = kExitUsage;
    return std::nullopt;
  }
  if (verbose && !reuse.reused) PrintUsage(db, "reconciliation encoded");
  if (verbose && !reuse.why_not_resumed.empty())
    std::fprintf(stderr, "tally: %s: not resumed (%s): computed in full\n", tally::LedgerName(db).c_str(),
                 reuse.why_not_resumed.c_str());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (verbose)
    std::fprintf(stderr, "tally: %s: ledger read and reconciliation %s in %.2f s%s%s\n", tally::LedgerName(db).c_str(),
                 reuse.reused ? "read back from it" : reuse.resumed ? "resumed" : "computed", seconds,
                 reuse.reused || reuse.stored ? "" : ", not stored: ", reuse.why_not_stored.c_str());
  *code = kExitOk;
  return l;
}

int RunReconcile(const std::string& data_dir, const std::string& db, bool verbose, bool full) {
  int code;
  std::optional<Ledger> l = LoadLedger(data_dir, db, TextNeed::kNone, false, &code, verbose, full);  // the JSON quotes claims, not texts
  if (!l) return code;
  tally::WriteReconciliationJson(l->reconciliation, l->docs, l->claim_table, [](std::string_view piece) {
    if (std::fwrite(piece.data(), 1, piece.size(), stdout) != piece.size()) throw OutputFailed();
  });
  Write("\n");
  return code;
}

int RunLedger(const std::string& data_dir, const std::string& db, const std::string& format, bool tolls, bool verbose) {
  if (tolls && format != "csv") {
    std::fprintf(stderr, "tally: ledger --tolls is written as CSV only (--format csv)\n");
    return kExitUsage;
  }
  int code;
  std::optional<Ledger> l = LoadLedger(data_dir, db, TextNeed::kStreamed, tolls, &code, verbose);  // rows quote the evidence
  if (!l) return code;
  if (tolls) {
    Write(tally::TollCsv(l->docs, l->tolls));
    return kExitOk;
  }
  tally::LedgerInput input{l->docs, l->claims, l->reconciliation};
  input.texts = [&](const std::function<void(std::string_view, std::string_view)>& each) { l->Texts(each); };
  std::vector<tally::LedgerRow> rows = tally::LedgerRows(input);
  if (format == "csv") Write(tally::LedgerCsv(rows));
  else if (format == "json") Write(tally::LedgerJson(rows, false));
  else if (format == "jsonl") Write(tally::LedgerJson(rows, true));
  else if (!isatty(STDOUT_FILENO)) Write(tally::LedgerText(rows, false));
  else Write(tally::LedgerText(rows, !std::getenv("NO_COLOR")) + tally::LedgerLegend(rows));
  return kExitOk;
}

int RunReport(const std::string& data_dir, const std::string& db, const std::string& out_path, bool verbose) {
  int code;
  // every claim quotes its sentence: the texts are handed over one at a time as the claims are
  // written (a big ledger's texts are half a gigabyte; only a sentence of each is shown)
  std::optional<Ledger> l = LoadLedger(data_dir, db, TextNeed::kStreamed, true, &code, verbose);
  if (!l) return code;
  const std::string template_path = data_dir + "/templates/report.html";
  std::ifstream in(template_path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "tally: %s: cannot read the report template\n", template_path.c_str());
    return kExitUsage;
  }
  std::stringstream tmpl;
  tmpl << in.rdbuf();
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  tally::LedgerInput input{l->docs, l->claims, l->reconciliation, &l->tolls};
  input.texts = [&](const std::function<void(std::string_view, std::string_view)>& each) { l->Texts(each); };
  try {
    tally::WriteHtmlReport(input, tmpl.str(),
                           [&](std::string_view piece) { out.write(piece.data(), static_cast<std::streamsize>(piece.size())); });
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally: %s\n", e.what());
    return kExitSomeRejected;
  }
  out.close();
  if (!out) {
    std::fprintf(stderr, "tally: %s: cannot write the report\n", out_path.c_str());
    return kExitSomeRejected;
  }
  std::error_code ec;
  const std::filesystem::path full = std::filesystem::absolute(out_path, ec);
  std::fprintf(stderr, "tally: report written to %s: open it in a browser (file://%s)\n", out_path.c_str(),
               ec ? out_path.c_str() : full.c_str());
  return kExitOk;
}

int RunServe(const tally::Pipeline& pipeline, const std::string& data_dir, tally::ServeOptions options) {
  options.parties_tsv = data_dir + "/lexicon/en/parties.tsv";
  options.stamp = {kExtractorVersion, pipeline.lexicon_hash()};
  tally::Server server(pipeline, options);
  if (tally::Status s = server.Open(); !s.ok()) {
    std::fprintf(stderr, "tally: %s\n", AboutLedger(options.db, s.message()).c_str());
    return kExitSomeRejected;
  }
  std::fprintf(stderr, "tally: serving %s on http://%s:%d/ (Ctrl-C stops)\n", tally::LedgerName(options.db).c_str(), options.bind.c_str(),
               server.port());
  if (tally::Status s = tally::ServeUntilSignal(server); !s.ok()) {
    std::fprintf(stderr, "tally: serve: %s\n", s.message().c_str());
    return kExitSomeRejected;
  }
  std::fprintf(stderr, "tally: serve: stopped\n");
  return kExitOk;
}

int RunUsersAdd(const std::string& db, const std::string& name) {
  tally::Result<std::unique_ptr<tally::Store>> store = tally::OpenStore(db);
  if (!store.ok()) {
    std::fprintf(stderr, "tally: %s\n", store.status().message().c_str());
    return kExitSomeRejected;
  }
  tally::Result<std::string> token = tally::AddReviewer(**store, name);
  if (!token.ok()) {
    std::fprintf(stderr, "tally: %s\n", AboutLedger(db, token.status().message()).c_str());
    return token.status().code() == tally::Status::Code::kUsage ? kExitUsage : kExitSomeRejected;
  }
  // the token is shown once, as the last word: the ledger keeps only its hash
  Write("reviewer " + name + " added to " + tally::LedgerName(db) + "; keep this token, it is not shown again: " + *token + "\n");
  return kExitOk;
}

int RunDbMigrate(const std::string& db) {
  tally::Result<tally::SchemaVersions> before = tally::LedgerSchemaVersion(db);
  if (!before.ok()) {
    std::fprintf(stderr, "tally: %s\n", before.status().message().c_str());
    return kExitSomeRejected;
  }
  if (before->ledger > before->latest) {
    std::fprintf(stderr, "tally: %s: the ledger's schema version %d is newer than this tally knows (%d): use a newer tally\n",
                 tally::LedgerName(db).c_str(), before->ledger, before->latest);
    return kExitSomeRejected;
  }
  tally::Result<std::unique_ptr<tally::Store>> store = tally::OpenStore(db);  // a writer migrates on open
  if (!store.ok()) {
    std::fprintf(stderr, "tally: %s\n", store.status().message().c_str());
    return kExitSomeRejected;
  }
  store->reset();
  if (before->ledger == before->latest)
    std::fprintf(stderr, "tally: %s: schema version %d, up to date\n", tally::LedgerName(db).c_str(), before->latest);
  else
    std::fprintf(stderr, "tally: %s: schema migrated from version %d to %d\n", tally::LedgerName(db).c_str(), before->ledger, before->latest);
  return kExitOk;
}

int RunDbCopy(const std::string& from, const std::string& to) {
  tally::Result<tally::CopySummary> copied = tally::CopyLedger(from, to);
  if (!copied.ok()) {
    std::fprintf(stderr, "tally: db copy: %s\n", copied.status().message().c_str());
    return copied.status().code() == tally::Status::Code::kUsage ? kExitUsage : kExitSomeRejected;
  }
  std::string counts;
  for (const auto& [table, rows] : copied->tables) counts += (counts.empty() ? "" : ", ") + std::to_string(rows) + " " + table;
  std::fprintf(stderr, "tally: db copy: %s\n", counts.c_str());
  return kExitOk;
}

int RunEvalCounts(const tally::Pipeline& pipeline, const Common& c, const tally::CountsOptions& options,
                  const std::string& format) {
  Reporter reporter;
  std::vector<tally::CountsReport> reports;
  for (const std::string& path : c.paths) {
    Progress progress({path}, true);
    reports.push_back(tally::EvalCountsFile(
        pipeline, path, options, [&](const tally::Problem& p) { reporter.Problem(p); },
        [&](size_t bytes) { progress.Done(bytes); }));
    progress.Finish();
    std::fprintf(stderr, "tally: eval counts: %s: %zu records scored\n", path.c_str(), reports.back().records);
    if (options.misses) Write(tally::RenderCountMisses(reports.back()));
  }
  Write(format == "tsv" ? tally::RenderCountsTsv(reports) : tally::RenderCountsText(reports));
  std::fflush(stdout);
  return reporter.ExitCode();
}

int RunEvalHtml(const tally::Pipeline& pipeline, const std::string& dir, bool pages) {
  tally::HtmlEval eval;
  try {
    eval = tally::EvalHtml(pipeline, dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally: %s\n", e.what());
    return kExitUsage;
  }
  for (const std::string& p : eval.problems) std::fprintf(stderr, "tally: %s\n", p.c_str());
  Write(tally::RenderHtmlEval(eval, pages));
  return eval.problems.empty() ? kExitOk : kExitSomeRejected;
}

const std::string kDbHelp = "the ledger: a SQLite file or a postgresql:// URI (default: $TALLY_DB, else tally.db)";

// For tests only, not an option: reads smaller web pages with the streaming parser meant for
// very large ones, to compare the two (docs/html.md, "Very large pages").
void ReadTestEnvironment(Common* c) {
  if (const char* above = std::getenv("TALLY_STREAM_HTML_ABOVE_BYTES"); above && *above)
    c->limits.stream_html_above_bytes = std::strtoull(above, nullptr, 10);
}

void AddCommon(CLI::App* cmd, Common* c) {
  cmd->add_option("paths", c->paths, "files, folders (read recursively) or - for standard input")->required();
  cmd->add_option("--data", c->data_dir, "the data folder holding lexicon/en (default: $TALLY_DATA or the installed one)");
  // limits per document (docs/robustness.md); the option takes the unit in its name
  auto* g = cmd->add_option_group("limits", "per document; past one the document is cut or rejected, with a message");
  g->add_option_function<size_t>(
       "--max-document-mb", [c](size_t mb) { c->limits.max_document_bytes = mb << 20; },
       "reject larger articles (default " + std::to_string(c->limits.max_document_bytes >> 20) + ")")
      ->check(CLI::Range(size_t{1}, size_t{4096}));
  g->add_option_function<size_t>(
       "--max-line-kb", [c](size_t kb) { c->limits.max_line_bytes = kb << 10; },
       "read longer paragraphs up to this (default " + std::to_string(c->limits.max_line_bytes >> 10) + ")")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  g->add_option("--max-html-depth", c->limits.max_html_depth, "read deeper-nested pages up to the tag that passes it")
      ->check(CLI::Range(size_t{16}, size_t{100000}))
      ->capture_default_str();
  g->add_option("--max-claims", c->limits.max_claims_per_document, "keep at most this many claims a document")
      ->check(CLI::Range(size_t{1}, size_t{1} << 30))
      ->capture_default_str();
  ReadTestEnvironment(c);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tally: a ledger of who claimed which figure, when, from news text"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "tally 0.1.0");

  Common clean_args, numbers_args, extract_args;
  bool show = false, spans = false, counts_only = false, annotate = false, tolls = false, explain = false;
  CLI::App* clean = app.add_subcommand("clean", "print the text the extractor reads (page furniture removed)");
  AddCommon(clean, &clean_args);
  clean->add_flag("--show", show, "print all text, with skipped spans bracketed as [-reason: text-]");
  clean->add_flag("--spans", spans, "print kept and skipped byte spans as JSON lines");
  bool meta = false;
  clean->add_flag("--meta", meta, "print each document's metadata (title, author, dates, outlet, url, language) as JSON lines");
  CLI::App* numbers = app.add_subcommand("numbers", "print every quantity mention as JSON lines");
  AddCommon(numbers, &numbers_args);
  numbers->add_flag("--counts", counts_only, "only counts (no years, dates, money, ...)");
  CLI::App* extract = app.add_subcommand("extract", "print every claim as JSON lines (fields: docs/format.md)");
  AddCommon(extract, &extract_args);
  extract->add_flag("--annotate", annotate, "print the kept text with each claim marked inline, for review");
  extract->add_flag("--explain", explain, "print each claim with the construction rule and the tokens each of its slots matched");
  extract->add_flag("--tolls", tolls, "after each document's claims, its toll per measure (the figure a coder would code)");
  extract->add_option("-j,--jobs", extract_args.jobs, "documents worked on at once (output order stays the input's)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();

  Common ingest_args, reconcile_args;
  // the ledger: $TALLY_DB when set, so a team's shared ledger need not be named in every command
  const char* env_db = std::getenv("TALLY_DB");
  std::string db = env_db && *env_db ? env_db : "tally.db";
  const std::string db_shown = tally::LedgerName(db);  // --help shows $TALLY_DB without its password
  bool quiet = false;
  CLI::App* ingest = app.add_subcommand("ingest", "extract claims and store them in the ledger (a SQLite file or PostgreSQL)");
  AddCommon(ingest, &ingest_args);
  ingest->add_option("--db", db, kDbHelp)->default_str(db_shown);
  ingest->add_flag("--quiet", quiet, "no summary on stderr");
  ingest->add_flag("--replace", ingest_args.replace,
                   "let an article replace one stored or read earlier under its id with different content");
  ingest->add_option("-j,--jobs", ingest_args.jobs, "documents worked on at once (stored in input order)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  std::vector<std::string> fetch_args;
  tally::FetchOptions fetch_options;
  Common fetch_common;
  CLI::App* fetch = app.add_subcommand("fetch", "follow feeds and URLs: fetch new or changed article pages into the ledger");
  fetch->add_option("feed_or_url", fetch_args,
                    "an RSS, Atom or JSON Feed or a sitemap (URL or file), or a page URL")->required();
  fetch->add_option("--db", db, kDbHelp)->default_str(db_shown);
  fetch->add_option("--data", fetch_common.data_dir, "the data folder holding lexicon/en");
  fetch->add_option_function<std::string>(
      "--every", [&](const std::string& s) { fetch_options.every = *tally::ParseInterval(s); },
      "poll again this long after each round began (15m, 1h, 90s) until SIGINT or SIGTERM")
      ->check([](const std::string& s) { return tally::ParseInterval(s) ? "" : "not an interval like 15m, 1h or 90s"; });
  fetch->add_flag("--refresh", fetch_options.refresh, "ask again (conditionally) for feed items fetched before");
  fetch->add_option("--concurrency", fetch_options.http.concurrency, "requests at once, over all hosts")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  fetch->add_option_function<double>(
      "--delay", [&](double s) { fetch_options.http.per_host_delay = std::chrono::milliseconds(static_cast<long>(s * 1000)); },
      "seconds between two requests to one host (default 1; robots.txt Crawl-delay may ask for more)")
      ->check(CLI::Range(0.0, 3600.0));
  fetch->add_option_function<double>(
      "--timeout", [&](double s) { fetch_options.http.total_timeout = std::chrono::milliseconds(static_cast<long>(s * 1000)); },
      "seconds one request may take (default 30)")
      ->check(CLI::Range(0.1, 3600.0));
  fetch->add_option_function<double>(
      "--connect-timeout", [&](double s) { fetch_options.http.connect_timeout = std::chrono::milliseconds(static_cast<long>(s * 1000)); },
      "seconds to connect (default 10)")
      ->check(CLI::Range(0.1, 600.0));
  fetch->add_option("--retries", fetch_options.http.max_retries, "retries of a 429 or 5xx answer, with backoff")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
  fetch->add_option("--max-redirects", fetch_options.http.max_redirects, "redirects followed")
      ->check(CLI::Range(0, 50))
      ->capture_default_str();
  fetch->add_option_function<size_t>(
      "--max-page-mb", [&](size_t mb) { fetch_options.http.max_body_bytes = mb << 20; },
      "largest answer read, decoded (default 32); a larger one is aborted")
      ->check(CLI::Range(1, 1024));
  fetch->add_option("--max-sitemaps", fetch_options.max_sitemaps, "sitemaps of a sitemap index followed, per argument")
      ->capture_default_str();
  std::string contact;
  fetch->add_option("--contact", contact, "a URL or address for site owners, put in the user agent");
  fetch->add_option("-j,--jobs", fetch_options.jobs, "pages extracted at once")->check(CLI::Range(1, 256))->capture_default_str();
  CLI::App* reconcile = app.add_subcommand("reconcile", "print entities, clusters and timelines across the ledger as JSON");
  reconcile->add_option("--db", db, kDbHelp)->default_str(db_shown);
  reconcile->add_option("--data", reconcile_args.data_dir, "the data folder holding lexicon/en");
  bool reconcile_full = false;
  reconcile->add_flag("--full", reconcile_full,
                      "compute from scratch, never resume from the reconciliation stored before documents were added "
                      "(docs/reconcile.md, \"Incremental reconcile\")");
  std::string format = "text", out_path = "report.html";
  CLI::App* ledger = app.add_subcommand("ledger", "print the ledger: each source's figures by party and measure");
  ledger->add_option("--db", db, kDbHelp)->default_str(db_shown);
  ledger->add_option("--format", format, "text, csv, json or jsonl")
      ->check(CLI::IsMember({"text", "csv", "json", "jsonl"}))
      ->capture_default_str();
  ledger->add_option("--data", reconcile_args.data_dir, "the data folder holding lexicon/en");
  bool ledger_tolls = false;
  ledger->add_flag("--tolls", ledger_tolls, "one row per document and measure: the document's toll (with --format csv)");
  CLI::App* report = app.add_subcommand("report", "write a self-contained HTML report with timeline charts");
  report->add_option("--db", db, kDbHelp)->default_str(db_shown);
  report->add_option("-o,--output", out_path, "the HTML file to write")->capture_default_str();
  report->add_option("--data", reconcile_args.data_dir, "the data folder holding lexicon/en and templates");

  bool verbose = false;
  for (CLI::App* reader : {reconcile, ledger, report})
    reader->add_flag("--verbose", verbose, "say on stderr whether the stored reconciliation was reused, how long it took, and each stage's CPU seconds and peak memory");

  tally::ServeOptions serve_options;
  CLI::App* serve = app.add_subcommand("serve", "answer the JSON API over HTTP: browse the ledger, review claims (docs/api.md)");
  serve->add_option("--db", db, kDbHelp)->default_str(db_shown);
  serve->add_option("--bind", serve_options.bind, "the address to listen on")->capture_default_str();
  serve->add_option("--port", serve_options.port, "the port (0: any free one)")->check(CLI::Range(0, 65535))->capture_default_str();
  serve->add_option("--threads", serve_options.threads, "connections served at once")->check(CLI::Range(1, 1024))->capture_default_str();
  serve->add_option("--data", reconcile_args.data_dir, "the data folder holding lexicon/en");
  std::string user_name;
  CLI::App* users = app.add_subcommand("users", "manage the reviewers who may write through tally serve");
  users->require_subcommand(1);
  CLI::App* users_add = users->add_subcommand("add", "add a reviewer; prints their token (last word), stored only hashed");
  users_add->add_option("name", user_name, "the reviewer's name, as the audit log shows it")->required();
  users_add->add_option("--db", db, kDbHelp)->default_str(db_shown);
  CLI::App* db_cmd = app.add_subcommand("db", "manage the ledger itself: its schema");
  db_cmd->require_subcommand(1);
  CLI::App* db_migrate = db_cmd->add_subcommand("migrate", "bring the ledger's schema up to this tally's (any writer also does)");
  db_migrate->add_option("--db", db, kDbHelp)->default_str(db_shown);
  std::string copy_from, copy_to;
  CLI::App* db_copy = db_cmd->add_subcommand("copy", "copy a whole ledger into a new one, between SQLite and PostgreSQL either way");
  db_copy->add_option("--from", copy_from, "the ledger to copy: a SQLite file or a postgresql:// URI")->required();
  db_copy->add_option("--to", copy_to, "the new (or empty) ledger to copy it into")->required();

  Common eval_args;
  tally::CountsOptions counts_options;
  std::string eval_format = "text";
  CLI::App* eval = app.add_subcommand("eval", "measure tally against data a person coded or reviewed");
  eval->require_subcommand(1);
  CLI::App* eval_counts =
      eval->add_subcommand("counts", "score each document's toll against coded killed/wounded counts (JSONL with \"gold\")");
  AddCommon(eval_counts, &eval_args);
  eval_counts->add_flag("--misses", counts_options.misses, "also print every miss with its text and the claims found");
  eval_counts->add_option("--format", eval_format, "text or tsv")->check(CLI::IsMember({"text", "tsv"}))->capture_default_str();
  eval_counts->add_option_function<std::string>(
      "--toll-choice", [&](const std::string& s) { counts_options.choice = s == "latest" ? tally::TollChoice::kLatest : tally::TollChoice::kLargest; },
      "largest (the spec's rule) or latest (the last statement wins), to measure the rule")
      ->check(CLI::IsMember({"largest", "latest"}));
  // eval: measurements against reviewed data, one subcommand a kind
  Common eval_html_args;
  std::string eval_html_dir;
  bool eval_pages = false;
  CLI::App* eval_html = eval->add_subcommand("html", "token precision, recall and F1 of clean on page folders");
  eval_html->add_option("dir", eval_html_dir, "folder of page folders holding source.html and expected.html or .txt")
      ->required();
  eval_html->add_option("--data", eval_html_args.data_dir, "the data folder holding lexicon/en");
  ReadTestEnvironment(&eval_html_args);
  eval_html->add_flag("--pages", eval_pages, "print the score of every page");

  for (CLI::App* cmd : app.get_subcommands({})) cmd->footer(tally_cli::Examples(cmd->get_name()));
  if (argc == 1) {
    std::fputs(tally_cli::Overview(app).c_str(), stdout);
    return kExitOk;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

  const Common& chosen = eval_html->parsed() ? eval_html_args
                         : clean->parsed()     ? clean_args
                         : numbers->parsed()   ? numbers_args
                         : ingest->parsed()    ? ingest_args
                         : eval_counts->parsed() ? eval_args
                         : fetch->parsed()       ? fetch_common
                         : reconcile->parsed() || ledger->parsed() || report->parsed() || serve->parsed() ? reconcile_args
                                               : extract_args;
  const std::string dir = chosen.data_dir.empty() ? tally::Pipeline::DefaultDataDir(argv[0]) : chosen.data_dir;
  int code;
  try {
    code = [&] {
      if (reconcile->parsed()) return RunReconcile(dir, db, verbose, reconcile_full);
      if (ledger->parsed()) return RunLedger(dir, db, format, ledger_tolls, verbose);
      if (report->parsed()) return RunReport(dir, db, out_path, verbose);
      if (users_add->parsed()) return RunUsersAdd(db, user_name);
      if (db_migrate->parsed()) return RunDbMigrate(db);
      if (db_copy->parsed()) return RunDbCopy(copy_from, copy_to);
      std::unique_ptr<tally::Pipeline> pipeline;
      try {
        pipeline = std::make_unique<tally::Pipeline>(dir, chosen.limits);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "tally: %s\n", e.what());
        return kExitUsage;
      }
      if (eval_html->parsed()) return RunEvalHtml(*pipeline, eval_html_dir, eval_pages);
      if (serve->parsed()) {
        serve_options.db = db;
        return RunServe(*pipeline, dir, serve_options);
      }
      if (clean->parsed()) return RunClean(*pipeline, clean_args, show, spans, meta);
      if (numbers->parsed()) return RunNumbers(*pipeline, numbers_args, counts_only);
      if (ingest->parsed()) return RunIngest(*pipeline, ingest_args, db, quiet);
      if (fetch->parsed()) {
        fetch_options.http.user_agent = tally::FetchUserAgent(kExtractorVersion, contact);
        return RunFetch(*pipeline, fetch_args, fetch_options, db);
      }
      if (eval_counts->parsed()) {
        counts_options.ingest.max_document_bytes = eval_args.limits.max_document_bytes;
        return RunEvalCounts(*pipeline, eval_args, counts_options, eval_format);
      }
      return RunExtract(*pipeline, extract_args, annotate, tolls, explain);
    }();
  } catch (const OutputFailed&) {
    code = kExitSomeRejected;
  }
  // every write is checked: what is still buffered, too
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "tally: standard output: cannot write: %s\n", std::strerror(errno ? errno : EIO));
    return kExitSomeRejected;
  }
  return code;
}
