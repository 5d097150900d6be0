// The initial machine state described by a guest ELF: loaded segments, entry point and the ranges
// the executor (and later the circuit) treat specially. Produced by load_elf, which validates it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "abi/memory_map.h"

namespace zkrv {

struct Segment {
  uint32_t vaddr = 0;          // first byte address
  uint32_t mem_size = 0;       // bytes occupied in memory; bytes past data.size() are zero
  std::vector<uint8_t> data;   // initialised bytes from the file (data.size() <= mem_size)
  bool executable = false;
  bool writable = false;

  uint32_t end() const noexcept { return vaddr + mem_size; }
};

struct ProgramImage {
  uint32_t entry = 0;
  std::vector<Segment> segments;  // sorted by vaddr, non-overlapping, inside [ZKRV_MEM_START, ZKRV_MEM_END)
  // Hull of the non-writable segments; stores go only to [first_writable_address(), ZKRV_MEM_END).
  uint32_t readonly_begin = 0, readonly_end = 0;
  // Hull of the executable segments, the code range: an instruction may be fetched from any word in here
  // (read-only data between executable segments included; the circuit reads code from memory), never
  // outside.
  uint32_t code_begin = 0, code_end = 0;
  // Initial program break: the end of the highest segment, rounded up to a page.
  uint32_t initial_brk = 0;
};

// The lowest address a store (or a read from the input) may write: the end of the read-only hull
// rounded up to a whole word. The circuit compares a store's word address with the first writable
// word (vm/chips/cpu: first_writable_word), so a store may touch no byte of a word that holds a
// read-only byte, nor anything below the hull; the loader refuses writable segments below this.
inline uint32_t first_writable_address(const ProgramImage& image) noexcept {
  if (image.readonly_end <= image.readonly_begin) return ZKRV_MEM_START;
  return (image.readonly_end + 3u) & ~3u;  // readonly_end < ZKRV_MEM_END: no overflow
}

// Parses and validates a static RV32 ELF executable. Throws MalformedInput with a precise message
// (which field, which segment, what is wrong) on anything it cannot run.
ProgramImage load_elf(std::span<const uint8_t> bytes);
ProgramImage load_elf_file(const std::string& path);

}  // namespace zkrv
