// A handful of read(0) patterns (read_patterns.h) run by the read_patterns guest, proved and verified
// with the whole machine through the host API, as `zkrv prove` and `zkrv verify` do: prove_receipt,
// the receipt through its file format, verify_receipt against the guest's image ID. The verified claim
// must be the executor's run (exit code, journal) and the ABI's (the host model). Only honest runs:
// they must keep proving when the syscall chip enforces read's result itself.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "fri/config.h"
#include "host/image_id.h"
#include "host/prove.h"
#include "host/receipt.h"
#include "host/verify.h"
#include "read_patterns.h"
#include "vm/executor/executor.h"
#include "vm/isa/program_image.h"

namespace zkrv::test {
namespace {

struct Guest {
  ProgramImage program;
  Digest image_id;
};

// Loaded and its image ID computed once: the ID commits the image under every named configuration.
const Guest& guest() {
  static const std::unique_ptr<Guest> g = [] {
    auto loaded = std::make_unique<Guest>();
    loaded->program = load_elf_file(std::string(ZKRV_GUEST_BIN_DIR) + "/read_patterns.elf");
    loaded->image_id = image_id_of(loaded->program);
    return loaded;
  }();
  return *g;
}

class ProveReadPattern : public ::testing::TestWithParam<std::string> {};

TEST_P(ProveReadPattern, ProvesAndVerifies) {
  const ReadPattern& pattern = read_pattern(GetParam());
  ExecutorEnv env;
  env.input = pattern.input;
  env.console = [](int, std::span<const uint8_t>) {};
  const ExecutionResult run = execute(guest().program, env);
  const ReadPatternOutcome expected = expected_read_pattern_outcome(pattern.input);
  ASSERT_EQ(run.journal, expected.journal);
  ASSERT_EQ(run.exit_code, expected.exit_code);

  const Receipt receipt = prove_receipt(guest().program, pattern.input, named_fri_configs()[0]);
  const ReceiptClaim claim = verify_receipt(deserialize_receipt(serialize_receipt(receipt)), guest().image_id);
  EXPECT_EQ(claim.image_id, guest().image_id);
  EXPECT_EQ(claim.exit_code, run.exit_code);
  EXPECT_EQ(claim.journal, run.journal);
}

// The cases of the ABI, few enough for CI: an empty input (reads of count 0 and 1 at its end); a short
// read followed by reads that return 0; an input that ends exactly at a read boundary, then reads of
// count 0, 1 and 3 at the end; reads of count 0 in the middle and at the end, into buffers starting at
// every byte of a word.
INSTANTIATE_TEST_SUITE_P(Patterns, ProveReadPattern,
                         ::testing::Values("empty_input", "counts_0_to_8_short_read", "exact_boundary_then_eof",
                                           "count_0_mid_input_and_at_eof"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace zkrv::test
