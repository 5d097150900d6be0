// The security of one multi-table STARK proof: the FRI terms (fri/security.h) plus the terms of the
// IOP the STARK runs on top of FRI, each multiplied by the list size L+ of the regime (1 in unique
// decoding and in the conjectured analysis), as the Ethereum Foundation's soundcalc and the RISC Zero
// proof-system report (section 3.4) model DEEP-ALI:
//
//  * constraint batching (ALI): all C constraints (each chip's own plus its LogUp constraints) are
//    folded with powers of one challenge alpha; a non-zero combination vanishes with probability
//    <= (C - 1) / |F| for each of the L+ candidate codewords:            L+ (C - 1) / |F|.
//  * DEEP: the out-of-domain point zeta catches a wrong quotient unless it hits a root of a polynomial
//    of degree <= d (n + 1) + n - 1 (d the largest constraint degree, n the largest trace height, two
//    opening points per column), avoiding the trace and LDE domains:
//                                                      L+ (d (n + 1) + n - 1) / (|F| - n - n / rho).
//  * LogUp (Haboeck, eprint 2022/1530, Lemma 5; Schwartz-Zippel in (gamma, beta_0, ...)): with M the
//    number of (row, interaction) pairs, each denominator gamma + bus + sum_j beta_j v_j has total
//    degree 1 (one challenge per tuple position, stark/logup.h), so the cleared sum of fractions has
//    total degree <= M - 1, and some denominator vanishes with probability <= M / |F| (a padding row
//    with multiplicity 0 and a vanishing denominator would let the prover choose its helper value):
//                                                      L+ (2 M - 1) / |F|.
//    (With powers of one beta instead, the degree and the error grow by the tuple length A.)
//  * Grinding: the configuration's logup_pow_bits and deep_pow_bits of proof of work precede the LogUp
//    challenges and zeta, so each try at a bad challenge costs 2^bits hashes: the LogUp and DEEP errors
//    are multiplied by 2^-bits, as the query PoW divides the query-phase error (ethSTARK 6.3).
// The provable figure is the better of the two FRI regimes with these terms included.
#pragma once

#include <span>

#include "fri/config.h"
#include "fri/security.h"
#include "stark/chip.h"

namespace zkrv {

struct StarkSecurity {
  SecurityAnalysis conjectured;
  SecurityAnalysis provable;
};

// For a proof of `chips` with trace heights 2^log_heights[c] under `config`.
StarkSecurity stark_security(const FriConfig& config, std::span<const Chip> chips, std::span<const unsigned> log_heights,
                             std::span<const PublicInteraction> public_interactions = {});

}  // namespace zkrv
