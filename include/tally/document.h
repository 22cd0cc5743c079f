// The document model: one article, its text owned once, annotated in layers of byte spans.
//
// Stages add layers in order (see pipeline.h):
//   ingest   -> RawDocument            (bytes as read, metadata the source knew)
//   clean    -> Document.text, skipped (the text that is read; spans of page furniture)
//   segment  -> paragraphs, sentences, tokens
//   dates    -> dates, and Document::date from a dateline when the source gave none
//   numbers  -> quantities             (quantity.h)
// Every span is a half-open byte range [begin, end) into Document::text. For plain-text input
// the text is the file's bytes unchanged, so offsets are file offsets.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tally/quantity.h"

namespace tally {

struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return begin >= end; }
};

enum class Format { kText, kHtml };

// The bytes of a document that is read in pieces rather than held whole: a web page larger
// than kStreamedPageBytes (limits.h), which clean parses as it reads. Ingest has checked them as
// it checks bytes held whole (size, NUL, UTF-8).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to n more bytes into out; returns how many, 0 at the end (or on a read error).
  virtual size_t Read(char* out, size_t n) = 0;
  virtual size_t size() const = 0;  // all its bytes
};

// What ingest read: one article's bytes and whatever metadata its container carried.
struct RawDocument {
  std::string id;        // file name without extension, or the JSONL "id"
  std::string origin;    // where it came from: a path, "path:line" for JSONL, or "-"
  Format format = Format::kText;
  std::string bytes;     // the article: plain text or an HTML page
  std::shared_ptr<ByteSource> source;  // instead of bytes (then empty): a large page read in pieces
  size_t size() const { return source ? source->size() : bytes.size(); }
  std::string url, title, outlet, date, language;  // empty when unknown
  // When a crawler fetched the page (WARC-Date): the document's date only when neither the
  // source, the page's metadata nor a dateline gives one (Pipeline::Prepare).
  std::string captured;
  std::vector<std::pair<std::string, std::string>> metadata;  // other JSONL fields, raw JSON
};

// A stretch of page furniture that later stages do not read.
struct SkippedSpan {
  Span span;
  std::string_view reason;  // a static name: "share", "credit", "bio", "appeal", ...
};

enum class TokenKind : uint8_t { kWord, kNumber, kPunct };

struct Token {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t word = 0;          // vocabulary id of the lower-cased text; 0 when no lexicon names it
  TokenKind kind = TokenKind::kWord;
  bool space_before = false;  // whitespace separates it from the previous token
};

// A token's lower-cased text with its vocabulary id, so that lexicon tables look it up by id
// instead of hashing the text again. Usable wherever a string_view is.
struct WordRef : std::string_view {
  WordRef(std::string_view text, uint32_t id) : std::string_view(text), id(id) {}
  uint32_t id;
};

struct Sentence {
  Span span;
  uint32_t paragraph = 0;    // index into Document::paragraphs
  uint32_t first_token = 0;  // tokens [first_token, end_token) of Document::tokens
  uint32_t end_token = 0;
  bool heading = false;      // a line without final punctuation: headline or sub-heading
};

// A date or relative date in the text ("Dec 19, 2024", "on Tuesday", "last week").
struct DateMention {
  enum class Relative : uint8_t { kNone, kWeekday, kDays, kMonths, kYears };
  uint32_t begin = 0, end = 0;
  uint32_t first_token = 0, end_token = 0;
  uint32_t lead_token = 0;  // first_token, or the time preposition before it ("on Friday")
  uint32_t sentence = 0;
  int year = 0, month = 0, day = 0;  // 0 where the text does not say
  Relative relative = Relative::kNone;
  int offset = 0;  // weekday (1 = Monday) for kWeekday; days, months or years otherwise
};

// Document::lower: the kept text with ASCII letters lower-cased, at the text's offsets. Segment
// writes the paragraphs only (every token lies in one); the bytes of skipped text are zeros and
// never read. A large buffer is mapped from the kernel, whose zero pages take no memory until
// written, so the text that is skipped (repeats, the rest of an overlong line) costs none here.
class LowerText {
 public:
  LowerText() = default;
  explicit LowerText(size_t size);  // zeros
  LowerText(const LowerText& other);
  LowerText(LowerText&& other) noexcept { Swap(other); }
  LowerText& operator=(LowerText other) noexcept {
    Swap(other);
    return *this;
  }
  ~LowerText();
  char* data() { return data_; }
  const char* data() const { return data_; }
  size_t size() const { return size_; }
  operator std::string_view() const { return {data_, size_}; }

 private:
  void Swap(LowerText& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(mapped_, other.mapped_);
  }
  char* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
};

struct Document {
  std::string id, origin, url, title, outlet, language;
  std::string date;  // YYYY-MM-DD (or a partial date) when known, else empty
  Format format = Format::kText;
  std::vector<std::pair<std::string, std::string>> metadata;

  std::string text;                  // what the extractor reads; evidence offsets point here
  std::vector<SkippedSpan> skipped;  // sorted, non-overlapping

  LowerText lower;                   // the kept text with ASCII letters lower-cased, same offsets
  std::vector<Span> paragraphs;      // kept text only
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;

  std::vector<DateMention> dates;    // dates stage
  std::vector<Quantity> quantities;  // every quantity mention, counts and non-counts

  std::vector<std::string> notes;    // limits applied while reading it (limits.h), for the user

  // A span's bytes. s must lie within the text (every span the stages make does): the accessors
  // are read at every token, so they check it in debug builds only.
  std::string_view View(Span s) const {
    assert(s.begin <= s.end && s.end <= text.size());
    return {text.data() + s.begin, s.size()};
  }
  std::string_view Lower(Span s) const {
    assert(s.begin <= s.end && s.end <= lower.size());
    return {lower.data() + s.begin, s.size()};
  }
  std::string_view TokenText(uint32_t i) const { return View({tokens[i].begin, tokens[i].end}); }
  std::string_view TokenLower(uint32_t i) const { return Lower({tokens[i].begin, tokens[i].end}); }
  WordRef Word(uint32_t i) const { return {TokenLower(i), tokens[i].word}; }
  // The index of the first token that begins at or after byte offset.
  uint32_t TokenAt(uint32_t offset) const {
    auto it = std::lower_bound(tokens.begin(), tokens.end(), offset,
                               [](const Token& t, uint32_t o) { return t.begin < o; });
    return static_cast<uint32_t>(it - tokens.begin());
  }
};

}  // namespace tally
