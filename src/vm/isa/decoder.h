// Decoding of 32-bit RV32IM instruction words.
#pragma once

#include <cstdint>
#include <string>

#include "vm/isa/instruction.h"

namespace zkrv {

// Decodes one word. Anything outside RV32IM (compressed, atomic, float, CSR, ebreak, fence.i,
// reserved encodings) decodes to Opcode::illegal.
Instruction decode(uint32_t word) noexcept;

// Assembler text for a word ("addi a0, sp, 16"), or ".word 0x... (illegal)" if it is not RV32IM.
std::string disassemble(uint32_t word);

// ABI register name ("zero", "ra", "sp", ..., "t6").
const char* register_name(unsigned index) noexcept;

}  // namespace zkrv
