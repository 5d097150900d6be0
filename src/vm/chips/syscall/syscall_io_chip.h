// SyscallIoChip: the bytes a syscall moves between guest memory and the proof's data, one row per
// buffer word (vm/chips/syscall/syscall_chip.h hands it the buffer).
//
// A buffer [a1, a1 + len) of a read from the input (fd 0) or a journal write (fd 3) is a chain of
// tuples on kSyscallIoBus: the syscall row sends (clk, is_journal, a1, len, J) and receives
// (clk, is_journal, a1 + len, 0, J + len); each I/O row receives (clk, is_journal, ptr, rem, jidx) and
// sends (clk, is_journal, ptr + k, rem - k, jidx + k) after handling the k >= 1 bytes
// [ptr, ptr + k) that lie in the word w = ptr >> 2. Since rem - k >= 0 is range-checked and decreases
// strictly, every chain is a path from the syscall's send to its receive that covers the buffer's bytes
// exactly once, in order.
//   journal rows (is_journal = 1): read the word (memory argument at 4 clk + 3) and send
//     (jidx + j - o, byte_j) on kJournalBus for each byte j of the word inside the buffer;
//   input rows (is_journal = 0): write the word: the bytes inside the buffer are free (the private
//     input; range-checked as bytes), the others keep their old values; the word address must be at or
//     above the first writable word (public value 0), so no input lands in code or read-only data.
//
// Columns (31): clk, is_journal, w_lo, w_hi (word address w = w_lo + 2^16 w_hi, w_lo a u16 and
// w_hi < 2^12), rem, jidx, o0..o3 (one-hot: ptr = 4 w + o), e0..e3 (one-hot: the last byte handled is
// e), old0..old3 (the word's bytes before), new0..new3 (after), rn_lo, rn_hi (rem - k, < 2^28 + 2^16),
// g_lo, g_hi (w - first writable word on input rows, < 2^28 + 2^16), and the access gadget (5, memory/access.h).
// Derived: is_real = sum o_i; k = e - o + 1; sel_j = sum_{i <= j} o_i - sum_{i < j} e_i (1 iff byte j
// of the word is handled; sel_1, sel_2 are checked boolean, sel_0 = o0 and sel_3 = e3 are).
//
// Soundness notes.
// - Every row moves at least one byte: sum_j o_j sel_j = is_real (the byte at the start offset is
//   selected) forces e >= o, so k >= 1; any e < o - 1 makes some sel_j = -1 anyway. A row with k = 0
//   (e = o - 1) used to be allowed: it received and sent the same kSyscallIoBus tuple, cancelling its own
//   bus traffic, so nothing tied its clk to a syscall; its memory access then ran at 4 clk + 3 for any
//   clk, at any word (journal rows have no lower bound on the address, so registers were reachable), and
//   about 60 such rows, each advancing a timestamp by < 2^25, carried a register's tuple once around the
//   field (p = 60 * 2^25 + 1) back to a small timestamp: an audit proved `li a0,5; li a0,7; exit` with
//   exit code 5 that way.
// - With k >= 1 the chains cannot cycle: rem' = rn = rem - k with rn range-checked (below 2^28 + 2^16,
//   see rn below) strictly decreases as an integer, so every row lies on a path that starts at a
//   syscall row's send: its clk, is_journal, ptr and jidx are the syscall's (the CPU's clk), and its
//   timestamp 4 clk + 3 is that ecall's. Each row receives its tuple once, so each path covers the
//   buffer's bytes exactly once, in order.
// - Integers: o, e, is_journal are boolean; w_lo, rn_lo, g_lo, the old and (on input rows) new bytes are
//   looked up themselves; w_hi, rn_hi, g_hi enter every constraint only as 2^16 times themselves, which
//   is 2^12 times the looked-up u16 value 16 w_hi (resp. 16 rn_hi, 16 g_hi) exactly in the field, so
//   w, rn and g are integers below 2^28 + 2^16 without w_hi itself being one (memory/access.h makes the
//   same argument for diff_hi). clk and jidx come from the chain (the syscall row), rem likewise.
// - The gadget's address is a word of the buffer (ptr = 4 w + o with w < 2^28 + 2^16); each word of a
//   buffer is touched once because the memory argument refuses two accesses of one address at one
//   timestamp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "air/air.h"
#include "air/builder.h"
#include "air/integer_derivation.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"
#include "vm/chips/memory/access.h"
#include "vm/chips/syscall/syscall_chip.h"

