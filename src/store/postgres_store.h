// The PostgreSQL ledger: the Store interface (store.h) over libpq, for a ledger several ingests
// and reviewers share. Same semantics as the SQLite ledger: a Put is atomic, a batch is one
// transaction with a savepoint per Put, BeginRead/EndRead read one snapshot (REPEATABLE READ).
// Concurrent writers never store a document twice: documents.id is the primary key and a Put
// that meets a document another writer stored meanwhile compares it as it would its own.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace tally {

// Opens the ledger at a libpq connection URI (postgresql://user@host/dbname). Refuses, with a
// message, a database whose schema holds other tables or whose schema is newer than this tally's.
// Read-only: a database with no tally tables reads as a ledger with no documents.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& uri, OpenMode mode = OpenMode::kReadWrite);

// The uri without its password, for messages.
std::string RedactedUri(const std::string& uri);

}  // namespace tally
