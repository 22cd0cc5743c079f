// The HTML report's data: claims with evidence cut at word boundaries, markup kept inert inside
// the page's script, every name of a merged source searchable; the charts' series as the page
// draws them (sources and their claims, from the timeline); texts streamed or in memory alike.
#include <gtest/gtest.h>

#include <simdjson.h>
#include <zlib.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "report/report.h"

namespace tally {
namespace {

// Columns of a claims row (src/report/html_report.cc, ClaimsJson).
constexpr size_t kDate = 5, kBest = 9, kBefore = 11, kFigure = 12, kAfter = 13, kNames = 14, kEvent = 15;
const std::string kEllipsis = "\xE2\x80\xA6";

struct Ledger {
  std::vector<StoredDocument> docs;
  std::vector<StoredClaim> claims;
  Reconciliation r;
};

// One document holding text, one claim on the first occurrence of figure in it.
Ledger OneClaim(const std::string& text, const std::string& figure) {
  Ledger l;
  StoredDocument d;
  d.id = "d1";
  d.text = text;
  l.docs.push_back(d);
  StoredClaim sc;
  sc.claim.doc = "d1";
  sc.claim.text = figure;
  sc.claim.measure = Measure::kKilled;
  sc.claim.value = {40, 40, 40};
  const size_t at = text.find(figure);
  sc.claim.evidence.push_back({static_cast<uint32_t>(at), static_cast<uint32_t>(at + figure.size())});
  sc.claim.source = "Mara Velt";
  l.claims.push_back(sc);
  l.r.claim_entity.push_back(std::nullopt);
  l.r.claim_date.push_back(std::nullopt);
  return l;
}

// base64 then gunzip, as the page's script does with a big report's data.
std::string Unpack(const std::string& b64) {
  std::string bytes;
  uint32_t acc = 0;
  int bits = 0;
  for (char ch : b64) {
    const char* at = std::strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", ch);
    if (ch == '=' || !at) break;
    acc = (acc << 6) | static_cast<uint32_t>(at - "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    if ((bits += 6) >= 8) bytes.push_back(static_cast<char>((acc >> (bits -= 8)) & 0xFF));
  }
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(1 << 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(bytes.data());
  z.avail_in = static_cast<uInt>(bytes.size());
  int rc;
  do {
    if (z.total_out == out.size()) out.resize(out.size() * 2);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + z.total_out);
    z.avail_out = static_cast<uInt>(out.size() - z.total_out);
    rc = inflate(&z, Z_NO_FLUSH);
  } while (rc == Z_OK);
  EXPECT_EQ(rc, Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

// A report data element's chunks (one a line), each as JSON: unpacked when compressed.
std::vector<std::string> DataChunks(const LedgerInput& in, const std::string& placeholder) {
  const std::string data = HtmlReport(in, placeholder);
  EXPECT_EQ(data.find('<'), std::string::npos) << "a '<' would let article text close the script";
  std::vector<std::string> chunks;
  for (size_t at = 0; at < data.size();) {
    size_t end = data.find('\n', at);
    if (end == std::string::npos) end = data.size();
    std::string chunk = data.substr(at, end - at);
    if (!chunk.empty() && chunk[0] != '{' && chunk[0] != '[') chunk = Unpack(chunk);
    chunks.push_back(chunk);
    at = end + 1;
  }
  return chunks;
}

// The claims rows the report embeds, parsed back: the strings a row names by index put back
// (src/report/html_report.cc, ClaimRows), the figure in the evidence spelled out.
std::vector<std::vector<std::string>> Rows(const LedgerInput& in) {
  constexpr size_t kCoded[] = {1, 2, 3, 4, 5, 7, 14};
  std::vector<std::vector<std::string>> rows;
  simdjson::dom::parser parser;
  for (const std::string& chunk : DataChunks(in, "{{claims_json}}")) {
    simdjson::dom::element root = parser.parse(chunk);
    std::vector<std::string> strings;
    for (simdjson::dom::element v : root["s"].get_array()) strings.emplace_back(std::string_view(v));
    for (simdjson::dom::element row : root["r"].get_array()) {
      std::vector<std::string> cells;
      for (simdjson::dom::element cell : row.get_array()) {
        if (cell.is_string()) cells.emplace_back(std::string_view(cell));
        else if (cell.is_int64()) cells.push_back(std::to_string(int64_t(cell)));
        else cells.emplace_back();
      }
      for (size_t k : kCoded) cells[k] = strings.at(std::stoul(cells[k]));
      if (row.at(kFigure).is_null()) cells[kFigure] = cells[0];
      rows.push_back(cells);
    }
  }
  return rows;
}

std::vector<std::vector<std::string>> Rows(const Ledger& l) { return Rows(LedgerInput{l.docs, l.claims, l.r}); }

TEST(Report, EvidenceIsCutAtWordBoundariesWithAnEllipsis) {
  std::string before, after;
  for (int i = 0; i < 40; ++i) before += "word" + std::to_string(i) + " ";
  for (int i = 0; i < 40; ++i) after += " tail" + std::to_string(i);
  const Ledger l = OneClaim(before + "40 people" + after + ".\n", "40 people");
  const auto rows = Rows(l);
  ASSERT_EQ(rows.size(), 1u);
  const std::string& b = rows[0][kBefore];
  const std::string& a = rows[0][kAfter];
  EXPECT_EQ(rows[0][kFigure], "40 people");
  ASSERT_EQ(b.rfind(kEllipsis, 0), 0u) << b;
  ASSERT_GE(a.size(), kEllipsis.size());
  EXPECT_EQ(a.substr(a.size() - kEllipsis.size()), kEllipsis) << a;
  // whole words on both sides: what follows the ellipsis starts a word of the text, and what
  // precedes the trailing ellipsis ends one
  const std::string kept_before = b.substr(kEllipsis.size());
  EXPECT_EQ(kept_before.rfind("word", 0), 0u) << kept_before;
  EXPECT_NE(before.find(" " + kept_before), std::string::npos);
  const std::string kept_after = a.substr(0, a.size() - kEllipsis.size());
  EXPECT_NE((after + " ").find(kept_after + " "), std::string::npos) << kept_after;
  EXPECT_LE(kept_before.size(), 160u);
  EXPECT_LE(kept_after.size(), 160u);
}

TEST(Report, ShortEvidenceIsWholeAndStopsAtTheLine) {
  const Ledger l = OneClaim("Headline\nOfficials said 40 people died.\nNext paragraph.\n", "40 people");
  const auto rows = Rows(l);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][kBefore], "Officials said ");
  EXPECT_EQ(rows[0][kAfter], " died.");
  EXPECT_EQ(rows[0][kBest], "40");
}

TEST(Report, MarkupInArticlesStaysTextInsideTheScript) {
  const Ledger l = OneClaim("</script><script>alert(1)</script> 40 people were killed.\n", "40 people");
  const auto rows = Rows(l);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][kBefore], "</script><script>alert(1)</script> ");
}

TEST(Report, EveryNameOfAMergedSourceIsSearchable) {
  Ledger l = OneClaim("Mara Velt said 40 people were killed.\n", "40 people");
  Entity e;
  e.id = "e1";
  e.name = "Mara Velt";
  e.variants = {"Mara Velt", "M. Velt", "Marа Veltová"};
  l.r.entities.push_back(e);
  l.r.claim_entity[0] = "e1";
  const auto rows = Rows(l);
  ASSERT_EQ(rows.size(), 1u);
  for (const std::string& v : e.variants) EXPECT_NE(rows[0][kNames].find(v), std::string::npos) << v;
}

// What a person confirmed is marked: the report's figure, the ledger's rows in every format.
TEST(Report, ReviewedFiguresAreMarked) {
  Ledger l = OneClaim("Mara Velt said 40 people were killed.\n", "40 people");
  l.claims[0].claim.value = {41, 41, 41};
  l.claims[0].review = ReviewState::kCorrected;
  EXPECT_EQ(Rows(l)[0][0], "41 \xE2\x9C\x93 reviewed") << "a corrected figure shows the reviewer's number";
  l.claims[0].review = ReviewState::kAccepted;
  EXPECT_EQ(Rows(l)[0][0], "40 people \xE2\x9C\x93 reviewed");
  Cluster c;
  c.id = "c1";
  c.measure = Measure::kKilled;
  c.source = "Mara Velt";
  c.outlets = 1;
  c.members = {0};
  l.r.clusters.push_back(c);
  l.claims[0].review = ReviewState::kCorrected;
  std::vector<LedgerRow> rows = LedgerRows({l.docs, l.claims, l.r});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].review, ReviewState::kCorrected);
  EXPECT_NE(LedgerText(rows, false).find("41 \xE2\x9C\x93"), std::string::npos) << LedgerText(rows, false);
  EXPECT_NE(LedgerLegend(rows).find("a person confirmed"), std::string::npos);
  EXPECT_NE(LedgerJson(rows, true).find("\"review\":\"corrected\""), std::string::npos);
  EXPECT_NE(LedgerCsv(rows).find(",corrected\r\n"), std::string::npos) << LedgerCsv(rows);
  l.claims[0].review = ReviewState::kUnreviewed;
  rows = LedgerRows({l.docs, l.claims, l.r});
  EXPECT_NE(LedgerText(rows, false).find("40 people  "), std::string::npos) << "unreviewed: as written, unmarked";
  EXPECT_EQ(LedgerLegend(rows).find("a person confirmed"), std::string::npos);
}

