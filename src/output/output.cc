#include "output/output.h"

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
      .Field("best", q.value.best)
      .Field("qualifier", QualifierName(q.qualifier))
      .Field("type", QuantityTypeName(q.type));
  o.Close();
}

void AppendClaimJson(const Claim& c, std::string* out) {
  JsonObject o(out);
  o.Field("doc", c.doc).Field("measure", MeasureName(c.measure));
  std::string* v = o.Raw("value");
  JsonObject value(v);
  value.Field("low", c.value.low).Field("high", c.value.high).Field("best", c.value.best);
  value.Close();
  o.Field("qualifier", QualifierName(c.qualifier))
      .Field("text", c.text)
      .Field("counted", c.counted)
      .Field("party", c.party)
      .Field("location", c.location)
      .Field("source", c.source)
      .Field("source_role", c.source_role);
  std::string* via = o.Raw("via");
  via->push_back('[');
  for (size_t i = 0; i < c.via.size(); ++i) {
    if (i) via->push_back(',');
    AppendJsonString(via, c.via[i]);
  }
  via->push_back(']');
  o.Field("date", c.date);
  std::string* ev = o.Raw("evidence");
  ev->push_back('[');
  for (size_t i = 0; i < c.evidence.size(); ++i) {
    if (i) ev->push_back(',');
    JsonObject e(ev);
    e.Field("start", static_cast<int64_t>(c.evidence[i].begin)).Field("end", static_cast<int64_t>(c.evidence[i].end));
    e.Close();
  }
  ev->push_back(']');
  o.Field("confidence", c.confidence);
  o.Close();
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

}  // namespace tally
