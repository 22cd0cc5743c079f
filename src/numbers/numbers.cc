#include "numbers/numbers.h"

#include <algorithm>

#include "common/text.h"
#include "tally/claim.h"

namespace tally {
namespace {

using Kind = NumberLexicon::WordKind;
constexpr int64_t kMaxValue = 1000000000000000000;  // 10^18: larger figures are typed other
constexpr uint32_t kMaxWordRun = 16;                  // longest spelled-out number we read
constexpr uint32_t kMaxDigitGroups = 5;               // "1 234 567 890 123"

// A figure before qualifiers: "5,300", "1.5 million", "twenty-three", "3 thousand".
struct Figure {
  uint32_t first = 0, end = 0;  // tokens
  int64_t value = 0;
  bool overflow = false;
  bool from_words = false;
  bool fractional = false;   // a decimal that no scale word makes whole ("6.4")
  bool approximate = false;  // "two dozen"
  int64_t scale = 1;         // the scale word or suffix applied, 1 when none
  bool plain_digits = false; // one digit token, no separators, no scale
  size_t digits = 0;
  QuantityType type = QuantityType::kCount;
  bool glued_currency = false;  // "USD1,700": money whatever follows
  std::optional<Decimal> written;  // the value with its decimals, when it fits
};

// mantissa * scale / 10^decimals as written, trailing zeros a scale made dropped ("1.5m" is
// 1500000, "23.50" stays 23.50); none when it does not fit.
std::optional<Decimal> WrittenValue(__int128 mantissa, int decimals, __int128 scale) {
  constexpr int kMaxPlaces = 18;
  if (decimals > kMaxPlaces || mantissa > static_cast<__int128>(kMaxValue)) return std::nullopt;
  __int128 units = mantissa * scale;
  if (units > static_cast<__int128>(kMaxValue)) return std::nullopt;
  while (scale > 1 && decimals > 0 && units % 10 == 0) {
    units /= 10;
    --decimals;
  }
  return Decimal{static_cast<int64_t>(units), static_cast<uint8_t>(decimals)};
}

// num/den to four decimal places ("two thirds" is 0.6667).
Decimal FractionValue(int64_t num, int64_t den) {
  constexpr int64_t kPlaces = 10000;
  // num < den <= 10^18 here, so the product needs 128 bits
  int64_t units = static_cast<int64_t>((static_cast<__int128>(num) * kPlaces * 2 + den) / (static_cast<__int128>(den) * 2));
  uint8_t places = 4;
  while (places > 0 && units % 10 == 0) {
    units /= 10;
    --places;
  }
  return Decimal{units, places};
}

int64_t Clamp(__int128 v, bool* overflow) {
  if (v > kMaxValue) {
    *overflow = true;
    return kMaxValue;
  }
  return static_cast<int64_t>(v);
}

class Finder {
 public:
  Finder(const NumberLexicon& lex, Document* doc) : lex_(lex), d_(*doc) {}

  void Run() {
    size_t date = 0;
    for (uint32_t s = 0; s < d_.sentences.size(); ++s) {
      const Sentence& sent = d_.sentences[s];
      sentence_ = s;
      begin_ = sent.first_token;
      end_ = sent.end_token;
      floor_ = begin_;
      for (uint32_t i = begin_; i < end_;) {
        while (date < d_.dates.size() && d_.dates[date].end_token <= i) ++date;
        if (date < d_.dates.size() && d_.dates[date].first_token <= i) {
          i = EmitDate(d_.dates[date]);
          continue;
        }
        // most tokens are words that begin no quantity: settled here, without the call (the next
        // date begins after i, so the bound set below would not change the answer)
        if (!MayBeginAt(i)) {
          ++i;
          continue;
        }
        // a figure never runs into the next date ("0 to 05 Dec")
        const uint32_t sentence_end = end_;
        if (date < d_.dates.size() && d_.dates[date].first_token < end_) end_ = d_.dates[date].first_token;
        const uint32_t next = TryAt(i);
        end_ = sentence_end;
        i = next > i ? next : i + 1;
      }
    }
  }

 private:
  WordRef W(uint32_t i) const { return d_.Word(i); }
  std::string_view T(uint32_t i) const { return d_.TokenText(i); }
  bool IsNum(uint32_t i) const { return i < end_ && d_.tokens[i].kind == TokenKind::kNumber; }
  bool Glued(uint32_t i) const { return i < end_ && !d_.tokens[i].space_before; }
  bool IsDash(uint32_t i) const {
    if (i >= end_ || d_.tokens[i].kind != TokenKind::kPunct) return false;
    size_t n;
    return IsDashAt(d_.text, d_.tokens[i].begin, &n) && n == d_.tokens[i].end - d_.tokens[i].begin;
  }
  // A hyphen joins the parts of a name; the em and en dashes set words apart.
  bool IsHyphen(uint32_t i) const { return IsDash(i) && T(i) != "—" && T(i) != "–"; }
  const NumberLexicon::NumberWord* Word(uint32_t i) const {
    if (i >= end_) return nullptr;
    return lex_.words.Find(W(i));
  }

  uint32_t EmitDate(const DateMention& m) {
    bool has_number = false;
    for (uint32_t t = m.first_token; t < m.end_token; ++t) has_number |= d_.tokens[t].kind == TokenKind::kNumber;
    if (has_number) {
      Quantity q;
      q.first_token = q.number_first_token = m.first_token;
      q.end_token = q.number_end_token = m.end_token;
      q.type = (m.day || m.month) ? QuantityType::kDate : QuantityType::kYear;
      if (q.type == QuantityType::kYear) q.value = IntervalFor(Qualifier::kExact, m.year);
      Push(q);
    }
    floor_ = m.end_token;
    return m.end_token;
  }

  // The digits of a figure at token i: a number token, or a currency code written onto the
  // digits ("USD1,700", "RM23.50", "AUD1.5m") with the "," and "." groups glued after it.
  struct DigitText {
    std::string_view s;
    uint32_t last = 0;        // the last token of the digits
    bool currency = false;    // a currency code came glued before the digits
    int64_t glued_scale = 1;  // "USD2bn": a scale suffix inside the same word
  };
  std::optional<DigitText> DigitsAt(uint32_t i) const {
    if (IsNum(i)) return DigitText{T(i), i};
    if (i >= end_ || d_.tokens[i].kind != TokenKind::kWord) return std::nullopt;
    const std::string_view w = T(i);
    size_t k = 0;
    while (k < w.size() && k < 4 && IsAsciiAlpha(w[k])) ++k;
    if (k == 0 || k > 3 || k == w.size() || !IsAsciiDigit(w[k])) return std::nullopt;
    size_t e = k;
    while (e < w.size() && IsAsciiDigit(w[e])) ++e;
    if (!lex_.glued_currency.count(std::string_view(AsciiLowerCopy(w.substr(0, k))))) return std::nullopt;
    DigitText dt{w.substr(k, e - k), i, true};
    if (e < w.size()) {
      const NumberLexicon::NumberWord* suffix = lex_.words.Find(std::string_view(AsciiLowerCopy(w.substr(e))));
      if (!suffix || (suffix->kind != Kind::kSuffix && suffix->kind != Kind::kLetter)) return std::nullopt;
      dt.glued_scale = suffix->value;
      return dt;
    }
    while (dt.last + 2 < end_ && Glued(dt.last + 1) && (T(dt.last + 1) == "," || T(dt.last + 1) == ".") &&
           IsNum(dt.last + 2) && Glued(dt.last + 2))
      dt.last += 2;
    const uint32_t begin = d_.tokens[i].begin + static_cast<uint32_t>(k);
    dt.s = std::string_view(d_.text).substr(begin, d_.tokens[dt.last].end - begin);
    return dt;
  }

