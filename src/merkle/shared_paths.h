// Shared Merkle paths: several openings of one tree send each sibling digest at most once.
//
// A FRI proof opens every committed tree at all of its query indices (84 of them in zkrv-fri-b2-v2).
// Their paths meet near the root: in a tree of 2^21 leaves, the top ~6 levels hold fewer nodes than
// there are queries, so most of those siblings are nodes the verifier computes anyway from another
// query's path, and the rest repeat between queries. Sending each needed digest once is the "batch
// Merkle proof" (octopus) of the literature, e.g. Ben-Sasson, Chiesa, Spooner, "Interactive Oracle
// Proofs", TCC 2016, and what ethSTARK/Winterfell call a batch Merkle proof. Measured for 84 random
// leaves (merkle_test): ~1,150 digests instead of 84 * 21 = 1,764 in a tree of 2^21 leaves, ~15 instead
// of 504 in one of 2^6.
//
// THE RULE (prover and verifier both apply it, from the leaf indices alone, which the transcript fixes
// before any opening is read). Let i_0 .. i_{Q-1} be the leaf indices of the openings (any order,
// repeats allowed) in a tree of L levels. At level l (0 = leaves) the nodes on some path are
// N_l = { i_q >> l }. The owner of a node n of N_l is the lowest q with i_q >> l = n. Opening q sends its
// level-l sibling digest iff q owns i_q >> l and the sibling node (i_q >> l) ^ 1 is NOT in N_l (if it
// is, the verifier computes it). An opening's `siblings` hold the digests it sends, in level order.
//
// ROWS are shared by the same owner rule. A matrix of height 2^h in that tree has its row i_q >> (L - h)
// opened by query q, so queries whose leaves lie below one node of level L - h open the same row (for
// a short table, most of the 84 queries do). Opening q sends its row of matrix k iff no lower opening
// opens the same row of k; otherwise it sends an empty row and the verifier copies the owner's
// (restore_shared_rows) before it reads or hashes anything.
//
// Soundness does not depend on who sends a sibling: each opening is still bound to the root through a
// chain of compressions, whatever the sibling digests are. Two openings that claim the same node must
// agree on it; the verifier (check_batches in merkle_verify.h) rejects them otherwise, so an opening
// can never hide behind another query's digest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hash/digest.h"
#include "merkle/batch_opening.h"
#include "merkle/merkle_tree.h"

namespace zkrv {

// For each opening q, bit l of the result is set iff q sends its level-l sibling (the rule above), for
// a tree of 2^log_height leaves. Throws std::invalid_argument if an index is out of range or
// log_height > 31.
std::vector<uint32_t> shared_path_levels(std::span<const size_t> indices, unsigned log_height);

// Number of digests the openings send in all (the sum of the masks' popcounts).
size_t shared_path_digests(std::span<const uint32_t> levels);

// Prover side: cuts each full path (one sibling per level, leaf level first, as MerkleTree::open_batch
// returns it) down to the siblings the rule says it sends. All paths must have log_height entries.
void prune_to_shared_paths(std::span<const size_t> indices, unsigned log_height,
                           std::span<std::vector<Digest>* const> paths);

// Prover side, for the openings of one tree at `indices` (dims: the tree's matrices, commit order):
// prunes every path as prune_to_shared_paths does and empties the rows the owner rule says another
// opening sends. The openings must be full (MerkleTree::open_batch).
void share_openings(std::span<const size_t> indices, std::span<const MatrixDims> dims,
                    std::span<BatchOpening* const> openings);

// Verifier side: for each matrix, copies the owner's row into every opening that shares it. Throws
// ProofRejected ("opening q: ...") if an opening sends a row the rule says it must not send, or an
// owner's row does not have the matrix's width (checked before any copy, so a hostile row cannot be
// multiplied). Indices out of range are left to check_batch_shape; this never reads out of bounds on
// them.
void restore_shared_rows(std::span<const size_t> indices, std::span<const MatrixDims> dims,
                         std::span<BatchOpening* const> openings);

}  // namespace zkrv
