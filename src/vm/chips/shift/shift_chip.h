// ShiftChip: the ALU chip for sll, srl and sra (RISC-V Unprivileged ISA, section 2.4), one row per
// operation: a barrel shifter over bytes, with the byte table doing the bit shifts.
//
// The amount s = c mod 32 is split as s = 8 q + r (q in 0..3 one-hot, r in 0..7). Every byte b_i of b
// is shifted left by y bits in the byte table, which returns the two bytes of b_i << y (y <= 8):
//   lo_i = (b_i << y) & 0xff   (shl)          hi_i = (b_i << y) >> 8   (shl_carry)
// sll (y = r): byte i of b << r is t_i = lo_i + hi_{i-1} (hi_{-1} = 0); a's byte j is t_{j-q} (0 below).
// srl/sra (y = 8 - r): lo_i holds the low r bits of b_i moved to the top, hi_i = b_i >> r, so byte i of
//   b >> r is u_i = hi_i + lo_{i+1}, where the byte above b_3 is the sign fill: lo_4 = sfill =
//   (0xff sign) << (8 - r) & 0xff (a table lookup too) and every byte beyond is 0xff sign; a's byte j is
//   u_{j+q}. sign = the top bit of b (msb lookup) on sra rows, 0 otherwise.
// The two parts of each sum have disjoint bits, so every byte of a is below 256 and a's limbs are
// canonical without a further range check.
//
// Columns (28): b0..b3, c_lo, c_hi, r, y, m, q0..q3, is_sll, is_srl, is_sra, lo0..lo3, hi0..hi3, sign,
// sfill, a_lo, a_hi. Derived: is_real = is_sll + is_srl + is_sra, right = is_srl + is_sra.
// Constraints (degree <= 3): flags and q_k boolean, is_real boolean, sum q_k = is_real;
//   c_lo = r + 8 (q1 + 2 q2 + 3 q3) + 32 m; y = r + right (8 - 2 r); a_lo = a0 + 256 a1,
//   a_hi = a2 + 256 a3 with a_j = sum_k q_k (is_sll t_{j-k} + right u_{j+k}); sign, sfill = 0 unless
//   sra; padding rows: b, c, r, m, lo, hi, a = 0.
// Interactions (13, tuples and multiplicities of degree 1): ALU-bus receive (op, a, b, c) with
// op = 6 is_sll + 7 is_srl + 8 is_sra, mult is_real; shl and shl_carry of (b_i, y) (8), mult is_real;
// u16 of 2^13 r (r < 8) and of m itself (m < 2^16), mult is_real; msb of b3 giving sign and shl of
// (0xff sign, y) giving sfill, mult is_sra. LogUp: 7 groups, 8 extension columns. Cells per row:
// 28 + 32 = 60 (the former design, a power of two sent to the mul chip, cost 33 + 50 per shift).
//
// Soundness (real rows). c_lo is canonical (the sender's guarantee). m is an integer in [0, 2^16) (a u16
// lookup of m itself; the former lookup of 32 m let m = j/32 through, and an audit proved slli of 1 by
// 13 as 1 << 5 with m = 8/32). r is an integer because y is (y is looked up itself in the shl table,
// y = r on sll rows and 8 - r on right shifts), and the u16 lookup of 2^13 r then gives r < 8. With q
// one-hot, c_lo = r + 8 q + 32 m is an identity over the integers (the right side is below 2^22 < p),
// so 8 q + r = c mod 32.
// y is then r (sll) or 8 - r in [1, 8] (right shifts), and the lookups give exactly the two bytes of
// b_i << y; they also range-check b_i as bytes, so b_lo = b0 + 256 b1, b_hi = b2 + 256 b3 are the
// bytes of b. sign is b's bit 31 on sra rows (the msb table row of b3), 0 otherwise; sfill is the
// shl of 0xff sign. So a's bytes are exactly those of b shifted by s (logical or arithmetic), and the
// ALU-bus tuple carries a = op(b, c). Padding rows receive and send nothing (multiplicities 0).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"
#include "vm/executor/alu_event.h"

namespace zkrv::chips {

template <class T>
struct ShiftCols {
  T b[4];  // bytes of b, least significant first
  T c[2];  // lo, hi limbs of the amount operand
  T r;     // (c mod 32) mod 8
  T y;     // r for sll, 8 - r for right shifts: the table's shift
  T m;     // c_lo >> 5
  T q[4];  // one-hot (c mod 32) >> 3
  T is_sll;
  T is_srl;
  T is_sra;
  T lo[4];  // (b_i << y) & 0xff
  T hi[4];  // (b_i << y) >> 8
  T sign;   // bit 31 of b on sra rows
  T sfill;  // ((0xff sign) << y) & 0xff
  T a[2];   // lo, hi limbs of the result
};

class ShiftChip : public AirDefaults {
 public:
  using Cols = ShiftCols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kB = offsetof(Cols, b), kC = offsetof(Cols, c), kR = offsetof(Cols, r),
                          kY = offsetof(Cols, y), kM = offsetof(Cols, m), kQ = offsetof(Cols, q),
                          kIsSll = offsetof(Cols, is_sll), kIsSrl = offsetof(Cols, is_srl),
                          kIsSra = offsetof(Cols, is_sra), kLo = offsetof(Cols, lo), kHi = offsetof(Cols, hi),
                          kSign = offsetof(Cols, sign), kSfill = offsetof(Cols, sfill), kA = offsetof(Cols, a);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "b0", "b1",  "b2",  "b3",  "c_lo", "c_hi", "r",    "y",     "m",    "q0",   "q1",   "q2",  "q3",  "is_sll",
      "is_srl", "is_sra", "lo0", "lo1", "lo2",  "lo3",  "hi0", "hi1", "hi2", "hi3", "sign", "sfill", "a_lo", "a_hi"};
  static_assert(kWidth == 28 && kA == 26);


