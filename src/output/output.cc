#include "output/output.h"

#include <algorithm>

#include "common/json.h"

namespace tally {

void AppendQuantityJson(const Document& doc, const Quantity& q, std::string* out) {
  JsonObject o(out);
  o.Field("doc", doc.id)
      .Field("start", static_cast<int64_t>(q.begin))
      .Field("end", static_cast<int64_t>(q.end))
      .Field("text", doc.View({q.begin, q.end}))
      .Field("low", q.value.low)
      .Field("high", q.value.high)
      .Field("best", q.value.best);
  if (q.written) *o.Raw("value") += DecimalText(*q.written);
  else o.Null("value");
  if (q.written_low) *o.Raw("value_low") += DecimalText(*q.written_low);
  if (q.written_high) *o.Raw("value_high") += DecimalText(*q.written_high);
  o.Field("qualifier", QualifierName(q.qualifier)).Field("type", QuantityTypeName(q.type));
  if (q.open_low) o.Field("open_low", true);
  if (q.open_high) o.Field("open_high", true);
  if (q.partitive) o.Field("partitive", true);
  o.Close();
}

void AppendTollJson(const Toll& t, std::string* out) {
  JsonObject o(out);
  o.Field("doc", t.doc).Field("toll", MeasureName(t.measure));
  std::string* v = o.Raw("value");
  JsonObject value(v);
  value.Field("low", t.value.low).Field("high", t.value.high).Field("best", t.value.best);
  value.Close();
  o.Field("qualifier", QualifierName(t.qualifier)).Field("victims", t.victims).Field("perpetrators", t.perpetrators);
  std::string* claims = o.Raw("claims");
  claims->push_back('[');
  for (size_t i = 0; i < t.claims.size(); ++i) {
    if (i) claims->push_back(',');
    *claims += std::to_string(t.claims[i]);
  }
  claims->push_back(']');
  o.Field("confidence", t.confidence);
  if (t.reviewed) o.Field("reviewed", true);  // recomputed from reviewed claims (src/review)
  o.Close();
}

// Written through a cursor: a claim line is about 400 bytes in 25 fields, and JsonObject's appends
// cost about 6,000 instructions a claim (6 % of extract's). The keys and the punctuation between
// the values are written as one piece each; the bytes are those JsonObject wrote.
void AppendClaimJson(const Claim& c, std::string* out) {
  JsonCursor w(out);
  w.Raw("{\"doc\":").String(c.doc).Raw(",\"measure\":").String(MeasureName(c.measure));
  w.Raw(",\"value\":{\"low\":").Int(c.value.low).Raw(",\"high\":").Int(c.value.high);
  w.Raw(",\"best\":").Int(c.value.best).Raw("}");
  w.Raw(",\"qualifier\":").String(QualifierName(c.qualifier)).Raw(",\"text\":").String(c.text);
  w.Raw(",\"counted\":").String(c.counted).Raw(",\"party\":").String(c.party);
  w.Raw(",\"location\":").String(c.location).Raw(",\"source\":").String(c.source);
  w.Raw(",\"source_role\":").String(c.source_role).Raw(",\"via\":").Strings(c.via);
  w.Raw(",\"date\":").String(c.date).Raw(",\"evidence\":[");
  for (size_t i = 0; i < c.evidence.size(); ++i) {
    w.Raw(i ? ",{\"start\":" : "{\"start\":").Int(static_cast<int64_t>(c.evidence[i].begin));
    w.Raw(",\"end\":").Int(static_cast<int64_t>(c.evidence[i].end)).Raw("}");
  }
  w.Raw("],\"confidence\":").Fixed2(c.confidence).Raw(",\"scope\":").String(ScopeName(c.scope));
  w.Raw(",\"counted_role\":").StringOrNull(CountedRoleName(c.counted_role));
  w.Raw(",\"derived\":").StringOrNull(DerivedName(c.derived)).Raw(",\"rule\":").StringOrNull(c.rule);
  w.Raw("}");
}

std::string RenderClean(const Document& doc, bool show) {
  std::string out;
  size_t at = 0;
  for (const SkippedSpan& s : doc.skipped) {
    out.append(doc.text, at, s.span.begin - at);
    if (show) {
      out += "[-";
      out += s.reason;
      out += ": ";
      out.append(doc.text, s.span.begin, s.span.size());
      out += "-]";
    }
    at = s.span.end;
  }
  out.append(doc.text, at, std::string::npos);
  return out;
}

namespace {

std::string ValueText(const Claim& c) {
  if (c.value.best) return std::to_string(*c.value.best);
  auto v = [](const std::optional<int64_t>& x) { return x ? std::to_string(*x) : std::string("?"); };
  return v(c.value.low) + "-" + v(c.value.high);
}

}  // namespace

std::string RenderAnnotated(const Document& doc, const std::vector<Claim>& claims) {
  struct Mark {
    uint32_t at;
    std::string text;
  };
  std::vector<Mark> marks;
  for (const Claim& c : claims) {
    std::string m = " [[" + std::string(MeasureName(c.measure)) + " " + std::string(QualifierName(c.qualifier)) + " " +
                    ValueText(c);
    if (c.source) m += " | src: " + *c.source;
    if (!c.via.empty()) {
      m += " via";
      for (const std::string& v : c.via) m += " " + v + ";";
      m.pop_back();
    }
    if (c.party) m += " | party: " + *c.party;
    if (c.date) m += " | " + *c.date;
    for (size_t i = 0; i < c.evidence.size(); ++i)
      marks.push_back({c.evidence[i].end, m + (i ? " (again)]]" : "]]")});
  }
  std::stable_sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) { return a.at < b.at; });
  std::string out;
  size_t at = 0, mark = 0, skip = 0;
  const std::string& t = doc.text;
  while (at < t.size()) {
    if (skip < doc.skipped.size() && doc.skipped[skip].span.begin <= at) {
      at = std::max<size_t>(at, doc.skipped[skip].span.end);
      ++skip;
      continue;
    }
    size_t next = t.size();
    if (skip < doc.skipped.size()) next = std::min<size_t>(next, doc.skipped[skip].span.begin);
    while (mark < marks.size() && marks[mark].at <= at) out += marks[mark++].text;
    if (mark < marks.size()) next = std::min<size_t>(next, marks[mark].at);
    out.append(t, at, next - at);
    at = next;
  }
  while (mark < marks.size()) out += marks[mark++].text;
  return out;
}

