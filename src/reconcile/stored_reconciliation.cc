#include "reconcile/stored_reconciliation.h"

#include <xxhash.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>
#include <sstream>
#include <unordered_map>

#include "common/deflate.h"
#include "review/review.h"

namespace tally {
namespace {

// Bump when the encoding changes: an older row then reads as absent.
constexpr char kFormat[] = "tally-reconciliation-2";
constexpr char kResultName[] = "reconciliation";
// What a resume starts from (ReconcileCheckpoint), stored beside it at the same generation.
constexpr char kCheckpointName[] = "reconciliation-checkpoint";
constexpr char kCheckpointFormat[] = "tally-reconcile-checkpoint-1";

class Encoder {
 public:
  Encoder() = default;
  // Hands what is written to sink a megabyte or so at a time (Flush hands the rest), rather than
  // keeping it all: a big ledger's encoding runs to hundreds of megabytes.
  explicit Encoder(std::function<void(std::string_view)> sink) : sink_(std::move(sink)) {}
  void Flush() {
    if (!sink_ || out_.empty()) return;
    sink_(out_);
    written_ += out_.size();
    out_.clear();
  }
  uint64_t size() const { return written_ + out_.size(); }
  void Size(uint64_t v) {
    if (sink_ && out_.size() >= kPiece) Flush();
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void Int(int64_t v) { Size((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void Bool(bool b) { Size(b ? 1 : 0); }
  void Str(const std::string& s) {
    Size(s.size());
    out_ += s;
  }
  void OptStr(const std::optional<std::string>& s) {
    Bool(s.has_value());
    if (s) Str(*s);
  }
  void OptInt(const std::optional<int64_t>& v) {
    Bool(v.has_value());
    if (v) Int(*v);
  }
  template <typename T>
  void Sizes(const std::vector<T>& v) {
    Size(v.size());
    for (T x : v) Size(x);
  }
  void Strs(const std::vector<std::string>& v) {
    Size(v.size());
    for (const std::string& s : v) Str(s);
  }
  std::string& out() { return out_; }

 private:
  static constexpr size_t kPiece = 1 << 20;
  std::function<void(std::string_view)> sink_;
  uint64_t written_ = 0;
  std::string out_;
};

// Reads what Encoder wrote, inflating the zlib stream a window at a time as it goes (a big
// ledger's encoding is 230 MB: never held whole); any overrun, out-of-range value or zlib error
// sets failed() and reads zeros. zlib checks the whole stream's checksum only at its end, so a
// damaged stream may be read as garbage before failing: every count is checked against the bytes
// left, and vectors grow as their elements are read (Each), never sized by a count up front.
class Decoder {
 public:
  // compressed: a zlib stream said to inflate to raw_size bytes.
  Decoder(std::string_view compressed, uint64_t raw_size) : raw_size_(raw_size) {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    z_.avail_in = static_cast<uInt>(compressed.size());
    if (compressed.size() > std::numeric_limits<uInt>::max() || inflateInit(&z_) != Z_OK) {
      failed_ = true;
      return;
    }
    z_ready_ = true;
  }
  ~Decoder() {
    if (z_ready_) inflateEnd(&z_);
  }
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  bool failed() const { return failed_; }
  // Every byte read, and the stream ends there with its checksum right.
  bool done() {
    if (failed_ || base_ + pos_ != raw_size_) return false;
    if (!stream_end_) Fill(1);  // nothing is left to inflate but the stream's end
    return !failed_ && stream_end_ && base_ + end_ == raw_size_;
  }
  uint64_t Size() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ == end_ && !Fill(1)) return Fail();
      const auto byte = static_cast<unsigned char>(buf_[pos_++]);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    return Fail();
  }
  // A count of elements each at least one byte long: never more than the bytes left.
  size_t Count() {
    const uint64_t n = Size();
    return n <= raw_size_ - (base_ + pos_) ? static_cast<size_t>(n) : Fail();
  }
  size_t Index(size_t limit) {
    const uint64_t v = Size();
    return v < limit ? static_cast<size_t>(v) : Fail();
  }
  int64_t Int() {
    const uint64_t v = Size();
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
  }
  bool Bool() { return Index(2) == 1; }
  std::string Str() {
    const size_t n = Count();
    if (end_ - pos_ < n && !Fill(n)) return (Fail(), std::string());
    std::string s(buf_.get() + pos_, n);
    pos_ += n;
    return s;
  }
  std::optional<std::string> OptStr() { return Bool() ? std::optional<std::string>(Str()) : std::nullopt; }
  std::optional<int64_t> OptInt() { return Bool() ? std::optional<int64_t>(Int()) : std::nullopt; }
  template <typename T = size_t>
  std::vector<T> Indexes(size_t limit) {
    limit = std::min<size_t>(limit, std::numeric_limits<T>::max());  // each fits in T
    std::vector<T> v;
    Each(&v, [&](T& x) { x = static_cast<T>(Index(limit)); });
    return v;
  }
  // Reads a list of indexes as Indexes does, checking each, but keeps none; returns how many.
  size_t SkipIndexes(size_t limit) {
    const size_t count = Count();
    for (size_t n = count; n > 0 && !failed_; --n) Index(limit);
    return count;
  }
  std::vector<std::string> Strs() {
    std::vector<std::string> v;
    Each(&v, [&](std::string& s) { s = Str(); });
    return v;
  }
  // Reads past what Str, OptStr and Strs read, checking the lengths, keeping nothing.
  void SkipStr() {
    for (size_t n = Count(); n > 0 && !failed_;) {
      if (pos_ == end_ && !Fill(1)) return (void)Fail();
      const size_t take = std::min(n, end_ - pos_);
      pos_ += take;
      n -= take;
    }
  }
  void SkipOptStr() {
    if (Bool()) SkipStr();
  }
  void SkipStrs() {
    for (size_t n = Count(); n > 0 && !failed_; --n) SkipStr();
  }
  // Reads a count, then that many elements into *v (cleared first) with read(element). The
  // count reserves address space only: an element is made when its bytes are read, so a count
  // read from a damaged stream allocates no memory it does not fill (one too large for the
  // address space throws std::bad_alloc or std::length_error: DecodeReconciliation refuses it).
  template <typename T, typename Read>
  void Each(std::vector<T>* v, Read read) {
    const size_t n = Count();
    v->clear();
    v->reserve(n);
    for (size_t k = 0; k < n && !failed_; ++k) read(v->emplace_back());
  }

 private:
  static constexpr size_t kWindow = 1 << 20;

  // Inflates until at least n bytes are unread (or fails): the unread bytes move to the front
  // of the buffer, which grows to hold n when n is more than a window.
  bool Fill(size_t n) {
    if (failed_) return false;
    if (pos_ > 0) {
      std::memmove(buf_.get(), buf_.get() + pos_, end_ - pos_);
      base_ += pos_;
      end_ -= pos_;
      pos_ = 0;
    }
    if (n > capacity_ || !buf_) {
      const size_t capacity = std::max(n, kWindow);
      auto grown = std::make_unique_for_overwrite<char[]>(capacity);
      if (end_ > 0) std::memcpy(grown.get(), buf_.get(), end_);
      buf_ = std::move(grown);
      capacity_ = capacity;
    }
    while (end_ < n) {
      if (stream_end_) return false;
      z_.next_out = reinterpret_cast<Bytef*>(buf_.get() + end_);
      z_.avail_out = static_cast<uInt>(capacity_ - end_);
      const int rc = inflate(&z_, Z_NO_FLUSH);
      end_ = capacity_ - z_.avail_out;
      if (rc == Z_STREAM_END) stream_end_ = true;
      else if (rc != Z_OK) return false;  // damaged, or cut short (Z_BUF_ERROR: no input left)
      if (base_ + end_ > raw_size_) return false;  // more than it said
    }
    return true;
  }
  uint64_t Fail() {
    failed_ = true;
    pos_ = end_;
    stream_end_ = true;  // nothing more is read
    return 0;
  }

  z_stream z_{};
  bool z_ready_ = false;
  const uint64_t raw_size_;
  std::unique_ptr<char[]> buf_;
  size_t capacity_ = 0;
  size_t pos_ = 0, end_ = 0;  // the next byte to read and the end of those inflated, in buf_
  uint64_t base_ = 0;         // the bytes of the stream before buf_[0]
  bool stream_end_ = false;
  bool failed_ = false;
};

constexpr size_t kMeasures = static_cast<size_t>(Measure::kOther) + 1;
constexpr size_t kScopes = static_cast<size_t>(Scope::kOther) + 1;
constexpr size_t kDateFroms = static_cast<size_t>(DateFrom::kNone) + 1;

void EncodeSeries(Encoder& e, const Series& s) {
  e.Size(s.event);
  e.OptStr(s.party);
  e.Size(static_cast<size_t>(s.measure));
  e.Size(static_cast<size_t>(s.scope));
  e.Size(s.figures.size());
  for (const Figure& f : s.figures) {
    e.Str(f.source);
    e.OptStr(f.person);
    e.Size(f.claim);
    e.Str(f.from);
    e.OptStr(f.until);
    e.Bool(f.superseded);
    e.Sizes(f.disagrees_with);
  }
  e.Size(s.points.size());
  for (const TimelinePoint& p : s.points) {
    e.Str(p.date);
    e.OptInt(p.low);
    e.OptInt(p.best);
    e.OptInt(p.high);
    e.Bool(p.disagreement);
  }
  e.Size(s.comparisons.size());
  for (const Comparison& c : s.comparisons) {
    e.Str(c.rule);
    e.Size(c.earlier);
    e.Size(c.later);
    e.Bool(c.disagreement);
  }
  e.Sizes(s.undated);
  e.Strs(s.checks);
}

Series DecodeSeries(Decoder& d, size_t events, size_t claims, StoredDetail detail) {
  const bool pairs = detail == StoredDetail::kAll;
  const bool all_but_pairs = detail != StoredDetail::kShown;
  Series s;
  s.event = d.Index(events);
  s.party = d.OptStr();
  s.measure = static_cast<Measure>(d.Index(kMeasures));
  s.scope = static_cast<Scope>(d.Index(kScopes));
  d.Each(&s.figures, [&](Figure& f) {
    f.source = d.Str();
    if (all_but_pairs) f.person = d.OptStr();
    else d.SkipOptStr();
    f.claim = d.Index(claims);
    f.from = d.Str();
    f.until = d.OptStr();
    f.superseded = d.Bool();
    if (pairs) f.disagrees_with = d.Indexes<uint32_t>(claims);
    else d.SkipIndexes(claims);
  });
  d.Each(&s.points, [&](TimelinePoint& p) {
    p.date = d.Str();
    p.low = d.OptInt();
    p.best = d.OptInt();
    p.high = d.OptInt();
    p.disagreement = d.Bool();
  });
  const size_t comparisons = d.Count();
  if (pairs) s.comparisons.reserve(comparisons);
  for (size_t i = 0; i < comparisons && !d.failed(); ++i) {
    Comparison c;
    c.rule = d.Str();
    c.earlier = d.Index(claims);
    c.later = d.Index(claims);
    c.disagreement = d.Bool();
    if (pairs) s.comparisons.push_back(std::move(c));
  }
  s.undated = d.Indexes(claims);
  s.checks = d.Strs();
  return s;
}

void Encode(const Reconciliation& r, Encoder& e) {
  e.Str(kFormat);
  e.Size(r.events.size());
  for (const Event& ev : r.events) {
    e.Str(ev.id);
    e.Str(ev.label);
    e.OptStr(ev.place);
    e.Strs(ev.terms);
    e.OptStr(ev.first);
    e.OptStr(ev.last);
    e.Sizes(ev.docs);
    e.Sizes(ev.claims);
  }
  e.Sizes(r.doc_event);
  e.Size(r.entities.size());
  for (const Entity& en : r.entities) {
    e.Str(en.id);
    e.Str(en.name);
    e.Bool(en.person);
    e.Strs(en.variants);
    e.Strs(en.docs);
    e.Strs(en.why);
  }
  e.Size(r.documents.size());
  for (const DocumentInfo& di : r.documents) {
    e.Str(di.id);
    e.Str(di.outlet);
    e.OptStr(di.near_duplicate_of);
  }
  e.Size(r.clusters.size());
  for (const Cluster& c : r.clusters) {
    e.Str(c.id);
    e.Size(static_cast<size_t>(c.measure));
    e.OptStr(c.party);
    e.OptStr(c.source);
    e.OptStr(c.entity);
    e.Int(c.outlets);
    e.Sizes(c.members);
  }
  e.Size(r.timeline.size());
  for (const Series& s : r.timeline) EncodeSeries(e, s);
  e.Size(r.claim_entity.size());
  for (const auto& x : r.claim_entity) e.OptStr(x);
  e.Size(r.claim_date.size());
  for (const auto& x : r.claim_date) e.OptStr(x);
  e.Size(r.claim_date_from.size());
  for (DateFrom f : r.claim_date_from) e.Size(static_cast<size_t>(f));
}

std::optional<Reconciliation> Decode(Decoder& d, size_t docs, size_t claims, StoredDetail detail) {
  const bool all = detail != StoredDetail::kShown;  // else what the ledger's rows and the report show
  if (d.Str() != kFormat) return std::nullopt;
  Reconciliation r;
  d.Each(&r.events, [&](Event& ev) {
    ev.id = d.Str();
    ev.label = d.Str();
    ev.place = d.OptStr();
    ev.terms = d.Strs();
    ev.first = d.OptStr();
    ev.last = d.OptStr();
    if (all) {
      ev.docs = d.Indexes(docs);
      ev.claims = d.Indexes(claims);
    } else {
      d.SkipIndexes(docs);
      d.SkipIndexes(claims);
    }
  });
  // each document's event is kept: the report lists the events and shows one at a time
  const size_t doc_events = (r.doc_event = d.Indexes(r.events.size())).size();
  d.Each(&r.entities, [&](Entity& en) {
    en.id = d.Str();
    en.name = d.Str();
    en.person = d.Bool();
    en.variants = d.Strs();
    if (all) {
      en.docs = d.Strs();
      en.why = d.Strs();
    } else {
      d.SkipStrs();
      d.SkipStrs();
    }
  });
  d.Each(&r.documents, [&](DocumentInfo& di) {
    di.id = d.Str();
    di.outlet = d.Str();
    di.near_duplicate_of = d.OptStr();
  });
  d.Each(&r.clusters, [&](Cluster& c) {
    if (all) c.id = d.Str();
    else d.SkipStr();
    c.measure = static_cast<Measure>(d.Index(kMeasures));
    c.party = d.OptStr();
    c.source = d.OptStr();
    if (all) c.entity = d.OptStr();
    else d.SkipOptStr();
    c.outlets = static_cast<int>(d.Int());
    c.members = d.Indexes(claims);
  });
  d.Each(&r.timeline, [&](Series& s) { s = DecodeSeries(d, r.events.size(), claims, detail); });
  d.Each(&r.claim_entity, [&](std::optional<std::string>& x) { x = d.OptStr(); });
  d.Each(&r.claim_date, [&](std::optional<std::string>& x) { x = d.OptStr(); });
  const size_t date_froms = d.Count();
  if (all) r.claim_date_from.reserve(date_froms);
  for (size_t i = 0; i < date_froms && !d.failed(); ++i) {
    const auto from = static_cast<DateFrom>(d.Index(kDateFroms));
    if (all) r.claim_date_from.push_back(from);
  }
  if (d.failed() || !d.done()) return std::nullopt;
  // the per-document and per-claim tables must be the ledger's size, as Reconcile makes them
  if (doc_events != docs || r.documents.size() != docs || r.claim_entity.size() != claims ||
      r.claim_date.size() != claims || date_froms != claims)
    return std::nullopt;
  return r;
}

// Entity indexes as written: 0 for none, else the index + 1.
uint64_t EntityCode(uint32_t e) { return e == ReconcileCheckpoint::kNone ? 0 : uint64_t{e} + 1; }

void EncodeCheckpoint(const ReconcileCheckpoint& c, Encoder& e) {
  e.Str(kCheckpointFormat);
  const EventModel& m = c.events;
  e.Strs(m.words);
  e.Sizes(m.df);
  e.Size(m.documents);
  e.Size(m.events.size());
  for (const EventModel::Centroid& ev : m.events) {
    e.Size(ev.sum.size());
    uint32_t previous = 0;
    for (const auto& [term, w] : ev.sum) {  // sorted by term: gaps are small
      e.Size(term - previous);
      previous = term;
      uint32_t bits;
      std::memcpy(&bits, &w, sizeof bits);
      e.Size(bits);
    }
    uint64_t norm;
    std::memcpy(&norm, &ev.norm2, sizeof norm);
    e.Size(norm);
    e.Int(ev.first);
    e.Int(ev.last);
    e.Strs(ev.places);
    e.Strs(ev.parties);
    e.Strs(ev.figures);
  }
  e.Size(m.events_of_key.size());
  for (const auto& [key, list] : m.events_of_key) {
    e.Size(key);
    e.Sizes(list);
  }
  e.Size(c.claim_entity.size());
  for (size_t i = 0; i < c.claim_entity.size(); ++i) {
    e.Size(EntityCode(c.claim_entity[i]));
    e.Size(EntityCode(c.claim_speaker[i]));
    e.Size(c.claim_framing[i]);
  }
  e.Size(c.entity_roles.size());
  for (const std::vector<std::string>& roles : c.entity_roles) e.Strs(roles);
}

std::optional<ReconcileCheckpoint> DecodeCheckpoint(Decoder& d) {
  if (d.Str() != kCheckpointFormat) return std::nullopt;
  ReconcileCheckpoint c;
  EventModel& m = c.events;
  m.words = d.Strs();
  m.df = d.Indexes<uint32_t>(UINT32_MAX);
  m.documents = d.Size();
  const size_t terms = m.words.size();
  d.Each(&m.events, [&](EventModel::Centroid& ev) {
    uint32_t term = 0;
    d.Each(&ev.sum, [&](std::pair<uint32_t, float>& p) {
      const uint64_t gap = d.Size();
      if (gap > terms || term + gap >= terms) return (void)d.Index(0);  // fails
      term += static_cast<uint32_t>(gap);
      const auto bits = static_cast<uint32_t>(d.Index(uint64_t{1} << 32));
      p.first = term;
      std::memcpy(&p.second, &bits, sizeof bits);
    });
    const uint64_t norm = d.Size();
    std::memcpy(&ev.norm2, &norm, sizeof norm);
    ev.first = d.Int();
    ev.last = d.Int();
    ev.places = d.Strs();
    ev.parties = d.Strs();
    ev.figures = d.Strs();
  });
  const size_t events = m.events.size();
  d.Each(&m.events_of_key, [&](std::pair<uint32_t, std::vector<uint32_t>>& k) {
    k.first = static_cast<uint32_t>(d.Index(terms));
    k.second = d.Indexes<uint32_t>(events);
  });
  const size_t claims = d.Count();
  c.claim_entity.reserve(claims);
  c.claim_speaker.reserve(claims);
  c.claim_framing.reserve(claims);
  auto entity = [](uint64_t code) { return code == 0 ? ReconcileCheckpoint::kNone : static_cast<uint32_t>(code - 1); };
  for (size_t i = 0; i < claims && !d.failed(); ++i) {
    c.claim_entity.push_back(entity(d.Index(UINT32_MAX)));
    c.claim_speaker.push_back(entity(d.Index(UINT32_MAX)));
    c.claim_framing.push_back(static_cast<uint8_t>(d.Index(256)));
  }
  d.Each(&c.entity_roles, [&](std::vector<std::string>& roles) { roles = d.Strs(); });
  if (d.failed() || !d.done() || m.df.size() != terms) return std::nullopt;
  return c;
}

std::string Hex(uint64_t h) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

// The raw length first (filled in at the end), so that reading back sizes its buffer once; then
// the zlib stream (Z_BEST_SPEED) of the encoding, compressed as it is made.
template <typename EncodeWith>
std::string Compressed(EncodeWith&& encode) {
  std::string out(8, '\0');
  z_stream z{};
  if (deflateInit(&z, Z_BEST_SPEED) != Z_OK) return {};
  bool failed = false;
  Encoder e([&](std::string_view piece) {
    if (!failed) failed = !DeflateAppend(z, piece, Z_NO_FLUSH, &out);
  });
  encode(e);
  const uint64_t raw_size = e.size();
  e.Flush();
  if (!failed) failed = !DeflateAppend(z, {}, Z_FINISH, &out);
  deflateEnd(&z);
  if (failed) return {};
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((raw_size >> (8 * i)) & 0xff);
  return out;
}

}  // namespace

std::string EncodeCheckpoint(const ReconcileCheckpoint& c) {
  return Compressed([&](Encoder& e) { EncodeCheckpoint(c, e); });
}

std::optional<ReconcileCheckpoint> DecodeCheckpoint(std::string_view data) {
  if (data.size() < 8) return std::nullopt;
  uint64_t raw_size = 0;
  for (int i = 0; i < 8; ++i) raw_size |= static_cast<uint64_t>(static_cast<unsigned char>(data[i])) << (8 * i);
  if (raw_size > (data.size() - 8) * 1032 + 64) return std::nullopt;
  Decoder d(data.substr(8), raw_size);
  try {
    return DecodeCheckpoint(d);
  } catch (const std::length_error&) {
    return std::nullopt;
  } catch (const std::bad_alloc&) {
    return std::nullopt;
  }
}

std::string EncodeReconciliation(const Reconciliation& r) {
  return Compressed([&](Encoder& e) { Encode(r, e); });
}

std::optional<Reconciliation> DecodeReconciliation(std::string_view data, size_t docs, size_t claims, StoredDetail detail) {
  if (data.size() < 8) return std::nullopt;
  uint64_t raw_size = 0;
  for (int i = 0; i < 8; ++i) raw_size |= static_cast<uint64_t>(static_cast<unsigned char>(data[i])) << (8 * i);
  // zlib compresses at most about 1000:1: a larger claim is damage, not a reason to allocate
  if (raw_size > (data.size() - 8) * 1032 + 64) return std::nullopt;
  // inflated as it is read, never whole
  Decoder d(data.substr(8), raw_size);
  try {
    return Decode(d, docs, claims, detail);
  } catch (const std::length_error&) {  // a damaged count reserved more than the address space
    return std::nullopt;
  } catch (const std::bad_alloc&) {
    return std::nullopt;
  }
}

std::string ReconcileKey(const std::string& parties_tsv, std::string_view code_id) {
  namespace fs = std::filesystem;
  if (code_id.empty()) return {};
  const fs::path dir = fs::path(parties_tsv).parent_path().empty() ? fs::path(".") : fs::path(parties_tsv).parent_path();
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) files.push_back(it->path());
  if (ec) return {};
  std::sort(files.begin(), files.end());
  XXH64_state_t* state = XXH64_createState();
  XXH64_reset(state, 0);
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      XXH64_freeState(state);
      return {};
    }
    const std::string name = f.filename().string(), body = text.str();
    XXH64_update(state, name.data(), name.size() + 1);  // with the terminator: name and body stay apart
    XXH64_update(state, body.data(), body.size());
  }
  const uint64_t lexicons = XXH64_digest(state);
  XXH64_freeState(state);
  return std::string(kFormat) + " " + std::string(code_id) + " " + Hex(lexicons);
}

