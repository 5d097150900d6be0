// FRI with a degree excess (FriConfig::degree_excess, docs/zero-knowledge.md part 3): inputs of height
// 2^h (LDE scale) may have degree < 2^(h - log_blowup) + E. The final polynomial carries what is left of
// E after the folds below the smallest input, and the security report's rate is the one FRI then tests.
#include <gtest/gtest.h>

#include <random>

#include "base/bits.h"
#include "fri/fold.h"
#include "fri/fri_prover.h"
#include "fri/fri_verifier.h"
#include "fri/security.h"
#include "fri/pcs_test_util.h"

namespace zkrv {
namespace {

FriConfig excess_config(unsigned degree_excess, unsigned log_arity = 2) {
  FriConfig c = test::small_fri_config(1, log_arity, 16);
  c.name = "test-fri-excess";
  c.degree_excess = degree_excess;
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
void prove_and_verify(const FriConfig& config, const std::vector<std::vector<Ext>>& inputs, FriProof* out = nullptr) {
  std::vector<unsigned> heights;
  for (const auto& in : inputs) heights.push_back(log2_exact(in.size()));
  Challenger pch;
  pch.observe_label("zkrv/test/fri-excess");
  const FriProof proof = fri_prove(config, inputs, pch, [](std::span<const size_t> indices) {
    return std::vector<std::vector<BatchOpening>>(indices.size());
  });
  if (out != nullptr) *out = proof;
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
  for (unsigned log_arity : {1u, 2u, 3u}) {
    for (unsigned excess : {1u, 5u, 20u}) {
      const FriConfig config = excess_config(excess, log_arity);
      // Heights 2^10 and 2^7 (degree bounds 512 + E and 64 + E), rolled in at different rounds.
      const std::vector<std::vector<Ext>> inputs = {random_input(10, 512 + excess, rng),
                                                    random_input(7, 64 + excess, rng)};
      FriProof proof;
      EXPECT_NO_THROW(prove_and_verify(config, inputs, &proof)) << log_arity << " " << excess;
      EXPECT_EQ(proof.final_poly.size(), fri_fold_schedule(config, std::vector<unsigned>{10, 7}).final_poly_len);
      // Without the excess in the configuration the same inputs are too high.
      EXPECT_THROW(prove_and_verify(excess_config(0, log_arity), inputs), ProofRejected) << log_arity << " " << excess;
    }
  }
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
