// BitwiseChip: the ALU chip for xor, or, and (RISC-V Unprivileged ISA, section 2.4), one row per
// operation, answered byte by byte by the byte table (vm/chips/README.md, "byte bus").
//
// Columns (14): a[4], b[4], c[4] (little-endian bytes), k = op - 4 (xor -1, or 0, and 1), is_real.
// Constraints (15):
//   0     is_real is boolean                                                   degree 2
//   1     k (k - 1) (k + 1) = 0                                                degree 3
//   2-14  on padding rows (is_real = 0) every byte column and k are 0          degree 2
// Interactions (5, degree 1): the ALU-bus receive
//   (4 + k, a0 + 256 a1, a2 + 256 a3, b0 + 256 b1, b2 + 256 b3, c0 + 256 c1, c2 + 256 c3), mult is_real,
// and for i = 0..3 the byte lookup (3 - k, b_i, c_i, a_i), mult is_real: AluOp xor_/or_/and_ = 3/4/5
// and ByteOp xor_/or_/and_ = 4/3/2 add up to 7. LogUp: 3 groups, 3 extension columns (stark/logup.h); they make the
// chip's degree 3 in any case (a group of two lookups has degree 3), so the degree-3 constraint on k
// costs no quotient chunk, and one k column replaces three op flags. Cells per row: 14 + 12 = 26.
//
// Soundness. On a real row k is -1, 0 or 1, so the row claims a = op(b, c) for op = xor, or or and, and
// each lookup proves b_i, c_i, a_i bytes with a_i = b_i op c_i (the byte op paired with that ALU op);
// the limbs on the bus are then the canonical limbs of the words. Constraint 1 is what keeps the
// pairing honest: with k = 2 a row would claim sll(b, c) = 0 backed by u8_pair lookups (byte op 1),
// with k = -2 sub(b, c) = 0 backed by msb lookups (both forgeries are tests). Padding rows send
// nothing; constraints 2-14 pin them to zero.
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
struct BitwiseCols {
  T a[4];  // bytes of a = op(b, c), least significant first
  T b[4];
  T c[4];
  T k;  // op - 4: -1 xor, 0 or, 1 and
  T is_real;
};

class BitwiseChip : public AirDefaults {
 public:
  using Cols = BitwiseCols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kA = offsetof(Cols, a), kB = offsetof(Cols, b), kC = offsetof(Cols, c),
                          kK = offsetof(Cols, k), kIsReal = offsetof(Cols, is_real);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3", "c0", "c1", "c2", "c3", "k", "is_real"};
  static constexpr std::array<std::string_view, kIsReal> kPaddingNames = {
      "padding: a0 = 0", "padding: a1 = 0", "padding: a2 = 0", "padding: a3 = 0", "padding: b0 = 0",
      "padding: b1 = 0", "padding: b2 = 0", "padding: b3 = 0", "padding: c0 = 0", "padding: c1 = 0",
      "padding: c2 = 0", "padding: c3 = 0", "padding: k = 0"};

  static_assert(kA == 0 && kK + 1 == kIsReal, "the padding loop in eval covers columns 0 .. kIsReal - 1");

  std::string_view name() const noexcept { return "bitwise"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr k = m.current(kK), is_real = m.current(kIsReal);
    b.assert_bool(is_real, "is_real is boolean");
    b.assert_zero(k * (k - Fp::one()) * (k + Fp::one()), "k = op - 4 is -1 (xor), 0 (or) or 1 (and)");
    for (size_t i = 0; i < kIsReal; ++i) b.when(Fp::one() - is_real).assert_zero(m.current(i), kPaddingNames[i]);

    static_assert(static_cast<uint32_t>(AluOp::xor_) == 3 && static_cast<uint32_t>(AluOp::or_) == 4 &&
                      static_cast<uint32_t>(AluOp::and_) == 5 && static_cast<uint32_t>(ByteOp::xor_) == 4 &&
                      static_cast<uint32_t>(ByteOp::or_) == 3 && static_cast<uint32_t>(ByteOp::and_) == 2,
                  "k encodes the ALU op as 4 + k and the byte op as 3 - k");
    const Expr alu_op = k + Fp(4u), byte_op = Fp(3u) - k;
    auto limb = [&](size_t col) { return Expr(m.current(col)) + Expr(m.current(col + 1)) * Fp(256u); };
    b.receive(kAluBus, {alu_op, limb(kA), limb(kA + 2), limb(kB), limb(kB + 2), limb(kC), limb(kC + 2)}, is_real);
    for (size_t i = 0; i < 4; ++i)
      b.send(kByteBus, {byte_op, m.current(kB + i), m.current(kC + i), m.current(kA + i)}, is_real);
  }

  // One row per event (op xor, or or and, else std::invalid_argument), zero padding to a power of two
  // >= 8; records the byte lookups in `bytes`. Parallel over events.
  RowMajorMatrix<Fp> generate_trace(std::span<const AluEvent> events, ByteLookups& bytes, size_t min_height = 8) const;
};

static_assert(Air<BitwiseChip>);

}  // namespace zkrv::chips
