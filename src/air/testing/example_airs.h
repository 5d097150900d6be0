// Small example chips for the air tests, and for the stark tests to prove: each exercises one feature of
// the DSL, with honest trace generators next to it.
//   FibonacciAir      boundary constraints with public values, transition constraints (Plonky3
//                     uni-stark/tests/fib_air.rs).
//   ByteDecompAir     sends bytes to the byte bus (a range check by lookup), with a boolean padding flag.
//   ByteTableAir      preprocessed column 0..255 receiving on the byte bus with a multiplicity column.
//   PermSenderAir /   one sends (x) on every row, the other, taller, receives (x) on its real rows: a
//   PermReceiverAir   permutation between tables of different heights; degree-3 monotonicity constraint.
//   SquaresAir        a preprocessed row-index column read in constraints (current and next row).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"

namespace zkrv::air_testing {

inline constexpr Bus kByteBus{1, "byte"};
inline constexpr Bus kPermBus{2, "perm"};

// ---- Fibonacci ----------------------------------------------------------------------------------

// Columns (a, b); public values (a0, b0, result). 5 constraints, all of degree 2.
struct FibonacciAir : AirDefaults {
  static constexpr size_t kA = 0, kB = 1;
  std::string_view name() const noexcept { return "fibonacci"; }
  size_t width() const noexcept { return 2; }
  size_t num_public_values() const noexcept { return 3; }

  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    const auto a = m.current(kA), bb = m.current(kB), a_next = m.next(kA), b_next = m.next(kB);
    auto first = b.when_first_row();
    first.assert_eq(a, b.public_value(0), "a = a0 on the first row");   // 0
    first.assert_eq(bb, b.public_value(1), "b = b0 on the first row");  // 1
    auto transition = b.when_transition();
    transition.assert_eq(a_next, bb, "a' = b");                          // 2
    transition.assert_eq(b_next, a + bb, "b' = a + b");                  // 3
    b.when_last_row().assert_eq(bb, b.public_value(2), "b = result on the last row");  // 4
  }
};

struct FibonacciTrace {
  RowMajorMatrix<Fp> main;
  std::vector<Fp> public_values;  // a0, b0, result
};

inline FibonacciTrace fibonacci_trace(size_t height, Fp a0 = Fp(0u), Fp b0 = Fp(1u)) {
  FibonacciTrace t{RowMajorMatrix<Fp>(height, 2), {}};
  Fp a = a0, b = b0;
  for (size_t r = 0; r < height; ++r) {
    t.main(r, FibonacciAir::kA) = a;
    t.main(r, FibonacciAir::kB) = b;
    const Fp next_b = a + b;
    a = b;
    b = next_b;
  }
  t.public_values = {a0, b0, height ? t.main(height - 1, FibonacciAir::kB) : b0};
  return t;
}

// ---- byte decomposition and the byte table --------------------------------------------------------

// Columns (value, lo, hi, is_real): value = lo + 256 hi with lo, hi sent to the byte bus on real rows.
// 2 constraints (degree 2, 1); 2 sends (values degree 1, multiplicity degree 1).
struct ByteDecompAir : AirDefaults {
  static constexpr size_t kValue = 0, kLo = 1, kHi = 2, kIsReal = 3;
  std::string_view name() const noexcept { return "byte_decomp"; }
  size_t width() const noexcept { return 4; }

  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    const auto value = m.current(kValue), lo = m.current(kLo), hi = m.current(kHi), is_real = m.current(kIsReal);
    b.assert_bool(is_real, "is_real is boolean");                               // 0
    b.assert_eq(value, lo + hi * Fp(256u), "value = lo + 256 hi");              // 1
    b.send(kByteBus, {lo}, is_real);
    b.send(kByteBus, {hi}, is_real);
  }
};

// Real rows for `values`, then zero padding up to `height`.
inline RowMajorMatrix<Fp> byte_decomp_trace(std::span<const uint16_t> values, size_t height) {
  if (values.size() > height) throw std::invalid_argument("byte_decomp_trace: too many values");
  RowMajorMatrix<Fp> t(height, 4);
  for (size_t r = 0; r < values.size(); ++r) {
    t(r, ByteDecompAir::kValue) = Fp(uint32_t{values[r]});
    t(r, ByteDecompAir::kLo) = Fp(uint32_t{values[r]} & 0xffu);
    t(r, ByteDecompAir::kHi) = Fp(uint32_t{values[r]} >> 8);
    t(r, ByteDecompAir::kIsReal) = Fp::one();
  }
  return t;
}

// Preprocessed (byte) = row index, 256 rows; main (multiplicity). Receives (byte) with that multiplicity.
// No constraints; 1 receive (values degree 1, multiplicity degree 1).
struct ByteTableAir : AirDefaults {
  static constexpr size_t kMultiplicity = 0;  // main
  static constexpr size_t kByte = 0;          // preprocessed
  static constexpr size_t kHeight = 256;
  std::string_view name() const noexcept { return "byte_table"; }
  size_t width() const noexcept { return 1; }
  size_t preprocessed_width() const noexcept { return 1; }
  RowMajorMatrix<Fp> preprocessed_trace() const {
    RowMajorMatrix<Fp> t(kHeight, 1);
    for (size_t r = 0; r < kHeight; ++r) t(r, kByte) = Fp(static_cast<uint32_t>(r));
    return t;
  }

