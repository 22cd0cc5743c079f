// Marking page furniture in text, paragraph by paragraph (a paragraph is a line).
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <unordered_set>

#include <xxhash.h>

#include "clean/clean.h"
#include "common/text.h"

namespace tally {
namespace {

struct Line {
  uint32_t begin, end;  // trimmed
};

// Calls f(begin, end) for each non-blank line of text, trimmed.
template <typename F>
void ForEachLine(std::string_view text, F&& f) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view t = TrimSpaces(text.substr(start, nl - start));
    if (!t.empty()) {
      const auto b = static_cast<uint32_t>(t.data() - text.data());
      f(b, static_cast<uint32_t>(b + t.size()));
    }
    start = nl + 1;
  }
}

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  ForEachLine(text, [&](uint32_t b, uint32_t e) { lines.push_back({b, e}); });
  return lines;
}

// The line as the rules read it: lower-cased, spaces collapsed. Made one line at a time, so
// that a long text is not held twice.
std::string RuleText(std::string_view text, Line l) {
  std::string lower = NormalizeSpaces(text.substr(l.begin, l.end - l.begin));
  for (char& c : lower) c = AsciiLower(c);
  return lower;
}

bool EndsSentence(std::string_view s) {
  if (s.empty()) return false;
  const std::string_view closers[] = {".", "!", "?", "\"", "\xE2\x80\x9D", "\xE2\x80\x99", ")", ":", ";"};
  for (std::string_view c : closers)
    if (s.size() >= c.size() && s.substr(s.size() - c.size()) == c) return true;
  return false;
}

bool LinkLike(std::string_view line) {
  constexpr size_t kMaxLinkTitleBytes = 150;
  return line.size() <= kMaxLinkTitleBytes && !EndsSentence(line);
}

std::string_view StripPunct(std::string_view s) {
  while (!s.empty() && (s.back() == ':' || s.back() == '.' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

uint32_t TwoBytes(std::string_view s) {
  return static_cast<unsigned char>(s[0]) | static_cast<unsigned char>(s[1]) << 8;
}

// The key of the first three bytes of s, for the contains index (s has at least 3).
uint32_t StartKey(std::string_view s) {
  return TwoBytes(s) | static_cast<uint32_t>(static_cast<unsigned char>(s[2])) << 16;
}

constexpr size_t kMinContainsBytes = 3;

// The first space in s at or after p, or npos. Eight bytes at a time: the space after each word
// of every line was found by a call to memchr, most of whose work was the call for a short word.
size_t NextSpace(std::string_view s, size_t p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  for (; std::endian::native == std::endian::little && p + 8 <= s.size(); p += 8) {  // byte k of x is s[p + k]
    uint64_t x;
    std::memcpy(&x, s.data() + p, 8);
    const uint64_t y = x ^ (0x20 * kOnes);  // 0 where a space is
    // the lowest byte flagged is the first space (a false flag only ever follows a real one)
    if (const uint64_t spaces = (y - kOnes) & ~y & kHigh) return p + static_cast<size_t>(std::countr_zero(spaces)) / 8;
  }
  return s.find(' ', p);
}

// The first contains rule whose phrase starts at a word of s (s is lower case, single-spaced).
size_t FirstContains(const CleanLexicon& lex, std::string_view s) {
  size_t best = std::string_view::npos;
  for (size_t p = 0; p + kMinContainsBytes <= s.size();) {
    if (lex.contains_starts[TwoBytes(s.substr(p))]) {
      if (auto it = lex.contains_rules.find(StartKey(s.substr(p))); it != lex.contains_rules.end())
        for (size_t r : it->second)
          if (r < best && s.compare(p, lex.rules[r].phrase.size(), lex.rules[r].phrase) == 0) best = r;
    }
    const size_t space = NextSpace(s, p);
    if (space == std::string_view::npos) break;
    p = space + 1;
  }
  return best;
}

}  // namespace

void CleanLexicon::IndexRules() {
  whole_line_rules.clear();
  contains_rules.clear();
  contains_starts.reset();
  longest_whole_line = 0;
  for (std::vector<size_t>& list : rules_of_kind) list.clear();
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    rules_of_kind[static_cast<size_t>(r.kind)].push_back(i);
    if (r.kind == Kind::kLine || r.kind == Kind::kBlock) {
      whole_line_rules.emplace(std::string(StripPunct(r.phrase)), i);
      longest_whole_line = std::max(longest_whole_line, StripPunct(r.phrase).size());
    }
    // phrases shorter than the key are rare; they stay with the rules compared one by one
    if (r.kind == Kind::kContains && r.phrase.size() >= kMinContainsBytes) {
      contains_rules[StartKey(r.phrase)].push_back(i);
      contains_starts.set(TwoBytes(r.phrase));
    }
  }
}

namespace {

// A line that reads as a sentence of a story: it ends as a sentence does and has enough words
// with lower-case ones among them (link titles and bylines are capitalized or cut short).
bool StoryLike(std::string_view line) {
  constexpr int kMinWords = 5;
  if (!EndsSentence(line)) return false;
  int words = 0, lower_words = 0;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const bool letter = IsAsciiAlpha(line[i]);
    if (letter && !in_word) {
      ++words;
      lower_words += !IsAsciiUpper(line[i]);
    }
    in_word = letter || (in_word && line[i] == '\'');
  }
  return words >= kMinWords && lower_words * 2 >= words;
}

}  // namespace

