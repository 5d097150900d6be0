// Builds small static RV32 ELF executables in memory, for tests of the loader and executor.
#pragma once

#include <cstdint>
#include <vector>

namespace zkrv::test {

inline constexpr uint32_t kPfX = 1, kPfW = 2, kPfR = 4;

struct ElfSegmentSpec {
  uint32_t vaddr = 0;
  std::vector<uint8_t> data;  // file bytes
  uint32_t mem_size = 0;      // 0: data.size()
  uint32_t flags = kPfR;
  uint32_t type = 1;          // PT_LOAD
};

struct ElfSpec {
  uint32_t entry = 0;
  std::vector<ElfSegmentSpec> segments;
  uint16_t machine = 243;  // EM_RISCV
  uint16_t type = 2;       // ET_EXEC
  uint32_t flags = 0;      // e_flags
};

std::vector<uint8_t> build_elf(const ElfSpec& spec);

// Little-endian bytes of instruction words.
std::vector<uint8_t> words_to_bytes(const std::vector<uint32_t>& words);

}  // namespace zkrv::test
