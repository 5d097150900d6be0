// MemoryAccessCols: the memory access gadget (vm/chips/README.md, "Memory"), used by every chip that
// reads or writes the machine's one address space (CPU, load-store, syscalls, decode; the test driver in
// memory/testing).
// Offline memory checking as in Blum et al. and SP1's memory argument: an access consumes the
// address's previous (value, timestamp) from the memory bus and produces the new one.
//
// Columns (5): prev_lo, prev_hi, prev_ts, diff_lo, diff_hi.
// The caller supplies (as expressions of its own row) addr, value_lo, value_hi, ts, the multiplicity m
// (boolean: the caller constrains it) and is_read. With them eval states
//   constraints (8; 0 and 3-7 of degree 1 + deg m, 1-2 of degree 1 + deg is_read: 2 for column flags):
//     0  m (ts - prev_ts - 1 - diff_lo - 2^16 diff_hi) = 0
//     1  is_read (value_lo - prev_lo) = 0          2  is_read (value_hi - prev_hi) = 0
//     3-7 (1 - m) c = 0 for each of the 5 columns (no access: the columns are pinned to zero, so the
//        prover has no freedom on rows or slots without an access)
//   interactions (4, tuples of degree 1, multiplicity m):
//     receive (addr, prev_lo, prev_hi, prev_ts) on kMemoryBus     send (addr, value_lo, value_hi, ts)
//     byte bus (u16, diff_lo, 0, 0)                              byte bus (u16, 128 diff_hi, 0, 0)
//   or, with DiffHiCheck::caller_pairs, 3 and a half: the last lookup is replaced by the caller's
//     byte bus (u8_pair, diff_hi, other.diff_hi, 0) shared with a second gadget of the same row
//     (send_diff_hi_pair, multiplicity any boolean that is 1 whenever either gadget accesses: the CPU
//     uses is_real). Only for callers whose timestamps are at most 2^24 (see "Soundness").
// A slot that only ever reads may pass the gadget's own prev_lo / prev_hi as the value and is_read = 0:
// the sent value is then the received one by construction, and the slot needs no value columns.
//
// Soundness (what the caller must guarantee, and why the rest follows):
//   - m is boolean and ts is an integer in [1, 2^25] on every row with m = 1 (the CPU: 4 clk + slot
//     with clk < 2^22, README "Timestamps"). addr is in the caller's range (register index or word address);
//     written values have canonical limbs (the producer range-checks them; a read's value equals the
//     received one, which its producer checked).
//   - prev_ts is whatever some send on the memory bus carried: the image and zero-init rows send 0,
//     accesses send their ts, so prev_ts is an integer in [0, 2^25] too (LogUp with boolean
//     multiplicities and fewer than p interactions makes the buses' multisets equal exactly).
//   - The u16 lookup of x = 128 diff_hi gives x in [0, 2^16), and 2^16 diff_hi = 2^9 x in the field
//     whatever diff_hi is, so constraint 0 says ts - prev_ts - 1 = diff_lo + 2^9 x mod p, the right side
//     in [0, 2^25 + 2^16). Were ts <= prev_ts, the left side would be p - k for k in [1, 2^25 + 1]: far
//     above 2^25 + 2^16. So ts > prev_ts over the integers. Without the 2^9 bound (a plain u16 check of
//     diff_hi) the right side would reach 2^32 > p and p - k would have a decomposition: a read could
//     consume a tuple from its own future (tested in memory_adversarial_test.cpp).
//   - Paired (DiffHiCheck::caller_pairs): diff_hi stands alone in a u8_pair lookup, so it is an integer
//     in [0, 256) and the right side of constraint 0 lies in [0, 2^24). Soundness: every timestamp on
//     the bus is at most 2^25 as above (the decode chip's reads at 2^25 included), so ts <= prev_ts
//     would make the left side p - k with k in [1, 2^25 + 1], far above 2^24 (tested in
//     cpu_adversarial_test.cpp: a register read from its own future). Completeness: the caller's ts
//     must be at most 2^24 so that an honest gap ts - prev_ts - 1 is below 2^24 (the CPU: 4 clk + slot
//     <= 2^24 with clk < 2^22; machine.h asserts it against the segment cap).
//   - Per address, each access receives once and sends once with the same multiplicity, so inits equal
//     finals (in the machine both come from the memory leaf rows, at most one per address and segment,
//     memory_leaf_chip.h; in the unit tests' machine from the image and boundary chips); the matched tuples form
//     paths whose timestamps strictly increase, hence no cycle: exactly one path from the initial value
//     through every access, in timestamp order, to the final value, and a read returns the last value
//     written before it.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string_view>

#include "air/builder.h"
#include "air/integer_derivation.h"
#include "field/babybear.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"

