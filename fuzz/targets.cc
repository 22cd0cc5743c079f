#include "targets.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "common/calendar.h"
#include "dates/dates.h"
#include "ingest/ingest.h"
#include "ingest/warc.h"
#include "output/output.h"
#include "reconcile/reconcile.h"
#include "report/report.h"
#include "store/store.h"
#include "tally/pipeline.h"

namespace tally::fuzz {
namespace {

const Pipeline& SharedPipeline() {
  static const Pipeline pipeline(TALLY_SOURCE_DATA_DIR);
  return pipeline;
}

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

// What ingest accepts as an article (UTF-8, no NUL, not empty); other bytes never get further.
bool IsArticle(std::string_view bytes) { return CheckArticleBytes(bytes).ok(); }

// Skipped spans, tokens and sentences lie inside the text, in order.
void CheckSpans(const Document& doc) {
  uint32_t last = 0;
  for (const SkippedSpan& s : doc.skipped) {
    Require(s.span.begin >= last && s.span.begin <= s.span.end && s.span.end <= doc.text.size(), "skipped span out of order");
    last = s.span.end;
  }
  for (const Token& t : doc.tokens) Require(t.begin < t.end && t.end <= doc.text.size(), "token outside the text");
  for (const Sentence& s : doc.sentences)
    Require(s.first_token < s.end_token && s.end_token <= doc.tokens.size(), "sentence outside the tokens");
}

void CheckClaims(const Document& doc, const std::vector<Claim>& claims) {
  std::string out;
  for (const Claim& c : claims) {
    Require(!c.evidence.empty(), "claim without evidence");
    for (const Span& e : c.evidence) Require(e.begin < e.end && e.end <= doc.text.size(), "evidence outside the text");
    if (c.value.low && c.value.high) Require(*c.value.low <= *c.value.high, "claim interval low above high");
    AppendClaimJson(c, &out);
  }
}

RawDocument Raw(std::string_view bytes, Format format) {
  RawDocument raw;
  raw.id = "fuzz";
  raw.origin = "fuzz";
  raw.format = format;
  raw.bytes.assign(bytes);
  return raw;
}

// Reads a ledger file the way the reading commands do and renders it every way.
void ReadLedger(const std::string& path) {
  auto store = OpenSqliteStore(path, OpenMode::kReadOnly);
  if (!store.ok() || !(*store)->BeginRead().ok()) return;
  auto docs = (*store)->Documents(true);
  auto claims = (*store)->Claims();
  auto names = (*store)->Names();
  (*store)->EndRead();
  if (!docs.ok() || !claims.ok() || !names.ok()) return;
  const Reconciliation r = Reconcile(*docs, *claims, *names, TALLY_SOURCE_DATA_DIR "/lexicon/en/parties.tsv");
  ReconciliationJson(r, *docs, *claims);
  const LedgerInput in{*docs, *claims, r};
  const std::vector<LedgerRow> rows = LedgerRows(in);
  LedgerCsv(rows);
  LedgerJson(rows, true);
  LedgerText(rows, false);
  HtmlReport(in, "{{overview}}{{summary}}{{charts}}{{charts_json}}{{checks_json}}{{claims_json}}{{claims_more}}"
                 "{{documents_json}}{{documents_more}}{{events_json}}{{events_more}}");
}

}  // namespace

void Html(std::string_view bytes) {
  Document doc = SharedPipeline().Clean(Raw(bytes, Format::kHtml));
  CheckSpans(doc);
  // and read the way of pages over kStreamedPageBytes (libxml2's push parser, no tree)
  static const Pipeline streamed(TALLY_SOURCE_DATA_DIR, [] {
    Limits limits;
    limits.stream_html_above_bytes = 0;
    return limits;
  }());
  CheckSpans(streamed.Clean(Raw(bytes, Format::kHtml)));
}

void Warc(std::string_view bytes) {
  std::istringstream in{std::string(bytes)};
  WarcReader reader(in, "");
  constexpr size_t kMaxBlock = size_t{1} << 20;
  WarcRecord record;
  Status error;
  uint64_t last = 0;
  bool reported = false;
  for (size_t n = 0;; ++n) {
    // a record is tens of bytes, and gzip inflates at most ~1000 times; a damaged stretch (one
    // error) ends with a record
    Require(n <= 100 * (bytes.size() + 1), "more records than bytes");
    error = Status();
    const WarcReader::Got got = reader.Next(&record, kMaxBlock, [](const WarcRecord&) { return true; }, &error);
    if (got == WarcReader::Got::kEnd) break;
    if (got == WarcReader::Got::kError) {
      Require(!error.ok(), "an error without a message");
      Require(!reported, "a damaged stretch reported twice");  // an istringstream never fails to read
      reported = true;
      continue;
    }
    reported = false;
    Require(record.offset >= last, "record offsets go back");
    last = record.offset;
    Require(!record.held || record.block.size() == record.length, "held block of another length than Content-Length");
    if (!record.held) continue;
    Result<ArchivedResponse> http = ParseHttpResponse(std::move(record.block), kMaxBlock);
    if (!http.ok()) continue;
    Require(http->body.size() <= kMaxBlock, "body past the limit");
    MetaCharset(http->body);
    if (!http->charset.empty()) (void)DecodeToUtf8(http->body, http->charset);
  }
}

void Jsonl(std::string_view bytes) {
  Result<RawDocument> raw = ParseJsonlRecord(bytes, "fuzz:1");
  if (!raw.ok()) return;
  Document doc = SharedPipeline().Prepare(std::move(*raw));
  CheckSpans(doc);
  CheckClaims(doc, SharedPipeline().Extract(doc));
}

void Dates(std::string_view bytes) {
  if (auto iso = NormalizeIsoDate(bytes)) Require(iso->size() <= 10, "normalized date too long");
  if (!IsArticle(bytes)) return;
  RawDocument raw = Raw(bytes, Format::kText);
  raw.date = "2025-02-28";
  Document doc = SharedPipeline().Prepare(std::move(raw));
  for (const DateMention& m : doc.dates) {
    Require(m.begin < m.end && m.end <= doc.text.size(), "date mention outside the text");
    ResolveDate(m, doc.date);
    ResolveDate(m, "");
  }
}

void Numbers(std::string_view bytes) {
  if (!IsArticle(bytes)) return;
  Document doc = SharedPipeline().Prepare(Raw(bytes, Format::kText));
  for (const Quantity& q : doc.quantities) {
    Require(q.begin < q.end && q.end <= doc.text.size(), "quantity outside the text");
    if (q.value.low && q.value.high) Require(*q.value.low <= *q.value.high, "interval low above high");
  }
}

void Extract(std::string_view bytes) {
  if (bytes.empty()) return;
  const Format format = static_cast<unsigned char>(bytes[0]) & 1 ? Format::kHtml : Format::kText;
  bytes.remove_prefix(1);
  if (format == Format::kText && !IsArticle(bytes)) return;
  Document doc = SharedPipeline().Prepare(Raw(bytes, format));
  CheckSpans(doc);
  std::vector<NameVariant> names;
  CheckClaims(doc, SharedPipeline().Extract(doc, &names));
}

void Ledger(std::string_view bytes) {
  // a file per process: SQLite reads a path
  static const std::string path = "/tmp/tally-fuzz-ledger-" + std::to_string(getpid()) + ".db";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ReadLedger(path);
  unlink(path.c_str());
  unlink((path + "-wal").c_str());
  unlink((path + "-shm").c_str());
}

}  // namespace tally::fuzz

