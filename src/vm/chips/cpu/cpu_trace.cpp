// CpuChip trace generation: CpuEvent (vm/executor/events.h) -> one row, without re-executing: the
// instruction word is decoded again (decode_fields, exactly what the program table holds), register
// values come from the event's access records, and ALU results from evaluate_alu.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <optional>
#include <stdexcept>
#include <string>

#include "abi/memory_map.h"
#include "abi/syscalls.h"
#include "vm/chips/cpu/cpu_chip.h"
#include "vm/isa/decoder.h"

namespace zkrv::chips {
namespace {

using C = CpuColumn;

struct RowResult {
  std::optional<AluEvent> alu;
  std::optional<SyscallSend> syscall;
  std::optional<LoadStoreEvent> load_store;
};

[[noreturn]] void reject(const CpuEvent& e, const std::string& why) {
  throw std::invalid_argument("CpuChip::generate_trace: cycle " + std::to_string(e.clk) + " (pc " +
                              std::to_string(e.pc) + "): " + why);
}

// Loads and stores: checks the access against the decoded instruction and hands it to the load-store
// chip; returns the value a load delivers to rd (sign-extended), 0 for a store.
uint32_t load_store(const CpuEvent& e, const DecodedFields& f, uint32_t rs1, uint32_t rs2,
                    uint32_t first_writable_word, LoadStoreEvent& out) {
  const uint32_t imm = f[kFieldImmLo] | (f[kFieldImmHi] << 16), addr = rs1 + imm;
  const bool is_load = f[kFieldIsLoad] != 0, byte = f[kFieldMemByte] != 0, half = f[kFieldMemHalf] != 0;
  if (is_load != e.has(CpuEvent::kMemoryRead) || is_load == e.has(CpuEvent::kMemoryWrite))
    reject(e, "memory access kind disagrees with the decoded instruction");
  const uint32_t hi = addr >> 16, offset = addr & 3u;
  if (hi < 1 || hi > 0x3FFF) reject(e, "address outside [ZKRV_MEM_START, ZKRV_MEM_END)");
  if ((half && (offset & 1u)) || (!byte && !half && offset != 0)) reject(e, "misaligned access");
  if (e.mem_addr != (addr >> 2)) reject(e, "memory word address disagrees with rs1 + imm");
  if (!is_load && (addr >> 2) < first_writable_word) reject(e, "store below the first writable word");
  uint32_t value = 0;
  if (is_load) {
    const uint32_t prev = e.mem.prev_value;
    value = byte ? (prev >> (8 * offset)) & 0xffu : half ? (prev >> (8 * offset)) & 0xffffu : prev;
    if (f[kFieldMemSigned] && byte && (value & 0x80u)) value |= 0xffffff00u;
    if (f[kFieldMemSigned] && half && (value & 0x8000u)) value |= 0xffff0000u;
  }
  const auto a = e.memory_access();
  out = LoadStoreEvent{e.clk,  !is_load, byte, half, f[kFieldMemSigned] != 0, rs1, imm, is_load ? value : rs2,
                       MemoryAccessRecord{a.addr, a.value, a.prev_value, a.timestamp, a.prev_timestamp}};
  return value;
}

RowResult fill_row(const CpuEvent& e, std::span<Fp> row, uint32_t first_writable_word, ByteLookups& bytes) {
  const Instruction in = decode(e.instruction);
  if (in.op == Opcode::illegal) reject(e, "illegal instruction");
  const DecodedFields f = decode_fields(e.pc, in);
  if ((f[kFieldReadsRs1] != 0) != e.has(CpuEvent::kReadsRs1) || (f[kFieldReadsRs2] != 0) != e.has(CpuEvent::kReadsRs2))
    reject(e, "register reads disagree with the decoded instruction");
  for (size_t i = 0; i < kNumDecodedFields; ++i) row[C::kDecoded + i] = Fp(f[i]);
  row[C::kIsReal] = Fp::one();

  const uint32_t rs1 = f[kFieldReadsRs1] ? e.rs1.value : 0, rs2 = f[kFieldReadsRs2] ? e.rs2.value : 0;
  constexpr DiffHiCheck paired = DiffHiCheck::caller_pairs;
  if (f[kFieldReadsRs1]) MemoryAccessCols<Fp>::populate(e.rs1_access(), bytes, paired).write(row, C::kRs1);
  if (f[kFieldReadsRs2]) MemoryAccessCols<Fp>::populate(e.rs2_access(), bytes, paired).write(row, C::kRs2);

  RowResult out;
  uint32_t alu = 0;
  const bool sends = f[kFieldIsAlu] || f[kFieldIsBranchLt] || f[kFieldIsJalr];
  if (sends) {
    const uint32_t imm = f[kFieldImmLo] | (f[kFieldImmHi] << 16);
    // The CPU sends imm + rs2 (cpu_eval.h): one of them is 0 on every ALU-sending row.
    if ((f[kFieldUseImm] && f[kFieldReadsRs2]) || (!f[kFieldUseImm] && imm != 0))
      reject(e, "an ALU operand that is neither imm nor rs2 alone");
    const uint32_t c = f[kFieldUseImm] ? imm : rs2;
    const auto op = static_cast<AluOp>(f[kFieldAluOp]);
    alu = evaluate_alu(op, rs1, c);
    out.alu = AluEvent{op, alu, rs1, c};
  }
  bool halts = false;
  if (f[kFieldIsBranchEq]) alu = rs1 == rs2 ? 1 : 0;
  if (f[kFieldIsEcall]) {
    halts = rs1 == ZKRV_SYS_EXIT || rs1 == ZKRV_SYS_EXIT_GROUP;
    if (halts == e.has(CpuEvent::kWritesRd)) reject(e, "an ecall writes a0 exactly when it does not halt");
    alu = halts ? rs2 : e.rd.value;
    out.syscall = SyscallSend{e.clk, rs1, rs2, alu, halts ? 1u : 0u};
  }
  row[C::kAluLo] = Fp(alu & 0xffffu);
  row[C::kAluHi] = Fp(alu >> 16);
  row[C::kHalts] = halts ? Fp::one() : Fp::zero();

  const uint32_t cond = alu ^ f[kFieldBranchNegate];
  const bool taken = (f[kFieldIsBranchEq] || f[kFieldIsBranchLt]) && cond == 1;
  row[C::kTaken] = taken ? Fp::one() : Fp::zero();
  uint32_t next_pc = e.pc + 4;
  if (taken || f[kFieldIsJal]) next_pc = f[kFieldTarget];
  uint32_t loaded = 0;
  if (f[kFieldIsJalr]) {
    if ((alu >> 16) > 0x3FFF) reject(e, "jalr target at or above 2^30");
    row[C::kBit0] = Fp(alu & 1u);
    bytes.add_u16(0x3FFF - (alu >> 16));
    next_pc = alu & ~1u;
  }
  if (f[kFieldIsLoad] || f[kFieldIsStore]) {
    out.load_store.emplace();
    loaded = load_store(e, f, rs1, rs2, first_writable_word, *out.load_store);
    if (f[kFieldIsLoad]) {  // a load's value rides in alu (cpu_eval.h)
      row[C::kAluLo] = Fp(loaded & 0xffffu);
      row[C::kAluHi] = Fp(loaded >> 16);
    }
  } else if (e.has(CpuEvent::kMemoryRead) || e.has(CpuEvent::kMemoryWrite)) {
    reject(e, "a memory access without a load or store");
  }
  if (halts) next_pc = 0;
  if (!halts && next_pc != e.next_pc) reject(e, "next pc disagrees with the executor");
  row[C::kNextPc] = Fp(next_pc);

  const bool writes = f[kFieldWritesRd] || (f[kFieldIsEcall] && !halts);
  if (writes != e.has(CpuEvent::kWritesRd)) reject(e, "rd write disagrees with the decoded instruction");
  if (writes) {
    const uint32_t rd = f[kFieldIsConstRd] ? (f[kFieldAuxLo] | (f[kFieldAuxHi] << 16)) : f[kFieldIsLoad] ? loaded : alu;
    if (rd != e.rd.value) reject(e, "rd value disagrees with the executor");
    MemoryAccessCols<Fp>::populate(e.rd_access(), bytes).write(row, C::kRd);
  }
  // rd_lo, rd_hi: the expression cpu_eval.h states, on the row's own cells, where rd is written; 0 or
  // beq/bne's witness elsewhere.
  const auto cell = [&](size_t c) { return row[c]; };
  const Fp result_sel = cell(C::field(kFieldIsAlu)) + cell(C::field(kFieldIsEcall)) + cell(C::field(kFieldIsLoad)),
           const_sel = cell(C::field(kFieldIsConstRd));
  if (writes) {
    row[C::kRdLo] = result_sel * cell(C::kAluLo) + const_sel * cell(C::field(kFieldAuxLo));
    row[C::kRdHi] = result_sel * cell(C::kAluHi) + const_sel * cell(C::field(kFieldAuxHi));
  }
  if (f[kFieldIsBranchEq]) {
    // beq/bne write no register: rd_lo, rd_hi hold the honest witness of a difference, the low limb's
    // inverse if it differs, else the high one's (0, 0 when rs1 = rs2).
    const Fp d_lo = Fp(rs1 & 0xffffu) - Fp(rs2 & 0xffffu), d_hi = Fp(rs1 >> 16) - Fp(rs2 >> 16);
    row[C::kRdLo] = d_lo != Fp::zero() ? d_lo.inverse() : Fp::zero();
    row[C::kRdHi] = d_lo == Fp::zero() && d_hi != Fp::zero() ? d_hi.inverse() : Fp::zero();
  }
  // The rs1/rs2 diff_hi pair lookup (cpu_eval.h, eval_interactions), sent on every real row.
  using Access = MemoryAccessCols<Fp>;
  const std::span<const Fp> cells(row.data(), row.size());
  Access::record_diff_hi_pair(Access::read(cells, C::kRs1), Access::read(cells, C::kRs2), bytes);
  return out;
}

}  // namespace

uint32_t first_writable_word(const ProgramImage& image) {
  if (image.readonly_end <= image.readonly_begin) return ZKRV_MEM_START >> 2;
  return static_cast<uint32_t>((uint64_t{image.readonly_end} + 3) >> 2);
}

CpuTrace CpuChip::generate_trace(std::span<const CpuEvent> events, uint32_t first_writable, ByteLookups& bytes, size_t min_height) const {
  if (events.empty()) throw std::invalid_argument("CpuChip::generate_trace: no cycle");
  const size_t height = std::max<size_t>(min_height, std::bit_ceil(events.size()));
  CpuTrace out{RowMajorMatrix<Fp>(height, kWidth), {}, {}, {}, {}};
  std::vector<RowResult> results(events.size());
  tbb::parallel_for(tbb::blocked_range<size_t>(0, height, 1024), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      auto row = out.main.row(r);
      row[C::kClk] = Fp(static_cast<uint32_t>(r));
      if (r >= events.size()) continue;
      if (events[r].clk != r) reject(events[r], "events must be in cycle order from 0");
      results[r] = fill_row(events[r], row, first_writable, bytes);
    }
  });
  if (events.empty()) throw std::invalid_argument("CpuChip::generate_trace: a segment has at least one cycle");
  out.pcs.reserve(events.size());
  for (size_t r = 0; r < events.size(); ++r) {
    out.pcs.push_back(events[r].pc);
    if (results[r].alu) out.alu.push_back(*results[r].alu);
    if (results[r].syscall) out.syscalls.push_back(*results[r].syscall);
    if (results[r].load_store) out.load_store.push_back(*results[r].load_store);
  }
  return out;
}

}  // namespace zkrv::chips
