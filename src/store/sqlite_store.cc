// The SQLite ledger. Schema changes are migrations applied in order on open; the schema
// version is SQLite's user_version. Stored enum values (measure, qualifier) are their spec
// names, which never change.
#include <sqlite3.h>

#include <algorithm>
#include <functional>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>

#include <unistd.h>

#include "common/json.h"
#include "store/store.h"
#include "store/rows.h"

namespace tally {
namespace {

// Each entry moves the schema from version i to i + 1. Never edit one that has shipped.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  origin TEXT, url TEXT, outlet TEXT, title TEXT, date TEXT, language TEXT, format TEXT,
  content_hash TEXT NOT NULL,
  simhash INTEGER NOT NULL,
  text TEXT NOT NULL,
  skipped TEXT NOT NULL,
  metadata TEXT NOT NULL,
  extractor_version TEXT NOT NULL,
  lexicon_hash TEXT NOT NULL,
  ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  measure TEXT NOT NULL,
  low INTEGER, high INTEGER, best INTEGER,
  qualifier TEXT NOT NULL,
  text TEXT NOT NULL,
  counted TEXT, party TEXT, location TEXT, source TEXT, source_role TEXT,
  via TEXT NOT NULL,
  date TEXT,
  confidence REAL NOT NULL,
  extractor_version TEXT NOT NULL,
  lexicon_hash TEXT NOT NULL
);
CREATE INDEX claims_by_doc ON claims(doc_id);
CREATE TABLE evidence (
  claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL
);
CREATE INDEX evidence_by_claim ON evidence(claim_id);
CREATE TABLE names (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  variant TEXT NOT NULL,
  role TEXT NOT NULL,
  person INTEGER NOT NULL
);
CREATE INDEX names_by_doc ON names(doc_id);
)sql",
    // The spec's scope, counted_role, derived and rule fields.
    R"sql(
ALTER TABLE claims ADD COLUMN scope TEXT NOT NULL DEFAULT 'event';
ALTER TABLE claims ADD COLUMN counted_role TEXT;
ALTER TABLE claims ADD COLUMN derived TEXT;
ALTER TABLE claims ADD COLUMN rule TEXT;
)sql",
    // The document's toll per measure; claims holds the ordinals of the claims it rests on.
    R"sql(
CREATE TABLE tolls (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  measure TEXT NOT NULL,
  low INTEGER, high INTEGER, best INTEGER,
  qualifier TEXT NOT NULL,
  victims INTEGER, perpetrators INTEGER,
  claims TEXT NOT NULL,
  confidence REAL NOT NULL,
  PRIMARY KEY (doc_id, measure)
);
)sql",
    // People's reviews of claims, the audit log of every decision, and reviewers. Reviews are keyed
    // to the claim's document, first evidence span and extracted measure, with no reference to
    // the claims table: re-ingesting a document replaces its claims but keeps its reviews.
    // A c_ column is a corrected field (NULL: as extracted; c_value says whether the value is).
    R"sql(
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, measure TEXT NOT NULL,
  action TEXT NOT NULL,
  c_measure TEXT, c_value INTEGER NOT NULL DEFAULT 0, c_low INTEGER, c_high INTEGER, c_best INTEGER,
  c_qualifier TEXT, c_source TEXT, c_party TEXT, c_date TEXT, c_scope TEXT,
  note TEXT NOT NULL, reviewer TEXT NOT NULL, at TEXT NOT NULL, extracted TEXT NOT NULL
);
CREATE INDEX reviews_by_key ON reviews(doc_id, span_start, span_end, measure);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,
  before TEXT NOT NULL, after TEXT NOT NULL, note TEXT NOT NULL
);
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
)sql",
    // The ledger's generation, bumped by triggers on every change of documents (claims, names
    // and tolls are only written with their document) or reviews, and results derived from the
    // whole ledger (the reconciliation) stored with the generation they were computed at: a
    // reader reuses one only while the generation stays.
    R"sql(
CREATE TABLE ledger_generation (one INTEGER PRIMARY KEY CHECK (one = 1), generation INTEGER NOT NULL);
INSERT INTO ledger_generation VALUES (1, 0);
CREATE TRIGGER documents_added AFTER INSERT ON documents BEGIN UPDATE ledger_generation SET generation = generation + 1; END;
CREATE TRIGGER documents_changed AFTER UPDATE ON documents BEGIN UPDATE ledger_generation SET generation = generation + 1; END;
CREATE TRIGGER documents_removed AFTER DELETE ON documents BEGIN UPDATE ledger_generation SET generation = generation + 1; END;
CREATE TRIGGER reviews_added AFTER INSERT ON reviews BEGIN UPDATE ledger_generation SET generation = generation + 1; END;
CREATE TRIGGER reviews_changed AFTER UPDATE ON reviews BEGIN UPDATE ledger_generation SET generation = generation + 1; END;
CREATE TRIGGER reviews_removed AFTER DELETE ON reviews BEGIN UPDATE ledger_generation SET generation = generation + 1; END;
CREATE TABLE derived_results (
  name TEXT PRIMARY KEY,
  key TEXT NOT NULL,
  generation INTEGER NOT NULL,
  data BLOB NOT NULL
);
)sql",
    // tally fetch: what each fetched URL answered last, to ask again conditionally (src/fetch)
    R"sql(
CREATE TABLE fetches (
  url TEXT PRIMARY KEY,
  document_id TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  status INTEGER NOT NULL,
  feed TEXT NOT NULL,
  etag TEXT NOT NULL,
  last_modified TEXT NOT NULL
);
)sql",
    // Views for people who query the ledger directly (docs/schema.md), the same names and columns
    // in both backends: reviewed_claims (each claim with the latest review of its key and the
    // values in force), claims_with_evidence (the same with its evidence spans and their words),
    // document_tolls, latest_figures (per source, party and measure, the latest claim by date).
    // A view keeps the columns it names: a later migration that drops or renames one of them
    // drops and recreates the view.
    R"sql(
CREATE VIEW reviewed_claims AS
SELECT c.id AS claim_id, c.doc_id, c.ordinal, c.measure, c.low, c.high, c.best, c.qualifier, c.text, c.counted,
  c.party, c.location, c.source, c.source_role, c.via, c.date, c.confidence, c.scope, c.counted_role, c.derived, c.rule,
  d.url AS doc_url, d.outlet AS doc_outlet, d.title AS doc_title, d.date AS doc_date,
  k.span_start, k.span_end,
  r.id AS review_id, r.action AS review_action, r.reviewer, r.at AS reviewed_at, r.note AS review_note,
  CASE WHEN r.action = 'correct' AND r.c_measure IS NOT NULL THEN r.c_measure ELSE c.measure END AS reviewed_measure,
  CASE WHEN r.action = 'correct' AND r.c_value = 1 THEN r.c_low ELSE c.low END AS reviewed_low,
  CASE WHEN r.action = 'correct' AND r.c_value = 1 THEN r.c_high ELSE c.high END AS reviewed_high,
  CASE WHEN r.action = 'correct' AND r.c_value = 1 THEN r.c_best ELSE c.best END AS reviewed_best,
  CASE WHEN r.action = 'correct' AND r.c_qualifier IS NOT NULL THEN r.c_qualifier ELSE c.qualifier END AS reviewed_qualifier,
  CASE WHEN r.action = 'correct' AND r.c_source IS NOT NULL THEN nullif(r.c_source, '') ELSE c.source END AS reviewed_source,
  CASE WHEN r.action = 'correct' AND r.c_party IS NOT NULL THEN nullif(r.c_party, '') ELSE c.party END AS reviewed_party,
  CASE WHEN r.action = 'correct' AND r.c_date IS NOT NULL THEN nullif(r.c_date, '') ELSE c.date END AS reviewed_date,
  CASE WHEN r.action = 'correct' AND r.c_scope IS NOT NULL THEN r.c_scope ELSE c.scope END AS reviewed_scope
FROM (SELECT x.id,
        (SELECT e.start FROM evidence e WHERE e.claim_id = x.id ORDER BY e.rowid LIMIT 1) AS span_start,
        (SELECT e."end" FROM evidence e WHERE e.claim_id = x.id ORDER BY e.rowid LIMIT 1) AS span_end
      FROM claims x) k
