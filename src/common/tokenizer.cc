#include "common/tokenizer.h"

#include <array>

#include "common/text.h"

namespace tally {
namespace {

bool IsApostrophe(std::string_view t, size_t i, size_t* len) {
  if (t[i] == '\'') { *len = 1; return true; }
  // U+2019 right single quotation mark, the usual typographic apostrophe
  if (i + 2 < t.size() && static_cast<unsigned char>(t[i]) == 0xE2 &&
      static_cast<unsigned char>(t[i + 1]) == 0x80 && static_cast<unsigned char>(t[i + 2]) == 0x99) {
    *len = 3;
    return true;
  }
  return false;
}

// ASCII letters and digits: the bytes of nearly every word.
constexpr std::array<bool, 256> kAsciiWordByte = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c)
    table[static_cast<size_t>(c)] = IsAsciiAlpha(static_cast<char>(c)) || IsAsciiDigit(static_cast<char>(c));
  return table;
}();

bool IsWordByte(std::string_view t, size_t i) {
  const unsigned char c = t[i];
  if (c < 0x80) return kAsciiWordByte[c];
  return !SpaceLength(t, i) && !PunctLength(t, i);
}

// The end of the run of word characters from j.
size_t WordRunEnd(std::string_view t, size_t j, size_t end) {
  for (;;) {
    while (j < end && kAsciiWordByte[static_cast<unsigned char>(t[j])]) ++j;
    if (j >= end || static_cast<unsigned char>(t[j]) < 0x80 || !IsWordByte(t, j)) return j;
    j += Utf8Length(static_cast<unsigned char>(t[j]));
  }
}

// A web address after a space is one token, up to the next space or ";" and without the
// punctuation that ends its sentence: its digits ("/2019/02/05/") are no figures, its dots end no sentence.
size_t UrlEnd(std::string_view t, size_t i, size_t end) {
  // "http", "https", "www": most words that begin with h or w ("he", "was") fail at once
  if (i + 1 >= end || t[i + 1] != (t[i] == 'h' ? 't' : 'w')) return i;
  const std::string_view rest = t.substr(i, end - i);
  if (!(rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www."))) return i;
  size_t j = i;
  // feeds join titles with ";" and no space; quotes and brackets close around an address
  while (j < end && !SpaceLength(t, j) && t[j] != ';' && t[j] != '"' && t[j] != '<' && t[j] != '>') ++j;
  while (j > i && (t[j - 1] == '.' || t[j - 1] == ',' || t[j - 1] == ')' || t[j - 1] == ';' || t[j - 1] == ':')) --j;
  return j;
}

}  // namespace

void Tokenize(std::string_view t, uint32_t begin, uint32_t end, std::vector<Token>* out) {
  size_t i = begin;
  bool space = true;
  while (i < end) {
    if (size_t n = SpaceLength(t, i)) {
      i += n;
      space = true;
      continue;
    }
    Token tok;
    tok.begin = static_cast<uint32_t>(i);
    tok.space_before = space;
    space = false;
    const char c = t[i];
    // Most tokens are words of ASCII letters that end at a space or at punctuation other than an
    // apostrophe: read at once, without the tests below for what a word may be or hold (a web
    // address begins with h or w; one letter and a dot may begin "U.S.").
    if (IsAsciiAlpha(c) && !((c == 'h' || c == 'w') && tok.space_before)) {
      size_t j = i + 1;
      while (j < end && kAsciiWordByte[static_cast<unsigned char>(t[j])]) ++j;
      const unsigned char next = j < end ? static_cast<unsigned char>(t[j]) : ' ';
      if (next < 0x80 && next != '\'' && !(next == '.' && j == i + 1)) {
        tok.kind = TokenKind::kWord;
        tok.end = static_cast<uint32_t>(j);
        out->push_back(tok);
        i = j;
        continue;
      }
    }
    size_t apos = 0;
    if (IsAsciiDigit(c)) {
      size_t j = i;
      while (j < end && IsAsciiDigit(t[j])) ++j;
      while (j + 1 < end && (t[j] == ',' || t[j] == '.') && IsAsciiDigit(t[j + 1])) {
        ++j;
        while (j < end && IsAsciiDigit(t[j])) ++j;
      }
      tok.kind = TokenKind::kNumber;
      i = j;
    } else if ((c == '\'' || static_cast<unsigned char>(c) == 0xE2) && IsApostrophe(t, i, &apos) && i + apos < end && AsciiLower(t[i + apos]) == 's' &&
               !out->empty() && !tok.space_before && out->back().kind == TokenKind::kWord &&
               (i + apos + 1 >= end || !IsWordByte(t, i + apos + 1))) {
      tok.kind = TokenKind::kWord;  // possessive 's
      i += apos + 1;
    } else if (size_t url = tok.space_before && (c == 'h' || c == 'w') ? UrlEnd(t, i, end) : i; url > i) {
      tok.kind = TokenKind::kWord;
      i = url;
    } else if (IsWordByte(t, i)) {
      size_t j = i;
      for (;;) {
        j = WordRunEnd(t, j, end);
        size_t a = 0;
        // internal apostrophe ("don't", "O'Brien"), but not a possessive 's
        if (j < end && IsApostrophe(t, j, &a) && j + a < end && IsAsciiAlpha(t[j + a]) &&
            !(AsciiLower(t[j + a]) == 's' && (j + a + 1 >= end || !IsWordByte(t, j + a + 1)))) {
          j += a;
          continue;
        }
        break;
      }
      // dotted abbreviation: "U.S.", "a.m.", "U.K."
      if (j - i == 1 && j + 2 < end + 1 && j < end && t[j] == '.' && j + 1 < end && IsAsciiAlpha(t[j + 1])) {
        size_t k = j;
        while (k + 1 < end && t[k] == '.' && IsAsciiAlpha(t[k + 1]) &&
               (k + 2 >= end || !IsWordByte(t, k + 2)))
          k += 2;
        if (k > j && k < end && t[k] == '.') j = k + 1;
      }
      tok.kind = TokenKind::kWord;
      i = j;
    } else {
      size_t n = PunctLength(t, i);
      if (!n) n = Utf8Length(static_cast<unsigned char>(c));
      tok.kind = TokenKind::kPunct;
      i += n;
    }
    if (i > end) i = end;
    tok.end = static_cast<uint32_t>(i);
    out->push_back(tok);
  }
}

}  // namespace tally
