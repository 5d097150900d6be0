// The whole RV32IM machine on real guests: every example and ABI test guest is traced, its traces
// satisfy every constraint and balance every bus (debug builder), and it is proved and verified with a
// named configuration; the proof is bound to the claim (journal, exit code) and to the image.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "fri/config.h"
#include "hash/digest.h"
#include "vm/executor/tracing.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine.h"
#include "vm/machine/machine_traces.h"

namespace zkrv {
namespace {

std::string elf_path(const std::string& name) { return std::string(ZKRV_GUEST_BIN_DIR) + "/" + name + ".elf"; }

struct GuestCase {
  const char* name;
  std::vector<uint8_t> input;
  friend void PrintTo(const GuestCase& c, std::ostream* os) { *os << c.name; }
};

std::vector<uint8_t> text_bytes(std::string_view text) { return {text.begin(), text.end()}; }

const FriConfig& b2() { return fri_config_by_name("zkrv-fri-b2-v2"); }

ExecutionTrace trace_run(const MachineImage& image, const std::vector<uint8_t>& input) {
  ExecutorEnv env;
  env.input = input;
  env.max_cycles = kMaxSegmentCycles;
  env.console = [](int, std::span<const uint8_t>) {};
  return execute_traced(image.program, env);
}

class MachineGuests : public ::testing::TestWithParam<GuestCase> {};

TEST_P(MachineGuests, TracesSatisfyEveryConstraintAndBus) {
  const MachineImage image{load_elf_file(elf_path(GetParam().name))};
  const ExecutionTrace run = trace_run(image, GetParam().input);
  const MachineChips chips(image);
  const MachineTraces traces = generate_machine_traces(chips, image, run);
  EXPECT_EQ(traces.claim.journal, run.result.journal);
  EXPECT_EQ(traces.claim.exit_code, run.result.exit_code);
  const std::vector<std::string> failures = check_machine_traces(chips, traces);
  for (const std::string& f : failures) ADD_FAILURE() << f;
}

TEST_P(MachineGuests, ProvesAndVerifies) {
  const MachineImage image{load_elf_file(elf_path(GetParam().name))};
  const SegmentProof proof = prove_segment(image, GetParam().input, b2());
  const ExecutionTrace run = trace_run(image, GetParam().input);
  EXPECT_EQ(proof.claim.journal, run.result.journal);
  EXPECT_EQ(proof.claim.exit_code, run.result.exit_code);
  EXPECT_EQ(proof.report.cycles, run.cpu.size());
  const MachineShape shape = machine_shape(image);
  const Digest root = preprocessed_root(b2());
  EXPECT_NO_THROW(verify_segment(shape, root, proof.statement, proof.claim, proof.proof));

  // The claim is bound: another exit code, a changed, missing or extra journal byte is rejected.
  SegmentClaim other = proof.claim;
  other.exit_code ^= 1;
  EXPECT_THROW(verify_segment(shape, root, proof.statement, other, proof.proof), ProofRejected);
  other = proof.claim;
  other.journal.push_back(0);
  EXPECT_THROW(verify_segment(shape, root, proof.statement, other, proof.proof), ProofRejected);
  if (!proof.claim.journal.empty()) {
    other = proof.claim;
    other.journal.back() ^= 0x40;
    EXPECT_THROW(verify_segment(shape, root, proof.statement, other, proof.proof), ProofRejected);
    other = proof.claim;
    other.journal.pop_back();
    EXPECT_THROW(verify_segment(shape, root, proof.statement, other, proof.proof), ProofRejected);
  }
  // ... and so is the state: another first pc or final pc, another pre- or post-state root, a halting
  // segment presented as not halting; and the image: another preprocessed root.
  for (int k = 0; k < 5; ++k) {
    SegmentStatement moved = proof.statement;
    if (k == 0) moved.pre_pc += 4;
    if (k == 1) moved.post_pc += 4;
    if (k == 2) moved.pre_root.elems[3] += Fp::one();
    if (k == 3) moved.post_root.elems[0] += Fp::one();
    if (k == 4) moved.halted = false;
    EXPECT_THROW(verify_segment(shape, root, moved, proof.claim, proof.proof), ProofRejected) << k;
  }
  Digest wrong_root = root;
  wrong_root.elems[0] += Fp::one();
  EXPECT_THROW(verify_segment(shape, wrong_root, proof.statement, proof.claim, proof.proof), ProofRejected);

  // A CPU table taller than a segment is refused by the verifier itself, before anything else is read
  // (timestamps 4 clk + slot must stay below 2^25; the prover's own refusal is not a check).
  StarkProof tall = proof.proof;
  tall.log_heights[MachineChips::kCpu] = 23;
  try {
    verify_segment(shape, root, proof.statement, proof.claim, tall);
    ADD_FAILURE() << "a 2^23-row CPU table was accepted";
  } catch (const ProofRejected& e) {
    EXPECT_NE(std::string(e.what()).find("taller than a segment"), std::string::npos) << e.what();
  }
}

// A guest the executor faults on has no proof: prove_segment stops with the executor's GuestFault (zkrv
// exit code 4), naming the fault.
TEST(MachineFaults, FaultingGuestsAreNotProved) {
  for (const char* guest : {"misaligned_load", "misaligned_store", "store_to_code", "null_deref",
                            "illegal_instruction", "unknown_syscall"}) {
    const MachineImage image{load_elf_file(elf_path(guest))};
    try {
      prove_segment(image, {}, b2());
      ADD_FAILURE() << guest << " was proved";
    } catch (const GuestFault& e) {
      EXPECT_EQ(e.exit_code(), 4) << guest;
    }
  }
}

// A run longer than one segment is refused with a message that says so (zkrv exit code 5).
TEST(MachineFaults, RunBeyondTheSegmentLimitIsRefusedClearly) {
  const MachineImage image{load_elf_file(elf_path("infinite_loop"))};
  try {
    prove_segment(image, {}, b2());
    ADD_FAILURE() << "an endless guest was proved";
  } catch (const CycleLimitReached& e) {
    EXPECT_EQ(e.exit_code(), 5);
    EXPECT_NE(std::string(e.what()).find("segment"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("4194304"), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Guests, MachineGuests,
                         ::testing::Values(GuestCase{"exit_code", {}}, GuestCase{"echo", {'z', 'k', 'r', 'v', '\n'}},
                                           GuestCase{"brk_test", {}}, GuestCase{"bad_fd", {}},
                                           GuestCase{"fibonacci", {}}, GuestCase{"fibonacci", {100, 0, 0, 0}},
                                           GuestCase{"sha256", {'a', 'b', 'c'}}, GuestCase{"cpp_templates", {}},
                                           GuestCase{"libc_demo", {}}, GuestCase{"cpp_stl", {}},
                                           GuestCase{"cpp_failures", {'u'}}, GuestCase{"cpp_failures", {'o'}},
                                           GuestCase{"json_ledger", text_bytes(R"({"balances": {"a": 9, "b": 1},
                                                     "transfers": [{"from": "a", "to": "b", "amount": 4}]})")},
                                           GuestCase{"json_ledger", text_bytes("{\"balances\": [")}),
                         [](const ::testing::TestParamInfo<GuestCase>& info) {
                           return std::string(info.param.name) + "_" + std::to_string(info.index);
                         });

}  // namespace
}  // namespace zkrv
