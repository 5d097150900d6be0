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
  // Instructions that send on the ALU bus (exactly one of these flags is 1 on such a row).
  Expr alu_sends() const {
    return f(kFieldIsAlu) + f(kFieldIsLoad) + f(kFieldIsStore) + f(kFieldIsBranchLt) + f(kFieldIsJalr);
  }
  // Instructions whose alu_lo + 2^16 alu_hi is an address split into word and bits.
  Expr splits_address() const { return f(kFieldIsJalr) + f(kFieldIsLoad) + f(kFieldIsStore); }
  // Word accesses (loads and stores that are neither byte nor half).
  Expr is_word() const { return f(kFieldIsLoad) + f(kFieldIsStore) - f(kFieldMemByte) - f(kFieldMemHalf); }
  // The accessed word's address: (alu_lo >> 2) + 2^14 alu_hi.
  Expr word_address() const { return col(CpuColumn::kWord) + col(CpuColumn::kAluHi) * Fp(1u << 14); }
  // jalr's target: (rs1 + imm) with bit 0 cleared, as a field element (below 2^30 by its lookups).
  Expr jalr_target() const {
    return col(CpuColumn::kWord) * Fp(4u) + col(CpuColumn::kBit1) * Fp(2u) + col(CpuColumn::kAluHi) * Fp(1u << 16);
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
  // The last real row hands over to the next segment at public value 2 (after a halt: next_pc = 0,
  // where no instruction exists, so a halting row is always the last one and the final pc is 0).
  b.when_transition().assert_zero((is_real - next_real) * (next_pc - b.public_value(2)),
                                  "the last real row continues at the segment's final pc");
  b.when_last_row().assert_zero(is_real * (next_pc - b.public_value(2)),
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

// alu_lo / alu_hi: the ALU bus result, beq/bne's equality bit, or the syscall result; 0 elsewhere.
// beq/bne: alu_lo = 1 iff both limbs of rs1 and rs2 agree (inv_lo, inv_hi witness a difference).
template <AirBuilder B>
void eval_alu_and_compare(B& b, const Row<B>& r) {
  using Expr = typename B::Expr;
  using C = CpuColumn;
  const Expr one = Fp::one();
  const Expr alu_lo = r.col(C::kAluLo), alu_hi = r.col(C::kAluHi);
  const Expr is_eq = r.f(kFieldIsBranchEq), is_ecall = r.f(kFieldIsEcall), sends = r.alu_sends();
  b.when(one - sends - is_ecall - is_eq).assert_zero(alu_lo, "alu_lo = 0 without a result");
  b.when(one - sends - is_ecall).assert_zero(alu_hi, "alu_hi = 0 without a word result");
  const auto rs1 = r.access(C::kRs1), rs2 = r.access(C::kRs2);
  const Expr d_lo = rs1.prev_lo - rs2.prev_lo, d_hi = rs1.prev_hi - rs2.prev_hi;
  const Expr inv_lo = r.col(C::kInvLo), inv_hi = r.col(C::kInvHi);
  b.when(is_eq).assert_zero(alu_lo * d_lo, "beq/bne: equal says rs1_lo = rs2_lo");
  b.when(is_eq).assert_zero(alu_lo * d_hi, "beq/bne: equal says rs1_hi = rs2_hi");
  b.when(is_eq).assert_zero(one - alu_lo - inv_lo * d_lo - inv_hi * d_hi,
                            "beq/bne: not equal needs inv_lo d_lo + inv_hi d_hi = 1");
  const Expr witnesses = is_eq * (one - alu_lo);
  b.when(one - witnesses).assert_zero(inv_lo, "inv_lo = 0 unless beq/bne finds a difference");
  b.when(one - witnesses).assert_zero(inv_hi, "inv_hi = 0 unless beq/bne finds a difference");

  // The second operand: the immediate or rs2 (both canonical limbs: the program table's, or a value
  // the memory argument delivers, whose producer range-checked it).
  const Expr use_imm = r.f(kFieldUseImm);
  const Expr c_lo = use_imm * r.f(kFieldImmLo) + (one - use_imm) * rs2.prev_lo;
  const Expr c_hi = use_imm * r.f(kFieldImmHi) + (one - use_imm) * rs2.prev_hi;
  b.send(kAluBus, {r.f(kFieldAluOp), alu_lo, alu_hi, rs1.prev_lo, rs1.prev_hi, c_lo, c_hi}, sends);
}

// jalr, loads and stores: alu_lo = 4 word + bit0 + 2 bit1 with word a u16 (looked up itself, not
// 4 word: a lookup of 4 word would admit word = v / 4 in the field for any u16 v) and boolean bits;
// alu_lo is a canonical limb, so the equation holds over the integers and the split is unique.
// alu_hi <= 0x3FFF (u16 lookup of 0x3FFF - alu_hi, alu_hi being canonical), so jalr's target and
// every address is below 2^30 and the field element is the address itself; loads and stores also
// need alu_hi >= 1 (the address is >= ZKRV_MEM_START = 2^16), halves bit0 = 0, words bit0 = bit1 = 0,
// and a store's word address >= the first writable word (public value 1): their difference is
// store_gap + 2^16 hi with store_gap a u16 and 16 hi a u16, so it lies in [0, 2^28), while a negative
// difference would be p - k > 2^30.
template <AirBuilder B>
void eval_address(B& b, const Row<B>& r) {
  using Expr = typename B::Expr;
  using C = CpuColumn;
  const Expr one = Fp::one();
  const Expr word = r.col(C::kWord), bit0 = r.col(C::kBit0), bit1 = r.col(C::kBit1);
  const Expr splits = r.splits_address(), is_mem = r.f(kFieldIsLoad) + r.f(kFieldIsStore);
  b.when(splits).assert_eq(r.col(C::kAluLo), word * Fp(4u) + bit0 + bit1 * Fp(2u),
                           "address: alu_lo = 4 word + bit0 + 2 bit1");
  b.assert_bool(bit0, "bit0 is boolean");
  b.assert_bool(bit1, "bit1 is boolean");
  b.assert_eq(r.col(C::kBit01), bit0 * bit1, "bit01 = bit0 bit1");
  b.when(one - splits).assert_zero(word, "word = 0 without an address");
  b.when(one - splits).assert_zero(bit0, "bit0 = 0 without an address");
  b.when(one - splits).assert_zero(bit1, "bit1 = 0 without an address");
  b.when(r.f(kFieldMemHalf)).assert_zero(bit0, "a halfword access is 2-aligned");
  b.when(r.is_word()).assert_zero(bit0, "a word access is 4-aligned (bit0)");
  b.when(r.is_word()).assert_zero(bit1, "a word access is 4-aligned (bit1)");
  const Expr gap = r.col(C::kStoreGap), is_store = r.f(kFieldIsStore);
  b.when(one - is_store).assert_zero(gap, "store_gap = 0 without a store");

  const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16)), zero = Fp::zero();
  const Expr alu_hi = r.col(C::kAluHi);
  b.send(kByteBus, {u16, word, zero, zero}, splits);
  b.send(kByteBus, {u16, Expr(Fp(0x3FFFu)) - alu_hi, zero, zero}, splits);
  b.send(kByteBus, {u16, alu_hi - one, zero, zero}, is_mem);
  const Expr gap_hi16 = (r.word_address() - b.public_value(1) - gap) * Fp(1u << 12).inverse();
  b.send(kByteBus, {u16, gap, zero, zero}, is_store);
  b.send(kByteBus, {u16, gap_hi16, zero, zero}, is_store);
}

