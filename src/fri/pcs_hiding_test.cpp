// Hiding commitments (FriConfig::salt_width, docs/zero-knowledge.md): a salt matrix in every batch,
// opened with the rows and checked only by the Merkle paths.
#include <gtest/gtest.h>

#include "fri/pcs_test_util.h"

namespace zkrv {
namespace {

using test::PcsRun;
using test::Shape;

FriConfig hiding_config(unsigned log_blowup = 1, unsigned log_arity = 2) {
  FriConfig c = test::small_fri_config(log_blowup, log_arity);
  c.name = "test-fri-hiding";
  c.salt_width = 4;
  return c;
}

// Two rounds, four distinct heights in the first (one salt matrix each round, at the tallest height).
const std::vector<std::vector<Shape>> kShapes = {
    {{6, 5, 2}, {6, 3, 1}, {4, 2, 1}, {2, 1, 1}},
    {{5, 4, 1}},
};

TEST(PcsHiding, OneSaltMatrixAtTheTallestHeight) {
  const std::vector<unsigned> heights = {5, 7, 5, 3};
  const auto dims = salt_matrix_dims(heights, 4);
  ASSERT_EQ(dims.size(), 1u);
  EXPECT_EQ(dims[0], (MatrixDims{4, 7}));
  EXPECT_TRUE(salt_matrix_dims(heights, 0).empty());
  EXPECT_TRUE(salt_matrix_dims({}, 4).empty());
}

TEST(PcsHiding, RoundTripAndTheOpenedRowsCarrySalt) {
  for (unsigned log_blowup : {1u, 2u}) {
    auto rng = ProverRandomness::seeded_for_tests(5);
    const TwoAdicFriPcs pcs(hiding_config(log_blowup), &rng);
    const PcsRun run = test::prove_random(pcs, kShapes, 17);
    EXPECT_EQ(run.data[0].num_matrices(), 4u);
    EXPECT_EQ(run.data[0].num_salt_matrices, 1u);
    EXPECT_EQ(run.data[1].num_salt_matrices, 1u);
    EXPECT_EQ(run.data[0].tree.matrix(4).height(), size_t{1} << (6 + log_blowup));
    EXPECT_NO_THROW(test::verify_run(pcs, run, test::claims_of(run, run.opening.values), run.opening.proof));
    // Every query's opening of batch 0 has 4 polynomial rows and the salt row (a shared row is empty).
    for (const auto& q : run.opening.proof.queries) {
      ASSERT_EQ(q.input_openings[0].opened_rows.size(), 5u);
      EXPECT_TRUE(q.input_openings[0].opened_rows[4].size() == 4 || q.input_openings[0].opened_rows[4].empty());
    }
    EXPECT_EQ(run.opening.proof.queries[0].input_openings[0].opened_rows[4].size(), 4u);
  }
}

TEST(PcsHiding, SameDataCommitsToDifferentRoots) {
  std::mt19937_64 data_rng(3);
  std::vector<RowMajorMatrix<Fp>> ms;
  ms.push_back(RowMajorMatrix<Fp>::random(32, 3, data_rng));
  auto os1 = ProverRandomness::from_os(), os2 = ProverRandomness::from_os();
  const Digest a = TwoAdicFriPcs(hiding_config(), &os1).commit(ms).first;
  const Digest b = TwoAdicFriPcs(hiding_config(), &os2).commit(ms).first;
  EXPECT_NE(a, b);
  // The same seed gives the same salt, hence the same root (what makes seeded tests reproducible).
  auto s1 = ProverRandomness::seeded_for_tests(9), s2 = ProverRandomness::seeded_for_tests(9);
  EXPECT_EQ(TwoAdicFriPcs(hiding_config(), &s1).commit(ms).first,
            TwoAdicFriPcs(hiding_config(), &s2).commit(ms).first);
  // Public commitments carry no salt: the same root as the integrity-only configuration.
  std::vector<MatrixView<const Fp>> views{ms[0].view()};
  auto s3 = ProverRandomness::seeded_for_tests(10);
  EXPECT_EQ(TwoAdicFriPcs(hiding_config(), &s3).commit_public(views).first,
            TwoAdicFriPcs(test::small_fri_config(1, 2)).commit(views).first);
  // A hiding commitment needs randomness.
  EXPECT_THROW(TwoAdicFriPcs(hiding_config()).commit(ms), std::invalid_argument);
}

TEST(PcsHiding, TamperedSaltRejected) {
  auto rng = ProverRandomness::seeded_for_tests(6);
  const TwoAdicFriPcs pcs(hiding_config(), &rng);
  const PcsRun run = test::prove_random(pcs, kShapes, 18);
  const auto claims = test::claims_of(run, run.opening.values);
  int tampered_rows = 0;
  for (size_t q = 0; q < run.opening.proof.queries.size(); ++q)
    for (size_t b = 0; b < 2; ++b) {
      const auto& rows = run.opening.proof.queries[q].input_openings[b].opened_rows;
      for (size_t m = run.data[b].num_matrices(); m < rows.size(); ++m) {
        if (rows[m].empty()) continue;  // sent by a lower query
        for (size_t col : {size_t{0}, size_t{3}}) {
          FriProof bad = run.opening.proof;
          bad.queries[q].input_openings[b].opened_rows[m][col] += Fp::one();
          EXPECT_THROW(test::verify_run(pcs, run, claims, bad), ProofRejected) << q << " " << b << " " << m;
          ++tampered_rows;
        }
        // A salt row one element short (or long) is refused as a shape error.
        FriProof bad = run.opening.proof;
        bad.queries[q].input_openings[b].opened_rows[m].pop_back();
        EXPECT_THROW(test::verify_run(pcs, run, claims, bad), ProofRejected);
        bad = run.opening.proof;
        bad.queries[q].input_openings[b].opened_rows[m].push_back(Fp::one());
        EXPECT_THROW(test::verify_run(pcs, run, claims, bad), ProofRejected);
      }
    }
  EXPECT_GT(tampered_rows, 8);  // 12 queries over 2 batches, 2 columns each, minus shared rows
}

// The salt is fresh per row: no two salt rows a proof opens are equal (a salt repeated down the matrix
// would let one opened row unsalt every unopened leaf).
TEST(PcsHiding, OpenedSaltRowsAreAllDifferent) {
  auto os = ProverRandomness::from_os();
  const TwoAdicFriPcs pcs(hiding_config(1, 1), &os);
  const PcsRun run = test::prove_random(pcs, kShapes, 20);
  for (size_t b = 0; b < 2; ++b) {
    std::vector<std::vector<Fp>> rows;
    for (const auto& q : run.opening.proof.queries) {
      const auto& row = q.input_openings[b].opened_rows[run.data[b].num_matrices()];
      if (!row.empty()) rows.push_back(row);
    }
    EXPECT_GE(rows.size(), 6u) << b;  // 12 queries into 128 (batch 0) or 64 (batch 1) leaves
    for (size_t i = 0; i < rows.size(); ++i)
      for (size_t j = i + 1; j < rows.size(); ++j) EXPECT_NE(rows[i], rows[j]) << b << " " << i << " " << j;
  }
}

// A verifier must take hiding from the configuration: a salted proof checked without salt (and the
// reverse) fails, since the leaf hashes differ.
TEST(PcsHiding, ConfigurationMismatchRejected) {
  auto rng = ProverRandomness::seeded_for_tests(7);
  const TwoAdicFriPcs hiding(hiding_config(), &rng);
  const PcsRun run = test::prove_random(hiding, kShapes, 19);
  FriConfig plain_named = hiding_config();
  plain_named.salt_width = 0;
  const TwoAdicFriPcs plain(plain_named);
  EXPECT_THROW(test::verify_run(plain, run, test::claims_of(run, run.opening.values), run.opening.proof),
               ProofRejected);
  const PcsRun plain_run = test::prove_random(plain, kShapes, 19);
  EXPECT_THROW(test::verify_run(hiding, plain_run, test::claims_of(plain_run, plain_run.opening.values),
                                plain_run.opening.proof),
               ProofRejected);
  // A round the verifier treats as public (salted = false) while the prover salted it also fails.
  auto claims = test::claims_of(run, run.opening.values);
  claims[1].salted = false;
  EXPECT_THROW(test::verify_run(hiding, run, claims, run.opening.proof), ProofRejected);
}

// The reverse: a batch committed with commit_public (no salt) is rejected where the verifier expects salt,
// and accepted where it expects none.
TEST(PcsHiding, PublicBatchMustBeVerifiedAsPublic) {
  auto rng = ProverRandomness::seeded_for_tests(8);
  const TwoAdicFriPcs pcs(hiding_config(), &rng);
  std::mt19937_64 data_rng(4);
  const auto m = RowMajorMatrix<Fp>::random(32, 3, data_rng);
  const std::vector<MatrixView<const Fp>> views{m.view()};
  auto [root, data] = pcs.commit_public(views);
  EXPECT_EQ(data.num_salt_matrices, 0u);
  Challenger ch = test::start_transcript({root});
  const Ext zeta = ch.sample_ext();
  const PcsOpenRequest req{&data, {{zeta}}};
  const PcsOpening opening = pcs.open(std::span<const PcsOpenRequest>(&req, 1), ch);
  auto verify = [&](bool salted) {
    Challenger vch = test::start_transcript({root});
    (void)vch.sample_ext();
    const PcsVerifyRound round{root, {{5, 3, {zeta}, opening.values[0][0]}}, salted};
    pcs.verify(std::span<const PcsVerifyRound>(&round, 1), opening.proof, vch);
  };
  EXPECT_NO_THROW(verify(false));
  EXPECT_THROW(verify(true), ProofRejected);
}

}  // namespace
}  // namespace zkrv
