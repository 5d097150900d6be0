// The constraint DSL every chip is written against (docs/architecture.md section 4, "Writing an AIR once").
//
// A chip's `template <AirBuilder B> void eval(B& b) const` reads the current and next row through
// `b.main()` / `b.preprocessed()`, states polynomial identities with `assert_zero` & co., and sends or
// receives tuples on buses. Four builders interpret the same code:
//   symbolic  (air/symbolic.h)  Var/Expr are expression trees: degrees, constraint count, interactions;
//   debug     (air/debug.h)     Var/Expr are Fp values of one row of a real trace: names failing rows;
//   prover    (stark/, on air/folder.h)  Var/Expr are packed base-field values on the quotient domain;
//   verifier  (stark/, on air/folder.h)  Var/Expr are extension values at the out-of-domain point.
// The design follows Plonky3's p3-air (air/src/builder.rs: AirBuilder, FilteredAirBuilder); the
// interactions follow SP1 (crates/stark/src/air/builder.rs, interaction.rs).
//
// What a builder type B provides (checked by the `AirBuilder` concept below):
//   B::Var, B::Expr            value types; Expr is implicitly constructible from Var and from Fp, and
//                              Var, Expr, Fp combine with + - * in every mix (see `ExprAlgebra`).
//   b.main(), b.preprocessed() a window: current(col), next(col) -> Var, width() -> size_t. The row after
//                              the last row is row 0 (the trace domain is a multiplicative group).
//   b.public_value(i)          -> Expr, the i-th public value of this chip.
//   b.is_first_row(), b.is_last_row(), b.is_transition()
//                              -> Expr selectors: is_first_row / is_last_row are 1 on the first / last
//                              row and 0 elsewhere; is_transition is 0 on the last row and NON-ZERO
//                              (x - g^-1, not 1) elsewhere, so use it only as a filter (when_transition)
//                              of constraints, never in arithmetic or in an interaction.
//                              Symbolically each has degree 1 (Plonky3's convention: on the trace domain
//                              they are Lagrange-like polynomials whose quotient-domain cost is one degree).
//   b.assert_zero(x, name)     the constraint x = 0 on every row; `name` (a string literal) identifies it
//                              in debug reports.
//   b.interact(bus, values, multiplicity, kind)
//                              one bus interaction on every row; values and multiplicity are expressions
//                              of the current row (and public values) only.
// and, from BuilderOps (so no builder re-implements them):
//   assert_eq(a, b, name)      a - b = 0
//   assert_bool(x, name)       x (x - 1) = 0
//   when(cond), when_first_row(), when_last_row(), when_transition()
//                              a FilteredBuilder: every assert through it is multiplied by cond (so it
//                              holds only where cond != 0), every interaction's multiplicity too. Filters
//                              nest by multiplying conditions: b.when(x).when(y) filters by x * y.
//   send(bus, {values...}, m), receive(bus, {values...}, m)
//
// Rules for eval (every interpreter relies on them):
//   - issue the same sequence of asserts and interactions whatever the values are (Var/Expr are opaque,
//     so there is nothing to branch on anyway); constraint i of the symbolic builder is constraint i of
//     the debug and folder builders;
//   - do not keep references to a FilteredBuilder beyond the builder it filters.
#pragma once

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string_view>
#include <utility>

#include "air/interaction.h"
#include "field/babybear.h"

namespace zkrv {

// ---- expression algebra ------------------------------------------------------------------------

// L op R for op in + - *, each convertible to E.
template <class L, class R, class E>
concept RingOpsTo = requires(const L& l, const R& r) {
  { l + r } -> std::convertible_to<E>;
  { l - r } -> std::convertible_to<E>;
  { l * r } -> std::convertible_to<E>;
};

// What a chip may do with Var, Expr and Fp constants (Plonky3: `Expr: Algebra<F> + Algebra<Var>`,
// `Var: Into<Expr> + Add<...>`). In C++ also the constant may stand on the left (`Fp::one() - x`).
template <class E, class V>
concept ExprAlgebra =
    std::copy_constructible<E> && std::copy_constructible<V> && std::convertible_to<V, E> &&
    std::convertible_to<Fp, E> && RingOpsTo<E, E, E> && RingOpsTo<E, V, E> && RingOpsTo<V, E, E> &&
    RingOpsTo<V, V, E> && RingOpsTo<E, Fp, E> && RingOpsTo<Fp, E, E> && RingOpsTo<V, Fp, E> &&
    RingOpsTo<Fp, V, E> && requires(const E& e) {
      { -e } -> std::convertible_to<E>;
    };

// ---- row windows -------------------------------------------------------------------------------

// Two consecutive rows of one matrix (main or preprocessed) as a builder sees them. V is what current()
// and next() return, S what is stored (the folder stores raw ring values and returns wrapped ones).
template <class V, class S = V>
class RowWindow {
 public:
  RowWindow() = default;
  RowWindow(std::span<const S> current, std::span<const S> next) noexcept : current_(current), next_(next) {}
  size_t width() const noexcept { return current_.size(); }
  V current(size_t col) const { return V(current_[col]); }
  V next(size_t col) const { return V(next_[col]); }
  std::span<const S> current_row() const noexcept { return current_; }
  std::span<const S> next_row() const noexcept { return next_; }

