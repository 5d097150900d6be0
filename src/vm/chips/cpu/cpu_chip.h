// CpuChip: one row per executed instruction (vm/chips/README.md, "Program and CPU").
//
// WHAT IT PROVES: every RV32IM instruction. ALU register/immediate forms including M (delegated on the
// ALU bus), lui, auipc, jal, jalr, the six branches (beq/bne inline, blt/bge/bltu/bgeu as slt/sltu on
// the ALU bus), loads and stores of every width (sent to the load-store chip, which adds rs1 + imm
// itself; jalr's rs1 + imm is an add on the ALU bus: NOTE vm/executor/events.h documents jalr
// arithmetic as inline and emits no AluEvent for it, so generate_trace returns the ALU sends itself:
// use CpuTrace::alu, not ExecutionTrace::alu, for the ALU chips' traces), fence (a no-op) and ecall (a
// send on kSyscallBus).
//
// Columns (52, cpu_cols.h): the 27 decoded fields (decoded_fields.h, pc first), clk, is_real, halts,
// next_pc, taken, alu_lo, alu_hi, bit0, rd_lo, rd_hi, and
// three access gadgets (5 each, vm/chips/memory/access.h): rs1, rs2, rd. Public values (2): the
// segment's first pc and its final pc.
//
// Interactions (16, every tuple and multiplicity of degree 1): ALU send (1), u16 of 0x3FFF - alu_hi
// (jalr), the load-store send (1), 3 per paired register gadget (rs1, rs2) and their u8_pair diff_hi
// lookup (multiplicity is_real: every timestamp is at most 2^24), 4 for rd's gadget, program fetch (1,
// multiplicity is_real), syscall send (1). LogUp: 8 groups, 8 extension columns (stark/logup.h);
// 52 + 32 = 84 cells per row. Loads and stores do their address and memory half in the load-store chip
// (load_store_chip.h), one row per access: 63 cells only where a cycle accesses memory. (Before, the
// CPU row added rs1 + imm on the ALU bus and split it for loads and stores too, its ALU operand
// use_imm ? imm : rs2 had degree 2 and a LogUp column alone, and loads' values and beq/bne's inverse
// witnesses had columns of their own: 98 cells.)
//
// Constraints (degree at most 3), by function of cpu_eval.h:
//   rows: is_real boolean; every decoded field, next_pc = 0 on padding; halts boolean and only on
//     ecall; first row is_real = 1, clk = 0, pc = first pc; clk' = clk + 1; real rows first; between
//     real rows pc' = next_pc; the last real row's next_pc is the final pc (public value 1). A halting
//     row has next_pc = 0, which no program row has: it is the last real row, and the final pc is 0.
//     Whether a segment may halt is the statement's business: only the last segment's statement
//     receives the halt bus's exit code, so a halting row elsewhere leaves the bus unbalanced.
//   pc: taken = (is_branch_eq + is_branch_lt)(cond xor branch_negate), cond = alu_lo; on real rows
//     next_pc = pc + 4 + (taken + is_jal)(target - pc - 4) + is_jalr (jalr_target - pc - 4)
//     - halts (pc + 4), jalr_target = alu_lo - bit0 + 2^16 alu_hi.
//   alu/compare: alu_lo, alu_hi pinned to 0 on rows without a result (an ALU send, a load, an ecall,
//     beq/bne's bit); beq/bne: alu_lo (rs1_x - rs2_x) = 0 for both limbs and 1 - alu_lo = rd_lo d_lo +
//     rd_hi d_hi (beq/bne write no register, so rd_lo, rd_hi can hold the inverses), rd_hi d_lo = 0
//     and rd_lo rd_hi = 0 (the witness is unique). The ALU bus carries (alu_op, alu_lo, alu_hi, rs1, c) with
//     c = imm + rs2, multiplicity is_alu + is_branch_lt + is_jalr; on those rows use_imm reads_rs2 = 0
//     and (1 - use_imm) imm = 0 (the program table's rule, restated), so c = use_imm ? imm : rs2.
//   jalr: bit0 boolean, 0 unless jalr; 0x3FFF - alu_hi a u16 (cpu_eval.h, eval_jalr: the target
//     alu - bit0 is then an integer below 2^30 and, being a program pc, 4-aligned).
//   loads and stores: the send to the load-store chip
//     (clk, op, rs1_lo + imm_lo, rs1_hi + imm_hi, rs2 + alu) with op = is_store + 2 mem_byte +
//     4 mem_half + 8 mem_signed, multiplicity is_load + is_store. The load-store chip adds the limb
//     sums into the address mod 2^32, checks its range, alignment and the store bound, accesses the
//     word at 4 clk + 3 and returns a load's value.
//   interactions: rd_lo, rd_hi = the value rd receives (alu result, loaded value, syscall result or
//     constant) on every row that writes rd, 0 on rows that neither write nor witness a beq/bne
//     difference; the three access gadgets' constraints (8 each).
//
// Tuples: kProgramBus (pc, fields...); kLoadStoreBus (clk, op, rs1_lo + imm_lo, rs1_hi + imm_hi,
// rs2_lo + alu_lo, rs2_hi + alu_hi), multiplicity is_load + is_store: the load-store chip receiving
// it does the access and must return canonical load limbs (load_store_chip.h); kSyscallBus (clk, a7_lo, a7_hi, a0_lo, a0_hi, result_lo,
// result_hi, halts), multiplicity is_ecall: a7 and a0 are the rs1 and rs2 reads (the program table sets
// rs1 = 17, rs2 = rd = 10 for ecall), the result (alu_lo, alu_hi on ecall rows) is what rd receives
// unless halts (then nothing is written). The syscall chip receiving it must pin halts and the result
// and range-check the result's limbs (it produces that word).
//
// Soundness notes. Decoded fields are trusted through the program bus on real rows and pinned to 0 on
// padding rows, so every multiplicity built from them is 0 or 1 (the program table's flags are
// exclusive where summed). Register and memory values are what the memory argument delivers; x0 is
// never written because writes_rd is 0 for rd = x0 in the program table and ecall writes a0 only.
// Every target and address is a field element below 2^30 that is the byte address itself (program
// table's target; jalr's alu_hi <= 0x3FFF; the load-store chip's addr_hi in [1, 0x3FFF]), so a jump
// outside code or to a misaligned pc matches no program row, and a RAM word address lies in
// [2^14, 2^28), never a register. The halting
// ecall's next_pc = 0 matches no program row, so no real row follows it. Timestamps 4 clk + k are
// at most 2^24 while the table has at most 2^22 rows (the machine's bound). A store needs its word
// address >= the first writable word (the load-store chip's public value, README design): the
// executor faults on any store below it too (vm/executor/guest_memory.h), so proofs and runs agree.
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
#include "vm/chips/cpu/cpu_cols.h"
#include "vm/chips/cpu/cpu_eval.h"
#include "vm/chips/cpu/load_store_chip.h"
#include "vm/executor/alu_event.h"
#include "vm/executor/events.h"
#include "vm/isa/program_image.h"

