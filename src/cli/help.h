// The command line's own words: the overview `tally` prints alone, and each command's
// examples (the end of its --help). Paths are the project's examples, so every line can be
// pasted in a fresh clone.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace tally_cli {

// The commands, one line each, and the two to start with.
inline std::string Overview(const CLI::App& app) {
  std::string out = app.get_description() + "\n\ncommands:\n";
  for (const CLI::App* cmd : app.get_subcommands({})) {
    std::string name = cmd->get_name();
    name.resize(std::max<size_t>(name.size(), 10), ' ');
    out += "  " + name + " " + cmd->get_description() + "\n";
  }
  out +=
      "\nstart with:\n"
      "  tally ingest examples             read the example articles into the ledger tally.db\n"
      "  tally report -o report.html       write the ledger as an HTML page, then open it\n"
      "\n`tally COMMAND --help` for a command's options and examples; docs/format.md for every output field.\n";
  return out;
}

inline const char* Examples(const std::string& command) {
  if (command == "clean")
    return "examples:\n  tally clean --show examples/channel9-day1.html\n  tally clean --spans examples/wire-day1.txt";
  if (command == "numbers") return "examples:\n  tally numbers --counts examples/wire-day1.txt";
  if (command == "extract")
    return "examples:\n  tally extract examples\n  tally extract --annotate examples/wire-day1.txt\n"
           "fields: docs/format.md";
  if (command == "ingest")
    return "examples:\n  tally ingest examples\n  tally ingest --db floods.db -j 2 articles/ feed.jsonl";
  if (command == "fetch")
    return "examples:\n  tally fetch --db floods.db https://news.example.org/rss.xml https://news.example.org/sitemap.xml\n"
           "  tally fetch --db floods.db --every 15m --contact mailto:desk@example.org feeds/*.xml\n"
           "  tally fetch --db floods.db https://news.example.org/2026/12/06/story.html\n"
           "a feed item fetched before is skipped unless --refresh; a URL named directly is asked for again\n"
           "conditionally (ETag, Last-Modified); problems print as tally: URL: problem";
  if (command == "reconcile") return "examples:\n  tally reconcile --db tally.db\nfields: docs/format.md";
  if (command == "ledger") return "examples:\n  tally ledger\n  tally ledger --db floods.db --format csv > ledger.csv";
  if (command == "report") return "examples:\n  tally report -o report.html\n  tally report --db floods.db -o floods.html";
  if (command == "serve") return "examples:\n  tally serve --db tally.db\n  tally serve --db floods.db --port 9000\napi: docs/api.md";
  if (command == "users") return "examples:\n  tally users add alice --db tally.db";
  if (command == "db")
    return "examples:\n  tally db migrate --db tally.db\n  tally db migrate --db postgresql://tally@dbhost/newsroom\n"
           "  tally db copy --from tally.db --to postgresql://tally@dbhost/newsroom";
  if (command == "eval")
    return "examples:\n  tally eval counts --misses coded-incidents.jsonl\n  tally eval html --pages pages/";
  return "";
}

}  // namespace tally_cli