namespace zkrv::chips {

// ts - prev_ts - 1 of an honest access is below this (timestamps stay below 2^25, README "Timestamps").
inline constexpr uint32_t kMaxTimestampGap = uint32_t{1} << 25;
// The same for a paired gadget (DiffHiCheck::caller_pairs), whose diff_hi is a byte.
inline constexpr uint32_t kMaxPairedTimestampGap = uint32_t{1} << 24;

// How a gadget range-checks diff_hi (header): its own u16 lookup of 128 diff_hi (gaps below 2^25), or
// a u8_pair lookup the caller shares between two gadgets of one row (gaps below 2^24).
enum class DiffHiCheck : uint8_t { own_lookup, caller_pairs };

// One access in full (addr: register index or word address). A read has value == prev_value.
struct MemoryAccessRecord {
  uint32_t addr = 0;
  uint32_t value = 0;
  uint32_t prev_value = 0;
  uint32_t timestamp = 0;
  uint32_t prev_timestamp = 0;
  friend bool operator==(const MemoryAccessRecord&, const MemoryAccessRecord&) = default;
};

// Any record with those five fields (MemoryAccessRecord, or the executor's MemoryAccess in
// vm/executor/events.h, which has the same fields) populates the gadget.
template <class R>
concept MemoryAccessLike = requires(const R& r) {
  { r.addr } -> std::convertible_to<uint32_t>;
  { r.value } -> std::convertible_to<uint32_t>;
  { r.prev_value } -> std::convertible_to<uint32_t>;
  { r.timestamp } -> std::convertible_to<uint32_t>;
  { r.prev_timestamp } -> std::convertible_to<uint32_t>;
};

template <class T>
struct MemoryAccessCols {
  T prev_lo{};
  T prev_hi{};
  T prev_ts{};
  T diff_lo{};  // ts - prev_ts - 1 = diff_lo + 2^16 diff_hi
  T diff_hi{};

  static constexpr size_t kWidth = 5;
  static constexpr size_t kNumConstraints = 8;
  static constexpr size_t kNumInteractions = 4;
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {"prev_lo", "prev_hi", "prev_ts", "diff_lo",
                                                                        "diff_hi"};
  // The integer-pin check (air/integer_pins.h) pins prev_* by the memory bus contract and diff_lo by its
  // lookup; with own_lookup diff_hi is looked up only as 128 diff_hi, which is enough because of how it
  // is used. A chip adds these at the gadget's offset (IntegerDerivations::add_gadget); a paired gadget
  // adds kPairedIntegerDerivations instead: its diff_hi stands alone in the caller's u8_pair lookup,
  // whose multiplicity (the caller's is_real, say) the check cannot relate to the gadget's m.
  static constexpr std::array<IntegerDerivation, 1> kIntegerDerivations = {IntegerDerivation{
      "diff_hi",
      "used only as 2^16 diff_hi = 2^9 (128 diff_hi) in constraint 0, and 128 diff_hi is a u16 lookup; 0 without "
      "an access (access.h, \"Soundness\": 2^16 diff_hi = 2^9 x in the field whatever diff_hi is)"}};

  static constexpr std::array<IntegerDerivation, 1> kPairedIntegerDerivations = {IntegerDerivation{
      "diff_hi",
      "a byte where the caller's u8_pair lookup (send_diff_hi_pair) is sent, which the caller does on every row "
      "where the gadget accesses; 0 without an access (access.h, \"Soundness\", paired)"}};

  // The gadget's columns [offset, offset + 5) of the current row of a builder window (T = its Var).
  template <class Window>
  static MemoryAccessCols current(const Window& w, size_t offset) {
    return {w.current(offset), w.current(offset + 1), w.current(offset + 2), w.current(offset + 3),
            w.current(offset + 4)};
  }
  // The same columns of a trace row (T = Fp).
  static MemoryAccessCols read(std::span<const T> row, size_t offset) {
    return {row[offset], row[offset + 1], row[offset + 2], row[offset + 3], row[offset + 4]};
  }
  void write(std::span<T> row, size_t offset) const {
    row[offset] = prev_lo;
    row[offset + 1] = prev_hi;
    row[offset + 2] = prev_ts;
    row[offset + 3] = diff_lo;
    row[offset + 4] = diff_hi;
  }

