#include "vm/chips/program/decoded_fields.h"

#include <stdexcept>

#include "vm/executor/alu_event.h"

namespace zkrv::chips {
namespace {

constexpr uint32_t kRepresentableLimit = uint32_t{1} << 30;  // byte addresses the circuit holds (abi/memory_map.h)

AluOp alu_op_of(Opcode op) {
  switch (op) {
    case Opcode::add: case Opcode::addi: return AluOp::add;
    case Opcode::sub: return AluOp::sub;
    case Opcode::xor_: case Opcode::xori: return AluOp::xor_;
    case Opcode::or_: case Opcode::ori: return AluOp::or_;
    case Opcode::and_: case Opcode::andi: return AluOp::and_;
    case Opcode::sll: case Opcode::slli: return AluOp::sll;
    case Opcode::srl: case Opcode::srli: return AluOp::srl;
    case Opcode::sra: case Opcode::srai: return AluOp::sra;
    case Opcode::slt: case Opcode::slti: return AluOp::slt;
    case Opcode::sltu: case Opcode::sltiu: return AluOp::sltu;
    case Opcode::mul: return AluOp::mul;
    case Opcode::mulh: return AluOp::mulh;
    case Opcode::mulhsu: return AluOp::mulhsu;
    case Opcode::mulhu: return AluOp::mulhu;
    case Opcode::div: return AluOp::div;
    case Opcode::divu: return AluOp::divu;
    case Opcode::rem: return AluOp::rem;
    case Opcode::remu: return AluOp::remu;
    default: throw std::logic_error("alu_op_of: not an ALU instruction");
  }
}

}  // namespace

DecodedFields decode_fields(uint32_t pc, const Instruction& in) {
  if (in.op == Opcode::illegal) throw std::invalid_argument("decode_fields: illegal instruction");
  DecodedFields f{};
  const auto imm = static_cast<uint32_t>(in.imm);
  const auto set_imm = [&] {
    f[kFieldImmLo] = imm & 0xffffu;
    f[kFieldImmHi] = imm >> 16;
  };
  const auto set_aux = [&](uint32_t v) {
    f[kFieldAuxLo] = v & 0xffffu;
    f[kFieldAuxHi] = v >> 16;
  };
  const auto set_rd = [&] {
    f[kFieldRd] = in.rd;
    f[kFieldWritesRd] = in.rd != 0 ? 1 : 0;  // x0 is never written: no access, so it stays 0
  };
  const auto set_rs1 = [&] {
    f[kFieldRs1] = in.rs1;
    f[kFieldReadsRs1] = 1;
  };
  const auto set_rs2 = [&] {
    f[kFieldRs2] = in.rs2;
    f[kFieldReadsRs2] = 1;
  };
  const auto set_target = [&] {
    const uint32_t t = pc + imm;  // mod 2^32, as the executor computes it
    f[kFieldTarget] = t < kRepresentableLimit ? t : 0;
  };
  f[kFieldPc] = pc;

  switch (opcode_format(in.op)) {
    case InstructionFormat::r:
      set_rs1();
      set_rs2();
      set_rd();
      f[kFieldIsAlu] = 1;
      f[kFieldAluOp] = static_cast<uint32_t>(alu_op_of(in.op));
      return f;
    default: break;
  }

  switch (in.op) {
    case Opcode::lui:
      set_rd();
      set_imm();
      set_aux(imm);
      f[kFieldIsConstRd] = 1;
      return f;
    case Opcode::auipc:
      set_rd();
      set_imm();
      set_aux(pc + imm);
      f[kFieldIsConstRd] = 1;
      return f;
    case Opcode::jal:
      set_rd();
      set_imm();
      set_target();
      set_aux(pc + 4);
      f[kFieldIsJal] = 1;
      f[kFieldIsConstRd] = 1;
      return f;
    case Opcode::jalr:
      set_rs1();
      set_rd();
      set_imm();
      set_aux(pc + 4);
      f[kFieldUseImm] = 1;
      f[kFieldAluOp] = static_cast<uint32_t>(AluOp::add);
      f[kFieldIsJalr] = 1;
      f[kFieldIsConstRd] = 1;
      return f;
    case Opcode::beq: case Opcode::bne: case Opcode::blt: case Opcode::bge: case Opcode::bltu: case Opcode::bgeu:
      set_rs1();
      set_rs2();
      set_target();  // the offset lives in target only: imm is the ALU operand, and a branch's is rs2
      if (in.op == Opcode::beq || in.op == Opcode::bne) {
        f[kFieldIsBranchEq] = 1;
      } else {
        f[kFieldIsBranchLt] = 1;
        const bool is_signed = in.op == Opcode::blt || in.op == Opcode::bge;
        f[kFieldAluOp] = static_cast<uint32_t>(is_signed ? AluOp::slt : AluOp::sltu);
      }
      f[kFieldBranchNegate] = (in.op == Opcode::bne || in.op == Opcode::bge || in.op == Opcode::bgeu) ? 1 : 0;
      return f;
    case Opcode::lb: case Opcode::lh: case Opcode::lw: case Opcode::lbu: case Opcode::lhu:
      set_rs1();
      set_rd();
      set_imm();
      f[kFieldUseImm] = 1;
      f[kFieldAluOp] = static_cast<uint32_t>(AluOp::add);
      f[kFieldIsLoad] = 1;
      f[kFieldMemByte] = (in.op == Opcode::lb || in.op == Opcode::lbu) ? 1 : 0;
      f[kFieldMemHalf] = (in.op == Opcode::lh || in.op == Opcode::lhu) ? 1 : 0;
      f[kFieldMemSigned] = (in.op == Opcode::lb || in.op == Opcode::lh) ? 1 : 0;
      return f;
    case Opcode::sb: case Opcode::sh: case Opcode::sw:
      set_rs1();
      set_rs2();
      set_imm();
      f[kFieldUseImm] = 1;
      f[kFieldAluOp] = static_cast<uint32_t>(AluOp::add);
      f[kFieldIsStore] = 1;
      f[kFieldMemByte] = in.op == Opcode::sb ? 1 : 0;
      f[kFieldMemHalf] = in.op == Opcode::sh ? 1 : 0;
      return f;
    case Opcode::fence:
      return f;  // a no-op (docs/architecture.md section 2): no access, no send, pc + 4
    case Opcode::ecall:
      f[kFieldRs1] = kEcallNumberRegister;
      f[kFieldReadsRs1] = 1;
      f[kFieldRs2] = kEcallArgRegister;
      f[kFieldReadsRs2] = 1;
      f[kFieldRd] = kEcallArgRegister;
      f[kFieldIsEcall] = 1;
      return f;
    default:  // OP-IMM
      set_rs1();
      set_rd();
      set_imm();
      f[kFieldUseImm] = 1;
      f[kFieldIsAlu] = 1;
      f[kFieldAluOp] = static_cast<uint32_t>(alu_op_of(in.op));
      return f;
  }
}

}  // namespace zkrv::chips
