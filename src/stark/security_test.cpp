// The STARK terms of the security report (stark/security.h) for the benchmark machine's shape, against
// figures computed by hand (a Python session, not this code):
//   log2 |F| = 4 log2(2013265921)                                   = 123.62756
//   C = (20 + 1 + 2) + (14 + 1 + 2) + (13 + 1 + 2) = 56 constraints  -> batching = log2|F| - log2(55) = 117.84620
//   (each chip: width + 1 own constraints, 4 interactions in 2 LogUp groups -> 2 LogUp constraints, the
//   second one carrying the running sum, stark/logup.h)
//   d = 3, n = 2^19, |D| = 2^20 -> DEEP = -log2((3 (n + 1) + n - 1) / (|F| - n - 2n))          = 102.62756
//   M = 4 * 2^19 + 4 * 2^18 * 2 = 2^22 -> LogUp = log2|F| - log2(2 M - 1)                       = 100.62756
// before grinding; the named configurations add deep_pow_bits = 8 and logup_pow_bits = 12.
#include "stark/security.h"

#include <gtest/gtest.h>

#include <cmath>

#include "air/testing/chain_air.h"
#include "air/testing/example_airs.h"

namespace zkrv {
namespace {

using air_testing::ChainAir;

const SecurityTerm& term(const SecurityAnalysis& a, const std::string& name) {
  for (const auto& t : a.terms)
    if (t.name == name) return t;
  throw std::runtime_error("no term " + name);
}

std::vector<Chip> bench_shape() {
  return {Chip(ChainAir("sender", 20, ChainAir::Role::sender)), Chip(ChainAir("low", 14, ChainAir::Role::receiver)),
          Chip(ChainAir("high", 13, ChainAir::Role::receiver))};
}

TEST(StarkSecurity, StarkTermsMatchHandFigures) {
  const auto chips = bench_shape();
  const std::vector<unsigned> log_heights = {19, 18, 18};
  const StarkSecurity s = stark_security(fri_config_by_name("zkrv-fri-b2-v2"), chips, log_heights);
  for (const SecurityAnalysis* a : {&s.conjectured, &s.provable}) {
    const double list = a->list_size;
    EXPECT_NEAR(term(*a, "constraint batching").bits, 117.84620 - std::log2(list), 1e-4) << a->regime;
    EXPECT_NEAR(term(*a, "DEEP").bits, 102.62756 + 8 - std::log2(list), 1e-4) << a->regime;
    EXPECT_NEAR(term(*a, "LogUp").bits, 100.62756 + 12 - std::log2(list), 1e-4) << a->regime;
  }
  // Without grinding, the bare terms.
  FriConfig no_grinding = fri_config_by_name("zkrv-fri-b2-v2");
  no_grinding.logup_pow_bits = no_grinding.deep_pow_bits = 0;
  const StarkSecurity bare = stark_security(no_grinding, chips, log_heights);
  EXPECT_NEAR(term(bare.conjectured, "DEEP").bits, 102.62756, 1e-4);
  EXPECT_NEAR(term(bare.conjectured, "LogUp").bits, 100.62756, 1e-4);
  EXPECT_EQ(s.conjectured.list_size, 1.0);
  // Conjectured: the query phase (84 queries x 1 bit + 16 PoW bits) is the weakest term.
  EXPECT_NEAR(s.conjectured.total_bits(), 100.0, 1e-9);
  // Provable: never better than FRI alone, and every STARK term is there.
  const SecurityAnalysis fri_only =
      fri_config_by_name("zkrv-fri-b2-v2").security_provable(19, 1);
  EXPECT_LE(s.provable.total_bits(), fri_only.total_bits() + 1e-9);
  EXPECT_GT(s.provable.total_bits(), 40.0);
}

// docs/architecture.md section 2: every named configuration gives >= 100 conjectured bits. The STARK terms shrink
// with the trace height and the interaction count, so check the largest machines the engine accepts:
// traces of 2^27 rows (the two-adicity) and about 2^30 interactions (the engine refuses >= p ~ 2^31).
TEST(StarkSecurity, NamedConfigurationsKeep100ConjecturedBitsAtTheLimits) {
  const auto chips = bench_shape();
  const std::vector<unsigned> largest = {27, 26, 26};  // M = 4 * 2^27 + 8 * 2^26 = 2^30
  for (const FriConfig& config : named_fri_configs()) {
    const StarkSecurity s = stark_security(config, chips, largest);
    EXPECT_GE(s.conjectured.total_bits(), 100.0 - 1e-9) << config.name;
    EXPECT_GE(term(s.conjectured, "LogUp").bits, 100.0) << config.name;
    EXPECT_GE(term(s.conjectured, "DEEP").bits, 100.0) << config.name;
  }
}

TEST(StarkSecurity, MoreInteractionsCostLogUpBits) {
  const auto chips = bench_shape();
  const std::vector<unsigned> small = {19, 18, 18}, big = {23, 22, 22};
  const auto& config = fri_config_by_name("zkrv-fri-b2-v2");
  const double a = term(stark_security(config, chips, small).conjectured, "LogUp").bits;
  const double b = term(stark_security(config, chips, big).conjectured, "LogUp").bits;
  EXPECT_NEAR(a - b, 4.0, 1e-4);  // 16 times the interactions: 4 bits
  // No interactions, no LogUp term.
  const std::vector<Chip> plain = {Chip(air_testing::FibonacciAir{})};
  const std::vector<unsigned> h = {10};
  for (const auto& t : stark_security(config, plain, h).conjectured.terms) EXPECT_NE(t.name, "LogUp");
}

}  // namespace
}  // namespace zkrv
