// The STARK verifier on hostile proofs. A small honest machine (Fibonacci, and a range check with a
// preprocessed table and a bus) is proved once at start-up; each input is then either
//   mode 0: a whole proof, decoded and verified as is, or
//   mode 1: a list of (offset, xor) edits applied to the honest proof's bytes,
// so the fuzzer reaches the verifier's checks behind the decoder too. Every outcome must be acceptance
// of an unchanged proof, MalformedInput or ProofRejected; a changed proof that verifies is a bug.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "air/testing/example_systems.h"
#include "base/error.h"
#include "stark/stark_test_util.h"

namespace {

using namespace zkrv;

struct Fixture {
  FriConfig config = stark_test::test_config(1, 8);
  std::vector<uint16_t> values = {0x1234, 0xffff, 0x0001, 0x8000, 0x00ff};
  air_testing::ByteSystem bytes = air_testing::ByteSystem::honest(values, 8);
  stark_test::StarkRun run;
  std::vector<uint8_t> proof_bytes;

  Fixture() {
    auto fib = air_testing::fibonacci_trace(16);
    std::vector<RowMajorMatrix<Fp>> traces;
    traces.push_back(std::move(fib.main));
    traces.push_back(bytes.decomp_main);
    traces.push_back(bytes.table_main);
    run = stark_test::prove_run(config,
                                {Chip(air_testing::FibonacciAir{}), Chip(bytes.decomp), Chip(bytes.table)},
                                std::move(traces), {fib.public_values, {}, {}});
    proof_bytes = serialize_stark_proof(run.proof, config);
  }

  // True if the proof verified.
  bool check(std::span<const uint8_t> candidate) const {
    try {
      const StarkProof proof = deserialize_stark_proof(candidate, [this](std::string_view name) -> const FriConfig& {
        if (name != config.name) throw MalformedInput("unknown configuration");
        return config;
      });
      stark_test::verify_run(config, run, proof);
      return true;
    } catch (const MalformedInput&) {
    } catch (const ProofRejected&) {
    }
    return false;
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& f = fixture();
  if (size == 0) return 0;
  if (data[0] % 2 == 0) {
    const std::span<const uint8_t> candidate(data + 1, size - 1);
    const bool same = candidate.size() == f.proof_bytes.size() &&
                      std::equal(candidate.begin(), candidate.end(), f.proof_bytes.begin());
    if (f.check(candidate) && !same) __builtin_trap();
    return 0;
  }
  std::vector<uint8_t> edited = f.proof_bytes;
  for (size_t i = 1; i + 3 <= size; i += 3) {
    const size_t offset = (size_t{data[i]} | size_t{data[i + 1]} << 8) % edited.size();
    edited[offset] ^= data[i + 2];
  }
  const bool same = edited == f.proof_bytes;
  if (f.check(edited) && !same) __builtin_trap();
  return 0;
}
