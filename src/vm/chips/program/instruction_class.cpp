#include "vm/chips/program/instruction_class.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "vm/chips/program/decoded_fields.h"
#include "vm/isa/decoder.h"

namespace zkrv::chips {
namespace {

constexpr uint32_t word_of(uint32_t opcode, uint32_t funct3, uint32_t funct7) {
  return opcode | (funct3 << 12) | (funct7 << 25);
}

// The class of a decoded instruction, without the key's funct7 fields.
InstructionClass class_of(uint32_t opcode, uint32_t funct3, const Instruction& in) {
  InstructionClass c{};
  c[kClassOpcode] = opcode;
  c[kClassFunct3] = funct3;
  const InstructionFormat format = opcode_format(in.op);
  const bool is_shift = in.op == Opcode::slli || in.op == Opcode::srli || in.op == Opcode::srai;
  c[kClassFmtI] = format == InstructionFormat::i && !is_shift;
  c[kClassFmtS] = format == InstructionFormat::s;
  c[kClassFmtB] = format == InstructionFormat::b;
  c[kClassFmtU] = format == InstructionFormat::u;
  c[kClassFmtJ] = format == InstructionFormat::j;
  c[kClassFmtShift] = is_shift;
  c[kClassHasRd] = format == InstructionFormat::r || format == InstructionFormat::i || format == InstructionFormat::u ||
                   format == InstructionFormat::j;
  c[kClassAuxHasImm] = in.op == Opcode::lui || in.op == Opcode::auipc;
  c[kClassAuxHasPc] = in.op == Opcode::auipc || in.op == Opcode::jal || in.op == Opcode::jalr;
  c[kClassAuxPlus4] = in.op == Opcode::jal || in.op == Opcode::jalr;
  // The flags and ALU op do not depend on pc or on the register fields: take them from decode_fields.
  const DecodedFields f = decode_fields(4, in);
  c[kClassAluOp] = f[kFieldAluOp];
  size_t k = kClassFirstFlag;
  for (size_t i = kFirstFlag; i < kNumDecodedFields; ++i)
    if (i != kFieldWritesRd) c[k++] = f[i];
  if (k != kClassNumFields) throw std::logic_error("instruction_classes: flag count");
  return c;
}

std::vector<InstructionClass> build_classes() {
  std::vector<InstructionClass> out;
  for (uint32_t opcode = 0; opcode < 128; ++opcode) {
    for (uint32_t funct3 = 0; funct3 < 8; ++funct3) {
      // Which funct7 values the decoder accepts here, and whether its choice depends on funct7.
      std::vector<std::pair<uint32_t, Instruction>> accepted;
      for (uint32_t funct7 = 0; funct7 < 128; ++funct7) {
        const Instruction in = decode(word_of(opcode, funct3, funct7));
        if (in.op != Opcode::illegal) accepted.emplace_back(funct7, in);
      }
      if (accepted.empty()) continue;
      const bool uniform = accepted.size() == 128 && std::all_of(accepted.begin(), accepted.end(), [&](const auto& a) {
                             return a.second.op == accepted.front().second.op;
                           });
      if (uniform) {
        out.push_back(class_of(opcode, funct3, accepted.front().second));
        continue;
      }
      for (const auto& [funct7, in] : accepted) {
        InstructionClass c = class_of(opcode, funct3, in);
        c[kClassFunct7Key] = funct7;
        c[kClassUsesFunct7] = 1;
        out.push_back(c);
      }
    }
  }
  return out;  // generated in key order
}

}  // namespace

std::span<const InstructionClass> instruction_classes() {
  static const std::vector<InstructionClass> classes = build_classes();
  return classes;
}

const InstructionClass* instruction_class_of(uint32_t word) noexcept {
  if (decode(word).op == Opcode::illegal) return nullptr;
  const uint32_t opcode = word & 0x7fu, funct3 = (word >> 12) & 7u, funct7 = word >> 25;
  for (const InstructionClass& c : instruction_classes()) {
    if (c[kClassOpcode] != opcode || c[kClassFunct3] != funct3) continue;
    if (c[kClassUsesFunct7] == 0 || c[kClassFunct7Key] == funct7) return &c;
  }
  return nullptr;
}

}  // namespace zkrv::chips
