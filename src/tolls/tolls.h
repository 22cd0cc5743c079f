// tolls: reads one document's claims (in output order) and the prepared Document they came
// from; produces the document's toll per measure (tally/toll.h): the figure a conflict-data
// coder would code from this one article, per ../shared/spec/claims.md ("The document's toll").
//
// A statement is what one sentence says about a measure: its figures for distinct groups add
// up ("two officers and three civilians were killed"). Victims and perpetrators are tolled
// apart and then added. Among statements, a specific figure beats a vague one and the largest
// specific figure wins: reports of one incident revise its toll upwards, so a smaller figure
// later in the text is nearly always a part of the whole ("two of the dead were children").
// People hit ("five were shot, two fatally": casualties) are the killed and the wounded together,
// so with no wounded stated the wounded are the casualties less the killed; those of a wounded
// group who died ("two of them later died") leave its wounded.
#pragma once

#include <string>
#include <vector>

#include "common/lexicon.h"
#include "tally/claim.h"
#include "tally/document.h"
#include "tally/toll.h"

namespace tally {

struct TollLexicon {
  enum Kind { kPart = 1, kAdded = 2, kLater = 3, kTotal = 4 };
  PhraseTable before, after;  // value: Kind; matched just before / just after a figure
  PhraseTable start;          // kLater or kAdded: matched where the figure's words begin ("the third victim", "another")
  PhraseTable later_after;    // kLater: in the figure's clause after it ("one later died")
  PhraseTable new_referent;   // where a figure's words begin: a person not yet named ("a guard")
  WordTable<int> hit;         // people hit, outcome open ("shot"): casualties not yet split
  // Loads toll_words.tsv from dir.
  static TollLexicon Load(const std::string& dir, Vocabulary& vocab);
};

// The tolls of doc, one per measure that its event-scope claims report, in Measure order.
std::vector<Toll> ComputeTolls(const TollLexicon& lexicon, const Document& doc, const std::vector<Claim>& claims,
                               TollChoice choice = TollChoice::kLargest);

}  // namespace tally