  // A noun a figure counts follows at j: "people", "devices" (not a unit: "5 miles").
  bool CountedNounAt(uint32_t j) const {
    if (j >= end_ || d_.tokens[j].kind != TokenKind::kWord) return false;
    if (lex_.units_after.MatchAt(d_, j, end_).length) return false;
    return lex_.counted.count(W(j)) || NextIsPluralNoun(j);
  }

  // ".08": a decimal written without its leading zero (the "." glued to the digits only).
  bool LeadingPointAt(uint32_t i) const {
    return i > floor_ && T(i - 1) == "." && Glued(i) && (i - 1 == begin_ || d_.tokens[i - 1].space_before);
  }

  // Reads digits at i: separators, European grouping, space-grouped thousands, suffixes and
  // scale words.
  std::optional<Figure> ParseDigits(uint32_t i) const {
    const std::optional<DigitText> dt = DigitsAt(i);
    if (!dt) return std::nullopt;
    const bool money = dt->currency || lex_.units_before.MatchEndingAt(d_, i, floor_).length > 0;
    Figure f;
    f.first = i;
    f.glued_currency = dt->currency;
    std::string_view s = dt->s;
    if (s.empty()) return std::nullopt;
    const size_t commas = std::count(s.begin(), s.end(), ','), dots = std::count(s.begin(), s.end(), '.');
    // split into groups
    std::vector<std::string_view> groups;
    std::vector<char> seps;
    size_t a = 0;
    for (size_t k = 0; k <= s.size(); ++k) {
      if (k == s.size() || s[k] == ',' || s[k] == '.') {
        groups.push_back(s.substr(a, k - a));
        if (k < s.size()) seps.push_back(s[k]);
        a = k + 1;
      }
    }
    auto all_three = [&](size_t from, size_t to) {
      for (size_t g = from; g < to; ++g)
        if (groups[g].size() != 3) return false;
      return true;
    };
    __int128 mantissa = 0;
    int decimals = 0;
    bool overflow = false;
    auto append = [&](std::string_view g) {
      for (char c : g) {
        mantissa = mantissa * 10 + (c - '0');
        if (mantissa > static_cast<__int128>(kMaxValue) * 1000) {
          overflow = true;
          mantissa = static_cast<__int128>(kMaxValue) * 1000;
        }
      }
    };
    const uint32_t after = dt->last + 1;
    const bool scale_follows = [&] {
      const NumberLexicon::NumberWord* w = Word(after);
      return w && (w->kind == Kind::kScale || w->kind == Kind::kSuffix || w->kind == Kind::kHundred ||
                   w->kind == Kind::kLetter);
    }();
    const bool first_ok = !groups[0].empty() && groups[0].size() <= 3;
    // one dot and three digits is a decimal in English ("2.998") unless whole things follow
    // ("5.300 reservists"); two dots are European grouping ("1.234.567")
    const bool european_dots =
        dots > 1 || (!scale_follows && !money && dt->glued_scale == 1 && CountedNounAt(after));
    if (LeadingPointAt(i) && !commas && !dots && dt->last == i) {
      append(s);  // ".08"
      decimals = static_cast<int>(s.size());
      f.first = i - 1;
    } else if (commas && !dots && first_ok && all_three(1, groups.size())) {
      for (auto g : groups) append(g);  // 5,300 and 1,000,000
    } else if (commas && dots == 1 && seps.back() == '.' && first_ok && all_three(1, groups.size() - 1)) {
      for (size_t g = 0; g + 1 < groups.size(); ++g) append(groups[g]);  // 1,234.5
      append(groups.back());
      decimals = static_cast<int>(groups.back().size());
    } else if (dots && !commas && first_ok && groups[0][0] != '0' && all_three(1, groups.size()) && european_dots) {
      for (auto g : groups) append(g);  // European 4.700 people and 1.000.000
    } else if (dots == 1 && !commas) {
      append(groups[0]);  // 1.5
      append(groups[1]);
      decimals = static_cast<int>(groups[1].size());
    } else if (commas == 1 && !dots && scale_follows) {
      append(groups[0]);  // European decimal comma: "1,5 million"
      append(groups[1]);
      decimals = static_cast<int>(groups[1].size());
    } else if (!commas && !dots) {
      append(s);
    } else {
      // a separator pattern no one writes for a count: read the digits, type it other
      for (auto g : groups) append(g);
      f.type = QuantityType::kOther;
    }
    f.digits = s.size() - commas - dots;
    uint32_t j = after;
    // "4 700": thousands grouped by spaces
    if (!commas && !dots && s.size() <= 3 && s[0] != '0' && dt->glued_scale == 1 && !decimals) {
      auto group_at = [&](uint32_t k) {
        return IsNum(k) && d_.tokens[k].space_before && T(k).size() == 3 &&
               T(k).find_first_of(",.") == std::string_view::npos;
      };
      uint32_t run = j;
      while (run - j < kMaxDigitGroups && group_at(run)) ++run;
      // a figure of another shape after the groups: a list of figures, not one number
      if (!IsNum(run))
        for (; j < run; ++j) append(T(j));
    }
    f.plain_digits = j == i + 1 && dt->last == i && !commas && !dots && !decimals;
    // suffix glued to the digits ("18k", "2.3bn") or a scale word ("1.5 million", "3 thousand")
    __int128 scale = dt->glued_scale;
    if (scale > 1) {
      f.plain_digits = false;
    } else if (const NumberLexicon::NumberWord* w = Word(j)) {
      const bool glued = Glued(j);
      if (w->kind == Kind::kLetter) {
        // "$3.2m", "1.5m people", "8 B people"; "5m" and "5 m" alone are metres
        const bool upper_alone = !glued && T(j).size() == 1 && IsAsciiUpper(T(j)[0]);
        if ((glued || upper_alone) && (money || CountedNounAt(j + 1))) {
          scale = w->value;
          ++j;
          f.plain_digits = false;
        }
      } else if ((w->kind == Kind::kSuffix && glued) || w->kind == Kind::kScale || w->kind == Kind::kHundred ||
                 (w->kind == Kind::kDozen && !glued)) {
        scale = w->value;
        if (w->kind == Kind::kDozen) f.approximate = true;
        ++j;
        f.plain_digits = false;
        // "3 hundred thousand"
        if (w->kind == Kind::kHundred)
          if (const NumberLexicon::NumberWord* w2 = Word(j); w2 && w2->kind == Kind::kScale) {
            scale *= w2->value;
            ++j;
          }
      }
    }
    // "3 hundred and 21"
    if (scale == 100 && !decimals && j + 1 < end_ && W(j) == "and" && IsNum(j + 1) && T(j + 1).size() <= 2) {
      mantissa = mantissa * scale + (T(j + 1).size() == 2 ? (T(j + 1)[0] - '0') * 10 + (T(j + 1)[1] - '0')
                                                          : T(j + 1)[0] - '0');
      scale = 1;
      j += 2;
    }
    if (f.type == QuantityType::kCount && !overflow) f.written = WrittenValue(mantissa, decimals, scale);
    __int128 v = mantissa * scale;
    // 10^18 fits in 64 bits; a figure with more decimal places than that is no count
    constexpr int kMaxDecimals = 18;
    if (decimals > kMaxDecimals) {
      f.fractional = true;
      decimals = 0;
      v = 0;
    }
    for (int k = 0; k < decimals; ++k) v /= 10;
    if (decimals) {
      __int128 whole = v;
      // the value must be whole once scaled: 1.5 million is, 6.4 is not
      __int128 exact = mantissa * scale;
      __int128 div = 1;
      for (int k = 0; k < decimals; ++k) div *= 10;
      if (exact % div != 0) f.fractional = true;
      v = whole;
    }
    f.value = Clamp(v, &f.overflow);
    f.overflow |= overflow;
    f.scale = static_cast<int64_t>(scale > kMaxValue ? kMaxValue : scale);
    f.end = j;
    return f;
  }

