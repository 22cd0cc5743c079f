// How the API writes what it serves: JSON objects for claims, documents, reviews and audit rows,
// CSV for exports. Private to serve.
#pragma once

#include <string>
#include <vector>

#include "serve/ledger_view.h"

namespace tally {

// {"id":..,"review":..,"cluster":..,"disagreement":..,"resolved_date":..,"claim":{spec record}}
void AppendApiClaim(const LedgerView& v, size_t i, std::string* out);
// A document's metadata (no text) with its number of claims.
void AppendApiDocument(const LedgerView& v, size_t d, std::string* out);
void AppendAuditRow(const AuditRow& a, std::string* out);
void AppendReview(const Review& r, std::string* out);
// {"error":{"status":N,"message":".."}}
std::string ErrorJson(int status, const std::string& message);

// The claims (indexes into v.claims) as CSV with a header row, reviewed values and state.
std::string ClaimsCsv(const LedgerView& v, const std::vector<size_t>& claims);

}  // namespace tally
