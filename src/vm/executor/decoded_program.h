// The program pre-decoded once per run, so the interpreter never decodes or allocates per step.
#pragma once

#include <cstdint>
#include <vector>

#include "vm/isa/instruction.h"
#include "vm/isa/program_image.h"

namespace zkrv {

// Extra dispatch entry: the sentinel after the last code word. Executing it is a "fetch outside code"
// fault. (Every word inside the code range, the hull of the executable segments, is decoded from memory,
// read-only data between two executable segments included; a word that is no instruction is illegal.)
inline constexpr uint8_t kFetchFault = kOpcodeCount;

// Register index written when rd is x0, so x0 stays zero without a check on every write.
inline constexpr uint8_t kDiscardRegister = 32;

struct DecodedInstruction {
  uint8_t op;   // Opcode, or kFetchFault
  uint8_t rd;   // 0..31, with x0 replaced by kDiscardRegister
  uint8_t rs1;
  uint8_t rs2;
  int32_t imm;
};
static_assert(sizeof(DecodedInstruction) == 8);

struct DecodedProgram {
  uint32_t code_begin = 0;
  uint32_t code_end = 0;
  // One entry per word of [code_begin, code_end), plus a kFetchFault sentinel at the end.
  std::vector<DecodedInstruction> table;

  uint32_t pc_of(const DecodedInstruction* d) const noexcept {
    return code_begin + static_cast<uint32_t>(d - table.data()) * 4;
  }
};

DecodedProgram decode_program(const ProgramImage& image);

}  // namespace zkrv
