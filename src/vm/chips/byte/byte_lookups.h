// ByteLookups: the byte-bus lookups a trace generator implies, counted per op and per row of the byte
// table (vm/chips/README.md, "byte bus"), so that ByteChip::generate_trace can write multiplicities that
// balance the bus exactly.
//
// Row r of the byte table is the byte pair (x, y) = (r & 0xff, r >> 8). Each op's tuple lives on a fixed
// row: u16 of v on row v; u8_pair/and/or/xor of (x, y) on row x + 256 y; msb of x on row x (y = 0: the
// table lists it on every y row, trace generation always uses the first).
//
// Thread safety: add() and the add_* helpers may be called concurrently from any number of threads
// (relaxed atomic increments through std::atomic_ref; counts are sums, so the result does not depend on
// the interleaving, as docs/architecture.md section 2 asks of every parallel loop). Instances can also be filled
// per thread and combined with merge(). Nothing else may run concurrently with merge() or the readers.
#pragma once

#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "vm/chips/common/buses.h"

namespace zkrv::chips {

class ByteLookups {
 public:
  static constexpr size_t kRows = size_t{1} << 16;

  ByteLookups() : counts_(kByteOpCount * kRows, 0) {}

  static constexpr size_t row_of(uint32_t x, uint32_t y) noexcept { return size_t{x} + 256 * size_t{y}; }

  // n lookups of op on the byte pair (x, y), both < 256 (for u16 the value x + 256 y; for msb y is
  // ignored). Out-of-range inputs are a caller bug: asserted, and masked so memory stays safe (the
  // chip's send then finds no table row and the bus checker reports it).
  void add(ByteOp op, uint32_t x, uint32_t y, uint32_t n = 1) noexcept {
    assert(x < 256 && y < 256 && static_cast<unsigned>(op) < kByteOpCount);
    if (op == ByteOp::msb) y = 0;
    const size_t index = static_cast<size_t>(op) * kRows + row_of(x & 0xffu, y & 0xffu);
    std::atomic_ref<uint32_t>(counts_[index]).fetch_add(n, std::memory_order_relaxed);
  }

  // (u16, v, 0, 0): v < 2^16.
  void add_u16(uint32_t v, uint32_t n = 1) noexcept {
    assert(v < (1u << 16));
    add(ByteOp::u16, v & 0xffu, (v >> 8) & 0xffu, n);
  }
  // Both 16-bit limbs of a 32-bit word (what a producer of a word on the ALU bus range-checks).
  void add_u16_limbs(uint32_t word, uint32_t n = 1) noexcept {
    add_u16(word & 0xffffu, n);
    add_u16(word >> 16, n);
  }
  void add_u8_pair(uint32_t x, uint32_t y, uint32_t n = 1) noexcept { add(ByteOp::u8_pair, x, y, n); }
  void add_and(uint32_t x, uint32_t y, uint32_t n = 1) noexcept { add(ByteOp::and_, x, y, n); }
  void add_or(uint32_t x, uint32_t y, uint32_t n = 1) noexcept { add(ByteOp::or_, x, y, n); }
  void add_xor(uint32_t x, uint32_t y, uint32_t n = 1) noexcept { add(ByteOp::xor_, x, y, n); }
  // (msb, x, x >> 7, 0): x < 256.
  void add_msb(uint32_t x, uint32_t n = 1) noexcept { add(ByteOp::msb, x, 0, n); }
  // (16 + y, x, byte_shl(x, y), byte_shl_carry(x, y)): x, y < 256.
  void add_shl(uint32_t x, uint32_t y, uint32_t n = 1) noexcept { add(ByteOp::shl, x, y, n); }

  // Lookups of op recorded on table row `row` (< kRows).
  uint32_t count(ByteOp op, size_t row) const noexcept {
    assert(row < kRows);
    return counts_[static_cast<size_t>(op) * kRows + row];
  }
  // Sum over all ops and rows.
  uint64_t total() const noexcept;

  void merge(const ByteLookups& other) noexcept;
  void clear() noexcept;

  friend bool operator==(const ByteLookups&, const ByteLookups&) = default;

 private:
  std::vector<uint32_t> counts_;  // [op][row]
};

// Records the lookup a byte-bus tuple (op, x, y, z) asks for, if the byte table holds it, and says
// whether it did (tests that rebuild the byte table's multiplicities from edited traces: a tuple no row
// holds cannot be balanced, so it is left for the bus checker to report), n times. A first entry of kShlOpBase or
// more is a shl tuple (16 + shift, x, lo, hi).
inline bool record_byte_tuple(uint32_t op, uint32_t x, uint32_t y, uint32_t z, ByteLookups& bytes,
                              uint32_t n = 1) noexcept {
  const bool pair = x < 256 && y < 256;
  if (op >= kShlOpBase) {
    const uint32_t shift = op - kShlOpBase;
    if (shift >= 256 || x >= 256 || y != byte_shl(x, shift) || z != byte_shl_carry(x, shift)) return false;
    bytes.add_shl(x, shift, n);
    return true;
  }
  if (op >= kByteOpCount) return false;
  switch (static_cast<ByteOp>(op)) {
    case ByteOp::u16:
      if (x >= (1u << 16) || y != 0 || z != 0) return false;
      bytes.add_u16(x, n);
      return true;
    case ByteOp::u8_pair:
      if (!pair || z != 0) return false;
      bytes.add_u8_pair(x, y, n);
      return true;
    case ByteOp::and_:
      if (!pair || z != (x & y)) return false;
      bytes.add_and(x, y, n);
      return true;
    case ByteOp::or_:
      if (!pair || z != (x | y)) return false;
      bytes.add_or(x, y, n);
      return true;
    case ByteOp::xor_:
      if (!pair || z != (x ^ y)) return false;
      bytes.add_xor(x, y, n);
      return true;
    case ByteOp::msb:
      if (x >= 256 || y != (x >> 7) || z != 0) return false;
      bytes.add_msb(x, n);
      return true;
    case ByteOp::shl:  // op 6 is not a tuple's first entry (shl's tuples start at kShlOpBase)
      return false;
  }
  return false;
}

}  // namespace zkrv::chips
