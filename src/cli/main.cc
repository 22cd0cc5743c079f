// The tally command line: one short function per subcommand over libtally.
// Exit status: 0 all input read, 1 some input rejected (each problem is on stderr), 2 usage.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "ingest/ingest.h"
#include "output/output.h"
#include "reconcile/reconcile.h"
#include "store/store.h"
#include "tally/pipeline.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitSomeRejected = 1;
constexpr int kExitUsage = 2;

struct Common {
  std::vector<std::string> paths;
  std::string data_dir;
};

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
      c.paths, tally::IngestOptions{}, [&](tally::RawDocument&& raw) { fn(std::move(raw)); },
      [&](const tally::Problem& p) { reporter.Problem(p); });
  std::fflush(stdout);
  return reporter.ExitCode();
}

int RunClean(const tally::Pipeline& pipeline, const Common& c, bool show, bool spans) {
  const bool many = c.paths.size() > 1 || (c.paths.size() == 1 && c.paths[0] != "-" &&
                                           std::filesystem::is_directory(c.paths[0]));
  return ForEachDocument(c, [&](tally::RawDocument&& raw) {
    tally::Document doc = pipeline.Clean(std::move(raw));
    if (spans) return Write(tally::RenderSpans(doc));
    if (many) Write("==> " + doc.id + " <==\n");
    Write(tally::RenderClean(doc, show));
  });
}

int RunNumbers(const tally::Pipeline& pipeline, const Common& c, bool counts_only) {
  std::string out;
  return ForEachDocument(c, [&](tally::RawDocument&& raw) {
    tally::Document doc = pipeline.Prepare(std::move(raw));
    out.clear();
    for (const tally::Quantity& q : doc.quantities) {
      if (counts_only && q.type != tally::QuantityType::kCount) continue;
      tally::AppendQuantityJson(doc, q, &out);
      out.push_back('\n');
    }
    Write(out);
  });
}

int RunExtract(const tally::Pipeline& pipeline, const Common& c, bool annotate) {
  std::string out;
  return ForEachDocument(c, [&](tally::RawDocument&& raw) {
    tally::Document doc = pipeline.Prepare(std::move(raw));
    out.clear();
    std::vector<tally::Claim> claims = pipeline.Extract(doc);
    if (annotate) return Write("==> " + doc.id + " <==\n" + tally::RenderAnnotated(doc, claims));
    for (const tally::Claim& claim : claims) {
      tally::AppendClaimJson(claim, &out);
      out.push_back('\n');
    }
    Write(out);
  });
}

constexpr const char* kExtractorVersion = "tally 0.1.0";

int RunIngest(const tally::Pipeline& pipeline, const Common& c, const std::string& db, bool quiet) {
  tally::Result<std::unique_ptr<tally::Store>> store = tally::OpenSqliteStore(db);
  if (!store.ok()) {
    std::fprintf(stderr, "tally: %s\n", store.status().message().c_str());
    return kExitSomeRejected;
  }
  const tally::Stamp stamp{kExtractorVersion, pipeline.lexicon_hash()};
  size_t added = 0, replaced = 0, unchanged = 0, claims = 0, failed = 0;
  int code = ForEachDocument(c, [&](tally::RawDocument&& raw) {
    const std::string where = raw.origin;
    tally::Document doc = pipeline.Prepare(std::move(raw));
    std::vector<tally::NameVariant> names;
    std::vector<tally::Claim> found = pipeline.Extract(doc, &names);
    tally::Result<tally::Store::PutResult> r = (*store)->Put(tally::ToStored(doc), found, names, stamp);
    if (!r.ok()) {
      ++failed;
      std::fprintf(stderr, "tally: %s: %s\n", where.c_str(), r.status().message().c_str());
      return;
    }
    switch (*r) {
      case tally::Store::PutResult::kAdded: ++added; break;
      case tally::Store::PutResult::kReplaced: ++replaced; break;
      case tally::Store::PutResult::kUnchanged: ++unchanged; break;
    }
    if (*r != tally::Store::PutResult::kUnchanged) claims += found.size();
  });
  if (!quiet)
    std::fprintf(stderr, "tally: %s: %zu added, %zu replaced, %zu unchanged, %zu claims written%s\n", db.c_str(), added,
                 replaced, unchanged, claims, failed ? (", " + std::to_string(failed) + " failed").c_str() : "");
  return failed ? kExitSomeRejected : code;
}

