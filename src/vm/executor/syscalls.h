// The guest's system calls (docs/architecture.md section 2, guest ABI; numbers in abi/syscalls.h).
#pragma once

#include <cstdint>
#include <vector>

#include "abi/memory_map.h"
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

// The buffers a read or write may name, as the syscall chip checks them (vm/chips/syscall): the
// start is a RAM address even for an empty buffer, the length is below 2^28 (the chip's range check)
// and every byte lies in RAM. A call with any other buffer is a guest fault, so that no proof can exist
// for it (Linux would return -EFAULT).
inline constexpr uint32_t kMaxSyscallBufferBytes = (uint32_t{1} << 28) - 1;
inline bool syscall_buffer_ok(uint32_t buf, uint32_t len) noexcept {
  return buf >= ZKRV_MEM_START && buf < ZKRV_MEM_END && len <= kMaxSyscallBufferBytes && len <= ZKRV_MEM_END - buf;
}
// A read's destination of the `len` bytes it delivers: also every byte writable (the I/O chip checks
// each word it writes against the first writable word; an empty read writes none).
inline bool read_buffer_ok(const GuestMemory& memory, uint32_t buf, uint32_t len) noexcept {
  return syscall_buffer_ok(buf, len) && (len == 0 || memory.writable(buf, len));
}

// Executes the ecall at `pc` with registers `x` (x[10..17] = a0..a7); writes the result to a0.
// Throws GuestFault for an unknown call or a buffer outside guest memory.
void handle_ecall(SyscallState& state, uint32_t* x, uint32_t pc);

}  // namespace zkrv