  // Reads a spelled-out number at i: "one hundred and twenty", "twenty-three", "a hundred",
  // "half a million", "two dozen".
  std::optional<Figure> ParseWords(uint32_t i) const {
    Figure f;
    f.first = i;
    f.from_words = true;
    uint32_t j = i;
    __int128 total = 0, current = 0;
    bool any = false, last_unit = false, last_ten = false;
    int64_t last_scale = 0;
    // "a hundred", "an estimated"... only "a"/"an" before hundred, scale or dozen counts
    if (j < end_ && (W(j) == "a" || W(j) == "an")) {
      const NumberLexicon::NumberWord* w = Word(j + 1);
      if (w && w->kind == Kind::kFraction) {
        ++j;  // "a quarter of a million"
      } else if (w && (w->kind == Kind::kHundred || w->kind == Kind::kScale || w->kind == Kind::kDozen)) {
        current = 1;
        ++j;
      } else {
        return std::nullopt;
      }
    }
    // "half a million", "a quarter of a million", "half a dozen"
    if (const NumberLexicon::NumberWord* w = Word(j); w && w->kind == Kind::kFraction) {
      uint32_t k = j + 1;
      if (k < end_ && W(k) == "of") ++k;
      if (k < end_ && (W(k) == "a" || W(k) == "an")) ++k;
      const NumberLexicon::NumberWord* m = Word(k);
      if (!m || (m->kind != Kind::kScale && m->kind != Kind::kHundred && m->kind != Kind::kDozen)) return std::nullopt;
      f.value = m->value / w->value * (current ? current : 1);
      f.approximate = m->kind == Kind::kDozen;
      f.scale = m->value;
      f.end = k + 1;
      f.written = Decimal{f.value, 0};
      return f;
    }
    for (uint32_t steps = 0; j < end_ && steps < kMaxWordRun; ++steps) {
      const NumberLexicon::NumberWord* w = Word(j);
      if (!w) {
        if (any && ReadAndAHalf(&j, &total, &current, last_scale, &f)) break;
        // "one hundred and twenty", "twenty-three"
        if (any && W(j) == "and" && (current >= 100 || total > 0) && !last_unit && !last_ten) {
          const NumberLexicon::NumberWord* n = Word(j + 1);
          if (n && (n->kind == Kind::kUnit || n->kind == Kind::kTen)) {
            ++j;
            continue;
          }
        }
        if (any && last_ten && IsDash(j) && Glued(j) && Glued(j + 1)) {
          const NumberLexicon::NumberWord* n = Word(j + 1);
          if (n && n->kind == Kind::kUnit && n->value < 10 && n->value > 0) {
            ++j;
            continue;
          }
        }
        break;
      }
      bool ok = true;
      switch (w->kind) {
        case Kind::kUnit:
          if (last_unit || (last_ten && w->value >= 10)) ok = false;
          else current += w->value;
          last_unit = true;
          last_ten = false;
          break;
        case Kind::kTen:
          if (last_unit || last_ten || current % 100 != 0) ok = false;
          else current += w->value;
          last_ten = true;
          last_unit = false;
          break;
        case Kind::kHundred:
          if (!any && current == 0) ok = false;
          else current = (current ? current : 1) * 100;
          last_unit = last_ten = false;
          break;
        case Kind::kScale:
          if (!any && current == 0) ok = false;
          else if (last_scale && w->value >= last_scale) ok = false;
          else {
            total += (current ? current : 1) * w->value;
            current = 0;
            last_scale = w->value;
          }
          last_unit = last_ten = false;
          break;
        case Kind::kDozen:
          if (!any && current == 0) ok = false;
          else {
            current = (current ? current : 1) * 12;
            f.approximate = true;
          }
          last_unit = last_ten = false;
          break;
        case Kind::kFraction:
        case Kind::kSuffix:
        case Kind::kLetter:
          ok = false;
          break;
      }
      if (!ok) break;
      any = true;
      if (w->kind == Kind::kScale || w->kind == Kind::kHundred) f.scale = w->value;
      ++j;
    }
    if (!any) return std::nullopt;
    f.value = Clamp(total + current, &f.overflow);
    f.end = j;
    if (!f.written && !f.overflow) f.written = Decimal{f.value, 0};
    return f;
  }

  // "and a half" after a spelled-out number at *j: "five and a half million" (5,500,000),
  // "two million and a half" (2,500,000), "five and a half" (5.5, not whole). Moves *j past it.
  bool ReadAndAHalf(uint32_t* j, __int128* total, __int128* current, int64_t last_scale, Figure* f) const {
    const uint32_t k = *j;
    if (k + 2 >= end_ || W(k) != "and" || (W(k + 1) != "a" && W(k + 1) != "an" && W(k + 1) != "one")) return false;
    const NumberLexicon::NumberWord* part = Word(k + 2);
    if (!part || part->kind != Kind::kFraction) return false;
    const int64_t den = part->value;
    const NumberLexicon::NumberWord* scale = Word(k + 3);
    if (*current > 0 && scale && scale->kind == Kind::kScale && (!last_scale || scale->value < last_scale)) {
      *total += (*current * den + 1) * scale->value / den;
      *current = 0;
      f->scale = scale->value;
      *j = k + 4;
    } else if (*current == 0 && last_scale) {
      *total += last_scale / den;
      *j = k + 3;
    } else if (*total == 0 && *current > 0 && *current < 1000) {
      f->fractional = true;
      f->written = FractionValue(static_cast<int64_t>(*current) * den + 1, den);
      *j = k + 3;
    } else {
      return false;
    }
    return true;
  }

