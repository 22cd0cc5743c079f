// The HTML report: a template with its placeholders filled by escaped text and inline SVG.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "dates/dates.h"
#include "report/report.h"

namespace tally {
namespace {

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

std::string SourceOf(const LedgerInput& in, size_t i) {
  const Reconciliation& r = in.reconciliation;
  const Claim& c = in.claims[i].claim;
  if (r.claim_entity[i])
    for (const Entity& e : r.entities)
      if (e.id == *r.claim_entity[i]) return e.name;
  return c.source.value_or("unattributed");
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

class Writer {
 public:
  explicit Writer(const LedgerInput& in) : in_(in), r_(in.reconciliation) {
    for (size_t i = 0; i < r_.documents.size(); ++i) doc_info_[r_.documents[i].id] = &r_.documents[i];
    for (const StoredDocument& d : in_.docs) doc_[d.id] = &d;
    for (const Cluster& c : r_.clusters)
      for (size_t m : c.members) outlets_[m] = c.outlets;
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
      for (size_t u : s.undated) latest.try_emplace(SourceOf(in_, u), u);
      for (const auto& [source, i] : latest) {
        const Claim& c = in_.claims[i].claim;
        out += "<li><b>" + Escape(c.text) + "</b> (" + Escape(std::string(QualifierName(c.qualifier))) + ") \xE2\x80\x94 " +
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
          words += (words.empty() ? "" : ", ") + f->source + " says " + in_.claims[f->claim].claim.text;
        out += "<div class=\"disagree\">Sources disagree on " + Escape(p.date) + ": " + Escape(words) + ".</div>";
        break;
      }
      for (const std::string& check : s.checks) out += "<div class=\"disagree\">Check: " + Escape(check) + "</div>";
      out += "</div>\n";
    }
    return out;
  }

  std::string Charts() const {
    std::string out;
    for (const Series& s : r_.timeline) out += Chart(s);
    return out;
  }

  std::string Claims() const {
    std::string out;
    for (size_t i = 0; i < in_.claims.size(); ++i) {
      const Claim& c = in_.claims[i].claim;
      const std::string source = c.source.value_or("");
      std::string who = Escape(source.empty() ? "(no source)" : source);
      if (c.source_role) who += " <span class=\"muted\">(" + Escape(*c.source_role) + ")</span>";
      for (const std::string& v : c.via) who += " \xE2\x86\x92 " + Escape(v);
      const std::string date = r_.claim_date[i].value_or("");
      const int outlets = outlets_.count(i) ? outlets_.at(i) : 1;
      out += "<tr data-text=\"" + Escape(c.text) + "\" data-measure=\"" + Escape(std::string(MeasureName(c.measure))) +
             "\" data-qualifier=\"" + Escape(std::string(QualifierName(c.qualifier))) + "\" data-party=\"" +
             Escape(c.party.value_or("")) + "\" data-source=\"" + Escape(source) + "\" data-date=\"" + Escape(date) +
             "\" data-outlets=\"" + std::to_string(outlets) + "\" data-doc=\"" + Escape(c.doc) + "\">";
      out += "<td>" + Escape(c.text) + "</td><td>" + Escape(std::string(MeasureName(c.measure))) + "</td><td>" +
             Escape(std::string(QualifierName(c.qualifier))) + "</td><td>" + Escape(c.party.value_or("")) + "</td><td>" +
             who + "</td><td class=\"num\">" + Escape(date.empty() ? "undated" : date) + "</td><td class=\"num\">" +
             std::to_string(outlets) + "</td><td>" + Escape(c.doc) + "</td><td class=\"evidence\">" + Evidence(c) +
             "</td></tr>\n";
    }
    return out;
  }

  std::string Documents() const {
    std::map<std::string, std::vector<std::string>> copies;
    for (const DocumentInfo& d : r_.documents)
      if (d.near_duplicate_of) copies[*d.near_duplicate_of].push_back(d.id);
    std::string out;
    for (const DocumentInfo& d : r_.documents) {
      if (d.near_duplicate_of) continue;
      out += "<li data-doc=\"" + Escape(d.id) + "\">" + DocLine(d.id);
      if (copies.count(d.id)) {
        out += "<ul>";
        for (const std::string& c : copies[d.id]) out += "<li class=\"dup\">near-duplicate: " + DocLine(c) + "</li>";
        out += "</ul>";
      }
      out += "</li>\n";
    }
    return out;
  }

 private:
  std::string DocLine(const std::string& id) const {
    const StoredDocument* d = doc_.count(id) ? doc_.at(id) : nullptr;
    const DocumentInfo* info = doc_info_.count(id) ? doc_info_.at(id) : nullptr;
    std::string title = d && !d->title.empty() ? d->title : id;
    std::string out = "<b>" + Escape(title) + "</b> \xE2\x80\x94 " + Escape(info ? info->outlet : "") + " <span class=\"muted\">" +
                      Escape(d && !d->date.empty() ? d->date : "undated") + " \xC2\xB7 " + Escape(id) + "</span>";
    // only web links: a javascript: or data: URL from an article must not become a link
    if (d && (d->url.rfind("https://", 0) == 0 || d->url.rfind("http://", 0) == 0))
      out += " <a href=\"" + Escape(d->url) + "\" rel=\"noopener noreferrer\">link</a>";
    return out;
  }

  // The sentence around the first evidence span, with the figure marked.
  std::string Evidence(const Claim& c) const {
    auto it = doc_.find(c.doc);
    if (it == doc_.end() || c.evidence.empty() || it->second->text.empty()) return Escape(c.text);
    const std::string& t = it->second->text;
    const Span e = c.evidence.front();
    if (e.end > t.size()) return Escape(c.text);
    constexpr size_t kContext = 160;
    size_t b = e.begin > kContext ? e.begin - kContext : 0;
    size_t nl = t.rfind('\n', e.begin);
    if (nl != std::string::npos && nl + 1 > b) b = nl + 1;
    size_t en = std::min(t.size(), static_cast<size_t>(e.end) + kContext);
    size_t nr = t.find('\n', e.end);
    if (nr != std::string::npos && nr < en) en = nr;
    // do not cut a UTF-8 character
    while (b > 0 && b < t.size() && (static_cast<unsigned char>(t[b]) & 0xC0) == 0x80) --b;
    while (en < t.size() && (static_cast<unsigned char>(t[en]) & 0xC0) == 0x80) ++en;
    return Escape(t.substr(b, e.begin - b)) + "<mark>" + Escape(t.substr(e.begin, e.end - e.begin)) + "</mark>" +
           Escape(t.substr(e.end, en - e.end));
  }

  std::string Chart(const Series& s) const {
    constexpr double kW = 820, kH = 300, kLeft = 70, kRight = 190, kTop = 16, kBottom = 46, kUndatedW = 70;
    // the claims of the series, by source
    std::vector<size_t> claims;
    for (const Figure& f : s.figures) claims.push_back(f.claim);
    for (size_t u : s.undated) claims.push_back(u);
    std::sort(claims.begin(), claims.end());
    claims.erase(std::unique(claims.begin(), claims.end()), claims.end());
    std::vector<std::string> sources;
    for (size_t i : claims)
      if (std::find(sources.begin(), sources.end(), SourceOf(in_, i)) == sources.end()) sources.push_back(SourceOf(in_, i));
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
      for (size_t i : claims) {
        if (SourceOf(in_, i) != sources[si]) continue;
        const Claim& c = in_.claims[i].claim;
        const Glyph g = GlyphOf(c);
        const double cx = (r_.claim_date[i] ? x(Day(*r_.claim_date[i])) : xund) + jitter * 7.0;
        std::string title = "<title>" + Escape(sources[si] + ": " + c.text + " (" + std::string(QualifierName(c.qualifier)) +
                                               "), " + r_.claim_date[i].value_or("undated") + ", " + c.doc) + "</title>";
        svg += "<g class=\"figure\" data-qualifier=\"" + std::string(QualifierName(c.qualifier)) + "\">" + title;
        if (g.hi > g.lo)
          svg += "<rect x=\"" + Num(cx - 3) + "\" y=\"" + Num(y(g.hi)) + "\" width=\"6\" height=\"" + Num(y(g.lo) - y(g.hi)) +
                 "\" fill-opacity=\"" + (g.open ? "0.25" : "0.45") + "\" stroke-width=\"1\"" +
                 (g.open ? " stroke-dasharray=\"3 2\"" : "") + "/>";
        if (g.open)  // an arrow for "more than": the figure has no upper bound
          svg += "<path d=\"M" + Num(cx - 5) + " " + Num(y(g.hi) + 2) + " L" + Num(cx) + " " + Num(y(g.hi) - 6) + " L" +
                 Num(cx + 5) + " " + Num(y(g.hi) + 2) + " Z\"/>";
        if (g.best) svg += "<circle cx=\"" + Num(cx) + "\" cy=\"" + Num(y(*g.best)) + "\" r=\"4\"/>";
        svg += "</g>";
        if (r_.claim_date[i] && g.best) line += (line.empty() ? "M" : " L") + Num(cx) + " " + Num(y(*g.best));
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
  const Reconciliation& r_;
  std::map<std::string, const DocumentInfo*> doc_info_;
  std::map<std::string, const StoredDocument*> doc_;
  std::map<size_t, int> outlets_;
};

}  // namespace

std::string HtmlReport(const LedgerInput& in, const std::string& template_html) {
  Writer w(in);
  std::string out = template_html;
  const std::pair<const char*, std::string> parts[] = {{"{{overview}}", w.Overview()}, {"{{summary}}", w.Summary()},
                                                       {"{{charts}}", w.Charts()},     {"{{claims}}", w.Claims()},
                                                       {"{{documents}}", w.Documents()}};
  // each placeholder found in the template alone and filled back to front, so text from an
  // article ("{{claims}}" in a headline) is never taken for a placeholder
  std::vector<std::pair<size_t, const std::pair<const char*, std::string>*>> at;
  for (const auto& p : parts)
    if (size_t pos = out.find(p.first); pos != std::string::npos) at.emplace_back(pos, &p);
  std::sort(at.rbegin(), at.rend());
  for (const auto& [pos, p] : at) out.replace(pos, std::string(p->first).size(), p->second);
  return out;
}

}  // namespace tally
