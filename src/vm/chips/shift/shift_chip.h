// ShiftChip: the ALU chip for sll, srl and sra (RISC-V Unprivileged ISA, section 2.4), one row per
// operation. It proves no product itself: it derives the power of two that turns the shift into a
// multiplication and sends that multiplication on the ALU bus to the mul chip (mul/mul_chip.h), which
// proves it and range-checks a:
//   sll b, s            = mul(b, 2^s)                 (low half of b 2^s)
//   srl b, s  (s >= 1)  = mulhu(b, 2^(32-s))          (floor(b 2^(32-s) / 2^32) = floor(b / 2^s))
//   sra b, s  (s >= 1)  = mulhsu(b, 2^(32-s))         (the same with b signed: floor rounds to -inf)
//   srl/sra b, 0        = mul(b, 1)                   (2^32 is no word; this also range-checks a = b)
// where s = c mod 32. The s = 0 right shifts have their own flags (is_srl0, is_sra0), so every op the
// row sends is a linear function of the flags and no is-zero gadget is needed.
//
// Columns (21): a[2], b[2], c[2] (16-bit limbs), s[5] (bits of c mod 32), t = 2^(s0 + 2 s1),
// u = 2^(s mod 16), h, pow[2] (the limbs of the power sent), is_sll, is_srl, is_sra, is_srl0, is_sra0
// (one-hot; 0 on padding, where t = u = 1 and everything else is 0).
// Derived: is_real = sum of flags, right = is_srl + is_sra, z = is_srl0 + is_sra0,
//   v = pow_lo + pow_hi, K = 1 + (2^16 - 1)(1 - s4 + h).
// Constraints (27, degree <= 3): flags, is_real and the five bits boolean (11); a, b, c_hi are 0 on
// padding (5, only to pin padding cells); t = (1 + s0)(1 + 3 s1); u = t (1 + 15 s2)(1 + 255 s3);
// h (h - s4 right) = 0; sll: pow = ((1 - s4) u, s4 u) (2); right: (1 - h) pow_lo = 0, h pow_hi = 0,
// v u = K (3); z: pow = (1, 0) and s = 0 (3).
// Interactions (4, tuples of degree 1): ALU-bus receive (op, a, b, c) with op = 6 is_sll + 7 (is_srl +
// is_srl0) + 8 (is_sra + is_sra0) and ALU-bus send (op', a, b, pow) with op' = 11 (is_sll + z) + 14 is_srl +
// 13 is_sra, both with multiplicity is_real; u16 lookups of (c_lo - sum 2^i s_i) / 32 and of v, with
// multiplicity 1 (padding rows look up zeros). LogUp: 2 groups, 3 extension columns. Cells per row:
// 21 + 12 = 33 (plus the mul row each shift costs).
//
// Soundness (real rows). c_lo is canonical (the sender's guarantee) and r = (c_lo - sum 2^i s_i) / 32 is
// a u16 with boolean bits, so c_lo = sum 2^i s_i + 32 r over the integers (both sides < 2^22): the bits
// are c mod 32. t and u are then exactly 2^(s0 + 2 s1) and 2^(s mod 16) <= 2^15.
// - sll: pow = 2^s in canonical limbs, so the mul chip proves a = b 2^s mod 2^32.
// - srl/sra: one pow limb is 0 (h boolean) and v is a u16, so pow is canonical and equals v (h = 1) or
//   2^16 v (h = 0); h is 0 when s4 = 0. From v 2^(s mod 16) = K:
//     s4 = 0: v = 2^(16-s), below 2^16 only if s >= 1; pow = 2^16 v = 2^(32-s);
//     s4 = 1, h = 0: v = 2^-(s mod 16) in the field, an integer below 2^16 only for s = 16 (since
//       p = 1 mod 2^27, 2^-r mod p = (1 + (2^r - 1) p) / 2^r > p / 2 for 1 <= r <= 15); pow = 2^16;
//     s4 = 1, h = 1: v = 2^(16 - (s mod 16)) < 2^16 only if s >= 17; pow = v = 2^(32-s).
//   So the row exists only for s >= 1, with pow = 2^(32-s), and the mul chip proves a = b >> s.
// - srl0/sra0: s = 0 (bits sum to 0) and pow = 1: the mul chip proves a = b.
// - Padding rows receive and send nothing.
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
  T a[2];  // lo, hi limbs
  T b[2];
  T c[2];
  T s[5];    // bits of c mod 32, least significant first
  T t;       // 2^(s0 + 2 s1)
  T u;       // 2^(s mod 16)
  T h;       // 1 on right shifts by 17..31 (the power lands in the low limb)
  T pow[2];  // the power of two sent to the mul chip, as limbs
  T is_sll;
  T is_srl;   // srl by s >= 1
  T is_sra;   // sra by s >= 1
  T is_srl0;  // srl by s = 0
  T is_sra0;  // sra by s = 0
};

