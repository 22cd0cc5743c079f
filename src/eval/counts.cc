#include "eval/counts.h"

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>

namespace tally {
namespace {

constexpr Measure kScored[] = {Measure::kKilled, Measure::kWounded};

struct Gold {
  std::optional<int64_t> killed, wounded;
  const std::optional<int64_t>& Of(Measure m) const { return m == Measure::kKilled ? killed : wounded; }
};

// The "gold" object of a record: each count a whole number >= 0 or null.
Result<Gold> ReadGold(const RawDocument& raw) {
  const std::string* json = nullptr;
  for (const auto& [key, value] : raw.metadata)
    if (key == "gold") json = &value;
  if (!json) return Status::InvalidInput("record \"" + raw.id + "\" has no \"gold\"");
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(*json).get_object().get(obj)) return Status::InvalidInput("record \"" + raw.id + "\": \"gold\" must be an object");
  Gold gold;
  for (auto [key, slot] : {std::pair{"killed", &gold.killed}, std::pair{"wounded", &gold.wounded}}) {
    simdjson::dom::element v;
    if (obj[key].get(v) || v.is_null()) continue;
    int64_t n;
    if (v.get_int64().get(n) || n < 0)
      return Status::InvalidInput("record \"" + raw.id + "\": gold \"" + key + "\" must be a whole number >= 0 or null");
    *slot = n;
  }
  if (!gold.killed && !gold.wounded) return Status::InvalidInput("record \"" + raw.id + "\": gold codes no count");
  return gold;
}

// The number a toll codes: its best figure, else its lower bound; 0 with no toll.
int64_t Found(const std::vector<Toll>& tolls, Measure m) {
  for (const Toll& t : tolls)
    if (t.measure == m) return t.value.best ? *t.value.best : t.value.low.value_or(0);
  return 0;
}

// Whether n is written in the text as a figure of its own (digits or number words), not as part
// of a year, date, time or other measurement.
bool Written(const Document& doc, int64_t n) {
  for (const Quantity& q : doc.quantities) {
    if (q.type != QuantityType::kCount && q.type != QuantityType::kOther) continue;
    if (q.value.best == n || (q.value.low == n && q.value.high == n)) return true;
  }
  return false;
}

void Score(const Document& doc, Measure m, int64_t gold, int64_t found, CountScore* s) {
  ++s->coded;
  s->exact += found == gold;
  s->within_one += std::llabs(found - gold) <= 1;
  if (gold == 0) {
    ++s->zero;
    s->zero_false += found > 0;
  } else if (Written(doc, gold)) {
    ++s->written;
    s->written_exact += found == gold;
  }
}

std::string Rate(size_t part, size_t whole) {
  if (whole == 0) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

std::string FileName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

CountsReport EvalCountsFile(const Pipeline& pipeline, const std::string& path, const CountsOptions& options,
                            const ProblemHandler& on_problem, const std::function<void(size_t)>& on_record) {
  CountsReport report;
  report.path = path;
  for (Measure m : kScored) report.scores.push_back({m});
  ReadInputs({path}, options.ingest, [&](RawDocument&& raw) {
    Result<Gold> gold = ReadGold(raw);
    if (!gold.ok()) return on_problem({raw.origin, gold.status()});
    const size_t bytes = raw.size();
    Document doc = pipeline.Prepare(std::move(raw));
    std::vector<Claim> claims = pipeline.Extract(doc);
    std::vector<Toll> tolls = pipeline.Tolls(doc, claims, options.choice);
    ++report.records;
    for (CountScore& s : report.scores) {
      const std::optional<int64_t>& g = gold->Of(s.measure);
      if (!g) continue;
      const int64_t found = Found(tolls, s.measure);
      Score(doc, s.measure, *g, found, &s);
      if (options.misses && found != *g)
        report.misses.push_back({doc.id, doc.origin, s.measure, *g, found, *g != 0 && Written(doc, *g), doc.text,
                                 claims, tolls});
    }
    on_record(bytes);
  }, on_problem);
  return report;
}

std::string RenderCountsText(const std::vector<CountsReport>& reports) {
  std::string out;
  double reach_sum = 0;
  size_t reach_n = 0;
  char line[256];
  for (const CountsReport& r : reports) {
    out += FileName(r.path) + ": " + std::to_string(r.records) + " records\n";
    for (const CountScore& s : r.scores) {
      if (s.coded == 0) continue;
      std::snprintf(line, sizeof line,
                    "  %-8s coded %5zu  exact %s  within one %s  reach %s of %zu  false figure %s of %zu\n",
                    std::string(MeasureName(s.measure)).c_str(), s.coded, Rate(s.exact, s.coded).c_str(),
                    Rate(s.within_one, s.coded).c_str(), Rate(s.written_exact, s.written).c_str(), s.written,
                    Rate(s.zero_false, s.zero).c_str(), s.zero);
      out += line;
      if (s.written) {
        reach_sum += static_cast<double>(s.written_exact) / static_cast<double>(s.written);
        ++reach_n;
      }
    }
  }
  if (reach_n == 0) return out + "mean reach - over 0 file-measures\n";
  std::snprintf(line, sizeof line, "mean reach %.3f over %zu file-measures\n", reach_sum / static_cast<double>(reach_n),
                reach_n);
  return out + line;
}

std::string RenderCountsTsv(const std::vector<CountsReport>& reports) {
  std::string out = "file\tmeasure\tcoded\texact\twithin_one\treach\twritten\tfalse_figure\tzeros\n";
  for (const CountsReport& r : reports)
    for (const CountScore& s : r.scores) {
      if (s.coded == 0) continue;
      out += FileName(r.path) + "\t" + std::string(MeasureName(s.measure)) + "\t" + std::to_string(s.coded) + "\t" +
             Rate(s.exact, s.coded) + "\t" + Rate(s.within_one, s.coded) + "\t" + Rate(s.written_exact, s.written) +
             "\t" + std::to_string(s.written) + "\t" + Rate(s.zero_false, s.zero) + "\t" + std::to_string(s.zero) + "\n";
    }
  return out;
}

std::string RenderCountMisses(const CountsReport& report) {
  std::string out;
  for (const CountMiss& m : report.misses) {
    out += "== " + m.id + " (" + m.origin + ") " + std::string(MeasureName(m.measure)) + ": coded " +
           std::to_string(m.gold) + ", found " + std::to_string(m.found) + (m.written ? " (written)" : "") + "\n  " +
           m.text + "\n";
    for (size_t i = 0; i < m.claims.size(); ++i) {
      const Claim& c = m.claims[i];
      const int64_t v = c.value.best ? *c.value.best : c.value.low.value_or(0);
      out += "  [" + std::to_string(i) + "] " + std::string(MeasureName(c.measure)) + " " + std::to_string(v) + " " +
             std::string(QualifierName(c.qualifier)) + " \"" + c.text + "\"" +
             (c.scope != Scope::kEvent ? " scope " + std::string(ScopeName(c.scope)) : "") +
             (c.counted_role == CountedRole::kPerpetrator ? " perpetrator" : "") + "\n";
    }
    if (m.claims.empty()) out += "  (no claims)\n";
  }
  return out;
}

}  // namespace tally
