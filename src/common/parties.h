// The parties lexicon (data/lexicon/en/parties.tsv): each party (a country or a side) and the
// names it goes by. Read here only; the claim stage and reconcile both take it from here.
#pragma once

#include <string>
#include <vector>

namespace tally {

struct PartyNames {
  std::string party;                 // canonical name: "United States"
  std::vector<std::string> aliases;  // as written: "U.S.", "American", ...
};

// Throws LexiconError naming the file and line of a malformed row or an empty alias.
std::vector<PartyNames> ReadParties(const std::string& path);

}  // namespace tally
