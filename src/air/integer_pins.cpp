#include "air/integer_pins.h"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "air/polynomial.h"

namespace zkrv {

namespace {

// A root, or a coefficient of an identity, is a "small integer" when it is within 2^20 of 0 (either
// sign): far enough from p that no sum of a few such terms of pinned values wraps around.
constexpr uint32_t kSmallInteger = uint32_t{1} << 20;
// Enumerations over finite value sets stop being attempted beyond this many assignments.
constexpr size_t kMaxAssignments = size_t{1} << 12;

bool is_small_integer(Fp v) {
  const uint32_t c = v.as_canonical();
  return c < kSmallInteger || Fp::P - c < kSmallInteger;
}

std::string show(Fp v) {
  const uint32_t c = v.as_canonical();
  if (Fp::P - c < kSmallInteger) return "-" + std::to_string(Fp::P - c);
  return std::to_string(c);
}

class Names {
 public:
  Names(std::span<const std::string_view> names, size_t width) {
    for (size_t i = 0; i < width; ++i)
      names_.push_back(i < names.size() ? std::string(names[i]) : "main[" + std::to_string(i) + "]");
  }
  const std::string& column(size_t c) const { return names_[c]; }
  std::string var(const PolyVar& v) const {
    switch (v.kind) {
      case PolyVar::Kind::main: return names_[v.index] + (v.offset ? "'" : "");
      case PolyVar::Kind::preprocessed: return "prep[" + std::to_string(v.index) + "]" + (v.offset ? "'" : "");
      case PolyVar::Kind::public_value: return "pub[" + std::to_string(v.index) + "]";
      case PolyVar::Kind::selector:
        return v.index == static_cast<uint32_t>(Selector::first_row)  ? "is_first_row"
               : v.index == static_cast<uint32_t>(Selector::last_row) ? "is_last_row"
                                                                      : "is_transition";
    }
    return "?";
  }
  std::string poly(const Polynomial& p) const {
    if (p.is_zero()) return "0";
    std::string out;
    for (const auto& [m, c] : p.terms()) {
      if (!out.empty()) out += " + ";
      const bool unit = c == Fp::one();
      if (!unit || m.empty()) out += show(c);
      for (size_t i = 0; i < m.size(); ++i) {
        if (i > 0 || !unit) out += " ";
        out += var(m[i]);
      }
    }
    return out;
  }

