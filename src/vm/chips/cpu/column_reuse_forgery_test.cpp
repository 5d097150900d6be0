// Forged runs against a95f806 (a load's value rides in alu_lo/alu_hi; beq/bne's rs1 != rs2 witness lives
// in rd_lo/rd_hi, pinned to rd's value when(writes) and to 0 when(1 - writes - witnesses)). Each forgery
// is built consistently (the other tables follow by rebalance()), differs from the honest trace, and
// names what rejects it: the one CPU constraint, or the one bus, left unsatisfied.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
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
constexpr uint32_t kCode = testing::kTestCode;
const Fp kMinusOne = Fp::zero() - Fp::one();

// The CPU's failures are exactly `expected` (by name, on `row`); every other chip's constraints hold.
void expect_cpu_failures(const CpuTestMachine& m, size_t row, std::vector<std::string_view> expected) {
  const auto failures = m.constraint_failures(CpuTestMachine::kCpu);
  std::vector<std::string_view> got;
  for (const auto& f : failures) {
    EXPECT_EQ(f.row, row) << f.describe();
    got.push_back(f.name);
  }
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(got, expected) << describe(failures);
  for (size_t c = 1; c < m.num_chips(); ++c)
    EXPECT_TRUE(m.constraint_failures(c).empty()) << m.chip_name(c) << ":\n" << describe(m.constraint_failures(c));
}

// Only a constraint objects: every bus balances.
void expect_balanced(const CpuTestMachine& m) {
  const auto imbalances = m.bus_imbalances();
  for (const auto& i : imbalances) ADD_FAILURE() << i.describe();
}

void set_fields(RowMajorMatrix<Fp>& cpu, size_t row, uint32_t pc, uint32_t word) {
  const DecodedFields f = decode_fields(pc, decode(word));
  for (size_t i = 0; i < kNumDecodedFields; ++i) cpu.row(row)[C::field(static_cast<DecodedField>(i))] = Fp(f[i]);
}

// (a) beq x1, x2, +8 with x1 = x2 = 5 is taken: addi x5 does not run. The forged run claims "not equal"
// (alu_lo = 0, not taken, addi x5 runs) with rd_lo, rd_hi as the witness. Forged from the honest run
// with x2 = 6 (not taken): row 1 now writes 5 (fields, ALU send, rd value), row 2 reads 5. d_lo = d_hi
// = 0, so no witness makes rd_lo d_lo + rd_hi d_hi = 1: the old witness (-1, 0), (1, 1) and (0, 0) all fail.
std::vector<uint32_t> beq_code(int32_t x2) {
  return with_exit({rv::addi(1, 0, 5), rv::addi(2, 0, x2), rv::beq(1, 2, 8), rv::addi(5, 0, 1), rv::addi(6, 0, 2)});
}

TEST(ColumnReuseForgery, BeqOfEqualOperandsClaimingUnequalIsRejectedWhateverTheWitness) {
  const CpuTestMachine unequal(test_image(beq_code(6)));
  const CpuTestMachine equal(test_image(beq_code(5)));
  ASSERT_TRUE(unequal.check().empty());
  ASSERT_EQ(unequal.trace(CpuTestMachine::kCpu)(2, C::kRdLo), kMinusOne);  // 1 / (5 - 6)
  ASSERT_EQ(equal.trace(CpuTestMachine::kCpu)(2, C::kNextPc), Fp(kCode + 16));  // the executor skips addi x5
  const std::pair<Fp, Fp> witnesses[] = {{kMinusOne, Fp::zero()}, {Fp::one(), Fp::one()}, {Fp::zero(), Fp::zero()}};
  for (const auto& [w_lo, w_hi] : witnesses) {
    CpuTestMachine m(test_image(beq_code(5)), unequal.execution().cpu.span());
    auto& cpu = m.trace(CpuTestMachine::kCpu);
    set_fields(cpu, 1, kCode + 4, rv::addi(2, 0, 5));
    cpu(1, C::kAluLo) = cpu(1, C::kRdLo) = Fp(5u);
    cpu(2, C::kRs2) = Fp(5u);  // rs2.prev_lo: x2 as row 1 wrote it
    cpu(2, C::kRdLo) = w_lo;
    cpu(2, C::kRdHi) = w_hi;
    m.rebalance();
    // The claim: beq(5, 5) not taken, so addi x5 runs (row 3), which the executor never does.
    ASSERT_EQ(cpu(2, C::kAluLo), Fp::zero());
    ASSERT_EQ(cpu(2, C::kNextPc), Fp(kCode + 12));
    ASSERT_EQ(cpu(3, C::field(kFieldPc)), Fp(kCode + 12));
    std::vector<std::string_view> expected = {"beq/bne: not equal needs rd_lo d_lo + rd_hi d_hi = 1"};
    if (w_lo * w_hi != Fp::zero()) expected.push_back("beq/bne: one witness limb is 0");
    expect_cpu_failures(m, 2, expected);
    expect_balanced(m);
    EXPECT_NE(m.prove_and_verify(), "");
  }
}

