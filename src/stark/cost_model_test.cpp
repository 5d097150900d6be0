#include "stark/cost_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "air/testing/example_airs.h"
#include "stark/stark_test_util.h"

namespace zkrv {
namespace {

// One constraint (a b + a b) * a with the product a b built once and used twice: the DAG has two
// multiplications and one addition, however often the shared node is referenced.
struct SharedProductAir : AirDefaults {
  std::string_view name() const noexcept { return "shared_product"; }
  size_t width() const noexcept { return 2; }
  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    const typename B::Expr ab = m.current(0) * m.current(1);
    b.assert_zero((ab + ab) * m.current(0), "(ab + ab) a = 0");
  }
};

TEST(CostModel, CountsEachSharedExpressionNodeOnce) {
  const Chip chip{SharedProductAir{}};
  const ExpressionOps ops = constraint_ops(chip);
  EXPECT_EQ(ops.muls, 2);
  EXPECT_EQ(ops.adds, 1);
  EXPECT_EQ(interaction_ops(chip).muls, 0);
}

// Fibonacci (width 2, 5 constraints of degree 2, no interactions) at n = 16 under blowup 2^1: every
// count by hand from the conventions in cost_model.h.
TEST(CostModel, FibonacciWorkByHand) {
  const FriConfig config = stark_test::test_config(1, 4);
  const std::vector<Chip> chips = {Chip(air_testing::FibonacciAir{})};
  const std::vector<unsigned> log_heights = {4};
  const ProofWork w = proof_work(config, chips, log_heights);
  // LDE: 2 columns x (8 x 4 butterflies on H + 16 x 5 on the coset); shift: 32 x 2 products.
  EXPECT_EQ(w.main_commit.butterflies, 2 * (8 * 4 + 16 * 5));
  EXPECT_EQ(w.main_commit.base_muls, 32 * 2);
  // Tree over 32 rows of width 2: 32 leaf permutations, 31 compressions.
  EXPECT_EQ(w.main_commit.perm24, 32);
  EXPECT_EQ(w.main_commit.perm16, 31);
  // No interactions: no LogUp work.
  EXPECT_EQ(w.logup.ext_muls, 0);
  EXPECT_EQ(w.logup.butterflies, 0);
  // Quotient: degree 2 -> one chunk (q = 0), 16 coset points, 5 alpha folds (1/4 each) and the division.
  ASSERT_EQ(chips[0].log_quotient_chunks(), 0u);
  EXPECT_DOUBLE_EQ(w.quotient.ext_muls, 16 * (5.0 / 4 + 0.25));
  // Its inverse NTT (4 columns of 16: 8 x 4 each), then the commit of the 16 x 4 chunk from its
  // coefficients: the coset NTT only, 4 x (16 x 5).
  EXPECT_EQ(w.quotient.butterflies, 4 * 8 * 4 + 4 * (16 * 5));
  // Openings: main (2 columns) at two points: values 2 x 16 x 2 / 4, DEEP combination 32 x 2 / 4 once,
  // scaling 2 x 32; quotient (4 columns) at one: 16 x 4 / 4, 32 x 4 / 4, 32; per point at the one LDE
  // height (two points) the inversion and product 4 x 32.
  EXPECT_DOUBLE_EQ(w.openings.ext_muls, (2 * 16 * 2 / 4.0 + 32 * 2 / 4.0 + 2 * 32) + (16 * 4 / 4.0 + 32 * 4 / 4.0 + 32) +
                                            4 * 32 * 2);
  // FRI from the 32-point layer down to 2^(1 + 1) with binary folds: layers of 32, 16 and 8.
  EXPECT_EQ(w.fri.ext_muls, 32 + 16 + 8);
}

TEST(CostModel, WorkGrowsWithHeightAndAddsUp) {
  const FriConfig config = stark_test::test_config(1, 4);
  const std::vector<Chip> chips = {Chip(air_testing::FibonacciAir{})};
  const std::vector<unsigned> small = {8}, large = {9};
  const ProofWork a = proof_work(config, chips, small), b = proof_work(config, chips, large);
  EXPECT_GT(b.main_commit.butterflies, 2 * a.main_commit.butterflies);
  EXPECT_EQ(b.main_commit.perm24, 2 * a.main_commit.perm24);
  ProofWork sum = a;
  sum += b;
  EXPECT_EQ(sum.quotient.ext_muls, a.quotient.ext_muls + b.quotient.ext_muls);
}

TEST(CostModel, ModeledSecondsAreWorkOverRate) {
  PhaseWork w;
  w.butterflies = 6e9;
  w.perm24 = 1e6;
  PrimitiveRates r;
  r.butterflies = 3e9;
  r.perm24 = 1e6;
  EXPECT_DOUBLE_EQ(model_seconds(w, r), 3.0);
  ProofWork pw;
  pw.quotient = w;
  const PhaseSeconds s = model_seconds(pw, r);
  EXPECT_DOUBLE_EQ(s.quotient, 3.0);
  EXPECT_DOUBLE_EQ(s.total(), 3.0);
}

TEST(CostModel, MeasuredRatesArePositive) {
  const PrimitiveRates r = measure_primitive_rates(0.005);
  for (double v : {r.butterflies, r.perm24, r.perm16, r.ext_muls, r.base_muls, r.base_adds}) {
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_GT(v, 1e5);
  }
  // Sanity of the relations the model relies on: a width-24 permutation costs more than a width-16 one,
  // and an extension product more than a base one.
  EXPECT_GT(r.perm16, r.perm24);
  EXPECT_GT(r.base_muls, r.ext_muls);
}

}  // namespace
}  // namespace zkrv
