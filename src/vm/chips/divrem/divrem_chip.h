// DivRemChip: the ALU chip for div, divu, rem and remu (RISC-V Unprivileged ISA, section 13.2), one row
// per operation, every check inline (delegating the product to the mul chip would cost two 50-cell mul
// rows per division, the comparison an lt row).
//
// A row holds the quotient q (bytes) and the remainder r (limbs) and proves, with b_s, c_s, q_s, r_s the
// values as the op reads them (signed for div/rem, with q_s = q - 2^32 q_neg where q_neg is a free
// boolean, see below):
//   (1) c_s q_s + r_s = b_s over the integers,
//   (2) c != 0: |r| < |c|, and r = 0 or r has b's sign;
//   (3) c = 0: q = 0xffffffff (and (1) gives r = b).
// The op's result is q (div, divu) or r (rem, remu). For c != 0 these are exactly the truncating
// quotient and remainder RISC-V defines; for INT_MIN / -1 the integer quotient is +2^31, which (1)
// accepts with q = 0x80000000, q_neg = 0 (the RISC-V result INT_MIN, remainder 0) since q_s may range
// over [-2^32, 2^32): no special case. (Division by zero is (3).)
//
// (1) mod 2^64, limb by limb: (c - 2^32 c_neg)(q - 2^32 q_neg) = cq + 2^32 c_neg (2^32 - q) +
// 2^32 q_neg (2^32 - c) (mod 2^64), r_s = r + (2^64 - 2^32) r_neg, b_s likewise; with the byte
// convolution s_m = sum_{i+j=m} c_i q_j and limbs C0, C1, Q0, Q1:
//   limb 0: s_0 + 256 s_1 + r_lo                                                      = b_lo + 2^16 k_0
//   limb 1: s_2 + 256 s_3 + k_0 + r_hi                                                = b_hi + 2^16 k_1
//   limb 2: s_4 + 256 s_5 + k_1 + c_neg (2^16 - Q0) + q_neg (2^16 - C0) + 0xffff r_neg = 0xffff b_neg + 2^16 k_2
//   limb 3: s_6 + k_2 + c_neg (0xffff - Q1) + q_neg (0xffff - C1) + 0xffff r_neg        = 0xffff b_neg + 2^16 k_3
// (2) as one borrow chain: with r' = r xor 0xffffffff r_neg and c' = c xor 0xffffffff c_neg (so |r| =
// r' + r_neg, |c| = c' + c_neg), d = |r| - |c| + 2^32 (1 - c_zero) must lie in [0, 2^32):
//   low:  r'_lo + r_neg - c'_lo - c_neg + 2^16 = d_lo + 2^16 kappa
//   high: d_hi = r'_hi - c'_hi + kappa - 1 + 2^16 (1 - c_zero)
// i.e. |r| < |c| unless c_zero, where it reads |r| < 2^32.
//
// Columns (27): b[2] (limbs), c[4], q[4] (bytes), r[2] (limbs), c_msb, b_neg, q_neg, r_neg, k[4], d[2],
// kappa, c_zero, is_real, is_signed (div/rem), is_rem (rem/remu).
// Derived: c_neg = is_signed c_msb; op = 16 is_real - is_signed + 2 is_rem (15 div, 16 divu, 17 rem,
// 18 remu).
// Constraints (22, degree <= 3): is_real, c_msb, c_zero boolean; is_signed, is_rem, b_neg, q_neg, r_neg
// each boolean and 0 where their condition (is_real or is_signed) is 0; padding b_lo = b_hi = 0 (2);
// c_zero (C0 + C1) = 0; c_zero:
// Q0 = Q1 = 0xffff (2); (r_neg - b_neg)(r_lo + r_hi) = 0; the 4 limb equations; k_3 in {0, 1, 2}; the 2
// borrow-chain equations; kappa in {0, 1, 2}.
// Interactions (17, tuples of degree 1): ALU-bus receives (op, q, b, c) with multiplicity is_real - is_rem
// and (op, r, b, c) with multiplicity is_rem; byte-bus sends with multiplicity 1: u8_pair(c0, c1),
// u8_pair(c2, c3 + 128 - 256 c_msb), u8_pair(q0, q1), u8_pair(q2, q3), u16 of r_lo, r_hi, k_0, 4 k_0,
// k_1, 4 k_1, k_2, 4 k_2, d_lo, d_hi; and u16 of 2 (b_hi - 2^15 b_neg) with multiplicity is_signed (b's
// sign, as in the lt chip). LogUp: 9 groups, 9 extension columns (stark/logup.h). Cells per row: 27 + 36 = 63.
// Padding rows are the row of divu(0, 0) with the three flags 0 (c_zero = 1, q = 0xffffffff, kappa = 1),
// so every lookup can keep multiplicity 1 and pin the padding cells.
//
// Soundness (real rows; b and c limbs canonical by the sender's guarantee):
// - c bytes and c_msb = bit 31 of c as in the mul chip (one u8_pair checks c2 and the top byte's sign,
//   using the canonical C1); q bytes and r limbs are range-checked, b_neg is bit 31 of b on signed rows
//   (the 15-bit lookup, b_hi canonical), and all sign columns are 0 on unsigned rows.
// - Carries are integers: u16(k) looks up k itself (an integer in [0, 2^16)), and u16(4 k) then bounds
//   that integer below 2^14. (With u16(4 k) alone, k = t + j/4 passes, and an audit forged divu(7,
//   0xffffffff) = 0xc4000000 with k_1 = 195 + 1/2.) k_3 and kappa are integers by their cubic constraints.
// - Limb equations: every term is a nonnegative integer, the left sides are below 2^27, the right sides
//   below 2^16 + 2^30 (k_0..k_2 < 2^14, k_3 <= 2): no wrap mod p, so they hold over the
//   integers and give c_s q_s + r_s = b_s (mod 2^64). k_3 <= 2 holds for every honest row since the
//   terms sum below 2.5 * 2^64. Signed rows: |c_s| <= 2^31, |q_s| <= 2^32, |r_s| <= 2^32, |b_s| <= 2^31,
//   so c_s q_s + r_s - b_s lies strictly within 2^64 of 0; unsigned rows: 0 <= cq + r <= 2^64 - 2^32.
//   Either way (1) holds over the integers.
// - Borrow chain: r', c' have limbs in [0, 2^16), the left side of "low" lies in [0, 2^17], d_lo < 2^16
//   and kappa <= 2, so it holds over the integers, and so does "high" with d_hi < 2^16: d is the
//   integer |r| - |c| + 2^32 (1 - c_zero) and lies in [0, 2^32).
// - c_zero = 1 forces C0 + C1 = 0, i.e. c = 0; c = 0 with c_zero = 0 would need |r| < 0: so c_zero
//   is exactly [c = 0]. With c = 0, (1) gives r_s = b_s (r = b, r_neg = b_neg) and q is pinned.
// - With c != 0: r_neg = 1 needs r != 0 (else |r| = 2^32), and |r| < |c| <= 2^31 then makes r_neg the
//   sign bit of r; r = 0 or r_neg = b_neg. So r_s is the truncating remainder and q_s the quotient,
//   unique; q = q_s mod 2^32 is the RISC-V quotient (INT_MIN / -1 included).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

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
struct DivRemCols {
  T b[2];    // lo, hi limbs of the dividend
  T c[4];    // bytes of the divisor
  T q[4];    // bytes of the quotient
  T r[2];    // limbs of the remainder
  T c_msb;   // bit 31 of c (whatever the op)
  T b_neg;   // bit 31 of b on div/rem rows, else 0
  T q_neg;   // q_s = q - 2^32 q_neg (0 on unsigned rows)
  T r_neg;   // r_s = r - 2^32 r_neg (0 on unsigned rows)
  T k[4];    // carries of the four limb equations
  T d[2];    // |r| - |c| + 2^32 (1 - c_zero), limbs
  T kappa;   // carry of the borrow chain's low limb
  T c_zero;  // c = 0
  T is_real;
  T is_signed;  // div, rem
  T is_rem;     // rem, remu
};

