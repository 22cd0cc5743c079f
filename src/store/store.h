// store: keeps documents, their claims and evidence, the names they use and their tolls, so
// that claims can be reconciled across documents.
//
// Input:  a prepared Document and what extract found in it (claims, name variants, tolls).
// Output: rows in a Store; read back as StoredDocument, StoredClaim, StoredName and Toll.
// Each Put is atomic: a crash or kill leaves either the old or the new version of a document,
// never a mix. Puts between BeginBatch and EndBatch share one transaction (each inside its own
// savepoint, so a failed Put undoes only itself): much faster, and a crash loses at most the
// documents of the open batch, whole. Two implementations: SQLite (sqlite_store.cc, a file, the
// default) and PostgreSQL (postgres_store.cc, a shared server); OpenStore picks one.
#pragma once

#include <cstdint>
#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "review/review.h"
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
  Claim claim;  // claim.doc names its document; reviewed values where a person reviewed it
  ReviewState review = ReviewState::kUnreviewed;
};

// How Claims() reads: with people's reviews applied (review.h) or as extracted.
enum class ClaimReading {
  kReviewed,              // corrections replace, rejected claims are left out
  kReviewedWithRejected,  // the same, rejected claims kept (marked kRejected)
  kExtracted,             // as the extractor stored them, reviews ignored
};

struct StoredName {
  std::string doc;
  NameVariant name;
};

// What tally fetch learnt about one URL the last time it asked for it: enough to ask again
// conditionally, or not at all. A feed's own URL has an empty document_id.
struct FetchRecord {
  std::string url;          // canonical URL as requested (a feed item's, or a command-line URL)
  std::string document_id;  // the document stored from it (DocumentIdForUrl of the final URL), if any
  std::string fetched_at;   // UTC, ISO 8601: "2026-12-06T17:30:00Z"
  int64_t status = 0;       // the HTTP status of the last answer; 0 when none came
  std::string feed;         // the feed that listed it; empty for a URL named directly
  std::string etag, last_modified;  // validators from the last 200, for a conditional request
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
  // Reads between BeginRead and EndRead see one snapshot of the ledger: a writer committing
  // meanwhile changes none of them (documents, claims and names always agree).
  virtual Status BeginRead() = 0;
  virtual Status EndRead() = 0;
  virtual Result<std::vector<StoredDocument>> Documents(bool with_text) = 0;
  // Each document's id and text, in the order of Documents(), one at a time: a big ledger's
  // texts need not all be in memory. each may throw (the read stops). This default reads them
  // all first; a backend that can stream overrides it.
  virtual Status DocumentTexts(const std::function<void(std::string_view id, std::string_view text)>& each) {
    Result<std::vector<StoredDocument>> docs = Documents(true);
    if (!docs.ok()) return docs.status();
    for (const StoredDocument& d : *docs) each(d.id, d.text);
    return Status();
  }
  // The same for the documents ids names (sorted, each once), in that order: what a reconcile
  // resumed after documents were added reads (the added ones only). This default reads every
  // text and skips the others; a backend that can look them up overrides it.
  virtual Status DocumentTextsOf(const std::vector<std::string>& ids,
                                 const std::function<void(std::string_view id, std::string_view text)>& each) {
    return DocumentTexts([&](std::string_view id, std::string_view text) {
      if (std::binary_search(ids.begin(), ids.end(), id, std::less<>())) each(id, text);
    });
  }
  // Every claim with its evidence, ordered by document then by place in it. The one place claims
  // are read, so the ledger, report and reconcile all see reviewed values.
  virtual Result<std::vector<StoredClaim>> Claims(ClaimReading reading = ClaimReading::kReviewed) = 0;
  // The same claims one at a time, in the same order: a reader that keeps a few fields of each
  // (reconcile) need not hold a million whole claims first. each may throw (the read stops).
  // This default reads them all first; a backend that can stream overrides it.
  virtual Status ForEachClaim(ClaimReading reading, const std::function<void(const StoredClaim& claim)>& each) {
    Result<std::vector<StoredClaim>> claims = Claims(reading);
    if (!claims.ok()) return claims.status();
    for (const StoredClaim& c : *claims) each(c);
    return Status();
  }
  // The origin and content hash of the document stored under id (other fields empty), if any:
  // lets ingest refuse to replace a stored article with different content unasked.
  virtual Result<std::optional<StoredDocument>> FindDocument(const std::string& id) = 0;
  virtual Result<std::vector<StoredName>> Names() = 0;
  // The same names one at a time, in the same order: a big ledger has millions (reconcile needs
  // them once). each may throw (the read stops). This default reads them all first; a backend
  // that can stream overrides it.
  virtual Status ForEachName(const std::function<void(const StoredName& name)>& each) {
    Result<std::vector<StoredName>> names = Names();
    if (!names.ok()) return names.status();
    for (const StoredName& n : *names) each(n);
    return Status();
  }
  // The names of the documents ids names (sorted, each once), in the order ForEachName gives
  // them. This default reads every name and skips the others.
  virtual Status ForEachNameOf(const std::vector<std::string>& ids, const std::function<void(const StoredName& name)>& each) {
    return ForEachName([&](const StoredName& n) {
      if (std::binary_search(ids.begin(), ids.end(), n.doc)) each(n);
    });
  }
  // Every document's tolls, by document id then measure.
  virtual Result<std::vector<Toll>> Tolls() = 0;

