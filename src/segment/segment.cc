#include "segment/segment.h"

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
    const uint32_t end = static_cast<uint32_t>(doc_.tokens.size());
    if (first == end) return;
    if (lex_.vocabulary)
      for (uint32_t i = first; i < end; ++i) doc_.tokens[i].word = lex_.vocabulary->Find(doc_.TokenLower(i));
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
  return lex;
}

void Segment(const SegmentLexicon& lexicon, Document* doc) { Segmenter(lexicon, doc).Run(); }

}  // namespace tally
