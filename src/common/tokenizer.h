// Splits text into word, number and punctuation tokens, keeping byte offsets.
//
// Words keep internal apostrophes ("don't") and dotted abbreviations ("U.S.", "p.m."); a
// possessive "'s" is its own token. Numbers are digit runs with "," or "." between digit groups
// ("5,300", "1.5"); a number never swallows letters ("18k" is "18" then "k"). Hyphens and
// dashes are punctuation tokens; Token::space_before tells "twenty-three" from "20 - 30". A web
// address ("https://...", "www....") is one word token.
#pragma once

#include <string_view>
#include <vector>

#include "tally/document.h"

namespace tally {

// Appends the tokens of text[begin, end) to out. Offsets are into text.
void Tokenize(std::string_view text, uint32_t begin, uint32_t end, std::vector<Token>* out);

}  // namespace tally
