// Random RV32IM programs under zkrv's executor and under qemu-riscv32 must agree on exit code
// (& 0xff), console output and journal (docs/architecture.md section 5).
//
// CI runs kShards x kProgramsPerShard = 4000 programs (seeds 0 .. 3999), one gtest case per shard so
// ctest can run shards in parallel (about 25 s on 2 cores). To explore further locally:
//   ZKRV_DIFF_SEED=1000000 ZKRV_DIFF_PROGRAMS=80000 ./differential_test
// runs 80000 programs from seed 1000000, split over the same shards. A mismatch prints the seed, both
// register dumps and the bisected first disagreeing block, and keeps the ELF in $TMPDIR.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "differential_check.h"
#include "program_generator.h"
#include "support/qemu_runner.h"

namespace zkrv::test {
namespace {

constexpr uint32_t kShards = 8;
constexpr uint64_t kProgramsPerShard = 500;
constexpr int kMaxReportsPerShard = 3;

uint64_t env_u64(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 0) : fallback;
}
uint64_t first_seed() { return env_u64("ZKRV_DIFF_SEED", 0); }
uint64_t programs_per_shard() { return env_u64("ZKRV_DIFF_PROGRAMS", kProgramsPerShard * kShards) / kShards; }

// CI installs qemu-user; a missing qemu must fail loudly, never skip.
TEST(Differential, QemuIsInstalled) {
  EXPECT_FALSE(find_qemu_riscv32().empty())
      << "qemu-riscv32 not found ($ZKRV_QEMU, then $PATH). The differential tests need Debian's qemu-user "
         "(apt-get install qemu-user).";
}

// Every opcode of RV32IM appears in the programs CI runs.
TEST(Differential, ProgramsCoverEveryOpcode) {
  std::array<uint64_t, rv::kOpCount> counts{};
  const uint64_t n = programs_per_shard() * kShards;
  for (uint64_t seed = first_seed(); seed < first_seed() + n; ++seed) {
    const GeneratedProgram p = generate_program(seed);
    for (size_t i = 0; i < rv::kOpCount; ++i) counts[i] += p.op_counts[i];
  }
  for (size_t i = 0; i < rv::kOpCount; ++i) {
    EXPECT_GT(counts[i], 0u) << "opcode never generated: " << rv::op_name(static_cast<rv::Op>(i));
  }
}

class DifferentialShard : public ::testing::TestWithParam<uint32_t> {};

TEST_P(DifferentialShard, RandomProgramsAgreeWithQemu) {
  QemuRunner qemu;  // throws, failing the test with a clear message, when qemu-riscv32 is missing
  const uint64_t per_shard = programs_per_shard();
  const uint64_t begin = first_seed() + GetParam() * per_shard;
  int mismatches = 0;
  for (uint64_t seed = begin; seed < begin + per_shard; ++seed) {
    const GeneratedProgram program = generate_program(seed);
    if (std::optional<std::string> report = check_generated_program(program, qemu)) {
      ++mismatches;
      if (mismatches <= kMaxReportsPerShard) ADD_FAILURE() << *report;
    }
  }
  EXPECT_EQ(mismatches, 0) << "programs that disagree with qemu among seeds [" << begin << ", " << begin + per_shard
                           << ")";
}

INSTANTIATE_TEST_SUITE_P(Seeds, DifferentialShard, ::testing::Range(0u, kShards));

}  // namespace
}  // namespace zkrv::test
