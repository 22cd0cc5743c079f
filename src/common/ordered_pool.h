// OrderedPool: runs a function over a stream of items on several threads and hands the results
// back in the order the items came, on the caller's thread.
//
// Input:  items passed to Submit, one at a time (a reader streams them in).
// Output: emit(result) called in submission order from Submit or Finish, never concurrently.
// At most `window` items are in flight (queued, being worked on, or waiting to be emitted), so
// memory is bounded by the window, not by the stream. The caller's thread is one of the jobs:
// jobs - 1 threads are started, and the caller works queued items itself whenever the window is
// full and the next result is not ready (reading input and emitting results is its first
// share). With jobs <= 1 no thread is started and each item is worked and emitted inside Submit.
#pragma once

#include <condition_variable>
#include <cstddef>
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

  OrderedPool(size_t jobs, Work work, Emit emit)
      : work_(std::move(work)), emit_(std::move(emit)), window_(jobs <= 1 ? 1 : jobs * 4), slots_(window_) {
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
    std::unique_lock lock(mu_);
    while (next_seq_ - next_emit_ >= window_) EmitOne(lock);
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
    Slot slot;
    try {
      slot.out.emplace(work_(std::move(in)));
    } catch (...) {
      slot.error = std::current_exception();
    }
    slot.done = true;
    lock.lock();
    slots_[seq % window_] = std::move(slot);
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
  const size_t window_;
  std::mutex mu_;
  std::condition_variable work_ready_, result_ready_;
  std::deque<std::pair<size_t, In>> queue_;
  std::vector<Slot> slots_;  // ring of results by sequence number
  size_t next_seq_ = 0, next_emit_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace tally
