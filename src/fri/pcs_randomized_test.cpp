// Randomized commitments (TwoAdicFriPcs::commit_randomized, docs/zero-knowledge.md part 3): a matrix is
// committed as f + Z_H r, and every opened value is that polynomial's value, which the verifier checks
// with FRI at the configuration's degree excess.
#include <gtest/gtest.h>

#include "ntt/coset_lde.h"
#include "fri/pcs_test_util.h"

namespace zkrv {
namespace {

using test::Shape;

FriConfig randomized_config(unsigned degree_excess = 8) {
  FriConfig c = test::small_fri_config(1, 2, 16);
  c.name = "test-fri-randomized";
  c.salt_width = 4;
  c.degree_excess = degree_excess;
  c.log_min_height = 4;
  return c;
}

// f + (X^n - 1) r at z, f given by its evaluations on H_n (natural order), r by its coefficients.
Ext direct_value(const RowMajorMatrix<Fp>& evals, const RowMajorMatrix<Fp>& r, size_t col, const Ext& z) {
  RowMajorMatrix<Fp> coeffs = evals;
  coset_intt_in_place(coeffs.view(), Fp::one());
  const size_t n = evals.height();
  Ext f = Ext::zero(), rz = Ext::zero();
  for (size_t j = n; j-- > 0;) f = f * z + coeffs(j, col);
  for (size_t j = r.height(); j-- > 0;) rz = rz * z + r(j, col);
  return f + (z.pow(n) - Ext::one()) * rz;
}

struct RandomizedRun {
  std::vector<Shape> shapes;
  std::vector<RowMajorMatrix<Fp>> evals, randomizers;
  Digest root;
  std::vector<std::vector<Ext>> points;
  PcsOpening opening;
};

// One batch: shapes {log_height, width, points} with randomizers of t_k rows (t_k = 0: none).
RandomizedRun prove(const TwoAdicFriPcs& pcs, std::vector<Shape> shapes, std::vector<size_t> ts, uint64_t seed,
                    bool from_coefficients = false) {
  std::mt19937_64 rng(seed);
  RandomizedRun run;
  run.shapes = shapes;
  for (size_t k = 0; k < shapes.size(); ++k) {
    run.evals.push_back(RowMajorMatrix<Fp>::random(size_t{1} << shapes[k].log_height, shapes[k].width, rng));
    run.randomizers.push_back(RowMajorMatrix<Fp>::random(ts[k], shapes[k].width, rng));
  }
  auto committed = [&] {
    if (from_coefficients) {
      std::vector<RowMajorMatrix<Fp>> coeffs = run.evals;
      for (auto& c : coeffs) coset_intt_in_place(c.view(), Fp::one());
      return pcs.commit_coefficients_randomized(std::move(coeffs), run.randomizers);
    }
    std::vector<MatrixView<const Fp>> views;
    for (const auto& e : run.evals) views.push_back(e.view());
    return pcs.commit_randomized(views, run.randomizers);
  }();
  run.root = committed.first;
  Challenger ch = test::start_transcript({run.root});
  run.points = test::sample_points(ch, {shapes})[0];
  std::vector<PcsOpenRequest> req{{&committed.second, run.points}};
  run.opening = pcs.open(req, ch);
  return run;
}

void verify(const TwoAdicFriPcs& pcs, const RandomizedRun& run, const PcsOpenedValues& values) {
  PcsVerifyRound round{run.root, {}};
  for (size_t m = 0; m < run.shapes.size(); ++m)
    round.matrices.push_back({run.shapes[m].log_height, run.shapes[m].width, run.points[m], values[0][m]});
  Challenger ch = test::start_transcript({run.root});
  (void)test::sample_points(ch, {run.shapes});
  pcs.verify(std::vector<PcsVerifyRound>{round}, run.opening.proof, ch);
}

const std::vector<Shape> kShapes = {{6, 3, 2}, {6, 2, 1}, {4, 5, 2}, {4, 1, 1}};

TEST(PcsRandomized, OpenedValuesAreThoseOfTheRandomizedPolynomialAndVerify) {
  for (bool from_coefficients : {false, true}) {
    auto rng = ProverRandomness::seeded_for_tests(9);
    const TwoAdicFriPcs pcs(randomized_config(), &rng);
    const RandomizedRun run = prove(pcs, kShapes, {8, 3, 0, 8}, 21, from_coefficients);
    for (size_t m = 0; m < kShapes.size(); ++m)
      for (size_t p = 0; p < run.points[m].size(); ++p)
        for (size_t col = 0; col < kShapes[m].width; ++col)
          ASSERT_EQ(run.opening.values[0][m][p][col],
                    direct_value(run.evals[m], run.randomizers[m], col, run.points[m][p]))
              << from_coefficients << " " << m << " " << p << " " << col;
    EXPECT_NO_THROW(verify(pcs, run, run.opening.values));
  }
}

// The value of f itself (what an implementation that forgot r would claim) is rejected, as is any
// other change of a claimed value.
TEST(PcsRandomized, ClaimsOfTheUnrandomizedPolynomialAreRejected) {
  auto rng = ProverRandomness::seeded_for_tests(10);
  const TwoAdicFriPcs pcs(randomized_config(), &rng);
  const RandomizedRun run = prove(pcs, kShapes, {8, 3, 0, 8}, 22);
  PcsOpenedValues plain = run.opening.values;
  const RowMajorMatrix<Fp> none(0, kShapes[0].width);
  for (size_t col = 0; col < kShapes[0].width; ++col)
    plain[0][0][0][col] = direct_value(run.evals[0], none, col, run.points[0][0]);
  EXPECT_NE(plain, run.opening.values);
  EXPECT_THROW(verify(pcs, run, plain), ProofRejected);
  PcsOpenedValues bumped = run.opening.values;
  bumped[0][3][0][0] += Ext::one();
  EXPECT_THROW(verify(pcs, run, bumped), ProofRejected);
}

// Different randomizers, same data: every opened value changes (the values at zeta are masked).
TEST(PcsRandomized, OpenedValuesDependOnTheRandomizer) {
  auto rng = ProverRandomness::seeded_for_tests(11);
  const TwoAdicFriPcs pcs(randomized_config(), &rng);
  const RandomizedRun a = prove(pcs, {{6, 3, 2}}, {8}, 23);
  // Same f (seed 23 draws the evaluations first), another r: replace r and commit again.
  RandomizedRun b = a;
  std::mt19937_64 other(99);
  b.randomizers[0] = RowMajorMatrix<Fp>::random(8, 3, other);
  std::vector<MatrixView<const Fp>> views{b.evals[0].view()};
  auto [root, data] = pcs.commit_randomized(views, b.randomizers);
  Challenger ch = test::start_transcript({a.root});  // the same points as a
  (void)test::sample_points(ch, {b.shapes});
  std::vector<PcsOpenRequest> req{{&data, a.points}};
  const PcsOpening ob = pcs.open(req, ch);
  for (size_t p = 0; p < 2; ++p)
    for (size_t col = 0; col < 3; ++col) EXPECT_NE(ob.values[0][0][p][col], a.opening.values[0][0][p][col]);
}

// A randomizer the configuration's excess cannot test, or of the wrong shape, is refused at commit.
TEST(PcsRandomized, RandomizerShapeIsChecked) {
  auto rng = ProverRandomness::seeded_for_tests(12);
  const TwoAdicFriPcs pcs(randomized_config(8), &rng);
  std::mt19937_64 data_rng(1);
  const auto m = RowMajorMatrix<Fp>::random(16, 2, data_rng);
  const std::vector<MatrixView<const Fp>> views{m.view()};
  std::vector<RowMajorMatrix<Fp>> too_long{RowMajorMatrix<Fp>::random(9, 2, data_rng)};
  EXPECT_THROW(pcs.commit_randomized(views, too_long), std::invalid_argument);
  std::vector<RowMajorMatrix<Fp>> wrong_width{RowMajorMatrix<Fp>::random(4, 3, data_rng)};
  EXPECT_THROW(pcs.commit_randomized(views, wrong_width), std::invalid_argument);
  std::vector<RowMajorMatrix<Fp>> two{RowMajorMatrix<Fp>::random(4, 2, data_rng), RowMajorMatrix<Fp>(0, 2)};
  EXPECT_THROW(pcs.commit_randomized(views, two), std::invalid_argument);
  const TwoAdicFriPcs no_excess(test::small_fri_config(1, 2), nullptr);
  std::vector<RowMajorMatrix<Fp>> small{RowMajorMatrix<Fp>::random(2, 2, data_rng)};
  EXPECT_THROW(no_excess.commit_randomized(views, small), std::invalid_argument);
}

// A proof made under a larger excess than the verifier's is rejected (here by the final polynomial's
// length, which the excess fixes; fri_excess_test.cpp rejects one degree past the tested bound).
TEST(PcsRandomized, DegreePastTheExcessIsRejected) {
  FriConfig loose = randomized_config(9);
  loose.name = randomized_config(8).name;  // same transcript labels: only the tested degree differs
  auto rng = ProverRandomness::seeded_for_tests(13);
  const TwoAdicFriPcs prover(loose, &rng);
  const RandomizedRun run = prove(prover, {{6, 3, 2}, {5, 2, 1}}, {9, 0}, 24);
  EXPECT_NO_THROW(verify(prover, run, run.opening.values));
  const TwoAdicFriPcs verifier(randomized_config(8), nullptr);
  EXPECT_THROW(verify(verifier, run, run.opening.values), ProofRejected);
}

}  // namespace
}  // namespace zkrv
