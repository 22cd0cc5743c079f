// Marking page furniture in text, paragraph by paragraph (a paragraph is a line).
#include <algorithm>
#include <unordered_set>

#include "clean/clean.h"
#include "common/text.h"

namespace tally {
namespace {

struct Line {
  uint32_t begin, end;  // trimmed
  std::string lower;    // trimmed, lower-cased, spaces collapsed
};

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(start, nl - start);
    std::string_view t = TrimSpaces(raw);
    if (!t.empty()) {
      uint32_t b = static_cast<uint32_t>(t.data() - text.data());
      lines.push_back({b, static_cast<uint32_t>(b + t.size()), AsciiLowerCopy(NormalizeSpaces(t))});
    }
    start = nl + 1;
  }
  return lines;
}

bool EndsSentence(std::string_view s) {
  if (s.empty()) return false;
  const std::string_view closers[] = {".", "!", "?", "\"", "\xE2\x80\x9D", "\xE2\x80\x99", ")", ":", ";"};
  for (std::string_view c : closers)
    if (s.size() >= c.size() && s.substr(s.size() - c.size()) == c) return true;
  return false;
}

bool LinkLike(const Line& l) {
  constexpr size_t kMaxLinkTitleBytes = 150;
  return l.lower.size() <= kMaxLinkTitleBytes && !EndsSentence(l.lower);
}

std::string_view StripPunct(std::string_view s) {
  while (!s.empty() && (s.back() == ':' || s.back() == '.' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<SkippedSpan> MarkFurniture(const CleanLexicon& lex, std::string_view text) {
  constexpr size_t kShortLine = 200;
  constexpr size_t kShortCredit = 160;
  constexpr size_t kBioLeadWindow = 200;
  constexpr size_t kMinRepeatBytes = 40;  // shorter lines ("Share", "Photo") repeat by nature
  constexpr size_t kEndParagraphs = 3;
  using K = CleanLexicon::Kind;

  std::vector<Line> lines = SplitLines(text);
  std::vector<SkippedSpan> out;
  std::vector<bool> skipped(lines.size(), false);
  std::unordered_set<std::string> seen;
  auto skip = [&](size_t i, std::string_view reason) {
    skipped[i] = true;
    out.push_back({{lines[i].begin, lines[i].end}, reason});
  };

  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    std::string_view s = l.lower;
    const CleanLexicon::Rule* hit = nullptr;
    bool block = false, bio_lead = false;
    for (const auto& r : lex.rules) {
      switch (r.kind) {
        case K::kLine:
          if (StripPunct(s) == r.phrase) hit = &r;
          break;
        case K::kPrefix:
          if (s.size() <= kShortLine && s.substr(0, r.phrase.size()) == r.phrase) hit = &r;
          break;
        case K::kContains:
          if (s.find(r.phrase) != std::string_view::npos) hit = &r;
          break;
        case K::kShortContains:
          if (s.size() <= kShortCredit && s.find(r.phrase) != std::string_view::npos) hit = &r;
          break;
        case K::kEndContains:
          if (i + kEndParagraphs >= lines.size() && s.find(r.phrase) != std::string_view::npos) hit = &r;
          break;
        case K::kBlock:
          if (StripPunct(s) == StripPunct(r.phrase)) { hit = &r; block = true; }
          break;
        case K::kBioLead:
          if (s.substr(0, r.phrase.size()) == r.phrase && s.size() > r.phrase.size() && s[r.phrase.size()] == ' ')
            bio_lead = true;
          break;
        case K::kTail:
        case K::kBioWord:
          break;
      }
      if (hit) break;
    }
    if (!hit && bio_lead) {
      std::string_view head = s.substr(0, kBioLeadWindow);
      for (const auto& r : lex.rules)
        if (r.kind == K::kBioWord && head.find(r.phrase) != std::string_view::npos) hit = &r;
    }
    if (hit) {
      skip(i, hit->reason);
      if (block) {
        // the link titles that follow a "Related" heading
        while (i + 1 < lines.size() && LinkLike(lines[i + 1])) skip(++i, hit->reason);
      }
      continue;
    }
    if (s.size() >= kMinRepeatBytes && !seen.insert(std::string(s)).second) {
      skip(i, "repeat");
      continue;
    }
    // a widget word after the last sentence: "... he said. Share"
    for (const auto& r : lex.rules) {
      if (r.kind != K::kTail || s.size() <= r.phrase.size() + 1) continue;
      std::string_view tail = s.substr(s.size() - r.phrase.size());
      std::string_view before = s.substr(0, s.size() - r.phrase.size());
      if (tail != r.phrase || before.back() != ' ') continue;
      before.remove_suffix(1);
      if (!EndsSentence(before)) continue;
      // find the same tail in the original bytes (spaces may be wider than one byte there)
      std::string_view orig = text.substr(l.begin, l.end - l.begin);
      size_t cut = orig.size() - r.phrase.size();
      size_t b = cut;
      while (b > 0 && SpaceLength(orig, b - 1)) --b;
      while (b > 0 && (static_cast<unsigned char>(orig[b - 1]) & 0xC0) == 0x80) {
        // a multi-byte space before the widget word
        size_t s0 = b - 1;
        while (s0 > 0 && (static_cast<unsigned char>(orig[s0]) & 0xC0) == 0x80) --s0;
        if (SpaceLength(orig, s0) != b - s0) break;
        b = s0;
      }
      out.push_back({{static_cast<uint32_t>(l.begin + b), l.end}, r.reason});
      break;
    }
  }
  std::sort(out.begin(), out.end(), [](const SkippedSpan& a, const SkippedSpan& b) { return a.span.begin < b.span.begin; });
  return out;
}

}  // namespace tally
