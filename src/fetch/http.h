// fetch/http: a polite HTTP client over libcurl's multi interface.
//
// Input:  requests (a URL, and the validators of an earlier answer for a conditional request).
// Output: one HttpResponse per request, handed to its callback on the thread that runs Run():
//         the final URL after redirects, the status, the decoded body (gzip/deflate undone), the
//         validators, or an error saying what went wrong.
// Politeness is the client's, not the caller's: at most HttpPolicy::concurrency transfers at
// once, one at a time per host with at least HttpPolicy::per_host_delay between them (longer
// when robots.txt asks with Crawl-delay), robots.txt read once per host and obeyed for every
// hop of a redirect, 429 and 5xx retried with backoff (Retry-After honoured), redirects
// followed by the client itself so that each hop is checked, bodies cut off past a size limit.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tally {

struct HttpPolicy {
  // tally's product token comes first: robots.txt groups are matched against it.
  std::string user_agent = "tally/0.1 (+https://example.invalid/tally)";
  std::string robots_token = "tally";
  size_t concurrency = 4;                                // transfers at once, over all hosts
  std::chrono::milliseconds per_host_delay{1000};        // between two requests to one host
  std::chrono::milliseconds max_crawl_delay{60000};      // robots.txt Crawl-delay honoured up to this
  int max_redirects = 5;
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds total_timeout{30000};        // one attempt, start to end
  size_t max_body_bytes = size_t{32} << 20;              // decoded; past it the transfer is aborted
  int max_retries = 2;                                   // after the first attempt, on 429 and 5xx
  std::chrono::milliseconds retry_backoff{1000};         // doubled at each retry
  std::chrono::milliseconds max_retry_wait{60000};       // a longer Retry-After gives up instead
  bool obey_robots = true;
};

struct HttpRequest {
  std::string url;
  std::string if_none_match, if_modified_since;  // an earlier answer's ETag and Last-Modified
};

struct HttpResponse {
  std::string url;        // as requested
  std::string final_url;  // after redirects
  long status = 0;        // 0: no answer (error says why)
  std::string error;      // empty when an answer came; else the problem, for "tally: URL: problem"
  std::string body;       // decoded
  std::string content_type, etag, last_modified;
  int attempts = 0;
};

class HttpClient {
 public:
  using Done = std::function<void(HttpResponse&&)>;
  explicit HttpClient(HttpPolicy policy);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Queues a request; done is called once, from Run. Callbacks may Add more.
  void Add(HttpRequest request, Done done);
  // Works until every queued request is done, or until stop becomes true: then the transfers
  // under way are abandoned and the queue emptied without calling their callbacks.
  void Run(const std::atomic<bool>* stop = nullptr);
  // Requests sent so far (every attempt, redirect hop and robots.txt included).
  size_t requests_sent() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// url resolved against base (a relative link in a feed); nullopt when it is no http(s) URL.
std::optional<std::string> ResolveUrl(std::string_view base, std::string_view url);
// "scheme://host:port" of an absolute URL; empty when it has none.
std::string UrlOrigin(std::string_view url);
// The path and query of an absolute URL ("/a/b?c"), as robots.txt rules match it.
std::string UrlPathAndQuery(std::string_view url);
bool IsHttpUrl(std::string_view s);

// An HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT" and the older forms) or ISO 8601 as seconds
// since the epoch; nullopt when it is neither.
std::optional<int64_t> ParseHttpDate(std::string_view s);
std::string IsoUtc(int64_t epoch_seconds);  // "2026-12-06T17:30:00Z"

}  // namespace tally
