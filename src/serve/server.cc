#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <ctime>
#include <functional>
#include <mutex>
#include <thread>

#include "common/json.h"
#include "ingest/ingest.h"
#include "output/output.h"
#include "report/report.h"
#include "serve/access.h"
#include "serve/api_json.h"
#include "serve/ledger_view.h"
#include "serve/serve.h"
#include "serve/web_assets.h"

namespace tally {
namespace {

// A request the API refuses: its status and why, sent as ErrorJson.
struct ApiError {
  int status;
  std::string message;
};

std::string NowIso() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Query parameters -------------------------------------------------------------------------

std::optional<std::string> Param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

size_t SizeParam(const httplib::Request& req, const char* name, size_t fallback, size_t max) {
  const std::optional<std::string> s = Param(req, name);
  if (!s) return fallback;
  size_t v = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size() || v > max)
    throw ApiError{400, std::string("parameter ") + name + " must be a whole number from 0 to " + std::to_string(max)};
  return v;
}

std::optional<double> NumberParam(const httplib::Request& req, const char* name) {
  const std::optional<std::string> s = Param(req, name);
  if (!s) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size()) throw ApiError{400, std::string("parameter ") + name + " must be a number"};
  return v;
}

std::optional<bool> BoolParam(const httplib::Request& req, const char* name) {
  const std::optional<std::string> s = Param(req, name);
  if (!s) return std::nullopt;
  if (*s == "true" || *s == "1") return true;
  if (*s == "false" || *s == "0") return false;
  throw ApiError{400, std::string("parameter ") + name + " must be true or false"};
}

// YYYY, YYYY-MM or YYYY-MM-DD: the forms the ledger's dates take.
bool IsIsoDate(std::string_view s) {
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return false;
  }
  return true;
}

std::optional<std::string> DateParam(const httplib::Request& req, const char* name) {
  std::optional<std::string> s = Param(req, name);
  if (s && !IsIsoDate(*s)) throw ApiError{400, std::string("parameter ") + name + " must be a date: YYYY, YYYY-MM or YYYY-MM-DD"};
  return s;
}

Page PageParams(const httplib::Request& req) {
  return Page{SizeParam(req, "offset", 0, size_t{1} << 40), SizeParam(req, "limit", 50, kMaxPage)};
}

ClaimQuery ClaimQueryParams(const httplib::Request& req) {
  ClaimQuery q;
  if (auto m = Param(req, "measure")) {
    q.measure = MeasureFromName(*m);
    if (!q.measure) throw ApiError{400, "unknown measure \"" + *m + "\""};
  }
  if (auto s = Param(req, "scope")) {
    q.scope = ScopeFromName(*s);
    if (!q.scope) throw ApiError{400, "unknown scope \"" + *s + "\""};
  }
  if (auto r = Param(req, "review")) {
    q.review = ReviewStateFromName(*r);
    if (!q.review) throw ApiError{400, "unknown review state \"" + *r + "\""};
  }
  q.party = Param(req, "party");
  q.source = Param(req, "source");
  q.doc = Param(req, "doc");
  q.from = DateParam(req, "from");
  q.to = DateParam(req, "to");
  q.min_confidence = NumberParam(req, "min_confidence");
  q.max_confidence = NumberParam(req, "max_confidence");
  q.disagreement = BoolParam(req, "disagreement");
  q.sort = Param(req, "sort").value_or("");
  if (!KnownClaimSort(q.sort)) throw ApiError{400, "unknown sort \"" + q.sort + "\": date, confidence, value or priority, - before for descending"};
  return q;
}

// Request bodies --------------------------------------------------------------------------

std::optional<std::string> OptionalString(simdjson::dom::element v, const char* field) {
  if (v.is_null()) return std::string();  // null clears the field
  std::string_view s;
  if (v.get_string().get(s)) throw ApiError{400, std::string("\"") + field + "\" must be a string or null"};
  if (s.size() > 1000) throw ApiError{400, std::string("\"") + field + "\" is longer than 1000 bytes"};
  return std::string(s);
}

std::optional<int64_t> OptionalCount(simdjson::dom::element v, const char* field) {
  if (v.is_null()) return std::nullopt;
  int64_t n;
  if (v.get_int64().get(n) || n < 0) throw ApiError{400, std::string("\"") + field + "\" must be a whole number >= 0 or null"};
  return n;
}

