// Writing JSON: a small streaming writer for one-object-a-line output (JSONL).
// Strings are escaped per RFC 8259; invalid UTF-8 never reaches here (ingest rejects it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
  JsonObject& Null(std::string_view key);
  // Writes the key and returns the buffer, for a nested value the caller appends.
  std::string* Raw(std::string_view key);
  void Close() { out_->push_back('}'); }

 private:
  void Key(std::string_view key);
  std::string* out_;
  bool first_ = true;
};

}  // namespace tally
