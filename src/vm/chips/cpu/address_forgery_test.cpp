// Forged runs against 8f593ad (the load-store chip adds rs1 + imm; the ALU operand is imm + rs2; jalr keeps
// only bit0 and the 0x3FFF - alu_hi lookup). Each forgery is a claim the executor cannot produce, built
// consistently (rebalance(), or by hand where the memory boundary would refuse the address), and each
// test names what rejects it: the one constraint, or the one bus tuple, left unsatisfied.
#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "support/rv_encoder.h"
#include "vm/chips/cpu/cpu_chip.h"
#include "vm/chips/cpu/testing/cpu_machine.h"
#include "vm/executor/executor.h"
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
using MB = MemoryBoundaryChip;
constexpr uint32_t kCode = testing::kTestCode;
const Fp kU16(static_cast<uint32_t>(ByteOp::u16));

bool names(const std::vector<ConstraintFailure>& failures, std::string_view constraint) {
  for (const auto& f : failures)
    if (f.name == constraint) return true;
  return false;
}

// Every chip's constraints hold (the forgery is consistent: only a bus can object).
void expect_no_constraint_failure(const CpuTestMachine& m) {
  for (size_t c = 0; c < m.num_chips(); ++c)
    EXPECT_TRUE(m.constraint_failures(c).empty()) << m.chip_name(c) << ":\n" << describe(m.constraint_failures(c));
}

bool has_u16(const std::vector<BusImbalance>& imbalances, Fp value) {
  for (const auto& i : imbalances)
    if (i.bus == kByteBus && i.tuple.size() == 4 && i.tuple[0] == kU16 && i.tuple[1] == value &&
        i.tuple[2] == Fp::zero() && i.tuple[3] == Fp::zero())
      return true;
  return false;
}

// The ALU bus carries `e` (the CPU trace sends it, so the ALU chips were rebuilt to answer it).
bool sends_alu(const CpuTestMachine& m, const AluEvent& e) {
  const auto& alu = m.cpu_output().alu;
  return std::find(alu.begin(), alu.end(), e) != alu.end();
}

std::string list(const std::vector<BusImbalance>& imbalances) {
  std::string s;
  for (const auto& i : imbalances) s += i.describe() + "\n";
  return s;
}

void set_fields(RowMajorMatrix<Fp>& cpu, size_t row, uint32_t pc, uint32_t word) {
  const DecodedFields f = decode_fields(pc, decode(word));
  for (size_t i = 0; i < kNumDecodedFields; ++i) cpu.row(row)[C::field(static_cast<DecodedField>(i))] = Fp(f[i]);
}

void set_word(std::span<Fp> row, size_t lo, uint32_t value) {
  row[lo] = Fp(value & 0xffffu);
  row[lo + 1] = Fp(value >> 16);
}

// The byte table answers every in-table lookup the edited traces send (what rebalance() does, for
// machines whose boundary rebalance() cannot rebuild); tuples no table row holds stay unbalanced.
void settle_bytes(CpuTestMachine& m) {
  RowMajorMatrix<Fp>& table = m.trace(m.num_chips() - 1);
  const Fp pair(static_cast<uint32_t>(ByteOp::u8_pair));
  for (const auto& i : m.bus_imbalances()) {
    if (i.bus != kByteBus || i.tuple[3] != Fp::zero()) continue;
    const uint32_t a = i.tuple[1].as_canonical(), b = i.tuple[2].as_canonical();
    if (i.tuple[0] == kU16 && a < 0x10000 && b == 0) table(a, static_cast<size_t>(ByteOp::u16)) += i.net_multiplicity;
    if (i.tuple[0] == pair && a < 256 && b < 256) table(a + 256 * b, static_cast<size_t>(ByteOp::u8_pair)) += i.net_multiplicity;
  }
}

// The memory boundary's last real row (the highest address, `from`) moved to word address `to` >= 2^28,
// which MemoryBoundaryChip::generate_trace refuses: the run's access there is the forgery's.
void move_last_boundary_word(CpuTestMachine& m, uint32_t from, uint32_t to) {
  RowMajorMatrix<Fp>& t = m.trace(CpuTestMachine::kBoundary);
  size_t last = 0;
  while (last + 1 < t.height() && t(last + 1, MB::kIsReal) == Fp::one()) ++last;
  const auto addr = [&](size_t r) { return t(r, MB::kAddrLo).as_canonical() | (t(r, MB::kAddrHi).as_canonical() << 16); };
  ASSERT_EQ(addr(last), from);
  t(last, MB::kAddrLo) = Fp(to & 0xffffu);
  t(last, MB::kAddrHi) = Fp(to >> 16);
  const uint32_t diff = to - addr(last - 1) - 1;
  t(last - 1, MB::kDiffLo) = Fp(diff & 0xffffu);
  t(last - 1, MB::kDiffHi) = Fp(diff >> 16);
}

