#include "vm/chips/byte/byte_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <numeric>

namespace zkrv::chips {

uint64_t ByteLookups::total() const noexcept {
  return std::accumulate(counts_.begin(), counts_.end(), uint64_t{0});
}

void ByteLookups::merge(const ByteLookups& other) noexcept {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
}

void ByteLookups::clear() noexcept { std::fill(counts_.begin(), counts_.end(), 0u); }

RowMajorMatrix<Fp> ByteChip::preprocessed_trace() const {
  auto t = RowMajorMatrix<Fp>::uninitialized(kHeight, kPreprocessedWidth);
  for (uint32_t r = 0; r < kHeight; ++r) {
    const uint32_t x = r & 0xffu, y = r >> 8;
    t(r, kX) = Fp(x);
    t(r, kY) = Fp(y);
    t(r, kAnd) = Fp(x & y);
    t(r, kOr) = Fp(x | y);
    t(r, kXor) = Fp(x ^ y);
    t(r, kMsb) = Fp(x >> 7);
    t(r, kShl) = Fp(byte_shl(x, y));
    t(r, kShlCarry) = Fp(byte_shl_carry(x, y));
  }
  return t;
}

RowMajorMatrix<Fp> ByteChip::generate_trace(const ByteLookups& lookups) const {
  auto t = RowMajorMatrix<Fp>::uninitialized(kHeight, kWidth);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, kHeight, 4096), [&](const tbb::blocked_range<size_t>& rows) {
    for (size_t r = rows.begin(); r < rows.end(); ++r)
      for (size_t op = 0; op < kByteOpCount; ++op)
        t(r, op) = Fp::from_u32(lookups.count(static_cast<ByteOp>(op), r));
  });
  return t;
}

}  // namespace zkrv::chips
