// The HTML report: a template with its placeholders filled by escaped text and by data (claims,
// documents, the charts' series) that the page's script draws: the charts are drawn in the
// browser, when they near the window, from the claims rows rather than as SVG written here.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include <zlib.h>

#include "common/deflate.h"
#include "common/json.h"
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

std::string SeriesTitle(const Series& s) {
  return s.party.value_or("No party") + " \xE2\x80\x94 " + std::string(MeasureName(s.measure));
}

// The page's data comes in chunks the page's script reads one at a time, when it needs them
// (a page of the table, a chart scrolled to): a 100,000-article ledger is a million claims, and
// a page that inflated and parsed them all before drawing its first rows took 18 s to open.
// While a data set's chunks together stay under this size they go into the page as plain JSON,
// readable in the file; past it each chunk is gzip-compressed and in base64 (about a sixth of
// the bytes for the browser to read), inflated by the page (DecompressionStream).
constexpr size_t kCompressAbove = 64 << 10;
// zlib's fastest level: the default spent seconds on the 100,000-article claims for a few
// percent fewer bytes.
constexpr int kCompressLevel = Z_BEST_SPEED;
// Claims rows per chunk: 20 of the table's 100-row pages, about 300 KB of JSON to inflate and
// parse in a few milliseconds (data/templates/report.html, PAGE and claimStore).
constexpr size_t kRowsPerChunk = 2000;
// Original documents (each with its near-duplicates) per chunk: 10 of the list's pages.
constexpr size_t kOriginalsPerChunk = 1000;
// Checks (a source's own figures that do not add up) shown in a series' summary card; the rest
// are data the page shows when asked: one card of the 100,000-article bench ledger has 9,542,
// a megabyte of HTML the page had to read before its first screen.
constexpr size_t kChecksShown = 3;
// Events per chunk of the events list, largest first: the first chunk is the list's first
// screen, read before the page's script (a ledger can have tens of thousands of events).
constexpr size_t kEventsPerChunk = 200;
// Chunks are written one a line: neither plain JSON nor base64 holds a line break.
constexpr char kChunkBreak = '\n';

// base64 of bytes, padded.
void AppendBase64(std::string* out, std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const size_t at = out->size();
  out->resize(at + (bytes.size() + 2) / 3 * 4);
  char* o = out->data() + at;
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (uint32_t(b[i]) << 16) | (uint32_t(b[i + 1]) << 8) | b[i + 2];
    *o++ = kAlphabet[(v >> 18) & 63];
    *o++ = kAlphabet[(v >> 12) & 63];
    *o++ = kAlphabet[(v >> 6) & 63];
    *o++ = kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = uint32_t(b[i]) << 16;
    if (i + 1 < bytes.size()) v |= uint32_t(b[i + 1]) << 8;
    *o++ = kAlphabet[(v >> 18) & 63];
    *o++ = kAlphabet[(v >> 12) & 63];
    *o++ = i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    *o++ = '=';
  }
}

