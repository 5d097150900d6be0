#include "stark/prover.h"

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "base/bits.h"
#include "fri/fold.h"
#include "fri/pcs.h"
#include "ntt/coset_lde.h"
#include "ntt/small_coset.h"
#include "stark/logup.h"
#include "stark/machine_checks.h"
#include "stark/protocol.h"
#include "stark/quotient.h"
#include "stark/zk_quotient.h"
#include "transcript/challenger.h"

namespace zkrv {
namespace {

void check_inputs(const TwoAdicFriPcs& pcs, std::span<const Chip> chips, const ProvingKey& pk,
                  std::span<const MatrixView<const Fp>> traces, std::span<const std::vector<Fp>> public_values,
                  std::span<const PublicInteraction> public_interactions) {
  if (chips.empty() || chips.size() > kMaxChips) throw std::invalid_argument("stark prove: bad number of chips");
  if (traces.size() != chips.size() || public_values.size() != chips.size())
    throw std::invalid_argument("stark prove: one trace and one public value list per chip");
  if (pk.vk.config_name != pcs.config().name || pk.vk.preprocessed_log_heights.size() != chips.size())
    throw std::invalid_argument("stark prove: proving key made for another configuration or chip list");
  for (size_t c = 0; c < chips.size(); ++c) {
    const Chip& chip = chips[c];
    const size_t h = traces[c].height();
    if (chip.width() == 0 || traces[c].width() != chip.width())
      throw std::invalid_argument("stark prove: trace width does not match chip " + chip.name());
    if (h < 2 || !std::has_single_bit(h) ||
        std::countr_zero(h) + pcs.config().log_blowup > static_cast<int>(Fp::TWO_ADICITY))
      throw std::invalid_argument("stark prove: trace height of chip " + chip.name() + " is not a power of two >= 2");
    if (public_values[c].size() != chip.num_public_values())
      throw std::invalid_argument("stark prove: wrong number of public values for chip " + chip.name());
    const auto& prep = pk.vk.preprocessed_log_heights[c];
    if (prep.has_value() != (chip.preprocessed_width() > 0) ||
        (prep && *prep != static_cast<unsigned>(std::countr_zero(h))))
      throw std::invalid_argument("stark prove: preprocessed height of chip " + chip.name() + " differs");
  }
  check_bus_arities(chips, public_interactions);
  std::vector<unsigned> log_heights;
  for (const auto& t : traces) log_heights.push_back(static_cast<unsigned>(std::countr_zero(t.height())));
  if (public_interactions.size() > kMaxPublicInteractions)
    throw std::invalid_argument("stark prove: too many public interactions");
  if (interaction_count(chips, log_heights, public_interactions) > kMaxInteractionCount)
    throw std::invalid_argument("stark prove: the machine's interaction count could reach p (LogUp unsound)");
}

// The trace of one chip on its quotient coset: from the PCS's LDE when the blowup suffices, else a
// coset LDE computed here (kept alive in `own`).
// `trace` is needed only in the second case.
CosetTrace coset_trace(const PcsProverData& data, size_t matrix, unsigned log_n, MatrixView<const Fp> trace,
                       unsigned q, RowMajorMatrix<Fp>& own) {
  if (data.log_blowup >= q) {
    const size_t m = size_t{1} << (log_n + q);
    return {data.lde(matrix).rows(0, m), RowOrder::bit_reversed};
  }
  own = coset_lde_batch(trace, q, kLdeShift, RowOrder::natural);
  return {own.view(), RowOrder::natural};
}

// Zero knowledge: the checks the randomized layout needs (docs/zero-knowledge.md, parts 3 and 4).
void check_zero_knowledge_inputs(const FriConfig& config, std::span<const Chip> chips,
                                 std::span<const unsigned> log_heights) {
  for (size_t c = 0; c < chips.size(); ++c) {
    const Chip& chip = chips[c];
    const size_t overflow = std::max<size_t>(chip.max_constraint_degree(), 1) * config.zk_randomizers;
    if (overflow > config.degree_excess || chip.log_quotient_chunks() > config.log_blowup)
      throw std::invalid_argument("stark prove: chip " + chip.name() +
                                  " has too high a constraint degree for a zero-knowledge configuration");
    if (log_heights[c] < config.log_min_height)
      throw std::invalid_argument("stark prove: the trace of chip " + chip.name() +
                                  " is shorter than the configuration's minimum height");
    if ((size_t{1} << log_heights[c]) < std::bit_ceil(overflow))
      throw std::invalid_argument("stark prove: the trace of chip " + chip.name() +
                                  " is shorter than its quotient's small coset (degree * zk_randomizers)");
  }
}

// A t x w matrix of the prover's random elements.
RowMajorMatrix<Fp> random_matrix(ProverRandomness& randomness, size_t rows, size_t cols) {
  RowMajorMatrix<Fp> m(rows, cols);
  randomness.fill(std::span<Fp>(m.data(), rows * cols));
  return m;
}

// owned: the traces behind `traces`, when the caller gave them up (else null); freed when no longer needed.
StarkProof prove_impl(const FriConfig& config, std::span<const Chip> chips, const ProvingKey& pk,
                      std::span<const MatrixView<const Fp>> traces, std::span<const std::vector<Fp>> public_values,
                      std::span<const PublicInteraction> public_interactions, ProverTimings* timings,
                      std::vector<RowMajorMatrix<Fp>>* owned, ProverRandomness* randomness,
                      std::optional<uint64_t> challenge_seed = std::nullopt) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto lap = [last = start](double* into) mutable {
    const auto now = Clock::now();
    if (into) *into = std::chrono::duration<double>(now - last).count();
    last = now;
  };
  std::optional<ProverRandomness> os_randomness;
  if (config.hiding() && randomness == nullptr) randomness = &os_randomness.emplace(ProverRandomness::from_os());
  const TwoAdicFriPcs pcs(config, randomness);
  check_inputs(pcs, chips, pk, traces, public_values, public_interactions);
  const size_t num_chips = chips.size();
  const bool zk = config.zero_knowledge();

