// LoadStoreChip: one row per load or store of the CPU (vm/chips/README.md, "Program and CPU"). The CPU
// row of a load or store sends rs1 + imm as two limb sums; this chip does the rest: the address (the
// sums' carries, its range and split into word and bits), the access of the word at 4 clk + 3, the
// bytes of the old word, the data put in place or taken out, sign extension, and the store bound. Only
// loads and stores pay for these columns, not every cycle (the CPU row went from 134 to 102 cells when
// the memory half moved here, and from 98 to 88 when the address did).
//
// Tuple on kLoadStoreBus (received here with multiplicity is_real, sent by the CPU with is_load +
// is_store): (clk, op, sum_lo, sum_hi, data_lo, data_hi) with
//   op = is_store + 2 mem_byte + 4 mem_half + 8 mem_signed (the decoded fields of the instruction),
//   sum_lo = rs1_lo + imm_lo, sum_hi = rs1_hi + imm_hi (the CPU's register read and program row),
//   data = a store's rs2, or the value a load delivers to rd (sign-extended).
// Here sum_lo = addr_lo + 2^16 carry_lo and sum_hi = addr_hi + 2^16 carry_hi - carry_lo, with
// addr_lo = 4 word + bit0 + 2 bit1: the byte address is addr_lo + 2^16 addr_hi = rs1 + imm mod 2^32,
// its word address word_addr = word + 2^14 addr_hi.
//
// Columns (31, LoadStoreCols): clk, is_real, is_store, mem_byte, mem_half, mem_signed, word, addr_hi,
// carry_lo, carry_hi, bit0, bit1, bit01, mb0..mb3, d_lo, d_hi, d0, d1, val_lo, val_hi, sign, byte_sign,
// store_gap, and the access gadget mem (5, memory/access.h). Public value (1): the first writable word
// address.
// Interactions (15): the receive; u16 of addr_lo, word, 0x3FFF - addr_hi and addr_hi - 1; u16 of
// store_gap and of (word_addr - first writable - store_gap) / 2^12 (stores); msb of the signed load's
// top byte; u8_pair of (mb0, mb1), (mb2, mb3) (byte accesses) and of (d0, d1) (byte/half accesses);
// the gadget's 4. LogUp: 8 groups (the msb tuple has degree 2 and comes first), 8 extension columns
// (stark/logup.h); 31 + 32 = 63 cells per row.
//
// Constraints (degree <= 3): flags, bits, carries and is_real boolean, bit01 = bit0 bit1; no
// byte-and-half, signed store or signed word access; padding rows (is_real
// = 0) pin every column to 0; halves bit0 = 0, words bit0 = bit1 = 0; store_gap = 0 without a store;
// byte accesses split the old word into mb0..mb3; stores d = the data; byte/half d_lo = d0 + 256 d1, d0,
// d1 = 0 otherwise; byte loads d1 = 0; byte/half loads d_hi = 0; val = the old word with d in place
// (one formula for loads and stores: a load's access is a read, so val = the old word, which pins d to
// the loaded part); sign = 0 unless lb/lh, byte_sign = mem_byte sign; data_lo = d_lo + 0xFF00
// byte_sign, data_hi = d_hi + 0xFFFF sign (a store has sign 0, so data = d = rs2).
//
// Soundness. What is an integer, and why:
//   - clk, op, sum_lo, sum_hi come from the CPU's send (the bus contract): clk is the CPU row index
//     (< 2^22); sum_lo, sum_hi are sums of two canonical limbs (rs1 as the memory argument delivers
//     it, imm as the program table holds it), integers in [0, 2^17 - 2]. op in [0, 16) with boolean
//     flags here decomposes uniquely, so the flags are the decoded fields of the CPU's instruction: at
//     most one of byte and half, signed only on a byte or half load.
//   - word, addr_lo = 4 word + bit0 + 2 bit1 are u16 lookups of themselves (bits boolean), so
//     4 word + bit0 + 2 bit1 < 2^16 holds over the integers and word < 2^14; addr_hi - 1 and
//     0x3FFF - addr_hi are u16s, so addr_hi is an integer in [1, 0x3FFF]; carry_lo, carry_hi booleans.
//   - mb_i, d0, d1 are bytes (u8_pair lookups of the columns themselves); the gadget's prev limbs are
//     canonical (the memory bus contract); d_lo, d_hi: rs2's canonical limbs on stores (data = d,
//     the CPU's rs2 read), d0 + 256 d1 or the old word's limbs on loads (derivations below).
//   - sign is a bit (the msb table), byte_sign = mem_byte sign a bit, store_gap a u16.
// The address. Both sides of sum_lo = addr_lo + 2^16 carry_lo are integers below 2^18 < p, so it holds
// over the integers, and with addr_lo in [0, 2^16) carry_lo is sum_lo's carry. Likewise sum_hi +
// carry_lo = addr_hi + 2^16 carry_hi (both sides in [0, 2^17 + 2^14)), so addr_hi is the high limb of
// rs1 + imm mod 2^32 and carry_hi its wrap: the byte address is exactly the executor's rs1 + imm mod
// 2^32, in [2^16, 2^30) (addr_hi in [1, 0x3FFF]; the executor faults outside ZKRV_MEM_START..END, so
// runs and proofs agree), and word_addr = word + 2^14 addr_hi is the word address in [2^14, 2^28).
// Every row matches one CPU send: the CPU sends once per load or store row, with its own clk, so a
// row here cannot be invented, duplicated or dropped (the multiset equality of the bus), and its
// access at 4 clk + 3 is the only access of that cycle's memory slot. The data the CPU writes to rd
// on a load is data here, which the old word's bytes determine: the executor's load.
// The store bound: word_addr - first writable = store_gap + 2^12 x with store_gap and x (the looked-up
// value (word_addr - first - store_gap) / 2^12) u16s, so the difference is in [0, 2^28 + 2^16) over
// the integers, while a store below the first writable word would make it p - k with k < 2^28 (both
// addresses are below 2^28), far above. The executor faults on such a store, so runs and proofs agree.
// Only the CPU sends on kLoadStoreBus; it guarantees clk < 2^22 (its row index) and canonical limbs in
// its sums, and gets back canonical data limbs for a load (d_lo + 0xFF00 byte_sign is at most
// 0xFFFF: a byte load's d_lo is a byte).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "air/integer_derivation.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"
#include "vm/chips/memory/access.h"

