// The program-dependent part of the RV32IM machine's statement: its initial memory, which the first
// segment's pre-state root commits to (vm/machine/memory_tree.h), and its shape (entry pc, first writable
// word, code range; machine.h). The image ID (host/image_id.h) hashes both, so a different code or data
// byte, entry point, initial register or initial break gives a different ID.
//
// The machine's preprocessed tables do not depend on the program: the instruction class table
// (vm/chips/program/instruction_class_chip.h) and the byte table, in machine order (the order fixes the
// Merkle tree and so the root). The program's instructions are proved from the code in memory by the
// decode chip (vm/chips/program/instruction_decode_chip.h).
#pragma once

#include <array>
#include <string_view>
#include <cstdint>
#include <vector>

#include "fri/config.h"
#include "hash/digest.h"
#include "stark/chip.h"
#include "vm/chips/memory/memory_image_chip.h"
#include "vm/isa/program_image.h"

namespace zkrv {

// Reserved words of the syscall chip's state (vm/chips/README.md, "Syscalls"), just above the registers.
inline constexpr uint32_t kBrkWord = 32;              // current break
inline constexpr uint32_t kJournalLengthWord = 33;    // journal bytes written so far
inline constexpr uint32_t kInitialBrkWord = 34;       // the initial break (constant)
inline constexpr uint32_t kInputEndedWord = 35;       // 1 once a read of the input came back short

using InitialRegisters = std::array<uint32_t, chips::kNumRegisters>;

// The initial machine state of one program: the loaded ELF and the registers the VM starts with.
struct MachineImage {
  ProgramImage program;
  InitialRegisters registers = chips::default_initial_registers();

  // The syscall chip's state words at the start: break = initial break, journal length 0, input not ended.
  std::vector<chips::InitialWord> reserved_words() const;
};

// The machine's preprocessed chips, in machine order.
// The height every table of a proof under `config` has at least: 8, or the configuration's minimum
// committed height (a zero-knowledge configuration's, fri/config.h).
size_t min_trace_height(const FriConfig& config);

// The machine's preprocessed tables, with every table at least min_height tall.
std::vector<Chip> preprocessed_chips(size_t min_height = 8);

// The root of their commitment under `config` (what the verifying key holds): the same for every
// program. For a named configuration (fri/config.h) the known constant below, so a verifier does not
// commit a 2^16-row table per run; otherwise computed once per configuration and process (thread-safe).
Digest preprocessed_root(const FriConfig& config);

// The roots of the named configurations, constants of the machine (nullptr for another name). The
// known-answer test preprocessed_root_test.cpp recomputes each from the tables.
const Digest* known_preprocessed_root(std::string_view config_name);

}  // namespace zkrv