  StarkProof proof;
  proof.config_name = config.name;
  std::vector<unsigned> log_heights(num_chips);
  for (size_t c = 0; c < num_chips; ++c) {
    log_heights[c] = static_cast<unsigned>(std::countr_zero(traces[c].height()));
    proof.log_heights.push_back(static_cast<uint8_t>(log_heights[c]));
  }
  // Zero knowledge: every main and permutation column is committed as f + Z_H r (t random coefficients),
  // each quotient as randomized chunks; the quotient's top coefficients come from the small coset
  // sigma * H_T (stark/zk_quotient.h), where the traces are evaluated (at x and at x g) as they are
  // committed. sigma = s^2 lies off H and off the quotient coset s H_M (s^M != 1 for M <= 2^27).
  const Fp sigma = kLdeShift * kLdeShift;
  std::vector<unsigned> small_log(num_chips, 0);
  std::vector<std::vector<RowMajorMatrix<Fp>>> small_main(num_chips), small_perm(num_chips);
  // Chip c's small cosets: at x and at x g (the next row).
  auto small_request = [&](size_t c) {
    return SmallCosetRequest{small_log[c], {sigma, sigma * Fp::two_adic_generator(log_heights[c])}};
  };
  if (zk) {
    check_zero_knowledge_inputs(config, chips, log_heights);
    for (size_t c = 0; c < num_chips; ++c)
      small_log[c] = log2_exact(std::bit_ceil(std::max<size_t>(chips[c].max_constraint_degree(), 1) *
                                              config.zk_randomizers));
  }

  // Step 1: the statement.
  Challenger ch;
  if (challenge_seed) ch.fix_samples_for_tests(*challenge_seed);
  observe_statement(ch, config.name, chips, log_heights, public_values, pk.vk, public_interactions);