Correction ParseCorrection(simdjson::dom::object obj) {
  Correction c;
  Interval value;
  bool has_value = false;
  for (auto [key, v] : obj) {
    std::string_view s;
    if (key == "measure" || key == "qualifier" || key == "scope") {
      if (v.get_string().get(s)) throw ApiError{400, "\"" + std::string(key) + "\" must be a string"};
      if (key == "measure" && !(c.measure = MeasureFromName(s))) throw ApiError{400, "unknown measure \"" + std::string(s) + "\""};
      if (key == "qualifier" && !(c.qualifier = QualifierFromName(s))) throw ApiError{400, "unknown qualifier \"" + std::string(s) + "\""};
      if (key == "scope" && !(c.scope = ScopeFromName(s))) throw ApiError{400, "unknown scope \"" + std::string(s) + "\""};
    } else if (key == "low" || key == "high" || key == "best") {
      has_value = true;
      (key == "low" ? value.low : key == "high" ? value.high : value.best) = OptionalCount(v, std::string(key).c_str());
    } else if (key == "source") {
      c.source = OptionalString(v, "source");
    } else if (key == "party") {
      c.party = OptionalString(v, "party");
    } else if (key == "date") {
      c.date = OptionalString(v, "date");
      if (!c.date->empty() && !IsIsoDate(*c.date)) throw ApiError{400, "\"date\" must be YYYY, YYYY-MM or YYYY-MM-DD"};
    } else {
      throw ApiError{400, "unknown correction field \"" + std::string(key) + "\""};
    }
  }
  if (has_value) {
    if (!value.low && !value.high && !value.best) throw ApiError{400, "a corrected value needs low, high or best"};
    const auto le = [](const std::optional<int64_t>& a, const std::optional<int64_t>& b) { return !a || !b || *a <= *b; };
    if (!le(value.low, value.best) || !le(value.best, value.high) || !le(value.low, value.high))
      throw ApiError{400, "a corrected value needs low <= best <= high"};
    c.value = value;
  }
  return c;
}

struct ReviewRequest {
  ReviewAction action = ReviewAction::kAccept;
  Correction correction;
  std::string note;
};

ReviewRequest ParseReviewRequest(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(body).get(root)) throw ApiError{400, std::string("malformed JSON: ") + simdjson::error_message(error)};
  simdjson::dom::object obj;
  if (root.get_object().get(obj)) throw ApiError{400, "the body must be a JSON object"};
  ReviewRequest r;
  bool has_action = false, has_correction = false;
  for (auto [key, v] : obj) {
    std::string_view s;
    if (key == "action") {
      if (v.get_string().get(s) || !ReviewActionFromName(s)) throw ApiError{400, "\"action\" must be accept, reject or correct"};
      r.action = *ReviewActionFromName(s);
      has_action = true;
    } else if (key == "note") {
      if (v.get_string().get(s)) throw ApiError{400, "\"note\" must be a string"};
      if (s.size() > 4000) throw ApiError{400, "\"note\" is longer than 4000 bytes"};
      r.note = std::string(s);
    } else if (key == "correction") {
      simdjson::dom::object c;
      if (v.get_object().get(c)) throw ApiError{400, "\"correction\" must be an object"};
      r.correction = ParseCorrection(c);
      has_correction = true;
    } else {
      throw ApiError{400, "unknown field \"" + std::string(key) + "\""};
    }
  }
  if (!has_action) throw ApiError{400, "missing \"action\": accept, reject or correct"};
  if (r.action == ReviewAction::kCorrect && r.correction.empty()) throw ApiError{400, "a correction needs \"correction\" with a field to change"};
  if (r.action != ReviewAction::kCorrect && has_correction) throw ApiError{400, "only \"correct\" takes a \"correction\""};
  return r;
}

// A decision about entities: the one field naming its object ("with": an entity id for a merge,
// "name": a name for a split) and an optional note.
struct EntityRequest {
  std::string object, note;
};

EntityRequest ParseEntityRequest(const std::string& body, const char* object_field) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(body).get(root)) throw ApiError{400, std::string("malformed JSON: ") + simdjson::error_message(error)};
  simdjson::dom::object obj;
  if (root.get_object().get(obj)) throw ApiError{400, "the body must be a JSON object"};
  EntityRequest r;
  bool has_object = false;
  for (auto [key, v] : obj) {
    std::string_view s;
    if (key == object_field) {
      if (v.get_string().get(s) || s.empty()) throw ApiError{400, std::string("\"") + object_field + "\" must be a non-empty string"};
      if (s.size() > 1000) throw ApiError{400, std::string("\"") + object_field + "\" is longer than 1000 bytes"};
      r.object = std::string(s);
      has_object = true;
    } else if (key == "note") {
      if (v.get_string().get(s)) throw ApiError{400, "\"note\" must be a string"};
      if (s.size() > 4000) throw ApiError{400, "\"note\" is longer than 4000 bytes"};
      r.note = std::string(s);
    } else {
      throw ApiError{400, "unknown field \"" + std::string(key) + "\""};
    }
  }
  if (!has_object) throw ApiError{400, std::string("missing \"") + object_field + "\""};
  return r;
}

