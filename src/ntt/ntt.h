// Radix-2 number-theoretic transforms over BabyBear, on many columns at once.
//
// A matrix of height n = 2^k (k <= 27) holds one polynomial per column. With w_n =
// Fp::two_adic_generator(k), the forward transform maps coefficients to evaluations on the subgroup
// H = <w_n>:
//     ntt:   eval[i]  = sum_j coeff[j] * w_n^(i j)
//     intt:  coeff[j] = n^-1 sum_i eval[i] * w_n^(-i j)
// Row order is chosen per side. RowOrder::bit_reversed means row i holds index rev_k(i) (rev_k reverses
// the low k bits): the cheapest combinations are natural -> bit-reversed and bit-reversed -> natural
// (one radix-2 sweep each); the others add one row permutation.
//
// Columns are independent, SIMD runs across each row (PackedFp::WIDTH columns per vector, odd widths
// masked), the layers are cache-blocked, and oneTBB spreads independent sub-transforms over the cores
// (details in radix2.h). A single column takes a SIMD path along the column (3.4 ms for 2^20 here).
// The output is identical for every thread count.
//
// Ext matrices: every transform here is Fp-linear per column, so an Ext matrix is transformed as the
// base-field matrix of its coefficients (matrix/flatten.h); the overloads below do that.
#pragma once

#include <span>

#include "field/babybear.h"
#include "field/extension.h"
#include "matrix/matrix_view.h"

namespace zkrv {

enum class RowOrder { natural, bit_reversed };

// Coefficients -> evaluations on H, in place.
void ntt_in_place(MatrixView<Fp> m, RowOrder input = RowOrder::natural, RowOrder output = RowOrder::natural);
// Evaluations on H -> coefficients, in place (includes the 1/n).
void intt_in_place(MatrixView<Fp> m, RowOrder input = RowOrder::natural, RowOrder output = RowOrder::natural);

// One column.
inline void ntt_in_place(std::span<Fp> v, RowOrder input = RowOrder::natural, RowOrder output = RowOrder::natural) {
  ntt_in_place(MatrixView<Fp>(v.data(), 1, v.size()), input, output);
}
inline void intt_in_place(std::span<Fp> v, RowOrder input = RowOrder::natural, RowOrder output = RowOrder::natural) {
  intt_in_place(MatrixView<Fp>(v.data(), 1, v.size()), input, output);
}

// Extension-field columns.
void ntt_in_place(MatrixView<Ext> m, RowOrder input = RowOrder::natural, RowOrder output = RowOrder::natural);
void intt_in_place(MatrixView<Ext> m, RowOrder input = RowOrder::natural, RowOrder output = RowOrder::natural);

}  // namespace zkrv
