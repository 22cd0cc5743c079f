// The tally command line: one short function per subcommand over libtally.
// Exit status: 0 all input read, 1 some input rejected (each problem is on stderr), 2 usage.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "cli/progress.h"
#include "common/ordered_pool.h"
#include "eval/eval_html.h"
#include "ingest/ingest.h"
#include "output/output.h"
#include "reconcile/reconcile.h"
#include "report/report.h"
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
  tally::Limits limits;
};

// Messages about limits applied to a document (tally/limits.h): on stderr, not failures.
void PrintNotes(const std::string& where, const std::vector<std::string>& notes) {
  for (const std::string& n : notes) std::fprintf(stderr, "tally: %s: note: %s\n", where.c_str(), n.c_str());
}

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

void Write(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

// Runs fn over every document of the inputs; returns the exit status.
template <typename Fn>
int ForEachDocument(const Common& c, Fn&& fn) {
  Reporter reporter;
  tally::ReadInputs(
      c.paths, tally::IngestOptions{c.limits.max_document_bytes}, [&](tally::RawDocument&& raw) { fn(std::move(raw)); },
      [&](const tally::Problem& p) { reporter.Problem(p); });
  std::fflush(stdout);
  return reporter.ExitCode();
}

// Runs work over every document on c.jobs threads and emit over the results in input order, on
// this thread; returns the exit status. Input is streamed: a bounded number of documents is in
// memory at once, and past 64 MiB of input in flight only one more.
template <typename Out>
int ForEachDocumentParallel(const Common& c, std::function<Out(tally::RawDocument&&)> work,
                            std::function<void(Out&&)> emit) {
  constexpr size_t kBytesInFlight = size_t{64} << 20;
  tally::OrderedPool<tally::RawDocument, Out> pool(
      c.jobs, std::move(work), std::move(emit), [](const tally::RawDocument& raw) { return raw.bytes.size(); },
      kBytesInFlight);
  int code = ForEachDocument(c, [&](tally::RawDocument&& raw) { pool.Submit(std::move(raw)); });
  pool.Finish();
  std::fflush(stdout);
  return code;
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

int RunExtract(const tally::Pipeline& pipeline, const Common& c, bool annotate) {
  std::function<Rendered(tally::RawDocument&&)> work = [&](tally::RawDocument&& raw) {
    tally::Document doc = pipeline.Prepare(std::move(raw));
    Rendered r{doc.origin, {}, std::move(doc.notes)};
    std::vector<tally::Claim> claims = pipeline.Extract(doc, nullptr, &r.notes);
    if (annotate) {
      r.out = "==> " + doc.id + " <==\n" + tally::RenderAnnotated(doc, claims);
      return r;
    }
    for (const tally::Claim& claim : claims) {
      tally::AppendClaimJson(claim, &r.out);
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

struct LedgerFailed : std::runtime_error {
  LedgerFailed() : std::runtime_error("the ledger cannot be written") {}
};

// One document's work for ingest, done on a worker thread and stored in input order.
struct Extracted {
  std::string where;
  std::vector<std::string> notes;
  size_t bytes = 0;
  tally::StoredDocument stored;
  std::vector<tally::Claim> claims;
  std::vector<tally::NameVariant> names;
};

int RunIngest(const tally::Pipeline& pipeline, const Common& c, const std::string& db, bool quiet) {
  tally::Result<std::unique_ptr<tally::Store>> store = tally::OpenSqliteStore(db);
  if (!store.ok()) {
    std::fprintf(stderr, "tally: %s\n", store.status().message().c_str());
    return kExitSomeRejected;
  }
  const tally::Stamp stamp{kExtractorVersion, pipeline.lexicon_hash()};
  size_t added = 0, replaced = 0, unchanged = 0, claims = 0, failed = 0;
  Progress progress(c.paths, !quiet);
  // Documents are written in batches: one transaction for many documents, each in a savepoint.
  constexpr size_t kBatchDocuments = 256;
  size_t in_batch = 0;
  // A batch that cannot be committed is lost whole (the ledger keeps every earlier one).
  auto end_batch = [&] {
    const size_t lost = in_batch;
    in_batch = 0;
    if (tally::Status s = (*store)->EndBatch(); !s.ok()) {
      failed += lost;
      std::fprintf(stderr, "tally: %s: %s (%zu documents not stored)\n", db.c_str(), s.message().c_str(), lost);
      throw LedgerFailed();
    }
  };
  std::function<Extracted(tally::RawDocument&&)> work = [&](tally::RawDocument&& raw) {
    Extracted e;
    e.where = raw.origin;
    e.bytes = raw.bytes.size();
    tally::Document doc = pipeline.Prepare(std::move(raw));
    e.notes = std::move(doc.notes);
    e.claims = pipeline.Extract(doc, &e.names, &e.notes);
    e.stored = tally::ToStored(doc);
    return e;
  };
  std::function<void(Extracted&&)> emit = [&](Extracted&& e) {
    progress.Done(e.bytes);
    PrintNotes(e.where, e.notes);
    if (in_batch == 0) {
      if (tally::Status s = (*store)->BeginBatch(); !s.ok()) {
        std::fprintf(stderr, "tally: %s: %s\n", db.c_str(), s.message().c_str());
        throw LedgerFailed();
      }
    }
    ++in_batch;
    tally::Result<tally::Store::PutResult> r = (*store)->Put(e.stored, e.claims, e.names, stamp);
    if (in_batch == kBatchDocuments) end_batch();
    if (!r.ok()) {
      ++failed;
      std::fprintf(stderr, "tally: %s: %s: %s\n", db.c_str(), e.where.c_str(), r.status().message().c_str());
      throw LedgerFailed();  // a ledger that cannot take one document takes no more
    }
    switch (*r) {
      case tally::Store::PutResult::kAdded: ++added; break;
      case tally::Store::PutResult::kReplaced: ++replaced; break;
      case tally::Store::PutResult::kUnchanged: ++unchanged; break;
    }
    if (*r != tally::Store::PutResult::kUnchanged) claims += e.claims.size();
  };
  int code;
  try {
    code = ForEachDocumentParallel<Extracted>(c, work, emit);
    end_batch();
  } catch (const LedgerFailed&) {
    progress.Finish();
    std::fprintf(stderr, "tally: %s: stopped; every document stored before is intact\n", db.c_str());
    return kExitSomeRejected;
  }
  progress.Finish();
  if (!quiet)
    std::fprintf(stderr, "tally: %s: %zu added, %zu replaced, %zu unchanged, %zu claims written%s\n", db.c_str(), added,
                 replaced, unchanged, claims, failed ? (", " + std::to_string(failed) + " failed").c_str() : "");
  return failed ? kExitSomeRejected : code;
}

// What the ledger holds, reconciled: the common ground of reconcile, ledger and report.
struct Ledger {
  std::vector<tally::StoredDocument> docs;
  std::vector<tally::StoredClaim> claims;
  std::vector<tally::StoredName> names;
  tally::Reconciliation reconciliation;
};

// Reads and reconciles db; on failure prints why and returns the exit status in *code.
std::optional<Ledger> LoadLedger(const std::string& data_dir, const std::string& db, bool with_text, int* code) {
  *code = kExitSomeRejected;
  if (access(db.c_str(), F_OK) != 0) {
    std::fprintf(stderr, "tally: %s: no such ledger (run tally ingest first)\n", db.c_str());
    return std::nullopt;
  }
  tally::Result<std::unique_ptr<tally::Store>> store = tally::OpenSqliteStore(db);
  if (!store.ok()) {
    std::fprintf(stderr, "tally: %s\n", store.status().message().c_str());
    return std::nullopt;
  }
  auto docs = (*store)->Documents(with_text);
  auto claims = (*store)->Claims();
  auto names = (*store)->Names();
  for (const tally::Status* s : {&docs.status(), &claims.status(), &names.status()})
    if (!s->ok()) {
      std::fprintf(stderr, "tally: %s\n", s->message().c_str());
      return std::nullopt;
    }
  Ledger l{std::move(*docs), std::move(*claims), std::move(*names), {}};
  try {
    l.reconciliation = tally::Reconcile(l.docs, l.claims, l.names, data_dir + "/lexicon/en/parties.tsv");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally: %s\n", e.what());
    *code = kExitUsage;
    return std::nullopt;
  }
  *code = kExitOk;
  return l;
}

int RunReconcile(const std::string& data_dir, const std::string& db) {
  int code;
  std::optional<Ledger> l = LoadLedger(data_dir, db, false, &code);
  if (l) Write(tally::ReconciliationJson(l->reconciliation, l->docs, l->claims) + "\n");
  return code;
}

int RunLedger(const std::string& data_dir, const std::string& db, const std::string& format) {
  int code;
  std::optional<Ledger> l = LoadLedger(data_dir, db, false, &code);
  if (!l) return code;
  std::vector<tally::LedgerRow> rows = tally::LedgerRows({l->docs, l->claims, l->reconciliation});
  if (format == "csv") Write(tally::LedgerCsv(rows));
  else if (format == "json") Write(tally::LedgerJson(rows, false));
  else if (format == "jsonl") Write(tally::LedgerJson(rows, true));
  else Write(tally::LedgerText(rows, isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR")));
  return kExitOk;
}

int RunReport(const std::string& data_dir, const std::string& db, const std::string& out_path) {
  int code;
  std::optional<Ledger> l = LoadLedger(data_dir, db, true, &code);
  if (!l) return code;
  const std::string template_path = data_dir + "/templates/report.html";
  std::ifstream in(template_path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "tally: %s: cannot read the report template\n", template_path.c_str());
    return kExitUsage;
  }
  std::stringstream tmpl;
  tmpl << in.rdbuf();
  std::string html = tally::HtmlReport({l->docs, l->claims, l->reconciliation}, tmpl.str());
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out << html;
  out.close();
  if (!out) {
    std::fprintf(stderr, "tally: %s: cannot write the report\n", out_path.c_str());
    return kExitSomeRejected;
  }
  std::fprintf(stderr, "tally: report written to %s\n", out_path.c_str());
  return kExitOk;
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
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tally: a ledger of who claimed which figure, when, from news text"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "tally 0.1.0");

  Common clean_args, numbers_args, extract_args;
  bool show = false, spans = false, counts_only = false, annotate = false;
  CLI::App* clean = app.add_subcommand("clean", "print the text the extractor reads (page furniture removed)");
  AddCommon(clean, &clean_args);
  clean->add_flag("--show", show, "print all text, with skipped spans bracketed as [-reason: text-]");
  clean->add_flag("--spans", spans, "print kept and skipped byte spans as JSON lines");
  bool meta = false;
  clean->add_flag("--meta", meta, "print each document's metadata (title, author, dates, outlet, url, language) as JSON lines");
  CLI::App* numbers = app.add_subcommand("numbers", "print every quantity mention as JSON lines");
  AddCommon(numbers, &numbers_args);
  numbers->add_flag("--counts", counts_only, "only counts (no years, dates, money, ...)");
  CLI::App* extract = app.add_subcommand("extract", "print every claim as JSON lines (../shared/spec/claims.md)");
  AddCommon(extract, &extract_args);
  extract->add_flag("--annotate", annotate, "print the kept text with each claim marked inline, for review");
  extract->add_option("-j,--jobs", extract_args.jobs, "documents worked on at once (output order stays the input's)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();

  Common ingest_args, reconcile_args;
  std::string db = "tally.db";
  bool quiet = false;
  CLI::App* ingest = app.add_subcommand("ingest", "extract claims and store them in a SQLite ledger");
  AddCommon(ingest, &ingest_args);
  ingest->add_option("--db", db, "the ledger file")->capture_default_str();
  ingest->add_flag("--quiet", quiet, "no summary on stderr");
  ingest->add_option("-j,--jobs", ingest_args.jobs, "documents worked on at once (stored in input order)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  CLI::App* reconcile = app.add_subcommand("reconcile", "print entities, clusters and timelines across the ledger as JSON");
  reconcile->add_option("--db", db, "the ledger file")->capture_default_str();
  reconcile->add_option("--data", reconcile_args.data_dir, "the data folder holding lexicon/en");
  std::string format = "text", out_path = "report.html";
  CLI::App* ledger = app.add_subcommand("ledger", "print the ledger: each source's figures by party and measure");
  ledger->add_option("--db", db, "the ledger file")->capture_default_str();
  ledger->add_option("--format", format, "text, csv, json or jsonl")
      ->check(CLI::IsMember({"text", "csv", "json", "jsonl"}))
      ->capture_default_str();
  ledger->add_option("--data", reconcile_args.data_dir, "the data folder holding lexicon/en");
  CLI::App* report = app.add_subcommand("report", "write a self-contained HTML report with timeline charts");
  report->add_option("--db", db, "the ledger file")->capture_default_str();
  report->add_option("-o,--output", out_path, "the HTML file to write")->capture_default_str();
  report->add_option("--data", reconcile_args.data_dir, "the data folder holding lexicon/en and templates");

  // eval: measurements against reviewed data, one subcommand a kind
  Common eval_html_args;
  std::string eval_html_dir;
  bool eval_pages = false;
  CLI::App* eval = app.add_subcommand("eval", "measure tally against reviewed data");
  eval->require_subcommand(1);
  CLI::App* eval_html = eval->add_subcommand("html", "token precision, recall and F1 of clean on page folders");
  eval_html->add_option("dir", eval_html_dir, "folder of page folders holding source.html and expected.html or .txt")
      ->required();
  eval_html->add_option("--data", eval_html_args.data_dir, "the data folder holding lexicon/en");
  eval_html->add_flag("--pages", eval_pages, "print the score of every page");

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
                         : reconcile->parsed() || ledger->parsed() || report->parsed() ? reconcile_args
                                               : extract_args;
  const std::string dir = chosen.data_dir.empty() ? tally::Pipeline::DefaultDataDir(argv[0]) : chosen.data_dir;
  if (reconcile->parsed()) return RunReconcile(dir, db);
  if (ledger->parsed()) return RunLedger(dir, db, format);
  if (report->parsed()) return RunReport(dir, db, out_path);
  std::unique_ptr<tally::Pipeline> pipeline;
  try {
    pipeline = std::make_unique<tally::Pipeline>(dir, chosen.limits);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally: %s\n", e.what());
    return kExitUsage;
  }
  if (eval_html->parsed()) return RunEvalHtml(*pipeline, eval_html_dir, eval_pages);
  if (clean->parsed()) return RunClean(*pipeline, clean_args, show, spans, meta);
  if (numbers->parsed()) return RunNumbers(*pipeline, numbers_args, counts_only);
  if (ingest->parsed()) return RunIngest(*pipeline, ingest_args, db, quiet);
  return RunExtract(*pipeline, extract_args, annotate);
}
