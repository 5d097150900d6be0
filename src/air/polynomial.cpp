#include "air/polynomial.h"

#include <algorithm>

namespace zkrv {

Polynomial::Polynomial(Fp constant) {
  if (!constant.is_zero()) terms_.emplace(Monomial{}, constant);
}

Polynomial::Polynomial(PolyVar v) { terms_.emplace(Monomial{v}, Fp::one()); }

Polynomial Polynomial::term(const Monomial& m, Fp c) {
  Polynomial r;
  Monomial sorted = m;
  std::sort(sorted.begin(), sorted.end());
  r.add_term(sorted, c);
  return r;
}

void Polynomial::add_term(const Monomial& m, Fp c) {
  if (c.is_zero()) return;
  auto [it, inserted] = terms_.try_emplace(m, c);
  if (inserted) return;
  it->second += c;
  if (it->second.is_zero()) terms_.erase(it);
}

Polynomial operator+(const Polynomial& a, const Polynomial& b) {
  Polynomial r = a;
  for (const auto& [m, c] : b.terms_) r.add_term(m, c);
  return r;
}

Polynomial operator-(const Polynomial& a) {
  Polynomial r;
  for (const auto& [m, c] : a.terms_) r.terms_.emplace(m, -c);
  return r;
}

Polynomial operator-(const Polynomial& a, const Polynomial& b) { return a + (-b); }

Polynomial operator*(const Polynomial& a, const Polynomial& b) {
  Polynomial r;
  for (const auto& [ma, ca] : a.terms_)
    for (const auto& [mb, cb] : b.terms_) {
      Monomial m;
      m.reserve(ma.size() + mb.size());
      std::merge(ma.begin(), ma.end(), mb.begin(), mb.end(), std::back_inserter(m));
      r.add_term(m, ca * cb);
    }
  return r;
}

Polynomial Polynomial::from(const SymExpr& e) {
  switch (e.op()) {
    case SymExpr::Op::constant: return Polynomial(e.constant());
    case SymExpr::Op::variable: {
      const SymVar v = e.variable();
      const PolyVar::Kind kind = v.entry == Entry::main           ? PolyVar::Kind::main
                                 : v.entry == Entry::preprocessed ? PolyVar::Kind::preprocessed
                                                                  : PolyVar::Kind::public_value;
      return Polynomial(PolyVar{kind, v.offset, v.index});
    }
    case SymExpr::Op::selector:
      return Polynomial(PolyVar{PolyVar::Kind::selector, 0, static_cast<uint32_t>(e.selector_kind())});
    case SymExpr::Op::add: return from(e.lhs()) + from(e.rhs());
    case SymExpr::Op::sub: return from(e.lhs()) - from(e.rhs());
    case SymExpr::Op::mul: return from(e.lhs()) * from(e.rhs());
    case SymExpr::Op::neg: return -from(e.lhs());
  }
  return {};
}

std::optional<Fp> Polynomial::constant_value() const {
  if (terms_.empty()) return Fp::zero();
  if (terms_.size() == 1 && terms_.begin()->first.empty()) return terms_.begin()->second;
  return std::nullopt;
}

size_t Polynomial::degree() const noexcept {
  size_t d = 0;
  for (const auto& [m, c] : terms_) d = std::max(d, m.size());
  return d;
}

std::set<PolyVar> Polynomial::variables() const {
  std::set<PolyVar> out;
  for (const auto& [m, c] : terms_) out.insert(m.begin(), m.end());
  return out;
}

bool Polynomial::mentions_column(uint32_t column) const {
  for (const auto& [m, c] : terms_)
    for (const PolyVar& v : m)
      if (v.kind == PolyVar::Kind::main && v.index == column) return true;
  return false;
}

bool Polynomial::is_exactly(PolyVar v) const {
  return terms_.size() == 1 && terms_.begin()->first == Monomial{v} && terms_.begin()->second == Fp::one();
}

Polynomial Polynomial::substitute(const std::function<std::optional<Fp>(const PolyVar&)>& value) const {
  Polynomial r;
  for (const auto& [m, c] : terms_) {
    Monomial rest;
    Fp coefficient = c;
    for (const PolyVar& v : m) {
      if (const auto x = value(v)) coefficient *= *x;
      else rest.push_back(v);
    }
    r.add_term(rest, coefficient);
  }
  return r;
}

namespace {

void collect_factors(const SymExpr& e, std::vector<SymExpr>& out) {
  if (e.op() == SymExpr::Op::mul) {
    collect_factors(e.lhs(), out);
    collect_factors(e.rhs(), out);
  } else if (e.op() == SymExpr::Op::neg) {
    out.emplace_back(-Fp::one());
    collect_factors(e.lhs(), out);
  } else {
    out.push_back(e);
  }
}

}  // namespace

std::vector<SymExpr> product_factors(const SymExpr& e) {
  std::vector<SymExpr> out;
  collect_factors(e, out);
  return out;
}

}  // namespace zkrv