class DivRemChip : public AirDefaults {
 public:
  using Cols = DivRemCols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kB = offsetof(Cols, b), kC = offsetof(Cols, c), kQ = offsetof(Cols, q),
                          kR = offsetof(Cols, r), kCMsb = offsetof(Cols, c_msb), kBNeg = offsetof(Cols, b_neg),
                          kQNeg = offsetof(Cols, q_neg), kRNeg = offsetof(Cols, r_neg), kK = offsetof(Cols, k),
                          kD = offsetof(Cols, d), kKappa = offsetof(Cols, kappa), kCZero = offsetof(Cols, c_zero),
                          kIsReal = offsetof(Cols, is_real), kIsSigned = offsetof(Cols, is_signed),
                          kIsRem = offsetof(Cols, is_rem);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "b_lo", "b_hi", "c0",   "c1",    "c2",    "c3",     "q0",      "q1",        "q2",
      "q3",   "r_lo", "r_hi", "c_msb", "b_neg", "q_neg",  "r_neg",   "k0",        "k1",
      "k2",   "k3",   "d_lo", "d_hi",  "kappa", "c_zero", "is_real", "is_signed", "is_rem"};
  static_assert(kWidth == 27 && kIsRem == 26);

  // Why the columns the integer-pin check (air/integer_pins.h) cannot pin mechanically are integers.
  static constexpr std::array<IntegerDerivation, 1> kIntegerDerivations = {
      IntegerDerivation{"c3", "c3 = z - 128 + 256 c_msb with z the second byte of the u8_pair lookup (multiplicity 1 "
                              "on every row) and c_msb boolean; on real rows c2 + 256 c3 = C1 is received canonical, "
                              "so c3 is in [0, 256) (header, 'Soundness', as in the mul chip)"}};
  static IntegerDerivations integer_derivations() { return IntegerDerivations().add(kIntegerDerivations); }

  std::string_view name() const noexcept { return "divrem"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr b_lo = m.current(kB), b_hi = m.current(kB + 1), r_lo = m.current(kR), r_hi = m.current(kR + 1);
    const std::array<Expr, 4> cb = {m.current(kC), m.current(kC + 1), m.current(kC + 2), m.current(kC + 3)};
    const std::array<Expr, 4> qb = {m.current(kQ), m.current(kQ + 1), m.current(kQ + 2), m.current(kQ + 3)};
    const Expr c_msb = m.current(kCMsb), b_neg = m.current(kBNeg), q_neg = m.current(kQNeg), r_neg = m.current(kRNeg);
    const Expr k0 = m.current(kK), k1 = m.current(kK + 1), k2 = m.current(kK + 2), k3 = m.current(kK + 3);
    const Expr d_lo = m.current(kD), d_hi = m.current(kD + 1), kappa = m.current(kKappa), c_zero = m.current(kCZero);
    const Expr is_real = m.current(kIsReal), is_signed = m.current(kIsSigned), is_rem = m.current(kIsRem);
    const Expr one = Fp::one(), zero = Fp::zero();
    const Fp f256(256u), two16(1u << 16), ffff(0xffffu);

    b.assert_bool(is_real, "is_real is boolean");
    b.assert_zero(is_signed * (is_signed - is_real), "is_signed is boolean and 0 on padding");
    b.assert_zero(is_rem * (is_rem - is_real), "is_rem is boolean and 0 on padding");
    b.assert_bool(c_msb, "c_msb is boolean");
    b.assert_zero(b_neg * (b_neg - is_signed), "b_neg is boolean and 0 unless signed");
    b.assert_zero(q_neg * (q_neg - is_signed), "q_neg is boolean and 0 unless signed");
    b.assert_zero(r_neg * (r_neg - is_signed), "r_neg is boolean and 0 unless signed");
    b.assert_bool(c_zero, "c_zero is boolean");
    // Padding rows are divu(0, 0) rows (their lookups keep multiplicity 1): b is pinned there too, so no
    // row holds a free dividend.
    b.assert_zero((one - is_real) * b_lo, "padding: b_lo = 0");
    b.assert_zero((one - is_real) * b_hi, "padding: b_hi = 0");

    const Expr C0 = cb[0] + cb[1] * f256, C1 = cb[2] + cb[3] * f256;
    const Expr Q0 = qb[0] + qb[1] * f256, Q1 = qb[2] + qb[3] * f256;
    b.assert_zero(c_zero * (C0 + C1), "c_zero: c = 0");
    b.assert_zero(c_zero * (Q0 - ffff), "c = 0: q_lo = 0xffff");
    b.assert_zero(c_zero * (Q1 - ffff), "c = 0: q_hi = 0xffff");
    b.assert_zero((r_neg - b_neg) * (r_lo + r_hi), "r is 0 or has the sign of b");

    auto conv = [&](size_t s) {  // s_m = sum_{i+j=m} c_i q_j
      Expr acc = Fp::zero();
      for (size_t i = 0; i < 4; ++i)
        if (s >= i && s - i < 4) acc = acc + cb[i] * qb[s - i];
      return acc;
    };
    const Expr c_neg = is_signed * c_msb;
    b.assert_zero(conv(0) + conv(1) * f256 + r_lo - b_lo - k0 * two16, "limb 0: s0 + 256 s1 + r_lo = b_lo + 2^16 k0");
    b.assert_zero(conv(2) + conv(3) * f256 + k0 + r_hi - b_hi - k1 * two16,
                  "limb 1: s2 + 256 s3 + k0 + r_hi = b_hi + 2^16 k1");
    b.assert_zero(conv(4) + conv(5) * f256 + k1 + c_neg * (two16 - Q0) + q_neg * (two16 - C0) + r_neg * ffff -
                      b_neg * ffff - k2 * two16,
                  "limb 2: s4 + 256 s5 + k1 + sign terms = 0xffff b_neg + 2^16 k2");
    b.assert_zero(conv(6) + k2 + c_neg * (ffff - Q1) + q_neg * (ffff - C1) + r_neg * ffff - b_neg * ffff - k3 * two16,
                  "limb 3: s6 + k2 + sign terms = 0xffff b_neg + 2^16 k3");
    b.assert_zero(k3 * (k3 - one) * (k3 - Fp(2u)), "k3 is 0, 1 or 2");

    // |r| - |c| through the complements r' = r xor (r_neg * 0xffffffff), c' likewise.
    const Expr r_lo_c = r_lo + r_neg * (ffff - r_lo * Fp(2u)), r_hi_c = r_hi + r_neg * (ffff - r_hi * Fp(2u));
    const Expr c_lo_c = C0 + c_neg * (ffff - C0 * Fp(2u)), c_hi_c = C1 + c_neg * (ffff - C1 * Fp(2u));
    b.assert_zero(r_lo_c + r_neg - c_lo_c - c_neg + two16 - d_lo - kappa * two16,
                  "|r| < |c|, low: r'_lo + r_neg - c'_lo - c_neg + 2^16 = d_lo + 2^16 kappa");
    b.assert_zero(kappa * (kappa - one) * (kappa - Fp(2u)), "kappa is 0, 1 or 2");
    b.assert_zero(d_hi - (r_hi_c - c_hi_c + kappa - one + (one - c_zero) * two16),
                  "|r| < |c|, high: d_hi = r'_hi - c'_hi + kappa - 1 + 2^16 (1 - c_zero)");

    static_assert(static_cast<uint32_t>(AluOp::div) == 15 && static_cast<uint32_t>(AluOp::divu) == 16 &&
                  static_cast<uint32_t>(AluOp::rem) == 17 && static_cast<uint32_t>(AluOp::remu) == 18);
    const Expr op = is_real * Fp(16u) - is_signed + is_rem * Fp(2u);
    b.receive(kAluBus, {op, Q0, Q1, b_lo, b_hi, C0, C1}, is_real - is_rem);
    b.receive(kAluBus, {op, r_lo, r_hi, b_lo, b_hi, C0, C1}, is_rem);
    const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16)), pair = Fp(static_cast<uint32_t>(ByteOp::u8_pair));
    b.send(kByteBus, {pair, cb[0], cb[1], zero}, one);
    b.send(kByteBus, {pair, cb[2], cb[3] + Fp(128u) - c_msb * f256, zero}, one);
    b.send(kByteBus, {pair, qb[0], qb[1], zero}, one);
    b.send(kByteBus, {pair, qb[2], qb[3], zero}, one);
    // Each carry twice: u16(k) makes k an integer, u16(4 k) bounds it below 2^14 (header, "Carries").
    for (const Expr& v : {r_lo, r_hi, k0, k0 * Fp(4u), k1, k1 * Fp(4u), k2, k2 * Fp(4u), d_lo, d_hi})
      b.send(kByteBus, {u16, v, zero, zero}, one);
    b.send(kByteBus, {u16, (b_hi - b_neg * Fp(1u << 15)) * Fp(2u), zero, zero}, is_signed);
  }

  // The quotient and remainder a row holds, and the sign that q is read with.
  struct Witness {
    uint32_t q = 0, r = 0;
    bool q_neg = false;
  };
  // What RISC-V defines for op(b, c) (op div, divu, rem or remu).
  static Witness reference_witness(AluOp op, uint32_t b, uint32_t c) noexcept;
  // Writes the row for op(b, c) with the given quotient and remainder (every other cell derived from
  // them; a dishonest witness gives a row that fails some check), and records its lookups in `bytes` if
  // given. `real` = false writes a padding row (flags 0).
  static void populate_row(std::span<Fp> row, AluOp op, uint32_t b, uint32_t c, const Witness& w, bool real,
                           ByteLookups* bytes);

  // One row per event (op div, divu, rem or remu, else std::invalid_argument; the event's a is not read:
  // the reference quotient and remainder are), padding rows as above, to a power of two >= 8; records the
  // byte lookups in `bytes`. Parallel over rows. (The chip sends nothing on the ALU bus.)
  RowMajorMatrix<Fp> generate_trace(std::span<const AluEvent> events, ByteLookups& bytes, size_t min_height = 8) const;
};

static_assert(Air<DivRemChip>);

}  // namespace zkrv::chips