TEST(Report, BigDataIsCompressedAndComesBackWhole) {
  Ledger l = OneClaim("Officials said 40 people died.\n", "40 people");
  for (int i = 1; i < 30000; ++i) {  // several megabytes: compressed a piece at a time
    StoredClaim c = l.claims[0];
    c.id = i;
    c.claim.value = {i, i, i};
    l.claims.push_back(c);
    l.r.claim_entity.push_back(std::nullopt);
    l.r.claim_date.push_back("2025-01-02");
  }
  const std::string data = HtmlReport({l.docs, l.claims, l.r}, "{{claims_json}}");
  ASSERT_FALSE(data.empty());
  EXPECT_EQ(data[0], '{') << "the first chunk, which the first screen is drawn from, stays plain";
  const size_t second = data.find('\n');
  ASSERT_NE(second, std::string::npos) << "30,000 rows are chunks";
  EXPECT_EQ(data.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n", second),
            std::string::npos)
      << "past 64 KB the other chunks are compressed";
  EXPECT_EQ(DataChunks({l.docs, l.claims, l.r}, "{{claims_json}}").size(), 15u) << "2,000 rows a chunk";
  // with a place for the rest after the page's script, the first chunk alone goes first
  const std::string first = HtmlReport({l.docs, l.claims, l.r}, "{{claims_json}}|{{claims_more}}");
  EXPECT_EQ(first.substr(0, first.find('|')), data.substr(0, second));
  EXPECT_EQ(first.substr(first.find('|') + 1), data.substr(second + 1));
  const auto rows = Rows(l);
  ASSERT_EQ(rows.size(), 30000u);
  for (size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i][kBest], std::to_string(i == 0 ? 40 : i));
    ASSERT_EQ(rows[i][kFigure], "40 people");
  }
}

