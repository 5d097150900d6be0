// Malicious CPU traces, forged consistently (the other tables recomputed for the forged CPU trace by
// CpuTestMachine::rebalance, or built from forged events), each rejected by the debug builder naming
// the constraint (or the bus checker naming the tuple) and by the verifier; and a per-column mutation
// sweep of an honest trace in which every mutation is rejected.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "abi/syscalls.h"
#include "support/rv_encoder.h"
#include "vm/chips/cpu/cpu_chip.h"
#include "vm/chips/cpu/testing/cpu_machine.h"
#include "vm/isa/decoder.h"

namespace zkrv::chips {
namespace {

namespace rv = test::rv;
using testing::CpuTestMachine;
using testing::describe;
using testing::test_image;
using testing::with_exit;
using C = CpuColumn;
using L = LoadStoreChip;



bool names(const std::vector<ConstraintFailure>& failures, std::string_view constraint) {
  for (const auto& f : failures)
    if (f.name == constraint) return true;
  return false;
}


TEST(CpuAdversarial, HonestMachinesAreAccepted) {
  // The machines the forgeries start from are themselves accepted (so each rejection below is the
  // forgery's doing).
  for (const auto& code : {with_exit({rv::addi(5, 0, 1), rv::addi(6, 0, 2)}),
                           with_exit({rv::beq(0, 0, 4), rv::addi(5, 0, 3), rv::addi(0, 5, 7)})}) {
    const CpuTestMachine m(test_image(code));
    EXPECT_TRUE(m.check().empty());
    EXPECT_EQ(m.prove_and_verify(), "");
  }
}

TEST(CpuAdversarial, SkippedInstructionBreaksPcContinuity) {
  const ProgramImage image = test_image(with_exit({rv::addi(5, 0, 1), rv::addi(6, 0, 2), rv::addi(7, 0, 3)}));
  const CpuTestMachine honest(image);
  // The run without its second cycle, memory records replayed so every bus stays balanced.
  std::vector<CpuEvent> events;
  for (size_t c = 0; c < honest.execution().cpu.size(); ++c)
    if (c != 1) events.push_back(honest.execution().cpu[c]);
  const CpuTestMachine forged(image, testing::replay_registers(events));
  EXPECT_TRUE(forged.bus_imbalances().empty());
  const auto failures = forged.constraint_failures(CpuTestMachine::kCpu);
  EXPECT_TRUE(names(failures, "pc' = next_pc")) << describe(failures);
  EXPECT_NE(forged.prove_and_verify(), "");
}

TEST(CpuAdversarial, RepeatedInstructionBreaksPcContinuity) {
  const ProgramImage image = test_image(with_exit({rv::addi(5, 5, 1), rv::addi(6, 0, 2), rv::addi(7, 0, 3)}));
  const CpuTestMachine honest(image);
  // The run with its first cycle (x5 += 1) executed twice, memory records replayed so that every bus
  // stays balanced and x5 ends at 2.
  std::vector<CpuEvent> events;
  for (size_t c = 0; c < honest.execution().cpu.size(); ++c) {
    events.push_back(honest.execution().cpu[c]);
    if (c == 0) {
      CpuEvent again = honest.execution().cpu[0];
      again.rd.value = 2;
      events.push_back(again);
    }
  }
  const CpuTestMachine forged(image, testing::replay_registers(events));
  EXPECT_TRUE(forged.bus_imbalances().empty());
  const auto failures = forged.constraint_failures(CpuTestMachine::kCpu);
  EXPECT_TRUE(names(failures, "pc' = next_pc")) << describe(failures);
  EXPECT_NE(forged.prove_and_verify(), "");
}

TEST(CpuAdversarial, StoppingBeforeTheExitIsRejected) {
  const ProgramImage image = test_image(with_exit({rv::addi(5, 0, 1), rv::addi(6, 0, 2)}));
  const CpuTestMachine honest(image);
  // Cut the run after its second cycle: the CPU's trace generation refuses (the last cycle must halt),
  // so forge on the trace: make row 2 onwards padding.
  CpuTestMachine forged(image);
  auto& t = forged.trace(CpuTestMachine::kCpu);
  for (size_t r = 2; r < t.height(); ++r) {
    for (size_t c = 0; c < C::kWidth; ++c)
      if (c != C::kClk) t.row(r)[c] = Fp::zero();
  }
  // The program table's counts for the dropped fetches, and the boundary/bytes, follow the CPU.
  auto& program = forged.trace(CpuTestMachine::kProgram);
  for (size_t r = 2; r < program.height(); ++r) program.row(r)[0] = Fp::zero();
  forged.rebalance();
  const auto failures = forged.constraint_failures(CpuTestMachine::kCpu);
  EXPECT_TRUE(names(failures, "the last real row continues at the segment's final pc")) << describe(failures);
  EXPECT_NE(forged.prove_and_verify(), "");
}

TEST(CpuAdversarial, BranchClaimingUnequalForEqualOperandsIsRejected) {
  // beq x0, x0, +4 goes to pc + 4 taken or not, so claiming "not equal" changes only the comparison.
  CpuTestMachine m(test_image(with_exit({rv::beq(0, 0, 4), rv::addi(5, 0, 3)})));
  auto row = m.trace(CpuTestMachine::kCpu).row(0);
  ASSERT_EQ(row[C::kAluLo], Fp::one());
  row[C::kAluLo] = Fp::zero();
  row[C::kTaken] = Fp::zero();
  m.rebalance();
  EXPECT_TRUE(m.bus_imbalances().empty());
  const auto failures = m.constraint_failures(CpuTestMachine::kCpu);
  EXPECT_TRUE(names(failures, "beq/bne: not equal needs rd_lo d_lo + rd_hi d_hi = 1")) << describe(failures);
  EXPECT_NE(m.prove_and_verify(), "");
}

TEST(CpuAdversarial, RegisterWriteToX0IsUnbalancedOnTheProgramBus) {
  // addi x0, x5, 7 at row 1 forged to write x0 := 10; nothing reads x0 afterwards, so the memory
  // argument stays consistent: only the program table can object.
  CpuTestMachine m(test_image(with_exit({rv::addi(5, 0, 3), rv::addi(0, 5, 7)})));
  auto row = m.trace(CpuTestMachine::kCpu).row(1);
  ASSERT_EQ(row[C::field(kFieldRd)], Fp::zero());
  ASSERT_EQ(row[C::kAluLo], Fp(10u));
  row[C::field(kFieldWritesRd)] = Fp::one();
  row[C::kRdLo] = Fp(10u);  // the value the write claims (rd_lo must hold it where rd is written)
  ByteLookups scratch;
  // x0 was last accessed by row 0's rs1 read at timestamp 1; the write is at 4 * 1 + 4.
  MemoryAccessCols<Fp>::populate(MemoryAccessRecord{0, 10, 0, 8, 1}, scratch).write(row, C::kRd);
  m.rebalance();
  EXPECT_TRUE(m.constraint_failures(CpuTestMachine::kCpu).empty());
  const auto imbalances = m.bus_imbalances();
  ASSERT_FALSE(imbalances.empty());
  bool program_bus = false;
  for (const auto& i : imbalances) program_bus = program_bus || i.bus == kProgramBus;
  EXPECT_TRUE(program_bus) << imbalances[0].describe();
  for (const auto& i : imbalances) {
    EXPECT_EQ(i.bus, kProgramBus) << i.describe();
    EXPECT_EQ(i.tuple[kFieldPc], Fp(testing::kTestCode + 4));
  }
  EXPECT_NE(m.prove_and_verify(), "");
}

TEST(CpuAdversarial, JalrClearedBitCannotBeForged) {
  // jalr x0, x1, 4 with x1 = 0x10008 jumps to 0x1000c (the exit sequence). The forgery claims bit 0 of
  // the ALU's result (which the ALU chip proved) is set, so the target alu - bit0 is the misaligned
  // 0x1000b: next_pc follows, but the next row's pc (a program row's) cannot.
  CpuTestMachine m(test_image(with_exit({rv::lui(1, 0x10), rv::addi(1, 1, 8), rv::jalr(0, 1, 4)})));
  auto jalr = m.trace(CpuTestMachine::kCpu).row(2);
  ASSERT_EQ(jalr[C::kNextPc], Fp(0x1000cu));
  jalr[C::kBit0] = Fp::one();
  jalr[C::kNextPc] = Fp(0x1000bu);
  m.rebalance();
  EXPECT_TRUE(m.bus_imbalances().empty());
  const auto failures = m.constraint_failures(CpuTestMachine::kCpu);
  EXPECT_TRUE(names(failures, "pc' = next_pc")) << describe(failures);
  EXPECT_NE(m.prove_and_verify(), "");
}

// The CPU row of cycle `row` regenerated as if its instruction were `word` (same pc, same registers):
// the decoded fields are rewritten; the caller fixes the columns that follow from them.
void set_fields(RowMajorMatrix<Fp>& cpu, size_t row, uint32_t pc, uint32_t word) {
  const DecodedFields f = decode_fields(pc, decode(word));
  for (size_t i = 0; i < kNumDecodedFields; ++i) cpu.row(row)[C::field(static_cast<DecodedField>(i))] = Fp(f[i]);
}

bool has_imbalance_on(const std::vector<BusImbalance>& imbalances, Bus bus) {
  for (const auto& i : imbalances)
    if (i.bus == bus) return true;
  return false;
}

TEST(CpuAdversarial, MisalignedWordLoadIsRejected) {
  // The program holds lw x5, 2(x1) with x1 = 0x20000: the executor faults (misaligned). The forged
  // run executes it as the aligned load of the same word: the CPU sends rs1 + imm = 0x20002 (the
  // program row's imm), which the load-store row splits as word 0 + 2 bit1.
  const std::vector<uint32_t> data = {0x11223344u};
  const ProgramImage program = test_image(with_exit({rv::lui(1, 0x20), rv::lw(5, 1, 2)}), data);
  const CpuTestMachine honest(test_image(with_exit({rv::lui(1, 0x20), rv::lw(5, 1, 0)}), data));
  std::vector<CpuEvent> events(honest.execution().cpu.begin(), honest.execution().cpu.end());
  CpuTestMachine m(program, events);
  auto& cpu = m.trace(CpuTestMachine::kCpu);
  set_fields(cpu, 1, testing::kTestCode + 4, rv::lw(5, 1, 2));
  m.trace(CpuTestMachine::kLoadStore).row(0)[L::kBit1] = Fp::one();  // the access the CPU now sends
  m.rebalance();
  EXPECT_TRUE(m.bus_imbalances().empty());
  EXPECT_TRUE(m.constraint_failures(CpuTestMachine::kCpu).empty()) << describe(m.constraint_failures(0));
  const auto failures = m.constraint_failures(CpuTestMachine::kLoadStore);
  EXPECT_TRUE(names(failures, "a word access is 4-aligned (bit1)")) << describe(failures);
  EXPECT_NE(m.prove_and_verify(), "");
}

TEST(CpuAdversarial, StoreIntoReadOnlyCodeIsRejected) {
  // x1 = 0x10800. The program's sw x0, -0x800(x1) writes the code word 0x10000 (the executor faults);
  // the forged run is the honest sw x0, 0x7fc(x1) (RAM at 0x10ffc) moved to that address, with the
  // access now consuming the code word's image value, so the memory argument balances.
  const std::vector<uint32_t> head = {rv::lui(1, 0x11), rv::addi(1, 1, -0x800)};
  auto with = [&](uint32_t store) {
    auto code = head;
    code.push_back(store);
    return with_exit(code);
  };
  const auto forged_code = with(rv::sw(0, 1, -0x800));
  const CpuTestMachine honest(test_image(with(rv::sw(0, 1, 0x7fc))));
  // The CPU's trace generation refuses the store below the first writable word outright.
  std::vector<CpuEvent> events(honest.execution().cpu.begin(), honest.execution().cpu.end());
  events[2].instruction = rv::sw(0, 1, -0x800);
  events[2].mem_addr = testing::kTestCode >> 2;
  events[2].mem.prev_value = forged_code[0];
  events[2].mem.prev_timestamp = 0;
  EXPECT_THROW(CpuTestMachine(test_image(forged_code), events), std::invalid_argument);
  // So forge the row of the honest run instead.
  CpuTestMachine m(test_image(forged_code), honest.execution().cpu.span());
  auto& cpu = m.trace(CpuTestMachine::kCpu);
  set_fields(cpu, 2, testing::kTestCode + 8, rv::sw(0, 1, -0x800));
  // The CPU now sends rs1 + imm = (0x0800 + 0xF800, 0x0001 + 0xFFFF): the byte address 0x10000 with
  // both carries (mod 2^32).
  auto access = m.trace(CpuTestMachine::kLoadStore).row(0);  // the run's only store
  access[L::kWord] = Fp(0u);
  access[L::kAddrHi] = Fp(1u);
  access[L::kCarryLo] = Fp(1u);
  access[L::kCarryHi] = Fp(1u);
  ByteLookups scratch;
  MemoryAccessCols<Fp>::populate(MemoryAccessRecord{testing::kTestCode >> 2, 0, forged_code[0], 4 * 2 + 3, 0}, scratch)
      .write(access, L::kMem);
  access[L::kStoreGap] = Fp(0u);
  m.rebalance();
  EXPECT_TRUE(m.constraint_failures(CpuTestMachine::kCpu).empty()) << describe(m.constraint_failures(0));
  EXPECT_TRUE(m.constraint_failures(CpuTestMachine::kLoadStore).empty()) << describe(m.constraint_failures(1));
  // word address - first writable word is negative: its high part is no u16.
  const auto imbalances = m.bus_imbalances();
  EXPECT_TRUE(has_imbalance_on(imbalances, kByteBus));
  for (const auto& i : imbalances) EXPECT_EQ(i.bus, kByteBus) << i.describe();
  EXPECT_NE(m.prove_and_verify(), "");
}

TEST(CpuAdversarial, LoadOfAValueNeverStoredIsUnbalanced) {
  // lw x5, 0(x1) reads 0x11223344; the forged row reads (and writes to x5) 0x11223345 instead, every
  // constraint satisfied: only the memory argument can tell that nobody wrote that value.
  CpuTestMachine m(test_image(with_exit({rv::lui(1, 0x20), rv::lw(5, 1, 0)}), {0x11223344u}));
  auto row = m.trace(CpuTestMachine::kCpu).row(1);
  ASSERT_EQ(row[C::kAluLo], Fp(0x3344u));
  for (size_t c : {C::kAluLo, C::kRdLo}) row[c] = Fp(0x3345u);  // the value, rd's value
  auto access = m.trace(CpuTestMachine::kLoadStore).row(0);
  for (size_t c : {L::kDLo, L::kValLo, L::kMem + 0}) access[c] = Fp(0x3345u);  // d, the word, mem.prev_lo
  m.rebalance();
  EXPECT_TRUE(m.constraint_failures(CpuTestMachine::kCpu).empty()) << describe(m.constraint_failures(0));
  EXPECT_TRUE(m.constraint_failures(CpuTestMachine::kLoadStore).empty()) << describe(m.constraint_failures(1));
  const auto imbalances = m.bus_imbalances();
  ASSERT_TRUE(has_imbalance_on(imbalances, kMemoryBus));
  for (const auto& i : imbalances) EXPECT_EQ(i.bus, kMemoryBus) << i.describe();
  EXPECT_NE(m.prove_and_verify(), "");
}

// A register read from its own future. x5 := 5 (row 0, ts 4); row 1 reads x5 (ts 5) into x6; x5 := 7
// (row 2, ts 12); row 3 reads x5 (ts 13). The forged row 1 consumes (x5, 7, 12), the later write's
// tuple, and so copies 7 into x6; the write consumes (x5, 5, 4) instead and row 3 consumes row 1's
// (x5, 7, 5). Every memory tuple is sent once and received once, the ALU and the boundary follow: only
// row 1's timestamp order can object. ts - prev_ts - 1 = 5 - 12 - 1 = p - 8 decomposes with
// diff_hi = (p - 8) >> 16, which the paired gadgets' u8_pair lookup refuses (access.h, "Soundness":
// any diff_hi below 256 keeps the right side below 2^24).
TEST(CpuAdversarial, RegisterReadFromItsFutureIsUnbalancedOnTheByteBus) {
  CpuTestMachine m(test_image(with_exit({rv::addi(5, 0, 5), rv::addi(6, 5, 0), rv::addi(5, 0, 7), rv::addi(7, 5, 0)})));
  ASSERT_TRUE(m.check().empty());
  RowMajorMatrix<Fp>& t = m.trace(CpuTestMachine::kCpu);
  const size_t prev_lo = 0, prev_ts = 2, diff_lo = 3, diff_hi = 4;
  ASSERT_EQ(t(1, C::kRs1 + prev_ts), Fp(4u));
  ASSERT_EQ(t(2, C::kRd + prev_ts), Fp(5u));
  ASSERT_EQ(t(3, C::kRs1 + prev_ts), Fp(12u));
  const uint32_t wrapped = Fp::P - 8;
  ASSERT_EQ(Fp(5u) - Fp(12u) - Fp::one(), Fp(wrapped));
  t(1, C::kRs1 + prev_lo) = Fp(7u);
  t(1, C::kRs1 + prev_ts) = Fp(12u);
  t(1, C::kRs1 + diff_lo) = Fp(wrapped & 0xffffu);
  t(1, C::kRs1 + diff_hi) = Fp(wrapped >> 16);
  t(1, C::kAluLo) = Fp(7u);  // x6 := x5 + 0 = 7
  t(1, C::kRdLo) = Fp(7u);
  t(2, C::kRd + prev_ts) = Fp(4u);
  t(2, C::kRd + diff_lo) = Fp(12u - 4u - 1u);
  t(3, C::kRs1 + prev_ts) = Fp(5u);
  t(3, C::kRs1 + diff_lo) = Fp(13u - 5u - 1u);
  m.rebalance();
  EXPECT_TRUE(m.constraint_failures(CpuTestMachine::kCpu).empty()) << describe(m.constraint_failures(0));
  const auto imbalances = m.bus_imbalances();
  ASSERT_EQ(imbalances.size(), 1u);
  EXPECT_EQ(imbalances[0].bus, kByteBus) << imbalances[0].describe();
  EXPECT_EQ(imbalances[0].tuple[0], Fp(static_cast<uint32_t>(ByteOp::u8_pair)));
  EXPECT_EQ(imbalances[0].tuple[1], Fp(wrapped >> 16));
  EXPECT_NE(m.prove_and_verify(), "");
}

TEST(CpuAdversarial, MutationSweepRejectsEveryChange) {
  const std::vector<uint32_t> code = {rv::lui(1, 0x12345), rv::addi(2, 0, -3), rv::add(3, 1, 2),   rv::mul(4, 1, 2),
                                rv::beq(1, 1, 8),    rv::addi(5, 0, 1),  rv::bne(1, 2, 8),   rv::addi(5, 0, 2),
                                rv::blt(2, 1, 8),    rv::addi(5, 0, 3),  rv::bgeu(1, 2, 8),  rv::auipc(6, 1),
                                rv::jal(7, 8),       rv::addi(5, 0, 4),  rv::addi(8, 7, 0xd), rv::jalr(9, 8, 3),
                                rv::addi(0, 1, 1),   rv::fence(),        rv::lui(10, 0x20),  rv::lb(11, 10, 3),
                                rv::lhu(12, 10, 2),  rv::lw(13, 10, 4),  rv::sb(1, 10, 1),   rv::sh(2, 10, 6),
                                rv::sw(1, 10, 8),    rv::lh(14, 10, 6)};
  // jal x7 at 0x10030 links x7 = 0x10034; x8 = x7 + 0xd = 0x10041; jalr x9, x8, 3 at 0x1003c jumps to
  // 0x10044 (the fence, skipping the addi x0): its sum is odd before bit 0 is cleared.
  CpuTestMachine m(test_image(with_exit(code), {0x80ff7f01u, 0x12345678u, 0u}));
  ASSERT_TRUE(m.check().empty());
  ASSERT_LE(m.trace(CpuTestMachine::kCpu).height(), 64u);
  const auto report = m.sweep_cpu(64, 2, 7);  // every row
  EXPECT_EQ(report.mutations, 2u * C::kWidth * m.trace(CpuTestMachine::kCpu).height());
  EXPECT_EQ(report.proved, 2u);
  for (const auto& a : report.accepted) ADD_FAILURE() << "accepted: " << a;
}

}  // namespace
}  // namespace zkrv::chips
