// Strings kept once each, by number: reconcile's claims and names hold a few hundred thousand
// distinct strings (document ids, sources, names, roles) among millions of uses at 100,000
// articles. Not thread-safe; views and references stay valid as long as the Interned does.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tally {

class Interned {
 public:
  uint32_t Id(std::string_view s) {
    if (auto it = ids_.find(s); it != ids_.end()) return it->second;
    const std::string& kept = strings_.emplace_back(s);  // a deque: kept strings never move
    return ids_.emplace(kept, static_cast<uint32_t>(strings_.size() - 1)).first->second;
  }
  std::optional<uint32_t> Find(std::string_view s) const {
    auto it = ids_.find(s);
    return it == ids_.end() ? std::nullopt : std::optional<uint32_t>(it->second);
  }
  const std::string& operator[](uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }

 private:
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

}  // namespace tally