// (b) sw x2, 0(x1) with x2 = 7 and alu = k = 0x10005: the CPU sends data rs2 + alu = 0x1000C, and the
// load-store row stores it consistently; lw x3 reads it back (x3 = 0x1000C, not 7: the claim changes).
// Only the pins of alu on a row without a result object.
TEST(ColumnReuseForgery, StoreCarryingANonzeroAluIntoItsDataIsRejectedByTheAluPins) {
  CpuTestMachine m(test_image(with_exit({rv::lui(1, 0x20), rv::addi(2, 0, 7), rv::sw(2, 1, 0), rv::lw(3, 1, 0)}), {0u}));
  ASSERT_TRUE(m.check().empty());
  auto& cpu = m.trace(CpuTestMachine::kCpu);
  auto& ls = m.trace(CpuTestMachine::kLoadStore);
  ASSERT_EQ(ls(0, L::kDLo), Fp(7u));
  ASSERT_EQ(cpu(3, C::kRdLo), Fp(7u));
  cpu(2, C::kAluLo) = Fp(5u);
  cpu(2, C::kAluHi) = Fp(1u);
  for (size_t c : {L::kDLo, L::kValLo}) ls(0, c) = Fp(12u);  // the store: d, the new word
  for (size_t c : {L::kDHi, L::kValHi}) ls(0, c) = Fp(1u);
  for (size_t c : {L::kDLo, L::kValLo, L::kMem + 0}) ls(1, c) = Fp(12u);  // the load: d, word, mem.prev
  for (size_t c : {L::kDHi, L::kValHi, L::kMem + 1}) ls(1, c) = Fp(1u);
  for (size_t c : {C::kAluLo, C::kRdLo}) cpu(3, c) = Fp(12u);  // x3 := 0x1000C
  for (size_t c : {C::kAluHi, C::kRdHi}) cpu(3, c) = Fp(1u);
  m.rebalance();
  expect_cpu_failures(m, 2, {"alu_lo = 0 without a result", "alu_hi = 0 without a word result"});
  expect_balanced(m);
  EXPECT_NE(m.prove_and_verify(), "");
}

// (c) lw x5, 0(x1) of 0x11223344. The CPU row claims 0x11223345 (alu and rd's write agree, so x5's
// final value changes) while the load-store chip returns the word: only the load-store bus objects.
// (c') The difference hidden in rs2's limbs (data = rs2 + alu = 0x11223344 with alu = 0x11223343,
// rs2.prev_lo = 1): the bus balances and the idle rs2 gadget's pin objects.
TEST(ColumnReuseForgery, LoadWhoseAluDiffersFromTheLoadStoreChipIsRejected) {
  const auto image = test_image(with_exit({rv::lui(1, 0x20), rv::lw(5, 1, 0)}), {0x11223344u});
  {
    CpuTestMachine m(image);
    ASSERT_EQ(m.trace(CpuTestMachine::kCpu)(1, C::kAluLo), Fp(0x3344u));
    for (size_t c : {C::kAluLo, C::kRdLo}) m.trace(CpuTestMachine::kCpu)(1, c) = Fp(0x3345u);
    m.rebalance();
    expect_cpu_failures(m, 0, {});
    const auto imbalances = m.bus_imbalances();
    ASSERT_EQ(imbalances.size(), 2u);  // the CPU's send and the load-store chip's receive
    for (const auto& i : imbalances) EXPECT_EQ(i.bus, kLoadStoreBus) << i.describe();
    EXPECT_NE(m.prove_and_verify(), "");
  }
  {
    CpuTestMachine m(image);
    auto& cpu = m.trace(CpuTestMachine::kCpu);
    ASSERT_EQ(cpu(1, C::field(kFieldReadsRs2)), Fp::zero());
    for (size_t c : {C::kAluLo, C::kRdLo}) cpu(1, c) = Fp(0x3343u);
    cpu(1, C::kRs2) = Fp::one();  // rs2.prev_lo
    m.rebalance();
    expect_cpu_failures(m, 1, {"memory access: prev_lo = 0 without an access"});
    expect_balanced(m);
    EXPECT_NE(m.prove_and_verify(), "");
  }
}