// The ledger command reads documents without their texts and hands the texts over one at a time:
// the rows quote the same sentences as when every text is in memory.
TEST(Report, LedgerRowsQuoteStreamedTextsAsLoadedOnes) {
  Ledger l = OneClaim("A first line.\nRescuers said on Monday that 40 people died. Later news.\n", "40 people");
  StoredDocument other;
  other.id = "d0";
  other.text = "Unrelated text that no row quotes.";
  l.docs.insert(l.docs.begin(), other);
  Cluster c;
  c.id = "c1";
  c.measure = Measure::kKilled;
  c.source = "Mara Velt";
  c.outlets = 1;
  c.members = {0};
  l.r.clusters.push_back(c);
  const std::vector<LedgerRow> loaded = LedgerRows({l.docs, l.claims, l.r});
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].evidence, "Rescuers said on Monday that 40 people died.");

  std::vector<StoredDocument> without = l.docs;
  for (StoredDocument& d : without) {
    d.text_bytes = d.text.size();
    d.text.clear();
  }
  size_t handed = 0;
  LedgerInput in{without, l.claims, l.r};
  in.texts = [&](const std::function<void(std::string_view, std::string_view)>& each) {
    for (const StoredDocument& d : l.docs) {
      ++handed;
      each(d.id, d.text);
    }
  };
  const std::vector<LedgerRow> streamed = LedgerRows(in);
  EXPECT_EQ(handed, 2u);
  EXPECT_EQ(LedgerCsv(streamed), LedgerCsv(loaded));
  // without texts and without a way to read them: no sentence, and no crash
  EXPECT_EQ(LedgerRows({without, l.claims, l.r})[0].evidence, "");
}

