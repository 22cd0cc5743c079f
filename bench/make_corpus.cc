// tally_corpus: builds the benchmark corpus deterministically from the project's own material.
//
// Input:  the claim passages of tests/data/claims.txt, the plain-text examples, sentences
//         without figures (bench/narrative.txt), and invented places, outlets and reporters
//         (bench/corpus_words.tsv).
// A share of the paragraphs (--figure-paragraphs, default 0.4) come from the figure-bearing
// passages, the rest are narrative: about two claims per KB, as dense as reporting that is all
// about casualty figures. --figure-paragraphs 1 gives the worst case: figures everywhere.
// Output: N news articles of about 5 KB (3 to 7 KB), each written as plain text
//         (OUT/txt/NNN/ID.txt), as a web page with navigation, share widgets, related links and
//         a footer (OUT/html/NNN/ID.html), and as one JSONL line (OUT/jsonl/corpus.jsonl).
//         With --formats warc, the web pages also go into a web archive as a crawler writes one
//         (OUT/warc/corpus.warc.gz): per page a request and a response record, one gzip member
//         each; every fifth response body gzip-encoded and chunked, as servers send them.
// Every article has a headline, a dateline, a byline, figures varied from the source passages
// (so that no two articles repeat and the furniture pass cannot skip them as repeats), and
// some page furniture. The same arguments always give the same bytes.
#include <CLI/CLI.hpp>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/lexicon.h"
#include "common/text.h"
#include "common/calendar.h"

namespace fs = std::filesystem;

namespace {

// splitmix64: tiny, fully specified, so the corpus is the same on every machine.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n ? static_cast<size_t>(Next() % n) : 0; }
  bool OneIn(size_t n) { return Below(n) == 0; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }

 private:
  uint64_t state_;
};

using Passage = std::vector<std::string>;  // paragraphs

struct Material {
  std::vector<Passage> passages;
  std::vector<std::string> narrative;  // sentences without figures
  std::vector<std::string> places, outlets, reporters;
};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error(p.string() + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Material LoadMaterial(const fs::path& root) {
  Material m;
  // claim passages: consecutive "> " lines are the paragraphs of one passage
  std::istringstream claims(ReadFile(root / "tests/data/claims.txt"));
  Passage current;
  for (std::string line; std::getline(claims, line);) {
    if (line.rfind("> ", 0) == 0) {
      current.push_back(line.substr(2));
    } else if (!current.empty()) {
      m.passages.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) m.passages.push_back(std::move(current));
  // example articles: each paragraph after the headline is a passage of its own
  std::vector<fs::path> examples;
  for (const auto& e : fs::directory_iterator(root / "examples"))
    if (e.path().extension() == ".txt") examples.push_back(e.path());
  std::sort(examples.begin(), examples.end());
  for (const fs::path& p : examples) {
    std::istringstream in(ReadFile(p));
    bool headline = true;
    for (std::string line; std::getline(in, line);) {
      if (tally::TrimSpaces(line).empty()) continue;
      if (headline) {
        headline = false;
        continue;
      }
      m.passages.push_back({line});
    }
  }
  std::istringstream narrative(ReadFile(root / "bench/narrative.txt"));
  for (std::string line; std::getline(narrative, line);)
    if (!tally::TrimSpaces(line).empty() && line[0] != '#') m.narrative.push_back(line);
  tally::TsvFile words = tally::ReadTsv((root / "bench/corpus_words.tsv").string(), 2, 2);
  for (const tally::TsvRow& r : words.rows) {
    if (r.fields[0] == "place") m.places.push_back(r.fields[1]);
    else if (r.fields[0] == "outlet") m.outlets.push_back(r.fields[1]);
    else if (r.fields[0] == "reporter") m.reporters.push_back(r.fields[1]);
    else words.Fail(r, "kind must be place, outlet or reporter");
  }
  if (m.passages.empty() || m.narrative.empty() || m.places.empty() || m.outlets.empty() || m.reporters.empty())
    throw std::runtime_error("benchmark material is incomplete");
  return m;
}

// Replaces the digits of figures of three or more digits (years kept) with random ones.
std::string VaryFigures(std::string_view s, Random* rng) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (!tally::IsAsciiDigit(s[i]) || (i > 0 && tally::IsAsciiDigit(s[i - 1]))) {
      out.push_back(s[i++]);
      continue;
    }
    size_t j = i, digits = 0;
    while (j < s.size() && (tally::IsAsciiDigit(s[j]) ||
                            ((s[j] == ',' || s[j] == '.') && j + 1 < s.size() && tally::IsAsciiDigit(s[j + 1])))) {
      digits += tally::IsAsciiDigit(s[j]);
      ++j;
    }
    std::string_view figure = s.substr(i, j - i);
    const bool year = figure.size() == 4 && digits == 4 && (figure.starts_with("19") || figure.starts_with("20"));
    if (digits < 3 || year) {
      out.append(figure);
    } else {
      bool first = true;
      for (char c : figure) {
        if (!tally::IsAsciiDigit(c)) out.push_back(c);
        else out.push_back(static_cast<char>('0' + (first ? 1 + rng->Below(9) : rng->Below(10))));
        first = false;
      }
    }
    i = j;
  }
  return out;
}

