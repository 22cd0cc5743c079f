// tally serve through a real HTTP client: a server on a free local port, every route, and the
// requests it must refuse (with a 4xx JSON error, storing nothing).
#include <gtest/gtest.h>
#include <httplib.h>
#include <simdjson.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "serve/access.h"
#include "serve/serve.h"
#include "store/store.h"
#include "test_util.h"

namespace tally {
namespace {

const char* const kArticles[][2] = {
    {"harbour", "PORT ELLIS, March 3 (Wire) - Nine people were killed when a ferry capsized off Port Ellis on "
                "Tuesday, the coast guard said. At least 25 others were injured, a hospital spokeswoman said.\n"},
    {"quake", "Rescue teams searched the rubble on Wednesday after the earthquake. The interior ministry said "
              "more than 140 people had died and 600 were wounded.\n"},
};

class ServeTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    db_ = (dir_ / "ledger.db").string();
    {
      auto store = OpenSqliteStore(db_);
      ASSERT_TRUE(store.ok()) << store.status().ToString();
      const Pipeline& p = testing::SharedPipeline();
      for (const auto& [id, text] : kArticles) {
        Document doc = testing::PrepareText(text, id);
        std::vector<NameVariant> names;
        std::vector<Claim> claims = p.Extract(doc, &names);
        ASSERT_TRUE((*store)->Put(ToStored(doc), claims, names, p.Tolls(doc, claims), Stamp{"test", "lex"}).ok());
      }
      auto token = AddReviewer(**store, "rosa");
      ASSERT_TRUE(token.ok());
      token_ = *token;
    }
    ServeOptions options;
    options.db = db_;
    options.parties_tsv = std::string(TALLY_SOURCE_DATA_DIR) + "/lexicon/en/parties.tsv";
    options.port = 0;
    options.threads = 4;
    options.max_body_bytes = 64 << 10;
    options.stamp = {"test", "lex"};
    server_ = std::make_unique<Server>(testing::SharedPipeline(), options);
    ASSERT_TRUE(server_->Open().ok());
    thread_ = std::thread([this] { server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(30, 0);
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    TempDirTest::TearDown();
  }

  // The body of a GET answered with want, parsed.
  simdjson::dom::element Get(const std::string& path, int want = 200) {
    auto res = client_->Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, want) << path << ": " << res->body;
    return Parse(res->body);
  }

  simdjson::dom::element Parse(const std::string& body) {
    simdjson::dom::element root;
    bodies_.push_back(std::make_unique<simdjson::dom::parser>());
    EXPECT_EQ(bodies_.back()->parse(body).get(root), simdjson::SUCCESS) << body;
    return root;
  }

  httplib::Result Post(const std::string& path, const std::string& body, const std::string& token,
                       httplib::Headers headers = {}, const char* type = "application/json") {
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return client_->Post(path.c_str(), headers, body, type);
  }

  // A 4xx answer with an error message in JSON.
  void ExpectRefused(const httplib::Result& res, int status) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << res->body;
    std::string_view message;
    EXPECT_EQ(Parse(res->body)["error"]["message"].get(message), simdjson::SUCCESS) << res->body;
    EXPECT_FALSE(message.empty());
  }

  size_t StoredReviews() {
    auto store = OpenSqliteStore(db_, OpenMode::kReadOnly);
    return store.ok() ? (*store)->Reviews()->size() : 999;
  }
  size_t StoredDocuments() {
    auto store = OpenSqliteStore(db_, OpenMode::kReadOnly);
    return store.ok() ? (*store)->Documents(false)->size() : 999;
  }

  int64_t FirstClaimId(const std::string& query) {
    int64_t id = -1;
    EXPECT_EQ(Get("/api/claims?" + query)["claims"].at(0)["id"].get(id), simdjson::SUCCESS);
    return id;
  }

  std::string db_, token_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  std::vector<std::unique_ptr<simdjson::dom::parser>> bodies_;
};

TEST_F(ServeTest, ListsAndShowsDocuments) {
  EXPECT_EQ(Get("/api/documents")["total"].get_int64().value(), 2);
  auto found = Get("/api/documents?q=FERRY");
  ASSERT_EQ(found["total"].get_int64().value(), 1);
  EXPECT_EQ(found["documents"].at(0)["id"].get_string().value(), "harbour");
  EXPECT_EQ(Get("/api/documents?limit=1&offset=1")["documents"].get_array().size(), 1u);
  auto doc = Get("/api/documents/quake");
  EXPECT_NE(doc["text"].get_string().value().find("interior ministry"), std::string_view::npos);
  EXPECT_GT(doc["claims"].get_array().size(), 0u);
  ExpectRefused(client_->Get("/api/documents/nowhere"), 404);
  ExpectRefused(client_->Get("/api/documents?limit=100000"), 400);
  ExpectRefused(client_->Get("/api/documents?from=yesterday"), 400);
}

