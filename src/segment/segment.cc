#include "segment/segment.h"

#include <algorithm>

#include "common/text.h"
#include "common/tokenizer.h"

namespace tally {
namespace {

bool IsTerminal(std::string_view t) {
  return t == "." || t == "!" || t == "?" || t == "\xE2\x80\xA6";  // ellipsis
}

bool IsCloser(std::string_view t) {
  return t == "\"" || t == "'" || t == ")" || t == "]" || t == "\xE2\x80\x9D" || t == "\xE2\x80\x99" ||
         t == "\xC2\xBB";
}

// Sentence-final punctuation at the end of a line: not a headline.
bool EndsWithPunctuation(const Document& doc, uint32_t first, uint32_t end) {
  uint32_t i = end;
  while (i > first && IsCloser(doc.TokenText(i - 1))) --i;
  if (i == first) return false;
  std::string_view t = doc.TokenText(i - 1);
  if (IsTerminal(t) || t == ":" || t == ";") return true;
  return t.size() > 1 && t.back() == '.';  // "U.S."
}

class Segmenter {
 public:
  Segmenter(const SegmentLexicon& lex, Document* doc) : lex_(lex), doc_(*doc) {}

  void Run() {
    doc_.lower = LowerText(doc_.text.size());  // each paragraph is lower-cased as it is added
    // about a token for every six bytes of English prose: most stories grow the vector once at most
    constexpr size_t kBytesPerToken = 6;
    doc_.tokens.reserve(doc_.tokens.size() + doc_.text.size() / kBytesPerToken);
    size_t skip = 0;
    const std::string_view text = doc_.text;
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      if (nl == std::string_view::npos) nl = text.size();
      // the kept pieces of this line
      size_t b = start;
      while (b < nl) {
        while (skip < doc_.skipped.size() && doc_.skipped[skip].span.end <= b) ++skip;
        size_t e = nl;
        if (skip < doc_.skipped.size() && doc_.skipped[skip].span.begin < nl) {
          const Span& s = doc_.skipped[skip].span;
          if (s.begin <= b) {
            b = std::min<size_t>(s.end, nl);
            continue;
          }
          e = s.begin;
        }
        AddParagraph(b, e);
        b = e;
      }
      start = nl + 1;
    }
  }

 private:
  void AddParagraph(size_t b, size_t e) {
    std::string_view t = TrimSpaces(std::string_view(doc_.text).substr(b, e - b));
    if (t.empty()) return;
    uint32_t pb = static_cast<uint32_t>(t.data() - doc_.text.data());
    uint32_t pe = static_cast<uint32_t>(pb + t.size());
    const uint32_t para = static_cast<uint32_t>(doc_.paragraphs.size());
    doc_.paragraphs.push_back({pb, pe});
    const char* text = doc_.text.data();
    char* lower = doc_.lower.data();
    for (uint32_t i = pb; i < pe; ++i) lower[i] = AsciiLower(text[i]);
    const uint32_t first = static_cast<uint32_t>(doc_.tokens.size());
    Tokenize(doc_.text, pb, pe, &doc_.tokens);
    uint32_t end = static_cast<uint32_t>(doc_.tokens.size());
    if (first == end) return;
    if (lex_.vocabulary)
      for (uint32_t i = first; i < end; ++i) {
        const std::string_view lower = doc_.TokenLower(i);
        uint32_t id = lex_.vocabulary->Find(lower);
        if (!id && doc_.tokens[i].kind == TokenKind::kWord) id = CompoundTailId(lower);
        doc_.tokens[i].word = id;
      }
    end = DropInlineQuotes(first, end);
    constexpr uint32_t kMaxHeadingTokens = 30;
    if (!EndsWithPunctuation(doc_, first, end) && end - first <= kMaxHeadingTokens) {
      AddSentence(para, first, end, true);
      return;
    }
    uint32_t s = first;
    for (uint32_t i = first; i < end; ++i) {
      if (!EndsSentenceAt(i, end)) continue;
      uint32_t j = i + 1;
      while (j < end && IsCloser(doc_.TokenText(j)) && !doc_.tokens[j].space_before) ++j;
      if (j >= end) break;
      if (!StartsSentence(j)) continue;
      AddSentence(para, s, j, false);
      s = j;
      i = j - 1;
    }
    if (s < end) AddSentence(para, s, end, false);
  }

