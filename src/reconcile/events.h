// Events: which documents report one incident or one continuing story (docs/reconcile.md,
// "Events").
//
// Input:  per document its content words (title and kept text), its date and the places its
//         claims name.
// Output: an event number per document, and per event its most telling terms.
//
// Online event detection over TF-IDF vectors of content words: documents in date order, each
// joins the most similar event (cosine with the centroid of its documents) when similar enough
// and the event's last document is recent enough, else opens a new one. A continuing story
// keeps its event open as long as coverage continues. Candidates come from blocking keys, never
// from all events: the most recent events that share one of the document's most telling terms,
// so the cost grows with n. The state once every document is linked (EventModel) can be kept, and
// documents added later linked from it (ResumeEvents) without weighing the earlier ones again.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tally {

struct EventOptions {
  // Cosine similarity of a document's TF-IDF vector with an event's centroid from which it
  // joins the event. Articles about one incident share its names and details; a look-alike
  // incident shares mostly the genre's words. Tuned on tests/data/events.
  double same_event_similarity = 0.35;
  // Stricter when the document's claims and the event's name only different places.
  double other_place_similarity = 0.5;
  // Looser when they count the same party (a country's troops, a side of a war): the party is
  // itself evidence of one story.
  double same_party_similarity = 0.1;
  // Looser too when the document states a figure the event's documents stated (the same
  // measure and value, not a small number): a re-report of the same count.
  double same_figure_similarity = 0.1;
  // Coverage of one story has gaps of at most this many days.
  int max_gap_days = 30;
  // Terms per document used as blocking keys, and the most recent events per key that are
  // candidates.
  int keys_per_document = 8;
  int neighbours = 16;
  // Terms kept per document vector (the heaviest).
  int terms_per_document = 100;
};

struct EventDocument {
  std::string_view title, text;
  int64_t day = INT64_MIN;           // days since 1970-01-01, INT64_MIN when undated
  std::vector<std::string> places;   // folded place names of its claims
  std::vector<std::string> parties;  // parties its claims count
  std::vector<std::string> figures;  // its claims' figures worth matching on ("killed 42")
};

// The events stage's state once every document is linked: what a later reconcile resumes from
// when documents were only added (docs/reconcile.md, "Incremental reconcile"). Events are
// numbered as EventGrouping numbers them.
struct EventModel {
  std::vector<std::string> words;  // per term id (figure keys, "#killed 42", too)
  std::vector<uint32_t> df;        // per term id: the documents that have it
  uint64_t documents = 0;          // the documents counted into df
  struct Centroid {
    std::vector<std::pair<uint32_t, float>> sum;  // its documents' vectors summed, by term id
    double norm2 = 0;
    int64_t first = INT64_MIN, last = INT64_MIN;  // days of its first and last dated documents
    std::vector<std::string> places, parties, figures;
  };
  std::vector<Centroid> events;
  // per blocking key the events that had it, most recent last (only the last `neighbours` are
  // ever candidates: the rest are not kept)
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> events_of_key;
};

struct EventGrouping {
  std::vector<size_t> event_of;                 // per document
  std::vector<std::vector<std::string>> terms;  // per event, its heaviest terms (ResumeEvents:
                                                // only the events its documents joined or opened)
  size_t events = 0;
  // Documents compared with events (for the benchmark: grows with n, not n^2).
  size_t comparisons = 0;
};

// The content words of each document, counted as its text is read, so that a big ledger's
// texts need not all be in memory at once. Add each document once, in order (term ids are given
// in the order words are first seen).
class EventWords {
 public:
  // stopwords: words that never make content (function words of the language).
  explicit EventWords(const std::unordered_set<std::string>& stopwords) : stop_(stopwords) {}
  // Words to count the documents added to model's: its terms keep their ids and document
  // frequencies, and the added documents' words count on top of them.
  EventWords(const std::unordered_set<std::string>& stopwords, const EventModel& model);
  void Add(const EventDocument& doc);  // reads its title, text and figures; keeps neither text
  size_t size() const { return doc_begin_.size(); }

 private:
  friend class EventGrouper;
  // The term id of word, given in the order words are first seen; kStopword for a stopword.
  // A word is looked up from a view of the text as read (hundreds of millions of words at
  // 100,000 articles): only a word not seen before is copied, and asked whether it is a stopword.
  static constexpr uint32_t kStopword = UINT32_MAX;
  uint32_t Id(std::string_view word);
  void Grow();
  const std::unordered_set<std::string>& stop_;
  // open addressing: each slot 0 (empty) or 1 + an index into spellings_ and value_
  std::vector<uint32_t> slots_;
  std::vector<uint64_t> hash_;                // per spelling
  std::vector<std::string_view> spellings_;   // every word seen, stopwords too, in arena_
  std::vector<uint32_t> value_;               // per spelling: its term id, or kStopword
  std::vector<std::unique_ptr<char[]>> arena_;
  char* arena_next_ = nullptr;
  size_t arena_left_ = 0;
  std::vector<std::string_view> words_;       // per term id
  std::vector<uint32_t> df_;
  // Every document's (term id, count) pairs, kept until every document frequency is known: per
  // document its terms in id order, each as two varints (the gap from the previous id, and the
  // count: a whole number, a title word counting 2 and a text word 1); doc_begin_ is where each
  // document's start. About 2 to 3 bytes a term where pairs of vectors took 8 and an allocation
  // per document (a 100,000-article ledger's: about 40 million terms).
  std::vector<uint8_t> counts_;
  std::vector<size_t> doc_begin_;
  template <typename F>
  void ForEachCount(size_t doc, F&& each) const;
  std::vector<std::vector<uint32_t>> figure_keys_;
  // the document being counted: per term id its count, and the terms it has, first seen first
  std::vector<float> one_;
  std::vector<uint32_t> touched_;
  std::string word_;  // the word being read, lower-cased
};

// docs: their days, places, parties and figures (their texts are not read again); words: each
// of them added in order. model, when given, receives the state a later run resumes from.
EventGrouping GroupEvents(const std::vector<EventDocument>& docs, EventWords words, const EventOptions& options = {},
                          EventModel* model = nullptr);

// Links documents added since model was made (words: an EventWords made from model, each added
// document counted in order) as GroupEvents links documents, resuming from model's events: each
// joins one of them or opens a new one, numbered after them in the order of the added documents.
// The added documents are weighed with the document frequencies of model's documents and theirs;
// the earlier documents keep the weights they were linked with (the drift a full run undoes).
// A document dated more than max_gap_days before an event's first document never joins it
// (linked in date order, it would have come first). Updates model to include them.
EventGrouping ResumeEvents(const std::vector<EventDocument>& added, EventWords words, EventModel* model,
                           const EventOptions& options = {});

// The same, counting docs' titles and texts first.
EventGrouping GroupEvents(const std::vector<EventDocument>& docs, const std::unordered_set<std::string>& stopwords,
                          const EventOptions& options = {});

// Lower-case ASCII content words of text, stopwords and numbers left out.
std::vector<std::string> ContentWords(std::string_view text, const std::unordered_set<std::string>& stopwords);

}  // namespace tally
