// The STARK under a zero-knowledge configuration (docs/zero-knowledge.md, parts 3 and 4): randomized
// main and permutation traces, randomized quotient chunks whose top coefficients come from the small
// coset. A proof that verifies shows the quotient was recovered exactly (the out-of-domain check needs
// the whole of Q, and FRI tests every chunk at degree < n + E).
#include <gtest/gtest.h>

#include <string>

#include "air/testing/example_systems.h"
#include "ntt/coset_lde.h"
#include "stark/protocol.h"
#include "stark/stark_test_util.h"

namespace zkrv {
namespace {

using air_testing::FibonacciAir;
using air_testing::PermReceiverAir;
using air_testing::PermSenderAir;
using air_testing::SquaresAir;

constexpr unsigned kQueries = 4;
constexpr unsigned kRandomizers = 2 * kQueries + 2 * Ext::DEGREE;  // the minimum validate() accepts

FriConfig zk_config() {
  FriConfig c = stark_test::test_config(1, kQueries);
  c.name = "test-stark-fri-zk";
  c.salt_width = 4;
  c.zk_randomizers = kRandomizers;
  c.degree_excess = 3 * kRandomizers;  // degree-3 chips
  c.log_min_height = 6;
  return c;
}

// Fibonacci 2^6, squares 2^7 (preprocessed), a sender (2^6) and a degree-3 receiver (2^7) on a bus.
struct Machine {
  std::vector<Chip> chips;
  std::vector<RowMajorMatrix<Fp>> traces;
  std::vector<std::vector<Fp>> public_values;
  std::vector<MatrixView<const Fp>> views() const {
    std::vector<MatrixView<const Fp>> v;
    for (const auto& t : traces) v.push_back(t.view());
    return v;
  }
};

Machine zk_machine() {
  Machine m;
  auto fib = air_testing::fibonacci_trace(64);
  std::vector<Fp> xs;
  for (uint32_t i = 0; i < 64; ++i) xs.push_back(Fp(i * i + 7));
  m.traces.push_back(std::move(fib.main));
  m.traces.push_back(air_testing::squares_trace(128, Fp(5u)));
  m.traces.push_back(RowMajorMatrix<Fp>(xs, 1));
  m.traces.push_back(air_testing::perm_receiver_trace(xs, 128));
  m.chips = {Chip(FibonacciAir{}), Chip(SquaresAir(128)), Chip(PermSenderAir{}), Chip(PermReceiverAir{})};
  m.public_values = {fib.public_values, {Fp(5u)}, {}, {}};
  return m;
}

// The column polynomial of a trace (no randomizer) at z.
Ext trace_value(const RowMajorMatrix<Fp>& trace, size_t col, const Ext& z) {
  RowMajorMatrix<Fp> coeffs = trace;
  coset_intt_in_place(coeffs.view(), Fp::one());
  Ext acc = Ext::zero();
  for (size_t j = coeffs.height(); j-- > 0;) acc = acc * z + coeffs(j, col);
  return acc;
}

TEST(StarkZeroKnowledge, ProofsVerifyAndReproduceUnderASeed) {
  const FriConfig config = zk_config();
  ASSERT_TRUE(config.zero_knowledge());
  const Machine m = zk_machine();
  const ProvingKey pk = setup(TwoAdicFriPcs(config), m.chips);
  auto r1 = ProverRandomness::seeded_for_tests(7), r2 = ProverRandomness::seeded_for_tests(7);
  const StarkProof a = prove(config, m.chips, pk, m.views(), m.public_values, {}, nullptr, &r1);
  const StarkProof b = prove(config, m.chips, pk, m.views(), m.public_values, {}, nullptr, &r2);
  EXPECT_EQ(a, b);
  EXPECT_NO_THROW(verify_with_config(config, m.chips, pk.vk, m.public_values, a));
  // From the OS: both verify.
  const StarkProof c = prove(config, m.chips, pk, m.views(), m.public_values);
  EXPECT_NO_THROW(verify_with_config(config, m.chips, pk.vk, m.public_values, c));
  EXPECT_NE(a.main_root, c.main_root);
}

// zeta, by the verifier's transcript (stark/verifier.cpp, steps 1-4).
Ext replay_zeta(const FriConfig& config, const Machine& m, const VerifyingKey& vk, const StarkProof& proof) {
  std::vector<unsigned> log_heights(proof.log_heights.begin(), proof.log_heights.end());
  Challenger ch;
  observe_statement(ch, config.name, m.chips, log_heights, m.public_values, vk, {});
  ch.observe_label("zkrv/stark/main");
  ch.observe(proof.main_root);
  ch.observe_label("zkrv/stark/logup");
  EXPECT_TRUE(ch.check_witness(config.logup_pow_bits, proof.logup_pow_witness));
  (void)sample_logup_challenges(ch, m.chips, {});
  ch.observe_label("zkrv/stark/permutation");
  ch.observe(*proof.permutation_root);
  for (const auto& o : proof.opened)
    if (o.cumulative_sum) ch.observe_ext(*o.cumulative_sum);
  (void)ch.sample_ext();
  ch.observe_label("zkrv/stark/quotient");
  ch.observe(proof.quotient_root);
  EXPECT_TRUE(ch.check_witness(config.deep_pow_bits, proof.deep_pow_witness));
  return ch.sample_ext();
}

// The opened values at zeta and zeta g are the randomized polynomials' values, not the traces': for
// every column of every chip they differ from the unrandomized column's value at the same point.
TEST(StarkZeroKnowledge, OpenedTraceValuesAreMasked) {
  const FriConfig config = zk_config();
  const Machine m = zk_machine();
  const ProvingKey pk = setup(TwoAdicFriPcs(config), m.chips);
  for (uint64_t seed : {8u, 9u}) {
    auto rng = ProverRandomness::seeded_for_tests(seed);
    const StarkProof proof = prove(config, m.chips, pk, m.views(), m.public_values, {}, nullptr, &rng);
    ASSERT_NO_THROW(verify_with_config(config, m.chips, pk.vk, m.public_values, proof));
    const Ext zeta = replay_zeta(config, m, pk.vk, proof);
    for (size_t c = 0; c < m.chips.size(); ++c) {
      const auto& o = proof.opened[c];
      const Ext zeta_next = zeta * Fp::two_adic_generator(proof.log_heights[c]);
      ASSERT_EQ(o.main_local.size(), m.chips[c].width());
      for (size_t col = 0; col < m.chips[c].width(); ++col) {
        EXPECT_NE(o.main_local[col], trace_value(m.traces[c], col, zeta)) << c << " " << col;
        EXPECT_NE(o.main_next[col], trace_value(m.traces[c], col, zeta_next)) << c << " " << col;
      }

    }
  }
  // The same comparison under the plain configuration: there the opened values ARE the traces' (so
  // the check above can fail).
  const FriConfig plain = stark_test::test_config(1, kQueries);
  const ProvingKey ppk = setup(TwoAdicFriPcs(plain), m.chips);
  const StarkProof proof = prove(plain, m.chips, ppk, m.views(), m.public_values);
  const Ext zeta = replay_zeta(plain, m, ppk.vk, proof);
  for (size_t col = 0; col < m.chips[0].width(); ++col)
    EXPECT_EQ(proof.opened[0].main_local[col], trace_value(m.traces[0], col, zeta));
}

// Element-wise: every entry of a differs from the entry of b at the same place.
template <typename T>
void expect_all_differ(const std::vector<T>& a, const std::vector<T>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  ASSERT_FALSE(a.empty()) << what;
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NE(a[i], b[i]) << what << " [" << i << "]";
}

// With the challenges fixed by the test hook, two proofs of one run open at the same zeta and the same
// query indices; every value the verifier sees that depends on the trace differs between them: the
// trace, LogUp and quotient values at zeta and zeta g, the mask, every opened row of a committed batch
// (polynomials and salt), every FRI fold group and the final polynomial. Under the plain configuration
// the same two proofs are identical (so the comparison can fail).
TEST(StarkZeroKnowledge, EveryOpenedValueDiffersWithTheChallengesFixed) {
  const FriConfig config = zk_config();
  const Machine m = zk_machine();
  const ProvingKey pk = setup(TwoAdicFriPcs(config), m.chips);
  auto r1 = ProverRandomness::seeded_for_tests(1), r2 = ProverRandomness::seeded_for_tests(2);
  const StarkProof a = prove_with_fixed_challenges_for_tests(config, m.chips, pk, m.views(), m.public_values, r1, 77);
  const StarkProof b = prove_with_fixed_challenges_for_tests(config, m.chips, pk, m.views(), m.public_values, r2, 77);
  for (size_t c = 0; c < m.chips.size(); ++c) {
    const ChipOpenedValues &x = a.opened[c], &y = b.opened[c];
    const std::string chip(m.chips[c].name());
    expect_all_differ(x.main_local, y.main_local, chip + " main at zeta");
    expect_all_differ(x.main_next, y.main_next, chip + " main at zeta g");
    expect_all_differ(x.quotient, y.quotient, chip + " quotient chunks at zeta");
    if (m.chips[c].num_interactions() > 0) {
      expect_all_differ(x.permutation_local, y.permutation_local, chip + " LogUp at zeta");
      expect_all_differ(x.permutation_next, y.permutation_next, chip + " LogUp at zeta g");
    }
    // The preprocessed columns are public: the same in both.
    EXPECT_EQ(x.preprocessed_local, y.preprocessed_local) << chip;
  }
  expect_all_differ(a.mask_opened, b.mask_opened, "mask");
  expect_all_differ(a.fri.final_poly, b.fri.final_poly, "final polynomial");
  ASSERT_EQ(a.fri.queries.size(), b.fri.queries.size());
  const size_t first_private_batch = 1;  // batch 0 is the public preprocessed one
  size_t rows_compared = 0, groups_compared = 0;
  for (size_t q = 0; q < a.fri.queries.size(); ++q) {
    const FriQueryProof &x = a.fri.queries[q], &y = b.fri.queries[q];
    ASSERT_EQ(x.input_openings.size(), y.input_openings.size());
    for (size_t batch = first_private_batch; batch < x.input_openings.size(); ++batch) {
      const auto &rx = x.input_openings[batch].opened_rows, &ry = y.input_openings[batch].opened_rows;
      ASSERT_EQ(rx.size(), ry.size());
      for (size_t mat = 0; mat < rx.size(); ++mat) {
        ASSERT_EQ(rx[mat].empty(), ry[mat].empty());  // the same indices share the same rows
        if (rx[mat].empty()) continue;
        expect_all_differ(rx[mat], ry[mat], "query " + std::to_string(q) + " batch " + std::to_string(batch) +
                                                " matrix " + std::to_string(mat));
        ++rows_compared;
      }
    }
    ASSERT_EQ(x.steps.size(), y.steps.size());
    for (size_t st = 0; st < x.steps.size(); ++st) {
      expect_all_differ(x.steps[st].siblings, y.steps[st].siblings,
                        "query " + std::to_string(q) + " fold group " + std::to_string(st));
      ++groups_compared;
    }
  }
  EXPECT_GT(rows_compared, a.fri.queries.size());
  EXPECT_GT(groups_compared, 0u);

  const FriConfig plain = stark_test::test_config(1, kQueries);
  const ProvingKey ppk = setup(TwoAdicFriPcs(plain), m.chips);
  EXPECT_EQ(prove_with_fixed_challenges_for_tests(plain, m.chips, ppk, m.views(), m.public_values, r1, 77),
            prove_with_fixed_challenges_for_tests(plain, m.chips, ppk, m.views(), m.public_values, r2, 77));
}

// The number of random coefficients against the number of evaluations revealed, for every
// zero-knowledge configuration (docs/zero-knowledge.md, part 3): per column at most 2 base values per
// query (its row and, through the quotient, the next row) and 2 extension values at zeta and zeta g.
TEST(StarkZeroKnowledge, RandomCoefficientsCoverTheRevealedEvaluations) {
  std::vector<FriConfig> configs = {zk_config()};
  for (const FriConfig& c : named_fri_configs())
    if (c.zero_knowledge()) configs.push_back(c);
  for (const FriConfig& c : configs) {
    const size_t revealed_per_column = 2 * size_t{c.num_queries} + 2 * Ext::DEGREE;
    EXPECT_GE(c.zk_randomizers, revealed_per_column) << c.name;
    // Each quotient chunk reveals at most one base value per query and one extension value at zeta.
    EXPECT_GE(c.zk_randomizers, size_t{c.num_queries} + Ext::DEGREE) << c.name;
    // The quotient of a degree-3 chip overflows by 3t, which the excess must cover.
    EXPECT_GE(c.degree_excess, 3 * c.zk_randomizers) << c.name;
  }
}

TEST(StarkZeroKnowledge, ShortTracesAndHighDegreesAreRefused) {
  FriConfig config = zk_config();
  Machine m = zk_machine();
  const ProvingKey pk = setup(TwoAdicFriPcs(config), m.chips);
  // An excess too small for the degree-3 receiver's quotient overflow.
  FriConfig small = config;
  small.degree_excess = 2 * kRandomizers;
  small.name = config.name;
  EXPECT_THROW(prove(small, m.chips, pk, m.views(), m.public_values), std::invalid_argument);
  // A trace below the minimum height.
  FriConfig tall = config;
  tall.log_min_height = 7;
  EXPECT_THROW(prove(tall, m.chips, pk, m.views(), m.public_values), std::invalid_argument);
  // Too few random coefficients for the queries: not a configuration.
  FriConfig few = config;
  few.zk_randomizers = kRandomizers - 1;
  EXPECT_THROW(few.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace zkrv
