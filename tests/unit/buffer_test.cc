// net::Buffer: contents survive growth, moves and release, whether the storage came from the
// per-thread small-block cache or from malloc, and across threads (a buffer filled on one
// thread is freed on another, as a received message is).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "net/buffer.h"

namespace v8ws::net {
namespace {

std::vector<uint8_t> Pattern(size_t size, uint32_t seed) {
  std::vector<uint8_t> bytes(size);
  std::mt19937 random(seed);
  for (auto& b : bytes)
    b = static_cast<uint8_t>(random());
  return bytes;
}

bool Holds(const Buffer& buffer, const std::vector<uint8_t>& bytes) {
  return buffer.size() == bytes.size() &&
         (bytes.empty() || std::memcmp(buffer.data(), bytes.data(), bytes.size()) == 0);
}

TEST(BufferTest, ContentsSurviveGrowthMovesAndRelease) {
  // Sizes on both sides of the small block, appended in pieces a generator picks.
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    std::mt19937 random(seed);
    size_t total = random() % 2000;
    std::vector<uint8_t> bytes = Pattern(total, seed);
    Buffer buffer;
    for (size_t at = 0; at < total;) {
      size_t piece = std::min<size_t>(total - at, 1 + random() % 300);
      buffer.Append(bytes.data() + at, piece);
      at += piece;
    }
    ASSERT_TRUE(Holds(buffer, bytes)) << "seed " << seed;
    Buffer moved(std::move(buffer));
    ASSERT_TRUE(buffer.empty());
    ASSERT_TRUE(Holds(moved, bytes)) << "seed " << seed;
    Buffer assigned;
    assigned.Append("x", 1);
    assigned = std::move(moved);
    ASSERT_TRUE(Holds(assigned, bytes)) << "seed " << seed;
    size_t size = assigned.size();
    uint8_t* released = assigned.Release();
    ASSERT_TRUE(assigned.empty());
    if (size) {
      EXPECT_EQ(std::memcmp(released, bytes.data(), size), 0) << "seed " << seed;
    }
    std::free(released);  // what a V8 BackingStore's deleter does
  }
}

TEST(BufferTest, SmallBuffersFilledOnOneThreadAndFreedOnAnother) {
  constexpr int kCount = 5000;
  std::vector<Buffer> made(kCount);
  std::thread producer([&] {
    for (int i = 0; i < kCount; ++i) {
      std::vector<uint8_t> bytes = Pattern(1 + i % 200, i);
      made[i].Append(bytes.data(), bytes.size());
    }
  });
  producer.join();
  for (int i = 0; i < kCount; ++i)
    ASSERT_TRUE(Holds(made[i], Pattern(1 + i % 200, i))) << i;
  made.clear();  // freed here, into this thread's cache
  // Blocks that came back through the cache hold what is written to them now.
  for (int i = 0; i < kCount; ++i) {
    std::vector<uint8_t> bytes = Pattern(1 + i % 250, i + kCount);
    Buffer buffer(bytes.data(), bytes.size());
    ASSERT_TRUE(Holds(buffer, bytes)) << i;
  }
}

}  // namespace
}  // namespace v8ws::net
