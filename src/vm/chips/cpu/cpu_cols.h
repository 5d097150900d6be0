// The CPU chip's columns (vm/chips/README.md, "Program and CPU"; cpu_chip.h explains each constraint).
// One byte per column in CpuCols<uint8_t>, so offsetof gives the column index and eval and trace
// generation name the same column.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vm/chips/memory/access.h"
#include "vm/chips/program/decoded_fields.h"

namespace zkrv::chips {

template <class T>
struct CpuCols {
  T decoded[kNumDecodedFields];  // pc and the instruction's fields, as the program table holds them
  T clk;                         // the row index: the cycle on real rows
  T is_real;
  T halts;          // this ecall ends the run (exit); pinned by the syscall bus
  T next_pc;        // the pc of the next real row (0 after a halt)
  T taken;          // a branch that jumps
  T alu_lo, alu_hi; // the ALU bus result a; on load rows the loaded value; on beq/bne rows alu_lo =
                    // (rs1 == rs2); on ecall rows the syscall result
  T bit0;           // jalr: bit 0 of rs1 + imm, which jalr clears (its target is alu - bit0)
  T rd_lo, rd_hi;   // the value rd receives where rd is written (a column, so the rd access's tuples
                    // have degree 1); beq/bne: the rs1 != rs2 witness rd_lo d_lo + rd_hi d_hi = 1
  MemoryAccessCols<T> rs1, rs2, rd;  // timestamps 4 clk + 1, 4 clk + 2, 4 clk + 4
};

struct CpuColumn {
  using Cols = CpuCols<uint8_t>;
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kDecoded = offsetof(Cols, decoded), kClk = offsetof(Cols, clk),
                          kIsReal = offsetof(Cols, is_real), kHalts = offsetof(Cols, halts),
                          kNextPc = offsetof(Cols, next_pc), kTaken = offsetof(Cols, taken),
                          kAluLo = offsetof(Cols, alu_lo), kAluHi = offsetof(Cols, alu_hi),
                          kBit0 = offsetof(Cols, bit0),
                          kRdLo = offsetof(Cols, rd_lo), kRdHi = offsetof(Cols, rd_hi),
                          kRs1 = offsetof(Cols, rs1), kRs2 = offsetof(Cols, rs2), kRd = offsetof(Cols, rd);
  static constexpr size_t field(DecodedField f) noexcept { return kDecoded + f; }
};
static_assert(CpuColumn::kWidth == kNumDecodedFields + 10 + 3 * MemoryAccessCols<uint8_t>::kWidth);

inline constexpr std::array<std::string_view, CpuColumn::kWidth> kCpuColumnNames = [] {
  std::array<std::string_view, CpuColumn::kWidth> n{};
  for (size_t i = 0; i < kNumDecodedFields; ++i) n[i] = kDecodedFieldNames[i];
  using C = CpuColumn;
  n[C::kClk] = "clk";
  n[C::kIsReal] = "is_real";
  n[C::kHalts] = "halts";
  n[C::kNextPc] = "next_pc";
  n[C::kTaken] = "taken";
  n[C::kAluLo] = "alu_lo";
  n[C::kAluHi] = "alu_hi";
  n[C::kBit0] = "bit0";
  n[C::kRdLo] = "rd_lo";
  n[C::kRdHi] = "rd_hi";
  constexpr std::array<std::string_view, 15> access = {
      "rs1.prev_lo", "rs1.prev_hi", "rs1.prev_ts", "rs1.diff_lo", "rs1.diff_hi",
      "rs2.prev_lo", "rs2.prev_hi", "rs2.prev_ts", "rs2.diff_lo", "rs2.diff_hi",
      "rd.prev_lo",  "rd.prev_hi",  "rd.prev_ts",  "rd.diff_lo",  "rd.diff_hi"};
  for (size_t i = 0; i < access.size(); ++i) n[C::kRs1 + i] = access[i];
  return n;
}();

}  // namespace zkrv::chips
