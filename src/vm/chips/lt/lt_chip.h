// LtChip: the ALU chip for slt and sltu (RISC-V Unprivileged ISA, section 2.4), one row per operation;
// also answers the sltu requests of the syscall chip (fd < 4, brk bounds, short reads).
//
// A signed comparison is an unsigned one after flipping both sign bits, so every row computes
// d = b' - c' mod 2^32 over 16-bit limbs, where b' = b ^ 0x80000000 for slt and b' = b for sltu (c'
// likewise), and a is the borrow out of the high limb: a = [b' < c'].
//
// Columns (9): b_lo, b_hi, c_lo, c_hi, d_lo, d_hi, b_neg, c_neg, op (the AluOp value: 9 slt, 10 sltu; 0
// on padding).
// Derived (not columns):
//   is_slt = op (10 - op) / 9, is_sltu = op (op - 9) / 10, is_real = is_slt + is_sltu   (degree 2,
//     exact on op in {0, 9, 10})
//   borrow = (d_lo - b_lo + c_lo) / 2^16                 from b_lo - c_lo + 2^16 borrow = d_lo
//   a = (d_hi - b_hi + c_hi + 2^16 (b_neg - c_neg) + borrow) / 2^16
//                                                        from b_hi' - c_hi' - borrow + 2^16 a = d_hi,
//   where b_hi' = b_hi + 2^15 is_slt - 2^16 b_neg (c_hi' likewise): the 2^15 is_slt terms cancel, so
//   a stays linear in the columns.
// Constraints (5):
//   0 op (op - 9) (op - 10) = 0                                                   degree 3
//   1 b_neg (b_neg - is_slt) = 0: b_neg is boolean, and 0 unless slt              degree 3
//   2 c_neg (c_neg - is_slt) = 0: likewise                                        degree 3
//   3 borrow is boolean                                                           degree 2
//   4 a is boolean                                                                degree 2
// Interactions (5; tuples degree 1, multiplicities degree 2): ALU-bus receive
// (op, a, 0, b_lo, b_hi, c_lo, c_hi), mult is_real; u16 lookups of d_lo and d_hi, mult is_real; u16
// lookups of 2 (b_hi - 2^15 b_neg) and 2 (c_hi - 2^15 c_neg), mult is_slt (15-bit checks,
// vm/chips/README.md). LogUp: 3 groups, 3 extension columns (stark/logup.h); they make the chip's degree 3 in any case,
// so the degree-3 constraints cost no quotient chunk, and one op column replaces two flags. Cells per
// row: 9 + 12 = 21.
//
// Soundness. Constraint 0 leaves op in {0, 9, 10}, so is_slt, is_sltu, is_real are boolean and exact.
// b and c have canonical limbs (the sender's guarantee). On an slt row b_neg is boolean and
// 2 (b_hi - 2^15 b_neg) in [0, 2^16) forces b_hi - 2^15 b_neg into [0, 2^15), so b_neg is bit 31 of b
// and b_hi' = b_hi ^ 0x8000; the boolean check matters: with b_neg = 1/2 the lookup of 2 (b_hi - 2^14)
// passes for b_hi = 0x8000 and leaves b_hi unflipped (a test forges slt(INT_MIN, 0) = 0 this way). On an
// sltu row b_neg = 0 and b_hi' = b_hi. Then all of b_lo, c_lo, b_hi', c_hi', d_lo, d_hi are in
// [0, 2^16) and borrow, a in {0, 1}, so the two limb equations hold over the integers and give
// b' - c' + 2^32 a = d in [0, 2^32): a = [b' < c'] exactly. Padding rows (all zero) satisfy every
// constraint and send nothing; a nonzero op there is 9 or 10 (a claim that must balance) or breaks
// constraint 0, any other single nonzero cell breaks one of constraints 1-4.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include "air/air.h"
#include "air/builder.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"
#include "vm/executor/alu_event.h"

namespace zkrv::chips {

template <class T>
struct LtCols {
  T b[2];  // lo, hi limbs
  T c[2];
  T d[2];  // b' - c' mod 2^32
  T b_neg;  // bit 31 of b on slt rows, else 0
  T c_neg;
  T op;  // AluOp::slt, AluOp::sltu, or 0 on padding rows
};

class LtChip : public AirDefaults {
 public:
  using Cols = LtCols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kB = offsetof(Cols, b), kC = offsetof(Cols, c), kD = offsetof(Cols, d),
                          kBNeg = offsetof(Cols, b_neg), kCNeg = offsetof(Cols, c_neg),
                          kOp = offsetof(Cols, op);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {"b_lo", "b_hi",  "c_lo",  "c_hi", "d_lo",
                                                                         "d_hi", "b_neg", "c_neg", "op"};

  std::string_view name() const noexcept { return "lt"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr b_lo = m.current(kB), b_hi = m.current(kB + 1), c_lo = m.current(kC), c_hi = m.current(kC + 1),
               d_lo = m.current(kD), d_hi = m.current(kD + 1);
    const Expr b_neg = m.current(kBNeg), c_neg = m.current(kCNeg);
    const Expr op = m.current(kOp);
    static_assert(static_cast<uint32_t>(AluOp::slt) == 9 && static_cast<uint32_t>(AluOp::sltu) == 10,
                  "the selectors below interpolate op = 9 (slt) and op = 10 (sltu)");
    const Expr is_slt = op * (Fp(10u) - op) * Fp(9u).inverse(), is_sltu = op * (op - Fp(9u)) * Fp(10u).inverse();
    const Expr is_real = is_slt + is_sltu;
    const Fp two15(1u << 15), two16(1u << 16), inv_two16 = Fp(1u << 16).inverse();

    b.assert_zero(op * (op - Fp(9u)) * (op - Fp(10u)), "op is 0 (padding), 9 (slt) or 10 (sltu)");
    b.assert_zero(b_neg * (b_neg - is_slt), "b_neg is boolean and 0 unless slt");
    b.assert_zero(c_neg * (c_neg - is_slt), "c_neg is boolean and 0 unless slt");
    const Expr borrow = (d_lo - b_lo + c_lo) * inv_two16;
    b.assert_bool(borrow, "borrow = (d_lo - b_lo + c_lo) / 2^16 is boolean");
    const Expr a = (d_hi - b_hi + c_hi + (b_neg - c_neg) * two16 + borrow) * inv_two16;
    b.assert_bool(a, "a = (d_hi - b_hi' + c_hi' + borrow) / 2^16 is boolean");

    const Expr zero = Fp::zero(), u16 = Fp(static_cast<uint32_t>(ByteOp::u16));
    b.receive(kAluBus, {op, a, zero, b_lo, b_hi, c_lo, c_hi}, is_real);
    b.send(kByteBus, {u16, d_lo, zero, zero}, is_real);
    b.send(kByteBus, {u16, d_hi, zero, zero}, is_real);
    b.send(kByteBus, {u16, (b_hi - b_neg * two15) * Fp(2u), zero, zero}, is_slt);
    b.send(kByteBus, {u16, (c_hi - c_neg * two15) * Fp(2u), zero, zero}, is_slt);
  }

  // One row per event (op slt or sltu, else std::invalid_argument; the event's a is not read: it is
  // derived), zero padding to a power of two >= 8; records the byte lookups in `bytes`. Parallel.
  RowMajorMatrix<Fp> generate_trace(std::span<const AluEvent> events, ByteLookups& bytes, size_t min_height = 8) const;
};

static_assert(Air<LtChip>);

}  // namespace zkrv::chips
