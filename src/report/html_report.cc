// The HTML report: a template with its placeholders filled by escaped text and inline SVG.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include <zlib.h>

#include "common/calendar.h"
#include "common/json.h"
#include "report/report.h"

namespace tally {
namespace {

void AppendEscaped(std::string* out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': *out += "&amp;"; break;
      case '<': *out += "&lt;"; break;
      case '>': *out += "&gt;"; break;
      case '"': *out += "&quot;"; break;
      case '\'': *out += "&#39;"; break;
      default: *out += c;
    }
  }
}

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Num(v) appended: to_chars writes what "%.1f" writes, without printf's cost (a big report's
// charts hold millions of coordinates).
void AppendNum(std::string* out, double v) {
  char buf[64];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1);
  if (r.ec == std::errc()) out->append(buf, r.ptr);
  else *out += Num(v);
}

// A claim's figure as the report shows it: as written, unless a person corrected it (then the
// corrected number); a mark for what a person confirmed (✓) or must look at again (flagged).
std::string FigureText(const StoredClaim& sc) {
  const Claim& c = sc.claim;
  std::string out = c.text;
  if (sc.review == ReviewState::kCorrected || sc.review == ReviewState::kFlagged) {
    const std::optional<int64_t> v = c.value.best ? c.value.best : c.value.low ? c.value.low : c.value.high;
    if (v) out = std::to_string(*v);
  }
  if (sc.review == ReviewState::kAccepted || sc.review == ReviewState::kCorrected) out += " \xE2\x9C\x93 reviewed";
  if (sc.review == ReviewState::kFlagged) out += " (flagged for review)";
  return out;
}

std::string Grouped(int64_t v) {
  std::string s = std::to_string(v), out;
  int n = 0;
  for (size_t i = s.size(); i-- > 0;) {
    out.insert(out.begin(), s[i]);
    if (++n % 3 == 0 && i > 0 && s[i - 1] != '-') out.insert(out.begin(), ',');
  }
  return out;
}

const char* const kPalette[] = {"#1f6feb", "#d1242f", "#1a7f37", "#8250df", "#bc4c00", "#0a7b83", "#bf3989", "#6e7781"};

std::string SeriesTitle(const Series& s) {
  return s.party.value_or("No party") + " \xE2\x80\x94 " + std::string(MeasureName(s.measure));
}

// How a figure is drawn: from lo to hi; open when it has no upper bound.
struct Glyph {
  double lo, hi;
  std::optional<double> best;
  bool open = false;
};

Glyph GlyphOf(const Claim& c) {
  Glyph g;
  const double best = static_cast<double>(c.value.best.value_or(0));
  if (c.value.best) g.best = best;
  switch (c.qualifier) {
    case Qualifier::kAtLeast:
    case Qualifier::kMoreThan:
      g.lo = best;
      g.hi = best * 1.6;
      g.open = true;
      break;
    case Qualifier::kApprox:
      g.lo = best * 0.85;
      g.hi = best * 1.15;
      break;
    case Qualifier::kLessThan:
    case Qualifier::kAtMost:
      g.lo = best * 0.85;
      g.hi = best;
      break;
    case Qualifier::kRange:
    case Qualifier::kVague:
      g.lo = static_cast<double>(c.value.low.value_or(0));
      g.hi = static_cast<double>(c.value.high.value_or(c.value.low.value_or(0)));
      break;
    case Qualifier::kExact:
      g.lo = g.hi = best;
      break;
  }
  return g;
}

int64_t Day(const std::string& d) {
  if (d.size() < 10) {
    if (d.size() == 7) return DaysFromCivil(std::stoi(d.substr(0, 4)), std::stoi(d.substr(5, 2)), 15);
    if (d.size() == 4) return DaysFromCivil(std::stoi(d), 7, 1);
    return 0;
  }
  return DaysFromCivil(std::stoi(d.substr(0, 4)), std::stoi(d.substr(5, 2)), std::stoi(d.substr(8, 2)));
}

