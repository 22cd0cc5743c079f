// Loading linguistic data: TSV files under data/lexicon/en, read once at start-up.
//
// Format: one entry a line, fields separated by TABs, '#' starts a comment line, blank lines
// are ignored. A malformed line throws LexiconError naming the file and the line.
// Tables built from them are immutable afterwards and safe to share between threads.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tally/document.h"

namespace tally {

class LexiconError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TsvRow {
  int line = 0;
  std::vector<std::string> fields;
};

struct TsvFile {
  std::string path;
  std::vector<TsvRow> rows;
  // Throws LexiconError "path:line: message".
  [[noreturn]] void Fail(const TsvRow& row, const std::string& message) const;
  // Builds the error text without throwing, for callers that collect.
  std::string Where(const TsvRow& row) const;
};

// Reads path; every row must have between min_fields and max_fields fields.
TsvFile ReadTsv(const std::string& path, size_t min_fields, size_t max_fields);

// Parses a whole decimal number; throws LexiconError at row on failure.
int64_t ParseInt(const TsvFile& file, const TsvRow& row, const std::string& field);

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// A set of lower-case single words mapped to a small value.
template <typename V>
using WordMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// Multi-word phrases (lower case) matched against a Document's tokens, longest first.
// A phrase is tokenized like the text, so "per cent", "U.S." and "well-known" all match.
class PhraseTable {
 public:
  struct Match {
    uint32_t length = 0;  // tokens matched; 0 when none
    int value = 0;
  };

  // Adds phrase with value; returns false if the phrase has no tokens.
  bool Add(std::string_view phrase, int value);

  // The longest phrase that starts at token i and ends at or before token end.
  Match MatchAt(const Document& doc, uint32_t i, uint32_t end) const;

  // The longest phrase that ends just before token i (its last token is i-1) and starts at or
  // after token begin.
  Match MatchEndingAt(const Document& doc, uint32_t i, uint32_t begin) const;

  bool empty() const { return by_first_.empty(); }

 private:
  struct Entry {
    std::vector<std::string> words;  // all tokens, lower case
    int value;
  };
  WordMap<std::vector<Entry>> by_first_;
  WordMap<std::vector<Entry>> by_last_;
};

}  // namespace tally