std::string ProgramFingerprint() {
  std::ifstream in("/proc/self/exe", std::ios::binary);
  if (!in) return {};
  XXH64_state_t* state = XXH64_createState();
  XXH64_reset(state, 0);
  std::vector<char> buf(1 << 20);
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
    XXH64_update(state, buf.data(), static_cast<size_t>(in.gcount()));
  const bool ok = in.eof();
  const uint64_t h = XXH64_digest(state);
  XXH64_freeState(state);
  return ok ? Hex(h) : std::string();
}

Reconciliation ReconcileReusing(Store& reader, std::optional<int64_t> generation, const std::string& key,
                                const std::vector<StoredDocument>& docs, const ClaimTable& claims,
                                const std::vector<StoredName>& names, const std::string& parties_tsv,
                                const std::function<Result<std::unique_ptr<Store>>()>& open_writer,
                                ReconcileReuse* reuse, const ReconcileOptions& options) {
  *reuse = {};
  if (std::optional<Reconciliation> r = ReadStoredReconciliation(reader, generation, key, docs.size(), claims.size())) {
    reuse->reused = true;
    return std::move(*r);
  }
  std::string why_not;
  std::optional<EarlierReconciliation> earlier =
      ReadEarlierReconciliation(reader, generation, key, docs, claims, !options.entity_decisions.empty(), &why_not);
  return ReconcileAndStore(generation, key, docs, claims, names, parties_tsv, open_writer, reuse, options, std::move(earlier));
}

