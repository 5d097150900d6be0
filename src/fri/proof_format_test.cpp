// The FRI proof format under hostile bytes: every single-byte change of a small serialized proof must be
// refused by the decoder or by the verifier, every truncation and random garbage by the decoder.
#include <gtest/gtest.h>

#include <random>

#include "fri/pcs_test_util.h"

namespace zkrv {
namespace {

const FriConfig kSmall{.name = "test-fri-small",
                       .log_blowup = 1,
                       .num_queries = 3,
                       .log_folding_arity = 2,
                       .log_final_poly_len = 1,
                       .commit_pow_bits = 2,
                       .query_pow_bits = 2};
const std::vector<std::vector<test::Shape>> kShapes = {{{4, 3, 2}, {3, 2, 1}}, {{2, 1, 1}}};

TEST(FriProofFormat, RoundTrip) {
  const TwoAdicFriPcs pcs(kSmall);
  const test::PcsRun run = test::prove_random(pcs, kShapes, 1);
  const auto bytes = serialize_fri_proof(run.opening.proof, kSmall);
  const FriProof back = deserialize_fri_proof(bytes, kSmall);
  EXPECT_TRUE(back == run.opening.proof);
  EXPECT_NO_THROW(test::verify_run(pcs, run, test::claims_of(run, run.opening.values), back));

  // Named configuration round trip too.
  const FriConfig& named = fri_config_by_name("zkrv-fri-b4-v2");
  const TwoAdicFriPcs pcs4(named);
  const test::PcsRun run4 = test::prove_random(pcs4, {{{5, 2, 1}}}, 2);
  EXPECT_TRUE(deserialize_fri_proof(serialize_fri_proof(run4.opening.proof, named), named) == run4.opening.proof);
}

TEST(FriProofFormat, EveryByteFlipIsRejected) {
  const TwoAdicFriPcs pcs(kSmall);
  const test::PcsRun run = test::prove_random(pcs, kShapes, 3);
  const auto claims = test::claims_of(run, run.opening.values);
  const auto bytes = serialize_fri_proof(run.opening.proof, kSmall);
  std::cout << "small FRI proof: " << bytes.size() << " bytes\n";
  ASSERT_LT(bytes.size(), 8000u);
  size_t decode_failures = 0, verify_failures = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}}) {
      std::vector<uint8_t> bad = bytes;
      bad[i] ^= mask;
      FriProof p;
      try {
        p = deserialize_fri_proof(bad, kSmall);
      } catch (const MalformedInput&) {
        ++decode_failures;
        continue;
      }
      try {
        test::verify_run(pcs, run, claims, p);
        ADD_FAILURE() << "flipping byte " << i << " with mask " << int(mask) << " was accepted";
      } catch (const ProofRejected&) {
        ++verify_failures;
      }
    }
  }
  std::cout << "decoder rejected " << decode_failures << ", verifier rejected " << verify_failures << "\n";
}

TEST(FriProofFormat, TruncationTrailingBytesAndGarbage) {
  const TwoAdicFriPcs pcs(kSmall);
  const test::PcsRun run = test::prove_random(pcs, kShapes, 4);
  const auto bytes = serialize_fri_proof(run.opening.proof, kSmall);
  for (size_t n = 0; n < bytes.size(); ++n)
    EXPECT_THROW(deserialize_fri_proof(std::span(bytes.data(), n), kSmall), MalformedInput) << n;
  auto longer = bytes;
  longer.push_back(0);
  EXPECT_THROW(deserialize_fri_proof(longer, kSmall), MalformedInput);

  // Another configuration's name, or an unknown version.
  FriConfig renamed = kSmall;
  renamed.name = "test-fri-other";
  EXPECT_THROW(deserialize_fri_proof(bytes, renamed), MalformedInput);
  ASSERT_EQ(bytes[4], kFriProofVersion);
  for (uint8_t v : {uint8_t{1}, uint8_t{kFriProofVersion + 1}}) {  // 1: full paths, before shared paths
    auto bad_version = bytes;
    bad_version[4] = v;
    EXPECT_THROW(deserialize_fri_proof(bad_version, kSmall), MalformedInput) << int{v};
  }

  // Fewer queries than the configuration asks for cannot even be decoded.
  FriConfig more_queries = kSmall;
  more_queries.num_queries = 4;
  EXPECT_THROW(deserialize_fri_proof(bytes, more_queries), MalformedInput);

  std::mt19937_64 rng(9);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<uint8_t> junk(rng() % 3000);
    for (auto& b : junk) b = static_cast<uint8_t>(rng());
    if (trial % 2 == 0 && junk.size() > 32) std::copy(bytes.begin(), bytes.begin() + 25, junk.begin());  // valid header
    EXPECT_THROW(deserialize_fri_proof(junk, kSmall), MalformedInput);
  }
  // Huge counts right after a valid header are refused without allocating.
  std::vector<uint8_t> huge(bytes.begin(), bytes.begin() + 4 + 2 + 1 + kSmall.name.size());
  for (int i = 0; i < 4; ++i) huge.push_back(0xff);
  EXPECT_THROW(deserialize_fri_proof(huge, kSmall), MalformedInput);
}

}  // namespace
}  // namespace zkrv
