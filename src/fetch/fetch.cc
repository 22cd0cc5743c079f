#include "fetch/fetch.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <cctype>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <memory>
#include <fstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/json.h"
#include "common/text.h"
#include "common/url.h"
#include "fetch/feeds.h"

namespace tally {
namespace {

std::string Now() { return IsoUtc(static_cast<int64_t>(std::time(nullptr))); }

bool Succeeded(int64_t status) { return (status >= 200 && status < 300) || status == 304; }

// The value of charset= in a Content-Type or a <meta content>; empty when none.
std::string CharsetParam(std::string_view s) {
  const std::string lower = AsciiLowerCopy(s);
  size_t at = lower.find("charset");
  if (at == std::string::npos) return "";
  at += 7;
  while (at < lower.size() && (lower[at] == ' ' || lower[at] == '=' || lower[at] == '"' || lower[at] == '\'')) ++at;
  size_t end = at;
  while (end < lower.size() && (std::isalnum(static_cast<unsigned char>(lower[end])) || lower[end] == '-' ||
                                lower[end] == '_' || lower[end] == ':' || lower[end] == '.'))
    ++end;
  return lower.substr(at, end - at);
}

// What a page's <meta> declares, within the first 1024 bytes (as browsers prescan).
std::string MetaCharset(std::string_view bytes) {
  const std::string head = AsciiLowerCopy(bytes.substr(0, 1024));
  for (size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
    const size_t end = head.find('>', at);
    const std::string tag = head.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (std::string c = CharsetParam(tag); !c.empty()) return c;
  }
  return "";
}

// Whether a page names its title (<title>, og:title) or publication date in its markup (what
// src/clean/html.cc reads), looked for in the first 64 KiB where a page's head is.
bool PageHasTitle(std::string_view page) {
  const std::string head = AsciiLowerCopy(page.substr(0, 65536));
  if (head.find("og:title") != std::string::npos) return true;
  const size_t open = head.find("<title");
  if (open == std::string::npos) return false;
  const size_t gt = head.find('>', open), close = head.find("</title", open);
  if (gt == std::string::npos || close == std::string::npos || close < gt) return false;
  return !TrimSpaces(std::string_view(head).substr(gt + 1, close - gt - 1)).empty();
}

bool PageHasDate(std::string_view page) {
  const std::string head = AsciiLowerCopy(page.substr(0, 65536));
  for (const char* mark : {"article:published_time", "datepublished", "<time datetime"})
    if (head.find(mark) != std::string::npos) return true;
  return false;
}

// Reads a local feed file, at most limit bytes.
Result<std::string> ReadFile(const std::string& path, size_t limit) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::IoError("cannot read: " + ec.message());
  if (size > limit) return Status::LimitExceeded("larger than the " + std::to_string(limit >> 20) + " MiB limit");
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) return Status::IoError("cannot read");
  return bytes;
}

// One round over every argument: the document source of an ingest (batch.h), and the fetch
// records it leaves to write once the ingest has committed.
class Round {
 public:
  Round(HttpClient& client, Store& records, const FetchOptions& options, const FetchEvents& events,
        const std::atomic<bool>& stop, FetchRound* summary)
      : client_(client), records_(records), options_(options), events_(events), stop_(stop), summary_(*summary) {}

  void Run(const std::vector<std::string>& arguments, const DocumentHandler& on_document,
           const ProblemHandler& on_problem) {
    on_document_ = &on_document;
    on_problem_ = &on_problem;
    for (const std::string& arg : arguments) {
      if (IsHttpUrl(arg)) {
        Argument(arg);
      } else if (std::error_code ec; std::filesystem::is_regular_file(arg, ec)) {
        LocalFeed(arg);
      } else {
        Fail(arg, "neither an http(s) URL nor a readable file");
      }
    }
    client_.Run(&stop_);
  }

  // A problem the ingest reported for a page: its record keeps no validators and no document,
  // so that the page is asked for again next time.
  void IngestRefused(const std::string& where) {
    auto it = record_of_origin_.find(where);
    if (it == record_of_origin_.end()) return;
    for (size_t i : it->second) {
      records_to_write_[i].document_id.clear();
      records_to_write_[i].etag.clear();
      records_to_write_[i].last_modified.clear();
    }
  }

  const std::vector<FetchRecord>& records_to_write() const { return records_to_write_; }

 private:
  void Fail(const std::string& where, const std::string& why) {
    (*on_problem_)({where, Status::IoError(why)});
  }

  // A limit applied: said, not a failure (as ingest's notes, docs/robustness.md).
  void Note(const std::string& where, const std::string& what) {
    if (events_.on_notes) events_.on_notes(where, {what});
  }