 private:
  std::vector<std::string> names_;
};

struct Pin {
  Polynomial condition;  // the pin holds where this is nonzero
  std::string how;
};

struct ConstraintForm {
  std::string name;
  std::vector<Polynomial> factors;
  std::set<uint32_t> columns;  // main columns mentioned, either row
};

struct Analysis {
  size_t width = 0;
  std::vector<ConstraintForm> constraints;
  std::vector<Polynomial> multiplicities;  // of every interaction
  std::vector<std::vector<Pin>> contract_pins;  // per column
  bool rows_independent = false;  // no constraint reads the next row, a public value or a selector
  // The constraints that read only current-row main columns, expanded: every row satisfies them, so
  // enumerations of finite value sets skip assignments that violate one.
  std::vector<std::pair<Polynomial, std::set<PolyVar>>> row_constraints;
};

struct State {
  std::vector<bool> pinned;
  std::vector<std::string> pinned_by;
  std::vector<std::optional<std::vector<Fp>>> finite;  // values on every row, where known
  std::vector<std::vector<Pin>> pins;
};

Fp evaluate_at(const Polynomial& p, const std::map<PolyVar, Fp>& assignment);

// Calls f on every assignment of `domain` from its value sets that satisfies the row constraints over
// those variables, until f returns false; false if it did, or if there are more than kMaxAssignments
// assignments (nothing is called then). The domain is first widened by the finite variables of row
// constraints that share a variable with it, while the budget allows, so that such constraints can rule
// assignments out (e.g. sum e_i = sum o_i links the flags a condition reads to others).
bool for_each_assignment(const std::vector<std::pair<PolyVar, std::vector<Fp>>>& domain, const Analysis& a,
                         const State& s, const std::function<bool(const std::map<PolyVar, Fp>&)>& f) {
  std::vector<std::pair<PolyVar, std::vector<Fp>>> vars = domain;
  size_t total = 1;
  std::set<PolyVar> names;
  for (const auto& [v, values] : vars) {
    total *= values.size();
    if (total > kMaxAssignments) return false;
    names.insert(v);
  }
  for (bool widened = true; widened;) {
    widened = false;
    for (const auto& [p, vs] : a.row_constraints) {
      const bool shares = std::any_of(vs.begin(), vs.end(), [&](const PolyVar& v) { return names.contains(v); });
      if (!shares || std::includes(names.begin(), names.end(), vs.begin(), vs.end())) continue;
      size_t grown = total;
      std::vector<PolyVar> added;
      for (const PolyVar& v : vs) {
        if (names.contains(v)) continue;
        if (!s.finite[v.index]) {
          grown = kMaxAssignments + 1;
          break;
        }
        grown *= s.finite[v.index]->size();
        added.push_back(v);
        if (grown > kMaxAssignments) break;
      }
      if (grown > kMaxAssignments) continue;
      for (const PolyVar& v : added) {
        vars.emplace_back(v, *s.finite[v.index]);
        names.insert(v);
      }
      total = grown;
      widened = true;
    }
  }
  std::vector<const Polynomial*> applicable;
  for (const auto& [p, vs] : a.row_constraints)
    if (std::includes(names.begin(), names.end(), vs.begin(), vs.end())) applicable.push_back(&p);
  std::map<PolyVar, Fp> assignment;
  std::function<bool(size_t)> rec = [&](size_t i) {
    if (i == vars.size()) {
      for (const Polynomial* p : applicable)
        if (!evaluate_at(*p, assignment).is_zero()) return true;  // no row has these values
      return f(assignment);
    }
    for (Fp value : vars[i].second) {
      assignment[vars[i].first] = value;
      if (!rec(i + 1)) return false;
    }
    return true;
  };
  return rec(0);
}

// The value sets of `vars`, if every one is a current-row main column with a known finite set.
std::optional<std::vector<std::pair<PolyVar, std::vector<Fp>>>> finite_domain(const std::set<PolyVar>& vars,
                                                                               const State& s) {
  std::vector<std::pair<PolyVar, std::vector<Fp>>> out;
  for (const PolyVar& v : vars) {
    if (v.kind != PolyVar::Kind::main || v.offset != 0 || !s.finite[v.index]) return std::nullopt;
    out.emplace_back(v, *s.finite[v.index]);
  }
  return out;
}

Fp evaluate_at(const Polynomial& p, const std::map<PolyVar, Fp>& assignment) {
  const Polynomial r = p.substitute([&](const PolyVar& v) -> std::optional<Fp> {
    const auto it = assignment.find(v);
    if (it == assignment.end()) return std::nullopt;
    return it->second;
  });
  return r.constant_value().value_or(Fp::one());  // unreachable for a full assignment
}

// Whether the constant 1 is an Fp-linear combination of `polys` (Gaussian elimination on coefficient
// vectors indexed by monomial).
bool one_in_span(const std::vector<Polynomial>& polys) {
  std::vector<std::pair<Monomial, Polynomial>> basis;  // pivot monomial, polynomial with pivot coefficient 1
  auto reduce = [&](Polynomial p) {
    for (const auto& [pivot, b] : basis) {
      const auto it = p.terms().find(pivot);
      if (it != p.terms().end()) p = p - b * Polynomial(it->second);
    }
    return p;
  };
  for (const Polynomial& q : polys) {
    const Polynomial r = reduce(q);
    if (r.is_zero()) continue;
    const auto& [pivot, c] = *r.terms().begin();
    basis.emplace_back(pivot, r * Polynomial(c.inverse()));
  }
  return reduce(Polynomial(Fp::one())).is_zero();
}

// One constraint solved for column c, if it pins c (header comment: roots and identity rules). Sets
// `roots` when c's possible values form a known finite set.
std::optional<Pin> solve(const ConstraintForm& k, uint32_t c, const Analysis& a, const State& s, const Names& names,
                         std::optional<std::vector<Fp>>& roots) {
  const PolyVar x = PolyVar::main(c);
  Polynomial condition(Fp::one());
  struct Affine {
    Fp a;
    Polynomial b;
  };
  std::vector<Affine> xs;
  for (const Polynomial& f : k.factors) {
    if (!f.mentions_column(c)) {
      condition = condition * f;
      continue;
    }
    Affine af{Fp::zero(), Polynomial()};
    for (const auto& [m, coef] : f.terms()) {
      const bool has_x = std::any_of(m.begin(), m.end(), [&](const PolyVar& v) {
        return v.kind == PolyVar::Kind::main && v.index == c;
      });
      if (!has_x) continue;
      if (m == Monomial{x}) af.a += coef;
      else return std::nullopt;  // x squared, x times another variable, or x of the next row
    }
    if (af.a.is_zero()) return std::nullopt;
    // b is f without its one x term (f = a x + b): one subtraction, not a copy of b per term (summing
    // the other terms one at a time was quadratic: ~10 s on the Poseidon2 chip's 4,900-term S-boxes).
    af.b = f - Polynomial::term(Monomial{x}, af.a);
    xs.push_back(std::move(af));
  }
  if (xs.empty()) return std::nullopt;
  const std::optional<Fp> constant_condition = condition.constant_value();
  if (constant_condition && constant_condition->is_zero()) return std::nullopt;
  const std::string where =
      constant_condition ? std::string() : " where " + names.poly(condition) + " != 0";

  // Roots: every b over columns with finite value sets.
  std::set<PolyVar> b_vars;
  for (const Affine& af : xs) {
    const auto vs = af.b.variables();
    b_vars.insert(vs.begin(), vs.end());
  }
  if (const auto domain = finite_domain(b_vars, s)) {
    std::set<uint32_t> values;
    bool all_small = true;
    const bool enumerated = for_each_assignment(*domain, a, s, [&](const std::map<PolyVar, Fp>& assignment) {
      for (const Affine& af : xs) {
        const Fp root = -evaluate_at(af.b, assignment) * af.a.inverse();
        if (!is_small_integer(root)) {
          all_small = false;
          return false;
        }
        values.insert(root.as_canonical());
      }
      return true;
    });
    if (enumerated && all_small) {
      std::vector<Fp> set;
      std::string listed;
      for (uint32_t v : values) {
        set.push_back(Fp(v));
        listed += (listed.empty() ? "" : ", ") + show(Fp(v));
      }
      roots = std::move(set);
      return Pin{condition, "'" + k.name + "': " + names.column(c) + " in {" + listed + "}" + where};
    }
  }

  // Identity: x = +-b, b with small integer coefficients over pinned values.
  for (const Affine& af : xs) {
    if (af.a != Fp::one() && af.a != -Fp::one()) return std::nullopt;
    for (const auto& [m, coef] : af.b.terms()) {
      if (!is_small_integer(coef)) return std::nullopt;
      for (const PolyVar& v : m) {
        const bool ok = (v.kind == PolyVar::Kind::main && s.pinned[v.index]) ||
                        v.kind == PolyVar::Kind::preprocessed || v.kind == PolyVar::Kind::public_value ||
                        (v.kind == PolyVar::Kind::selector && v.index != static_cast<uint32_t>(Selector::transition));
        if (!ok) return std::nullopt;
      }
    }
  }
  return Pin{condition, "'" + k.name + "': " + names.column(c) + " is an integer combination of pinned values" + where};
}

// Whether c's pins cover every row (header comment), and how.
std::optional<std::string> covers_every_row(const std::vector<Pin>& pins, const Analysis& a, const State& s) {
  if (pins.empty()) return std::nullopt;
  for (const Pin& p : pins) {
    const auto v = p.condition.constant_value();
    if (v && !v->is_zero()) return p.how;
  }
  std::vector<Polynomial> conditions;
  for (const Pin& p : pins) conditions.push_back(p.condition);
  auto joined = [&] {
    std::string out;
    for (const Pin& p : pins) out += (out.empty() ? "" : "; ") + p.how;
    return out;
  };
  if (one_in_span(conditions)) {
    // Report a minimal covering set: drop every pin the others cover without.
    std::vector<Pin> needed = pins;
    for (size_t i = needed.size(); i-- > 0;) {
      std::vector<Polynomial> rest;
      for (size_t j = 0; j < needed.size(); ++j)
        if (j != i) rest.push_back(needed[j].condition);
      if (one_in_span(rest)) needed.erase(needed.begin() + static_cast<std::ptrdiff_t>(i));
    }
    std::string out;
    for (const Pin& p : needed) out += (out.empty() ? "" : "; ") + p.how;
    return out + " (the conditions cover every row)";
  }
  std::set<PolyVar> vars;
  for (const Polynomial& p : conditions) {
    const auto vs = p.variables();
    vars.insert(vs.begin(), vs.end());
  }
  // Every row's values of those variables lie in their finite sets: if each assignment of the sets makes
  // some condition nonzero, so does each row.
  if (const auto domain = finite_domain(vars, s)) {
    const bool covered = for_each_assignment(*domain, a, s, [&](const std::map<PolyVar, Fp>& assignment) {
      return std::any_of(conditions.begin(), conditions.end(),
                         [&](const Polynomial& p) { return !evaluate_at(p, assignment).is_zero(); });
    });
    if (covered) return joined() + " (some condition is nonzero on every row)";
  }
  if (!a.rows_independent) return std::nullopt;
  for (const Polynomial& m : a.multiplicities) {
    const auto vs = m.variables();
    vars.insert(vs.begin(), vs.end());
  }
  const auto domain = finite_domain(vars, s);
  if (!domain) return std::nullopt;
  const bool inert = for_each_assignment(*domain, a, s, [&](const std::map<PolyVar, Fp>& assignment) {
    for (const Polynomial& p : conditions)
      if (!evaluate_at(p, assignment).is_zero()) return true;  // some pin applies
    for (const Polynomial& m : a.multiplicities)
      if (!evaluate_at(m, assignment).is_zero()) return false;  // an uncovered row that interacts
    return true;
  });
  if (!inert) return std::nullopt;
  return joined() + " (rows where none applies interact with nothing)";
}

State run(const Analysis& a, const Names& names, const std::vector<bool>& seeds) {
  State s;
  s.pinned = seeds;
  s.pinned_by.assign(a.width, std::string());
  s.finite.assign(a.width, std::nullopt);
  s.pins.assign(a.width, {});
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t c = 0; c < a.width; ++c) {
      if (s.pinned[c] && s.finite[c]) continue;
      std::vector<Pin> pins = a.contract_pins[c];
      for (const ConstraintForm& k : a.constraints) {
        if (!k.columns.contains(c)) continue;
        std::optional<std::vector<Fp>> roots;
        auto pin = solve(k, c, a, s, names, roots);
        if (!pin) continue;
        const auto cond = pin->condition.constant_value();
        if (roots && cond && !cond->is_zero() && !s.finite[c]) {
          s.finite[c] = std::move(roots);
          changed = true;
        }
        pins.push_back(std::move(*pin));
      }
      if (!s.pinned[c]) {
        if (auto how = covers_every_row(pins, a, s)) {
          s.pinned[c] = true;
          s.pinned_by[c] = std::move(*how);
          changed = true;
        }
      }
      s.pins[c] = std::move(pins);
    }
  }
  return s;
}

