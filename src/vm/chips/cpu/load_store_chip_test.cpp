// LoadStoreChip (load_store_chip.h): its shape, consistent forgeries of the CPU and load-store rows
// together (a dropped sign extension, a load answered as another width, an access no CPU row sent),
// each rejected by the debug builder or the bus checker and by the verifier, and a per-column mutation
// sweep. The honest loads and stores of every width are CpuChip's tests (cpu_chip_test.cpp), which
// prove the load-store table with the CPU's.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stark/chip.h"
#include "support/rv_encoder.h"
#include "vm/chips/cpu/cpu_chip.h"
#include "vm/chips/cpu/load_store_chip.h"
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




bool only_on(const std::vector<BusImbalance>& imbalances, Bus bus) {
  if (imbalances.empty()) return false;
  for (const auto& i : imbalances)
    if (i.bus != bus) return false;
  return true;
}

// After the forger's edits: the other tables recomputed, both chips' constraints hold, every imbalance
// is on `bus`, and the verifier rejects the proof.
void expect_only_unbalanced(CpuTestMachine& m, Bus bus) {
  m.rebalance();
  EXPECT_TRUE(m.constraint_failures(CpuTestMachine::kCpu).empty()) << describe(m.constraint_failures(0));
  EXPECT_TRUE(m.constraint_failures(CpuTestMachine::kLoadStore).empty()) << describe(m.constraint_failures(1));
  const auto imbalances = m.bus_imbalances();
  EXPECT_TRUE(only_on(imbalances, bus)) << (imbalances.empty() ? "none" : imbalances[0].describe());
  EXPECT_NE(m.prove_and_verify(), "");
}

TEST(LoadStoreChip, ShapeMatchesTheHeader) {
  const AirInfo info = analyze(LoadStoreChip{});
  EXPECT_EQ(info.width, 31u);
  EXPECT_EQ(info.interactions.size(), 15u);
  const Chip chip{LoadStoreChip{}};
  EXPECT_EQ(chip.max_constraint_degree(), 3u);
  EXPECT_EQ(chip.num_logup_groups(), 8u);
  EXPECT_EQ(chip.width() + 4 * chip.num_permutation_columns(), 63u);
  const Chip cpu{CpuChip{}};
  EXPECT_EQ(cpu.num_logup_groups(), 8u);
  EXPECT_EQ(cpu.width() + 4 * cpu.num_permutation_columns(), 84u);
}

// The CPU sends data = rs2 + alu (cpu_eval.h, eval_load_store): that is the loaded value only because
// a load never reads rs2 (its rs2 gadget is idle, so its limbs are pinned to 0), and rs2 only because a
// store's alu is pinned to 0. The first half is the program table's: checked here for every load, with
// rs2 bits set in the word (they are immediate bits of an I-type load).
TEST(LoadStoreChip, LoadsNeverReadRs2) {
  for (uint32_t word : {rv::lb(5, 1, -1), rv::lh(5, 1, 0x7ff), rv::lw(5, 1, 0x3e), rv::lbu(5, 1, -2),
                        rv::lhu(5, 1, 0x5a4)}) {
    const Instruction in = decode(word);
    const DecodedFields f = decode_fields(testing::kTestCode, in);
    ASSERT_EQ(f[kFieldIsLoad], 1u) << word;
    EXPECT_EQ(f[kFieldReadsRs2], 0u) << word;
    EXPECT_EQ(f[kFieldIsStore], 0u) << word;
  }
}

