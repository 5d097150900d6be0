#include "base/bits.h"

#include <gtest/gtest.h>

namespace zkrv {
namespace {

TEST(Bits, PowersAndLogs) {
  EXPECT_TRUE(is_power_of_two(1));
  EXPECT_TRUE(is_power_of_two(1ull << 40));
  EXPECT_FALSE(is_power_of_two(0));
  EXPECT_FALSE(is_power_of_two(6));
  EXPECT_EQ(log2_floor(1), 0u);
  EXPECT_EQ(log2_floor(1023), 9u);
  EXPECT_EQ(log2_exact(1024), 10u);
  EXPECT_EQ(log2_ceil(1), 0u);
  EXPECT_EQ(log2_ceil(1025), 11u);
  EXPECT_EQ(round_up(13, 8), 16u);
  EXPECT_EQ(round_up(16, 8), 16u);
}

TEST(Bits, ReverseBits) {
  EXPECT_EQ(reverse_bits(0b0001, 4), 0b1000u);
  EXPECT_EQ(reverse_bits(0b0110, 4), 0b0110u);
  EXPECT_EQ(reverse_bits(1, 32), 0x80000000u);
  EXPECT_EQ(reverse_bits(0x12345678, 32), 0x1E6A2C48u);
  EXPECT_EQ(reverse_bits(5, 0), 0u);
  for (uint32_t x = 0; x < 256; ++x) EXPECT_EQ(reverse_bits(reverse_bits(x, 8), 8), x);
}

TEST(Bits, SignExtend) {
  EXPECT_EQ(sign_extend(0x800, 12), -2048);
  EXPECT_EQ(sign_extend(0x7FF, 12), 2047);
  EXPECT_EQ(sign_extend(0xFF, 8), -1);
  EXPECT_EQ(sign_extend(0x7F, 8), 127);
  EXPECT_EQ(sign_extend(0x80000000u, 32), INT32_MIN);
}

}  // namespace
}  // namespace zkrv
