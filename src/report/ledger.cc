#include <algorithm>
#include <cstdio>
#include <map>

#include "common/json.h"
#include "report/report.h"

namespace tally {
namespace {

std::string Plain(const std::optional<std::string>& s, const char* none = "") { return s ? *s : none; }

std::string Via(const std::vector<std::string>& via) {
  std::string out;
  for (const std::string& v : via) out += (out.empty() ? "" : "; ") + v;
  return out;
}

std::string Number(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : ""; }

// Cuts s to n display columns (UTF-8 aware), with an ellipsis when cut.
std::string Fit(const std::string& s, size_t n) {
  std::string out;
  size_t cols = 0, i = 0;
  while (i < s.size()) {
    size_t len = 1;
    const unsigned char c = s[i];
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    if (cols + 1 > n) {
      // replace the last column with an ellipsis
      while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
      if (!out.empty()) out.pop_back();
      return out + "\xE2\x80\xA6";
    }
    out.append(s, i, len);
    i += len;
    ++cols;
  }
  return out + std::string(n - cols, ' ');
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::vector<LedgerRow> LedgerRows(const LedgerInput& in) {
  const Reconciliation& r = in.reconciliation;
  std::map<std::pair<std::string, int>, bool> disagrees;
  for (const Series& s : r.timeline)
    for (const TimelinePoint& p : s.points)
      if (p.disagreement) disagrees[{s.party.value_or(""), static_cast<int>(s.measure)}] = true;
  std::vector<LedgerRow> rows;
  for (const Cluster& c : r.clusters) {
    const size_t first = c.members.front();
    const Claim& cl = in.claims[first].claim;
    LedgerRow row;
    row.party = c.party;
    row.measure = c.measure;
    row.text = cl.text;
    row.qualifier = cl.qualifier;
    row.value = cl.value;
    row.source = c.source;
    row.via = cl.via;
    row.outlets = c.outlets;
    for (size_t m : c.members) {
      const Claim& mc = in.claims[m].claim;
      if (std::find(row.docs.begin(), row.docs.end(), mc.doc) == row.docs.end()) row.docs.push_back(mc.doc);
      if (!row.role && mc.source_role) row.role = mc.source_role;
      if (r.claim_date[m] && (!row.date || *r.claim_date[m] < *row.date)) row.date = r.claim_date[m];
    }
    row.disagreement = disagrees[{row.party.value_or(""), static_cast<int>(row.measure)}];
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const LedgerRow& a, const LedgerRow& b) {
    // named parties first, alphabetically; then measures in spec order; then dates, undated last
    if (a.party.has_value() != b.party.has_value()) return a.party.has_value();
    if (a.party != b.party) return a.party < b.party;
    if (a.measure != b.measure) return a.measure < b.measure;
    return a.date.value_or("~") < b.date.value_or("~");
  });
  return rows;
}

std::string LedgerText(const std::vector<LedgerRow>& rows, bool colour) {
  const char* bold = colour ? "\x1b[1m" : "";
  const char* red = colour ? "\x1b[31m" : "";
  const char* dim = colour ? "\x1b[2m" : "";
  const char* reset = colour ? "\x1b[0m" : "";
  std::string out;
  std::string group;
  for (const LedgerRow& row : rows) {
    std::string g = Plain(row.party, "(no party)") + " \xE2\x80\x94 " + std::string(MeasureName(row.measure));
    if (g != group) {
      if (!group.empty()) out += "\n";
      out += std::string(bold) + g + reset;
      if (row.disagreement) out += std::string("  ") + red + "sources disagree" + reset;
      out += "\n";
      group = g;
    }
    std::string who = Plain(row.source, "(no source)");
    if (!row.via.empty()) who += " \xE2\x86\x92 " + Via(row.via);
    char outlets[16];
    std::snprintf(outlets, sizeof outlets, "%2d outlet%s", row.outlets, row.outlets == 1 ? "" : "s");
    // 2 + 22 + 1 + 10 + 1 + 38 + 1 + 10 + 1 + 11 = 97 columns
    out += "  " + Fit(row.text, 22) + " " + Fit(std::string(QualifierName(row.qualifier)), 10) + " " + Fit(who, 38) + " " +
           dim + Fit(Plain(row.date, "undated"), 10) + reset + " " + outlets + "\n";
  }
  return out;
}

std::string LedgerCsv(const std::vector<LedgerRow>& rows) {
  std::string out = "party,measure,text,qualifier,low,best,high,source,source_role,via,date,outlets,docs\r\n";
  for (const LedgerRow& r : rows) {
    std::string docs;
    for (const std::string& d : r.docs) docs += (docs.empty() ? "" : " ") + d;
    const std::string fields[] = {Plain(r.party), std::string(MeasureName(r.measure)), r.text,
                                  std::string(QualifierName(r.qualifier)), Number(r.value.low), Number(r.value.best),
                                  Number(r.value.high), Plain(r.source), Plain(r.role), Via(r.via), Plain(r.date),
                                  std::to_string(r.outlets), docs};
    for (size_t i = 0; i < std::size(fields); ++i) out += (i ? "," : "") + CsvField(fields[i]);
    out += "\r\n";
  }
  return out;
}

std::string TollCsv(const std::vector<StoredDocument>& docs, const std::vector<Toll>& tolls) {
  std::map<std::string_view, const StoredDocument*> by_id;
  for (const StoredDocument& d : docs) by_id[d.id] = &d;
  std::string out = "doc,outlet,date,title,measure,qualifier,low,best,high,victims,perpetrators,claims,confidence\r\n";
  for (const Toll& t : tolls) {
    auto it = by_id.find(t.doc);
    const StoredDocument* d = it == by_id.end() ? nullptr : it->second;
    std::string claims;
    for (size_t i : t.claims) claims += (claims.empty() ? "" : " ") + std::to_string(i);
    char confidence[16];
    std::snprintf(confidence, sizeof confidence, "%.2f", t.confidence);
    const std::string fields[] = {t.doc, d ? d->outlet : "", d ? d->date : "", d ? d->title : "",
                                  std::string(MeasureName(t.measure)), std::string(QualifierName(t.qualifier)),
                                  Number(t.value.low), Number(t.value.best), Number(t.value.high), Number(t.victims),
                                  Number(t.perpetrators), claims, confidence};
    for (size_t i = 0; i < std::size(fields); ++i) out += (i ? "," : "") + CsvField(fields[i]);
    out += "\r\n";
  }
  return out;
}

std::string LedgerJson(const std::vector<LedgerRow>& rows, bool lines) {
  std::string out = lines ? "" : "[";
  for (size_t i = 0; i < rows.size(); ++i) {
    const LedgerRow& r = rows[i];
    if (!lines && i) out += ",";
    JsonObject o(&out);
    o.Field("party", r.party).Field("measure", MeasureName(r.measure)).Field("text", r.text);
    o.Field("qualifier", QualifierName(r.qualifier));
    JsonObject v(o.Raw("value"));
    v.Field("low", r.value.low).Field("high", r.value.high).Field("best", r.value.best);
    v.Close();
    o.Field("source", r.source).Field("source_role", r.role);
    std::string* via = o.Raw("via");
    via->push_back('[');
    for (size_t k = 0; k < r.via.size(); ++k) {
      if (k) via->push_back(',');
      AppendJsonString(via, r.via[k]);
    }
    via->push_back(']');
    o.Field("date", r.date).Field("outlets", static_cast<int64_t>(r.outlets)).Field("disagreement", r.disagreement);
    std::string* docs = o.Raw("docs");
    docs->push_back('[');
    for (size_t k = 0; k < r.docs.size(); ++k) {
      if (k) docs->push_back(',');
      AppendJsonString(docs, r.docs[k]);
    }
    docs->push_back(']');
    o.Close();
    if (lines) out += "\n";
  }
  if (!lines) out += "]\n";
  return out;
}

}  // namespace tally
