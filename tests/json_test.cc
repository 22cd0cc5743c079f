// The one JSON writer (common/json.h) and its reader: what it writes, simdjson reads back.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

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

// JsonCursor (the claim line's writer) writes JsonObject's bytes, after what the string held, also
// past its first room (a long escaped string) and for values that are not finite.
TEST(Json, CursorWritesWhatObjectWrites) {
  const std::string long_text = std::string(3000, 'a') + "\"\\\n\r\t\x01\x1f" + std::string(700, '\x02');
  const std::vector<std::string> via = {"x", "quote \" here", ""};
  std::string expected = "held:";
  JsonObject o(&expected);
  o.Field("s", long_text).Field("n", int64_t{-42}).Field("big", int64_t{INT64_MIN}).Field("none", std::optional<int64_t>());
  o.Field("c", 0.975).Field("inf", std::numeric_limits<double>::infinity()).Field("v", via);
  o.Field("o", std::optional<std::string>("y")).Null("z");
  o.Close();
  std::string out = "held:";
  {
    JsonCursor w(&out);
    w.Raw("{\"s\":").String(long_text).Raw(",\"n\":").Int(int64_t{-42}).Raw(",\"big\":").Int(int64_t{INT64_MIN});
    w.Raw(",\"none\":").Int(std::optional<int64_t>()).Raw(",\"c\":").Fixed2(0.975);
    w.Raw(",\"inf\":").Fixed2(std::numeric_limits<double>::infinity()).Raw(",\"v\":").Strings(via);
    w.Raw(",\"o\":").String(std::optional<std::string>("y")).Raw(",\"z\":").StringOrNull("").Raw("}");
  }
  EXPECT_EQ(out, expected);
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