// The page written in pieces is the page built whole, and a placeholder written inside an
// article's text is left as text.
TEST(Report, PageWrittenInPiecesIsThePageBuiltWhole) {
  Ledger l = OneClaim("Officials said 40 people died {{charts}}.\n", "40 people");
  const std::string page = "<p>{{overview}}</p>{{claims_json}}<i>{{charts}}</i>{{overview}}";
  std::string pieces;
  size_t count = 0;
  WriteHtmlReport({l.docs, l.claims, l.r}, page, [&](std::string_view piece) {
    pieces += piece;
    ++count;
  });
  EXPECT_EQ(pieces, HtmlReport({l.docs, l.claims, l.r}, page));
  EXPECT_GT(count, 3u);
  EXPECT_EQ(pieces.rfind("{{overview}}"), pieces.size() - std::strlen("{{overview}}")) << "only the first is filled";
  EXPECT_EQ(pieces.find("{{claims_json}}"), std::string::npos);
}

// The report hands the texts over one at a time (the report command reads documents without
// them): its rows quote the same sentences as with every text in memory, whatever order the
// texts come in; a document the stream never hands over leaves its rows without a sentence.
TEST(Report, ClaimsQuoteStreamedTextsAsLoadedOnes) {
  Ledger l = OneClaim("A first line.\nRescuers said on Monday that 40 people died. Later news.\n", "40 people");
  for (int k = 2; k <= 4; ++k) {
    StoredDocument d;
    d.id = "d" + std::to_string(k);
    d.text = "Report " + std::to_string(k) + ": " + std::to_string(10 * k) + " people were hurt.\n";
    l.docs.push_back(d);
    StoredClaim c = l.claims[0];
    c.claim.doc = d.id;
    c.claim.text = std::to_string(10 * k) + " people";
    const size_t at = d.text.find(c.claim.text);
    c.claim.evidence = {{static_cast<uint32_t>(at), static_cast<uint32_t>(at + c.claim.text.size())}};
    l.claims.push_back(c);
    l.r.claim_entity.push_back(std::nullopt);
    l.r.claim_date.push_back(std::nullopt);
  }
  // a second claim of the first document, after the others
  l.claims.push_back(l.claims[0]);
  l.r.claim_entity.push_back(std::nullopt);
  l.r.claim_date.push_back(std::nullopt);
  const auto loaded = Rows(l);
  ASSERT_EQ(loaded.size(), 5u);
  EXPECT_EQ(loaded[2][kBefore], "Report 3: ");
  EXPECT_EQ(loaded[4][kBefore], "Rescuers said on Monday that ");

  std::vector<StoredDocument> without = l.docs;
  for (StoredDocument& d : without) {
    d.text_bytes = d.text.size();
    d.text.clear();
  }
  for (const bool reversed : {false, true}) {
    size_t handed = 0;
    LedgerInput in{without, l.claims, l.r};
    in.texts = [&](const std::function<void(std::string_view, std::string_view)>& each) {
      for (size_t k = 0; k < l.docs.size(); ++k) {
        const StoredDocument& d = l.docs[reversed ? l.docs.size() - 1 - k : k];
        ++handed;
        each(d.id, d.text);
      }
    };
    EXPECT_EQ(Rows(in), loaded) << (reversed ? "texts in reverse order" : "texts in document order");
    EXPECT_EQ(handed, l.docs.size());
  }
  // a text the stream leaves out: its claims show their figure alone, the others their sentences
  LedgerInput in{without, l.claims, l.r};
  in.texts = [&](const std::function<void(std::string_view, std::string_view)>& each) {
    for (const StoredDocument& d : l.docs)
      if (d.id != "d3") each(d.id, d.text);
  };
  const auto partial = Rows(in);
  ASSERT_EQ(partial.size(), 5u);
  EXPECT_EQ(partial[2][kBefore], "");
  EXPECT_EQ(partial[2][kFigure], "30 people");
  EXPECT_EQ(partial[3], loaded[3]);
  EXPECT_EQ(partial[4], loaded[4]);
}

