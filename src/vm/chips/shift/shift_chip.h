// ShiftChip: the ALU chip for sll, srl and sra (RISC-V Unprivileged ISA, section 2.4), one row per
// operation: a barrel shifter over bytes, with the byte table doing the bit shifts.
//
// The amount s = c mod 32 is split as s = 8 q + r (q in 0..3 one-hot, r in 0..7). Every byte b_i of b
// is shifted left by y bits in ONE byte-table lookup (16 + y, b_i, lo_i, hi_i), which returns the two
// bytes of b_i << y (y <= 8; buses.h):
//   lo_i = (b_i << y) & 0xff          hi_i = (b_i << y) >> 8
// sll (y = r): byte i of b << r is t_i = lo_i + hi_{i-1} (hi_{-1} = 0); a's byte j is t_{j-q} (0 below).
// srl/sra (y = 8 - r): lo_i holds the low r bits of b_i moved to the top, hi_i = b_i >> r, so byte i of
//   b >> r is u_i = hi_i + lo_{i+1}, where the byte above b_3 is the sign fill: lo_4 = sfill =
//   (0xff sign) << (8 - r) & 0xff (a table lookup too, whose high byte lands in sfill_hi and is not
//   used) and every byte beyond is 0xff sign; a's byte j is u_{j+q}. sign = the top bit of b (msb
//   lookup) on sra rows, 0 otherwise.
// The two parts of each sum have disjoint bits, so every byte of a is below 256 and a's limbs are
// canonical without a further range check.
//
// Columns (29): b0..b3, c_lo, c_hi, r, y, m, q0..q3, is_sll, is_srl, is_sra, lo0..lo3, hi0..hi3, sign,
// sfill, sfill_hi, a_lo, a_hi. Derived: is_real = is_sll + is_srl + is_sra, right = is_srl + is_sra.
// Constraints (degree <= 3): flags and q_k boolean, is_real boolean, sum q_k = is_real;
//   c_lo = r + 8 (q1 + 2 q2 + 3 q3) + 32 m; y = r + right (8 - 2 r); a_lo = a0 + 256 a1,
//   a_hi = a2 + 256 a3 with a_j = sum_k q_k (is_sll t_{j-k} + right u_{j+k}); sign, sfill, sfill_hi = 0
//   unless sra; padding rows: b, c, r, m, lo, hi, a = 0.
// Interactions (8, tuples and multiplicities of degree 1): ALU-bus receive (op, a, b, c) with
// op = 6 is_sll + 7 is_srl + 8 is_sra, mult is_real; (16 + y, b_i, lo_i, hi_i) (4), mult is_real;
// u16 of 2^13 r + m + 1, mult is_real; msb of b3 giving sign and (16 + y, 0xff sign, sfill, sfill_hi),
// mult is_sra. LogUp: 4 groups, 4 extension columns (the last group rides in the running sum,
// stark/logup.h). Cells per row: 29 + 16 = 45 (the former design, with separate lookups for the two
// bytes of each b_i << y and for r and m, and a separate running-sum column, had 28 + 32 = 60).
//
// Soundness (real rows). Which values are integers, and why:
//   - c_lo (and c_hi) are canonical limbs: the sender's guarantee on the ALU bus.
//   - y is an integer in {-16, ..., -11} or [0, 255]: 16 + y is the first entry of a byte-table row,
//     which is an op 0..5 or 16 + y' for a byte y'. r is then an integer too: y = r on sll rows and
//     8 - r on right shifts (right is boolean), so |r| < 2^9.
//   - m is an integer: the u16 lookup makes z = 2^13 r + m + 1 an integer in [0, 2^16), so
//     m = z - 1 - 2^13 r is one with |m| < 2^22.
//   - q_k are booleans (constraints), sign is a bit (the msb table), sfill and sfill_hi bytes (lookup).
// The amount. All terms of c_lo = r + 8 q + 32 m are integers far below p in size, so it holds over the
// integers; with m = z - 1 - 2^13 r it reads r (2^18 - 1) = 8 q + 32 z - 32 - c_lo, whose right side lies
// in [-2^16 - 31, 2^21 - 40]: so 0 <= r <= 7 (r = 8 would need 32 z >= 2^21, z >= 2^16). Then
// c_lo - (r + 8 q) = 32 m with 0 <= r + 8 q <= 31, so 8 q + r = c mod 32. (A lookup of 2^13 r + m
// without the + 1 would admit r = 8, q = 3, m = -1 for c_lo = 0: a shift by 32 claimed for 0.) y is
// then r in [0, 7] (sll) or 8 - r in [1, 8] (right shifts), so each lookup is a real shl row of the
// table: b_i, lo_i, hi_i are bytes (so b_lo = b0 + 256 b1, b_hi = b2 + 256 b3 are the bytes of b) and
// lo_i, hi_i exactly the two bytes of b_i << y. (Before y is known to be in range, a lookup could
// match a u16 row, whose position 1 is not a byte: the order of this argument matters.) An
// exhaustive check over every table first entry, q and lookup value is a test (shift_chip_test.cpp).
// sign is b's bit 31 on sra rows (the msb table row of b3), 0 otherwise; sfill is the low byte of
// 0xff sign << y. So a's bytes are exactly those of b shifted by s (logical or arithmetic), and the
// ALU-bus tuple carries a = op(b, c). Padding rows receive and send nothing (multiplicities 0).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "air/integer_derivation.h"
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
  T sfill;     // ((0xff sign) << y) & 0xff
  T sfill_hi;  // ((0xff sign) << y) >> 8 (the lookup returns it; unused)
  T a[2];      // lo, hi limbs of the result
};

