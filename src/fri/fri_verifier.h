// The FRI verifier (BBHR18 section 4; Plonky3 fri/src/verifier.rs): replays the transcript of
// fri_prover.h, checks both proofs of work, and for every query checks the fold chain from the reduced
// openings down to the final polynomial, each step against its commit-phase Merkle root.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "field/extension.h"
#include "fri/config.h"
#include "fri/proof.h"
#include "base/error.h"
#include "transcript/challenger.h"

namespace zkrv {

// Called once with every query index, as soon as the transcript fixes them and before any reduced
// opening: the caller prepares the input openings (the PCS restores the rows queries share, checking
// their shapes). Throws ProofRejected if they are malformed.
using FriPrepareInputs = std::function<void(std::span<const size_t> indices)>;

// For query q at `index`: checks the SHAPE of its input openings (throwing ProofRejected if it is
// wrong) and returns the reduced opening of every input height at that index, tallest first. Called
// concurrently for different queries, so it must be thread-safe. The openings' Merkle paths are the
// caller's to check, after fri_verify returns the indices (batched across queries: merkle_verify.h,
// check_batches); the proof is accepted only if those checks pass too.
using FriReducedOpenings = std::function<std::vector<Ext>(size_t q, size_t index)>;

// input_log_heights: as for fri_fold_schedule (the verifier's own knowledge). Throws ProofRejected on any
// inconsistency (wrong counts included); accepting or rejecting does not depend on the thread count.
// Checks every commit-phase Merkle path itself (batched per round). Returns the query indices, in query
// order, for the caller's input-opening checks.
std::vector<size_t> fri_verify(const FriConfig& config, std::span<const unsigned> input_log_heights,
                               const FriProof& proof, Challenger& challenger,
                               const FriPrepareInputs& prepare_inputs, const FriReducedOpenings& reduced_openings);

}  // namespace zkrv
