#include "vm/isa/instruction.h"

namespace zkrv {

std::string_view opcode_name(Opcode op) noexcept {
  static constexpr std::string_view kNames[] = {
#define ZKRV_NAME_ENTRY(name) #name,
      ZKRV_RV32IM_OPCODES(ZKRV_NAME_ENTRY)
#undef ZKRV_NAME_ENTRY
  };
  const auto index = static_cast<unsigned>(op);
  if (index >= kOpcodeCount) return "?";
  std::string_view name = kNames[index];
  // C++ keywords carry a trailing underscore in the enum (xor_, or_, and_).
  if (name.back() == '_') name.remove_suffix(1);
  return name;
}

InstructionFormat opcode_format(Opcode op) noexcept {
  switch (op) {
    case Opcode::lui:
    case Opcode::auipc: return InstructionFormat::u;
    case Opcode::jal: return InstructionFormat::j;
    case Opcode::beq:
    case Opcode::bne:
    case Opcode::blt:
    case Opcode::bge:
    case Opcode::bltu:
    case Opcode::bgeu: return InstructionFormat::b;
    case Opcode::sb:
    case Opcode::sh:
    case Opcode::sw: return InstructionFormat::s;
    case Opcode::jalr:
    case Opcode::lb:
    case Opcode::lh:
    case Opcode::lw:
    case Opcode::lbu:
    case Opcode::lhu:
    case Opcode::addi:
    case Opcode::slti:
    case Opcode::sltiu:
    case Opcode::xori:
    case Opcode::ori:
    case Opcode::andi:
    case Opcode::slli:
    case Opcode::srli:
    case Opcode::srai: return InstructionFormat::i;
    case Opcode::fence:
    case Opcode::ecall:
    case Opcode::illegal: return InstructionFormat::none;
    default: return InstructionFormat::r;
  }
}

}  // namespace zkrv
