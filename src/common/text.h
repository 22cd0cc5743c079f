// Byte-level text helpers shared by the stages: UTF-8 classes and ASCII case folding.
// Everything here works on UTF-8 bytes and never allocates per character.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tally {

constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
constexpr bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
// Branch-free, so that loops over whole texts vectorize.
inline char AsciiLower(char c) {
  return static_cast<char>(c | (static_cast<unsigned char>(c - 'A') < 26 ? 0x20 : 0));
}

// Length of the UTF-8 sequence that starts with byte c (1 for a stray continuation byte).
inline size_t Utf8Length(unsigned char c) {
  if (c < 0xC0) return 1;
  if (c < 0xE0) return 2;
  if (c < 0xF0) return 3;
  return 4;
}

size_t SpaceLengthSlow(std::string_view text, size_t i);

// Bytes of white space at text[i] (ASCII, no-break and typographic spaces), or 0. Inline: it is
// asked of nearly every byte, and nearly every byte is printable ASCII.
inline size_t SpaceLength(std::string_view text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c > ' ' && c < 0xC2) return 0;  // printable ASCII, and bytes that begin no space
  if (c == ' ') return 1;
  return SpaceLengthSlow(text, i);
}

// Bytes of a punctuation character at text[i] (ASCII punctuation, typographic quotes and
// dashes, bullets, ellipsis, guillemets, copyright sign), or 0 for letters, digits, spaces.
size_t PunctLength(std::string_view text, size_t i);

// True when text[i..] is a dash or hyphen of any kind ("-", en dash, em dash, minus).
bool IsDashAt(std::string_view text, size_t i, size_t* length);

// Quotation marks as tokens: any of them; those that only open (“ « „) and those that only close
// (” »); the straight mark does either.
inline bool IsOpeningQuote(std::string_view t) {
  return t == "\xE2\x80\x9C" || t == "\xC2\xAB" || t == "\xE2\x80\x9E";
}
inline bool IsClosingQuote(std::string_view t) { return t == "\xE2\x80\x9D" || t == "\xC2\xBB"; }
inline bool IsQuoteMark(std::string_view t) { return t == "\"" || IsOpeningQuote(t) || IsClosingQuote(t); }

// A copy of text with ASCII letters lower-cased; byte offsets are unchanged.
std::string AsciiLowerCopy(std::string_view text);

// Whether haystack holds lowered_needle (already lower-cased), ignoring ASCII case; allocates
// nothing. Enough for matching what a person types into a filter box against names.
bool ContainsAsciiFolded(std::string_view haystack, std::string_view lowered_needle);
inline bool EqualsAsciiFolded(std::string_view s, std::string_view lowered) {
  return s.size() == lowered.size() && ContainsAsciiFolded(s, lowered);
}

// Trims ASCII and Unicode spaces from both ends.
std::string_view TrimSpaces(std::string_view text);

// Collapses runs of spaces to one ASCII space and trims: for comparing paragraphs.
std::string NormalizeSpaces(std::string_view text);

// The first byte offset at which text is not valid UTF-8 (overlong forms, surrogates and
// code points above U+10FFFF are invalid), or npos when all of it is valid.
size_t FindInvalidUtf8(std::string_view text);

}  // namespace tally
