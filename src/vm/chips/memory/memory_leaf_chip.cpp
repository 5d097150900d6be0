#include "vm/chips/memory/memory_leaf_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace zkrv::chips {

RowMajorMatrix<Fp> MemoryLeafChip::generate_trace(std::span<const LeafRow> leaves, ByteLookups& bytes, size_t min_height) const {
  for (const LeafRow& l : leaves) {
    if (l.leaf >= kLeafCount)
      throw std::invalid_argument("MemoryLeafChip: leaf " + std::to_string(l.leaf) + " is not below 2^26");
    for (size_t j = 0; j < kWordsPerLeaf; ++j)
      if (l.final_ts[j] == 0 && l.new_words[j] != l.old_words[j])
        throw std::invalid_argument("MemoryLeafChip: leaf " + std::to_string(l.leaf) +
                                    " changes a word without an access");
  }
  RowMajorMatrix<Fp> t(std::max<size_t>(min_height, std::bit_ceil(leaves.size())), kWidth);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, leaves.size(), 1024), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      const LeafRow& l = leaves[r];
      auto row = t.row(r);
      row[kLeafLo] = Fp(l.leaf & 0xffffu);
      row[kLeafHi] = Fp(l.leaf >> 16);
      bytes.add_u16(l.leaf & 0xffffu);
      bytes.add_u16(l.leaf >> 16);
      bytes.add_u16(64 * (l.leaf >> 16));
      for (size_t j = 0; j < kWordsPerLeaf; ++j) {
        row[kOldLo + j] = Fp(l.old_words[j] & 0xffffu);
        row[kOldHi + j] = Fp(l.old_words[j] >> 16);
        row[kNewLo + j] = Fp(l.new_words[j] & 0xffffu);
        row[kNewHi + j] = Fp(l.new_words[j] >> 16);
        row[kTs + j] = Fp(l.final_ts[j]);
        bytes.add_u16_limbs(l.old_words[j]);
      }
      row[kIsReal] = Fp::one();
    }
  });
  return t;
}

}  // namespace zkrv::chips
