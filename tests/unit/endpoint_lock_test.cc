// EndpointLock: RFC 6455 §4.1's one CONNECTING connection per endpoint, and the bounded
// window that replaces it when the rule is turned off.
#include "net/endpoint_lock.h"

#include <gtest/gtest.h>

namespace v8ws::net {
namespace {

const auto kAlive = [](ConnectionId) { return true; };

TEST(EndpointLockTest, OneAtATimeInOrderPerEndpoint) {
  EndpointLock lock;
  std::string a = EndpointLock::KeyFor("Example.COM", 443);
  EXPECT_EQ(a, EndpointLock::KeyFor("example.com", 443)) << "hosts compare ASCII case-insensitively";
  EXPECT_TRUE(lock.AcquireOrWait(a, 1));
  EXPECT_FALSE(lock.AcquireOrWait(a, 2));
  EXPECT_FALSE(lock.AcquireOrWait(a, 3));
  EXPECT_TRUE(lock.AcquireOrWait(EndpointLock::KeyFor("example.com", 80), 4))
      << "another port is another endpoint";
  // 2 went away while it waited: 3 is next.
  EXPECT_EQ(lock.Release(a, [](ConnectionId id) { return id != 2; }), ConnectionId{3});
  EXPECT_EQ(lock.Release(a, kAlive), std::nullopt);
  EXPECT_TRUE(lock.AcquireOrWait(a, 5)) << "free again";
}

TEST(EndpointLockTest, MoreSlotsBoundHowManyConnectAtOnce) {
  EndpointLock lock(3);
  std::string a = EndpointLock::KeyFor("127.0.0.1", 8080);
  for (ConnectionId id = 1; id <= 3; ++id)
    EXPECT_TRUE(lock.AcquireOrWait(a, id));
  EXPECT_FALSE(lock.AcquireOrWait(a, 4));
  EXPECT_EQ(lock.Release(a, kAlive), ConnectionId{4}) << "4 takes the slot 1 left";
  EXPECT_EQ(lock.Release(a, kAlive), std::nullopt);
  EXPECT_EQ(lock.Release(a, kAlive), std::nullopt);
  EXPECT_TRUE(lock.AcquireOrWait(a, 5));
  EXPECT_TRUE(lock.AcquireOrWait(a, 6));
  EXPECT_FALSE(lock.AcquireOrWait(a, 7)) << "4, 5 and 6 hold the three slots";
}

}  // namespace
}  // namespace v8ws::net
