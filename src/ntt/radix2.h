// The in-place radix-2 engine behind ntt.h and coset_lde.h (internal to ntt/).
//
// Both transforms run on the rows of a matrix view of power-of-two height n, columns independent:
//   dif_in_place: natural-order input  -> bit-reversed output (Gentleman-Sande)
//   dit_in_place: bit-reversed input   -> natural-order output (Cooley-Tukey)
// with the forward root w_n = Fp::two_adic_generator(log n) or its inverse, and no 1/n scaling.
//
// Cache blocking. A layer of half-size s pairs rows x and x + s. The log n layers are split into a few
// passes of consecutive layers; within a pass covering half-sizes s_lo .. s_lo 2^(g-1), the rows
//     x = a * (s_lo 2^g) + h * s_lo + r,   h < 2^g, r < s_lo
// with the same (a, r) only ever meet each other, so each pass is a set of independent sub-transforms
// of 2^g rows ("four-step without the transposes"; compare Bailey, "FFTs in external or hierarchical
// memory", 1990, and Plonky3's Radix2DitParallel, which splits the layers in two halves the same way but
// bit-reverses the matrix between them). A task takes R consecutive r, so it reads 2^g runs of R
// contiguous rows, sized to stay in L2 while its g layers run; the twiddle of row x at half-size s is
// w_{2s}^(x mod 2s) = layer_twiddles(s)[(h mod 2s/s_lo) s_lo + r], contiguous in r. Tasks write
// disjoint rows and field arithmetic is exact, so the output does not depend on the thread count or
// the schedule.
#pragma once

#include "field/babybear.h"
#include "matrix/matrix_view.h"

namespace zkrv::ntt_detail {

// Optional input fused into the first pass, saving a full pass over memory: before its butterflies each
// sub-transform fetches its rows as
//     m row x = rows row (bit_reversed ? rev(x) : x) * (factors ? factors[x] : 1)
// The LDE uses it for the bit-reversed copy of the evaluations and for the coset scaling. `rows` has
// m's shape and must not overlap m unless it is m itself with bit_reversed == false.
struct RowSource {
  MatrixView<const Fp> rows;
  bool bit_reversed = false;
  const Fp* factors = nullptr;
};

void dif_in_place(MatrixView<Fp> m, bool inverse, const RowSource* src = nullptr);
void dit_in_place(MatrixView<Fp> m, bool inverse, const RowSource* src = nullptr);

// Multiplies row i by factors[i] (parallel, SIMD across the row).
void scale_rows(MatrixView<Fp> m, const Fp* factors);
// dst row i = src row i * factors[i]; src and dst of equal shape, either identical or disjoint.
void scale_rows_into(MatrixView<const Fp> src, MatrixView<Fp> dst, const Fp* factors);
// Multiplies every element by c.
void scale_all(MatrixView<Fp> m, Fp c);

}  // namespace zkrv::ntt_detail