 private:
  std::span<const S> current_;
  std::span<const S> next_;
};

// ---- shared builder operations ------------------------------------------------------------------

template <class Inner>
class FilteredBuilder;

// CRTP mixin: everything expressible through the primitives (assert_zero, interact, the selectors).
// Expr is passed explicitly because Derived is incomplete where the member declarations are formed.
template <class Derived, class Expr>
class BuilderOps {
 public:
  void assert_eq(Expr a, Expr b, std::string_view name) { self().assert_zero(a - b, name); }
  void assert_bool(Expr x, std::string_view name) {
    Expr x_minus_one = x - Fp::one();
    self().assert_zero(x * x_minus_one, name);
  }

  // Filters: asserts and interactions through the returned builder are multiplied by the condition.
  // (FilteredBuilder hides `when` to multiply conditions instead of nesting types.)
  FilteredBuilder<Derived> when(Expr condition) { return FilteredBuilder<Derived>(self(), std::move(condition)); }
  auto when_first_row() { return self().when(self().is_first_row()); }
  auto when_last_row() { return self().when(self().is_last_row()); }
  auto when_transition() { return self().when(self().is_transition()); }

  void send(Bus bus, std::span<const Expr> values, Expr multiplicity) {
    self().interact(bus, values, std::move(multiplicity), InteractionKind::send);
  }
  void send(Bus bus, std::initializer_list<Expr> values, Expr multiplicity) {
    send(bus, std::span<const Expr>(values.begin(), values.size()), std::move(multiplicity));
  }
  void receive(Bus bus, std::span<const Expr> values, Expr multiplicity) {
    self().interact(bus, values, std::move(multiplicity), InteractionKind::receive);
  }
  void receive(Bus bus, std::initializer_list<Expr> values, Expr multiplicity) {
    receive(bus, std::span<const Expr>(values.begin(), values.size()), std::move(multiplicity));
  }

 private:
  Derived& self() noexcept { return static_cast<Derived&>(*this); }
};

// A builder seen through a condition (Plonky3 FilteredAirBuilder). Reading the trace is forwarded; an
// assert of x becomes an assert of condition * x on the inner builder, an interaction's multiplicity m
// becomes condition * m (a filtered send happens only where the condition holds, with multiplicity m).
// The constraint degree grows by the condition's degree, which the symbolic builder accounts for.
template <class Inner>
class FilteredBuilder : public BuilderOps<FilteredBuilder<Inner>, typename Inner::Expr> {
 public:
  using Var = typename Inner::Var;
  using Expr = typename Inner::Expr;

  FilteredBuilder(Inner& inner, Expr condition) : inner_(&inner), condition_(std::move(condition)) {}

  auto main() const { return inner_->main(); }
  auto preprocessed() const { return inner_->preprocessed(); }
  Expr public_value(size_t i) const { return inner_->public_value(i); }
  Expr is_first_row() const { return inner_->is_first_row(); }
  Expr is_last_row() const { return inner_->is_last_row(); }
  Expr is_transition() const { return inner_->is_transition(); }
  const Expr& condition() const noexcept { return condition_; }

  void assert_zero(Expr x, std::string_view name) { inner_->assert_zero(condition_ * x, name); }
  void interact(Bus bus, std::span<const Expr> values, Expr multiplicity, InteractionKind kind) {
    inner_->interact(bus, values, condition_ * multiplicity, kind);
  }

  // Nested filter: one level, condition multiplied.
  FilteredBuilder when(Expr condition) { return FilteredBuilder(*inner_, condition_ * condition); }

 private:
  Inner* inner_;
  Expr condition_;
};

// ---- the concept -------------------------------------------------------------------------------

template <class W, class Var>
concept TraceWindow = requires(const W& w, size_t col) {
  { w.width() } -> std::convertible_to<size_t>;
  { w.current(col) } -> std::convertible_to<Var>;
  { w.next(col) } -> std::convertible_to<Var>;
};

// The operations a chip's eval may use. Satisfied by SymbolicBuilder, DebugBuilder, FolderBuilder<...>
// and by FilteredBuilder over any of them.
template <class B>
concept AirBuilder =
    ExprAlgebra<typename B::Expr, typename B::Var> &&
    requires(B& b, const typename B::Expr& e, std::span<const typename B::Expr> values, std::string_view name,
             Bus bus, size_t i) {
      { b.main() } -> TraceWindow<typename B::Var>;
      { b.preprocessed() } -> TraceWindow<typename B::Var>;
      { b.public_value(i) } -> std::convertible_to<typename B::Expr>;
      { b.is_first_row() } -> std::convertible_to<typename B::Expr>;
      { b.is_last_row() } -> std::convertible_to<typename B::Expr>;
      { b.is_transition() } -> std::convertible_to<typename B::Expr>;
      b.assert_zero(e, name);
      b.assert_eq(e, e, name);
      b.assert_bool(e, name);
      b.interact(bus, values, e, InteractionKind::send);
      b.send(bus, values, e);
      b.receive(bus, values, e);
      b.when(e).assert_zero(e, name);
      b.when_first_row().assert_zero(e, name);
      b.when_last_row().assert_zero(e, name);
      b.when_transition().assert_zero(e, name);
      b.when(e).send(bus, values, e);
    };

}  // namespace zkrv
