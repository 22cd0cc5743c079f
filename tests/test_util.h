// Helpers shared by the tests: one Pipeline for the whole run, documents built from strings.
#pragma once

#include <string>

#include "tally/pipeline.h"

namespace tally::testing {

// The pipeline over the source tree's data folder, loaded once.
const Pipeline& SharedPipeline();

// A prepared document from text (format text unless html is true).
Document PrepareText(const std::string& text, const std::string& id = "t", bool html = false);

std::string ReadFile(const std::string& path);

// The shared folder (seed corpus, scorer) or empty when this clone has none beside it.
std::string SharedDir();

}  // namespace tally::testing