bool KeepsStory(std::string_view text, const std::vector<SkippedSpan>& skipped) {
  size_t next = 0;
  bool kept = false;
  ForEachLine(text, [&](uint32_t b, uint32_t e) {
    if (kept) return;
    while (next < skipped.size() && skipped[next].span.end <= b) ++next;
    const bool masked = next < skipped.size() && skipped[next].span.begin <= b;
    kept = !masked && StoryLike(text.substr(b, e - b));
  });
  return kept;
}

bool HasStory(std::string_view text) { return KeepsStory(text, {}); }

std::vector<SkippedSpan> MarkFurniture(const CleanLexicon& lex, std::string_view text, size_t max_repeat_bytes) {
  constexpr size_t kShortLine = 200;
  constexpr size_t kShortCredit = 160;
  constexpr size_t kBioLeadWindow = 200;
  constexpr size_t kMinRepeatBytes = 40;  // shorter lines ("Share", "Photo") repeat by nature
  constexpr size_t kEndParagraphs = 3;
  using K = CleanLexicon::Kind;

  std::vector<Line> lines = SplitLines(text);
  std::vector<SkippedSpan> out;
  std::vector<bool> skipped(lines.size(), false);
  std::unordered_set<uint64_t> seen;  // 64-bit hashes of the lines read so far
  auto skip = [&](size_t i, std::string_view reason) {
    skipped[i] = true;
    out.push_back({{lines[i].begin, lines[i].end}, reason});
  };

  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    const std::string lower = RuleText(text, l);
    std::string_view s = lower;
    // the first rule in file order that matches: indexed kinds are looked up, the rest (all
    // bounded to short lines or the article's end, or few) are compared one by one
    size_t first = std::string_view::npos;
    bool bio_lead = false;
    if (std::string_view whole = StripPunct(s); whole.size() <= lex.longest_whole_line)
      if (auto it = lex.whole_line_rules.find(whole); it != lex.whole_line_rules.end()) first = it->second;
    first = std::min(first, FirstContains(lex, s));
    const bool short_line = s.size() <= kShortLine, at_end = i + kEndParagraphs >= lines.size();
    auto first_of = [&](K kind, auto&& matches) {
      for (size_t k : lex.rules_of_kind[static_cast<size_t>(kind)]) {
        if (k >= first) break;
        if (matches(lex.rules[k].phrase)) first = k;
      }
    };
    auto starts = [&](const std::string& p) { return !s.empty() && s[0] == p[0] && s.starts_with(p); };
    auto contains = [&](const std::string& p) { return s.find(p) != std::string_view::npos; };
    if (short_line) first_of(K::kPrefix, starts);
    first_of(K::kContains, [&](const std::string& p) { return p.size() < kMinContainsBytes && contains(p); });
    if (s.size() <= kShortCredit) first_of(K::kShortContains, contains);
    // never the opening paragraph: in a short article the story is among the last paragraphs
    if (at_end && i > 0) first_of(K::kEndContains, contains);
    for (size_t k : lex.rules_of_kind[static_cast<size_t>(K::kBioLead)]) {
      const std::string& p = lex.rules[k].phrase;
      bio_lead |= s.size() > p.size() && starts(p) && s[p.size()] == ' ';
    }
    const CleanLexicon::Rule* hit = first < lex.rules.size() ? &lex.rules[first] : nullptr;
    const bool block = hit && hit->kind == K::kBlock;
    if (!hit && bio_lead) {
      std::string_view head = s.substr(0, kBioLeadWindow);
      for (size_t k : lex.rules_of_kind[static_cast<size_t>(K::kBioWord)])
        if (head.find(lex.rules[k].phrase) != std::string_view::npos) hit = &lex.rules[k];
    }
    if (hit) {
      skip(i, hit->reason);
      if (block) {
        // the link titles that follow a "Related" heading
        while (i + 1 < lines.size() && LinkLike(RuleText(text, lines[i + 1]))) skip(++i, hit->reason);
      }
      continue;
    }
    if (s.size() >= kMinRepeatBytes && s.size() <= max_repeat_bytes && !seen.insert(XXH3_64bits(s.data(), s.size())).second) {
      skip(i, "repeat");
      continue;
    }
    // a widget word after the last sentence: "... he said. Share"
    for (size_t k : lex.rules_of_kind[static_cast<size_t>(K::kTail)]) {
      const CleanLexicon::Rule& r = lex.rules[k];
      if (s.size() <= r.phrase.size() + 1) continue;
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