// {"id","name","person","variants"}: an entity as a decision about it saw it.
void AppendEntity(const Entity& e, std::string* out) {
  JsonObject o(out);
  o.Field("id", e.id).Field("name", e.name).Field("person", e.person).Field("variants", e.variants);
  o.Close();
}

int64_t IdParam(const httplib::Request& req) {
  int64_t id = 0;
  const std::string& s = req.matches[1].str();
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || end != s.data() + s.size()) throw ApiError{404, "no claim " + s};
  return id;
}

// The routes: method, OpenAPI path, httplib pattern. Routes() and the OpenAPI test read this.
struct RouteInfo {
  const char* method;
  const char* path;
  const char* pattern;
};
constexpr RouteInfo kRoutes[] = {
    {"GET", "/api/documents", "/api/documents"},
    {"POST", "/api/documents", "/api/documents"},
    {"GET", "/api/documents/{id}", R"(/api/documents/([^/]+))"},
    {"GET", "/api/claims", "/api/claims"},
    {"GET", "/api/claims/{id}", R"(/api/claims/([^/]+))"},
    {"POST", "/api/claims/{id}/reviews", R"(/api/claims/([^/]+)/reviews)"},
    {"POST", "/api/entities/{id}/merge", R"(/api/entities/([^/]+)/merge)"},
    {"POST", "/api/entities/{id}/split", R"(/api/entities/([^/]+)/split)"},
    {"GET", "/api/timelines", "/api/timelines"},
    {"GET", "/api/entities", "/api/entities"},
    {"GET", "/api/clusters", "/api/clusters"},
    {"GET", "/api/events", "/api/events"},
    {"GET", "/api/audit", "/api/audit"},
    {"GET", "/api/summary", "/api/summary"},
    {"GET", "/api/export/claims.csv", "/api/export/claims.csv"},
    {"GET", "/api/export/claims.jsonl", "/api/export/claims.jsonl"},
    {"GET", "/api/export/tolls.csv", "/api/export/tolls.csv"},
    {"GET", "/api/export/tolls.jsonl", "/api/export/tolls.jsonl"},
    {"GET", "/", "/"},
    {"GET", "/app.js", "/app.js"},
    {"GET", "/app.css", "/app.css"},
};

// The web app's pages may run only this server's script and style, and talk only to it:
// article text the app shows can neither run script nor load anything.
constexpr const char* kAppPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

std::string_view ContentType(std::string_view path) {
  if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  return "text/html; charset=utf-8";
}

}  // namespace

struct Server::Impl {
  const Pipeline& pipeline;
  ServeOptions options;
  httplib::Server http;
  std::unique_ptr<Store> writer;  // every write goes through it, one at a time
  std::mutex write_mu;
  std::mutex rebuild_mu;           // one snapshot is built at a time
  std::mutex view_mu;              // guards view
  std::shared_ptr<const LedgerView> view;
  // Asks the ledger its generation before each request (a read of one row): a connection of
  // its own, so a request never waits on the writer's work.
  std::unique_ptr<Store> watcher;
  std::mutex watcher_mu;
  int port = -1;

  Impl(const Pipeline& p, ServeOptions o) : pipeline(p), options(std::move(o)) {}

  // Snapshots ------------------------------------------------------------------------------

  // The ledger's generation now: it changes with every committed write of documents or reviews,
  // by this server, a running ingest or another server, in either backend. A failed read opens
  // the connection again once (a PostgreSQL server restarted, say).
  Result<std::optional<int64_t>> Generation() {
    std::lock_guard<std::mutex> lock(watcher_mu);
    if (watcher) {
      Result<std::optional<int64_t>> g = watcher->Generation();
      if (g.ok()) return g;
      watcher.reset();
    }
    Result<std::unique_ptr<Store>> opened = OpenStore(options.db, OpenMode::kReadOnly);
    if (!opened.ok()) return opened.status();
    watcher = std::move(*opened);
    return watcher->Generation();
  }