std::optional<Reconciliation> ReadStoredReconciliation(Store& reader, std::optional<int64_t> generation,
                                                       const std::string& key, size_t docs, size_t claims,
                                                       StoredDetail detail) {
  if (!generation || key.empty()) return std::nullopt;
  Result<std::optional<std::string>> stored = reader.DerivedResult(kResultName, key, *generation);
  if (!stored.ok() || !*stored) return std::nullopt;
  return DecodeReconciliation(**stored, docs, claims, detail);
}

std::optional<EarlierReconciliation> ReadEarlierReconciliation(Store& reader, std::optional<int64_t> generation,
                                                              const std::string& key, const std::vector<StoredDocument>& docs,
                                                              const ClaimTable& claims, bool has_entity_decisions,
                                                              std::string* why_not) {
  const StoredReconciliationAge age = AgeOfStoredReconciliation(reader, generation, key);
  if (!age.stored_generation || !age.added || !generation || *age.stored_generation > *generation) {
    *why_not = age.Describe();
    return std::nullopt;
  }
  if (has_entity_decisions) {
    *why_not = "the ledger holds people's entity decisions, which only a full reconcile applies";
    return std::nullopt;
  }
  std::unordered_map<std::string_view, size_t> index;
  for (size_t d = 0; d < docs.size(); ++d) index.emplace(docs[d].id, d);
  EarlierReconciliation earlier;
  std::vector<bool> is_added(docs.size(), false);
  for (const std::string& id : *age.added) {
    auto it = index.find(id);
    if (it == index.end() || is_added[it->second]) {
      *why_not = "a document added since the stored reconciliation is no longer in the ledger";
      return std::nullopt;
    }
    is_added[it->second] = true;
    earlier.added.push_back(it->second);
  }
  // drift grows with what is added: more than doubling the ledger is worth a full run
  if (earlier.added.size() > docs.size() - earlier.added.size()) {
    *why_not = std::to_string(earlier.added.size()) + " documents added to " +
               std::to_string(docs.size() - earlier.added.size()) + ": more than the ledger held, so computed in full";
    return std::nullopt;
  }
  size_t earlier_claims = 0;
  for (size_t i = 0; i < claims.size(); ++i) {
    if (claims[i].review == ReviewState::kRejected) continue;
    auto it = index.find(claims.String(claims[i].doc));
    earlier_claims += it == index.end() || !is_added[it->second];
  }
  Result<std::optional<std::string>> checkpoint = reader.DerivedResult(kCheckpointName, key, *age.stored_generation);
  std::optional<ReconcileCheckpoint> decoded;
  if (checkpoint.ok() && *checkpoint) decoded = DecodeCheckpoint(**checkpoint);
  if (!decoded) {
    *why_not = age.Describe() + "; no checkpoint to resume from stored with it (or a damaged one)";
    return std::nullopt;
  }
  std::optional<Reconciliation> result = ReadStoredReconciliation(reader, age.stored_generation, key, docs.size() - earlier.added.size(),
                                                                  earlier_claims, StoredDetail::kAll);
  if (!result) {
    *why_not = age.Describe() + "; it does not fit the ledger less the added documents (or is damaged)";
    return std::nullopt;
  }
  earlier.result = std::move(*result);
  earlier.checkpoint = std::move(*decoded);
  *why_not = age.Describe();
  return earlier;
}

