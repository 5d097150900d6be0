// Running a guest without proving it: what `zkrv run` does. Fast (tens to hundreds of millions of
// cycles per second), for development and for sizing a run before proving it.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "zkrv/export.h"
#include "zkrv/program.h"

namespace zkrv::host {

// Receives the guest's console output as it is written: fd 1 (stdout) or 2 (stderr).
using ConsoleCallback = std::function<void(int fd, std::span<const uint8_t> bytes)>;

struct ExecuteOptions {
  std::vector<uint8_t> input;               // the private input, read by the guest through fd 0
  uint64_t max_cycles = uint64_t{1} << 32;  // Error(cycle_limit) when reached before the guest exits
  ConsoleCallback console;                  // empty: the console output is discarded
};

struct ExecuteResult {
  uint32_t exit_code = 0;  // all 32 bits of a0 at exit
  uint64_t cycles = 0;     // instructions executed (one cycle each), the exiting ecall included
  std::vector<uint8_t> journal;
};

// Throws Error(guest_fault) or Error(cycle_limit); the message names the pc and instruction.
ZKRV_API ExecuteResult execute(const Program& program, const ExecuteOptions& options = {});

}  // namespace zkrv::host