  // Quotation marks around a few words inside a sentence ("killed \"up to 40\" soldiers", put the
  // toll at \"nearly 20\", scare quotes) say how the words were put, not where a clause ends: they
  // are left out of the tokens, so that a figure reads with its verb as if unquoted. A quotation
  // with punctuation inside ("\"We counted eleven,\" he said") keeps its marks, and with them its
  // speaker. Returns the paragraph's new end.
  uint32_t DropInlineQuotes(uint32_t first, uint32_t end) {
    constexpr uint32_t kMaxQuotedTokens = 6;
    std::vector<Token>& t = doc_.tokens;
    // most paragraphs quote nothing: nothing is moved before the first pair of marks
    uint32_t out = first;
    while (out < end && !InlineQuoteCloser(out, end, kMaxQuotedTokens)) ++out;
    if (out == end) return end;
    for (uint32_t i = out; i < end; ++i) {
      const uint32_t close = InlineQuoteCloser(i, end, kMaxQuotedTokens);
      if (!close) {
        t[out++] = t[i];
        continue;
      }
      // the first quoted word takes the opening mark's spacing: `killed "up` reads `killed up`
      const bool space = t[i].space_before;
      for (uint32_t k = i + 1; k < close; ++k) t[out++] = t[k];
      t[out - (close - i - 1)].space_before = space;
      i = close;  // the closing mark is dropped too
    }
    t.resize(out);
    return out;
  }

  // The closing mark of a short inline quotation opened at i (0 when i opens none): an opening
  // mark glued to the next word, a closing one glued to the previous, and between them one to
  // max words or numbers (inner hyphens and apostrophes allowed).
  uint32_t InlineQuoteCloser(uint32_t i, uint32_t end, uint32_t max) const {
    const std::vector<Token>& t = doc_.tokens;
    if (t[i].kind != TokenKind::kPunct || i + 1 >= end || t[i + 1].space_before) return 0;
    const std::string_view open = doc_.TokenText(i);
    if (!IsQuoteMark(open) || IsClosingQuote(open)) return 0;
    if (open == "\"" && i > 0 && !t[i].space_before && t[i - 1].kind != TokenKind::kPunct) return 0;
    for (uint32_t j = i + 1; j < end && j <= i + max + 1; ++j) {
      const std::string_view w = doc_.TokenText(j);
      if (t[j].kind != TokenKind::kPunct) continue;
      if (IsQuoteMark(w)) {
        const bool closes = j > i + 1 && !t[j].space_before && !IsOpeningQuote(w);
        return closes ? j : 0;
      }
      const bool inner = (w == "-" || w == "'" || w == "\xE2\x80\x99") && !t[j].space_before && j + 1 < end &&
                         !t[j + 1].space_before;
      if (!inner) return 0;
    }
    return 0;
  }

  // The id of the ending of a compound word of people that no lexicon lists, else 0. The part
  // before the ending must be a word of its own (three letters at least, all letters).
  uint32_t CompoundTailId(std::string_view lower) const {
    constexpr size_t kMinHead = 3;
    // unknown words are many (names, rare words): most are settled by their length and last byte
    if (lower.size() < lex_.compound_tail_min + kMinHead || !lex_.compound_tail_last[static_cast<unsigned char>(lower.back())])
      return 0;
    for (const auto& [tail, id] : lex_.compound_tails) {
      if (lower.size() < tail.size() + kMinHead || lower.substr(lower.size() - tail.size()) != tail) continue;
      const std::string_view head = lower.substr(0, lower.size() - tail.size());
      bool letters = true;
      for (char c : head) letters &= c >= 'a' && c <= 'z';
      if (letters) return id;
    }
    return 0;
  }