TEST_F(ServeTest, FiltersSortsAndShowsClaims) {
  const int64_t all = Get("/api/claims")["total"].get_int64().value();
  ASSERT_GE(all, 3);
  auto killed = Get("/api/claims?measure=killed&sort=-value");
  ASSERT_GE(killed["total"].get_int64().value(), 2);
  const int64_t first = killed["claims"].at(0)["claim"]["value"]["best"].get_int64().value();
  const int64_t second = killed["claims"].at(1)["claim"]["value"]["best"].get_int64().value();
  EXPECT_GE(first, second);
  simdjson::dom::array killed_claims;
  ASSERT_EQ(killed["claims"].get(killed_claims), simdjson::SUCCESS);
  for (auto c : killed_claims) EXPECT_EQ(c["claim"]["measure"].get_string().value(), "killed");
  EXPECT_EQ(Get("/api/claims?doc=harbour&measure=wounded")["total"].get_int64().value(), 1);
  EXPECT_EQ(Get("/api/claims?min_confidence=2")["total"].get_int64().value(), 0);
  EXPECT_EQ(Get("/api/claims?review=unreviewed")["total"].get_int64().value(), all);
  Get("/api/claims?sort=priority&disagreement=false");
  ExpectRefused(client_->Get("/api/claims?measure=eaten"), 400);
  ExpectRefused(client_->Get("/api/claims?sort=colour"), 400);
  ExpectRefused(client_->Get("/api/claims?min_confidence=high"), 400);

  const int64_t id = FirstClaimId("doc=harbour&measure=killed");
  auto one = Get("/api/claims/" + std::to_string(id));
  std::string_view text = one["claim"]["claim"]["text"].get_string().value();
  std::string_view evidence = one["evidence"].at(0).get_string().value();
  EXPECT_EQ(evidence, text) << "the first evidence span is the claim's text";
  ExpectRefused(client_->Get("/api/claims/99999999"), 404);
  ExpectRefused(client_->Get("/api/claims/abc"), 404);
}

TEST_F(ServeTest, ServesReconciliationAndExports) {
  for (const char* part : {"timelines", "entities", "clusters", "events"})
    EXPECT_TRUE(Get(std::string("/api/") + part)[part].is_array()) << part;
  EXPECT_EQ(Get("/api/summary")["documents"].get_int64().value(), 2);
  const int64_t total = Get("/api/claims")["total"].get_int64().value();
  auto csv = client_->Get("/api/export/claims.csv");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->body.rfind("id,doc,measure,", 0), 0u);
  auto jsonl = client_->Get("/api/export/claims.jsonl");
  ASSERT_TRUE(jsonl);
  EXPECT_EQ(std::count(jsonl->body.begin(), jsonl->body.end(), '\n'), total);
  auto tolls = client_->Get("/api/export/tolls.csv");
  ASSERT_TRUE(tolls);
  EXPECT_EQ(tolls->status, 200);
  auto tolls_jsonl = client_->Get("/api/export/tolls.jsonl");
  ASSERT_TRUE(tolls_jsonl);
  EXPECT_NE(tolls_jsonl->body.find("\"toll\""), std::string::npos);
  ExpectRefused(client_->Get("/api/nothing-here"), 404);
  ExpectRefused(client_->Get("/../../etc/passwd"), 404);
}

