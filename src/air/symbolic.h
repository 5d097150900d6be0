// The symbolic interpreter of a chip's eval: constraints and interactions as expression trees.
//
// Running eval on SymbolicBuilder records every assert as an expression over
//   variables   main / preprocessed column c of the current or next row, public value i,
//   selectors   is_first_row, is_last_row, is_transition,
//   constants   Fp,
// combined by +, -, *, unary -. From these, `analyze(chip)` derives what the STARK needs before proving:
// the number of constraints, each one's degree and the maximum (which fixes the quotient's degree and so
// the size of the quotient domain), and the list of bus interactions with their degrees (which the LogUp
// argument batches). This is Plonky3's SymbolicAirBuilder (uni-stark/src/symbolic_builder.rs) plus SP1's
// interaction discovery (crates/stark/src/chip.rs: eval on a symbolic builder, keep the sends/receives).
//
// Degrees are total degrees in the trace columns with each selector counted as degree 1 and public values
// and constants as degree 0 (as Plonky3). A filter multiplies, so when_transition().assert_eq(a', b) has
// degree 2.
//
// Expressions are immutable trees of shared nodes; a sub-expression used twice in eval is one node used
// twice (a DAG), never copied. The stark layer may evaluate them over any ring with `evaluate`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "air/interaction.h"
#include "field/babybear.h"

namespace zkrv {

// ---- leaves -------------------------------------------------------------------------------------

enum class Entry : uint8_t { main, preprocessed, public_value };
enum class Selector : uint8_t { first_row, last_row, transition };

// A column of the current (offset 0) or next (offset 1) row, or a public value (offset 0).
struct SymVar {
  Entry entry = Entry::main;
  uint8_t offset = 0;
  uint32_t index = 0;

  size_t degree() const noexcept { return entry == Entry::public_value ? 0 : 1; }
  friend bool operator==(const SymVar&, const SymVar&) = default;
};

// ---- expressions --------------------------------------------------------------------------------

class SymExpr {
 public:
  enum class Op : uint8_t { constant, variable, selector, add, sub, mul, neg };

  SymExpr();                 // the constant 0
  SymExpr(Fp constant);      // NOLINT(google-explicit-constructor): constants mix freely with expressions
  SymExpr(SymVar variable);  // NOLINT(google-explicit-constructor): Var -> Expr, as the concept requires
  static SymExpr selector(Selector s);

  Op op() const noexcept;
  size_t degree() const noexcept;
  Fp constant() const noexcept;        // op() == constant
  SymVar variable() const noexcept;    // op() == variable
  Selector selector_kind() const noexcept;  // op() == selector
  const SymExpr& lhs() const noexcept;  // add, sub, mul, neg
  const SymExpr& rhs() const noexcept;  // add, sub, mul
  // Identity of the shared node (for memoizing evaluators over the DAG).
  const void* node_id() const noexcept { return node_.get(); }

  friend SymExpr operator+(const SymExpr& a, const SymExpr& b);
  friend SymExpr operator-(const SymExpr& a, const SymExpr& b);
  friend SymExpr operator*(const SymExpr& a, const SymExpr& b);
  friend SymExpr operator-(const SymExpr& a);
  friend SymExpr operator+(const SymExpr& a, Fp b) { return a + SymExpr(b); }
  friend SymExpr operator-(const SymExpr& a, Fp b) { return a - SymExpr(b); }
  friend SymExpr operator*(const SymExpr& a, Fp b) { return a * SymExpr(b); }
  friend SymExpr operator+(Fp a, const SymExpr& b) { return SymExpr(a) + b; }
  friend SymExpr operator-(Fp a, const SymExpr& b) { return SymExpr(a) - b; }
  friend SymExpr operator*(Fp a, const SymExpr& b) { return SymExpr(a) * b; }
  SymExpr& operator+=(const SymExpr& b) { return *this = *this + b; }
  SymExpr& operator-=(const SymExpr& b) { return *this = *this - b; }
  SymExpr& operator*=(const SymExpr& b) { return *this = *this * b; }

