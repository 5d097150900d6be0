// The LogUp bus argument (Haboeck, "Multivariate lookups based on logarithmic derivatives", eprint
// 2022/1530), multi-table as in SP1 (crates/stark/src/permutation.rs): on every bus the multiset of
// sent tuples equals the multiset of received ones iff, for random gamma, beta_0, beta_1, ...,
//     sum over chips, rows r, interactions i of  s_i m_i(r) / d_i(r)  = 0,
//     d_i(r) = gamma + bus_i + sum_j beta_j v_ij(r),   s_i = +1 for a send, -1 for a receive,
// with one independent challenge beta_j per tuple position (not powers of one beta): each d_i is then of
// total degree 1 in (gamma, beta_0, ...), so the Schwartz-Zippel error of the cleared identity does not
// grow with the tuple length (stark/security.h). Every bus has one fixed arity (stark/machine_checks.h),
// so tuples of different lengths never meet in one sum.
//
// Per chip with k > 0 interactions, grouped into G runs of consecutive interactions (Chip::group_begin;
// a group is as large as the degree budget max(chip degree, 3) allows, so two interactions with
// degree-1 tuples share one column, as SP1 batches its interactions), the prover commits (after the
// main traces, once the challenges are drawn) a "permutation" trace of G extension columns, each as
// Ext::DEGREE base columns: a helper column for each group but the last, and the running sum phi, which
// also carries the last group (as Stwo's LogUp folds its last batch into the cumulative-sum column):
//     h_g(r) = sum_{i in g} s_i m_i(r) / d_i(r)            g = 0 .. G - 2
//     H(r)   = sum_{g < G} sum_{i in g} s_i m_i(r) / d_i(r)  (every group's sum on row r)
//     phi(0) = 0,  phi(r + 1) = phi(r) + H(r) - S / n      (S = sum_r H(r), the chip's cumulative sum)
// so phi(n) = phi(0): the running sum is cyclic on H and needs no first-, last-row or transition
// selector. S is sent in the proof and observed. The chip's quotient also covers these constraints,
// folded after the chip's own ones (Horner in alpha), on every row of H, the last one included (the
// row after n - 1 is row 0):
//     h_g prod_{i in g} d_i - sum_{i in g} s_i m_i prod_{j in g, j != i} d_j = 0      g = 0 .. G - 2
//     (phi' - phi - sum_{g < G-1} h_g + S/n) prod_{i in G-1} d_i
//        - sum_{i in G-1} s_i m_i prod_{j in G-1, j != i} d_j = 0
// Soundness: where every d_i is non-zero, the g-th constraint says h_g(r) = sum_{i in g} s_i m_i / d_i
// and the last one says phi(r + 1) - phi(r) = H(r) - S/n on every r; summing the latter over the cyclic
// group H telescopes to 0 = sum_r H(r) - S, so S is the chip's whole LogUp sum, whatever phi(0) is.
// Every constraint has the degree of a helper group's (phi' - phi - ... is of degree 1, like h_g), so
// the last group is as large as any, and each chip has one extension column fewer than with a separate
// running-sum column. The verifier checks that the cumulative sums of all chips, plus sum s m / d over
// the statement's public interactions (stark/protocol.h), add up to zero. (A vanishing d_i is the
// event the LogUp security term in stark/security.h accounts for.) The fold is one template over (T, E)
// = (PackedFp, PackedExt) in the prover and (Ext, Ext) in the verifier, so both fold the same
// constraints in the same order.
#pragma once

#include <cassert>
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
  Ext gamma;
  std::vector<Ext> betas;  // one per tuple position, as many as the machine's longest tuple
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

// d = gamma + bus + sum_j beta_j v_j. The caller guarantees betas.size() >= the tuple length.
// A base value (T = Fp or PackedFp) multiplies the extension challenge coefficient-wise (Ext::DEGREE
// base products), never embedded and multiplied as a full extension element: the same field element for
// a quarter of the work.
template <class E, class T>
E logup_denominator(const EvaluatedInteraction<T>& it, const LogupChallenges& ch) {
  E d = logup_detail::constant<E>(ch.gamma + Fp(it.bus.id));
  for (size_t j = 0; j < it.values.size(); ++j) {
    if constexpr (std::is_same_v<T, E>) d += it.values[j] * ch.betas[j];
    else d += logup_detail::constant<E>(ch.betas[j]) * it.values[j];
  }
  return d;
}

