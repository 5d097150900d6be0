// Runs a RISC-V ELF under qemu-riscv32 (user mode), the reference emulator for differential tests
// (docs/architecture.md section 5), the way a user would:
//   qemu-riscv32 -cpu rv32,c=false,a=false,f=false,d=false prog.elf <input 3>journal
// and captures stdout, stderr, the journal (fd 3) and the exit status, with a timeout. Temp files live
// in a private directory owned by the runner and removed with it. Not thread-safe: one runner per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "support/temp_files.h"

namespace zkrv::test {

// The -cpu value that makes qemu reject the extensions zkrv rejects (C, A, F, D).
inline constexpr const char* kQemuRiscv32Cpu = "rv32,c=false,a=false,f=false,d=false";

struct QemuRun {
  bool exited = false;      // qemu exited normally; exit_status is valid
  int exit_status = -1;     // the guest's exit code & 0xff
  int term_signal = 0;      // the signal that ended qemu when !exited (SIGILL, SIGSEGV, ...)
  bool timed_out = false;   // killed by the runner after the timeout
  std::vector<uint8_t> stdout_bytes, stderr_bytes, journal;

  // "exit 42" / "killed by signal 4 (Illegal instruction)" / "timed out after ..."; for messages.
  std::string describe() const;
};

// The qemu-riscv32 to use: $ZKRV_QEMU if set, else the first qemu-riscv32 in $PATH. Empty if none.
std::string find_qemu_riscv32();

class QemuRunner {
 public:
  // Throws std::runtime_error naming what is missing when qemu-riscv32 cannot be found.
  explicit QemuRunner(std::chrono::milliseconds timeout = std::chrono::seconds(60));

  // Runs an ELF file; `input` is what the guest reads from fd 0. The file must be executable:
  // qemu-user refuses others (exit status 1, no message).
  QemuRun run_file(const std::filesystem::path& elf, std::span<const uint8_t> input);
  // Writes `elf` to an executable temp file first.
  QemuRun run_bytes(std::span<const uint8_t> elf, std::span<const uint8_t> input);

  const std::string& qemu_path() const { return qemu_; }
  const std::filesystem::path& work_dir() const { return dir_.path(); }

 private:
  std::string qemu_;
  std::chrono::milliseconds timeout_;
  TempDir dir_;
};

}  // namespace zkrv::test
