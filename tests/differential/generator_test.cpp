// Properties of the random program generator, and its programs validated under qemu-riscv32 alone:
// they run, terminate, write exactly the console and journal bytes the generator planned (the journal
// ending with the 124-byte register dump) and exit with the chosen code. This checks the generator independently of zkrv's executor.
#include "program_generator.h"

#include <gtest/gtest.h>

#include "support/qemu_runner.h"

namespace zkrv::test {
namespace {

TEST(ProgramGenerator, IsDeterministic) {
  for (uint64_t seed : {0ull, 1ull, 12345ull}) {
    EXPECT_EQ(generate_program(seed).elf, generate_program(seed).elf) << "seed " << seed;
  }
  EXPECT_NE(generate_program(1).elf, generate_program(2).elf);
}

TEST(ProgramGenerator, TruncationKeepsThePrefix) {
  const GeneratedProgram full = generate_program(77);
  GeneratorOptions options;
  options.block_limit = 5;
  const GeneratedProgram cut = generate_program(77, options);
  ASSERT_EQ(cut.blocks.size(), 5u);
  EXPECT_EQ(cut.total_blocks, full.total_blocks);
  EXPECT_EQ(cut.input, full.input);
  EXPECT_EQ(cut.exit_code, full.exit_code);
  for (size_t i = 0; i < cut.body_end; ++i) EXPECT_EQ(rv::encode(cut.code[i]), rv::encode(full.code[i])) << i;
}

TEST(ProgramGenerator, CoversEveryOpcode) {
  std::array<uint64_t, rv::kOpCount> counts{};
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const GeneratedProgram p = generate_program(seed);
    for (size_t i = 0; i < rv::kOpCount; ++i) counts[i] += p.op_counts[i];
  }
  for (size_t i = 0; i < rv::kOpCount; ++i) {
    EXPECT_GT(counts[i], 0u) << "opcode never generated: " << rv::op_name(static_cast<rv::Op>(i));
  }
}

TEST(ProgramGenerator, ProgramsRunUnderQemu) {
  QemuRunner qemu;  // throws (fails the test) when qemu-riscv32 is missing
  for (uint64_t seed = 0; seed < 100; ++seed) {
    const GeneratedProgram p = generate_program(seed);
    const QemuRun run = qemu.run_bytes(p.elf, p.input);
    ASSERT_TRUE(run.exited) << "seed " << seed << ": " << run.describe() << "\nstderr: "
                            << std::string(run.stderr_bytes.begin(), run.stderr_bytes.end());
    EXPECT_EQ(run.exit_status, static_cast<int>(p.exit_code & 0xff)) << "seed " << seed;
    ASSERT_EQ(run.journal.size(), p.expected_journal) << "seed " << seed;
    ASSERT_GE(run.journal.size(), kGenDumpSize) << "seed " << seed;
    EXPECT_EQ(run.stdout_bytes.size(), p.expected_stdout) << "seed " << seed;
    ASSERT_EQ(run.stderr_bytes.size(), p.expected_stderr) << "seed " << seed;
    // The epilogue's stderr write repeats the first bytes of the dump, which ends the journal.
    EXPECT_TRUE(std::equal(run.stderr_bytes.end() - p.stderr_bytes, run.stderr_bytes.end(),
                           run.journal.end() - kGenDumpSize)) << "seed " << seed;
    const std::vector<uint32_t> regs = parse_register_dump(run.journal);
    EXPECT_EQ(regs.at(p.base_reg - 1), kGenDataBase) << "seed " << seed;
  }
}

}  // namespace
}  // namespace zkrv::test
