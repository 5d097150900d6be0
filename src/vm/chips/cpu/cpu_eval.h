// The CPU chip's constraints, one function per concern, all called from CpuChip::eval (cpu_chip.h has
// the list with degrees and the soundness argument). Included by cpu_chip.h only.
#pragma once

#include <array>
#include <span>
#include <utility>
#include <string>
#include <string_view>

#include "air/builder.h"
#include "field/babybear.h"
#include "vm/chips/common/buses.h"
#include "vm/chips/cpu/cpu_cols.h"
#include "vm/chips/memory/access.h"
#include "vm/chips/program/decoded_fields.h"

namespace zkrv::chips::cpu_detail {

// "padding: <field> = 0" for every decoded field, built once (constraint names must outlive reports).
inline const std::array<std::string, kNumDecodedFields>& padding_names() {
  static const std::array<std::string, kNumDecodedFields> names = [] {
    std::array<std::string, kNumDecodedFields> n;
    for (size_t i = 0; i < kNumDecodedFields; ++i) n[i] = "padding: " + std::string(kDecodedFieldNames[i]) + " = 0";
    return n;
  }();
  return names;
}

// The current row's columns as expressions, named as in CpuCols.
template <AirBuilder B>
struct Row {
  using Expr = typename B::Expr;
  explicit Row(B& b) : m(b.main()) {}
  Expr col(size_t c) const { return m.current(c); }
  Expr next(size_t c) const { return m.next(c); }
  Expr f(DecodedField x) const { return m.current(CpuColumn::field(x)); }
  MemoryAccessCols<Expr> access(size_t offset) const {
    const auto a = MemoryAccessCols<typename B::Var>::current(m, offset);
    return {a.prev_lo, a.prev_hi, a.prev_ts, a.diff_lo, a.diff_hi};
  }
  // Instructions that send on the ALU bus (exactly one of these flags is 1 on such a row). Loads and
  // stores do not: the load-store chip adds rs1 + imm itself (load_store_chip.h).
  Expr alu_sends() const { return f(kFieldIsAlu) + f(kFieldIsBranchLt) + f(kFieldIsJalr); }
  // jalr's target: (rs1 + imm) with bit 0 cleared, as a field element (eval_jalr: an integer in
  // [-1, 2^30), and a program pc where it is used).
  Expr jalr_target() const {
    return col(CpuColumn::kAluLo) - col(CpuColumn::kBit0) + col(CpuColumn::kAluHi) * Fp(1u << 16);
  }
  decltype(std::declval<B&>().main()) m;
};

// Row rules: booleans, padding, first row, clk, real rows first, pc continuity, halting.
template <AirBuilder B>
void eval_rows(B& b, const Row<B>& r) {
  using Expr = typename B::Expr;
  using C = CpuColumn;
  const Expr one = Fp::one();
  const Expr is_real = r.col(C::kIsReal), halts = r.col(C::kHalts), next_pc = r.col(C::kNextPc);
  b.assert_bool(is_real, "is_real is boolean");
  for (size_t i = 0; i < kNumDecodedFields; ++i)
    b.when(one - is_real).assert_zero(r.col(C::kDecoded + i), padding_names()[i]);
  b.when(one - is_real).assert_zero(next_pc, "padding: next_pc = 0");
  b.assert_bool(halts, "halts is boolean");
  b.when(halts).assert_zero(one - r.f(kFieldIsEcall), "only an ecall halts");

  b.when_first_row().assert_eq(is_real, one, "first row: is_real = 1");
  b.when_first_row().assert_zero(r.col(C::kClk), "first row: clk = 0");
  b.when_first_row().assert_eq(r.f(kFieldPc), b.public_value(0), "first row: pc = the segment's first pc");
  b.when_transition().assert_eq(r.next(C::kClk), r.col(C::kClk) + one, "clk' = clk + 1");
  const Expr next_real = r.next(C::kIsReal);
  b.when_transition().assert_zero(next_real * (one - is_real), "real rows come first");
  b.when_transition().when(next_real).assert_eq(r.next(C::kDecoded + kFieldPc), next_pc, "pc' = next_pc");
  // The last real row hands over to the next segment at public value 1 (after a halt: next_pc = 0,
  // where no instruction exists, so a halting row is always the last one and the final pc is 0).
  b.when_transition().assert_zero((is_real - next_real) * (next_pc - b.public_value(1)),
                                  "the last real row continues at the segment's final pc");
  b.when_last_row().assert_zero(is_real * (next_pc - b.public_value(1)),
                                "a real last row continues at the segment's final pc");
}

// next_pc: pc + 4, a taken branch's or jal's target, jalr's cleared target, or 0 after a halt.
template <AirBuilder B>
void eval_pc(B& b, const Row<B>& r) {
  using Expr = typename B::Expr;
  using C = CpuColumn;
  const Expr two = Fp(2u), four = Fp(4u);
  const Expr cond = r.col(C::kAluLo), negate = r.f(kFieldBranchNegate);
  const Expr is_branch = r.f(kFieldIsBranchEq) + r.f(kFieldIsBranchLt);
  b.assert_eq(r.col(C::kTaken), is_branch * (cond + negate - two * cond * negate),
              "taken = branch * (condition xor branch_negate)");
  const Expr pc = r.f(kFieldPc), seq = pc + four;
  const Expr next = seq + (r.col(C::kTaken) + r.f(kFieldIsJal)) * (r.f(kFieldTarget) - seq) +
                    r.f(kFieldIsJalr) * (r.jalr_target() - seq) - r.col(C::kHalts) * seq;
  b.when(r.col(C::kIsReal)).assert_eq(r.col(C::kNextPc), next, "next_pc = pc + 4 / target / jalr target / 0");
}

// alu_lo / alu_hi: the ALU bus result, a load's value (as the load-store chip returns it), beq/bne's
// equality bit, or the syscall result; 0 elsewhere (stores included: their data is rs2 + alu = rs2).
// beq/bne: alu_lo = 1 iff both limbs of rs1 and rs2 agree. A difference is witnessed by inverses held
// in rd_lo, rd_hi: beq/bne write no register, so those columns are unused there (eval_interactions
// lets them be nonzero only where rd is written or such a witness is needed), and a row pays no
// columns of its own for the witness.
template <AirBuilder B>
void eval_alu_and_compare(B& b, const Row<B>& r) {
  using Expr = typename B::Expr;
  using C = CpuColumn;
  const Expr one = Fp::one();
  const Expr alu_lo = r.col(C::kAluLo), alu_hi = r.col(C::kAluHi);
  const Expr is_eq = r.f(kFieldIsBranchEq), is_ecall = r.f(kFieldIsEcall), sends = r.alu_sends();
  const Expr is_load = r.f(kFieldIsLoad);
  b.when(one - sends - is_ecall - is_load - is_eq).assert_zero(alu_lo, "alu_lo = 0 without a result");
  b.when(one - sends - is_ecall - is_load).assert_zero(alu_hi, "alu_hi = 0 without a word result");
  const auto rs1 = r.access(C::kRs1), rs2 = r.access(C::kRs2);
  const Expr d_lo = rs1.prev_lo - rs2.prev_lo, d_hi = rs1.prev_hi - rs2.prev_hi;
  const Expr inv_lo = r.col(C::kRdLo), inv_hi = r.col(C::kRdHi);  // free on beq/bne rows (header)
  b.when(is_eq).assert_zero(alu_lo * d_lo, "beq/bne: equal says rs1_lo = rs2_lo");
  b.when(is_eq).assert_zero(alu_lo * d_hi, "beq/bne: equal says rs1_hi = rs2_hi");
  b.when(is_eq).assert_zero(one - alu_lo - inv_lo * d_lo - inv_hi * d_hi,
                            "beq/bne: not equal needs rd_lo d_lo + rd_hi d_hi = 1");
  // The witness is then unique, so no cell is free: the low limb's inverse when the low limbs differ
  // (rd_hi d_lo = 0 forces rd_hi = 0), else the high limb's (rd_hi != 0, so rd_lo rd_hi = 0 forces
  // rd_lo = 0). On equal operands both are 0 (eval_interactions).
  b.when(is_eq).assert_zero(inv_hi * d_lo, "beq/bne: the witness is the low limb's when the low limbs differ");
  b.when(is_eq).assert_zero(inv_lo * inv_hi, "beq/bne: one witness limb is 0");

  // The second operand: the immediate or rs2 (both canonical limbs: the program table's, or a value
  // the memory argument delivers, whose producer range-checked it), as imm + rs2, a tuple of degree 1:
  // on an ALU-sending row either use_imm = 1 and rs2 is not read (its gadget pins prev_lo = prev_hi = 0),
  // or use_imm = 0 and imm = 0 (a branch's offset is in target, decoded_fields.h). The program table
  // holds this; restated here so that no instruction class can break it silently.
  const Expr use_imm = r.f(kFieldUseImm);
  b.when(sends).assert_zero(use_imm * r.f(kFieldReadsRs2), "an ALU operand is imm or rs2, not both");
  b.when(sends).assert_zero((one - use_imm) * r.f(kFieldImmLo), "imm_lo = 0 where rs2 is the ALU operand");
  b.when(sends).assert_zero((one - use_imm) * r.f(kFieldImmHi), "imm_hi = 0 where rs2 is the ALU operand");
  const Expr c_lo = r.f(kFieldImmLo) + rs2.prev_lo, c_hi = r.f(kFieldImmHi) + rs2.prev_hi;
  b.send(kAluBus, {r.f(kFieldAluOp), alu_lo, alu_hi, rs1.prev_lo, rs1.prev_hi, c_lo, c_hi}, sends);
}

// jalr: its target is alu - bit0 with bit0 boolean (pinned to 0 on other rows) and alu_hi <= 0x3FFF
// (u16 lookup of 0x3FFF - alu_hi; alu_lo, alu_hi are canonical limbs, the add chip's range-checked
// result), so the target is an integer in [-1, 2^30) and the field element is that integer (-1 is
// p - 1 in the field). The next row's pc equals it (or, on a segment's last row, the next segment's
// first pc does: the statement rejects a final pc at or above 2^30), and every pc is a program row's:
// a multiple of 4 in the code range, below 2^30. So alu - bit0 is such a pc (not -1, whose field
// element p - 1 is above 2^30), which makes bit0 = bit 0 of alu (the cleared bit) and bit 1 of alu 0:
// a jalr whose
// target is misaligned or at or above 2^30 has no proof, as the executor faults on it. (Without the
// bound, alu = pc + p would alias pc.)
template <AirBuilder B>
void eval_jalr(B& b, const Row<B>& r) {
  using Expr = typename B::Expr;
  using C = CpuColumn;
  const Expr one = Fp::one(), zero = Fp::zero();
  const Expr bit0 = r.col(C::kBit0), is_jalr = r.f(kFieldIsJalr);
  b.assert_bool(bit0, "bit0 is boolean");
  b.when(one - is_jalr).assert_zero(bit0, "bit0 = 0 without a jalr");
  const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16));
  b.send(kByteBus, {u16, Expr(Fp(0x3FFFu)) - r.col(C::kAluHi), zero, zero}, is_jalr);
}