  // Trace generation (T = Fp): the columns of one access with m = 1, and its byte lookups (with
  // caller_pairs only diff_lo's: the caller records the pair, record_diff_hi_pair). A slot without an
  // access keeps the default (all zero) and records nothing. Throws std::invalid_argument if the
  // timestamps are not increasing by less than the check's maximum gap + 1 (no proof could exist).
  template <MemoryAccessLike R>
    requires std::same_as<T, Fp>
  static MemoryAccessCols populate(const R& r, ByteLookups& bytes, DiffHiCheck check = DiffHiCheck::own_lookup) {
    const uint32_t ts = r.timestamp, prev_ts = r.prev_timestamp, prev = r.prev_value;
    const uint32_t max_gap = check == DiffHiCheck::own_lookup ? kMaxTimestampGap : kMaxPairedTimestampGap;
    if (ts <= prev_ts || ts - prev_ts - 1 >= max_gap)
      throw std::invalid_argument(check == DiffHiCheck::own_lookup
                                      ? "MemoryAccessCols::populate: ts - prev_ts must be in [1, 2^25]"
                                      : "MemoryAccessCols::populate: ts - prev_ts must be in [1, 2^24]");
    const uint32_t diff = ts - prev_ts - 1;
    bytes.add_u16(diff & 0xffffu);
    if (check == DiffHiCheck::own_lookup) bytes.add_u16(128 * (diff >> 16));
    return {Fp(prev & 0xffffu), Fp(prev >> 16), Fp(prev_ts), Fp(diff & 0xffffu), Fp(diff >> 16)};
  }
  // The shared lookup of two paired gadgets' diff_hi (both written, or zero where a slot has no access).
  static void record_diff_hi_pair(const MemoryAccessCols& first, const MemoryAccessCols& second, ByteLookups& bytes)
    requires std::same_as<T, Fp>
  {
    bytes.add_u8_pair(first.diff_hi.as_canonical(), second.diff_hi.as_canonical());
  }

  // Constraints and interactions of one access (header comment). addr, value and ts are the caller's
  // expressions; m must be boolean (the caller's constraint); where is_read is 1 the value is kept.
  // Passing is_read = 1 on a row with m = 0 pins the value to 0 there (prev is pinned to 0). With
  // caller_pairs the caller must call send_diff_hi_pair for this gadget and its partner.
  template <AirBuilder B>
    requires std::convertible_to<T, typename B::Expr>
  void eval(B& b, const typename B::Expr& addr, const typename B::Expr& value_lo, const typename B::Expr& value_hi,
            const typename B::Expr& ts, const typename B::Expr& m, const typename B::Expr& is_read,
            DiffHiCheck check = DiffHiCheck::own_lookup) const {
    using Expr = typename B::Expr;
    const Expr p_lo = prev_lo, p_hi = prev_hi, p_ts = prev_ts, d_lo = diff_lo, d_hi = diff_hi;
    b.when(m).assert_eq(ts - p_ts - Fp::one(), d_lo + d_hi * Fp(1u << 16),
                        "memory access: ts - prev_ts - 1 = diff_lo + 2^16 diff_hi");
    b.when(is_read).assert_eq(value_lo, p_lo, "memory access: a read keeps value_lo");
    b.when(is_read).assert_eq(value_hi, p_hi, "memory access: a read keeps value_hi");
    const Expr idle = Fp::one() - m;
    b.when(idle).assert_zero(p_lo, "memory access: prev_lo = 0 without an access");
    b.when(idle).assert_zero(p_hi, "memory access: prev_hi = 0 without an access");
    b.when(idle).assert_zero(p_ts, "memory access: prev_ts = 0 without an access");
    b.when(idle).assert_zero(d_lo, "memory access: diff_lo = 0 without an access");
    b.when(idle).assert_zero(d_hi, "memory access: diff_hi = 0 without an access");

    b.receive(kMemoryBus, {addr, p_lo, p_hi, p_ts}, m);
    b.send(kMemoryBus, {addr, value_lo, value_hi, ts}, m);
    const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16)), zero = Fp::zero();
    b.send(kByteBus, {u16, d_lo, zero, zero}, m);
    if (check == DiffHiCheck::own_lookup) b.send(kByteBus, {u16, d_hi * Fp(128u), zero, zero}, m);
  }

  // The u8_pair lookup of two paired gadgets' diff_hi (header, "Soundness"). mult must be boolean and 1
  // on every row where either gadget accesses (an idle gadget's diff_hi is pinned to 0).
  template <AirBuilder B>
    requires std::convertible_to<T, typename B::Expr>
  static void send_diff_hi_pair(B& b, const MemoryAccessCols& first, const MemoryAccessCols& second,
                                const typename B::Expr& mult) {
    using Expr = typename B::Expr;
    const Expr pair = Fp(static_cast<uint32_t>(ByteOp::u8_pair)), zero = Fp::zero();
    b.send(kByteBus, {pair, Expr(first.diff_hi), Expr(second.diff_hi), zero}, mult);
  }
};

}  // namespace zkrv::chips
