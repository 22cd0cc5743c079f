#include "reconcile/events.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

#include "common/text.h"

namespace tally {

namespace {

// The words ContentWords considers, before stopwords are left out: each run of letters and
// digits of at least three bytes without a digit, lower-cased, handed to each as a view of
// buffer, valid during the call.
template <typename F>
void ForEachCandidateWord(std::string_view text, std::string* buffer, F&& each) {
  constexpr size_t kMinLength = 3;
  std::string& cur = *buffer;
  cur.clear();
  bool digit = false;
  auto flush = [&] {
    if (cur.size() >= kMinLength && !digit) each(std::string_view(cur));
    cur.clear();
    digit = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    const unsigned char c = static_cast<unsigned char>(ch);
    // U+2000-U+206F (curly quotes, dashes) part words like ASCII punctuation does
    const bool punctuation = c == 0xE2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80;
    if (punctuation) {
      flush();
      i += 2;
    } else if (IsAsciiAlpha(ch) || c >= 0x80) {
      cur.push_back(AsciiLower(ch));
    } else if (IsAsciiDigit(ch)) {
      cur.push_back(ch);
      digit = true;
    } else {
      flush();  // "ministry's": the "s" is too short to count
    }
  }
  flush();
}

}  // namespace

uint32_t EventWords::Id(std::string_view word) {
  const uint64_t h = std::hash<std::string_view>()(word);
  if (slots_.empty()) Grow();
  size_t mask = slots_.size() - 1;
  for (size_t at = h & mask;; at = (at + 1) & mask) {
    const uint32_t slot = slots_[at];
    if (slot == 0) break;
    if (hash_[slot - 1] == h && spellings_[slot - 1] == word) return value_[slot - 1];
  }
  // a word not seen before: kept in the arena, its view in spellings_ (and words_ for a term)
  constexpr size_t kArenaBlock = size_t{1} << 20;
  if (word.size() > arena_left_) {
    const size_t size = std::max(kArenaBlock, word.size());
    arena_.push_back(std::make_unique<char[]>(size));
    arena_next_ = arena_.back().get();
    arena_left_ = size;
  }
  const std::string_view kept(arena_next_, word.size());
  std::copy(word.begin(), word.end(), arena_next_);
  arena_next_ += word.size();
  arena_left_ -= word.size();
  const bool stop = stop_.count(std::string(kept)) > 0;
  const uint32_t value = stop ? kStopword : static_cast<uint32_t>(words_.size());
  if (!stop) {
    words_.push_back(kept);
    df_.push_back(0);
    one_.push_back(0);
  }
  spellings_.push_back(kept);
  hash_.push_back(h);
  value_.push_back(value);
  if (spellings_.size() * 2 > slots_.size()) {
    Grow();
  } else {
    for (size_t at = h & mask;; at = (at + 1) & mask)
      if (slots_[at] == 0) {
        slots_[at] = static_cast<uint32_t>(spellings_.size());
        break;
      }
  }
  return value;
}

EventWords::EventWords(const std::unordered_set<std::string>& stopwords, const EventModel& model) : stop_(stopwords) {
  if (model.df.size() != model.words.size()) throw std::logic_error("EventWords: a model's words and frequencies differ in number");
  for (size_t t = 0; t < model.words.size(); ++t)
    if (Id(model.words[t]) != t) throw std::logic_error("EventWords: a model's words must be distinct content words");
  df_ = model.df;
}

// Doubles the table (at most half full) and places every spelling again.
void EventWords::Grow() {
  std::vector<uint32_t> slots(std::max<size_t>(1024, slots_.size() * 2), 0);
  const size_t mask = slots.size() - 1;
  for (size_t s = 0; s < spellings_.size(); ++s)
    for (size_t at = hash_[s] & mask;; at = (at + 1) & mask)
      if (slots[at] == 0) {
        slots[at] = static_cast<uint32_t>(s + 1);
        break;
      }
  slots_ = std::move(slots);
}

// Term counts of one document (the title counts twice: it names what the article is about).
void EventWords::Add(const EventDocument& doc) {
  touched_.clear();
  auto add = [&](std::string_view text, float weight) {
    ForEachCandidateWord(text, &word_, [&](std::string_view w) {
      const uint32_t id = Id(w);
      if (id == kStopword) return;
      if (one_[id] == 0) touched_.push_back(id);
      one_[id] += weight;
    });
  };
  add(doc.title, 2);
  add(doc.text, 1);
  figure_keys_.emplace_back();
  for (const std::string& f : doc.figures) figure_keys_.back().push_back(Id("#" + f));  // a key, never a vector term
  // packed, not a map or a vector of pairs per document: those cost about half a gigabyte at
  // once at 100,000 articles (the order of a document's terms does not matter to Weigh)
  doc_begin_.push_back(counts_.size());
  std::sort(touched_.begin(), touched_.end());
  auto put = [&](uint32_t v) {
    for (; v >= 0x80; v >>= 7) counts_.push_back(static_cast<uint8_t>(v | 0x80));
    counts_.push_back(static_cast<uint8_t>(v));
  };
  uint32_t previous = 0;
  for (uint32_t term : touched_) {
    ++df_[term];
    put(term - previous);
    put(static_cast<uint32_t>(one_[term]));  // a whole number: the weights are 2 and 1
    previous = term;
    one_[term] = 0;
  }
}

template <typename F>
void EventWords::ForEachCount(size_t doc, F&& each) const {
  const uint8_t* at = counts_.data() + doc_begin_[doc];
  const uint8_t* const end = counts_.data() + (doc + 1 < doc_begin_.size() ? doc_begin_[doc + 1] : counts_.size());
  auto get = [&] {
    uint32_t v = 0;
    for (int shift = 0;; shift += 7) {
      const uint8_t b = *at++;
      v |= static_cast<uint32_t>(b & 0x7F) << shift;
      if (b < 0x80) return v;
    }
  };
  uint32_t term = 0;
  while (at < end) {
    term += get();
    each(term, static_cast<float>(get()));
  }
}

class EventGrouper {
 public:
  EventGrouper(const std::vector<EventDocument>& docs, EventWords words, const EventOptions& o)
      : docs_(docs), w_(std::move(words)), o_(o) {}