// The trace and the multiplications its rows send to the mul chip (in row order), which the mul chip's
// trace must include (vm/chips/README.md, "Chip conventions").
struct ShiftTrace {
  RowMajorMatrix<Fp> main;
  std::vector<AluEvent> mul_events;
};

class ShiftChip : public AirDefaults {
 public:
  using Cols = ShiftCols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kA = offsetof(Cols, a), kB = offsetof(Cols, b), kC = offsetof(Cols, c),
                          kS = offsetof(Cols, s), kT = offsetof(Cols, t), kU = offsetof(Cols, u),
                          kH = offsetof(Cols, h), kPow = offsetof(Cols, pow), kIsSll = offsetof(Cols, is_sll),
                          kIsSrl = offsetof(Cols, is_srl), kIsSra = offsetof(Cols, is_sra),
                          kIsSrl0 = offsetof(Cols, is_srl0), kIsSra0 = offsetof(Cols, is_sra0);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "a_lo", "a_hi", "b_lo", "b_hi",   "c_lo",   "c_hi",   "s0",     "s1",     "s2",      "s3",     "s4",
      "t",    "u",    "h",    "pow_lo", "pow_hi", "is_sll", "is_srl", "is_sra", "is_srl0", "is_sra0"};
  static_assert(kWidth == 21 && kIsSra0 == 20);

  std::string_view name() const noexcept { return "shift"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr a_lo = m.current(kA), a_hi = m.current(kA + 1), b_lo = m.current(kB), b_hi = m.current(kB + 1),
               c_lo = m.current(kC), c_hi = m.current(kC + 1);
    const std::array<Expr, 5> s = {m.current(kS), m.current(kS + 1), m.current(kS + 2), m.current(kS + 3),
                                   m.current(kS + 4)};
    const Expr t = m.current(kT), u = m.current(kU), h = m.current(kH), pow_lo = m.current(kPow),
               pow_hi = m.current(kPow + 1);
    const Expr is_sll = m.current(kIsSll), is_srl = m.current(kIsSrl), is_sra = m.current(kIsSra),
               is_srl0 = m.current(kIsSrl0), is_sra0 = m.current(kIsSra0);
    const Expr is_real = is_sll + is_srl + is_sra + is_srl0 + is_sra0;
    const Expr right = is_srl + is_sra, z = is_srl0 + is_sra0;
    const Expr one = Fp::one();

    b.assert_bool(is_sll, "is_sll is boolean");
    b.assert_bool(is_srl, "is_srl is boolean");
    b.assert_bool(is_sra, "is_sra is boolean");
    b.assert_bool(is_srl0, "is_srl0 is boolean");
    b.assert_bool(is_sra0, "is_sra0 is boolean");
    b.assert_bool(is_real, "at most one op flag is set");
    b.assert_bool(s[0], "s0 is boolean");
    b.assert_bool(s[1], "s1 is boolean");
    b.assert_bool(s[2], "s2 is boolean");
    b.assert_bool(s[3], "s3 is boolean");
    b.assert_bool(s[4], "s4 is boolean");
    const Expr not_real = one - is_real;
    b.assert_zero(not_real * a_lo, "padding: a_lo = 0");
    b.assert_zero(not_real * a_hi, "padding: a_hi = 0");
    b.assert_zero(not_real * b_lo, "padding: b_lo = 0");
    b.assert_zero(not_real * b_hi, "padding: b_hi = 0");
    b.assert_zero(not_real * c_hi, "padding: c_hi = 0");

    b.assert_zero(t - (one + s[0]) * (one + s[1] * Fp(3u)), "t = (1 + s0)(1 + 3 s1)");
    b.assert_zero(u - t * (one + s[2] * Fp(15u)) * (one + s[3] * Fp(255u)), "u = t (1 + 15 s2)(1 + 255 s3)");
    b.assert_zero(h * (h - s[4] * right), "h is boolean and 0 unless a right shift with s4 = 1");
    b.assert_zero(is_sll * (pow_lo - (one - s[4]) * u), "sll: pow_lo = (1 - s4) u");
    b.assert_zero(is_sll * (pow_hi - s[4] * u), "sll: pow_hi = s4 u");
    b.assert_zero(right * (one - h) * pow_lo, "right shift: pow_lo = 0 unless h");
    b.assert_zero(right * h * pow_hi, "right shift: pow_hi = 0 if h");
    const Expr v = pow_lo + pow_hi;
    const Expr k = one + (one - s[4] + h) * Fp((1u << 16) - 1);
    b.assert_zero(right * (v * u - k), "right shift: v 2^(s mod 16) = 2^16, or 1 if s4 and not h");
    b.assert_zero(z * (pow_lo - one), "s = 0 right shift: pow_lo = 1");
    b.assert_zero(z * pow_hi, "s = 0 right shift: pow_hi = 0");
    b.assert_zero(z * (s[0] + s[1] + s[2] + s[3] + s[4]), "s = 0 right shift: every bit of s is 0");

    static_assert(static_cast<uint32_t>(AluOp::sll) == 6 && static_cast<uint32_t>(AluOp::srl) == 7 &&
                  static_cast<uint32_t>(AluOp::sra) == 8);
    static_assert(static_cast<uint32_t>(AluOp::mul) == 11 && static_cast<uint32_t>(AluOp::mulhsu) == 13 &&
                  static_cast<uint32_t>(AluOp::mulhu) == 14);
    const Expr op = is_sll * Fp(6u) + (is_srl + is_srl0) * Fp(7u) + (is_sra + is_sra0) * Fp(8u);
    const Expr mul_op = (is_sll + z) * Fp(11u) + is_srl * Fp(14u) + is_sra * Fp(13u);
    b.receive(kAluBus, {op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi}, is_real);
    b.send(kAluBus, {mul_op, a_lo, a_hi, b_lo, b_hi, pow_lo, pow_hi}, is_real);
    const Expr zero = Fp::zero(), u16 = Fp(static_cast<uint32_t>(ByteOp::u16));
    const Expr low_bits = s[0] + s[1] * Fp(2u) + s[2] * Fp(4u) + s[3] * Fp(8u) + s[4] * Fp(16u);
    b.send(kByteBus, {u16, (c_lo - low_bits) * Fp(32u).inverse(), zero, zero}, one);
    b.send(kByteBus, {u16, v, zero, zero}, one);
  }

  // One row per event (op sll, srl or sra, else std::invalid_argument; the event's a is copied, not
  // recomputed, into the row and into the multiplication sent), padding to a power of two >= 8; records
  // the byte lookups in `bytes`. Parallel over rows.
  ShiftTrace generate_trace(std::span<const AluEvent> events, ByteLookups& bytes) const;
};

static_assert(Air<ShiftChip>);

}  // namespace zkrv::chips
