// reviewed tolls: a document's toll as its reviewed claims give it. Ingest stores each document's
// toll from its claims as extracted; once a person rejects or corrects one of them, the stored
// toll may rest on a figure the ledger no longer holds. Those documents' tolls are computed
// again, by the same rules (src/tolls), from their claims as reviewed: a rejected claim no longer
// counts, a corrected value replaces the extracted one.
//
// Input:  the documents (with text), every claim read with ClaimReading::kReviewedWithRejected
//         (document then place order), the tolls as stored.
// Output: the tolls in force, by document then measure: the stored ones of documents no review
//         changed, recomputed ones (Toll::reviewed) for the others. A toll's claims stay indexes
//         into the document's claims as extracted.
#pragma once

#include <vector>

#include "store/store.h"
#include "tally/pipeline.h"

namespace tally {

// Whether any claim of claims has a review that can change a toll (a rejection or correction,
// also one flagged since): only then do tolls need the lexicons.
bool TollsNeedReview(const std::vector<StoredClaim>& claims);

std::vector<Toll> ReviewedTolls(const Pipeline& pipeline, const std::vector<StoredDocument>& docs,
                                const std::vector<StoredClaim>& claims, std::vector<Toll> stored);

}  // namespace tally
