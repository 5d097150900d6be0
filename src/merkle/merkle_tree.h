// A Merkle tree committing to a batch of matrices of different heights with ONE root, the "mixed matrix
// commitment scheme" of Plonky3 (commit/src/mmcs.rs, merkle-tree/src/merkle_tree.rs, mmcs.rs). The PCS
// commits all LDE matrices of one proving round with it, so a FRI query opens one leaf index and gets a
// row of every matrix at once, however tall each one is.
//
// THE RULE (the verifier in merkle_verify.h recomputes exactly this):
//   Heights are powers of two; H = 2^L is the largest. Group the matrices by height, each group in
//   commit order. For a group G and a row index i, leaf_hash(G, i) = hash_row(row i of G's first matrix
//   || row i of its second || ...) with the overwrite sponge of hash/sponge.h (DefaultRowHasher,
//   Poseidon2 width 24 rate 16; the sponge has no padding, which is sound because every input at one
//   (tree, group) has the same, committed, length).
//     level 0 (H nodes):      node_0[i]   = leaf_hash(G_H, i)
//     level l (H / 2^l nodes): node_l[j]  = compress(node_{l-1}[2j], node_{l-1}[2j+1]),
//                             then, if a group G has height H / 2^l:
//                                          node_l[j]  = compress(node_l[j], leaf_hash(G, j))
//     root = node_L[0]                    (compress = hash/compress.h, width-16 Poseidon2, truncated)
//   So a row j of a matrix of height h sits "beside" the subtree of tall rows j * (H/h) .. (j+1) * (H/h)
//   - 1, and opening leaf index i reveals row i >> (L - log2 h) of every matrix. This is Plonky3's rule
//   (its `first_digest_layer` and `compress_and_inject`), restricted to power-of-two heights.
//
// Binding the shapes: the root alone does not fix the widths or heights (an unpadded sponge cannot tell
// a short row from a longer one). The verifier must therefore take the dimensions from its own context
// (the AIR, the FRI configuration), never from the proof; merkle_verify.h takes them as an argument.
//
// Performance: leaves are hashed PackedFp::WIDTH rows at a time (one packed sponge per 16 rows, gathering
// straight from the row-major matrices, so the concatenation is never materialised), compressions are
// packed 16 at a time, and every level is split over oneTBB's threads. Every node is a fixed function of
// its inputs, so the tree does not depend on the thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "field/babybear.h"
#include "hash/digest.h"
#include "matrix/row_major_matrix.h"
#include "merkle/batch_opening.h"

namespace zkrv {

// What the verifier must know about a committed matrix.
struct MatrixDims {
  size_t width = 0;
  unsigned log_height = 0;
  friend bool operator==(const MatrixDims&, const MatrixDims&) = default;
};

class MerkleTree {
 public:
  // Commits to `matrices` (at least one; heights powers of two up to 2^27, widths >= 1); takes
  // ownership so the rows can be opened later. Throws std::invalid_argument for a bad shape.
  explicit MerkleTree(std::vector<RowMajorMatrix<Fp>> matrices);

  const Digest& root() const noexcept { return layers_.back().front(); }
  unsigned log_max_height() const noexcept { return log_max_height_; }
  size_t max_height() const noexcept { return size_t{1} << log_max_height_; }
  size_t num_matrices() const noexcept { return matrices_.size(); }
  const RowMajorMatrix<Fp>& matrix(size_t k) const { return matrices_.at(k); }
  const std::vector<RowMajorMatrix<Fp>>& matrices() const noexcept { return matrices_; }
  std::vector<MatrixDims> dims() const;

  // The row of every matrix at index >> (L - log2 height), and the siblings from the leaf up.
  // Throws std::out_of_range unless index < max_height().
  BatchOpening open_batch(size_t index) const;

  // Digests of level l (0 = leaves; levels below first_stored_level() are recomputed); for tests.
  std::vector<Digest> layer(size_t l) const;

  // The tree keeps levels first_stored_level() .. L only: the levels below hold 2^(L+1) (1 - 2^-s)
  // digests, 7/8 of the tree for s = 3 (the levels kept hold about 2^(L+1-s)), and an opening
  // recomputes the 2^s leaves of its subtree instead (s = kUnstoredLevels, less in trees of fewer
  // levels).
  static constexpr unsigned kUnstoredLevels = 3;
  unsigned first_stored_level() const noexcept;

  struct Group;  // the matrices of one height (merkle_tree.cpp)

 private:
  Group group(unsigned log_height) const;
  // Node j of `level`: stored, or recomputed from the rows.
  Digest node(unsigned level, size_t j) const;

  std::vector<RowMajorMatrix<Fp>> matrices_;
  unsigned log_max_height_ = 0;
  // layers_[l] = level l (H / 2^l digests), layers_[L] = {root}; empty below first_stored_level().
  std::vector<std::vector<Digest>> layers_;
};

namespace merkle_detail {
// Matrices of each height in commit order: groups[l] = indices of the matrices of height 2^l
// (l <= log_max_height). Shared by the prover and the verifier so both apply the same rule.
std::vector<std::vector<size_t>> group_by_height(std::span<const MatrixDims> dims, unsigned log_max_height);
}  // namespace merkle_detail

}  // namespace zkrv
