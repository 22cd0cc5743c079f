// tally db copy: a ledger moved between backends (SQLite file <-> PostgreSQL) table by table,
// row by row, with its ids, so reviews, the audit log and reviewers come along unchanged. Both
// ledgers must be at this tally's schema version; their tables and columns then agree (the two
// migration lists are kept in step, tests/store_test.cc checks it). The target is written in one
// transaction: a failed copy leaves it as it was.
#include "store/copy.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>

#include "store/postgres_store.h"
#include "store/store.h"

namespace tally {
namespace {

using Value = std::optional<std::string>;
using Row = std::vector<Value>;

// Tables copied first, in this order (later ones refer to earlier ones); any other table of the
// schema follows by name. Not copied: the schema version, the generation and its log of changes
// (the target counts and logs its own) and derived results (computed again on the next read). Views (docs/schema.md) are not
// tables and are never listed: the target's own migrations made them.
const char* const kOrder[] = {"documents", "claims", "evidence", "names", "tolls", "reviews", "audit", "users"};
const char* const kSkipped[] = {"tally_schema", "ledger_generation", "ledger_changes", "derived_results"};

struct Table {
  std::string name;
  std::vector<std::string> columns;  // without PostgreSQL's rowid
  std::vector<char> types;           // I(nteger), R(eal), T(ext)
  bool has_rowid = false;            // PostgreSQL: the column the rows are ordered by
};

std::string Quoted(const std::string& name) { return "\"" + name + "\""; }

std::string ColumnList(const Table& t) {
  std::string s;
  for (size_t i = 0; i < t.columns.size(); ++i) s += (i ? ", " : "") + Quoted(t.columns[i]);
  return s;
}

// One backend's side of a copy: lists tables, reads them row by row in stored order, writes rows.
class Side {
 public:
  virtual ~Side() = default;
  virtual Result<std::vector<Table>> Tables() = 0;
  virtual Status Read(const Table& t, const std::function<Status(const Row&)>& each) = 0;
  virtual Status Snapshot() = 0;  // the reads that follow see one state of the source
  virtual Status Begin() = 0;
  virtual Status Write(const Table& t, const Row& row) = 0;
  virtual Status Flush(const Table& t) = 0;
  virtual Status Commit() = 0;
  virtual Result<int64_t> Count(const std::string& table) = 0;
};

class SqliteSide : public Side {
 public:
  explicit SqliteSide(std::string path) : path_(std::move(path)) {}
  ~SqliteSide() override {
    if (insert_) sqlite3_finalize(insert_);
    if (db_) sqlite3_close(db_);
  }
  Status Open(bool write) {
    if (sqlite3_open_v2(path_.c_str(), &db_, write ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
      return Error("open");
    sqlite3_busy_timeout(db_, 60000);
    return Status::Ok();
  }
  Result<std::vector<Table>> Tables() override {
    std::vector<Table> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_,
                           "SELECT m.name, p.name, upper(p.type) FROM sqlite_master m, pragma_table_info(m.name) p "
                           "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid",
                           -1, &st, nullptr) != SQLITE_OK)
      return Error("list tables");
    while (sqlite3_step(st) == SQLITE_ROW) {
      const std::string table = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      const std::string type = reinterpret_cast<const char*>(sqlite3_column_text(st, 2));
      if (out.empty() || out.back().name != table) out.push_back({table, {}, {}, false});
      out.back().columns.push_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
      out.back().types.push_back(type == "INTEGER" ? 'I' : type == "REAL" ? 'R' : type == "BLOB" ? 'B' : 'T');
    }
    sqlite3_finalize(st);
    return out;
  }
  Status Read(const Table& t, const std::function<Status(const Row&)>& each) override {
    sqlite3_stmt* st = nullptr;
    const std::string sql = "SELECT " + ColumnList(t) + " FROM " + Quoted(t.name) + " ORDER BY rowid";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return Error("read " + t.name);
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(st, sqlite3_finalize);
    Row row(t.columns.size());
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      for (int c = 0; c < static_cast<int>(row.size()); ++c) {
        switch (sqlite3_column_type(st, c)) {
          case SQLITE_NULL: row[c].reset(); break;
          case SQLITE_INTEGER: row[c] = std::to_string(sqlite3_column_int64(st, c)); break;
          case SQLITE_FLOAT: {
            char buf[32];
            const auto r = std::to_chars(buf, buf + sizeof buf, sqlite3_column_double(st, c));
            row[c] = std::string(buf, r.ptr);
            break;
          }
          default:
            row[c] = std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c)),
                                 static_cast<size_t>(sqlite3_column_bytes(st, c)));
        }
      }
      if (Status s = each(row); !s.ok()) return s;
    }
    if (rc != SQLITE_DONE) return Error("read " + t.name);
    return Status::Ok();
  }
  Status Snapshot() override {
    if (Status s = Exec("BEGIN"); !s.ok()) return s;
    return Exec("SELECT count(*) FROM sqlite_master");  // a read transaction's snapshot starts at its first read
  }
  Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  Status Write(const Table& t, const Row& row) override {
    if (table_ != t.name) {
      if (insert_) sqlite3_finalize(insert_);
      insert_ = nullptr;
      table_ = t.name;
      std::string sql = "INSERT INTO " + Quoted(t.name) + " (" + ColumnList(t) + ") VALUES (";
      for (size_t i = 0; i < t.columns.size(); ++i) sql += i ? ",?" : "?";
      sql += ")";
      if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &insert_, nullptr) != SQLITE_OK) return Error("write " + t.name);
    }
    sqlite3_reset(insert_);
    for (int c = 0; c < static_cast<int>(row.size()); ++c) {
      if (!row[c]) sqlite3_bind_null(insert_, c + 1);
      else if (t.types[c] == 'I') sqlite3_bind_int64(insert_, c + 1, std::strtoll(row[c]->c_str(), nullptr, 10));
      else if (t.types[c] == 'R') sqlite3_bind_double(insert_, c + 1, std::strtod(row[c]->c_str(), nullptr));
      else sqlite3_bind_text(insert_, c + 1, row[c]->data(), static_cast<int>(row[c]->size()), SQLITE_TRANSIENT);
    }
    if (sqlite3_step(insert_) != SQLITE_DONE) return Error("write " + t.name);
    return Status::Ok();
  }
  Status Flush(const Table&) override { return Status::Ok(); }
  Status Commit() override { return Exec("COMMIT"); }
  Result<int64_t> Count(const std::string& table) override {
    sqlite3_stmt* st = nullptr;
    const std::string sql = "SELECT count(*) FROM " + Quoted(table);
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return Error("count " + table);
    const int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
  }

 private:
  Status Exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return Error(sql);
    return Status::Ok();
  }
  Status Error(const std::string& what) const {
    return Status::IoError(path_ + ": cannot " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
  }
  std::string path_, table_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
};