  EventGrouping Run(EventModel* model) {
    resumable_ = model != nullptr;
    Weigh();
    Link();
    std::vector<std::vector<uint32_t>>().swap(keys_);
    // numbered in the order of their first documents
    std::vector<size_t> number(open_.size(), SIZE_MAX);
    size_t events = 0;
    for (size_t d = 0; d < docs_.size(); ++d)
      if (number[event_of_[d]] == SIZE_MAX) number[event_of_[d]] = events++;
    if (model) Export(number, model);
    // the grouping is decided: what linking needed is freed before the labels are summed
    std::vector<Open>().swap(open_);
    std::unordered_map<uint32_t, std::vector<size_t>>().swap(events_of_key_);
    return Result();
  }

  // Links the documents as added to model's (docs_ and w_ hold only them), then writes the
  // model back with them.
  EventGrouping Resume(EventModel* model) {
    base_documents_ = model->documents;
    const size_t earlier = model->events.size();
    open_.resize(earlier);
    for (size_t e = 0; e < earlier; ++e) {
      EventModel::Centroid& c = model->events[e];
      Open& o = open_[e];
      o.sum.reserve(c.sum.size());
      for (const auto& [term, w] : c.sum) o.sum.emplace(term, w);
      o.norm2 = c.norm2;
      o.first = c.first;
      o.last = c.last;
      o.places.insert(c.places.begin(), c.places.end());
      o.parties.insert(c.parties.begin(), c.parties.end());
      o.figures.insert(c.figures.begin(), c.figures.end());
    }
    model->events.clear();
    for (auto& [key, list] : model->events_of_key) events_of_key_[key].assign(list.begin(), list.end());
    model->events_of_key.clear();
    resumable_ = true;
    Weigh();
    Link();
    std::vector<std::vector<uint32_t>>().swap(keys_);
    // the earlier events keep their numbers; new ones follow in the order of their first documents
    std::vector<size_t> number(open_.size(), SIZE_MAX);
    for (size_t e = 0; e < earlier; ++e) number[e] = e;
    size_t events = earlier;
    for (size_t d = 0; d < docs_.size(); ++d)
      if (number[event_of_[d]] == SIZE_MAX) number[event_of_[d]] = events++;
    EventGrouping g;
    g.events = events;
    g.event_of.resize(docs_.size());
    for (size_t d = 0; d < docs_.size(); ++d) g.event_of[d] = number[event_of_[d]];
    g.terms.resize(events);
    for (size_t d = 0; d < docs_.size(); ++d) {
      const size_t open = event_of_[d];
      if (g.terms[number[open]].empty()) g.terms[number[open]] = TermsOf(open_[open].sum);
    }
    g.comparisons = comparisons_;
    Export(number, model);
    return g;
  }

