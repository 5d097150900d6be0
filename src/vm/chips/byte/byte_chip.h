// ByteChip: the byte table of the RV32IM machine (vm/chips/README.md, "byte bus"; common/buses.h lists
// the tuples). It answers every byte-bus lookup of every other chip.
//
// Preprocessed (committed once in the verifying key), 2^16 rows, row r = x + 256 y for bytes x, y:
//   x, y, x & y, x | y, x ^ y, x >> 7, byte_shl(x, y), byte_shl_carry(x, y)   8 columns
// Main: one multiplicity per ByteOp (u16, u8_pair, and, or, xor, msb, shl)   7 columns
// Row r receives, each with its op's multiplicity:
//   (u16, x + 256 y, 0, 0), (u8_pair, x, y, 0), (and_, x, y, x & y), (or_, x, y, x | y),
//   (xor_, x, y, x ^ y), (msb, x, x >> 7, 0), (16 + y, x, byte_shl(x, y), byte_shl_carry(x, y)).
// No constraints (degree 0); 7 receives, tuples and multiplicities of degree 1. The shl tuple's first
// entry 16 + y (buses.h) never equals another op's (0..5), so no row answers for another op.
//
// The multiplicities are the only free multiplicities of the machine and need no constraint: the table
// side of a LogUp argument may carry any count, because every tuple it offers is fixed by the
// preprocessed commitment (Haboeck, eprint 2022/1530, lemma 5); the senders' multiplicities are the
// ones that must be boolean. A multiplicity is a count mod p, so the STARK's bound on the total number
// of interactions (below p) keeps a count from wrapping around.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "air/air.h"
#include "air/builder.h"
#include "air/integer_derivation.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"

namespace zkrv::chips {

class ByteChip : public AirDefaults {
 public:
  static constexpr size_t kHeight = ByteLookups::kRows;
  // Preprocessed columns.
  static constexpr size_t kX = 0, kY = 1, kAnd = 2, kOr = 3, kXor = 4, kMsb = 5, kShl = 6, kShlCarry = 7,
                          kPreprocessedWidth = 8;
  // Main column of op: static_cast<size_t>(op).
  static constexpr size_t kWidth = kByteOpCount;
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "mult_u16", "mult_u8_pair", "mult_and", "mult_or", "mult_xor", "mult_msb", "mult_shl"};

  // The multiplicities are free field elements by design (header): declared so to the integer-pin check.
  static IntegerDerivations integer_derivations() {
    static constexpr std::string_view kFree =
        "not an integer: a free multiplicity of the table side of LogUp, read only as a multiplicity (header)";
    static constexpr std::array<IntegerDerivation, kWidth> kFreeMultiplicities = [] {
      std::array<IntegerDerivation, kWidth> d{};
      for (size_t i = 0; i < kWidth; ++i) d[i] = {kColumnNames[i], kFree};
      return d;
    }();
    return IntegerDerivations().add(kFreeMultiplicities);
  }

  std::string_view name() const noexcept { return "byte"; }
  size_t width() const noexcept { return kWidth; }
  size_t preprocessed_width() const noexcept { return kPreprocessedWidth; }
  RowMajorMatrix<Fp> preprocessed_trace() const;

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto p = b.preprocessed();
    const auto m = b.main();
    const Expr x = p.current(kX), y = p.current(kY);
    const Expr zero = Fp::zero();
    auto op = [](ByteOp o) { return Expr(Fp(static_cast<uint32_t>(o))); };
    auto mult = [&](ByteOp o) { return Expr(m.current(static_cast<size_t>(o))); };
    b.receive(kByteBus, {op(ByteOp::u16), x + y * Fp(256u), zero, zero}, mult(ByteOp::u16));
    b.receive(kByteBus, {op(ByteOp::u8_pair), x, y, zero}, mult(ByteOp::u8_pair));
    b.receive(kByteBus, {op(ByteOp::and_), x, y, Expr(p.current(kAnd))}, mult(ByteOp::and_));
    b.receive(kByteBus, {op(ByteOp::or_), x, y, Expr(p.current(kOr))}, mult(ByteOp::or_));
    b.receive(kByteBus, {op(ByteOp::xor_), x, y, Expr(p.current(kXor))}, mult(ByteOp::xor_));
    b.receive(kByteBus, {op(ByteOp::msb), x, Expr(p.current(kMsb)), zero}, mult(ByteOp::msb));
    b.receive(kByteBus, {y + Fp(kShlOpBase), x, Expr(p.current(kShl)), Expr(p.current(kShlCarry))},
              mult(ByteOp::shl));
  }

  // The multiplicities that answer exactly the lookups in `lookups` (parallel over rows).
  RowMajorMatrix<Fp> generate_trace(const ByteLookups& lookups) const;
};

static_assert(Air<ByteChip>);

}  // namespace zkrv::chips