class PostgresSide : public Side {
 public:
  explicit PostgresSide(std::string uri) : uri_(std::move(uri)) {}
  ~PostgresSide() override {
    if (conn_) PQfinish(conn_);
  }
  Status Open() {
    conn_ = PQconnectdb(uri_.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) return Error("connect");
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    return Exec("SET client_encoding = 'UTF8'");
  }
  Result<std::vector<Table>> Tables() override {
    auto r = Query("SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
                   "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                   "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
                   "ORDER BY c.table_name, c.ordinal_position",
                   {});
    if (!r) return Error("list tables");
    std::vector<Table> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      const std::string table = PQgetvalue(r.get(), i, 0), column = PQgetvalue(r.get(), i, 1), type = PQgetvalue(r.get(), i, 2);
      if (out.empty() || out.back().name != table) out.push_back({table, {}, {}, false});
      if (column == "rowid") {
        out.back().has_rowid = true;
        continue;
      }
      out.back().columns.push_back(column);
      out.back().types.push_back(type == "bigint" || type == "integer" ? 'I' : type == "double precision" ? 'R'
                                 : type == "bytea"                       ? 'B'
                                                                         : 'T');
    }
    return out;
  }
  Status Read(const Table& t, const std::function<Status(const Row&)>& each) override {
    // a cursor: the rows come in pieces, not the whole table in memory at once
    const bool has_id = std::find(t.columns.begin(), t.columns.end(), "id") != t.columns.end();
    const std::string order = t.has_rowid ? "rowid" : has_id ? "id" : "1";
    if (Status s = Exec("DECLARE copy_rows NO SCROLL CURSOR FOR SELECT " + ColumnList(t) + " FROM " + Quoted(t.name) +
                        " ORDER BY " + order);
        !s.ok())
      return s;
    Row row(t.columns.size());
    for (;;) {
      auto r = Query("FETCH 1000 FROM copy_rows", {});
      if (!r) return Error("read " + t.name);
      const int n = PQntuples(r.get());
      for (int i = 0; i < n; ++i) {
        for (int c = 0; c < static_cast<int>(row.size()); ++c) {
          if (PQgetisnull(r.get(), i, c)) row[c].reset();
          else row[c] = std::string(PQgetvalue(r.get(), i, c), static_cast<size_t>(PQgetlength(r.get(), i, c)));
        }
        if (Status s = each(row); !s.ok()) return s;
      }
      if (n == 0) break;
    }
    return Exec("CLOSE copy_rows");
  }
  Status Snapshot() override { return Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
  Status Begin() override { return Exec("BEGIN"); }
  Status Write(const Table& t, const Row& row) override {
    pending_.insert(pending_.end(), row.begin(), row.end());
    if (pending_.size() >= 20000) return Flush(t);
    return Status::Ok();
  }
  Status Flush(const Table& t) override {
    if (pending_.empty()) return Status::Ok();
    const size_t columns = t.columns.size(), rows = pending_.size() / columns;
    std::string sql = "INSERT INTO " + Quoted(t.name) + " (" + ColumnList(t) + ") VALUES ";
    std::vector<const char*> values(pending_.size());
    for (size_t r = 0, p = 1; r < rows; ++r) {
      sql += r ? ",(" : "(";
      for (size_t c = 0; c < columns; ++c, ++p) sql += (c ? ",$" : "$") + std::to_string(p);
      sql += ")";
    }
    for (size_t i = 0; i < pending_.size(); ++i) values[i] = pending_[i] ? pending_[i]->c_str() : nullptr;
    std::unique_ptr<PGresult, void (*)(PGresult*)> r(
        PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0), PQclear);
    pending_.clear();
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return Error("write " + t.name, r.get());
    return Status::Ok();
  }
  // The identity columns' sequences go on from the copied ids.
  Status Commit() override {
    auto r = Query("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                   "AND is_identity = 'YES' AND column_name <> 'rowid'",
                   {});
    if (!r) return Error("list identity columns");
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      const std::string table = PQgetvalue(r.get(), i, 0), column = PQgetvalue(r.get(), i, 1);
      if (Status s = Exec("SELECT setval(pg_get_serial_sequence('" + Quoted(table) + "', '" + column + "'), (SELECT coalesce(max(" +
                          Quoted(column) + "), 0) + 1 FROM " + Quoted(table) + "), false)");
          !s.ok())
        return s;
    }
    return Exec("COMMIT");
  }
  Result<int64_t> Count(const std::string& table) override {
    auto r = Query("SELECT count(*) FROM " + Quoted(table), {});
    if (!r) return Error("count " + table);
    return std::strtoll(PQgetvalue(r.get(), 0, 0), nullptr, 10);
  }

 private:
  using PgResult = std::unique_ptr<PGresult, void (*)(PGresult*)>;
  PgResult Query(const std::string& sql, const std::vector<std::string>&) {
    PgResult r(PQexec(conn_, sql.c_str()), PQclear);
    const ExecStatusType st = PQresultStatus(r.get());
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      error_ = PQresultErrorMessage(r.get());
      return PgResult(nullptr, PQclear);
    }
    return r;
  }
  Status Exec(const std::string& sql) {
    if (!Query(sql, {})) return Status::IoError(RedactedUri(uri_) + ": " + Trim(error_));
    return Status::Ok();
  }
  Status Error(const std::string& what, PGresult* r = nullptr) const {
    std::string msg = r ? PQresultErrorMessage(r) : !error_.empty() ? error_ : PQerrorMessage(conn_);
    return Status::IoError(RedactedUri(uri_) + ": cannot " + what + ": " + Trim(msg));
  }
  static std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }
  std::string uri_, error_;
  PGconn* conn_ = nullptr;
  std::vector<Value> pending_;
};

