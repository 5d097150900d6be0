#include "field/prover_randomness.h"

#include <gtest/gtest.h>

#include <array>
#include <set>

namespace zkrv {
namespace {

TEST(ProverRandomness, SeededStreamIsReproducibleAndSeedDependent) {
  auto a = ProverRandomness::seeded_for_tests(7), b = ProverRandomness::seeded_for_tests(7),
       c = ProverRandomness::seeded_for_tests(8);
  const auto va = a.elements(1000), vb = b.elements(1000), vc = c.elements(1000);
  EXPECT_EQ(va, vb);
  EXPECT_NE(va, vc);
  EXPECT_TRUE(a.is_seeded());
}

TEST(ProverRandomness, OsStreamsDiffer) {
  auto a = ProverRandomness::from_os(), b = ProverRandomness::from_os();
  EXPECT_FALSE(a.is_seeded());
  // 64 elements of 31 bits: equal streams would mean the CSPRNG repeated ~1984 bits.
  EXPECT_NE(a.elements(64), b.elements(64));
  // Enough draws to cross several getrandom refills.
  std::set<uint32_t> distinct;
  for (const Fp& x : a.elements(40000)) distinct.insert(x.as_canonical());
  EXPECT_GT(distinct.size(), 39990u);  // birthday collisions expected ~0.4 of 40000 draws in 2^31
}

// Rejection sampling keeps every value below p and spreads them evenly over [0, p): chi-square over 16
// equal ranges (15 degrees of freedom; 60 is exceeded with probability < 1e-6 for a uniform source).
// Two seeded streams (deterministic) and the OS stream (fails with probability < 1e-6 per run).
TEST(ProverRandomness, ElementsAreUniformOverTheField) {
  for (int source = 0; source < 3; ++source) {
    auto rng = source < 2 ? ProverRandomness::seeded_for_tests(source + 1) : ProverRandomness::from_os();
    constexpr size_t kDraws = 1 << 18;
    std::array<double, 16> count{};
    uint32_t top = 0;
    for (size_t i = 0; i < kDraws; ++i) {
      const uint32_t v = rng.next().as_canonical();
      ASSERT_LT(v, Fp::P);
      top = std::max(top, v);
      ++count[static_cast<size_t>(uint64_t{v} * 16 / Fp::P)];
    }
    double chi2 = 0;
    for (double c : count) chi2 += (c - kDraws / 16.0) * (c - kDraws / 16.0) / (kDraws / 16.0);
    EXPECT_LT(chi2, 60.0);
    // The top of the range is reached too.
    EXPECT_GT(top, Fp::P - (1u << 24));
    // The top 1/16 of [0, p) holds a sixteenth of the draws: a sampler that reduced 31-bit words mod p
    // would put about 2/16 there, one that clamped to p - 1 would pile up on it.
    EXPECT_NEAR(count[15] / kDraws, 1.0 / 16, 0.004);
  }
}

}  // namespace
}  // namespace zkrv
