// Why each claim was made: the rule behind each figure and the tokens its slots matched, for
// `tally extract --explain` and the rules test.
#include <algorithm>

#include "claims/claims.h"
#include "numbers/numbers.h"
#include "tally/pipeline.h"

namespace tally {
namespace {

std::string ValueText(const Interval& v) {
  if (v.best) return std::to_string(*v.best);
  return std::to_string(v.low.value_or(0)) + "-" + (v.high ? std::to_string(*v.high) : std::string(""));
}

std::string ClaimText(Measure m, const Interval& v, CountedRole role, Scope scope, Derived derived) {
  std::string s = std::string(MeasureName(m)) + " " + ValueText(v);
  if (derived != Derived::kNone) s += " derived=" + std::string(DerivedName(derived));
  if (role == CountedRole::kPerpetrator) s += " role=perpetrator";
  if (scope != Scope::kEvent) s += " scope=" + std::string(ScopeName(scope));
  return s;
}

std::vector<std::pair<std::string, std::string>> SlotTexts(const Document& doc, const std::vector<SlotMatch>& slots) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const SlotMatch& s : slots)
    out.emplace_back(std::string(s.name),
                     std::string(doc.View({doc.tokens[s.first].begin, doc.tokens[s.end - 1].end})));
  return out;
}

}  // namespace

std::vector<RuleTrace> TraceMentions(const ClaimLexicon& lexicon, const Document& doc) {
  std::vector<RuleMention> vetoes;
  std::vector<RuleTrace> out;
  for (const MeasuredMention& m : MeasureMentions(lexicon, doc, &vetoes))
    out.push_back({std::string(m.rule), false, m.span, ClaimText(m.measure, m.value, m.role, m.scope, m.derived),
                   SlotTexts(doc, m.slots)});
  for (const RuleMention& v : vetoes) out.push_back({v.rule->id, true, v.span, "", SlotTexts(doc, v.slots)});
  std::stable_sort(out.begin(), out.end(), [](const RuleTrace& a, const RuleTrace& b) {
    return a.evidence.begin < b.evidence.begin;
  });
  return out;
}

std::string ExplainClaims(const Document& doc, const std::vector<Claim>& claims, const std::vector<RuleTrace>& traces) {
  std::string out = "==> " + doc.id + " <==\n";
  for (const Claim& c : claims) {
    out += ClaimText(c.measure, c.value, c.counted_role, c.scope, c.derived) + " \"" + c.text + "\" rule=" + c.rule + "\n";
    for (Span e : c.evidence)
      for (const RuleTrace& t : traces) {
        if (t.veto || t.evidence.begin != e.begin || t.evidence.end != e.end) continue;
        out += "  " + t.rule + ": \"" + std::string(doc.View(e)) + "\"";
        for (const auto& [name, text] : t.slots) out += " " + name + "=\"" + text + "\"";
        out += "\n";
      }
  }
  for (const RuleTrace& t : traces) {
    if (!t.veto) continue;
    out += "not a count (" + t.rule + "): \"" + std::string(doc.View(t.evidence)) + "\"";
    for (const auto& [name, text] : t.slots) out += " " + name + "=\"" + text + "\"";
    out += "\n";
  }
  return out;
}

}  // namespace tally
