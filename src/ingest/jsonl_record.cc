// One JSONL line -> RawDocument, with simdjson's DOM parser.
#include <simdjson.h>

#include "common/text.h"
#include "ingest/ingest.h"

namespace tally {

namespace {

// owned: the line itself, padded, parsed in place and given back once parsed (the parsed
// document holds its own copy of every string).
Result<RawDocument> ParseRecord(simdjson::dom::parser& parser, std::string_view line, const std::string& origin,
                                std::string* owned) {
  simdjson::dom::element root;
  const auto error = parser.parse(line.data(), line.size(), owned == nullptr).get(root);
  if (owned) std::string().swap(*owned);
  if (error)
    return Status::InvalidInput(std::string("not JSON: ") + simdjson::error_message(error));
  simdjson::dom::object obj;
  if (root.get_object().get(obj)) return Status::InvalidInput("not a JSON object");

  RawDocument doc;
  doc.origin = origin;
  bool has_text = false, has_html = false;
  std::string text, html;
  for (auto field : obj) {
    std::string_view key = field.key;
    simdjson::dom::element v = field.value;
    auto string_field = [&](std::string* out) -> Status {
      std::string_view s;
      if (v.is_null()) return Status::Ok();
      if (v.get_string().get(s)) return Status::InvalidInput("field \"" + std::string(key) + "\" must be a string");
      *out = std::string(s);
      return Status::Ok();
    };
    Status s;
    if (key == "id") {
      if (v.is_string()) doc.id = std::string(std::string_view(v));
      else if (v.is_int64()) doc.id = std::to_string(int64_t(v));
      else if (v.is_uint64()) doc.id = std::to_string(uint64_t(v));
      else return Status::InvalidInput("field \"id\" must be a string or a whole number");
    } else if (key == "text") {
      s = string_field(&text);
      has_text = !text.empty();
    } else if (key == "html") {
      s = string_field(&html);
      has_html = !html.empty();
    } else if (key == "url") {
      s = string_field(&doc.url);
    } else if (key == "title") {
      s = string_field(&doc.title);
    } else if (key == "outlet") {
      s = string_field(&doc.outlet);
    } else if (key == "date") {
      s = string_field(&doc.date);
    } else if (key == "language") {
      s = string_field(&doc.language);
    } else {
      doc.metadata.emplace_back(std::string(key), simdjson::minify(v));
    }
    if (!s.ok()) return s;
  }
  if (doc.id.empty()) return Status::InvalidInput("missing \"id\"");
  if (!has_text && !has_html) return Status::InvalidInput("record \"" + doc.id + "\" has neither \"text\" nor \"html\"");
  if (has_text) {
    doc.format = Format::kText;
    doc.bytes = std::move(text);
  } else {
    doc.format = Format::kHtml;
    doc.bytes = std::move(html);
  }
  if (doc.bytes.find('\0') != std::string::npos) return Status::InvalidInput("record \"" + doc.id + "\" contains a NUL character");
  return doc;
}

// A parser's buffers grow to the largest record it has read; past this they are given back.
constexpr size_t kParserCapacityKept = size_t{4} << 20;

// One parser per thread: it keeps its buffers between lines, up to kParserCapacityKept.
simdjson::dom::parser& Parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

void Trim(simdjson::dom::parser& parser) {
  if (parser.capacity() > kParserCapacityKept) parser = simdjson::dom::parser();
}

}  // namespace

Result<RawDocument> ParseJsonlRecord(std::string_view line, const std::string& origin) {
  Result<RawDocument> doc = ParseRecord(Parser(), line, origin, nullptr);
  Trim(Parser());
  return doc;
}

Result<RawDocument> ParseJsonlRecord(std::string&& line, const std::string& origin) {
  if (line.capacity() < line.size() + simdjson::SIMDJSON_PADDING) line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
  Result<RawDocument> doc = ParseRecord(Parser(), line, origin, &line);
  Trim(Parser());
  return doc;
}

}  // namespace tally
