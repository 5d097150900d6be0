// The LogUp bus argument (Haboeck, "Multivariate lookups based on logarithmic derivatives", eprint
// 2022/1530), multi-table as in SP1 (crates/stark/src/permutation.rs): on every bus the multiset of
// sent tuples equals the multiset of received ones iff, for random beta, gamma,
//     sum over chips, rows r, interactions i of  s_i m_i(r) / d_i(r)  = 0,
//     d_i(r) = gamma + bus_i + sum_j beta^(j+1) v_ij(r),   s_i = +1 for a send, -1 for a receive.
//
// Per chip with k > 0 interactions the prover commits (after the main traces, once beta and gamma are
// drawn) a "permutation" trace of k + 1 extension columns, each as Ext::DEGREE base columns:
//     h_i(r) = s_i m_i(r) / d_i(r)                (one helper column per interaction)
//     phi(r) = sum_{r' <= r} sum_i h_i(r')         (the running sum)
// and claims its total phi(n - 1) = the chip's cumulative sum (sent in the proof and observed). The
// chip's quotient also covers these constraints, folded after the chip's own ones (Horner in alpha):
//     h_i d_i - s_i m_i = 0                             for each i, every row
//     is_first_row  * (phi - sum_i h_i) = 0
//     is_transition * (phi' - phi - sum_i h_i') = 0
//     is_last_row   * (phi - cumulative_sum) = 0
// and the verifier checks that the cumulative sums of all chips add up to zero. The fold is one template
// over (T, E) = (PackedFp, PackedExt) in the prover and (Ext, Ext) in the verifier, so both fold the same
// constraints in the same order.
#pragma once

#include <cstddef>
#include <span>
#include <type_traits>
#include <vector>

#include "air/interaction.h"
#include "field/babybear.h"
#include "field/extension.h"
#include "field/packed_extension.h"
#include "matrix/matrix_view.h"
#include "matrix/row_major_matrix.h"
#include "stark/chip.h"

namespace zkrv {

struct LogupChallenges {
  Ext beta, gamma;
};

namespace logup_detail {
template <class E>
E constant(const Ext& c) {
  if constexpr (std::is_same_v<E, Ext>) return c;
  else return broadcast_ext<typename E::Base>(c);
}
template <class E, class T>
E embed(const T& v) {
  if constexpr (std::is_same_v<T, E>) return v;
  else return E(v);
}
}  // namespace logup_detail

// d = gamma + bus + sum_j beta^(j+1) v_j.
template <class E, class T>
E logup_denominator(const EvaluatedInteraction<T>& it, const LogupChallenges& ch) {
  E d = logup_detail::constant<E>(ch.gamma + Fp(it.bus.id));
  Ext power = ch.beta;
  for (const T& v : it.values) {
    d += logup_detail::embed<E>(v) * power;
    power *= ch.beta;
  }
  return d;
}

// Number of constraints fold_logup adds for k interactions (0 if k == 0).
inline size_t num_logup_constraints(size_t k) { return k == 0 ? 0 : k + 3; }

// acc <- acc * alpha + c for each LogUp constraint c, in the order of the header comment.
template <class T, class E>
E fold_logup(E acc, const Ext& alpha, std::span<const EvaluatedInteraction<T>> interactions,
             std::span<const E> local, std::span<const E> next, const T& is_first_row, const T& is_last_row,
             const T& is_transition, const LogupChallenges& ch, const Ext& cumulative_sum) {
  const size_t k = interactions.size();
  if (k == 0) return acc;
  E sum_local = logup_detail::constant<E>(Ext::zero()), sum_next = sum_local;
  for (size_t i = 0; i < k; ++i) {
    const auto& it = interactions[i];
    const E m = logup_detail::embed<E>(it.multiplicity);
    const E signed_m = it.kind == InteractionKind::send ? m : -m;
    acc = acc * alpha + (local[i] * logup_denominator<E>(it, ch) - signed_m);
    sum_local += local[i];
    sum_next += next[i];
  }
  const E& phi = local[k];
  const E& phi_next = next[k];
  acc = acc * alpha + (phi - sum_local) * is_first_row;
  acc = acc * alpha + (phi_next - phi - sum_next) * is_transition;
  acc = acc * alpha + (phi - logup_detail::constant<E>(cumulative_sum)) * is_last_row;
  return acc;
}

// The permutation trace of one chip (n x Ext::DEGREE (k + 1) base columns) for its main (and
// preprocessed) trace on H, and its cumulative sum phi(n - 1).
struct PermutationTrace {
  RowMajorMatrix<Fp> trace;
  Ext cumulative_sum;
};
PermutationTrace generate_permutation_trace(const Chip& chip, MatrixView<const Fp> main,
                                            MatrixView<const Fp> preprocessed, std::span<const Fp> public_values,
                                            const LogupChallenges& ch);

// Extension column c (Ext::DEGREE base columns) from values opened at a point: sum_d e_d * v[D c + d].
inline Ext ext_from_base_openings(std::span<const Ext> v, size_t c) {
  Ext x = Ext::zero();
  for (size_t d = 0; d < Ext::DEGREE; ++d) x += Ext::monomial(d) * v[Ext::DEGREE * c + d];
  return x;
}

}  // namespace zkrv