// (d) exit(42): the halting ecall's rd_lo set to the exit code (what every row held before a95f806).
// Nothing reads it (rd's send has multiplicity writes = 0 and the syscall tuple carries alu), so the
// claim is unchanged and the buses balance: only the new pin objects, which leaves no free cell.
TEST(ColumnReuseForgery, HaltingEcallWithAnRdValueIsRejectedByThePinAndChangesNoClaim) {
  const auto image = test_image({rv::addi(17, 0, ZKRV_SYS_EXIT), rv::addi(10, 0, 42), rv::ecall()});
  const CpuTestMachine honest(image);
  ASSERT_TRUE(honest.check().empty());
  ASSERT_EQ(honest.trace(CpuTestMachine::kCpu)(2, C::kHalts), Fp::one());
  ASSERT_EQ(honest.trace(CpuTestMachine::kCpu)(2, C::kAluLo), Fp(42u));
  ASSERT_EQ(honest.trace(CpuTestMachine::kCpu)(2, C::kRdLo), Fp::zero());
  for (size_t col : {C::kRdLo, C::kRdHi}) {
    CpuTestMachine m(image);
    m.trace(CpuTestMachine::kCpu)(2, col) = Fp(42u);
    m.rebalance();
    EXPECT_EQ(m.cpu_output().syscalls, honest.cpu_output().syscalls);  // the exit code is alu's
    expect_cpu_failures(m, 2, {col == C::kRdLo ? "rd_lo = 0 unless written or a witness"
                                               : "rd_hi = 0 unless written or a witness"});
    expect_balanced(m);
    EXPECT_NE(m.prove_and_verify(), "");
  }
}

// Every kind of row that writes nothing and witnesses nothing: a store, an x0 write (writes_rd = 0),
// beq of equal operands, blt (an ALU sender), jal x0, fence, the halting ecall, padding. rd_lo or rd_hi
// + 1 there is read by nothing (buses balance) and the pin names it.
TEST(ColumnReuseForgery, RdOnRowsThatNeitherWriteNorWitnessIsPinned) {
  const auto image = test_image(with_exit({rv::lui(1, 0x20), rv::addi(2, 0, 7), rv::sw(2, 1, 0), rv::addi(0, 2, 3),
                                           rv::beq(2, 2, 4), rv::blt(2, 1, 4), rv::jal(0, 4), rv::fence()}),
                                {0u});
  CpuTestMachine m(image);
  ASSERT_TRUE(m.check().empty());
  auto& cpu = m.trace(CpuTestMachine::kCpu);
  ASSERT_EQ(cpu.height(), 16u);
  ASSERT_EQ(cpu(11, C::kHalts), Fp::one());
  ASSERT_EQ(cpu(12, C::kIsReal), Fp::zero());
  bool proved = false;
  for (size_t row : {2u, 3u, 4u, 5u, 6u, 7u, 11u, 12u, 15u})
    for (size_t col : {C::kRdLo, C::kRdHi}) {
      ASSERT_EQ(cpu(row, col), Fp::zero()) << row;
      cpu(row, col) = Fp::one();
      expect_cpu_failures(m, row, {col == C::kRdLo ? "rd_lo = 0 unless written or a witness"
                                                   : "rd_hi = 0 unless written or a witness"});
      expect_balanced(m);
      if (!proved) {
        EXPECT_NE(m.prove_and_verify(), "") << row;
      }
      proved = true;
      cpu(row, col) = Fp::zero();
    }
  EXPECT_TRUE(m.check().empty());
}

