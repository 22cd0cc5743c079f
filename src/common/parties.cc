#include "common/parties.h"

#include "common/lexicon.h"

namespace tally {

std::vector<PartyNames> ReadParties(const std::string& path) {
  TsvFile file = ReadTsv(path, 2, 2);
  std::vector<PartyNames> out;
  for (const TsvRow& row : file.rows) {
    PartyNames p{row.fields[0], {}};
    std::string_view aliases = row.fields[1];
    while (true) {
      const size_t bar = aliases.find('|');
      std::string_view a = aliases.substr(0, bar);
      if (a.empty()) file.Fail(row, "empty alias");
      p.aliases.emplace_back(a);
      if (bar == std::string_view::npos) break;
      aliases.remove_prefix(bar + 1);
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace tally
