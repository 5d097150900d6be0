// Evaluation of a polynomial of degree < N on a small coset sigma*H_T (T = 2^log_t, possibly T << N).
//
// With w_T = Fp::two_adic_generator(log_t), p(sigma w_T^j) = sum_i c_i sigma^i w_T^(i j), and w_T^(i j)
// depends only on i mod T. So, with the folded coefficients
//     d_m = sum_{i < N, i = m (mod T)} c_i sigma^i        (m < T; the fold of p(sigma X) mod X^T - 1),
// p(sigma w_T^j) = sum_m d_m w_T^(m j): one size-T NTT of d. The fold costs O(N) per column, so a few
// small cosets cost far less than an LDE (docs/zero-knowledge.md: the quotient's top coefficients are
// recovered from such a coset).
//
// For the randomized committed columns f' = f + Z_H r (Z_H = X^n - 1, deg r < t <= n; see
// coset_lde_batch_randomized) nothing of degree >= n has to be formed: T divides n, so on sigma*H_T
// X^n is the constant sigma^n and f' = f + (sigma^n - 1) r there; r's coefficients are added to f's
// with that factor before the fold.
#pragma once

#include <span>
#include <vector>

#include "field/babybear.h"
#include "matrix/matrix_view.h"
#include "matrix/row_major_matrix.h"

namespace zkrv {

// Values of the column polynomials given by their N coefficients (natural order, N x w; any N, also
// not a power of two; N = 0 is the zero polynomial) on sigma*H_T: row j = p(sigma * w_T^j), natural
// order, T x w. Throws std::invalid_argument for log_t > 27.
RowMajorMatrix<Fp> evaluate_coefficients_on_small_coset(MatrixView<const Fp> coeffs, unsigned log_t, Fp sigma);

// The randomized columns f' = f + Z_H r on sigma_s*H_T for every sigma_s in shifts:
//   out[s](j, col) = f'_col(shifts[s] * w_T^j),  T = 2^log_t.
// evals: n x w, f on H_n = <w_n> in natural order (the LDE contract of coset_lde.h), n = 2^k.
// randomizer: t x w coefficients of r (row j = coefficient j of every column), t <= n; height 0 means
// no randomizer (f' = f) and its width is then ignored.
// Throws std::invalid_argument if n is not a power of two, T > n, t > n, or a non-empty randomizer's
// width differs from w. Empty shifts give an empty result. Extra memory: one n x 16 block of columns per
// worker thread. The result does not depend on the thread count.
std::vector<RowMajorMatrix<Fp>> evaluate_on_small_cosets(MatrixView<const Fp> evals, MatrixView<const Fp> randomizer,
                                                         unsigned log_t, std::span<const Fp> shifts);

// The same from f's coefficients times `scale` (natural order, n x w; what coset_lde_batch_randomized's
// on_coefficients receives, with scale = n): the LDE's own coefficients, so no transform of f is needed.
std::vector<RowMajorMatrix<Fp>> small_cosets_from_coefficients(MatrixView<const Fp> scaled_coeffs, Fp scale,
                                                               MatrixView<const Fp> randomizer, unsigned log_t,
                                                               std::span<const Fp> shifts);

}  // namespace zkrv
