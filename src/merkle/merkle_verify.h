// Verifying a batch opening against a root (the rule is documented in merkle_tree.h).
//
// Everything about the opening is hostile: the number of opened rows, each row's length and the number
// of siblings are compared with the dimensions the VERIFIER knows (never taken from the proof), and the
// index is range-checked, before any hashing; a mismatch is a rejection, never a crash or an
// out-of-bounds access.
#pragma once

#include <cstddef>
#include <span>

#include "hash/digest.h"
#include "merkle/batch_opening.h"
#include "merkle/merkle_tree.h"
#include "base/error.h"

namespace zkrv {

// Throws ProofRejected (naming the problem) unless `opening` proves that the committed matrices of
// shapes `dims` (commit order) have the opened rows at leaf `index` under `root`.
void check_batch(const Digest& root, std::span<const MatrixDims> dims, size_t index, const BatchOpening& opening);

// The shape checks of an opening's rows (matrix count, row lengths, index range), no hashing: what a
// caller must pass before reading the opened rows when it checks the hashes later (check_batches).
// The number of siblings is not checked here: check_batch wants one per level, check_batches what the
// shared-path rule assigns. Returns the tallest matrix's log height.
unsigned check_batch_shape(std::span<const MatrixDims> dims, size_t index, const BatchOpening& opening);

// Several openings of one tree whose paths are shared (merkle/shared_paths.h: each opening's siblings
// hold only the digests the rule assigns it). Checks every shape first (opening i's rows, and that it
// sends exactly the digests the rule assigns it), then hashes every opening's rows, PackedFp::WIDTH
// openings at a time, chunks in parallel, and the distinct nodes level by level. Openings at the same
// leaf (or below the same node where a shorter matrix enters) must bring the same rows. Throws
// ProofRejected naming the first opening found wrong, or "root mismatch" when the paths do not meet
// at the root (a wrong row or digest anywhere; the combined check cannot say which).
void check_batches(const Digest& root, std::span<const MatrixDims> dims, std::span<const size_t> indices,
                   std::span<const BatchOpening* const> openings);

// The same as a predicate.
bool verify_batch(const Digest& root, std::span<const MatrixDims> dims, size_t index,
                  const BatchOpening& opening) noexcept;

}  // namespace zkrv
