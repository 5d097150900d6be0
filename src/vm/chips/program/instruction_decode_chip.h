// InstructionDecodeChip: the program table, proved from the code in memory (vm/chips/README.md,
// "Program and CPU"). One row per distinct pc the segment fetches: the row reads the instruction word at
// pc through the memory argument, splits it into its bit fields, looks its class up in the instruction
// class table (instruction_class_chip.h) and computes the decoded fields of decoded_fields.h exactly as
// decode_fields() does; the CPU's fetches on kProgramBus are answered by these rows. Nothing about the
// program is preprocessed, so the verifying key does not depend on the program and the image ID is the
// initial memory root plus a few numbers (host/image_id.h).
//
// Columns (70, see InstructionDecodeCols): is_real, multiplicity; code_lo/hi and room_lo/hi (the word
// address's distance from the code range's ends); pc_lo/hi; the word's bit fields opcode (bits 0-6),
// rd_b0 (7), rd_hi (8-11), funct3 (12-14), rs1_b0 (15), rs1_hi (16-19), rs2_b0 (20), rs2_hi (21-24),
// funct7_lo (25-30), sign (31); funct7_key; the class fields from uses_funct7 on (28, instruction_class.h);
// the outputs rs1, rs2, rd, imm_lo, imm_hi, target_lo/hi, aux_lo/hi, writes_rd; helpers aux_carry_lo/hi,
// rd_nonzero, rd_inverse, target_in, target_out, over_lo/hi; the memory access gadget (access.h, 5).
// Below, rs1f = rs1_b0 + 2 rs1_hi, rs2f = rs2_b0 + 2 rs2_hi, rdf = rd_b0 + 2 rd_hi, funct7 = funct7_lo +
// 64 sign, word_addr = code_begin + code_lo + 2^16 code_hi, lo16 = opcode + 2^7 rdf + 2^12 funct3 + 2^15
// rs1_b0, hi16 = rs1_hi + 2^4 rs2f + 2^9 funct7, imm = imm_lo + 2^16 imm_hi and T = pc + imm - 2^32 sign
// (the jump target as a signed integer).
//
// Constraints (91 + the gadget's 8; degree <= 3):
//   is_real, rd_b0, rs1_b0, rs2_b0, sign, target_in, target_out, aux_carry_lo/hi, rd_nonzero boolean
//   (1 - is_real) c = 0 for every column c but is_real and the gadget's (padding rows are zero)
//   is_real (4 word_addr - pc_lo - 2^16 pc_hi) = 0;  is_real (code_end - 1 - word_addr - room_lo - 2^16 room_hi) = 0
//   funct7_key = uses_funct7 funct7
//   rs1 = reads_rs1 rs1f + 17 is_ecall;  rs2 = reads_rs2 rs2f + 10 is_ecall;  rd = has_rd rdf + 10 is_ecall
//   is_ecall (rdf + rs1f + rs2f) = 0                    (ECALL is exactly the word 0x00000073)
//   rd_nonzero = rdf rd_inverse;  rdf (1 - rd_nonzero) = 0;  writes_rd = has_rd rd_nonzero
//   imm_lo = fmt_i (rs2f + 2^5 funct7_lo + 0xf800 sign) + fmt_s (rdf + 2^5 funct7_lo + 0xf800 sign)
//          + fmt_b (2 rd_hi + 2^5 funct7_lo + 2^11 rd_b0 + 0xf000 sign) + fmt_u (2^12 funct3 + 2^15 rs1_b0)
//          + fmt_j (2 rs2_hi + 2^5 funct7_lo + 2^11 rs2_b0 + 2^12 funct3 + 2^15 rs1_b0) + fmt_shift rs2f
//   imm_hi = (fmt_i + fmt_s + fmt_b) 0xffff sign + fmt_u hi16 + fmt_j (rs1_hi + 0xfff0 sign)
//     (RISC-V Unprivileged ISA section 2.3, "Immediate Encoding Variants", bit by bit)
//   target_in + target_out = fmt_b + fmt_j
//   target_lo + 2^16 target_hi = target_in T
//   over_lo + 2^16 over_hi = target_out (T - 2^30 - sign (2 T - 2^30 + 1))
//   aux_lo + 2^16 aux_carry_lo = aux_has_imm imm_lo + aux_has_pc pc_lo + 4 aux_plus4
//   aux_hi + 2^16 aux_carry_hi = aux_has_imm imm_hi + aux_has_pc pc_hi + aux_carry_lo
// Interactions:
//   receive (pc_lo + 2^16 pc_hi, rs1, rs2, rd, (1 - fmt_b) imm_lo, (1 - fmt_b) imm_hi, target_lo + 2^16
//            target_hi, aux_lo, aux_hi, alu_op, the flags with writes_rd) on kProgramBus, multiplicity
//            `multiplicity` (a branch's decoded imm is 0: its offset is in target, decoded_fields.h)
//   send (opcode, funct3, funct7_key, class fields...) on kInstructionClassBus, multiplicity is_real
//   the memory access gadget: a read of (word_addr, lo16, hi16) at timestamp kFetchReadTimestamp, m = is_real
//   byte bus (is_real): u16 of code_lo, code_hi, 16 code_hi, room_lo, room_hi, 16 room_hi, pc_lo, pc_hi,
//     4 pc_hi, target_lo, target_hi, 4 target_hi, over_lo, over_hi, 32 over_hi, aux_lo, aux_hi; u8_pair
//     of (opcode, 2 opcode), (rd_hi, 16 rd_hi), (funct3, 32 funct3), (rs1_hi, 16 rs1_hi), (rs2_hi,
//     16 rs2_hi), (funct7_lo, 4 funct7_lo).
//
// Soundness (a prover controls every cell; why each value is the integer the constraints treat it as).
//   - Integers. Every bit field is a lookup of itself and of itself times 2^(8 - bits) as a byte (so
//     opcode < 2^7, rd_hi < 2^4, funct3 < 2^3, rs1_hi, rs2_hi < 2^4, funct7_lo < 2^6: a lookup of c x alone
//     would not make x an integer) or boolean; lo16 and hi16 are then the integers below 2^16 of those
//     bits, with no wrap. code_lo, room_lo, pc_lo, target_lo, over_lo, aux_lo, aux_hi are u16 lookups
//     of themselves; code_hi, room_hi (< 2^12), pc_hi, target_hi (< 2^14) and over_hi (< 2^11) are u16
//     lookups of themselves and of themselves scaled. Every class field comes from the preprocessed class
//     table (small canonical integers, the selectors 0/1 with at most one format set). rd_inverse is a
//     free field element; rd_nonzero is boolean and, by the two constraints, 1 iff rdf != 0.
//   - Address and range. word_addr = code_begin + code_lo + 2^16 code_hi and code_end - 1 - word_addr =
//     room_lo + 2^16 room_hi are sums of integers below 2^28 + code_end < p, so word_addr is an integer
//     in [code_begin, code_end): the fetch lies in the code range, which the loader puts below the first
//     writable word (program_image.h), so no store of any segment changes it. 4 word_addr = pc_lo + 2^16
//     pc_hi < 2^30: pc is the word's byte address, an integer, word-aligned. code_begin >= 2^14 (RAM
//     starts at 0x10000), so pc 0 (a halting ecall's next pc) and the register words never have a row.
//   - The word. The gadget reads (word_addr, lo16, hi16) at timestamp 2^25, above every access timestamp
//     of a segment (4 clk + slot < 2^24 + 4, cpu_chip.h), so it reads the word's value at the end of the
//     segment, which for a read-only word is its value under the pre-state root (memory_leaf_chip.h). A
//     second row for the same pc would need a timestamp above 2^25 and cannot balance. So (lo16, hi16) is
//     the instruction word, and its bit fields are its bits.
//   - The class. The lookup key (opcode, funct3, uses_funct7 funct7) matches a table row exactly when
//     the decoder accepts the word (instruction_class.h): a row with uses_funct7 = 1 pins funct7 to its
//     key, and for an (opcode, funct3) whose rows have uses_funct7 = 0 every funct7 is accepted. ECALL's
//     row pins funct3 = funct7 = 0 and the constraint above zeroes rd, rs1, rs2: only 0x00000073. A word
//     the decoder rejects has no row, so its pc cannot be fetched, as the executor faults on it.
//   - The outputs. rs1, rs2, rd, imm, aux and writes_rd are the formulas of decode_fields() over these
//     integers, each below 2^16 (limbs) or 2^5 (registers), so equal as integers (a branch's imm
//     columns hold its offset, which T uses; the fetch sends (1 - fmt_b) imm, decode_fields()'s 0, as
//     its imm: fmt_b is the class table's). target: T is an integer
//     in [-2^20, 2^30 + 2^20); target_in = 1 makes target_lo + 2^16 target_hi (an integer below 2^30) equal
//     to T, so T is a representable address; target_out = 1 makes over (an integer below 2^27) equal to
//     T - 2^30 (sign 0, so T >= 2^30) or -1 - T (sign 1, so T < 0): the target is not representable and
//     is 0. Exactly one of the two holds for branches and jal, so target is decode_fields()'s value; for
//     the other classes both are 0 and target is 0. aux: the two limb equations with boolean carries
//     are pc + 4 (jal, jalr), imm (lui), pc + imm mod 2^32 (auipc) or 0, in u16 limbs.
//   - Multiplicity is a free count (a table's); is_real = 0 rows answer nothing (multiplicity 0) and send
//     nothing (every other interaction has multiplicity is_real; the gadget's columns are pinned to 0).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "air/integer_derivation.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"
#include "vm/chips/memory/access.h"
#include "vm/chips/program/decoded_fields.h"
#include "vm/chips/program/instruction_class.h"

