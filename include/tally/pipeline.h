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
