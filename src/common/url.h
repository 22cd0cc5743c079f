// URLs as document identities: one canonical spelling per page, and a readable document id
// derived from it, so that the same article reached through different links (a tracking
// parameter, an upper-case host, a "#comments" anchor, a default port) is one document.
//
// Input:  a URL as a feed, a page or a WARC record gives it (absolute, http or https usually).
// Output: its canonical form (RFC 3986 syntax normalisation, uriparser) and a document id.
#pragma once

#include <string>
#include <string_view>

#include "tally/status.h"

namespace tally {

// The canonical form of an absolute URL:
//   - scheme and host lower-cased, percent-encodings normalised (upper-case hex; unreserved
//     characters decoded), dot segments ("/a/./b/../c") resolved (RFC 3986 6.2.2);
//   - the scheme's default port dropped (http 80, https 443), an empty http(s) path made "/";
//   - the fragment dropped;
//   - tracking query parameters dropped (data/web/tracking_parameters.txt: utm_*, fbclid, ...);
//     the other parameters keep their order and spelling, and a query left empty goes.
// A relative URL, one without a host, or one uriparser cannot parse is an InvalidInput.
Result<std::string> CanonicalUrl(std::string_view url);

// A document id for a URL, stable across runs and readable: the canonical URL's host (without
// "www.") and path, with every run of other characters than ASCII letters, digits, '.' and '_'
// turned into one '-', cut to at most 80 characters, then '-' and 12 hex digits of the canonical
// URL's hash (so two URLs with the same readable part still differ):
//   https://www.Example.com/news/2024/story.html?utm_source=x -> example.com-news-2024-story.html-<hash>
// Ids are ASCII, without '/' or spaces, like the file-stem ids of ingest. A URL that is not
// valid (see CanonicalUrl) is an InvalidInput.
Result<std::string> DocumentIdForUrl(std::string_view url);

// True when name is a tracking parameter (the data file's list; case does not matter).
bool IsTrackingParameter(std::string_view name);

}  // namespace tally
