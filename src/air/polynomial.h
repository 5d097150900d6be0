// Polynomial: a symbolic expression (air/symbolic.h) expanded into a sum of monomials over the field,
// so that analyses can compare expressions by value rather than by tree shape ("1 - m" written two
// ways is one polynomial) and read off coefficients (is this expression exactly the column x?).
//
// Variables are the leaves of SymExpr: main and preprocessed columns of the current or next row,
// public values and the three row selectors. Expansion is exact: nothing is simplified beyond the field
// arithmetic, and a coefficient that cancels to zero is dropped. Constraint expressions have degree
// at most a handful, so the expansion stays small (the CPU's largest has a few dozen terms).
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "air/symbolic.h"
#include "field/babybear.h"

namespace zkrv {

// A leaf of an expression: a SymVar or a selector, ordered so monomials have one canonical form.
struct PolyVar {
  enum class Kind : uint8_t { main, preprocessed, public_value, selector };
  Kind kind = Kind::main;
  uint8_t offset = 0;  // 1 = next row (main / preprocessed only)
  uint32_t index = 0;  // column, public value, or static_cast<uint32_t>(Selector)

  static PolyVar main(uint32_t column, uint8_t offset = 0) noexcept { return {Kind::main, offset, column}; }
  friend auto operator<=>(const PolyVar&, const PolyVar&) = default;
};

// A product of variables, sorted (a variable repeats for its power); empty = the constant monomial.
using Monomial = std::vector<PolyVar>;

class Polynomial {
 public:
  Polynomial() = default;  // zero
  explicit Polynomial(Fp constant);
  explicit Polynomial(PolyVar v);
  static Polynomial from(const SymExpr& e);
  // c * m.
  static Polynomial term(const Monomial& m, Fp c);

  friend Polynomial operator+(const Polynomial& a, const Polynomial& b);
  friend Polynomial operator-(const Polynomial& a, const Polynomial& b);
  friend Polynomial operator*(const Polynomial& a, const Polynomial& b);
  friend Polynomial operator-(const Polynomial& a);
  friend bool operator==(const Polynomial&, const Polynomial&) = default;

  const std::map<Monomial, Fp>& terms() const noexcept { return terms_; }
  bool is_zero() const noexcept { return terms_.empty(); }
  // The value if the polynomial is a constant (zero included).
  std::optional<Fp> constant_value() const;
  size_t degree() const noexcept;
  // Every variable that occurs.
  std::set<PolyVar> variables() const;
  bool mentions_column(uint32_t column) const;  // main column at either row offset
  // True iff the polynomial is exactly 1 * v.
  bool is_exactly(PolyVar v) const;
  // Substitutes values for some variables (the others stay).
  Polynomial substitute(const std::function<std::optional<Fp>(const PolyVar&)>& value) const;

 private:
  void add_term(const Monomial& m, Fp c);
  std::map<Monomial, Fp> terms_;
};

// The top-level factors of e: e = product of the returned expressions (a negation contributes the
// constant -1). A constraint stated through filters, b.when(c).assert_zero(x), is c * x: factors {c, x}.
std::vector<SymExpr> product_factors(const SymExpr& e);

}  // namespace zkrv