std::string RenderSpans(const Document& doc) {
  std::string out;
  auto line = [&](uint32_t b, uint32_t e, bool kept, std::string_view reason) {
    if (b >= e) return;
    JsonObject o(&out);
    o.Field("doc", doc.id).Field("start", static_cast<int64_t>(b)).Field("end", static_cast<int64_t>(e)).Field("kept", kept);
    if (kept) o.Null("reason");
    else o.Field("reason", reason);
    o.Close();
    out.push_back('\n');
  };
  uint32_t at = 0;
  for (const SkippedSpan& s : doc.skipped) {
    line(at, s.span.begin, true, {});
    line(s.span.begin, s.span.end, false, s.reason);
    at = s.span.end;
  }
  line(at, static_cast<uint32_t>(doc.text.size()), true, {});
  return out;
}

std::string RenderMetaJson(const Document& doc) {
  std::string out;
  JsonObject o(&out);
  auto text = [&](std::string_view key, const std::string& value) {
    if (value.empty()) o.Null(key);
    else o.Field(key, value);
  };
  // fields without a column of their own are in the metadata, as raw JSON
  auto from_metadata = [&](std::string_view key) {
    for (const auto& [k, v] : doc.metadata)
      if (k == key) return (void)(*o.Raw(key) += v);
    o.Null(key);
  };
  o.Field("id", doc.id);
  text("title", doc.title);
  from_metadata("author");
  text("published", doc.date);
  from_metadata("modified");
  text("outlet", doc.outlet);
  text("url", doc.url);
  text("language", doc.language);
  o.Close();
  out.push_back('\n');
  return out;
}

}  // namespace tally