TEST_F(ServeTest, RefusesBadWritesAndStoresNothing) {
  const std::string path = "/api/claims/" + std::to_string(FirstClaimId("doc=harbour&measure=killed")) + "/reviews";
  const std::string good = R"({"action":"correct","correction":{"best":10,"low":10,"high":10},"note":"recount"})";
  ExpectRefused(Post(path, good, ""), 401);
  ExpectRefused(Post(path, good, "not-a-token"), 401);
  ExpectRefused(Post(path, good, std::string(64, 'a')), 401);
  ExpectRefused(Post(path, "{\"action\": \"correct\", ", token_), 400);
  ExpectRefused(Post(path, "[1,2]", token_), 400);
  ExpectRefused(Post(path, R"({"action":"promote"})", token_), 400);
  ExpectRefused(Post(path, R"({"action":"correct"})", token_), 400);
  ExpectRefused(Post(path, R"({"action":"correct","correction":{"best":-3}})", token_), 400);
  ExpectRefused(Post(path, R"({"action":"correct","correction":{"low":9,"high":3}})", token_), 400);
  ExpectRefused(Post(path, R"({"action":"correct","correction":{"colour":"red"}})", token_), 400);
  ExpectRefused(Post(path, R"({"action":"accept","correction":{"best":3}})", token_), 400);
  ExpectRefused(Post(path, good, token_, {}, "application/x-www-form-urlencoded"), 415);
  ExpectRefused(Post(path, good, token_, {{"Origin", "http://evil.example"}}), 403);
  ExpectRefused(Post("/api/claims/99999999/reviews", good, token_), 404);
  ExpectRefused(Post(path, "{\"note\":\"" + std::string(100 << 10, 'x') + "\"}", token_), 413);
  EXPECT_EQ(StoredReviews(), 0u);
  EXPECT_EQ(Get("/api/audit")["total"].get_int64().value(), 0);

  ExpectRefused(Post("/api/documents", R"({"id":"x","text":"Two people died."})", ""), 401);
  ExpectRefused(Post("/api/documents", R"({"id":"x"})", token_), 400);
  ExpectRefused(Post("/api/documents", R"({"id":"x","text":)", token_), 400);
  ExpectRefused(Post("/api/documents", R"({"id":"harbour","text":"Other words, 3 killed."})", token_), 409);
  EXPECT_EQ(StoredDocuments(), 2u);
}