  // The current snapshot. When the ledger changed since it was read, the request that notices
  // builds the next one; requests arriving meanwhile keep being answered from the old one.
  std::shared_ptr<const LedgerView> Snapshot() {
    Result<std::optional<int64_t>> now = Generation();
    if (!now.ok()) throw ApiError{500, now.status().message()};
    {
      std::lock_guard<std::mutex> lock(view_mu);
      if (view && *now && view->generation == *now) return view;
    }
    std::unique_lock<std::mutex> rebuilding(rebuild_mu, std::try_to_lock);
    if (!rebuilding.owns_lock()) {
      std::lock_guard<std::mutex> lock(view_mu);
      if (view) return view;
    }
    if (!rebuilding.owns_lock()) rebuilding.lock();
    {
      // another request may have read this generation while this one waited
      std::lock_guard<std::mutex> lock(view_mu);
      if (view && *now && view->generation == *now) return view;
    }
    if (Status s = Reload(); !s.ok()) throw ApiError{500, s.message()};
    std::lock_guard<std::mutex> lock(view_mu);
    return view;
  }

  // Reads a new snapshot (the caller holds rebuild_mu). It carries the generation it was read
  // at, so a write during the read makes the next request read again.
  Status Reload() {
    Result<std::shared_ptr<const LedgerView>> next = LoadLedgerView(options.db, options.parties_tsv, &pipeline);
    if (!next.ok()) return next.status();
    std::lock_guard<std::mutex> lock(view_mu);
    view = std::move(*next);
    return Status::Ok();
  }

  // One write through the writer, one at a time: f(*writer) under the write lock; a store error
  // is the client's 500. Returns what the write returned.
  template <typename F>
  auto Write(F&& f) {
    auto result = [&] {
      std::lock_guard<std::mutex> lock(write_mu);
      return f(*writer);
    }();
    if (!result.ok()) throw ApiError{500, result.status().message()};
    return *std::move(result);
  }

  // After this server's own write: the writer's answer shows it.
  std::shared_ptr<const LedgerView> Fresh() {
    std::lock_guard<std::mutex> rebuilding(rebuild_mu);
    if (Status s = Reload(); !s.ok()) throw ApiError{500, s.message()};
    std::lock_guard<std::mutex> lock(view_mu);
    return view;
  }

  // Access ---------------------------------------------------------------------------------