namespace zkrv::chips {

// What the CPU sends on kSyscallBus for one ecall (cycle clk).
struct SyscallSend {
  uint32_t clk = 0;
  uint32_t number = 0;  // a7
  uint32_t arg0 = 0;    // a0 at the call
  uint32_t result = 0;  // a0 after the call; for a halting ecall a0 unchanged (nothing is written)
  uint32_t halts = 0;
  friend bool operator==(const SyscallSend&, const SyscallSend&) = default;
};

struct CpuTrace {
  RowMajorMatrix<Fp> main;
  std::vector<AluEvent> alu;           // the ALU bus sends, in row order (for the ALU chips' traces)
  std::vector<SyscallSend> syscalls;   // the syscall bus sends, in row order
  std::vector<LoadStoreEvent> load_store;  // the load-store bus sends, in row order
  std::vector<uint32_t> pcs;           // the fetched pcs, in row order (ProgramChip::count_fetches)
};

class CpuChip {
 public:
  static constexpr size_t kWidth = CpuColumn::kWidth;
  // The segment's first pc and its final pc (the pc the next segment starts at; 0 after the halting
  // ecall).
  static constexpr size_t kNumPublicValues = 2;

  // What the integer-pin check (air/integer_pins.h) cannot see for itself; it pins the rest (decoded
  // fields by the program bus, taken / next_pc / val from their defining constraints, ...) on its own.
  static constexpr std::array<IntegerDerivation, 5> kIntegerDerivations = {
      IntegerDerivation{"clk",
                        "the row index: first row clk = 0 and clk' = clk + 1 (eval_rows), so clk < 2^22 rows "
                        "(header: 'Timestamps 4 clk + k are below 2^25 while the table has at most 2^22 rows')"},
      IntegerDerivation{"alu_lo",
                        "on ALU-sending rows the ALU bus result (the receiving chip range-checks a); on load rows "
                        "the value the load-store chip sends back (its data_lo, canonical: load_store_chip.h, "
                        "\"Soundness\"; beside rs2.prev_lo = 0 in the tuple, rs2 not being read on loads); on "
                        "ecall rows the syscall result (the syscall chip range-checks it); on beq/bne rows a bit: "
                        "alu_lo (rs1_x - rs2_x) = 0 for both limbs and 1 - alu_lo = rd_lo d_lo + rd_hi d_hi give 1 "
                        "iff rs1 = rs2, else 0; 0 on every other row (eval_alu_and_compare; the program table's "
                        "flags are exclusive)"},
      IntegerDerivation{"alu_hi",
                        "as alu_lo, for the high limb: the ALU bus result's (range-checked by the receiving chip), a "
                        "load's data_hi (canonical, load_store_chip.h), the syscall result's; 0 on every other row, "
                        "beq/bne's included (eval_alu_and_compare)"},
      IntegerDerivation{"rd_lo",
                        "where rd is written, the value rd receives (alu_lo, a canonical limb, or the program "
                        "table's aux_lo); where beq/bne witness a difference the inverse of the first differing "
                        "limb's difference (or 0), not an integer and not used as one (the rd send has "
                        "multiplicity 0 there); 0 on every other row "
                        "(eval_interactions)"},
      IntegerDerivation{"rd_hi", "as rd_lo, for the high limb"}};
  static IntegerDerivations integer_derivations() {
    IntegerDerivations d;
    d.add(kIntegerDerivations);
    // rs1 and rs2 are paired (DiffHiCheck::caller_pairs), their lookup sent on every real row
    // (multiplicity is_real); on padding rows the decoded fields are 0, so neither accesses and each
    // diff_hi is pinned to 0. rd's gadget looks its diff_hi up itself.
    using Access = MemoryAccessCols<uint8_t>;
    d.add_gadget("rs1", CpuColumn::kRs1, Access::kColumnNames, Access::kPairedIntegerDerivations);
    d.add_gadget("rs2", CpuColumn::kRs2, Access::kColumnNames, Access::kPairedIntegerDerivations);
    d.add_gadget("rd", CpuColumn::kRd, Access::kColumnNames, Access::kIntegerDerivations);
    return d;
  }