TEST_F(ServeTest, ReviewsAreStoredAuditedAndShown) {
  const int64_t id = FirstClaimId("doc=harbour&measure=killed");
  const std::string path = "/api/claims/" + std::to_string(id) + "/reviews";
  auto res = Post(path, R"({"action":"correct","correction":{"low":10,"best":10,"high":10},"note":"recount"})", token_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  auto claim = Get("/api/claims/" + std::to_string(id));
  EXPECT_EQ(claim["claim"]["review"].get_string().value(), "corrected");
  EXPECT_EQ(claim["claim"]["claim"]["value"]["best"].get_int64().value(), 10);
  EXPECT_EQ(claim["extracted"]["value"]["best"].get_int64().value(), 9);
  EXPECT_EQ(claim["reviews"].at(0)["reviewer"].get_string().value(), "rosa");
  auto audit = Get("/api/audit");
  ASSERT_EQ(audit["total"].get_int64().value(), 1);
  EXPECT_EQ(audit["audit"].at(0)["who"].get_string().value(), "rosa");
  EXPECT_EQ(audit["audit"].at(0)["before"]["best"].get_int64().value(), 9);
  EXPECT_EQ(audit["audit"].at(0)["after"]["best"].get_int64().value(), 10);
  EXPECT_NE(client_->Get("/api/export/claims.csv")->body.find(",10,10,10,"), std::string::npos);

  const int64_t before = Get("/api/claims")["total"].get_int64().value();
  const int64_t wounded = FirstClaimId("doc=harbour&measure=wounded");
  res = Post("/api/claims/" + std::to_string(wounded) + "/reviews", R"({"action":"reject","note":"not a toll"})", token_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(Get("/api/claims")["total"].get_int64().value(), before - 1);
  EXPECT_EQ(Get("/api/claims?review=rejected")["total"].get_int64().value(), 1);
  EXPECT_EQ(StoredReviews(), 2u);
}

// The entities /api/entities lists now: id -> variants.
std::map<std::string, std::set<std::string>> EntitiesOf(simdjson::dom::element body) {
  std::map<std::string, std::set<std::string>> out;
  for (simdjson::dom::element e : body["entities"].get_array()) {
    std::set<std::string>& variants = out[std::string(e["id"].get_string().value())];
    for (simdjson::dom::element v : e["variants"].get_array()) variants.insert(std::string(v.get_string().value()));
  }
  return out;
}

std::string EntityHolding(const std::map<std::string, std::set<std::string>>& entities, const std::string& name) {
  for (const auto& [id, variants] : entities)
    if (variants.count(name)) return id;
  return "";
}

TEST_F(ServeTest, EntityMergesAndSplitsAreStoredAuditedAndApplied) {
  auto entities = EntitiesOf(Get("/api/entities"));
  ASSERT_GE(entities.size(), 2u);
  const std::string first = entities.begin()->first, second = std::next(entities.begin())->first;
  std::map<std::string, std::string> name_of;
  for (simdjson::dom::element e : Get("/api/entities")["entities"].get_array())
    name_of[std::string(e["id"].get_string().value())] = std::string(e["name"].get_string().value());
  const std::string name_a = name_of[first], name_b = name_of[second];
  auto res = Post("/api/entities/" + first + "/merge", R"({"with":")" + second + R"(","note":"one body"})", token_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(Parse(res->body)["entities"].get_array().size(), 1u) << res->body;
  entities = EntitiesOf(Get("/api/entities"));
  const std::string merged = EntityHolding(entities, name_a);
  ASSERT_FALSE(merged.empty());
  EXPECT_EQ(merged, EntityHolding(entities, name_b)) << "a merge puts both names in one entity";
  auto audit = Get("/api/audit");
  ASSERT_EQ(audit["total"].get_int64().value(), 1);
  EXPECT_EQ(audit["audit"].at(0)["action"].get_string().value(), "merge");
  EXPECT_EQ(audit["audit"].at(0)["who"].get_string().value(), "rosa");
  EXPECT_EQ(audit["audit"].at(0)["note"].get_string().value(), "one body");
  EXPECT_EQ(audit["audit"].at(0)["before"]["entities"].get_array().size(), 2u);
  EXPECT_EQ(audit["audit"].at(0)["after"]["merged"].get_array().size(), 2u);

  // re-ingesting a document (new claim rows, entities numbered afresh) keeps the decision: it is
  // keyed by the names
  {
    auto store = OpenSqliteStore(db_);
    ASSERT_TRUE(store.ok());
    const Pipeline& p = testing::SharedPipeline();
    Document doc = testing::PrepareText(kArticles[0][1], kArticles[0][0]);
    std::vector<NameVariant> names;
    std::vector<Claim> claims = p.Extract(doc, &names);
    ASSERT_TRUE((*store)->Put(ToStored(doc), claims, names, p.Tolls(doc, claims), Stamp{"test-2", "lex"}).ok());
  }
  entities = EntitiesOf(Get("/api/entities"));
  EXPECT_EQ(EntityHolding(entities, name_a), EntityHolding(entities, name_b));

  // the split keeps the name apart again
  res = Post("/api/entities/" + EntityHolding(entities, name_b) + "/split", R"({"name":")" + name_b + R"("})", token_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  entities = EntitiesOf(Get("/api/entities"));
  EXPECT_NE(EntityHolding(entities, name_a), EntityHolding(entities, name_b));
  audit = Get("/api/audit");
  ASSERT_EQ(audit["total"].get_int64().value(), 2);
  EXPECT_EQ(audit["audit"].at(0)["action"].get_string().value(), "split");
  EXPECT_EQ(audit["audit"].at(0)["after"]["apart"].get_string().value(), name_b);
}

TEST_F(ServeTest, RefusesBadEntityDecisionsAndStoresNothing) {
  auto entities = EntitiesOf(Get("/api/entities"));
  ASSERT_GE(entities.size(), 2u);
  const std::string first = entities.begin()->first, second = std::next(entities.begin())->first;
  const std::string merge = "/api/entities/" + first + "/merge", split = "/api/entities/" + first + "/split";
  const std::string good = R"({"with":")" + second + R"("})";
  ExpectRefused(Post(merge, good, ""), 401);
  ExpectRefused(Post(merge, good, "not-a-token"), 401);
  ExpectRefused(Post(merge, good, token_, {{"Origin", "http://evil.example"}}), 403);
  ExpectRefused(Post(merge, good, token_, {}, "text/plain"), 415);
  ExpectRefused(Post(merge, R"({"with":)", token_), 400);
  ExpectRefused(Post(merge, "[]", token_), 400);
  ExpectRefused(Post(merge, "{}", token_), 400);
  ExpectRefused(Post(merge, R"({"with":")" + second + R"(","colour":"red"})", token_), 400);
  ExpectRefused(Post(merge, R"({"with":")" + first + R"("})", token_), 400);
  ExpectRefused(Post(merge, R"({"with":"e999999"})", token_), 404);
  ExpectRefused(Post("/api/entities/e999999/merge", good, token_), 404);
  ExpectRefused(Post(split, R"({"name":"no such name anywhere"})", token_), 400);
  ExpectRefused(Post(split, R"({"name":7})", token_), 400);
  ExpectRefused(Post("/api/entities/e999999/split", R"({"name":"x"})", token_), 404);
  if (entities[first].size() == 1) ExpectRefused(Post(split, R"({"name":")" + *entities[first].begin() + R"("})", token_), 400);
  auto store = OpenSqliteStore(db_, OpenMode::kReadOnly);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->EntityDecisions()->size(), 0u);
  EXPECT_EQ(Get("/api/audit")["total"].get_int64().value(), 0);
  EXPECT_EQ(EntitiesOf(Get("/api/entities")), entities);
}

// A rejected claim leaves its document's toll; a corrected value replaces it there.
TEST_F(ServeTest, TollsAreRecomputedFromReviewedClaims) {
  const auto toll_of = [&](const std::string& measure) -> int64_t {
    for (simdjson::dom::element t : Get("/api/documents/harbour")["tolls"].get_array())
      if (t["toll"].get_string().value() == measure) {
        int64_t low = -1;
        EXPECT_EQ(t["value"]["low"].get(low), simdjson::SUCCESS);
        return low;
      }
    return -1;
  };
  ASSERT_EQ(toll_of("killed"), 9);
  ASSERT_EQ(toll_of("wounded"), 25);
  const int64_t killed = FirstClaimId("doc=harbour&measure=killed");
  auto res = Post("/api/claims/" + std::to_string(killed) + "/reviews",
                  R"({"action":"correct","correction":{"low":11,"best":11,"high":11}})", token_);
  ASSERT_TRUE(res && res->status == 201);
  const int64_t wounded = FirstClaimId("doc=harbour&measure=wounded");
  res = Post("/api/claims/" + std::to_string(wounded) + "/reviews", R"({"action":"reject"})", token_);
  ASSERT_TRUE(res && res->status == 201);
  EXPECT_EQ(toll_of("killed"), 11);
  EXPECT_EQ(toll_of("wounded"), -1) << "a rejected claim no longer counts";
  const std::string csv = client_->Get("/api/export/tolls.csv")->body;
  EXPECT_NE(csv.find("harbour,"), std::string::npos);
  EXPECT_NE(csv.find(",killed,exact,11,11,11,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",yes\r\n"), std::string::npos) << "a recomputed toll is marked";
  const std::string jsonl = client_->Get("/api/export/tolls.jsonl")->body;
  EXPECT_NE(jsonl.find("\"reviewed\":true"), std::string::npos) << jsonl;
  // the other document's toll is as stored
  EXPECT_NE(csv.find("quake,"), std::string::npos);
}

TEST_F(ServeTest, PostedArticlesAreExtractedAndStored) {
  auto res = Post("/api/documents",
                  R"({"id":"storm","title":"Storm","outlet":"Daily","date":"2024-05-01","text":"The storm killed 12 people, the governor said.\n"})",
                  token_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  auto body = Parse(res->body);
  EXPECT_EQ(body["result"].get_string().value(), "added");
  ASSERT_GE(body["claims"].get_array().size(), 1u);
  EXPECT_EQ(body["claims"].at(0)["claim"]["value"]["best"].get_int64().value(), 12);
  EXPECT_EQ(Get("/api/documents")["total"].get_int64().value(), 3);
  EXPECT_EQ(StoredDocuments(), 3u);
}

TEST_F(ServeTest, HostileTextIsServedAsData) {
  auto res = Post("/api/documents",
                  R"({"id":"x<script>","text":"<script>alert(1)</script> Four people were killed, police said.\n"})", token_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  auto doc = client_->Get("/api/documents/x%3Cscript%3E");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->status, 200);
  EXPECT_EQ(doc->get_header_value("Content-Type").rfind("application/json", 0), 0u);
  EXPECT_EQ(doc->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(doc->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
}

// Every route the server answers is in docs/openapi.json, and every path there is a route.
TEST(OpenApi, DescribesExactlyTheRoutes) {
  const std::string path = std::string(TALLY_SOURCE_DATA_DIR) + "/../docs/openapi.json";
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.load(path).get(root), simdjson::SUCCESS) << path;
  EXPECT_EQ(root["openapi"].get_string().value().substr(0, 2), "3.");
  std::set<std::string> documented;
  simdjson::dom::object paths;
  ASSERT_EQ(root["paths"].get(paths), simdjson::SUCCESS);
  for (auto [p, item] : paths) {
    simdjson::dom::object operations;
    ASSERT_EQ(item.get(operations), simdjson::SUCCESS) << p;
    for (auto [method, op] : operations) {
      std::string m(method);
      for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(m + " " + std::string(p));
      simdjson::dom::element responses;
      EXPECT_EQ(op["responses"].get(responses), simdjson::SUCCESS) << m << " " << p << " has no responses";
    }
  }
  const std::vector<std::string> routes = Server::Routes();
  EXPECT_EQ(documented, std::set<std::string>(routes.begin(), routes.end()));
}

}  // namespace
}  // namespace tally