// Loads and stores (cpu_chip.h, "Loads and stores"): the data d, the bytes of the old word, the new
// word val, the sign, and the access at 4 clk + 3.
template <AirBuilder B>
void eval_memory(B& b, const Row<B>& r) {
  using Expr = typename B::Expr;
  using C = CpuColumn;
  const Expr one = Fp::one(), f256 = Fp(256u);
  const Expr is_load = r.f(kFieldIsLoad), is_store = r.f(kFieldIsStore), is_mem = is_load + is_store;
  const Expr m_byte = r.f(kFieldMemByte), m_half = r.f(kFieldMemHalf), is_word = r.is_word();
  const auto mem = r.access(C::kMem), rs2 = r.access(C::kRs2);
  const Expr mb0 = r.col(C::kMb), mb1 = r.col(C::kMb + 1), mb2 = r.col(C::kMb + 2), mb3 = r.col(C::kMb + 3);
  const Expr d_lo = r.col(C::kDLo), d_hi = r.col(C::kDHi), d0 = r.col(C::kD0), d1 = r.col(C::kD1);
  const Expr val_lo = r.col(C::kValLo), val_hi = r.col(C::kValHi), sign = r.col(C::kSign);
  const Expr bit0 = r.col(C::kBit0), bit1 = r.col(C::kBit1), bit01 = r.col(C::kBit01);
  // Byte-offset selectors (exactly one is 1 on an access row).
  const Expr s0 = one - bit0 - bit1 + bit01, s1 = bit0 - bit01, s2 = bit1 - bit01, s3 = bit01;

  // lb/lh's sign lookup (constrained below) first: a degree-2 tuple, kept next to the ALU send for the
  // LogUp grouping (cpu_chip.h, eval).
  b.send(kByteBus, {Expr(Fp(static_cast<uint32_t>(ByteOp::msb))), m_byte * d0 + m_half * d1, sign, Expr(Fp::zero())},
         r.f(kFieldMemSigned));

  // The old word's bytes, for sb/lb/lbu only.
  b.when(m_byte).assert_eq(mem.prev_lo, mb0 + mb1 * f256, "byte access: prev_lo = mb0 + 256 mb1");
  b.when(m_byte).assert_eq(mem.prev_hi, mb2 + mb3 * f256, "byte access: prev_hi = mb2 + 256 mb3");
  for (size_t i = 0; i < 4; ++i) b.when(one - m_byte).assert_zero(r.col(C::kMb + i), "mb = 0 without a byte access");

  // The data: a store's is rs2; a byte/half access splits its low limb into bytes.
  b.when(is_store).assert_eq(d_lo, rs2.prev_lo, "store: d_lo = rs2_lo");
  b.when(is_store).assert_eq(d_hi, rs2.prev_hi, "store: d_hi = rs2_hi");
  b.when(one - is_mem).assert_zero(d_lo, "d_lo = 0 without an access");
  b.when(one - is_mem).assert_zero(d_hi, "d_hi = 0 without an access");
  b.when(m_byte + m_half).assert_eq(d_lo, d0 + d1 * f256, "byte/half access: d_lo = d0 + 256 d1");
  b.when(one - m_byte - m_half).assert_zero(d0, "d0 = 0 without a byte/half access");
  b.when(one - m_byte - m_half).assert_zero(d1, "d1 = 0 without a byte/half access");
  b.when(is_load * m_byte).assert_zero(d1, "lb/lbu: d1 = 0");
  b.when(is_load * (m_byte + m_half)).assert_zero(d_hi, "lb/lbu/lh/lhu: d_hi = 0");

  // The new word: the old one with d put in place (word, the half at bit1, the byte at the offset).
  // A load's access keeps the word (the gadget's read constraint), which pins d to the loaded part.
  b.assert_eq(val_lo,
              is_word * d_lo + m_half * ((one - bit1) * d_lo + bit1 * mem.prev_lo) +
                  m_byte * (mem.prev_lo + s0 * (d0 - mb0) + s1 * f256 * (d0 - mb1)),
              "val_lo = old word with d in place");
  b.assert_eq(val_hi,
              is_word * d_hi + m_half * (bit1 * d_lo + (one - bit1) * mem.prev_hi) +
                  m_byte * (mem.prev_hi + s2 * (d0 - mb2) + s3 * f256 * (d0 - mb3)),
              "val_hi = old word with d in place");

  // lb/lh: sign = top bit of d0 (byte) or d1 (half), from the byte table's msb rows.
  b.when(one - r.f(kFieldMemSigned)).assert_zero(sign, "sign = 0 unless lb/lh");
  const Expr zero = Fp::zero();
  const Expr pair = Fp(static_cast<uint32_t>(ByteOp::u8_pair));
  b.send(kByteBus, {pair, mb0, mb1, zero}, m_byte);
  b.send(kByteBus, {pair, mb2, mb3, zero}, m_byte);
  b.send(kByteBus, {pair, d0, d1, zero}, m_byte + m_half);

  mem.eval(b, r.word_address(), val_lo, val_hi, r.col(C::kClk) * Fp(4u) + Fp(3u), is_mem, is_load,
           DiffHiCheck::caller_pairs);
}

