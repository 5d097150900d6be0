// Low-degree extension onto a coset, and interpolation from a coset.
//
// THE LDE CONTRACT (what merkle/ and fri/ build on):
//   input   evals: n x w, n = 2^k, row i = the column polynomials f evaluated at w_n^i (natural order on
//           the subgroup H = <w_n>, w_n = Fp::two_adic_generator(k)); deg f < n.
//   output  N x w with N = n << log_blowup, w_N = Fp::two_adic_generator(k + log_blowup):
//             RowOrder::bit_reversed (the default):  row i = f(shift * w_N^rev(i)), rev over log2 N bits
//             RowOrder::natural:                     row i = f(shift * w_N^i)
//   shift   defaults to kLdeShift = Fp::generator() = 31, the multiplicative generator: it is not in any
//           2-adic subgroup, so the coset shift*H' is disjoint from H' (and from H), and the constraint
//           quotient can divide by the vanishing polynomial of H there. This is Plonky3's choice
//           (TwoAdicFriPcs commits coset_lde_batch(.., shift = GENERATOR)).
// Why bit-reversed: rows 2j and 2j+1 then hold f(x) and f(-x) (rev(2j+1) = rev(2j) + N/2), the pair one
// FRI fold combines, so a FRI query opens one Merkle leaf pair; and the rows i*2^b .. (i+1)*2^b - 1 are
// a coset of the subgroup of order 2^b. This is the order Plonky3 commits (bit_reverse_rows() of its
// LDE). In bit-reversed order the first n rows are the coset shift*H, bit-reversed: row i =
// f(shift * w_n^rev_k(i)).
//
// How: the iNTT gives the n coefficients c; evaluating the padded polynomial on shift*H' is, by the
// first log_blowup DIF layers acting on zeros, the same as B = 2^log_blowup size-n transforms, one per
// coset z_t H with z_t = shift * w_N^rev_B(t): block t of the output (rows t n .. (t+1) n - 1) is the
// bit-reversed DIF of c_j z_t^j. So no zero padding is written or transformed, each block is produced
// in place in the output, and no copy of the input survives the call.
#pragma once

#include <functional>

#include "field/babybear.h"
#include "matrix/matrix_view.h"
#include "matrix/row_major_matrix.h"
#include "ntt/ntt.h"

namespace zkrv {

inline constexpr Fp kLdeShift = Fp::generator();

// See the contract above. log_blowup may be 0 (re-evaluation on the coset shift*H).
RowMajorMatrix<Fp> coset_lde_batch(MatrixView<const Fp> evals, unsigned log_blowup, Fp shift = kLdeShift,
                                   RowOrder output = RowOrder::bit_reversed);

// The LDE of the randomized columns f' = f + Z_H r (docs/zero-knowledge.md, part 3): Z_H = X^n - 1, and
// column k of r has the coefficients randomizer(0..t-1, k) (t = randomizer.height() <= n, same width
// as evals). f' equals f on H and has degree < n + t. It costs no transform of its own: on block b of the
// output (the coset z_b H of the contract above) X^n is the constant z_b^n, so f' = f + (z_b^n - 1) r
// there, and the block's coefficients are c_j + (z_b^n - 1) r_j, an O(t w) change before its transform.
// on_coefficients (optional) is called once with f's coefficients times n (natural order, n x w), the
// moment the LDE has them and before it overwrites them: a caller that needs f's coefficients (the
// zero-knowledge quotient's small coset, ntt/small_coset.h) gets them without a transform of its own.
RowMajorMatrix<Fp> coset_lde_batch_randomized(
    MatrixView<const Fp> evals, MatrixView<const Fp> randomizer, unsigned log_blowup, Fp shift = kLdeShift,
    RowOrder output = RowOrder::bit_reversed,
    const std::function<void(MatrixView<const Fp>)>& on_coefficients = nullptr);

// Coefficients (natural order, n x w) -> evaluations on the coset shift*H of size N = n << log_blowup
// (zero-padded coefficients), rows as in the LDE contract.
RowMajorMatrix<Fp> coset_evaluate(MatrixView<const Fp> coeffs, unsigned log_blowup, Fp shift = kLdeShift,
                                  RowOrder output = RowOrder::bit_reversed);

// The same for f' = f + Z_H r given f's coefficients (as coset_lde_batch_randomized: degree < n + t).
RowMajorMatrix<Fp> coset_evaluate_randomized(MatrixView<const Fp> coeffs, MatrixView<const Fp> randomizer,
                                             unsigned log_blowup, Fp shift = kLdeShift,
                                             RowOrder output = RowOrder::bit_reversed);

// Evaluations on the coset shift*H (n = height, given order) -> coefficients in natural order, in place:
// the iNTT followed by c_j *= shift^-j.
void coset_intt_in_place(MatrixView<Fp> m, Fp shift, RowOrder input = RowOrder::natural);

}  // namespace zkrv
