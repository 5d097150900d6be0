#include <gtest/gtest.h>

#include <tbb/global_control.h>

#include "air/debug.h"
#include "air/testing/example_systems.h"
#include "stark/domain.h"
#include "stark/stark_test_util.h"

namespace zkrv {
namespace {

using air_testing::FibonacciAir;
using air_testing::PermReceiverAir;
using air_testing::PermSenderAir;
using air_testing::SquaresAir;
using stark_test::prove_run;
using stark_test::StarkRun;
using stark_test::test_config;
using stark_test::verify_run;

StarkRun fibonacci_run(const FriConfig& config, size_t height) {
  auto t = air_testing::fibonacci_trace(height);
  std::vector<RowMajorMatrix<Fp>> traces;
  traces.push_back(std::move(t.main));
  return prove_run(config, {Chip(FibonacciAir{})}, std::move(traces), {t.public_values});
}

StarkRun squares_run(const FriConfig& config, size_t height, Fp offset = Fp(7u)) {
  std::vector<RowMajorMatrix<Fp>> traces;
  traces.push_back(air_testing::squares_trace(height, offset));
  return prove_run(config, {Chip(SquaresAir(height))}, std::move(traces), {{offset}});
}

TEST(StarkDomain, SelectorsOnCosetMatchPointFormulas) {
  const unsigned log_n = 3, log_chunks = 2;
  const CosetSelectors s = selectors_on_coset(log_n, log_chunks, Fp::generator());
  const Fp w = Fp::two_adic_generator(log_n + log_chunks);
  Fp x = Fp::generator();
  for (size_t j = 0; j < s.is_first_row.size(); ++j, x *= w) {
    const PointSelectors p = selectors_at_point(log_n, Ext(x));
    EXPECT_EQ(Ext(s.is_first_row[j]), p.is_first_row);
    EXPECT_EQ(Ext(s.is_last_row[j]), p.is_last_row);
    EXPECT_EQ(Ext(s.is_transition[j]), p.is_transition);
    EXPECT_EQ(Ext(s.inv_vanishing[j]) * p.vanishing, Ext::one());
  }
}

// The selectors against an evaluation that shares nothing with domain.cpp: the values the debug builder
// gives each row (1/0 for the first and last row, x - g^-1 for transitions) are interpolated directly with
// the Lagrange basis prod_{j != i} (z - g^j) / (g^i - g^j) and evaluated at points off H; the closed forms
// of selectors_at_point must agree there. Two polynomials of degree < n that agree at a random point off
// H agree as polynomials (except with probability < n / |F|), so they agree on every row of H too.
// (This test fails on the former is_last_row, which was g times the Lagrange polynomial.)
Ext lagrange_interpolate_at(unsigned log_n, std::span<const Fp> values, const Ext& z) {
  const size_t n = size_t{1} << log_n;
  const Fp g = Fp::two_adic_generator(log_n);
  std::vector<Fp> points(n);
  Fp x = Fp::one();
  for (size_t i = 0; i < n; ++i, x *= g) points[i] = x;
  Ext sum = Ext::zero();
  for (size_t i = 0; i < n; ++i) {
    Ext basis = Ext::one();
    for (size_t j = 0; j < n; ++j)
      if (j != i) basis = basis * (z - points[j]) * (points[i] - points[j]).inverse();
    sum = sum + basis * values[i];
  }
  return sum;
}

TEST(StarkDomain, SelectorsAreTheDebugBuildersRowValuesInterpolated) {
  for (unsigned log_n : {1u, 2u, 3u, 5u}) {
    const size_t n = size_t{1} << log_n;
    RowMajorMatrix<Fp> one_column(n, 1);
    std::vector<Fp> first(n), last(n), transition(n);
    for (size_t r = 0; r < n; ++r) {
      // The debug builder's transition value on row r is x - g^-1 with x = g^r (0 on the last row).
      DebugBuilder b(one_column.view(), MatrixView<const Fp>{}, {}, false);
      b.set_row(r);
      first[r] = b.is_first_row();
      last[r] = b.is_last_row();
      transition[r] = b.is_transition();
    }
    ASSERT_EQ(first[0], Fp::one());
    ASSERT_EQ(last[n - 1], Fp::one());
    for (const Ext& z : {Ext::from_coeffs({Fp(3u), Fp(5u), Fp(7u), Fp(11u)}), Ext(Fp(123456789u)),
                         Ext::from_coeffs({Fp(0u), Fp(1u), Fp(0u), Fp(0u)})}) {
      const PointSelectors p = selectors_at_point(log_n, z);
      EXPECT_EQ(p.is_first_row, lagrange_interpolate_at(log_n, first, z)) << log_n;
      EXPECT_EQ(p.is_last_row, lagrange_interpolate_at(log_n, last, z)) << log_n;
      EXPECT_EQ(p.is_transition, lagrange_interpolate_at(log_n, transition, z)) << log_n;
    }
    // The prover's values on the quotient coset: the same polynomials at the coset's points.
    const unsigned log_chunks = 2;
    const CosetSelectors s = selectors_on_coset(log_n, log_chunks, Fp::generator());
    const Fp w = Fp::two_adic_generator(log_n + log_chunks);
    Fp x = Fp::generator();
    for (size_t j = 0; j < s.is_last_row.size(); ++j, x *= w) {
      EXPECT_EQ(Ext(s.is_first_row[j]), lagrange_interpolate_at(log_n, first, Ext(x))) << log_n << " " << j;
      EXPECT_EQ(Ext(s.is_last_row[j]), lagrange_interpolate_at(log_n, last, Ext(x))) << log_n << " " << j;
      EXPECT_EQ(Ext(s.is_transition[j]), lagrange_interpolate_at(log_n, transition, Ext(x))) << log_n << " " << j;
    }
  }
}

TEST(Stark, FibonacciProvesAndVerifies) {
  const FriConfig config = test_config();
  for (size_t log_h = 3; log_h <= 8; ++log_h) {
    const StarkRun run = fibonacci_run(config, size_t{1} << log_h);
    EXPECT_NO_THROW(verify_run(config, run, run.proof)) << log_h;
  }
}

TEST(Stark, PreprocessedProvesAndVerifies) {
  for (unsigned log_blowup : {1u, 2u}) {
    const FriConfig config = test_config(log_blowup);
    for (size_t log_h : {3u, 6u}) {
      const StarkRun run = squares_run(config, size_t{1} << log_h);
      EXPECT_NO_THROW(verify_run(config, run, run.proof)) << log_h;
    }
  }
}

// Fibonacci (2^4) and squares (2^5, preprocessed) in one proof.
StarkRun two_chip_run(const FriConfig& config) {
  auto fib = air_testing::fibonacci_trace(16);
  std::vector<RowMajorMatrix<Fp>> traces;
  traces.push_back(std::move(fib.main));
  traces.push_back(air_testing::squares_trace(32, Fp(5u)));
  return prove_run(config, {Chip(FibonacciAir{}), Chip(SquaresAir(32))}, std::move(traces),
                   {fib.public_values, {Fp(5u)}});
}

TEST(Stark, NamedConfigurationThroughRegistry) {
  const FriConfig& config = fri_config_by_name("zkrv-fri-b2-v2");
  const StarkRun run = two_chip_run(config);
  EXPECT_NO_THROW(verify(run.chips, run.pk.vk, run.public_values, run.proof));
  // Round trip through the wire format, resolved by name.
  const auto bytes = serialize_stark_proof(run.proof, config);
  const StarkProof decoded = deserialize_stark_proof(bytes);
  EXPECT_EQ(decoded, run.proof);
  EXPECT_NO_THROW(verify(run.chips, run.pk.vk, run.public_values, decoded));
}

TEST(Stark, UnknownConfigurationRejected) {
  const FriConfig config = test_config();
  const StarkRun run = fibonacci_run(config, 8);
  EXPECT_THROW(verify(run.chips, run.pk.vk, run.public_values, run.proof), ProofRejected);
  // A verifier expecting another configuration rejects it too.
  EXPECT_THROW(verify_with_config(test_config(2), run.chips, run.pk.vk, run.public_values, run.proof), ProofRejected);
}

// Fibonacci 2^4, squares 2^5 (preprocessed), and a permutation between a sender (2^2) and a degree-3
// receiver (two quotient chunks, 2^3) on a bus.
StarkRun mixed_run(const FriConfig& config, RowMajorMatrix<Fp> receiver) {
  auto fib = air_testing::fibonacci_trace(16);
  const std::vector<Fp> xs = {Fp(3u), Fp(9u), Fp(0u), Fp(5u)};
  std::vector<RowMajorMatrix<Fp>> traces;
  traces.push_back(std::move(fib.main));
  traces.push_back(air_testing::squares_trace(32, Fp(5u)));
  traces.push_back(RowMajorMatrix<Fp>(xs, 1));
  traces.push_back(std::move(receiver));
  return prove_run(config,
                   {Chip(FibonacciAir{}), Chip(SquaresAir(32)), Chip(PermSenderAir{}), Chip(PermReceiverAir{})},
                   std::move(traces), {fib.public_values, {Fp(5u)}, {}, {}});
}

RowMajorMatrix<Fp> honest_receiver() {
  const std::vector<Fp> xs = {Fp(3u), Fp(9u), Fp(0u), Fp(5u)};
  return air_testing::perm_receiver_trace(xs, 8);
}

TEST(Stark, ChipsOfDifferentHeightsAndDegrees) {
  // Under blowup 2 the degree-3 quotient reads the PCS LDE, under blowup 1 a coset LDE of its own.
  for (unsigned log_blowup : {1u, 2u}) {
    const FriConfig config = test_config(log_blowup);
    const StarkRun run = mixed_run(config, honest_receiver());
    EXPECT_EQ(run.chips[3].log_quotient_chunks(), 1u);
    EXPECT_TRUE(run.proof.permutation_root.has_value());
    EXPECT_NO_THROW(verify_run(config, run, run.proof)) << log_blowup;
  }
}

// The prover that consumes its traces (and frees them early) makes the same proof as the one that
// borrows them, also under blowup 2^1 where the degree-3 receiver's quotient needs its own coset LDE of
// the main and permutation traces (so those must not be freed).
TEST(Stark, ConsumingTheTracesGivesTheSameProof) {
  for (unsigned log_blowup : {1u, 2u}) {
    const FriConfig config = test_config(log_blowup);
    const StarkRun run = mixed_run(config, honest_receiver());
    std::vector<RowMajorMatrix<Fp>> copies = run.traces;
    const StarkProof consumed = prove(config, run.chips, run.pk, std::move(copies), run.public_values);
    EXPECT_EQ(consumed, run.proof) << log_blowup;
    EXPECT_NO_THROW(verify_run(config, run, consumed)) << log_blowup;
  }
}

TEST(Stark, ByteLookupProvesAndVerifies) {
  const FriConfig config = test_config();
  const std::vector<uint16_t> values = {0x1234, 0xffff, 0x0001, 0x8000, 0x00ff};
  auto sys = air_testing::ByteSystem::honest(values, 8);
  std::vector<RowMajorMatrix<Fp>> traces;
  traces.push_back(sys.decomp_main);
  traces.push_back(sys.table_main);
  const StarkRun run = prove_run(config, {Chip(sys.decomp), Chip(sys.table)}, std::move(traces), {{}, {}});
  EXPECT_NO_THROW(verify_run(config, run, run.proof));

  // A multiplicity off by one: the bus no longer balances.
  std::vector<RowMajorMatrix<Fp>> bad;
  bad.push_back(sys.decomp_main);
  bad.push_back(sys.table_main);
  bad[1](0x34, 0) += Fp::one();
  const StarkRun unbalanced = prove_run(config, {Chip(sys.decomp), Chip(sys.table)}, std::move(bad), {{}, {}});
  try {
    verify_run(config, unbalanced, unbalanced.proof);
    ADD_FAILURE() << "unbalanced bus accepted";
  } catch (const ProofRejected& e) {
    EXPECT_NE(std::string(e.what()).find("unbalanced"), std::string::npos) << e.what();
  }

  // Cumulative sums shifted between chips (total still zero): the last-row constraint catches it.
  StarkProof shifted = run.proof;
  *shifted.opened[0].cumulative_sum += Fp::one();
  *shifted.opened[1].cumulative_sum -= Fp::one();
  EXPECT_THROW(verify_run(config, run, shifted), ProofRejected);
}

TEST(Stark, WrongPublicValuesRejected) {
  const FriConfig config = test_config();
  StarkRun run = fibonacci_run(config, 16);
  for (size_t i = 0; i < 3; ++i) {
    auto pv = run.public_values;
    pv[0][i] += Fp::one();
    EXPECT_THROW(verify_with_config(config, run.chips, run.pk.vk, pv, run.proof), ProofRejected) << i;
  }
  StarkRun sq = squares_run(config, 8);
  auto pv = sq.public_values;
  pv[0][0] = Fp(8u);
  EXPECT_THROW(verify_with_config(config, sq.chips, sq.pk.vk, pv, sq.proof), ProofRejected);
}

// The proof of a trace that breaks a constraint is rejected by the constraint check at zeta (the
// quotient the prover interpolated is a polynomial, so the PCS alone would accept it).
void expect_constraint_failure(const FriConfig& config, const StarkRun& run) {
  try {
    verify_run(config, run, run.proof);
    ADD_FAILURE() << "malicious trace accepted";
  } catch (const ProofRejected& e) {
    EXPECT_NE(std::string(e.what()).find("constraints do not match"), std::string::npos) << e.what();
  }
}

TEST(Stark, MaliciousTraceRejected) {
  const FriConfig config = test_config();
  // One cell of an otherwise honest trace, in turn every cell of a small trace: some constraint fails.
  auto honest = air_testing::fibonacci_trace(8);
  for (size_t r = 0; r < 8; ++r)
    for (size_t c = 0; c < 2; ++c) {
      std::vector<RowMajorMatrix<Fp>> traces;
      traces.push_back(honest.main);
      traces[0](r, c) += Fp::one();
      const StarkRun run = prove_run(config, {Chip(FibonacciAir{})}, std::move(traces), {honest.public_values});
      expect_constraint_failure(config, run);
    }
  // A preprocessed chip whose main trace breaks the transition.
  std::vector<RowMajorMatrix<Fp>> traces;
  traces.push_back(air_testing::squares_trace(16, Fp(2u)));
  traces[0](5, 0) += Fp(3u);
  const StarkRun run = prove_run(config, {Chip(SquaresAir(16))}, std::move(traces), {{Fp(2u)}});
  expect_constraint_failure(config, run);
  // A degree-3 constraint (two quotient chunks), bus still balanced: the real row receiving 0 moved
  // below a padding row, so is_real rises.
  for (unsigned log_blowup : {1u, 2u}) {
    RowMajorMatrix<Fp> receiver = honest_receiver();  // rows 5, 0, 9, 3 real, then padding
    receiver(1, PermReceiverAir::kIsReal) = Fp::zero();
    receiver(4, PermReceiverAir::kIsReal) = Fp::one();
    const StarkRun bad = mixed_run(test_config(log_blowup), std::move(receiver));
    expect_constraint_failure(test_config(log_blowup), bad);
  }
}

TEST(Stark, WrongVerifyingKeyRejected) {
  const FriConfig config = test_config();
  const StarkRun run = squares_run(config, 8);
  VerifyingKey vk = run.pk.vk;
  vk.preprocessed_root->elems[0] += Fp::one();
  EXPECT_THROW(verify_with_config(config, run.chips, vk, run.public_values, run.proof), ProofRejected);
}

TEST(Stark, TamperedOpeningRejected) {
  const FriConfig config = test_config();
  const StarkRun run = two_chip_run(config);
  auto tampered = run.proof;
  tampered.opened[1].main_next[0] += Fp::one();
  EXPECT_THROW(verify_run(config, run, tampered), ProofRejected);
  tampered = run.proof;
  tampered.opened[0].quotient[3] += Fp::one();
  EXPECT_THROW(verify_run(config, run, tampered), ProofRejected);
  tampered = run.proof;
  tampered.log_heights[0] += 1;
  EXPECT_THROW(verify_run(config, run, tampered), ProofRejected);
}

// The grinding witnesses before the LogUp challenges and before zeta (stark/prover.h steps 3 and 5):
// another witness is rejected, most of them by the proof-of-work check itself (the rest fail later,
// since the witness is absorbed and every later challenge changes).
TEST(Stark, WrongGrindingWitnessesRejected) {
  FriConfig config = test_config();
  config.logup_pow_bits = 6;
  config.deep_pow_bits = 6;
  const StarkRun run = two_chip_run(config);
  ASSERT_NO_THROW(verify_run(config, run, run.proof));
  for (Fp StarkProof::*witness : {&StarkProof::logup_pow_witness, &StarkProof::deep_pow_witness}) {
    int named = 0;
    for (uint32_t delta = 1; delta <= 8; ++delta) {
      StarkProof tampered = run.proof;
      tampered.*witness += Fp(delta);
      try {
        verify_run(config, run, tampered);
        ADD_FAILURE() << "a wrong grinding witness was accepted (delta " << delta << ")";
      } catch (const ProofRejected& e) {
        named += std::string(e.what()).find("proof-of-work") != std::string::npos;
      }
    }
    EXPECT_GE(named, 4);  // each wrong witness passes the 6-bit check with probability 2^-6
  }
}

TEST(Stark, DeterministicAcrossThreadCounts) {
  const FriConfig config = test_config();
  StarkProof single;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    single = two_chip_run(config).proof;
  }
  EXPECT_EQ(two_chip_run(config).proof, single);
}

}  // namespace
}  // namespace zkrv