  std::optional<Figure> ParseFigure(uint32_t i) const {
    if (IsNum(i)) return ParseDigits(i);
    if (MayHoldDigits(i))
      if (std::optional<Figure> f = ParseDigits(i)) return f;
    return ParseWords(i);
  }

  // Most words hold no digits: tests the bytes a glued currency code ("USD1,700") could end at.
  bool MayHoldDigits(uint32_t i) const {
    if (i >= end_ || d_.tokens[i].end - d_.tokens[i].begin <= 1) return false;
    const std::string_view w = T(i);
    return IsAsciiDigit(w[1]) || (w.size() > 2 && IsAsciiDigit(w[2])) || (w.size() > 3 && IsAsciiDigit(w[3]));
  }

  // The first token of a qualifier phrase that ends at token i (i itself when none), at or after floor_.
  uint32_t QualifierBefore(uint32_t i, const PhraseTable& table, int* value) const {
    PhraseTable::Match m = table.MatchEndingAt(d_, i, floor_);
    if (!m.length) return i;
    *value = m.value;
    return i - m.length;
  }

  // Skips adverbs backwards from i ("when I was just 17").
  uint32_t SkipAdverbsBack(uint32_t i) const {
    while (i > floor_ && lex_.adverbs.count(W(i - 1))) --i;
    return i;
  }

  // A figure hyphened to a lowercase word is a modifier: "an 11-vehicle pileup", "a three-car
  // crash". Not an age said without its second hyphen ("a 58-year old man"), which the rules veto.
  bool CompoundModifierAt(uint32_t i) const {
    if (i + 1 >= end_ || !IsHyphen(i) || !Glued(i) || !Glued(i + 1)) return false;
    const Token& w = d_.tokens[i + 1];
    if (w.kind != TokenKind::kWord || IsAsciiUpper(d_.text[w.begin])) return false;
    return !lex_.ages_after.MatchAt(d_, i + 1, end_).length;
  }

  bool AgeAt(const Figure& f) const {
    uint32_t b = SkipAdverbsBack(f.first);
    if (lex_.ages_before.MatchEndingAt(d_, b, floor_).length) return true;
    if (lex_.ages_after.MatchAt(d_, f.end, end_).length) return true;
    // "aged 20, 24 and 31", "ages 9 and 12": the later figures of a list of ages are ages too
    // (reaching back past the previous mentions, which are those ages, to the sentence's start)
    for (uint32_t p = f.first, steps = 0; steps < 8 && p >= begin_ + 2; ++steps) {
      uint32_t q = p - 1;
      bool comma_and = false;
      if (W(q) == "and" || W(q) == "or") {
        if (q > begin_ && T(q - 1) == ",") {
          --q;
          comma_and = true;
        }
      } else if (T(q) != ",") {
        break;
      }
      if (q <= begin_ || !IsNum(q - 1)) break;
      p = q - 1;
      // ", and" ends a list of three or more ("aged 20, 24, and 31"); after one figure it joins
      // clauses: "children under the age of 15, and 11 died"
      if (comma_and && !(p > begin_ && T(p - 1) == ",")) break;
      if (lex_.ages_before.MatchEndingAt(d_, p, begin_).length) return true;
    }
    // "Maria Lopez, 34, ..." and "Maria Lopez (34)"
    if (f.first >= begin_ + 2 && f.end < end_) {
      std::string_view before = T(f.first - 1), after = T(f.end);
      const bool name_before = d_.tokens[f.first - 2].kind == TokenKind::kWord && IsAsciiUpper(T(f.first - 2)[0]);
      if (name_before && f.value > 0 && f.value < 120 && f.plain_digits &&
          ((before == "," && (after == "," || after == ")")) || (before == "(" && after == ")")))
        return true;
    }
    return false;
  }

  bool PhoneAt(uint32_t i, uint32_t* end) const {
    // "+44 20 7946 0958", "(555) 123-4567", "555-123-4567"
    uint32_t j = i;
    bool lead = false;
    if (j > floor_ && (T(j - 1) == "+" || T(j - 1) == "(") && Glued(j)) lead = true;
    size_t digits = 0, groups = 0;
    bool dashed = false;
    while (IsNum(j) && T(j).find_first_of(",.") == std::string_view::npos && groups < 8) {
      digits += T(j).size();
      ++groups;
      ++j;
      if (j < end_ && T(j) == ")" && Glued(j)) ++j;
      if (IsDash(j) && Glued(j) && IsNum(j + 1) && Glued(j + 1)) {
        dashed = true;
        ++j;
        continue;
      }
      if (IsNum(j) && d_.tokens[j].space_before && lead) continue;
      break;
    }
    if (digits >= 9 && groups >= 3 && (lead || dashed)) {
      *end = j;
      return true;
    }
    return false;
  }

  // Whether a quantity may begin at token i: a figure, a word whose id may begin one, or a word
  // with digits in it. Most words fail, by their id.
  bool MayBeginAt(uint32_t i) const {
    return IsNum(i) || lex_.MayBeginQuantity(d_.tokens[i].word) || MayHoldDigits(i);
  }

  // The token after a quantity that begins at token i (MayBeginAt), or i when none does.
  uint32_t TryAt(uint32_t i) {
    // a compound ordinal: "fifty-fourth", "twenty-first"
    if (const NumberLexicon::NumberWord* ten = Word(i); ten && ten->kind == NumberLexicon::WordKind::kTen &&
        IsHyphen(i + 1) && Glued(i + 1) && Glued(i + 2)) {
      if (const int64_t* o = lex_.ordinals.Find(W(i + 2)); o && *o > 0 && *o < 10) {
        Push(Bare(i, i + 3, QuantityType::kOrdinal, ten->value + *o));
        return i + 3;
      }
    }
    // ordinal words: "third", "tenth"
    if (const int64_t* o = lex_.ordinals.Find(W(i)); o && d_.tokens[i].kind == TokenKind::kWord && *o > 0) {
      Quantity q = Bare(i, i + 1, QuantityType::kOrdinal, *o);
      Push(q);
      return i + 1;
    }
    uint32_t phone_end;
    if (IsNum(i) && PhoneAt(i, &phone_end)) {
      uint32_t first = i > floor_ && (T(i - 1) == "+" || T(i - 1) == "(") ? i - 1 : i;
      Push(Bare(first, phone_end, QuantityType::kPhone, std::nullopt));
      return phone_end;
    }
    // vague multiples: "several hundred", "hundreds of", "a dozen"
    if (PhraseTable::Match v = lex_.vague.MatchAt(d_, i, end_); v.length) {
      const NumberLexicon::Vague& e = lex_.vague_entries[v.value];
      const bool of = i + v.length < end_ && W(i + v.length) == "of";
      const bool subject = i + v.length < end_ && lex_.subject_verbs.count(W(i + v.length));
      if (!e.needs_of || of || subject) return EmitVague(i, i + v.length, e);
    }
    if (uint32_t fraction_end = TryFractionWords(i)) return fraction_end;
    std::optional<Figure> f = ParseFigure(i);
    if (!f) return i;
    if (uint32_t fraction_end = TryOneIn(*f)) return fraction_end;
    if (IsPronounOne(*f)) return f->end;  // "which one", "one of the best": no quantity
    return EmitFigure(*f);
  }

