// JSON in tally: this writer is the only code that writes JSON (every command's output, the
// ledger's stored columns), and simdjson the only code that reads it. Strings are escaped per
// RFC 8259; invalid UTF-8 never reaches here (ingest rejects it).
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/status.h"

namespace tally {

void AppendJsonString(std::string* out, std::string_view s);

// Builds one JSON object into a string. Usage: JsonObject o(&s); o.Field("a", 1); o.Close();
class JsonObject {
 public:
  explicit JsonObject(std::string* out) : out_(out) { out_->push_back('{'); }
  JsonObject& Field(std::string_view key, std::string_view value);
  JsonObject& Field(std::string_view key, const char* value) { return Field(key, std::string_view(value)); }
  JsonObject& Field(std::string_view key, const std::string& value) { return Field(key, std::string_view(value)); }
  JsonObject& Field(std::string_view key, int64_t value);
  JsonObject& Field(std::string_view key, double value);
  JsonObject& Field(std::string_view key, bool value);
  JsonObject& Field(std::string_view key, const std::optional<std::string>& value);
  JsonObject& Field(std::string_view key, const std::optional<int64_t>& value);
  JsonObject& Field(std::string_view key, const std::vector<std::string>& values);  // an array of strings
  JsonObject& Null(std::string_view key);
  // Writes the key and returns the buffer, for a nested value the caller appends.
  std::string* Raw(std::string_view key);
  void Close() { out_->push_back('}'); }

 private:
  void Key(std::string_view key);
  std::string* out_;
  bool first_ = true;
};

// Builds one JSON array. Usage: JsonArray a(&s); a.String("x"); JsonObject o(a.Next()); ...; a.Close();
class JsonArray {
 public:
  explicit JsonArray(std::string* out) : out_(out) { out_->push_back('['); }
  // Writes the separator and returns the buffer, for an element the caller appends.
  std::string* Next();
  JsonArray& String(std::string_view value);
  JsonArray& Int(int64_t value);
  void Close() { out_->push_back(']'); }

 private:
  std::string* out_;
  bool first_ = true;
};

// Writes JSON into a string through a pointer, growing it seldom: for a line written very often
// (a claim: src/output), where JsonObject's appends, each checking and maybe growing the string,
// cost several times the bytes they write. Writes exactly what JsonObject writes for the same
// values. Raw bytes (keys with their quotes, commas, braces) are written as given and must be
// valid JSON. The string holds garbage after what was written until Finish (or the destructor)
// trims it; nothing else may touch the string in between.
class JsonCursor {
 public:
  explicit JsonCursor(std::string* out) : out_(out), at_(out->data() + out->size()), end_(at_) {}
  ~JsonCursor() { Finish(); }
  JsonCursor(const JsonCursor&) = delete;
  JsonCursor& operator=(const JsonCursor&) = delete;

  JsonCursor& Raw(std::string_view s) {
    Need(s.size());
    std::memcpy(at_, s.data(), s.size());
    at_ += s.size();
    return *this;
  }
  JsonCursor& String(std::string_view s);  // quoted and escaped, as AppendJsonString
  JsonCursor& String(const std::string& s) { return String(std::string_view(s)); }
  JsonCursor& String(const std::optional<std::string>& s) { return s ? String(std::string_view(*s)) : Null(); }
  JsonCursor& StringOrNull(std::string_view s) { return s.empty() ? Null() : String(s); }  // null for ""
  JsonCursor& Strings(const std::vector<std::string>& values);  // as AppendJsonStrings
  JsonCursor& Int(int64_t value);
  JsonCursor& Int(const std::optional<int64_t>& value) { return value ? Int(*value) : Null(); }
  JsonCursor& Fixed2(double value);  // as JsonObject::Field(key, double)
  JsonCursor& Null() { return Raw("null"); }
  void Finish() { out_->resize(static_cast<size_t>(at_ - out_->data())); end_ = at_; }

 private:
  // Room for n more bytes after at_.
  void Need(size_t n) {
    if (n > static_cast<size_t>(end_ - at_)) Grow(n);
  }
  void Grow(size_t n);
  std::string* out_;
  char* at_;   // the next byte written
  char* end_;  // the end of the room
};

// ["a","b"]: a whole array of strings.
void AppendJsonStrings(std::string* out, const std::vector<std::string>& values);
std::string JsonStrings(const std::vector<std::string>& values);

// Reads what JsonStrings wrote; an error for anything but an array of strings.
Result<std::vector<std::string>> ParseJsonStrings(std::string_view json);

}  // namespace tally
