// Known-answer tests for the test-only RV32IM encoder. The reference words were produced once with
//   llvm-mc-14 --triple=riscv32 -mattr=+m --show-encoding
// on the assembly shown beside each line (little-endian bytes reassembled into a 32-bit word); they
// are not output of the encoder under test.
#include "support/rv_encoder.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace zkrv::test {
namespace {

using namespace rv;

struct Known {
  uint32_t word;
  uint32_t encoded;
  const char* asm_text;
};

TEST(RvEncoder, MatchesLlvmMc) {
  const Known cases[] = {
      {0xabcde2b7, lui(5, 0xABCDE), "lui x5, 0xABCDE"},
      {0x80000f97, auipc(31, 0x80000), "auipc x31, 0x80000"},
      {0x001000ef, jal(1, 2048), "jal x1, 2048"},
      {0xffdff06f, jal(0, -4), "jal x0, -4"},
      {0x00008067, jalr(0, 1, 0), "jalr x0, 0(x1)"},
      {0xffff03e7, jalr(7, 30, -1), "jalr x7, -1(x30)"},
      {0x00208463, beq(1, 2, 8), "beq x1, x2, 8"},
      {0x800f9063, bne(31, 0, -4096), "bne x31, x0, -4096"},
      {0x7e62cfe3, blt(5, 6, 4094), "blt x5, x6, 4094"},
      {0xfef05fe3, bge(0, 15, -2), "bge x0, x15, -2"},
      {0x00b56863, bltu(10, 11, 16), "bltu x10, x11, 16"},
      {0xfed678e3, bgeu(12, 13, -16), "bgeu x12, x13, -16"},
      {0x80010083, lb(1, 2, -2048), "lb x1, -2048(x2)"},
      {0x7ff21183, lh(3, 4, 2047), "lh x3, 2047(x4)"},
      {0x00032283, lw(5, 6, 0), "lw x5, 0(x6)"},
      {0x00144383, lbu(7, 8, 1), "lbu x7, 1(x8)"},
      {0xffe55483, lhu(9, 10, -2), "lhu x9, -2(x10)"},
      {0xfeb60fa3, sb(11, 12, -1), "sb x11, -1(x12)"},
      {0x7ed71f23, sh(13, 14, 2046), "sh x13, 2046(x14)"},
      {0x81f0a023, sw(31, 1, -2048), "sw x31, -2048(x1)"},
      {0xfff10093, addi(1, 2, -1), "addi x1, x2, -1"},
      {0x7ff22193, slti(3, 4, 2047), "slti x3, x4, 2047"},
      {0x80033293, sltiu(5, 6, -2048), "sltiu x5, x6, -2048"},
      {0x55544393, xori(7, 8, 0x555), "xori x7, x8, 0x555"},
      {0xf0056493, ori(9, 10, -256), "ori x9, x10, -256"},
      {0x0ff67593, andi(11, 12, 255), "andi x11, x12, 255"},
      {0x01f71693, slli(13, 14, 31), "slli x13, x14, 31"},
      {0x00185793, srli(15, 16, 1), "srli x15, x16, 1"},
      {0x41195893, srai(17, 18, 17), "srai x17, x18, 17"},
      {0x015a09b3, add(19, 20, 21), "add x19, x20, x21"},
      {0x418b8b33, sub(22, 23, 24), "sub x22, x23, x24"},
      {0x01bd1cb3, sll(25, 26, 27), "sll x25, x26, x27"},
      {0x01eeae33, slt(28, 29, 30), "slt x28, x29, x30"},
      {0x0020bfb3, sltu(31, 1, 2), "sltu x31, x1, x2"},
      {0x005241b3, xor_(3, 4, 5), "xor x3, x4, x5"},
      {0x0083d333, srl(6, 7, 8), "srl x6, x7, x8"},
      {0x40b554b3, sra(9, 10, 11), "sra x9, x10, x11"},
      {0x00e6e633, or_(12, 13, 14), "or x12, x13, x14"},
      {0x011877b3, and_(15, 16, 17), "and x15, x16, x17"},
      {0x03498933, mul(18, 19, 20), "mul x18, x19, x20"},
      {0x037b1ab3, mulh(21, 22, 23), "mulh x21, x22, x23"},
      {0x03acac33, mulhsu(24, 25, 26), "mulhsu x24, x25, x26"},
      {0x03de3db3, mulhu(27, 28, 29), "mulhu x27, x28, x29"},
      {0x021fcf33, div(30, 31, 1), "div x30, x31, x1"},
      {0x0241d133, divu(2, 3, 4), "divu x2, x3, x4"},
      {0x027362b3, rem(5, 6, 7), "rem x5, x6, x7"},
      {0x02a4f433, remu(8, 9, 10), "remu x8, x9, x10"},
      {0x0ff0000f, fence(0xF, 0xF), "fence iorw, iorw"},
      {0x0330000f, fence(0x3, 0x3), "fence rw, rw"},
      {0x0210000f, fence(0x2, 0x1), "fence r, w"},
      {0x00000073, ecall(), "ecall"},
  };
  for (const Known& k : cases) EXPECT_EQ(k.encoded, k.word) << k.asm_text;
}

TEST(RvEncoder, RejectsOutOfRangeOperands) {
  EXPECT_THROW(addi(1, 2, 2048), std::invalid_argument);
  EXPECT_THROW(addi(1, 2, -2049), std::invalid_argument);
  EXPECT_THROW(slli(1, 2, 32), std::invalid_argument);
  EXPECT_THROW(beq(1, 2, 3), std::invalid_argument);
  EXPECT_THROW(beq(1, 2, 4096), std::invalid_argument);
  EXPECT_THROW(jal(1, 1 << 20), std::invalid_argument);
  EXPECT_THROW(lui(1, 0x100000), std::invalid_argument);
  EXPECT_THROW(add(32, 1, 2), std::invalid_argument);
}

TEST(RvEncoder, DisassemblesEveryFormat) {
  EXPECT_EQ(disassemble({Op::addi, 5, 6, 0, -1}), "addi x5, x6, -1");
  EXPECT_EQ(disassemble({Op::sw, 0, 2, 7, 8}), "sw x7, 8(x2)");
  EXPECT_EQ(disassemble({Op::lhu, 3, 4, 0, -2}), "lhu x3, -2(x4)");
  EXPECT_EQ(disassemble({Op::bgeu, 0, 1, 2, 12}), "bgeu x1, x2, +12");
  EXPECT_EQ(disassemble({Op::jal, 1, 0, 0, -8}), "jal x1, -8");
  EXPECT_EQ(disassemble({Op::mulhsu, 1, 2, 3, 0}), "mulhsu x1, x2, x3");
  EXPECT_EQ(disassemble({Op::lui, 1, 0, 0, 0xABCDE}), "lui x1, 703710");
  EXPECT_EQ(disassemble({Op::ecall, 0, 0, 0, 0}), "ecall");
  for (size_t i = 0; i < kOpCount; ++i) EXPECT_STRNE(op_name(static_cast<Op>(i)), "");
}

}  // namespace
}  // namespace zkrv::test