  std::string_view name() const noexcept { return "shift"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const auto col = [&](size_t c) -> Expr { return m.current(c); };
    std::array<Expr, 4> bb, q, lo, hi;
    for (size_t i = 0; i < 4; ++i) {
      bb[i] = col(kB + i);
      q[i] = col(kQ + i);
      lo[i] = col(kLo + i);
      hi[i] = col(kHi + i);
    }
    const Expr c_lo = col(kC), c_hi = col(kC + 1), r = col(kR), y = col(kY), mm = col(kM);
    const Expr is_sll = col(kIsSll), is_srl = col(kIsSrl), is_sra = col(kIsSra);
    const Expr sign = col(kSign), sfill = col(kSfill), a_lo = col(kA), a_hi = col(kA + 1);
    const Expr is_real = is_sll + is_srl + is_sra, right = is_srl + is_sra;
    const Expr one = Fp::one(), zero = Fp::zero();

    b.assert_bool(is_sll, "is_sll is boolean");
    b.assert_bool(is_srl, "is_srl is boolean");
    b.assert_bool(is_sra, "is_sra is boolean");
    b.assert_bool(is_real, "at most one op flag is set");
    for (size_t k = 0; k < 4; ++k) b.assert_bool(q[k], "q flags are boolean");
    b.assert_eq(q[0] + q[1] + q[2] + q[3], is_real, "one byte amount on real rows");
    b.assert_eq(c_lo, r + (q[1] + q[2] * Fp(2u) + q[3] * Fp(3u)) * Fp(8u) + mm * Fp(32u), "c_lo = r + 8 q + 32 m");
    b.assert_eq(y, r + right * (Fp(8u) - r * Fp(2u)), "y = r (sll) or 8 - r (right shifts)");
    b.assert_zero(sign * (one - is_sra), "sign = 0 unless sra");
    b.assert_zero(sfill * (one - is_sra), "sfill = 0 unless sra");
    const Expr not_real = one - is_real;
    for (size_t i = 0; i < 4; ++i) {
      b.assert_zero(not_real * bb[i], "padding: b = 0");
      b.assert_zero(not_real * lo[i], "padding: lo = 0");
      b.assert_zero(not_real * hi[i], "padding: hi = 0");
    }
    b.assert_zero(not_real * c_lo, "padding: c_lo = 0");
    b.assert_zero(not_real * r, "padding: r = 0");
    b.assert_zero(not_real * mm, "padding: m = 0");
    b.assert_zero(not_real * c_hi, "padding: c_hi = 0");
    b.assert_zero(not_real * a_lo, "padding: a_lo = 0");
    b.assert_zero(not_real * a_hi, "padding: a_hi = 0");

    // Bytes of b << r (t) and of b >> r (u, sign-filled above b3).
    const auto t = [&](int i) -> Expr {
      if (i < 0) return zero;
      return i == 0 ? lo[0] : lo[i] + hi[i - 1];
    };
    const Expr fill_byte = sign * Fp(0xffu);
    const auto u = [&](int i) -> Expr {
      if (i >= 4) return fill_byte;
      return i == 3 ? hi[3] + sfill : hi[i] + lo[i + 1];
    };
    std::array<Expr, 4> a;
    for (int j = 0; j < 4; ++j) {
      Expr sum = zero;
      for (int k = 0; k < 4; ++k) sum = sum + q[k] * (is_sll * t(j - k) + right * u(j + k));
      a[j] = sum;
    }
    b.assert_eq(a_lo, a[0] + a[1] * Fp(256u), "a_lo = bytes 0, 1 of the shifted b");
    b.assert_eq(a_hi, a[2] + a[3] * Fp(256u), "a_hi = bytes 2, 3 of the shifted b");

    static_assert(static_cast<uint32_t>(AluOp::sll) == 6 && static_cast<uint32_t>(AluOp::srl) == 7 &&
                  static_cast<uint32_t>(AluOp::sra) == 8);
    const Expr op = is_sll * Fp(6u) + is_srl * Fp(7u) + is_sra * Fp(8u);
    b.receive(kAluBus, {op, a_lo, a_hi, bb[0] + bb[1] * Fp(256u), bb[2] + bb[3] * Fp(256u), c_lo, c_hi}, is_real);
    const Expr shl = Fp(static_cast<uint32_t>(ByteOp::shl)), carry = Fp(static_cast<uint32_t>(ByteOp::shl_carry));
    for (size_t i = 0; i < 4; ++i) {
      b.send(kByteBus, {shl, bb[i], y, lo[i]}, is_real);
      b.send(kByteBus, {carry, bb[i], y, hi[i]}, is_real);
    }
    const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16)), msb = Fp(static_cast<uint32_t>(ByteOp::msb));
    b.send(kByteBus, {u16, r * Fp(1u << 13), zero, zero}, is_real);
    b.send(kByteBus, {u16, mm, zero, zero}, is_real);  // m itself: 32 m alone would let m = j / 32 through
    b.send(kByteBus, {msb, bb[3], sign, zero}, is_sra);
    b.send(kByteBus, {shl, fill_byte, y, sfill}, is_sra);
  }

  // One row per event (op sll, srl or sra, else std::invalid_argument; the result is recomputed from b
  // and c, the event's a is not read), zero padding to a power of two >= 8; records the byte lookups in
  // `bytes`. Parallel over rows.
  RowMajorMatrix<Fp> generate_trace(std::span<const AluEvent> events, ByteLookups& bytes) const;
};

static_assert(Air<ShiftChip>);

}  // namespace zkrv::chips