// The charts are drawn by the page from their data: per series, its title and measure, whether
// it has undated claims, its sources in the order they first appear among its claims (the
// entity's name for a merged source) and each source's claims, indexes into the claims rows.
TEST(Report, ChartDataIsTheTimeline) {
  Ledger l;
  StoredDocument d;
  d.id = "d1";
  d.text = "Figures.\n";
  l.docs.push_back(d);
  // claim: source as written, entity, date, value
  const struct {
    const char* source;
    const char* entity;
    const char* date;
    int64_t value;
  } kClaims[] = {{"Police", nullptr, "2025-03-01", 10},     {"Dr. Ana Lind", "e1", "2025-03-01", 12},
                 {"Police", nullptr, "2025-03-02", 14},     {"Ana Lind", "e1", "2025-03-03", 20},
                 {"Rescuers", nullptr, nullptr, 9},         {"Police", nullptr, "2025-03-02", 3}};
  for (const auto& k : kClaims) {
    StoredClaim sc;
    sc.claim.doc = "d1";
    sc.claim.text = std::to_string(k.value);
    sc.claim.measure = Measure::kKilled;
    sc.claim.value = {k.value, k.value, k.value};
    sc.claim.source = k.source;
    l.claims.push_back(sc);
    l.r.claim_entity.push_back(k.entity ? std::optional<std::string>(k.entity) : std::nullopt);
    l.r.claim_date.push_back(k.date ? std::optional<std::string>(k.date) : std::nullopt);
  }
  l.claims[5].claim.measure = Measure::kWounded;
  Entity e;
  e.id = "e1";
  e.name = "Ana Lind";
  e.variants = {"Ana Lind", "Dr. Ana Lind"};
  l.r.entities.push_back(e);
  Series killed;
  killed.party = "Eastland";
  killed.measure = Measure::kKilled;
  for (size_t i : {0, 1, 2, 3}) {  // in date order, as the timeline holds them
    Figure f;
    f.source = l.claims[i].claim.source.value_or("");
    f.claim = i;
    f.from = *l.r.claim_date[i];
    killed.figures.push_back(f);
  }
  killed.undated = {4};
  Series wounded;
  wounded.measure = Measure::kWounded;
  Figure f;
  f.source = "Police";
  f.claim = 5;
  f.from = "2025-03-02";
  wounded.figures.push_back(f);
  l.r.timeline = {killed, wounded};

  const std::string page = HtmlReport({l.docs, l.claims, l.r}, "{{charts}}");
  EXPECT_NE(page.find("data-chart=\"0\""), std::string::npos) << page;
  EXPECT_NE(page.find("data-chart=\"1\""), std::string::npos) << page;
  EXPECT_EQ(page.find("<svg"), std::string::npos) << "drawn by the page, not here";

  const std::vector<std::string> charts = DataChunks({l.docs, l.claims, l.r}, "{{charts_json}}");
  ASSERT_EQ(charts.size(), 2u) << "a chunk per chart";
  simdjson::dom::parser parser, parser2;
  auto strings = [](simdjson::dom::element a) {
    std::vector<std::string> out;
    for (simdjson::dom::element v : a.get_array()) out.emplace_back(std::string_view(v));
    return out;
  };
  auto indexes = [](simdjson::dom::element a) {  // each index after a list's first is its distance from the one before
    std::vector<std::vector<int64_t>> out;
    for (simdjson::dom::element list : a.get_array()) {
      out.emplace_back();
      for (simdjson::dom::element v : list.get_array())
        out.back().push_back(out.back().empty() ? int64_t(v) : out.back().back() + int64_t(v));
    }
    return out;
  };
  simdjson::dom::element first = parser.parse(charts[0]);
  EXPECT_EQ(std::string_view(first["title"]), "Eastland \xE2\x80\x94 killed");
  EXPECT_EQ(std::string_view(first["measure"]), "killed");
  EXPECT_TRUE(bool(first["undated"]));
  EXPECT_EQ(strings(first["sources"]), (std::vector<std::string>{"Police", "Ana Lind", "Rescuers"}));
  EXPECT_EQ(indexes(first["claims"]), (std::vector<std::vector<int64_t>>{{0, 2}, {1, 3}, {4}}));
  simdjson::dom::element second = parser2.parse(charts[1]);
  EXPECT_EQ(std::string_view(second["title"]), "No party \xE2\x80\x94 wounded");
  EXPECT_FALSE(bool(second["undated"]));
  EXPECT_EQ(strings(second["sources"]), (std::vector<std::string>{"Police"}));
  EXPECT_EQ(indexes(second["claims"]), (std::vector<std::vector<int64_t>>{{5}}));
  // the rows the page places the figures by: value and date of each claim the chart names
  const auto rows = Rows(l);
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[3][kBest], "20");
  EXPECT_EQ(rows[3][kDate], "2025-03-03");
  EXPECT_EQ(rows[4][kDate], "");
}

