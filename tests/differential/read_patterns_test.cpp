// read(0) patterns (read_patterns.h) run by the read_patterns guest under zkrv's executor and under
// qemu-riscv32, where fd 0 is a regular file: both must agree exactly (exit code & 0xff, journal,
// stdout, stderr), and both must match the host's model of the ABI (read returns min(count, bytes
// left)), so a guest that ignored its pattern could not pass.
//
// Why a C guest rather than elf_builder programs: one ELF, built by the normal build with the guest
// SDK, takes its pattern from its input, so new patterns need no new code, the path a real guest uses
// (crt0, the SDK's raw read) is the one tested, and the prove test proves the very same ELF.
#include <gtest/gtest.h>

#include <string>

#include "differential_check.h"
#include "read_patterns.h"
#include "support/qemu_runner.h"
#include "support/temp_files.h"
#include "zkrv_runner.h"

namespace zkrv::test {
namespace {

std::string guest_path() { return std::string(ZKRV_GUEST_BIN_DIR) + "/read_patterns.elf"; }

TEST(ReadPatterns, CoverTheCasesOfTheAbi) {
  bool empty_input = false, short_read_then_more = false, ends_at_read_boundary = false, count_0_mid_input = false,
       count_0_at_end = false;
  for (const ReadPattern& p : read_patterns()) {
    const ReadPatternOutcome o = expected_read_pattern_outcome(p.input);
    empty_input |= p.input.empty();
    short_read_then_more |= o.short_read_then_more;
    ends_at_read_boundary |= o.ends_at_read_boundary;
    count_0_mid_input |= o.count_0_mid_input;
    count_0_at_end |= o.count_0_at_end;
  }
  EXPECT_TRUE(empty_input);
  EXPECT_TRUE(short_read_then_more);
  EXPECT_TRUE(ends_at_read_boundary);
  EXPECT_TRUE(count_0_mid_input);
  EXPECT_TRUE(count_0_at_end);
}

TEST(ReadPatterns, ExecutorAgreesWithQemuAndTheAbi) {
  QemuRunner qemu;  // throws, failing the test with a clear message, when qemu-riscv32 is missing
  const std::vector<uint8_t> elf = read_file_bytes(guest_path());
  for (const ReadPattern& p : read_patterns()) {
    SCOPED_TRACE(p.name);
    const QemuRun theirs = qemu.run_file(guest_path(), p.input);
    const ZkrvRun ours = run_zkrv(elf, p.input);
    if (const auto diff = compare_runs(theirs, ours)) ADD_FAILURE() << "zkrv and qemu disagree:\n" << *diff;

    const ReadPatternOutcome expected = expected_read_pattern_outcome(p.input);
    ASSERT_TRUE(ours.exited) << ours.describe();
    EXPECT_EQ(ours.journal, expected.journal);
    EXPECT_EQ(std::string(ours.stdout_bytes.begin(), ours.stdout_bytes.end()), expected.console);
    EXPECT_TRUE(ours.stderr_bytes.empty());
    EXPECT_EQ(ours.exit_code, expected.exit_code);  // all 32 bits: the hash of the journal
  }
}

}  // namespace
}  // namespace zkrv::test
