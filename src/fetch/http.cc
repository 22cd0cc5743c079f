#include "fetch/http.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/text.h"
#include "fetch/robots.h"

namespace tally {
namespace {

using Clock = std::chrono::steady_clock;

// curl_global_init is not thread-safe: done once, before the first client.
void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlUrl {
  CURLU* h = curl_url();
  ~CurlUrl() { curl_url_cleanup(h); }
  std::optional<std::string> Get(CURLUPart part, unsigned flags = 0) const {
    char* out = nullptr;
    if (curl_url_get(h, part, &out, flags) != CURLUE_OK) return std::nullopt;
    std::string s(out);
    curl_free(out);
    return s;
  }
};

std::string StatusText(long status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

std::string Seconds(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

}  // namespace

bool IsHttpUrl(std::string_view s) {
  const std::string lower = AsciiLowerCopy(s.substr(0, 8));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

std::optional<std::string> ResolveUrl(std::string_view base, std::string_view url) {
  CurlUrl u;
  const std::string b(base), r(url);
  if (!b.empty() && curl_url_set(u.h, CURLUPART_URL, b.c_str(), 0) != CURLUE_OK) return std::nullopt;
  if (curl_url_set(u.h, CURLUPART_URL, r.c_str(), CURLU_URLENCODE * 0) != CURLUE_OK) return std::nullopt;
  std::optional<std::string> scheme = u.Get(CURLUPART_SCHEME);
  if (!scheme || (*scheme != "http" && *scheme != "https")) return std::nullopt;
  return u.Get(CURLUPART_URL);
}

std::string UrlOrigin(std::string_view url) {
  CurlUrl u;
  if (curl_url_set(u.h, CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK) return "";
  auto scheme = u.Get(CURLUPART_SCHEME);
  auto host = u.Get(CURLUPART_HOST);
  auto port = u.Get(CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!scheme || !host) return "";
  return *scheme + "://" + AsciiLowerCopy(*host) + (port ? ":" + *port : "");
}

std::string UrlPathAndQuery(std::string_view url) {
  CurlUrl u;
  if (curl_url_set(u.h, CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK) return "/";
  std::string out = u.Get(CURLUPART_PATH).value_or("/");
  if (auto q = u.Get(CURLUPART_QUERY)) out += "?" + *q;
  return out;
}

std::optional<int64_t> ParseHttpDate(std::string_view s) {
  const std::string str(s);
  const time_t t = curl_getdate(str.c_str(), nullptr);
  if (t != -1) return static_cast<int64_t>(t);
  // ISO 8601 (Atom, sitemaps): "2026-12-06", "2026-12-06T17:30:00Z", "...+01:00"
  int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
  if (std::sscanf(str.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3) return std::nullopt;
  std::string_view rest = s.substr(static_cast<size_t>(n));
  int offset = 0;
  if (!rest.empty() && (rest[0] == 'T' || rest[0] == ' ')) {
    int m = 0;
    if (std::sscanf(std::string(rest).c_str(), "%*c%2d:%2d%n", &h, &mi, &m) < 2) return std::nullopt;
    rest.remove_prefix(static_cast<size_t>(m));
    if (!rest.empty() && rest[0] == ':') {
      int k = 0;
      std::sscanf(std::string(rest).c_str(), ":%2d%n", &sec, &k);
      rest.remove_prefix(static_cast<size_t>(k));
    }
    while (!rest.empty() && (rest[0] == '.' || std::isdigit(static_cast<unsigned char>(rest[0])))) rest.remove_prefix(1);
    if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
      int oh = 0, om = 0;
      if (std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &oh, &om) >= 1)
        offset = (rest[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  // days from civil (Howard Hinnant's algorithm)
  const int yy = y - (mo <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(yy - era * 400);
  const unsigned doy = static_cast<unsigned>((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = int64_t{era} * 146097 + static_cast<int64_t>(doe) - 719468;
  return days * 86400 + h * 3600 + mi * 60 + sec - offset;
}

std::string IsoUtc(int64_t epoch_seconds) {
  const time_t t = static_cast<time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// One request on its way: through robots.txt, the host's turn, attempts and redirect hops.
struct Pending {
  HttpRequest request;
  HttpClient::Done done;
  std::string current_url;
  int attempt = 0;  // attempts made
  int hops = 0;     // redirects followed
  Clock::time_point not_before{};
  bool is_robots = false;  // robots.txt itself: not gated on robots.txt
  std::string host_key;    // UrlOrigin(current_url), worked out once per URL: the queue is scanned often
  bool robots_allowed = false;  // current_url checked against its host's robots.txt
};

struct Host {
  enum class Robots { kUnknown, kFetching, kKnown } robots = Robots::kUnknown;
  RobotsRules rules;
  bool busy = false;
  Clock::time_point next_allowed{};
  std::chrono::milliseconds delay{0};
};

// A transfer under way.
struct Transfer {
  Pending pending;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string body;
  bool too_large = false;
  size_t limit = 0;
  std::string host;
  char error[CURL_ERROR_SIZE] = {};
};

struct HttpClient::Impl {
  HttpPolicy policy;
  CURLM* multi = nullptr;
  std::deque<Pending> queue;
  std::map<CURL*, std::unique_ptr<Transfer>> active;
  std::unordered_map<std::string, Host> hosts;
  size_t sent = 0;

  static size_t Write(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t bytes = size * n;
    if (t->body.size() + bytes > t->limit) {
      t->too_large = true;
      return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
    }
    t->body.append(data, bytes);
    return bytes;
  }

  void Start(Pending&& p, Host& host, const std::string& host_key) {
    auto t = std::make_unique<Transfer>();
    t->pending = std::move(p);
    t->limit = policy.max_body_bytes;
    t->host = host_key;
    CURL* e = curl_easy_init();
    t->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, t->pending.current_url.c_str());
    curl_easy_setopt(e, CURLOPT_USERAGENT, policy.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // hops are followed here, each checked
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl decodes
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(policy.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(policy.total_timeout.count()));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(policy.max_body_bytes));
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Impl::Write);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    if (!t->pending.is_robots) {
      if (!t->pending.request.if_none_match.empty())
        t->headers = curl_slist_append(t->headers, ("If-None-Match: " + t->pending.request.if_none_match).c_str());
      if (!t->pending.request.if_modified_since.empty())
        t->headers =
            curl_slist_append(t->headers, ("If-Modified-Since: " + t->pending.request.if_modified_since).c_str());
      if (t->headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    }
    ++t->pending.attempt;
    ++sent;
    host.busy = true;
    curl_multi_add_handle(multi, e);
    active.emplace(e, std::move(t));
  }

  static std::string Header(CURL* e, const char* name) {
    curl_header* h = nullptr;
    if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h) return "";
    return h->value;
  }

  void Finish(std::unique_ptr<Transfer> t, HttpResponse&& r) {
    if (t->pending.done) t->pending.done(std::move(r));
  }

  // A transfer ended: deliver it, retry it, or follow its redirect.
  void Completed(CURL* e, CURLcode code) {
    auto it = active.find(e);
    std::unique_ptr<Transfer> t = std::move(it->second);
    active.erase(it);
    curl_multi_remove_handle(multi, e);
    Host& host = hosts[t->host];
    host.busy = false;
    const Clock::time_point now = Clock::now();
    host.next_allowed = std::max(host.next_allowed, now + std::max(host.delay, policy.per_host_delay));

    HttpResponse r;
    r.url = t->pending.request.url;
    r.final_url = t->pending.current_url;
    r.attempts = t->pending.attempt;
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    std::string location, retry_after;
    if (code == CURLE_OK) {
      r.status = status;
      char* ct = nullptr;
      curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct);
      if (ct) r.content_type = ct;
      r.etag = Header(e, "ETag");
      r.last_modified = Header(e, "Last-Modified");
      retry_after = Header(e, "Retry-After");
      char* redirect = nullptr;
      curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &redirect);
      if (redirect && status >= 300 && status < 400 && status != 304) location = redirect;
      r.body = std::move(t->body);
    } else if (t->too_large || code == CURLE_FILESIZE_EXCEEDED) {
      r.error = "larger than the " + std::to_string(policy.max_body_bytes >> 20) + " MiB limit; not read";
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
      r.error = "no complete answer within " + Seconds(policy.total_timeout) + " (timed out)";
    } else {
      r.error = t->error[0] ? t->error : curl_easy_strerror(code);
    }
    curl_slist_free_all(t->headers);
    curl_easy_cleanup(e);
    t->easy = nullptr;

    if (!location.empty()) {
      if (t->pending.hops >= policy.max_redirects) {
        r.status = 0;
        r.error = "too many redirects (more than " + std::to_string(policy.max_redirects) + "); last to " + location;
        return Finish(std::move(t), std::move(r));
      }
      ++t->pending.hops;
      t->pending.current_url = location;
      t->pending.host_key.clear();
      t->pending.robots_allowed = false;
      t->pending.attempt = 0;
      queue.push_front(std::move(t->pending));
      return;
    }
    const bool retryable = r.status == 429 || (r.status >= 500 && r.status < 600);
    if (retryable && t->pending.attempt <= policy.max_retries) {
      std::chrono::milliseconds wait = policy.retry_backoff * (1 << (t->pending.attempt - 1));
      if (!retry_after.empty()) {
        std::optional<std::chrono::milliseconds> asked;
        if (std::all_of(retry_after.begin(), retry_after.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            retry_after.size() < 9)
          asked = std::chrono::seconds(std::stol(retry_after));
        else if (auto when = ParseHttpDate(retry_after))
          asked = std::chrono::seconds(std::max<int64_t>(0, *when - static_cast<int64_t>(std::time(nullptr))));
        if (asked && *asked > policy.max_retry_wait) {
          r.error = "HTTP " + std::to_string(r.status) + " with Retry-After " + retry_after + " longer than the " +
                    Seconds(policy.max_retry_wait) + " limit; not retried";
          return Finish(std::move(t), std::move(r));
        }
        if (asked) wait = std::max(wait, *asked);
      }
      t->pending.not_before = now + wait;
      host.next_allowed = std::max(host.next_allowed, now + wait);  // the whole host backs off
      queue.push_back(std::move(t->pending));
      return;
    }
    if (r.error.empty() && (r.status >= 400 || (r.status >= 300 && r.status != 304) || r.status < 200)) {
      const std::string text = StatusText(r.status);
      r.error = "HTTP " + std::to_string(r.status) + (text.empty() ? "" : " " + text);
      if (r.attempts > 1) r.error += " (" + std::to_string(r.attempts) + " attempts)";
    }
    Finish(std::move(t), std::move(r));
  }

  void RobotsArrived(const std::string& host_key, const HttpResponse& r) {
    Host& host = hosts[host_key];
    host.robots = Host::Robots::kKnown;
    if (r.status >= 200 && r.status < 300) {
      host.rules = RobotsRules::Parse(r.body, policy.robots_token);
    } else if (r.status >= 400 && r.status < 500) {
      host.rules = RobotsRules::AllowAll();  // no robots.txt: nothing is disallowed (RFC 9309)
    } else {
      host.rules = RobotsRules::DisallowAll();  // unreachable: assume everything is (RFC 9309)
    }
    if (auto d = host.rules.crawl_delay()) host.delay = std::min(*d, policy.max_crawl_delay);
  }

  // Starts what may start now; returns how long until something else might.
  std::chrono::milliseconds StartReady() {
    const Clock::time_point now = Clock::now();
    Clock::time_point next = now + std::chrono::milliseconds(200);
    for (auto it = queue.begin(); it != queue.end() && active.size() < policy.concurrency;) {
      if (it->host_key.empty()) it->host_key = UrlOrigin(it->current_url);
      const std::string& key = it->host_key;
      if (key.empty()) {
        HttpResponse r;
        r.url = it->request.url;
        r.final_url = it->current_url;
        r.error = "not a URL tally can fetch";
        Pending p = std::move(*it);
        it = queue.erase(it);
        if (p.done) p.done(std::move(r));
        return std::chrono::milliseconds(0);  // the callback may have changed the queue
      }
      Host& host = hosts[key];
      if (!it->is_robots && policy.obey_robots) {
        if (host.robots == Host::Robots::kUnknown) {
          host.robots = Host::Robots::kFetching;
          Pending robots;
          robots.request.url = key + "/robots.txt";
          robots.current_url = robots.request.url;
          robots.is_robots = true;
          robots.done = [this, key](HttpResponse&& r) { RobotsArrived(key, r); };
          queue.push_front(std::move(robots));
          return std::chrono::milliseconds(0);
        }
        if (host.robots == Host::Robots::kFetching) {
          ++it;
          continue;
        }
        if (!it->robots_allowed && !host.rules.Allowed(UrlPathAndQuery(it->current_url))) {
          HttpResponse r;
          r.url = it->request.url;
          r.final_url = it->current_url;
          r.error = "disallowed by robots.txt for " + policy.robots_token + "; not fetched";
          Pending p = std::move(*it);
          it = queue.erase(it);
          if (p.done) p.done(std::move(r));
          return std::chrono::milliseconds(0);
        }
        it->robots_allowed = true;
      }
      const Clock::time_point ready = std::max(host.next_allowed, it->not_before);
      if (host.busy || ready > now) {
        if (!host.busy) next = std::min(next, ready);
        ++it;
        continue;
      }
      Pending p = std::move(*it);
      it = queue.erase(it);
      const std::string started_key = p.host_key;
      Start(std::move(p), host, started_key);
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::max(next - now, Clock::duration::zero()));
  }

  void AbandonAll() {
    for (auto& [e, t] : active) {
      curl_multi_remove_handle(multi, e);
      curl_slist_free_all(t->headers);
      curl_easy_cleanup(e);
    }
    active.clear();
    queue.clear();
    for (auto& [key, host] : hosts) {
      host.busy = false;
      if (host.robots == Host::Robots::kFetching) host.robots = Host::Robots::kUnknown;
    }
  }
};

HttpClient::HttpClient(HttpPolicy policy) : impl_(std::make_unique<Impl>()) {
  GlobalInit();
  impl_->policy = std::move(policy);
  if (impl_->policy.concurrency == 0) impl_->policy.concurrency = 1;
  impl_->multi = curl_multi_init();
}

HttpClient::~HttpClient() {
  impl_->AbandonAll();
  curl_multi_cleanup(impl_->multi);
}

void HttpClient::Add(HttpRequest request, Done done) {
  Pending p;
  p.current_url = request.url;
  p.request = std::move(request);
  p.done = std::move(done);
  impl_->queue.push_back(std::move(p));
}

size_t HttpClient::requests_sent() const { return impl_->sent; }

void HttpClient::Run(const std::atomic<bool>* stop) {
  Impl& m = *impl_;
  while (!m.queue.empty() || !m.active.empty()) {
    if (stop && stop->load()) {
      m.AbandonAll();
      return;
    }
    const std::chrono::milliseconds idle = m.StartReady();
    int running = 0;
    curl_multi_perform(m.multi, &running);
    int left = 0;
    bool completed = false;
    while (CURLMsg* msg = curl_multi_info_read(m.multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      m.Completed(msg->easy_handle, msg->data.result);
      completed = true;
    }
    if (completed || (m.active.empty() && idle.count() == 0)) continue;  // a host's turn may have come
    // wake for a transfer's progress, the next host's turn, or a stop (checked 5 times a second)
    const long wait = static_cast<long>(std::min<int64_t>(idle.count() ? idle.count() : 200, 200));
    curl_multi_poll(m.multi, nullptr, 0, static_cast<int>(wait), nullptr);
  }
}

}  // namespace tally