  template <AirBuilder B>
  void eval(B& b) const {
    b.receive(kByteBus, {b.preprocessed().current(kByte)}, b.main().current(kMultiplicity));
  }
};

// Multiplicities that balance the sends of one ByteDecompAir trace.
inline RowMajorMatrix<Fp> byte_table_trace(const RowMajorMatrix<Fp>& decomp) {
  RowMajorMatrix<Fp> t(ByteTableAir::kHeight, 1);
  for (size_t r = 0; r < decomp.height(); ++r) {
    if (decomp(r, ByteDecompAir::kIsReal).is_zero()) continue;
    t(decomp(r, ByteDecompAir::kLo).as_canonical(), 0) += Fp::one();
    t(decomp(r, ByteDecompAir::kHi).as_canonical(), 0) += Fp::one();
  }
  return t;
}

// ---- a permutation between tables of different heights -----------------------------------------

// Column (x). Sends (x) with multiplicity 1 on every row. No constraints; 1 send (degrees 1 and 0).
struct PermSenderAir : AirDefaults {
  std::string_view name() const noexcept { return "perm_sender"; }
  size_t width() const noexcept { return 1; }

  template <AirBuilder B>
  void eval(B& b) const {
    b.send(kPermBus, {b.main().current(0)}, Fp::one());
  }
};

// Columns (x, is_real). Real rows first, then padding with x = 0. Receives (x) on real rows.
// 3 constraints (degrees 2, 2, 3); 1 receive (degrees 1 and 1).
struct PermReceiverAir : AirDefaults {
  static constexpr size_t kX = 0, kIsReal = 1;
  std::string_view name() const noexcept { return "perm_receiver"; }
  size_t width() const noexcept { return 2; }

  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    const auto x = m.current(kX), is_real = m.current(kIsReal), is_real_next = m.next(kIsReal);
    b.assert_bool(is_real, "is_real is boolean");                                  // 0
    b.when(Fp::one() - is_real).assert_zero(x, "padding x is zero");               // 1
    b.when_transition().assert_zero(is_real_next * (Fp::one() - is_real), "is_real never rises");  // 2
    b.receive(kPermBus, {x}, is_real);
  }
};

// The receiver's trace: `xs` in reverse order (a permutation), then padding up to `height`.
inline RowMajorMatrix<Fp> perm_receiver_trace(std::span<const Fp> xs, size_t height) {
  if (xs.size() > height) throw std::invalid_argument("perm_receiver_trace: too many values");
  RowMajorMatrix<Fp> t(height, 2);
  for (size_t i = 0; i < xs.size(); ++i) {
    t(i, PermReceiverAir::kX) = xs[xs.size() - 1 - i];
    t(i, PermReceiverAir::kIsReal) = Fp::one();
  }
  return t;
}

// ---- a preprocessed column in constraints --------------------------------------------------------

// Preprocessed (k) = row index; main (y); public value (offset). y = k^2 + offset, checked directly and
// by the transition y' = y + 2k + 1. 2 constraints of degree 2; reads the next row.
class SquaresAir : public AirDefaults {
 public:
  explicit SquaresAir(size_t height) : height_(height) {}
  std::string_view name() const noexcept { return "squares"; }
  size_t width() const noexcept { return 1; }
  size_t preprocessed_width() const noexcept { return 1; }
  size_t num_public_values() const noexcept { return 1; }
  RowMajorMatrix<Fp> preprocessed_trace() const {
    RowMajorMatrix<Fp> t(height_, 1);
    for (size_t r = 0; r < height_; ++r) t(r, 0) = Fp(static_cast<uint32_t>(r));
    return t;
  }

  template <AirBuilder B>
  void eval(B& b) const {
    const auto k = b.preprocessed().current(0);
    const auto y = b.main().current(0), y_next = b.main().next(0);
    b.assert_eq(y, k * k + b.public_value(0), "y = k^2 + offset");                            // 0
    b.when_transition().assert_eq(y_next, y + k * Fp(2u) + Fp::one(), "y' = y + 2k + 1");     // 1
  }

 private:
  size_t height_;
};

inline RowMajorMatrix<Fp> squares_trace(size_t height, Fp offset) {
  RowMajorMatrix<Fp> t(height, 1);
  for (size_t r = 0; r < height; ++r) t(r, 0) = Fp(static_cast<uint32_t>(r)).square() + offset;
  return t;
}

static_assert(Air<FibonacciAir> && Air<ByteDecompAir> && Air<ByteTableAir> && Air<PermSenderAir> &&
              Air<PermReceiverAir> && Air<SquaresAir>);

}  // namespace zkrv::air_testing
