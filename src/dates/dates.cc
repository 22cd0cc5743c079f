#include "dates/dates.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "common/calendar.h"
#include "common/text.h"

namespace tally {
namespace {

int SmallNumber(const Document& doc, uint32_t i) {
  if (i >= doc.tokens.size() || doc.tokens[i].kind != TokenKind::kNumber) return -1;
  std::string_view s = doc.TokenText(i);
  if (s.size() > 4) return -1;
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return -1;
  return v;
}

bool IsYear(int v) { return v >= 1000 && v <= 2999; }

bool Capitalized(const Document& doc, uint32_t i) { return IsAsciiUpper(doc.text[doc.tokens[i].begin]); }

bool Attached(const Document& doc, uint32_t i) { return i < doc.tokens.size() && !doc.tokens[i].space_before; }

bool IsOrdinalSuffix(std::string_view w) { return w == "st" || w == "nd" || w == "rd" || w == "th"; }

std::string FormatDate(const char* fmt, int a, int b = 0, int c = 0) {
  char buf[16];
  std::snprintf(buf, sizeof buf, fmt, a, b, c);
  return buf;
}

bool ValidDay(int m, int d) { return m >= 1 && m <= 12 && d >= 1 && d <= 31; }


class Finder {
 public:
  Finder(const DateLexicon& lex, Document* doc) : lex_(lex), doc_(*doc) {}

  void Run() {
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s) {
      const Sentence& sent = doc_.sentences[s];
      for (uint32_t i = sent.first_token; i < sent.end_token;) {
        const Token& t = doc_.tokens[i];
        uint32_t next = t.kind == TokenKind::kNumber || lex_.MayBeginDate(t.word) ? Try(s, i, sent.end_token) : i;
        i = next > i ? next : i + 1;
      }
    }
  }

 private:
  // Returns the token after a date found at i, or i when there is none.
  uint32_t Try(uint32_t s, uint32_t i, uint32_t end) {
    const Document& d = doc_;
    const WordRef w = d.Word(i);
    DateMention m;
    m.sentence = s;
    m.first_token = i;
    uint32_t j = i;
    if (const int* mo = lex_.months.Find(w); mo && Capitalized(d, i)) {
      m.month = *mo;
      j = i + 1;
      if (j + 1 < end && d.TokenText(j) == "." && Attached(d, j) && SmallNumber(d, j + 1) >= 0) ++j;  // "Dec. 19"
      int day = j < end ? SmallNumber(d, j) : -1;
      if (day >= 1 && day <= 31 && ValidDay(m.month, day)) {
        m.day = day;
        ++j;
        if (j < end && Attached(d, j) && IsOrdinalSuffix(d.TokenLower(j))) ++j;
        uint32_t k = j < end && d.TokenText(j) == "," ? j + 1 : j;
        if (k < end && IsYear(SmallNumber(d, k))) {
          m.year = SmallNumber(d, k);
          j = k + 1;
        }
      } else if (j < end && IsYear(SmallNumber(d, j))) {
        m.year = SmallNumber(d, j);
        ++j;
      } else if (!FollowsPreposition(i, s)) {
        return i;
      }
      return Emit(m, j);
    }
    const int number = d.tokens[i].kind == TokenKind::kNumber ? SmallNumber(d, i) : -1;  // most are words
    if (int day = number; day >= 1 && day <= 31) {
      if (uint32_t after = NumericDate(i, end, day, &m); after > i) return Emit(m, after);
      j = i + 1;
      if (j < end && Attached(d, j) && IsOrdinalSuffix(d.TokenLower(j))) ++j;
      if (j < end && d.TokenLower(j) == "of") ++j;
      if (j < end) {
        const int* mo = lex_.months.Find(d.Word(j));
        if (mo && Capitalized(d, j) && ValidDay(*mo, day)) {
          m.day = day;
          m.month = *mo;
          ++j;
          if (j + 1 < end && d.TokenText(j) == "." && Attached(d, j) && IsYear(SmallNumber(d, j + 1))) ++j;
          uint32_t k = j < end && d.TokenText(j) == "," ? j + 1 : j;
          if (k < end && IsYear(SmallNumber(d, k))) {
            m.year = SmallNumber(d, k);
            j = k + 1;
          }
          return Emit(m, j);
        }
      }
    }
    if (int year = number; IsYear(year)) {
      // ISO: 2024-12-19
      if (i + 4 < end && d.TokenText(i + 1) == "-" && Attached(d, i + 1) && Attached(d, i + 2) &&
          d.TokenText(i + 3) == "-" && Attached(d, i + 3) && Attached(d, i + 4)) {
        int mo = SmallNumber(d, i + 2), dy = SmallNumber(d, i + 4);
        if (ValidDay(mo, dy)) {
          m.year = year;
          m.month = mo;
          m.day = dy;
          return Emit(m, i + 5);
        }
      }
      if (FollowsPreposition(i, s)) {
        m.year = year;
        return Emit(m, i + 1);
      }
      return i;
    }
    if (const int* wd = lex_.weekdays.Find(w); wd && Capitalized(d, i) && w.size() >= 6) {
      m.relative = DateMention::Relative::kWeekday;
      m.offset = *wd;
      j = i + 1;
      if (j < end && d.TokenLower(j) == "'s") ++j;
      return Emit(m, j);
    }
    if (PhraseTable::Match r = lex_.relative.MatchAt(d, i, end); r.length) {
      m.relative = lex_.relative_units[r.value].first;
      m.offset = lex_.relative_units[r.value].second;
      return Emit(m, i + r.length);
    }
    return i;
  }