// json as gzip (RFC 1952, deterministic: no time stamp) in base64.
std::string Packed(std::string_view json) {
  z_stream z{};
  if (deflateInit2(&z, kCompressLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("the report's data could not be compressed (zlib)");
  std::string bytes;
  const bool ok = DeflateAppend(z, json, Z_FINISH, &bytes, json.size() / 4 + 1024);
  deflateEnd(&z);
  if (!ok) throw std::runtime_error("the report's data could not be compressed (zlib)");
  std::string out;
  AppendBase64(&out, bytes);
  return out;
}

// One data set's chunks, each a JSON value, for a <script type="application/json"> element:
// plain while they all stay under kCompressAbove, '<' (only ever inside strings) written
// \u003c so no "</script>" or "<!--" from an article can end or bend the element; past that,
// each packed (base64 has no '<' either). The page tells them apart by the first character
// ('{' or '[' is JSON). A big report holds its compressed chunks only (a sixth of the JSON).
class Chunks {
 public:
  // first_plain: the first chunk stays plain whatever the size, for the page to draw its first
  // screen from without waiting for an inflate (it is parsed with the page's script).
  explicit Chunks(bool first_plain = false) : first_plain_(first_plain) {}
  void Add(std::string json) {
    if (!packed_ && plain_bytes_ + json.size() > kCompressAbove) {
      packed_ = true;
      for (size_t k = first_plain_ ? 1 : 0; k < chunks_.size(); ++k) chunks_[k] = Packed(chunks_[k]);
    }
    if (packed_ && !(first_plain_ && chunks_.empty())) {
      chunks_.push_back(Packed(json));
      return;
    }
    plain_bytes_ += json.size();
    std::string out;
    out.reserve(json.size());
    for (char ch : json) {
      if (ch == '<') out += "\\u003c";
      else out += ch;
    }
    chunks_.push_back(std::move(out));
  }
  std::vector<std::string>& list() { return chunks_; }

 private:
  bool first_plain_;
  std::vector<std::string> chunks_;
  size_t plain_bytes_ = 0;
  bool packed_ = false;
};

// Claims rows gathered into chunks of kRowsPerChunk, each {"s": the strings its rows name by
// index, "r": rows}, the first also {"total": claims, "per": kRowsPerChunk}. A row names its
// measure, qualifier, party, source, date, document and source's names by index: they repeat
// from row to row, and a page parses numbers faster than strings.
class ClaimRows {
 public:
  ClaimRows(size_t total, Chunks* chunks) : total_(total), chunks_(chunks) {}
  // The chunk's rows so far, for a row to be appended to; EndRow after each.
  std::string& out() { return rows_; }
  void AppendCode(std::string_view s) {
    auto it = codes_.find(s);
    if (it == codes_.end()) {
      const int code = static_cast<int>(strings_.size());
      it = codes_.emplace(strings_.emplace_back(s), code).first;
    }
    const std::to_chars_result r = std::to_chars(number_, number_ + sizeof number_, it->second);
    rows_.append(number_, r.ptr);
  }
  void EndRow() {
    if (++in_chunk_ == kRowsPerChunk) Flush();
  }
  void Finish() {
    if (in_chunk_ > 0 || chunks_->list().empty()) Flush();
  }

 private:
  void Flush() {
    std::string json = "{";
    if (chunks_->list().empty()) {
      json += "\"total\":" + std::to_string(total_) + ",\"per\":" + std::to_string(kRowsPerChunk) + ",";
    }
    json += "\"s\":[";
    for (size_t k = 0; k < strings_.size(); ++k) {
      if (k) json += ",";
      AppendJsonString(&json, strings_[k]);
    }
    json += "],\"r\":[";
    json += rows_;
    json += "]}";
    chunks_->Add(std::move(json));
    rows_.clear();
    codes_.clear();
    strings_.clear();
    in_chunk_ = 0;
  }

  size_t total_;
  Chunks* chunks_;
  std::string rows_;
  std::deque<std::string> strings_;  // stable: codes_ views them
  std::unordered_map<std::string_view, int> codes_;
  size_t in_chunk_ = 0;
  char number_[16];
};

class Writer {
 public:
  explicit Writer(const LedgerInput& in) : in_(in), r_(in.reconciliation) {
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
      entity_names_[e.id] = std::move(names);
    }
    // each claim's and document's event, by its place in the reconciliation's events: the rows
    // name it so the page can show one event's claims and documents without rows per event. A
    // claim's event is its document's (reconcile.cc); doc_event is what a stored reconciliation
    // keeps (StoredDetail::kShown), the events' lists of documents what a test may give alone.
    doc_event_.assign(r_.documents.size(), -1);
    if (r_.doc_event.size() == r_.documents.size()) {
      for (size_t d = 0; d < doc_event_.size(); ++d)
        if (r_.doc_event[d] < r_.events.size()) doc_event_[d] = static_cast<int>(r_.doc_event[d]);
    } else {
      for (size_t e = 0; e < r_.events.size(); ++e)
        for (size_t d : r_.events[e].docs)
          if (d < doc_event_.size()) doc_event_[d] = static_cast<int>(e);
    }
    std::unordered_map<std::string_view, int> event_of_doc;
    for (size_t d = 0; d < r_.documents.size(); ++d) event_of_doc.emplace(r_.documents[d].id, doc_event_[d]);
    claim_event_.assign(in_.claims.size(), -1);
    for (size_t i = 0; i < in_.claims.size(); ++i)
      if (auto it = event_of_doc.find(in_.claims[i].claim.doc); it != event_of_doc.end()) claim_event_[i] = it->second;
  }

  // The events list, largest first (documents, then claims), in chunks of kEventsPerChunk rows
  // [event (its place in the reconciliation, as claims and documents rows name it), id, label,
  // first date, last date, documents, claims, disagreements, headline figures, the claims
  // chunks and the documents chunks that hold its rows]. The first chunk also has "total" and
  // "per" (rows a chunk).
  std::vector<std::string> EventsChunks() const {
    const size_t n = r_.events.size();
    std::vector<size_t> disagreements(n);
    // headline per event and measure: the series with the most figures, its last spread
    std::vector<std::map<std::string, const Series*>> lead(n);
    for (const Series& s : r_.timeline) {
      if (s.event >= n) continue;
      disagreements[s.event] += DisagreementCount(s);
      const Series*& best = lead[s.event][std::string(MeasureName(s.measure))];
      if (!best || s.figures.size() + s.undated.size() > best->figures.size() + best->undated.size()) best = &s;
    }
    // the chunks holding each event's claims and documents (claims rows: kRowsPerChunk each;
    // documents: by the chunk of their original, DocumentsChunks' order)
    std::vector<std::set<size_t>> claim_chunks(n), doc_chunks(n);
    std::vector<size_t> claims_of(n), docs_of(n);
    for (size_t c = 0; c < claim_event_.size(); ++c)
      if (claim_event_[c] >= 0) {
        claim_chunks[claim_event_[c]].insert(c / kRowsPerChunk);
        ++claims_of[claim_event_[c]];
      }
    const std::vector<size_t> doc_chunk = DocumentChunkOf();
    for (size_t d = 0; d < doc_event_.size(); ++d)
      if (doc_event_[d] >= 0) {
        doc_chunks[doc_event_[d]].insert(doc_chunk[d]);
        ++docs_of[doc_event_[d]];
      }
    std::vector<size_t> order(n);
    for (size_t e = 0; e < n; ++e) order[e] = e;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return docs_of[a] != docs_of[b] ? docs_of[a] > docs_of[b] : claims_of[a] > claims_of[b];
    });
    Chunks chunks(/*first_plain=*/true);
    for (size_t from = 0; from < n || from == 0; from += kEventsPerChunk) {
      std::string out = "{";
      if (from == 0) out += "\"total\":" + std::to_string(n) + ",\"per\":" + std::to_string(kEventsPerChunk) + ",";
      out += "\"e\":[";
      for (size_t k = from; k < std::min(n, from + kEventsPerChunk); ++k) {
        const size_t e = order[k];
        const Event& ev = r_.events[e];
        if (k > from) out += ",";
        out += "[";
        AppendInt(&out, static_cast<int64_t>(e));
        for (const std::string& f : {ev.id, ev.label, ev.first.value_or(""), ev.last.value_or("")}) {
          out += ",";
          AppendJsonString(&out, f);
        }
        for (size_t v : {docs_of[e], claims_of[e], disagreements[e]}) {
          out += ",";
          AppendInt(&out, static_cast<int64_t>(v));
        }
        out += ",";
        AppendJsonString(&out, Headline(lead[e]));
        for (const std::set<size_t>* ks : {&claim_chunks[e], &doc_chunks[e]}) {
          out += ",[";
          bool first = true;
          for (size_t c : *ks) {
            if (!first) out += ",";
            first = false;
            AppendInt(&out, static_cast<int64_t>(c));
          }
          out += "]";
        }
        out += "]";
      }
      out += "]}";
      chunks.Add(std::move(out));
    }
    return std::move(chunks.list());
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
    size_t more_checks = 0;  // the series whose checks go past kChecksShown, so far
    for (const Series& s : r_.timeline) {
      out += "<div class=\"card\" data-event=\"" + std::to_string(s.event) + "\" data-series=\"" + Escape(SeriesTitle(s)) + "\"><h3>" + Escape(SeriesTitle(s)) + "</h3><ul>";
      std::map<std::string, size_t> latest;  // source -> its latest claim, dated or not
      if (!s.points.empty())
        for (const Figure* f : CurrentFigures(s, s.points.back().date)) latest[f->source] = f->claim;
      for (size_t u : s.undated) latest.try_emplace(std::string(SourceOf(u)), u);
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
      for (size_t k = 0; k < std::min(s.checks.size(), kChecksShown); ++k)
        out += "<div class=\"disagree\">Check: " + Escape(s.checks[k]) + "</div>";
      if (s.checks.size() > kChecksShown)
        out += "<details class=\"more-checks\" data-checks=\"" + std::to_string(more_checks++) + "\"><summary>" +
               Grouped(static_cast<int64_t>(s.checks.size() - kChecksShown)) + " more checks</summary></details>";
      out += "</div>\n";
    }
    return out;
  }

  // The checks of each series past its first kChecksShown, a chunk per such series in the
  // order of Summary() (its "more checks" element names the chunk): a JSON array of strings,
  // read by the page when the element is opened.
  std::vector<std::string> ChecksChunks() const {
    Chunks chunks;
    for (const Series& s : r_.timeline) {
      if (s.checks.size() <= kChecksShown) continue;
      std::string out = "[";
      for (size_t k = kChecksShown; k < s.checks.size(); ++k) {
        if (k > kChecksShown) out += ",";
        AppendJsonString(&out, s.checks[k]);
      }
      out += "]";
      chunks.Add(std::move(out));
    }
    return std::move(chunks.list());
  }

  // One figure per series, its chart drawn by the page (data/templates/report.html, showCharts)
  // from ChartsJson when the figure nears the window: a big ledger's charts are a million figures.
  std::string Charts() const {
    std::string out;
    for (size_t k = 0; k < r_.timeline.size(); ++k) {
      const std::string title = Escape(SeriesTitle(r_.timeline[k]));
      out += "<figure class=\"chart\" data-event=\"" + std::to_string(r_.timeline[k].event) + "\" data-series=\"" + title + "\" data-chart=\"" + std::to_string(k) + "\"><h3>" + title +
             "</h3><div class=\"plot\"></div><figcaption class=\"muted\">Dots are best figures; bars span approximate, vague "
             "and ranged figures; dashed bars with an arrow are open-ended (\xE2\x80\x9Cmore than\xE2\x80\x9D).</figcaption>"
             "</figure>\n";
    }
    return out;
  }

  // The charts' data, a chunk per series in the order of Charts(), each {"title", "measure",
  // "undated" (the series has undated claims: the chart gets an undated band), "sources" (the
  // names its figures are drawn under, in the order they first appear among its claims by
  // index: legend and colour order), "claims" (per source, its claims as ascending indexes into
  // the claims rows, the first as it is and each next as its distance from the one before: a
  // third of the digits)}. The page places each figure from its row's value, qualifier and
  // date, so what a claim says is in the page once; it reads a chart's chunk when it draws it.
  std::vector<std::string> ChartsChunks() const {
    Chunks chunks;
    std::vector<size_t> claims;
    std::vector<std::string_view> sources;  // viewing the entities' names and the claims' sources
    std::vector<std::vector<size_t>> claims_of;
    std::unordered_map<std::string_view, size_t> source_index;
    for (size_t k = 0; k < r_.timeline.size(); ++k) {
      const Series& s = r_.timeline[k];
      claims.clear();
      for (const Figure& f : s.figures) claims.push_back(f.claim);
      for (size_t u : s.undated) claims.push_back(u);
      std::sort(claims.begin(), claims.end());
      claims.erase(std::unique(claims.begin(), claims.end()), claims.end());
      // each claim's source named once (a big series has hundreds of thousands of claims)
      sources.clear();
      claims_of.clear();
      source_index.clear();
      for (size_t i : claims) {
        auto [it, added] = source_index.try_emplace(SourceOf(i), sources.size());
        if (added) {
          sources.push_back(it->first);
          claims_of.emplace_back();
        }
        claims_of[it->second].push_back(i);
      }
      std::string out = "{\"title\":";
      AppendJsonString(&out, SeriesTitle(s));
      out += ",\"measure\":";
      AppendJsonString(&out, MeasureName(s.measure));
      out += s.undated.empty() ? ",\"undated\":false,\"sources\":[" : ",\"undated\":true,\"sources\":[";
      for (size_t si = 0; si < sources.size(); ++si) {
        if (si) out += ",";
        AppendJsonString(&out, sources[si]);
      }
      out += "],\"claims\":[";
      for (size_t si = 0; si < claims_of.size(); ++si) {
        out += si ? ",[" : "[";
        for (size_t n = 0; n < claims_of[si].size(); ++n) {
          if (n) out += ",";
          AppendInt(&out, static_cast<int64_t>(n ? claims_of[si][n] - claims_of[si][n - 1] : claims_of[si][n]));
        }
        out += "]";
      }
      out += "]}";
      chunks.Add(std::move(out));
    }
    return std::move(chunks.list());
  }

  // The claims in chunks of kRowsPerChunk rows (columns named in data/templates/report.html,
  // claimStore, which reads a chunk when a page of the table needs it): a big ledger's table is
  // data the page reads a piece at a time, not a DOM of every row. When the documents came
  // without their texts (in.texts streams them), each row waits for its document's text.
  std::vector<std::string> ClaimsChunks() const {
    Chunks chunks(/*first_plain=*/true);
    ClaimRows data(in_.claims.size(), &chunks);
    const size_t n = in_.claims.size();
    // the claims that quote a document whose text is not in memory, by the document's place in
    // in.docs
    std::vector<bool> waits(n);
    std::vector<std::vector<size_t>> waiting;
    size_t waiting_claims = 0;
    if (in_.texts)
      for (size_t i = 0; i < n; ++i) {
        const Claim& c = in_.claims[i].claim;
        const StoredDocument* d = DocOf(c.doc);
        if (!d || c.evidence.empty() || !d->text.empty() || d->text_bytes == 0) continue;
        waits[i] = true;
        if (waiting.empty()) waiting.resize(in_.docs.size());
        waiting[static_cast<size_t>(d - in_.docs.data())].push_back(i);
        ++waiting_claims;
      }
    // rows are written in claim order: a row whose text has not come yet holds back those after
    // it (the store hands texts in document order, and claims are in it too: few wait)
    std::unordered_map<size_t, EvidenceCut> cut;
    size_t next = 0;
    auto write_ready = [&] {
      for (; next < n; ++next) {
        if (!waits[next]) {
          Row(&data, next, Evidence(in_.claims[next].claim));
        } else if (auto it = cut.find(next); it != cut.end()) {
          Row(&data, next, it->second.view());
          cut.erase(it);
        } else {
          break;
        }
      }
    };
    write_ready();
    if (waiting_claims > 0) {
      in_.texts([&](std::string_view id, std::string_view text) {
        const StoredDocument* d = DocOf(id);
        if (!d) return;
        std::vector<size_t>& claims = waiting[static_cast<size_t>(d - in_.docs.data())];
        for (size_t i : claims) {
          if (i == next) {  // in order: written at once
            Row(&data, i, Evidence(in_.claims[i].claim, text));
            ++next;
            write_ready();
          } else {
            cut.emplace(i, EvidenceCut(Evidence(in_.claims[i].claim, text)));
          }
        }
        claims = {};
        write_ready();
      });
    }
    // a document the stream did not hand over: its rows quote no sentence
    for (; next < n; ++next) {
      auto it = cut.find(next);
      Row(&data, next, !waits[next] ? Evidence(in_.claims[next].claim)
                       : it != cut.end() ? it->second.view() : EvidenceView{{}, in_.claims[next].claim.text, {}});
    }
    data.Finish();
    return std::move(chunks.list());
  }

  // The documents in chunks of kOriginalsPerChunk originals, each followed by its
  // near-duplicates, as rows of [id, title, outlet, date, url, original, tolls, event] (the list's
  // order: data/templates/report.html, docStore): url only when it is a web link (a javascript:
  // or data: URL from an article must never become a link); original is the id a near-duplicate
  // copies, else "" (a copy of a document that is itself a copy is listed nowhere, as before).
  // Each chunk is {"d": rows}, the first also {"total": documents, "originals": count,
  // "per": kOriginalsPerChunk}.
  std::vector<std::string> DocumentsChunks() const {
    std::vector<size_t> originals;
    std::unordered_map<std::string_view, std::vector<size_t>> copies;  // by the original's id
    for (size_t i = 0; i < r_.documents.size(); ++i) {
      const DocumentInfo& info = r_.documents[i];
      if (info.near_duplicate_of) copies[*info.near_duplicate_of].push_back(i);
      else originals.push_back(i);
    }
    Chunks chunks(/*first_plain=*/true);
    std::string out;
    auto row = [&](size_t i) {
      const DocumentInfo& info = r_.documents[i];
      const StoredDocument* d = DocOf(info.id);
      const bool web = d && (d->url.rfind("https://", 0) == 0 || d->url.rfind("http://", 0) == 0);
      if (out.back() != '[') out += ",";
      out += "[";
      const std::string fields[] = {info.id, d ? d->title : "", info.outlet, d ? d->date : "", web ? d->url : "",
                                    info.near_duplicate_of.value_or(""), Tolls(info.id)};
      for (size_t k = 0; k < std::size(fields); ++k) {
        if (k) out += ",";
        AppendJsonString(&out, fields[k]);
      }
      out += ",";
      AppendInt(&out, i < doc_event_.size() ? doc_event_[i] : -1);
      out += "]";
    };
    for (size_t from = 0; from < originals.size() || from == 0; from += kOriginalsPerChunk) {
      out = "{";
      if (from == 0) {
        out += "\"total\":";
        AppendInt(&out, static_cast<int64_t>(r_.documents.size()));
        out += ",\"originals\":";
        AppendInt(&out, static_cast<int64_t>(originals.size()));
        out += ",\"per\":";
        AppendInt(&out, static_cast<int64_t>(kOriginalsPerChunk));
        out += ",";
      }
      out += "\"d\":[";
      for (size_t k = from; k < std::min(originals.size(), from + kOriginalsPerChunk); ++k) {
        row(originals[k]);
        if (auto it = copies.find(r_.documents[originals[k]].id); it != copies.end())
          for (size_t c : it->second) row(c);
      }
      out += "]}";
      chunks.Add(std::move(out));
    }
    return std::move(chunks.list());
  }

 private:
  // Per document (r.documents' order), the chunk of DocumentsChunks that lists it: its
  // original's (a copy of a copy is listed nowhere: chunk 0).
  std::vector<size_t> DocumentChunkOf() const {
    std::vector<size_t> chunk(r_.documents.size());
    std::unordered_map<std::string_view, size_t> original_chunk;
    size_t originals = 0;
    for (size_t i = 0; i < r_.documents.size(); ++i)
      if (!r_.documents[i].near_duplicate_of) original_chunk[r_.documents[i].id] = chunk[i] = originals++ / kOriginalsPerChunk;
    for (size_t i = 0; i < r_.documents.size(); ++i)
      if (const std::optional<std::string>& of = r_.documents[i].near_duplicate_of)
        if (auto it = original_chunk.find(*of); it != original_chunk.end()) chunk[i] = it->second;
    return chunk;
  }

  // An event's headline figures, one per measure (by measure name): the spread of its leading
  // series (the most figures) at its last date, "killed 12–15; injured 40"; a series with
  // undated figures only gives its first.
  std::string Headline(const std::map<std::string, const Series*>& lead) const {
    std::string out;
    for (const auto& [measure, s] : lead) {
      std::string figure;
      if (!s->points.empty()) {
        const TimelinePoint& p = s->points.back();
        if (p.low && p.high && *p.low != *p.high) figure = Grouped(*p.low) + "\xE2\x80\x93" + Grouped(*p.high);
        else if (p.best) figure = Grouped(*p.best);
        else if (p.low) figure = "\xE2\x89\xA5 " + Grouped(*p.low);
        else if (p.high) figure = "\xE2\x89\xA4 " + Grouped(*p.high);
      } else if (!s->undated.empty() && s->undated.front() < in_.claims.size()) {
        figure = FigureText(in_.claims[s->undated.front()]);
      }
      if (figure.empty()) continue;
      out += (out.empty() ? "" : "; ") + measure + " " + figure;
    }
    return out;
  }

  // The document's toll per measure, as text: "killed 7 (6 victims, 1 perpetrators); wounded 3".
  std::string Tolls(std::string_view id) const {
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
  // boundary marked by an ellipsis. Views of the text (or of the claim): a million rows are
  // written from them without a copy; a row that waits for its turn keeps an EvidenceCut.
  struct EvidenceView {
    std::string_view before, figure, after;
    bool cut_before = false, cut_after = false;  // an ellipsis before before, after after
  };
  struct EvidenceCut {
    std::string before, figure, after;
    explicit EvidenceCut(const EvidenceView& v)
        : before(v.cut_before ? kEllipsis + std::string(v.before) : std::string(v.before)),
          figure(v.figure),
          after(v.cut_after ? std::string(v.after) + kEllipsis : std::string(v.after)) {}
    EvidenceView view() const { return {before, figure, after}; }
  };
  static constexpr char kEllipsis[] = "\xE2\x80\xA6";

  // From the document's text in memory (none: the figure alone).
  EvidenceView Evidence(const Claim& c) const {
    const StoredDocument* d = DocOf(c.doc);
    return Evidence(c, d ? std::string_view(d->text) : std::string_view());
  }

  static EvidenceView Evidence(const Claim& c, std::string_view text) {
    if (c.evidence.empty() || text.empty()) return {{}, c.text, {}};
    const Span e = c.evidence.front();
    if (e.end > text.size() || e.begin > e.end) return {{}, c.text, {}};
    constexpr size_t kContext = 160;
    const size_t line_begin = text.rfind('\n', e.begin) == std::string_view::npos ? 0 : text.rfind('\n', e.begin) + 1;
    const size_t line_end = std::min(text.size(), text.find('\n', e.end));
    EvidenceView v{text.substr(line_begin, e.begin - line_begin), text.substr(e.begin, e.end - e.begin),
                   text.substr(e.end, line_end - e.end)};
    if (v.before.size() > kContext) {
      size_t cut = v.before.size() - kContext;
      const size_t space = v.before.find(' ', cut);
      cut = space == std::string_view::npos || space >= v.before.size() ? cut : space + 1;
      while (cut < v.before.size() && (static_cast<unsigned char>(v.before[cut]) & 0xC0) == 0x80) ++cut;
      v.before.remove_prefix(cut);
      v.cut_before = true;
    }
    if (v.after.size() > kContext) {
      size_t cut = kContext;
      const size_t space = v.after.rfind(' ', cut);
      cut = space == std::string_view::npos || space == 0 ? cut : space;
      while (cut > 0 && (static_cast<unsigned char>(v.after[cut]) & 0xC0) == 0x80) --cut;
      v.after = v.after.substr(0, cut);
      v.cut_after = true;
    }
    return v;
  }

  // The document stored under id, if any. Claims come in document order: the last one found is
  // asked for again and again.
  const StoredDocument* DocOf(std::string_view id) const {
    if (last_doc_ && last_doc_->id == id) return last_doc_;
    auto it = doc_.find(id);
    if (it == doc_.end()) return nullptr;
    return last_doc_ = it->second;
  }

  // A JSON string of prefix + s + suffix (JSON escapes byte by byte: the pieces escaped apart are
  // the whole escaped).
  static void AppendJsonPieces(std::string* out, std::string_view prefix, std::string_view s, std::string_view suffix) {
    out->push_back('"');
    for (std::string_view piece : {prefix, s, suffix}) {
      if (piece.empty()) continue;
      const size_t at = out->size();
      AppendJsonString(out, piece);
      out->pop_back();     // its closing quote
      out->erase(at, 1);   // its opening quote
    }
    out->push_back('"');
  }

  static void AppendInt(std::string* out, int64_t v) {
    char buf[24];
    const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
    out->append(buf, r.ptr);
  }

  // Claim i's row of the claims data, ev its sentence: [figure as shown, measure, qualifier,
  // party, source → via, date, outlets, document, low, best, high, evidence before, the figure
  // in the evidence (null when it is the figure as shown), evidence after, the source's names,
  // its event (its place in the reconciliation's events; -1 for none)],
  // the strings that repeat as indexes (ClaimRows). A million rows at 100,000 articles: fields
  // are appended where they are, not copied first.
  void Row(ClaimRows* data, size_t i, const EvidenceView& ev) const {
    std::string& out = data->out();
    const StoredClaim& sc = in_.claims[i];
    const Claim& c = sc.claim;
    out += i % kRowsPerChunk ? ",[" : "[";
    const std::string reviewed = sc.review == ReviewState::kUnreviewed ? std::string() : FigureText(sc);
    const std::string_view shown = sc.review == ReviewState::kUnreviewed ? std::string_view(c.text) : reviewed;
    AppendJsonString(&out, shown);
    out += ",";
    data->AppendCode(MeasureName(c.measure));
    out += ",";
    data->AppendCode(QualifierName(c.qualifier));
    out += ",";
    data->AppendCode(c.party ? std::string_view(*c.party) : std::string_view());
    out += ",";
    if (!c.source_role && c.via.empty()) {
      data->AppendCode(c.source ? std::string_view(*c.source) : std::string_view());
    } else {
      std::string who = c.source.value_or("");
      if (c.source_role) who += " (" + *c.source_role + ")";
      for (const std::string& v : c.via) who += " \xE2\x86\x92 " + v;
      data->AppendCode(who);
    }
    out += ",";
    data->AppendCode(r_.claim_date[i] ? std::string_view(*r_.claim_date[i]) : std::string_view());
    out += ",";
    AppendInt(&out, outlets_[i]);
    out += ",";
    data->AppendCode(c.doc);
    for (const std::optional<int64_t>& v : {c.value.low, c.value.best, c.value.high}) {
      out += ",";
      if (v) AppendInt(&out, *v);
      else out += "null";
    }
    out += ",";
    AppendJsonPieces(&out, ev.cut_before ? kEllipsis : "", ev.before, "");
    out += ",";
    if (ev.figure == shown) out += "null";
    else AppendJsonString(&out, ev.figure);
    out += ",";
    AppendJsonPieces(&out, "", ev.after, ev.cut_after ? kEllipsis : "");
    out += ",";
    data->AppendCode(NamesOf(i));
    out += ",";
    AppendInt(&out, claim_event_[i]);
    out += "]";
    data->EndRow();
  }

  // The name a claim's figures are drawn under: its entity's, else its source as written.
  std::string_view SourceOf(size_t i) const {
    if (const std::optional<std::string>& id = r_.claim_entity[i])
      if (auto it = entity_name_.find(*id); it != entity_name_.end()) return *it->second;
    const std::optional<std::string>& source = in_.claims[i].claim.source;
    return source ? std::string_view(*source) : std::string_view("unattributed");
  }

  // Every name the claim's source goes by (the entity's name and its variants), for the
  // table's filter: typing one spelling finds the claims made under the others.
  std::string_view NamesOf(size_t claim) const {
    const std::optional<std::string>& id = r_.claim_entity[claim];
    if (!id) return "";
    auto it = entity_names_.find(*id);
    return it == entity_names_.end() ? std::string_view() : std::string_view(it->second);
  }

  const LedgerInput& in_;
  std::unordered_map<std::string_view, std::vector<const Toll*>> tolls_;  // by document id, viewing in.tolls
  const Reconciliation& r_;
  std::unordered_map<std::string_view, const StoredDocument*> doc_;  // by id, viewing in.docs
  mutable const StoredDocument* last_doc_ = nullptr;  // DocOf's last answer
  std::vector<int> outlets_;  // per claim
  std::vector<int> claim_event_, doc_event_;  // per claim, per document: the event's place, or -1
  // entity id (viewing the reconciliation's entities) -> "name | variant | ...": looked up per claim
  std::unordered_map<std::string_view, std::string> entity_names_;
  std::unordered_map<std::string_view, const std::string*> entity_name_;  // entity id -> its name
};

}  // namespace