class ShiftChip : public AirDefaults {
 public:
  using Cols = ShiftCols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kB = offsetof(Cols, b), kC = offsetof(Cols, c), kR = offsetof(Cols, r),
                          kY = offsetof(Cols, y), kM = offsetof(Cols, m), kQ = offsetof(Cols, q),
                          kIsSll = offsetof(Cols, is_sll), kIsSrl = offsetof(Cols, is_srl),
                          kIsSra = offsetof(Cols, is_sra), kLo = offsetof(Cols, lo), kHi = offsetof(Cols, hi),
                          kSign = offsetof(Cols, sign), kSfill = offsetof(Cols, sfill),
                          kSfillHi = offsetof(Cols, sfill_hi), kA = offsetof(Cols, a);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "b0", "b1",  "b2",  "b3",  "c_lo", "c_hi", "r",    "y",     "m",    "q0",   "q1",   "q2",  "q3",  "is_sll",
      "is_srl", "is_sra", "lo0", "lo1", "lo2",  "lo3",  "hi0", "hi1", "hi2", "hi3", "sign", "sfill", "sfill_hi",
      "a_lo", "a_hi"};
  static_assert(kWidth == 29 && kA == 27);

  // What the integer-pin check (air/integer_pins.h) cannot see for itself: m is looked up only inside
  // 2^13 r + m + 1, and y, which makes r an integer, stands in the op position of its lookups as 16 + y
  // (not alone). The check then pins r (c_lo = r + 8 q + 32 m) and y (y = r + right (8 - 2 r)).
  static constexpr std::array<IntegerDerivation, 1> kIntegerDerivations = {IntegerDerivation{
      "m",
      "16 + y is the first entry of a byte-table row (an op 0..5 or 16 + a byte), so y is an integer in "
      "[-16, 255] and r (y = r on sll rows, 8 - r on right shifts) one with |r| < 2^9; 2^13 r + m + 1 is a "
      "u16 lookup, so m = z - 1 - 2^13 r is an integer; 0 on padding rows (header, \"Soundness\")"}};
  static IntegerDerivations integer_derivations() { return IntegerDerivations().add(kIntegerDerivations); }


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
    const Expr sign = col(kSign), sfill = col(kSfill), sfill_hi = col(kSfillHi), a_lo = col(kA), a_hi = col(kA + 1);
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
    b.assert_zero(sfill_hi * (one - is_sra), "sfill_hi = 0 unless sra");
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
    const Expr shl_op = y + Fp(kShlOpBase);  // the table's (16 + y, x, lo, hi) rows (buses.h)
    for (size_t i = 0; i < 4; ++i) b.send(kByteBus, {shl_op, bb[i], lo[i], hi[i]}, is_real);
    const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16)), msb = Fp(static_cast<uint32_t>(ByteOp::msb));
    // 2^13 r + m + 1, not 2^13 r + m: the + 1 is what rules out r = 8, m = -1 (header, "Soundness").
    b.send(kByteBus, {u16, r * Fp(1u << 13) + mm + one, zero, zero}, is_real);
    b.send(kByteBus, {msb, bb[3], sign, zero}, is_sra);
    b.send(kByteBus, {shl_op, fill_byte, sfill, sfill_hi}, is_sra);
  }

  // One row per event (op sll, srl or sra, else std::invalid_argument; the result is recomputed from b
  // and c, the event's a is not read), zero padding to a power of two >= 8; records the byte lookups in
  // `bytes`. Parallel over rows.
  RowMajorMatrix<Fp> generate_trace(std::span<const AluEvent> events, ByteLookups& bytes, size_t min_height = 8) const;
};

static_assert(Air<ShiftChip>);

}  // namespace zkrv::chips
