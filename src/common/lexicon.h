// Loading linguistic data: TSV files under data/lexicon/<language>, read once at start-up.
//
// Format: one entry a line, fields separated by TABs, '#' starts a comment line, blank lines
// are ignored. A malformed line throws LexiconError naming the file and the line.
// Tables built from them are immutable afterwards and safe to share between threads.
#pragma once

#include <algorithm>
#include <bit>
#include <bitset>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <xxhash.h>

#include "common/text.h"
#include "tally/document.h"

namespace tally {

class LexiconError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TsvRow {
  int line = 0;
  uint32_t file = 0;  // index into TsvFile::paths
  std::vector<std::string> fields;
};

struct TsvFile {
  std::string path;                // the file asked for
  std::vector<std::string> paths;  // it, then the same file of each other language that has one
  std::vector<TsvRow> rows;
  // Throws LexiconError "path:line: message".
  [[noreturn]] void Fail(const TsvRow& row, const std::string& message) const;
  // Builds the error text without throwing, for callers that collect.
  std::string Where(const TsvRow& row) const;
};

// Reads path; every row must have between min_fields and max_fields fields. A file of a language
// folder (data/lexicon/en/x.tsv) is read with the same file of every other language folder
// beside it (data/lexicon/fr/x.tsv, in name order): a language adds rows to the files it has.
TsvFile ReadTsv(const std::string& path, size_t min_fields, size_t max_fields);

// The other language folders beside folder, in name order, when folder is a language folder of
// a `kind` folder ("data/lexicon/en" -> "data/lexicon/fr"); none otherwise.
std::vector<std::string> OtherLanguageFolders(const std::string& folder, std::string_view kind);

// Parses a whole decimal number; throws LexiconError at row on failure.
int64_t ParseInt(const TsvFile& file, const TsvRow& row, const std::string& field);

// XXH3: about twice as fast as std::hash on the short strings lexicons hold.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return XXH3_64bits(s.data(), s.size()); }
};

// A string-keyed map with heterogeneous lookup (string_view keys find std::string entries).
// Abseil's flat table: one probe into contiguous memory, where std::unordered_map chases nodes.
template <typename V>
using WordMap = absl::flat_hash_map<std::string, V, StringHash, std::equal_to<>>;

// Every word any lexicon names, each with a small id (1, 2, ...). The segment stage looks each
// token up once and keeps the id on the token (Token::word); tables then index by id, so a
// token asked about by ten tables is hashed once, not ten times. Filled while the lexicons
// load, read-only afterwards.
class Vocabulary {
 public:
  // The id of lower, a new one when unseen.
  uint32_t Intern(std::string_view lower);
  // Ids run from 1 to size().
  uint32_t size() const { return static_cast<uint32_t>(ids_.size()); }
  // The id of lower, or 0 when no lexicon names it.
  uint32_t Find(std::string_view lower) const {
    if (lower.empty()) return 0;
    if (lower.size() <= kShortWord) return FindShort(lower);
    if (!maybe_[Sketch(lower)]) return 0;
    auto it = ids_.find(lower);
    return it == ids_.end() ? 0 : it->second;
  }

 private:
  // Most tokens are words of up to eight bytes: those are found by their bytes read as one
  // integer, in an open-addressed table of every short word interned (at most half full),
  // with no string hashing or comparing. It was a twentieth of extraction's instructions.
  static constexpr size_t kShortWord = 8;
  struct ShortSlot {
    uint64_t bytes = 0;
    uint32_t id = 0;  // 0: empty
    uint8_t length = 0;
  };
  // Byte i of w in bits 8i..8i+7 (w has at most eight bytes). On little-endian machines by two
  // loads that may overlap (an overlapping byte is read twice, the same): a byte loop was most of
  // the look-up's work.
  static uint64_t Pack(std::string_view w) {
    const size_t n = w.size();
    if constexpr (std::endian::native == std::endian::little) {
      if (n >= 4) return uint64_t{Load<uint32_t>(w.data())} | uint64_t{Load<uint32_t>(w.data() + n - 4)} << (8 * (n - 4));
      if (n >= 2) return uint64_t{Load<uint16_t>(w.data())} | uint64_t{Load<uint16_t>(w.data() + n - 2)} << (8 * (n - 2));
      return n ? uint64_t{static_cast<unsigned char>(w[0])} : 0;
    }
    uint64_t k = 0;
    for (size_t i = 0; i < n; ++i) k |= uint64_t{static_cast<unsigned char>(w[i])} << (8 * i);
    return k;
  }
  template <typename T>
  static T Load(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  size_t ShortHome(uint64_t bytes, size_t length) const {
    return static_cast<size_t>(((bytes ^ length) * 0x9E3779B97F4A7C15ull) >> short_shift_);
  }
  uint32_t FindShort(std::string_view w) const {
    if (short_.empty()) return 0;
    const uint64_t bytes = Pack(w);
    for (size_t i = ShortHome(bytes, w.size());; i = (i + 1) & (short_.size() - 1)) {
      const ShortSlot& slot = short_[i];
      if (slot.id == 0) return 0;
      if (slot.bytes == bytes && slot.length == w.size()) return slot.id;
    }
  }
  void AddShort(std::string_view w, uint32_t id);

  std::vector<ShortSlot> short_;
  size_t short_words_ = 0;
  int short_shift_ = 64;
  // Most longer tokens (names, content words) are in no lexicon: a bit per (first byte, last byte,
  // length) says no to nearly all of them before any hashing.
  static uint32_t Sketch(std::string_view w) {
    return (static_cast<unsigned char>(w.front()) ^ static_cast<uint32_t>(static_cast<unsigned char>(w.back())) << 5 ^
            static_cast<uint32_t>(std::min<size_t>(w.size(), 63)) << 10) & 0xFFFF;
  }
  WordMap<uint32_t> ids_;
  std::bitset<1 << 16> maybe_;
};

// A set of vocabulary ids, for the tests a stage makes at every token ("may this word begin a
// date?"). A byte an id: std::vector<bool>'s bit arithmetic and size() cost more than the test.
class IdSet {
 public:
  // Makes room for ids 0 to vocab_size, none of them in the set.
  void Reset(uint32_t vocab_size) { in_.assign(size_t{vocab_size} + 1, 0); }
  void Set(uint32_t id, bool in) { in_[id] = in; }
  bool Has(uint32_t id) const { return id < in_.size() && in_[id]; }

