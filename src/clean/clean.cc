#include "clean/clean.h"

#include <algorithm>

#include "common/json.h"
#include "common/text.h"
#include "common/calendar.h"

namespace tally {

CleanLexicon CleanLexicon::Load(const std::string& dir) {
  CleanLexicon lex;
  TsvFile f = ReadTsv(dir + "/furniture.tsv", 3, 3);
  for (const TsvRow& r : f.rows) {
    const std::string& k = r.fields[1];
    Kind kind;
    if (k == "line") kind = Kind::kLine;
    else if (k == "prefix") kind = Kind::kPrefix;
    else if (k == "contains") kind = Kind::kContains;
    else if (k == "short_contains") kind = Kind::kShortContains;
    else if (k == "tail") kind = Kind::kTail;
    else if (k == "block") kind = Kind::kBlock;
    else if (k == "bio_lead") kind = Kind::kBioLead;
    else if (k == "bio_word") kind = Kind::kBioWord;
    else if (k == "end_contains") kind = Kind::kEndContains;
    else f.Fail(r, "unknown kind '" + k + "'");
    lex.rules.push_back({kind, AsciiLowerCopy(r.fields[2]), r.fields[0]});
  }
  lex.IndexRules();
  TsvFile h = ReadTsv(dir + "/html_boilerplate.tsv", 2, 2);
  for (const TsvRow& r : h.rows) {
    const std::string& k = r.fields[0];
    std::string v = AsciiLowerCopy(r.fields[1]);
    if (k == "tag") lex.html_drop_tags[v] = 1;
    else if (k == "furniture_tag") lex.html_furniture_tags[v] = 1;
    else if (k == "class") lex.html_drop_classes[v] = 1;
    else if (k == "article_class") lex.html_article_classes[v] = 1;
    else if (k == "block") lex.html_block_tags[v] = 1;
    else h.Fail(r, "unknown kind '" + k + "'");
  }
  return lex;
}

namespace {

// Skips the part of every line past max_line_bytes (cut on a character boundary), merging
// the new spans into the sorted, non-overlapping skipped list. Returns how many lines were cut.
size_t SkipLongLines(const std::string& text, size_t max_line_bytes, std::vector<SkippedSpan>* skipped) {
  std::vector<SkippedSpan> cuts;
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    if (nl - start > max_line_bytes) {
      size_t cut = start + max_line_bytes;
      while (cut > start && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      cuts.push_back({{static_cast<uint32_t>(cut), static_cast<uint32_t>(nl)}, "limit"});
    }
    start = nl + 1;
  }
  if (cuts.empty()) return 0;
  std::vector<SkippedSpan> all = std::move(*skipped);
  all.insert(all.end(), cuts.begin(), cuts.end());
  std::sort(all.begin(), all.end(), [](const SkippedSpan& a, const SkippedSpan& b) { return a.span.begin < b.span.begin; });
  skipped->clear();
  for (const SkippedSpan& s : all) {
    if (!skipped->empty() && s.span.begin <= skipped->back().span.end) {
      skipped->back().span.end = std::max(skipped->back().span.end, s.span.end);
      continue;
    }
    skipped->push_back(s);
  }
  return cuts.size();
}

void AddMetadata(Document* doc, std::string_view key, const std::string& value) {
  if (value.empty()) return;
  for (const auto& [k, v] : doc->metadata)
    if (k == key) return;
  std::string json;
  AppendJsonString(&json, value);
  doc->metadata.emplace_back(std::string(key), std::move(json));
}

}  // namespace

Document Clean(const CleanLexicon& lexicon, RawDocument&& raw, const Limits& limits) {
  Document doc;
  doc.id = std::move(raw.id);
  doc.origin = std::move(raw.origin);
  doc.format = raw.format;
  doc.url = std::move(raw.url);
  doc.title = std::move(raw.title);
  doc.outlet = std::move(raw.outlet);
  doc.language = std::move(raw.language);
  doc.metadata = std::move(raw.metadata);
  if (auto d = NormalizeIsoDate(raw.date)) doc.date = *d;
  if (raw.format == Format::kHtml) {
    // a very large page is parsed as it is read, with no tree of the whole page (limits.h)
    HtmlPage page = raw.source ? ExtractHtmlStreamed(lexicon, *raw.source, limits.max_html_depth)
                    : raw.bytes.size() > limits.stream_html_above_bytes
                        ? ExtractHtmlStreamed(lexicon, raw.bytes, limits.max_html_depth)
                        : ExtractHtmlReleasing(lexicon, &raw.bytes, limits.max_html_depth);
    std::string().swap(raw.bytes);  // the page is read: its bytes are not held through the later stages
    raw.source.reset();
    if (page.cut_at != std::string_view::npos)
      doc.notes.push_back("HTML nested deeper than " + std::to_string(limits.max_html_depth) +
                          " levels: the page is read up to byte " + std::to_string(page.cut_at));
    doc.text = std::move(page.text);
    if (doc.title.empty()) doc.title = std::move(page.title);
    if (doc.url.empty()) doc.url = std::move(page.url);
    if (doc.outlet.empty()) doc.outlet = std::move(page.outlet);
    if (doc.date.empty()) doc.date = std::move(page.date);
    if (doc.language.empty()) doc.language = std::move(page.language);
    // fields the document has no column for travel with the source's other metadata (and so
    // into the ledger), unless the source gave them
    AddMetadata(&doc, "author", page.author);
    AddMetadata(&doc, "modified", page.modified);
  } else if (raw.source) {
    // plain text comes whole from ingest; a source given by another caller is read into the text
    doc.text.resize(raw.source->size());
    size_t got = 0;
    while (size_t n = raw.source->Read(doc.text.data() + got, doc.text.size() - got)) got += n;
    doc.text.resize(got);
    raw.source.reset();
  } else {
    doc.text = std::move(raw.bytes);
  }
  // On a web page the lines repeated as furniture are headlines, captions, standfirsts and pull
  // quotes; a long paragraph met twice in the article's text is the article's (a template
  // repeats its boilerplate in short lines, and content scoring already chose one copy).
  constexpr size_t kHtmlMaxRepeatBytes = 300;
  doc.skipped = MarkFurniture(lexicon, doc.text,
                              doc.format == Format::kHtml ? kHtmlMaxRepeatBytes : std::string_view::npos);
  if (!doc.skipped.empty() && !KeepsStory(doc.text, doc.skipped) && HasStory(doc.text)) {
    doc.skipped.clear();
    doc.notes.push_back("the page furniture rules would have masked every sentence of the story: all its text is kept");
  }
  if (size_t cut = SkipLongLines(doc.text, limits.max_line_bytes, &doc.skipped))
    doc.notes.push_back(std::to_string(cut) + (cut == 1 ? " line is" : " lines are") + " longer than the " +
                        std::to_string(limits.max_line_bytes >> 10) + " KiB line limit: read up to the limit");
  return doc;
}

}  // namespace tally
