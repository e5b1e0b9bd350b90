// Deadlines: one timer for every connection's deadline, in order, and cheap at any count.
#include "net/deadlines.h"

#include <gtest/gtest.h>

#include <chrono>
#include <algorithm>
#include <map>
#include <random>
#include <vector>

namespace v8ws::net {
namespace {

using namespace std::chrono_literals;
using Clock = Deadlines::Clock;

TEST(DeadlinesTest, ExpiresInOrderAndArmsForTheNext) {
  std::vector<Clock::duration> arms;
  Deadlines d([&](Clock::duration delay) { arms.push_back(delay); });
  Clock::time_point t0 = Clock::now();
  d.Set(1, t0 + 30s);
  d.Set(2, t0 + 10s);
  d.Set(3, t0 + 20s);
  // Armed for the first deadline, then again only when one comes earlier.
  ASSERT_EQ(arms.size(), 2u);
  EXPECT_GT(arms[1], 9s);
  EXPECT_LE(arms[1], 10s);
  EXPECT_EQ(d.Expire(t0 + 5s), std::vector<uint64_t>{});
  EXPECT_EQ(d.Expire(t0 + 25s), (std::vector<uint64_t>{2, 3}));
  ASSERT_EQ(arms.size(), 4u);
  EXPECT_LE(arms.back(), 5s) << "armed for the one left, 5 s after the expiry";
  EXPECT_EQ(d.Expire(t0 + 30s), std::vector<uint64_t>{1});
  EXPECT_EQ(d.size(), 0u);
}

TEST(DeadlinesTest, MovingAndClearingReplaceTheOldDeadline) {
  Deadlines d([](Clock::duration) {});
  Clock::time_point t0 = Clock::now();
  d.Set(7, t0 + 1s);
  d.Set(7, t0 + 60s);  // a wait of the closing handshake replaces the opening one
  d.Set(8, t0 + 2s);
  d.Clear(8);
  d.Clear(9);  // none: nothing happens
  EXPECT_EQ(d.Expire(t0 + 59s), std::vector<uint64_t>{});
  EXPECT_TRUE(d.Has(7));
  EXPECT_FALSE(d.Has(8));
  EXPECT_EQ(d.Expire(t0 + 61s), std::vector<uint64_t>{7});
}

TEST(DeadlinesTest, MatchesASortedListUnderRandomOperations) {
  // Property test against the obvious model: a map of id -> deadline.
  std::mt19937_64 random(20261202);
  Deadlines d([](Clock::duration) {});
  std::map<uint64_t, Clock::time_point> model;
  Clock::time_point t0 = Clock::now(), now = t0;
  for (int step = 0; step < 20000; ++step) {
    uint64_t id = random() % 64;
    switch (random() % 4) {
      case 0:
      case 1: {
        Clock::time_point when = now + std::chrono::milliseconds(random() % 1000);
        d.Set(id, when);
        model[id] = when;
        break;
      }
      case 2:
        d.Clear(id);
        model.erase(id);
        break;
      default: {
        now += std::chrono::milliseconds(random() % 200);
        std::vector<std::pair<Clock::time_point, uint64_t>> due;
        for (auto it = model.begin(); it != model.end();) {
          if (it->second <= now) {
            due.emplace_back(it->second, it->first);
            it = model.erase(it);
          } else {
            ++it;
          }
        }
        std::sort(due.begin(), due.end());
        std::vector<uint64_t> want;
        for (auto& [when, i] : due)
          want.push_back(i);
        ASSERT_EQ(d.Expire(now), want) << "step " << step;
      }
    }
    ASSERT_EQ(d.size(), model.size());
  }
}

}  // namespace
}  // namespace v8ws::net