// The documents list: originals in chunks, each followed by its near-duplicates, the first
// chunk saying how many there are; a card's checks past the first three are data read on demand.
TEST(Report, DocumentsComeWithTheirCopiesAndChecksPastThreeAreData) {
  Ledger l = OneClaim("Officials said 40 people died.\n", "40 people");
  for (const char* id : {"d2", "d3"}) {
    StoredDocument d;
    d.id = id;
    l.docs.push_back(d);
  }
  l.r.documents = {{"d1", "outlet", std::nullopt}, {"d2", "outlet", std::nullopt}, {"d3", "outlet", "d1"}};
  const std::vector<std::string> docs = DataChunks({l.docs, l.claims, l.r}, "{{documents_json}}");
  ASSERT_EQ(docs.size(), 1u);
  simdjson::dom::parser parser;
  simdjson::dom::element first = parser.parse(docs[0]);
  EXPECT_EQ(int64_t(first["total"]), 3);
  EXPECT_EQ(int64_t(first["originals"]), 2);
  std::vector<std::string> order;
  for (simdjson::dom::element d : first["d"].get_array()) order.emplace_back(std::string_view(d.at(0)));
  EXPECT_EQ(order, (std::vector<std::string>{"d1", "d3", "d2"})) << "a copy right after its original";

  Series s;
  s.measure = Measure::kKilled;
  for (int k = 0; k < 5; ++k) s.checks.push_back("check " + std::to_string(k));
  l.r.timeline = {s};
  const std::string summary = HtmlReport({l.docs, l.claims, l.r}, "{{summary}}");
  EXPECT_NE(summary.find("check 2"), std::string::npos);
  EXPECT_EQ(summary.find("check 3"), std::string::npos) << summary;
  EXPECT_NE(summary.find("data-checks=\"0\"><summary>2 more checks"), std::string::npos) << summary;
  const std::vector<std::string> checks = DataChunks({l.docs, l.claims, l.r}, "{{checks_json}}");
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0], "[\"check 3\",\"check 4\"]");
}

