// report: reads a reconciled ledger; produces what people look at: the ledger as terminal
// text, CSV, JSON or JSONL, and a self-contained HTML report with timeline charts (drawn by
// the page's script from data the report embeds).
//
// Input:  the store's documents (with their texts, or the texts streamed: LedgerInput::texts),
//         claims and tolls, and their Reconciliation.
// Output: LedgerRows (one per source's figure: a cluster of re-reports), rendered by the
//         functions below. Every string from an article is escaped for its format.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconcile/reconcile.h"
#include "store/store.h"

namespace tally {

struct LedgerRow {
  std::optional<std::string> party;
  Measure measure = Measure::kOther;
  std::string text;  // the figure as written, from the cluster's first claim
  Qualifier qualifier = Qualifier::kExact;
  Interval value;
  std::optional<std::string> source, role;
  std::vector<std::string> via;
  std::optional<std::string> date;
  int outlets = 0;
  std::vector<std::string> docs;
  bool disagreement = false;  // its series has a point where sources disagree
  // what a person made of the row's claims: flagged (the extractor now reads one otherwise than
  // the reviewer saw) before corrected before accepted; unreviewed when none was reviewed
  ReviewState review = ReviewState::kUnreviewed;
  // from the row's first claim and its document, for the CSV
  std::optional<std::string> location;
  double confidence = 0;
  std::string evidence;  // the sentence the figure was read from (empty without document text)
  std::string url;
  std::optional<int64_t> evidence_start;
};

struct LedgerInput {
  const std::vector<StoredDocument>& docs;  // with their texts, or without and texts set
  const std::vector<StoredClaim>& claims;
  const Reconciliation& reconciliation;
  const std::vector<Toll>* tolls = nullptr;  // shown beside each document when given
  // When set and the documents come without their texts: calls each(id, text) once per document,
  // so that LedgerRows and the HTML report quote the evidence without every text in memory at
  // once. Called at most once.
  std::function<void(const std::function<void(std::string_view id, std::string_view text)>& each)> texts = {};
};

// Rows grouped by party then measure, each group in date order (undated last).
std::vector<LedgerRow> LedgerRows(const LedgerInput& in);

// Fixed columns for a 100-column terminal; ANSI colour when colour is true.
std::string LedgerText(const std::vector<LedgerRow>& rows, bool colour);
// One line explaining the terms the text uses ("(no party)", "sources disagree", "N outlets",
// the qualifiers that appear), for a reader at a terminal.
std::string LedgerLegend(const std::vector<LedgerRow>& rows);
// RFC 4180 CSV with a header row.
std::string LedgerCsv(const std::vector<LedgerRow>& rows);
// RFC 4180 CSV of the documents' tolls: one row per document and measure, with the
// document's outlet, date and title.
std::string TollCsv(const std::vector<StoredDocument>& docs, const std::vector<Toll>& tolls);
// One JSON array, or one object a line.
std::string LedgerJson(const std::vector<LedgerRow>& rows, bool lines);

// The HTML report, from template_html (data/templates/report.html) with its placeholders filled.
std::string HtmlReport(const LedgerInput& in, const std::string& template_html);
// The same page handed to write in pieces as it is made (a 100,000-article report is hundreds of
// megabytes: written as it goes, it is never held whole).
void WriteHtmlReport(const LedgerInput& in, const std::string& template_html,
                     const std::function<void(std::string_view)>& write);

}  // namespace tally
