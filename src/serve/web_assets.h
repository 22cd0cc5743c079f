// The web app's files (src/serve/web/), built into the binary by CMake (web_assets.cc is
// generated), so that tally serve needs nothing beside it and loads nothing from elsewhere.
#pragma once

#include <cstddef>
#include <string_view>

namespace tally {

struct WebAsset {
  std::string_view path;  // "/app.js"
  std::string_view body;
};

extern const WebAsset kWebAssets[];
extern const size_t kWebAssetCount;

}  // namespace tally
