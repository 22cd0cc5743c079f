#include <algorithm>
#include <cstdio>
#include <map>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "common/json.h"
#include "common/text.h"
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

std::string Confidence(double c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", c);
  return buf;
}

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

bool IsWholeNumber(const std::string& s) {
  const size_t digits = s.size() - (!s.empty() && s[0] == '-');
  return digits > 0 && s.find_first_not_of("0123456789", s.size() - digits) == std::string::npos;
}

// A cell a spreadsheet would read as a formula (=, +, -, @, tab or CR first; a file name, outlet
// or source can be anything) is neutralised the way OWASP advises: a leading ' and quotes.
bool CouldStartFormula(const std::string& s) {
  return !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos && !IsWholeNumber(s);
}

std::string CsvField(const std::string& s) {
  const bool formula = CouldStartFormula(s);
  if (!formula && s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = formula ? "\"'" : "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The sentence around span: from the end of the previous sentence or line to the end of this one.
std::string SentenceAround(std::string_view text, Span span) {
  constexpr size_t kMaxBytes = 600;  // a run-on paragraph is cut, not copied whole
  if (span.end > text.size() || span.begin >= span.end) return {};
  size_t begin = span.begin, end = span.end;
  auto stop_before = [&](size_t i) { return text[i - 1] == '\n' || (i >= 2 && text[i - 1] == ' ' && text[i - 2] == '.'); };
  while (begin > 0 && span.begin - begin < kMaxBytes && !stop_before(begin)) --begin;
  while (end < text.size() && end - span.end < kMaxBytes && text[end] != '\n' &&
         !(text[end] == '.' && (end + 1 == text.size() || text[end + 1] == ' ' || text[end + 1] == '\n')))
    ++end;
  if (end < text.size() && text[end] == '.') ++end;
  // never cut a UTF-8 character
  while (begin < span.begin && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) ++begin;
  while (end > span.end && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(TrimSpaces(text.substr(begin, end - begin)));
}

// Which review state a row shows when its claims differ: what most needs a person's eye first.
int ReviewRank(ReviewState s) {
  switch (s) {
    case ReviewState::kFlagged: return 3;
    case ReviewState::kCorrected: return 2;
    case ReviewState::kAccepted: return 1;
    case ReviewState::kUnreviewed:
    case ReviewState::kRejected: break;
  }
  return 0;
}

// The figure a row shows on a terminal: as written, unless a person corrected it (the words no
// longer say it); a person's mark after it.
std::string ShownFigure(const LedgerRow& row) {
  std::string figure = row.text;
  if (row.review == ReviewState::kCorrected || row.review == ReviewState::kFlagged) {
    const std::optional<int64_t> v = row.value.best ? row.value.best : row.value.low ? row.value.low : row.value.high;
    if (v) figure = std::to_string(*v);
  }
  if (row.review == ReviewState::kAccepted || row.review == ReviewState::kCorrected) figure += " \xE2\x9C\x93";  // ✓
  if (row.review == ReviewState::kFlagged) figure += " ?";
  return figure;
}

}  // namespace

std::vector<LedgerRow> LedgerRows(const LedgerInput& in) {
  const Reconciliation& r = in.reconciliation;
  std::map<std::pair<std::string, int>, bool> disagrees;
  for (const Series& s : r.timeline)
    for (const TimelinePoint& p : s.points)
      if (p.disagreement) disagrees[{s.party.value_or(""), static_cast<int>(s.measure)}] = true;
  std::map<std::string_view, const StoredDocument*> doc_of;
  for (const StoredDocument& d : in.docs) doc_of[d.id] = &d;
  // the rows whose evidence is read from a text handed over later: document -> (row, span)
  std::unordered_map<std::string_view, std::vector<std::pair<size_t, Span>>> quote;
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
    row.location = cl.location;
    row.confidence = cl.confidence;
    if (!cl.evidence.empty()) row.evidence_start = cl.evidence.front().begin;
    if (auto d = doc_of.find(cl.doc); d != doc_of.end()) {
      row.url = d->second->url;
      if (!cl.evidence.empty()) {
        if (in.texts && d->second->text.empty() && d->second->text_bytes > 0)
          quote[d->first].push_back({rows.size(), cl.evidence.front()});
        else
          row.evidence = SentenceAround(d->second->text, cl.evidence.front());
      }
    }
    for (size_t m : c.members) {
      const Claim& mc = in.claims[m].claim;
      if (std::find(row.docs.begin(), row.docs.end(), mc.doc) == row.docs.end()) row.docs.push_back(mc.doc);
      if (!row.role && mc.source_role) row.role = mc.source_role;
      if (r.claim_date[m] && (!row.date || *r.claim_date[m] < *row.date)) row.date = r.claim_date[m];
      if (ReviewRank(in.claims[m].review) > ReviewRank(row.review)) row.review = in.claims[m].review;
    }
    row.disagreement = disagrees[{row.party.value_or(""), static_cast<int>(row.measure)}];
    rows.push_back(std::move(row));
  }
  if (!quote.empty())
    in.texts([&](std::string_view id, std::string_view text) {
      if (auto it = quote.find(id); it != quote.end())
        for (const auto& [row, span] : it->second) rows[row].evidence = SentenceAround(text, span);
    });
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
    out += "  " + Fit(ShownFigure(row), 22) + " " + Fit(std::string(QualifierName(row.qualifier)), 10) + " " + Fit(who, 38) + " " +
           dim + Fit(Plain(row.date, "undated"), 10) + reset + " " + outlets + "\n";
  }
  return out;
}

