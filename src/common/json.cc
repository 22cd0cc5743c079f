#include "common/json.h"

#include <cmath>
#include <cstdio>

namespace tally {

void AppendJsonString(std::string* out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    // copy the run of bytes that need no escape in one go
    size_t j = i;
    while (j < s.size() && static_cast<unsigned char>(s[j]) >= 0x20 && s[j] != '"' && s[j] != '\\') ++j;
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
  if (!first_) out_->push_back(',');
  first_ = false;
  AppendJsonString(out_, key);
  out_->push_back(':');
}

JsonObject& JsonObject::Field(std::string_view key, std::string_view value) {
  Key(key);
  AppendJsonString(out_, value);
  return *this;
}

JsonObject& JsonObject::Field(std::string_view key, int64_t value) {
  Key(key);
  out_->append(std::to_string(value));
  return *this;
}

JsonObject& JsonObject::Field(std::string_view key, double value) {
  Key(key);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", std::isfinite(value) ? value : 0.0);
  out_->append(buf);
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

JsonObject& JsonObject::Null(std::string_view key) {
  Key(key);
  out_->append("null");
  return *this;
}

std::string* JsonObject::Raw(std::string_view key) {
  Key(key);
  return out_;
}

}  // namespace tally
