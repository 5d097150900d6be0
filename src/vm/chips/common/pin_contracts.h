// What each bus of the machine guarantees about the values the OTHER side puts in its tuples: the bus
// contracts of the integer-pin check (air/integer_pins.h). A column that sits EXACTLY (coefficient 1,
// nothing added) at a listed position of an interaction of the listed kind is pinned as a canonical
// integer on the rows where the multiplicity is nonzero, because the multiset equality of the bus
// matches it with a tuple whose value there the other side pins. The reasons restate buses.h and the
// chips' headers; a new bus or tuple layout must be added here, with its reason.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>

#include "air/integer_pins.h"
#include "air/interaction.h"
#include "vm/chips/common/buses.h"

namespace zkrv::chips {

constexpr uint32_t positions_mask(std::initializer_list<unsigned> positions) {
  uint32_t mask = 0;
  for (unsigned p : positions) mask |= uint32_t{1} << p;
  return mask;
}

inline constexpr std::array<BusPinContract, 11> kBusPinContracts = {
    // Byte bus (op, x, y, z): only the byte chip receives, from a preprocessed table whose rows hold, for
    // every op, x, y, z below 2^16 (u16: x + 256 y < 2^16 and 0, 0; the others bytes, a bit or 0). So a
    // send pins positions 1-3 whatever the op, but only a column standing there alone: u16(4 k) pins 4 k,
    // not k.
    BusPinContract{kByteBus.id, InteractionKind::send, positions_mask({1, 2, 3}),
                   "the byte table's rows hold x, y, z < 2^16 for every op (byte_chip.h)"},
    // Program bus: only the decode chip receives; every position of its tuple is a pinned integer of
    // its row (pc = pc_lo + 2^16 pc_hi and target likewise from range-checked limbs, the outputs as
    // polynomials with integer coefficients of bit fields and class-table values, the flags from the
    // class table; program/instruction_decode_chip.h, "Soundness").
    BusPinContract{kProgramBus.id, InteractionKind::send, ~uint32_t{0},
                   "answered by the decode chip, whose tuple entries are all pinned (instruction_decode_chip.h)"},
    // Instruction class bus: only the preprocessed class table receives (small canonical integers,
    // program/instruction_class.h).
    BusPinContract{kInstructionClassBus.id, InteractionKind::send, ~uint32_t{0},
                   "answered by the preprocessed instruction class table (instruction_class.h)"},
    // ALU bus (op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi): senders guarantee canonical b and c limbs; each
    // receiving ALU chip pins op to its own ops and range-checks (or derives as a bit) the result a.
    BusPinContract{kAluBus.id, InteractionKind::receive, positions_mask({3, 4, 5, 6}),
                   "senders guarantee canonical b and c limbs (buses.h)"},
    BusPinContract{kAluBus.id, InteractionKind::send, positions_mask({0, 1, 2}),
                   "the receiving ALU chip pins its op and range-checks the result a (buses.h)"},
    // Memory bus (addr, value_lo, value_hi, ts): every sender sends canonical value limbs and an integer
    // timestamp of at most 2^25: the memory leaf chip's inits (old limbs, each a u16 lookup of the column
    // itself, at timestamp 0; memory/memory_leaf_chip.h) and accesses (the caller's canonical value and
    // 4 clk + slot, or the decode chip's instruction read at 2^25; memory/access.h, "Soundness"). (The memory image and boundary chips, which only tests
    // use since continuations, send the preprocessed image and zero-init rows (0, 0, 0).)
    BusPinContract{kMemoryBus.id, InteractionKind::receive, positions_mask({1, 2, 3}),
                   "every sender sends canonical limbs and a timestamp of at most 2^25 (memory/access.h)"},
    // Syscall bus (clk, a7_lo, a7_hi, a0_lo, a0_hi, result_lo, result_hi, halts): the CPU sends its clk
    // (the row index) and a7, a0 as read through the memory argument; the syscall chip, receiving,
    // pins halts (its exit flag) and range-checks the result limbs it produces (cpu_chip.h, "Tuples").
    BusPinContract{kSyscallBus.id, InteractionKind::receive, positions_mask({0, 1, 2, 3, 4}),
                   "the CPU sends clk and the a7, a0 it read through the memory argument (cpu_chip.h)"},
    BusPinContract{kSyscallBus.id, InteractionKind::send, positions_mask({5, 6, 7}),
                   "the syscall chip pins halts and range-checks the result limbs (cpu_chip.h, \"Tuples\")"},
    // Load-store bus (clk, op, sum_lo, sum_hi, data_lo, data_hi): the CPU sends its clk (the row index),
    // op from its decoded flags and rs1_lo + imm_lo, rs1_hi + imm_hi (sums of canonical limbs, integers
    // below 2^17; cpu_chip.h). The data limbs are no contract: a store's are rs2's, a load's the
    // load-store chip's, and each side writes its own derivation (load_store_chip.h d_lo, d_hi;
    // cpu_chip.h alu_lo, alu_hi on load rows).
    BusPinContract{kLoadStoreBus.id, InteractionKind::receive, positions_mask({0, 1, 2, 3}),
                   "the CPU sends its clk, op and the limb sums rs1 + imm (cpu_chip.h)"},
    // Journal bus (index, byte) and halt bus (exit_code_lo, exit_code_hi): received only by the
    // statement, whose tuples are (journal_begin + i, journal[i]) with journal[i] a byte and the exit
    // code's two u16 limbs (machine_traces.h, statement_interactions; verify_segment rejects journal
    // indices at or above 2^30, so the index is an integer too).
    BusPinContract{kJournalBus.id, InteractionKind::send, positions_mask({0, 1}),
                   "received only by the statement: (i, journal byte i)"},
    BusPinContract{kHaltBus.id, InteractionKind::send, positions_mask({0, 1}),
                   "received only by the statement: the exit code's u16 limbs"},
    // No contract for the Poseidon2 bus (18) and the Merkle bus (19): their tuples hold digests and
    // permutation states, field elements that no column relies on for an integer pin (the memory node
    // and leaf chips pin their node and leaf indices with their own u16 lookups).
};

}  // namespace zkrv::chips