  // Step 2: commit every main trace in one batch.
  // Hiding: the masking polynomial, uniformly random values (so a uniformly random polynomial of degree
  // < the largest trace height), one extension column (4 base columns), committed after the traces in
  // this batch (the widest rows, so its 4 columns add least to the hashing). Opened at zeta and batched
  // by DEEP with everything else, it makes every FRI layer a uniformly random codeword
  // (docs/zero-knowledge.md, part 2).
  std::vector<MatrixView<const Fp>> main_batch(traces.begin(), traces.end());
  RowMajorMatrix<Fp> mask;
  if (config.hiding()) {
    mask = RowMajorMatrix<Fp>(size_t{1} << masking_polynomial_log_height(log_heights), Ext::DEGREE);
    randomness->fill(std::span<Fp>(mask.data(), mask.height() * mask.width()));
    main_batch.push_back(mask.view());
  }
  std::vector<RowMajorMatrix<Fp>> main_randomizers;
  std::vector<SmallCosetRequest> main_small;
  if (zk) {
    for (size_t c = 0; c < num_chips; ++c) main_small.push_back(small_request(c));
    main_small.emplace_back();  // none for the mask
    for (size_t c = 0; c < num_chips; ++c)
      main_randomizers.push_back(random_matrix(*randomness, config.zk_randomizers, traces[c].width()));
    // The mask: uniform of degree < n_max + the excess FRI tests at n_max (fold.h), so that every FRI
    // layer, including the excess coefficients shorter inputs bring when they roll in and those of the
    // final polynomial, is masked up to the degree the layer is tested at.
    const unsigned log_max = *std::max_element(log_heights.begin(), log_heights.end());
    const unsigned log_min = *std::min_element(log_heights.begin(), log_heights.end());
    const size_t mask_t = std::min(mask.height(), tested_degree_excess(config, log_max, log_min));
    main_randomizers.push_back(random_matrix(*randomness, mask_t, Ext::DEGREE));
  }
  // The small cosets come from the LDE's own coefficients (TwoAdicFriPcs::commit_randomized).
  auto [main_root, main_data] =
      zk ? pcs.commit_randomized(main_batch, std::move(main_randomizers), main_small) : pcs.commit(main_batch);
  mask = RowMajorMatrix<Fp>();
  if (zk)
    for (size_t c = 0; c < num_chips; ++c) small_main[c] = std::move(main_data.small_cosets[c]);
  proof.main_root = main_root;
  ch.observe_label("zkrv/stark/main");
  ch.observe(main_root);
  lap(timings ? &timings->main_commit_seconds : nullptr);

  // Step 3: LogUp. gamma and the betas; the permutation traces of the chips with interactions in one batch;
  // their cumulative sums.
  ch.observe_label("zkrv/stark/logup");
  proof.logup_pow_witness = ch.grind(config.logup_pow_bits);
  const LogupChallenges logup = sample_logup_challenges(ch, chips, public_interactions);
  std::vector<RowMajorMatrix<Fp>> perm_traces;
  std::vector<size_t> perm_index(num_chips, 0);
  std::vector<Ext> cumulative_sums(num_chips);
  for (size_t c = 0; c < num_chips; ++c) {
    if (chips[c].num_interactions() == 0) continue;
    RowMajorMatrix<Fp> prep_trace;
    MatrixView<const Fp> prep_view;
    if (chips[c].preprocessed_width() > 0) {
      prep_trace = chips[c].preprocessed_trace();
      prep_view = prep_trace.view();
    }
    PermutationTrace pt = generate_permutation_trace(chips[c], traces[c], prep_view, public_values[c], logup);
    perm_index[c] = perm_traces.size();
    cumulative_sums[c] = pt.cumulative_sum;
    perm_traces.push_back(std::move(pt.trace));
  }
  // The main traces are needed from here on only by a chip whose quotient needs its own coset LDE.
  if (owned != nullptr)
    for (size_t c = 0; c < num_chips; ++c)
      if (chips[c].log_quotient_chunks() <= main_data.log_blowup) (*owned)[c] = RowMajorMatrix<Fp>();
  std::optional<PcsProverData> perm_data;
  if (!perm_traces.empty()) {
    // Likewise the permutation traces, freed while they are committed unless a quotient needs them.
    bool keep_perm = false;
    for (size_t c = 0; c < num_chips; ++c)
      keep_perm |= chips[c].num_interactions() > 0 && chips[c].log_quotient_chunks() > config.log_blowup;
    std::vector<RowMajorMatrix<Fp>> perm_randomizers;
    std::vector<SmallCosetRequest> perm_small;
    if (zk)  // check_zero_knowledge_inputs: no quotient needs the permutation traces after the commit
      for (size_t c = 0; c < num_chips; ++c) {
        if (chips[c].num_interactions() == 0) continue;
        perm_randomizers.push_back(random_matrix(*randomness, config.zk_randomizers, perm_traces[perm_index[c]].width()));
        perm_small.push_back(small_request(c));
      }
    auto [perm_root, data] =
        zk          ? pcs.commit_randomized(std::move(perm_traces), std::move(perm_randomizers), perm_small)
        : keep_perm ? pcs.commit(perm_traces)
                    : pcs.commit(std::move(perm_traces));
    if (zk)
      for (size_t c = 0; c < num_chips; ++c)
        if (chips[c].num_interactions() > 0) small_perm[c] = std::move(data.small_cosets[perm_index[c]]);
    if (!keep_perm) perm_traces.clear();  // moved from
    perm_data = std::move(data);
    proof.permutation_root = perm_root;
    ch.observe_label("zkrv/stark/permutation");
    ch.observe(perm_root);
    for (size_t c = 0; c < num_chips; ++c)
      if (chips[c].num_interactions() > 0) ch.observe_ext(cumulative_sums[c]);
  }
  const Ext alpha = ch.sample_ext();
  lap(timings ? &timings->logup_seconds : nullptr);