// (a) jalr x0, x1, 0 with x1 = 0x10010 + p + extra: alu_hi = 0x7801 > 0x3FFF, and alu - bit0 with
// bit0 = extra is 0x10010 + p, i.e. the exit sequence's pc in the field. The executor faults (it jumps
// to x1 & ~1, far outside the code). Forged from the honest run with x1 = 0x10010: lui and addi now
// build x1 (their ALU sends and register records follow), jalr sends add(x1, x1, 0) and keeps next_pc.
// Everything balances but the jalr's u16 lookup of 0x3FFF - alu_hi.
std::vector<uint32_t> jalr_code(uint32_t x1) {
  return with_exit({rv::lui(1, x1 >> 12), rv::addi(1, 1, static_cast<int32_t>(x1 & 0x7ffu)), rv::jalr(0, 1, 0),
                    rv::addi(5, 0, 1)});
}

TEST(AddressForgery, JalrToAValidPcPlusPIsRejectedByTheAluHiBound) {
  constexpr uint32_t kTarget = kCode + 16;  // the exit sequence
  const CpuTestMachine honest(test_image(jalr_code(kTarget)));
  ASSERT_TRUE(honest.check().empty());
  ASSERT_EQ(honest.trace(CpuTestMachine::kCpu)(2, C::kNextPc), Fp(kTarget));
  // x1 = kTarget is the control: the same edits reproduce the honest run, which is accepted. Forged:
  // x1 = kTarget + p + extra with bit0 = extra (bit 0 of x1 is 1 - extra: the claimed bit0 is wrong).
  for (uint32_t x1 : {kTarget, kTarget + Fp::P, kTarget + Fp::P + 1}) {
    const bool forged = x1 != kTarget;
    const uint32_t extra = forged ? x1 - kTarget - Fp::P : 0;
    ASSERT_EQ(x1 & 0x800u, 0u);  // lui + addi build x1 exactly
    const ProgramImage image = test_image(jalr_code(x1));
    if (forged) {
      EXPECT_THROW(CpuTestMachine{image}, GuestFault);
    }
    CpuTestMachine m(image, honest.execution().cpu.span());
    auto& cpu = m.trace(CpuTestMachine::kCpu);
    set_fields(cpu, 0, kCode, rv::lui(1, x1 >> 12));
    set_word(cpu.row(0), C::kRdLo, x1 & ~0xfffu);
    set_fields(cpu, 1, kCode + 4, rv::addi(1, 1, static_cast<int32_t>(x1 & 0x7ffu)));
    set_word(cpu.row(1), C::kRs1, x1 & ~0xfffu);  // rs1.prev_lo, prev_hi
    set_word(cpu.row(1), C::kRd, x1 & ~0xfffu);   // rd.prev_lo, prev_hi
    set_word(cpu.row(1), C::kAluLo, x1);
    set_word(cpu.row(1), C::kRdLo, x1);
    set_word(cpu.row(2), C::kRs1, x1);
    set_word(cpu.row(2), C::kAluLo, x1);
    cpu(2, C::kBit0) = Fp(extra);
    m.rebalance();
    ASSERT_EQ(cpu(2, C::kNextPc), Fp(kTarget));
    if (!forged) {
      EXPECT_TRUE(m.check().empty());
      EXPECT_EQ(m.prove_and_verify(), "");
      continue;
    }
    // The claim really changed: the ALU proves x1 + 0 = x1 >= 2^30, and x1 - bit0 = kTarget + p.
    EXPECT_TRUE(sends_alu(m, AluEvent{AluOp::add, x1, x1, 0}));
    EXPECT_EQ(Fp(x1 & 0xffffu) - Fp(extra) + Fp(x1 >> 16) * Fp(1u << 16), Fp(kTarget));
    expect_no_constraint_failure(m);
    const auto imbalances = m.bus_imbalances();
    ASSERT_EQ(imbalances.size(), 1u) << list(imbalances);
    EXPECT_TRUE(has_u16(imbalances, Fp(0x3FFFu) - Fp(x1 >> 16))) << list(imbalances);
    EXPECT_NE(m.prove_and_verify(), "");
  }
}