// lb x5, 0(x1) of the byte 0x80 must give 0xffffff80. The forged run takes 0x00000080 (no sign
// extension) in both tables: sign = 0 on the load-store row, whose msb lookup (0x80's top bit is 1)
// then fails; everything else, the CPU's rd write included, is consistent.
TEST(LoadStoreChip, DroppedSignExtensionIsUnbalancedOnTheByteBus) {
  CpuTestMachine m(test_image(with_exit({rv::lui(1, 0x20), rv::lb(5, 1, 0)}), {0x00000080u}));
  ASSERT_TRUE(m.check().empty());
  auto cpu = m.trace(CpuTestMachine::kCpu).row(1);
  auto ls = m.trace(CpuTestMachine::kLoadStore).row(0);
  ASSERT_EQ(cpu[C::kAluLo], Fp(0xff80u));
  ASSERT_EQ(ls[L::kSign], Fp::one());
  cpu[C::kAluLo] = cpu[C::kRdLo] = Fp(0x80u);
  cpu[C::kAluHi] = cpu[C::kRdHi] = Fp::zero();
  ls[L::kSign] = ls[L::kByteSign] = Fp::zero();
  expect_only_unbalanced(m, kByteBus);
}

// The load-store row answers lb as lbu (op 2 instead of 10) with an honest lbu row: its constraints
// hold, but the CPU sent lb's op, so the load-store bus is unbalanced.
TEST(LoadStoreChip, AnotherWidthThanTheInstructionsIsUnbalanced) {
  CpuTestMachine m(test_image(with_exit({rv::lui(1, 0x20), rv::lb(5, 1, 0)}), {0x00000080u}));
  auto cpu = m.trace(CpuTestMachine::kCpu).row(1);
  auto ls = m.trace(CpuTestMachine::kLoadStore).row(0);
  cpu[C::kAluLo] = cpu[C::kRdLo] = Fp(0x80u);
  cpu[C::kAluHi] = cpu[C::kRdHi] = Fp::zero();
  ls[L::kMemSigned] = ls[L::kSign] = ls[L::kByteSign] = Fp::zero();
  expect_only_unbalanced(m, kLoadStoreBus);
}

// A store no CPU row made: a padding row of the load-store table turned into sw of 0x1234 to the data
// word at cycle 1's memory slot. Its memory tuples chain honestly (it consumes the word's last tuple and
// the boundary takes its new one), its constraints hold; only the load-store bus can tell that no
// instruction asked for it.
TEST(LoadStoreChip, AccessWithoutAnInstructionIsUnbalanced) {
  const ProgramImage image = test_image(with_exit({rv::lui(1, 0x20), rv::lw(5, 1, 0)}), {0x11223344u});
  CpuTestMachine m(image);
  ASSERT_TRUE(m.check().empty());
  auto& t = m.trace(CpuTestMachine::kLoadStore);
  ASSERT_GE(t.height(), 2u);
  auto row = t.row(1);
  const uint32_t word = 0x20000 >> 2, gap = word - first_writable_word(image);
  row[L::kClk] = Fp(5u);  // after every other access of the word (the lw at cycle 1)
  row[L::kIsReal] = row[L::kIsStore] = Fp::one();
  row[L::kWord] = Fp(word & 0x3fffu);  // byte address 0x20000: addr_lo 0, addr_hi 2
  row[L::kAddrHi] = Fp(2u);
  row[L::kDLo] = row[L::kValLo] = Fp(0x1234u);
  row[L::kStoreGap] = Fp(gap & 0xffffu);
  ByteLookups scratch;
  MemoryAccessCols<Fp>::populate(MemoryAccessRecord{word, 0x1234, 0x11223344, 4 * 5 + 3, 4 * 1 + 3}, scratch)
      .write(row, L::kMem);
  expect_only_unbalanced(m, kLoadStoreBus);
}

// lh of 0x8001 must give 0xffff8001; the forged run drops the extension of the high limb in both tables
// (sign = 0, which the msb lookup of the half's top byte 0x80 refuses).
TEST(LoadStoreChip, DroppedHalfSignExtensionIsUnbalancedOnTheByteBus) {
  CpuTestMachine m(test_image(with_exit({rv::lui(1, 0x20), rv::lh(5, 1, 2)}), {0x80010000u}));
  ASSERT_TRUE(m.check().empty());
  auto cpu = m.trace(CpuTestMachine::kCpu).row(1);
  auto ls = m.trace(CpuTestMachine::kLoadStore).row(0);
  ASSERT_EQ(cpu[C::kAluLo], Fp(0x8001u));
  ASSERT_EQ(cpu[C::kAluHi], Fp(0xffffu));
  cpu[C::kAluHi] = cpu[C::kRdHi] = Fp::zero();
  ls[L::kSign] = Fp::zero();
  expect_only_unbalanced(m, kByteBus);
}