std::string DayLabel(int64_t day) {
  int y, m, d;
  CivilFromDays(day, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

double NiceStep(double range) {
  const double raw = range / 5;
  const double mag = std::pow(10.0, std::floor(std::log10(std::max(raw, 1.0))));
  for (double f : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (raw <= f * mag) return f * mag;
  return 10 * mag;
}

// Data past this size goes into the page gzip-compressed and in base64: about a sixth of the
// bytes for the browser to read and tokenize; the page's script inflates it
// (DecompressionStream). Small reports keep plain JSON, readable in the file.
constexpr size_t kCompressAbove = 64 << 10;

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint8_t(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
    if (i + 1 < bytes.size()) v |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// gzip (RFC 1952) of data, deterministic (no time stamp); nullopt if zlib fails.
std::optional<std::string> Gzip(std::string_view data) {
  if (data.size() > UINT32_MAX) return std::nullopt;
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

// JSON made safe to sit inside a <script> element: '<' (only ever inside strings) becomes
// \u003c, so no "</script>" or "<!--" from an article can end or bend the element. Past
// kCompressAbove, gzip in base64 instead (no '<' either); the page tells them apart by the
// first character ('[' is JSON).
std::string ScriptSafe(const std::string& json) {
  if (json.size() > kCompressAbove)
    if (std::optional<std::string> packed = Gzip(json)) return Base64(*packed);  // no '<' in base64
  std::string out;
  out.reserve(json.size());
  for (char ch : json) {
    if (ch == '<') out += "\\u003c";
    else out += ch;
  }
  return out;
}

class Writer {
 public:
  explicit Writer(const LedgerInput& in) : in_(in), r_(in.reconciliation) {
    for (size_t i = 0; i < r_.documents.size(); ++i) doc_info_[r_.documents[i].id] = &r_.documents[i];
    for (const StoredDocument& d : in_.docs) doc_[d.id] = &d;
    if (in_.tolls)
      for (const Toll& t : *in_.tolls) tolls_[t.doc].push_back(&t);
    outlets_.assign(in_.claims.size(), 1);  // a claim in no cluster counts one outlet
    for (const Cluster& c : r_.clusters)
      for (size_t m : c.members)
        if (m < outlets_.size()) outlets_[m] = c.outlets;
    for (const Entity& e : r_.entities) {
      entity_name_.try_emplace(e.id, &e.name);  // the first entity of an id, as a search would find
      std::string names = e.name;
      for (const std::string& v : e.variants) names += " | " + v;
      entity_names_[e.id] = names;
    }
  }

  std::string Overview() const {
    size_t dups = 0;
    for (const DocumentInfo& d : r_.documents) dups += d.near_duplicate_of.has_value();
    std::set<std::string> outlets;
    for (const DocumentInfo& d : r_.documents) outlets.insert(d.outlet);
    return std::to_string(in_.claims.size()) + " claims from " + std::to_string(r_.documents.size()) + " documents (" +
           std::to_string(dups) + " near-duplicates) across " + std::to_string(outlets.size()) + " outlets; " +
           std::to_string(r_.clusters.size()) + " distinct figures; " + std::to_string(r_.entities.size()) + " sources.";
  }

  std::string Summary() const {
    std::string out;
    for (const Series& s : r_.timeline) {
      out += "<div class=\"card\" data-series=\"" + Escape(SeriesTitle(s)) + "\"><h3>" + Escape(SeriesTitle(s)) + "</h3><ul>";
      std::map<std::string, size_t> latest;  // source -> its latest claim, dated or not
      if (!s.points.empty())
        for (const Figure* f : CurrentFigures(s, s.points.back().date)) latest[f->source] = f->claim;
      for (size_t u : s.undated) latest.try_emplace(SourceOf(u), u);
      for (const auto& [source, i] : latest) {
        const Claim& c = in_.claims[i].claim;
        out += "<li><b>" + Escape(FigureText(in_.claims[i])) + "</b> (" + Escape(std::string(QualifierName(c.qualifier))) + ") \xE2\x80\x94 " +
               Escape(source) + " <span class=\"muted\">" + Escape(r_.claim_date[i].value_or("undated")) + "</span></li>";
      }
      out += "</ul>";
      if (!s.points.empty()) {
        const TimelinePoint& p = s.points.back();
        out += "<div class=\"spread\">Spread on " + Escape(p.date) + ": " + (p.low ? Grouped(*p.low) : "?") + " to " +
               (p.high ? Grouped(*p.high) : "open") + (p.best ? ", median " + Grouped(*p.best) : "") + "</div>";
      }
      for (const TimelinePoint& p : s.points) {
        if (!p.disagreement) continue;
        std::string words;
        for (const Figure* f : CurrentFigures(s, p.date))
          words += (words.empty() ? "" : ", ") + f->source + " says " + FigureText(in_.claims[f->claim]);
        out += "<div class=\"disagree\">Sources disagree on " + Escape(p.date) + ": " + Escape(words) + ".</div>";
        break;
      }
      for (const std::string& check : s.checks) out += "<div class=\"disagree\">Check: " + Escape(check) + "</div>";
      out += "</div>\n";
    }
    return out;
  }

  // One chart per series, each handed to write as it is drawn.
  void Charts(const std::function<void(std::string_view)>& write) const {
    for (const Series& s : r_.timeline) write(Chart(s));
  }

  // The claims as one JSON array of rows (columns named in kClaimColumns, data/templates/
  // report.html renders them a page at a time): a big ledger's table is data the page holds once,
  // not a DOM of every row. Safe inside <script>: every '<' is written as \u003c.
  std::string ClaimsJson() const {
    std::string out = "[";
    for (size_t i = 0; i < in_.claims.size(); ++i) {
      const Claim& c = in_.claims[i].claim;
      std::string who = c.source.value_or("");
      if (c.source_role) who += " (" + *c.source_role + ")";
      for (const std::string& v : c.via) who += " \xE2\x86\x92 " + v;
      const EvidenceCut ev = Evidence(c);
      if (i) out += ",";
      out += "[";
      AppendJsonString(&out, FigureText(in_.claims[i]));
      for (std::string_view field : {MeasureName(c.measure), QualifierName(c.qualifier)}) {
        out += ",";
        AppendJsonString(&out, field);
      }
      for (const std::string& field : {c.party.value_or(""), who, r_.claim_date[i].value_or("")}) {
        out += ",";
        AppendJsonString(&out, field);
      }
      out += "," + std::to_string(outlets_[i]) + ",";
      AppendJsonString(&out, c.doc);
      for (const std::optional<int64_t>& v : {c.value.low, c.value.best, c.value.high})
        out += "," + (v ? std::to_string(*v) : std::string("null"));
      for (const std::string& field : {ev.before, ev.figure, ev.after, NamesOf(i)}) {
        out += ",";
        AppendJsonString(&out, field);
      }
      out += "]";
    }
    return ScriptSafe(out + "]");
  }

  // The documents as one JSON array of [id, title, outlet, date, url, original, tolls]: url only when
  // it is a web link (a javascript: or data: URL from an article must never become a link);
  // original is the id a near-duplicate copies, else "". Rendered a page at a time.
  std::string DocumentsJson() const {
    std::string out = "[";
    for (size_t i = 0; i < r_.documents.size(); ++i) {
      const DocumentInfo& info = r_.documents[i];
      const StoredDocument* d = doc_.count(info.id) ? doc_.at(info.id) : nullptr;
      const bool web = d && (d->url.rfind("https://", 0) == 0 || d->url.rfind("http://", 0) == 0);
      if (i) out += ",";
      out += "[";
      const std::string fields[] = {info.id, d ? d->title : "", info.outlet, d ? d->date : "", web ? d->url : "",
                                    info.near_duplicate_of.value_or(""), Tolls(info.id)};
      for (size_t k = 0; k < std::size(fields); ++k) {
        if (k) out += ",";
        AppendJsonString(&out, fields[k]);
      }
      out += "]";
    }
    return ScriptSafe(out + "]");
  }

 private:
  // The document's toll per measure, as text: "killed 7 (6 victims, 1 perpetrators); wounded 3".
  std::string Tolls(const std::string& id) const {
    auto it = tolls_.find(id);
    if (it == tolls_.end()) return "";
    std::string out;
    for (const Toll* t : it->second) {
      const std::optional<int64_t> v = t->value.best ? t->value.best : t->value.low;
      out += (out.empty() ? "" : "; ") + std::string(MeasureName(t->measure)) + " " + (v ? Grouped(*v) : "?");
      if (t->qualifier != Qualifier::kExact) out += " (" + std::string(QualifierName(t->qualifier)) + ")";
      if (t->victims && t->perpetrators)
        out += " (" + Grouped(*t->victims) + " victims, " + Grouped(*t->perpetrators) + " perpetrators)";
      if (t->reviewed) out += " (reviewed)";
    }
    return out;
  }

  // The sentence around a claim's first evidence span, in three parts: the text before the
  // figure, the figure, the text after. Cut at a line end or, past kContext bytes, at a word
  // boundary marked by an ellipsis.
  struct EvidenceCut {
    std::string before, figure, after;
  };

  EvidenceCut Evidence(const Claim& c) const {
    auto it = doc_.find(c.doc);
    if (it == doc_.end() || c.evidence.empty() || it->second->text.empty()) return {"", c.text, ""};
    const std::string& t = it->second->text;
    const Span e = c.evidence.front();
    if (e.end > t.size() || e.begin > e.end) return {"", c.text, ""};
    constexpr size_t kContext = 160;
    const std::string_view text(t);
    const size_t line_begin = text.rfind('\n', e.begin) == std::string_view::npos ? 0 : text.rfind('\n', e.begin) + 1;
    const size_t line_end = std::min(text.size(), text.find('\n', e.end));
    std::string before(text.substr(line_begin, e.begin - line_begin));
    std::string after(text.substr(e.end, line_end - e.end));
    if (before.size() > kContext) {
      size_t cut = before.size() - kContext;
      const size_t space = before.find(' ', cut);
      cut = space == std::string::npos || space >= before.size() ? cut : space + 1;
      while (cut < before.size() && (static_cast<unsigned char>(before[cut]) & 0xC0) == 0x80) ++cut;
      before = "\xE2\x80\xA6" + before.substr(cut);
    }
    if (after.size() > kContext) {
      size_t cut = kContext;
      const size_t space = after.rfind(' ', cut);
      cut = space == std::string::npos || space == 0 ? cut : space;
      while (cut > 0 && (static_cast<unsigned char>(after[cut]) & 0xC0) == 0x80) --cut;
      after = after.substr(0, cut) + "\xE2\x80\xA6";
    }
    return {before, std::string(text.substr(e.begin, e.end - e.begin)), after};
  }

  // The name a claim's figures are drawn under: its entity's, else its source as written.
  std::string SourceOf(size_t i) const {
    if (const std::optional<std::string>& id = r_.claim_entity[i])
      if (auto it = entity_name_.find(*id); it != entity_name_.end()) return *it->second;
    return in_.claims[i].claim.source.value_or("unattributed");
  }

  // Every name the claim's source goes by (the entity's name and its variants), for the
  // table's filter: typing one spelling finds the claims made under the others.
  std::string NamesOf(size_t claim) const {
    const std::optional<std::string>& id = r_.claim_entity[claim];
    if (!id) return "";
    auto it = entity_names_.find(*id);
    return it == entity_names_.end() ? "" : it->second;
  }

  std::string Chart(const Series& s) const {
    constexpr double kW = 820, kH = 300, kLeft = 70, kRight = 190, kTop = 16, kBottom = 46, kUndatedW = 70;
    // the claims of the series, by source
    std::vector<size_t> claims;
    for (const Figure& f : s.figures) claims.push_back(f.claim);
    for (size_t u : s.undated) claims.push_back(u);
    std::sort(claims.begin(), claims.end());
    claims.erase(std::unique(claims.begin(), claims.end()), claims.end());
    // the sources in the order they first appear, each with its claims (in order): a big series has
    // hundreds of thousands of claims, so each is named once rather than once per source
    std::vector<std::string> sources;
    std::vector<std::vector<size_t>> claims_of;
    std::unordered_map<std::string, size_t> source_index;
    for (size_t i : claims) {
      auto [it, added] = source_index.try_emplace(SourceOf(i), sources.size());
      if (added) {
        sources.push_back(it->first);
        claims_of.emplace_back();
      }
      claims_of[it->second].push_back(i);
    }
    double ymax = 1;
    int64_t dmin = INT64_MAX, dmax = INT64_MIN;
    for (size_t i : claims) {
      ymax = std::max(ymax, GlyphOf(in_.claims[i].claim).hi);
      if (r_.claim_date[i]) {
        dmin = std::min(dmin, Day(*r_.claim_date[i]));
        dmax = std::max(dmax, Day(*r_.claim_date[i]));
      }
    }
    const double step = NiceStep(ymax * 1.05);
    const double ytop = std::ceil(ymax * 1.05 / step) * step;
    const bool any_undated = !s.undated.empty();
    const double plot_right = kW - kRight - (any_undated ? kUndatedW : 0);
    if (dmin == INT64_MAX) dmin = dmax = 0;
    const int64_t d0 = dmin - 1, d1 = dmax + 1;
    auto x = [&](int64_t day) { return kLeft + (plot_right - kLeft) * static_cast<double>(day - d0) / static_cast<double>(d1 - d0); };
    auto y = [&](double v) { return kTop + (kH - kTop - kBottom) * (1 - v / ytop); };
    const double xund = plot_right + kUndatedW / 2;

    std::string svg = "<figure class=\"chart\" data-series=\"" + Escape(SeriesTitle(s)) + "\"><h3>" + Escape(SeriesTitle(s)) +
                      "</h3><svg role=\"img\" viewBox=\"0 0 " + Num(kW) + " " + Num(kH) + "\" width=\"" + Num(kW) +
                      "\" height=\"" + Num(kH) + "\" aria-label=\"" + Escape(SeriesTitle(s)) + " over time\">";
    // grid and y axis
    svg += "<g class=\"grid\">";
    for (double v = 0; v <= ytop + 0.5; v += step)
      svg += "<line x1=\"" + Num(kLeft) + "\" x2=\"" + Num(plot_right) + "\" y1=\"" + Num(y(v)) + "\" y2=\"" + Num(y(v)) + "\"/>";
    svg += "</g><g class=\"axis y-axis\">";
    for (double v = 0; v <= ytop + 0.5; v += step)
      svg += "<text x=\"" + Num(kLeft - 6) + "\" y=\"" + Num(y(v) + 4) + "\" text-anchor=\"end\">" + Grouped(static_cast<int64_t>(v)) + "</text>";
    svg += "<text transform=\"translate(14," + Num((kH - kBottom + kTop) / 2) + ") rotate(-90)\" text-anchor=\"middle\">" +
           Escape(std::string(MeasureName(s.measure))) + " (people or items)</text></g>";
    // x axis: a tick per distinct date
    svg += "<g class=\"axis x-axis\"><line x1=\"" + Num(kLeft) + "\" x2=\"" + Num(plot_right) + "\" y1=\"" + Num(y(0)) +
           "\" y2=\"" + Num(y(0)) + "\"/>";
    std::set<int64_t> days;
    for (size_t i : claims)
      if (r_.claim_date[i]) days.insert(Day(*r_.claim_date[i]));
    for (int64_t d : days)
      svg += "<text x=\"" + Num(x(d)) + "\" y=\"" + Num(kH - kBottom + 16) + "\" text-anchor=\"middle\">" + DayLabel(d) + "</text>";
    svg += "<text x=\"" + Num((kLeft + plot_right) / 2) + "\" y=\"" + Num(kH - 6) + "\" text-anchor=\"middle\">date of claim</text></g>";
    if (any_undated)
      svg += "<g class=\"undated\"><rect class=\"undated-band\" x=\"" + Num(plot_right + 8) + "\" y=\"" + Num(kTop) + "\" width=\"" +
             Num(kUndatedW - 16) + "\" height=\"" + Num(kH - kTop - kBottom) + "\"/><text x=\"" + Num(xund) + "\" y=\"" +
             Num(kH - kBottom + 16) + "\" text-anchor=\"middle\">undated</text></g>";
    // one group per source
    for (size_t si = 0; si < sources.size(); ++si) {
      const char* colour = kPalette[si % std::size(kPalette)];
      svg += "<g class=\"series\" data-source=\"" + Escape(sources[si]) + "\" fill=\"" + colour + "\" stroke=\"" + colour + "\">";
      std::string line;
      int jitter = static_cast<int>(si) - static_cast<int>(sources.size()) / 2;
      for (size_t i : claims_of[si]) {
        const Claim& c = in_.claims[i].claim;
        const Glyph g = GlyphOf(c);
        const double cx = (r_.claim_date[i] ? x(Day(*r_.claim_date[i])) : xund) + jitter * 7.0;
        const std::string_view qualifier = QualifierName(c.qualifier);
        // appended piece by piece: a big series draws hundreds of thousands of figures
        svg += "<g class=\"figure\" data-qualifier=\"";
        svg += qualifier;
        svg += "\"><title>";
        AppendEscaped(&svg, sources[si]);
        svg += ": ";
        AppendEscaped(&svg, c.text);
        svg += " (";
        AppendEscaped(&svg, qualifier);
        svg += "), ";
        AppendEscaped(&svg, r_.claim_date[i] ? std::string_view(*r_.claim_date[i]) : std::string_view("undated"));
        svg += ", ";
        AppendEscaped(&svg, c.doc);
        svg += "</title>";
        if (g.hi > g.lo) {
          svg += "<rect x=\"";
          AppendNum(&svg, cx - 3);
          svg += "\" y=\"";
          AppendNum(&svg, y(g.hi));
          svg += "\" width=\"6\" height=\"";
          AppendNum(&svg, y(g.lo) - y(g.hi));
          svg += "\" fill-opacity=\"";
          svg += g.open ? "0.25" : "0.45";
          svg += "\" stroke-width=\"1\"";
          if (g.open) svg += " stroke-dasharray=\"3 2\"";
          svg += "/>";
        }
        if (g.open) {  // an arrow for "more than": the figure has no upper bound
          svg += "<path d=\"M";
          AppendNum(&svg, cx - 5);
          svg += " ";
          AppendNum(&svg, y(g.hi) + 2);
          svg += " L";
          AppendNum(&svg, cx);
          svg += " ";
          AppendNum(&svg, y(g.hi) - 6);
          svg += " L";
          AppendNum(&svg, cx + 5);
          svg += " ";
          AppendNum(&svg, y(g.hi) + 2);
          svg += " Z\"/>";
        }
        if (g.best) {
          svg += "<circle cx=\"";
          AppendNum(&svg, cx);
          svg += "\" cy=\"";
          AppendNum(&svg, y(*g.best));
          svg += "\" r=\"4\"/>";
        }
        svg += "</g>";
        if (r_.claim_date[i] && g.best) {
          line += line.empty() ? "M" : " L";
          AppendNum(&line, cx);
          line += " ";
          AppendNum(&line, y(*g.best));
        }
      }
      if (line.find(" L") != std::string::npos) svg += "<path class=\"trend\" d=\"" + line + "\" fill=\"none\" stroke-width=\"1.5\"/>";
      svg += "</g>";
    }
    // legend
    svg += "<g class=\"legend\">";
    for (size_t si = 0; si < sources.size(); ++si) {
      const double ly = kTop + 4 + 18 * static_cast<double>(si);
      svg += "<rect x=\"" + Num(kW - kRight + 14) + "\" y=\"" + Num(ly) + "\" width=\"10\" height=\"10\" fill=\"" +
             kPalette[si % std::size(kPalette)] + "\"/><text x=\"" + Num(kW - kRight + 30) + "\" y=\"" + Num(ly + 9) + "\">" +
             Escape(sources[si].size() > 26 ? sources[si].substr(0, 25) + "\xE2\x80\xA6" : sources[si]) + "</text>";
    }
    svg += "</g></svg>";
    svg += "<figcaption class=\"muted\">Dots are best figures; bars span approximate, vague and ranged figures; dashed bars with an arrow are open-ended (\xE2\x80\x9Cmore than\xE2\x80\x9D).</figcaption></figure>\n";
    return svg;
  }

  const LedgerInput& in_;
  std::map<std::string, std::vector<const Toll*>> tolls_;  // by document id
  const Reconciliation& r_;
  std::map<std::string, const DocumentInfo*> doc_info_;
  std::map<std::string, const StoredDocument*> doc_;
  std::vector<int> outlets_;  // per claim
  std::map<std::string, std::string> entity_names_;  // entity id -> "name | variant | ..."
  std::unordered_map<std::string_view, const std::string*> entity_name_;  // entity id -> its name
};

}  // namespace

void WriteHtmlReport(const LedgerInput& in, const std::string& template_html,
                     const std::function<void(std::string_view)>& write) {
  Writer w(in);
  enum Part { kOverview, kSummary, kCharts, kClaims, kDocuments };
  const std::pair<std::string_view, Part> names[] = {{"{{overview}}", kOverview}, {"{{summary}}", kSummary},
                                                     {"{{charts}}", kCharts},     {"{{claims_json}}", kClaims},
                                                     {"{{documents_json}}", kDocuments}};
  // each placeholder found in the template alone (its first occurrence) and filled as the page is
  // written, so text from an article ("{{claims}}" in a headline) is never taken for a
  // placeholder, and a big report's parts go out one by one rather than into one page string
  std::vector<std::pair<size_t, const std::pair<std::string_view, Part>*>> at;
  for (const auto& n : names)
    if (size_t pos = template_html.find(n.first); pos != std::string::npos) at.emplace_back(pos, &n);
  std::sort(at.begin(), at.end());
  const std::string_view page(template_html);
  size_t from = 0;
  for (const auto& [pos, n] : at) {
    write(page.substr(from, pos - from));
    switch (n->second) {
      case kOverview: write(w.Overview()); break;
      case kSummary: write(w.Summary()); break;
      case kCharts: w.Charts(write); break;
      case kClaims: write(w.ClaimsJson()); break;
      case kDocuments: write(w.DocumentsJson()); break;
    }
    from = pos + n->first.size();
  }
  write(page.substr(from));
}

std::string HtmlReport(const LedgerInput& in, const std::string& template_html) {
  std::string out;
  WriteHtmlReport(in, template_html, [&](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace tally