// (b) lw x5, 4(x1) with x1 = 0x1FFFC: rs1_lo + imm_lo = 0x10000, so the honest split is carry_lo = 1,
// word 0, addr_hi 2. The forged one drops the carry: addr_lo = 4 word = 0x10000 (word 0x4000, itself a
// u16) and addr_hi = 1, which keeps the receive tuple. word + 2^14 addr_hi is the same word address (in
// the field the word address never depends on carry_lo), so this witness claims the same access: what
// it shows is that the u16 lookup of addr_lo alone rejects it. (The next test is the same split where
// the claim does change.)
TEST(AddressForgery, LoadSplitWithoutItsLowCarryIsRejectedByTheAddrLoLookup) {
  CpuTestMachine m(test_image(with_exit({rv::lui(1, 0x20), rv::addi(1, 1, -4), rv::lw(5, 1, 4)}), {0x11223344u}));
  ASSERT_TRUE(m.check().empty());
  auto row = m.trace(CpuTestMachine::kLoadStore).row(0);
  ASSERT_EQ(row[L::kCarryLo], Fp::one());
  ASSERT_EQ(row[L::kWord], Fp::zero());
  ASSERT_EQ(row[L::kAddrHi], Fp(2u));
  row[L::kCarryLo] = Fp::zero();
  row[L::kWord] = Fp(0x4000u);
  row[L::kAddrHi] = Fp(1u);
  m.rebalance();
  EXPECT_EQ(row[L::kWord] + row[L::kAddrHi] * Fp(1u << 14), Fp(0x20000u >> 2));
  expect_no_constraint_failure(m);
  const auto imbalances = m.bus_imbalances();
  ASSERT_EQ(imbalances.size(), 1u) << list(imbalances);
  EXPECT_TRUE(has_u16(imbalances, Fp(0x10000u))) << list(imbalances);
  EXPECT_NE(m.prove_and_verify(), "");
}

// (b') The claim-changing case: lw x5, 8(x1) with x1 = 0x3FFFFFFC reads 0x40000004, past ZKRV_MEM_END
// (the executor faults). Both splits of rs1 + imm = (0x10004, 0x3FFF) name the word 0x10000001:
// carry_lo = 0 (word 0x4001, addr_hi 0x3FFF) fails the u16 lookup of addr_lo = 0x10004; carry_lo = 1
// (word 1, addr_hi 0x4000) fails the one of 0x3FFF - addr_hi. Forged from the honest lw x5, 0(x1) (word
// 0x0FFFFFFF, zero-initialized), the access moved to 0x10000001; the memory boundary row follows by
// hand, and its own address range (u16 of 16 addr_hi = 0x10000) objects independently.
TEST(AddressForgery, LoadPastTheEndOfRamIsRejectedWhicheverWayItsLowCarryIsSplit) {
  const auto code = [](int32_t imm) { return with_exit({rv::lui(1, 0x40000), rv::addi(1, 1, -4), rv::lw(5, 1, imm)}); };
  const CpuTestMachine honest(test_image(code(0)));
  ASSERT_TRUE(honest.check().empty());
  EXPECT_THROW(CpuTestMachine{test_image(code(8))}, GuestFault);
  for (uint32_t carry_lo : {0u, 1u}) {
    CpuTestMachine m(test_image(code(8)), honest.execution().cpu.span());
    set_fields(m.trace(CpuTestMachine::kCpu), 2, kCode + 8, rv::lw(5, 1, 8));
    m.rebalance();
    auto row = m.trace(CpuTestMachine::kLoadStore).row(0);
    ASSERT_EQ(row[L::kWord] + row[L::kAddrHi] * Fp(1u << 14), Fp(0x0FFFFFFFu));
    row[L::kCarryLo] = Fp(carry_lo);
    row[L::kWord] = Fp((0x10004u - 0x10000u * carry_lo) / 4);
    row[L::kAddrHi] = Fp(0x3FFFu + carry_lo);
    ASSERT_EQ(row[L::kWord] + row[L::kAddrHi] * Fp(1u << 14), Fp(0x10000001u));
    move_last_boundary_word(m, 0x0FFFFFFFu, 0x10000001u);
    settle_bytes(m);
    expect_no_constraint_failure(m);
    const auto imbalances = m.bus_imbalances();
    EXPECT_EQ(imbalances.size(), 2u) << list(imbalances);
    EXPECT_TRUE(has_u16(imbalances, carry_lo == 0 ? Fp(0x10004u) : Fp(0x3FFFu) - Fp(0x4000u))) << list(imbalances);
    EXPECT_TRUE(has_u16(imbalances, Fp(16u * 0x1000u))) << list(imbalances);  // the boundary's 16 addr_hi
    EXPECT_NE(m.prove_and_verify(), "");
  }
}

