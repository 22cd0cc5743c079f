// The one JSON writer (common/json.h) and its reader: what it writes, simdjson reads back.
#include <gtest/gtest.h>

#include "common/json.h"

namespace tally {
namespace {

TEST(Json, ObjectsAndArraysNest) {
  std::string out;
  JsonObject o(&out);
  o.Field("name", "a \"quoted\" word").Field("n", int64_t{3}).Field("none", std::optional<int64_t>());
  o.Field("tags", std::vector<std::string>{"x", "y"});
  JsonArray spans(o.Raw("spans"));
  JsonObject s(spans.Next());
  s.Field("start", int64_t{1});
  s.Close();
  spans.Int(7);
  spans.Close();
  o.Close();
  EXPECT_EQ(out, R"({"name":"a \"quoted\" word","n":3,"none":null,"tags":["x","y"],"spans":[{"start":1},7]})");
}

TEST(Json, StringArraysRoundTripEveryCharacter) {
  const std::vector<std::string> values = {"", "plain", "quote \" and \\ backslash", "line\nbreak\ttab\x01",
                                           "ministère de l'Intérieur", "\xE2\x80\x94 dash"};
  Result<std::vector<std::string>> back = ParseJsonStrings(JsonStrings(values));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, values);
  EXPECT_EQ(JsonStrings({}), "[]");
}

TEST(Json, ReadingSomethingElseIsAnError) {
  EXPECT_FALSE(ParseJsonStrings("[\"a\", 2]").ok());
  EXPECT_FALSE(ParseJsonStrings("{\"a\": 1}").ok());
  EXPECT_FALSE(ParseJsonStrings("[\"unterminated").ok());
}

}  // namespace
}  // namespace tally
