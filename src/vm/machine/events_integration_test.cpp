// The executor's tracing mode (vm/executor/tracing.h) against the chips that consume its events: the
// events of real guests, turned into rows, must balance every bus and satisfy every constraint. These
// pin the contract between tracing and chips (addresses, timestamps, the image rule, which instructions
// delegate which ALU operation) before the CPU chip ties them together.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "support/elf_builder.h"
#include "support/rv_encoder.h"
#include "vm/chips/add_sub/add_sub_chip.h"
#include "vm/chips/bitwise/bitwise_chip.h"
#include "vm/chips/divrem/divrem_chip.h"
#include "vm/chips/lt/lt_chip.h"
#include "vm/chips/mul/mul_chip.h"
#include "vm/chips/shift/shift_chip.h"
#include "vm/chips/memory/memory_boundary_chip.h"
#include "vm/chips/memory/testing/memory_machine.h"
#include "vm/chips/testing/alu_machine.h"
#include "vm/executor/tracing.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine_image.h"

namespace zkrv {
namespace {

using namespace chips;

std::string elf_path(const std::string& name) { return std::string(ZKRV_GUEST_BIN_DIR) + "/" + name + ".elf"; }

// "m_edges": a hand-written program (no C guest uses mulhsu, div or rem) over the M extension's edge
// cases: signed and unsigned operands, division by zero, INT_MIN / -1. The example guests by name.
ProgramImage load_guest(const std::string& name) {
  if (name != "m_edges") return load_elf_file(elf_path(name));
  namespace rv = test::rv;
  std::vector<uint32_t> code = {
      rv::addi(10, 0, -7), rv::addi(11, 0, 3), rv::lui(12, 0x80000), rv::addi(13, 0, -1),
      rv::mulhsu(14, 10, 11), rv::mulhsu(14, 12, 13), rv::mulhsu(14, 11, 10),
      rv::div(14, 10, 11), rv::rem(14, 10, 11), rv::div(14, 10, 0), rv::rem(14, 10, 0),   // / 0
      rv::div(14, 12, 13), rv::rem(14, 12, 13), rv::div(14, 11, 10), rv::rem(14, 11, 10),  // INT_MIN / -1
      rv::divu(14, 10, 0), rv::remu(14, 12, 11), rv::mulh(14, 12, 12), rv::mulhu(14, 13, 13),
      rv::addi(10, 0, 0), rv::addi(17, 0, 93), rv::ecall()};
  test::ElfSpec spec;
  spec.entry = 0x10000;
  spec.segments.push_back({0x10000, test::words_to_bytes(code), 0, test::kPfR | test::kPfX});
  return load_elf(test::build_elf(spec));
}

// Only echo reads its input as text; the other guests get none (fibonacci would read "zkrv" as n).
ExecutionTrace trace_guest(const std::string& name, const ProgramImage& program) {
  ExecutorEnv env;
  if (name == "echo") env.input = {'z', 'k', 'r', 'v', '\n'};
  env.max_cycles = uint64_t{1} << 22;  // the segment limit: these guests need far fewer
  env.console = [](int, std::span<const uint8_t>) {};
  return execute_traced(program, env);
}

// Every memory access of the run, as the executor recorded it (the CPU's four slots and the ecalls').
std::vector<testing::DriverAccess> all_accesses(const ExecutionTrace& t) {
  std::vector<testing::DriverAccess> out;
  auto add = [&](const MemoryAccess& a, bool write) {
    out.push_back({{a.addr, a.value, a.prev_value, a.timestamp, a.prev_timestamp}, write});
  };
  for (const CpuEvent& e : t.cpu.span()) {
    if (e.has(CpuEvent::kReadsRs1)) add(e.rs1_access(), false);
    if (e.has(CpuEvent::kReadsRs2)) add(e.rs2_access(), false);
    if (e.has(CpuEvent::kMemoryRead)) add(e.memory_access(), false);
    if (e.has(CpuEvent::kMemoryWrite)) add(e.memory_access(), true);
    if (e.has(CpuEvent::kWritesRd)) add(e.rd_access(), true);
  }
  // An ecall access that keeps its word (a journal read, an input byte equal to the old one) is a read.
  for (const MemoryAccess& a : t.syscall_accesses) add(a, a.value != a.prev_value);
  return out;
}

class EventsIntegration : public ::testing::TestWithParam<std::string> {};

TEST_P(EventsIntegration, MemoryChipsBalanceTheRealAccesses) {
  const ProgramImage program = load_guest(GetParam());
  const ExecutionTrace t = trace_guest(GetParam(), program);
  const MachineImage machine{program};
  const auto reserved = machine.reserved_words();
  MemoryImageChip image(program, machine.registers, reserved);
  const std::vector<FinalWord> touched = final_words(std::span<const MemoryBoundary>(t.memory));
  const std::vector<FinalWord> finals = final_memory(image.words(), touched);
  const auto accesses = all_accesses(t);
  ASSERT_GT(accesses.size(), t.cpu.size());
  // Every touched address the executor calls "in the image" is an image word, and vice versa.
  for (const MemoryBoundary& b : t.memory) {
    const bool in_image = std::any_of(image.words().begin(), image.words().end(),
                                      [&](const InitialWord& w) { return w.addr == b.addr; });
    EXPECT_EQ(in_image, b.in_image != 0) << "address " << b.addr;
  }
  testing::MemoryTestMachine m(std::move(image), accesses, finals);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << GetParam() << ": " << problems.size() << " problems, first: " << problems.front();
  if (t.cpu.size() < 20000) {
    EXPECT_EQ(m.prove_and_verify(), "") << GetParam();
  }
}

TEST_P(EventsIntegration, AluChipsProveTheRealOperations) {
  // Every ALU operation of the run, routed as the machine does: each op to its chip.
  const ProgramImage program = load_guest(GetParam());
  const ExecutionTrace t = trace_guest(GetParam(), program);
  std::vector<AluEvent> add_sub, bitwise, lt, shift, mul, divrem;
  for (const AluEvent& e : t.alu.span()) {
    EXPECT_EQ(e.a, evaluate_alu(e.op, e.b, e.c));
    switch (e.op) {
      case AluOp::add: case AluOp::sub: add_sub.push_back(e); break;
      case AluOp::xor_: case AluOp::or_: case AluOp::and_: bitwise.push_back(e); break;
      case AluOp::slt: case AluOp::sltu: lt.push_back(e); break;
      case AluOp::sll: case AluOp::srl: case AluOp::sra: shift.push_back(e); break;
      case AluOp::mul: case AluOp::mulh: case AluOp::mulhsu: case AluOp::mulhu: mul.push_back(e); break;
      case AluOp::div: case AluOp::divu: case AluOp::rem: case AluOp::remu: divrem.push_back(e); break;
    }
  }
  ASSERT_FALSE(add_sub.empty());
  testing::AluTestMachine m(t.alu.span());
  m.add_chip(AddSubChip{}, AddSubChip{}.generate_trace(add_sub, m.bytes()), AddSubChip::kColumnNames);
  m.add_chip(BitwiseChip{}, BitwiseChip{}.generate_trace(bitwise, m.bytes()), BitwiseChip::kColumnNames);
  m.add_chip(LtChip{}, LtChip{}.generate_trace(lt, m.bytes()), LtChip::kColumnNames);
  m.add_chip(ShiftChip{}, ShiftChip{}.generate_trace(shift, m.bytes()), ShiftChip::kColumnNames);
  m.add_chip(MulChip{}, MulChip{}.generate_trace(mul, m.bytes()), MulChip::kColumnNames);
  m.add_chip(DivRemChip{}, DivRemChip{}.generate_trace(divrem, m.bytes()), DivRemChip::kColumnNames);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << GetParam() << ": " << problems.front();
  if (t.alu.size() < 20000) {
    EXPECT_TRUE(m.proves()) << GetParam();
  }
}

// The guests together exercise every ALU operation, so the test above proves each kind at least once.
TEST(EventsIntegrationCoverage, GuestsTogetherUseEveryAluOperation) {
  std::set<AluOp> seen;
  for (const char* name : {"exit_code", "echo", "brk_test", "fibonacci", "cpp_templates", "libc_demo", "m_edges"}) {
    const ExecutionTrace t = trace_guest(name, load_guest(name));
    for (const AluEvent& e : t.alu.span()) seen.insert(e.op);
  }
  std::string missing;
  for (unsigned op = 1; op <= kAluOpCount; ++op)
    if (!seen.count(static_cast<AluOp>(op))) missing += std::string(alu_op_name(static_cast<AluOp>(op))) + " ";
  EXPECT_EQ(missing, "");
}

INSTANTIATE_TEST_SUITE_P(Guests, EventsIntegration,
                         ::testing::Values("exit_code", "echo", "brk_test", "fibonacci", "cpp_templates", "libc_demo",
                                           "m_edges"));

}  // namespace
}  // namespace zkrv
