// serve: the ledger over HTTP, for a team that browses claims and reviews them
// (docs/api.md; every route is in docs/openapi.yaml, and a test holds the two together).
//
// Input:  a ledger path, a Pipeline (to extract posted articles) and ServeOptions.
// Output: JSON (and CSV/JSONL exports) answering each request from a snapshot of the ledger
//         (serve/ledger_view.h); writes (articles, reviews) stored in the ledger, each review
//         with an audit row naming the reviewer its bearer token belongs to (serve/access.h).
// Reading is open to anyone who can reach the bound address (127.0.0.1 by default); writing
// needs "Authorization: Bearer TOKEN" and a JSON body, which a cross-site form cannot send.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/store.h"
#include "tally/pipeline.h"
#include "tally/status.h"

namespace tally {

struct ServeOptions {
  std::string db;
  std::string parties_tsv;        // the parties lexicon, for reconcile
  std::string bind = "127.0.0.1";
  int port = 8080;                // 0: any free port (Server::port() says which)
  // Connections served at once: cpp-httplib keeps a keep-alive connection on its thread until
  // it closes, so fewer threads than clients leave clients waiting (bench/serve-load.sh).
  size_t threads = 64;
  size_t max_body_bytes = size_t{8} << 20;  // larger requests get 413
  int timeout_seconds = 10;       // reading a request, writing a response
  Stamp stamp;                    // stamped on the claims of posted articles
};

class Server {
 public:
  Server(const Pipeline& pipeline, ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Opens the ledger for writing (creating it when missing), reads a first snapshot and binds
  // the socket. Afterwards port() is the port bound.
  Status Open();
  int port() const;
  // Answers requests until Stop(); requests in flight are finished first.
  Status Run();
  // Safe from any thread; Run returns soon after.
  void Stop();

  // Every route the server answers, as "METHOD /path/{param}" (the OpenAPI paths).
  static std::vector<std::string> Routes();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs server until SIGINT or SIGTERM, then stops it gracefully. Call before any other thread
// is started, so that the signals reach only the thread waiting for them.
Status ServeUntilSignal(Server& server);

}  // namespace tally