  // A fraction word follows at j, said as a part ("thirds", "a quarter of the wounded"), not
  // a scale ("half a million", "a quarter of a million": ParseWords reads those).
  bool PartAt(uint32_t j, bool plural_numerator, bool hyphenated) const {
    const NumberLexicon::NumberWord* w = Word(j);
    if (!w || w->kind != Kind::kFraction || d_.tokens[j].kind != TokenKind::kWord) return false;
    uint32_t k = j + 1;
    const bool of = k < end_ && W(k) == "of";
    if (of) ++k;
    if (k < end_ && (W(k) == "a" || W(k) == "an")) ++k;
    if (const NumberLexicon::NumberWord* m = Word(k);
        m && (m->kind == Kind::kScale || m->kind == Kind::kHundred || m->kind == Kind::kDozen))
      return false;
    return plural_numerator || hyphenated || of;
  }

  // "two thirds", "two-thirds of", "a quarter of", "half of them", "half the victims".
  uint32_t TryFractionWords(uint32_t i) {
    if (d_.tokens[i].kind != TokenKind::kWord) return 0;
    const NumberLexicon::NumberWord* w = Word(i);
    if (w && w->kind == Kind::kFraction) {
      const bool part = i + 1 < end_ && (W(i + 1) == "of" || W(i + 1) == "the");
      if (!part || !PartAt(i, false, true)) return 0;
      return EmitFraction(i, i + 1, 1, w->value);
    }
    int64_t num = 0;
    if (W(i) == "a" || W(i) == "an") num = 1;
    else if (w && w->kind == Kind::kUnit && w->value >= 1) num = w->value;
    else return 0;
    uint32_t j = i + 1;
    const bool hyphen = IsDash(j) && Glued(j) && Glued(j + 1);
    if (hyphen) ++j;
    if (!PartAt(j, num >= 2, hyphen)) return 0;
    return EmitFraction(i, j + 1, num, Word(j)->value);
  }

  // "one in five", "1 in 4", "one out of every ten": a rate, not two counts.
  uint32_t TryOneIn(const Figure& f) {
    if (f.overflow || f.fractional || f.value < 1 || f.scale != 1 || f.approximate || f.end >= end_) return 0;
    if (!f.from_words && !f.plain_digits) return 0;
    uint32_t k = f.end;
    if (W(k) == "in") ++k;
    else if (W(k) == "out" && k + 1 < end_ && W(k + 1) == "of") k += 2;
    else return 0;
    if (k < end_ && W(k) == "every") ++k;
    if (k >= end_) return 0;
    std::optional<Figure> g = ParseFigure(k);
    if (!g || g->overflow || g->fractional || g->approximate || g->value <= f.value) return 0;
    return EmitFraction(f.first, g->end, f.value, g->value);
  }

  uint32_t EmitFraction(uint32_t first, uint32_t end, int64_t num, int64_t den) {
    Quantity q = Bare(first, end, QuantityType::kFraction, std::nullopt);
    q.from_words = d_.tokens[first].kind == TokenKind::kWord;
    q.written = FractionValue(num, den);
    int qual = 0;
    const uint32_t start = QualifierBefore(first, lex_.before, &qual);
    if (start < first) {
      q.qualifier = static_cast<Qualifier>(qual);  // "nearly two thirds"
      q.first_token = start;
    }
    Push(q);
    return end;
  }

  // "one" as a pronoun: "which one", "the one who", "one another", "one of the best".
  bool IsPronounOne(const Figure& f) const {
    if (!f.from_words || f.end != f.first + 1 || W(f.first) != "one") return false;
    const uint32_t next = f.end;
    if (next < end_ && lex_.pronoun_after.count(W(next))) return true;
    if (next + 2 < end_ && W(next) == "of" && W(next + 1) == "the" && IsSuperlative(next + 2)) return true;
    if (f.first <= begin_ || !lex_.pronoun_before.count(W(f.first - 1))) return false;
    // "the one soldier who survived" counts a soldier
    return !CountedNounAt(next);
  }

  bool IsSuperlative(uint32_t j) const {
    if (lex_.superlatives.count(W(j))) return true;
    const std::string_view w = W(j);
    return w.size() > 6 && w.substr(w.size() - 4) == "iest";  // "deadliest", "busiest"
  }

  Quantity Bare(uint32_t first, uint32_t end, QuantityType type, std::optional<int64_t> value) const {
    Quantity q;
    q.first_token = q.number_first_token = first;
    q.end_token = q.number_end_token = end;
    q.type = type;
    if (value) {
      q.value = IntervalFor(Qualifier::kExact, *value);
      q.written = Decimal{*value, 0};
    }
    return q;
  }

  uint32_t EmitVague(uint32_t first, uint32_t end, const NumberLexicon::Vague& e) {
    Quantity q;
    q.number_first_token = first;
    q.number_end_token = end;
    q.from_words = true;
    int qual = 0;
    uint32_t start = QualifierBefore(first, lex_.before, &qual);
    if (e.best) {
      q.qualifier = start < first ? static_cast<Qualifier>(qual) : Qualifier::kApprox;
      q.value = IntervalFor(q.qualifier, *e.best);
      q.written = Decimal{*e.best, 0};
    } else {
      q.qualifier = Qualifier::kVague;
      q.value.low = e.low;
      q.value.high = e.high;
    }
    q.first_token = start;
    q.end_token = end;
    MarkIncrement(&q, start, end);
    ApplyTypeAfter(&q, end);
    q.end_token = std::max(q.end_token, end);
    Push(q);
    return q.end_token;
  }

  // "1,000 more injured", "another 120", "dozens more": an increment
  void MarkIncrement(Quantity* q, uint32_t start, uint32_t end) const {
    if (end < end_ && W(end) == "more" && !(end + 1 < end_ && W(end + 1) == "than")) q->additional = true;
    if (start > floor_ && W(start - 1) == "another") q->additional = true;
  }

  // Units, percent and money after the figure: "500 km", "12%", "$5 million", "10 dollars".
  void ApplyTypeAfter(Quantity* q, uint32_t end) {
    uint32_t j = end;
    if (IsDash(j) && Glued(j) && Glued(j + 1)) ++j;  // "500-km"
    if (PhraseTable::Match u = lex_.units_after.MatchAt(d_, j, end_); u.length) {
      // a one-letter unit ("m", "g") only when glued to the figure
      if (d_.tokens[j].end - d_.tokens[j].begin > 1 || u.length > 1 || Glued(j)) {
        q->type = static_cast<QuantityType>(u.value);
        q->end_token = j + u.length;
      }
    }
  }