  // A date in figures, "6/02/2015" or "12/25/2021": day first unless only the other order is a
  // date; when either order is (3/4/2021), the year alone. Never a count of anything.
  uint32_t NumericDate(uint32_t i, uint32_t end, int first, DateMention* m) const {
    const Document& d = doc_;
    if (i + 4 >= end || d.TokenText(i + 1) != "/" || d.TokenText(i + 3) != "/") return i;
    for (uint32_t k = i + 1; k <= i + 4; ++k)
      if (!Attached(d, k)) return i;
    const int second = SmallNumber(d, i + 2), year = SmallNumber(d, i + 4);
    if (!IsYear(year) || second < 1 || second > 31) return i;
    m->year = year;
    const bool day_first = ValidDay(second, first), month_first = ValidDay(first, second);
    if (day_first && (!month_first || first == second)) {
      m->day = first;
      m->month = second;
    } else if (month_first && !day_first) {
      m->month = first;
      m->day = second;
    } else if (!day_first && !month_first) {
      return i;
    }
    return i + 5;
  }

  bool FollowsPreposition(uint32_t i, uint32_t s) const {
    uint32_t first = doc_.sentences[s].first_token;
    if (i == first) return false;
    uint32_t p = i - 1;
    if (doc_.TokenText(p) == "-" && p > first) --p;  // "mid-October"
    return lex_.prepositions.count(doc_.Word(p));
  }

  uint32_t Emit(DateMention m, uint32_t end_token) {
    m.end_token = end_token;
    m.lead_token = m.first_token;
    if (m.first_token > doc_.sentences[m.sentence].first_token && lex_.prepositions.count(doc_.Word(m.first_token - 1)))
      m.lead_token = m.first_token - 1;
    m.begin = doc_.tokens[m.first_token].begin;
    m.end = doc_.tokens[end_token - 1].end;
    doc_.dates.push_back(m);
    return end_token;
  }