// (c) sw x5, -16(x1) with x1 = 0x30010 stores to 0x30000 with both carries (0x0010 + 0xFFF0 and
// 0x0003 + 0xFFFF + 1): the honest wrap mod 2^32 is accepted, and a load reads the word back.
std::vector<uint32_t> wrapping_store(bool read_back) {
  std::vector<uint32_t> code = {rv::lui(1, 0x30), rv::addi(1, 1, 16), rv::addi(5, 0, 0x123), rv::sw(5, 1, -16)};
  if (read_back) code.push_back(rv::lw(6, 1, -16));
  return with_exit(code);
}

TEST(AddressForgery, StoreWrappingModTwoToThe32IsAccepted) {
  const CpuTestMachine m(test_image(wrapping_store(true)));
  const auto& ls = m.trace(CpuTestMachine::kLoadStore);
  for (size_t r : {0u, 1u}) {
    EXPECT_EQ(ls(r, L::kCarryLo), Fp::one());
    EXPECT_EQ(ls(r, L::kCarryHi), Fp::one());
    EXPECT_EQ(ls(r, L::kWord) + ls(r, L::kAddrHi) * Fp(1u << 14), Fp(0x30000u >> 2));
  }
  EXPECT_EQ(ls(1, L::kDLo), Fp(0x123u));  // the load's data
  EXPECT_TRUE(m.check().empty());
  EXPECT_EQ(m.prove_and_verify(), "");
}

// The same store claiming carry_hi = 0: addr_hi = 0x10003 and the word address moves by 2^30 (mod p),
// to 0x4000C000. The access and the boundary row follow. The load-store chip's lookups of
// 0x3FFF - addr_hi and addr_hi - 1 reject it; so do, independently, the store bound (its high part) and
// the boundary's address range (16 addr_hi, 16 diff_hi).
TEST(AddressForgery, StoreClaimingNoHighCarryIsRejectedByTheAddrHiLookups) {
  CpuTestMachine m(test_image(wrapping_store(false)));
  ASSERT_TRUE(m.check().empty());
  auto row = m.trace(CpuTestMachine::kLoadStore).row(0);
  ASSERT_EQ(row[L::kCarryHi], Fp::one());
  ASSERT_EQ(row[L::kAddrHi], Fp(3u));
  row[L::kCarryHi] = Fp::zero();
  row[L::kAddrHi] = Fp(0x10003u);
  ASSERT_EQ(row[L::kWord] + row[L::kAddrHi] * Fp(1u << 14), Fp(0x4000C000u));
  move_last_boundary_word(m, 0xC000u, 0x4000C000u);
  settle_bytes(m);
  expect_no_constraint_failure(m);
  const auto imbalances = m.bus_imbalances();
  for (const auto& i : imbalances) EXPECT_EQ(i.bus, kByteBus) << i.describe();
  EXPECT_TRUE(has_u16(imbalances, Fp(0x3FFFu) - Fp(0x10003u))) << list(imbalances);
  EXPECT_TRUE(has_u16(imbalances, Fp(0x10002u))) << list(imbalances);
  EXPECT_NE(m.prove_and_verify(), "");
}

// Every chip but the CPU satisfied; the CPU fails exactly `name`; only the program bus, at the fetch
// of `pc`, is unbalanced; the proof is rejected.
void expect_only_cpu_failure_and_fetch_imbalance(CpuTestMachine& m, const std::string& name, uint32_t pc) {
  for (size_t c = 1; c < m.num_chips(); ++c) EXPECT_TRUE(m.constraint_failures(c).empty()) << m.chip_name(c);
  const auto failures = m.constraint_failures(CpuTestMachine::kCpu);
  EXPECT_TRUE(names(failures, name)) << describe(failures);
  EXPECT_EQ(failures.size(), 1u) << describe(failures);
  const auto imbalances = m.bus_imbalances();
  ASSERT_FALSE(imbalances.empty());
  for (const auto& i : imbalances) {
    EXPECT_EQ(i.bus, kProgramBus) << i.describe();
    EXPECT_EQ(i.tuple[kFieldPc], Fp(pc)) << i.describe();
  }
  EXPECT_NE(m.prove_and_verify(), "");
}

