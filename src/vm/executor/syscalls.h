// The guest's system calls (DESIGN.md section 2, guest ABI; numbers in abi/syscalls.h).
#pragma once

#include <cstdint>
#include <vector>

#include "vm/executor/executor.h"
#include "vm/executor/guest_memory.h"

namespace zkrv {

// Everything an ecall may read or change besides the registers.
struct SyscallState {
  GuestMemory& memory;
  const ExecutorEnv& env;
  size_t input_position = 0;
  uint32_t initial_brk = 0;
  uint32_t brk = 0;
  std::vector<uint8_t> journal;
  bool halted = false;
  uint32_t exit_code = 0;
};

// Executes the ecall at `pc` with registers `x` (x[10..17] = a0..a7); writes the result to a0.
// Throws GuestFault for an unknown call or a buffer outside guest memory.
void handle_ecall(SyscallState& state, uint32_t* x, uint32_t pc);

}  // namespace zkrv