  const DateLexicon& lex_;
  Document& doc_;
};

// A full date near the top is the article's dateline: on a short line of its own ("Dec 19,
// 2024 - 12:00", "Published 5 March 2026"), or opening a paragraph after the place name
// ("PORT ALVARA, March 4, 2026 (Wire) - ...").
void FindDateline(const DateLexicon& lex, Document* doc) {
  constexpr uint32_t kTopBytes = 2000;
  constexpr uint32_t kMaxLineBytes = 100;
  constexpr int kMaxOtherWords = 6;      // "Published", "Updated", a place, an outlet
  constexpr uint32_t kMaxPlaceTokens = 6;
  for (const DateMention& m : doc->dates) {
    if (m.begin > kTopBytes) break;
    if (!m.year || !m.month || !m.day) continue;
    const Sentence& s = doc->sentences[m.sentence];
    const Span& p = doc->paragraphs[s.paragraph];
    bool dateline = false;
    if (p.size() <= kMaxLineBytes) {
      int words = 0;
      for (uint32_t t = s.first_token; t < s.end_token; ++t)
        if ((t < m.first_token || t >= m.end_token) && doc->tokens[t].kind == TokenKind::kWord) ++words;
      dateline = words <= kMaxOtherWords;
    }
    if (!dateline && doc->tokens[s.first_token].begin == p.begin && m.first_token - s.first_token <= kMaxPlaceTokens) {
      dateline = true;
      for (uint32_t t = s.first_token; t < m.first_token; ++t) {
        const Token& tok = doc->tokens[t];
        const char c = doc->text[tok.begin];
        const bool place = tok.kind == TokenKind::kWord && IsAsciiUpper(c) && !lex.prepositions.count(doc->Word(t));
        if (!place && doc->View({tok.begin, tok.end}) != ",") dateline = false;
      }
    }
    if (!dateline) continue;
    doc->date = FormatDate("%04d-%02d-%02d", m.year, m.month, m.day);
    return;
  }
}

}  // namespace

DateLexicon DateLexicon::Load(const std::string& dir, Vocabulary& vocab) {
  DateLexicon lex;
  TsvFile months = ReadTsv(dir + "/months.tsv", 2, 2);
  for (const TsvRow& r : months.rows) {
    int64_t v = ParseInt(months, r, r.fields[1]);
    if (v < 1 || v > 12) months.Fail(r, "month must be 1..12");
    lex.months.Slot(vocab, r.fields[0]) = static_cast<int>(v);
  }
  TsvFile days = ReadTsv(dir + "/weekdays.tsv", 2, 2);
  for (const TsvRow& r : days.rows) {
    int64_t v = ParseInt(days, r, r.fields[1]);
    if (v < 1 || v > 7) days.Fail(r, "weekday must be 1..7");
    lex.weekdays.Slot(vocab, r.fields[0]) = static_cast<int>(v);
  }
  TsvFile preps = ReadTsv(dir + "/time_prepositions.tsv", 1, 1);
  for (const TsvRow& r : preps.rows) lex.prepositions.Slot(vocab, r.fields[0]) = 1;
  TsvFile rel = ReadTsv(dir + "/relative_dates.tsv", 3, 3);
  for (const TsvRow& r : rel.rows) {
    DateMention::Relative unit;
    if (r.fields[1] == "day") unit = DateMention::Relative::kDays;
    else if (r.fields[1] == "month") unit = DateMention::Relative::kMonths;
    else if (r.fields[1] == "year") unit = DateMention::Relative::kYears;
    else rel.Fail(r, "unit must be day, month or year");
    lex.relative.Add(vocab, r.fields[0], static_cast<int>(lex.relative_units.size()));
    lex.relative_units.emplace_back(unit, static_cast<int>(ParseInt(rel, r, r.fields[2])));
  }
  TsvFile agencies = ReadTsv(dir + "/news_agencies.tsv", 2, 2);
  for (const TsvRow& r : agencies.rows) lex.agencies[r.fields[0]] = r.fields[1];
  lex.begins_date_.Reset(vocab.size());
  for (uint32_t id = 1; id <= vocab.size(); ++id) {
    const WordRef w({}, id);  // the tables look words up by id
    lex.begins_date_.Set(id, lex.months.count(w) || lex.weekdays.count(w) || lex.relative.MayStartWith(id));
  }
  return lex;
}