std::string LedgerLegend(const std::vector<LedgerRow>& rows) {
  bool no_party = false, no_source = false, disagree = false, confirmed = false, flagged = false;
  std::vector<Qualifier> qualifiers;
  for (const LedgerRow& r : rows) {
    no_party |= !r.party;
    no_source |= !r.source;
    disagree |= r.disagreement;
    confirmed |= r.review == ReviewState::kAccepted || r.review == ReviewState::kCorrected;
    flagged |= r.review == ReviewState::kFlagged;
    if (std::find(qualifiers.begin(), qualifiers.end(), r.qualifier) == qualifiers.end()) qualifiers.push_back(r.qualifier);
  }
  std::sort(qualifiers.begin(), qualifiers.end());
  std::vector<std::string> terms;
  if (no_party) terms.push_back("(no party) = no country or group named for the counted");
  if (no_source) terms.push_back("(no source) = attributed to no one");
  if (disagree) terms.push_back("sources disagree = two sources' figures cannot both be true on some date");
  if (!rows.empty()) terms.push_back("N outlets = distinct outlets carrying the figure");
  if (confirmed) terms.push_back("\xE2\x9C\x93 = a person confirmed the figure (accepted it, or corrected it to the number shown)");
  if (flagged) terms.push_back("? = the extractor now reads the text otherwise than the reviewer saw: review it again");
  for (Qualifier q : qualifiers) {
    switch (q) {
      case Qualifier::kExact: break;
      case Qualifier::kApprox: terms.push_back("approx = about N"); break;
      case Qualifier::kAtLeast: terms.push_back("at_least = N or more"); break;
      case Qualifier::kMoreThan: terms.push_back("more_than = over N"); break;
      case Qualifier::kAtMost: terms.push_back("at_most = up to N"); break;
      case Qualifier::kLessThan: terms.push_back("less_than = under N"); break;
      case Qualifier::kRange: terms.push_back("range = between two figures"); break;
      case Qualifier::kVague: terms.push_back("vague = \"dozens\", \"hundreds\": a span by convention"); break;
    }
  }
  if (terms.empty()) return {};
  terms.back() += " (docs/format.md)";
  // wrapped at the text's 97 columns, one term never split
  constexpr size_t kColumns = 97;
  std::string out = "\nlegend:", line;
  for (size_t i = 0; i < terms.size(); ++i) {
    const std::string term = terms[i] + (i + 1 < terms.size() ? ";" : "");
    if (!line.empty() && line.size() + 1 + term.size() > kColumns) {
      out += line + "\n";
      line = "       ";
    }
    line += " " + term;
  }
  return out + line + "\n";
}

std::string LedgerCsv(const std::vector<LedgerRow>& rows) {
  std::string out =
      "party,measure,text,qualifier,low,best,high,source,source_role,via,date,outlets,docs,location,confidence,"
      "evidence,url,evidence_start,review\r\n";
  for (const LedgerRow& r : rows) {
    std::string docs;
    for (const std::string& d : r.docs) docs += (docs.empty() ? "" : " ") + d;
    const std::string fields[] = {Plain(r.party), std::string(MeasureName(r.measure)), r.text,
                                  std::string(QualifierName(r.qualifier)), Number(r.value.low), Number(r.value.best),
                                  Number(r.value.high), Plain(r.source), Plain(r.role), Via(r.via), Plain(r.date),
                                  std::to_string(r.outlets), docs, Plain(r.location), Confidence(r.confidence),
                                  r.evidence, r.url, Number(r.evidence_start), std::string(ReviewStateName(r.review))};
    for (size_t i = 0; i < std::size(fields); ++i) out += (i ? "," : "") + CsvField(fields[i]);
    out += "\r\n";
  }
  return out;
}

std::string TollCsv(const std::vector<StoredDocument>& docs, const std::vector<Toll>& tolls) {
  std::map<std::string_view, const StoredDocument*> by_id;
  for (const StoredDocument& d : docs) by_id[d.id] = &d;
  std::string out = "doc,outlet,date,title,measure,qualifier,low,best,high,victims,perpetrators,claims,confidence,reviewed\r\n";
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
                                  Number(t.perpetrators), claims, confidence, t.reviewed ? "yes" : ""};
    for (size_t i = 0; i < std::size(fields); ++i) out += (i ? "," : "") + CsvField(fields[i]);
    out += "\r\n";
  }
  return out;
}

namespace {

void AppendRowJson(const LedgerRow& r, std::string* out) {
  JsonObject o(out);
  o.Field("party", r.party).Field("measure", MeasureName(r.measure)).Field("text", r.text);
  o.Field("qualifier", QualifierName(r.qualifier));
  JsonObject v(o.Raw("value"));
  v.Field("low", r.value.low).Field("high", r.value.high).Field("best", r.value.best);
  v.Close();
  o.Field("source", r.source).Field("source_role", r.role);
  o.Field("via", r.via).Field("date", r.date).Field("outlets", static_cast<int64_t>(r.outlets));
  o.Field("disagreement", r.disagreement).Field("docs", r.docs);
  o.Field("review", ReviewStateName(r.review));
  o.Close();
}

}  // namespace

std::string LedgerJson(const std::vector<LedgerRow>& rows, bool lines) {
  std::string out;
  if (lines) {
    for (const LedgerRow& r : rows) {
      AppendRowJson(r, &out);
      out += "\n";
    }
    return out;
  }
  JsonArray all(&out);
  for (const LedgerRow& r : rows) AppendRowJson(r, all.Next());
  all.Close();
  return out + "\n";
}

}  // namespace tally