namespace zkrv::chips {

// One load or store as the CPU hands it over (cpu_trace.cpp).
struct LoadStoreEvent {
  uint32_t clk = 0;
  bool is_store = false, mem_byte = false, mem_half = false, mem_signed = false;
  uint32_t base = 0;     // rs1
  uint32_t offset = 0;   // the immediate: the byte address is base + offset mod 2^32, in [2^16, 2^30),
                         // aligned for its width
  uint32_t address() const noexcept { return base + offset; }
  uint32_t data = 0;     // a store's rs2; a load's value as rd receives it (sign-extended)
  MemoryAccessRecord access;  // the word's access at 4 clk + 3 (a load's: value == prev_value)
  friend bool operator==(const LoadStoreEvent&, const LoadStoreEvent&) = default;
};

// op on kLoadStoreBus for these flags (header).
constexpr uint32_t load_store_op(bool is_store, bool mem_byte, bool mem_half, bool mem_signed) noexcept {
  return (is_store ? 1u : 0u) + (mem_byte ? 2u : 0u) + (mem_half ? 4u : 0u) + (mem_signed ? 8u : 0u);
}

template <class T>
struct LoadStoreCols {
  T clk;
  T is_real;
  T is_store;
  T mem_byte, mem_half, mem_signed;
  T word;           // bits 2-15 of the byte address: addr_lo = 4 word + bit0 + 2 bit1
  T addr_hi;        // the byte address's high limb, in [1, 0x3FFF]
  T carry_lo;       // rs1_lo + imm_lo = addr_lo + 2^16 carry_lo
  T carry_hi;       // rs1_hi + imm_hi + carry_lo = addr_hi + 2^16 carry_hi (the wrap mod 2^32)
  T bit0, bit1, bit01;
  T mb[4];           // byte accesses: bytes of the accessed word before the access
  T d_lo, d_hi;      // the data: a store's rs2, a load's word / half / byte (before sign extension)
  T d0, d1;          // byte/half accesses: d_lo = d0 + 256 d1
  T val_lo, val_hi;  // the accessed word after the access (a load's: unchanged)
  T sign;            // lb/lh: the top bit of the loaded byte/half
  T byte_sign;       // mem_byte sign (so the data tuple has degree 1)
  T store_gap;       // stores: word_addr - first writable word = store_gap + 2^16 hi, hi < 2^12
  MemoryAccessCols<T> mem;
};

class LoadStoreChip : public AirDefaults {
 public:
  using Cols = LoadStoreCols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kClk = offsetof(Cols, clk), kIsReal = offsetof(Cols, is_real),
                          kIsStore = offsetof(Cols, is_store), kMemByte = offsetof(Cols, mem_byte),
                          kMemHalf = offsetof(Cols, mem_half), kMemSigned = offsetof(Cols, mem_signed),
                          kWord = offsetof(Cols, word), kAddrHi = offsetof(Cols, addr_hi),
                          kCarryLo = offsetof(Cols, carry_lo), kCarryHi = offsetof(Cols, carry_hi),
                          kBit0 = offsetof(Cols, bit0),
                          kBit1 = offsetof(Cols, bit1), kBit01 = offsetof(Cols, bit01), kMb = offsetof(Cols, mb),
                          kDLo = offsetof(Cols, d_lo), kDHi = offsetof(Cols, d_hi), kD0 = offsetof(Cols, d0),
                          kD1 = offsetof(Cols, d1), kValLo = offsetof(Cols, val_lo), kValHi = offsetof(Cols, val_hi),
                          kSign = offsetof(Cols, sign), kByteSign = offsetof(Cols, byte_sign),
                          kStoreGap = offsetof(Cols, store_gap), kMem = offsetof(Cols, mem);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "clk",      "is_real", "is_store", "mem_byte", "mem_half",  "mem_signed",  "word",        "addr_hi",
      "carry_lo", "carry_hi", "bit0",    "bit1",     "bit01",     "mb0",         "mb1",         "mb2",
      "mb3",      "d_lo",    "d_hi",     "d0",       "d1",        "val_lo",      "val_hi",      "sign",
      "byte_sign", "store_gap", "mem.prev_lo", "mem.prev_hi", "mem.prev_ts", "mem.diff_lo", "mem.diff_hi"};
  static_assert(kWidth == 31 && kMem == 26);
  static constexpr size_t kNumPublicValues = 1;  // the first writable word address

