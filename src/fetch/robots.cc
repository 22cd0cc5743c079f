#include "fetch/robots.h"

#include <cstdlib>

#include "common/text.h"

namespace tally {
namespace {

}  // namespace

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules r;
  r.rules_.push_back({false, "/"});
  return r;
}

bool RobotsPatternMatches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Iterative glob with backtracking to the last '*': linear in practice, never recursive.
  size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (p == pattern.size() && !anchored) {
      return true;  // a prefix matched
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

RobotsRules RobotsRules::Parse(std::string_view body, std::string_view token) {
  const std::string want = AsciiLowerCopy(token);
  // Groups: consecutive User-agent lines, then their rules. Ours (named) beats "*".
  RobotsRules named, star;
  bool have_named = false, have_star = false;
  bool in_agents = false, group_named = false, group_star = false;
  while (!body.empty()) {
    const size_t nl = body.find_first_of("\r\n");
    std::string_view line = body.substr(0, nl);
    body.remove_prefix(nl == std::string_view::npos ? body.size() : nl + 1);
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = AsciiLowerCopy(TrimSpaces(line.substr(0, colon)));
    const std::string_view value = TrimSpaces(line.substr(colon + 1));
    if (key == "user-agent") {
      if (!in_agents) group_named = group_star = false;
      in_agents = true;
      const std::string agent = AsciiLowerCopy(value);
      if (agent == "*") group_star = true;
      else if (!agent.empty() && want.find(agent) == 0) group_named = true;
      continue;
    }
    in_agents = false;
    RobotsRules* targets[2] = {group_named ? &named : nullptr, group_star ? &star : nullptr};
    have_named |= group_named;
    have_star |= group_star;
    for (RobotsRules* t : targets) {
      if (!t) continue;
      if (key == "allow" || key == "disallow") {
        if (!value.empty()) t->rules_.push_back({key == "allow", std::string(value)});
      } else if (key == "crawl-delay") {
        const double seconds = std::strtod(std::string(value).c_str(), nullptr);
        if (seconds > 0 && seconds < 86400) t->crawl_delay_ = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
      }
    }
  }
  if (have_named) return named;
  if (have_star) return star;
  return AllowAll();
}

bool RobotsRules::Allowed(std::string_view path) const {
  if (path == "/robots.txt") return true;
  size_t best = 0;
  bool allowed = true, matched = false;
  for (const Rule& r : rules_) {
    if (!RobotsPatternMatches(r.pattern, path)) continue;
    const size_t len = r.pattern.size();
    if (!matched || len > best || (len == best && r.allow)) {
      best = len;
      allowed = r.allow;
      matched = true;
    }
  }
  return allowed;
}

}  // namespace tally