  bool EndsSentenceAt(uint32_t i, uint32_t end) const {
    // a terminal or a dotted word ends in one of these bytes (the ellipsis in its last): most
    // tokens are settled by their last byte
    const char last = doc_.text[doc_.tokens[i].end - 1];
    if (last != '.' && last != '!' && last != '?' && last != '\xA6') return false;
    std::string_view t = doc_.TokenText(i);
    const bool dotted_word = t.size() > 1 && t.back() == '.' && doc_.tokens[i].kind == TokenKind::kWord;
    const bool terminal = doc_.tokens[i].kind == TokenKind::kPunct && IsTerminal(t);  // words are not
    if (!terminal && !dotted_word) return false;
    if (t != "." && !dotted_word) return true;
    // the word the period closes
    std::string_view w;
    if (dotted_word) {
      w = doc_.TokenLower(i);
      w.remove_suffix(1);
    } else if (i > 0 && !doc_.tokens[i].space_before && doc_.tokens[i - 1].kind == TokenKind::kWord) {
      w = doc_.TokenLower(i - 1);
      if (w.size() == 1 && IsAsciiUpper(doc_.TokenText(i - 1)[0])) return false;  // an initial: "J. Smith"
    }
    if (w.empty()) return true;
    const bool* other = lex_.abbreviations.Find(w);
    if (!other) return !dotted_word || NextIsOpener(i + 1, end);
    return *other && NextIsOpener(i + 1, end);
  }

  bool NextIsOpener(uint32_t j, uint32_t end) const {
    return j < end && lex_.sentence_starters.count(doc_.Word(j)) &&
           IsAsciiUpper(doc_.TokenText(j)[0]);
  }

  bool StartsSentence(uint32_t j) const {
    if (!doc_.tokens[j].space_before && !IsCloser(doc_.TokenText(j - 1))) return false;
    const unsigned char c = doc_.text[doc_.tokens[j].begin];
    if (c >= 'a' && c <= 'z') return false;
    return true;
  }

  void AddSentence(uint32_t para, uint32_t first, uint32_t end, bool heading) {
    Sentence s;
    s.paragraph = para;
    s.first_token = first;
    s.end_token = end;
    s.span = {doc_.tokens[first].begin, doc_.tokens[end - 1].end};
    s.heading = heading;
    doc_.sentences.push_back(s);
  }

  const SegmentLexicon& lex_;
  Document& doc_;
};

}  // namespace

SegmentLexicon SegmentLexicon::Load(const std::string& dir, Vocabulary& vocab) {
  SegmentLexicon lex;
  lex.vocabulary = &vocab;
  TsvFile a = ReadTsv(dir + "/abbreviations.tsv", 2, 2);
  for (const TsvRow& r : a.rows) {
    if (r.fields[1] != "title" && r.fields[1] != "other") a.Fail(r, "kind must be title or other");
    lex.abbreviations.Slot(vocab, r.fields[0]) = r.fields[1] == "other";
  }
  TsvFile s = ReadTsv(dir + "/sentence_starters.tsv", 1, 1);
  for (const TsvRow& r : s.rows) lex.sentence_starters.Slot(vocab, r.fields[0]) = 1;
  TsvFile t = ReadTsv(dir + "/compound_tails.tsv", 1, 1);
  for (const TsvRow& r : t.rows) {
    const std::string& tail = r.fields[0];
    lex.compound_tails.emplace_back(tail, vocab.Intern(tail));
    lex.compound_tail_min = std::min(lex.compound_tail_min, tail.size());
    lex.compound_tail_last[static_cast<unsigned char>(tail.back())] = true;
  }
  return lex;
}

void Segment(const SegmentLexicon& lexicon, Document* doc) { Segmenter(lexicon, doc).Run(); }

}  // namespace tally
