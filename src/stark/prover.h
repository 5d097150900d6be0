// The multi-table STARK prover (Plonky3 uni-stark prover.rs, extended to many tables as SP1's
// crates/stark/src/prover.rs), with LogUp buses (stark/logup.h).
//
// Protocol, for chips c with main traces T_c of height n_c = 2^log_c (each >= 2) on H_c = <g_c>:
//   1. statement: observe the domain label, configuration name, every chip's name, widths, log height,
//      public values, and the verifying key (preprocessed root) (stark/protocol.h).
//   2. main commit: one PCS batch of every T_c (TwoAdicFriPcs::commit); observe its root. A hiding
//      configuration adds the masking polynomial to this batch, after the traces: one extension column
//      of uniformly random values at the largest trace height (docs/zero-knowledge.md).
//   3. LogUp: grind config.logup_pow_bits; sample gamma and one beta per tuple position; commit the permutation traces of the chips with interactions in one
//      batch (skipped if there are none); observe its root and each such chip's cumulative sum.
//      Sample alpha.
//   4. quotient: per chip, fold its constraints (then its LogUp constraints) with powers of alpha on the
//      coset shift * H'_c, |H'_c| = n_c 2^q_c, divide by Z_{H_c}, split into 2^q_c chunks of degree
//      < n_c (stark/quotient.h); commit all chunks of all chips in one PCS batch; observe its root.
//   5. out-of-domain point: grind config.deep_pow_bits; sample zeta (extension field).
//   6. openings: preprocessed, main and permutation traces at zeta and zeta * g_c, quotient chunks (and
//      the masking polynomial) at zeta, in one PCS opening (rounds: [preprocessed], main, [permutation],
//      quotient).
// Where an LDE the PCS already computed has blowup >= 2^q_c, step 4 reads it (its first n_c 2^q_c
// rows are the quotient coset in bit-reversed order); otherwise it computes a coset LDE of its own.
#pragma once

#include <span>
#include <vector>

#include "field/babybear.h"
#include "field/prover_randomness.h"
#include "fri/config.h"
#include "matrix/matrix_view.h"
#include "stark/chip.h"
#include "stark/keys.h"
#include "stark/proof.h"

namespace zkrv {

// Proves that traces[c] satisfies chips[c] with public_values[c], for every c. `pk` must come from
// setup() with the same configuration and chips. Throws std::invalid_argument for inconsistent inputs
// (shapes, heights, counts); an unsatisfied constraint or unbalanced bus is not detected here (the
// proof then fails to verify; use air/debug.h to find out why).
// Wall-clock seconds per protocol step (for benchmarks and --stats).
struct ProverTimings {
  double main_commit_seconds = 0;  // step 2: LDE + Merkle tree of the main traces
  double logup_seconds = 0;        // step 3: permutation traces and their commitment
  double quotient_seconds = 0;     // step 4: quotient evaluation, chunking, commitment
  double openings_seconds = 0;     // step 6: values at zeta, zeta g (barycentric) and the DEEP quotients
  double fri_seconds = 0;          // step 6: FRI commit and query phases
  double total_seconds = 0;
};

// public_interactions: tuples the statement puts on the buses (air/interaction.h); the verifier must be
// given the same list.
// randomness: the prover's private randomness for a hiding configuration (FriConfig::hiding(): salts
// and the masking polynomial, docs/zero-knowledge.md); null means a fresh ProverRandomness::from_os().
// Unused by the other configurations.
StarkProof prove(const FriConfig& config, std::span<const Chip> chips, const ProvingKey& pk,
                 std::span<const MatrixView<const Fp>> traces, std::span<const std::vector<Fp>> public_values,
                 std::span<const PublicInteraction> public_interactions = {}, ProverTimings* timings = nullptr,
                 ProverRandomness* randomness = nullptr);

// The same proof, consuming the traces: each trace (and each permutation trace) is freed as soon as
// the prover no longer needs it, which lowers the peak memory by about the size of the traces (the
// main traces go once the permutation traces are built, unless a chip's quotient degree exceeds the
// blowup and its quotient needs a separate coset LDE of them).
StarkProof prove(const FriConfig& config, std::span<const Chip> chips, const ProvingKey& pk,
                 std::vector<RowMajorMatrix<Fp>>&& traces, std::span<const std::vector<Fp>> public_values,
                 std::span<const PublicInteraction> public_interactions = {}, ProverTimings* timings = nullptr,
                 ProverRandomness* randomness = nullptr);

// TEST HOOK: prove with every transcript challenge drawn from a stream seeded by challenge_seed
// (Challenger::fix_samples_for_tests), so that two proofs of one run with different prover randomness
// open at the same points. The proof does not verify; tests compare its opened values.
StarkProof prove_with_fixed_challenges_for_tests(const FriConfig& config, std::span<const Chip> chips,
                                                 const ProvingKey& pk, std::span<const MatrixView<const Fp>> traces,
                                                 std::span<const std::vector<Fp>> public_values,
                                                 ProverRandomness& randomness, uint64_t challenge_seed);

}  // namespace zkrv
