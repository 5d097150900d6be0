#include <gtest/gtest.h>

#include <algorithm>

#include <random>

#include <tbb/global_control.h>

#include "fri/pcs_test_util.h"
#include "merkle/shared_paths.h"
#include "fri/fri_prover.h"
#include "fri/reduced_opening.h"
#include "ntt/barycentric.h"
#include "ntt/coset_lde.h"

namespace zkrv {
namespace {

using test::PcsRun;
using test::Shape;

FriConfig test_config(unsigned log_blowup, unsigned log_arity, unsigned queries = 12) {
  return test::small_fri_config(log_blowup, log_arity, queries);
}

// Two rounds, mixed heights and widths, 0/1/2 points per matrix.
const std::vector<std::vector<Shape>> kShapes = {
    {{6, 5, 2}, {6, 3, 1}, {4, 2, 1}, {2, 1, 1}, {3, 2, 0}},
    {{5, 4, 1}, {6, 1, 2}},
};

void expect_values_correct(const PcsRun& run) {
  for (size_t b = 0; b < run.shapes.size(); ++b)
    for (size_t m = 0; m < run.shapes[b].size(); ++m)
      for (size_t p = 0; p < run.points[b][m].size(); ++p) {
        // Direct: the evaluations are on H in natural order (shift 1).
        const auto direct = evaluate_at_point(run.evals[b][m].view(), Fp::one(), run.points[b][m][p]);
        EXPECT_EQ(run.opening.values[b][m][p], direct) << b << " " << m << " " << p;
      }
}

TEST(Pcs, RoundTripArities) {
  for (unsigned log_blowup : {1u, 2u}) {
    for (unsigned log_arity : {1u, 2u, 3u, 4u}) {
      const TwoAdicFriPcs pcs(test_config(log_blowup, log_arity));
      const PcsRun run = test::prove_random(pcs, kShapes, 100 + log_arity);
      expect_values_correct(run);
      EXPECT_NO_THROW(test::verify_run(pcs, run, test::claims_of(run, run.opening.values), run.opening.proof))
          << "blowup 2^" << log_blowup << " arity 2^" << log_arity;
    }
  }
}

// Committing coefficients is committing the same polynomials: equal roots and equal LDEs, also for
// narrow matrices and a single row.
TEST(Pcs, CommitCoefficientsEqualsCommitEvaluations) {
  for (unsigned log_blowup : {1u, 2u}) {
    const TwoAdicFriPcs pcs(test_config(log_blowup, 2));
    std::mt19937_64 rng(77 + log_blowup);
    std::vector<RowMajorMatrix<Fp>> evals, coeffs;
    for (auto [log_n, w] : std::vector<std::pair<unsigned, size_t>>{{7, 8}, {7, 3}, {5, 17}, {0, 4}}) {
      evals.push_back(RowMajorMatrix<Fp>::random(size_t{1} << log_n, w, rng));
      RowMajorMatrix<Fp> c = evals.back();
      coset_intt_in_place(c.view(), Fp::one(), RowOrder::natural);  // coefficients of the H interpolant
      coeffs.push_back(std::move(c));
    }
    const auto [root, data] = pcs.commit(evals);
    const auto [root_c, data_c] = pcs.commit_coefficients(std::move(coeffs));
    EXPECT_EQ(root, root_c) << log_blowup;
    for (size_t k = 0; k < evals.size(); ++k) EXPECT_EQ(data.lde(k).values()[5 % data.lde(k).values().size()],
                                                        data_c.lde(k).values()[5 % data_c.lde(k).values().size()]);
  }
}

TEST(Pcs, TinyHeights) {
  // Height-1 and height-2 matrices: the final polynomial shrinks to a constant so they are rolled in.
  for (unsigned log_arity : {1u, 3u}) {
    const TwoAdicFriPcs pcs(test_config(1, log_arity));
    for (const auto& shapes : std::vector<std::vector<std::vector<Shape>>>{
             {{{0, 2, 1}}}, {{{0, 2, 1}}, {{1, 1, 2}}}, {{{5, 2, 1}, {0, 1, 1}}}}) {
      const PcsRun run = test::prove_random(pcs, shapes, 3);
      expect_values_correct(run);
      EXPECT_NO_THROW(test::verify_run(pcs, run, test::claims_of(run, run.opening.values), run.opening.proof));
    }
  }
}

TEST(Pcs, NamedConfigurations) {
  for (const FriConfig& config : named_fri_configs()) {
    auto randomness = ProverRandomness::seeded_for_tests(7);  // for the salt of a hiding configuration
    const TwoAdicFriPcs pcs(config, &randomness);
    // Heights at or above the configuration's minimum (a zero-knowledge configuration has one).
    const unsigned low = std::max(7u, config.log_min_height);
    const PcsRun run = test::prove_random(pcs, {{{low + 2, 8, 2}, {low, 3, 1}}}, 7);
    expect_values_correct(run);
    EXPECT_NO_THROW(test::verify_run(pcs, run, test::claims_of(run, run.opening.values), run.opening.proof)) << config.name;
    EXPECT_EQ(run.opening.proof.queries.size(), config.num_queries);
    // The same proof checked under the other configuration must fail.
    for (const FriConfig& other : named_fri_configs()) {
      if (other.name == config.name) continue;
      EXPECT_THROW(test::verify_run(TwoAdicFriPcs(other), run, test::claims_of(run, run.opening.values),
                                    run.opening.proof),
                   ProofRejected);
    }
  }
}

TEST(Pcs, WrongClaimsAreRejected) {
  const TwoAdicFriPcs pcs(test_config(1, 2));
  const PcsRun run = test::prove_random(pcs, kShapes, 5);
  const auto good = test::claims_of(run, run.opening.values);
  ASSERT_NO_THROW(test::verify_run(pcs, run, good, run.opening.proof));
  // Every single claimed value, changed.
  for (size_t b = 0; b < good.size(); ++b)
    for (size_t m = 0; m < good[b].matrices.size(); ++m)
      for (size_t p = 0; p < good[b].matrices[m].values.size(); ++p)
        for (size_t c = 0; c < good[b].matrices[m].width; ++c) {
          auto bad = good;
          bad[b].matrices[m].values[p][c] += Ext::one();
          EXPECT_THROW(test::verify_run(pcs, run, bad, run.opening.proof), ProofRejected) << b << m << p << c;
        }
  // A point, a root, a shape.
  {
    auto bad = good;
    bad[0].matrices[0].points[0] += Ext::one();
    EXPECT_THROW(test::verify_run(pcs, run, bad, run.opening.proof), ProofRejected);
  }
  {
    auto bad = good;
    bad[1].root[2] += Fp::one();
    EXPECT_THROW(test::verify_run(pcs, run, bad, run.opening.proof), ProofRejected);
  }
  {
    auto bad = good;
    bad[0].matrices[1].width += 1;
    for (auto& v : bad[0].matrices[1].values) v.push_back(Ext::zero());
    EXPECT_THROW(test::verify_run(pcs, run, bad, run.opening.proof), ProofRejected);
  }
  {
    auto bad = good;
    bad[0].matrices[2].log_height += 1;
    EXPECT_THROW(test::verify_run(pcs, run, bad, run.opening.proof), ProofRejected);
  }
  for (unsigned huge : {27u, 40u, 0xffffffffu}) {
    auto bad = good;
    bad[0].matrices[2].log_height = huge;
    EXPECT_THROW(test::verify_run(pcs, run, bad, run.opening.proof), ProofRejected);
  }
  {
    auto bad = good;
    bad[0].matrices[4].width = 0;
    EXPECT_THROW(test::verify_run(pcs, run, bad, run.opening.proof), ProofRejected);
  }
  {
    auto bad = good;
    bad[0].matrices[0].values.pop_back();
    EXPECT_THROW(test::verify_run(pcs, run, bad, run.opening.proof), ProofRejected);
  }
  {
    auto bad = good;
    bad[0].matrices.pop_back();
    EXPECT_THROW(test::verify_run(pcs, run, bad, run.opening.proof), ProofRejected);
  }
}

TEST(Pcs, TamperedProofIsRejected) {
  const TwoAdicFriPcs pcs(test_config(1, 3));
  const PcsRun run = test::prove_random(pcs, kShapes, 9);
  const auto claims = test::claims_of(run, run.opening.values);
  const FriProof& good = run.opening.proof;
  ASSERT_NO_THROW(test::verify_run(pcs, run, claims, good));
  auto expect_rejected = [&](const FriProof& bad, const char* what) {
    EXPECT_THROW(test::verify_run(pcs, run, claims, bad), ProofRejected) << what;
  };
  FriProof bad = good;
  // Every sent row (rows shared between queries are sent once, so some are empty), and a row sent
  // where the owner rule says another query sends it.
  size_t sent_rows = 0, shared_rows = 0;
  for (size_t q = 0; q < good.queries.size(); ++q)
    for (size_t b = 0; b < good.queries[q].input_openings.size(); ++b)
      for (size_t m = 0; m < good.queries[q].input_openings[b].opened_rows.size(); ++m) {
        bad = good;
        auto& row = bad.queries[q].input_openings[b].opened_rows[m];
        if (row.empty()) {
          ++shared_rows;
          row.push_back(Fp::one());
          expect_rejected(bad, "a shared row sent twice");
          continue;
        }
        ++sent_rows;
        row[q % row.size()] += Fp::one();
        expect_rejected(bad, "opened input value");
        bad.queries[q].input_openings[b].opened_rows[m].clear();
        expect_rejected(bad, "an owner's row left out");
      }
  EXPECT_GT(sent_rows, 0u);
  EXPECT_GT(shared_rows, 0u);  // kShapes has matrices of 2^3 and 2^4 rows under 12 queries
  // Every sent Merkle digest (paths are shared, so each query sends a different number of them).
  size_t input_digests = 0, round_digests = 0;
  for (size_t q = 0; q < good.queries.size(); ++q) {
    for (size_t b = 0; b < good.queries[q].input_openings.size(); ++b)
      for (size_t s = 0; s < good.queries[q].input_openings[b].siblings.size(); ++s, ++input_digests) {
        bad = good;
        bad.queries[q].input_openings[b].siblings[s][s % 8] += Fp::one();
        expect_rejected(bad, "input sibling");
      }
    for (size_t r = 0; r < good.queries[q].steps.size(); ++r)
      for (size_t s = 0; s < good.queries[q].steps[r].path.size(); ++s, ++round_digests) {
        bad = good;
        bad.queries[q].steps[r].path[s][7] += Fp::one();
        expect_rejected(bad, "commit-phase path");
      }
  }
  EXPECT_GT(input_digests, 0u);
  EXPECT_GT(round_digests, 0u);
  bad = good;
  bad.queries[5].steps[1].siblings[0] += Ext::one();
  expect_rejected(bad, "fold-group entry");
  bad = good;
  bad.final_poly[0] += Ext::one();
  expect_rejected(bad, "final polynomial");
  bad = good;
  bad.commit_roots[1][0] += Fp::one();
  expect_rejected(bad, "commit root");
  bad = good;
  bad.query_pow_witness += Fp::one();
  expect_rejected(bad, "query PoW witness");
  bad = good;
  bad.queries.pop_back();
  expect_rejected(bad, "query count");
  bad = good;
  bad.queries[0].steps.pop_back();
  expect_rejected(bad, "step count");
  bad = good;
  bad.queries[0].input_openings.pop_back();
  expect_rejected(bad, "batch count");
  bad = good;
  bad.final_poly.push_back(Ext::zero());
  expect_rejected(bad, "final polynomial length");
  bad = good;
  std::swap(bad.queries[0], bad.queries[1]);
  expect_rejected(bad, "queries swapped");
}

// A committed function that is NOT low-degree: random values in place of an LDE. The prover computes
// "f(z)" from the first n rows as usual, but FRI must catch that the whole column is far from any
// polynomial of degree < n.
TEST(Pcs, NonLowDegreeCommitmentIsRejected) {
  const FriConfig config = test_config(1, 2, 30);
  const TwoAdicFriPcs pcs(config);
  std::mt19937_64 rng(11);
  const unsigned log_n = 6;
  std::vector<RowMajorMatrix<Fp>> fake;
  fake.push_back(RowMajorMatrix<Fp>::random(size_t{1} << (log_n + config.log_blowup), 3, rng));
  PcsProverData data{MerkleTree(std::move(fake)), config.log_blowup};
  const Digest root = data.tree.root();

  Challenger ch = test::start_transcript({root});
  const std::vector<std::vector<Shape>> shapes = {{{log_n, 3, 1}}};
  const auto points = test::sample_points(ch, shapes);
  const PcsOpenRequest req{&data, points[0]};
  const PcsOpening opening = pcs.open(std::span(&req, 1), ch);

  test::PcsRun run;
  run.shapes = shapes;
  run.roots = {root};
  run.points = points;
  try {
    test::verify_run(pcs, run, test::claims_of(run, opening.values), opening.proof);
    ADD_FAILURE() << "a non-low-degree commitment was accepted";
  } catch (const ProofRejected& e) {
    // Caught by the low-degree test itself, not by a transcript or Merkle mismatch.
    EXPECT_NE(std::string(e.what()).find("final polynomial"), std::string::npos) << e.what();
  }

  // Control: the same flow with an honest LDE is accepted.
  const PcsRun honest = test::prove_random(pcs, shapes, 11);
  EXPECT_NO_THROW(test::verify_run(pcs, honest, test::claims_of(honest, honest.opening.values), honest.opening.proof));
}

// A cheating prover that claims a wrong value f(z) + 1 and then builds a proof CONSISTENT with that
// claim (observes it, reduces with it, runs FRI honestly on the result): the transcript matches the
// verifier's, every Merkle opening is valid, and only the DEEP quotient being far from low-degree can
// reject it. The same manual path with the true value is accepted (so the path replicates open()).
TEST(Pcs, ConsistentlyForgedValueIsRejectedByFri) {
  const FriConfig config = test_config(1, 2, 30);
  const TwoAdicFriPcs pcs(config);
  std::mt19937_64 rng(13);
  const unsigned log_n = 6;
  const size_t width = 3;
  std::vector<RowMajorMatrix<Fp>> evals;
  evals.push_back(RowMajorMatrix<Fp>::random(size_t{1} << log_n, width, rng));
  auto [root, data] = pcs.commit(evals);
  const std::vector<std::vector<Shape>> shapes = {{{log_n, width, 1}}};

  for (bool cheat : {false, true}) {
    Challenger ch = test::start_transcript({root});
    const auto points = test::sample_points(ch, shapes);
    const Ext z = points[0][0][0];
    std::vector<Ext> values = evaluate_at_point(evals[0].view(), Fp::one(), z);
    if (cheat) values[1] += Ext::one();
    // The prover side of pcs.h, step by step, with `values` in place of the true ones.
    ch.observe_label("zkrv/pcs/open/v1");
    ch.observe_label(config.name);
    for (const Ext& v : values) ch.observe_ext(v);
    const Ext alpha = ch.sample_ext();
    const AlphaPowers ap(alpha, width);
    const RowMajorMatrix<Fp>* lde = &data.lde(0);
    const DeepTerm term{0, z, ap.combine(std::span<const Ext>(values)), Ext::one()};
    std::vector<std::vector<Ext>> reduced;
    reduced.push_back(reduce_height(std::span(&lde, 1), std::span(&term, 1), ap,
                                    bit_reversed_coset_points(log_n + config.log_blowup, kLdeShift)));
    const FriProof proof = fri_prove(config, std::move(reduced), ch, [&](std::span<const size_t> indices) {
      std::vector<std::vector<BatchOpening>> openings;
      std::vector<BatchOpening*> ptrs;
      for (size_t index : indices) openings.push_back({data.tree.open_batch(index)});
      for (auto& o : openings) ptrs.push_back(&o[0]);
      share_openings(indices, data.tree.dims(), ptrs);
      return openings;
    });

    test::PcsRun run;
    run.shapes = shapes;
    run.roots = {root};
    run.points = points;
    const PcsOpenedValues claimed = {{{values}}};
    if (!cheat) {
      EXPECT_NO_THROW(test::verify_run(pcs, run, test::claims_of(run, claimed), proof));
      continue;
    }
    try {
      test::verify_run(pcs, run, test::claims_of(run, claimed), proof);
      ADD_FAILURE() << "a forged opening was accepted";
    } catch (const ProofRejected& e) {
      EXPECT_NE(std::string(e.what()).find("final polynomial"), std::string::npos) << e.what();
    }
  }
}

TEST(Pcs, ResultIndependentOfThreadCount) {
  const TwoAdicFriPcs pcs(test_config(1, 3));
  const PcsRun a = test::prove_random(pcs, kShapes, 21);
  PcsRun b;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    b = test::prove_random(pcs, kShapes, 21);
  }
  EXPECT_EQ(a.roots, b.roots);
  EXPECT_EQ(a.opening.values, b.opening.values);
  EXPECT_TRUE(a.opening.proof == b.opening.proof);
}

}  // namespace
}  // namespace zkrv
