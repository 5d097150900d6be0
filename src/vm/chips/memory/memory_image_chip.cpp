#include "vm/chips/memory/memory_image_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

#include "abi/memory_map.h"

namespace zkrv::chips {

std::array<uint32_t, kNumRegisters> default_initial_registers() {
  std::array<uint32_t, kNumRegisters> x{};
  x[2] = ZKRV_STACK_TOP;  // sp (RISC-V calling convention: x2)
  return x;
}

std::vector<InitialWord> initial_memory(const ProgramImage& image, std::span<const uint32_t, kNumRegisters> registers,
                                        std::span<const InitialWord> reserved) {
  constexpr uint32_t kFirstRamWord = ZKRV_MEM_START >> 2;
  std::vector<InitialWord> words;
  size_t ram_words = 0;
  for (const Segment& s : image.segments)
    if (s.mem_size > 0) ram_words += ((uint64_t{s.end()} + 3) >> 2) - (s.vaddr >> 2);
  words.reserve(kNumRegisters + reserved.size() + ram_words);
  for (uint32_t i = 0; i < kNumRegisters; ++i) words.push_back({i, registers[i]});
  for (const InitialWord& w : reserved) {
    if (w.addr < kNumRegisters || w.addr >= kFirstRamWord || w.addr <= words.back().addr)
      throw std::invalid_argument("initial_memory: reserved words must be increasing, in [32, 0x4000)");
    words.push_back(w);
  }
  // Each byte of a segment lands in its word; a word shared by two adjacent segments (unaligned
  // non-executable segments are allowed by the loader) gets one row holding both parts, since the
  // executor's memory has one word there.
  for (const Segment& s : image.segments) {
    if (s.mem_size == 0) continue;
    if (s.vaddr < ZKRV_MEM_START || uint64_t{s.end()} > ZKRV_MEM_END)
      throw std::invalid_argument("initial_memory: segment outside guest memory");
    const uint32_t first = s.vaddr >> 2, last = (s.end() - 1) >> 2;
    for (uint32_t w = first; w <= last; ++w) {
      uint32_t value = 0;
      for (uint32_t k = 0; k < 4; ++k) {
        const uint64_t a = uint64_t{w} * 4 + k;
        if (a >= s.vaddr && a - s.vaddr < s.data.size()) value |= uint32_t{s.data[a - s.vaddr]} << (8 * k);
      }
      if (words.back().addr == w) {
        words.back().value |= value;  // the other segment's bytes of this word are zero here, and vice versa
      } else {
        if (w < words.back().addr) throw std::invalid_argument("initial_memory: segments out of order");
        words.push_back({w, value});
      }
    }
  }
  return words;
}

MemoryImageChip::MemoryImageChip(std::vector<InitialWord> words) {
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].addr >= kWordAddressLimit)
      throw std::invalid_argument("MemoryImageChip: address " + std::to_string(words[i].addr) + " is not below 2^28");
    if (i > 0 && words[i].addr <= words[i - 1].addr)
      throw std::invalid_argument("MemoryImageChip: addresses must strictly increase (row " + std::to_string(i) + ")");
  }
  height_ = std::max<size_t>(8, std::bit_ceil(words.size()));
  words_ = std::make_shared<const std::vector<InitialWord>>(std::move(words));
}

MemoryImageChip::MemoryImageChip(const ProgramImage& image, std::span<const uint32_t, kNumRegisters> registers,
                                 std::span<const InitialWord> reserved)
    : MemoryImageChip(initial_memory(image, registers, reserved)) {}

RowMajorMatrix<Fp> MemoryImageChip::preprocessed_trace() const {
  RowMajorMatrix<Fp> t(height_, kPreprocessedWidth);
  const std::vector<InitialWord>& words = *words_;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, words.size(), 4096), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      auto row = t.row(r);
      row[kAddr] = Fp(words[r].addr);
      row[kValueLo] = Fp(words[r].value & 0xffffu);
      row[kValueHi] = Fp(words[r].value >> 16);
      row[kIsReal] = Fp::one();
    }
  });
  return t;
}

}  // namespace zkrv::chips
