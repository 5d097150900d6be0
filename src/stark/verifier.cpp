#include "stark/verifier.h"

#include <algorithm>
#include <optional>
#include <string>

#include "air/folder.h"
#include "base/error.h"
#include "fri/pcs.h"
#include "stark/domain.h"
#include "stark/logup.h"
#include "stark/machine_checks.h"
#include "stark/protocol.h"
#include "transcript/challenger.h"

namespace zkrv {
namespace {

[[noreturn]] void reject(const std::string& why) { throw ProofRejected("STARK proof rejected: " + why); }

void check_shapes(const FriConfig& config, std::span<const Chip> chips, const VerifyingKey& vk,
                  std::span<const std::vector<Fp>> public_values, const StarkProof& proof,
                  std::span<const PublicInteraction> public_interactions) {
  if (proof.config_name != config.name) reject("proof made under configuration '" + proof.config_name + "'");
  if (vk.config_name != config.name) reject("verifying key made under another configuration");
  const size_t n = chips.size();
  if (n == 0 || n > kMaxChips) reject("bad number of chips");
  if (public_values.size() != n || vk.preprocessed_log_heights.size() != n)
    reject("public values or verifying key do not match the chips");
  if (proof.log_heights.size() != n || proof.opened.size() != n) reject("proof has the wrong number of chips");
  bool any_prep = false, any_interactions = false;
  for (size_t c = 0; c < n; ++c) {
    const Chip& chip = chips[c];
    const std::string where = "chip " + chip.name();
    const unsigned log_h = proof.log_heights[c];
    if (log_h < 1 || log_h + chip.log_quotient_chunks() > Fp::TWO_ADICITY ||
        log_h + config.log_blowup > Fp::TWO_ADICITY)
      reject(where + ": bad trace height");
    if (public_values[c].size() != chip.num_public_values()) reject(where + ": wrong number of public values");
    const auto& prep_h = vk.preprocessed_log_heights[c];
    if (prep_h.has_value() != (chip.preprocessed_width() > 0)) reject(where + ": verifying key does not match");
    if (prep_h && *prep_h != log_h) reject(where + ": height differs from its preprocessed trace");
    any_prep |= prep_h.has_value();
    const ChipOpenedValues& o = proof.opened[c];
    if (o.preprocessed_local.size() != chip.preprocessed_width() ||
        o.preprocessed_next.size() != chip.preprocessed_width() || o.main_local.size() != chip.width() ||
        o.main_next.size() != chip.width() || o.quotient.size() != quotient_width(chip))
      reject(where + ": opened values have the wrong shape");
    const size_t k = chip.num_interactions();
    const size_t perm_width = Ext::DEGREE * chip.num_permutation_columns();
    if (o.cumulative_sum.has_value() != (k > 0) || o.permutation_local.size() != perm_width ||
        o.permutation_next.size() != perm_width)
      reject(where + ": LogUp values have the wrong shape");
    any_interactions |= k > 0;
  }
  if (any_prep != vk.has_preprocessed()) reject("verifying key does not match the chips");
  const std::vector<unsigned> log_heights(proof.log_heights.begin(), proof.log_heights.end());
  if (public_interactions.size() > kMaxPublicInteractions) reject("too many public interactions");
  if (interaction_count(chips, log_heights, public_interactions) > kMaxInteractionCount)
    reject("trace heights give an interaction count that could reach p (LogUp unsound)");
  if (any_interactions != proof.permutation_root.has_value()) reject("permutation commitment does not match the chips");
  if (proof.mask_opened.size() != (config.hiding() ? Ext::DEGREE : 0))
    reject("masking polynomial values have the wrong shape");
}

// Step 5: the constraint identity of one chip at zeta.
void check_chip_at_zeta(const Chip& chip, unsigned log_h, const ChipOpenedValues& o,
                        std::span<const Fp> public_values, const LogupChallenges& logup, const Ext& alpha,
                        const Ext& zeta) {
  const PointSelectors sel = selectors_at_point(log_h, zeta);
  if (sel.vanishing.is_zero()) reject("zeta lies in the trace domain");
  FolderInputs<Ext, Ext> in;
  in.main_current = o.main_local;
  in.main_next = o.main_next;
  in.preprocessed_current = o.preprocessed_local;
  in.preprocessed_next = o.preprocessed_next;
  in.public_values = public_values;
  in.is_first_row = sel.is_first_row;
  in.is_last_row = sel.is_last_row;
  in.is_transition = sel.is_transition;
  in.alpha = alpha;
  const size_t k = chip.num_interactions();
  VerifierFolder folder(in, /*record_interactions=*/k > 0);
  chip.eval(folder);
  Ext folded = folder.accumulator();
  if (k > 0) {
    const size_t cols = chip.num_permutation_columns();
    std::vector<Ext> local(cols);
    for (size_t c = 0; c < cols; ++c) local[c] = ext_from_base_openings(o.permutation_local, c);
    const Ext phi_next = ext_from_base_openings(o.permutation_next, cols - 1);
    folded = fold_logup<Ext, Ext>(folded, alpha, chip, folder.interactions(), local, phi_next,
                                  LogupConstants<Ext>(chip, logup, *o.cumulative_sum, log_h));
  }

  // Q(zeta) = sum_k zeta^(k n) q_k(zeta).
  Ext zeta_n = zeta;
  for (unsigned i = 0; i < log_h; ++i) zeta_n = zeta_n.square();
  Ext quotient = Ext::zero(), power = Ext::one();
  for (size_t chunk = 0; chunk < o.quotient.size() / Ext::DEGREE; ++chunk) {
    quotient += power * ext_from_base_openings(o.quotient, chunk);
    power *= zeta_n;
  }
  if (folded != sel.vanishing * quotient)
    reject("chip " + chip.name() + ": constraints do not match the quotient at zeta");
}

}  // namespace

void verify_with_config(const FriConfig& config, std::span<const Chip> chips, const VerifyingKey& vk,
                        std::span<const std::vector<Fp>> public_values, const StarkProof& proof,
                        std::span<const PublicInteraction> public_interactions) {
  check_bus_arities(chips, public_interactions);
  check_shapes(config, chips, vk, public_values, proof, public_interactions);
  const TwoAdicFriPcs pcs(config);
  const size_t num_chips = chips.size();
  std::vector<unsigned> log_heights(proof.log_heights.begin(), proof.log_heights.end());

  // Steps 1-4: the transcript, mirrored.
  Challenger ch;
  observe_statement(ch, config.name, chips, log_heights, public_values, vk, public_interactions);
  ch.observe_label("zkrv/stark/main");
  ch.observe(proof.main_root);
  ch.observe_label("zkrv/stark/logup");
  if (!ch.check_witness(config.logup_pow_bits, proof.logup_pow_witness))
    reject("the proof-of-work witness before the LogUp challenges is wrong");
  const LogupChallenges logup = sample_logup_challenges(ch, chips, public_interactions);
  if (proof.permutation_root) {
    ch.observe_label("zkrv/stark/permutation");
    ch.observe(*proof.permutation_root);
    for (size_t c = 0; c < num_chips; ++c)
      if (proof.opened[c].cumulative_sum) ch.observe_ext(*proof.opened[c].cumulative_sum);
  }
  const Ext alpha = ch.sample_ext();
  ch.observe_label("zkrv/stark/quotient");
  ch.observe(proof.quotient_root);
  if (!ch.check_witness(config.deep_pow_bits, proof.deep_pow_witness))
    reject("the proof-of-work witness before the out-of-domain point is wrong");
  const Ext zeta = ch.sample_ext();

  // Step 5: the buses balance (the chips' sums plus what the statement's public interactions add),
  // and the constraint identity per chip.
  const std::optional<Ext> public_sum = public_logup_contribution(public_interactions, logup);
  if (!public_sum) reject("a public interaction's LogUp denominator vanished");
  Ext total = *public_sum;
  for (size_t c = 0; c < num_chips; ++c)
    if (proof.opened[c].cumulative_sum) total += *proof.opened[c].cumulative_sum;
  if (!total.is_zero()) reject("LogUp cumulative sums do not add up to zero (unbalanced bus)");
  for (size_t c = 0; c < num_chips; ++c)
    check_chip_at_zeta(chips[c], log_heights[c], proof.opened[c], public_values[c], logup, alpha, zeta);

  // Step 6: the PCS opening, rounds in the prover's order.
  auto local_and_next = [&](size_t c) {
    return std::vector<Ext>{zeta, zeta * Fp::two_adic_generator(log_heights[c])};
  };
  std::vector<PcsVerifyRound> rounds;
  if (vk.preprocessed_root) {
    PcsVerifyRound r{*vk.preprocessed_root, {}, /*salted=*/false};
    for (size_t c = 0; c < num_chips; ++c)
      if (chips[c].preprocessed_width() > 0)
        r.matrices.push_back({log_heights[c], chips[c].preprocessed_width(), local_and_next(c),
                              {proof.opened[c].preprocessed_local, proof.opened[c].preprocessed_next}});
    rounds.push_back(std::move(r));
  }
  PcsVerifyRound main_round{proof.main_root, {}}, quotient_round{proof.quotient_root, {}};
  for (size_t c = 0; c < num_chips; ++c) {
    main_round.matrices.push_back(
        {log_heights[c], chips[c].width(), local_and_next(c), {proof.opened[c].main_local, proof.opened[c].main_next}});
    quotient_round.matrices.push_back({log_heights[c], quotient_width(chips[c]), {zeta}, {proof.opened[c].quotient}});
  }
  if (config.hiding()) {  // the masking polynomial, committed after the main traces (prover.h step 2)
    main_round.matrices.push_back(
        {masking_polynomial_log_height(log_heights), Ext::DEGREE, {zeta}, {proof.mask_opened}});
  }
  rounds.push_back(std::move(main_round));
  if (proof.permutation_root) {
    PcsVerifyRound r{*proof.permutation_root, {}};
    for (size_t c = 0; c < num_chips; ++c)
      if (chips[c].num_interactions() > 0)
        r.matrices.push_back({log_heights[c], proof.opened[c].permutation_local.size(), local_and_next(c),
                              {proof.opened[c].permutation_local, proof.opened[c].permutation_next}});
    rounds.push_back(std::move(r));
  }
  rounds.push_back(std::move(quotient_round));
  pcs.verify(rounds, proof.fri, ch);
}

void verify(std::span<const Chip> chips, const VerifyingKey& vk, std::span<const std::vector<Fp>> public_values,
            const StarkProof& proof, std::span<const PublicInteraction> public_interactions) {
  const FriConfig* config = nullptr;
  try {
    config = &fri_config_by_name(proof.config_name);
  } catch (const MalformedInput&) {
    reject("unknown configuration '" + proof.config_name + "'");
  }
  verify_with_config(*config, chips, vk, public_values, proof, public_interactions);
}

}  // namespace zkrv