  struct Node;
  static SymExpr from_node(std::shared_ptr<const Node> node) noexcept;

 private:
  explicit SymExpr(std::shared_ptr<const Node> node) noexcept : node_(std::move(node)) {}
  std::shared_ptr<const Node> node_;
};

struct SymExpr::Node {
  Op op = Op::constant;
  size_t degree = 0;
  Fp constant;
  SymVar variable;
  Selector selector = Selector::first_row;
  // Children of add/sub/mul (lhs only for neg); empty handles otherwise (not the zero constant, whose
  // node would need children itself).
  SymExpr lhs{std::shared_ptr<const Node>()};
  SymExpr rhs{std::shared_ptr<const Node>()};
};

// Operations with a Var operand (namespace scope, found by argument-dependent lookup on the SymVar).
inline SymExpr operator+(const SymVar& a, const SymVar& b) { return SymExpr(a) + SymExpr(b); }
inline SymExpr operator-(const SymVar& a, const SymVar& b) { return SymExpr(a) - SymExpr(b); }
inline SymExpr operator*(const SymVar& a, const SymVar& b) { return SymExpr(a) * SymExpr(b); }
inline SymExpr operator+(const SymVar& a, const SymExpr& b) { return SymExpr(a) + b; }
inline SymExpr operator-(const SymVar& a, const SymExpr& b) { return SymExpr(a) - b; }
inline SymExpr operator*(const SymVar& a, const SymExpr& b) { return SymExpr(a) * b; }
inline SymExpr operator+(const SymExpr& a, const SymVar& b) { return a + SymExpr(b); }
inline SymExpr operator-(const SymExpr& a, const SymVar& b) { return a - SymExpr(b); }
inline SymExpr operator*(const SymExpr& a, const SymVar& b) { return a * SymExpr(b); }
inline SymExpr operator+(const SymVar& a, Fp b) { return SymExpr(a) + SymExpr(b); }
inline SymExpr operator-(const SymVar& a, Fp b) { return SymExpr(a) - SymExpr(b); }
inline SymExpr operator*(const SymVar& a, Fp b) { return SymExpr(a) * SymExpr(b); }
inline SymExpr operator+(Fp a, const SymVar& b) { return SymExpr(a) + SymExpr(b); }
inline SymExpr operator-(Fp a, const SymVar& b) { return SymExpr(a) - SymExpr(b); }
inline SymExpr operator*(Fp a, const SymVar& b) { return SymExpr(a) * SymExpr(b); }
inline SymExpr operator-(const SymVar& a) { return -SymExpr(a); }

// Readable form for reports: main[3], main'[3] (next row), prep[0], pub[1], is_first_row, (a + b), ...
std::string to_string(const SymExpr& e);
std::string to_string(const SymVar& v);

// True if any leaf reads the next row.
bool uses_next_row(const SymExpr& e);

// Evaluates e bottom-up over a ring T (anything with + - * and unary -). `leaf(const SymExpr&)` returns
// the value of a constant, variable or selector node. Shared nodes are evaluated once per occurrence;
// callers evaluating large DAGs many times should compile them first (stark/ may do so).
template <class T, class Leaf>
T evaluate(const SymExpr& e, Leaf&& leaf) {
  switch (e.op()) {
    case SymExpr::Op::add: return evaluate<T>(e.lhs(), leaf) + evaluate<T>(e.rhs(), leaf);
    case SymExpr::Op::sub: return evaluate<T>(e.lhs(), leaf) - evaluate<T>(e.rhs(), leaf);
    case SymExpr::Op::mul: return evaluate<T>(e.lhs(), leaf) * evaluate<T>(e.rhs(), leaf);
    case SymExpr::Op::neg: return -evaluate<T>(e.lhs(), leaf);
    default: return leaf(e);
  }
}

// ---- the builder ------------------------------------------------------------------------------

// Current/next row of the main or preprocessed trace; out-of-range columns throw std::out_of_range, so a
// chip indexing past its declared width fails at analysis, not silently in the prover.
class SymbolicWindow {
 public:
  SymbolicWindow(Entry entry, size_t width) noexcept : entry_(entry), width_(width) {}
  size_t width() const noexcept { return width_; }
  SymVar current(size_t col) const { return at(col, 0); }
  SymVar next(size_t col) const { return at(col, 1); }

