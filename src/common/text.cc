#include "common/text.h"

#include <simdjson.h>

#include <bit>
#include <cstdint>
#include <cstring>

namespace tally {

size_t SpaceLengthSlow(std::string_view t, size_t i) {
  const unsigned char c = t[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < t.size()) {
    const unsigned char b = t[i + 1], d = t[i + 2];
    if (b == 0x80 && (d <= 0x8B || d == 0xAF || d == 0xA8 || d == 0xA9)) return 3;  // U+2000..200B, 202F, line/para sep
    if (b == 0x81 && d == 0x9F) return 3;  // U+205F
  }
  if (c == 0xE3 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80 &&
      static_cast<unsigned char>(t[i + 2]) == 0x80)
    return 3;  // ideographic space
  if (c == 0xEF && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xBB &&
      static_cast<unsigned char>(t[i + 2]) == 0xBF)
    return 3;  // byte order mark / zero-width no-break space
  return 0;
}

size_t PunctLength(std::string_view t, size_t i) {
  const unsigned char c = t[i];
  if (c < 0x80) {
    if (IsAsciiDigit(c) || IsAsciiAlpha(c) || SpaceLength(t, i)) return 0;
    return 1;
  }
  if (c == 0xC2 && i + 1 < t.size()) {
    const unsigned char b = t[i + 1];
    // « » © ® ° · ¶ § ¡ ¿ and other Latin-1 punctuation
    if (b == 0xAB || b == 0xBB || b == 0xA9 || b == 0xAE || b == 0xB0 || b == 0xB7 ||
        b == 0xB6 || b == 0xA7 || b == 0xA1 || b == 0xBF || b == 0xA3 || b == 0xA5 || b == 0xA2)
      return 2;
    return 0;
  }
  if (c == 0xE2 && i + 2 < t.size()) {
    const unsigned char b = t[i + 1], d = t[i + 2];
    if (b == 0x80 && d >= 0x90 && d <= 0xBF) return 3;  // dashes, quotes, bullets, ellipsis
    if (b == 0x82) return 3;                            // currency signs (euro, hryvnia, ruble)
    if (b == 0x84 && d == 0x96) return 3;               // numero sign
    if (b == 0x88 && d == 0x92) return 3;               // minus sign
    if (b == 0x96 || b == 0x97) return 3;               // geometric shapes used as bullets
  }
  return 0;
}

bool IsDashAt(std::string_view t, size_t i, size_t* length) {
  if (t[i] == '-') { *length = 1; return true; }
  if (i + 2 < t.size() && static_cast<unsigned char>(t[i]) == 0xE2) {
    const unsigned char b = t[i + 1], d = t[i + 2];
    if ((b == 0x80 && d >= 0x90 && d <= 0x95) || (b == 0x88 && d == 0x92)) {
      *length = 3;
      return true;
    }
  }
  return false;
}

std::string AsciiLowerCopy(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool ContainsAsciiFolded(std::string_view haystack, std::string_view lowered_needle) {
  if (lowered_needle.size() > haystack.size()) return false;
  for (size_t at = 0; at + lowered_needle.size() <= haystack.size(); ++at) {
    size_t k = 0;
    while (k < lowered_needle.size() && AsciiLower(haystack[at + k]) == lowered_needle[k]) ++k;
    if (k == lowered_needle.size()) return true;
  }
  return false;
}

std::string_view TrimSpaces(std::string_view t) {
  size_t b = 0;
  while (b < t.size()) {
    size_t n = SpaceLength(t, b);
    if (!n) break;
    b += n;
  }
  size_t e = t.size();
  while (e > b) {
    // step back over one character and test it
    size_t s = e - 1;
    while (s > b && (static_cast<unsigned char>(t[s]) & 0xC0) == 0x80) --s;
    if (SpaceLength(t, s) != e - s) break;
    e = s;
  }
  return t.substr(b, e - b);
}

namespace {

// Whether t surely needs no change: no space at either end, no two spaces in a row, no control
// byte and no byte beyond ASCII (a Unicode space's lead byte among them). Read eight bytes at a
// time (stepping by seven, so that every pair of neighbours is inside one read): nearly every
// line of a story passes, and a byte loop was most of the furniture stage's own work.
bool SurelySingleSpaced(std::string_view t) {
  if (t.empty()) return true;
  if (t.front() == ' ' || t.back() == ' ') return false;
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  constexpr uint64_t kPairs = 0x0080808080808080ull;  // bytes 0..6: a pair with the next byte
  size_t i = 0;
  for (; std::endian::native == std::endian::little && i + 8 <= t.size(); i += 7) {  // byte k of x is t[i + k]
    uint64_t x;
    std::memcpy(&x, t.data() + i, 8);
    const uint64_t below_space = (x - 0x20 * kOnes) & ~x & kHigh;  // a byte under 0x20
    const uint64_t spaces = x ^ (0x20 * kOnes);                    // 0 where a space is
    const uint64_t pair = spaces | (spaces >> 8);                  // 0 where two are
    const uint64_t two_spaces = (pair - kOnes) & ~pair & kPairs;
    if ((x & kHigh) | below_space | two_spaces) return false;
  }
  for (; i < t.size(); ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c < ' ' || c >= 0x80 || (c == ' ' && i + 1 < t.size() && t[i + 1] == ' ')) return false;
  }
  return true;
}

}  // namespace

std::string NormalizeSpaces(std::string_view t) {
  if (SurelySingleSpaced(t)) return std::string(t);
  // most lines have single ASCII spaces between words and no other space: copied as they are
  bool plain = t.empty() || (t.front() != ' ' && t.back() != ' ');
  for (size_t i = 0; plain && i < t.size(); ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c > ' ' && c < 0x80) continue;
    if (c == ' ') plain = t[i + 1] != ' ';
    else if (c < ' ') plain = false;
    else if (c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF) plain = SpaceLength(t, i) == 0;  // lead bytes of spaces
  }
  if (plain) return std::string(t);
  std::string out;
  out.reserve(t.size());
  bool pending = false;
  for (size_t i = 0; i < t.size();) {
    if (size_t n = SpaceLength(t, i)) {
      pending = !out.empty();
      i += n;
      continue;
    }
    // copy up to the next byte that could begin a space (ASCII control or space, or non-ASCII)
    size_t j = i + 1;
    while (j < t.size() && static_cast<unsigned char>(t[j]) > ' ' && static_cast<unsigned char>(t[j]) < 0x80) ++j;
    if (pending) out.push_back(' ');
    pending = false;
    out.append(t, i, j - i);
    i = j;
  }
  return out;
}

size_t FindInvalidUtf8(std::string_view t) {
  if (simdjson::validate_utf8(t.data(), t.size())) return std::string_view::npos;
  // Rare path: find where it goes wrong, for the error message.
  size_t i = 0;
  while (i < t.size()) {
    const unsigned char c = t[i];
    size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > t.size()) return i;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(t[i + k]) & 0xC0) != 0x80) return i;
    if (!simdjson::validate_utf8(t.data() + i, n)) return i;
    i += n;
  }
  return i;
}

}  // namespace tally
