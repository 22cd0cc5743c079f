#include "serve/api_json.h"

#include "common/json.h"
#include "output/output.h"

namespace tally {
namespace {

// RFC 4180: quoted when it holds a comma, quote or line break; a leading = + - @ is prefixed
// with ' so that a spreadsheet never runs article text as a formula.
void AppendCsvField(std::string* out, std::string_view s) {
  const bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@');
  if (!formula && s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(s);
    return;
  }
  out->push_back('"');
  if (formula) out->push_back('\'');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string OptInt(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); }

}  // namespace

void AppendApiClaim(const LedgerView& v, size_t i, std::string* out) {
  const StoredClaim& sc = v.claims[i];
  JsonObject o(out);
  o.Field("id", sc.id).Field("review", ReviewStateName(sc.review));
  const std::optional<size_t> cluster = v.claim_cluster[i];
  o.Field("cluster", cluster ? std::optional<std::string>(v.reconciliation.clusters[*cluster].id) : std::nullopt);
  o.Field("disagreement", static_cast<bool>(v.claim_disagreement[i]));
  o.Field("resolved_date", v.claim_date[i]);
  AppendClaimJson(sc.claim, o.Raw("claim"));
  o.Close();
}

void AppendApiDocument(const LedgerView& v, size_t d, std::string* out) {
  const StoredDocument& doc = v.docs[d];
  JsonObject o(out);
  o.Field("id", doc.id).Field("title", doc.title).Field("outlet", doc.outlet).Field("date", doc.date);
  o.Field("url", doc.url).Field("language", doc.language).Field("format", doc.format);
  o.Field("bytes", static_cast<int64_t>(doc.text_bytes)).Field("claims", static_cast<int64_t>(v.doc_claim_count[d]));
  o.Close();
}

void AppendAuditRow(const AuditRow& a, std::string* out) {
  JsonObject o(out);
  o.Field("id", a.id).Field("at", a.at).Field("who", a.who).Field("action", a.action).Field("target", a.target);
  // before and after were written by the JSON writer (ReviewableJson) or are null
  o.Raw("before")->append(a.before.empty() ? "null" : a.before);
  o.Raw("after")->append(a.after.empty() ? "null" : a.after);
  o.Field("note", a.note);
  o.Close();
}

void AppendReview(const Review& r, std::string* out) {
  JsonObject o(out);
  o.Field("id", r.id).Field("action", ReviewActionName(r.action)).Field("reviewer", r.reviewer).Field("at", r.at);
  o.Field("note", r.note);
  o.Close();
}

std::string ErrorJson(int status, const std::string& message) {
  std::string out;
  JsonObject o(&out);
  JsonObject e(o.Raw("error"));
  e.Field("status", static_cast<int64_t>(status)).Field("message", message);
  e.Close();
  o.Close();
  out.push_back('\n');
  return out;
}

std::string ClaimsCsv(const LedgerView& v, const std::vector<size_t>& claims) {
  std::string out = "id,doc,measure,low,high,best,qualifier,text,party,source,date,scope,confidence,review,cluster\r\n";
  for (size_t i : claims) {
    const StoredClaim& sc = v.claims[i];
    const Claim& c = sc.claim;
    const std::optional<size_t> cluster = v.claim_cluster[i];
    const std::string fields[] = {std::to_string(sc.id), c.doc, std::string(MeasureName(c.measure)), OptInt(c.value.low),
                                  OptInt(c.value.high), OptInt(c.value.best), std::string(QualifierName(c.qualifier)),
                                  c.text, c.party.value_or(""), c.source.value_or(""), v.claim_date[i].value_or(""),
                                  std::string(ScopeName(c.scope)), std::to_string(c.confidence),
                                  std::string(ReviewStateName(sc.review)),
                                  cluster ? v.reconciliation.clusters[*cluster].id : std::string()};
    for (size_t f = 0; f < std::size(fields); ++f) {
      if (f) out.push_back(',');
      AppendCsvField(&out, fields[f]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace tally
