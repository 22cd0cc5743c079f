// Matching names across documents: transliteration variants of one person ("Dostoevsky",
// "Dostoyevsky", "Dostoevskiy"; "Park Min-gwan", "Park Min-kwan") and acronyms of bodies.
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>

#include "common/text.h"
#include "reconcile/names.h"
#include "reconcile/reconcile.h"

namespace tally {
namespace {

// Any script to Latin, accents removed, lower case (ICU). Built once: creation is costly.
std::string Fold(std::string_view s) {
  static std::once_flag once;
  static std::unique_ptr<icu::Transliterator> fold;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    fold.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) fold.reset();
  });
  if (!fold) return AsciiLowerCopy(s);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  fold->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

char SoundClass(char c) {
  switch (c) {
    case 'c': case 'k': case 'q': case 'g': return 'k';
    case 'z': case 's': return 's';
    case 'v': case 'w': case 'f': return 'v';
    case 'b': case 'p': return 'p';
    case 'd': case 't': return 't';
    default: return c;
  }
}

bool Vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

}  // namespace

std::vector<std::string> NameTokens(std::string_view name) {
  std::string f = Fold(name);
  std::vector<std::string> out;
  std::string cur;
  for (char c : f) {
    if (IsAsciiAlpha(c) || IsAsciiDigit(c)) {
      cur.push_back(c);
    } else if (c == '\'') {
      continue;  // O'Brien
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

namespace {

// The skeleton of tokens already folded (lower-case ASCII letters and digits).
std::string SkeletonOfFolded(const std::vector<std::string>& toks) {
  std::string out;
  for (const std::string& t : toks) {
    for (size_t i = 0; i < t.size(); ++i) {
      char c = t[i];
      if (i > 0 && Vowel(c)) continue;
      char k = Vowel(c) ? 'a' : SoundClass(c);
      if (!out.empty() && out.back() == k) continue;
      out.push_back(k);
    }
  }
  return out;
}

// Two tokens of a name are the same when they are equal or are transliterations of each
// other: the same consonant skeleton, long enough not to be a coincidence ("Jane"/"John"
// share "jn" and stay apart).
bool SameToken(const NameForm& a, size_t i, const NameForm& b, size_t j) {
  if (a.tokens[i] == b.tokens[j]) return true;
  constexpr size_t kMinSkeleton = 3;
  return a.skeletons[i] == b.skeletons[j] && a.skeletons[i].size() >= kMinSkeleton;
}

}  // namespace

std::string NameSkeleton(std::string_view token) { return SkeletonOfFolded(NameTokens(token)); }

NameForm FormOf(std::string_view name) {
  NameForm f;
  f.tokens = NameTokens(name);
  for (const std::string& t : f.tokens) f.skeletons.push_back(SkeletonOfFolded({t}));
  return f;
}

bool SamePersonName(const NameForm& a, const NameForm& b) {
  if (a.tokens.empty() || b.tokens.empty()) return false;
  const NameForm& shorter = a.tokens.size() > b.tokens.size() ? b : a;
  const NameForm& longer = a.tokens.size() > b.tokens.size() ? a : b;
  // every token of the shorter name, in order, in the longer one
  size_t j = 0;
  for (size_t i = 0; i < shorter.tokens.size(); ++i) {
    while (j < longer.tokens.size() && !SameToken(shorter, i, longer, j)) ++j;
    if (j == longer.tokens.size()) return false;
    ++j;
  }
  return true;
}

bool SamePersonName(std::string_view a, std::string_view b) { return SamePersonName(FormOf(a), FormOf(b)); }

// "Federal Statistics Office" -> "FSO"; words like "of" and "the" do not count.
std::string Acronym(std::string_view name) {
  std::string out;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && IsAsciiUpper(word[0])) out.push_back(word[0]);
    word.clear();
  };
  for (char c : name) {
    if (IsAsciiAlpha(c)) {
      word.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

}  // namespace tally