namespace zkrv::chips {

// The timestamp of the decode chip's read of an instruction word: above every access of a segment.
inline constexpr uint32_t kFetchReadTimestamp = uint32_t{1} << 25;

// The class fields the decode chip holds as columns: all but the key's opcode, funct3 and funct7_key.
inline constexpr size_t kDecodeClassColumns = kClassNumFields - 3;

template <class T>
struct InstructionDecodeCols {
  T is_real;
  T multiplicity;
  T code_lo, code_hi;
  T room_lo, room_hi;
  T pc_lo, pc_hi;
  T opcode, rd_b0, rd_hi, funct3, rs1_b0, rs1_hi, rs2_b0, rs2_hi, funct7_lo, sign;
  T funct7_key;
  T cls[kDecodeClassColumns];  // class fields kClassUsesFunct7..kClassNumFields
  T rs1, rs2, rd;
  T imm_lo, imm_hi;
  T target_lo, target_hi;
  T aux_lo, aux_hi;
  T writes_rd;
  T aux_carry_lo, aux_carry_hi;
  T rd_nonzero, rd_inverse;
  T target_in, target_out;
  T over_lo, over_hi;
  T access[MemoryAccessCols<T>::kWidth];
};

// One row: a fetched pc, the word in memory there, how often the segment fetches it, and the timestamp
// of the word's last access before the decode read (0 if the segment does not access it as data).
struct DecodeRow {
  uint32_t pc = 0;
  uint32_t word = 0;
  uint32_t multiplicity = 0;
  uint32_t prev_timestamp = 0;
};

class InstructionDecodeChip : public AirDefaults {
 public:
  using Cols = InstructionDecodeCols<uint8_t>;
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kIsReal = offsetof(Cols, is_real), kMultiplicity = offsetof(Cols, multiplicity),
                          kCodeLo = offsetof(Cols, code_lo), kCodeHi = offsetof(Cols, code_hi),
                          kRoomLo = offsetof(Cols, room_lo), kRoomHi = offsetof(Cols, room_hi),
                          kPcLo = offsetof(Cols, pc_lo), kPcHi = offsetof(Cols, pc_hi),
                          kOpcode = offsetof(Cols, opcode), kRdB0 = offsetof(Cols, rd_b0), kRdHi = offsetof(Cols, rd_hi),
                          kFunct3 = offsetof(Cols, funct3), kRs1B0 = offsetof(Cols, rs1_b0),
                          kRs1Hi = offsetof(Cols, rs1_hi), kRs2B0 = offsetof(Cols, rs2_b0),
                          kRs2Hi = offsetof(Cols, rs2_hi), kFunct7Lo = offsetof(Cols, funct7_lo),
                          kSign = offsetof(Cols, sign), kFunct7Key = offsetof(Cols, funct7_key),
                          kCls = offsetof(Cols, cls), kRs1 = offsetof(Cols, rs1), kRs2 = offsetof(Cols, rs2),
                          kRd = offsetof(Cols, rd), kImmLo = offsetof(Cols, imm_lo), kImmHi = offsetof(Cols, imm_hi),
                          kTargetLo = offsetof(Cols, target_lo), kTargetHi = offsetof(Cols, target_hi),
                          kAuxLo = offsetof(Cols, aux_lo), kAuxHi = offsetof(Cols, aux_hi),
                          kWritesRd = offsetof(Cols, writes_rd), kAuxCarryLo = offsetof(Cols, aux_carry_lo),
                          kAuxCarryHi = offsetof(Cols, aux_carry_hi), kRdNonzero = offsetof(Cols, rd_nonzero),
                          kRdInverse = offsetof(Cols, rd_inverse), kTargetIn = offsetof(Cols, target_in),
                          kTargetOut = offsetof(Cols, target_out), kOverLo = offsetof(Cols, over_lo),
                          kOverHi = offsetof(Cols, over_hi), kAccess = offsetof(Cols, access);
  // The column of class field f (f >= kClassUsesFunct7).
  static constexpr size_t class_column(size_t f) noexcept { return kCls + (f - kClassUsesFunct7); }

  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "is_real", "multiplicity", "code_lo", "code_hi", "room_lo", "room_hi", "pc_lo", "pc_hi", "opcode", "rd_b0",
      "rd_hi", "funct3", "rs1_b0", "rs1_hi", "rs2_b0", "rs2_hi", "funct7_lo", "sign", "funct7_key",
      "uses_funct7", "fmt_i", "fmt_s", "fmt_b", "fmt_u", "fmt_j", "fmt_shift", "has_rd", "aux_has_imm",
      "aux_has_pc", "aux_plus4", "alu_op", "reads_rs1", "reads_rs2", "use_imm", "is_alu", "is_load", "is_store",
      "mem_byte", "mem_half", "mem_signed", "is_branch_eq", "is_branch_lt", "branch_negate", "is_jal", "is_jalr",
      "is_const_rd", "is_ecall", "rs1", "rs2", "rd", "imm_lo", "imm_hi", "target_lo", "target_hi", "aux_lo",
      "aux_hi", "writes_rd", "aux_carry_lo", "aux_carry_hi", "rd_nonzero", "rd_inverse", "target_in",
      "target_out", "over_lo", "over_hi", "prev_lo", "prev_hi", "prev_ts", "diff_lo", "diff_hi"};