struct Article {
  std::string id, headline, place, outlet, reporter, date;  // date YYYY-MM-DD
  std::string dateline;                                     // "PLACE, March 4, 2026 (Outlet) - "
  std::vector<std::string> paragraphs;
  bool photo = false, share = false, related = false, appeal = false;
};

std::string Headline(const std::string& first_paragraph) {
  std::istringstream in(first_paragraph);
  std::string word, h;
  for (int n = 0; n < 10 && in >> word; ++n) h += (h.empty() ? "" : " ") + word;
  while (!h.empty() && std::string(".,;:\"").find(h.back()) != std::string::npos) h.pop_back();
  if (!h.empty()) h[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(h[0])));
  return h;
}

Article MakeArticle(const Material& m, size_t index, double figure_share, Random* rng) {
  static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                  "July",    "August",   "September", "October", "November", "December"};
  Article a;
  char id[32];
  std::snprintf(id, sizeof id, "a%06zu", index);
  a.id = id;
  a.place = rng->Pick(m.places);
  a.outlet = rng->Pick(m.outlets);
  a.reporter = rng->Pick(m.reporters);
  int y, mo, d;
  tally::CivilFromDays(tally::DaysFromCivil(2026, 1, 1) + static_cast<int64_t>(index % 365), &y, &mo, &d);
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", y, mo, d);
  a.date = date;
  a.dateline = a.place + ", " + kMonths[mo - 1] + " " + std::to_string(d) + ", " + std::to_string(y) + " (" +
               a.outlet + ") - ";
  const size_t target = 3000 + rng->Below(4000);
  size_t bytes = 0;
  constexpr size_t kPerMille = 1000;
  while (bytes < target) {
    if (a.paragraphs.empty() || rng->Below(kPerMille) < static_cast<size_t>(figure_share * kPerMille)) {
      for (const std::string& p : rng->Pick(m.passages)) a.paragraphs.push_back(VaryFigures(p, rng));
    } else {
      std::string p;
      for (size_t n = 2 + rng->Below(3); n > 0; --n) p += (p.empty() ? "" : " ") + rng->Pick(m.narrative);
      a.paragraphs.push_back(std::move(p));
    }
    bytes += a.paragraphs.back().size() + 2;
  }
  a.headline = Headline(a.paragraphs.front());
  a.photo = rng->OneIn(2);
  a.share = rng->OneIn(3);
  a.related = rng->OneIn(3);
  a.appeal = rng->OneIn(5);
  return a;
}

