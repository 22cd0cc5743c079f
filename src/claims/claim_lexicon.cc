#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "claims/claims.h"
#include "common/parties.h"
#include "common/text.h"

namespace tally {
namespace {

Measure ParseMeasure(const TsvFile& f, const TsvRow& r, const std::string& name) {
  std::optional<Measure> m = MeasureFromName(name);
  if (!m) f.Fail(r, "unknown measure '" + name + "'");
  return *m;
}

}  // namespace

namespace {
bool HasBits(const uint16_t* found, ClaimLexicon::FunctionBits bits) { return found && (*found & bits); }
}  // namespace

bool ClaimLexicon::Is(std::string_view w, FunctionBits bits) const { return HasBits(function_words.Find(w), bits); }
bool ClaimLexicon::Is(WordRef w, FunctionBits bits) const { return HasBits(function_words.Find(w), bits); }

ClaimLexicon ClaimLexicon::Load(const std::string& dir, Vocabulary& vocab) {
  ClaimLexicon lex;
  TsvFile cues = ReadTsv(dir + "/measure_cues.tsv", 3, 3);
  for (const TsvRow& r : cues.rows) {
    int m = static_cast<int>(ParseMeasure(cues, r, r.fields[1]));
    const std::string& role = r.fields[2];
    PhraseTable* t = role == "state" ? &lex.state_cues : role == "verb" ? &lex.verb_cues
                   : role == "noun" ? &lex.noun_cues : role == "place" ? &lex.place_cues : nullptr;
    if (!t) cues.Fail(r, "role must be state, verb, noun or place");
    t->Add(vocab, r.fields[0], m);
  }
  TsvFile nouns = ReadTsv(dir + "/counted_nouns.tsv", 3, 3);
  for (const TsvRow& r : nouns.rows) {
    NounClass c;
    if (r.fields[1] == "person") c = NounClass::kPerson;
    else if (r.fields[1] == "materiel") c = NounClass::kMateriel;
    else if (r.fields[1] == "thing") c = NounClass::kThing;
    else nouns.Fail(r, "class must be person, materiel or thing");
    if (r.fields[2] != "sg" && r.fields[2] != "pl") nouns.Fail(r, "number must be sg or pl");
    // multi-word nouns are looked up by their last word
    std::string w = AsciiLowerCopy(r.fields[0]);
    std::string last = w.substr(w.rfind(' ') == std::string::npos ? 0 : w.rfind(' ') + 1);
    if (!lex.counted.count(last)) lex.counted.Slot(vocab, last) = {c, r.fields[2] == "sg"};
  }
  TsvFile fw = ReadTsv(dir + "/function_words.tsv", 2, 2);
  for (const TsvRow& r : fw.rows) {
    static const std::pair<const char*, FunctionBits> kClasses[] = {
        {"aux", kAux}, {"link", kLink}, {"prep", kPrep}, {"det", kDet},
        {"conj", kConj}, {"sub", kSub}, {"pron", kPron}, {"hedge", kHedge}};
    uint16_t bits = 0;
    for (auto& [name, bit] : kClasses)
      if (r.fields[1] == name) bits = bit;
    if (!bits) fw.Fail(r, "unknown class '" + r.fields[1] + "'");
    lex.function_words.Slot(vocab, r.fields[0]) |= bits;
  }
  TsvFile attr = ReadTsv(dir + "/attribution.tsv", 2, 2);
  for (const TsvRow& r : attr.rows) {
    const std::string& k = r.fields[1];
    if (k == "verb") lex.report_verbs.Add(vocab, r.fields[0], 1);
    else if (k == "passive") lex.passive.Add(vocab, r.fields[0], 1);
    else if (k == "before") lex.before.Add(vocab, r.fields[0], 1);
    else if (k == "via") lex.via.Add(vocab, r.fields[0], 1);
    else if (k == "backref") lex.backref.Add(vocab, r.fields[0], 1);
    else if (k == "from") lex.from.Add(vocab, r.fields[0], 1);
    else if (k == "generic") lex.generic.Slot(vocab, r.fields[0]) = 1;
    else if (k == "empty") lex.empty.Slot(vocab, r.fields[0]) = 1;
    else attr.Fail(r, "unknown kind '" + k + "'");
  }
  TsvFile sw = ReadTsv(dir + "/source_nouns.tsv", 2, 3);
  for (const TsvRow& r : sw.rows) {
    SourceWordKind k;
    if (r.fields[1] == "role") k = SourceWordKind::kRole;
    else if (r.fields[1] == "body") k = SourceWordKind::kBody;
    else sw.Fail(r, "kind must be role or body");
    std::string w = AsciiLowerCopy(r.fields[0]);
    if (!lex.source_words.count(w)) lex.source_words.Slot(vocab, w) = {k, r.fields.size() > 2 ? r.fields[2] : ""};
  }
  TsvFile pr = ReadTsv(dir + "/pronouns.tsv", 2, 2);
  for (const TsvRow& r : pr.rows) {
    if (r.fields[1] != "person" && r.fields[1] != "group") pr.Fail(r, "kind must be person or group");
    lex.pronouns.Slot(vocab, r.fields[0]) = r.fields[1] == "person" ? 1 : 2;
  }
  for (const PartyNames& p : ReadParties(dir + "/parties.tsv")) {
    int index = static_cast<int>(lex.party_names.size());
    lex.party_names.push_back(p.party);
    for (const std::string& a : p.aliases)
      if (!lex.party_aliases.Add(vocab, a, index))
        throw LexiconError(dir + "/parties.tsv: alias \"" + a + "\" of " + p.party + " has no words");
  }
  TsvFile rw = ReadTsv(dir + "/region_words.tsv", 1, 1);
  for (const TsvRow& r : rw.rows) lex.region_words.Slot(vocab, r.fields[0]) = 1;
  TsvFile zero = ReadTsv(dir + "/zero.tsv", 2, 2);
  for (const TsvRow& r : zero.rows) {
    if (r.fields[1] != "pronoun" && r.fields[1] != "determiner") zero.Fail(r, "kind must be pronoun or determiner");
    lex.zero.Add(vocab, r.fields[0], r.fields[1] == "pronoun" ? 1 : 2);
  }
  TsvFile adv = ReadTsv(dir + "/adverbs.tsv", 1, 1);
  for (const TsvRow& r : adv.rows) lex.adverbs.Slot(vocab, r.fields[0]) = 1;
  TsvFile perp = ReadTsv(dir + "/perpetrator_nouns.tsv", 1, 1);
  for (const TsvRow& r : perp.rows) lex.perpetrators.Slot(vocab, r.fields[0]) = 1;
  TsvFile parts = ReadTsv(dir + "/part_words.tsv", 2, 2);
  for (const TsvRow& r : parts.rows) {
    if (r.fields[1] != "before" && r.fields[1] != "after_of") parts.Fail(r, "position must be before or after_of");
    lex.part_words.Slot(vocab, r.fields[0]) |= r.fields[1] == "before" ? ClaimLexicon::kPartBefore : ClaimLexicon::kPartAfterOf;
  }
  // people of every domain, generated from WordNet (scripts/person_nouns.py); counted_nouns and the function words win
  TsvFile people = ReadTsv(dir + "/person_nouns.tsv", 2, 2);
  for (const TsvRow& r : people.rows) {
    if (r.fields[1] != "sg" && r.fields[1] != "pl") people.Fail(r, "number must be sg or pl");
    const std::string w = AsciiLowerCopy(r.fields[0]);
    // a function word or adverb is read as that ("have", "most")
    if (!lex.counted.count(w) && !lex.function_words.count(w) && !lex.adverbs.count(w) && !lex.pronouns.count(w))
      lex.counted.Slot(vocab, r.fields[0]) = {NounClass::kPerson, r.fields[1] == "sg"};
  }
  lex.confidence = ConfidenceModel::Load(dir + "/confidence.tsv");
  lex.attribution_starts.Reset(vocab.size());
  for (uint32_t id = 1; id <= vocab.size(); ++id)
    for (const PhraseTable* t : {&lex.report_verbs, &lex.passive, &lex.before, &lex.via, &lex.from})
      if (t->MayStartWith(id)) lex.attribution_starts.Set(id, true);
  lex.articles = {vocab.Intern("a"), vocab.Intern("an"), vocab.Intern("the")};
  lex.implicit_starts.Reset(vocab.size());
  lex.person_singular.Reset(vocab.size());
  for (uint32_t id = 1; id <= vocab.size(); ++id) {
    const CountedNoun* noun = lex.counted.Find(WordRef({}, id));  // the tables look words up by id
    lex.person_singular.Set(id, noun && noun->cls == NounClass::kPerson && noun->singular);
    lex.implicit_starts.Set(id, lex.zero.MayStartWith(id));
  }
  for (uint32_t id : lex.articles) lex.implicit_starts.Set(id, true);
  const uint32_t but = vocab.Intern("but");
  lex.clause_words.Reset(vocab.size());
  for (uint32_t id = 1; id <= vocab.size(); ++id) lex.clause_words.Set(id, id == but || lex.Is(WordRef({}, id), kSub));
  return lex;
}

double ConfidenceModel::Of(const ConfidenceFeatures& f) const {
  double z = intercept;
  for (size_t i = 0; i < weights.size(); ++i) z += weights[i] * f.x[i];
  return 1 / (1 + std::exp(-z));
}

ConfidenceModel ConfidenceModel::Load(const std::string& path) {
  ConfidenceModel model;
  TsvFile file = ReadTsv(path, 2, 2);
  for (const TsvRow& r : file.rows) {
    char* end = nullptr;
    const double w = std::strtod(r.fields[1].c_str(), &end);
    if (r.fields[1].empty() || *end != '\0' || !std::isfinite(w)) file.Fail(r, "weight '" + r.fields[1] + "' is not a number");
    if (r.fields[0] == "intercept") {
      model.intercept = w;
      continue;
    }
    const auto& names = ConfidenceFeatures::kNames;
    const auto at = std::find(names.begin(), names.end(), std::string_view(r.fields[0]));
    if (at == names.end()) file.Fail(r, "unknown feature '" + r.fields[0] + "'");
    model.weights[static_cast<size_t>(at - names.begin())] = w;
  }
  return model;
}

}  // namespace tally