  // Step 4: quotients, committed in one batch.
  std::vector<RowMajorMatrix<Fp>> quotients, quotient_randomizers;
  quotients.reserve(num_chips);
  for (size_t c = 0; c < num_chips; ++c) {
    const Chip& chip = chips[c];
    const unsigned q = chip.log_quotient_chunks();
    RowMajorMatrix<Fp> own_main, own_prep, prep_trace, own_perm;
    const CosetTrace main = coset_trace(main_data, c, log_heights[c], traces[c], q, own_main);
    CosetTrace prep;
    if (chip.preprocessed_width() > 0) {
      const PcsProverData& pdata = *pk.preprocessed;
      const size_t k = pk.matrix_index[c];
      if (pdata.log_blowup < q) prep_trace = chip.preprocessed_trace();
      prep = coset_trace(pdata, k, log_heights[c], prep_trace.view(), q, own_prep);
    }
    std::optional<QuotientLogup> ql;
    if (chip.num_interactions() > 0) {
      const size_t k = perm_index[c];
      const MatrixView<const Fp> perm_trace = k < perm_traces.size() ? perm_traces[k].view() : MatrixView<const Fp>{};
      ql = QuotientLogup{coset_trace(*perm_data, k, log_heights[c], perm_trace, q, own_perm), logup,
                         cumulative_sums[c]};
    }
    RowMajorMatrix<Fp> chunks = compute_quotient_chunk_coefficients(chip, log_heights[c], main, prep,
                                                                    public_values[c], alpha, ql ? &*ql : nullptr);
    if (!zk) {
      quotients.push_back(std::move(chunks));
      continue;
    }
    std::vector<RowMajorMatrix<Fp>> small_prep;
    if (chip.preprocessed_width() > 0) {
      if (prep_trace.height() == 0) prep_trace = chip.preprocessed_trace();
      const SmallCosetRequest req = small_request(c);
      small_prep = evaluate_on_small_cosets(prep_trace.view(), {}, req.log_t, req.shifts);
    }
    SmallCosetTraces small{small_main[c][0].view(), small_main[c][1].view(), {}, {}, {}, {}};
    if (!small_prep.empty()) small.preprocessed = small_prep[0].view(), small.preprocessed_next = small_prep[1].view();
    if (!small_perm[c].empty()) small.permutation = small_perm[c][0].view(), small.permutation_next = small_perm[c][1].view();
    const std::vector<Ext> on_small = quotient_on_small_coset(chip, log_heights[c], small, public_values[c], alpha,
                                                              ql ? &*ql : nullptr, small_log[c], sigma);
    RandomizedQuotientChunks rq = randomize_quotient_chunks(
        std::move(chunks), log_heights[c], chip.log_quotient_chunks(), on_small, small_log[c], sigma,
        std::max<size_t>(chip.max_constraint_degree(), 1) * config.zk_randomizers, config.zk_randomizers,
        *randomness);
    quotients.push_back(std::move(rq.base));
    quotient_randomizers.push_back(std::move(rq.randomizer));
  }
  perm_traces.clear();
  small_main.clear();
  small_perm.clear();
  auto [quotient_root, quotient_data] =
      zk ? pcs.commit_coefficients_randomized(std::move(quotients), std::move(quotient_randomizers))
         : pcs.commit_coefficients(std::move(quotients));
  proof.quotient_root = quotient_root;
  ch.observe_label("zkrv/stark/quotient");
  ch.observe(quotient_root);
  lap(timings ? &timings->quotient_seconds : nullptr);

  // Step 5: the out-of-domain point, after grinding (stark/security.h, DEEP term).
  proof.deep_pow_witness = ch.grind(config.deep_pow_bits);
  const Ext zeta = ch.sample_ext();