std::string AsText(const Article& a) {
  std::string s = a.headline + "\n\nBy " + a.reporter + "\n\n" + a.dateline;
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    s += a.paragraphs[i] + "\n\n";
    if (i == 1 && a.photo) s += "Photo: " + a.outlet + "/" + a.reporter + "\n\n";
  }
  if (a.appeal) s += "Support independent journalism. Donate now.\n\n";
  if (a.share) s += "Share\n\n";
  if (a.related) s += "Related\n" + a.place + " counts the cost\nWhat we know so far\n";
  return s;
}

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out.push_back(c);
  }
  return out;
}

std::string Url(const Article& a) { return "https://" + tally::AsciiLowerCopy(a.outlet.substr(0, 4)) + ".example/news/" + a.id; }

std::string AsHtml(const Article& a) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + Escape(a.headline) +
                  " | " + Escape(a.outlet) + "</title>\n<meta property=\"og:site_name\" content=\"" + Escape(a.outlet) +
                  "\">\n<meta property=\"article:published_time\" content=\"" + a.date +
                  "T09:00:00Z\">\n<link rel=\"canonical\" href=\"" + Url(a) +
                  "\">\n<style>body { font-family: sans-serif; }</style>\n"
                  "<script>window.dataLayer = window.dataLayer || []; dataLayer.push({page: 'article'});</script>\n"
                  "</head>\n<body>\n<nav class=\"main-nav\"><a href=\"/\">Home</a> <a href=\"/world\">World</a> "
                  "<a href=\"/weather\">Weather</a> <a href=\"/sport\">Sport</a></nav>\n"
                  "<div class=\"share-buttons\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Tweet</a></div>\n"
                  "<article>\n<h1>" + Escape(a.headline) + "</h1>\n<p class=\"byline\">By " + Escape(a.reporter) +
                  ", " + Escape(a.outlet) + "</p>\n";
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    h += "<p>" + Escape(i == 0 ? a.dateline + a.paragraphs[i] : a.paragraphs[i]) + "</p>\n";
    if (i == 1 && a.photo)
      h += "<figure><img src=\"photo.jpg\" alt=\"\"><figcaption>Photo: " + Escape(a.outlet) + "/" +
           Escape(a.reporter) + "</figcaption></figure>\n";
    if (i == 3) h += "<div class=\"ad-slot\">Advertisement</div>\n";
  }
  h += "</article>\n<aside class=\"sidebar\"><h3>Most read</h3><ul><li>Markets close higher</li>"
       "<li>Storm warning for the coast</li></ul></aside>\n"
       "<section class=\"related-links\"><h3>Related</h3><ul><li><a href=\"/a\">" + Escape(a.place) +
       " counts the cost</a></li></ul></section>\n<footer>&copy; 2026 " + Escape(a.outlet) +
       ". All rights reserved.</footer>\n</body>\n</html>\n";
  return h;
}

std::string AsJsonl(const Article& a) {
  std::string s;
  tally::JsonObject o(&s);
  o.Field("id", a.id).Field("title", a.headline).Field("outlet", a.outlet).Field("date", a.date).Field("url", Url(a));
  o.Field("text", AsText(a));
  o.Close();
  s.push_back('\n');
  return s;
}

