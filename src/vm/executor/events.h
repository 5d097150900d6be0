// The events a traced run emits (vm/executor/tracing.h) for the machine's chips (vm/chips/README.md):
// plain uint32_t records that trace generation turns into rows without re-executing the program.
//
// MEMORY ARGUMENT (offline memory checking, Blum et al.; SP1's memory argument)
//
// One address space: register xi is address i (0..31); the RAM word holding byte address b is address
// b >> 2 (>= ZKRV_MEM_START >> 2 = 0x4000, below 2^28), so the two never collide. Every access works
// on a whole aligned word: lb/lh/lbu/lhu read their word, sb/sh read the old word and write the merged
// one (prev_value = old word, value = new word); the CPU chip extracts or merges the bytes.
//
// Timestamps: 0 is the initial image. Cycle c (0-based, one per executed instruction) uses
//   4c+1  the rs1 read          4c+3  the memory access of a load/store, and EVERY access of an ecall
//   4c+2  the rs2 read          4c+4  the rd write
// Each address is accessed at most once per timestamp (an ecall touches each word once, byte accesses
// merged per word, and its register reads a1/a2 are other addresses than its RAM words), so the
// timestamps of one address strictly increase. Each access carries the address's previous (value,
// timestamp); replaying all accesses of an address in timestamp order gives a chain that starts at
// (initial value, 0) and ends at the final (value, timestamp) of `MemoryBoundary`. Reads have
// value == prev_value. Writes to x0 are never recorded (x0 stays 0 for good), reads of x0 are.
// Timestamps fit 32 bits because a traced run is capped at kMaxTracedCycles.
//
// WHAT THE CPU CHIP PROVES INLINE AND WHAT IT DELEGATES (AluEvent, on the ALU bus)
//
// - Delegated: every RV32IM ALU instruction, register and immediate forms: add/addi -> add, sub,
//   xor/xori, or/ori, and/andi, sll/slli, srl/srli, sra/srai, slt/slti, sltu/sltiu, and all of the M
//   extension. b = rs1 value; c = rs2 value, or the sign-extended immediate (the shift amount for
//   slli/srli/srai) as uint32_t; a = the result. Emitted also when rd = x0 (a is then the discarded
//   result) so the CPU's send multiplicity depends only on the opcode.
// - blt/bge emit slt(rs1, rs2) and bltu/bgeu emit sltu(rs1, rs2): a = 1 iff rs1 < rs2, and the branch
//   is taken iff a = 1 (blt, bltu) or a = 0 (bge, bgeu): the less-than chip that slt/sltu need anyway
//   proves it, instead of a second comparator in every CPU row.
// - beq/bne emit nothing: the CPU compares the two 16-bit limbs of rs1 and rs2 inline (is-zero of each
//   limb difference), which costs no more columns than checking is-zero of a delegated sub result and
//   saves the ALU row and bus interaction.
// - Address and pc arithmetic is never an AluEvent here: load/store addresses rs1 + imm, jal/branch
//   targets pc + imm, jalr (rs1 + imm) & ~1, auipc pc + imm, lui, and pc + 4 for the link register.
//   (The CPU chip, vm/chips/cpu, does send an add on the ALU bus for load/store/jalr addresses; its
//   trace generation returns those operations itself, CpuTrace::alu, which the machine feeds to the
//   ALU chips instead of this list. Branch/jal targets, auipc, lui and links are program-table
//   constants there.)
//
// ECALL
//
// The CPU event of an ecall reads a7 (x17) in its rs1 slot (4c+1), a0 (x10) in its rs2 slot (4c+2),
// and writes the result to a0 in its rd slot (4c+4), except for exit/exit_group, which write nothing.
// The SyscallEvent lists the further accesses, all at timestamp 4c+3, in this order: for read(63) and
// write(64), whatever the fd, the reads of a1 (x11, the buffer) and a2 (x12, the count), then, only
// when bytes move between guest memory and the proof's public or private data, one access per RAM
// word in increasing address order: read on fd 0 writes the words holding the input bytes read (prev_value =
// old word, value = word with the input bytes merged in); write on fd 3 reads the words holding the
// journal bytes. Console writes (fd 1, 2) read no RAM: console output is not part of the claim. The
// byte range inside the words is [a1, a1 + n) with n = result for read, a2 for write. brk reads only
// a0 (in the CPU event); exit reads a0 and writes nothing.
//
// BOUNDARIES
//
// The events describe one piece of a run: cycles from 0, timestamps from 0, one initial and one final
// state. execute_traced (tracing.h) traces a whole run as one piece; execute_segmented cuts it into
// segments (at most 2^22 cycles each when proved, vm/machine/machine.h), each a piece of its own whose
// cycles and timestamps restart at 0 and whose initial state is where the previous segment ended.
// MemoryBoundary lists each address the piece TOUCHED once (increasing): its value at the start
// (`initial_value`), its final value and final timestamp. It does not list the syscall state words
// 32..35 (the syscall chip's trace generation replays them) nor untouched words, which keep their
// value: the machine commits the whole state as a Merkle tree and opens only the leaves of touched
// words (vm/machine/memory_tree.h, vm/chips/memory/memory_leaf_chip.h). `in_image` says whether the
// address is a register or a RAM word that overlaps an ELF segment (bss included) rather than RAM
// outside the image; in a piece that starts at the image (execute_traced, the first segment) the
// initial value is then the image's (sp = ZKRV_STACK_TOP, the other registers 0), else it is the zero of
// untouched RAM. The machine no longer uses `in_image` (tracing.h: TracedSegment).
#pragma once

