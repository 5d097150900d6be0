// The RV32IM executor. `execute` runs a program in fast mode (pre-decoded instructions, no events).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "base/error.h"
#include "vm/isa/program_image.h"

namespace zkrv {

// Receives guest console output: fd is 1 (stdout) or 2 (stderr).
using ConsoleSink = std::function<void(int fd, std::span<const uint8_t> bytes)>;

struct ExecutorEnv {
  std::vector<uint8_t> input;               // private input, read through fd 0
  uint64_t max_cycles = uint64_t{1} << 32;  // the run fails with CycleLimit when reached without exit
  ConsoleSink console;                      // empty: write to the host's stdout/stderr
};

struct ExecutionResult {
  uint32_t exit_code = 0;  // all 32 bits of a0 at exit
  uint64_t cycles = 0;     // instructions executed, the exiting ecall included
  std::vector<uint8_t> journal;
  std::array<uint32_t, 32> registers{};  // x0..x31 at exit
};

// A guest fault: illegal instruction, misaligned or unmapped access, store into code, fetch outside
// code, unknown syscall. The message names the pc and the instruction.
class GuestFault : public Error {
 public:
  GuestFault(const std::string& message, uint32_t pc) : Error(ErrorCategory::guest_fault, message), pc_(pc) {}
  uint32_t pc() const noexcept { return pc_; }

 private:
  uint32_t pc_;
};

class CycleLimitReached : public Error {
 public:
  explicit CycleLimitReached(const std::string& message) : Error(ErrorCategory::cycle_limit, message) {}
};

ExecutionResult execute(const ProgramImage& image, const ExecutorEnv& env);

}  // namespace zkrv
