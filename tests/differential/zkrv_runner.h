// Runs an ELF on zkrv's executor and captures the same observables the qemu runner does, turning
// GuestFault / CycleLimitReached / MalformedInput into data so a test can report them side by side.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace zkrv::test {

struct ZkrvRun {
  bool exited = false;             // the guest called exit; exit_code and cycles are valid
  uint32_t exit_code = 0;          // all 32 bits
  uint64_t cycles = 0;
  std::string error;               // what was thrown when !exited ("guest fault: ...")
  std::optional<uint32_t> fault_pc;  // for a GuestFault
  std::vector<uint8_t> stdout_bytes, stderr_bytes, journal;

  std::string describe() const;
};

ZkrvRun run_zkrv(std::span<const uint8_t> elf, std::span<const uint8_t> input, uint64_t max_cycles = 10'000'000);

}  // namespace zkrv::test