Result<std::unique_ptr<Side>> OpenSide(const std::string& where, bool write) {
  if (IsPostgresUri(where)) {
    auto side = std::make_unique<PostgresSide>(where);
    if (Status s = side->Open(); !s.ok()) return s;
    return std::unique_ptr<Side>(std::move(side));
  }
  auto side = std::make_unique<SqliteSide>(where);
  if (Status s = side->Open(write); !s.ok()) return s;
  return std::unique_ptr<Side>(std::move(side));
}

}  // namespace

Result<CopySummary> CopyLedger(const std::string& from, const std::string& to) {
  // Both ends checked as ledgers (the target created or migrated) before a row moves.
  Result<SchemaVersions> version = LedgerSchemaVersion(from);
  if (!version.ok()) return version.status();
  if (version->ledger == 0) return Status::NotFound(RedactedUri(from) + ": no such ledger (or an empty one)");
  if (version->ledger != version->latest)
    return Status::InvalidInput(RedactedUri(from) + ": schema version " + std::to_string(version->ledger) +
                                ", this tally's is " + std::to_string(version->latest) +
                                ": run tally db migrate on it first (or use the tally that wrote it)");
  {
    Result<std::unique_ptr<Store>> source = OpenStore(from, OpenMode::kReadOnly);
    if (!source.ok()) return source.status();
    Result<std::unique_ptr<Store>> target = OpenStore(to, OpenMode::kReadWrite);
    if (!target.ok()) return target.status();
  }
  Result<std::unique_ptr<Side>> source = OpenSide(from, false);
  if (!source.ok()) return source.status();
  Result<std::unique_ptr<Side>> target = OpenSide(to, true);
  if (!target.ok()) return target.status();
  Result<std::vector<Table>> tables = (*source)->Tables();
  if (!tables.ok()) return tables.status();
  Result<std::vector<Table>> target_tables = (*target)->Tables();
  if (!target_tables.ok()) return target_tables.status();
  for (const char* t : {"documents", "reviews", "users"}) {
    Result<int64_t> n = (*target)->Count(t);
    if (!n.ok()) return n.status();
    if (*n > 0) return Status::InvalidInput(RedactedUri(to) + ": not an empty ledger (its " + t + " table has rows): copy into a new one");
  }
  // known tables first, in an order that satisfies their references; then the rest by name
  std::vector<Table> ordered;
  for (const char* name : kOrder)
    for (const Table& t : *tables)
      if (t.name == name) ordered.push_back(t);
  for (const Table& t : *tables)
    if (std::find(std::begin(kOrder), std::end(kOrder), t.name) == std::end(kOrder) &&
        std::find(std::begin(kSkipped), std::end(kSkipped), t.name) == std::end(kSkipped))
      ordered.push_back(t);

  CopySummary summary;
  if (Status s = (*source)->Snapshot(); !s.ok()) return s;
  if (Status s = (*target)->Begin(); !s.ok()) return s;
  for (Table& t : ordered) {
    auto match = std::find_if(target_tables->begin(), target_tables->end(), [&](const Table& x) { return x.name == t.name; });
    if (match == target_tables->end() || match->columns != t.columns)
      return Status::InvalidInput("table " + t.name + " differs between " + RedactedUri(from) + " and " + RedactedUri(to) +
                                  " (a migration missing from one backend?)");
    if (std::find(t.types.begin(), t.types.end(), 'B') != t.types.end())
      return Status::InvalidInput("table " + t.name + " holds bytes, which tally db copy does not move");
    t.types = match->types;  // values are written as the target's column types
    int64_t rows = 0;
    Status s = (*source)->Read(t, [&](const Row& row) {
      ++rows;
      return (*target)->Write(t, row);
    });
    if (s.ok()) s = (*target)->Flush(t);
    if (!s.ok()) return s;
    summary.tables.emplace_back(t.name, rows);
  }
  if (Status s = (*target)->Commit(); !s.ok()) return s;
  return summary;
}

}  // namespace tally