void WriteHtmlReport(const LedgerInput& in, const std::string& template_html,
                     const std::function<void(std::string_view)>& write) {
  Writer w(in);
  enum Part { kOverview, kSummary, kCharts, kChartsData, kChecksData, kClaims, kClaimsMore, kDocuments, kDocumentsMore,
              kEvents, kEventsMore };
  const std::pair<std::string_view, Part> names[] = {
      {"{{overview}}", kOverview},        {"{{summary}}", kSummary},          {"{{charts}}", kCharts},
      {"{{charts_json}}", kChartsData},   {"{{checks_json}}", kChecksData},   {"{{claims_json}}", kClaims},       {"{{claims_more}}", kClaimsMore},
      {"{{documents_json}}", kDocuments}, {"{{documents_more}}", kDocumentsMore}, {"{{events_json}}", kEvents},
      {"{{events_more}}", kEventsMore}};
  // each placeholder found in the template alone (its first occurrence) and filled as the page is
  // written, so text from an article ("{{claims}}" in a headline) is never taken for a
  // placeholder, and a big report's parts go out one by one rather than into one page string
  std::vector<std::pair<size_t, const std::pair<std::string_view, Part>*>> at;
  for (const auto& n : names)
    if (size_t pos = template_html.find(n.first); pos != std::string::npos) at.emplace_back(pos, &n);
  std::sort(at.begin(), at.end());
  auto has = [&](Part p) { return std::any_of(at.begin(), at.end(), [p](const auto& a) { return a.second->second == p; }); };
  // A data set's first chunk goes where its data placeholder is, before the page's script, which
  // draws the first screen from it; the rest after the script ({{..._more}}), so the browser
  // reads them after the first screen is drawn. Without a _more placeholder, all go in one place.
  std::optional<std::vector<std::string>> claims, documents, events;
  auto write_chunks = [&](std::vector<std::string>& chunks, size_t from, size_t to) {
    for (size_t k = from; k < std::min(to, chunks.size()); ++k) {
      if (k > from) write(std::string_view(&kChunkBreak, 1));
      write(chunks[k]);
      chunks[k] = std::string();  // each written once: a big report's chunks are freed as they go
    }
  };
  // the first chunk (or all, with no _more placeholder) or the rest, the chunks made once
  auto write_part = [&](std::optional<std::vector<std::string>>& chunks, std::vector<std::string> (Writer::*make)() const,
                        bool first, Part more) {
    if (!chunks) chunks = (w.*make)();
    if (first) write_chunks(*chunks, 0, has(more) ? 1 : chunks->size());
    else write_chunks(*chunks, 1, chunks->size());
  };
  const std::string_view page(template_html);
  size_t from = 0;
  for (const auto& [pos, n] : at) {
    write(page.substr(from, pos - from));
    switch (n->second) {
      case kOverview: write(w.Overview()); break;
      case kSummary: write(w.Summary()); break;
      case kCharts: write(w.Charts()); break;
      case kChartsData: {
        std::vector<std::string> charts = w.ChartsChunks();
        write_chunks(charts, 0, charts.size());
        break;
      }
      case kChecksData: {
        std::vector<std::string> checks = w.ChecksChunks();
        write_chunks(checks, 0, checks.size());
        break;
      }
      case kClaims:
      case kClaimsMore: write_part(claims, &Writer::ClaimsChunks, n->second == kClaims, kClaimsMore); break;
      case kDocuments:
      case kDocumentsMore: write_part(documents, &Writer::DocumentsChunks, n->second == kDocuments, kDocumentsMore); break;
      case kEvents:
      case kEventsMore: write_part(events, &Writer::EventsChunks, n->second == kEvents, kEventsMore); break;
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