// (e) bne x1, x2, +4 with x1 = 5, x2 = 6 finds a difference (d_lo = -1, d_hi = 0; honest witness rd_lo
// = -1, rd_hi = 0). target = pc + 4, so taken or not the run continues the same: the forgeries change
// the comparison or the witness only.
TEST(ColumnReuseForgery, BneWithAMutatedWitnessOrClaimingEqualIsRejected) {
  const auto image = test_image(with_exit({rv::addi(1, 0, 5), rv::addi(2, 0, 6), rv::bne(1, 2, 4), rv::addi(5, 0, 1)}));
  const CpuTestMachine honest(image);
  ASSERT_TRUE(honest.check().empty());
  ASSERT_EQ(honest.trace(CpuTestMachine::kCpu)(2, C::kRdLo), kMinusOne);
  ASSERT_EQ(honest.trace(CpuTestMachine::kCpu)(2, C::kTaken), Fp::one());
  {  // rd_lo + 1: rd_lo d_lo + rd_hi d_hi = 1 - 1 = 0
    CpuTestMachine m(image);
    m.trace(CpuTestMachine::kCpu)(2, C::kRdLo) = Fp::zero();
    m.rebalance();
    expect_cpu_failures(m, 2, {"beq/bne: not equal needs rd_lo d_lo + rd_hi d_hi = 1"});
    expect_balanced(m);
    EXPECT_NE(m.prove_and_verify(), "");
  }
  {  // "equal" (alu_lo = 1, not taken), the witness dropped (witnesses = 0 pins rd_lo to 0 there)
    CpuTestMachine m(image);
    auto& cpu = m.trace(CpuTestMachine::kCpu);
    cpu(2, C::kAluLo) = Fp::one();
    cpu(2, C::kTaken) = Fp::zero();
    cpu(2, C::kRdLo) = Fp::zero();
    m.rebalance();
    expect_cpu_failures(m, 2, {"beq/bne: equal says rs1_lo = rs2_lo"});
    expect_balanced(m);
    EXPECT_NE(m.prove_and_verify(), "");
  }
  {  // "equal" keeping the witness: the zero pin and the witness equation object as well
    CpuTestMachine m(image);
    auto& cpu = m.trace(CpuTestMachine::kCpu);
    cpu(2, C::kAluLo) = Fp::one();
    cpu(2, C::kTaken) = Fp::zero();
    m.rebalance();
    expect_cpu_failures(m, 2, {"beq/bne: equal says rs1_lo = rs2_lo", "rd_lo = 0 unless written or a witness",
                               "beq/bne: not equal needs rd_lo d_lo + rd_hi d_hi = 1"});
    EXPECT_NE(m.prove_and_verify(), "");
  }
}

// Not a forgery of any claim: where beq/bne witness a difference, rd_lo d_lo + rd_hi d_hi = 1 alone would
// leave the cell of a limb whose difference is 0 free (rd_hi here, rd_lo when only the high limbs
// differ). Nothing reads it (rd's send has multiplicity 0), but the witness is pinned unique (rd_hi d_lo
// = 0, rd_lo rd_hi = 0), so the single-cell mutation is rejected (inv_hi had this freedom before
// a95f806; the mutation sweep's program has no bne with an equal limb).
TEST(ColumnReuseForgery, BneWitnessCellOfAnEqualLimbIsPinned) {
  for (uint32_t x2 : {6u, 0x50005u}) {  // d_hi = 0 (rd_hi free); d_lo = 0 (rd_lo free)
    const auto image = test_image(with_exit({rv::addi(1, 0, 5), rv::lui(2, x2 >> 12), rv::addi(2, 2, int32_t(x2 & 0xfff)),
                                             rv::bne(1, 2, 4), rv::addi(5, 0, 1)}));
    const CpuTestMachine honest(image);
    CpuTestMachine m(image);
    const size_t free_col = x2 == 6u ? C::kRdHi : C::kRdLo;
    ASSERT_EQ(m.trace(CpuTestMachine::kCpu)(3, free_col), Fp::zero());
    m.trace(CpuTestMachine::kCpu)(3, free_col) = Fp(12345u);
    m.rebalance();
    EXPECT_NE(m.trace(CpuTestMachine::kCpu)(3, free_col), honest.trace(CpuTestMachine::kCpu)(3, free_col));
    EXPECT_EQ(m.cpu_output().alu, honest.cpu_output().alu);
    EXPECT_TRUE(m.bus_imbalances().empty());
    const auto failures = m.constraint_failures(CpuTestMachine::kCpu);
    bool named = false;
    for (const auto& f : failures) named = named || f.name == "beq/bne: one witness limb is 0";
    EXPECT_TRUE(named) << (failures.empty() ? "no failure" : failures[0].describe());
    EXPECT_NE(m.prove_and_verify(), "");
  }
}

}  // namespace
}  // namespace zkrv::chips