Analysis analyze_forms(const AirInfo& info, const Names& names, std::span<const BusPinContract> contracts) {
  Analysis a;
  a.width = info.width;
  a.rows_independent = true;
  for (const SymbolicConstraint& k : info.constraints) {
    ConstraintForm form{k.name, {}, {}};
    for (const SymExpr& f : product_factors(k.expr)) form.factors.push_back(Polynomial::from(f));
    for (const Polynomial& f : form.factors)
      for (const PolyVar& v : f.variables()) {
        if (v.kind == PolyVar::Kind::main) form.columns.insert(v.index);
        if (v.offset != 0 || v.kind == PolyVar::Kind::public_value || v.kind == PolyVar::Kind::selector)
          a.rows_independent = false;
      }
    Polynomial whole(Fp::one());
    for (const Polynomial& f : form.factors) whole = whole * f;
    const std::set<PolyVar> vars = whole.variables();
    if (std::all_of(vars.begin(), vars.end(),
                    [](const PolyVar& v) { return v.kind == PolyVar::Kind::main && v.offset == 0; }))
      a.row_constraints.emplace_back(std::move(whole), vars);
    a.constraints.push_back(std::move(form));
  }
  a.contract_pins.assign(info.width, {});
  for (const SymbolicInteraction& it : info.interactions) {
    const Polynomial multiplicity = Polynomial::from(it.multiplicity);
    a.multiplicities.push_back(multiplicity);
    if (multiplicity.is_zero()) continue;
    const char* side = it.kind == InteractionKind::send ? "send" : "receive";
    for (const BusPinContract& contract : contracts) {
      if (contract.bus_id != it.bus.id || contract.kind != it.kind) continue;
      for (size_t pos = 0; pos < it.values.size() && pos < 32; ++pos) {
        if (!(contract.positions >> pos & 1u)) continue;
        const Polynomial value = Polynomial::from(it.values[pos]);
        for (uint32_t c = 0; c < info.width; ++c) {
          if (!value.is_exactly(PolyVar::main(c))) continue;
          const auto constant = multiplicity.constant_value();
          const std::string where = constant ? std::string() : " where " + names.poly(multiplicity) + " != 0";
          a.contract_pins[c].push_back(
              {multiplicity, std::string(it.bus.name) + " bus " + side + ", position " + std::to_string(pos) + where});
        }
      }
    }
  }
  return a;
}

