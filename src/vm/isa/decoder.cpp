#include "vm/isa/decoder.h"

#include <fmt/format.h>

#include "base/bits.h"

namespace zkrv {
namespace {

// Immediate layouts, RISC-V Unprivileged ISA section 2.3 ("Immediate Encoding Variants").
int32_t imm_i(uint32_t w) { return static_cast<int32_t>(w) >> 20; }
int32_t imm_s(uint32_t w) { return sign_extend(((w >> 25) << 5) | ((w >> 7) & 0x1F), 12); }
int32_t imm_b(uint32_t w) {
  const uint32_t v = (((w >> 31) & 1) << 12) | (((w >> 7) & 1) << 11) | (((w >> 25) & 0x3F) << 5) |
                     (((w >> 8) & 0xF) << 1);
  return sign_extend(v, 13);
}
int32_t imm_u(uint32_t w) { return static_cast<int32_t>(w & 0xFFFFF000u); }
int32_t imm_j(uint32_t w) {
  const uint32_t v = (((w >> 31) & 1) << 20) | (((w >> 12) & 0xFF) << 12) | (((w >> 20) & 1) << 11) |
                     (((w >> 21) & 0x3FF) << 1);
  return sign_extend(v, 21);
}

constexpr Opcode kBranch[8] = {Opcode::beq, Opcode::bne, Opcode::illegal, Opcode::illegal,
                               Opcode::blt, Opcode::bge, Opcode::bltu,    Opcode::bgeu};
constexpr Opcode kLoad[8] = {Opcode::lb,  Opcode::lh,  Opcode::lw,      Opcode::illegal,
                             Opcode::lbu, Opcode::lhu, Opcode::illegal, Opcode::illegal};
constexpr Opcode kStore[8] = {Opcode::sb,      Opcode::sh,      Opcode::sw,      Opcode::illegal,
                              Opcode::illegal, Opcode::illegal, Opcode::illegal, Opcode::illegal};
constexpr Opcode kOpImm[8] = {Opcode::addi, Opcode::slli, Opcode::slti, Opcode::sltiu,
                              Opcode::xori, Opcode::srli, Opcode::ori,  Opcode::andi};
constexpr Opcode kOpBase[8] = {Opcode::add, Opcode::sll, Opcode::slt, Opcode::sltu,
                               Opcode::xor_, Opcode::srl, Opcode::or_, Opcode::and_};
constexpr Opcode kOpMul[8] = {Opcode::mul, Opcode::mulh, Opcode::mulhsu, Opcode::mulhu,
                              Opcode::div, Opcode::divu, Opcode::rem,    Opcode::remu};

Instruction make(Opcode op, uint32_t w, int32_t imm) {
  Instruction in;
  in.op = op;
  in.rd = static_cast<uint8_t>((w >> 7) & 0x1F);
  in.rs1 = static_cast<uint8_t>((w >> 15) & 0x1F);
  in.rs2 = static_cast<uint8_t>((w >> 20) & 0x1F);
  in.imm = imm;
  // Fields a format does not have are zeroed so equal instructions compare equal.
  switch (opcode_format(op)) {
    case InstructionFormat::r: in.imm = 0; break;
    case InstructionFormat::i: in.rs2 = 0; break;
    case InstructionFormat::s:
    case InstructionFormat::b: in.rd = 0; break;
    case InstructionFormat::u:
    case InstructionFormat::j: in.rs1 = in.rs2 = 0; break;
    case InstructionFormat::none: in.rd = in.rs1 = in.rs2 = 0; break;
  }
  return in;
}

}  // namespace

Instruction decode(uint32_t w) noexcept {
  const uint32_t funct3 = (w >> 12) & 7;
  const uint32_t funct7 = w >> 25;
  Instruction bad;
  switch (w & 0x7F) {
    case 0x37: return make(Opcode::lui, w, imm_u(w));
    case 0x17: return make(Opcode::auipc, w, imm_u(w));
    case 0x6F: return make(Opcode::jal, w, imm_j(w));
    case 0x67: return funct3 == 0 ? make(Opcode::jalr, w, imm_i(w)) : bad;
    case 0x63: return kBranch[funct3] == Opcode::illegal ? bad : make(kBranch[funct3], w, imm_b(w));
    case 0x03: return kLoad[funct3] == Opcode::illegal ? bad : make(kLoad[funct3], w, imm_i(w));
    case 0x23: return kStore[funct3] == Opcode::illegal ? bad : make(kStore[funct3], w, imm_s(w));
    case 0x13:
      if (funct3 == 1) return funct7 == 0 ? make(Opcode::slli, w, static_cast<int32_t>((w >> 20) & 0x1F)) : bad;
      if (funct3 == 5) {
        const int32_t shamt = static_cast<int32_t>((w >> 20) & 0x1F);
        if (funct7 == 0x00) return make(Opcode::srli, w, shamt);
        if (funct7 == 0x20) return make(Opcode::srai, w, shamt);
        return bad;
      }
      return make(kOpImm[funct3], w, imm_i(w));
    case 0x33:
      if (funct7 == 0x00) return make(kOpBase[funct3], w, 0);
      if (funct7 == 0x01) return make(kOpMul[funct3], w, 0);
      if (funct7 == 0x20 && funct3 == 0) return make(Opcode::sub, w, 0);
      if (funct7 == 0x20 && funct3 == 5) return make(Opcode::sra, w, 0);
      return bad;
    case 0x0F:
      // FENCE (funct3 0) is a no-op on this single-hart machine; FENCE.I (Zifencei) is not RV32IM.
      return funct3 == 0 ? make(Opcode::fence, w, 0) : bad;
    case 0x73:
      // ECALL is the only system instruction (docs/architecture.md section 2); EBREAK and CSR access are illegal.
      return w == 0x00000073u ? make(Opcode::ecall, w, 0) : bad;
    default: return bad;
  }
}

const char* register_name(unsigned index) noexcept {
  static const char* const kNames[32] = {"zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
                                         "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
                                         "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
  return index < 32 ? kNames[index] : "?";
}

std::string disassemble(uint32_t word) {
  const Instruction in = decode(word);
  const char* rd = register_name(in.rd);
  const char* rs1 = register_name(in.rs1);
  const char* rs2 = register_name(in.rs2);
  const auto name = opcode_name(in.op);
  switch (in.op) {
    case Opcode::illegal: return fmt::format(".word 0x{:08x} (not an RV32IM instruction)", word);
    case Opcode::ecall:
    case Opcode::fence: return std::string(name);
    case Opcode::lui:
    case Opcode::auipc: return fmt::format("{} {}, 0x{:x}", name, rd, static_cast<uint32_t>(in.imm) >> 12);
    case Opcode::jal: return fmt::format("{} {}, {:+}", name, rd, in.imm);
    case Opcode::jalr:
    case Opcode::lb:
    case Opcode::lh:
    case Opcode::lw:
    case Opcode::lbu:
    case Opcode::lhu: return fmt::format("{} {}, {}({})", name, rd, in.imm, rs1);
    case Opcode::sb:
    case Opcode::sh:
    case Opcode::sw: return fmt::format("{} {}, {}({})", name, rs2, in.imm, rs1);
    default: break;
  }
  switch (opcode_format(in.op)) {
    case InstructionFormat::b: return fmt::format("{} {}, {}, {:+}", name, rs1, rs2, in.imm);
    case InstructionFormat::i: return fmt::format("{} {}, {}, {}", name, rd, rs1, in.imm);
    default: return fmt::format("{} {}, {}, {}", name, rd, rs1, rs2);
  }
}

}  // namespace zkrv
