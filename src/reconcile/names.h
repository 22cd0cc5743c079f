// Name helpers private to reconcile (see names.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tally {

// Folded (ICU: any script to Latin, no accents, lower case) word tokens of a name.
std::vector<std::string> NameTokens(std::string_view name);
// Initials of the capitalized words: "National Intelligence Service" -> "NIS".
std::string Acronym(std::string_view name);

}  // namespace tally