// Register accesses (rs1 at 4 clk + 1, rs2 at 4 clk + 2, rd at 4 clk + 4), the program fetch and the
// syscall send. All four gadgets (with mem, eval_memory) are paired (access.h, DiffHiCheck): every
// timestamp is at most 4 (2^22 - 1) + 4 = 2^24, and one u8_pair lookup per pair, (rs1, rs2) and
// (rd, mem), multiplicity is_real, range-checks their diff_hi as bytes.
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
  const Expr result_sel = r.f(kFieldIsAlu) + r.f(kFieldIsEcall), const_sel = r.f(kFieldIsConstRd);
  // A load's value: d, sign-extended (d_hi is 0 for byte/half loads, sign 0 unless lb/lh).
  const Expr is_load = r.f(kFieldIsLoad), sign = r.col(C::kSign);
  const Expr rd_lo = result_sel * r.col(C::kAluLo) + const_sel * r.f(kFieldAuxLo) + is_load * r.col(C::kDLo) +
                     r.f(kFieldMemByte) * sign * Fp(0xFF00u);
  const Expr rd_hi = result_sel * r.col(C::kAluHi) + const_sel * r.f(kFieldAuxHi) + is_load * r.col(C::kDHi) +
                     sign * Fp(0xFFFFu);
  // rd_lo, rd_hi hold the value on every row (degree 2 here), so the access's tuples have degree 1 and
  // its send shares a LogUp column with another interaction.
  b.assert_eq(r.col(C::kRdLo), rd_lo, "rd_lo = the value rd receives");
  b.assert_eq(r.col(C::kRdHi), rd_hi, "rd_hi = the value rd receives");
  const Expr writes = r.f(kFieldWritesRd) + r.f(kFieldIsEcall) - r.col(C::kHalts);
  rd.eval(b, r.f(kFieldRd), r.col(C::kRdLo), r.col(C::kRdHi), clk4 + Fp(4u), writes, zero, paired);
  const Expr is_real = r.col(C::kIsReal);
  MemoryAccessCols<Expr>::send_diff_hi_pair(b, rs1, rs2, is_real);
  MemoryAccessCols<Expr>::send_diff_hi_pair(b, rd, r.access(C::kMem), is_real);

  std::array<Expr, kNumDecodedFields> fetch;
  for (size_t i = 0; i < kNumDecodedFields; ++i) fetch[i] = r.col(C::kDecoded + i);
  b.send(kProgramBus, std::span<const Expr>(fetch), r.col(C::kIsReal));
  b.send(kSyscallBus,
         {r.col(C::kClk), rs1.prev_lo, rs1.prev_hi, rs2.prev_lo, rs2.prev_hi, r.col(C::kAluLo), r.col(C::kAluHi),
          r.col(C::kHalts)},
         r.f(kFieldIsEcall));
}

}  // namespace zkrv::chips::cpu_detail
