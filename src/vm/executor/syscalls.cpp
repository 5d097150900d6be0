#include "vm/executor/syscalls.h"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "abi/memory_map.h"
#include "abi/syscalls.h"

namespace zkrv {
namespace {

constexpr unsigned kA0 = 10, kA1 = 11, kA2 = 12, kA7 = 17;

[[noreturn]] void fault(uint32_t pc, const std::string& what) {
  throw GuestFault(fmt::format("guest fault at pc 0x{:08x} (ecall): {}", pc, what), pc);
}

uint32_t negative_errno(int e) { return static_cast<uint32_t>(-e); }

void emit_console(const ExecutorEnv& env, int fd, std::span<const uint8_t> bytes) {
  if (env.console) {
    env.console(fd, bytes);
    return;
  }
  std::FILE* out = fd == ZKRV_FD_STDOUT ? stdout : stderr;
  std::fwrite(bytes.data(), 1, bytes.size(), out);
}

// read(fd, buf, count): only fd 0, the private input. Bytes land in guest memory, so the buffer must
// be writable; a bad buffer is a fault rather than Linux's -EFAULT, so that no proof can exist for it.
void sys_read(SyscallState& s, uint32_t* x, uint32_t pc) {
  const uint32_t fd = x[kA0], buf = x[kA1], count = x[kA2];
  if (fd != ZKRV_FD_INPUT) {
    x[kA0] = negative_errno(ZKRV_EBADF);
    return;
  }
  const size_t left = s.env.input.size() - s.input_position;
  const uint32_t n = static_cast<uint32_t>(std::min<size_t>(count, left));
  if (!read_buffer_ok(s.memory, buf, n)) {
    fault(pc, fmt::format("read into [0x{:08x}, +{}) which is not writable guest memory (writable memory is "
                          "[0x{:08x}, 0x{:08x}))",
                          buf, n, s.memory.writable_begin(), ZKRV_MEM_END));
  }
  std::copy_n(s.env.input.data() + s.input_position, n, s.memory.host(buf));
  s.input_position += n;
  x[kA0] = n;
}

void sys_write(SyscallState& s, uint32_t* x, uint32_t pc) {
  const uint32_t fd = x[kA0], buf = x[kA1], count = x[kA2];
  if (fd != ZKRV_FD_STDOUT && fd != ZKRV_FD_STDERR && fd != ZKRV_FD_JOURNAL) {
    x[kA0] = negative_errno(ZKRV_EBADF);
    return;
  }
  if (!syscall_buffer_ok(buf, count)) {
    fault(pc, fmt::format("write from [0x{:08x}, +{}) which is outside guest memory (or longer than {} bytes)", buf,
                          count, kMaxSyscallBufferBytes));
  }
  const std::span<const uint8_t> bytes(s.memory.host(buf), count);
  if (fd == ZKRV_FD_JOURNAL) {
    s.journal.insert(s.journal.end(), bytes.begin(), bytes.end());
  } else {
    emit_console(s.env, static_cast<int>(fd), bytes);
  }
  x[kA0] = count;
}

// brk(addr), Linux semantics: a request inside [initial break, heap limit] moves the break and
// returns it; any other request (brk(0) included) leaves it and returns the current break.
void sys_brk(SyscallState& s, uint32_t* x) {
  const uint32_t want = x[kA0];
  if (want >= s.initial_brk && want <= ZKRV_HEAP_LIMIT) s.brk = want;
  x[kA0] = s.brk;
}

}  // namespace

void handle_ecall(SyscallState& s, uint32_t* x, uint32_t pc) {
  switch (x[kA7]) {
    case ZKRV_SYS_READ: sys_read(s, x, pc); return;
    case ZKRV_SYS_WRITE: sys_write(s, x, pc); return;
    case ZKRV_SYS_EXIT:
    case ZKRV_SYS_EXIT_GROUP:
      s.halted = true;
      s.exit_code = x[kA0];
      return;
    case ZKRV_SYS_BRK: sys_brk(s, x); return;
    default:
      fault(pc, fmt::format("unknown syscall number {} (a7 = 0x{:x})", x[kA7], x[kA7]));
  }
}

}  // namespace zkrv
