// The folding interpreter: evaluates a chip's constraints at one point and folds them into one value
// with powers of a random challenge alpha, acc <- acc * alpha + c_i (Horner order: the first constraint
// ends up multiplied by alpha^(n-1), the last by alpha^0).
//
// This is what both sides of the STARK do with eval (Plonky3 uni-stark/src/folder.rs:
// ProverConstraintFolder, VerifierConstraintFolder):
//   prover    T = PackedFp (trace LDE values on the quotient domain, many points at once),
//             Acc = PackedExt, Challenge = Ext; the folded value divided by the vanishing polynomial is
//             the quotient;
//   verifier  T = Acc = Challenge = Ext (the trace openings at the out-of-domain point zeta and zeta * g);
//             the folded value must equal Z_H(zeta) * quotient(zeta).
// One template serves both and any other ring (Fp, Ext, PackedFp, PackedExt), so the constraints the
// prover folds are by construction the ones the verifier folds. The caller supplies the selector values
// at the point (on the trace domain they are 0/1; elsewhere the stark layer computes the Lagrange-based
// values it uses, as Plonky3's selectors_at_point / selectors_on_coset).
//
// Var = Expr = FoldExpr<T>, a thin wrapper over T that completes the algebra the concept asks for
// (e.g. PackedExt has no `Fp - PackedExt`); it compiles away.
//
// Interactions are not folded: they belong to the LogUp argument, whose constraints the stark layer adds.
// If asked to, the folder records them evaluated at the point (EvaluatedInteraction<T>) so the stark
// layer can build its LogUp terms from the same single run of eval.
#pragma once

#include <cassert>
#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "air/builder.h"
#include "air/interaction.h"
#include "field/babybear.h"
#include "field/extension.h"
#include "field/packed_babybear.h"
#include "field/packed_extension.h"

namespace zkrv {

// A base-field constant as an element of T: Fp, Ext, PackedFp (every lane), PackedExt (every lane), or
// any T constructible from Fp, or an extension whose coefficient type is (recursively) one of those.
template <class T>
T lift(Fp c) {
  if constexpr (std::is_same_v<T, Fp>) {
    return c;
  } else if constexpr (std::is_constructible_v<T, Fp>) {
    return T(c);
  } else {
    return T(lift<typename T::Base>(c));
  }
}

template <class T>
class FoldExpr {
 public:
  FoldExpr() : v_(lift<T>(Fp::zero())) {}
  // From a ring value: explicit, except for T = Fp where it is also the constant conversion below.
  explicit(!std::is_same_v<T, Fp>) FoldExpr(T v) : v_(std::move(v)) {}
  // Constants mix freely with expressions (the concept asks for Fp -> Expr implicitly).
  FoldExpr(Fp c)  // NOLINT(google-explicit-constructor)
    requires(!std::is_same_v<T, Fp>)
      : v_(lift<T>(c)) {}

  const T& value() const noexcept { return v_; }

  friend FoldExpr operator+(const FoldExpr& a, const FoldExpr& b) { return FoldExpr(a.v_ + b.v_); }
  friend FoldExpr operator-(const FoldExpr& a, const FoldExpr& b) { return FoldExpr(a.v_ - b.v_); }
  friend FoldExpr operator*(const FoldExpr& a, const FoldExpr& b) { return FoldExpr(a.v_ * b.v_); }
  friend FoldExpr operator-(const FoldExpr& a) { return FoldExpr(-a.v_); }

  // With a constant: the ring's own mixed operation when it has one (PackedFp * Fp is a broadcast
  // multiply, Ext * Fp four base multiplications), otherwise through lift.
  friend FoldExpr operator+(const FoldExpr& a, Fp b) {
    if constexpr (requires { { a.v_ + b } -> std::convertible_to<T>; }) return FoldExpr(a.v_ + b);
    else return FoldExpr(a.v_ + lift<T>(b));
  }
  friend FoldExpr operator-(const FoldExpr& a, Fp b) {
    if constexpr (requires { { a.v_ - b } -> std::convertible_to<T>; }) return FoldExpr(a.v_ - b);
    else return FoldExpr(a.v_ - lift<T>(b));
  }
  friend FoldExpr operator*(const FoldExpr& a, Fp b) {
    if constexpr (requires { { a.v_ * b } -> std::convertible_to<T>; }) return FoldExpr(a.v_ * b);
    else return FoldExpr(a.v_ * lift<T>(b));
  }
  friend FoldExpr operator+(Fp a, const FoldExpr& b) { return b + a; }
  friend FoldExpr operator-(Fp a, const FoldExpr& b) { return FoldExpr(lift<T>(a) - b.v_); }
  friend FoldExpr operator*(Fp a, const FoldExpr& b) { return b * a; }

  FoldExpr& operator+=(const FoldExpr& b) { return *this = *this + b; }
  FoldExpr& operator-=(const FoldExpr& b) { return *this = *this - b; }
  FoldExpr& operator*=(const FoldExpr& b) { return *this = *this * b; }