// Loads and stores: the access goes to the load-store chip (load_store_chip.h) as (clk, op,
// rs1_lo + imm_lo, rs1_hi + imm_hi, data), data = rs2 + alu: a store's rs2 (its alu is pinned to 0),
// or a load's value in alu (rs2 is not read on loads, so its limbs are 0). The load-store chip adds the two limb sums into the
// address (with its carries), range-checks and splits it: the CPU row pays for none of that.
template <AirBuilder B>
void eval_load_store(B& b, const Row<B>& r) {
  using Expr = typename B::Expr;
  using C = CpuColumn;
  const Expr is_load = r.f(kFieldIsLoad), is_store = r.f(kFieldIsStore);
  // data = rs2 + alu: a store's alu is 0 (eval_alu_and_compare), so data is rs2; a load's is the loaded
  // value only if a load never reads rs2 (the program table's rule, restated here so that no
  // instruction class can break it silently).
  b.when(is_load).assert_zero(r.f(kFieldReadsRs2), "a load does not read rs2");
  const auto rs2 = r.access(C::kRs2);
  const Expr op = is_store + r.f(kFieldMemByte) * Fp(2u) + r.f(kFieldMemHalf) * Fp(4u) + r.f(kFieldMemSigned) * Fp(8u);
  const auto rs1 = r.access(C::kRs1);
  b.send(kLoadStoreBus,
         {r.col(C::kClk), op, rs1.prev_lo + r.f(kFieldImmLo), rs1.prev_hi + r.f(kFieldImmHi),
          rs2.prev_lo + r.col(C::kAluLo), rs2.prev_hi + r.col(C::kAluHi)},
         is_load + is_store);
}

