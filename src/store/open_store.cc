// Which ledger a --db names: a PostgreSQL connection URI or a SQLite file.
#include "store/postgres_store.h"
#include "store/store.h"

namespace tally {

bool IsPostgresUri(const std::string& path_or_uri) {
  return path_or_uri.rfind("postgresql://", 0) == 0 || path_or_uri.rfind("postgres://", 0) == 0;
}

std::string LedgerName(const std::string& path_or_uri) {
  return IsPostgresUri(path_or_uri) ? RedactedUri(path_or_uri) : path_or_uri;
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& path_or_uri, OpenMode mode) {
  if (IsPostgresUri(path_or_uri)) return OpenPostgresStore(path_or_uri, mode);
  return OpenSqliteStore(path_or_uri, mode);
}

Result<SchemaVersions> LedgerSchemaVersion(const std::string& path_or_uri) {
  if (IsPostgresUri(path_or_uri)) return PostgresSchemaVersion(path_or_uri);
  return SqliteSchemaVersion(path_or_uri);
}

}  // namespace tally