JOIN claims c ON c.id = k.id
JOIN documents d ON d.id = c.doc_id
LEFT JOIN reviews r ON r.id = (SELECT max(v.id) FROM reviews v WHERE v.doc_id = c.doc_id AND v.measure = c.measure
                               AND v.span_start = coalesce(k.span_start, 0) AND v.span_end = coalesce(k.span_end, 0));
CREATE VIEW claims_with_evidence AS
SELECT rc.*,
  (SELECT group_concat(s, ',') FROM (SELECT CAST(e.start AS TEXT) || '-' || CAST(e."end" AS TEXT) AS s
                                     FROM evidence e WHERE e.claim_id = rc.claim_id ORDER BY e.rowid)) AS evidence_spans,
  (SELECT group_concat(s, ' … ') FROM (SELECT CAST(substr(CAST(d.text AS BLOB), e.start + 1, e."end" - e.start) AS TEXT) AS s
                                       FROM evidence e JOIN documents d ON d.id = rc.doc_id
                                       WHERE e.claim_id = rc.claim_id ORDER BY e.rowid)) AS evidence
FROM reviewed_claims rc;
CREATE VIEW document_tolls AS
SELECT t.doc_id, d.url AS doc_url, d.outlet AS doc_outlet, d.title AS doc_title, d.date AS doc_date,
  t.measure, t.low, t.high, t.best, t.qualifier, t.victims, t.perpetrators, t.claims, t.confidence
FROM tolls t JOIN documents d ON d.id = t.doc_id;
CREATE VIEW latest_figures AS
SELECT source, party, measure, date, low, high, best, qualifier, scope, figures, claim_id, doc_id, doc_url, doc_title
FROM (SELECT rc.reviewed_source AS source, rc.reviewed_party AS party, rc.reviewed_measure AS measure,
        coalesce(rc.reviewed_date, rc.doc_date) AS date, rc.reviewed_low AS low, rc.reviewed_high AS high,
        rc.reviewed_best AS best, rc.reviewed_qualifier AS qualifier, rc.reviewed_scope AS scope,
        count(*) OVER (PARTITION BY rc.reviewed_source, rc.reviewed_party, rc.reviewed_measure) AS figures,
        rc.claim_id, rc.doc_id, rc.doc_url, rc.doc_title,
        row_number() OVER (PARTITION BY rc.reviewed_source, rc.reviewed_party, rc.reviewed_measure
                           ORDER BY coalesce(rc.reviewed_date, rc.doc_date) DESC NULLS LAST, rc.doc_id DESC, rc.ordinal DESC) AS place
      FROM reviewed_claims rc
      WHERE rc.reviewed_source IS NOT NULL AND (rc.review_action IS NULL OR rc.review_action <> 'reject')) ranked
WHERE place = 1;
)sql",
    // People's decisions about reconcile's entities: merge two, or keep a name apart. Keyed by
    // names (entity ids are numbered afresh by each reconcile); they change the generation, as
    // reviews do, so a stored reconciliation is computed again with them.
    R"sql(
CREATE TABLE entity_decisions (
  id INTEGER PRIMARY KEY,
  action TEXT NOT NULL,
  name TEXT NOT NULL,
  other TEXT NOT NULL,
  note TEXT NOT NULL, reviewer TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TRIGGER entity_decisions_added AFTER INSERT ON entity_decisions BEGIN UPDATE ledger_generation SET generation = generation + 1; END;
CREATE TRIGGER entity_decisions_changed AFTER UPDATE ON entity_decisions BEGIN UPDATE ledger_generation SET generation = generation + 1; END;
CREATE TRIGGER entity_decisions_removed AFTER DELETE ON entity_decisions BEGIN UPDATE ledger_generation SET generation = generation + 1; END;
)sql",
    // What each generation changed, from this migration on: a result derived at an earlier
    // generation (the reconciliation) can then tell whether documents were only added since, and
    // which (incremental reconcile). Each trigger that bumps the generation logs the change at the
    // generation it made; 'log_start' marks the generation the log begins at (changes before it
    // are unknown). A replaced document is logged removed, then added.
    R"sql(
CREATE TABLE ledger_changes (generation INTEGER NOT NULL, change TEXT NOT NULL, document TEXT);
CREATE INDEX ledger_changes_generation ON ledger_changes (generation);
INSERT INTO ledger_changes (generation, change) SELECT generation, 'log_start' FROM ledger_generation;
DROP TRIGGER documents_added;
DROP TRIGGER documents_changed;
DROP TRIGGER documents_removed;
DROP TRIGGER reviews_added;
DROP TRIGGER reviews_changed;
DROP TRIGGER reviews_removed;
DROP TRIGGER entity_decisions_added;
DROP TRIGGER entity_decisions_changed;
DROP TRIGGER entity_decisions_removed;
CREATE TRIGGER documents_added AFTER INSERT ON documents BEGIN
  UPDATE ledger_generation SET generation = generation + 1;
  INSERT INTO ledger_changes SELECT generation, 'document_added', NEW.id FROM ledger_generation; END;
CREATE TRIGGER documents_changed AFTER UPDATE ON documents BEGIN
  UPDATE ledger_generation SET generation = generation + 1;
  INSERT INTO ledger_changes SELECT generation, 'document_changed', NEW.id FROM ledger_generation; END;
CREATE TRIGGER documents_removed AFTER DELETE ON documents BEGIN
  UPDATE ledger_generation SET generation = generation + 1;
  INSERT INTO ledger_changes SELECT generation, 'document_removed', OLD.id FROM ledger_generation; END;
CREATE TRIGGER reviews_added AFTER INSERT ON reviews BEGIN
  UPDATE ledger_generation SET generation = generation + 1;
  INSERT INTO ledger_changes SELECT generation, 'review', NULL FROM ledger_generation; END;
CREATE TRIGGER reviews_changed AFTER UPDATE ON reviews BEGIN
  UPDATE ledger_generation SET generation = generation + 1;
  INSERT INTO ledger_changes SELECT generation, 'review', NULL FROM ledger_generation; END;
CREATE TRIGGER reviews_removed AFTER DELETE ON reviews BEGIN
  UPDATE ledger_generation SET generation = generation + 1;
  INSERT INTO ledger_changes SELECT generation, 'review', NULL FROM ledger_generation; END;
CREATE TRIGGER entity_decisions_added AFTER INSERT ON entity_decisions BEGIN
  UPDATE ledger_generation SET generation = generation + 1;
  INSERT INTO ledger_changes SELECT generation, 'entity_decision', NULL FROM ledger_generation; END;
CREATE TRIGGER entity_decisions_changed AFTER UPDATE ON entity_decisions BEGIN
  UPDATE ledger_generation SET generation = generation + 1;
  INSERT INTO ledger_changes SELECT generation, 'entity_decision', NULL FROM ledger_generation; END;
