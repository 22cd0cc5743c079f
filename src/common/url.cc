// Canonical URLs with uriparser (RFC 3986 parsing and syntax normalisation); the query and
// fragment edits that RFC 3986 leaves to the application are done on the text before parsing.
#include "common/url.h"

#include <uriparser/Uri.h>
#include <xxhash.h>

#include <cstdio>
#include <memory>

#include "common/text.h"

namespace tally {

// data/web/tracking_parameters.txt, built in by CMake (tracking_parameters.cc).
extern const std::string_view kTrackingParameters[];
extern const size_t kTrackingParameterCount;

namespace {

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

std::string_view RangeText(const UriTextRangeA& r) {
  if (r.first == nullptr || r.afterLast == nullptr) return {};
  return std::string_view(r.first, static_cast<size_t>(r.afterLast - r.first));
}

// The query without tracking parameters and empty pieces; the rest keeps order and spelling.
std::string FilterQuery(std::string_view query) {
  std::string kept;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (piece.empty() || IsTrackingParameter(piece.substr(0, piece.find('=')))) continue;
    if (!kept.empty()) kept += '&';
    kept.append(piece);
  }
  return kept;
}

bool IsDefaultPort(std::string_view scheme, std::string_view port) {
  while (port.size() > 1 && port.front() == '0') port.remove_prefix(1);
  const std::string s = AsciiLowerCopy(scheme);
  return (s == "http" && port == "80") || (s == "https" && port == "443");
}

struct UriDeleter {
  void operator()(UriUriA* uri) const {
    uriFreeUriMembersA(uri);
    delete uri;
  }
};

}  // namespace

bool IsTrackingParameter(std::string_view name) {
  const std::string lower = AsciiLowerCopy(name);
  for (size_t i = 0; i < kTrackingParameterCount; ++i) {
    std::string_view t = kTrackingParameters[i];
    if (t.ends_with('*') ? std::string_view(lower).starts_with(t.substr(0, t.size() - 1)) : lower == t) return true;
  }
  return false;
}

Result<std::string> CanonicalUrl(std::string_view url) {
  url = TrimAscii(url);
  if (url.empty()) return Status::InvalidInput("empty URL");
  // '#' only ever starts the fragment and '?' the query (RFC 3986 3.4, 3.5)
  std::string text(url.substr(0, url.find('#')));
  if (const size_t q = text.find('?'); q != std::string::npos) {
    const std::string query = FilterQuery(std::string_view(text).substr(q + 1));
    text.resize(q);
    if (!query.empty()) text += '?' + query;
  }

  std::unique_ptr<UriUriA, UriDeleter> uri(new UriUriA{});
  const char* error_at = nullptr;
  if (uriParseSingleUriExA(uri.get(), text.data(), text.data() + text.size(), &error_at) != URI_SUCCESS) {
    delete uri.release();  // uriparser frees what a failed parse held
    const size_t at = error_at ? static_cast<size_t>(error_at - text.data()) : 0;
    return Status::InvalidInput("not a valid URL (at character " + std::to_string(at + 1) + ")");
  }
  if (uri->scheme.first == nullptr) return Status::InvalidInput("not an absolute URL (no scheme)");
  if (RangeText(uri->hostText).empty()) return Status::InvalidInput("URL without a host");
  const std::string scheme = AsciiLowerCopy(RangeText(uri->scheme));
  if (IsDefaultPort(scheme, RangeText(uri->portText))) uri->portText = UriTextRangeA{nullptr, nullptr};
  // Before normalising the parse points into text, so dropping the port is only a range reset.
  if (uriNormalizeSyntaxA(uri.get()) != URI_SUCCESS) return Status::InvalidInput("URL cannot be normalised");

  int chars = 0;
  if (uriToStringCharsRequiredA(uri.get(), &chars) != URI_SUCCESS) return Status::InvalidInput("URL cannot be written");
  std::string out(static_cast<size_t>(chars) + 1, '\0');
  if (uriToStringA(out.data(), uri.get(), chars + 1, nullptr) != URI_SUCCESS)
    return Status::InvalidInput("URL cannot be written");
  out.resize(static_cast<size_t>(chars));

  // http://host and http://host/ are the same page (RFC 3986 6.2.3)
  if (scheme == "http" || scheme == "https") {
    const size_t authority = out.find("//");
    if (authority != std::string::npos) {
      const size_t path = out.find_first_of("/?", authority + 2);
      if (path == std::string::npos) out += '/';
      else if (out[path] == '?') out.insert(path, 1, '/');
    }
  }
  return out;
}

Result<std::string> DocumentIdForUrl(std::string_view url) {
  Result<std::string> canonical = CanonicalUrl(url);
  if (!canonical.ok()) return canonical.status();
  std::string_view rest = *canonical;
  if (size_t s = rest.find("://"); s != std::string_view::npos) rest.remove_prefix(s + 3);
  // user information is no part of what a reader would call the page
  if (size_t at = rest.find('@'); at != std::string_view::npos && at < rest.find('/')) rest.remove_prefix(at + 1);
  if (rest.starts_with("www.")) rest.remove_prefix(4);

  constexpr size_t kMaxReadable = 80;
  std::string id;
  bool dash = false;
  for (char c : rest) {
    if (IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '.' || c == '_') {
      if (dash && !id.empty()) id += '-';
      dash = false;
      id += c;
      if (id.size() >= kMaxReadable) break;
    } else {
      dash = true;
    }
  }
  while (!id.empty() && (id.back() == '-' || id.back() == '.')) id.pop_back();

  const uint64_t hash = XXH64(canonical->data(), canonical->size(), 0);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return id + "-" + std::string(hex, 12);
}

}  // namespace tally
