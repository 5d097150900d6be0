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

// Only the shape checks of check_batch (counts, row lengths, siblings, index range), no hashing: what
// a caller must pass before reading the opened rows when it checks the hashes later (check_batches).
// Returns the tallest matrix's log height.
unsigned check_batch_shape(std::span<const MatrixDims> dims, size_t index, const BatchOpening& opening);

// check_batch for every (indices[i], *openings[i]) under one root, PackedFp::WIDTH openings at a time
// through the packed sponge and compression (lane l computes exactly what check_batch computes for its
// opening), chunks in parallel. Throws ProofRejected naming the first opening found wrong.
void check_batches(const Digest& root, std::span<const MatrixDims> dims, std::span<const size_t> indices,
                   std::span<const BatchOpening* const> openings);

// The same as a predicate.
bool verify_batch(const Digest& root, std::span<const MatrixDims> dims, size_t index,
                  const BatchOpening& opening) noexcept;

}  // namespace zkrv