const char* status_name(PinStatus s) {
  switch (s) {
    case PinStatus::pinned: return "pinned";
    case PinStatus::declared: return "declared";
    case PinStatus::not_an_integer: return "not an integer (declared)";
    case PinStatus::unpinned: return "UNPINNED";
  }
  return "?";
}

}  // namespace

std::vector<std::string> IntegerPinReport::unpinned() const {
  std::vector<std::string> out;
  for (const ColumnPins& c : columns)
    if (c.status == PinStatus::unpinned) out.push_back(c.name);
  return out;
}

std::string IntegerPinReport::describe() const {
  std::string out = chip + ":\n";
  for (const ColumnPins& c : columns) {
    out += "  " + c.name + ": " + status_name(c.status) + "\n";
    for (const std::string& e : c.evidence) out += "      " + e + "\n";
  }
  return out;
}

IntegerPinReport check_integer_pins(const AirInfo& info, std::span<const std::string_view> column_names,
                                    const IntegerDerivations& derivations, std::span<const BusPinContract> contracts) {
  const Names names(column_names, info.width);
  IntegerPinReport report;
  report.chip = info.chip;
  const std::string prefix = info.chip + ".";

  // Resolve the derivations.
  std::vector<std::optional<std::string_view>> reason(info.width);
  for (const IntegerDerivations::Entry& e : derivations.entries()) {
    std::optional<size_t> column = e.column;
    if (!e.resolved_by_gadget)
      for (size_t i = 0; i < info.width; ++i)
        if (names.column(i) == e.name) column = i;
    if (!column || *column >= info.width) {
      report.problems.push_back(prefix + e.label + ": a derivation for a column the chip does not have");
      continue;
    }
    if (reason[*column]) {
      report.problems.push_back(prefix + names.column(*column) + ": derivation listed twice");
      continue;
    }
    reason[*column] = e.reason;
  }

  const Analysis a = analyze_forms(info, names, contracts);
  std::vector<bool> seeds(info.width, false);
  for (size_t c = 0; c < info.width; ++c) seeds[c] = reason[c] && !declares_not_an_integer(*reason[c]);
  const State s = run(a, names, seeds);

  for (uint32_t c = 0; c < info.width; ++c) {
    ColumnPins col{names.column(c), PinStatus::unpinned, {}};
    if (reason[c]) {
      const bool free = declares_not_an_integer(*reason[c]);
      col.status = free ? PinStatus::not_an_integer : PinStatus::declared;
      col.evidence.emplace_back(*reason[c]);
      // Would the rules pin it without the derivation? Then the derivation is not needed (or, for a
      // column declared free, wrong).
      std::vector<bool> without = seeds;
      without[c] = false;
      const State alone = free ? s : run(a, names, without);
      if (alone.pinned[c])
        report.problems.push_back(prefix + col.name + ": " + (free ? "declared not an integer" : "has a derivation") +
                                  " but is pinned mechanically: " + alone.pinned_by[c]);
    } else if (s.pinned[c]) {
      col.status = PinStatus::pinned;
      col.evidence.push_back(s.pinned_by[c]);
    } else {
      for (const Pin& p : s.pins[c]) col.evidence.push_back("only " + p.how);
      std::string detail;
      if (col.evidence.empty()) {
        detail = "no pin at all";
      } else {
        for (const std::string& e : col.evidence) detail += (detail.empty() ? "" : "; ") + e;
      }
      report.problems.push_back(prefix + col.name + ": not pinned as an integer (" + detail + ")");
    }
    report.columns.push_back(std::move(col));
  }
  return report;
}

}  // namespace zkrv