  std::optional<FetchRecord> Known(const std::string& url) {
    Result<std::optional<FetchRecord>> r = records_.FindFetch(url);
    if (!r.ok()) {
      Fail(url, "cannot read its fetch record: " + r.status().message());
      return std::nullopt;
    }
    return *r;
  }

  static HttpRequest Conditional(const std::string& url, const std::optional<FetchRecord>& known) {
    HttpRequest req{url, {}, {}};
    if (known && Succeeded(known->status)) {
      req.if_none_match = known->etag;
      req.if_modified_since = known->last_modified;
    }
    return req;
  }

  size_t Remember(FetchRecord record) {
    records_to_write_.push_back(std::move(record));
    return records_to_write_.size() - 1;
  }

  // A URL named on the command line: a feed or a page, asked for conditionally.
  void Argument(const std::string& arg) {
    Result<std::string> canonical = CanonicalUrl(arg);
    if (!canonical.ok()) return Fail(arg, canonical.status().message());
    const std::string url = std::move(*canonical);
    std::optional<FetchRecord> known = Known(url);
    HttpRequest req = Conditional(url, known);
    const bool was_feed = known && known->document_id.empty() && Succeeded(known->status);
    if (was_feed && options_.refresh) req.if_none_match.clear(), req.if_modified_since.clear();
    client_.Add(std::move(req), [this, url, known](HttpResponse&& r) {
      if (!r.error.empty()) return Failed(url, "", known, r);
      if (r.status == 304 && known && known->document_id.empty()) {  // a feed, unchanged: lists nothing new
        ++summary_.feeds_not_modified;
        Remember(Revalidated(url, known, r));
        return;
      }
      if (r.status == 304) {
        if (seen_.insert(url).second) ++summary_.seen;
        return NotModified(url, known, r);
      }
      Result<std::optional<Feed>> feed = ParseFeed(r.body, r.final_url, FeedLimits{options_.max_items_per_feed});
      if (!feed.ok()) return Failed(url, "", known, r, feed.status().message());
      if (*feed) {
        Remember({url, "", Now(), r.status, "", r.etag, r.last_modified});
        return Items(**feed, url, std::make_shared<size_t>(options_.max_sitemaps));
      }
      if (seen_.insert(url).second) ++summary_.seen;
      Page(url, "", FeedItem{}, known, std::move(r));
    });
  }

  void LocalFeed(const std::string& path) {
    Result<std::string> bytes = ReadFile(path, options_.http.max_body_bytes);
    if (!bytes.ok()) return Fail(path, bytes.status().message());
    Result<std::optional<Feed>> feed = ParseFeed(*bytes, "", FeedLimits{options_.max_items_per_feed});
    if (!feed.ok()) return Fail(path, feed.status().message());
    if (!*feed) return Fail(path, "not a feed (RSS, Atom, JSON Feed or sitemap); pages on disk go through tally ingest");
    Items(**feed, path, std::make_shared<size_t>(options_.max_sitemaps));
  }

  // A feed's items, and a sitemap index's sitemaps while the argument's budget lasts.
  void Items(const Feed& feed, const std::string& feed_name, const std::shared_ptr<size_t>& budget) {
    ++summary_.feeds;
    if (feed.kind == Feed::Kind::kSitemapIndex) {
      for (size_t i = 0; i < feed.sitemaps.size(); ++i) {
        if (*budget == 0) {
          Note(feed_name, std::to_string(feed.sitemaps.size() - i) + " more sitemaps not followed (--max-sitemaps " +
                              std::to_string(options_.max_sitemaps) + ")");
          break;
        }
        --*budget;
        const std::string child = feed.sitemaps[i];
        client_.Add(HttpRequest{child, {}, {}}, [this, child, budget](HttpResponse&& r) {
          if (!r.error.empty()) return Fail(child, r.error);
          Result<std::optional<Feed>> f = ParseFeed(r.body, r.final_url, FeedLimits{options_.max_items_per_feed});
          if (!f.ok()) return Fail(child, f.status().message());
          if (!*f) return Fail(child, "listed in a sitemap index but not a sitemap");
          Items(**f, child, budget);
        });
      }
      return;
    }
    if (feed.dropped)
      Note(feed_name, std::to_string(feed.dropped) + " more items left out (at most " +
                          std::to_string(options_.max_items_per_feed) + " a feed)");
    for (const FeedItem& item : feed.items) {
      Result<std::string> canonical = CanonicalUrl(item.url);
      if (!canonical.ok()) {
        Fail(item.url, canonical.status().message() + " (listed in " + feed_name + ")");
        continue;
      }
      const std::string url = std::move(*canonical);
      if (!seen_.insert(url).second) continue;
      ++summary_.seen;
      std::optional<FetchRecord> known = Known(url);
      if (known && Succeeded(known->status) && !known->document_id.empty() && !options_.refresh) {
        ++summary_.unchanged;
        continue;
      }
      client_.Add(Conditional(item.url, known), [this, url, feed_name, item, known](HttpResponse&& r) {
        if (!r.error.empty()) return Failed(url, feed_name, known, r);
        if (r.status == 304) return NotModified(url, known, r);
        Page(url, feed_name, item, known, std::move(r));
      });
    }
  }

