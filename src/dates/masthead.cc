// The top of a plain-text article: its headline and the agency its dateline names. HTML pages
// and JSONL records usually say both in metadata; a text file says them only in its first lines.
#include <string>
#include <string_view>

#include "common/text.h"
#include "dates/dates.h"

namespace tally {
namespace {

constexpr uint32_t kTopBytes = 2000;         // a dateline opens one of the first paragraphs
constexpr size_t kMaxPlaceBytes = 100;       // "PORT ALVARA, March 4, 2026 " and the like
constexpr size_t kMaxAgencyBytes = 40;       // "(Agence France-Presse)"
constexpr size_t kMaxHeadlineBytes = 200;
constexpr int kMinHeadlineWords = 3;

bool IsDash(std::string_view s) {
  size_t length = 0;
  return !s.empty() && IsDashAt(s, 0, &length);
}

// The place (and date) before the agency: a short run of words, numbers and commas that
// starts with a capital, no sentence inside it.
bool LooksLikePlace(std::string_view s) {
  if (s.empty() || s.size() > kMaxPlaceBytes || !IsAsciiUpper(s[0])) return false;
  for (const char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    const bool ok = u >= 0x80 || IsAsciiAlpha(c) || IsAsciiDigit(c) || c == ' ' || c == ',' || c == '.' ||
                    c == '-' || c == '\'' || c == '/';
    if (!ok) return false;
  }
  return true;
}

// An agency's name: capitalised, a few words, no digits.
bool LooksLikeAgency(std::string_view s) {
  if (s.empty() || s.size() > kMaxAgencyBytes || !IsAsciiUpper(s[0])) return false;
  int words = 1;
  for (const char c : s) {
    if (IsAsciiDigit(c) || c == '(' || c == ',' || c == ';') return false;
    words += c == ' ';
  }
  return words <= 4;
}

bool HasDateIn(const Document& doc, uint32_t begin, uint32_t end) {
  for (const DateMention& m : doc.dates)
    if (m.begin >= begin && m.end <= end && m.month && (m.day || m.year)) return true;
  return false;
}

// "PLACE[, DATE] (Agency) -" opening a paragraph near the top: the agency's outlet name, or "".
std::string DatelineAgency(const DateLexicon& lex, const Document& doc) {
  for (const Span& p : doc.paragraphs) {
    if (p.begin > kTopBytes) break;
    const std::string_view text = doc.View(p);
    const size_t open = text.find('(');
    if (open == std::string_view::npos || open > kMaxPlaceBytes + 1) continue;
    const size_t close = text.find(')', open);
    if (close == std::string_view::npos) continue;
    const std::string_view place = TrimSpaces(text.substr(0, open));
    const std::string_view agency = TrimSpaces(text.substr(open + 1, close - open - 1));
    if (!LooksLikePlace(place) || !LooksLikeAgency(agency) || !IsDash(TrimSpaces(text.substr(close + 1))))
      continue;
    if (auto it = lex.agencies.find(std::string(agency)); it != lex.agencies.end()) return it->second;
    // an agency not listed counts only in a full dateline, a date before it
    if (HasDateIn(doc, p.begin, p.begin + static_cast<uint32_t>(open))) return std::string(agency);
  }
  return {};
}

// The first paragraph when it reads as a headline: one line without final punctuation, a few
// words, not a bare dateline.
std::string Headline(const Document& doc) {
  if (doc.paragraphs.empty() || doc.sentences.empty()) return {};
  const Span& p = doc.paragraphs[0];
  const Sentence& s = doc.sentences[0];
  if (s.paragraph != 0 || !s.heading || s.span.begin != p.begin || s.span.end < p.end) return {};
  if (p.size() > kMaxHeadlineBytes || HasDateIn(doc, p.begin, p.end)) return {};
  int words = 0;
  for (uint32_t t = s.first_token; t < s.end_token; ++t) words += doc.tokens[t].kind == TokenKind::kWord;
  if (words < kMinHeadlineWords) return {};
  return std::string(TrimSpaces(doc.View(p)));
}

}  // namespace

void FindMasthead(const DateLexicon& lexicon, Document* doc) {
  if (doc->format != Format::kText) return;
  if (doc->title.empty()) doc->title = Headline(*doc);
  if (doc->outlet.empty()) doc->outlet = DatelineAgency(lexicon, *doc);
}

}  // namespace tally
