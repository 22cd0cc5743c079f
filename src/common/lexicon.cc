#include "common/lexicon.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/text.h"
#include "common/tokenizer.h"

namespace tally {

std::string TsvFile::Where(const TsvRow& row) const {
  return (row.file < paths.size() ? paths[row.file] : path) + ":" + std::to_string(row.line);
}

void TsvFile::Fail(const TsvRow& row, const std::string& message) const {
  throw LexiconError(Where(row) + ": " + message);
}

namespace {

// The same file in the other language folders beside path's ("lexicon/en/x.tsv" -> "lexicon/fr/x.tsv").
std::vector<std::string> OtherLanguages(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path file(path);
  std::vector<std::string> out;
  std::error_code ec;
  for (const std::string& folder : OtherLanguageFolders(file.parent_path().string(), "lexicon"))
    if (const fs::path other = fs::path(folder) / file.filename(); fs::is_regular_file(other, ec))
      out.push_back(other.string());
  return out;
}

void ReadRows(const std::string& path, uint32_t index, size_t min_fields, size_t max_fields, TsvFile* file) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LexiconError(path + ": cannot open lexicon file");
  // read whole and cut at each '\n' (a file of 12,000 person nouns took 12,000 getline calls)
  std::ostringstream whole;
  whole << in.rdbuf();
  const std::string bytes = std::move(whole).str();
  int n = 0;
  for (size_t at = 0; at < bytes.size();) {
    const size_t nl = std::min(bytes.find('\n', at), bytes.size());
    std::string_view line(bytes.data() + at, nl - at);
    at = nl + 1;
    ++n;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimSpaces(line).empty() || line[0] == '#') continue;
    TsvRow row;
    row.line = n;
    row.file = index;
    size_t start = 0;
    for (;;) {
      size_t tab = line.find('\t', start);
      row.fields.emplace_back(TrimSpaces(line.substr(start, tab - start)));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    while (row.fields.size() > min_fields && row.fields.back().empty()) row.fields.pop_back();
    if (row.fields.size() < min_fields || row.fields.size() > max_fields)
      throw LexiconError(path + ":" + std::to_string(n) + ": expected " + std::to_string(min_fields) +
                         (max_fields != min_fields ? " to " + std::to_string(max_fields) : "") +
                         " tab-separated fields, found " + std::to_string(row.fields.size()));
    if (row.fields[0].empty()) throw LexiconError(path + ":" + std::to_string(n) + ": empty first field");
    file->rows.push_back(std::move(row));
  }
}

}  // namespace

std::vector<std::string> OtherLanguageFolders(const std::string& folder, std::string_view kind) {
  namespace fs = std::filesystem;
  const fs::path language(folder);
  const fs::path root = language.parent_path();
  std::vector<std::string> out;
  if (root.filename() != kind) return out;
  std::error_code ec;
  for (const fs::directory_entry& d : fs::directory_iterator(root, ec))
    if (d.is_directory(ec) && d.path().filename() != language.filename()) out.push_back(d.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

TsvFile ReadTsv(const std::string& path, size_t min_fields, size_t max_fields) {
  TsvFile file;
  file.path = path;
  file.paths.push_back(path);
  for (std::string& other : OtherLanguages(path)) file.paths.push_back(std::move(other));
  for (uint32_t i = 0; i < file.paths.size(); ++i) ReadRows(file.paths[i], i, min_fields, max_fields, &file);
  return file;
}

int64_t ParseInt(const TsvFile& file, const TsvRow& row, const std::string& field) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (ec != std::errc() || p != field.data() + field.size()) file.Fail(row, "not a whole number: '" + field + "'");
  return v;
}

uint32_t Vocabulary::Intern(std::string_view lower) {
  auto it = ids_.find(lower);
  if (it != ids_.end()) return it->second;
  const uint32_t id = static_cast<uint32_t>(ids_.size()) + 1;
  ids_.emplace(std::string(lower), id);
  if (lower.empty()) return id;
  if (lower.size() <= kShortWord) AddShort(lower, id);
  else maybe_.set(Sketch(lower));  // only longer words are looked up through the sketch
  return id;
}

void Vocabulary::AddShort(std::string_view w, uint32_t id) {
  if (2 * ++short_words_ > short_.size()) {  // grow to keep the table at most half full
    std::vector<ShortSlot> old = std::move(short_);
    short_.assign(std::max<size_t>(64, old.size() * 2), ShortSlot{});
    short_shift_ = 64 - std::countr_zero(short_.size());
    for (const ShortSlot& slot : old)
      if (slot.id != 0) {
        size_t i = ShortHome(slot.bytes, slot.length);
        while (short_[i].id != 0) i = (i + 1) & (short_.size() - 1);
        short_[i] = slot;
      }
  }
  const uint64_t bytes = Pack(w);
  size_t i = ShortHome(bytes, w.size());
  while (short_[i].id != 0) i = (i + 1) & (short_.size() - 1);
  short_[i] = {bytes, id, static_cast<uint8_t>(w.size())};
}

void PhraseTable::Insert(std::vector<std::vector<Entry>>* index, uint32_t id, const Entry& e) {
  if (id >= index->size()) index->resize(id + 1);
  std::vector<Entry>& list = (*index)[id];
  list.push_back(e);
  std::stable_sort(list.begin(), list.end(),
                   [](const Entry& a, const Entry& b) { return a.words.size() > b.words.size(); });
}

bool PhraseTable::Add(Vocabulary& vocab, std::string_view phrase, int value) {
  std::string lower = AsciiLowerCopy(phrase);
  std::vector<Token> toks;
  Tokenize(lower, 0, static_cast<uint32_t>(lower.size()), &toks);
  if (toks.empty()) return false;
  Entry e{{}, value};
  for (const Token& t : toks) e.words.push_back(vocab.Intern(std::string_view(lower).substr(t.begin, t.end - t.begin)));
  Insert(&by_first_, e.words.front(), e);
  Insert(&by_last_, e.words.back(), e);
  return true;
}

PhraseTable::Match PhraseTable::Longest(const std::vector<Entry>& entries, const Document& doc, uint32_t i,
                                        uint32_t end) {
  for (const Entry& e : entries) {
    const uint32_t n = static_cast<uint32_t>(e.words.size());
    if (i + n > end) continue;
    bool ok = true;
    for (uint32_t k = 1; k < n && ok; ++k) ok = doc.tokens[i + k].word == e.words[k];
    if (ok) return {n, e.value};
  }
  return {};
}

PhraseTable::Match PhraseTable::LongestEndingAt(const std::vector<Entry>& entries, const Document& doc, uint32_t i,
                                                uint32_t begin) {
  for (const Entry& e : entries) {
    const uint32_t n = static_cast<uint32_t>(e.words.size());
    if (i < begin + n) continue;
    bool ok = true;
    for (uint32_t k = 0; k + 1 < n && ok; ++k) ok = doc.tokens[i - n + k].word == e.words[k];
    if (ok) return {n, e.value};
  }
  return {};
}

}  // namespace tally
