// Small bit utilities shared by every layer.
#pragma once

#include <bit>
#include <cstdint>

namespace zkrv {

constexpr bool is_power_of_two(uint64_t x) noexcept { return x != 0 && (x & (x - 1)) == 0; }

// floor(log2(x)) for x > 0.
constexpr unsigned log2_floor(uint64_t x) noexcept { return 63u - static_cast<unsigned>(std::countl_zero(x)); }

// Exact log2 of a power of two.
constexpr unsigned log2_exact(uint64_t x) noexcept { return log2_floor(x); }

// ceil(log2(x)) for x > 0; log2_ceil(1) == 0.
constexpr unsigned log2_ceil(uint64_t x) noexcept { return x <= 1 ? 0 : log2_floor(x - 1) + 1; }

// Reverses the low `bits` bits of x (bits <= 32).
constexpr uint32_t reverse_bits(uint32_t x, unsigned bits) noexcept {
  if (bits == 0) return 0;
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
  x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
  x = (x >> 16) | (x << 16);
  return x >> (32 - bits);
}

// Sign-extends the low `bits` bits of x to 32 bits.
constexpr int32_t sign_extend(uint32_t x, unsigned bits) noexcept {
  const unsigned shift = 32 - bits;
  return static_cast<int32_t>(x << shift) >> shift;
}

constexpr uint64_t round_up(uint64_t x, uint64_t multiple_pow2) noexcept {
  return (x + multiple_pow2 - 1) & ~(multiple_pow2 - 1);
}

}  // namespace zkrv