// Number of constraints fold_logup adds for a chip (0 without interactions).
inline size_t num_logup_constraints(const Chip& chip) {
  return chip.num_logup_groups();
}

// S / n: the running sum's step shift for a chip of height n = 2^log_n with cumulative sum S.
inline Ext logup_row_shift(const Ext& cumulative_sum, unsigned log_n) {
  return cumulative_sum * Fp(uint32_t{1} << log_n).inverse();
}

// The challenges as elements of E, for one chip: gamma + bus id per interaction, the betas and the
// running sum's shift S / n, converted once (for E = PackedExt a broadcast per use would cost as much
// as the products it feeds).
template <class E>
struct LogupConstants {
  std::vector<E> bus;    // gamma + bus_i, per interaction
  std::vector<E> betas;  // beta_j
  E row_shift;           // S / n
  LogupConstants(const Chip& chip, const LogupChallenges& ch, const Ext& cumulative_sum, unsigned log_n)
      : row_shift(logup_detail::constant<E>(logup_row_shift(cumulative_sum, log_n))) {
    for (const auto& it : chip.info().interactions) bus.push_back(logup_detail::constant<E>(ch.gamma + Fp(it.bus.id)));
    for (const Ext& b : ch.betas) betas.push_back(logup_detail::constant<E>(b));
  }
};

// acc <- acc * alpha + c for each LogUp constraint c, in the order of the header comment. local holds
// the permutation trace's G - 1 helper columns and then phi; phi_next is phi on the next row.
template <class T, class E>
E fold_logup(E acc, const Ext& alpha, const Chip& chip, std::span<const EvaluatedInteraction<T>> interactions,
             std::span<const E> local, const E& phi_next, const LogupConstants<E>& k) {
  const size_t groups = chip.num_logup_groups();
  if (interactions.empty()) return acc;
  assert(local.size() == groups);
  const E& phi = local[groups - 1];
  // The last group's "helper": phi' - phi - sum of the other helpers + S/n.
  E last = phi_next - phi + k.row_shift;
  for (size_t g = 0; g + 1 < groups; ++g) last -= local[g];
  for (size_t g = 0; g < groups; ++g) {
    // h prod d - sum_i s_i m_i prod_{j != i} d_j, built incrementally: after interaction i,
    // den = prod d and num = sum s m prod_{j != i} d over the interactions seen so far (the first
    // interaction sets them directly: den = d, num = s m).
    const size_t first = chip.group_begin(g);
    assert(first < chip.group_begin(g + 1) && "LogUp groups are never empty (Chip::group_interactions)");
    E den, num;
    for (size_t i = first; i < chip.group_begin(g + 1); ++i) {
      const auto& it = interactions[i];
      E d = k.bus[i];
      for (size_t j = 0; j < it.values.size(); ++j) {
        if constexpr (std::is_same_v<T, E>) d += it.values[j] * k.betas[j];
        else d += k.betas[j] * it.values[j];  // extension times base: Ext::DEGREE products
      }
      const T m = it.kind == InteractionKind::send ? it.multiplicity : -it.multiplicity;
      if (i == first) {
        num = logup_detail::embed<E>(m);
        den = d;
        continue;
      }
      if constexpr (std::is_same_v<T, E>) num = num * d + m * den;
      else num = num * d + den * m;
      den = den * d;
    }
    const E& h = g + 1 < groups ? local[g] : last;
    acc = acc * alpha + (h * den - num);
  }
  return acc;
}

// The permutation trace of one chip (n x Ext::DEGREE G base columns: G - 1 helpers, then phi) for its
// main (and preprocessed) trace on H, and its cumulative sum S.
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
