// FRI parameters and the registry of named configurations (docs/architecture.md section 2, "proof configurations").
//
// A configuration fixes everything that decides soundness and proof shape: the blowup (rate
// rho = 2^-log_blowup), the number of queries, the folding arity (2^log_folding_arity points fold into
// one per round: Ben-Sasson, Bentov, Horesh, Riabzev, "Fast Reed-Solomon Interactive Oracle Proofs of
// Proximity", ICALP 2018, section 4, with the arity as a parameter), the length of the final polynomial
// sent in the clear, and the proof-of-work bits before each folding challenge and before the queries.
//
// A verifier never reads these from a proof: it looks a configuration up by name in the registry below
// (fri_config_by_name), and a serialized proof only repeats the name so a mismatch is reported clearly.
// So a prover cannot pick a weaker configuration (e.g. one query). Named configurations are versioned:
// changing any field of one means a new name.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "fri/security.h"

namespace zkrv {

struct FriConfig {
  std::string name;
  unsigned log_blowup = 1;
  unsigned num_queries = 1;
  unsigned log_folding_arity = 1;   // 1..4: arity 2, 4, 8 or 16
  unsigned log_final_poly_len = 0;  // the final polynomial has 2^this coefficients (fewer if inputs are short)
  unsigned commit_pow_bits = 0;     // grinding before each folding challenge beta
  unsigned query_pow_bits = 0;      // grinding before the query indices
  // STARK-level grinding (stark/prover.h), kept here so that one name fixes every soundness parameter:
  // before the LogUp challenges and before the out-of-domain point zeta. Each adds its bits to the
  // LogUp and DEEP terms of the security report (stark/security.h): those terms grow with the number
  // of interactions and the trace height, and at VM scale (2^22 cycles, ~2^27 interactions) they fall
  // below 100 bits over a degree-4 extension without it.
  unsigned logup_pow_bits = 0;
  unsigned deep_pow_bits = 0;
  // Hiding commitments (docs/zero-knowledge.md): every committed batch gets, at its tallest LDE height,
  // a matrix of salt_width uniformly random elements, hashed into each leaf and opened with it, never
  // evaluated or folded. 0 = no salt (the integrity-only configurations).
  unsigned salt_width = 0;
  // Degree excess E (docs/zero-knowledge.md, part 3): a committed polynomial of height n may have degree
  // < n + E (a trace randomized as f + Z_H r, deg r < E). FRI's final polynomial grows by the excess
  // left after the folds below the smallest input (fold.h), which raises the rate FRI tests for every
  // input (FriSecurityParams::rate). 0 for the integrity-only configurations.
  unsigned degree_excess = 0;
  // With an excess, the smallest committed height (log2, before the blowup) prover and verifier accept
  // (fri_fold_schedule refuses shorter inputs). It bounds the rate whatever heights a proof claims, so
  // a prover cannot lower soundness by declaring a short table. validate() requires it when E > 0.
  unsigned log_min_height = 0;
  // Zero knowledge (docs/zero-knowledge.md, parts 3 and 4): t, the random coefficients of every
  // committed trace column's randomizer (f + Z_H r, deg r < t) and of each quotient chunk's s_k. The
  // STARK prover needs degree * t <= degree_excess for every chip (the quotient's overflow). Only the
  // prover reads it: the verifier's checks do not depend on t. Requires salt (hiding()) and
  // t >= 2 num_queries + 2 Ext::DEGREE (the counting argument of docs/zero-knowledge.md, part 3).
  unsigned zk_randomizers = 0;

  // A hiding configuration: salted commitments and a masking polynomial in the DEEP batch.
  bool hiding() const noexcept { return salt_width > 0; }
  // Hiding, with randomized traces and quotient chunks: the configurations whose proofs are
  // zero-knowledge.
  bool zero_knowledge() const noexcept { return hiding() && zk_randomizers > 0; }

  friend bool operator==(const FriConfig&, const FriConfig&) = default;

  static constexpr unsigned kMaxLogFoldingArity = 4;
  static constexpr unsigned kMaxLogFinalPolyLen = 10;
  static constexpr unsigned kMaxNumQueries = 1024;
  static constexpr unsigned kMaxSaltWidth = 8;
  static constexpr unsigned kMaxDegreeExcess = 1u << 12;

  // Throws std::invalid_argument for parameters the prover and verifier do not support.
  void validate() const;

  // Conjectured bits of the query phase (ethSTARK toy-problem conjecture): queries * log_blowup plus
  // the query proof-of-work bits. The total of fri_security_conjectured() is the minimum of this and
  // the ~124 bits of one extension-field challenge.
  unsigned conjectured_query_bits() const noexcept { return num_queries * log_blowup + query_pow_bits; }

  // Calculator input for committed polynomials of degree < 2^log_max_degree (trace height) with
  // num_batched columns * points combined by the DEEP batching challenge alpha.
  // With a degree excess the rate is taken at log_min_height, the worst any accepted proof can reach.
  FriSecurityParams security_params(unsigned log_max_degree, unsigned num_batched = 1) const;
  SecurityAnalysis security_conjectured(unsigned log_max_degree) const;
  SecurityAnalysis security_provable(unsigned log_max_degree, unsigned num_batched) const;
  // Both figures at once (what --stats and `zkrv inspect` print).
  struct Security {
    SecurityAnalysis conjectured, provable;
  };
  Security security(unsigned log_max_degree, unsigned num_batched) const {
    return {security_conjectured(log_max_degree), security_provable(log_max_degree, num_batched)};
  }
};

// All named configurations, each >= 100 conjectured bits for every machine the engine accepts:
//   zkrv-fri-b2-zk-v1: zero knowledge (docs/zero-knowledge.md): blowup 2, 87 queries at rate 521/1024
//                   (the degree excess), arity 8, final poly 2^9, query PoW 16 -> 84.8 + 16 bits;
//                   salt 4, t = 182, E = 546, every table >= 2^15 rows; LogUp and DEEP PoW as b2
//   zkrv-fri-b2-v2: blowup 2, 84 queries, arity 8, final poly 8, query PoW 16  -> 84 + 16 = 100 bits;
//                   LogUp PoW 12, DEEP PoW 8 (stark/security.h: LogUp >= 103.6 bits up to 2^31
//                   interactions, DEEP >= 102.6 bits up to height 2^27 at degree 3)
//   zkrv-fri-b4-v2: blowup 4, 42 queries, the rest as b2                         -> 84 + 16 = 100 bits
// (The v1 configurations had no LogUp or DEEP grinding; their receipts are no longer accepted.)
std::span<const FriConfig> named_fri_configs();
// What `zkrv prove` and the host API use unless told otherwise: zkrv-fri-b2-zk-v1 (zero knowledge).
// The integrity-only zkrv-fri-b2-v2 (first in the registry) is the faster choice when the input is
// not secret.
const FriConfig& default_fri_config();
// Throws MalformedInput (the name usually comes from a file) if no configuration has that name.
const FriConfig& fri_config_by_name(std::string_view name);

}  // namespace zkrv
