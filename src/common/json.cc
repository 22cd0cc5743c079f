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

// The escape of a byte kEscaped marks, written at out (room for 6 bytes); returns its length.
size_t WriteEscape(unsigned char c, char* out) {
  static const char kHex[] = "0123456789abcdef";
  out[0] = '\\';
  switch (c) {
    case '"': out[1] = '"'; return 2;
    case '\\': out[1] = '\\'; return 2;
    case '\n': out[1] = 'n'; return 2;
    case '\r': out[1] = 'r'; return 2;
    case '\t': out[1] = 't'; return 2;
    default:
      std::memcpy(out + 1, "u00", 3);
      out[4] = kHex[c >> 4];
      out[5] = kHex[c & 15];
      return 6;
  }
}

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    // copy the run of bytes that need no escape in one go
    size_t j = i;
    while (j < s.size() && !kEscaped[static_cast<unsigned char>(s[j])]) ++j;
    out->append(s.data() + i, j - i);
    if (j == s.size()) break;
    char escape[6];
    out->append(escape, WriteEscape(static_cast<unsigned char>(s[j]), escape));
    i = j + 1;
  }
  out->push_back('"');
}

JsonCursor& JsonCursor::String(std::string_view s) {
  Need(2 + 6 * s.size());  // every byte escaped at worst
  *at_++ = '"';
  for (size_t i = 0; i < s.size();) {
    size_t j = i;
    while (j < s.size() && !kEscaped[static_cast<unsigned char>(s[j])]) ++j;
    std::memcpy(at_, s.data() + i, j - i);
    at_ += j - i;
    if (j == s.size()) break;
    at_ += WriteEscape(static_cast<unsigned char>(s[j]), at_);
    i = j + 1;
  }
  *at_++ = '"';
  return *this;
}

JsonCursor& JsonCursor::Strings(const std::vector<std::string>& values) {
  Raw("[");
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) Raw(",");
    String(values[i]);
  }
  return Raw("]");
}

void JsonCursor::Grow(size_t n) {
  // the room is the string's own bytes past what was written: resize keeps them, and the
  // capacity a string keeps after Finish makes the next line's room cheap
  constexpr size_t kLeast = 512;
  const size_t used = static_cast<size_t>(at_ - out_->data());
  out_->resize(std::max(used + std::max(n, kLeast), out_->size()));
  at_ = out_->data() + used;
  end_ = out_->data() + out_->size();
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
constexpr size_t kIntBytes = std::numeric_limits<int64_t>::digits10 + 2;  // digits and sign
constexpr size_t kFixed2Bytes = std::numeric_limits<double>::max_exponent10 + 6;  // every digit, sign, point, 2 decimals

void AppendInt(std::string* out, int64_t value) {
  char buf[kIntBytes];
  out->append(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
}

}  // namespace

JsonObject& JsonObject::Field(std::string_view key, int64_t value) {
  Key(key);
  AppendInt(out_, value);
  return *this;
}

namespace {

// A double with two decimals; a value that is not finite is written as 0.00.
std::string_view Fixed2Text(double value, char (&buf)[kFixed2Bytes]) {
  return {buf, static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, std::isfinite(value) ? value : 0.0,
                                                 std::chars_format::fixed, 2).ptr - buf)};
}

}  // namespace

JsonObject& JsonObject::Field(std::string_view key, double value) {
  Key(key);
  char buf[kFixed2Bytes];
  out_->append(Fixed2Text(value, buf));
  return *this;
}

JsonCursor& JsonCursor::Fixed2(double value) {
  char buf[kFixed2Bytes];
  return Raw(Fixed2Text(value, buf));
}

JsonCursor& JsonCursor::Int(int64_t value) {
  Need(kIntBytes);
  at_ = std::to_chars(at_, at_ + kIntBytes, value).ptr;
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
