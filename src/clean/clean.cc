#include "clean/clean.h"

#include "common/text.h"
#include "dates/dates.h"

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
    else if (k == "class") lex.html_drop_classes[v] = 1;
    else if (k == "block") lex.html_block_tags[v] = 1;
    else h.Fail(r, "unknown kind '" + k + "'");
  }
  return lex;
}

Document Clean(const CleanLexicon& lexicon, RawDocument&& raw) {
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
    HtmlPage page = ExtractHtml(lexicon, raw.bytes);
    doc.text = std::move(page.text);
    if (doc.title.empty()) doc.title = std::move(page.title);
    if (doc.url.empty()) doc.url = std::move(page.url);
    if (doc.outlet.empty()) doc.outlet = std::move(page.outlet);
    if (doc.date.empty()) doc.date = std::move(page.date);
  } else {
    doc.text = std::move(raw.bytes);
  }
  doc.skipped = MarkFurniture(lexicon, doc.text);
  return doc;
}

}  // namespace tally
