#include "vm/chips/memory/memory_boundary_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace zkrv::chips {

std::vector<FinalWord> final_memory(std::span<const InitialWord> image, std::span<const FinalWord> touched) {
  for (size_t i = 1; i < touched.size(); ++i)
    if (touched[i].addr <= touched[i - 1].addr)
      throw std::invalid_argument("final_memory: touched addresses must strictly increase");
  std::vector<FinalWord> out;
  out.reserve(image.size() + touched.size());
  size_t i = 0, j = 0;
  while (i < image.size() || j < touched.size()) {
    if (j == touched.size() || (i < image.size() && image[i].addr < touched[j].addr)) {
      out.push_back({image[i].addr, image[i].value, 0});  // untouched: the initial word at timestamp 0
      ++i;
    } else {
      if (i < image.size() && image[i].addr == touched[j].addr) ++i;
      out.push_back(touched[j++]);
    }
  }
  return out;
}

RowMajorMatrix<Fp> MemoryBoundaryChip::generate_trace(std::span<const FinalWord> finals,
                                                      std::span<const InitialWord> image, ByteLookups& bytes) const {
  for (size_t i = 0; i < finals.size(); ++i) {
    if (finals[i].addr >= kWordAddressLimit)
      throw std::invalid_argument("MemoryBoundaryChip: address " + std::to_string(finals[i].addr) +
                                  " is not below 2^28");
    if (i > 0 && finals[i].addr <= finals[i - 1].addr)
      throw std::invalid_argument("MemoryBoundaryChip: addresses must strictly increase (row " + std::to_string(i) +
                                  ")");
  }
  RowMajorMatrix<Fp> t(std::max<size_t>(8, std::bit_ceil(finals.size())), kWidth);
  const auto by_addr = [](const InitialWord& w, uint32_t a) { return w.addr < a; };
  tbb::parallel_for(tbb::blocked_range<size_t>(0, finals.size(), 1024), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      const FinalWord& f = finals[r];
      const auto it = std::lower_bound(image.begin(), image.end(), f.addr, by_addr);
      const bool in_image = it != image.end() && it->addr == f.addr;
      // Strictly increasing and below 2^28 (checked above), so the gap fits 28 bits.
      const uint32_t diff = r + 1 < finals.size() ? finals[r + 1].addr - f.addr - 1 : 0;
      auto row = t.row(r);
      row[kAddrLo] = Fp(f.addr & 0xffffu);
      row[kAddrHi] = Fp(f.addr >> 16);
      row[kValueLo] = Fp(f.value & 0xffffu);
      row[kValueHi] = Fp(f.value >> 16);
      row[kTs] = Fp(f.timestamp);
      row[kIsZeroInit] = in_image ? Fp::zero() : Fp::one();
      row[kIsReal] = Fp::one();
      row[kDiffLo] = Fp(diff & 0xffffu);
      row[kDiffHi] = Fp(diff >> 16);
      bytes.add_u16(f.addr & 0xffffu);
      bytes.add_u16(16 * (f.addr >> 16));
      bytes.add_u16(diff & 0xffffu);
      bytes.add_u16(16 * (diff >> 16));
    }
  });
  return t;
}

}  // namespace zkrv::chips
