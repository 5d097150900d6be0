// RV32IM instructions in decoded form (RISC-V Unprivileged ISA, chapters 2 "RV32I" and 13 "M").
#pragma once

#include <cstdint>
#include <string_view>

namespace zkrv {

// One entry per RV32IM instruction, plus `illegal` for every word that is not one. The order is the
// executor's dispatch order; names come from opcode_name().
#define ZKRV_RV32IM_OPCODES(X)                                                                    \
  X(lui) X(auipc) X(jal) X(jalr)                                                                  \
  X(beq) X(bne) X(blt) X(bge) X(bltu) X(bgeu)                                                     \
  X(lb) X(lh) X(lw) X(lbu) X(lhu) X(sb) X(sh) X(sw)                                               \
  X(addi) X(slti) X(sltiu) X(xori) X(ori) X(andi) X(slli) X(srli) X(srai)                         \
  X(add) X(sub) X(sll) X(slt) X(sltu) X(xor_) X(srl) X(sra) X(or_) X(and_)                        \
  X(mul) X(mulh) X(mulhsu) X(mulhu) X(div) X(divu) X(rem) X(remu)                                 \
  X(fence) X(ecall) X(illegal)

enum class Opcode : uint8_t {
#define ZKRV_ENUM_ENTRY(name) name,
  ZKRV_RV32IM_OPCODES(ZKRV_ENUM_ENTRY)
#undef ZKRV_ENUM_ENTRY
};

inline constexpr unsigned kOpcodeCount = static_cast<unsigned>(Opcode::illegal) + 1;

// Assembler mnemonic ("xor" for Opcode::xor_).
std::string_view opcode_name(Opcode op) noexcept;

enum class InstructionFormat : uint8_t { r, i, s, b, u, j, none };
InstructionFormat opcode_format(Opcode op) noexcept;

struct Instruction {
  Opcode op = Opcode::illegal;
  uint8_t rd = 0, rs1 = 0, rs2 = 0;
  int32_t imm = 0;  // sign-extended immediate; for lui/auipc the value already shifted left by 12
};

}  // namespace zkrv
