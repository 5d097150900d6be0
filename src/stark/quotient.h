// Protocol step 3 (prover.h): one chip's quotient polynomial Q = C / Z_H, split into chunks the PCS can
// commit.
//
// C(X) = sum_i alpha^(N-1-i) c_i(X) folds the chip's N constraints (air/folder.h); on the quotient coset
// D = shift * H', |H'| = M = n * 2^q, 2^q >= max(degree - 1, 1), it is evaluated point by point with the
// packed ProverFolder (then the LogUp constraints, stark/logup.h, continue the fold), reading the trace at x and at x * g (g generates H, so x * g is the point 2^q
// further along D) and the selectors of stark/domain.h, then divided by Z_H(x) = x^n - 1.
// Q has degree < M, so its M coefficients (coset iNTT) are split into 2^q chunks of n:
//   Q(X) = sum_k X^(k n) q_k(X),  deg q_k < n,
// and each q_k (extension-valued, so Ext::DEGREE base columns) is evaluated on H (NTT), which is the
// form TwoAdicFriPcs::commit accepts. The verifier recombines sum_k zeta^(k n) q_k(zeta).
#pragma once

#include <span>

#include "field/babybear.h"
#include "field/extension.h"
#include "matrix/matrix_view.h"
#include "matrix/row_major_matrix.h"
#include "ntt/ntt.h"
#include "stark/chip.h"
#include "stark/logup.h"

namespace zkrv {

// A trace's values on the quotient coset kLdeShift * H' (M rows): natural order (row j = f(shift w_M^j))
// or bit-reversed over log2 M bits (the first M rows of a PCS LDE with blowup >= 2^q).
struct CosetTrace {
  MatrixView<const Fp> values;
  RowOrder order = RowOrder::natural;
};

// The LogUp part of a chip with interactions (stark/logup.h): its permutation trace on the same coset.
struct QuotientLogup {
  CosetTrace permutation;
  LogupChallenges challenges;
  Ext cumulative_sum;
};

// The n x (Ext::DEGREE * 2^q) matrix of the chunks' coefficients (natural order): column
// Ext::DEGREE * k + d holds extension coefficient d of q_k's coefficients, so that row i, column
// Ext::DEGREE k + d is coefficient d of the x^i coefficient of q_k. Committed with
// TwoAdicFriPcs::commit_coefficients (the same LDE as committing the chunks' evaluations on H_n, one
// inverse and one forward NTT fewer). `preprocessed` is empty for a chip without preprocessed columns.
RowMajorMatrix<Fp> compute_quotient_chunk_coefficients(const Chip& chip, unsigned log_n, const CosetTrace& main,
                                                       const CosetTrace& preprocessed,
                                                       std::span<const Fp> public_values, const Ext& alpha,
                                                       const QuotientLogup* logup = nullptr);

// Zero knowledge (docs/zero-knowledge.md, part 4): with randomized traces Q has degree up to
// M + degree * t, more than the M-point coset determines. Its values on a second, small coset
// sigma * H_T (T <= n, sigma^n != 1) recover the rest (stark/zk_quotient.h). The traces there, natural
// order (row j at sigma * w_T^j; the _next matrices at g * sigma * w_T^j, g generating H_n):
struct SmallCosetTraces {
  MatrixView<const Fp> main, main_next;
  MatrixView<const Fp> preprocessed, preprocessed_next;  // empty without preprocessed columns
  MatrixView<const Fp> permutation, permutation_next;    // empty without interactions
};
// C(x) / Z_H(x) at x = sigma * w_T^j, j < T = 2^log_t. logup->permutation is not read (the small
// coset's permutation trace is in `traces`).
std::vector<Ext> quotient_on_small_coset(const Chip& chip, unsigned log_n, const SmallCosetTraces& traces,
                                         std::span<const Fp> public_values, const Ext& alpha,
                                         const QuotientLogup* logup, unsigned log_t, Fp sigma);

}  // namespace zkrv
