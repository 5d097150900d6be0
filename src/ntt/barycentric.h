// Evaluating the column polynomials at an arbitrary (extension-field) point from their evaluations on a
// coset, without interpolating: the barycentric formula (Berrut and Trefethen, "Barycentric Lagrange
// interpolation", SIAM Review 46, 2004). The STARK needs it for the DEEP openings f(zeta).
//
// For the coset D = shift*H, |H| = n, x_j = shift * w_n^j, the vanishing polynomial is
// Z(X) = X^n - shift^n with Z'(x_j) = n x_j^(n-1) = n shift^n / x_j, so for deg f < n and z not in D
//     f(z) = sum_j f(x_j) Z(z) / ((z - x_j) Z'(x_j)) = (z^n - shift^n) / (n shift^n) * sum_j f(x_j) x_j / (z - x_j).
// The weights  l_j(z) = (z^n - shift^n) x_j / (n shift^n (z - x_j))  depend only on (n, shift, z, order),
// so one weight vector (n inversions batched into one, field/batch_inverse.h) serves every matrix on
// that domain. If z lies in D, say z = x_m, the weights are the unit vector e_m and the result is row m.
// Rows may be in natural or bit-reversed order (the LDE's committed order), as for RowOrder in ntt.h.
#pragma once

#include <span>
#include <vector>

#include "field/babybear.h"
#include "field/extension.h"
#include "matrix/matrix_view.h"
#include "ntt/ntt.h"

namespace zkrv {

// l_j(z) for the rows of a height-n matrix on shift*H in the given order (n a power of two).
std::vector<Ext> barycentric_weights(size_t n, Fp shift, const Ext& z, RowOrder order = RowOrder::natural);

// sum_j row_j * weights[j], per column (weights.size() == height).
std::vector<Ext> evaluate_with_weights(MatrixView<const Fp> evals, const std::vector<Ext>& weights);
// The same at several points in one pass over the rows: out[p] for weights[p].
std::vector<std::vector<Ext>> evaluate_with_weights(MatrixView<const Fp> evals,
                                                    std::span<const std::vector<Ext>* const> weights);
std::vector<Ext> evaluate_with_weights(MatrixView<const Ext> evals, const std::vector<Ext>& weights);

// f_c(z) for every column c of evaluations of f_c (deg < height) on shift*H.
std::vector<Ext> evaluate_at_point(MatrixView<const Fp> evals, Fp shift, const Ext& z,
                                   RowOrder order = RowOrder::natural);
std::vector<Ext> evaluate_at_point(MatrixView<const Ext> evals, Fp shift, const Ext& z,
                                   RowOrder order = RowOrder::natural);

}  // namespace zkrv
