// The batched DEEP reduction of the PCS (DEEP-FRI: Ben-Sasson, Goldberg, Kopparty, Saraf, "DEEP-FRI:
// Sampling outside the box improves soundness", ITCS 2020, eprint 2019/336; batched as in Plonky3's
// TwoAdicFriPcs, fri/src/two_adic_pcs.rs).
//
// For each LDE height h, over all committed columns f_c of that height and all their opening points z
// with claimed values v_c = f_c(z), in the order (round, matrix, point, column):
//     ro_h(x) = sum_k alpha^k (f_k(x) - v_k) / (x - z_k)
// where k counts the terms of height h only (every height starts at alpha^0). If every claimed value is
// right, each quotient is a polynomial of degree < deg f, so ro_h is low-degree; a wrong v_k makes its
// quotient a rational function far from the code, which FRI then rejects (except with the probability
// bounded by the DEEP and batching terms of the security report).
//
// Per row x and per (matrix, point) the sum over columns is
//     alpha^off * ( sum_c alpha^c f_c(x) - sum_c alpha^c v_c ) / (x - z)
// so the column combination sum_c alpha^c f_c(x) is computed once per row and matrix (PackedFp across
// columns), the one for the claimed values once per proof, and the 1/(x - z) of a whole domain with one
// batched inversion per chunk.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "field/babybear.h"
#include "field/extension.h"
#include "field/packed_babybear.h"
#include "matrix/row_major_matrix.h"

namespace zkrv {

// alpha^0 .. alpha^(max_width - 1) and the column combination sum_c alpha^c row[c].
class AlphaPowers {
 public:
  AlphaPowers(const Ext& alpha, size_t max_width);
  const Ext& pow(size_t c) const { return powers_.at(c); }
  size_t size() const noexcept { return powers_.size(); }
  // row.size() <= size().
  Ext combine(std::span<const Fp> row) const noexcept;
  Ext combine(std::span<const Ext> row) const noexcept;

 private:
  std::vector<Ext> powers_;
  std::vector<PackedFp> packed_;  // [pack][coefficient]: coefficient j of alpha^(pack * W + lane)
};

// One (matrix, point) term of a height: ro += scale * (combine(row) - combined_value) / (x - z).
struct DeepTerm {
  size_t matrix = 0;      // index into the matrices given to reduce_height
  Ext point;              // z
  Ext combined_value;     // sum_c alpha^c v_c
  Ext scale;              // alpha^off
};

// The points x_i = shift * w^rev(i) of a bit-reversed domain of size 2^log_n.
std::vector<Fp> bit_reversed_coset_points(unsigned log_n, Fp shift);

// ro_h for one height: `matrices` are the LDEs of that height (bit-reversed rows), `points` from
// bit_reversed_coset_points(h, shift). Parallel; the result does not depend on the thread count.
std::vector<Ext> reduce_height(std::span<const RowMajorMatrix<Fp>* const> matrices, std::span<const DeepTerm> terms,
                               const AlphaPowers& alpha, std::span<const Fp> points);

}  // namespace zkrv