  // Step 6: open everything at once; rounds [preprocessed], main, [permutation], quotient.
  std::vector<PcsOpenRequest> rounds;
  auto local_and_next = [&](size_t c) {
    return std::vector<Ext>{zeta, zeta * Fp::two_adic_generator(log_heights[c])};
  };
  if (pk.preprocessed) {
    PcsOpenRequest r{&*pk.preprocessed, {}};
    for (size_t c = 0; c < num_chips; ++c)
      if (chips[c].preprocessed_width() > 0) r.points.push_back(local_and_next(c));
    rounds.push_back(std::move(r));
  }
  PcsOpenRequest main_req{&main_data, {}}, quotient_req{&quotient_data, {}};
  for (size_t c = 0; c < num_chips; ++c) {
    main_req.points.push_back(local_and_next(c));
    quotient_req.points.push_back({zeta});
  }
  if (config.hiding()) main_req.points.push_back({zeta});  // the masking polynomial
  rounds.push_back(std::move(main_req));
  if (perm_data) {
    PcsOpenRequest r{&*perm_data, {}};
    for (size_t c = 0; c < num_chips; ++c)
      if (chips[c].num_interactions() > 0) r.points.push_back(local_and_next(c));
    rounds.push_back(std::move(r));
  }
  rounds.push_back(std::move(quotient_req));
  PcsOpenTimings open_timings;
  PcsOpening opening = pcs.open(rounds, ch, &open_timings);

  // values[round][matrix][point][column] -> per chip.
  proof.opened.resize(num_chips);
  const size_t main_round = pk.preprocessed ? 1 : 0;
  const size_t perm_round = main_round + 1;
  const size_t quotient_round = perm_data ? perm_round + 1 : perm_round;
  for (size_t c = 0; c < num_chips; ++c) {
    ChipOpenedValues& o = proof.opened[c];
    if (chips[c].preprocessed_width() > 0) {
      auto& v = opening.values[0][pk.matrix_index[c]];
      o.preprocessed_local = std::move(v[0]);
      o.preprocessed_next = std::move(v[1]);
    }
    auto& mv = opening.values[main_round][c];
    o.main_local = std::move(mv[0]);
    o.main_next = std::move(mv[1]);
    if (chips[c].num_interactions() > 0) {
      auto& pv = opening.values[perm_round][perm_index[c]];
      o.permutation_local = std::move(pv[0]);
      o.permutation_next = std::move(pv[1]);
      o.cumulative_sum = cumulative_sums[c];
    }
    o.quotient = std::move(opening.values[quotient_round][c][0]);
  }
  if (config.hiding()) proof.mask_opened = std::move(opening.values[main_round][num_chips][0]);
  proof.fri = std::move(opening.proof);
  if (timings) {
    timings->openings_seconds = open_timings.evaluate_seconds + open_timings.reduce_seconds;
    timings->fri_seconds = open_timings.fri_seconds;
    timings->total_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  }
  return proof;
}

}  // namespace

StarkProof prove(const FriConfig& config, std::span<const Chip> chips, const ProvingKey& pk,
                 std::span<const MatrixView<const Fp>> traces, std::span<const std::vector<Fp>> public_values,
                 std::span<const PublicInteraction> public_interactions, ProverTimings* timings,
                 ProverRandomness* randomness) {
  return prove_impl(config, chips, pk, traces, public_values, public_interactions, timings, nullptr, randomness);
}

StarkProof prove(const FriConfig& config, std::span<const Chip> chips, const ProvingKey& pk,
                 std::vector<RowMajorMatrix<Fp>>&& traces, std::span<const std::vector<Fp>> public_values,
                 std::span<const PublicInteraction> public_interactions, ProverTimings* timings,
                 ProverRandomness* randomness) {
  std::vector<RowMajorMatrix<Fp>> owned = std::move(traces);
  std::vector<MatrixView<const Fp>> views;
  views.reserve(owned.size());
  for (const auto& m : owned) views.push_back(m.view());
  return prove_impl(config, chips, pk, views, public_values, public_interactions, timings, &owned, randomness);
}

StarkProof prove_with_fixed_challenges_for_tests(const FriConfig& config, std::span<const Chip> chips,
                                                 const ProvingKey& pk, std::span<const MatrixView<const Fp>> traces,
                                                 std::span<const std::vector<Fp>> public_values,
                                                 ProverRandomness& randomness, uint64_t challenge_seed) {
  return prove_impl(config, chips, pk, traces, public_values, {}, nullptr, nullptr, &randomness, challenge_seed);
}

}  // namespace zkrv