StoredReconciliationAge AgeOfStoredReconciliation(Store& reader, std::optional<int64_t> generation, const std::string& key) {
  StoredReconciliationAge age;
  age.generation = generation;
  if (!generation || key.empty()) return age;
  Result<std::optional<int64_t>> stored = reader.DerivedResultGeneration(kResultName, key);
  if (!stored.ok() || !*stored) return age;
  age.stored_generation = *stored;
  if (**stored > *generation) return age;  // stored by a writer after this snapshot: nothing to say
  Result<std::optional<std::vector<std::string>>> added = reader.DocumentsAddedSince(**stored);
  if (added.ok()) age.added = std::move(*added);
  return age;
}

std::string StoredReconciliationAge::Describe() const {
  if (!stored_generation) return "no reconciliation stored by this program with these lexicons";
  std::string out = "a reconciliation stored at generation " + std::to_string(*stored_generation) + " (the ledger's is " +
                    (generation ? std::to_string(*generation) : std::string("unknown")) + ")";
  if (!generation || *stored_generation > *generation) return out;
  if (!added) return out + "; since then documents were replaced or removed, or reviews or entity decisions changed (or the ledger cannot tell)";
  return out + "; since then " + std::to_string(added->size()) + (added->size() == 1 ? " document" : " documents") +
         " added, nothing else";
}