  static constexpr std::array<IntegerDerivation, 3> kIntegerDerivations = {
      IntegerDerivation{"addr_hi",
                        "addr_hi - 1 and 0x3FFF - addr_hi are u16 lookups (multiplicity is_real), so addr_hi is an "
                        "integer in [1, 0x3FFF] on real rows; 0 on padding rows (header, \"The address\")"},
      IntegerDerivation{"d_lo",
                        "stores: data_lo = d_lo (sign = 0) is the CPU's rs2_lo, a canonical limb it read; byte/half "
                        "accesses: d0 + 256 d1 (byte lookups); word loads: val_lo = d_lo and the access is a read, so "
                        "d_lo = mem.prev_lo; 0 on padding rows (header, \"Soundness\")"},
      IntegerDerivation{"d_hi",
                        "stores: data_hi = d_hi is the CPU's rs2_hi; byte/half loads: 0; word loads: val_hi = d_hi "
                        "and the access is a read, so d_hi = mem.prev_hi; 0 on padding rows"}};
  static IntegerDerivations integer_derivations() {
    using Access = MemoryAccessCols<uint8_t>;
    IntegerDerivations d;
    d.add(kIntegerDerivations);
    d.add_gadget("mem", kMem, Access::kColumnNames, Access::kIntegerDerivations);
    return d;
  }