  std::string_view name() const noexcept { return "cpu"; }
  size_t width() const noexcept { return kWidth; }
  size_t preprocessed_width() const noexcept { return 0; }
  size_t num_public_values() const noexcept { return kNumPublicValues; }
  RowMajorMatrix<Fp> preprocessed_trace() const { return {}; }

  template <AirBuilder B>
  void eval(B& b) const {
    const cpu_detail::Row<B> r(b);
    cpu_detail::eval_rows(b, r);
    cpu_detail::eval_pc(b, r);
    // The order of the interactions decides their LogUp grouping (Chip::group_interactions pairs
    // consecutive degree-1 ones): all 16 have degree-1 tuples and multiplicities, so they pair up into
    // 8 columns.
    cpu_detail::eval_alu_and_compare(b, r);
    cpu_detail::eval_jalr(b, r);
    cpu_detail::eval_load_store(b, r);
    cpu_detail::eval_interactions(b, r);
  }

  // One row per event (events[c].clk == c), zero padding (clk
  // continuing) up to a power of two >= 8. Decodes each event's instruction word itself, recomputes
  // the ALU results with evaluate_alu and records the byte lookups in `bytes`. Throws
  // std::invalid_argument for an event no proof can exist for, or that disagrees with the decoded
  // instruction (illegal word, address or jalr target outside [2^16, 2^30) resp. at or above 2^30,
  // misaligned access, store below `first_writable`, events out of order).
  // Parallel over rows.
  // `first_writable` is the load-store chip's public value (first_writable_word()). The loads and
  // stores go to CpuTrace::load_store, for LoadStoreChip::generate_trace.
  CpuTrace generate_trace(std::span<const CpuEvent> events, uint32_t first_writable, ByteLookups& bytes, size_t min_height = 8) const;
};

// The load-store chip's public value for `image`: the first word address a store may write, the word after the
// read-only hull (ZKRV_MEM_START's word if there is none). The loader puts the read-only hull below
// every writable segment (vm/chips/README.md); RAM below the hull is then not writable by proof.
uint32_t first_writable_word(const ProgramImage& image);

static_assert(Air<CpuChip>);

}  // namespace zkrv::chips