  uint32_t EmitFigure(Figure f) {
    Quantity q;
    q.from_words = f.from_words;
    uint32_t end = f.end;
    QuantityType type = f.type;
    // a range: "20-30", "20 to 30", "between 20 and 30", "from 20 to 30", "20 or 30"
    std::optional<Figure> upper;
    bool between = f.first > floor_ && W(f.first - 1) == "between";
    bool from = f.first > floor_ && W(f.first - 1) == "from";
    // "rose from 20 to 30", "rose by about 12 to 88": a change, not a range (the preposition may
    // stand before a qualifier)
    bool change = false;
    for (uint32_t p = f.first; p >= floor_ + 2 && p + 3 > f.first && !change; --p)
      if (W(p - 1) == "from" || W(p - 1) == "by") change = lex_.change_verbs.count(W(p - 2)) > 0;
    const uint32_t sign = SignBefore(f);
    if (end < end_ && sign == f.first) {
      const WordRef c = W(end);
      const bool dash = IsDash(end);
      const bool connector = dash || lex_.range_words.count(c) || (c == "and" && between);
      const bool post = lex_.after.MatchAt(d_, end, end_).length > 0;
      if (connector && !post && !change && end + 1 < end_ && !lex_.vague.MatchAt(d_, end + 1, end_).length) {
        std::optional<Figure> g = ParseFigure(end + 1);
        // "between eight and 12" mixes words and digits; elsewhere a mix is two figures ("one 12-year-old")
        if (g && (g->from_words == f.from_words || between) && (!dash || (Glued(end) == Glued(end + 1)))) {
          Figure lo = f;
          if (g->scale > 1 && lo.scale == 1 && lo.value < 1000 && !lo.overflow) ScaleBy(&lo, g->scale);  // "20 to 30 thousand"
          if (Below(lo, *g)) {
            f = lo;
            upper = g;
            end = g->end;
          } else if (dash && !g->from_words) {
            type = QuantityType::kOther;  // "3-1": a score, not a range
            end = g->end;
          }
        }
      }
    }
    if (!upper) end = DigitsRepeatedAfter(f, end);
    q.number_first_token = f.first;
    q.number_end_token = end;
    uint32_t start = sign;
    // the sign before: "$5 million"
    if (PhraseTable::Match u = lex_.units_before.MatchEndingAt(d_, start, floor_); u.length) {
      type = static_cast<QuantityType>(u.value);
      start -= u.length;
    }
    if (f.glued_currency) type = QuantityType::kMoney;
    if (type == QuantityType::kCount) {
      // "M" glued after a currency figure is millions; "km" and friends are units
      ApplyTypeAfter(&q, end);
      type = q.type;
    }
    int qual_value = 0;
    Qualifier qual = Qualifier::kExact;
    if (upper) {
      qual = Qualifier::kRange;
      if ((between || from) && start == f.first) --start;
      q.value.low = f.value;
      q.value.high = upper->value;
      q.written_low = f.written;
      q.written_high = upper->written;
      uint32_t s = QualifierBefore(start, lex_.before, &qual_value);
      start = s;
    } else {
      uint32_t s = QualifierBefore(start, lex_.before, &qual_value);
      // "revised up to 12", "has gone up to 40": after a verb of change "up" is the direction,
      // not the bound of "up to"
      if (s < start && W(s) == "up" && s + 2 == start && s > floor_ && lex_.change_verbs.count(W(s - 1))) s = start;
      if (s == start) s = QualifierBefore(start, lex_.verbs, &qual_value);
      if (s < start) {
        qual = static_cast<Qualifier>(qual_value);
        start = s;
      }
      if (PhraseTable::Match a = lex_.after.MatchAt(d_, end, end_); a.length && qual == Qualifier::kExact &&
                                                                   type == QuantityType::kCount) {
        // "1,000-plus", "100 or more"; a trailing "+" or "-plus" is glued, "or more" is not
        qual = static_cast<Qualifier>(a.value);
        end += a.length;
      }
      if (qual == Qualifier::kExact && f.approximate) qual = Qualifier::kApprox;
      q.value = IntervalFor(qual, f.value);
      q.written = f.written;
      if (type == QuantityType::kCount && !f.overflow) end = PairedBound(f, &qual, &q, end);
    }
    MarkIncrement(&q, start, end);

    // what the figure is, if not a count
    if (type == QuantityType::kCount) {
      if (f.overflow || (upper && upper->overflow)) type = QuantityType::kOther;
      else if (f.fractional) type = QuantityType::kOther;
      else if (IsNum(f.first) && Glued(f.end) && f.end < end_ && d_.tokens[f.end].kind == TokenKind::kWord) {
        if (const int64_t* o = lex_.ordinals.Find(W(f.end)); o && *o == 0) {
          type = QuantityType::kOrdinal;
          end = f.end + 1;
        } else if (f.scale == 1) {
          type = QuantityType::kOther;  // "5G", "4x4"
        }
      } else if (IsNum(f.first) && T(f.end < end_ ? f.end : f.first) == ":" && Glued(f.end) && IsNum(f.end + 1) &&
                 Glued(f.end + 1) && f.digits <= 2) {
        type = QuantityType::kTime;
        end = f.end + 2;
      } else if (AgeAt(f)) {
        type = QuantityType::kAge;
      } else if (CompoundModifierAt(end)) {
        type = QuantityType::kOther;  // "an 11-vehicle pileup", "a three-car crash"
      } else if (IdentifierBefore(f.first) || PostalCodeAt(f) || AddressAt(f)) {
        type = QuantityType::kOther;
      } else if (f.plain_digits && f.digits == 4 && f.value >= 1800 && f.value <= 2100 && qual == Qualifier::kExact &&
                 !upper && !NextIsPluralNoun(f.end)) {
        type = QuantityType::kYear;
      } else if (upper && f.plain_digits && f.digits == 4 && f.value >= 1800 && upper->value <= 2100) {
        type = QuantityType::kYear;
      }
    }
    if (sign < f.first) {
      // "minus 5", "-5 °C": a signed value, never a count; the interval holds no negatives
      if (type == QuantityType::kCount) type = QuantityType::kOther;
      q.value = {};
      if (q.written) q.written->units = -q.written->units;
    }
    if (type == QuantityType::kCount && end < end_ && W(end) == "of" && end + 1 < end_ &&
        lex_.partitive_of.count(W(end + 1)))
      q.partitive = true;  // "one of the victims"
    q.type = type;
    q.qualifier = qual;
    if (f.overflow) q.value = {};
    q.first_token = start;
    q.end_token = std::max(end, q.end_token);
    Push(q);
    return q.end_token;
  }

