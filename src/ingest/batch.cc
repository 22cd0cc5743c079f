#include "ingest/batch.h"

#include <memory>
#include <unordered_map>
#include <utility>

#include "common/memory.h"

namespace tally {
namespace {

// One document's work, done on a worker thread and stored in input order.
struct Extracted {
  std::string where;
  std::vector<std::string> notes;
  size_t bytes = 0;
  StoredDocument stored;
  std::vector<Claim> claims;
  std::vector<NameVariant> names;
  std::vector<Toll> tolls;
};

// Thrown once the ledger has refused a write (already reported): a ledger that cannot take one
// document takes no more.
struct LedgerFailed {};

// Stores documents in batches of policy.documents_per_batch, opening the ledger at the first.
class BatchWriter {
 public:
  BatchWriter(const std::string& db, const Stamp& stamp, const IngestOptions& options, const IngestPolicy& policy,
              const IngestEvents& events, IngestSummary* summary)
      : db_(db), name_(LedgerName(db)), stamp_(stamp), options_(options), policy_(policy), events_(events), summary_(*summary) {}

  void Store(Extracted&& e) {
    if (!TakeId(e)) return;
    if (!store_) Open();
    if (in_batch_ == 0)
      if (Status s = store_->BeginBatch(); !s.ok()) Fail(name_, s.message());
    if (!options_.replace) {
      if (Status s = CheckNotReplacing(*store_, e.stored); !s.ok()) {
        ++summary_.refused;
        ++summary_.problems;
        events_.on_problem({e.where, s});
        return;
      }
    }
    ++in_batch_;
    Result<Store::PutResult> r = store_->Put(e.stored, e.claims, e.names, e.tolls, stamp_);
    if (in_batch_ == policy_.documents_per_batch) Finish();
    if (!r.ok()) {
      ++summary_.failed;
      Fail(name_ + ": " + e.where, r.status().message());
    }
    switch (*r) {
      case Store::PutResult::kAdded: ++summary_.added; break;
      case Store::PutResult::kReplaced: ++summary_.replaced; break;
      case Store::PutResult::kUnchanged: ++summary_.unchanged; break;
    }
    if (*r != Store::PutResult::kUnchanged) summary_.claims += e.claims.size();
  }

  // Commits the open batch. A batch that cannot be committed is lost whole; the ledger keeps
  // every earlier one.
  void Finish() {
    const size_t lost = in_batch_;
    in_batch_ = 0;
    if (!store_) return;
    if (Status s = store_->EndBatch(); !s.ok()) {
      summary_.failed += lost;
      Fail(name_, s.message() + " (" + std::to_string(lost) + " documents not stored)");
    }
  }

 private:
  void Open() {
    Result<std::unique_ptr<tally::Store>> store = OpenStore(db_);
    if (!store.ok()) {
      // the message names the ledger already
      const size_t cut = store.status().message().rfind(name_ + ": ", 0) == 0 ? name_.size() + 2 : 0;
      Fail(name_, store.status().message().substr(cut));
    }
    store_ = std::move(*store);
  }

  // False for a document this run has stored already, counted unchanged. ReadInputs refuses an
  // id repeated with other content unless replacing, so another content here is a replacement.
  bool TakeId(const Extracted& e) {
    auto [it, fresh] = seen_.try_emplace(e.stored.id, e.stored.content_hash);
    if (fresh || it->second != e.stored.content_hash) {
      it->second = e.stored.content_hash;
      return true;
    }
    ++summary_.unchanged;
    return false;
  }

  [[noreturn]] void Fail(const std::string& where, const std::string& message) {
    ++summary_.problems;
    events_.on_problem({where, Status::IoError(message)});
    throw LedgerFailed();
  }

  const std::string& db_;
  const std::string name_;  // db_ as messages show it (no password)
  const Stamp& stamp_;
  const IngestOptions& options_;
  const IngestPolicy& policy_;
  const IngestEvents& events_;
  IngestSummary& summary_;
  std::unique_ptr<tally::Store> store_;
  size_t in_batch_ = 0;
  std::unordered_map<std::string, std::string> seen_;  // id -> content hash
};

}  // namespace

DocumentSource PathSource(const std::vector<std::string>& paths, const IngestOptions& options) {
  return [&paths, &options](const DocumentHandler& on_document, const ProblemHandler& on_problem,
                            const SkipHandler& on_skipped) {
    ReadInputs(paths, options, on_document, on_problem, on_skipped);
  };
}

IngestSummary IngestIntoLedger(const Pipeline& pipeline, const std::vector<std::string>& paths,
                               const IngestOptions& options, const std::string& db, const Stamp& stamp,
                               const IngestPolicy& policy, const IngestEvents& events) {
  return IngestIntoLedger(pipeline, PathSource(paths, options), options, db, stamp, policy, events);
}

IngestSummary IngestIntoLedger(const Pipeline& pipeline, const DocumentSource& source, const IngestOptions& options,
                               const std::string& db, const Stamp& stamp, const IngestPolicy& policy,
                               const IngestEvents& events) {
  IngestSummary summary;
  BatchWriter writer(db, stamp, options, policy, events, &summary);
  std::function<Extracted(RawDocument&&)> work = [&](RawDocument&& raw) {
    Extracted e;
    e.where = raw.origin;
    e.bytes = raw.size();
    Document doc = pipeline.Prepare(std::move(raw));
    e.notes = std::move(doc.notes);
    e.claims = pipeline.Extract(doc, &e.names, &e.notes);
    e.tolls = pipeline.Tolls(doc, e.claims);
    e.stored = ToStored(std::move(doc));  // its text moves, not copied: memory per document
    return e;
  };  // the document's tokens and sentences are freed here
  std::function<void(Extracted&&)> store = [&](Extracted&& e) {
    if (events.on_stored) events.on_stored(e.bytes);
    // a large document's tokens and sentences, freed, go back before SQLite builds the row from
    // its text (a copy of it): the allocator could not give them to that one large buffer
    if (e.bytes >= kReturnMemoryBytes) ReturnFreedMemory();
    if (events.on_notes && !e.notes.empty()) events.on_notes(e.where, e.notes);
    writer.Store(std::move(e));
  };
  try {
    const SkipHandler skipped = [&](const Skipped& s) {
      summary.skipped += s.count;
      if (events.on_notes) events.on_notes(s.where, {s.note});
    };
    summary.problems += ForEachDocumentInOrder<Extracted>(source, policy, work, store, events.on_problem, skipped);
    writer.Finish();
  } catch (const LedgerFailed&) {
    summary.stopped = true;
  }
  return summary;
}

}  // namespace tally