  // The reviewer a write request speaks for. Browsers send Authorization only when a script of
  // this origin adds it, and a cross-site page cannot make a browser send a JSON body without
  // asking first (CORS), which this server never allows: together, no cross-site writes.
  std::string Reviewer(const httplib::Request& req) {
    if (req.has_header("Origin")) {
      const std::string origin = req.get_header_value("Origin"), host = req.get_header_value("Host");
      if (origin != "http://" + host && origin != "https://" + host) throw ApiError{403, "cross-origin writes are refused"};
    }
    const std::string auth = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.compare(0, kBearer.size(), kBearer) != 0) throw ApiError{401, "writing needs \"Authorization: Bearer TOKEN\" (tally users add)"};
    const std::string_view token = std::string_view(auth).substr(kBearer.size());
    std::lock_guard<std::mutex> lock(write_mu);
    Result<std::optional<std::string>> who = ReviewerForToken(*writer, token);
    if (!who.ok()) throw ApiError{500, who.status().message()};
    if (!*who) throw ApiError{401, "unknown token"};
    const std::string type = req.get_header_value("Content-Type");
    if (type.compare(0, 16, "application/json") != 0) throw ApiError{415, "the body must be JSON (Content-Type: application/json)"};
    return **who;
  }

  // Handlers -------------------------------------------------------------------------------

  void ListDocuments(const httplib::Request& req, httplib::Response& res) {
    DocumentQuery q{Param(req, "q"), Param(req, "outlet"), DateParam(req, "from"), DateParam(req, "to")};
    const Page page = PageParams(req);
    auto v = Snapshot();
    size_t total = 0;
    std::string out;
    JsonObject o(&out);
    WritePaged(o, total, page, [&] {
      JsonArray a(o.Raw("documents"));
      for (size_t d : FindDocuments(*v, q, page, &total)) AppendApiDocument(*v, d, a.Next());
      a.Close();
    });
    o.Close();
    Json(res, out);
  }

  // Writes the list (fn fills *total), then the paging fields.
  template <typename Fn>
  static void WritePaged(JsonObject& o, size_t& total, const Page& page, Fn&& fn) {
    fn();
    o.Field("total", static_cast<int64_t>(total)).Field("offset", static_cast<int64_t>(page.offset));
    o.Field("limit", static_cast<int64_t>(page.limit));
  }

  void GetDocument(const httplib::Request& req, httplib::Response& res) {
    auto v = Snapshot();
    const std::string id = req.matches[1].str();
    auto it = v->doc_by_id.find(id);
    if (it == v->doc_by_id.end()) throw ApiError{404, "no document \"" + id + "\""};
    const StoredDocument& d = v->docs[it->second];
    std::string out;
    JsonObject o(&out);
    AppendApiDocument(*v, it->second, o.Raw("document"));
    o.Field("text", d.text);
    o.Raw("skipped")->append(d.skipped_json.empty() ? "[]" : d.skipped_json);
    o.Raw("metadata")->append(d.metadata_json.empty() ? "{}" : d.metadata_json);
    ClaimQuery q;
    q.doc = id;
    size_t total = 0;
    JsonArray a(o.Raw("claims"));
    for (size_t c : FindClaims(*v, q, kEverything, &total)) AppendApiClaim(*v, c, a.Next());
    a.Close();
    JsonArray t(o.Raw("tolls"));
    for (const Toll& toll : v->tolls)
      if (toll.doc == id) AppendTollJson(toll, t.Next());
    t.Close();
    o.Close();
    Json(res, out);
  }

  void ListClaims(const httplib::Request& req, httplib::Response& res) {
    const ClaimQuery q = ClaimQueryParams(req);
    const Page page = PageParams(req);
    auto v = Snapshot();
    size_t total = 0;
    std::string out;
    JsonObject o(&out);
    WritePaged(o, total, page, [&] {
      JsonArray a(o.Raw("claims"));
      for (size_t i : FindClaims(*v, q, page, &total)) AppendApiClaim(*v, i, a.Next());
      a.Close();
    });
    o.Close();
    Json(res, out);
  }

  size_t ClaimIndex(const LedgerView& v, int64_t id) {
    auto it = v.claim_by_id.find(id);
    if (it == v.claim_by_id.end()) throw ApiError{404, "no claim " + std::to_string(id)};
    return it->second;
  }

  void GetClaim(const httplib::Request& req, httplib::Response& res) {
    auto v = Snapshot();
    const size_t i = ClaimIndex(*v, IdParam(req));
    const Claim& c = v->claims[i].claim;
    std::string out;
    JsonObject o(&out);
    AppendApiClaim(*v, i, o.Raw("claim"));
    AppendClaimJson(ExtractedClaim(*v, i), o.Raw("extracted"));
    // the evidence as text, so a client needs no second request
    JsonArray ev(o.Raw("evidence"));
    auto d = v->doc_by_id.find(c.doc);
    for (const Span& s : c.evidence) {
      const std::string& text = d == v->doc_by_id.end() ? std::string() : v->docs[d->second].text;
      ev.String(s.end <= text.size() && s.begin <= s.end ? std::string_view(text).substr(s.begin, s.end - s.begin) : "");
    }
    ev.Close();
    JsonArray members(o.Raw("cluster_members"));
    if (std::optional<size_t> cl = v->claim_cluster[i])
      for (size_t k = 0; k < v->claims.size(); ++k)
        if (v->claim_cluster[k] == cl) members.Int(v->claims[k].id);
    members.Close();
    JsonArray reviews(o.Raw("reviews"));
    const ClaimKey key = KeyOf(ExtractedClaim(*v, i));
    for (const Review& r : v->reviews)
      if (r.key == key) AppendReview(r, reviews.Next());
    reviews.Close();
    o.Close();
    Json(res, out);
  }

  void PostReview(const httplib::Request& req, httplib::Response& res) {
    const std::string reviewer = Reviewer(req);
    const ReviewRequest r = ParseReviewRequest(req.body);
    auto v = Snapshot();
    const size_t i = ClaimIndex(*v, IdParam(req));
    const Claim& extracted = ExtractedClaim(*v, i);
    Review review{0, KeyOf(extracted), r.action, r.correction, r.note, reviewer, NowIso(), Fingerprint(extracted)};
    AuditRow audit{0, review.at, reviewer, std::string(ReviewActionName(r.action)), TargetName(review.key),
                   ReviewableJson(v->claims[i].claim),
                   r.action == ReviewAction::kReject ? std::string("null") : ReviewableJson(Corrected(extracted, r.correction)),
                   r.note};
    const int64_t id = Write([&](Store& w) { return w.AddReview(review, audit); });
    v = Fresh();
    std::string out;
    JsonObject o(&out);
    o.Field("review", id);
    auto it = v->claim_by_id.find(v->claims[i].id);
    if (it != v->claim_by_id.end()) AppendApiClaim(*v, it->second, o.Raw("claim"));
    o.Close();
    res.status = 201;
    Json(res, out);
  }

  static const Entity& FindEntity(const LedgerView& v, const std::string& id) {
    for (const Entity& e : v.reconciliation.entities)
      if (e.id == id) return e;
    throw ApiError{404, "no entity \"" + id + "\""};
  }

  // Merges the entity of the path with "with", or splits "name" off it. The decision is stored
  // by the names involved (entity ids change with every reconcile); the answer holds the
  // entities that hold those names now.
  void PostEntityDecision(const httplib::Request& req, httplib::Response& res, EntityAction action) {
    const std::string reviewer = Reviewer(req);
    const EntityRequest r = ParseEntityRequest(req.body, action == EntityAction::kMerge ? "with" : "name");
    auto v = Snapshot();
    const Entity& e = FindEntity(*v, req.matches[1].str());
    EntityDecision d{0, action, "", e.name, r.note, reviewer, NowIso()};
    std::string before;
    JsonObject b(&before);
    JsonArray was(b.Raw("entities"));
    AppendEntity(e, was.Next());
    if (action == EntityAction::kMerge) {
      const Entity& other = FindEntity(*v, r.object);
      if (&other == &e) throw ApiError{400, "an entity cannot be merged with itself (" + e.id + ")"};
      d.name = e.name;
      d.other = other.name;
      AppendEntity(other, was.Next());
    } else {
      if (std::find(e.variants.begin(), e.variants.end(), r.object) == e.variants.end())
        throw ApiError{400, "entity " + e.id + " has no name \"" + r.object + "\" (its names are in GET /api/entities)"};
      if (e.variants.size() < 2) throw ApiError{400, "entity " + e.id + " has only one name: nothing to split off"};
      d.name = r.object;
    }
    was.Close();
    b.Close();
    std::string after;
    JsonObject a(&after);
    if (action == EntityAction::kMerge) a.Field("merged", std::vector<std::string>{d.name, d.other});
    else a.Field("apart", d.name).Field("from", d.other);
    a.Close();
    const AuditRow audit{0, d.at, reviewer, std::string(EntityActionName(action)), TargetName(d), before, after, r.note};
    const int64_t id = Write([&](Store& w) { return w.AddEntityDecision(d, audit); });
    v = Fresh();
    std::string out;
    JsonObject o(&out);
    o.Field("decision", id);
    JsonArray now(o.Raw("entities"));
    for (const Entity& x : v->reconciliation.entities)
      if (std::find(x.variants.begin(), x.variants.end(), d.name) != x.variants.end() ||
          (action == EntityAction::kMerge && std::find(x.variants.begin(), x.variants.end(), d.other) != x.variants.end()))
        AppendEntity(x, now.Next());
    now.Close();
    o.Close();
    res.status = 201;
    Json(res, out);
  }

  void PostDocument(const httplib::Request& req, httplib::Response& res) {
    Reviewer(req);
    Result<RawDocument> raw = ParseJsonlRecord(std::string_view(req.body), "POST /api/documents");
    if (!raw.ok()) throw ApiError{400, raw.status().message()};
    if (Status s = CheckArticleBytes(raw->bytes); !s.ok()) throw ApiError{400, s.message()};
    const bool replace = BoolParam(req, "replace").value_or(false);
    Document doc = pipeline.Prepare(std::move(*raw));
    std::vector<NameVariant> names;
    std::vector<Claim> claims = pipeline.Extract(doc, &names);
    std::vector<Toll> tolls = pipeline.Tolls(doc, claims);
    const StoredDocument stored = ToStored(std::move(doc));
    const Store::PutResult put = Write([&](Store& w) -> Result<Store::PutResult> {
      if (!replace)
        if (Status s = CheckNotReplacing(w, stored); !s.ok()) throw ApiError{409, s.message()};
      return w.Put(stored, claims, names, tolls, options.stamp);
    });
    auto v = Fresh();
    std::string out;
    JsonObject o(&out);
    o.Field("document", stored.id);
    o.Field("result", put == Store::PutResult::kAdded ? "added" : put == Store::PutResult::kReplaced ? "replaced" : "unchanged");
    ClaimQuery q;
    q.doc = stored.id;
    size_t total = 0;
    JsonArray a(o.Raw("claims"));
    for (size_t c : FindClaims(*v, q, kEverything, &total)) AppendApiClaim(*v, c, a.Next());
    a.Close();
    o.Close();
    res.status = put == Store::PutResult::kAdded ? 201 : 200;
    Json(res, out);
  }

  void ListAudit(const httplib::Request& req, httplib::Response& res) {
    const Page page = PageParams(req);
    auto v = Snapshot();
    std::string out;
    JsonObject o(&out);
    JsonArray a(o.Raw("audit"));
    // newest first: what a reviewer looks at
    const size_t n = v->audit.size();
    for (size_t k = page.offset; k < n && k < page.offset + page.limit; ++k) AppendAuditRow(v->audit[n - 1 - k], a.Next());
    a.Close();
    o.Field("total", static_cast<int64_t>(n)).Field("offset", static_cast<int64_t>(page.offset));
    o.Field("limit", static_cast<int64_t>(page.limit));
    o.Close();
    Json(res, out);
  }

  void Summary(httplib::Response& res) {
    auto v = Snapshot();
    size_t by_state[5] = {};
    size_t disagreements = 0;
    for (size_t i = 0; i < v->claims.size(); ++i) {
      ++by_state[static_cast<size_t>(v->claims[i].review)];
      disagreements += v->claim_disagreement[i];
    }
    std::string out;
    JsonObject o(&out);
    o.Field("documents", static_cast<int64_t>(v->docs.size())).Field("claims", static_cast<int64_t>(v->claims.size()));
    JsonObject s(o.Raw("review"));
    for (size_t k = 0; k < 5; ++k) s.Field(ReviewStateName(static_cast<ReviewState>(k)), static_cast<int64_t>(by_state[k]));
    s.Close();
    o.Field("disagreements", static_cast<int64_t>(disagreements));
    o.Field("clusters", static_cast<int64_t>(v->reconciliation.clusters.size()));
    o.Field("entities", static_cast<int64_t>(v->reconciliation.entities.size()));
    o.Field("events", static_cast<int64_t>(v->reconciliation.events.size()));
    o.Close();
    Json(res, out);
  }

  void Export(const httplib::Request& req, httplib::Response& res, const std::string& what) {
    auto v = Snapshot();
    std::string out;
    if (what == "tolls.csv" || what == "tolls.jsonl") {
      if (what == "tolls.csv") out = TollCsv(v->docs, v->tolls);
      for (const Toll& t : what == "tolls.jsonl" ? v->tolls : std::vector<Toll>{}) {
        AppendTollJson(t, &out);
        out.push_back('\n');
      }
    } else {
      // the ledger's claims: reviewed values, rejected ones left out (as the ledger reads them)
      ClaimQuery q = ClaimQueryParams(req);
      size_t total = 0;
      const std::vector<size_t> claims = FindClaims(*v, q, kEverything, &total);
      if (what == "claims.csv") out = ClaimsCsv(*v, claims);
      else
        for (size_t i : claims) {
          AppendApiClaim(*v, i, &out);
          out.push_back('\n');
        }
    }
    const bool csv = what.ends_with(".csv");
    res.set_header("Content-Disposition", "attachment; filename=\"" + what + "\"");
    res.set_content(out, csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
  }

  static void Json(httplib::Response& res, const std::string& body) {
    res.set_content(body + "\n", "application/json; charset=utf-8");
  }

  // Wiring ---------------------------------------------------------------------------------

  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  // Runs handler, turning an ApiError into its JSON answer.
  static httplib::Server::Handler Guarded(Handler handler) {
    return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
      try {
        handler(req, res);
      } catch (const ApiError& e) {
        res.status = e.status;
        res.set_content(ErrorJson(e.status, e.message), "application/json; charset=utf-8");
      }
    };
  }

  Handler HandlerFor(const std::string& method, const std::string& path) {
    using R = const httplib::Request&;
    using W = httplib::Response&;
    if (method == "POST" && path == "/api/documents") return [this](R q, W s) { PostDocument(q, s); };
    if (method == "POST" && path == "/api/entities/{id}/merge") return [this](R q, W s) { PostEntityDecision(q, s, EntityAction::kMerge); };
    if (method == "POST" && path == "/api/entities/{id}/split") return [this](R q, W s) { PostEntityDecision(q, s, EntityAction::kSplit); };
    if (method == "POST") return [this](R q, W s) { PostReview(q, s); };
    if (path == "/api/documents") return [this](R q, W s) { ListDocuments(q, s); };
    if (path == "/api/documents/{id}") return [this](R q, W s) { GetDocument(q, s); };
    if (path == "/api/claims") return [this](R q, W s) { ListClaims(q, s); };
    if (path == "/api/claims/{id}") return [this](R q, W s) { GetClaim(q, s); };
    if (path == "/api/audit") return [this](R q, W s) { ListAudit(q, s); };
    if (path == "/api/summary") return [this](R, W s) { Summary(s); };
    if (!path.starts_with("/api/")) {
      const std::string file = path == "/" ? "/index.html" : path;
      return [file](R, W s) {
        for (size_t i = 0; i < kWebAssetCount; ++i)
          if (kWebAssets[i].path == file) {
            s.headers.erase("Content-Security-Policy");
            s.set_header("Content-Security-Policy", kAppPolicy);
            s.set_content(std::string(kWebAssets[i].body), std::string(ContentType(file)));
            return;
          }
        throw ApiError{404, "no such file"};
      };
    }
    if (path.starts_with("/api/export/")) {
      const std::string what = path.substr(std::string_view("/api/export/").size());
      return [this, what](R q, W s) { Export(q, s, what); };
    }
    // the reconciliation's parts, as reconcile computed them
    std::string LedgerView::*part = path == "/api/timelines" ? &LedgerView::timeline_json
                                    : path == "/api/entities" ? &LedgerView::entities_json
                                    : path == "/api/clusters" ? &LedgerView::clusters_json
                                                              : &LedgerView::events_json;
    const std::string key = path.substr(5);
    return [this, part, key](R, W s) {
      auto v = Snapshot();
      std::string out;
      JsonObject o(&out);
      o.Raw(key)->append((*v).*part);
      o.Close();
      Json(s, out);
    };
  }

  void Wire() {
    const size_t threads = options.threads;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_payload_max_length(options.max_body_bytes);
    http.set_read_timeout(options.timeout_seconds, 0);
    http.set_write_timeout(options.timeout_seconds, 0);
    http.set_keep_alive_timeout(5);
    http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Cache-Control", "no-store"}});
    for (const RouteInfo& r : kRoutes) {
      httplib::Server::Handler h = Guarded(HandlerFor(r.method, r.path));
      if (std::string_view(r.method) == "GET") http.Get(r.pattern, h);
      else http.Post(r.pattern, h);
    }
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      const std::string message = res.status == 404 ? "no such route: " + req.method + " " + req.path
                                  : res.status == 413 ? "the request body is larger than the server accepts"
                                  : res.status == 408 ? "the request took too long to arrive"
                                                      : "the request was refused (HTTP " + std::to_string(res.status) + ")";
      res.set_content(ErrorJson(res.status, message), "application/json; charset=utf-8");
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string message = "internal error";
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        message += std::string(": ") + e.what();
      } catch (...) {
      }
      res.status = 500;
      res.set_content(ErrorJson(500, message), "application/json; charset=utf-8");
    });
  }
};

