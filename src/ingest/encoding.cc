// Text encodings ingest meets besides UTF-8: byte-order marks, UTF-16 (decoded with ICU), and
// file names that are not UTF-8.
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
