#include <gtest/gtest.h>

#include "air/testing/example_airs.h"
#include "stark/stark_test_util.h"

namespace zkrv {
namespace {

using stark_test::prove_run;
using stark_test::StarkRun;
using stark_test::test_config;

const FriConfig& small_config() {
  static const FriConfig config = test_config(1, 2);
  return config;
}

const FriConfig& resolve(std::string_view name) {
  if (name != small_config().name) throw MalformedInput("unknown configuration");
  return small_config();
}

// Fibonacci 2^4, squares 2^4 (preprocessed) and a permutation on a bus (2^2 -> 2^3): every part of the
// format appears.
StarkRun small_run() {
  auto fib = air_testing::fibonacci_trace(16);
  const std::vector<Fp> xs = {Fp(3u), Fp(9u), Fp(0u), Fp(5u)};
  std::vector<RowMajorMatrix<Fp>> traces;
  traces.push_back(std::move(fib.main));
  traces.push_back(air_testing::squares_trace(16, Fp(1u)));
  traces.push_back(RowMajorMatrix<Fp>(xs, 1));
  traces.push_back(air_testing::perm_receiver_trace(xs, 8));
  return prove_run(small_config(),
                   {Chip(air_testing::FibonacciAir{}), Chip(air_testing::SquaresAir(16)),
                    Chip(air_testing::PermSenderAir{}), Chip(air_testing::PermReceiverAir{})},
                   std::move(traces), {fib.public_values, {Fp(1u)}, {}, {}});
}

void decode_and_verify(const StarkRun& run, std::span<const uint8_t> bytes) {
  const StarkProof proof = deserialize_stark_proof(bytes, resolve);
  verify_with_config(small_config(), run.chips, run.pk.vk, run.public_values, proof);
}

TEST(StarkProofFormat, RoundTrip) {
  const StarkRun run = small_run();
  const auto bytes = serialize_stark_proof(run.proof, small_config());
  const StarkProof decoded = deserialize_stark_proof(bytes, resolve);
  EXPECT_EQ(decoded, run.proof);
  EXPECT_EQ(serialize_stark_proof(decoded, small_config()), bytes);
  EXPECT_NO_THROW(decode_and_verify(run, bytes));
}

TEST(StarkProofFormat, TruncationAndTrailingBytesAreMalformed) {
  const StarkRun run = small_run();
  auto bytes = serialize_stark_proof(run.proof, small_config());
  for (size_t len : {size_t{0}, size_t{3}, size_t{10}, bytes.size() / 2, bytes.size() - 1})
    EXPECT_THROW(deserialize_stark_proof(std::span(bytes.data(), len), resolve), MalformedInput) << len;
  bytes.push_back(0);
  EXPECT_THROW(deserialize_stark_proof(bytes, resolve), MalformedInput);
}

TEST(StarkProofFormat, UnknownConfigurationNameIsMalformed) {
  const StarkRun run = small_run();
  const auto bytes = serialize_stark_proof(run.proof, small_config());
  // The registry does not know the test configuration.
  EXPECT_THROW(deserialize_stark_proof(bytes), MalformedInput);
}

TEST(StarkProofFormat, EveryByteFlipRejected) {
  const StarkRun run = small_run();
  const auto bytes = serialize_stark_proof(run.proof, small_config());
  size_t malformed = 0, rejected = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto copy = bytes;
    copy[i] ^= static_cast<uint8_t>(1u << (i % 8));
    try {
      decode_and_verify(run, copy);
      ADD_FAILURE() << "flip of byte " << i << " of " << bytes.size() << " accepted";
    } catch (const MalformedInput&) {
      ++malformed;
    } catch (const ProofRejected&) {
      ++rejected;
    }
  }
  EXPECT_EQ(malformed + rejected, bytes.size());
  EXPECT_TRUE(run.proof.permutation_root.has_value());
  EXPECT_GT(rejected, 0u);
}

}  // namespace
}  // namespace zkrv