  std::string_view name() const noexcept { return "load_store"; }
  size_t width() const noexcept { return kWidth; }
  size_t num_public_values() const noexcept { return kNumPublicValues; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const auto col = [&](size_t c) -> Expr { return m.current(c); };
    const Expr one = Fp::one(), zero = Fp::zero(), f256 = Fp(256u);
    const Expr is_real = col(kIsReal), is_store = col(kIsStore), is_load = is_real - is_store;
    const Expr m_byte = col(kMemByte), m_half = col(kMemHalf), m_signed = col(kMemSigned);
    const Expr is_word = is_real - m_byte - m_half;
    const Expr bit0 = col(kBit0), bit1 = col(kBit1), bit01 = col(kBit01);
    const Expr mb0 = col(kMb), mb1 = col(kMb + 1), mb2 = col(kMb + 2), mb3 = col(kMb + 3);
    const Expr d_lo = col(kDLo), d_hi = col(kDHi), d0 = col(kD0), d1 = col(kD1);
    const Expr val_lo = col(kValLo), val_hi = col(kValHi), sign = col(kSign), byte_sign = col(kByteSign);
    const Expr gap = col(kStoreGap), word = col(kWord), addr_hi = col(kAddrHi);
    const Expr carry_lo = col(kCarryLo), carry_hi = col(kCarryHi);
    const Expr addr_lo = word * Fp(4u) + bit0 + bit1 * Fp(2u), word_addr = word + addr_hi * Fp(1u << 14);
    const auto mem = MemoryAccessCols<typename B::Var>::current(m, kMem);

    // The msb lookup first: its tuple has degree 2, so it takes a LogUp column alone (Chip::
    // group_interactions pairs consecutive degree-1 interactions).
    const Expr msb = Fp(static_cast<uint32_t>(ByteOp::msb)), pair = Fp(static_cast<uint32_t>(ByteOp::u8_pair));
    b.send(kByteBus, {msb, m_byte * d0 + m_half * d1, sign, zero}, m_signed);

    for (size_t c : {kIsReal, kIsStore, kMemByte, kMemHalf, kMemSigned, kBit0, kBit1, kCarryLo, kCarryHi})
      b.assert_bool(col(c), kBoolNames[c]);
    b.assert_eq(bit01, bit0 * bit1, "bit01 = bit0 bit1");
    // The flag combinations of the RV32IM loads and stores (the CPU's program table sends only these;
    // restated so the chip does not rest on its sender for them).
    b.assert_zero(m_byte * m_half, "not both a byte and a half access");
    b.assert_zero(m_signed * is_store, "a store is not signed");
    b.assert_zero(m_signed * is_word, "a signed access is a byte or a half");
    for (size_t c = 0; c < kMem; ++c)  // (the gadget pins its own columns where it does not access)
      if (c != kIsReal) b.when(one - is_real).assert_zero(col(c), kPaddingNames[c]);
    b.when(m_half).assert_zero(bit0, "a halfword access is 2-aligned");
    b.when(is_word).assert_zero(bit0, "a word access is 4-aligned (bit0)");
    b.when(is_word).assert_zero(bit1, "a word access is 4-aligned (bit1)");
    b.when(one - is_store).assert_zero(gap, "store_gap = 0 without a store");

    // Byte-offset selectors (exactly one is 1 on a row).
    const Expr s0 = one - bit0 - bit1 + bit01, s1 = bit0 - bit01, s2 = bit1 - bit01, s3 = bit01;
    b.when(m_byte).assert_eq(mem.prev_lo, mb0 + mb1 * f256, "byte access: prev_lo = mb0 + 256 mb1");
    b.when(m_byte).assert_eq(mem.prev_hi, mb2 + mb3 * f256, "byte access: prev_hi = mb2 + 256 mb3");
    for (size_t i = 0; i < 4; ++i) b.when(one - m_byte).assert_zero(col(kMb + i), "mb = 0 without a byte access");
    b.when(m_byte + m_half).assert_eq(d_lo, d0 + d1 * f256, "byte/half access: d_lo = d0 + 256 d1");
    b.when(one - m_byte - m_half).assert_zero(d0, "d0 = 0 without a byte/half access");
    b.when(one - m_byte - m_half).assert_zero(d1, "d1 = 0 without a byte/half access");
    b.when(is_load * m_byte).assert_zero(d1, "lb/lbu: d1 = 0");
    b.when(is_load * (m_byte + m_half)).assert_zero(d_hi, "lb/lbu/lh/lhu: d_hi = 0");
    // The new word: the old one with d put in place (word, the half at bit1, the byte at the offset).
    // A load's access keeps the word (the gadget's read constraint), which pins d to the loaded part.
    b.assert_eq(val_lo,
                is_word * d_lo + m_half * ((one - bit1) * d_lo + bit1 * mem.prev_lo) +
                    m_byte * (mem.prev_lo + s0 * (d0 - mb0) + s1 * f256 * (d0 - mb1)),
                "val_lo = old word with d in place");
    b.assert_eq(val_hi,
                is_word * d_hi + m_half * (bit1 * d_lo + (one - bit1) * mem.prev_hi) +
                    m_byte * (mem.prev_hi + s2 * (d0 - mb2) + s3 * f256 * (d0 - mb3)),
                "val_hi = old word with d in place");
    b.when(one - m_signed).assert_zero(sign, "sign = 0 unless lb/lh");
    b.assert_eq(byte_sign, m_byte * sign, "byte_sign = mem_byte sign");

    b.send(kByteBus, {pair, mb0, mb1, zero}, m_byte);
    b.send(kByteBus, {pair, mb2, mb3, zero}, m_byte);
    b.send(kByteBus, {pair, d0, d1, zero}, m_byte + m_half);
    const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16));
    const Expr gap_hi16 = (word_addr - b.public_value(0) - gap) * Fp(1u << 12).inverse();
    b.send(kByteBus, {u16, gap, zero, zero}, is_store);
    b.send(kByteBus, {u16, gap_hi16, zero, zero}, is_store);
    // The address (header, "The address"): addr_lo and word u16s (so word < 2^14), 1 <= addr_hi <= 0x3FFF.
    b.send(kByteBus, {u16, addr_lo, zero, zero}, is_real);
    b.send(kByteBus, {u16, word, zero, zero}, is_real);
    b.send(kByteBus, {u16, Expr(Fp(0x3FFFu)) - addr_hi, zero, zero}, is_real);
    b.send(kByteBus, {u16, addr_hi - one, zero, zero}, is_real);

    mem.eval(b, word_addr, val_lo, val_hi, col(kClk) * Fp(4u) + Fp(3u), is_real, is_load);

    const Expr op = is_store + m_byte * Fp(2u) + m_half * Fp(4u) + m_signed * Fp(8u);
    b.receive(kLoadStoreBus,
              {col(kClk), op, addr_lo + carry_lo * Fp(1u << 16), addr_hi + carry_hi * Fp(1u << 16) - carry_lo,
               d_lo + byte_sign * Fp(0xFF00u), d_hi + sign * Fp(0xFFFFu)},
              is_real);
  }

  // One row per event (in any order), zero padding to a power of two >= 8; records the byte lookups.
  // Throws std::invalid_argument for an event no proof can exist for (flags no instruction has, an
  // address outside [2^16, 2^30) or misaligned, a store below `first_writable` (a word address), data
  // or an access that disagrees with the word before and after). Parallel over rows.
  RowMajorMatrix<Fp> generate_trace(std::span<const LoadStoreEvent> events, uint32_t first_writable,
                                    ByteLookups& bytes, size_t min_height = 8) const;

 private:
  static constexpr std::array<std::string_view, kWidth> kBoolNames = [] {
    std::array<std::string_view, kWidth> n{};
    n[kIsReal] = "is_real is boolean";
    n[kIsStore] = "is_store is boolean";
    n[kMemByte] = "mem_byte is boolean";
    n[kMemHalf] = "mem_half is boolean";
    n[kMemSigned] = "mem_signed is boolean";
    n[kBit0] = "bit0 is boolean";
    n[kBit1] = "bit1 is boolean";
    n[kCarryLo] = "carry_lo is boolean";
    n[kCarryHi] = "carry_hi is boolean";
    return n;
  }();
  static inline const std::array<std::string, kWidth> kPaddingNames = [] {
    std::array<std::string, kWidth> n;
    for (size_t c = 0; c < kWidth; ++c) n[c] = "padding: " + std::string(kColumnNames[c]) + " = 0";
    return n;
  }();
};

static_assert(Air<LoadStoreChip>);

}  // namespace zkrv::chips
