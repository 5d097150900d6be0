// Deterministic random RV32IM programs for differential testing (zkrv executor vs qemu-riscv32).
//
// A program is a prologue that sets all 31 registers (lui+addi, values weighted toward edge cases),
// a body of random blocks (ALU, M-extension with edge operands, aligned loads/stores into a scratch
// buffer, forward branches, jal/jalr (also to far "islands" after the epilogue), bounded loops, fence,
// read/write syscalls), and an epilogue that
// stores x1..x31 to a dump area, writes the dump to the journal (fd 3), the scratch buffer to fd 1 and
// a few dump bytes to fd 2, then exits with a random code. Everything observable is deterministic on
// any correct RV32IM machine that follows the zkrv/Linux syscall ABI; all memory accesses are aligned
// and every loop is bounded.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "support/rv_encoder.h"

namespace zkrv::test {

inline constexpr uint32_t kGenTextBase = 0x10000;   // R+X segment
inline constexpr uint32_t kGenDataBase = 0x20000;   // R+W segment, its own page
inline constexpr uint32_t kGenScratchSize = 256;    // scratch buffer at kGenDataBase
inline constexpr uint32_t kGenDumpOffset = 256;     // x1..x31 stored here by the epilogue
inline constexpr uint32_t kGenDumpSize = 31 * 4;    // bytes written to the journal
inline constexpr uint32_t kGenDataMemSize = 0x1000;

struct GeneratorOptions {
  uint32_t min_blocks = 30;
  uint32_t max_blocks = 60;
  // Emit only the first `block_limit` body blocks (same seed, same prologue and epilogue): used to
  // bisect a mismatch down to the first block after which the machines disagree.
  uint32_t block_limit = UINT32_MAX;
};

struct GeneratedBlock {
  size_t begin = 0, end = 0;  // instruction indices [begin, end) in GeneratedProgram::code
  const char* kind = "";
};

struct GeneratedProgram {
  uint64_t seed = 0;
  std::vector<rv::Insn> code;          // the text segment, code[i] at kGenTextBase + 4 * i
  std::vector<GeneratedBlock> blocks;  // the body blocks emitted (prologue and epilogue excluded)
  uint32_t total_blocks = 0;           // body blocks of the untruncated program
  size_t body_begin = 0, body_end = 0; // instruction indices of the body
  // After the epilogue: never-executed padding, then the islands that far-jal blocks jump to.
  size_t padding_begin = 0, padding_end = 0;
  std::vector<uint8_t> elf;
  std::vector<uint8_t> input;          // bytes for fd 0
  uint32_t exit_code = 0;              // all 32 bits passed to exit
  uint32_t stderr_bytes = 0;           // dump bytes the epilogue writes to fd 2
  // Console and journal sizes on a correct machine (mid-program writes included).
  uint32_t expected_stdout = 0, expected_stderr = 0, expected_journal = 0;
  unsigned base_reg = 0, counter_reg = 0;
  std::array<uint32_t, rv::kOpCount> op_counts{};  // static count of each opcode in `code`

  static uint32_t pc_of(size_t index) { return kGenTextBase + 4 * static_cast<uint32_t>(index); }
  std::optional<size_t> index_of(uint32_t pc) const;
  // One line per instruction: "  0x00010040 [16] addi x5, x6, -1".
  std::string listing(size_t begin, size_t end) const;
  // "block #3 (loop)" for the block holding instruction `index`, or "prologue" / "epilogue".
  std::string where(size_t index) const;
};

GeneratedProgram generate_program(uint64_t seed, const GeneratorOptions& options = {});

// x1..x31 from the register dump the epilogue appends to the journal (its last kGenDumpSize bytes);
// empty if the journal is shorter.
std::vector<uint32_t> parse_register_dump(const std::vector<uint8_t>& journal);

}  // namespace zkrv::test