#include <cstdint>

#include "abi/memory_map.h"
#include "vm/executor/alu_event.h"

namespace zkrv {

inline constexpr uint32_t kRegisterCount = 32;
inline constexpr uint32_t kFirstRamWordAddress = ZKRV_MEM_START >> 2;
static_assert(kFirstRamWordAddress >= kRegisterCount, "register and RAM addresses must not collide");

// The longest traced run: timestamp 4c+4 of the last cycle must fit 32 bits.
inline constexpr uint64_t kMaxTracedCycles = (uint64_t{1} << 30) - 1;

constexpr uint32_t ram_word_address(uint32_t byte_address) noexcept { return byte_address >> 2; }

// Slots of cycle c in the timestamp order.
enum class AccessSlot : uint32_t { rs1 = 1, rs2 = 2, memory = 3, rd = 4 };
constexpr uint32_t timestamp_of(uint32_t clk, AccessSlot slot) noexcept {
  return 4 * clk + static_cast<uint32_t>(slot);
}

// One access in full.
struct MemoryAccess {
  uint32_t addr = 0;  // register index or RAM word address (see above)
  uint32_t value = 0;
  uint32_t prev_value = 0;
  uint32_t timestamp = 0;
  uint32_t prev_timestamp = 0;
  friend bool operator==(const MemoryAccess&, const MemoryAccess&) = default;
};

// Compact forms inside CpuEvent: the address is in CpuEvent, the timestamp follows from clk.
struct ReadRecord {
  uint32_t value = 0;  // = the previous value
  uint32_t prev_timestamp = 0;
};
struct WriteRecord {
  uint32_t value = 0;
  uint32_t prev_value = 0;
  uint32_t prev_timestamp = 0;
};

inline constexpr uint32_t kNoAluEvent = UINT32_MAX;

// One executed instruction. 68 bytes.
struct CpuEvent {
  enum Flags : uint8_t {
    kReadsRs1 = 1,
    kReadsRs2 = 2,
    kWritesRd = 4,     // rd != x0 (or a0 for an ecall other than exit)
    kMemoryRead = 8,   // load: mem.value == mem.prev_value
    kMemoryWrite = 16, // store
    kEcall = 32,       // see ExecutionTrace::syscalls (same clk)
  };

  uint32_t clk = 0;          // cycle index from the start of the run
  uint32_t pc = 0;
  uint32_t next_pc = 0;
  uint32_t instruction = 0;  // the raw instruction word at pc
  ReadRecord rs1;            // valid with kReadsRs1
  ReadRecord rs2;            // valid with kReadsRs2
  WriteRecord rd;            // valid with kWritesRd
  uint32_t mem_addr = 0;     // RAM word address, valid with kMemoryRead or kMemoryWrite
  WriteRecord mem;
  uint32_t alu_index = kNoAluEvent;  // index into ExecutionTrace::alu of the operation delegated
  uint8_t rs1_index = 0, rs2_index = 0, rd_index = 0;  // architectural registers (ecall: 17, 10, 10)
  uint8_t flags = 0;

  bool has(Flags f) const noexcept { return (flags & f) != 0; }
  MemoryAccess rs1_access() const noexcept {
    return {rs1_index, rs1.value, rs1.value, timestamp_of(clk, AccessSlot::rs1), rs1.prev_timestamp};
  }
  MemoryAccess rs2_access() const noexcept {
    return {rs2_index, rs2.value, rs2.value, timestamp_of(clk, AccessSlot::rs2), rs2.prev_timestamp};
  }
  MemoryAccess rd_access() const noexcept {
    return {rd_index, rd.value, rd.prev_value, timestamp_of(clk, AccessSlot::rd), rd.prev_timestamp};
  }
  MemoryAccess memory_access() const noexcept {
    return {mem_addr, mem.value, mem.prev_value, timestamp_of(clk, AccessSlot::memory), mem.prev_timestamp};
  }
};
static_assert(sizeof(CpuEvent) == 68);

// One ecall; its CPU event is ExecutionTrace::cpu[clk].
struct SyscallEvent {
  uint32_t clk = 0;
  uint32_t number = 0;                 // a7
  uint32_t arg0 = 0, arg1 = 0, arg2 = 0;  // a0..a2 at the call
  uint32_t result = 0;                 // a0 after the call (unchanged for exit)
  uint32_t access_begin = 0;           // its accesses: ExecutionTrace::syscall_accesses[begin, begin + count)
  uint32_t access_count = 0;
};

// One touched address (register or RAM word) at the boundaries of the run.
struct MemoryBoundary {
  uint32_t addr = 0;
  uint32_t initial_value = 0;    // at timestamp 0: initial register (sp set), ELF image word, or 0
  uint32_t final_value = 0;
  uint32_t final_timestamp = 0;  // of the last access
  uint32_t in_image = 0;         // 1: a register or a word overlapping an ELF segment (bss included);
                                 // 0: zero-initialised RAM outside the image
  friend bool operator==(const MemoryBoundary&, const MemoryBoundary&) = default;
};

}  // namespace zkrv