  void Failed(const std::string& url, const std::string& feed, const std::optional<FetchRecord>& known,
              const HttpResponse& r, const std::string& why = "") {
    Fail(r.url, why.empty() ? r.error : why);
    // a failure keeps the record of the last success, if any: its validators still hold
    if (known && Succeeded(known->status)) return;
    Remember({url, "", Now(), r.status, feed, "", ""});
  }

  // The record of a 304: the earlier one, asked again now.
  static FetchRecord Revalidated(const std::string& url, const std::optional<FetchRecord>& known,
                                 const HttpResponse& r) {
    FetchRecord rec = known.value_or(FetchRecord{url, "", "", 304, "", "", ""});
    rec.fetched_at = Now();
    rec.status = 304;
    if (!r.etag.empty()) rec.etag = r.etag;
    if (!r.last_modified.empty()) rec.last_modified = r.last_modified;
    return rec;
  }

  void NotModified(const std::string& url, const std::optional<FetchRecord>& known, const HttpResponse& r) {
    ++summary_.unchanged;
    Remember(Revalidated(url, known, r));
  }

  void Page(const std::string& url, const std::string& feed, const FeedItem& item,
            const std::optional<FetchRecord>& known, HttpResponse&& r) {
    const std::string type = AsciiLowerCopy(r.content_type.substr(0, r.content_type.find(';')));
    const bool html = type.empty() || type == "text/html" || type == "application/xhtml+xml";
    if (!html && type != "text/plain") return Failed(url, feed, known, r, "not a page (content type " + type + ")");
    Result<std::string> text = PageToUtf8(r.body, r.content_type);
    if (!text.ok()) return Failed(url, feed, known, r, text.status().message());
    if (Status s = CheckArticleBytes(*text); !s.ok()) return Failed(url, feed, known, r, s.message());
    Result<std::string> final_url = CanonicalUrl(r.final_url);
    Result<std::string> id = final_url.ok() ? DocumentIdForUrl(*final_url) : final_url;
    if (!id.ok()) return Failed(url, feed, known, r, id.status().message());
    RawDocument raw;
    raw.id = std::move(*id);
    raw.origin = r.final_url;
    raw.format = html ? Format::kHtml : Format::kText;
    raw.bytes = std::move(*text);
    raw.url = std::move(*final_url);
    // The feed's title and date, for a page that gives none (the cleaner prefers what the
    // RawDocument carries over what the page says, so they are only passed when it says nothing).
    if (!PageHasTitle(raw.bytes)) raw.title = item.title;
    if (!PageHasDate(raw.bytes)) raw.date = item.date;
    if (!feed.empty()) {
      std::string json;
      AppendJsonString(&json, feed);
      raw.metadata.emplace_back("feed", std::move(json));
    }
    const size_t index = Remember({url, raw.id, Now(), r.status, feed, r.etag, r.last_modified});
    record_of_origin_[raw.origin].push_back(index);
    (*on_document_)(std::move(raw));
  }

  HttpClient& client_;
  Store& records_;
  const FetchOptions& options_;
  const FetchEvents& events_;
  const std::atomic<bool>& stop_;
  FetchRound& summary_;
  const DocumentHandler* on_document_ = nullptr;
  const ProblemHandler* on_problem_ = nullptr;
  std::unordered_set<std::string> seen_;  // article URLs of this round
  std::vector<FetchRecord> records_to_write_;
  std::unordered_map<std::string, std::vector<size_t>> record_of_origin_;
};

}  // namespace

Result<std::string> PageToUtf8(std::string_view bytes, std::string_view content_type) {
  std::string charset = CharsetParam(content_type);
  if (charset.empty()) charset = MetaCharset(bytes);
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    charset = "utf-8";
  }
  const bool valid = FindInvalidUtf8(bytes) == std::string_view::npos;
  if (charset.empty()) charset = valid ? "utf-8" : "windows-1252";
  // Labels browsers read as windows-1252 (the WHATWG Encoding Standard).
  if (charset == "iso-8859-1" || charset == "latin1" || charset == "l1" || charset == "us-ascii" ||
      charset == "ascii" || charset == "cp1252" || charset == "iso8859-1")
    charset = "windows-1252";
  if ((charset == "utf-8" || charset == "utf8") && valid) return std::string(bytes);
  UErrorCode err = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset.c_str(), &err);
  if (U_FAILURE(err) || !conv) return Status::InvalidInput("unknown charset \"" + charset + "\"");
  ucnv_close(conv);
  // invalid bytes become U+FFFD, as in a browser
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), charset.c_str());
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string FetchUserAgent(std::string_view version, std::string_view contact) {
  std::string v(version);
  if (v.rfind("tally ", 0) == 0) v = v.substr(6);
  std::string ua = "tally/" + v + " (news figures ledger; +" +
                   (contact.empty() ? std::string("https://example.invalid/set-with---contact") : std::string(contact)) + ")";
  return ua;
}

