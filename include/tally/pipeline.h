// The pipeline: the stages in order, with their lexicons loaded once.
//
//   ingest   paths            -> RawDocument          src/ingest/ingest.h
//   clean    RawDocument      -> Document text, skipped spans          src/clean/clean.h
//   segment  Document         -> paragraphs, sentences, tokens         src/segment/segment.h
//   dates    Document         -> date mentions, dateline date (and a   src/dates/dates.h
//                                 text file's title and agency)
//   numbers  Document         -> quantity mentions                     src/numbers/numbers.h
//   claims   Document         -> Claims                                src/claims/claims.h
//   tolls    Document, Claims -> Tolls (per measure, the article's toll) src/tolls/tolls.h
//
// A Pipeline is immutable after construction and may be shared by threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tally/claim.h"
#include "tally/document.h"
#include "tally/limits.h"
#include "tally/toll.h"

namespace tally {

struct ConfidenceFeatures;  // src/claims/claims.h

// What one construction rule did with one figure or span (data/rules/en, docs/rules.md).
struct RuleTrace {
  std::string rule;        // the rule's id; "core.*" for the built-in shapes
  bool veto = false;       // the rule says the figure counts no people
  Span evidence;
  std::string claim;       // "killed 2", "wounded 3 derived=difference", empty for a veto
  std::vector<std::pair<std::string, std::string>> slots;  // slot name, the tokens it matched
};

class Pipeline {
 public:
  // Loads every lexicon under data_dir/lexicon/en. Throws LexiconError (a std::runtime_error)
  // naming the file and line of the first problem.
  // limits bound what one document may cost (limits.h).
  explicit Pipeline(const std::string& data_dir, const Limits& limits = {});
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // clean only: the document text and its skipped spans. Limits applied are in Document::notes.
  Document Clean(RawDocument&& raw) const;
  // clean, segment, dates and numbers.
  Document Prepare(RawDocument&& raw) const;
  // The claims of a prepared document, in order of first evidence. With names, also every way
  // the document names its sources and people (for cross-document entities). Past
  // max_claims_per_document the rest are dropped, with a message in *notes when given.
  std::vector<Claim> Extract(const Document& doc, std::vector<NameVariant>* names = nullptr,
                             std::vector<std::string>* notes = nullptr) const;
  // As Extract, with what each claim's confidence was computed from, in claim order (for
  // calibration: tests/calibrate.cc).
  std::vector<Claim> ExtractForCalibration(const Document& doc, std::vector<ConfidenceFeatures>* features) const;

  // Every figure the claim stage measured or vetoed in doc, with the rule and its slots.
  std::vector<RuleTrace> Trace(const Document& doc) const;
  // For `tally extract --explain`: each claim of doc with the rule and slots behind its evidence.
  std::string Explain(const Document& doc) const;
  // The document's toll per measure, from the claims Extract made of doc.
  std::vector<Toll> Tolls(const Document& doc, const std::vector<Claim>& claims,
                          TollChoice choice = TollChoice::kLargest) const;

  // A fingerprint of the lexicon files, stamped on stored claims.
  const std::string& lexicon_hash() const;

  // Where the data folder is when the caller names none: $TALLY_DATA, else the installed
  // share/tally/data beside the executable, else the source tree's data/ folder.
  static std::string DefaultDataDir(const std::string& argv0);

 private:
  struct Lexicons;
  std::unique_ptr<Lexicons> lex_;
};

}  // namespace tally
