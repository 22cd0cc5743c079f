#include "review/reviewed_tolls.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>

namespace tally {
namespace {

bool ChangesToll(ReviewState s) {
  return s == ReviewState::kRejected || s == ReviewState::kCorrected || s == ReviewState::kFlagged;
}

// The document as ingest prepared it, from its stored text: the text is what clean kept, and
// cleaning plain text keeps its bytes, so the claims' evidence spans point where they did.
std::optional<Document> Reprepared(const Pipeline& pipeline, const StoredDocument& d) {
  if (d.text.size() != d.text_bytes) return std::nullopt;  // read without its text
  RawDocument raw;
  raw.id = d.id;
  raw.origin = d.origin;
  raw.format = Format::kText;
  raw.bytes = d.text;
  raw.url = d.url;
  raw.title = d.title;
  raw.outlet = d.outlet;
  raw.date = d.date;
  raw.language = d.language;
  Document doc = pipeline.Prepare(std::move(raw));
  if (doc.text != d.text) return std::nullopt;
  return doc;
}

}  // namespace

bool TollsNeedReview(const std::vector<StoredClaim>& claims) {
  return std::any_of(claims.begin(), claims.end(), [](const StoredClaim& c) { return ChangesToll(c.review); });
}

std::vector<Toll> ReviewedTolls(const Pipeline& pipeline, const std::vector<StoredDocument>& docs,
                                const std::vector<StoredClaim>& claims, std::vector<Toll> stored) {
  std::set<std::string_view> changed;
  for (const StoredClaim& c : claims)
    if (ChangesToll(c.review)) changed.insert(c.claim.doc);
  if (changed.empty()) return stored;
  std::map<std::string_view, const StoredDocument*> doc_of;
  for (const StoredDocument& d : docs)
    if (changed.count(d.id)) doc_of[d.id] = &d;
  std::map<std::string, std::vector<Toll>> recomputed;
  for (size_t first = 0; first < claims.size();) {
    size_t end = first;
    while (end < claims.size() && claims[end].claim.doc == claims[first].claim.doc) ++end;
    const std::string& id = claims[first].claim.doc;
    auto d = doc_of.find(id);
    if (d != doc_of.end()) {
      if (std::optional<Document> doc = Reprepared(pipeline, *d->second)) {
        // the claims in force, and where each stands among the document's claims as extracted
        std::vector<Claim> kept;
        std::vector<size_t> ordinal;
        for (size_t i = first; i < end; ++i)
          if (claims[i].review != ReviewState::kRejected) {
            kept.push_back(claims[i].claim);
            ordinal.push_back(i - first);
          }
        std::vector<Toll> tolls = pipeline.Tolls(*doc, kept);
        for (Toll& t : tolls) {
          for (size_t& c : t.claims) c = c < ordinal.size() ? ordinal[c] : c;
          t.reviewed = true;
        }
        recomputed[id] = std::move(tolls);
      }
    }
    first = end;
  }
  // in the stored order, each recomputed document's tolls where its stored ones were (or, when
  // it had none, before the first document that sorts after it)
  std::vector<Toll> out;
  out.reserve(stored.size());
  auto pending = recomputed.begin();
  std::set<std::string> emitted;
  const auto emit = [&](const std::string& id) {
    if (!emitted.insert(id).second) return;
    for (Toll& t : recomputed[id]) out.push_back(std::move(t));
  };
  for (Toll& t : stored) {
    for (; pending != recomputed.end() && pending->first < t.doc; ++pending) emit(pending->first);
    if (recomputed.count(t.doc)) emit(t.doc);
    else out.push_back(std::move(t));
  }
  for (; pending != recomputed.end(); ++pending) emit(pending->first);
  return out;
}

}  // namespace tally