  // Legal and police statements repeat a figure in digits: "two (2) officers". The digits are
  // part of the figure, not a second one.
  uint32_t DigitsRepeatedAfter(const Figure& f, uint32_t end) const {
    if (!f.from_words || end + 2 >= end_ || T(end) != "(" || !IsNum(end + 1) || T(end + 2) != ")") return end;
    const std::optional<Figure> digits = ParseFigure(end + 1);
    return digits && digits->end == end + 2 && digits->value == f.value ? end + 3 : end;
  }

  // "1.5 to 2.5 million": the lower figure takes the upper one's scale, decimals and all.
  static void ScaleBy(Figure* f, int64_t scale) {
    if (!f->written) {
      f->value *= scale;
      return;
    }
    const std::optional<Decimal> scaled = WrittenValue(f->written->units, f->written->places, scale);
    if (!scaled) return;
    __int128 div = 1;
    for (int k = 0; k < scaled->places; ++k) div *= 10;
    f->written = scaled;
    f->value = static_cast<int64_t>(scaled->units / div);
    f->fractional = scaled->units % div != 0;
    f->scale = scale;
  }

  // Whether a is below b, decimals compared as written ("1.2 to 1.8 percent").
  static bool Below(const Figure& a, const Figure& b) {
    if (a.value != b.value || !a.written || !b.written) return a.value < b.value;
    __int128 x = a.written->units, y = b.written->units;
    for (int k = a.written->places; k < b.written->places; ++k) x *= 10;
    for (int k = b.written->places; k < a.written->places; ++k) y *= 10;
    return x < y;
  }

  // The first token of a sign before the figure ("minus", a "-" glued to the digits and not to
  // a word or figure before it); f.first when none.
  uint32_t SignBefore(const Figure& f) const {
    if (f.first <= floor_) return f.first;
    const uint32_t p = f.first - 1;
    if (lex_.negative_words.count(W(p))) return p;
    if (!f.from_words && IsDash(p) && Glued(f.first) && (p == begin_ || d_.tokens[p].space_before)) return p;
    return f.first;
  }

  // "more than 30 but fewer than 50", "above 1,000 and below 1,500": one range, 31-49 and
  // 1001-1499, its open ends marked. Returns the new end of the expression.
  uint32_t PairedBound(const Figure& f, Qualifier* qual, Quantity* q, uint32_t end) const {
    if (*qual != Qualifier::kMoreThan && *qual != Qualifier::kAtLeast) return end;
    uint32_t k = end;
    if (k < end_ && T(k) == ",") ++k;
    if (k >= end_ || (W(k) != "but" && W(k) != "and")) return end;
    ++k;
    const PhraseTable::Match m = lex_.before.MatchAt(d_, k, end_);
    const auto upper_qual = static_cast<Qualifier>(m.value);
    if (!m.length || (upper_qual != Qualifier::kLessThan && upper_qual != Qualifier::kAtMost)) return end;
    std::optional<Figure> g = ParseFigure(k + m.length);
    if (!g || g->overflow || g->fractional || g->from_words != f.from_words) return end;
    const bool open_low = *qual == Qualifier::kMoreThan, open_high = upper_qual == Qualifier::kLessThan;
    const int64_t low = f.value + (open_low ? 1 : 0), high = g->value - (open_high ? 1 : 0);
    if (low > high) return end;
    *qual = Qualifier::kRange;
    q->value = Interval{low, high, std::nullopt};
    q->open_low = open_low;
    q->open_high = open_high;
    q->written_low = f.written;
    q->written_high = g->written;
    q->written.reset();
    return g->end;
  }

  // "CA 94105": five digits after a two-letter state code.
  bool PostalCodeAt(const Figure& f) const {
    if (!f.plain_digits || f.digits != 5 || f.first <= floor_) return false;
    const std::string_view p = T(f.first - 1);
    return p.size() == 2 && IsAsciiUpper(p[0]) && IsAsciiUpper(p[1]);
  }

  // "221 Baker Street", "10 Downing St": a house number, up to three names before the street.
  bool AddressAt(const Figure& f) const {
    if (!f.plain_digits) return false;
    for (uint32_t j = f.end, names = 0; j < end_ && names <= 3; ++j, ++names) {
      if (names > 0 && lex_.street_words.MatchAt(d_, j, end_).length) return true;
      if (d_.tokens[j].kind != TokenKind::kWord || !IsAsciiUpper(T(j)[0])) return false;
    }
    return false;
  }

  // i begins the exponent of a figure in scientific notation, "1E+999" or "6.02e-23"; the sign
  // may have been read as the figure's own. The mantissa is a quantity already, so this looks
  // back past floor_ to the sentence's start.
  bool ExponentAt(uint32_t i) const {
    const bool signed_figure = T(i) == "+" || IsDash(i);
    const uint32_t sign = signed_figure ? i : i - 1;
    if (sign < begin_ + 2 || !(signed_figure || T(sign) == "+" || IsDash(sign))) return false;
    return Glued(sign) && Glued(sign + 1) && W(sign - 1) == "e" && Glued(sign - 1) && IsNum(sign - 2);
  }

  bool IdentifierBefore(uint32_t i) const {
    if (i <= floor_) return false;
    if (ExponentAt(i)) return true;
    uint32_t p = i - 1;
    // glued to a word by a hyphen: "F-16", "COVID-19" (not by a dash: "were shot—two fatally")
    if (IsHyphen(p) && Glued(p) && Glued(i) && p > floor_ && d_.tokens[p - 1].kind == TokenKind::kWord &&
        !lex_.words.count(W(p - 1)))
      return true;
    if (T(p) == "." && Glued(p) && p > floor_) --p;  // "No. 5"
    if (T(p) == "#" && Glued(i)) return true;
    return lex_.identifiers.MatchEndingAt(d_, p + 1, floor_).length > 0;
  }

  bool NextIsPluralNoun(uint32_t j) const {
    if (j >= end_ || d_.tokens[j].kind != TokenKind::kWord) return false;
    std::string_view w = T(j);
    return w.size() > 3 && w.back() == 's' && !IsAsciiUpper(w[0]) && w != "was" && w != "has" && w != "is";
  }

  void Push(Quantity q) {
    q.sentence = sentence_;
    q.begin = d_.tokens[q.first_token].begin;
    q.end = d_.tokens[q.end_token - 1].end;
    d_.quantities.push_back(q);
    floor_ = q.end_token;
  }

