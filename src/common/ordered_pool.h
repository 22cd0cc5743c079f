// OrderedPool: runs a function over a stream of items on several threads and hands the results
// back in the order the items came, on the caller's thread.
//
// Input:  items passed to Submit, one at a time (a reader streams them in).
// Output: emit(result) called in submission order from Submit or Finish, never concurrently.
// The window bounds what is in flight (queued, being worked on, or waiting to be emitted): at
// most kItemsPerJob items a job, and, when the items are weighed (a document by its bytes), at
// most max_weight in all, or one item however heavy. Memory is bounded by the window, not by the
// stream. The window is deep so that the threads keep working while the caller is held up in emit
// (ingest's commits and checkpoints take tens of milliseconds; with 4 items a job the other
// thread idled about 15 % of the time). The caller's thread is one of the jobs:
// jobs - 1 threads are started, and the caller works queued items itself whenever the window is
// full and the next result is not ready (reading input and emitting results is its first
// share). With jobs <= 1 no thread is started and each item is worked and emitted inside Submit.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace tally {

template <typename In, typename Out>
class OrderedPool {
 public:
  using Work = std::function<Out(In&&)>;
  using Emit = std::function<void(Out&&)>;
  using Weigh = std::function<size_t(const In&)>;
  static constexpr size_t kItemsPerJob = 256;

  OrderedPool(size_t jobs, Work work, Emit emit, Weigh weigh = nullptr, size_t max_weight = SIZE_MAX)
      : work_(std::move(work)),
        emit_(std::move(emit)),
        weigh_(std::move(weigh)),
        window_(jobs <= 1 ? 1 : jobs * kItemsPerJob),
        max_weight_(max_weight),
        slots_(window_) {
    if (jobs <= 1) return;
    for (size_t i = 1; i < jobs; ++i) workers_.emplace_back([this] { WorkerLoop(); });
  }

  ~OrderedPool() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

  OrderedPool(const OrderedPool&) = delete;
  OrderedPool& operator=(const OrderedPool&) = delete;

  // Queues in; emits finished results while the window is full. An exception thrown by work is
  // rethrown here or in Finish, in order.
  void Submit(In&& in) {
    if (workers_.empty()) {
      emit_(work_(std::move(in)));
      return;
    }
    const size_t weight = weigh_ ? weigh_(in) : 0;
    std::unique_lock lock(mu_);
    while (next_seq_ - next_emit_ >= window_ || (next_seq_ > next_emit_ && weight_ + weight > max_weight_))
      EmitOne(lock);
    weight_ += weight;
    slots_[next_seq_ % window_].weight = weight;
    queue_.emplace_back(next_seq_++, std::move(in));
    lock.unlock();
    work_ready_.notify_one();
    lock.lock();
    while (next_emit_ < next_seq_ && Ready()) EmitOne(lock);
  }

  // Waits for every submitted item and emits the rest.
  void Finish() {
    if (workers_.empty()) return;
    std::unique_lock lock(mu_);
    while (next_emit_ < next_seq_) EmitOne(lock);
  }

 private:
  struct Slot {
    std::optional<Out> out;
    std::exception_ptr error;
    bool done = false;
    size_t weight = 0;  // the input's
  };

  bool Ready() const { return slots_[next_emit_ % window_].done; }

  // Waits for the next result in order, working queued items meanwhile, and emits it with the
  // lock released.
  void EmitOne(std::unique_lock<std::mutex>& lock) {
    while (!Ready()) {
      // help only with what the threads cannot take now, so that none of them idles
      if (queue_.size() > workers_.size()) WorkOne(lock);
      else result_ready_.wait(lock);
    }
    Slot slot = std::move(slots_[next_emit_ % window_]);
    slots_[next_emit_ % window_] = Slot{};
    ++next_emit_;
    weight_ -= slot.weight;
    lock.unlock();
    if (slot.error) {
      lock.lock();
      std::rethrow_exception(slot.error);
    }
    emit_(std::move(*slot.out));
    lock.lock();
  }

  // Takes the front of the queue (not empty), works it with the lock released, stores the result.
  void WorkOne(std::unique_lock<std::mutex>& lock) {
    auto [seq, in] = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    std::optional<Out> out;
    std::exception_ptr error;
    try {
      out.emplace(work_(std::move(in)));
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    Slot& slot = slots_[seq % window_];
    slot.out = std::move(out);
    slot.error = std::move(error);
    slot.done = true;
    result_ready_.notify_all();
  }

  void WorkerLoop() {
    std::unique_lock lock(mu_);
    for (;;) {
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      WorkOne(lock);
    }
  }

  Work work_;
  Emit emit_;
  Weigh weigh_;
  const size_t window_, max_weight_;
  size_t weight_ = 0;  // of the items in flight
  std::mutex mu_;
  std::condition_variable work_ready_, result_ready_;
  std::deque<std::pair<size_t, In>> queue_;
  std::vector<Slot> slots_;  // ring of results by sequence number
  size_t next_seq_ = 0, next_emit_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace tally
