// Name helpers private to reconcile (see names.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tally {

// Folded (ICU: any script to Latin, no accents, lower case) word tokens of a name.
std::vector<std::string> NameTokens(std::string_view name);
// Initials of the capitalized words: "Federal Statistics Office" -> "FSO".
std::string Acronym(std::string_view name);

// A person's name prepared for comparison: its folded tokens and their consonant skeletons.
// Folding goes through ICU's transliterator, far slower than comparing: reconcile prepares each
// name once, not once per pair.
struct NameForm {
  std::vector<std::string> tokens, skeletons;
};
NameForm FormOf(std::string_view name);
// SamePersonName (reconcile.h) on prepared names.
bool SamePersonName(const NameForm& a, const NameForm& b);

}  // namespace tally
