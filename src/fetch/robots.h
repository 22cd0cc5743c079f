// fetch/robots: robots.txt (RFC 9309) read into the rules that apply to one user agent.
//
// Input:  a robots.txt body and tally's product token.
// Output: RobotsRules: whether a path may be fetched, and the Crawl-delay asked for.
// The group is the one whose User-agent line names the token (case-insensitively), else "*".
// Rules match path prefixes with '*' (any run) and a final '$' (the end); the longest match
// wins and Allow wins a tie. Debian 12 packages no C or C++ robots.txt parser, hence this one.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

class RobotsRules {
 public:
  static RobotsRules AllowAll() { return RobotsRules(); }
  static RobotsRules DisallowAll();
  static RobotsRules Parse(std::string_view body, std::string_view token);

  bool Allowed(std::string_view path_and_query) const;
  std::optional<std::chrono::milliseconds> crawl_delay() const { return crawl_delay_; }

 private:
  struct Rule {
    bool allow = false;
    std::string pattern;
  };
  std::vector<Rule> rules_;
  std::optional<std::chrono::milliseconds> crawl_delay_;
};

// Whether path matches a robots.txt pattern ('*' any run, final '$' the end).
bool RobotsPatternMatches(std::string_view pattern, std::string_view path);

}  // namespace tally
