// A synthetic chip family for the STARK benchmark (issue: 3 chips, 2^20 rows, >= 100 columns, degree 3,
// >= 1 constraint per column, >= 4 interactions per row) and for the test that proves a small instance.
//
// ChainAir(width, role): column 0 is a row counter (starting at public value 0, +1 per row); column 1 is
// counter^3 + 1; column i >= 2 is x_{i-1}^2 x_{i-2} + i. So every column has a constraint of its own
// (width + 1 constraints in all, degree 3). Each row also carries four tuples (x_0, x_k, x_{k+1}) for
// k in kTupleColumns on bus kChainBus: a `sender` sends them, a `receiver` receives them. A sender of
// height n and two receivers of height n/2 whose counters start at 0 and n/2 compute the same prefix
// of columns, so the receivers' tuples are exactly the sender's and the bus balances.
#pragma once

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include <tbb/parallel_for.h>

#include "air/air.h"
#include "air/builder.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"

namespace zkrv::air_testing {

inline constexpr Bus kChainBus{3, "chain"};

class ChainAir : public AirDefaults {
 public:
  static constexpr std::array<size_t, 4> kTupleColumns = {2, 5, 8, 11};
  static constexpr size_t kMinWidth = 13;
  enum class Role { sender, receiver };

  ChainAir(std::string name, size_t width, Role role) : name_(std::move(name)), width_(width), role_(role) {
    if (width < kMinWidth) throw std::invalid_argument("ChainAir: width must be at least 13");
  }
  std::string_view name() const noexcept { return name_; }
  size_t width() const noexcept { return width_; }
  size_t num_public_values() const noexcept { return 1; }

  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    using Expr = typename B::Expr;
    b.when_first_row().assert_eq(m.current(0), b.public_value(0), "counter starts at the public value");
    b.when_transition().assert_eq(m.next(0), m.current(0) + Fp::one(), "counter' = counter + 1");
    const Expr x0 = m.current(0);
    b.assert_eq(m.current(1), x0 * x0 * x0 + Fp::one(), "x1 = x0^3 + 1");
    for (size_t i = 2; i < width_; ++i) {
      const Expr a = m.current(i - 1), c = m.current(i - 2);
      b.assert_eq(m.current(i), a * a * c + Fp(static_cast<uint32_t>(i)), "x_i = x_{i-1}^2 x_{i-2} + i");
    }
    for (size_t k : kTupleColumns) {
      const Expr values[] = {m.current(0), m.current(k), m.current(k + 1)};
      if (role_ == Role::sender) b.send(kChainBus, values, Expr(Fp::one()));
      else b.receive(kChainBus, values, Expr(Fp::one()));
    }
  }

  // Rows for counters start, start + 1, ..., start + height - 1.
  RowMajorMatrix<Fp> generate_trace(size_t height, uint32_t start) const {
    RowMajorMatrix<Fp> t(height, width_);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, height, 1024), [&](const tbb::blocked_range<size_t>& rows) {
      for (size_t r = rows.begin(); r < rows.end(); ++r) {
        Fp* row = &t(r, 0);
        row[0] = Fp(static_cast<uint32_t>(start + r));
        row[1] = row[0] * row[0] * row[0] + Fp::one();
        for (size_t i = 2; i < width_; ++i) row[i] = row[i - 1] * row[i - 1] * row[i - 2] + Fp(static_cast<uint32_t>(i));
      }
    });
    return t;
  }

 private:
  std::string name_;
  size_t width_;
  Role role_;
};

}  // namespace zkrv::air_testing
