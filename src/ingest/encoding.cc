// Text encodings ingest meets besides UTF-8: byte-order marks, UTF-16 (decoded with ICU), and
// file names that are not UTF-8.
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "common/text.h"
#include "ingest/ingest.h"

namespace tally {

size_t Utf8BomLength(std::string_view bytes) { return bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; }

TextEncoding SniffEncoding(std::string_view bytes) {
  if (bytes.substr(0, 2) == "\xFF\xFE") return TextEncoding::kUtf16Le;
  if (bytes.substr(0, 2) == "\xFE\xFF") return TextEncoding::kUtf16Be;
  // ASCII text in UTF-16 without a mark: every other byte of the first ones is NUL
  const size_t n = std::min<size_t>(bytes.size(), 64) & ~size_t{1};
  if (n < 8) return TextEncoding::kUtf8;
  size_t even_nul = 0, odd_nul = 0;
  for (size_t i = 0; i < n; i += 2) {
    even_nul += bytes[i] == '\0';
    odd_nul += bytes[i + 1] == '\0';
  }
  if (odd_nul == n / 2 && even_nul == 0) return TextEncoding::kUtf16LeUnmarked;
  if (even_nul == n / 2 && odd_nul == 0) return TextEncoding::kUtf16BeUnmarked;
  return TextEncoding::kUtf8;
}

Result<std::string> DecodeUtf16(std::string_view bytes, bool big_endian) {
  if (bytes.size() % 2) return Status::InvalidInput("UTF-16 text with an odd number of bytes");
  std::u16string units(bytes.size() / 2, u'\0');
  for (size_t i = 0; i < units.size(); ++i) {
    const auto hi = static_cast<unsigned char>(bytes[2 * i + (big_endian ? 0 : 1)]);
    const auto lo = static_cast<unsigned char>(bytes[2 * i + (big_endian ? 1 : 0)]);
    units[i] = static_cast<char16_t>(hi << 8 | lo);
  }
  size_t skip = !units.empty() && units[0] == u'\uFEFF';
  const UChar* src = reinterpret_cast<const UChar*>(units.data()) + skip;
  const int32_t len = static_cast<int32_t>(units.size() - skip);
  UErrorCode status = U_ZERO_ERROR;
  int32_t needed = 0;
  u_strToUTF8(nullptr, 0, &needed, src, len, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
    return Status::InvalidInput(std::string("invalid UTF-16 text (") + u_errorName(status) + ")");
  std::string out(static_cast<size_t>(needed), '\0');
  status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), needed, nullptr, src, len, &status);
  if (U_FAILURE(status)) return Status::InvalidInput(std::string("invalid UTF-16 text (") + u_errorName(status) + ")");
  return out;
}

std::string NormalizeCharsetName(std::string_view name) {
  std::string n = AsciiLowerCopy(TrimSpaces(name));
  if (n == "utf8" || n == "unicode-1-1-utf-8") return "utf-8";
  // HTML (WHATWG Encoding) reads these labels as windows-1252, which maps 0x80-0x9F to letters
  // and punctuation where Latin-1 has control characters
  if (n == "iso-8859-1" || n == "iso8859-1" || n == "latin1" || n == "l1" || n == "us-ascii" || n == "ascii" ||
      n == "cp1252" || n == "x-cp1252")
    return "windows-1252";
  return n;
}

Result<std::string> DecodeToUtf8(std::string_view bytes, std::string_view charset) {
  const std::string name = NormalizeCharsetName(charset);
  if (name.empty()) return Status::InvalidInput("no charset");
  UErrorCode status = U_ZERO_ERROR;
  UConverter* from = ucnv_open(name.c_str(), &status);
  if (U_FAILURE(status) || from == nullptr) return Status::InvalidInput("unknown charset \"" + name.substr(0, 40) + "\"");
  ucnv_close(from);
  // each input byte becomes at most 3 bytes of UTF-8 (a U+FFFD for an invalid one included)
  std::string out(bytes.size() * 3 + 4, '\0');
  status = U_ZERO_ERROR;
  const int32_t n = ucnv_convert("UTF-8", name.c_str(), out.data(), static_cast<int32_t>(out.size()), bytes.data(),
                                 static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return Status::InvalidInput("text cannot be read as " + name + " (" + u_errorName(status) + ")");
  out.resize(static_cast<size_t>(n));
  out.erase(0, Utf8BomLength(out));
  return out;
}

std::string EscapeInvalidUtf8(std::string_view bytes) {
  std::string out;
  while (!bytes.empty()) {
    const size_t bad = FindInvalidUtf8(bytes);
    if (bad >= bytes.size()) {
      out.append(bytes);
      break;
    }
    out.append(bytes.substr(0, bad));
    char hex[4];
    std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(bytes[bad]));
    out += hex;
    bytes.remove_prefix(bad + 1);
  }
  return out;
}

}  // namespace tally