CREATE TRIGGER entity_decisions_removed AFTER DELETE ON entity_decisions BEGIN
  UPDATE ledger_generation SET generation = generation + 1;
  INSERT INTO ledger_changes SELECT generation, 'entity_decision', NULL FROM ledger_generation; END;
)sql",
};

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { prepared_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) == SQLITE_OK; }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return prepared_; }
  // A statement that failed to prepare (a table missing, say) steps to SQLITE_ERROR and ignores
  // bindings and resets: the caller's error path reads sqlite3_errmsg, and nothing touches null.
  // Text is bound without a copy (SQLITE_STATIC): it must live until the statement is stepped
  // and reset, so temporaries are refused.
  Statement& Bind(int i, std::string_view s) {
    if (stmt_) sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& Bind(int i, const std::string& s) { return Bind(i, std::string_view(s)); }
  Statement& Bind(int i, std::string&& s) = delete;
  Statement& Bind(int i, const std::optional<std::string>& s) {
    if (s) return Bind(i, *s);
    if (stmt_) sqlite3_bind_null(stmt_, i);
    return *this;
  }
  Statement& Bind(int i, const std::optional<int64_t>& v) {
    if (!stmt_) return *this;
    if (v) sqlite3_bind_int64(stmt_, i, *v);
    else sqlite3_bind_null(stmt_, i);
    return *this;
  }
  Statement& Bind(int i, int64_t v) {
    if (stmt_) sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& Bind(int i, double v) {
    if (stmt_) sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Statement& BindBlob(int i, std::string_view data) {
    if (stmt_) sqlite3_bind_blob64(stmt_, i, data.data(), data.size(), SQLITE_STATIC);
    return *this;
  }
  int Step() { return stmt_ ? sqlite3_step(stmt_) : SQLITE_ERROR; }
  void Reset() {
    if (!stmt_) return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }
  // The column's text without a copy: valid until the next Step.
  std::string_view View(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string_view(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  std::optional<std::string> OptText(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return Text(col);
  }
  std::optional<int64_t> OptInt(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_int64(stmt_, col);
  }
  std::string Blob(int col) const {
    const void* b = sqlite3_column_blob(stmt_, col);
    return b ? std::string(static_cast<const char*>(b), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  bool prepared_ = false;
};

constexpr int kLatestVersion = static_cast<int>(std::size(kMigrations));
// The schema version from which the ledger counts its generation and stores derived results (the
// migration that adds them: renumber with it).
constexpr int kGenerationVersion = 5;

// How long a connection waits for another's lock before giving up with "database is locked".
// Readers never wait on a writer (WAL); a writer waits for the other writer's open batch, which
// is bounded (IngestPolicy, src/ingest/batch.h) and takes seconds, so this is only reached when
// something else holds the ledger for good.
constexpr std::chrono::minutes kMaxLockWait{30};
constexpr std::chrono::milliseconds kWriteIfFreeWait{200};

class SqliteStore : public Store {
 public:
  SqliteStore(sqlite3* db, OpenMode mode) : db_(db), mode_(mode) {}
  ~SqliteStore() override {
    EndBatch();
    for (auto& st : cached_) st.reset();
    sqlite3_close(db_);
  }

  // Waits for locks, checks the file is a tally ledger, then sets it up and migrates it (a
  // writer only). Nothing is written before the check, so a foreign file is left as it was.
  Status Init() {
    sqlite3_busy_handler(db_, &SqliteStore::WaitForLock, this);
    Result<int> version = SchemaVersion();
    if (!version.ok()) return version.status();
    version_ = *version;
    if (Status s = Exec("PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;"); !s.ok()) return s;
    has_reviews_ = HasTable("reviews");
    has_generation_ = HasTable("ledger_generation");
    has_fetches_ = HasTable("fetches");
    has_entity_decisions_ = HasTable("entity_decisions");
    has_changes_ = HasTable("ledger_changes");
    if (mode_ == OpenMode::kReadOnly) return Status::Ok();
    // WAL: readers never block the writer, and a killed writer loses only its open transaction.
    // 16 KiB pages: a document's text and claims take a few pages, not dozens (a new ledger only).
    // Temporary storage in memory: each document's savepoint journals the pages it changes, a
    // few hundred KB, which otherwise went to a temporary file, page by page (18 writes a
    // document, nine in ten of ingest's system calls).
    if (Status s = Exec("PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !s.ok()) return s;
    // A writer's page cache is smaller (8 MiB, the readers' 64): a large document's pages go to
    // the WAL as they are written instead of staying in memory beside the document, which costs
    // its size again (docs/robustness.md, peak memory per document).
    if (Status s = Exec("PRAGMA cache_size=-8192;"); !s.ok()) return s;
    if (version_ < kLatestVersion) return Migrate();
    return Status::Ok();
  }

  int version() const { return version_; }

  // Applies the missing migrations in one write transaction. The version is read again inside
  // it: another ingest may have created or migrated the ledger while this one waited.
  Status Migrate() {
    if (Status s = Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    Result<int> version = SchemaVersion();
    Status s = version.status();
    for (int v = version.ok() ? *version : kLatestVersion; s.ok() && v < kLatestVersion; ++v) {
      s = Exec(kMigrations[v]);
      if (s.ok()) s = Exec("PRAGMA user_version=" + std::to_string(v + 1));
    }
    if (!s.ok()) {
      Exec("ROLLBACK");
      return s;
    }
    if (Status c = Exec("COMMIT"); !c.ok()) return c;
    version_ = kLatestVersion;
    has_reviews_ = true;
    has_generation_ = true;
    has_fetches_ = true;
    has_entity_decisions_ = true;
    has_changes_ = true;
    return Status::Ok();
  }

  // The schema version (0: a file with nothing in it yet), after checking that the file is a
  // tally ledger: a newer schema, or another program's tables, are refused before any use.
  Result<int> SchemaVersion() {
    // one statement, one snapshot: a creator may commit between two
    Statement st(db_,
                 "SELECT (SELECT user_version FROM pragma_user_version), name FROM (SELECT NULL AS name UNION ALL "
                 "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%') ORDER BY name");
    int version = 0, rc;
    std::vector<std::string> tables;
    for (int attempt = 0; (rc = st.Step()) == SQLITE_BUSY && WaitForLock(this, attempt); ++attempt) st.Reset();
    for (; rc == SQLITE_ROW; rc = st.Step()) {
      version = static_cast<int>(st.Int(0));
      if (auto name = st.OptText(1)) tables.push_back(*name);
    }
    if (rc != SQLITE_DONE) return Error("read the ledger");
    if (version > kLatestVersion)
      return Status::InvalidInput("the ledger's schema version " + std::to_string(version) +
                                  " is newer than this tally knows (" + std::to_string(kLatestVersion) + ")");
    if (version == 0 && !tables.empty())
      return Status::InvalidInput("not a tally ledger: it holds other tables (" + tables[0] + ")");
    for (const char* needed : {"claims", "documents", "evidence", "names"})
      if (version > 0 && !std::binary_search(tables.begin(), tables.end(), std::string(needed)))
        return Status::InvalidInput(std::string("not a tally ledger: it has no table \"") + needed + "\"");
    for (const char* needed : {"derived_results", "ledger_generation"})
      if (version >= kGenerationVersion && !std::binary_search(tables.begin(), tables.end(), std::string(needed)))
        return Status::InvalidInput(std::string("not a tally ledger: it has no table \"") + needed + "\"");
    return version;
  }

  Status BeginRead() override {
    if (Status s = Exec("BEGIN"); !s.ok()) return s;
    // a transaction takes its snapshot at its first read: take it now, before any query
    if (Status s = Exec("SELECT count(*) FROM sqlite_master"); !s.ok()) {
      Exec("ROLLBACK");
      return s;
    }
    return Status::Ok();
  }

  Status EndRead() override { return Exec("COMMIT"); }

  Status BeginBatch() override {
    if (in_batch_) return Status::Ok();
    if (Status s = Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    in_batch_ = true;
    return Status::Ok();
  }

  Status EndBatch() override {
    if (!in_batch_) return Status::Ok();
    in_batch_ = false;
    if (Status s = Exec("COMMIT"); !s.ok()) {
      Exec("ROLLBACK");
      return s;
    }
    return Status::Ok();
  }

  using Store::Put;
  Result<PutResult> Put(const StoredDocument& doc, const std::vector<Claim>& claims,
                        const std::vector<NameVariant>& names, const std::vector<Toll>& tolls,
                        const Stamp& stamp) override {
    if (in_batch_) return PutInSavepoint(doc, claims, names, tolls, stamp);
    if (Status s = Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    Result<PutResult> r = PutInTransaction(doc, claims, names, tolls, stamp);
    if (!r.ok()) {
      Exec("ROLLBACK");
      return r;
    }
    if (*r == PutResult::kUnchanged) {
      Exec("ROLLBACK");
      return r;
    }
    if (Status s = Exec("COMMIT"); !s.ok()) {
      Exec("ROLLBACK");
      return s;
    }
    return r;
  }

  Result<PutResult> PutInSavepoint(const StoredDocument& doc, const std::vector<Claim>& claims,
                                   const std::vector<NameVariant>& names, const std::vector<Toll>& tolls,
                                   const Stamp& stamp) {
    if (Status s = Exec("SAVEPOINT put"); !s.ok()) return s;
    Result<PutResult> r = PutInTransaction(doc, claims, names, tolls, stamp);
    if (!r.ok() && sqlite3_get_autocommit(db_)) {
      // SQLite rolled the whole transaction back (disk full, I/O error): the batch is gone,
      // whole; later Puts run in transactions of their own, so none is ever half written.
      in_batch_ = false;
      return Status::IoError(r.status().message() + " (the open batch of documents was rolled back)");
    }
    if (!r.ok()) Exec("ROLLBACK TO put");
    if (Status s = Exec("RELEASE put"); !s.ok() && r.ok()) return s;
    return r;
  }

  Result<std::vector<StoredDocument>> Documents(bool with_text) override {
    Statement st(db_, with_text ? "SELECT id, origin, url, outlet, title, date, language, format, content_hash, simhash, skipped, metadata, length(CAST(text AS BLOB)), text FROM documents ORDER BY id"
                                : "SELECT id, origin, url, outlet, title, date, language, format, content_hash, simhash, skipped, metadata, length(CAST(text AS BLOB)) FROM documents ORDER BY id");
    if (!st.ok()) return Error("read documents");
    std::vector<StoredDocument> out;
    out.reserve(RowCount("documents"));
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      StoredDocument d;
      d.id = st.Text(0);
      d.origin = st.Text(1);
      d.url = st.Text(2);
      d.outlet = st.Text(3);
      d.title = st.Text(4);
      d.date = st.Text(5);
      d.language = st.Text(6);
      d.format = st.Text(7);
      d.content_hash = st.Text(8);
      d.simhash = static_cast<uint64_t>(st.Int(9));
      d.skipped_json = st.Text(10);
      d.metadata_json = st.Text(11);
      d.text_bytes = static_cast<uint64_t>(st.Int(12));
      if (with_text) d.text = st.Text(13);
      out.push_back(std::move(d));
    }
    if (rc != SQLITE_DONE) return Error("read documents");
    return out;
  }

  Status DocumentTexts(const std::function<void(std::string_view, std::string_view)>& each) override {
    Statement st(db_, "SELECT id, text FROM documents ORDER BY id");
    if (!st.ok()) return Error("read documents");
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) each(st.View(0), st.View(1));
    if (rc != SQLITE_DONE) return Error("read documents");
    return Status();
  }

  Status DocumentTextsOf(const std::vector<std::string>& ids,
                         const std::function<void(std::string_view, std::string_view)>& each) override {
    Statement st(db_, "SELECT id, text FROM documents WHERE id = ?");
    if (!st.ok()) return Error("read documents");
    for (const std::string& id : ids) {
      st.Reset();
      st.Bind(1, id);
      int rc;
      while ((rc = st.Step()) == SQLITE_ROW) each(st.View(0), st.View(1));
      if (rc != SQLITE_DONE) return Error("read documents");
    }
    return Status();
  }

  // Claims with their evidence spans, in one query: a claim's row repeats once per span.
  Result<std::vector<StoredClaim>> Claims(ClaimReading reading) override {
    Result<std::vector<StoredClaim>> claims = ExtractedClaims();
    if (!claims.ok() || reading == ClaimReading::kExtracted || !has_reviews_) return claims;
    Result<std::vector<Review>> reviews = Reviews();
    if (!reviews.ok()) return reviews.status();
    return tally::ApplyReviews(std::move(*claims), *reviews, reading == ClaimReading::kReviewedWithRejected);
  }

  Status ForEachClaim(ClaimReading reading, const std::function<void(const StoredClaim&)>& each) override {
    Result<std::vector<Review>> reviews = reading == ClaimReading::kExtracted || !has_reviews_
                                              ? Result<std::vector<Review>>(std::vector<Review>{})
                                              : Reviews();
    if (!reviews.ok()) return reviews.status();
    const ReviewsInForce in_force(*reviews);
    return ForEachExtractedClaim([&](StoredClaim&& c) {
      in_force.Apply(&c);
      if (c.review != ReviewState::kRejected || reading != ClaimReading::kReviewed) each(c);
    });
  }

  Result<int64_t> AddReview(const Review& r, const AuditRow& a) override {
    if (!has_reviews_) return Status::Usage("the ledger was opened read-only");
    return InWriteTransaction([&] { return InsertReview(r, a); });
  }

  Result<std::vector<Review>> Reviews() override {
    std::vector<Review> out;
    if (!has_reviews_) return out;
    Statement st(db_, "SELECT id, doc_id, span_start, span_end, measure, action, c_measure, c_value, c_low, c_high, "
                      "c_best, c_qualifier, c_source, c_party, c_date, c_scope, note, reviewer, at, extracted "
                      "FROM reviews ORDER BY id");
    if (!st.ok()) return Error("read reviews");
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) out.push_back(ReviewFromRow(st));
    if (rc != SQLITE_DONE) return Error("read reviews");
    return out;
  }

  Result<std::vector<AuditRow>> Audit() override {
    std::vector<AuditRow> out;
    if (!has_reviews_) return out;
    Statement st(db_, "SELECT id, at, who, action, target, before, after, note FROM audit ORDER BY id");
    if (!st.ok()) return Error("read the audit log");
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW)
      out.push_back({st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Text(6), st.Text(7)});
    if (rc != SQLITE_DONE) return Error("read the audit log");
    return out;
  }

  Result<int64_t> AddEntityDecision(const EntityDecision& d, const AuditRow& a) override {
    if (!has_entity_decisions_) return Status::Usage("the ledger was opened read-only");
    return InWriteTransaction([&]() -> Result<int64_t> {
      Statement st(db_, "INSERT INTO entity_decisions (action, name, other, note, reviewer, at) VALUES (?,?,?,?,?,?)");
      const std::string action(EntityActionName(d.action));
      st.Bind(1, action).Bind(2, d.name).Bind(3, d.other).Bind(4, d.note).Bind(5, d.reviewer).Bind(6, d.at);
      if (st.Step() != SQLITE_DONE) return Error("store the entity decision");
      const int64_t inserted = sqlite3_last_insert_rowid(db_);
      if (Status s = InsertAudit(a); !s.ok()) return s;
      return inserted;
    });
  }

  Result<std::vector<EntityDecision>> EntityDecisions() override {
    std::vector<EntityDecision> out;
    if (!has_entity_decisions_) return out;
    Statement st(db_, "SELECT id, action, name, other, note, reviewer, at FROM entity_decisions ORDER BY id");
    if (!st.ok()) return Error("read entity decisions");
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      std::optional<EntityAction> action = EntityActionFromName(st.Text(1));
      if (!action) continue;  // a decision this tally does not know is not applied
      out.push_back({st.Int(0), *action, st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Text(6)});
    }
    if (rc != SQLITE_DONE) return Error("read entity decisions");
    return out;
  }

  Status AddUser(const std::string& name, const std::string& token_hash) override {
    if (!has_reviews_) return Status::Usage("the ledger was opened read-only");
    Statement st(db_, "INSERT INTO users (name, token_hash) VALUES (?, ?)");
    st.Bind(1, name).Bind(2, token_hash);
    const int rc = st.Step();
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return Status::InvalidInput("a reviewer named \"" + name + "\" exists already");
    if (rc != SQLITE_DONE) return Error("add reviewer " + name);
    return Status::Ok();
  }

  Result<std::optional<std::string>> UserWithTokenHash(const std::string& token_hash) override {
    if (!has_reviews_) return std::optional<std::string>();
    Statement st(db_, "SELECT name FROM users WHERE token_hash = ?");
    st.Bind(1, token_hash);
    const int rc = st.Step();
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return Error("read reviewers");
    return std::optional<std::string>(st.Text(0));
  }

  Result<std::optional<int64_t>> Generation() override {
    if (!has_generation_) return std::optional<int64_t>();
    Statement st(db_, "SELECT generation FROM ledger_generation");
    if (st.Step() != SQLITE_ROW) return Error("read the ledger's generation");
    return std::optional<int64_t>(st.Int(0));
  }

  Result<std::optional<std::string>> DerivedResult(const std::string& name, const std::string& key,
                                                   int64_t generation) override {
    if (!has_generation_) return std::optional<std::string>();
    Statement st(db_, "SELECT data FROM derived_results WHERE name = ? AND key = ? AND generation = ?");
    st.Bind(1, name).Bind(2, key).Bind(3, generation);
    const int rc = st.Step();
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return Error("read the stored " + name);
    return std::optional<std::string>(st.Blob(0));
  }

  Result<std::optional<int64_t>> DerivedResultGeneration(const std::string& name, const std::string& key) override {
    if (!has_generation_) return std::optional<int64_t>();
    Statement st(db_, "SELECT generation FROM derived_results WHERE name = ? AND key = ?");
    st.Bind(1, name).Bind(2, key);
    const int rc = st.Step();
    if (rc == SQLITE_DONE) return std::optional<int64_t>();
    if (rc != SQLITE_ROW) return Error("read the stored " + name);
    return std::optional<int64_t>(st.Int(0));
  }

  // The log is complete from its 'log_start' row on: every generation after it has a row (the
  // count is checked too: a generation bumped without a row means the log cannot be trusted).
  Result<std::optional<std::vector<std::string>>> DocumentsAddedSince(int64_t generation) override {
    using Added = std::optional<std::vector<std::string>>;
    if (!has_changes_) return Added();
    Result<std::optional<int64_t>> now = Generation();
    if (!now.ok()) return now.status();
    if (!*now || generation > **now) return Added();
    Statement start(db_, "SELECT min(generation) FROM ledger_changes WHERE change = 'log_start'");
    if (start.Step() != SQLITE_ROW) return Error("read the ledger's changes");
    if (!start.OptInt(0) || generation < *start.OptInt(0)) return Added();
    Statement st(db_, "SELECT generation, change, document FROM ledger_changes WHERE generation > ? ORDER BY generation");
    st.Bind(1, generation);
    std::vector<std::string> added;
    int64_t generations = 0, last = generation;
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      if (st.View(1) != "document_added") return Added();
      if (st.Int(0) != last) ++generations;
      last = st.Int(0);
      added.push_back(st.Text(2));
    }
    if (rc != SQLITE_DONE) return Error("read the ledger's changes");
    if (generations != **now - generation) return Added();
    return Added(std::move(added));
  }

  Status StoreDerivedResult(const std::string& name, const std::string& key, int64_t generation,
                            std::string_view data) override {
    if (!has_generation_ || mode_ == OpenMode::kReadOnly) return Status::Usage("the ledger was opened read-only");
    Statement st(db_, "INSERT OR REPLACE INTO derived_results (name, key, generation, data) VALUES (?, ?, ?, ?)");
    st.Bind(1, name).Bind(2, key).Bind(3, generation).BindBlob(4, data);
    if (st.Step() != SQLITE_DONE) return Error("store the " + name);
    return Status::Ok();
  }

  Result<std::optional<FetchRecord>> FindFetch(const std::string& url) override {
    if (!has_fetches_) return std::optional<FetchRecord>();
    Statement st(db_, "SELECT document_id, fetched_at, status, feed, etag, last_modified FROM fetches WHERE url = ?");
    st.Bind(1, url);
    const int rc = st.Step();
    if (rc == SQLITE_DONE) return std::optional<FetchRecord>();
    if (rc != SQLITE_ROW) return Error("read the fetch record of " + url);
    return std::optional<FetchRecord>(
        FetchRecord{url, st.Text(0), st.Text(1), st.Int(2), st.Text(3), st.Text(4), st.Text(5)});
  }

  Status PutFetch(const FetchRecord& r) override {
    if (!has_fetches_ || mode_ == OpenMode::kReadOnly) return Status::Usage("the ledger was opened read-only");
    Statement st(db_,
                 "INSERT OR REPLACE INTO fetches (url, document_id, fetched_at, status, feed, etag, last_modified) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.Bind(1, r.url).Bind(2, r.document_id).Bind(3, r.fetched_at).Bind(4, r.status).Bind(5, r.feed);
    st.Bind(6, r.etag).Bind(7, r.last_modified);
    if (st.Step() != SQLITE_DONE) return Error("store the fetch record of " + r.url);
    return Status::Ok();
  }

  // Claims ordered by document, then by ordinal (their place in it), evidence in its order.
  Result<std::vector<StoredClaim>> ExtractedClaims() {
    std::vector<StoredClaim> out;
    out.reserve(RowCount("claims"));
    if (Status s = ForEachExtractedClaim([&](StoredClaim&& c) { out.push_back(std::move(c)); }); !s.ok()) return s;
    return out;
  }

  // The same claims handed to each one at a time, a document's claims held only until its last
  // is read (they may need sorting by ordinal).
  Status ForEachExtractedClaim(const std::function<void(StoredClaim&&)>& each) {
    // The evidence first, in one pass over its table, then joined to each claim here: joined in
    // SQL, every claim cost a search of evidence_by_claim and a lookup of each span's row (a
    // second of a million claims).
    Result<std::vector<EvidenceRow>> evidence = EvidenceByClaim();
    if (!evidence.ok()) return evidence.status();
    // In the order the index claims_by_doc (doc_id, id) gives, which SQLite then needs no sort
    // for: ordering by ordinal made it sort each document's rows in a temporary b-tree. A
    // document's claims are stored in ordinal order, so by id they are in it too; a document
    // whose are not is sorted here.
    Statement st(db_,
                 "SELECT c.id, c.doc_id, c.measure, c.low, c.high, c.best, c.qualifier, c.text, c.counted, c.party, "
                 "c.location, c.source, c.source_role, c.via, c.date, c.confidence, c.scope, c.counted_role, c.derived, "
                 "c.rule, c.ordinal FROM claims c ORDER BY c.doc_id, c.id");
    if (!st.ok()) return Error("read claims");
    std::vector<StoredClaim> document;  // the claims of the document being read
    std::vector<int64_t> ordinals;      // theirs, in the order read
    bool in_order = true;
    auto hand_over = [&] {
      if (!in_order) SortByOrdinal(&document, 0, ordinals);
      for (StoredClaim& c : document) each(std::move(c));
      document.clear();
      ordinals.clear();
      in_order = true;
    };
    size_t next_span = 0;  // where the evidence of the claim after the last one read would start
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      if (!document.empty() && document.back().claim.doc != st.View(1)) hand_over();
      Result<StoredClaim> claim = ClaimFromRow(st);
      if (!claim.ok()) return claim.status();
      document.push_back(std::move(*claim));
      const int64_t ordinal = st.Int(20);
      if (!ordinals.empty() && ordinal < ordinals.back()) in_order = false;
      ordinals.push_back(ordinal);
      // claims come mostly in id order, as the evidence does: its spans are then at next_span
      const int64_t id = document.back().id;
      if (next_span >= evidence->size() || (*evidence)[next_span].claim != id)
        next_span = static_cast<size_t>(
            std::lower_bound(evidence->begin(), evidence->end(), id,
                             [](const EvidenceRow& e, int64_t claim) { return e.claim < claim; }) -
            evidence->begin());
      std::vector<Span>& spans = document.back().claim.evidence;
      for (; next_span < evidence->size() && (*evidence)[next_span].claim == id; ++next_span)
        spans.push_back((*evidence)[next_span].span);
    }
    if (rc != SQLITE_DONE) return Error("read claims");
    hand_over();
    return Status();
  }

  struct EvidenceRow {
    int64_t claim = 0, row = 0;
    Span span;
  };

  // Every evidence span, by claim id, each claim's in the order stored (rowid). Read in the
  // table's order, which is that one unless documents were replaced; sorted here if not.
  Result<std::vector<EvidenceRow>> EvidenceByClaim() {
    Statement st(db_, "SELECT claim_id, rowid, start, end FROM evidence");
    if (!st.ok()) return Error("read claims");
    std::vector<EvidenceRow> out;
    out.reserve(RowCount("evidence"));
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW)
      out.push_back({st.Int(0), st.Int(1), {static_cast<uint32_t>(st.Int(2)), static_cast<uint32_t>(st.Int(3))}});
    if (rc != SQLITE_DONE) return Error("read claims");
    auto before = [](const EvidenceRow& a, const EvidenceRow& b) { return a.claim != b.claim ? a.claim < b.claim : a.row < b.row; };
    if (!std::is_sorted(out.begin(), out.end(), before)) std::sort(out.begin(), out.end(), before);
    return out;
  }

  // Puts claims[begin..] (one document's, ordinals[k] the ordinal of claims[begin + k]) in
  // ordinal order; equal ordinals keep their order.
  static void SortByOrdinal(std::vector<StoredClaim>* claims, size_t begin, const std::vector<int64_t>& ordinals) {
    std::vector<size_t> order(ordinals.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ordinals[a] < ordinals[b]; });
    std::vector<StoredClaim> sorted;
    sorted.reserve(order.size());
    for (size_t k : order) sorted.push_back(std::move((*claims)[begin + k]));
    std::move(sorted.begin(), sorted.end(), claims->begin() + static_cast<std::ptrdiff_t>(begin));
  }

  Result<std::optional<StoredDocument>> FindDocument(const std::string& id) override {
    Statement st(db_, "SELECT origin, content_hash FROM documents WHERE id = ?");
    if (!st.ok()) return Error("read document " + id);
    st.Bind(1, id);
    const int rc = st.Step();
    if (rc == SQLITE_DONE) return std::optional<StoredDocument>();
    if (rc != SQLITE_ROW) return Error("read document " + id);
    StoredDocument d;
    d.id = id;
    d.origin = st.Text(0);
    d.content_hash = st.Text(1);
    return std::optional<StoredDocument>(std::move(d));
  }

  Result<std::vector<StoredName>> Names() override {
    Statement st(db_, "SELECT doc_id, name, variant, role, person FROM names ORDER BY doc_id, rowid");
    if (!st.ok()) return Error("read names");
    std::vector<StoredName> out;
    out.reserve(RowCount("names"));
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW)
      out.push_back({st.Text(0), NameVariant{st.Text(1), st.Text(2), st.Text(3), st.Int(4) != 0}});
    if (rc != SQLITE_DONE) return Error("read names");
    return out;
  }

  // A row of "SELECT doc_id, name, variant, role, person FROM names" into n, its strings reused.
  static void ReadName(const Statement& st, StoredName* n) {
    n->doc.assign(st.View(0));
    n->name.name.assign(st.View(1));
    n->name.variant.assign(st.View(2));
    n->name.role.assign(st.View(3));
    n->name.person = st.Int(4) != 0;
  }

  Status ForEachNameOf(const std::vector<std::string>& ids, const std::function<void(const StoredName& name)>& each) override {
    Statement st(db_, "SELECT doc_id, name, variant, role, person FROM names WHERE doc_id = ? ORDER BY rowid");
    if (!st.ok()) return Error("read names");
    StoredName n;
    for (const std::string& id : ids) {
      st.Reset();
      st.Bind(1, id);
      int rc;
      while ((rc = st.Step()) == SQLITE_ROW) {
        ReadName(st, &n);
        each(n);
      }
      if (rc != SQLITE_DONE) return Error("read names");
    }
    return Status();
  }

  Status ForEachName(const std::function<void(const StoredName& name)>& each) override {
    Statement st(db_, "SELECT doc_id, name, variant, role, person FROM names ORDER BY doc_id, rowid");
    if (!st.ok()) return Error("read names");
    StoredName n;
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      ReadName(st, &n);
      each(n);
    }
    if (rc != SQLITE_DONE) return Error("read names");
    return Status();
  }

  Result<std::vector<Toll>> Tolls() override {
    Statement st(db_, "SELECT doc_id, measure, low, high, best, qualifier, victims, perpetrators, claims, confidence "
                      "FROM tolls ORDER BY doc_id, rowid");
    if (!st.ok()) return Error("read tolls");
    std::vector<Toll> out;
    out.reserve(RowCount("tolls"));  // half a million at 100,000 articles: grown by doubling, each moved and touched twice
    int rc;
    while ((rc = st.Step()) == SQLITE_ROW) {
      Toll t;
      t.doc = st.Text(0);
      t.measure = MeasureFromName(st.Text(1)).value_or(Measure::kOther);
      t.value = {st.OptInt(2), st.OptInt(3), st.OptInt(4)};
      t.qualifier = QualifierFromName(st.Text(5)).value_or(Qualifier::kExact);
      t.victims = st.OptInt(6);
      t.perpetrators = st.OptInt(7);
      t.claims = ParseOrdinals(st.Text(8));
      t.confidence = st.Real(9);
      out.push_back(std::move(t));
    }
    if (rc != SQLITE_DONE) return Error("read tolls");
    return out;
  }

 private:
  bool HasTable(const char* name) {
    Statement st(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    st.Bind(1, std::string_view(name));
    return st.Step() == SQLITE_ROW;
  }

  static std::optional<std::string> OptName(std::string_view name) {
    if (name.empty()) return std::nullopt;
    return std::string(name);
  }

  // Runs write (which returns the new row's id) in one write transaction: all of it or nothing.
  Result<int64_t> InWriteTransaction(const std::function<Result<int64_t>()>& write) {
    if (Status s = Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    Result<int64_t> id = write();
    if (!id.ok()) {
      Exec("ROLLBACK");
      return id;
    }
    if (Status s = Exec("COMMIT"); !s.ok()) {
      Exec("ROLLBACK");
      return s;
    }
    return id;
  }

  Result<int64_t> InsertReview(const Review& r, const AuditRow& a) {
    Statement st(db_, "INSERT INTO reviews (doc_id, span_start, span_end, measure, action, c_measure, c_value, c_low, "
                      "c_high, c_best, c_qualifier, c_source, c_party, c_date, c_scope, note, reviewer, at, extracted) "
                      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const Correction& c = r.correction;
    const std::optional<std::string> measure = c.measure ? OptName(MeasureName(*c.measure)) : std::nullopt;
    const std::optional<std::string> qualifier = c.qualifier ? OptName(QualifierName(*c.qualifier)) : std::nullopt;
    const std::optional<std::string> scope = c.scope ? OptName(ScopeName(*c.scope)) : std::nullopt;
    const std::string key_measure(MeasureName(r.key.measure)), action(ReviewActionName(r.action));
    const Interval value = c.value.value_or(Interval{});
    st.Bind(1, r.key.doc).Bind(2, static_cast<int64_t>(r.key.begin)).Bind(3, static_cast<int64_t>(r.key.end));
    st.Bind(4, key_measure).Bind(5, action).Bind(6, measure).Bind(7, static_cast<int64_t>(c.value.has_value()));
    st.Bind(8, value.low).Bind(9, value.high).Bind(10, value.best).Bind(11, qualifier).Bind(12, c.source);
    st.Bind(13, c.party).Bind(14, c.date).Bind(15, scope).Bind(16, r.note).Bind(17, r.reviewer).Bind(18, r.at);
    st.Bind(19, r.extracted);
    if (st.Step() != SQLITE_DONE) return Error("store the review");
    const int64_t id = sqlite3_last_insert_rowid(db_);
    if (Status s = InsertAudit(a); !s.ok()) return s;
    return id;
  }

  Status InsertAudit(const AuditRow& a) {
    Statement au(db_, "INSERT INTO audit (at, who, action, target, before, after, note) VALUES (?,?,?,?,?,?,?)");
    au.Bind(1, a.at).Bind(2, a.who).Bind(3, a.action).Bind(4, a.target).Bind(5, a.before).Bind(6, a.after).Bind(7, a.note);
    if (au.Step() != SQLITE_DONE) return Error("store the audit row");
    return Status::Ok();
  }

  static Review ReviewFromRow(const Statement& st) {
    Review r;
    r.id = st.Int(0);
    r.key = {st.Text(1), static_cast<uint32_t>(st.Int(2)), static_cast<uint32_t>(st.Int(3)),
             MeasureFromName(st.Text(4)).value_or(Measure::kOther)};
    r.action = ReviewActionFromName(st.Text(5)).value_or(ReviewAction::kAccept);
    Correction& c = r.correction;
    if (auto m = st.OptText(6)) c.measure = MeasureFromName(*m);
    if (st.Int(7)) c.value = Interval{st.OptInt(8), st.OptInt(9), st.OptInt(10)};
    if (auto q = st.OptText(11)) c.qualifier = QualifierFromName(*q);
    c.source = st.OptText(12);
    c.party = st.OptText(13);
    c.date = st.OptText(14);
    if (auto sc = st.OptText(15)) c.scope = ScopeFromName(*sc);
    r.note = st.Text(16);
    r.reviewer = st.Text(17);
    r.at = st.Text(18);
    r.extracted = st.Text(19);
    return r;
  }

  Result<PutResult> PutInTransaction(
const StoredDocument& doc, const std::vector<Claim>& claims,
                                     const std::vector<NameVariant>& names, const std::vector<Toll>& tolls,
                                     const Stamp& stamp) {
    PutResult result = PutResult::kAdded;
    {
      Statement& st = Cached(kFindDocument, "SELECT content_hash, extractor_version, lexicon_hash FROM documents WHERE id = ?");
      st.Bind(1, doc.id);
      if (st.Step() == SQLITE_ROW) {
        const bool same = st.Text(0) == doc.content_hash && st.Text(1) == stamp.extractor_version &&
                          st.Text(2) == stamp.lexicon_hash;
        st.Reset();  // a statement left on a row would hold its read snapshot open
        if (same) return PutResult::kUnchanged;
        result = PutResult::kReplaced;
      }
    }
    if (result == PutResult::kReplaced) {
      Statement& del = Cached(kDeleteDocument, "DELETE FROM documents WHERE id = ?");
      del.Bind(1, doc.id);
      if (del.Step() != SQLITE_DONE) return Error("replace document " + doc.id);
    }
    Statement& ins = Cached(kInsertDocument,
                  "INSERT INTO documents (id, origin, url, outlet, title, date, language, format, content_hash, simhash, "
                  "text, skipped, metadata, extractor_version, lexicon_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    ins.Bind(1, doc.id).Bind(2, doc.origin).Bind(3, doc.url).Bind(4, doc.outlet).Bind(5, doc.title).Bind(6, doc.date);
    ins.Bind(7, doc.language).Bind(8, doc.format).Bind(9, doc.content_hash).Bind(10, static_cast<int64_t>(doc.simhash));
    ins.Bind(11, doc.text).Bind(12, doc.skipped_json).Bind(13, doc.metadata_json).Bind(14, stamp.extractor_version);
    ins.Bind(15, stamp.lexicon_hash);
    if (ins.Step() != SQLITE_DONE) return Error("store document " + doc.id);
    Statement& cl = Cached(kInsertClaim,
                 "INSERT INTO claims (doc_id, ordinal, measure, low, high, best, qualifier, text, counted, party, location, "
                 "source, source_role, via, date, confidence, extractor_version, lexicon_hash, scope, counted_role, derived, rule) "
                 "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    Statement& ev = Cached(kInsertEvidence, "INSERT INTO evidence (claim_id, start, end) VALUES (?,?,?)");
    for (size_t i = 0; i < claims.size(); ++i) {
      const Claim& c = claims[i];
      cl.Reset();
      const std::string via = JsonStrings(c.via);
      cl.Bind(1, doc.id).Bind(2, static_cast<int64_t>(i)).Bind(3, MeasureName(c.measure));
      cl.Bind(4, c.value.low).Bind(5, c.value.high).Bind(6, c.value.best).Bind(7, QualifierName(c.qualifier));
      cl.Bind(8, c.text).Bind(9, c.counted).Bind(10, c.party).Bind(11, c.location).Bind(12, c.source);
      cl.Bind(13, c.source_role).Bind(14, via).Bind(15, c.date).Bind(16, c.confidence);
      cl.Bind(17, stamp.extractor_version).Bind(18, stamp.lexicon_hash).Bind(19, ScopeName(c.scope));
      const std::string_view role = CountedRoleName(c.counted_role), derived = DerivedName(c.derived);
      if (role.empty()) cl.Bind(20, std::optional<std::string>());
      else cl.Bind(20, role);
      if (derived.empty()) cl.Bind(21, std::optional<std::string>());
      else cl.Bind(21, derived);
      if (c.rule.empty()) cl.Bind(22, std::optional<std::string>());
      else cl.Bind(22, c.rule);
      if (cl.Step() != SQLITE_DONE) return Error("store claims of " + doc.id);
      const int64_t id = sqlite3_last_insert_rowid(db_);
      for (const Span& e : c.evidence) {
        ev.Reset();
        ev.Bind(1, id).Bind(2, static_cast<int64_t>(e.begin)).Bind(3, static_cast<int64_t>(e.end));
        if (ev.Step() != SQLITE_DONE) return Error("store evidence of " + doc.id);
      }
    }
    Statement& nm = Cached(kInsertName, "INSERT INTO names (doc_id, name, variant, role, person) VALUES (?,?,?,?,?)");
    for (const NameVariant& n : names) {
      nm.Reset();
      nm.Bind(1, doc.id).Bind(2, n.name).Bind(3, n.variant).Bind(4, n.role).Bind(5, static_cast<int64_t>(n.person));
      if (nm.Step() != SQLITE_DONE) return Error("store names of " + doc.id);
    }
    if (Status s = PutTolls(doc.id, tolls); !s.ok()) return s;
    return result;
  }

  Status PutTolls(const std::string& doc_id, const std::vector<Toll>& tolls) {
    Statement& st = Cached(kInsertToll,
                           "INSERT INTO tolls (doc_id, measure, low, high, best, qualifier, victims, perpetrators, claims, "
                           "confidence) VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (const Toll& t : tolls) {
      st.Reset();
      const std::string claims = OrdinalList(t.claims);
      st.Bind(1, doc_id).Bind(2, MeasureName(t.measure)).Bind(3, t.value.low).Bind(4, t.value.high).Bind(5, t.value.best);
      st.Bind(6, QualifierName(t.qualifier)).Bind(7, t.victims).Bind(8, t.perpetrators).Bind(9, claims);
      st.Bind(10, t.confidence);
      if (st.Step() != SQLITE_DONE) return Error("store tolls of " + doc_id);
    }
    return Status::Ok();
  }

  // SQLite answers "busy" without calling the busy handler where waiting could deadlock, and
  // while another connection turns a new file to WAL. Outside a transaction, and for a COMMIT,
  // asking again is safe: Exec waits and asks again, as the busy handler would.
  Status Exec(const std::string& sql) {
    for (int attempt = 0;; ++attempt) {
      char* err = nullptr;
      const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
      if (rc == SQLITE_OK) return Status::Ok();
      std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      if ((rc & 0xff) == SQLITE_BUSY && (sqlite3_get_autocommit(db_) || sql == "COMMIT") && WaitForLock(this, attempt))
        continue;
      return Status::IoError("database: " + msg + SystemError());
    }
  }

  // How many rows table holds, to reserve a vector once: growing a million claims by doubling
  // moves each several times and touches twice the memory. 0 when the count fails (the read
  // that follows reports the error).
  size_t RowCount(const char* table) {
    const std::string sql = std::string("SELECT count(*) FROM ") + table;
    Statement st(db_, sql.c_str());
    return st.ok() && st.Step() == SQLITE_ROW ? static_cast<size_t>(std::max<int64_t>(st.Int(0), 0)) : 0;
  }

  Status Error(const std::string& what) {
    return Status::IoError("database: cannot " + what + ": " + sqlite3_errmsg(db_) + SystemError());
  }

  // A claim from the first 20 columns of Claims()'s query (evidence not included); an error
  // when its stored via list is not an array of strings.
  static Result<StoredClaim> ClaimFromRow(const Statement& st) {
    StoredClaim sc;
    sc.id = st.Int(0);
    Claim& c = sc.claim;
    c.doc = st.Text(1);
    c.measure = MeasureFromName(st.Text(2)).value_or(Measure::kOther);
    c.value.low = st.OptInt(3);
    c.value.high = st.OptInt(4);
    c.value.best = st.OptInt(5);
    c.qualifier = QualifierFromName(st.Text(6)).value_or(Qualifier::kExact);
    c.text = st.Text(7);
    c.counted = st.OptText(8);
    c.party = st.OptText(9);
    c.location = st.OptText(10);
    c.source = st.OptText(11);
    c.source_role = st.OptText(12);
    Result<std::vector<std::string>> via = ParseJsonStrings(st.Text(13));
    if (!via.ok()) return Status::InvalidInput("claim " + std::to_string(sc.id) + ": via: " + via.status().message());
    c.via = std::move(*via);
    c.date = st.OptText(14);
    c.confidence = st.Real(15);
    c.scope = ScopeFromName(st.Text(16)).value_or(Scope::kEvent);
    c.counted_role = CountedRoleFromName(st.Text(17)).value_or(CountedRole::kUnknown);
    c.derived = DerivedFromName(st.Text(18)).value_or(Derived::kNone);
    c.rule = st.Text(19);
    return sc;
  }

  // The operating system's word for an I/O failure ("No space left on device"), if any.
  std::string SystemError() const {
    const int e = sqlite3_system_errno(db_);
    return e ? std::string(" (") + std::strerror(e) + ")" : std::string();
  }

  // The write path's statements, prepared once and reset before each use.
  enum CachedStatement { kFindDocument, kDeleteDocument, kInsertDocument, kInsertClaim, kInsertEvidence, kInsertName, kInsertToll, kCached };
  Statement& Cached(CachedStatement which, const char* sql) {
    std::unique_ptr<Statement>& st = cached_[which];
    if (!st) st = std::make_unique<Statement>(db_, sql);
    st->Reset();
    return *st;
  }

  // SQLite's busy handler: sleeps a little and asks again, up to kMaxLockWait in all.
  static int WaitForLock(void* self, int attempt) {
    auto* store = static_cast<SqliteStore*>(self);
    const auto now = std::chrono::steady_clock::now();
    if (attempt == 0) store->waiting_since_ = now;
    const auto limit = store->mode_ == OpenMode::kWriteIfFree ? std::chrono::steady_clock::duration(kWriteIfFreeWait)
                                                               : std::chrono::steady_clock::duration(kMaxLockWait);
    if (now - store->waiting_since_ > limit) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(attempt < 10 ? 1 : 5));
    return 1;
  }

  sqlite3* db_;
  const OpenMode mode_;
  int version_ = 0;
  std::chrono::steady_clock::time_point waiting_since_;
  bool in_batch_ = false;
  bool has_reviews_ = false;  // an older ledger opened read-only has no reviews table
  bool has_generation_ = false;  // nor a generation
  bool has_fetches_ = false;     // nor fetch records (tally fetch)
  bool has_entity_decisions_ = false;  // nor decisions about entities
  bool has_changes_ = false;           // nor a log of changes by generation
  std::unique_ptr<Statement> cached_[kCached];
};

// A read-only view of a file that holds no ledger yet (empty, or never written to).
class EmptyStore : public Store {
 public:
  Result<PutResult> Put(const StoredDocument&, const std::vector<Claim>&, const std::vector<NameVariant>&,
                        const std::vector<Toll>&, const Stamp&) override {
    return Status::Usage("the ledger was opened read-only");
  }
  Status BeginBatch() override { return Status::Usage("the ledger was opened read-only"); }
  Status EndBatch() override { return Status::Ok(); }
  Status BeginRead() override { return Status::Ok(); }
  Status EndRead() override { return Status::Ok(); }
  Result<std::vector<StoredDocument>> Documents(bool) override { return std::vector<StoredDocument>{}; }
  Result<std::vector<StoredClaim>> Claims(ClaimReading) override { return std::vector<StoredClaim>{}; }
  Result<int64_t> AddReview(const Review&, const AuditRow&) override {
    return Status::Usage("the ledger was opened read-only");
  }
  Result<std::vector<Review>> Reviews() override { return std::vector<Review>{}; }
  Result<std::vector<AuditRow>> Audit() override { return std::vector<AuditRow>{}; }
  Result<int64_t> AddEntityDecision(const EntityDecision&, const AuditRow&) override {
    return Status::Usage("the ledger was opened read-only");
  }
  Result<std::vector<EntityDecision>> EntityDecisions() override { return std::vector<EntityDecision>{}; }
  Status AddUser(const std::string&, const std::string&) override { return Status::Usage("the ledger was opened read-only"); }
  Result<std::optional<std::string>> UserWithTokenHash(const std::string&) override {
    return std::optional<std::string>();
  }
  Result<std::vector<StoredName>> Names() override { return std::vector<StoredName>{}; }
  Result<std::optional<StoredDocument>> FindDocument(const std::string&) override {
    return std::optional<StoredDocument>();
  }
  Result<std::vector<Toll>> Tolls() override { return std::vector<Toll>{}; }
  Result<std::optional<int64_t>> Generation() override { return std::optional<int64_t>(); }
  Result<std::optional<std::string>> DerivedResult(const std::string&, const std::string&, int64_t) override {
    return std::optional<std::string>();
  }
  Status StoreDerivedResult(const std::string&, const std::string&, int64_t, std::string_view) override {
    return Status::Usage("the ledger was opened read-only");
  }
  Result<std::optional<FetchRecord>> FindFetch(const std::string&) override { return std::optional<FetchRecord>(); }
  Status PutFetch(const FetchRecord&) override { return Status::Usage("the ledger was opened read-only"); }
};

// name as a URI path: SQLite reads '?' and '#' in it as the query and fragment.
std::string UriPath(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::unique_ptr<SqliteStore>> Open(const std::string& name, int flags, OpenMode mode, const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(name.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IoError(path + ": cannot open the ledger: " + msg);
  }
  auto store = std::make_unique<SqliteStore>(db, mode);
  if (Status s = store->Init(); !s.ok()) {
    // a read-only connection to a WAL ledger whose -shm file neither exists nor can be made
    // (a read-only folder, no writer at work): SQLite refuses; the caller may read it immutable
    const int code = sqlite3_errcode(db) & 0xff;
    if (mode == OpenMode::kReadOnly && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN))
      return Status::Usage(path + ": " + s.message());
    if (s.code() == Status::Code::kInvalidInput) return Status::InvalidInput(path + ": " + s.message());
    return Status::IoError(path + ": " + s.message());
  }
  return store;
}

Result<std::unique_ptr<Store>> OpenReadOnly(const std::string& path) {
  if (path != ":memory:" && access(path.c_str(), F_OK) != 0) return Status::NotFound(path + ": no such ledger");
  auto store = Open(path, SQLITE_OPEN_READONLY, OpenMode::kReadOnly, path);
  // No writer can be at work without a -wal file beside the ledger, so reading the file as
  // immutable (no locks, no -shm) sees a ledger no one is changing.
  if (!store.ok() && store.status().code() == Status::Code::kUsage && access((path + "-wal").c_str(), F_OK) != 0)
    store = Open("file:" + UriPath(path) + "?immutable=1", SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, OpenMode::kReadOnly, path);
  if (!store.ok()) {
    if (store.status().code() == Status::Code::kUsage) return Status::IoError(store.status().message());
    return store.status();
  }
  if ((*store)->version() == 0) return std::unique_ptr<Store>(std::make_unique<EmptyStore>());
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, OpenMode mode) {
  if (mode == OpenMode::kReadOnly) return OpenReadOnly(path);
  auto store = Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, mode, path);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace tally

namespace tally {

Result<SchemaVersions> SqliteSchemaVersion(const std::string& path) {
  if (path != ":memory:" && access(path.c_str(), F_OK) != 0) return SchemaVersions{0, kLatestVersion};
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IoError(path + ": cannot open the ledger: " + msg);
  }
  int version = -1;
  {
    Statement st(db, "PRAGMA user_version");
    if (st.Step() == SQLITE_ROW) version = static_cast<int>(st.Int(0));
  }
  const std::string msg = sqlite3_errmsg(db);
  sqlite3_close(db);
  if (version < 0) return Status::IoError(path + ": cannot read the ledger: " + msg);
  return SchemaVersions{version, kLatestVersion};
}

}  // namespace tally
