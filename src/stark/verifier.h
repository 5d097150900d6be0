// The multi-table STARK verifier: the mirror image of prover.h.
//
//   1. statement and verifying key observed exactly as the prover did (stark/protocol.h);
//   2. observe the main root; 3. sample gamma and the betas, observe the permutation root and the cumulative
//      sums, sample alpha; 4. observe the quotient root, sample zeta;
//   5. check that the chips' LogUp cumulative sums plus the public interactions' terms add up to zero; per chip, with the opened values:
//      fold the constraints at zeta with VerifierFolder (selectors at zeta from stark/domain.h), then
//      its LogUp constraints (stark/logup.h), recombine Q(zeta) = sum_k zeta^(k n) q_k(zeta) from the opened chunk
//      columns (q_k(zeta) = sum_d e_d * column_{D k + d}(zeta), e_d the extension's basis), and check
//      folded(zeta) == Z_H(zeta) * Q(zeta);
//   6. verify the PCS opening of every claimed value (which also ties zeta * g to the next-row values).
// Every shape (widths, heights, number of quotient columns) comes from the chips, the verifying key and
// the proof's log heights, and is checked before use.
//
// The configuration is the verifier's choice: verify() looks the proof's configuration name up in the
// registry of named configurations (fri_config_by_name), so an unknown name is rejected;
// verify_with_config() accepts only proofs naming `config` (tests with small test-only configurations).
#pragma once

#include <span>
#include <vector>

#include "field/babybear.h"
#include "fri/config.h"
#include "stark/chip.h"
#include "stark/keys.h"
#include "stark/proof.h"

namespace zkrv {

// Throws ProofRejected unless `proof` shows that the chips are satisfied by committed traces with these
// public values (public_values[c] for chips[c]); a configuration name the registry does not know is
// rejected too.
// public_interactions: the tuples the statement adds to the buses (the prover's list).
void verify(std::span<const Chip> chips, const VerifyingKey& vk, std::span<const std::vector<Fp>> public_values,
            const StarkProof& proof, std::span<const PublicInteraction> public_interactions = {});
void verify_with_config(const FriConfig& config, std::span<const Chip> chips, const VerifyingKey& vk,
                        std::span<const std::vector<Fp>> public_values, const StarkProof& proof,
                        std::span<const PublicInteraction> public_interactions = {});

}  // namespace zkrv
