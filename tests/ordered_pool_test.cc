// OrderedPool: results come back in input order whatever the threads do, the window bounds
// what is in flight, and a failure reaches the caller.
#include "common/ordered_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
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
  EXPECT_LE(most_ahead, static_cast<int>(std::max<size_t>(GetParam(), 1) * 4));
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