std::optional<std::chrono::seconds> ParseInterval(std::string_view s) {
  int64_t total = 0;
  size_t i = 0;
  if (s.empty()) return std::nullopt;
  while (i < s.size()) {
    int64_t n = 0;
    size_t digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits < 9) n = n * 10 + (s[i++] - '0'), ++digits;
    if (digits == 0 || i == s.size()) return std::nullopt;
    const char unit = s[i++];
    const int64_t mult = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400 : 0;
    if (mult == 0) return std::nullopt;
    total += n * mult;
  }
  if (total <= 0) return std::nullopt;
  return std::chrono::seconds(total);
}

FetchSummary FetchIntoLedger(const Pipeline& pipeline, const std::vector<std::string>& arguments,
                             const FetchOptions& options, const std::string& db, const Stamp& stamp,
                             const FetchEvents& events, const std::atomic<bool>& stop) {
  FetchSummary total;
  Result<std::unique_ptr<Store>> records = OpenStore(db);
  if (!records.ok()) {
    // the store's message may name the ledger already
    const std::string name = LedgerName(db), &message = records.status().message();
    events.on_problem({name, message.rfind(name + ": ", 0) == 0 ? Status::IoError(message.substr(name.size() + 2))
                                                                 : records.status()});
    total.stopped_by_ledger = true;
    total.failed = 1;
    return total;
  }
  HttpClient client(options.http);  // robots.txt is read once per host for the whole run
  // A page fetched again with other content is the same article, changed: it replaces.
  const IngestOptions ingest_options{options.http.max_body_bytes, /*replace=*/true};
  const IngestPolicy policy{.jobs = options.jobs};
  for (size_t n = 1; !stop.load(); ++n) {
    const auto began = std::chrono::steady_clock::now();
    FetchRound summary;
    summary.round = n;
    const size_t sent_before = client.requests_sent();
    Round round(client, **records, options, events, stop, &summary);
    IngestEvents ingest_events;
    ingest_events.on_problem = [&](const Problem& p) {
      round.IngestRefused(p.where);
      events.on_problem(p);
    };
    ingest_events.on_notes = events.on_notes;
    const IngestSummary stored = IngestIntoLedger(
        pipeline,
        [&](const DocumentHandler& on_document, const ProblemHandler& on_problem, const SkipHandler&) {
          round.Run(arguments, on_document, on_problem);
        },
        ingest_options, db, stamp, policy, ingest_events);
    summary.added = stored.added + stored.replaced;
    summary.unchanged += stored.unchanged;
    summary.failed = stored.problems;
    summary.requests = client.requests_sent() - sent_before;
    if (stored.stopped) {
      total.stopped_by_ledger = true;
    } else {
      // After the documents are committed: a record never claims a page the ledger lacks.
      Store& store = **records;
      Status s = store.BeginBatch();
      if (s.ok()) {
        for (const FetchRecord& r : round.records_to_write())
          if (s.ok()) s = store.PutFetch(r);
        // a failed record leaves the rest of the batch unsaid: those pages are asked for again
        Status end = store.EndBatch();
        if (s.ok()) s = end;
      }
      if (!s.ok()) {
        events.on_problem({LedgerName(db), Status::IoError("fetch records not stored: " + s.message())});
        ++summary.failed;
        total.stopped_by_ledger = true;
      }
    }
    ++total.rounds;
    total.added += summary.added;
    total.unchanged += summary.unchanged;
    total.failed += summary.failed;
    if (events.on_round) events.on_round(summary);
    if (options.every.count() <= 0 || total.stopped_by_ledger) break;
    while (!stop.load() && std::chrono::steady_clock::now() - began < options.every)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return total;
}

namespace {
std::atomic<bool> g_stop{false};
extern "C" void StopOnSignal(int) { g_stop.store(true); }
}  // namespace

FetchSummary FetchUntilSignal(const Pipeline& pipeline, const std::vector<std::string>& arguments,
                              const FetchOptions& options, const std::string& db, const Stamp& stamp,
                              const FetchEvents& events) {
  static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
  g_stop.store(false);
  struct sigaction action {}, old_int{}, old_term{};
  action.sa_handler = StopOnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &old_int);
  sigaction(SIGTERM, &action, &old_term);
  FetchSummary summary = FetchIntoLedger(pipeline, arguments, options, db, stamp, events, g_stop);
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  return summary;
}

}  // namespace tally
