// MulChip: the ALU chip for mul, mulh, mulhsu and mulhu (RISC-V Unprivileged ISA, section 13.1), one row
// per operation.
//
// Every row proves the full 64-bit product P = b_s * c_s mod 2^64, where b_s is b read as signed on
// mulh/mulhsu rows and c_s is c read as signed on mulh rows. With b_neg, c_neg the sign bits that apply,
//   b_s c_s = (b - 2^32 b_neg)(c - 2^32 c_neg) = bc + 2^32 b_neg (2^32 - c) + 2^32 c_neg (2^32 - b)
//             (mod 2^64)
// (the 2^64 b_neg c_neg term vanishes), so the sign extension costs two nonnegative correction terms in
// the upper limbs instead of eight extension bytes. P is checked limb by limb: with the byte
// convolution s_m = sum_{i+j=m} b_i c_j (bytes of b and c, m <= 6) and B0, B1, C0, C1 the 16-bit limbs,
//   limb 0: s_0 + 256 s_1                                                  = R_0 + 2^16 k_0
//   limb 1: s_2 + 256 s_3 + k_0                                            = R_1 + 2^16 k_1
//   limb 2: s_4 + 256 s_5 + k_1 + b_neg (2^16 - C0) + c_neg (2^16 - B0)    = R_2 + 2^16 k_2
//   limb 3: s_6 + k_2 + b_neg (0xffff - C1) + c_neg (0xffff - B1)          = R_3 + 2^16 k_3
// where (R_0, R_1) = a and (R_2, R_3) = x (the other half) on mul rows, the reverse on the mulh* rows.
//
// Columns (22): b[4], c[4] (bytes), a[2], x[2] (16-bit limbs), k[4] (carries), b_msb, c_msb (top bits
// of b and c), is_mul, is_mulh, is_mulhsu, is_mulhu (one-hot op flags, all 0 on padding).
// Derived: is_real = sum of flags, op = 11 is_mul + 12 is_mulh + 13 is_mulhsu + 14 is_mulhu,
//   b_neg = b_msb (is_mulh + is_mulhsu), c_neg = c_msb is_mulh (degree 2).
// Constraints (12, degree <= 3): the 4 flags, is_real, b_msb, c_msb boolean (7, degree 2); the 4 limb
//   equations (degree 3); k_3 in {0, 1, 2} (degree 3).
// Interactions (12, tuples of degree 1): ALU-bus receive (op, a_lo, a_hi, B0, B1, C0, C1) with
//   multiplicity is_real; byte-bus sends with multiplicity 1 on every row (padding rows look up zeros,
//   recorded like any other, so that every padding cell is pinned too): u8_pair(b0, b1),
//   u8_pair(b2, b3 + 128 - 256 b_msb), the same two for c, u16 of a_lo, a_hi, x_lo, x_hi, and for each
//   carry k_0, k_1, k_2 both u16(k) and u16(4 k) (15 interactions). LogUp: 8 groups, 8 extension
//   columns (stark/logup.h). Cells per row: 22 + 32 = 54.
//
// Soundness (on real rows; the receive is the only thing a row can claim):
// - b, c limbs are canonical (the sender's guarantee). u8_pair(b0, b1) makes b0, b1 bytes. For the top
//   byte, z = b3 + 128 - 256 b_msb is a byte and b_msb is boolean, so b3 is an integer in [-128, 384);
//   b2 + 256 b3 = B1 is canonical, so b3 is in [0, 256), and then b_msb = 0 forces b3 < 128, b_msb = 1
//   forces b3 >= 128: b_msb is bit 31 of b and one lookup checks a byte and a sign. (Without the
//   canonical B1, b3 could be a non-canonical field element; the receive is what pins it.)
// - Carries are integers (the derivation the limb equations need): u16(k) is a lookup of k ITSELF, so k
//   is an integer in [0, 2^16); then 4 k < 2^18 < p is that integer times 4, and u16(4 k) bounds it:
//   k < 2^14. (u16(4 k) alone would not do: k = t + j/4 passes it, 2^16 k = 2^14 (4 k) is an integer in
//   its own limb equation while k enters the next one as a field element near p / 4. An audit forged
//   mul(0x8000, 0x10000) = 0 that way.) Honest carries are below 2^10 (k_0 <= 508, k_1 <= 1019,
//   k_2 <= 513). k_3 is an integer by its cubic constraint.
// - Every term of every limb equation is a nonnegative integer: s_m <= 4 * 255^2, so the left side is
//   below 2^27; the right side is below 2^16 + 2^16 * 2^14 = 2^30 < p because R is checked u16 and
//   k_0..k_2 < 2^14 and k_3 <= 2. No side wraps
//   mod p, so each limb equation holds over the integers, and chained they give
//   R_0 + 2^16 R_1 + 2^32 R_2 + 2^48 R_3 + 2^64 k_3 = the sum of the terms, i.e. R = b_s c_s mod 2^64.
//   k_3 <= 2 because the terms sum below 3 * 2^64 (bc, and each correction, is at most 2^64).
// - Padding rows (all zero) satisfy every constraint and receive nothing; their lookups are of zeros.
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
struct MulCols {
  T b[4];  // bytes of b, least significant first
  T c[4];
  T a[2];   // the result: the low half of the product on mul rows, the high half otherwise
  T x[2];   // the other half
  T k[4];   // carries out of the four limb equations
  T b_msb;  // bit 31 of b (whatever the op)
  T c_msb;
  T is_mul;
  T is_mulh;
  T is_mulhsu;
  T is_mulhu;
};

