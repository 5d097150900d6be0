// FRI with a degree excess (FriConfig::degree_excess, docs/zero-knowledge.md part 3): inputs of height
// 2^h (LDE scale) may have degree < 2^(h - log_blowup) + E. The final polynomial carries what is left of
// E after the folds below the smallest input, and the security report's rate is the one FRI then tests.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "base/bits.h"
#include "fri/fold.h"
#include "fri/fri_prover.h"
#include "fri/fri_verifier.h"
#include "fri/proof.h"
#include "fri/security.h"
#include "fri/pcs_test_util.h"

namespace zkrv {
namespace {

// Inputs of LDE heights 2^10 and 2^7 below (trace heights 2^9 and 2^6): the minimum is 2^6.
FriConfig excess_config(unsigned degree_excess, unsigned log_arity = 2, unsigned log_min_height = 6) {
  FriConfig c = test::small_fri_config(1, log_arity, 16);
  c.name = "test-fri-excess";
  c.degree_excess = degree_excess;
  c.log_min_height = degree_excess > 0 ? log_min_height : 0;
  return c;
}

// A random polynomial of degree < degree, evaluated on H_{2^log_n} in bit-reversed order (a FRI input).
std::vector<Ext> random_input(unsigned log_n, size_t degree, std::mt19937_64& rng) {
  std::vector<Ext> coeffs(degree);
  for (Ext& c : coeffs) c = Ext::random(rng);
  const Fp w = Fp::two_adic_generator(log_n);
  std::vector<Ext> out(size_t{1} << log_n);
  for (size_t i = 0; i < out.size(); ++i) {
    const Fp x = w.pow(reverse_bits(static_cast<uint32_t>(i), log_n));
    Ext acc = Ext::zero();
    for (size_t j = coeffs.size(); j-- > 0;) acc = acc * Ext(x) + coeffs[j];
    out[i] = acc;
  }
  return out;
}

// Proves and verifies FRI on `inputs` (no committed batches: the reduced openings are taken as given,
// which is what this test is about: the low-degree test itself). Throws ProofRejected on rejection.
FriProof prove_only(const FriConfig& config, const std::vector<std::vector<Ext>>& inputs) {
  Challenger pch;
  pch.observe_label("zkrv/test/fri-excess");
  return fri_prove(config, inputs, pch, [](std::span<const size_t> indices) {
    return std::vector<std::vector<BatchOpening>>(indices.size());
  });
}

void verify_only(const FriConfig& config, const std::vector<std::vector<Ext>>& inputs, const FriProof& proof) {
  std::vector<unsigned> heights;
  for (const auto& in : inputs) heights.push_back(log2_exact(in.size()));
  Challenger vch;
  vch.observe_label("zkrv/test/fri-excess");
  fri_verify(
      config, heights, proof, vch, [](std::span<const size_t>) {},
      [&](size_t, size_t index) {
        std::vector<Ext> ro;
        for (size_t k = 0; k < inputs.size(); ++k) ro.push_back(inputs[k][index >> (heights[0] - heights[k])]);
        return ro;
      });
}

void prove_and_verify(const FriConfig& config, const std::vector<std::vector<Ext>>& inputs) {
  verify_only(config, inputs, prove_only(config, inputs));
}

TEST(FriExcess, ScheduleCarriesTheExcessLeftAfterTheLastRollIn) {
  const std::vector<unsigned> heights = {10, 7};  // LDE heights; blowup 2, final poly 2^2 on 2^3 points
  EXPECT_EQ(fri_fold_schedule(excess_config(0), heights).final_poly_len, 4u);
  // The smallest input (2^7) folds by 2^4 to the final layer: E = 5 leaves ceil(5 / 16) = 1.
  EXPECT_EQ(fri_fold_schedule(excess_config(5), heights).final_poly_len, 5u);
  EXPECT_EQ(fri_fold_schedule(excess_config(16), heights).final_poly_len, 5u);
  EXPECT_EQ(fri_fold_schedule(excess_config(17), heights).final_poly_len, 6u);
  EXPECT_EQ(fri_fold_schedule(excess_config(64), heights).final_poly_len, 8u);  // fills the final layer
  EXPECT_THROW(fri_fold_schedule(excess_config(65), heights), std::invalid_argument);
}

TEST(FriExcess, PolynomialsWithinTheExcessProveAndVerify) {
  std::mt19937_64 rng(1);
  for (unsigned log_arity : {1u, 2u, 3u, 4u}) {
    for (unsigned excess : {1u, 5u, 20u}) {
      const FriConfig config = excess_config(excess, log_arity);
      // Heights 2^10 and 2^7 (degree bounds 512 + E and 64 + E), rolled in at different rounds.
      const std::vector<std::vector<Ext>> inputs = {random_input(10, 512 + excess, rng),
                                                    random_input(7, 64 + excess, rng)};
      const FriProof proof = prove_only(config, inputs);
      EXPECT_NO_THROW(verify_only(config, inputs, proof)) << log_arity << " " << excess;
      // The integrity-only verifier refuses the proof (its final polynomial is too long for it), and
      // an integrity-only prover cannot prove the same inputs.
      EXPECT_THROW(verify_only(excess_config(0, log_arity), inputs, proof), ProofRejected);
      EXPECT_THROW(prove_and_verify(excess_config(0, log_arity), inputs), ProofRejected) << log_arity << " " << excess;
    }
  }
  // One input only, with the final polynomial's length lowered to its degree (2^2 rows, 2^1 + E
  // coefficients on 2^2 points).
  FriConfig single = excess_config(2, 1, 1);
  ASSERT_EQ(fri_fold_schedule(single, std::vector<unsigned>{2}).final_poly_len, 4u);
  EXPECT_NO_THROW(prove_and_verify(single, {random_input(2, 4, rng)}));
  EXPECT_NO_THROW(prove_and_verify(single, {random_input(5, 16 + 2, rng)}));
}

TEST(FriExcess, FinalPolynomialOfTheWrongLengthIsRejected) {
  std::mt19937_64 rng(3);
  const FriConfig config = excess_config(5);
  const std::vector<std::vector<Ext>> inputs = {random_input(10, 517, rng), random_input(7, 69, rng)};
  const FriProof proof = prove_only(config, inputs);
  ASSERT_NO_THROW(verify_only(config, inputs, proof));
  FriProof longer = proof;
  longer.final_poly.push_back(Ext::zero());  // same polynomial, one coefficient too many
  EXPECT_THROW(verify_only(config, inputs, longer), ProofRejected);
  FriProof shorter = proof;
  shorter.final_poly.pop_back();
  EXPECT_THROW(verify_only(config, inputs, shorter), ProofRejected);
  // The decoder admits at most 2^log_final_poly_len + E coefficients.
  FriProof at_bound = proof;
  at_bound.final_poly.resize((size_t{1} << config.log_final_poly_len) + config.degree_excess, Ext::one());
  EXPECT_NO_THROW(deserialize_fri_proof(serialize_fri_proof(at_bound, config), config));
  at_bound.final_poly.push_back(Ext::one());
  EXPECT_THROW(deserialize_fri_proof(serialize_fri_proof(at_bound, config), config), MalformedInput);
}

// An input below the configuration's minimum height is refused: the prover cannot raise the rate
// (lower soundness) by declaring a short table, and the verifier's refusal is a ProofRejected.
TEST(FriExcess, InputsBelowTheMinimumHeightAreRefused) {
  std::mt19937_64 rng(4);
  const FriConfig config = excess_config(5);  // minimum trace height 2^6, LDE 2^7
  EXPECT_THROW(fri_fold_schedule(config, std::vector<unsigned>{10, 6}), std::invalid_argument);
  const std::vector<std::vector<Ext>> ok = {random_input(10, 517, rng), random_input(7, 69, rng)};
  const FriProof proof = prove_only(config, ok);
  const std::vector<std::vector<Ext>> short_input = {ok[0], random_input(6, 32, rng)};
  EXPECT_THROW(verify_only(config, short_input, proof), ProofRejected);
  // A configuration with an excess and no minimum (or E > 2^minimum) is invalid.
  FriConfig bad = config;
  bad.log_min_height = 0;
  EXPECT_THROW(bad.validate(), std::invalid_argument);
  bad.log_min_height = 2;
  EXPECT_THROW(bad.validate(), std::invalid_argument);  // 5 > 2^2
  bad.log_min_height = 3;
  EXPECT_NO_THROW(bad.validate());
}

// FRI tests the bound its final polynomial implies, final_poly_len * (fold factor): one degree more
// than that is rejected, at the top input and at the rolled-in one.
TEST(FriExcess, DegreePastTheTestedBoundIsRejected) {
  std::mt19937_64 rng(2);
  const FriConfig config = excess_config(5, 2);
  const std::vector<unsigned> heights = {10, 7};
  const size_t final_len = fri_fold_schedule(config, heights).final_poly_len;  // 5, on 2^3 points
  const size_t top_bound = final_len << (10 - 3), low_bound = final_len << (7 - 3);
  EXPECT_NO_THROW(prove_and_verify(config, {random_input(10, top_bound, rng), random_input(7, low_bound, rng)}));
  EXPECT_THROW(prove_and_verify(config, {random_input(10, top_bound + 1, rng), random_input(7, 64, rng)}),
               ProofRejected);
  EXPECT_THROW(prove_and_verify(config, {random_input(10, 512, rng), random_input(7, low_bound + 1, rng)}),
               ProofRejected);
}

// tested_degree_excess is the schedule's tested bound minus the height, at every input: a polynomial
// of exactly that excess proves, one coefficient more is rejected (the zero-knowledge mask relies on it).
TEST(FriExcess, TestedDegreeExcessIsTheScheduleBound) {
  std::mt19937_64 rng(4);
  for (unsigned excess : {1u, 5u, 20u}) {
    const FriConfig config = excess_config(excess, 2);
    const std::vector<unsigned> lde_heights = {10, 7};  // trace heights 2^9 and 2^6, blowup 2
    const FoldSchedule s = fri_fold_schedule(config, lde_heights);
    for (unsigned h : {9u, 6u}) {
      const size_t tested = tested_degree_excess(config, h, 6);
      EXPECT_EQ((size_t{1} << h) + tested, s.final_poly_len << (h + 1 - s.log_final_height)) << excess << " " << h;
      EXPECT_GE(tested, excess);
    }
    const size_t top = (size_t{1} << 9) + tested_degree_excess(config, 9, 6);
    EXPECT_NO_THROW(prove_and_verify(config, {random_input(10, top, rng), random_input(7, 64 + excess, rng)}));
    EXPECT_THROW(prove_and_verify(config, {random_input(10, top + 1, rng), random_input(7, 64, rng)}), ProofRejected);
  }
  EXPECT_EQ(tested_degree_excess(excess_config(0, 2), 9, 6), 0u);
}

// rate() is the final layer's rate of the schedule whose smallest input sits at the minimum height,
// over blowups, final-polynomial lengths (lowered or not) and excesses; taller inputs only lower it.
TEST(FriExcess, RateIsTheScheduleFinalLayerRate) {
  for (unsigned b : {1u, 2u, 3u})
    for (unsigned lfp : {0u, 2u, 5u})
      for (unsigned min_h : {1u, 3u, 8u})
        for (unsigned e : {1u, 2u, 7u, 200u}) {
          if (e > (1u << min_h)) continue;
          FriConfig c = test::small_fri_config(b, 2);
          c.log_final_poly_len = lfp;
          c.degree_excess = e;
          c.log_min_height = min_h;
          const FoldSchedule s = fri_fold_schedule(c, std::vector<unsigned>{min_h + 6 + b, min_h + b});
          const double tested = static_cast<double>(s.final_poly_len) / static_cast<double>(size_t{1} << s.log_final_height);
          FriSecurityParams p = c.security_params(min_h + 6);
          EXPECT_DOUBLE_EQ(p.rate(), tested) << b << " " << lfp << " " << min_h << " " << e;
          const FoldSchedule taller = fri_fold_schedule(c, std::vector<unsigned>{min_h + 6 + b, min_h + 2 + b});
          EXPECT_LE(static_cast<double>(taller.final_poly_len) / static_cast<double>(size_t{1} << taller.log_final_height),
                    p.rate());
          // Both provable regimes take their proximity from the same rate.
          p.num_queries = 10;
          p.log2_field_size = log2_babybear_ext4_size();
          EXPECT_DOUBLE_EQ(fri_security_unique_decoding(p).proximity, (1 - p.rate()) / 2);
          EXPECT_LT(fri_security_johnson(p).proximity, 1 - std::sqrt(p.rate()));
        }
}

TEST(FriExcess, SecurityUsesTheTestedRate) {
  FriSecurityParams p;
  p.log_blowup = 1;
  p.log_final_poly_len = 3;
  p.log_max_height = 20;
  p.log_min_height = 15;
  EXPECT_EQ(p.rate(), 0.5);
  // E = 528: 2^12 folds after the smallest input leave ceil(528 / 4096) = 1 coefficient on 2^4 points.
  p.degree_excess = 528;
  EXPECT_DOUBLE_EQ(p.rate(), 9.0 / 16);
  // A longer final polynomial keeps the rounding small: 2^10 + ceil(528 / 32) = 1041 on 2^11 points.
  p.log_final_poly_len = 10;
  EXPECT_DOUBLE_EQ(p.rate(), 1041.0 / 2048);
  // The conjectured query phase counts -log2(rate) bits per query.
  p.num_queries = 84;
  p.log2_field_size = log2_babybear_ext4_size();
  const SecurityAnalysis a = fri_security_conjectured(p);
  double query_bits = 0;
  for (const auto& t : a.terms)
    if (t.name == "FRI query phase") query_bits = t.bits;
  EXPECT_NEAR(query_bits, 84 * -std::log2(1041.0 / 2048), 1e-9);
}

}  // namespace
}  // namespace zkrv
