// tally_calibrate: measures whether claim confidence means what it says, and refits it.
//
// Runs extract over passage files (default tests/data/calibration.txt), labels each claim right
// when its measure and value are expected there, and prints how often claims of each confidence
// are right under the current model (data/lexicon/en/confidence.tsv) and under a model refitted
// on the passages, cross-validated. See docs/confidence.md.
//
//   tally_calibrate                         the report
//   tally_calibrate --show-wrong --show-missed   also the errors, claim by claim
//   tally_calibrate --write FILE            also fits on every passage and writes the model
//   tally_calibrate --dump FILE             also writes each claim's label, rule and features (TSV)
//   tally_calibrate --check 0.08            exits 1 when the current model's calibration error
//                                           (mean gap between confidence and precision) passes 0.08
#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "claim_cases.h"
#include "claims/claims.h"
#include "tally/pipeline.h"

namespace {

using tally::Claim;
using tally::ConfidenceFeatures;
using tally::ConfidenceModel;

constexpr size_t kFeatures = ConfidenceFeatures::kCount;

struct Sample {
  ConfidenceFeatures features;
  bool right = false;
  double confidence = 0;  // under the current model
  size_t passage = 0;     // for cross-validation folds
  std::string where;      // file:line and the claim, for --show-wrong
  std::string rule;       // the rule that made it, for --dump
};

struct Labelled {
  std::vector<Sample> samples;
  std::vector<std::string> missed;  // expected claims extract did not find, for --show-missed
  size_t passages = 0, expected = 0, found = 0;
  // Derived sums and differences that no passage lists: the passages' convention writes down only
  // the figures a text states, so such a claim is neither right nor wrong there.
  size_t derived_unlisted = 0;
};

Labelled Label(const tally::Pipeline& pipeline, const std::vector<std::string>& files) {
  Labelled out;
  for (const std::string& file : files) {
    for (const tally::testing::Passage& p : tally::testing::LoadPassages(file)) {
      tally::RawDocument raw;
      raw.id = "passage";
      raw.bytes = p.text;
      raw.date = p.date;
      tally::Document doc = pipeline.Prepare(std::move(raw));
      std::vector<ConfidenceFeatures> features;
      std::vector<Claim> claims = pipeline.ExtractForCalibration(doc, &features);
      const std::vector<int> match = tally::testing::MatchExpected(p.claims, claims);
      for (size_t i = 0; i < claims.size(); ++i) {
        if (claims[i].derived != tally::Derived::kNone && match[i] < 0) {
          ++out.derived_unlisted;
          continue;
        }
        Sample s;
        s.features = features[i];
        s.right = match[i] >= 0;
        s.confidence = claims[i].confidence;
        s.passage = out.passages;
        s.where = file.substr(file.rfind('/') + 1) + ":" + std::to_string(p.line) + ": " +
                  std::string(tally::MeasureName(claims[i].measure)) + " " + tally::testing::ValueOf(claims[i]) +
                  " \"" + claims[i].text + "\"";
        s.rule = claims[i].rule;
        out.found += s.right;
        out.samples.push_back(std::move(s));
      }
      for (size_t e = 0; e < p.claims.size(); ++e)
        if (std::find(match.begin(), match.end(), static_cast<int>(e)) == match.end())
          out.missed.push_back(file.substr(file.rfind('/') + 1) + ":" + std::to_string(p.line) + ": " +
                               p.claims[e].measure + " " + p.claims[e].value);
      out.expected += p.claims.size();
      ++out.passages;
    }
  }
  return out;
}

// --- fitting: L2-regularised logistic regression by Newton's method ---------------------------

constexpr size_t kParams = kFeatures + 1;  // intercept first
using Vector = std::array<double, kParams>;
using Matrix = std::array<Vector, kParams>;

Vector Inputs(const ConfidenceFeatures& f) {
  Vector x{};
  x[0] = 1;
  for (size_t i = 0; i < kFeatures; ++i) x[i + 1] = f.x[i];
  return x;
}

double Sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

// Solves a x = b for a symmetric positive definite a (Gaussian elimination with pivoting).
Vector Solve(Matrix a, Vector b) {
  for (size_t c = 0; c < kParams; ++c) {
    size_t pivot = c;
    for (size_t r = c + 1; r < kParams; ++r)
      if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
    std::swap(a[c], a[pivot]);
    std::swap(b[c], b[pivot]);
    for (size_t r = c + 1; r < kParams; ++r) {
      const double f = a[r][c] / a[c][c];
      for (size_t k = c; k < kParams; ++k) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  Vector x{};
  for (size_t c = kParams; c-- > 0;) {
    double s = b[c];
    for (size_t k = c + 1; k < kParams; ++k) s -= a[c][k] * x[k];
    x[c] = s / a[c][c];
  }
  return x;
}

// The weights that maximise the likelihood of the labels, less lambda/2 |w|^2 on the feature
// weights: with a few hundred claims, a feature seen on a handful of them would otherwise take an
// extreme weight. Two pseudo-claims without features, one right and one wrong, keep the
// intercept finite when a fold holds no wrong claim (a uniform prior on the precision).
ConfidenceModel Fit(std::vector<const Sample*> samples, double lambda) {
  Sample pseudo_right, pseudo_wrong;
  pseudo_right.right = true;
  samples.push_back(&pseudo_right);
  samples.push_back(&pseudo_wrong);
  Vector w{};
  for (int iteration = 0; iteration < 50; ++iteration) {
    Vector gradient{};
    Matrix hessian{};
    for (size_t i = 1; i < kParams; ++i) {
      gradient[i] = -lambda * w[i];
      hessian[i][i] = lambda;
    }
    for (const Sample* s : samples) {
      const Vector x = Inputs(s->features);
      double z = 0;
      for (size_t i = 0; i < kParams; ++i) z += w[i] * x[i];
      const double p = Sigmoid(z);
      for (size_t i = 0; i < kParams; ++i) {
        gradient[i] += ((s->right ? 1 : 0) - p) * x[i];
        for (size_t k = 0; k < kParams; ++k) hessian[i][k] += p * (1 - p) * x[i] * x[k];
      }
    }
    const Vector step = Solve(hessian, gradient);
    double size = 0;
    for (size_t i = 0; i < kParams; ++i) {
      w[i] += step[i];
      size += std::abs(step[i]);
    }
    if (size < 1e-9) break;
  }
  ConfidenceModel m;
  m.intercept = w[0];
  for (size_t i = 0; i < kFeatures; ++i) m.weights[i] = w[i + 1];
  return m;
}

// --- measuring ------------------------------------------------------------------------------

struct Scores {
  double ece = 0, brier = 0, log_loss = 0, auc = 0;  // auc: how well confidence ranks right above wrong
};

constexpr std::array<double, 6> kBinEdges = {0, 0.5, 0.7, 0.8, 0.9, 1.0001};

// The claims whose confidence falls in one band, and how many of them are right.
struct Band {
  double low = 0, high = 0, claims = 0, mean_confidence = 0, right = 0;  // right: the share
};

std::vector<Band> Bands(const std::vector<double>& confidence, const std::vector<bool>& right) {
  std::vector<Band> bands;
  for (size_t b = 0; b + 1 < kBinEdges.size(); ++b) {
    Band band{kBinEdges[b], std::min(1.0, kBinEdges[b + 1])};
    for (size_t i = 0; i < confidence.size(); ++i)
      if (confidence[i] >= kBinEdges[b] && confidence[i] < kBinEdges[b + 1]) {
        ++band.claims;
        band.mean_confidence += confidence[i];
        band.right += right[i];
      }
    if (band.claims == 0) continue;
    band.mean_confidence /= band.claims;
    band.right /= band.claims;
    bands.push_back(band);
  }
  return bands;
}

// The area under the ROC curve: how often a right claim has a higher confidence than a wrong
// one (ties count half). 0.5 is a ranking no better than chance; undefined (NaN) without both.
double Auc(const std::vector<double>& confidence, const std::vector<bool>& right) {
  double pairs = 0, wins = 0;
  for (size_t i = 0; i < confidence.size(); ++i)
    for (size_t j = 0; j < confidence.size(); ++j) {
      if (!right[i] || right[j]) continue;
      pairs += 1;
      wins += confidence[i] > confidence[j] ? 1 : confidence[i] == confidence[j] ? 0.5 : 0;
    }
  return pairs > 0 ? wins / pairs : std::nan("");
}

Scores Score(const std::vector<double>& confidence, const std::vector<bool>& right) {
  Scores s;
  s.auc = Auc(confidence, right);
  const double n = static_cast<double>(confidence.size());
  for (const Band& band : Bands(confidence, right)) s.ece += band.claims / n * std::abs(band.right - band.mean_confidence);
  for (size_t i = 0; i < confidence.size(); ++i) {
    const double p = std::clamp(confidence[i], 1e-6, 1 - 1e-6);
    s.brier += (p - right[i]) * (p - right[i]) / n;
    s.log_loss -= (right[i] ? std::log(p) : std::log(1 - p)) / n;
  }
  return s;
}

void PrintReliability(const char* title, const std::vector<double>& confidence, const std::vector<bool>& right) {
  std::printf("\n%s\n\n| confidence | claims | mean confidence | right |\n|---|---|---|---|\n", title);
  for (const Band& band : Bands(confidence, right))
    std::printf("| %.1f-%.1f | %.0f | %.2f | %.2f |\n", band.low, band.high, band.claims, band.mean_confidence, band.right);
}

void PrintScores(const char* name, const Scores& s) {
  std::printf("| %s | %.3f | %.3f | %.3f | %.3f |\n", name, s.ece, s.brier, s.log_loss, s.auc);
}

std::string ModelText(const ConfidenceModel& m, const Labelled& data, const std::string& files) {
  char line[160];
  std::string out =
      "# The confidence model: logistic regression over the features of a claim (src/claims/claims.h,\n"
      "# docs/confidence.md). Written by tests/calibrate.cc --write, fitted on " +
      std::to_string(data.samples.size()) + " claims of\n# " + files + "; do not edit by hand.\n";
  std::snprintf(line, sizeof line, "intercept\t%.4f\n", m.intercept);
  out += line;
  for (size_t i = 0; i < kFeatures; ++i) {
    std::snprintf(line, sizeof line, "%s\t%.4f\n", ConfidenceFeatures::kNames[i], m.weights[i]);
    out += line;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Measures and refits the confidence of claims on labelled passages"};
  std::vector<std::string> files{std::string(TALLY_TEST_DIR) + "/data/calibration.txt"};
  std::string data = TALLY_SOURCE_DATA_DIR, write, dump;
  double check = -1, lambda = 1.0;
  bool show_wrong = false, show_missed = false;
  double min_recall = -1, min_precision = -1;
  app.add_option("--passages", files, "passage files (the format of tests/data/claims.txt)");
  app.add_option("--data", data, "the data folder whose model is measured");
  app.add_option("--write", write, "fit on every passage and write the model to this file");
  app.add_option("--dump", dump, "write each claim's label, rule, features and place as TSV to this file");
  app.add_option("--lambda", lambda, "L2 penalty on the weights when fitting");
  app.add_option("--check", check, "exit 1 if the current model's calibration error is above this");
  app.add_option("--min-recall", min_recall, "exit 1 if recall on the passages is below this");
  app.add_option("--min-precision", min_precision, "exit 1 if precision on the passages is below this");
  app.add_flag("--show-wrong", show_wrong, "list the claims that are not expected");
  app.add_flag("--show-missed", show_missed, "list the expected claims that extract did not find");
  CLI11_PARSE(app, argc, argv);

  Labelled labelled;
  try {
    const tally::Pipeline pipeline(data);
    labelled = Label(pipeline, files);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally_calibrate: %s\n", e.what());
    return 2;
  }
  const std::vector<Sample>& samples = labelled.samples;
  if (samples.empty()) {
    std::fprintf(stderr, "tally_calibrate: no claims found in the passages\n");
    return 2;
  }
  std::string names;
  for (const std::string& f : files) names += (names.empty() ? "" : ", ") + f.substr(f.rfind('/') + 1);

  std::vector<bool> right;
  std::vector<double> current, constant, cross_validated(samples.size());
  for (const Sample& s : samples) {
    right.push_back(s.right);
    current.push_back(s.confidence);
  }
  const double precision = static_cast<double>(labelled.found) / static_cast<double>(samples.size());
  constant.assign(samples.size(), precision);

  // five folds by passage: each passage's claims are predicted by a model fitted without it
  constexpr size_t kFolds = 5;
  for (size_t fold = 0; fold < kFolds; ++fold) {
    std::vector<const Sample*> train;
    for (const Sample& s : samples)
      if (s.passage % kFolds != fold) train.push_back(&s);
    const ConfidenceModel m = Fit(train, lambda);
    for (size_t i = 0; i < samples.size(); ++i)
      if (samples[i].passage % kFolds == fold) cross_validated[i] = m.Of(samples[i].features);
  }

  const double recall = static_cast<double>(labelled.found) / static_cast<double>(std::max<size_t>(labelled.expected, 1));
  std::printf("%s: %zu passages, %zu claims expected; extract found %zu claims, %zu of them right "
              "(precision %.3f, recall %.3f)\n",
              names.c_str(), labelled.passages, labelled.expected, samples.size(), labelled.found, precision, recall);
  if (labelled.derived_unlisted)
    std::printf("(%zu derived sums and differences left out: the passages list only the figures a text states)\n",
                labelled.derived_unlisted);
  PrintReliability("The current model (data/lexicon/en/confidence.tsv):", current, right);
  PrintReliability("A model refitted on these passages, each predicted without its own fold:", cross_validated, right);
  std::printf("\n| model | calibration error | Brier score | log loss | AUC |\n|---|---|---|---|---|\n");
  const Scores now = Score(current, right), base = Score(constant, right);
  PrintScores("current", now);
  PrintScores("refitted, cross-validated", Score(cross_validated, right));
  PrintScores("constant (the precision)", base);

  if (show_wrong) {
    std::printf("\nClaims not expected:\n");
    for (const Sample& s : samples)
      if (!s.right) std::printf("  %.2f  %s\n", s.confidence, s.where.c_str());
  }
  if (show_missed) {
    std::printf("\nExpected claims not found:\n");
    for (const std::string& m : labelled.missed) std::printf("  %s\n", m.c_str());
  }
  if (!dump.empty()) {
    std::ofstream out(dump);
    out << "right\tconfidence\trule";
    for (const char* name : ConfidenceFeatures::kNames) out << '\t' << name;
    out << "\tclaim\n";
    for (const Sample& s : samples) {
      out << s.right << '\t' << s.confidence << '\t' << s.rule;
      for (double x : s.features.x) out << '\t' << x;
      out << '\t' << s.where << '\n';
    }
    if (!out.flush()) {
      std::fprintf(stderr, "tally_calibrate: %s: cannot write\n", dump.c_str());
      return 2;
    }
  }
  if (!write.empty()) {
    std::vector<const Sample*> all;
    for (const Sample& s : samples) all.push_back(&s);
    std::ofstream out(write);
    out << ModelText(Fit(all, lambda), labelled, names);
    if (!out.flush()) {
      std::fprintf(stderr, "tally_calibrate: %s: cannot write\n", write.c_str());
      return 2;
    }
    std::printf("\nwrote %s\n", write.c_str());
  }
  if (recall < min_recall - 5e-4 || precision < min_precision - 5e-4) {
    std::fprintf(stderr, "tally_calibrate: recall %.3f or precision %.3f is below its floor (%.3f, %.3f)\n", recall,
                 precision, min_recall, min_precision);
    return 1;
  }
  if (check >= 0) {
    if (now.ece > check) {
      std::fprintf(stderr, "tally_calibrate: calibration error %.3f is above %.3f: refit with --write\n", now.ece, check);
      return 1;
    }
  }
  return 0;
}