namespace zkrv::chips {

template <class T>
struct SyscallIoCols {
  T clk;
  T is_journal;
  T w[2];
  T rem;
  T jidx;
  T o[4];
  T e[4];
  T old_bytes[4];
  T new_bytes[4];
  T rn[2];
  T g[2];
  MemoryAccessCols<T> access;
};

class SyscallIoChip : public AirDefaults {
 public:
  using Cols = SyscallIoCols<uint8_t>;
  static constexpr size_t kWidth = sizeof(Cols);
  static_assert(kWidth == 31);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "clk",   "is_journal", "w_lo",  "w_hi",  "rem",   "jidx",  "o0",    "o1",    "o2",    "o3",    "e0",
      "e1",    "e2",         "e3",    "old0",  "old1",  "old2",  "old3",  "new0",  "new1",  "new2",  "new3",
      "rn_lo", "rn_hi",      "g_lo",  "g_hi",  "access.prev_lo", "access.prev_hi", "access.prev_ts",
      "access.diff_lo", "access.diff_hi"};
  static_assert(offsetof(Cols, access) == 26);

  // Why the columns the integer-pin check (air/integer_pins.h) cannot pin mechanically are integers
  // (header, "Soundness notes").
  static constexpr std::array<IntegerDerivation, 5> kIntegerDerivations = {
      IntegerDerivation{"w_hi", "used only as 2^16 w_hi = 2^12 (16 w_hi), a u16 lookup on real rows, so w = w_lo + "
                                "2^12 T is an integer below 2^28 + 2^16 whatever w_hi is; 0 on padding"},
      IntegerDerivation{"rn_hi", "used only as 2^16 rn_hi = 2^12 (16 rn_hi), a u16 lookup on real rows: rn is an "
                                 "integer below 2^28 + 2^16; 0 on padding"},
      IntegerDerivation{"g_hi", "used only as 2^16 g_hi = 2^12 (16 g_hi), a u16 lookup on input rows: g is an "
                                "integer below 2^28 + 2^16; 0 unless writing"},
      IntegerDerivation{"clk", "received on kSyscallIoBus: every row lies on a chain that starts at a syscall row's "
                               "send (rem strictly decreases, k >= 1), which carries the CPU's clk; 0 on padding"},
      IntegerDerivation{"jidx", "received on kSyscallIoBus: the syscall row's journal length J (a memory word, "
                                "canonical) plus the bytes before, or 0 on input chains; 0 on padding"}};
  static IntegerDerivations integer_derivations() {
    using Access = MemoryAccessCols<uint8_t>;
    IntegerDerivations d;
    d.add(kIntegerDerivations);
    d.add_gadget("access", offsetof(Cols, access), Access::kColumnNames, Access::kIntegerDerivations);
    return d;
  }
  static constexpr size_t kNumPublicValues = 1;  // the first writable word address

  std::string_view name() const noexcept { return "syscall_io"; }
  size_t width() const noexcept { return kWidth; }
  size_t num_public_values() const noexcept { return kNumPublicValues; }

  template <AirBuilder B>
  void eval(B& b) const;

  // One row per SyscallIoRow, zero padding to a power of two >= 8; records byte lookups. Throws
  // std::invalid_argument for a row no proof can exist for (input written below first_writable_word).
  RowMajorMatrix<Fp> generate_trace(std::span<const SyscallIoRow> rows, uint32_t first_writable_word,
                                    ByteLookups& bytes, size_t min_height = 8) const;
};

