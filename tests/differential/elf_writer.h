// A minimal ELF32 writer for tests: a static little-endian RV32 executable (ET_EXEC, EM_RISCV) with
// one PT_LOAD per segment and no section headers. Enough for qemu-riscv32 and zkrv::load_elf.
#pragma once

#include <cstdint>
#include <vector>

namespace zkrv::test {

struct ElfSegment {
  uint32_t vaddr = 0;         // must be page (4 KiB) aligned
  std::vector<uint8_t> data;  // file-backed bytes
  uint32_t mem_size = 0;      // >= data.size(); the rest is zero-filled; 0 means data.size()
  bool writable = false;
  bool executable = false;
};

// Segments must not overlap. Throws std::invalid_argument on unaligned or overlapping segments.
std::vector<uint8_t> write_elf32(uint32_t entry, const std::vector<ElfSegment>& segments);

}  // namespace zkrv::test