 private:
  SymVar at(size_t col, uint8_t offset) const;
  Entry entry_;
  size_t width_;
};

struct SymbolicConstraint {
  std::string name;
  SymExpr expr;
  size_t degree = 0;
};

struct SymbolicInteraction {
  Bus bus;
  InteractionKind kind = InteractionKind::send;
  std::vector<SymExpr> values;
  SymExpr multiplicity;
  size_t values_degree = 0;        // max degree over the values (0 for an empty tuple)
  size_t multiplicity_degree = 0;
};

class SymbolicBuilder : public BuilderOps<SymbolicBuilder, SymExpr> {
 public:
  using Var = SymVar;
  using Expr = SymExpr;

  SymbolicBuilder(size_t width, size_t preprocessed_width, size_t num_public_values) noexcept
      : width_(width), preprocessed_width_(preprocessed_width), num_public_values_(num_public_values) {}

  SymbolicWindow main() const noexcept { return {Entry::main, width_}; }
  SymbolicWindow preprocessed() const noexcept { return {Entry::preprocessed, preprocessed_width_}; }
  SymExpr public_value(size_t i) const;  // throws std::out_of_range past num_public_values
  SymExpr is_first_row() const { return SymExpr::selector(Selector::first_row); }
  SymExpr is_last_row() const { return SymExpr::selector(Selector::last_row); }
  SymExpr is_transition() const { return SymExpr::selector(Selector::transition); }

  void assert_zero(SymExpr x, std::string_view name);
  // Throws std::invalid_argument if a value or the multiplicity reads the next row.
  void interact(Bus bus, std::span<const SymExpr> values, SymExpr multiplicity, InteractionKind kind);

  const std::vector<SymbolicConstraint>& constraints() const noexcept { return constraints_; }
  const std::vector<SymbolicInteraction>& interactions() const noexcept { return interactions_; }
  std::vector<SymbolicConstraint> take_constraints() noexcept { return std::move(constraints_); }
  std::vector<SymbolicInteraction> take_interactions() noexcept { return std::move(interactions_); }

 private:
  size_t width_, preprocessed_width_, num_public_values_;
  std::vector<SymbolicConstraint> constraints_;
  std::vector<SymbolicInteraction> interactions_;
};

// ---- analysis ----------------------------------------------------------------------------------

struct AirInfo {
  std::string chip;
  size_t width = 0;
  size_t preprocessed_width = 0;
  size_t num_public_values = 0;
  std::vector<SymbolicConstraint> constraints;    // in eval order: index i here is index i everywhere
  std::vector<SymbolicInteraction> interactions;  // in eval order
  size_t max_constraint_degree = 0;               // 0 if there are no constraints
  size_t max_interaction_degree = 0;              // max over all values and multiplicities
  bool uses_next_row = false;                     // some constraint reads row i+1 (main or preprocessed)

  size_t num_constraints() const noexcept { return constraints.size(); }
};

// Fills the derived fields of an AirInfo from the builder's records.
AirInfo make_air_info(std::string_view chip, size_t width, size_t preprocessed_width, size_t num_public_values,
                      SymbolicBuilder&& builder);

template <class A>
  requires AirFor<A, SymbolicBuilder>
AirInfo analyze(const A& chip) {
  SymbolicBuilder builder(chip.width(), chip.preprocessed_width(), chip.num_public_values());
  chip.eval(builder);
  return make_air_info(chip.name(), chip.width(), chip.preprocessed_width(), chip.num_public_values(),
                       std::move(builder));
}

static_assert(AirBuilder<SymbolicBuilder>);
static_assert(AirBuilder<FilteredBuilder<SymbolicBuilder>>);

}  // namespace zkrv
