#include "common/json.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace tally {

namespace {

// The bytes a JSON string escapes: control characters, the quote and the backslash.
constexpr std::array<bool, 256> kEscaped = [] {
  std::array<bool, 256> table{};
  for (size_t c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = table['\\'] = true;
  return table;
}();

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    // copy the run of bytes that need no escape in one go
    size_t j = i;
    while (j < s.size() && !kEscaped[static_cast<unsigned char>(s[j])]) ++j;
    out->append(s.data() + i, j - i);
    if (j == s.size()) break;
    const unsigned char c = static_cast<unsigned char>(s[j]);
    i = j + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

void JsonObject::Key(std::string_view key) {
  // a key is most often a short name that escapes nothing: written with its comma, quotes and
  // colon in one append (four appends made most of the cost of a claim's line)
  constexpr size_t kShortKey = 32;
  const bool plain = key.size() <= kShortKey && std::none_of(key.begin(), key.end(), [](char c) {
    return kEscaped[static_cast<unsigned char>(c)];
  });
  if (plain) {
    char buf[kShortKey + 4];
    size_t n = 0;
    if (!first_) buf[n++] = ',';
    buf[n++] = '"';
    std::memcpy(buf + n, key.data(), key.size());
    n += key.size();
    buf[n++] = '"';
    buf[n++] = ':';
    out_->append(buf, n);
  } else {
    if (!first_) out_->push_back(',');
    AppendJsonString(out_, key);
    out_->push_back(':');
  }
  first_ = false;
}

JsonObject& JsonObject::Field(std::string_view key, std::string_view value) {
  Key(key);
  AppendJsonString(out_, value);
  return *this;
}

// Numbers are written with std::to_chars: no allocation and no locale, and for a double with
// two decimals the digits printf's "%.2f" gives, in a tenth of the instructions.
namespace {
void AppendInt(std::string* out, int64_t value) {
  char buf[std::numeric_limits<int64_t>::digits10 + 2];  // digits and sign
  out->append(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
}
}  // namespace

JsonObject& JsonObject::Field(std::string_view key, int64_t value) {
  Key(key);
  AppendInt(out_, value);
  return *this;
}

JsonObject& JsonObject::Field(std::string_view key, double value) {
  Key(key);
  char buf[std::numeric_limits<double>::max_exponent10 + 6];  // every digit, sign, point, 2 decimals
  out_->append(buf, std::to_chars(buf, buf + sizeof buf, std::isfinite(value) ? value : 0.0,
                                  std::chars_format::fixed, 2).ptr);
  return *this;
}

JsonObject& JsonObject::Field(std::string_view key, bool value) {
  Key(key);
  out_->append(value ? "true" : "false");
  return *this;
}

JsonObject& JsonObject::Field(std::string_view key, const std::optional<std::string>& value) {
  if (!value) return Null(key);
  return Field(key, std::string_view(*value));
}

JsonObject& JsonObject::Field(std::string_view key, const std::optional<int64_t>& value) {
  if (!value) return Null(key);
  return Field(key, *value);
}

JsonObject& JsonObject::Field(std::string_view key, const std::vector<std::string>& values) {
  Key(key);
  AppendJsonStrings(out_, values);
  return *this;
}

JsonObject& JsonObject::Null(std::string_view key) {
  Key(key);
  out_->append("null");
  return *this;
}

std::string* JsonObject::Raw(std::string_view key) {
  Key(key);
  return out_;
}

std::string* JsonArray::Next() {
  if (!first_) out_->push_back(',');
  first_ = false;
  return out_;
}

JsonArray& JsonArray::String(std::string_view value) {
  AppendJsonString(Next(), value);
  return *this;
}

JsonArray& JsonArray::Int(int64_t value) {
  AppendInt(Next(), value);
  return *this;
}

void AppendJsonStrings(std::string* out, const std::vector<std::string>& values) {
  JsonArray a(out);
  for (const std::string& v : values) a.String(v);
  a.Close();
}

std::string JsonStrings(const std::vector<std::string>& values) {
  std::string out;
  AppendJsonStrings(&out, values);
  return out;
}

Result<std::vector<std::string>> ParseJsonStrings(std::string_view json) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::array array;
  if (auto err = parser.parse(json.data(), json.size()).get_array().get(array))
    return Status::InvalidInput(std::string("not a JSON array: ") + simdjson::error_message(err));
  std::vector<std::string> out;
  for (simdjson::dom::element e : array) {
    std::string_view s;
    if (e.get_string().get(s)) return Status::InvalidInput("not a JSON array of strings");
    out.emplace_back(s);
  }
  return out;
}

}  // namespace tally