 private:
  struct Vector {
    std::vector<std::pair<uint32_t, float>> terms;  // sorted by term id, L2-normalised
  };

  // TF-IDF (sublinear tf, smoothed idf), the heaviest terms kept, L2-normalised.
  void Weigh() {
    const double n = static_cast<double>(base_documents_ + docs_.size());
    vectors_.resize(docs_.size());
    keys_.resize(docs_.size());
    for (size_t d = 0; d < docs_.size(); ++d) {
      std::vector<std::pair<uint32_t, float>> w;
      w_.ForEachCount(d, [&](uint32_t term, float tf) {
        const double idf = std::log((n + 1) / (w_.df_[term] + 1)) + 1;
        w.emplace_back(term, static_cast<float>((1 + std::log(tf)) * idf));
      });
      auto heavier = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
      // the heaviest terms_per_document in order (a total order: ids are unique), not all sorted
      const size_t kept = std::min(w.size(), static_cast<size_t>(o_.terms_per_document));
      std::partial_sort(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(kept), w.end(), heavier);
      w.resize(kept);
      for (const auto& [term, weight] : w)
        if (w_.df_[term] >= 2 && keys_[d].size() < static_cast<size_t>(o_.keys_per_document)) keys_[d].push_back(term);
      keys_[d].insert(keys_[d].end(), w_.figure_keys_[d].begin(), w_.figure_keys_[d].end());
      // for a later resume, the heaviest words no other document has yet are keys too: a
      // document added later that has one finds this event by it, as a full run, where the word
      // would have two documents, would (no document of this run can look such a key up)
      if (resumable_)
        for (size_t k = 0; k < w.size() && k < static_cast<size_t>(o_.keys_per_document); ++k)
          if (w_.df_[w[k].first] == 1) keys_[d].push_back(w[k].first);
      double norm = 0;
      for (const auto& p : w) norm += p.second * p.second;
      norm = std::sqrt(norm);
      for (auto& p : w) p.second = static_cast<float>(p.second / (norm > 0 ? norm : 1));
      std::sort(w.begin(), w.end());
      vectors_[d].terms = std::move(w);
    }
    std::vector<uint8_t>().swap(w_.counts_);
    std::vector<size_t>().swap(w_.doc_begin_);
  }

  // An event as documents join it: the sum of their vectors (its centroid, unnormalised), its
  // last day, and the places and parties its documents' claims name.
  struct Open {
    std::unordered_map<uint32_t, float> sum;
    double norm2 = 0;
    int64_t first = INT64_MIN, last = INT64_MIN;
    std::unordered_set<std::string> places, parties, figures;  // sets: a long story names many
  };

  // The heaviest terms of an event's summed vectors, for its label.
  std::vector<std::string> TermsOf(const std::unordered_map<uint32_t, float>& sum) const {
    constexpr size_t kLabelTerms = 4;
    std::vector<std::pair<float, uint32_t>> top;
    top.reserve(sum.size());
    for (const auto& [term, w] : sum) top.emplace_back(-w, term);
    const size_t k = std::min(kLabelTerms, top.size());
    std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(k), top.end());
    std::vector<std::string> out;
    for (size_t i = 0; i < k; ++i) out.emplace_back(w_.words_[top[i].second]);
    return out;
  }