Server::Server(const Pipeline& pipeline, ServeOptions options) : impl_(std::make_unique<Impl>(pipeline, std::move(options))) {}
Server::~Server() = default;

Status Server::Open() {
  Impl& m = *impl_;
  Result<std::unique_ptr<Store>> writer = OpenStore(m.options.db, OpenMode::kReadWrite);
  if (!writer.ok()) return writer.status();
  m.writer = std::move(*writer);
  {
    std::lock_guard<std::mutex> lock(m.rebuild_mu);
    if (Status s = m.Reload(); !s.ok()) return s;
  }
  if (Result<std::optional<int64_t>> g = m.Generation(); !g.ok()) return g.status();
  m.Wire();
  m.port = m.options.port == 0 ? m.http.bind_to_any_port(m.options.bind)
                               : (m.http.bind_to_port(m.options.bind, m.options.port) ? m.options.port : -1);
  if (m.port < 0)
    return Status::IoError("cannot listen on " + m.options.bind + ":" + std::to_string(m.options.port) +
                           " (in use, or not an address of this machine)");
  return Status::Ok();
}

int Server::port() const { return impl_->port; }

Status Server::Run() {
  if (!impl_->http.listen_after_bind()) return Status::IoError("the server stopped listening");
  return Status::Ok();
}

void Server::Stop() { impl_->http.stop(); }

std::vector<std::string> Server::Routes() {
  std::vector<std::string> out;
  for (const RouteInfo& r : kRoutes) out.push_back(std::string(r.method) + " " + r.path);
  return out;
}

Status ServeUntilSignal(Server& server) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  // blocked here, and so in every thread started after: only the waiter below receives them
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::atomic<bool> done{false};
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    if (!done) server.Stop();
  });
  Status s = server.Run();
  done = true;
  pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter when Run ended by itself
  waiter.join();
  return s;
}

}  // namespace tally
