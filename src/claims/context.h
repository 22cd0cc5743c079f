// Token-level helpers shared by the claim stage's steps (private to src/claims).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "claims/claims.h"
#include "common/text.h"

namespace tally::claims_internal {

class Context {
 public:
  Context(const ClaimLexicon& lex, const Document& doc) : lex(lex), d(doc) {}

  const ClaimLexicon& lex;
  const Document& d;

  size_t size() const { return d.tokens.size(); }
  WordRef W(uint32_t i) const { return d.Word(i); }
  std::string_view T(uint32_t i) const { return d.TokenText(i); }
  bool IsWord(uint32_t i) const { return d.tokens[i].kind == TokenKind::kWord; }
  bool IsNumber(uint32_t i) const { return d.tokens[i].kind == TokenKind::kNumber; }
  bool IsPunct(uint32_t i) const { return d.tokens[i].kind == TokenKind::kPunct; }
  bool Glued(uint32_t i) const { return !d.tokens[i].space_before; }
  bool IsCap(uint32_t i) const {
    if (!IsWord(i)) return false;
    const unsigned char c = d.text[d.tokens[i].begin];
    return IsAsciiUpper(static_cast<char>(c));
  }
  bool IsDash(uint32_t i) const {
    size_t n = 0;
    return IsPunct(i) && IsDashAt(d.text, d.tokens[i].begin, &n) && n == d.tokens[i].end - d.tokens[i].begin;
  }
  // A hyphen inside a word ("Min-kyu", "anti-tank").
  bool IsInnerHyphen(uint32_t i, uint32_t begin, uint32_t end) const {
    return i > begin && i + 1 < end && T(i) == "-" && Glued(i) && Glued(i + 1) && IsWord(i - 1) && IsWord(i + 1);
  }
  bool IsQuote(uint32_t i) const { return IsQuoteMark(T(i)); }
  bool Is(uint32_t i, ClaimLexicon::FunctionBits bits) const { return IsWord(i) && lex.Is(W(i), bits); }
  bool IsAdverb(uint32_t i) const { return IsWord(i) && lex.adverbs.count(W(i)); }

  // Punctuation or words that end a clause for the purpose of tying a figure to its words.
  bool ClauseBreak(uint32_t i) const {
    if (IsPunct(i)) {
      std::string_view t = T(i);
      if (t.size() == 1) {
        switch (t[0]) {
          case ',': case ';': case ':': case '(': case ')': case '?': case '!': case '"': return true;
          // the period of an initial closes the letter, not a clause: "C. Africa", "J. Smith"
          case '.': return !(i > 0 && Glued(i) && IsCap(i - 1) && T(i - 1).size() == 1);
          case '-': return !Glued(i);
          default: return false;
        }
      }
      return IsDash(i) || IsQuote(i);
    }
    if (!IsWord(i) || !lex.MayBreakClause(d.tokens[i].word)) return false;
    const WordRef w = W(i);
    if (w == "but") return true;
    if (!lex.Is(w, ClaimLexicon::kSub)) return false;
    // between an auxiliary and the rest of its verb a subordinator is an adverb: "43 have since
    // been recaptured", "two have since died"
    if (i == 0 || !IsWord(i - 1) || !lex.Is(W(i - 1), ClaimLexicon::kAux)) return true;
    const bool verb_follows = i + 1 < d.tokens.size() && IsWord(i + 1) &&
                              (lex.Is(W(i + 1), ClaimLexicon::kAux) || lex.state_cues.MatchAt(d, i + 1, d.tokens.size()).length);
    return !verb_follows;
  }

  // The party named by an alias that starts at token i (capitalized text only), and its length.
  std::optional<std::pair<int, uint32_t>> PartyAt(uint32_t i, uint32_t end) const {
    if (!IsCap(i)) return std::nullopt;
    PhraseTable::Match m = lex.party_aliases.MatchAt(d, i, end);
    if (!m.length) return std::nullopt;
    // short aliases are acronyms: "UN" and "US" in capitals, not "Un" of "Kim Jong Un"
    std::string_view t = T(i);
    constexpr size_t kAcronymMax = 3;
    if (m.length == 1 && t.size() <= kAcronymMax)
      for (char ch : t)
        if (IsAsciiAlpha(ch) && !IsAsciiUpper(ch)) return std::nullopt;
    return std::make_pair(m.value, m.length);
  }

  std::string Text(uint32_t first, uint32_t end) const {
    if (first >= end) return {};
    return std::string(d.View({d.tokens[first].begin, d.tokens[end - 1].end}));
  }
  Span SpanOf(uint32_t first, uint32_t end) const { return {d.tokens[first].begin, d.tokens[end - 1].end}; }
};

}  // namespace tally::claims_internal
