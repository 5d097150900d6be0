#include "vm/chips/program/instruction_decode_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "vm/isa/decoder.h"

namespace zkrv::chips {

InstructionDecodeChip::InstructionDecodeChip(uint32_t code_begin_word, uint32_t code_end_word)
    : code_begin_word_(code_begin_word), code_end_word_(code_end_word) {
  if (code_begin_word < (uint32_t{1} << 14) || code_begin_word >= code_end_word || code_end_word > (uint32_t{1} << 28))
    throw std::invalid_argument(fmt::format("InstructionDecodeChip: code range [{:#x}, {:#x}) (words) is not inside "
                                            "[2^14, 2^28)",
                                            code_begin_word, code_end_word));
}

RowMajorMatrix<Fp> InstructionDecodeChip::generate_trace(std::span<const DecodeRow> rows,
                                                         std::span<uint32_t> class_counts, ByteLookups& bytes, size_t min_height) const {
  const auto classes = instruction_classes();
  if (class_counts.size() != classes.size())
    throw std::invalid_argument("InstructionDecodeChip::generate_trace: one count per instruction class");
  const size_t height = std::max<size_t>(min_height, std::bit_ceil(rows.size()));
  RowMajorMatrix<Fp> t(height, kWidth);
  std::atomic<bool> bad{false};
  tbb::parallel_for(tbb::blocked_range<size_t>(0, rows.size(), 256), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      const DecodeRow& in = rows[r];
      const uint32_t word_addr = in.pc / 4;
      const InstructionClass* cls = instruction_class_of(in.word);
      if (cls == nullptr || in.pc % 4 != 0 || word_addr < code_begin_word_ || word_addr >= code_end_word_) {
        bad.store(true, std::memory_order_relaxed);
        continue;
      }
      std::atomic_ref<uint32_t>(class_counts[static_cast<size_t>(cls - classes.data())])
          .fetch_add(1, std::memory_order_relaxed);
      const DecodedFields fields = decode_fields(in.pc, decode(in.word));
      const uint32_t w = in.word;
      auto row = t.row(r);
      const auto set = [&](size_t c, uint32_t v) { row[c] = Fp(v); };
      set(kIsReal, 1);
      set(kMultiplicity, in.multiplicity);
      const uint32_t code = word_addr - code_begin_word_, room = code_end_word_ - 1 - word_addr;
      set(kCodeLo, code & 0xffffu);
      set(kCodeHi, code >> 16);
      set(kRoomLo, room & 0xffffu);
      set(kRoomHi, room >> 16);
      set(kPcLo, in.pc & 0xffffu);
      set(kPcHi, in.pc >> 16);
      const uint32_t opcode = w & 0x7fu, rd = (w >> 7) & 0x1fu, funct3 = (w >> 12) & 7u, rs1 = (w >> 15) & 0x1fu,
                     rs2 = (w >> 20) & 0x1fu, funct7 = w >> 25;
      set(kOpcode, opcode);
      set(kRdB0, rd & 1u);
      set(kRdHi, rd >> 1);
      set(kFunct3, funct3);
      set(kRs1B0, rs1 & 1u);
      set(kRs1Hi, rs1 >> 1);
      set(kRs2B0, rs2 & 1u);
      set(kRs2Hi, rs2 >> 1);
      set(kFunct7Lo, funct7 & 0x3fu);
      set(kSign, funct7 >> 6);
      set(kFunct7Key, (*cls)[kClassFunct7Key]);
      for (size_t f = kClassUsesFunct7; f < kClassNumFields; ++f) set(class_column(f), (*cls)[f]);
      set(kRs1, fields[kFieldRs1]);
      set(kRs2, fields[kFieldRs2]);
      set(kRd, fields[kFieldRd]);
      // The immediate as the word encodes it: a branch's decoded imm is 0 (its offset is in target,
      // decoded_fields.h), but this row's imm columns hold the offset that target is computed from.
      uint32_t imm = fields[kFieldImmLo] | (fields[kFieldImmHi] << 16);
      if ((*cls)[kClassFmtB] != 0) imm = static_cast<uint32_t>(decode(in.word).imm);
      const uint32_t imm_lo = imm & 0xffffu, imm_hi = imm >> 16;
      set(kImmLo, imm_lo);
      set(kImmHi, imm_hi);
      set(kTargetLo, fields[kFieldTarget] & 0xffffu);
      set(kTargetHi, fields[kFieldTarget] >> 16);
      set(kAuxLo, fields[kFieldAuxLo]);
      set(kAuxHi, fields[kFieldAuxHi]);
      set(kWritesRd, fields[kFieldWritesRd]);
      // The carries of the aux limb sums (header): recomputed from the class's terms.
      const uint32_t sum_lo = (*cls)[kClassAuxHasImm] * imm_lo + (*cls)[kClassAuxHasPc] * (in.pc & 0xffffu) +
                              4 * (*cls)[kClassAuxPlus4];
      const uint32_t carry_lo = sum_lo >> 16;
      const uint32_t sum_hi = (*cls)[kClassAuxHasImm] * imm_hi + (*cls)[kClassAuxHasPc] * (in.pc >> 16) + carry_lo;
      set(kAuxCarryLo, carry_lo);
      set(kAuxCarryHi, sum_hi >> 16);
      set(kRdNonzero, rd != 0 ? 1 : 0);
      row[kRdInverse] = rd != 0 ? Fp(rd).inverse() : Fp::zero();
      // The jump target: T = pc + imm as a signed integer (header).
      if ((*cls)[kClassFmtB] != 0 || (*cls)[kClassFmtJ] != 0) {
        const int64_t target = int64_t{in.pc} + int64_t{static_cast<int32_t>(imm_lo | (imm_hi << 16))};
        const bool in_range = target >= 0 && target < (int64_t{1} << 30);
        set(kTargetIn, in_range ? 1 : 0);
        set(kTargetOut, in_range ? 0 : 1);
        if (!in_range) {
          const auto over = static_cast<uint32_t>(target >= 0 ? target - (int64_t{1} << 30) : -1 - target);
          set(kOverLo, over & 0xffffu);
          set(kOverHi, over >> 16);
        }
      }
      const MemoryAccessRecord read{word_addr, w, w, kFetchReadTimestamp, in.prev_timestamp};
      MemoryAccessCols<Fp>::populate(read, bytes).write(row, kAccess);

      const auto u16 = [&](size_t c, uint32_t scale = 1) {
        bytes.add_u16(row[c].as_canonical() * scale);
      };
      u16(kCodeLo);
      u16(kCodeHi);
      u16(kCodeHi, 16);
      u16(kRoomLo);
      u16(kRoomHi);
      u16(kRoomHi, 16);
      u16(kPcLo);
      u16(kPcHi);
      u16(kPcHi, 4);
      u16(kTargetLo);
      u16(kTargetHi);
      u16(kTargetHi, 4);
      u16(kOverLo);
      u16(kOverHi);
      u16(kOverHi, 32);
      u16(kAuxLo);
      u16(kAuxHi);
      const auto pair = [&](uint32_t v, uint32_t width) { bytes.add_u8_pair(v, v << (8 - width)); };
      pair(opcode, 7);
      pair(rd >> 1, 4);
      pair(funct3, 3);
      pair(rs1 >> 1, 4);
      pair(rs2 >> 1, 4);
      pair(funct7 & 0x3fu, 6);
    }
  });
  if (bad.load())
    throw std::invalid_argument("InstructionDecodeChip::generate_trace: a fetched word is not an instruction, or its "
                                "pc is not a word of the code range");
  return t;
}

}  // namespace zkrv::chips