class MulChip : public AirDefaults {
 public:
  using Cols = MulCols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kB = offsetof(Cols, b), kC = offsetof(Cols, c), kA = offsetof(Cols, a),
                          kX = offsetof(Cols, x), kK = offsetof(Cols, k), kBMsb = offsetof(Cols, b_msb),
                          kCMsb = offsetof(Cols, c_msb), kIsMul = offsetof(Cols, is_mul),
                          kIsMulh = offsetof(Cols, is_mulh), kIsMulhsu = offsetof(Cols, is_mulhsu),
                          kIsMulhu = offsetof(Cols, is_mulhu);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "b0",   "b1", "b2", "b3", "c0", "c1",    "c2",    "c3",     "a_lo",    "a_hi",      "x_lo",
      "x_hi", "k0", "k1", "k2", "k3", "b_msb", "c_msb", "is_mul", "is_mulh", "is_mulhsu", "is_mulhu"};
  static_assert(kWidth == 22 && kIsMulhu == 21);

  // Why the columns the integer-pin check (air/integer_pins.h) cannot pin mechanically are integers.
  static constexpr std::array<IntegerDerivation, 2> kIntegerDerivations = {
      IntegerDerivation{"b3", "b3 = z - 128 + 256 b_msb with z the second byte of the u8_pair lookup (multiplicity 1 "
                              "on every row) and b_msb boolean: an integer in [-128, 384); on real rows b2 + 256 b3 = "
                              "B1 is received canonical, so b3 is in [0, 256) (header, 'Soundness')"},
      IntegerDerivation{"c3", "c3 = z - 128 + 256 c_msb as for b3 (the u8_pair lookup of c2, c3 + 128 - 256 c_msb)"}};
  static IntegerDerivations integer_derivations() { return IntegerDerivations().add(kIntegerDerivations); }

  std::string_view name() const noexcept { return "mul"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const std::array<Expr, 4> bb = {m.current(kB), m.current(kB + 1), m.current(kB + 2), m.current(kB + 3)};
    const std::array<Expr, 4> cb = {m.current(kC), m.current(kC + 1), m.current(kC + 2), m.current(kC + 3)};
    const Expr a_lo = m.current(kA), a_hi = m.current(kA + 1), x_lo = m.current(kX), x_hi = m.current(kX + 1);
    const Expr k0 = m.current(kK), k1 = m.current(kK + 1), k2 = m.current(kK + 2), k3 = m.current(kK + 3);
    const Expr b_msb = m.current(kBMsb), c_msb = m.current(kCMsb);
    const Expr is_mul = m.current(kIsMul), is_mulh = m.current(kIsMulh), is_mulhsu = m.current(kIsMulhsu),
               is_mulhu = m.current(kIsMulhu);
    static_assert(static_cast<uint32_t>(AluOp::mul) == 11 && static_cast<uint32_t>(AluOp::mulhu) == 14);
    const Expr is_real = is_mul + is_mulh + is_mulhsu + is_mulhu;
    const Expr op = is_mul * Fp(11u) + is_mulh * Fp(12u) + is_mulhsu * Fp(13u) + is_mulhu * Fp(14u);

    b.assert_bool(is_mul, "is_mul is boolean");
    b.assert_bool(is_mulh, "is_mulh is boolean");
    b.assert_bool(is_mulhsu, "is_mulhsu is boolean");
    b.assert_bool(is_mulhu, "is_mulhu is boolean");
    b.assert_bool(is_real, "at most one op flag is set");
    b.assert_bool(b_msb, "b_msb is boolean");
    b.assert_bool(c_msb, "c_msb is boolean");

    const Fp f256(256u), two16(1u << 16), ffff(0xffffu);
    const Expr B0 = bb[0] + bb[1] * f256, B1 = bb[2] + bb[3] * f256;
    const Expr C0 = cb[0] + cb[1] * f256, C1 = cb[2] + cb[3] * f256;
    auto conv = [&](size_t s) {  // s_m = sum_{i+j=m} b_i c_j
      Expr acc = Fp::zero();
      for (size_t i = 0; i < 4; ++i)
        if (s >= i && s - i < 4) acc = acc + bb[i] * cb[s - i];
      return acc;
    };
    const Expr b_neg = b_msb * (is_mulh + is_mulhsu), c_neg = c_msb * is_mulh;
    const Expr not_mul = Fp::one() - is_mul;
    const Expr r0 = is_mul * a_lo + not_mul * x_lo, r1 = is_mul * a_hi + not_mul * x_hi;
    const Expr r2 = is_mul * x_lo + not_mul * a_lo, r3 = is_mul * x_hi + not_mul * a_hi;
    b.assert_zero(conv(0) + conv(1) * f256 - r0 - k0 * two16, "limb 0: s0 + 256 s1 = R0 + 2^16 k0");
    b.assert_zero(conv(2) + conv(3) * f256 + k0 - r1 - k1 * two16, "limb 1: s2 + 256 s3 + k0 = R1 + 2^16 k1");
    b.assert_zero(conv(4) + conv(5) * f256 + k1 + b_neg * (two16 - C0) + c_neg * (two16 - B0) - r2 - k2 * two16,
                  "limb 2: s4 + 256 s5 + k1 + sign corrections = R2 + 2^16 k2");
    b.assert_zero(conv(6) + k2 + b_neg * (ffff - C1) + c_neg * (ffff - B1) - r3 - k3 * two16,
                  "limb 3: s6 + k2 + sign corrections = R3 + 2^16 k3");
    b.assert_zero(k3 * (k3 - Fp::one()) * (k3 - Fp(2u)), "k3 is 0, 1 or 2");

    b.receive(kAluBus, {op, a_lo, a_hi, B0, B1, C0, C1}, is_real);
    const Expr one = Fp::one(), zero = Fp::zero();
    const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16)), pair = Fp(static_cast<uint32_t>(ByteOp::u8_pair));
    const Fp f128(128u);
    b.send(kByteBus, {pair, bb[0], bb[1], zero}, one);
    b.send(kByteBus, {pair, bb[2], bb[3] + f128 - b_msb * f256, zero}, one);
    b.send(kByteBus, {pair, cb[0], cb[1], zero}, one);
    b.send(kByteBus, {pair, cb[2], cb[3] + f128 - c_msb * f256, zero}, one);
    for (const Expr& limb : {a_lo, a_hi, x_lo, x_hi}) b.send(kByteBus, {u16, limb, zero, zero}, one);
    for (const Expr& carry : {k0, k1, k2}) {
      b.send(kByteBus, {u16, carry, zero, zero}, one);  // k is an integer in [0, 2^16) ...
      b.send(kByteBus, {u16, carry * Fp(4u), zero, zero}, one);  // ... and below 2^14
    }
  }

  // One row per event (op mul, mulh, mulhsu or mulhu, else std::invalid_argument; the event's a is not
  // read: it is derived), zero padding to a power of two >= 8; records every byte lookup, padding rows'
  // included, in `bytes`. Parallel over rows.
  RowMajorMatrix<Fp> generate_trace(std::span<const AluEvent> events, ByteLookups& bytes, size_t min_height = 8) const;
};

static_assert(Air<MulChip>);

}  // namespace zkrv::chips