 private:
  std::vector<uint8_t> in_;
};

// Single lower-case words mapped to a value, looked up by a token's id (WordRef) or by text.
template <typename V>
class WordTable {
 public:
  // The value stored for word (lower-cased here), default-constructed when new.
  V& Slot(Vocabulary& vocab, std::string_view word) {
    vocab_ = &vocab;
    std::string lower = AsciiLowerCopy(word);
    const uint32_t id = vocab.Intern(lower);
    if (id >= slots_.size()) slots_.resize(id + 1, -1);
    if (slots_[id] < 0) {
      slots_[id] = static_cast<int32_t>(entries_.size());
      entries_.emplace_back(std::move(lower), V{});
    }
    return entries_[static_cast<size_t>(slots_[id])].second;
  }

  const V* Find(WordRef w) const { return At(w.id); }
  const V* Find(std::string_view lower) const { return vocab_ ? At(vocab_->Find(lower)) : nullptr; }
  bool count(WordRef w) const { return At(w.id) != nullptr; }
  bool count(std::string_view lower) const { return Find(lower) != nullptr; }
  // (word, value) pairs in the order they were added.
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

 private:
  const V* At(uint32_t id) const {
    return id < slots_.size() && slots_[id] >= 0 ? &entries_[static_cast<size_t>(slots_[id])].second : nullptr;
  }
  const Vocabulary* vocab_ = nullptr;
  std::vector<int32_t> slots_;  // by vocabulary id: index into entries_, or -1
  std::vector<std::pair<std::string, V>> entries_;
};

// Multi-word phrases (lower case) matched against a Document's tokens, longest first.
// A phrase is tokenized like the text, so "per cent", "U.S." and "well-known" all match.
// Words are compared by vocabulary id: the document must have been segmented with the
// vocabulary the table was built with.
class PhraseTable {
 public:
  struct Match {
    uint32_t length = 0;  // tokens matched; 0 when none
    int value = 0;
  };

  // Adds phrase with value; returns false if the phrase has no tokens.
  bool Add(Vocabulary& vocab, std::string_view phrase, int value);

  // The longest phrase that starts at token i and ends at or before token end. Inline: most
  // tokens start no phrase, and the answer for them is one array look-up.
  Match MatchAt(const Document& doc, uint32_t i, uint32_t end) const {
    if (i >= end) return {};
    const uint32_t first = doc.tokens[i].word;
    if (first >= by_first_.size() || by_first_[first].empty()) return {};
    return Longest(by_first_[first], doc, i, end);
  }

  // The longest phrase that ends just before token i (its last token is i-1) and starts at or
  // after token begin.
  Match MatchEndingAt(const Document& doc, uint32_t i, uint32_t begin) const {
    if (i == 0 || i <= begin) return {};
    const uint32_t last = doc.tokens[i - 1].word;
    if (last >= by_last_.size() || by_last_[last].empty()) return {};
    return LongestEndingAt(by_last_[last], doc, i, begin);
  }

  bool empty() const { return by_first_.empty(); }
  // Whether some phrase begins with the word of this vocabulary id.
  bool MayStartWith(uint32_t id) const { return id < by_first_.size() && !by_first_[id].empty(); }

 private:
  struct Entry {
    std::vector<uint32_t> words;  // vocabulary ids of all tokens
    int value;
  };
  static void Insert(std::vector<std::vector<Entry>>* index, uint32_t id, const Entry& e);
  static Match Longest(const std::vector<Entry>& entries, const Document& doc, uint32_t i, uint32_t end);
  static Match LongestEndingAt(const std::vector<Entry>& entries, const Document& doc, uint32_t i, uint32_t begin);
  std::vector<std::vector<Entry>> by_first_;  // by the id of the first word
  std::vector<std::vector<Entry>> by_last_;   // by the id of the last word
};

}  // namespace tally
