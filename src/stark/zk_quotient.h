// The quotient of a zero-knowledge proof (docs/zero-knowledge.md, part 4).
//
// With randomized traces f' = f + Z_H r (deg r < t), a chip of constraint degree d has a quotient
// Q = C(f') / Z_H of degree < M + d t, M = n 2^q the quotient coset's size. The coset shift * H_M gives
// only A = Q mod (X^M - s^M), s = kLdeShift (compute_quotient_chunk_coefficients). Q = A + (X^M - s^M) B
// with deg B < d t, and on a small coset sigma * H_T (T >= d t, T | n) X^M is the constant sigma^M, so
//   B(x) = (Q(x) - A(x)) / (sigma^M - s^M)
// there: T values of Q (quotient_on_small_coset) and A's fold (O(M)) give B by one size-T transform.
//
// Q = sum_k X^(k n) q_k, chunks of n coefficients, the last one with B as its X^n part:
//   q_k = (A - s^M B)[k n, (k+1) n)  for k < K - 1,   q_(K-1) = (A - s^M B)[(K-1) n, K n) + X^n B.
// Each chunk but the last also gets a uniformly random s_k of degree < t_q:
//   q'_k = q_k - s_(k-1) + X^n s_k  (s_(-1) = 0, s_(K-1) = 0),
// so sum_k zeta^(k n) q'_k(zeta) = Q(zeta) (the s_k telescope away): the verifier's check is unchanged.
// The committed form is the PCS's randomized one, base + Z_H h: base = q'_k mod Z_H folded, h = s_k or B.
#pragma once

#include <span>

#include "field/babybear.h"
#include "field/extension.h"
#include "field/prover_randomness.h"
#include "matrix/row_major_matrix.h"

namespace zkrv {

// The matrices TwoAdicFriPcs::commit_coefficients_randomized takes for one chip's quotient chunks:
// base (n x Ext::DEGREE K, the layout of compute_quotient_chunk_coefficients) and the randomizer
// (max(t_q, overflow) x Ext::DEGREE K).
struct RandomizedQuotientChunks {
  RowMajorMatrix<Fp> base;
  RowMajorMatrix<Fp> randomizer;
};

// a: A's chunk coefficients (compute_quotient_chunk_coefficients, K = 2^log_chunks chunks of n = 2^log_n).
// small_values: Q at sigma * w_T^j (j < T = 2^log_t, quotient_on_small_coset). overflow: the number of
// B's coefficients kept (d t; for a trace that satisfies the constraints the others are zero, and a
// trace that does not gives a quotient FRI rejects anyway). chunk_randomizers: t_q.
RandomizedQuotientChunks randomize_quotient_chunks(RowMajorMatrix<Fp>&& a, unsigned log_n, unsigned log_chunks,
                                                   std::span<const Ext> small_values, unsigned log_t, Fp sigma,
                                                   size_t overflow, size_t chunk_randomizers,
                                                   ProverRandomness& randomness);

}  // namespace zkrv