  // Reviews are appended, never overwritten: the latest review of a key is the one in force.
  // The review and its audit row are written in one transaction; returns the review's id.
  virtual Result<int64_t> AddReview(const Review& review, const AuditRow& audit) = 0;
  virtual Result<std::vector<Review>> Reviews() = 0;  // oldest first
  virtual Result<std::vector<AuditRow>> Audit() = 0;  // oldest first
  // Decisions about entities (review.h), appended like reviews, each with its audit row in one
  // transaction; returns the decision's id.
  virtual Result<int64_t> AddEntityDecision(const EntityDecision& decision, const AuditRow& audit) = 0;
  virtual Result<std::vector<EntityDecision>> EntityDecisions() = 0;  // oldest first
  // Reviewers: a name and the hash of its token (never the token). A name is added once.
  virtual Status AddUser(const std::string& name, const std::string& token_hash) = 0;
  virtual Result<std::optional<std::string>> UserWithTokenHash(const std::string& token_hash) = 0;

  // The ledger's generation: it changes with every write of documents (their claims, names and
  // tolls with them) or reviews, so a result computed from the ledger at one generation holds
  // while the generation stays. nullopt: a ledger too old to count them (nothing is reusable).
  virtual Result<std::optional<int64_t>> Generation() = 0;
  // A result derived from the whole ledger (name: what it is), stored with the generation it was
  // computed at and a key naming what computed it (code, lexicons). Read back only when both
  // match; storing replaces the result stored under name.
  virtual Result<std::optional<std::string>> DerivedResult(const std::string& name, const std::string& key,
                                                           int64_t generation) = 0;
  virtual Status StoreDerivedResult(const std::string& name, const std::string& key, int64_t generation,
                                    std::string_view data) = 0;
  // The generation of the result stored under name when its key matches (whatever the ledger's
  // generation now); nullopt when there is none. This default knows none.
  virtual Result<std::optional<int64_t>> DerivedResultGeneration(const std::string& /*name*/,
                                                                 const std::string& /*key*/) {
    return std::optional<int64_t>();
  }
  // The ids of the documents added after generation, in the order they were added, when adding
  // documents is all that changed since: no document replaced or removed, no review and no
  // entity decision. nullopt when anything else changed, or when the ledger cannot tell (it began
  // logging its changes later; PostgreSQL and older ledgers never can): a reader then treats the
  // whole ledger as changed. This default cannot tell.
  virtual Result<std::optional<std::vector<std::string>>> DocumentsAddedSince(int64_t /*generation*/) {
    return std::optional<std::vector<std::string>>();
  }

  // tally fetch's memory of URLs (src/fetch): the record of url, if it was ever fetched, and
  // storing a record (replacing the one of its url). Not part of the ledger's generation: a
  // fetch that changes no document changes nothing a reader derives.
  virtual Result<std::optional<FetchRecord>> FindFetch(const std::string& url) = 0;
  virtual Status PutFetch(const FetchRecord& record) = 0;
};

enum class OpenMode {
  kReadWrite,  // creates or migrates the ledger; a second writer waits its turn
  kWriteIfFree,  // as kReadWrite, but waits at most a moment for another writer: a reader that
                 // stores a result it derived skips storing rather than wait on an ingest
  kReadOnly,   // never creates or changes the file; needs no write access to it or its folder
};

// Opens a SQLite ledger at path (":memory:" for a private one). Refuses, with a message, a file
// that is not a tally ledger or whose schema is newer than this tally's. Read-only: a missing
// file is NotFound ("no such ledger"); an empty one (or one never written to) reads as a ledger
// with no documents.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, OpenMode mode = OpenMode::kReadWrite);

// Opens the ledger named by path_or_uri: PostgreSQL for a postgresql:// or postgres:// URI,
// else the SQLite file at that path.
Result<std::unique_ptr<Store>> OpenStore(const std::string& path_or_uri, OpenMode mode = OpenMode::kReadWrite);
bool IsPostgresUri(const std::string& path_or_uri);
// The ledger as messages name it: a PostgreSQL URI with its password (user:PASSWORD@ or
// password=) replaced by ***, a file path as it is.
std::string LedgerName(const std::string& path_or_uri);

// The ledger's schema version (0: none yet) and the one this tally writes, either backend.
struct SchemaVersions {
  int ledger = 0, latest = 0;
};
Result<SchemaVersions> LedgerSchemaVersion(const std::string& path_or_uri);
Result<SchemaVersions> SqliteSchemaVersion(const std::string& path);
Result<SchemaVersions> PostgresSchemaVersion(const std::string& uri);

// InvalidInput when store holds a document under doc.id with different content: ingest
// replaces a stored article only when asked to (a repeated id is more often a collision).
Status CheckNotReplacing(Store& store, const StoredDocument& doc);

// The latest review of each claim's key applied to it (review.h); rejected claims are left out
// unless keep_rejected. What Claims() does, for a reader holding claims as extracted.
std::vector<StoredClaim> ApplyReviews(std::vector<StoredClaim> claims, const std::vector<Review>& reviews,
                                      bool keep_rejected);

// The latest review of each claim key, applied to one claim at a time: what ApplyReviews does,
// for a reader that streams claims. Holds views of reviews, which must outlive it.
class ReviewsInForce {
 public:
  explicit ReviewsInForce(const std::vector<Review>& reviews);
  // Applies the review in force for sc's key, if any, to sc (its review state included).
  void Apply(StoredClaim* sc) const;
  bool empty() const { return latest_.empty(); }

 private:
  std::unordered_map<std::string, const Review*> latest_;
};

// The stored form of a prepared document: hashes, fingerprint and skipped spans.
StoredDocument ToStored(const Document& doc);
// The same, taking the text rather than copying it: for a document that is done with.
StoredDocument ToStored(Document&& doc);

// 64-bit SimHash over word 3-shingles of the kept text (furniture excluded).
uint64_t SimHash(const Document& doc);

}  // namespace tally
