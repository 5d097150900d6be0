// AddSubChip: the ALU chip for add and sub (RISC-V Unprivileged ISA, section 2.4), one row per operation.
//
// Every row proves sum = x + y mod 2^32 over 16-bit limbs; the ALU claim it answers depends on the op
// (SP1's add_sub chip does the same, crates/core/machine/src/alu/add_sub/mod.rs):
//   add: receives (add, a = sum, b = x, c = y)
//   sub: receives (sub, a = x, b = sum, c = y)      since a = b - c  <=>  b = a + c (mod 2^32)
//
// Columns (7): sum_lo, sum_hi, x_lo, x_hi, y_lo, y_hi, op (the AluOp value: 1 add, 2 sub; 0 on padding).
// Derived selectors (degree 2, exact on op in {0, 1, 2}):
//   is_add = op (2 - op),  is_sub = op (op - 1) / 2,  is_real = is_add + is_sub = op (3 - op) / 2
// Constraints (3):
//   0 op (op - 1) (op - 2) = 0                                             degree 3
//   1 carry = (x_lo + y_lo - sum_lo) / 2^16 is boolean                    degree 2
//   2 d = x_hi + y_hi + carry - sum_hi is 0 or 2^16, i.e. d (d - 2^16) = 0 degree 2
// Interactions (6; tuples degree 1, multiplicities degree 2): ALU-bus receives of the add claim (mult
// is_add) and the sub claim (mult is_sub); u16 byte lookups of sum_lo, sum_hi, x_lo, x_hi (mult
// is_real). LogUp: 3 groups, 3 extension columns (stark/logup.h); with them the chip's degree is 3 in any case (a
// group of two lookups has degree 3), so the degree-3 op constraint costs no quotient chunk, and one op
// column replaces two flags. Cells per row: 7 + 3 * 4 = 19.
//
// Soundness. On a real row all six limbs are in [0, 2^16): sum and x by the lookups (they cover the
// result a of either op; the lookup of the input among them is redundant but costs no column), y (= c)
// and the remaining input by the sender's guarantee (vm/chips/README.md). Then x_lo + y_lo - sum_lo is an
// integer in (-2^16, 2^17), far from p, so constraint 1 leaves carry in {0, 1} with
// x_lo + y_lo = sum_lo + 2^16 carry over the integers; likewise constraint 2 gives
// x_hi + y_hi + carry = sum_hi + 2^16 carry_hi with carry_hi in {0, 1}, so sum = x + y mod 2^32. The
// carries are linear expressions, not columns: a boolean check of an expression pins it as well as a
// column would. Constraint 0 makes every multiplicity 0 or 1 (LogUp needs boolean senders and
// receivers, vm/chips/README.md). Padding rows (all zero, op = 0) satisfy every constraint and interact
// with nothing; a single nonzero limb there breaks constraint 1 or 2, op 1 or 2 there receives a claim.
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
struct AddSubCols {
  T sum[2];  // lo, hi limbs of x + y
  T x[2];
  T y[2];
  T op;  // AluOp::add, AluOp::sub, or 0 on padding rows
};

class AddSubChip : public AirDefaults {
 public:
  using Cols = AddSubCols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kSum = offsetof(Cols, sum), kX = offsetof(Cols, x), kY = offsetof(Cols, y),
                          kOp = offsetof(Cols, op);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {"sum_lo", "sum_hi", "x_lo", "x_hi",
                                                                         "y_lo",   "y_hi",   "op"};

  std::string_view name() const noexcept { return "add_sub"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr sum_lo = m.current(kSum), sum_hi = m.current(kSum + 1), x_lo = m.current(kX),
               x_hi = m.current(kX + 1), y_lo = m.current(kY), y_hi = m.current(kY + 1);
    const Expr op = m.current(kOp);
    const Fp two16(1u << 16), half = Fp(2u).inverse();
    const Expr is_add = op * (Fp(2u) - op), is_sub = op * (op - Fp::one()) * half,
               is_real = op * (Fp(3u) - op) * half;

    b.assert_zero(op * (op - Fp::one()) * (op - Fp(2u)), "op is 0 (padding), 1 (add) or 2 (sub)");
    const Expr carry = (x_lo + y_lo - sum_lo) * two16.inverse();
    b.assert_bool(carry, "carry = (x_lo + y_lo - sum_lo) / 2^16 is boolean");
    const Expr d = x_hi + y_hi + carry - sum_hi;
    b.assert_zero(d * (d - two16), "x_hi + y_hi + carry = sum_hi mod 2^16");

    static_assert(static_cast<uint32_t>(AluOp::add) == 1 && static_cast<uint32_t>(AluOp::sub) == 2,
                  "the selectors above interpolate op = 1 (add) and op = 2 (sub)");
    const Expr add = Fp(1u), sub = Fp(2u);
    b.receive(kAluBus, {add, sum_lo, sum_hi, x_lo, x_hi, y_lo, y_hi}, is_add);
    b.receive(kAluBus, {sub, x_lo, x_hi, sum_lo, sum_hi, y_lo, y_hi}, is_sub);
    const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16)), zero = Fp::zero();
    for (const Expr& limb : {sum_lo, sum_hi, x_lo, x_hi}) b.send(kByteBus, {u16, limb, zero, zero}, is_real);
  }

  // One row per event (op add or sub, else std::invalid_argument), zero padding to a power of two >= 8;
  // records the range checks in `bytes`. Parallel over events.
  RowMajorMatrix<Fp> generate_trace(std::span<const AluEvent> events, ByteLookups& bytes, size_t min_height = 8) const;
};

static_assert(Air<AddSubChip>);

}  // namespace zkrv::chips
