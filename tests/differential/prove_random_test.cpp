// Random RV32IM programs (program_generator.h: every opcode, M-extension edge operands, every load and
// store width, branches, jal/jalr, loops, read/write syscalls) and a hand-written edge-case program,
// proved and verified by the whole machine (vm/machine/machine.h). The claim must be the executor's
// (journal with the register dump, exit code), and the traces must satisfy every constraint and bus.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "base/error.h"
#include "fri/config.h"
#include "program_generator.h"
#include "support/elf_builder.h"
#include "support/rv_encoder.h"
#include "vm/executor/executor.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine.h"
#include "vm/machine/machine_traces.h"

namespace zkrv::test {
namespace {

const FriConfig& b2() { return fri_config_by_name("zkrv-fri-b2-v2"); }

// Checks the traces with the debug builder, proves, verifies, and compares the claim with a plain run.
void prove_and_check(const ProgramImage& program, const std::vector<uint8_t>& input, const std::string& what) {
  const MachineImage image{program};
  ExecutorEnv env;
  env.input = input;
  env.console = [](int, std::span<const uint8_t>) {};
  const ExecutionResult expected = execute(program, env);

  env.max_cycles = kMaxSegmentCycles;
  const ExecutionTrace run = execute_traced(program, env);
  const MachineChips chips(image);
  const MachineTraces traces = generate_machine_traces(chips, image, run);
  for (const std::string& f : check_machine_traces(chips, traces, 2)) ADD_FAILURE() << what << ": " << f;

  const SegmentProof proof = prove_segment(image, input, b2());
  EXPECT_EQ(proof.claim.journal, expected.journal) << what;
  EXPECT_EQ(proof.claim.exit_code, expected.exit_code) << what;
  EXPECT_NO_THROW(verify_segment(machine_shape(image), preprocessed_root(b2()), proof.statement, proof.claim, proof.proof))
      << what;
}

TEST(ProveRandomPrograms, EveryOpcodeProvesAndVerifies) {
  std::set<size_t> covered;
  for (uint64_t seed = 0; seed < 6; ++seed) {
    const GeneratedProgram p = generate_program(seed);
    for (size_t op = 0; op < p.op_counts.size(); ++op)
      if (p.op_counts[op] != 0) covered.insert(op);
    prove_and_check(load_elf(p.elf), p.input, "seed " + std::to_string(seed));
  }
  EXPECT_EQ(covered.size(), static_cast<size_t>(rv::kOpCount)) << "the sample does not cover every opcode";
}

// The RISC-V edge cases by hand: division and remainder by zero and INT_MIN / -1 (signed and unsigned),
// high products of signed and unsigned extremes, shifts by 0 and 31 (immediate and register forms),
// sign-extending and zero-extending loads of 0x80 / 0x8000 at every offset, sub-word stores, writes to
// x0 (which must stay 0), slt/sltu on the sign boundary, and jalr with an odd target (bit 0 cleared).
TEST(ProveRandomPrograms, EdgeCasesProveAndVerify) {
  std::vector<uint32_t> code = {
      rv::lui(5, 0x80000),         // x5 = INT_MIN
      rv::addi(6, 0, -1),          // x6 = -1
      rv::addi(7, 0, 7),
      rv::div(8, 5, 6), rv::rem(9, 5, 6), rv::divu(10, 5, 6), rv::remu(11, 5, 6),
      rv::div(8, 7, 0), rv::rem(9, 7, 0), rv::divu(10, 7, 0), rv::remu(11, 7, 0),
      rv::div(8, 5, 0), rv::rem(9, 6, 0),
      rv::mulh(12, 5, 5), rv::mulhu(12, 6, 6), rv::mulhsu(12, 5, 6), rv::mulhsu(12, 6, 5), rv::mul(12, 5, 6),
      rv::slli(13, 6, 31), rv::srli(13, 5, 31), rv::srai(13, 5, 31), rv::srai(13, 6, 0), rv::slli(13, 7, 0),
      rv::addi(14, 0, 31), rv::sll(13, 6, 14), rv::srl(13, 5, 14), rv::sra(13, 5, 14),
      rv::addi(14, 0, 63), rv::sll(13, 7, 14),  // only the low 5 bits of the amount count
      rv::slt(15, 5, 6), rv::sltu(15, 5, 6), rv::slti(15, 5, -1), rv::sltiu(15, 6, -1),
      // data: 0x20000 holds 0x80FF8000 (set up by stores first)
      rv::lui(16, 0x20), rv::lui(17, 0x80ff8), rv::sw(17, 16, 0),
      rv::lb(18, 16, 0), rv::lb(18, 16, 1), rv::lb(18, 16, 2), rv::lb(18, 16, 3),
      rv::lbu(18, 16, 0), rv::lbu(18, 16, 1), rv::lbu(18, 16, 2), rv::lbu(18, 16, 3),
      rv::lh(18, 16, 0), rv::lh(18, 16, 2), rv::lhu(18, 16, 0), rv::lhu(18, 16, 2),
      rv::sb(6, 16, 1), rv::sh(7, 16, 2), rv::lw(18, 16, 0),
      rv::addi(0, 7, 5), rv::add(0, 5, 6), rv::lw(0, 16, 0), rv::lui(0, 0x12345),  // writes to x0
      rv::add(19, 0, 0),                                                       // x19 = x0 = 0
      rv::auipc(20, 0), rv::addi(20, 20, 17), rv::jalr(21, 20, 0),             // target auipc + 16, odd
      rv::addi(22, 0, 1),                                                      // skipped
      rv::sw(19, 16, 4),                                                       // journal: x19 (0)
      rv::addi(10, 0, 3), rv::addi(11, 16, 4), rv::addi(12, 0, 4), rv::addi(17, 0, 64), rv::ecall(),
      rv::sw(18, 16, 8),                                                       // journal: x18
      rv::addi(10, 0, 3), rv::addi(11, 16, 8), rv::addi(12, 0, 4), rv::addi(17, 0, 64), rv::ecall(),
      rv::add(10, 13, 15), rv::addi(17, 0, 93), rv::ecall()};
  ElfSpec spec;
  spec.entry = 0x10000;
  spec.segments.push_back({0x10000, words_to_bytes(code), 0, kPfR | kPfX});
  spec.segments.push_back({0x20000, std::vector<uint8_t>(16, 0), 0, kPfR | kPfW});
  const ProgramImage program = load_elf(build_elf(spec));
  ExecutorEnv env;
  env.console = [](int, std::span<const uint8_t>) {};
  const ExecutionResult r = execute(program, env);
  ASSERT_EQ(r.journal.size(), 8u);
  EXPECT_EQ(r.journal[0] | r.journal[1] | r.journal[2] | r.journal[3], 0) << "x0 must read 0 after writes";
  EXPECT_EQ(r.registers[22], 0u) << "jalr with an odd target must clear bit 0 and skip one instruction";
  prove_and_check(program, {}, "edge cases");
}

}  // namespace
}  // namespace zkrv::test