  // Writes the linking state into model, events numbered by number (per open event).
  void Export(const std::vector<size_t>& number, EventModel* model) const {
    model->words.assign(w_.words_.begin(), w_.words_.end());
    model->df = w_.df_;
    model->documents = base_documents_ + docs_.size();
    model->events.assign(open_.size(), {});
    for (size_t e = 0; e < open_.size(); ++e) {
      const Open& o = open_[e];
      EventModel::Centroid& c = model->events[number[e]];
      c.sum.assign(o.sum.begin(), o.sum.end());
      std::sort(c.sum.begin(), c.sum.end());
      c.norm2 = o.norm2;
      c.first = o.first;
      c.last = o.last;
      c.places.assign(o.places.begin(), o.places.end());
      c.parties.assign(o.parties.begin(), o.parties.end());
      c.figures.assign(o.figures.begin(), o.figures.end());
      for (auto* v : {&c.places, &c.parties, &c.figures}) std::sort(v->begin(), v->end());
    }
    model->events_of_key.clear();
    model->events_of_key.reserve(events_of_key_.size());
    for (const auto& [key, list] : events_of_key_) {
      // only the most recent `neighbours` events of a key are ever candidates
      const size_t from = list.size() > static_cast<size_t>(o_.neighbours) ? list.size() - o_.neighbours : 0;
      std::vector<uint32_t> kept;
      for (size_t k = from; k < list.size(); ++k) kept.push_back(static_cast<uint32_t>(number[list[k]]));
      model->events_of_key.emplace_back(key, std::move(kept));
    }
    std::sort(model->events_of_key.begin(), model->events_of_key.end());
  }

  double Similarity(const Vector& v, const Open& e) const {
    double dot = 0;
    for (const auto& [term, w] : v.terms)
      if (auto it = e.sum.find(term); it != e.sum.end()) dot += w * it->second;
    return e.norm2 > 0 ? dot / std::sqrt(e.norm2) : 0;
  }

  static bool Share(const std::vector<std::string>& a, const std::unordered_set<std::string>& b) {
    return std::any_of(a.begin(), a.end(), [&](const std::string& x) { return b.count(x) > 0; });
  }

  double Threshold(const EventDocument& d, const Open& e) const {
    if (Share(d.parties, e.parties)) return o_.same_party_similarity;
    if (Share(d.figures, e.figures)) return o_.same_figure_similarity;
    if (!d.places.empty() && !e.places.empty() && !Share(d.places, e.places)) return o_.other_place_similarity;
    return o_.same_event_similarity;
  }

  void Join(size_t d, size_t event) {
    Open& e = open_[event];
    for (const auto& [term, w] : vectors_[d].terms) {
      float& s = e.sum[term];
      e.norm2 += (s + w) * (s + w) - s * s;
      s += w;
    }
    if (docs_[d].day != INT64_MIN) {
      e.first = e.first == INT64_MIN ? docs_[d].day : std::min(e.first, docs_[d].day);
      e.last = std::max(e.last, docs_[d].day);
    }
    e.places.insert(docs_[d].places.begin(), docs_[d].places.end());
    e.parties.insert(docs_[d].parties.begin(), docs_[d].parties.end());
    e.figures.insert(docs_[d].figures.begin(), docs_[d].figures.end());
    event_of_[d] = event;
    for (uint32_t k : keys_[d]) {
      std::vector<size_t>& list = events_of_key_[k];
      if (list.empty() || list.back() != event) list.push_back(event);
    }
  }

