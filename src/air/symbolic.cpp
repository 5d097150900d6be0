#include "air/symbolic.h"

#include <algorithm>
#include <stdexcept>

namespace zkrv {

namespace {

using Node = SymExpr::Node;

const std::shared_ptr<const Node>& zero_node() {
  static const std::shared_ptr<const Node> zero = std::make_shared<const Node>();
  return zero;
}

}  // namespace

SymExpr::SymExpr() : node_(zero_node()) {}

SymExpr::SymExpr(Fp constant) {
  auto n = std::make_shared<Node>();
  n->op = Op::constant;
  n->constant = constant;
  node_ = std::move(n);
}

SymExpr::SymExpr(SymVar variable) {
  auto n = std::make_shared<Node>();
  n->op = Op::variable;
  n->variable = variable;
  n->degree = variable.degree();
  node_ = std::move(n);
}

SymExpr SymExpr::selector(Selector s) {
  auto n = std::make_shared<Node>();
  n->op = Op::selector;
  n->selector = s;
  n->degree = 1;
  return SymExpr(std::shared_ptr<const Node>(std::move(n)));
}

SymExpr::Op SymExpr::op() const noexcept { return node_->op; }
size_t SymExpr::degree() const noexcept { return node_->degree; }
Fp SymExpr::constant() const noexcept { return node_->constant; }
SymVar SymExpr::variable() const noexcept { return node_->variable; }
Selector SymExpr::selector_kind() const noexcept { return node_->selector; }
const SymExpr& SymExpr::lhs() const noexcept { return node_->lhs; }
const SymExpr& SymExpr::rhs() const noexcept { return node_->rhs; }

namespace {

// Two constants fold to one (so Fp arithmetic inside eval costs no nodes); nothing else is simplified, so
// a degree is never lowered by a cancellation the prover would not see either.
SymExpr binary(SymExpr::Op op, const SymExpr& a, const SymExpr& b, size_t degree) {
  if (a.op() == SymExpr::Op::constant && b.op() == SymExpr::Op::constant) {
    switch (op) {
      case SymExpr::Op::add: return SymExpr(a.constant() + b.constant());
      case SymExpr::Op::sub: return SymExpr(a.constant() - b.constant());
      default: return SymExpr(a.constant() * b.constant());
    }
  }
  auto n = std::make_shared<Node>();
  n->op = op;
  n->lhs = a;
  n->rhs = b;
  n->degree = degree;
  return SymExpr::from_node(std::move(n));
}

}  // namespace

SymExpr SymExpr::from_node(std::shared_ptr<const Node> node) noexcept { return SymExpr(std::move(node)); }

SymExpr operator+(const SymExpr& a, const SymExpr& b) {
  return binary(SymExpr::Op::add, a, b, std::max(a.degree(), b.degree()));
}
SymExpr operator-(const SymExpr& a, const SymExpr& b) {
  return binary(SymExpr::Op::sub, a, b, std::max(a.degree(), b.degree()));
}
SymExpr operator*(const SymExpr& a, const SymExpr& b) {
  return binary(SymExpr::Op::mul, a, b, a.degree() + b.degree());
}
SymExpr operator-(const SymExpr& a) {
  if (a.op() == SymExpr::Op::constant) return SymExpr(-a.constant());
  auto n = std::make_shared<Node>();
  n->op = SymExpr::Op::neg;
  n->lhs = a;
  n->degree = a.degree();
  return SymExpr::from_node(std::move(n));
}

// Strings are built by appending: GCC 12 reports a false -Wrestrict on `char + std::string&&`.
std::string to_string(const SymVar& v) {
  std::string s = v.entry == Entry::main ? "main" : v.entry == Entry::preprocessed ? "prep" : "pub";
  if (v.offset != 0) s += '\'';
  s += '[';
  s += std::to_string(v.index);
  s += ']';
  return s;
}

namespace {

void append(std::string& out, const SymExpr& e) {
  auto binary_op = [&](const char* op) {
    out += '(';
    append(out, e.lhs());
    out += op;
    append(out, e.rhs());
    out += ')';
  };
  switch (e.op()) {
    case SymExpr::Op::constant: out += std::to_string(e.constant().as_canonical()); return;
    case SymExpr::Op::variable: out += to_string(e.variable()); return;
    case SymExpr::Op::selector:
      out += e.selector_kind() == Selector::first_row  ? "is_first_row"
             : e.selector_kind() == Selector::last_row ? "is_last_row"
                                                       : "is_transition";
      return;
    case SymExpr::Op::add: binary_op(" + "); return;
    case SymExpr::Op::sub: binary_op(" - "); return;
    case SymExpr::Op::mul: binary_op(" * "); return;
    case SymExpr::Op::neg:
      out += '-';
      append(out, e.lhs());
      return;
  }
}

}  // namespace

std::string to_string(const SymExpr& e) {
  std::string out;
  append(out, e);
  return out;
}

bool uses_next_row(const SymExpr& e) {
  switch (e.op()) {
    case SymExpr::Op::variable: return e.variable().offset != 0;
    case SymExpr::Op::add:
    case SymExpr::Op::sub:
    case SymExpr::Op::mul: return uses_next_row(e.lhs()) || uses_next_row(e.rhs());
    case SymExpr::Op::neg: return uses_next_row(e.lhs());
    default: return false;
  }
}

SymVar SymbolicWindow::at(size_t col, uint8_t offset) const {
  if (col >= width_)
    throw std::out_of_range("air: column " + std::to_string(col) + " out of range (width " +
                            std::to_string(width_) + ")");
  return SymVar{entry_, offset, static_cast<uint32_t>(col)};
}

SymExpr SymbolicBuilder::public_value(size_t i) const {
  if (i >= num_public_values_)
    throw std::out_of_range("air: public value " + std::to_string(i) + " out of range (" +
                            std::to_string(num_public_values_) + " declared)");
  return SymExpr(SymVar{Entry::public_value, 0, static_cast<uint32_t>(i)});
}

void SymbolicBuilder::assert_zero(SymExpr x, std::string_view name) {
  const size_t degree = x.degree();
  constraints_.push_back(SymbolicConstraint{std::string(name), std::move(x), degree});
}

void SymbolicBuilder::interact(Bus bus, std::span<const SymExpr> values, SymExpr multiplicity,
                               InteractionKind kind) {
  SymbolicInteraction it;
  it.bus = bus;
  it.kind = kind;
  it.values.assign(values.begin(), values.end());
  for (const SymExpr& v : it.values) {
    if (uses_next_row(v))
      throw std::invalid_argument("air: an interaction value on bus '" + std::string(bus.name) +
                                  "' reads the next row: " + to_string(v));
    it.values_degree = std::max(it.values_degree, v.degree());
  }
  if (uses_next_row(multiplicity))
    throw std::invalid_argument("air: an interaction multiplicity on bus '" + std::string(bus.name) +
                                "' reads the next row: " + to_string(multiplicity));
  it.multiplicity_degree = multiplicity.degree();
  it.multiplicity = std::move(multiplicity);
  interactions_.push_back(std::move(it));
}

AirInfo make_air_info(std::string_view chip, size_t width, size_t preprocessed_width, size_t num_public_values,
                      SymbolicBuilder&& builder) {
  AirInfo info;
  info.chip = std::string(chip);
  info.width = width;
  info.preprocessed_width = preprocessed_width;
  info.num_public_values = num_public_values;
  info.constraints = builder.take_constraints();
  info.interactions = builder.take_interactions();
  for (const auto& c : info.constraints) {
    info.max_constraint_degree = std::max(info.max_constraint_degree, c.degree);
    info.uses_next_row = info.uses_next_row || uses_next_row(c.expr);
  }
  for (const auto& it : info.interactions)
    info.max_interaction_degree = std::max({info.max_interaction_degree, it.values_degree, it.multiplicity_degree});
  return info;
}

}  // namespace zkrv