  static constexpr std::array<IntegerDerivation, 2> kIntegerDerivations = {
      IntegerDerivation{"multiplicity", "not an integer: a lookup table's free count, read only as a multiplicity"},
      IntegerDerivation{"rd_inverse", "not an integer: the inverse witness of rdf (header, \"Integers\")"}};
  static IntegerDerivations integer_derivations() {
    static constexpr std::array<std::string_view, MemoryAccessCols<uint8_t>::kWidth> gadget =
        MemoryAccessCols<uint8_t>::kColumnNames;
    return IntegerDerivations()
        .add(kIntegerDerivations)
        .add_gadget("fetch", kAccess, gadget, MemoryAccessCols<uint8_t>::kIntegerDerivations);
  }

  // The code range as word addresses, [code_begin_word, code_end_word), with 2^14 <= code_begin_word <
  // code_end_word <= 2^28 (else std::invalid_argument).
  InstructionDecodeChip(uint32_t code_begin_word, uint32_t code_end_word);

  std::string_view name() const noexcept { return "instruction_decode"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const;

  // Rows for `rows` (distinct pcs, each word one the decoder accepts, in the code range; else
  // std::invalid_argument), padded with zero rows to a power of two >= 8. Records the byte lookups and
  // adds one class lookup per row to class_counts (one count per instruction_classes() entry).
  RowMajorMatrix<Fp> generate_trace(std::span<const DecodeRow> rows, std::span<uint32_t> class_counts,
                                    ByteLookups& bytes, size_t min_height = 8) const;

 private:
  uint32_t code_begin_word_ = 0, code_end_word_ = 0;
};

template <AirBuilder B>
void InstructionDecodeChip::eval(B& b) const {
  using Expr = typename B::Expr;
  const auto m = b.main();
  const auto col = [&](size_t i) { return Expr(m.current(i)); };
  const auto cls = [&](size_t f) { return col(class_column(f)); };
  const Expr one = Fp::one(), zero = Fp::zero();
  const Expr k16 = Fp(1u << 16);
  const Expr is_real = col(kIsReal), mult = col(kMultiplicity);

  for (const size_t c : {kIsReal, kRdB0, kRs1B0, kRs2B0, kSign, kTargetIn, kTargetOut, kAuxCarryLo, kAuxCarryHi,
                         kRdNonzero})
    b.assert_bool(col(c), "decode: boolean column");
  // Padding rows are all zero (the gadget pins its own columns): so a pin that a lookup gives on real
  // rows holds on every row (air/integer_pins.h), and a padding row answers no fetch.
  for (size_t c = kMultiplicity; c < kAccess; ++c)
    b.when(one - is_real).assert_zero(col(c), "decode: padding rows are zero");

  const Expr word_addr = Fp(code_begin_word_) + col(kCodeLo) + col(kCodeHi) * k16;
  const Expr pc = col(kPcLo) + col(kPcHi) * k16;
  b.when(is_real).assert_eq(word_addr * Fp(4u), pc, "decode: pc = 4 word_addr");
  b.when(is_real).assert_eq(Fp(code_end_word_ - 1), word_addr + col(kRoomLo) + col(kRoomHi) * k16,
                            "decode: word_addr below the code end");

  const Expr rdf = col(kRdB0) + col(kRdHi) * Fp(2u);
  const Expr rs1f = col(kRs1B0) + col(kRs1Hi) * Fp(2u);
  const Expr rs2f = col(kRs2B0) + col(kRs2Hi) * Fp(2u);
  const Expr sign = col(kSign), funct7_lo = col(kFunct7Lo), funct3 = col(kFunct3);
  const Expr funct7 = funct7_lo + sign * Fp(64u);
  const Expr lo16 = col(kOpcode) + rdf * Fp(1u << 7) + funct3 * Fp(1u << 12) + col(kRs1B0) * Fp(1u << 15);
  const Expr hi16 = col(kRs1Hi) + rs2f * Fp(1u << 4) + funct7 * Fp(1u << 9);

  b.assert_eq(col(kFunct7Key), cls(kClassUsesFunct7) * funct7, "decode: funct7_key = uses_funct7 funct7");
  const size_t flag0 = kClassFirstFlag;  // reads_rs1, reads_rs2, use_imm, ..., is_ecall (no writes_rd)
  const Expr reads_rs1 = cls(flag0), reads_rs2 = cls(flag0 + 1), is_ecall = cls(kClassNumFields - 1);
  b.assert_eq(col(kRs1), reads_rs1 * rs1f + is_ecall * Fp(kEcallNumberRegister), "decode: rs1");
  b.assert_eq(col(kRs2), reads_rs2 * rs2f + is_ecall * Fp(kEcallArgRegister), "decode: rs2");
  b.assert_eq(col(kRd), cls(kClassHasRd) * rdf + is_ecall * Fp(kEcallArgRegister), "decode: rd");
  b.when(is_ecall).assert_zero(rdf + rs1f + rs2f, "decode: ecall is exactly 0x00000073");
  b.assert_eq(col(kRdNonzero), rdf * col(kRdInverse), "decode: rd_nonzero = rdf rd_inverse");
  b.when(rdf).assert_eq(col(kRdNonzero), one, "decode: rd_nonzero = 1 when rdf != 0");
  b.assert_eq(col(kWritesRd), cls(kClassHasRd) * col(kRdNonzero), "decode: writes_rd = has_rd (rd != 0)");

  const Expr fmt_i = cls(kClassFmtI), fmt_s = cls(kClassFmtS), fmt_b = cls(kClassFmtB), fmt_u = cls(kClassFmtU),
             fmt_j = cls(kClassFmtJ), fmt_shift = cls(kClassFmtShift);
  const Expr imm_lo_i = rs2f + funct7_lo * Fp(32u) + sign * Fp(0xf800u);
  const Expr imm_lo_s = rdf + funct7_lo * Fp(32u) + sign * Fp(0xf800u);
  const Expr imm_lo_b = col(kRdHi) * Fp(2u) + funct7_lo * Fp(32u) + col(kRdB0) * Fp(1u << 11) + sign * Fp(0xf000u);
  const Expr imm_lo_u = funct3 * Fp(1u << 12) + col(kRs1B0) * Fp(1u << 15);
  const Expr imm_lo_j = col(kRs2Hi) * Fp(2u) + funct7_lo * Fp(32u) + col(kRs2B0) * Fp(1u << 11) +
                        funct3 * Fp(1u << 12) + col(kRs1B0) * Fp(1u << 15);
  b.assert_eq(col(kImmLo),
              fmt_i * imm_lo_i + fmt_s * imm_lo_s + fmt_b * imm_lo_b + fmt_u * imm_lo_u + fmt_j * imm_lo_j + fmt_shift * rs2f,
              "decode: imm_lo");
  b.assert_eq(col(kImmHi),
              (fmt_i + fmt_s + fmt_b) * sign * Fp(0xffffu) + fmt_u * hi16 + fmt_j * (col(kRs1Hi) + sign * Fp(0xfff0u)),
              "decode: imm_hi");

  const Expr target_in = col(kTargetIn), target_out = col(kTargetOut);
  const Expr t = pc + col(kImmLo) + col(kImmHi) * k16 - sign * Fp(static_cast<uint32_t>((uint64_t{1} << 32) % Fp::P));
  b.assert_eq(target_in + target_out, fmt_b + fmt_j, "decode: a branch or jal target is in range or not");
  b.assert_eq(col(kTargetLo) + col(kTargetHi) * k16, target_in * t, "decode: target = T in range");
  b.assert_eq(col(kOverLo) + col(kOverHi) * k16,
              target_out * (t - Fp(1u << 30) - sign * (t * Fp(2u) - Fp(1u << 30) + one)),
              "decode: T out of range (over = T - 2^30, or -1 - T when negative)");

  b.assert_eq(col(kAuxLo) + col(kAuxCarryLo) * k16,
              cls(kClassAuxHasImm) * col(kImmLo) + cls(kClassAuxHasPc) * col(kPcLo) + cls(kClassAuxPlus4) * Fp(4u),
              "decode: aux_lo");
  b.assert_eq(col(kAuxHi) + col(kAuxCarryHi) * k16,
              cls(kClassAuxHasImm) * col(kImmHi) + cls(kClassAuxHasPc) * col(kPcHi) + col(kAuxCarryLo),
              "decode: aux_hi");

  // The CPU's fetch tuple (decoded_fields.h order).
  std::array<Expr, kNumDecodedFields> fetch;
  fetch[kFieldPc] = pc;
  fetch[kFieldRs1] = col(kRs1);
  fetch[kFieldRs2] = col(kRs2);
  fetch[kFieldRd] = col(kRd);
  // A branch's offset reaches the CPU in target only: its decoded imm is 0, so every ALU-sending row's
  // second operand is imm + rs2 (decoded_fields.h). fmt_b is the class table's, so this is the field.
  fetch[kFieldImmLo] = (one - fmt_b) * col(kImmLo);
  fetch[kFieldImmHi] = (one - fmt_b) * col(kImmHi);
  fetch[kFieldTarget] = col(kTargetLo) + col(kTargetHi) * k16;
  fetch[kFieldAuxLo] = col(kAuxLo);
  fetch[kFieldAuxHi] = col(kAuxHi);
  fetch[kFieldAluOp] = cls(kClassAluOp);
  fetch[kFieldWritesRd] = col(kWritesRd);
  size_t f = kClassFirstFlag;
  for (size_t i = kFirstFlag; i < kNumDecodedFields; ++i)
    if (i != kFieldWritesRd) fetch[i] = cls(f++);
  b.receive(kProgramBus, std::span<const Expr>(fetch), mult);

  std::array<Expr, kInstructionClassArity> key;
  key[kClassOpcode] = col(kOpcode);
  key[kClassFunct3] = funct3;
  key[kClassFunct7Key] = col(kFunct7Key);
  for (size_t i = kClassUsesFunct7; i < kClassNumFields; ++i) key[i] = cls(i);
  b.send(kInstructionClassBus, std::span<const Expr>(key), is_real);

  const auto access = MemoryAccessCols<typename B::Var>::current(m, kAccess);
  access.eval(b, word_addr, lo16, hi16, Expr(Fp(kFetchReadTimestamp)), is_real, one);

  const Expr u16 = Fp(static_cast<uint32_t>(ByteOp::u16)), pair = Fp(static_cast<uint32_t>(ByteOp::u8_pair));
  const auto range = [&](const Expr& v) { b.send(kByteBus, {u16, v, zero, zero}, is_real); };
  const auto range_scaled = [&](size_t c, uint32_t scale) {
    range(col(c));
    range(col(c) * Fp(scale));
  };
  range(col(kCodeLo));
  range_scaled(kCodeHi, 16);
  range(col(kRoomLo));
  range_scaled(kRoomHi, 16);
  range(col(kPcLo));
  range_scaled(kPcHi, 4);
  range(col(kTargetLo));
  range_scaled(kTargetHi, 4);
  range(col(kOverLo));
  range_scaled(kOverHi, 32);
  range(col(kAuxLo));
  range(col(kAuxHi));
  const auto bits = [&](size_t c, uint32_t width) {
    b.send(kByteBus, {pair, col(c), col(c) * Fp(1u << (8 - width)), zero}, is_real);
  };
  bits(kOpcode, 7);
  bits(kRdHi, 4);
  bits(kFunct3, 3);
  bits(kRs1Hi, 4);
  bits(kRs2Hi, 4);
  bits(kFunct7Lo, 6);
}

static_assert(Air<InstructionDecodeChip>);

}  // namespace zkrv::chips
