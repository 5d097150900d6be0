// Checks on a machine (a list of chips) that the LogUp argument's soundness rests on (stark/logup.h):
//
//  * Fixed arity per bus. The fingerprint gamma + bus + sum_j beta_j v_j does not encode the tuple
//    length, so (x, y) and (x, y, 0) on one bus would be the same tuple. Every interaction on a bus must
//    therefore carry the same number of values; a machine that mixes them is refused.
//  * Interaction count below p. LogUp sums multiplicities in F_p: a tuple sent N times and received
//    never is caught only if N != 0 mod p. With every multiplicity except a lookup table's constrained
//    to {0, 1} (the chips' duty, vm/chips/README.md), N is at most the number of (row, interaction)
//    pairs in the machine, so the engine refuses any machine whose count could reach p
//    (the condition OpenVM states as "max interaction count < p").
#pragma once

#include <cstdint>
#include <span>

#include "air/interaction.h"
#include "stark/chip.h"

namespace zkrv {

// Public interactions one statement may carry: the VM's segment statement has one per journal byte it
// wrote (the receipt allows up to 2^24 bytes), one for the memory roots and one for the exit code, so
// 2^24 + 2 (host/receipt.cpp checks the two agree).
inline constexpr size_t kMaxPublicInteractions = (size_t{1} << 24) + 2;

// The largest total interaction count accepted: strictly below p.
inline constexpr uint64_t kMaxInteractionCount = uint64_t{Fp::P} - 1;

// Throws std::invalid_argument naming the bus and chips when one bus carries tuples of different
// lengths (public interactions included).
void check_bus_arities(std::span<const Chip> chips, std::span<const PublicInteraction> public_interactions = {});

// Sum over chips of height * number of interactions (heights 2^log_heights[c]), plus the public ones.
uint64_t interaction_count(std::span<const Chip> chips, std::span<const unsigned> log_heights,
                           std::span<const PublicInteraction> public_interactions = {});

// Largest tuple length over all interactions (0 if none).
size_t max_bus_arity(std::span<const Chip> chips, std::span<const PublicInteraction> public_interactions = {});

}  // namespace zkrv
