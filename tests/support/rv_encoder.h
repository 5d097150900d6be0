// A tiny RV32IM encoder for tests: one generic instruction record (`Insn`), its 32-bit encoding and a
// one-line disassembly, plus named helpers (`rv::add(rd, rs1, rs2)`, ...) for hand-written programs.
// Immediates are byte offsets / values as written in assembly; out-of-range values throw
// std::invalid_argument so a generator bug cannot silently produce a different instruction.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace zkrv::test::rv {

enum class Op : uint8_t {
  lui, auipc, jal, jalr,
  beq, bne, blt, bge, bltu, bgeu,
  lb, lh, lw, lbu, lhu, sb, sh, sw,
  addi, slti, sltiu, xori, ori, andi, slli, srli, srai,
  add, sub, sll, slt, sltu, xor_, srl, sra, or_, and_,
  mul, mulh, mulhsu, mulhu, div, divu, rem, remu,
  fence, ecall,
};
inline constexpr size_t kOpCount = static_cast<size_t>(Op::ecall) + 1;

enum class Format : uint8_t { r, i, shift, load, store, branch, u, j, jalr, fence, ecall };

const char* op_name(Op op);
Format op_format(Op op);

// One instruction. Fields an instruction does not use are ignored (and should be 0).
//   u (lui/auipc): imm is the 20-bit upper immediate, 0..0xFFFFF
//   j/branch:      imm is the pc-relative byte offset (even)
//   fence:         imm is (pred << 4) | succ, each a 4-bit iorw set
struct Insn {
  Op op = Op::addi;
  uint8_t rd = 0, rs1 = 0, rs2 = 0;
  int32_t imm = 0;
};

uint32_t encode(const Insn& insn);
// "addi x5, x6, -1"; branch/jal targets are shown as offsets ("beq x1, x2, +8").
std::string disassemble(const Insn& insn);

// ---- named helpers -------------------------------------------------------------------------------
inline uint32_t lui(unsigned rd, uint32_t imm20) { return encode({Op::lui, uint8_t(rd), 0, 0, int32_t(imm20)}); }
inline uint32_t auipc(unsigned rd, uint32_t imm20) { return encode({Op::auipc, uint8_t(rd), 0, 0, int32_t(imm20)}); }
inline uint32_t jal(unsigned rd, int32_t off) { return encode({Op::jal, uint8_t(rd), 0, 0, off}); }
inline uint32_t jalr(unsigned rd, unsigned rs1, int32_t imm) { return encode({Op::jalr, uint8_t(rd), uint8_t(rs1), 0, imm}); }
inline uint32_t fence(unsigned pred = 0xF, unsigned succ = 0xF) { return encode({Op::fence, 0, 0, 0, int32_t(pred << 4 | succ)}); }
inline uint32_t ecall() { return encode({Op::ecall, 0, 0, 0, 0}); }

#define ZKRV_RV_BRANCH(name) \
  inline uint32_t name(unsigned rs1, unsigned rs2, int32_t off) { return encode({Op::name, 0, uint8_t(rs1), uint8_t(rs2), off}); }
ZKRV_RV_BRANCH(beq) ZKRV_RV_BRANCH(bne) ZKRV_RV_BRANCH(blt) ZKRV_RV_BRANCH(bge) ZKRV_RV_BRANCH(bltu) ZKRV_RV_BRANCH(bgeu)
#undef ZKRV_RV_BRANCH

#define ZKRV_RV_STORE(name) \
  inline uint32_t name(unsigned rs2, unsigned rs1, int32_t imm) { return encode({Op::name, 0, uint8_t(rs1), uint8_t(rs2), imm}); }
ZKRV_RV_STORE(sb) ZKRV_RV_STORE(sh) ZKRV_RV_STORE(sw)
#undef ZKRV_RV_STORE

#define ZKRV_RV_IMM(name) \
  inline uint32_t name(unsigned rd, unsigned rs1, int32_t imm) { return encode({Op::name, uint8_t(rd), uint8_t(rs1), 0, imm}); }
ZKRV_RV_IMM(lb) ZKRV_RV_IMM(lh) ZKRV_RV_IMM(lw) ZKRV_RV_IMM(lbu) ZKRV_RV_IMM(lhu)
ZKRV_RV_IMM(addi) ZKRV_RV_IMM(slti) ZKRV_RV_IMM(sltiu) ZKRV_RV_IMM(xori) ZKRV_RV_IMM(ori) ZKRV_RV_IMM(andi)
ZKRV_RV_IMM(slli) ZKRV_RV_IMM(srli) ZKRV_RV_IMM(srai)
#undef ZKRV_RV_IMM

#define ZKRV_RV_REG(fn, op) \
  inline uint32_t fn(unsigned rd, unsigned rs1, unsigned rs2) { return encode({Op::op, uint8_t(rd), uint8_t(rs1), uint8_t(rs2), 0}); }
ZKRV_RV_REG(add, add) ZKRV_RV_REG(sub, sub) ZKRV_RV_REG(sll, sll) ZKRV_RV_REG(slt, slt) ZKRV_RV_REG(sltu, sltu)
ZKRV_RV_REG(xor_, xor_) ZKRV_RV_REG(srl, srl) ZKRV_RV_REG(sra, sra) ZKRV_RV_REG(or_, or_) ZKRV_RV_REG(and_, and_)
ZKRV_RV_REG(mul, mul) ZKRV_RV_REG(mulh, mulh) ZKRV_RV_REG(mulhsu, mulhsu) ZKRV_RV_REG(mulhu, mulhu)
ZKRV_RV_REG(div, div) ZKRV_RV_REG(divu, divu) ZKRV_RV_REG(rem, rem) ZKRV_RV_REG(remu, remu)
#undef ZKRV_RV_REG

}  // namespace zkrv::test::rv