// (d) blt x1, x2, +8 with x1 = x2 = 5 is not taken: addi x5 runs. The forged run takes it (skipping
// addi x5) by claiming the branch's imm is 1, so the ALU compares 5 < 5 + 1. Forged from the honest run
// with x2 = 6 (taken): row 1 writes 5, row 2 reads 5 and sends slt(5, 0 + 1 + 5) = 1. The lt chip
// balances; the CPU's own restatement (imm = 0 where rs2 is the operand) fails, and the program bus
// cannot balance the fetch: the decode chip sends (1 - fmt_b) imm = 0 for every branch.
std::vector<uint32_t> branch_code(int32_t x2) {
  return with_exit({rv::addi(1, 0, 5), rv::addi(2, 0, x2), rv::blt(1, 2, 8), rv::addi(5, 0, 1), rv::addi(6, 0, 2)});
}

TEST(AddressForgery, BranchClaimingAnImmediateIsRejected) {
  const CpuTestMachine honest(test_image(branch_code(6)));
  const CpuTestMachine not_taken(test_image(branch_code(5)));
  ASSERT_EQ(not_taken.execution().cpu[3].pc, kCode + 12);  // what the program does: addi x5 runs
  CpuTestMachine m(test_image(branch_code(5)), honest.execution().cpu.span());
  auto& cpu = m.trace(CpuTestMachine::kCpu);
  ASSERT_EQ(cpu(3, C::field(kFieldPc)), Fp(kCode + 16));  // the forged run skips it
  set_fields(cpu, 1, kCode + 4, rv::addi(2, 0, 5));
  cpu(1, C::kAluLo) = cpu(1, C::kRdLo) = Fp(5u);
  cpu(2, C::kRs2) = Fp(5u);  // rs2.prev_lo
  cpu(2, C::field(kFieldImmLo)) = Fp::one();
  ASSERT_EQ(cpu(2, C::kAluLo), Fp::one());
  ASSERT_EQ(cpu(2, C::kTaken), Fp::one());
  m.rebalance();
  EXPECT_TRUE(sends_alu(m, AluEvent{AluOp::slt, 1, 5, 6}));
  expect_only_cpu_failure_and_fetch_imbalance(m, "imm_lo = 0 where rs2 is the ALU operand", kCode + 8);
}

// An ALU row with both operands: addi x3, x1, 1 (x1 = 5) forged to also read x2 = 7, so the ALU sends
// add(13, 5, 1 + 7) and x3 = 13. The register accesses and the add chip balance; the restated
// "imm or rs2, not both" fails and the program bus cannot match the fetch's reads_rs2 = 1, rs2 = 2.
TEST(AddressForgery, AluRowWithImmAndRs2IsRejected) {
  CpuTestMachine m(test_image(with_exit({rv::addi(1, 0, 5), rv::addi(2, 0, 7), rv::addi(3, 1, 1)})));
  ASSERT_TRUE(m.check().empty());
  auto row = m.trace(CpuTestMachine::kCpu).row(2);
  ASSERT_EQ(row[C::kAluLo], Fp(6u));
  row[C::field(kFieldReadsRs2)] = Fp::one();
  row[C::field(kFieldRs2)] = Fp(2u);
  ByteLookups scratch;
  // x2 was written at 4 * 1 + 4 = 8; rs2 reads it at 4 * 2 + 2.
  MemoryAccessCols<Fp>::populate(MemoryAccessRecord{2, 7, 7, 10, 8}, scratch, DiffHiCheck::caller_pairs)
      .write(row, C::kRs2);
  row[C::kAluLo] = row[C::kRdLo] = Fp(13u);
  m.rebalance();
  EXPECT_TRUE(sends_alu(m, AluEvent{AluOp::add, 13, 5, 8}));
  expect_only_cpu_failure_and_fetch_imbalance(m, "an ALU operand is imm or rs2, not both", kCode + 8);
}

}  // namespace
}  // namespace zkrv::chips
