#include <gtest/gtest.h>

#include <cstdint>

#include "spate/columnar/buffer.h"
#include "spate/columnar/buffer_pool.h"

namespace spate {
namespace {

TEST(BufferPool, LargeBlocksAreReusedByTheirSizeClass) {
  int64_t bytes = bufferpool::kMinPooledBytes * 3;  // class 4 × the minimum
  uint8_t* a = bufferpool::allocate(bytes, 64);
  EXPECT_EQ(bytes, bufferpool::kMinPooledBytes * 4);
  a[bytes - 1] = 7;  // the whole class size is usable
  const int64_t before = bufferpool::cachedBytes();
  bufferpool::release(a, bytes);
  EXPECT_EQ(bufferpool::cachedBytes(), before + bytes);

  int64_t again = bufferpool::kMinPooledBytes * 4 - 100;
  uint8_t* b = bufferpool::allocate(again, 64);
  EXPECT_EQ(b, a);
  EXPECT_EQ(again, bytes);
  EXPECT_EQ(bufferpool::cachedBytes(), before);
  bufferpool::release(b, again);
}

TEST(BufferPool, SmallBlocksAreAlignedAndNotCached) {
  const int64_t before = bufferpool::cachedBytes();
  int64_t bytes = 100;
  uint8_t* p = bufferpool::allocate(bytes, 64);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u);
  EXPECT_EQ(bytes, 128);
  bufferpool::release(p, bytes);
  EXPECT_EQ(bufferpool::cachedBytes(), before);
}

TEST(BufferPool, KeepsNoMoreThanItsCap) {
  // More blocks than the cap holds (never touched, so they cost no memory).
  const int64_t block = bufferpool::kMaxCachedBytes / 2;
  uint8_t* blocks[3];
  for (auto& p : blocks) {
    int64_t bytes = block;
    p = bufferpool::allocate(bytes, 64);
    ASSERT_EQ(bytes, block);
  }
  for (auto* p : blocks) bufferpool::release(p, block);
  EXPECT_LE(bufferpool::cachedBytes(), bufferpool::kMaxCachedBytes);
  EXPECT_GE(bufferpool::cachedBytes(), block);
}

TEST(BufferPool, ABufferGrownPastTheThresholdKeepsItsBytes) {
  Buffer b;
  for (int i = 0; i < 100000; ++i) b.append(&i, sizeof i);
  ASSERT_GE(b.capacity(), bufferpool::kMinPooledBytes);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(b.data()) % Buffer::kAlignment, 0u);
  for (int i = 0; i < 100000; ++i) ASSERT_EQ(b.as<int>()[i], i);
}

}  // namespace
}  // namespace spate