// The events list (issue 14): largest first, each with its date span, counts, headline figures
// and disagreements, and the chunks that hold its claims and documents; every claims row and
// documents row names its event, and the summary cards and charts say whose they are, so the
// page shows one event from the data it already holds.
TEST(Report, EventsListAndRowsNameTheirEvent) {
  Ledger l = OneClaim("Officials said 40 people died.\n", "40 people");
  for (const char* id : {"d2", "d3"}) {
    StoredDocument d;
    d.id = id;
    d.text = "Police said 30 people died.\n";
    l.docs.push_back(d);
  }
  for (int k = 0; k < 2; ++k) {
    StoredClaim sc = l.claims[0];
    sc.claim.doc = k == 0 ? "d2" : "d3";
    sc.claim.value = {30 + 10 * k, 30 + 10 * k, 30 + 10 * k};
    sc.claim.source = k == 0 ? "Police" : "Hospital";
    sc.claim.evidence.clear();
    l.claims.push_back(sc);
    l.r.claim_entity.push_back(std::nullopt);
    l.r.claim_date.push_back("2025-03-0" + std::to_string(k + 1));
  }
  l.r.documents = {{"d1", "outlet", std::nullopt}, {"d2", "outlet", std::nullopt}, {"d3", "outlet", std::nullopt}};
  Event small, big;
  small.id = "ev-small";
  small.label = "Small";
  small.docs = {0};
  small.claims = {0};
  big.id = "ev-big";
  big.label = "Big <b>";
  big.first = "2025-03-01";
  big.last = "2025-03-02";
  big.docs = {1, 2};
  big.claims = {1, 2};
  l.r.events = {small, big};
  l.r.doc_event = {0, 1, 1};
  Series s;
  s.event = 1;
  s.measure = Measure::kKilled;
  s.figures = {{"Police", std::nullopt, 1, "2025-03-01", std::nullopt, false, {}},
               {"Hospital", std::nullopt, 2, "2025-03-02", std::nullopt, false, {1}}};
  TimelinePoint p;
  p.date = "2025-03-02";
  p.low = 30;
  p.best = 35;
  p.high = 40;
  p.disagreement = true;
  s.points = {p};
  l.r.timeline = {s};
  const LedgerInput in{l.docs, l.claims, l.r};

  const std::vector<std::string> events = DataChunks(in, "{{events_json}}");
  ASSERT_EQ(events.size(), 1u);
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(events[0]);
  EXPECT_EQ(int64_t(root["total"]), 2);
  simdjson::dom::array list = root["e"].get_array();
  ASSERT_EQ(list.size(), 2u);
  simdjson::dom::element first = list.at(0);
  EXPECT_EQ(int64_t(first.at(0)), 1) << "the largest event first, named by its place";
  EXPECT_EQ(std::string_view(first.at(1)), "ev-big");
  EXPECT_EQ(std::string_view(first.at(2)), "Big <b>");
  EXPECT_EQ(std::string_view(first.at(3)), "2025-03-01");
  EXPECT_EQ(std::string_view(first.at(4)), "2025-03-02");
  EXPECT_EQ(int64_t(first.at(5)), 2);  // documents
  EXPECT_EQ(int64_t(first.at(6)), 2);  // claims
  EXPECT_EQ(int64_t(first.at(7)), 1);  // disagreements
  EXPECT_EQ(std::string_view(first.at(8)), "killed 30\xE2\x80\x93" "40");
  EXPECT_EQ(first.at(9).get_array().size(), 1u) << "its claims are in the first chunk";
  EXPECT_EQ(int64_t(list.at(1).at(0)), 0);

  const std::vector<std::vector<std::string>> rows = Rows(in);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][kEvent], "0");
  EXPECT_EQ(rows[1][kEvent], "1");
  EXPECT_EQ(rows[2][kEvent], "1");

  const std::vector<std::string> docs = DataChunks(in, "{{documents_json}}");
  simdjson::dom::element d = parser.parse(docs[0]);
  std::vector<int64_t> doc_events;
  for (simdjson::dom::element row : d["d"].get_array()) doc_events.push_back(int64_t(row.at(7)));
  EXPECT_EQ(doc_events, (std::vector<int64_t>{0, 1, 1}));

  const std::string page = HtmlReport(in, "{{summary}}{{charts}}");
  EXPECT_NE(page.find("class=\"card\" data-event=\"1\""), std::string::npos) << page;
  EXPECT_NE(page.find("class=\"chart\" data-event=\"1\""), std::string::npos) << page;

  // the page reads the events list before its script (the first screen draws it), the rest after
  std::ifstream file(TALLY_SOURCE_DATA_DIR "/templates/report.html");
  std::stringstream text;
  text << file.rdbuf();
  const std::string html = text.str();
  const size_t script = html.find("<script>");
  ASSERT_NE(script, std::string::npos);
  EXPECT_LT(html.find("{{events_json}}"), script);
  EXPECT_GT(html.find("{{events_more}}"), script);
  EXPECT_LT(html.find("id=\"events-table\""), html.find("id=\"summary\"")) << "the report opens on its events";
}

// Tens of thousands of events: the first chunk (the list's first screen) stays small.
TEST(Report, ManyEventsComeInChunksLargestFirst) {
  Ledger l = OneClaim("Officials said 40 people died.\n", "40 people");
  l.r.documents = {{"d1", "outlet", std::nullopt}};
  for (int k = 0; k < 1000; ++k) {
    Event e;
    e.id = "e" + std::to_string(k);
    if (k == 700) e.docs = {0};
    l.r.events.push_back(e);
  }
  l.r.events[700].claims = {0};
  const std::vector<std::string> events = DataChunks({l.docs, l.claims, l.r}, "{{events_json}}\n{{events_more}}");
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[0].find("\"e\":[[700,\"e700\""), events[0].find("\"e\":")) << events[0].substr(0, 200);
  EXPECT_LT(events[0].size(), 16000u);
}

}  // namespace
}  // namespace tally
