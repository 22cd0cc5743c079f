// OrderedPool: results come back in input order whatever the threads do, the window bounds
// what is in flight, and a failure reaches the caller.
#include "common/ordered_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace tally {
namespace {

// Work whose duration varies with the item, so that later items often finish first.
int SlowSquare(int&& x) {
  std::this_thread::sleep_for(std::chrono::microseconds((x * 7919) % 300));
  return x * x;
}

class OrderedPoolJobs : public ::testing::TestWithParam<size_t> {};

TEST_P(OrderedPoolJobs, EmitsInSubmissionOrder) {
  std::vector<int> out;
  OrderedPool<int, int> pool(GetParam(), SlowSquare, [&](int&& r) { out.push_back(r); });
  for (int i = 0; i < 500; ++i) pool.Submit(int(i));
  pool.Finish();
  ASSERT_EQ(out.size(), 500u);
  for (int i = 0; i < 500; ++i) EXPECT_EQ(out[i], i * i) << i;
}

TEST_P(OrderedPoolJobs, BoundsTheItemsInFlight) {
  std::atomic<int> submitted{0};
  int emitted = 0, most_ahead = 0;
  OrderedPool<int, int> pool(
      GetParam(), [](int&& x) { return x; },
      [&](int&&) {
        ++emitted;
        most_ahead = std::max(most_ahead, submitted.load() - emitted);
      });
  for (int i = 0; i < 300; ++i) {
    ++submitted;
    pool.Submit(int(i));
  }
  pool.Finish();
  EXPECT_EQ(emitted, 300);
  const size_t window = GetParam() <= 1 ? 1 : GetParam() * OrderedPool<int, int>::kItemsPerJob;
  EXPECT_LE(most_ahead, static_cast<int>(window));
}

// Items weighed (documents by their bytes): past max_weight in flight, the caller waits; an item
// heavier than max_weight alone still goes through.
TEST_P(OrderedPoolJobs, BoundsTheWeightInFlight) {
  constexpr size_t kMaxWeight = 100;
  std::deque<size_t> in_flight;  // weights submitted and not yet emitted
  size_t emitted = 0;
  OrderedPool<size_t, size_t> pool(
      GetParam(), [](size_t&& w) { return w; },
      [&](size_t&& w) {
        EXPECT_EQ(w, in_flight.front());
        in_flight.pop_front();
        ++emitted;
      },
      [](const size_t& w) { return w; }, kMaxWeight);
  for (size_t i = 0; i < 400; ++i) {
    const size_t weight = i % 37 == 0 ? 250 : (i * 7919) % 40;  // now and then one too heavy
    in_flight.push_back(weight);
    pool.Submit(size_t(weight));
    size_t total = 0;
    for (size_t w : in_flight) total += w;
    EXPECT_TRUE(total <= kMaxWeight || in_flight.size() == 1) << "item " << i << ": " << in_flight.size()
                                                               << " items weighing " << total << " in flight";
  }
  pool.Finish();
  EXPECT_EQ(emitted, 400u);
  EXPECT_TRUE(in_flight.empty());
}

TEST_P(OrderedPoolJobs, AFailureReachesTheCallerInOrder) {
  std::vector<int> out;
  auto work = [](int&& x) {
    if (x == 7) throw std::runtime_error("item 7 is bad");
    return x;
  };
  OrderedPool<int, int> pool(GetParam(), work, [&](int&& r) { out.push_back(r); });
  std::string error;
  try {
    for (int i = 0; i < 50; ++i) pool.Submit(int(i));
    pool.Finish();
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  EXPECT_EQ(error, "item 7 is bad");
  ASSERT_GE(out.size(), 7u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(out[i], i);  // everything before it was emitted, in order
}

INSTANTIATE_TEST_SUITE_P(Jobs, OrderedPoolJobs, ::testing::Values(1, 2, 3, 8));

}  // namespace
}  // namespace tally