// A store that also "returns" a value: sw's CPU row claims alu_lo = 5 (so its data is rs2 + 5) and the
// load-store row stores rs2 + 5 consistently (d, the new word, the memory tuples and the boundary
// follow). Only the CPU's pin of alu_lo on rows without a result objects.
TEST(LoadStoreChip, StoreWithALoadValueIsNamed) {
  CpuTestMachine m(test_image(with_exit({rv::lui(1, 0x20), rv::addi(2, 0, 7), rv::sw(2, 1, 0)}), {0u}));
  ASSERT_TRUE(m.check().empty());
  auto cpu = m.trace(CpuTestMachine::kCpu).row(2);
  auto ls = m.trace(CpuTestMachine::kLoadStore).row(0);
  ASSERT_EQ(ls[L::kDLo], Fp(7u));
  cpu[C::kAluLo] = Fp(5u);
  ls[L::kDLo] = ls[L::kValLo] = Fp(12u);
  m.rebalance();
  EXPECT_TRUE(m.constraint_failures(CpuTestMachine::kLoadStore).empty()) << describe(m.constraint_failures(1));
  EXPECT_TRUE(m.bus_imbalances().empty()) << m.bus_imbalances()[0].describe();
  const auto failures = m.constraint_failures(CpuTestMachine::kCpu);
  ASSERT_FALSE(failures.empty());
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].name, "alu_lo = 0 without a result") << failures[0].describe();
  EXPECT_NE(m.prove_and_verify(), "");
}

// The load-store row of a load duplicated into a padding row (same clk, same access): the CPU sent the
// tuple once, and the second copy also consumes and sends memory tuples nobody else matches.
TEST(LoadStoreChip, DuplicatedRowIsUnbalanced) {
  CpuTestMachine m(test_image(with_exit({rv::lui(1, 0x20), rv::lw(5, 1, 0)}), {0x11223344u}));
  auto& t = m.trace(CpuTestMachine::kLoadStore);
  for (size_t c = 0; c < L::kWidth; ++c) t(1, c) = t(0, c);
  m.rebalance();
  EXPECT_TRUE(m.constraint_failures(CpuTestMachine::kLoadStore).empty()) << describe(m.constraint_failures(1));
  bool load_store_bus = false;
  for (const auto& i : m.bus_imbalances()) load_store_bus = load_store_bus || i.bus == kLoadStoreBus;
  EXPECT_TRUE(load_store_bus);
  EXPECT_NE(m.prove_and_verify(), "");
}

TEST(LoadStoreChip, MutationSweepRejectsEveryChange) {
  const std::vector<uint32_t> code = {rv::lui(1, 0x12345), rv::addi(2, 0, -3), rv::lui(10, 0x20), rv::lb(11, 10, 3),
                                      rv::lbu(12, 10, 1), rv::lhu(13, 10, 2), rv::lh(14, 10, 2), rv::lw(15, 10, 4),
                                      rv::sb(1, 10, 1),   rv::sh(2, 10, 6),   rv::sw(1, 10, 8),  rv::lh(16, 10, 6),
                                      rv::lb(17, 10, 1),  rv::sb(2, 10, 0),   rv::lw(18, 10, 0)};
  CpuTestMachine m(test_image(with_exit(code), {0x80ff7f01u, 0x12345678u, 0u}));
  ASSERT_TRUE(m.check().empty());
  ASSERT_LE(m.trace(CpuTestMachine::kLoadStore).height(), 64u);
  const auto report = m.sweep_load_store(64, 2, 9);  // every row, padding included
  EXPECT_EQ(report.mutations, 2u * L::kWidth * m.trace(CpuTestMachine::kLoadStore).height());
  EXPECT_EQ(report.proved, 2u);
  for (const auto& a : report.accepted) ADD_FAILURE() << "accepted: " << a;
}

}  // namespace
}  // namespace zkrv::chips
