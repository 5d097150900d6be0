// The FRI prover: commit phase and query phase (BBHR18 "FRI", section 4; the protocol shape of Plonky3's
// fri/src/prover.rs), on reduced openings that the PCS (pcs.h) has already computed.
//
// Transcript, in order (fri_verifier.h replays exactly this):
//   observe_label("zkrv/fri/commit-phase")
//   per round r: observe(root_r); grind(commit_pow_bits) -> witness_r; beta_r = sample_ext()
//   observe_ext(c) for every final-polynomial coefficient
//   grind(query_pow_bits) -> query witness; per query: index = sample_bits(log2 of the tallest input)
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "field/extension.h"
#include "fri/config.h"
#include "fri/proof.h"
#include "merkle/batch_opening.h"
#include "transcript/challenger.h"

namespace zkrv {

// Opens the committed input batches at every query index (of the tallest input): result[q][batch].
// The openings go into the proof as returned, so the caller shares them across queries as it sees fit
// (the PCS: merkle/shared_paths.h, paths and rows).
using FriOpenInputs = std::function<std::vector<std::vector<BatchOpening>>(std::span<const size_t> indices)>;

// inputs: the reduced openings, bit-reversed order (fold.h "index space"), sizes distinct powers of two
// in strictly decreasing order, each >= 2^log_blowup. Consumes them (the first becomes layer 0).
FriProof fri_prove(const FriConfig& config, std::vector<std::vector<Ext>> inputs, Challenger& challenger,
                   const FriOpenInputs& open_inputs);

}  // namespace zkrv
