#include <xxhash.h>

#include <bit>
#include <unordered_map>
#include <cstdio>
#include <vector>

#include "common/json.h"
#include "common/text.h"
#include "store/store.h"

namespace tally {

uint64_t SimHash(const Document& doc) {
  // word tokens of the kept text, lower case; shingles of three. The shingle hash is part of
  // the stored format (ledgers compare old and new documents): do not change it.
  std::vector<std::string_view> words;
  words.reserve(doc.tokens.size());
  for (uint32_t i = 0; i < doc.tokens.size(); ++i)
    if (doc.tokens[i].kind != TokenKind::kPunct) words.push_back(doc.TokenLower(i));
  constexpr size_t kShingle = 3;
  // How many shingle hashes have each bit set, kept as a binary counter per bit position,
  // stored bit-sliced: bit b of plane[k] is bit k of bit b's count. Adding a hash is then a
  // ripple of whole-word operations (two on average) instead of 64 separate additions.
  uint64_t plane[64] = {0};
  size_t shingles = 0;
  std::string buf;
  for (size_t i = 0; i + kShingle <= words.size(); ++i, ++shingles) {
    buf.clear();
    for (size_t k = 0; k < kShingle; ++k) {
      buf.append(words[i + k]);
      buf.push_back(' ');
    }
    uint64_t carry = XXH64(buf.data(), buf.size(), 0);
    for (int k = 0; carry != 0; ++k) {
      const uint64_t overflow = plane[k] & carry;
      plane[k] ^= carry;
      carry = overflow;
    }
  }
  // bit b is set when more shingles have it than not
  const int planes = std::bit_width(shingles);  // no count is larger than shingles
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b) {
    uint64_t ones = 0;
    for (int k = 0; k < planes; ++k) ones |= ((plane[k] >> b) & 1) << k;
    if (2 * ones > shingles) out |= uint64_t{1} << b;
  }
  return out;
}

namespace {

// Everything stored about doc but its text.
StoredDocument Describe(const Document& doc) {
  StoredDocument s;
  s.id = doc.id;
  s.origin = doc.origin;
  s.url = doc.url;
  s.outlet = doc.outlet;
  s.title = doc.title;
  s.date = doc.date;
  s.language = doc.language;
  s.format = doc.format == Format::kHtml ? "html" : "text";
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH64(doc.text.data(), doc.text.size(), 0)));
  s.content_hash = hex;
  s.simhash = SimHash(doc);
  s.text_bytes = doc.text.size();
  JsonArray skipped(&s.skipped_json);
  for (const SkippedSpan& span : doc.skipped) {
    JsonArray one(skipped.Next());
    one.Int(span.span.begin).Int(span.span.end).String(span.reason);
    one.Close();
  }
  skipped.Close();
  JsonObject metadata(&s.metadata_json);
  for (const auto& [key, raw_json] : doc.metadata) metadata.Raw(key)->append(raw_json);  // already JSON: simdjson::minify
  metadata.Close();
  return s;
}

}  // namespace

StoredDocument ToStored(const Document& doc) {
  StoredDocument s = Describe(doc);
  s.text = doc.text;
  return s;
}

StoredDocument ToStored(Document&& doc) {
  StoredDocument s = Describe(doc);
  s.text = std::move(doc.text);
  return s;
}

Status CheckNotReplacing(Store& store, const StoredDocument& doc) {
  Result<std::optional<StoredDocument>> old = store.FindDocument(doc.id);
  if (!old.ok()) return old.status();
  if (!*old || (*old)->content_hash == doc.content_hash) return Status::Ok();
  return Status::InvalidInput("id \"" + doc.id + "\" is already in the ledger with different content (from " +
                              (*old)->origin + "); not stored (--replace replaces it)");
}

ReviewsInForce::ReviewsInForce(const std::vector<Review>& reviews) {
  for (const Review& r : reviews) latest_[TargetName(r.key)] = &r;  // oldest first: the later wins
}

void ReviewsInForce::Apply(StoredClaim* sc) const {
  if (latest_.empty()) return;
  auto it = latest_.find(TargetName(KeyOf(sc->claim)));
  if (it != latest_.end()) sc->review = ApplyReview(*it->second, &sc->claim);
}

std::vector<StoredClaim> ApplyReviews(std::vector<StoredClaim> claims, const std::vector<Review>& reviews,
                                      bool keep_rejected) {
  if (reviews.empty()) return claims;
  const ReviewsInForce in_force(reviews);
  // in place: a copy of a million claims is half a gigabyte more to touch
  for (StoredClaim& sc : claims) in_force.Apply(&sc);
  if (!keep_rejected) std::erase_if(claims, [](const StoredClaim& sc) { return sc.review == ReviewState::kRejected; });
  return claims;
}

}  // namespace tally