  const NumberLexicon& lex_;
  Document& d_;
  uint32_t sentence_ = 0, begin_ = 0, end_ = 0;
  uint32_t floor_ = 0;  // qualifiers may not reach back past the previous mention
};

Qualifier ParseQualifier(const TsvFile& f, const TsvRow& r, const std::string& name) {
  std::optional<Qualifier> q = QualifierFromName(name);
  if (!q || *q == Qualifier::kRange || *q == Qualifier::kVague) f.Fail(r, "unknown qualifier '" + name + "'");
  return *q;
}

}  // namespace

Interval IntervalFor(Qualifier q, int64_t n) {
  Interval v;
  switch (q) {
    case Qualifier::kExact: v.low = v.high = v.best = n; break;
    case Qualifier::kApprox: v.best = n; break;
    case Qualifier::kAtLeast:
    case Qualifier::kMoreThan: v.low = v.best = n; break;
    case Qualifier::kAtMost:
    case Qualifier::kLessThan: v.high = v.best = n; break;
    case Qualifier::kRange:
    case Qualifier::kVague: v.best = n; break;
  }
  return v;
}

NumberLexicon NumberLexicon::Load(const std::string& dir, Vocabulary& vocab) {
  NumberLexicon lex;
  TsvFile words = ReadTsv(dir + "/number_words.tsv", 3, 3);
  for (const TsvRow& r : words.rows) {
    static const std::pair<const char*, WordKind> kKinds[] = {
        {"unit", WordKind::kUnit},   {"ten", WordKind::kTen},           {"hundred", WordKind::kHundred},
        {"scale", WordKind::kScale}, {"dozen", WordKind::kDozen},       {"fraction", WordKind::kFraction},
        {"suffix", WordKind::kSuffix}, {"letter", WordKind::kLetter}};
    auto it = std::find_if(std::begin(kKinds), std::end(kKinds), [&](auto& k) { return r.fields[2] == k.first; });
    if (it == std::end(kKinds)) words.Fail(r, "unknown kind '" + r.fields[2] + "'");
    std::string w = AsciiLowerCopy(r.fields[0]);
    // a word may be both a scale word and a glued suffix ("mln"): the scale reading wins
    if (lex.words.count(w) && it->second == WordKind::kSuffix) continue;
    lex.words.Slot(vocab, w) = {ParseInt(words, r, r.fields[1]), it->second};
  }
  TsvFile ord = ReadTsv(dir + "/ordinals.tsv", 2, 2);
  for (const TsvRow& r : ord.rows) lex.ordinals.Slot(vocab, r.fields[0]) = ParseInt(ord, r, r.fields[1]);
  TsvFile quals = ReadTsv(dir + "/qualifiers.tsv", 3, 3);
  for (const TsvRow& r : quals.rows) {
    int q = static_cast<int>(ParseQualifier(quals, r, r.fields[2]));
    const std::string& pos = r.fields[1];
    PhraseTable* t = pos == "before" ? &lex.before : pos == "after" ? &lex.after : pos == "verb" ? &lex.verbs : nullptr;
    if (!t) quals.Fail(r, "position must be before, after or verb");
    t->Add(vocab, r.fields[0], q);
  }
  TsvFile vague = ReadTsv(dir + "/vague.tsv", 5, 5);
  for (const TsvRow& r : vague.rows) {
    Vague v{ParseInt(vague, r, r.fields[1]), ParseInt(vague, r, r.fields[2]), std::nullopt, r.fields[4] == "1"};
    if (!r.fields[3].empty()) v.best = ParseInt(vague, r, r.fields[3]);
    if (v.low > v.high) vague.Fail(r, "low is above high");
    lex.vague.Add(vocab, r.fields[0], static_cast<int>(lex.vague_entries.size()));
    lex.vague_entries.push_back(v);
  }
  TsvFile units = ReadTsv(dir + "/units.tsv", 3, 3);
  for (const TsvRow& r : units.rows) {
    QuantityType t;
    if (r.fields[1] == "measurement") t = QuantityType::kMeasurement;
    else if (r.fields[1] == "percent") t = QuantityType::kPercent;
    else if (r.fields[1] == "money") t = QuantityType::kMoney;
    else if (r.fields[1] == "time") t = QuantityType::kTime;
    else units.Fail(r, "type must be measurement, percent, money or time");
    PhraseTable* table = r.fields[2] == "before" ? &lex.units_before : r.fields[2] == "after" ? &lex.units_after : nullptr;
    if (!table) units.Fail(r, "position must be before or after");
    table->Add(vocab, r.fields[0], static_cast<int>(t));
    // a code of letters may be written onto the digits: "USD1,700", "RM23.50"
    const std::string& code = r.fields[0];
    if (t == QuantityType::kMoney && table == &lex.units_before && code.size() <= 3 &&
        std::all_of(code.begin(), code.end(), [](char c) { return IsAsciiAlpha(c); }))
      lex.glued_currency.Slot(vocab, code) = 1;
  }
  TsvFile ages = ReadTsv(dir + "/ages.tsv", 2, 2);
  for (const TsvRow& r : ages.rows) {
    PhraseTable* table = r.fields[1] == "before" ? &lex.ages_before : r.fields[1] == "after" ? &lex.ages_after : nullptr;
    if (!table) ages.Fail(r, "position must be before or after");
    table->Add(vocab, r.fields[0], 1);
  }
  TsvFile ids = ReadTsv(dir + "/identifiers.tsv", 1, 1);
  for (const TsvRow& r : ids.rows) lex.identifiers.Add(vocab, r.fields[0], 1);
  TsvFile counted = ReadTsv(dir + "/counted_nouns.tsv", 3, 3);
  for (const TsvRow& r : counted.rows) lex.counted.Slot(vocab, r.fields[0]) = 1;
  TsvFile context = ReadTsv(dir + "/number_context.tsv", 2, 2);
  for (const TsvRow& r : context.rows) {
    const std::string& role = r.fields[1];
    if (role == "street") {
      lex.street_words.Add(vocab, r.fields[0], 1);
      continue;
    }
    WordTable<int>* table = role == "range"            ? &lex.range_words
                            : role == "negative"       ? &lex.negative_words
                            : role == "pronoun_before" ? &lex.pronoun_before
                            : role == "pronoun_after"  ? &lex.pronoun_after
                            : role == "partitive"      ? &lex.partitive_of
                            : role == "superlative"    ? &lex.superlatives
                            : role == "subject_verb"   ? &lex.subject_verbs
                                                       : nullptr;
    if (!table) context.Fail(r, "unknown role '" + role + "'");
    table->Slot(vocab, r.fields[0]) = 1;
  }
  TsvFile change = ReadTsv(dir + "/change_verbs.tsv", 1, 1);
  for (const TsvRow& r : change.rows) lex.change_verbs.Slot(vocab, r.fields[0]) = 1;
  TsvFile adv = ReadTsv(dir + "/adverbs.tsv", 1, 1);
  for (const TsvRow& r : adv.rows) lex.adverbs.Slot(vocab, r.fields[0]) = 1;
  // words interned later (by other lexicons) are in none of these tables: they begin nothing
  const uint32_t a = vocab.Intern("a"), an = vocab.Intern("an");
  lex.begins_quantity_.Reset(vocab.size());
  for (uint32_t id = 1; id <= vocab.size(); ++id) {
    const WordRef w({}, id);
    lex.begins_quantity_.Set(id, lex.words.count(w) || lex.ordinals.count(w) || lex.vague.MayStartWith(id));
  }
  lex.begins_quantity_.Set(a, true);
  lex.begins_quantity_.Set(an, true);
  return lex;
}

void FindQuantities(const NumberLexicon& lexicon, Document* doc) { Finder(lexicon, doc).Run(); }

}  // namespace tally
