// output: writes documents, quantities and claims as text and JSON lines.
// Claim JSON follows ../shared/spec/claims.md field for field.
#pragma once

#include <string>
#include <vector>

#include "tally/claim.h"
#include "tally/document.h"
#include "tally/toll.h"

namespace tally {

// One JSON object (no newline) for a quantity mention: doc, start, end, text, low, high,
// best, value (the figure as written, decimals kept, or null), qualifier, type, and
// open_low, open_high, partitive when true.
void AppendQuantityJson(const Document& doc, const Quantity& q, std::string* out);

// One JSON object (no newline) for a claim.
void AppendClaimJson(const Claim& claim, std::string* out);

// One JSON object (no newline) for a document's toll of one measure (spec: "The document's toll").
void AppendTollJson(const Toll& toll, std::string* out);

// The kept text of a document: skipped spans removed. With show, the whole text with each
// skipped span bracketed as "[-reason: text-]".
std::string RenderClean(const Document& doc, bool show);

// The kept text with every claim marked inline after its evidence, for review and golden tests:
// "At least 42 [[killed at_least 42 | src: Interior Ministry | 2026-03-04]] people were ...".
// Skipped furniture is left out. Marks on later mentions of the same claim say "(again)".
std::string RenderAnnotated(const Document& doc, const std::vector<Claim>& claims);

// One JSON object a span, kept and skipped alike, in order: {"doc","start","end","kept","reason"}.
std::string RenderSpans(const Document& doc);

// The document's metadata as one JSON line: id, title, author, published, modified, outlet,
// url, language (null where unknown).
std::string RenderMetaJson(const Document& doc);

}  // namespace tally
