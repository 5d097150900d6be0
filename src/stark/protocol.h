// The transcript steps prover and verifier share (one code path, so they cannot drift), and the
// shapes both derive from the chips.
//
// Transcript of one multi-table STARK proof (prover.h describes each step):
//   observe_label("zkrv/stark/v1"); observe_label(config name); observe_u64(number of chips);
//   per chip: observe_label(name), observe_u64(width, preprocessed width, log_height, number of public
//             values, number of constraints), observe(public values);
//   observe_u64(has preprocessed); [observe(preprocessed root)]          -- the verifying key
//   observe_label("zkrv/stark/public-interactions"); observe_u64(count); per public interaction:
//             observe_u64(bus id, kind, number of values); observe(values); observe(multiplicity)
//   observe_label("zkrv/stark/main"); observe(main root);
//   observe_label("zkrv/stark/logup"); grind(logup_pow_bits); gamma = sample_ext(); beta_j = sample_ext() for j < longest tuple;
//   [observe_label("zkrv/stark/permutation"); observe(permutation root); observe_ext(cumulative sum)
//    of each chip with interactions, chip order]                 alpha = sample_ext()
//   observe_label("zkrv/stark/quotient"); observe(quotient root); grind(deep_pow_bits); zeta = sample_ext()
//   the PCS opening transcript (fri/pcs.h), which observes every opened value.
#pragma once

#include <algorithm>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "field/babybear.h"
#include "stark/chip.h"
#include "stark/keys.h"
#include "stark/logup.h"
#include "stark/machine_checks.h"
#include "transcript/challenger.h"

namespace zkrv {

inline constexpr std::string_view kStarkLabel = "zkrv/stark/v1";

inline void observe_statement(Challenger& ch, std::string_view config_name, std::span<const Chip> chips,
                              std::span<const unsigned> log_heights,
                              std::span<const std::vector<Fp>> public_values, const VerifyingKey& vk,
                              std::span<const PublicInteraction> public_interactions) {
  ch.observe_label(kStarkLabel);
  ch.observe_label(config_name);
  ch.observe_u64(chips.size());
  for (size_t i = 0; i < chips.size(); ++i) {
    ch.observe_label(chips[i].name());
    ch.observe_u64(chips[i].width());
    ch.observe_u64(chips[i].preprocessed_width());
    ch.observe_u64(log_heights[i]);
    ch.observe_u64(public_values[i].size());
    ch.observe_u64(chips[i].num_constraints());
    ch.observe(std::span<const Fp>(public_values[i]));
  }
  ch.observe_u64(vk.has_preprocessed() ? 1 : 0);
  if (vk.preprocessed_root) ch.observe(*vk.preprocessed_root);
  ch.observe_label("zkrv/stark/public-interactions");
  ch.observe_u64(public_interactions.size());
  for (const PublicInteraction& it : public_interactions) {
    ch.observe_u64(it.bus.id);
    ch.observe_u64(it.kind == InteractionKind::send ? 0 : 1);
    ch.observe_u64(it.values.size());
    ch.observe(std::span<const Fp>(it.values));
    ch.observe(it.multiplicity);
  }
}

// sum over public interactions of s m / d (stark/logup.h), what the statement adds to the LogUp sums.
// Returns nullopt if a denominator vanishes (negligible probability; the verifier rejects).
inline std::optional<Ext> public_logup_contribution(std::span<const PublicInteraction> public_interactions,
                                                    const LogupChallenges& ch) {
  Ext total = Ext::zero();
  for (const PublicInteraction& it : public_interactions) {
    const EvaluatedInteraction<Fp> e{it.bus, it.kind, it.values, it.multiplicity};
    const Ext d = logup_denominator<Ext>(e, ch);
    if (d.is_zero()) return std::nullopt;
    const Ext m(it.multiplicity);
    total += (it.kind == InteractionKind::send ? m : -m) * d.inverse();
  }
  return total;
}

// gamma, then one beta per position of the machine's longest tuple.
inline LogupChallenges sample_logup_challenges(Challenger& ch, std::span<const Chip> chips,
                                               std::span<const PublicInteraction> public_interactions) {
  LogupChallenges out;
  out.gamma = ch.sample_ext();
  const size_t arity = max_bus_arity(chips, public_interactions);
  for (size_t j = 0; j < arity; ++j) out.betas.push_back(ch.sample_ext());
  return out;
}

// log2 of the masking polynomial's height under a hiding configuration: the largest trace height, so
// that the mask enters the DEEP batch at the top FRI layer, which every later layer folds from
// (docs/zero-knowledge.md, part 2). Prover and verifier both take it from here.
inline unsigned masking_polynomial_log_height(std::span<const unsigned> log_heights) {
  unsigned h = 0;
  for (unsigned l : log_heights) h = std::max(h, l);
  return h;
}

// Number of base columns of chip's quotient commitment: Ext::DEGREE per chunk.
inline size_t quotient_width(const Chip& chip) { return Ext::DEGREE << chip.log_quotient_chunks(); }

}  // namespace zkrv