// Register accesses (rs1 at 4 clk + 1, rs2 at 4 clk + 2, rd at 4 clk + 4), the program fetch and the
// syscall send. rs1 and rs2 are paired (access.h, DiffHiCheck): every timestamp is at most
// 4 (2^22 - 1) + 4 = 2^24, and one u8_pair lookup, multiplicity is_real, range-checks both diff_hi as
// bytes; rd's gadget looks its own diff_hi up.
template <AirBuilder B>
void eval_interactions(B& b, const Row<B>& r) {
  using Expr = typename B::Expr;
  using C = CpuColumn;
  const Expr zero = Fp::zero();
  const Expr clk4 = r.col(C::kClk) * Fp(4u);
  const auto rs1 = r.access(C::kRs1), rs2 = r.access(C::kRs2), rd = r.access(C::kRd);
  constexpr DiffHiCheck paired = DiffHiCheck::caller_pairs;
  rs1.eval(b, r.f(kFieldRs1), rs1.prev_lo, rs1.prev_hi, clk4 + Fp(1u), r.f(kFieldReadsRs1), zero, paired);
  rs2.eval(b, r.f(kFieldRs2), rs2.prev_lo, rs2.prev_hi, clk4 + Fp(2u), r.f(kFieldReadsRs2), zero, paired);
  // The value rd receives: the ALU result, a load's value (alu on load rows, as the load-store chip
  // delivers it, sign-extended there), the syscall result, or the constant aux.
  const Expr result_sel = r.f(kFieldIsAlu) + r.f(kFieldIsEcall) + r.f(kFieldIsLoad),
             const_sel = r.f(kFieldIsConstRd);
  const Expr rd_lo = result_sel * r.col(C::kAluLo) + const_sel * r.f(kFieldAuxLo);
  const Expr rd_hi = result_sel * r.col(C::kAluHi) + const_sel * r.f(kFieldAuxHi);
  // rd_lo, rd_hi hold the value on every row that writes rd (degree 3 here), so the access's tuples have
  // degree 1 and its send shares a LogUp column with another interaction. Where nothing is written the
  // send has multiplicity 0, and beq/bne that find a difference keep their inverse witnesses there
  // (eval_alu_and_compare, where the witness is unique); on every other row the columns are 0, so no
  // cell is left free.
  // writes and witnesses are booleans that are never both 1 (beq/bne write no register).
  const Expr writes = r.f(kFieldWritesRd) + r.f(kFieldIsEcall) - r.col(C::kHalts);
  const Expr witnesses = r.f(kFieldIsBranchEq) * (Expr(Fp::one()) - r.col(C::kAluLo));
  b.when(writes).assert_eq(r.col(C::kRdLo), rd_lo, "rd_lo = the value rd receives");
  b.when(writes).assert_eq(r.col(C::kRdHi), rd_hi, "rd_hi = the value rd receives");
  b.when(Expr(Fp::one()) - writes - witnesses).assert_zero(r.col(C::kRdLo), "rd_lo = 0 unless written or a witness");
  b.when(Expr(Fp::one()) - writes - witnesses).assert_zero(r.col(C::kRdHi), "rd_hi = 0 unless written or a witness");
  rd.eval(b, r.f(kFieldRd), r.col(C::kRdLo), r.col(C::kRdHi), clk4 + Fp(4u), writes, zero);
  MemoryAccessCols<Expr>::send_diff_hi_pair(b, rs1, rs2, r.col(C::kIsReal));

  std::array<Expr, kNumDecodedFields> fetch;
  for (size_t i = 0; i < kNumDecodedFields; ++i) fetch[i] = r.col(C::kDecoded + i);
  b.send(kProgramBus, std::span<const Expr>(fetch), r.col(C::kIsReal));
  b.send(kSyscallBus,
         {r.col(C::kClk), rs1.prev_lo, rs1.prev_hi, rs2.prev_lo, rs2.prev_hi, r.col(C::kAluLo), r.col(C::kAluHi),
          r.col(C::kHalts)},
         r.f(kFieldIsEcall));
}

}  // namespace zkrv::chips::cpu_detail