 private:
  T v_;
};

// Everything the folder reads at one point. Spans must outlive the builder.
template <class T, class Challenge>
struct FolderInputs {
  std::span<const T> main_current;
  std::span<const T> main_next;
  std::span<const T> preprocessed_current;  // empty when the chip has no preprocessed columns
  std::span<const T> preprocessed_next;
  std::span<const Fp> public_values;
  T is_first_row{};
  T is_last_row{};
  T is_transition{};
  Challenge alpha{};
  // Optional: alpha^(n-1), ..., alpha^1, alpha^0 for the chip's n constraints (alpha_powers_descending).
  // When given, constraint i is added as c_i * alpha_powers[i] instead of by Horner's rule: the same sum,
  // but a base-field c_i then costs DEGREE base multiplications (c_i times each coefficient of the power)
  // instead of a full extension product per constraint, which is what the prover's hot loop wants
  // (Plonky3's ProverConstraintFolder does the same with its decomposed alpha powers).
  std::span<const Challenge> alpha_powers;
};

// alpha^(n-1), ..., alpha^0: the alpha_powers input for a chip with n constraints.
template <class Challenge>
std::vector<Challenge> alpha_powers_descending(const Challenge& alpha, size_t n) {
  std::vector<Challenge> powers(n);
  Challenge p = Challenge::one();
  for (size_t i = n; i-- > 0;) {
    powers[i] = p;
    p = p * alpha;
  }
  return powers;
}

template <class T, class Acc, class Challenge>
class FolderBuilder : public BuilderOps<FolderBuilder<T, Acc, Challenge>, FoldExpr<T>> {
 public:
  using Var = FoldExpr<T>;
  using Expr = FoldExpr<T>;
  using Inputs = FolderInputs<T, Challenge>;

  // fold_constraints = false skips the accumulator (a caller that wants only the interactions, like the
  // LogUp trace generator, then pays nothing for the constraints).
  explicit FolderBuilder(const Inputs& in, bool record_interactions = false, bool fold_constraints = true)
      : in_(in), record_(record_interactions), fold_(fold_constraints), acc_(Acc::zero()) {}

  // Starts over at another point, keeping allocated storage (the interaction slots and their value
  // vectors are reused, so a loop over many points allocates nothing after the first).
  void reset(const Inputs& in) {
    in_ = in;
    acc_ = Acc::zero();
    num_constraints_ = 0;
    used_ = 0;
  }

  RowWindow<Var, T> main() const noexcept { return {in_.main_current, in_.main_next}; }
  RowWindow<Var, T> preprocessed() const noexcept { return {in_.preprocessed_current, in_.preprocessed_next}; }
  Expr public_value(size_t i) const { return Expr(in_.public_values[i]); }
  Expr is_first_row() const { return Expr(in_.is_first_row); }
  Expr is_last_row() const { return Expr(in_.is_last_row); }
  Expr is_transition() const { return Expr(in_.is_transition); }

  void assert_zero(const Expr& x, std::string_view /*name*/) {
    if (!fold_) {
      ++num_constraints_;
      return;
    }
    if (in_.alpha_powers.empty()) {
      acc_ = acc_ * in_.alpha + x.value();
    } else {
      assert(num_constraints_ < in_.alpha_powers.size() && "alpha_powers shorter than the constraint list");
      add_scaled(x.value(), in_.alpha_powers[num_constraints_]);
    }
    ++num_constraints_;
  }

  void interact(Bus bus, std::span<const Expr> values, const Expr& multiplicity, InteractionKind kind) {
    if (!record_) return;
    if (used_ == interactions_.size()) interactions_.emplace_back();
    EvaluatedInteraction<T>& it = interactions_[used_++];
    it.bus = bus;
    it.kind = kind;
    it.multiplicity = multiplicity.value();
    it.values.resize(values.size());
    for (size_t j = 0; j < values.size(); ++j) it.values[j] = values[j].value();
  }

  // sum_i c_i alpha^(n-1-i) over the n constraints seen so far (with alpha_powers: sum_i c_i alpha_powers[i],
  // the same value once all n constraints are seen).
  const Acc& accumulator() const noexcept { return acc_; }
  size_t num_constraints() const noexcept { return num_constraints_; }
  std::span<const EvaluatedInteraction<T>> interactions() const noexcept {
    return std::span<const EvaluatedInteraction<T>>(interactions_).first(used_);
  }

 private:
  // acc += x * w. A base-field x (T is Acc's coefficient type) scales each coefficient of w.
  void add_scaled(const T& x, const Challenge& w) {
    if constexpr (std::is_same_v<T, typename Acc::Base>) {
      for (size_t j = 0; j < Acc::DEGREE; ++j) acc_.coeff(j) += x * w.coeff(j);
    } else {
      acc_ += x * w;
    }
  }

  Inputs in_;
  bool record_;
  bool fold_;
  Acc acc_;
  size_t num_constraints_ = 0;
  size_t used_ = 0;  // interactions_[0, used_) are this point's; later slots keep their storage
  std::vector<EvaluatedInteraction<T>> interactions_;
};

// The two instantiations the STARK uses.
using ProverFolder = FolderBuilder<PackedFp, PackedExt, Ext>;
using VerifierFolder = FolderBuilder<Ext, Ext, Ext>;

static_assert(AirBuilder<ProverFolder>);
static_assert(AirBuilder<VerifierFolder>);
static_assert(AirBuilder<FilteredBuilder<ProverFolder>>);
static_assert(AirBuilder<FolderBuilder<Fp, Ext, Ext>>);
static_assert(AirBuilder<FolderBuilder<PackedExt, PackedExt, Ext>>);

}  // namespace zkrv