void FindDates(const DateLexicon& lexicon, Document* doc) {
  Finder(lexicon, doc).Run();
  if (doc->date.empty()) FindDateline(lexicon, doc);
  FindMasthead(lexicon, doc);
}

uint32_t SkipDateBefore(const Document& doc, uint32_t token, uint32_t floor) {
  auto it = std::lower_bound(doc.dates.begin(), doc.dates.end(), token,
                             [](const DateMention& m, uint32_t t) { return m.end_token < t; });
  if (it == doc.dates.end() || it->end_token != token) return token;
  return std::max(it->lead_token, floor);
}

const DateMention* ClaimDate(const Document& doc, uint32_t sentence, Span evidence,
                             std::optional<uint32_t> source_sentence) {
  auto nearest_in = [&](uint32_t s) -> const DateMention* {
    const DateMention* best = nullptr;
    uint32_t best_distance = UINT32_MAX;
    // dates come in text order, so a sentence's dates are one run
    auto first = std::lower_bound(doc.dates.begin(), doc.dates.end(), s,
                                  [](const DateMention& m, uint32_t v) { return m.sentence < v; });
    for (auto it = first; it != doc.dates.end() && it->sentence == s; ++it) {
      if (it->begin < evidence.end && evidence.begin < it->end) continue;
      const uint32_t dist = it->end <= evidence.begin ? evidence.begin - it->end : it->begin - evidence.end;
      if (dist < best_distance) {
        best = &*it;
        best_distance = dist;
      }
    }
    return best;
  };
  if (const DateMention* m = nearest_in(sentence)) return m;
  if (source_sentence && *source_sentence < sentence) return nearest_in(*source_sentence);
  return nullptr;
}

std::optional<std::string> ResolveDate(const DateMention& m, std::string_view doc_date) {
  int dy = 0, dm = 0, dd = 0;
  const bool have_doc = ParseIsoDay(doc_date, &dy, &dm, &dd);
  using R = DateMention::Relative;
  if (m.relative != R::kNone) {
    if (!have_doc) return std::nullopt;
    int64_t today = DaysFromCivil(dy, dm, dd);
    int y, mo, d;
    switch (m.relative) {
      case R::kWeekday: {
        int doc_weekday = static_cast<int>(((today % 7) + 7 + 3) % 7) + 1;  // 1970-01-01 was a Thursday
        int back = (doc_weekday - m.offset + 7) % 7;
        CivilFromDays(today - back, &y, &mo, &d);
        return FormatDate("%04d-%02d-%02d", y, mo, d);
      }
      case R::kDays:
        CivilFromDays(today + m.offset, &y, &mo, &d);
        return FormatDate("%04d-%02d-%02d", y, mo, d);
      case R::kMonths: {
        int total = dy * 12 + (dm - 1) + m.offset;
        return FormatDate("%04d-%02d", total / 12, total % 12 + 1);
      }
      case R::kYears:
        return FormatDate("%04d", dy + m.offset);
      case R::kNone:
        break;
    }
    return std::nullopt;
  }
  if (m.year && m.month && m.day) return FormatDate("%04d-%02d-%02d", m.year, m.month, m.day);
  if (m.year && m.month) return FormatDate("%04d-%02d", m.year, m.month);
  if (m.year) return FormatDate("%04d", m.year);
  // No year in the text: take the document's, or the year before when that would put the date
  // well after the document (a January article recalling "December 23").
  constexpr int kFutureSlackDays = 31;
  if (m.month && m.day) {
    if (!have_doc) return FormatDate("--%02d-%02d", m.month, m.day);
    int y = dy;
    if (DaysFromCivil(y, m.month, m.day) > DaysFromCivil(dy, dm, dd) + kFutureSlackDays) --y;
    return FormatDate("%04d-%02d-%02d", y, m.month, m.day);
  }
  if (m.month && have_doc) return FormatDate("%04d-%02d", m.month > dm + 1 ? dy - 1 : dy, m.month);
  return std::nullopt;
}

}  // namespace tally