std::string Gzip(const std::string& bytes) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("zlib");
  std::string out(deflateBound(&z, bytes.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int r = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (r != Z_STREAM_END) throw std::runtime_error("zlib");
  return out;
}

std::string WarcRecord(const std::string& type, const std::string& uri, const std::string& date,
                       const std::string& block, const std::string& content_type) {
  return "WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri + "\r\nWARC-Date: " + date +
         "\r\nContent-Type: " + content_type + "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" +
         block + "\r\n\r\n";
}

// A page as a crawler archives it: its request and its response, each a gzip member.
std::string AsWarc(const Article& a, const std::string& html, size_t i) {
  std::string url = Url(a);  // a host name without the outlet's spaces: a crawler only stores valid URLs
  std::replace(url.begin(), url.end(), ' ', '-');
  const std::string date = a.date + "T12:00:00Z";
  std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n";
  if (i % 5 == 4) {
    const std::string body = Gzip(html);
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", body.size());
    http += "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(size) + body + "\r\n0\r\n\r\n";
  } else {
    http += "Content-Length: " + std::to_string(html.size()) + "\r\n\r\n" + html;
  }
  const std::string request = "GET " + url + " HTTP/1.1\r\nUser-Agent: tally-bench\r\n\r\n";
  return Gzip(WarcRecord("request", url, date, request, "application/http; msgtype=request")) +
         Gzip(WarcRecord("response", url, date, http, "application/http; msgtype=response"));
}

void WriteFile(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << s;
  if (!out) throw std::runtime_error(p.string() + ": cannot write");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tally_corpus: build the benchmark corpus from the project's own material"};
  size_t articles = 100000;
  uint64_t seed = 1;
  double figure_share = 0.4;
  std::string out = "corpus", root = TALLY_SOURCE_ROOT;
  std::vector<std::string> formats = {"txt", "html", "jsonl"};
  app.add_option("-n,--articles", articles, "how many articles")->capture_default_str();
  app.add_option("-o,--out", out, "the folder to write")->capture_default_str();
  app.add_option("--formats", formats, "txt, html, jsonl, warc")->delimiter(',')->capture_default_str();
  app.add_option("--seed", seed, "the random seed")->capture_default_str();
  app.add_option("--figure-paragraphs", figure_share, "share of paragraphs taken from figure-bearing passages")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--root", root, "the tally source tree (tests/data, examples, bench)");
  CLI11_PARSE(app, argc, argv);
  auto wants = [&](const char* f) { return std::find(formats.begin(), formats.end(), f) != formats.end(); };
  try {
    const Material m = LoadMaterial(root);
    Random rng(seed);
    std::ofstream jsonl;
    if (wants("jsonl")) {
      fs::create_directories(fs::path(out) / "jsonl");
      jsonl.open(fs::path(out) / "jsonl" / "corpus.jsonl", std::ios::binary | std::ios::trunc);
    }
    std::ofstream warc;
    if (wants("warc")) {
      fs::create_directories(fs::path(out) / "warc");
      warc.open(fs::path(out) / "warc" / "corpus.warc.gz", std::ios::binary | std::ios::trunc);
    }
    size_t bytes[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < articles; ++i) {
      const Article a = MakeArticle(m, i, figure_share, &rng);
      char shard[16];
      std::snprintf(shard, sizeof shard, "%03zu", i / 1000);
      if (wants("txt")) {
        std::string t = AsText(a);
        bytes[0] += t.size();
        WriteFile(fs::path(out) / "txt" / shard / (a.id + ".txt"), t);
      }
      if (wants("html") || wants("warc")) {
        std::string h = AsHtml(a);
        if (wants("html")) {
          bytes[1] += h.size();
          WriteFile(fs::path(out) / "html" / shard / (a.id + ".html"), h);
        }
        if (wants("warc")) {
          const std::string w = AsWarc(a, h, i);
          bytes[3] += w.size();
          warc << w;
        }
      }
      if (wants("jsonl")) {
        std::string j = AsJsonl(a);
        bytes[2] += j.size();
        jsonl << j;
      }
    }
    if (jsonl.is_open() && !jsonl.flush()) throw std::runtime_error("cannot write corpus.jsonl");
    if (warc.is_open() && !warc.flush()) throw std::runtime_error("cannot write corpus.warc.gz");
    std::fprintf(stderr, "tally_corpus: %zu articles to %s: txt %.1f MB, html %.1f MB, jsonl %.1f MB, warc.gz %.1f MB\n",
                 articles, out.c_str(), bytes[0] / 1e6, bytes[1] / 1e6, bytes[2] / 1e6, bytes[3] / 1e6);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally_corpus: %s\n", e.what());
    return 1;
  }
  return 0;
}