int RunReconcile(const std::string& data_dir, const std::string& db) {
  if (access(db.c_str(), F_OK) != 0) {
    std::fprintf(stderr, "tally: %s: no such ledger (run tally ingest first)\n", db.c_str());
    return kExitSomeRejected;
  }
  tally::Result<std::unique_ptr<tally::Store>> store = tally::OpenSqliteStore(db);
  if (!store.ok()) {
    std::fprintf(stderr, "tally: %s\n", store.status().message().c_str());
    return kExitSomeRejected;
  }
  auto docs = (*store)->Documents(false);
  auto claims = (*store)->Claims();
  auto names = (*store)->Names();
  for (const tally::Status* s : {&docs.status(), &claims.status(), &names.status()})
    if (!s->ok()) {
      std::fprintf(stderr, "tally: %s\n", s->message().c_str());
      return kExitSomeRejected;
    }
  try {
    tally::Reconciliation r = tally::Reconcile(*docs, *claims, *names, data_dir + "/lexicon/en/parties.tsv");
    Write(tally::ReconciliationJson(r, *docs, *claims) + "\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally: %s\n", e.what());
    return kExitUsage;
  }
  return kExitOk;
}

void AddCommon(CLI::App* cmd, Common* c) {
  cmd->add_option("paths", c->paths, "files, folders (read recursively) or - for standard input")->required();
  cmd->add_option("--data", c->data_dir, "the data folder holding lexicon/en (default: $TALLY_DATA or the installed one)");
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
  CLI::App* numbers = app.add_subcommand("numbers", "print every quantity mention as JSON lines");
  AddCommon(numbers, &numbers_args);
  numbers->add_flag("--counts", counts_only, "only counts (no years, dates, money, ...)");
  CLI::App* extract = app.add_subcommand("extract", "print every claim as JSON lines (../shared/spec/claims.md)");
  AddCommon(extract, &extract_args);
  extract->add_flag("--annotate", annotate, "print the kept text with each claim marked inline, for review");

  Common ingest_args, reconcile_args;
  std::string db = "tally.db";
  bool quiet = false;
  CLI::App* ingest = app.add_subcommand("ingest", "extract claims and store them in a SQLite ledger");
  AddCommon(ingest, &ingest_args);
  ingest->add_option("--db", db, "the ledger file")->capture_default_str();
  ingest->add_flag("--quiet", quiet, "no summary on stderr");
  CLI::App* reconcile = app.add_subcommand("reconcile", "print entities, clusters and timelines across the ledger as JSON");
  reconcile->add_option("--db", db, "the ledger file")->capture_default_str();
  reconcile->add_option("--data", reconcile_args.data_dir, "the data folder holding lexicon/en");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

  const Common& chosen = clean->parsed()     ? clean_args
                         : numbers->parsed()   ? numbers_args
                         : ingest->parsed()    ? ingest_args
                         : reconcile->parsed() ? reconcile_args
                                               : extract_args;
  const std::string dir = chosen.data_dir.empty() ? tally::Pipeline::DefaultDataDir(argv[0]) : chosen.data_dir;
  if (reconcile->parsed()) return RunReconcile(dir, db);
  std::unique_ptr<tally::Pipeline> pipeline;
  try {
    pipeline = std::make_unique<tally::Pipeline>(dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally: %s\n", e.what());
    return kExitUsage;
  }
  if (clean->parsed()) return RunClean(*pipeline, clean_args, show, spans);
  if (numbers->parsed()) return RunNumbers(*pipeline, numbers_args, counts_only);
  if (ingest->parsed()) return RunIngest(*pipeline, ingest_args, db, quiet);
  return RunExtract(*pipeline, extract_args, annotate);
}
