#include "vm/isa/decoder.h"

#include <gtest/gtest.h>

namespace zkrv {
namespace {

struct Case {
  uint32_t word;
  Opcode op;
  uint8_t rd, rs1, rs2;
  int32_t imm;
};

// Words produced by `llvm-mc-14 --triple=riscv32 -mattr=+m --show-encoding` from the assembly in
// the comments (an assembler we did not write); fields written out by hand from that assembly.
const Case kCases[] = {
    {0xfffff537, Opcode::lui, 10, 0, 0, static_cast<int32_t>(0xfffff000u)},  // lui a0, 0xfffff
    {0x12345317, Opcode::auipc, 6, 0, 0, 0x12345000},                        // auipc t1, 0x12345
    {0x801ff0ef, Opcode::jal, 1, 0, 0, -2048},                               // jal ra, -2048
    {0xfff28067, Opcode::jalr, 0, 5, 0, -1},                                 // jalr zero, -1(t0)
    {0x80b50063, Opcode::beq, 0, 10, 11, -4096},                             // beq a0, a1, -4096
    {0x7e941fe3, Opcode::bne, 0, 8, 9, 4094},                                // bne s0, s1, 4094
    {0x01de4863, Opcode::blt, 0, 28, 29, 16},                                // blt t3, t4, 16
    {0xfff05fe3, Opcode::bge, 0, 0, 31, -2},                                 // bge zero, t6, -2
    {0x00d66463, Opcode::bltu, 0, 12, 13, 8},                                // bltu a2, a3, 8
    {0x00f770e3, Opcode::bgeu, 0, 14, 15, 2048},                             // bgeu a4, a5, 2048
    {0x80010283, Opcode::lb, 5, 2, 0, -2048},                                // lb t0, -2048(sp)
    {0x7ff19303, Opcode::lh, 6, 3, 0, 2047},                                 // lh t1, 2047(gp)
    {0x0005a503, Opcode::lw, 10, 11, 0, 0},                                  // lw a0, 0(a1)
    {0xfff24d83, Opcode::lbu, 27, 4, 0, -1},                                 // lbu s11, -1(tp)
    {0x00645383, Opcode::lhu, 7, 8, 0, 6},                                   // lhu t2, 6(s0)
    {0xfe510fa3, Opcode::sb, 0, 2, 5, -1},                                   // sb t0, -1(sp)
    {0x7e651fa3, Opcode::sh, 0, 10, 6, 2047},                                // sh t1, 2047(a0)
    {0x8014a023, Opcode::sw, 0, 9, 1, -2048},                                // sw ra, -2048(s1)
    {0x00000013, Opcode::addi, 0, 0, 0, 0},                                  // nop
    {0xfff5a513, Opcode::slti, 10, 11, 0, -1},                               // slti a0, a1, -1
    {0xfff5b513, Opcode::sltiu, 10, 11, 0, -1},                              // sltiu a0, a1, -1
    {0x7ff5c513, Opcode::xori, 10, 11, 0, 2047},                             // xori a0, a1, 2047
    {0x80036293, Opcode::ori, 5, 6, 0, -2048},                               // ori t0, t1, -2048
    {0x0fff7f93, Opcode::andi, 31, 30, 0, 255},                              // andi t6, t5, 255
    {0x01f51513, Opcode::slli, 10, 10, 0, 31},                               // slli a0, a0, 31
    {0x0015d593, Opcode::srli, 11, 11, 0, 1},                                // srli a1, a1, 1
    {0x41f65613, Opcode::srai, 12, 12, 0, 31},                               // srai a2, a2, 31
    {0x00c58533, Opcode::add, 10, 11, 12, 0},                                // add a0, a1, a2
    {0x40c58533, Opcode::sub, 10, 11, 12, 0},                                // sub a0, a1, a2
    {0x007312b3, Opcode::sll, 5, 6, 7, 0},                                   // sll t0, t1, t2
    {0x013924b3, Opcode::slt, 9, 18, 19, 0},                                 // slt s1, s2, s3
    {0x016aba33, Opcode::sltu, 20, 21, 22, 0},                               // sltu s4, s5, s6
    {0x019c4bb3, Opcode::xor_, 23, 24, 25, 0},                               // xor s7, s8, s9
    {0x01cddd33, Opcode::srl, 26, 27, 28, 0},                                // srl s10, s11, t3
    {0x41ff5eb3, Opcode::sra, 29, 30, 31, 0},                                // sra t4, t5, t6
    {0x00f766b3, Opcode::or_, 13, 14, 15, 0},                                // or a3, a4, a5
    {0x0018f833, Opcode::and_, 16, 17, 1, 0},                                // and a6, a7, ra
    {0x02c58533, Opcode::mul, 10, 11, 12, 0},                                // mul a0, a1, a2
    {0x027312b3, Opcode::mulh, 5, 6, 7, 0},                                  // mulh t0, t1, t2
    {0x0324a433, Opcode::mulhsu, 8, 9, 18, 0},                               // mulhsu s0, s1, s2
    {0x035a39b3, Opcode::mulhu, 19, 20, 21, 0},                              // mulhu s3, s4, s5
    {0x02b54533, Opcode::div, 10, 10, 11, 0},                                // div a0, a0, a1
    {0x02e6d633, Opcode::divu, 12, 13, 14, 0},                               // divu a2, a3, a4
    {0x031867b3, Opcode::rem, 15, 16, 17, 0},                                // rem a5, a6, a7
    {0x03eefe33, Opcode::remu, 28, 29, 30, 0},                               // remu t3, t4, t5
    {0x0330000f, Opcode::fence, 0, 0, 0, 0},                                 // fence rw, rw
    {0x00000073, Opcode::ecall, 0, 0, 0, 0},                                 // ecall
};

TEST(Decoder, KnownEncodings) {
  bool seen[kOpcodeCount] = {};
  for (const Case& c : kCases) {
    SCOPED_TRACE(disassemble(c.word));
    const Instruction in = decode(c.word);
    EXPECT_EQ(in.op, c.op);
    EXPECT_EQ(in.rd, c.rd);
    EXPECT_EQ(in.rs1, c.rs1);
    EXPECT_EQ(in.rs2, c.rs2);
    EXPECT_EQ(in.imm, c.imm);
    seen[static_cast<unsigned>(in.op)] = true;
  }
  // The table covers every RV32IM instruction.
  for (unsigned op = 0; op < kOpcodeCount; ++op) {
    if (static_cast<Opcode>(op) == Opcode::illegal) continue;
    EXPECT_TRUE(seen[op]) << "no known encoding tested for " << opcode_name(static_cast<Opcode>(op));
  }
}

TEST(Decoder, RejectsEverythingOutsideRv32im) {
  const uint32_t illegal[] = {
      0x00000000,  // all zeros (defined illegal)
      0xFFFFFFFF,  // all ones
      0x00100073,  // ebreak
      0x30200073,  // mret
      0x10500073,  // wfi
      0x34202573,  // csrr a0, mcause
      0xC0002573,  // rdcycle a0
      0x0000100F,  // fence.i (Zifencei)
      0x100525AF,  // lr.w a1, (a0) (A extension)
      0x0005A507,  // flw fa0, 0(a1) (F extension)
      0x00B50553,  // fadd.s (F extension)
      0x0005B503,  // ld a0, 0(a1)
      0x0005E503,  // funct3 6 load (lwu, RV64)
      0x00B53023,  // sd (RV64)
      0x00B52463,  // branch funct3 2
      0x00B53463,  // branch funct3 3
      0x00001067,  // jalr with funct3 1
      0x02051513,  // slli with shamt bit 5 set (RV64 only)
      0x40051513,  // slli with funct7 0x20
      0x20055513,  // srli/srai with funct7 0x10
      0x80C58533,  // OP with funct7 0x40
      0x40C59533,  // sub encoding with funct3 1
      0x0000001B,  // OP-IMM-32 (RV64)
      0x0000003B,  // OP-32 (RV64)
      0x00000001,  // compressed quadrant 1 (c.nop)
  };
  for (uint32_t w : illegal) {
    EXPECT_EQ(decode(w).op, Opcode::illegal) << std::hex << w << " " << disassemble(w);
  }
}

TEST(Decoder, Disassembly) {
  EXPECT_EQ(disassemble(0xfff28067), "jalr zero, -1(t0)");
  EXPECT_EQ(disassemble(0x8014a023), "sw ra, -2048(s1)");
  EXPECT_EQ(disassemble(0x00c58533), "add a0, a1, a2");
  EXPECT_EQ(disassemble(0x019c4bb3), "xor s7, s8, s9");
  EXPECT_EQ(disassemble(0xfff5a513), "slti a0, a1, -1");
  EXPECT_EQ(disassemble(0x80b50063), "beq a0, a1, -4096");
  EXPECT_EQ(disassemble(0xfffff537), "lui a0, 0xfffff");
  EXPECT_EQ(disassemble(0x00000073), "ecall");
  EXPECT_EQ(disassemble(0x00000000), ".word 0x00000000 (not an RV32IM instruction)");
}

// Any 32-bit word decodes without crashing, and legal decodes have register fields in range: a sweep
// over a pseudo-random sample of the whole 2^32 space.
TEST(Decoder, RandomWordsAreTotal) {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  unsigned legal = 0;
  for (int i = 0; i < 200000; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const uint32_t w = static_cast<uint32_t>(state >> 32);
    const Instruction in = decode(w);
    if (in.op != Opcode::illegal) {
      ++legal;
      EXPECT_LT(in.rd, 32);
      EXPECT_LT(in.rs1, 32);
      EXPECT_LT(in.rs2, 32);
      EXPECT_FALSE(disassemble(w).empty());
    }
  }
  EXPECT_GT(legal, 1000u);
}

}  // namespace
}  // namespace zkrv
