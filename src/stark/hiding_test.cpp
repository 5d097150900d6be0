// The STARK under a hiding configuration (salted commitments and the masking polynomial,
// docs/zero-knowledge.md): proofs verify, carry fresh randomness each time, reproduce under a test
// seed, and reject tampering with the new parts.
#include <gtest/gtest.h>

#include "air/testing/example_systems.h"
#include "stark/protocol.h"
#include "stark/stark_test_util.h"

namespace zkrv {
namespace {

using air_testing::FibonacciAir;
using air_testing::PermReceiverAir;
using air_testing::PermSenderAir;
using air_testing::SquaresAir;

FriConfig hiding_config() {
  FriConfig c = stark_test::test_config();
  c.name = "test-stark-fri-hiding";
  c.salt_width = 4;
  return c;
}

// Fibonacci 2^4, squares 2^5 (preprocessed), a sender (2^2) and a degree-3 receiver (2^3) on a bus:
// every kind of committed batch (main, permutation, quotient, public preprocessed).
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

Machine mixed_machine() {
  Machine m;
  auto fib = air_testing::fibonacci_trace(16);
  const std::vector<Fp> xs = {Fp(3u), Fp(9u), Fp(0u), Fp(5u)};
  m.traces.push_back(std::move(fib.main));
  m.traces.push_back(air_testing::squares_trace(32, Fp(5u)));
  m.traces.push_back(RowMajorMatrix<Fp>(xs, 1));
  m.traces.push_back(air_testing::perm_receiver_trace(xs, 8));
  m.chips = {Chip(FibonacciAir{}), Chip(SquaresAir(32)), Chip(PermSenderAir{}), Chip(PermReceiverAir{})};
  m.public_values = {fib.public_values, {Fp(5u)}, {}, {}};
  return m;
}

TEST(StarkHiding, TwoProofsOfOneRunDifferAndBothVerify) {
  const FriConfig config = hiding_config();
  const Machine m = mixed_machine();
  const ProvingKey pk = setup(TwoAdicFriPcs(config), m.chips);
  const StarkProof a = prove(config, m.chips, pk, m.views(), m.public_values);
  const StarkProof b = prove(config, m.chips, pk, m.views(), m.public_values);
  EXPECT_NO_THROW(verify_with_config(config, m.chips, pk.vk, m.public_values, a));
  EXPECT_NO_THROW(verify_with_config(config, m.chips, pk.vk, m.public_values, b));
  // Every committed batch is salted, so every root differs; so do the masking polynomial's values.
  EXPECT_NE(a.main_root, b.main_root);
  ASSERT_TRUE(a.permutation_root && b.permutation_root);
  EXPECT_NE(*a.permutation_root, *b.permutation_root);
  EXPECT_NE(a.quotient_root, b.quotient_root);
  ASSERT_EQ(a.mask_opened.size(), Ext::DEGREE);
  for (size_t i = 0; i < Ext::DEGREE; ++i) EXPECT_NE(a.mask_opened[i], b.mask_opened[i]);
  // (The final polynomials differ too, but that alone shows nothing: new roots change every challenge.)
}

TEST(StarkHiding, TestSeedReproducesTheProof) {
  const FriConfig config = hiding_config();
  const Machine m = mixed_machine();
  const ProvingKey pk = setup(TwoAdicFriPcs(config), m.chips);
  auto r1 = ProverRandomness::seeded_for_tests(42), r2 = ProverRandomness::seeded_for_tests(42);
  const StarkProof a = prove(config, m.chips, pk, m.views(), m.public_values, {}, nullptr, &r1);
  const StarkProof b = prove(config, m.chips, pk, m.views(), m.public_values, {}, nullptr, &r2);
  EXPECT_EQ(a, b);
  EXPECT_NO_THROW(verify_with_config(config, m.chips, pk.vk, m.public_values, a));
}

TEST(StarkHiding, VerifyingKeyDoesNotDependOnHiding) {
  const Machine m = mixed_machine();
  const ProvingKey hiding = setup(TwoAdicFriPcs(hiding_config()), m.chips);
  const ProvingKey plain = setup(TwoAdicFriPcs(stark_test::test_config()), m.chips);
  ASSERT_TRUE(hiding.vk.preprocessed_root && plain.vk.preprocessed_root);
  EXPECT_EQ(*hiding.vk.preprocessed_root, *plain.vk.preprocessed_root);
}

TEST(StarkHiding, TamperedMaskOrSaltRejected) {
  const FriConfig config = hiding_config();
  const Machine m = mixed_machine();
  const ProvingKey pk = setup(TwoAdicFriPcs(config), m.chips);
  auto rng = ProverRandomness::seeded_for_tests(1);
  const StarkProof proof = prove(config, m.chips, pk, m.views(), m.public_values, {}, nullptr, &rng);
  auto check_rejected = [&](const StarkProof& bad, const char* what) {
    EXPECT_THROW(verify_with_config(config, m.chips, pk.vk, m.public_values, bad), ProofRejected) << what;
  };
  for (size_t i = 0; i < Ext::DEGREE; ++i) {
    StarkProof bad = proof;
    bad.mask_opened[i] += Ext::one();
    check_rejected(bad, "mask value");
  }
  StarkProof bad = proof;
  bad.mask_opened.clear();
  check_rejected(bad, "no mask values");
  bad = proof;
  bad.mask_opened.push_back(Ext::one());
  check_rejected(bad, "five mask values");
  // The main batch (round 1: preprocessed is round 0 and unsalted) opens, per query, the 4 chips' rows,
  // the masking polynomial's row and the salt row. Change either in the first query (which sends every
  // row it opens): the Merkle path fails.
  ASSERT_EQ(proof.fri.queries[0].input_openings[1].opened_rows.size(), 4u + 1u + 1u);
  for (size_t m : {size_t{4}, size_t{5}}) {
    ASSERT_EQ(proof.fri.queries[0].input_openings[1].opened_rows[m].size(), 4u);
    for (size_t col = 0; col < 4; ++col) {
      StarkProof changed = proof;
      changed.fri.queries[0].input_openings[1].opened_rows[m][col] += Fp::one();
      check_rejected(changed, m == 4 ? "mask row" : "salt row");
    }
  }
  // The public preprocessed round carries no salt: its opening is the squares chip's row alone.
  EXPECT_EQ(proof.fri.queries[0].input_openings[0].opened_rows.size(), 1u);
  // The integrity-only verifier of the same shape refuses a hiding proof, and the reverse.
  FriConfig plain = config;
  plain.salt_width = 0;
  EXPECT_THROW(verify_with_config(plain, m.chips, pk.vk, m.public_values, proof), ProofRejected);
  StarkProof no_mask = proof;
  no_mask.mask_opened.clear();
  EXPECT_THROW(verify_with_config(plain, m.chips, pk.vk, m.public_values, no_mask), ProofRejected);
}

TEST(StarkHiding, MaskSitsAtTheLargestTraceHeight) {
  const std::vector<unsigned> heights = {3, 7, 5};
  EXPECT_EQ(masking_polynomial_log_height(heights), 7u);
}

// An integrity-only proof is refused by a verifier that expects a hiding one (no mask, no salt).
TEST(StarkHiding, PlainProofRejectedUnderTheHidingConfiguration) {
  const FriConfig hiding = hiding_config();
  FriConfig plain = hiding;
  plain.salt_width = 0;
  const Machine m = mixed_machine();
  const ProvingKey pk = setup(TwoAdicFriPcs(plain), m.chips);
  const StarkProof proof = prove(plain, m.chips, pk, m.views(), m.public_values);
  ASSERT_NO_THROW(verify_with_config(plain, m.chips, pk.vk, m.public_values, proof));
  EXPECT_THROW(verify_with_config(hiding, m.chips, pk.vk, m.public_values, proof), ProofRejected);
  // Even with four made-up mask values the missing salt rows are refused.
  StarkProof padded = proof;
  padded.mask_opened.assign(Ext::DEGREE, Ext::one());
  EXPECT_THROW(verify_with_config(hiding, m.chips, pk.vk, m.public_values, padded), ProofRejected);
}

TEST(StarkHiding, WireFormatRoundTripAndMaskCountChecked) {
  const FriConfig config = hiding_config();
  const Machine m = mixed_machine();
  const ProvingKey pk = setup(TwoAdicFriPcs(config), m.chips);
  const StarkProof proof = prove(config, m.chips, pk, m.views(), m.public_values);
  const auto resolve = [&](std::string_view name) -> const FriConfig& {
    if (name != config.name) throw MalformedInput("unknown configuration");
    return config;
  };
  const auto bytes = serialize_stark_proof(proof, config);
  const StarkProof decoded = deserialize_stark_proof(bytes, resolve);
  EXPECT_EQ(decoded, proof);
  EXPECT_NO_THROW(verify_with_config(config, m.chips, pk.vk, m.public_values, decoded));
  // Without its mask values the proof no longer parses under this configuration.
  StarkProof no_mask = proof;
  no_mask.mask_opened.clear();
  EXPECT_THROW(deserialize_stark_proof(serialize_stark_proof(no_mask, config), resolve), MalformedInput);
  StarkProof five = proof;
  five.mask_opened.push_back(Ext::one());
  EXPECT_THROW(deserialize_stark_proof(serialize_stark_proof(five, config), resolve), MalformedInput);
  // A hostile count (2^32 - 1) in place of the mask's 4 is refused before anything is allocated. The
  // count sits just before the 4 values and the FRI proof at the end of the bytes.
  const size_t fri_bytes = serialize_fri_proof(proof.fri, config).size();
  const size_t count_at = bytes.size() - fri_bytes - Ext::DEGREE * Ext::DEGREE * 4 - 4;
  ASSERT_EQ(bytes[count_at], 4u);
  auto hostile = bytes;
  for (size_t i = 0; i < 4; ++i) hostile[count_at + i] = 0xFF;
  EXPECT_THROW(deserialize_stark_proof(hostile, resolve), MalformedInput);
  // Every single-byte flip is refused (a parse error or a rejected proof), never accepted.
  size_t rejected = 0;
  for (size_t i = 0; i < bytes.size(); i += 97) {
    auto flipped = bytes;
    flipped[i] ^= 0x01;
    try {
      const StarkProof p = deserialize_stark_proof(flipped, resolve);
      verify_with_config(config, m.chips, pk.vk, m.public_values, p);
      ADD_FAILURE() << "byte " << i << " flipped and accepted";
    } catch (const MalformedInput&) {
      ++rejected;
    } catch (const ProofRejected&) {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 10u);
}

}  // namespace
}  // namespace zkrv
