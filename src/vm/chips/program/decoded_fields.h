// The decoded fields of one instruction as the program table holds them and the CPU sends them on
// kProgramBus (vm/chips/README.md, "Program and CPU"): the tuple (pc, fields...) of arity
// kNumDecodedFields. Both chips lay these out as their first columns in this order, so the program
// chip's preprocessed row and the CPU's main row name the same value by the same index.
//
// Values (all canonical field elements below 2^30 except limbs below 2^16 and the booleans):
//   pc              the instruction's byte address
//   rs1, rs2, rd    register indices as the CPU's accesses use them (ecall: rs1 = a7 = 17, rs2 = rd =
//                   a0 = 10); fields an instruction does not use are 0
//   imm_lo, imm_hi  the sign-extended immediate as 16-bit limbs (lui/auipc: imm already << 12; shifts:
//                   the shift amount); 0 for R-type, branches (their offset is in target), fence, ecall.
//                   So on every row that sends on the ALU bus, imm is 0 or rs2 is not read, and the
//                   second operand is imm + rs2 (cpu_eval.h)
//   target          pc + imm for branches and jal when that is a byte address below 2^30 (so the
//                   field element is the address itself), else 0: pc 0 has no program row, so a jump
//                   out of the representable range has no proof, as the executor faults on it
//   aux_lo, aux_hi  the constant rd value: lui imm, auipc pc + imm (mod 2^32), jal/jalr pc + 4
//   alu_op          the AluOp sent on the ALU bus (alu instructions; add for jalr; slt for blt/bge, sltu
//                   for bltu/bgeu), 0 for the other classes except loads and stores, which hold add
//                   but send nothing (the load-store chip adds rs1 + imm itself; the CPU's send has
//                   multiplicity is_alu + is_branch_lt + is_jalr)
//   flags (0/1)     reads_rs1, reads_rs2, writes_rd (rd != x0 and the instruction writes rd; 0 for
//                   ecall, whose a0 write depends on the syscall and is the CPU's business), use_imm
//                   (the ALU's second operand is imm), is_alu, is_load, is_store, mem_byte, mem_half,
//                   mem_signed, is_branch_eq (beq/bne), is_branch_lt (blt/bge/bltu/bgeu),
//                   branch_negate (bne/bge/bgeu), is_jal, is_jalr, is_const_rd (lui/auipc/jal/jalr),
//                   is_ecall. fence has every flag 0: a no-op.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vm/isa/instruction.h"

namespace zkrv::chips {

enum DecodedField : size_t {
  kFieldPc,
  kFieldRs1,
  kFieldRs2,
  kFieldRd,
  kFieldImmLo,
  kFieldImmHi,
  kFieldTarget,
  kFieldAuxLo,
  kFieldAuxHi,
  kFieldAluOp,
  kFieldReadsRs1,
  kFieldReadsRs2,
  kFieldWritesRd,
  kFieldUseImm,
  kFieldIsAlu,
  kFieldIsLoad,
  kFieldIsStore,
  kFieldMemByte,
  kFieldMemHalf,
  kFieldMemSigned,
  kFieldIsBranchEq,
  kFieldIsBranchLt,
  kFieldBranchNegate,
  kFieldIsJal,
  kFieldIsJalr,
  kFieldIsConstRd,
  kFieldIsEcall,
  kNumDecodedFields,
};

// The boolean fields, [kFirstFlag, kNumDecodedFields).
inline constexpr size_t kFirstFlag = kFieldReadsRs1;

inline constexpr std::array<std::string_view, kNumDecodedFields> kDecodedFieldNames = {
    "pc",          "rs1",          "rs2",          "rd",         "imm_lo",       "imm_hi",
    "target",      "aux_lo",       "aux_hi",       "alu_op",     "reads_rs1",    "reads_rs2",
    "writes_rd",   "use_imm",      "is_alu",       "is_load",    "is_store",     "mem_byte",
    "mem_half",    "mem_signed",   "is_branch_eq", "is_branch_lt", "branch_negate", "is_jal",
    "is_jalr",     "is_const_rd",  "is_ecall"};

using DecodedFields = std::array<uint32_t, kNumDecodedFields>;

// Registers an ecall reads and writes (Linux RISC-V syscall ABI: number in a7, argument/result in a0).
inline constexpr uint32_t kEcallNumberRegister = 17, kEcallArgRegister = 10;

// The fields of `in` at `pc`. `in.op` must not be Opcode::illegal (throws std::invalid_argument).
DecodedFields decode_fields(uint32_t pc, const Instruction& in);

}  // namespace zkrv::chips