  // Online event detection: documents in date order, each joins the most similar open event
  // (the centroid of its documents) among those that share one of its keys, when similar
  // enough and its last document is recent enough; else it opens an event. Only the most
  // recent events of each key are candidates, so the work per document is bounded.
  void Link() {
    std::vector<size_t> order(docs_.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const bool ua = docs_[a].day == INT64_MIN, ub = docs_[b].day == INT64_MIN;
      if (ua != ub) return ub;  // undated last: they join whatever fits
      return docs_[a].day < docs_[b].day;
    });
    event_of_.assign(docs_.size(), SIZE_MAX);
    std::vector<size_t> candidates;
    for (size_t d : order) {
      candidates.clear();
      for (uint32_t k : keys_[d]) {
        const std::vector<size_t>& list = events_of_key_[k];
        const size_t from = list.size() > static_cast<size_t>(o_.neighbours) ? list.size() - o_.neighbours : 0;
        candidates.insert(candidates.end(), list.begin() + static_cast<std::ptrdiff_t>(from), list.end());
      }
      std::sort(candidates.begin(), candidates.end());
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      size_t best = SIZE_MAX;
      double best_margin = 0;
      for (size_t e : candidates) {
        const Open& ev = open_[e];
        if (docs_[d].day != INT64_MIN && ev.last != INT64_MIN && docs_[d].day - ev.last > o_.max_gap_days) continue;
        // only a resumed run links a document dated before an event's first
        if (docs_[d].day != INT64_MIN && ev.first != INT64_MIN && ev.first - docs_[d].day > o_.max_gap_days) continue;
        ++comparisons_;
        const double margin = Similarity(vectors_[d], ev) - Threshold(docs_[d], ev);
        if (margin >= 0 && (best == SIZE_MAX || margin > best_margin)) best = e, best_margin = margin;
      }
      if (best == SIZE_MAX) {
        best = open_.size();
        open_.emplace_back();
      }
      Join(d, best);
    }
  }

  EventGrouping Result() {
    EventGrouping g;
    g.event_of.resize(docs_.size());
    std::unordered_map<size_t, size_t> event_of_root;
    for (size_t d = 0; d < docs_.size(); ++d) {
      auto [it, fresh] = event_of_root.try_emplace(event_of_[d], g.events);
      if (fresh) ++g.events;
      g.event_of[d] = it->second;
    }
    // an event's terms: the heaviest of its documents' summed vectors, summed one event at a
    // time (a map per event at once held a copy of every vector)
    std::vector<std::vector<size_t>> docs_of(g.events);
    for (size_t d = 0; d < docs_.size(); ++d) docs_of[g.event_of[d]].push_back(d);
    constexpr size_t kLabelTerms = 4;
    g.terms.resize(g.events);
    std::vector<float> sum(w_.words_.size(), 0);  // per term, for the event at hand
    std::vector<uint32_t> touched;
    std::vector<std::pair<float, uint32_t>> top;
    for (size_t e = 0; e < g.events; ++e) {
      touched.clear();
      for (size_t d : docs_of[e])
        for (const auto& [term, w] : vectors_[d].terms) {
          if (sum[term] == 0) touched.push_back(term);
          sum[term] += w;
        }
      top.clear();
      for (uint32_t term : touched) top.emplace_back(-sum[term], term), sum[term] = 0;
      const size_t k = std::min(kLabelTerms, top.size());
      std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(k), top.end());
      for (size_t i = 0; i < k; ++i) g.terms[e].emplace_back(w_.words_[top[i].second]);
    }
    g.comparisons = comparisons_;
    return g;
  }

  const std::vector<EventDocument>& docs_;
  EventWords w_;
  const EventOptions& o_;
  std::vector<Open> open_;
  std::vector<size_t> event_of_;
  std::unordered_map<uint32_t, std::vector<size_t>> events_of_key_;
  std::vector<Vector> vectors_;
  std::vector<std::vector<uint32_t>> keys_;
  size_t comparisons_ = 0;
  uint64_t base_documents_ = 0;  // documents linked before, when resuming
  bool resumable_ = false;       // a model is made for a later resume
};

std::vector<std::string> ContentWords(std::string_view text, const std::unordered_set<std::string>& stopwords) {
  std::vector<std::string> out;
  std::string buffer;
  ForEachCandidateWord(text, &buffer, [&](std::string_view w) {
    if (!stopwords.count(std::string(w))) out.emplace_back(w);
  });
  return out;
}

EventGrouping GroupEvents(const std::vector<EventDocument>& docs, EventWords words, const EventOptions& options,
                          EventModel* model) {
  if (words.size() != docs.size()) throw std::logic_error("GroupEvents: every document's words must be counted");
  return EventGrouper(docs, std::move(words), options).Run(model);
}

EventGrouping ResumeEvents(const std::vector<EventDocument>& added, EventWords words, EventModel* model,
                           const EventOptions& options) {
  if (words.size() != added.size()) throw std::logic_error("ResumeEvents: every added document's words must be counted");
  return EventGrouper(added, std::move(words), options).Resume(model);
}

EventGrouping GroupEvents(const std::vector<EventDocument>& docs, const std::unordered_set<std::string>& stopwords,
                          const EventOptions& options) {
  EventWords words(stopwords);
  for (const EventDocument& d : docs) words.Add(d);
  return GroupEvents(docs, std::move(words), options);
}

}  // namespace tally
