// store: keeps documents, their claims and evidence, the names they use and their tolls, so
// that claims can be reconciled across documents.
//
// Input:  a prepared Document and what extract found in it (claims, name variants, tolls).
// Output: rows in a Store; read back as StoredDocument, StoredClaim, StoredName and Toll.
// Each Put is atomic: a crash or kill leaves either the old or the new version of a document,
// never a mix. Puts between BeginBatch and EndBatch share one transaction (each inside its own
// savepoint, so a failed Put undoes only itself): much faster, and a crash loses at most the
// documents of the open batch, whole. SQLite is the implementation here; the interface is what a
// PostgreSQL store implements next.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tally/claim.h"
#include "tally/document.h"
#include "tally/status.h"
#include "tally/toll.h"

namespace tally {

struct StoredDocument {
  std::string id, origin, url, outlet, title, date, language, format;
  std::string content_hash;  // xxh64 of the text, hex
  uint64_t simhash = 0;      // of the kept text's word shingles (near-duplicates)
  std::string text;          // empty when read back without text
  uint64_t text_bytes = 0;   // the text's length, also when read back without it
  std::string skipped_json;  // [[start,end,"reason"],...]
  std::string metadata_json; // {"field": raw JSON, ...}
};

struct StoredClaim {
  int64_t id = 0;
  Claim claim;  // claim.doc names its document
};

struct StoredName {
  std::string doc;
  NameVariant name;
};

// Who produced the stored claims: the extractor's version and its lexicons' fingerprint.
struct Stamp {
  std::string extractor_version;
  std::string lexicon_hash;
};

class Store {
 public:
  enum class PutResult { kAdded, kReplaced, kUnchanged };
  virtual ~Store() = default;

  // Stores doc with its claims, names and tolls, replacing whatever was stored under its id.
  // Unchanged content (same hash, same stamp) writes nothing.
  virtual Result<PutResult> Put(const StoredDocument& doc, const std::vector<Claim>& claims,
                                const std::vector<NameVariant>& names, const std::vector<Toll>& tolls,
                                const Stamp& stamp) = 0;
  // The same, without tolls.
  Result<PutResult> Put(const StoredDocument& doc, const std::vector<Claim>& claims,
                        const std::vector<NameVariant>& names, const Stamp& stamp) {
    return Put(doc, claims, names, {}, stamp);
  }
  // Opens a batch of Puts; EndBatch commits it. Without them every Put commits alone.
  virtual Status BeginBatch() = 0;
  virtual Status EndBatch() = 0;
  virtual Result<std::vector<StoredDocument>> Documents(bool with_text) = 0;
  virtual Result<std::vector<StoredClaim>> Claims() = 0;
  virtual Result<std::vector<StoredName>> Names() = 0;
  // Every document's tolls, by document id then measure.
  virtual Result<std::vector<Toll>> Tolls() = 0;
};

// Opens (creating or migrating) a SQLite ledger at path (":memory:" for a private one).
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

// The stored form of a prepared document: hashes, fingerprint and skipped spans.
StoredDocument ToStored(const Document& doc);

// 64-bit SimHash over word 3-shingles of the kept text (furniture excluded).
uint64_t SimHash(const Document& doc);

}  // namespace tally
