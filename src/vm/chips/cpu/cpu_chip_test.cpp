// CpuChip: shape, and honest runs of hand-written programs covering every instruction class (ALU
// register/immediate forms incl. M, lui, auipc, jal, jalr, every branch taken and not taken, loads and
// stores of every width at every offset, writes to x0, fence, a non-halting ecall and exit): the
// executor's trace becomes the CPU trace and the traces of the program, memory, ALU (all six), syscall
// (a test oracle) and byte chips, which pass the debug builder and the bus checker and prove and
// verify. Forgeries and the mutation sweep are in cpu_adversarial_test.cpp.
#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <vector>

#include "abi/syscalls.h"
#include "air/symbolic.h"
#include "stark/chip.h"
#include "support/rv_encoder.h"
#include "vm/chips/cpu/cpu_chip.h"
#include "vm/chips/cpu/testing/cpu_machine.h"

namespace zkrv::chips {
namespace {

namespace rv = test::rv;
using testing::CpuTestMachine;
using testing::test_image;

constexpr unsigned kA0 = 10, kA7 = 17;

std::vector<uint32_t> with_exit(std::vector<uint32_t> code, int32_t exit_code = 0) {
  code.push_back(rv::addi(kA7, 0, ZKRV_SYS_EXIT));
  code.push_back(rv::addi(kA0, 0, exit_code));
  code.push_back(rv::ecall());
  return code;
}

void expect_honest(const std::vector<uint32_t>& code, const std::vector<uint32_t>& data = {}) {
  const CpuTestMachine m(test_image(code, data));
  const auto problems = m.check();
  for (const auto& p : problems) ADD_FAILURE() << p;
  EXPECT_EQ(m.prove_and_verify(), "");
}

TEST(CpuChip, ShapeMatchesTheHeader) {
  const AirInfo info = analyze(CpuChip{});
  EXPECT_EQ(info.width, 52u);
  EXPECT_EQ(CpuChip{}.num_public_values(), 2u);
  EXPECT_LE(info.max_constraint_degree, 3u);
  EXPECT_EQ(info.interactions.size(), 16u);
  EXPECT_TRUE(info.uses_next_row);
  // The cell budget (README: under 200 per cycle for the whole machine): main columns plus 4 per
  // extension column of the LogUp trace.
  const Chip chip{CpuChip{}};
  const size_t cells = chip.width() + 4 * chip.num_permutation_columns();
  std::cout << "cpu: " << chip.width() << " main columns, " << chip.num_logup_groups() << " LogUp groups, "
            << cells << " cells per cycle, " << chip.num_constraints() << " constraints, degree "
            << chip.max_constraint_degree() << "\n";
  EXPECT_LT(cells, 200u);
}

TEST(CpuChip, AluRegisterAndImmediateFormsIncludingM) {
  std::vector<uint32_t> code = {
      rv::lui(1, 0x80000),  rv::addi(2, 0, -1), rv::addi(3, 0, 7),  rv::lui(4, 0x12345), rv::addi(4, 4, 0x678),
  };
  for (auto op : {rv::add, rv::sub, rv::xor_, rv::or_, rv::and_, rv::sll, rv::srl, rv::sra, rv::slt, rv::sltu,
                  rv::mul, rv::mulh, rv::mulhsu, rv::mulhu, rv::div, rv::divu, rv::rem, rv::remu}) {
    code.push_back(op(5, 1, 2));
    code.push_back(op(6, 4, 3));
    code.push_back(op(7, 2, 0));  // x0 operand: division by zero for div/rem
  }
  for (auto op : {rv::addi, rv::slti, rv::sltiu, rv::xori, rv::ori, rv::andi}) {
    code.push_back(op(8, 4, -2048));
    code.push_back(op(9, 1, 2047));
  }
  for (auto op : {rv::slli, rv::srli, rv::srai}) {
    code.push_back(op(10, 1, 31));
    code.push_back(op(11, 4, 0));
  }
  // Writes to x0 are executed (their ALU send happens) but never reach the register.
  code.push_back(rv::add(0, 4, 4));
  code.push_back(rv::addi(0, 0, 5));
  code.push_back(rv::add(12, 0, 0));
  expect_honest(with_exit(code, 3));
}

TEST(CpuChip, LuiAuipcJalJalrAndFence) {
  const std::vector<uint32_t> code = with_exit({
      rv::lui(1, 0xfffff),    // 0x10000
      rv::auipc(2, 0),        // 0x10004: x2 = 0x10004
      rv::auipc(3, 0xfffff),  // 0x10008: x3 = 0x10008 - 0x1000
      rv::jal(4, 8),          // 0x1000c -> 0x10014, x4 = 0x10010
      rv::addi(5, 0, 1),      // 0x10010: skipped
      rv::fence(),            // 0x10014
      rv::addi(6, 2, 0x1d),   // 0x10018: x6 = 0x10021
      rv::jalr(7, 6, 4),      // 0x1001c -> 0x10025 with bit 0 cleared = 0x10024, x7 = 0x10020
      rv::addi(5, 0, 2),      // 0x10020: skipped
      rv::jal(0, 8),          // 0x10024 -> 0x1002c, no link
      rv::addi(5, 0, 3),      // 0x10028: skipped
      rv::jalr(0, 4, 0x24),   // 0x1002c -> x4 + 0x24 = 0x10034, no link
      rv::addi(5, 0, 4),      // 0x10030: skipped
      rv::jal(8, 8),          // 0x10034 -> 0x1003c, x8 = 0x10038
      rv::addi(5, 0, 5),      // 0x10038: skipped
      rv::jalr(0, 8, 8),      // 0x1003c -> 0x10040 (the exit sequence)
  }, 1);
  expect_honest(code);
}

TEST(CpuChip, EveryBranchTakenAndNotTaken) {
  // x1 = -1, x2 = 1, x3 = 1: signed and unsigned orders disagree on x1 vs x2.
  std::vector<uint32_t> code = {rv::addi(1, 0, -1), rv::addi(2, 0, 1), rv::addi(3, 0, 1)};
  // Each branch is followed by an instruction it skips when taken (a marker write to x9).
  for (auto br : {rv::beq, rv::bne, rv::blt, rv::bge, rv::bltu, rv::bgeu})
    for (auto [a, b] : {std::pair{2u, 3u}, std::pair{1u, 2u}, std::pair{2u, 1u}}) {
      code.push_back(br(a, b, 8));
      code.push_back(rv::addi(9, 9, 1));
    }
  // beq/bne where only the high limbs differ: x4 = 0x10001, x5 = 0x20001.
  code.push_back(rv::lui(4, 0x10));
  code.push_back(rv::addi(4, 4, 1));
  code.push_back(rv::lui(5, 0x20));
  code.push_back(rv::addi(5, 5, 1));
  for (auto br : {rv::beq, rv::bne}) {
    code.push_back(br(4, 5, 8));
    code.push_back(rv::addi(9, 9, 1));
  }
  // A backward branch: a loop counting x10 down from 3.
  code.push_back(rv::addi(10, 0, 3));
  code.push_back(rv::addi(10, 10, -1));
  code.push_back(rv::bne(10, 0, -4));
  expect_honest(with_exit(code));
}

TEST(CpuChip, NonHaltingEcallWritesA0) {
  // brk(0) returns the current break into a0 and the run continues.
  const std::vector<uint32_t> code = with_exit({
      rv::addi(kA7, 0, ZKRV_SYS_BRK),
      rv::addi(kA0, 0, 0),
      rv::ecall(),
      rv::add(11, kA0, 0),
  });
  const CpuTestMachine m(test_image(code));
  ASSERT_EQ(m.cpu_output().syscalls.size(), 2u);
  EXPECT_EQ(m.cpu_output().syscalls[0].halts, 0u);
  EXPECT_EQ(m.cpu_output().syscalls[1].halts, 1u);
  EXPECT_TRUE(m.check().empty());
  EXPECT_EQ(m.prove_and_verify(), "");
}

// Data at kTestData: bytes 01 7f ff 80 | 78 56 34 12 | 00 80 ff ff | 00 00 00 00.
const std::vector<uint32_t> kData = {0x80ff7f01u, 0x12345678u, 0xffff8000u, 0u};

TEST(CpuChip, LoadsAtEveryOffset) {
  std::vector<uint32_t> code = {rv::lui(1, 0x20), rv::addi(2, 1, 8)};  // x1 = data, x2 = data + 8
  for (int32_t k = 0; k < 4; ++k) {
    code.push_back(rv::lb(5, 1, k));   // signs: 01 +, 7f +, ff -, 80 -
    code.push_back(rv::lbu(6, 1, k));
    code.push_back(rv::lb(7, 2, k - 8));  // negative offsets
  }
  for (int32_t k : {0, 2}) {
    code.push_back(rv::lh(5, 1, k));   // 7f01 +, 80ff -
    code.push_back(rv::lhu(6, 1, k));
    code.push_back(rv::lh(7, 2, k));   // 8000 -, ffff -
    code.push_back(rv::lhu(8, 2, k));
  }
  code.push_back(rv::lw(5, 1, 0));
  code.push_back(rv::lw(6, 2, -4));
  code.push_back(rv::lw(0, 1, 4));    // a load into x0: read, nothing written
  code.push_back(rv::lb(0, 1, 3));
  expect_honest(with_exit(code), kData);
}

TEST(CpuChip, StoresAtEveryOffsetAndReloads) {
  std::vector<uint32_t> code = {rv::lui(1, 0x20), rv::lui(3, 0xa1b2c), rv::addi(3, 3, 0x3d4)};  // x3 = a1b2c3d4
  for (int32_t k = 0; k < 4; ++k) code.push_back(rv::sb(3, 1, 12 + k));  // byte k of word 3 := d4
  code.push_back(rv::lw(5, 1, 12));
  for (int32_t k : {0, 2}) code.push_back(rv::sh(3, 1, k));  // word 0 := c3d4c3d4
  code.push_back(rv::lw(6, 1, 0));
  code.push_back(rv::sb(3, 1, 5));     // into the middle of word 1
  code.push_back(rv::lw(7, 1, 4));
  code.push_back(rv::sw(3, 1, 8));
  code.push_back(rv::lw(8, 1, 8));
  // RAM outside the image: zero-initialised, written then read.
  code.push_back(rv::lui(9, 0x30));
  code.push_back(rv::lw(10, 9, 0));
  code.push_back(rv::sh(3, 9, 2));
  code.push_back(rv::lhu(10, 9, 2));
  code.push_back(rv::sw(0, 1, 4));     // storing x0
  expect_honest(with_exit(code), kData);
}

}  // namespace
}  // namespace zkrv::chips