template <AirBuilder B>
void SyscallIoChip::eval(B& b) const {
  using Expr = typename B::Expr;
  using Var = typename B::Var;
  const auto m = b.main();
  const auto col = [&](size_t offset) -> Expr { return m.current(offset); };
  const Fp one = Fp::one(), two16(1u << 16);
  const Expr zero = Fp::zero();
  const Expr clk = col(offsetof(Cols, clk)), is_journal = col(offsetof(Cols, is_journal));
  const Expr w_lo = col(offsetof(Cols, w)), w_hi = col(offsetof(Cols, w) + 1);
  const Expr rem = col(offsetof(Cols, rem)), jidx = col(offsetof(Cols, jidx));
  const Expr rn_lo = col(offsetof(Cols, rn)), rn_hi = col(offsetof(Cols, rn) + 1);
  const Expr g_lo = col(offsetof(Cols, g)), g_hi = col(offsetof(Cols, g) + 1);
  Expr o[4], e[4], old_b[4], new_b[4];
  for (size_t j = 0; j < 4; ++j) {
    o[j] = col(offsetof(Cols, o) + j);
    e[j] = col(offsetof(Cols, e) + j);
    old_b[j] = col(offsetof(Cols, old_bytes) + j);
    new_b[j] = col(offsetof(Cols, new_bytes) + j);
  }
  const auto ga = MemoryAccessCols<Var>::current(m, offsetof(Cols, access));
  const MemoryAccessCols<Expr> access{ga.prev_lo, ga.prev_hi, ga.prev_ts, ga.diff_lo, ga.diff_hi};

  for (size_t j = 0; j < 4; ++j) {
    b.assert_bool(o[j], "io: o flags are boolean");
    b.assert_bool(e[j], "io: e flags are boolean");
  }
  const Expr is_real = o[0] + o[1] + o[2] + o[3];
  b.assert_bool(is_real, "io: at most one start offset");
  b.assert_eq(e[0] + e[1] + e[2] + e[3], is_real, "io: one end offset on real rows");
  b.assert_bool(is_journal, "io: is_journal is boolean");
  b.assert_zero(is_journal * (one - is_real), "io: is_journal only on real rows");
  const Expr idle = one - is_real;
  for (const Expr& c : {clk, w_lo, w_hi, rem, jidx, rn_lo, rn_hi}) b.when(idle).assert_zero(c, "io: padding is zero");

  const Expr o_val = o[1] + o[2] * Fp(2u) + o[3] * Fp(3u), e_val = e[1] + e[2] * Fp(2u) + e[3] * Fp(3u);
  const Expr k = e_val - o_val + is_real;
  const Expr sel[4] = {o[0], o[0] + o[1] - e[0], o[0] + o[1] + o[2] - e[0] - e[1], e[3]};
  b.assert_bool(sel[1], "io: byte 1 is inside or outside the range");
  b.assert_bool(sel[2], "io: byte 2 is inside or outside the range");
  // k >= 1: the byte at the start offset is inside the range (header, "Every row moves at least one byte").
  b.assert_eq(o[0] * sel[0] + o[1] * sel[1] + o[2] * sel[2] + o[3] * sel[3], is_real,
              "io: a row moves at least one byte");
  b.assert_eq(rem - k, rn_lo + rn_hi * two16, "io: rem - k = rn");

  // Bytes: old bytes make the old word; outside the range and on journal rows new = old.
  b.assert_eq(access.prev_lo, old_b[0] + old_b[1] * Fp(256u), "io: old word lo = old bytes 0, 1");
  b.assert_eq(access.prev_hi, old_b[2] + old_b[3] * Fp(256u), "io: old word hi = old bytes 2, 3");
  for (size_t j = 0; j < 4; ++j) {
    b.assert_zero((one - sel[j]) * (new_b[j] - old_b[j]), "io: bytes outside the buffer keep their value");
    b.assert_zero(is_journal * (new_b[j] - old_b[j]), "io: journal rows do not write");
    b.when(idle).assert_zero(old_b[j], "io: padding is zero");
  }
  const Expr writes = is_real - is_journal;
  const Expr w = w_lo + w_hi * two16;
  b.when(writes).assert_eq(w - b.public_value(0), g_lo + g_hi * two16, "io: input lands at or above the first writable word");
  b.when(one - writes).assert_zero(g_lo, "io: g_lo = 0 unless writing");
  b.when(one - writes).assert_zero(g_hi, "io: g_hi = 0 unless writing");

  const Expr ts = clk * Fp(4u) + Fp(static_cast<uint32_t>(AccessSlot::memory));
  access.eval(b, w, new_b[0] + new_b[1] * Fp(256u), new_b[2] + new_b[3] * Fp(256u), ts, is_real, zero);

  const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16)), u8_pair = Fp(static_cast<uint32_t>(ByteOp::u8_pair));
  const Expr ptr = w * Fp(4u) + o_val;
  b.receive(kSyscallIoBus, {clk, is_journal, ptr, rem, jidx}, is_real);
  b.send(kSyscallIoBus, {clk, is_journal, ptr + k, rn_lo + rn_hi * two16, jidx + k}, is_real);
  b.send(kByteBus, {u16, w_lo, zero, zero}, is_real);
  b.send(kByteBus, {u16, w_hi * Fp(16u), zero, zero}, is_real);
  b.send(kByteBus, {u16, rn_lo, zero, zero}, is_real);
  b.send(kByteBus, {u16, rn_hi * Fp(16u), zero, zero}, is_real);
  b.send(kByteBus, {u8_pair, old_b[0], old_b[1], zero}, is_real);
  b.send(kByteBus, {u8_pair, old_b[2], old_b[3], zero}, is_real);
  b.send(kByteBus, {u8_pair, new_b[0], new_b[1], zero}, writes);
  b.send(kByteBus, {u8_pair, new_b[2], new_b[3], zero}, writes);
  b.send(kByteBus, {u16, g_lo, zero, zero}, writes);
  b.send(kByteBus, {u16, g_hi * Fp(16u), zero, zero}, writes);
  for (size_t j = 0; j < 4; ++j)
    b.send(kJournalBus, {jidx + Fp(static_cast<uint32_t>(j)) - o_val, old_b[j]}, is_journal * sel[j]);
}

static_assert(Air<SyscallIoChip>);

}  // namespace zkrv::chips
