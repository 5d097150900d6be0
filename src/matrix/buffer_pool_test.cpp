#include "matrix/buffer_pool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdint>
#include <cstring>
#include <new>

#include "matrix/aligned_buffer.h"

namespace zkrv {
namespace {

constexpr size_t MiB = size_t{1} << 20;

// Each test starts from an empty cache (the pool is process-wide).
class BufferPoolTest : public ::testing::Test {
 protected:
  void SetUp() override { buffer_pool::trim(); }
  void TearDown() override { buffer_pool::trim(); }
};

TEST_F(BufferPoolTest, RoundsUpToHugePagesAndEighthsOfAPowerOfTwo) {
  EXPECT_EQ(buffer_pool::round_up(2 * MiB), 2 * MiB);
  EXPECT_EQ(buffer_pool::round_up(2 * MiB + 1), 4 * MiB);
  EXPECT_EQ(buffer_pool::round_up(33 * MiB), 36 * MiB);     // 32 MiB / 8 = 4 MiB steps
  EXPECT_EQ(buffer_pool::round_up(129 * MiB), 144 * MiB);   // 128 MiB / 8 = 16 MiB steps
  for (size_t b : {3 * MiB, 100 * MiB, 1000 * MiB + 7}) {
    const size_t r = buffer_pool::round_up(b);
    EXPECT_GE(r, b);
    EXPECT_LE(r, b + b / 8 + 2 * MiB);
    EXPECT_EQ(r % (2 * MiB), 0u);
  }
}

TEST_F(BufferPoolTest, AFreedBlockIsReusedAndIsHugePageAligned) {
  void* first = buffer_pool::acquire(10 * MiB);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(first) % (2 * MiB), 0u);
  std::memset(first, 0x5a, 10 * MiB);  // the whole capacity asked for is writable
  buffer_pool::release(first);
  const auto before = buffer_pool::stats();
  EXPECT_EQ(before.cached_bytes, buffer_pool::round_up(10 * MiB));
  void* again = buffer_pool::acquire(9 * MiB);  // within a quarter of the cached block
  EXPECT_EQ(again, first);
  const auto after = buffer_pool::stats();
  EXPECT_EQ(after.reused, before.reused + 1);
  EXPECT_EQ(after.cached_bytes, 0u);
  buffer_pool::release(again);
}

TEST_F(BufferPoolTest, ABlockMuchLargerThanTheRequestIsNotReused) {
  void* big = buffer_pool::acquire(64 * MiB);
  buffer_pool::release(big);
  const auto before = buffer_pool::stats();
  void* small = buffer_pool::acquire(8 * MiB);
  EXPECT_NE(small, big);
  EXPECT_EQ(buffer_pool::stats().fresh, before.fresh + 1);
  buffer_pool::release(small);
}

// The footprint (live + cached) never exceeds the largest live total: a fresh block first evicts
// cached ones that would push it over.
TEST_F(BufferPoolTest, FootprintStaysUnderThePeakOfLiveBytes) {
  const size_t live_before = buffer_pool::stats().live_bytes;  // blocks other code holds (none, usually)
  void* a = buffer_pool::acquire(40 * MiB);
  void* b = buffer_pool::acquire(40 * MiB);
  buffer_pool::release(a);
  buffer_pool::release(b);
  const size_t peak = buffer_pool::stats().peak_bytes;
  EXPECT_EQ(peak, live_before + 2 * buffer_pool::round_up(40 * MiB));
  void* c = buffer_pool::acquire(70 * MiB);  // cannot use a 40 MiB block
  const auto s = buffer_pool::stats();
  EXPECT_LE(s.live_bytes + s.cached_bytes, s.peak_bytes);
  EXPECT_EQ(s.peak_bytes, peak);  // 70 MiB fits under the old peak once both 40 MiB blocks are gone
  EXPECT_EQ(s.cached_bytes, 0u);
  buffer_pool::release(c);
  buffer_pool::trim();
  EXPECT_EQ(buffer_pool::stats().cached_bytes, 0u);
}

TEST_F(BufferPoolTest, AbsurdSizesFailCleanly) {
  EXPECT_THROW(buffer_pool::acquire(SIZE_MAX - 1), std::bad_alloc);
  EXPECT_THROW(buffer_pool::acquire(size_t{1} << 62), std::bad_alloc);
  const auto s = buffer_pool::stats();
  EXPECT_LE(s.live_bytes + s.cached_bytes, s.peak_bytes);
}

TEST_F(BufferPoolTest, AlignedBufferUsesThePoolForLargeBuffersOnly) {
  const auto before = buffer_pool::stats();
  {
    AlignedBuffer<uint32_t> small(1000);
    EXPECT_EQ(buffer_pool::stats().live_bytes, before.live_bytes);
    AlignedBuffer<uint32_t> large(MiB);  // 4 MiB
    EXPECT_EQ(buffer_pool::stats().live_bytes, before.live_bytes + 4 * MiB);
    large[MiB - 1] = 7;
    AlignedBuffer<uint32_t> moved = std::move(large);
    EXPECT_EQ(moved[MiB - 1], 7u);
  }
  EXPECT_EQ(buffer_pool::stats().live_bytes, before.live_bytes);
  EXPECT_EQ(buffer_pool::stats().cached_bytes, before.cached_bytes + 4 * MiB);
}

}  // namespace
}  // namespace zkrv