Reconciliation ReconcileAndStore(std::optional<int64_t> generation, const std::string& key,
                                 const std::vector<StoredDocument>& docs, const ClaimTable& claims,
                                 const std::vector<StoredName>& names, const std::string& parties_tsv,
                                 const std::function<Result<std::unique_ptr<Store>>()>& open_writer,
                                 ReconcileReuse* reuse, const ReconcileOptions& options,
                                 std::optional<EarlierReconciliation> earlier) {
  const bool reusable = generation && !key.empty();
  ReconcileCheckpoint checkpoint;
  std::optional<Reconciliation> resumed;
  if (earlier) {
    try {
      resumed = ResumeReconcile(std::move(earlier->result), std::move(earlier->checkpoint), docs, claims, earlier->added, names,
                                parties_tsv, options, &checkpoint);
      reuse->resumed = true;
    } catch (const std::invalid_argument& e) {
      reuse->why_not_resumed = e.what();
      checkpoint = {};
    }
    earlier.reset();
  }
  Reconciliation r = resumed ? std::move(*resumed) : Reconcile(docs, claims, names, parties_tsv, options, &checkpoint);
  if (!reusable) {
    reuse->why_not_stored = generation ? "the program or its lexicons cannot be read" : "the ledger's schema is older";
    return r;
  }
  if (!open_writer) {
    reuse->why_not_stored = "no writer";
    return r;
  }
  Result<std::unique_ptr<Store>> writer = open_writer();
  if (!writer.ok()) {
    reuse->why_not_stored = writer.status().message();
    return r;
  }
  const std::string data = EncodeReconciliation(r);
  const std::string checkpoint_data = EncodeCheckpoint(checkpoint);
  checkpoint = {};
  // stored only if the ledger is still at the generation it was computed from, checked in the
  // write transaction that stores it
  Store& w = **writer;
  Status s = data.empty() ? Status::IoError("cannot compress it") : w.BeginBatch();
  if (s.ok()) {
    Result<std::optional<int64_t>> now = w.Generation();
    if (!now.ok()) s = now.status();
    else if (*now != generation) s = Status::Usage("the ledger changed meanwhile");
    else s = w.StoreDerivedResult(kResultName, key, *generation, data);
    // the checkpoint at the same generation: a later resume reads both or neither
    if (s.ok() && !checkpoint_data.empty()) s = w.StoreDerivedResult(kCheckpointName, key, *generation, checkpoint_data);
    if (Status end = w.EndBatch(); s.ok()) s = end;
  }
  reuse->stored = s.ok();
  if (!s.ok()) reuse->why_not_stored = s.message();
  return r;
}

}  // namespace tally
