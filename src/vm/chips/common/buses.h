// The buses of the RV32IM machine and the tuple layout on each (vm/chips/README.md explains the
// conventions). Bus ids and op codes are part of the circuit: never renumber them. Every bus carries
// tuples of one fixed arity (the STARK refuses a machine that mixes arities on one bus).
#pragma once

#include <cstddef>
#include <cstdint>

#include "air/interaction.h"

namespace zkrv::chips {

// (op, x, y, z), arity 4. Received only by the byte chip (vm/chips/byte), whose preprocessed table
// holds every row for x, y in [0, 256):
//   (u16,     x + 256 y, 0, 0)       x + 256 y is in [0, 2^16)
//   (u8_pair, x, y, 0)               x and y are bytes
//   (and_,    x, y, x & y)
//   (or_,     x, y, x | y)
//   (xor_,    x, y, x ^ y)
//   (msb,     x, x >> 7, 0)          the top bit of the byte x (listed on every y row; any row will do)
//   (16 + y, x, (x << y) & 0xff, (x << y) >> 8)   the two bytes of x << y for y <= 8 (y > 8 as y = 8),
//                                   what a barrel shifter needs per byte (vm/chips/shift): the shift
//                                   amount sits in the op position, so one lookup returns both bytes.
//                                   The table lists it on row x + 256 y for every y, so a tuple's first
//                                   entry is always one of 0..5 or 16..271.
inline constexpr Bus kByteBus{10, "byte"};
inline constexpr size_t kByteBusArity = 4;

// The ops, which also index the byte chip's multiplicity columns. Every op but shl is its own tuple's
// first entry; shl's tuples start with kShlOpBase + y.
enum class ByteOp : uint8_t { u16 = 0, u8_pair = 1, and_ = 2, or_ = 3, xor_ = 4, msb = 5, shl = 6 };
inline constexpr unsigned kByteOpCount = 7;
inline constexpr uint32_t kShlOpBase = 16;

// The two bytes of x << min(y, 8) for bytes x, y (the byte table's shl and shl_carry columns).
constexpr uint32_t byte_shl(uint32_t x, uint32_t y) noexcept { return (x << (y < 8 ? y : 8)) & 0xffu; }
constexpr uint32_t byte_shl_carry(uint32_t x, uint32_t y) noexcept { return (x << (y < 8 ? y : 8)) >> 8; }

// (op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi), arity 7: the claim a = op(b, c) for op an AluOp
// (vm/executor/alu_event.h), 32-bit words as two 16-bit limbs (lo = bits 0..15, hi = bits 16..31).
// Senders guarantee that b and c are canonical limbs (each in [0, 2^16)); the receiving ALU chip
// range-checks a and proves it correct. Senders: the CPU and the syscall chip (its sltu comparisons); no
// ALU chip delegates (shift is a barrel shifter on the byte table, divrem proves its products and its
// comparison inline). Receivers: the ALU chips, one row per operation, multiplicity = a boolean is_real.
inline constexpr Bus kAluBus{11, "alu"};
inline constexpr size_t kAluBusArity = 7;

// (addr, value_lo, value_hi, timestamp), arity 4: offline memory checking (Blum et al.; SP1's memory
// argument) over ONE address space: registers x0..x31 at addresses 0..31, the syscall state words at
// 32..35, RAM as word addresses (byte address >> 2, >= 0x4000 since RAM starts at 0x10000,
// abi/memory_map.h). One argument per segment, timestamps from 0 in each. Every access receives the
// previous (value, timestamp) of its address and sends the new one with a strictly larger timestamp;
// the memory leaf chip (memory/memory_leaf_chip.h) sends every word of each leaf the segment touches at
// timestamp 0 with its committed value before the segment, and receives its final (value, timestamp)
// exactly once (vm/chips/README.md, "Memory" and "Memory across segments").
inline constexpr Bus kMemoryBus{13, "memory"};
inline constexpr size_t kMemoryBusArity = 4;

// (pc, decoded fields...): the CPU's fetch, answered by the decode chip (vm/chips/program/
// instruction_decode_chip.h), which proves each row from the instruction word in memory.
inline constexpr Bus kProgramBus{12, "program"};
// (clk, a7_lo, a7_hi, a0_lo, a0_hi, result_lo, result_hi, halts), arity 8: one ecall of the CPU, received
// by the syscall chip (vm/chips/syscall).
inline constexpr Bus kSyscallBus{14, "syscall"};
// (index, byte), arity 2: journal byte `index` (0-based over the whole run). Sent by the syscall I/O chip
// for every byte a guest writes to fd 3; received by the statement (a public interaction per byte).
inline constexpr Bus kJournalBus{15, "journal"};
// (exit_code_lo, exit_code_hi), arity 2: sent by the syscall chip's exit row; received once by the
// statement, so exactly one exit happens and its code is the claimed one.
inline constexpr Bus kHaltBus{16, "halt"};
// (clk, is_journal, byte_address, remaining, journal_index), arity 5: the buffer of one read (fd 0) or
// journal write, handed from the syscall chip to the I/O chip a word at a time (vm/chips/syscall).
inline constexpr Bus kSyscallIoBus{17, "syscall_io"};

// (input[0..16], output[0..16]), arity 32: one width-16 Poseidon2 permutation output = Perm(input)
// (hash/poseidon2.h), answered by the Poseidon2 permutation chip (vm/chips/poseidon2), which proves every
// row it lists; consumers (the memory Merkle tree, later recursion and guest hashing) send the pairs
// they need. A 2-to-1 compression (hash/compress.h) is such a pair with output[0..8] the digest.
inline constexpr Bus kPoseidon2Bus{18, "poseidon2"};
inline constexpr size_t kPoseidon2BusArity = 32;
// (node, old_digest[0..8], new_digest[0..8]), arity 17: one node of the memory Merkle tree
// (vm/chips/memory/memory_tree_shape.h) before and after a segment, sent by the row that computes it
// (memory_leaf_chip.h, memory_node_chip.h) and received by its parent's row; the statement receives the
// root (node 1) with the segment's pre- and post-state roots.
inline constexpr Bus kMerkleBus{19, "merkle"};
inline constexpr size_t kMerkleBusArity = 17;
// (opcode, funct3, funct7_key, uses_funct7, format and rd/aux selectors, alu_op, flags), arity 31
// (vm/chips/program/instruction_class.h): one RV32IM instruction class, answered by the preprocessed
// instruction class table (vm/chips/program/instruction_class_chip.h); sent by the decode chip for every
// instruction it decodes.
inline constexpr Bus kInstructionClassBus{20, "instruction_class"};
// (clk, op, word_addr, bit0, bit1, data_lo, data_hi), arity 7: one load or store of the CPU, received by
// the load-store chip (vm/chips/cpu/load_store_chip.h), which does the memory access at 4 clk + 3.
// op = is_store + 2 mem_byte + 4 mem_half + 8 mem_signed; data is a store's rs2 or the value a load
// delivers to rd.
inline constexpr Bus kLoadStoreBus{21, "load_store"};
inline constexpr size_t kLoadStoreBusArity = 7;

}  // namespace zkrv::chips
