// The instruction classes of RV32IM: the table that tells the decode chip (instruction_decode_chip.h)
// which bit patterns are instructions and what each one does. A class is keyed by the bits that select
// an instruction (opcode, funct3 and, where the decoder looks at it, funct7) and lists how to read the
// immediate (the format), what the CPU does (the flags and ALU op of decoded_fields.h), and how the
// decode chip computes rd and the constant rd value (aux).
//
// The table is derived from the executor's decoder (vm/isa/decoder.cpp) by enumerating every
// (opcode, funct3, funct7): a key has a row exactly when the decoder accepts the words with those bits
// (rd, rs1, rs2 set to 0; ECALL, the one instruction whose other bits matter, is pinned to the whole word
// 0x00000073 by a decode chip constraint). When the decoder's result for an (opcode, funct3) does not
// depend on funct7 (funct7 is immediate bits there), the class has uses_funct7 = 0 and key funct7 0, and
// the decode chip zeroes funct7 before the lookup; otherwise there is one row per accepted funct7. So the
// decode chip's lookup accepts exactly the words the decoder accepts. It is a constant of the machine, not
// of a program: preprocessed, the same in every proof (instruction_class_chip.h).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace zkrv::chips {

// Tuple positions on kInstructionClassBus (buses.h), all small canonical integers.
enum ClassField : size_t {
  kClassOpcode,       // bits 0..6 of the word
  kClassFunct3,       // bits 12..14
  kClassFunct7Key,    // bits 25..31 if uses_funct7, else 0
  kClassUsesFunct7,   // 1 if the decoder's choice depends on funct7 (OP, shifts, ECALL)
  kClassFmtI,         // immediate: I-type (12 bits, sign-extended)
  kClassFmtS,         // S-type
  kClassFmtB,         // B-type (branch offset)
  kClassFmtU,         // U-type (upper 20 bits)
  kClassFmtJ,         // J-type (jal offset)
  kClassFmtShift,     // shift amount in rs2's bits (slli, srli, srai); funct7 is not immediate
  kClassHasRd,        // rd is the word's rd field (formats R, I, U, J); else 0 (ECALL: 10, by is_ecall)
  kClassAuxHasImm,    // aux (the constant rd value) includes the immediate: lui, auipc
  kClassAuxHasPc,     // aux includes pc: auipc, jal, jalr
  kClassAuxPlus4,     // aux includes 4: jal, jalr
  kClassAluOp,        // decoded_fields.h alu_op
  kClassFirstFlag,    // decoded_fields.h flags from reads_rs1 to is_ecall, writes_rd excepted (16)
  kClassNumFields = kClassFirstFlag + 16,
};

inline constexpr size_t kInstructionClassArity = kClassNumFields;

using InstructionClass = std::array<uint32_t, kClassNumFields>;

// Every class, sorted by key (opcode, funct3, funct7 key). Built once, on first use.
std::span<const InstructionClass> instruction_classes();

// The class of `word` and its funct7 key, if the decoder accepts the word (ECALL: only 0x00000073).
const InstructionClass* instruction_class_of(uint32_t word) noexcept;

}  // namespace zkrv::chips
