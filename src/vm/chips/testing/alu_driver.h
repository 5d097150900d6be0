// AluDriverChip: plays the CPU in chip tests (test-only; the real CPU chip replaces it in the machine).
//
// Columns (8): op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi, is_real. Each real row sends
// (op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi) on the ALU bus with multiplicity is_real, and range-checks
// b_lo, b_hi, c_lo, c_hi with u16 byte lookups, because the real CPU guarantees canonical input limbs
// to the ALU chips (vm/chips/README.md: the receiver may assume canonical b and c; it proves a).
// Constraints (8, degree 2): is_real is boolean; every other column is 0 on padding rows (so that
// padding is pinned and a mutation sweep of the driver itself rejects every change).
// Interactions: 1 ALU-bus send, 4 byte-bus sends, all of degree 1.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include "air/air.h"
#include "air/builder.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"
#include "vm/executor/alu_event.h"

namespace zkrv::chips::testing {

class AluDriverChip : public AirDefaults {
 public:
  static constexpr size_t kOp = 0, kA = 1, kB = 3, kC = 5, kIsReal = 7, kWidth = 8;  // kA/kB/kC: lo, hi
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {"op",   "a_lo", "a_hi", "b_lo",
                                                                         "b_hi", "c_lo", "c_hi", "is_real"};
  static constexpr std::array<std::string_view, kIsReal> kPaddingNames = {
      "padding: op = 0",   "padding: a_lo = 0", "padding: a_hi = 0", "padding: b_lo = 0",
      "padding: b_hi = 0", "padding: c_lo = 0", "padding: c_hi = 0"};

  std::string_view name() const noexcept { return "alu_driver"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr is_real = m.current(kIsReal);
    b.assert_bool(is_real, "is_real is boolean");
    for (size_t c = 0; c < kIsReal; ++c) b.when(Fp::one() - is_real).assert_zero(m.current(c), kPaddingNames[c]);
    b.send(kAluBus, {m.current(kOp), m.current(kA), m.current(kA + 1), m.current(kB), m.current(kB + 1), m.current(kC),
                     m.current(kC + 1)},
           is_real);
    const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16)), zero = Fp::zero();
    for (size_t c : {kB, kB + 1, kC, kC + 1}) b.send(kByteBus, {u16, m.current(c), zero, zero}, is_real);
  }

  // One row per event (taken as given: a forged event gives a forged row), zero padding up to a power
  // of two >= 8. Records the range checks of b and c in `bytes`.
  RowMajorMatrix<Fp> generate_trace(std::span<const AluEvent> events, ByteLookups& bytes) const;
};

static_assert(Air<AluDriverChip>);

}  // namespace zkrv::chips::testing
