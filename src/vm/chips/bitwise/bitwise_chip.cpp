#include "vm/chips/bitwise/bitwise_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace zkrv::chips {

RowMajorMatrix<Fp> BitwiseChip::generate_trace(std::span<const AluEvent> events, ByteLookups& bytes, size_t min_height) const {
  for (const AluEvent& e : events)
    if (e.op != AluOp::xor_ && e.op != AluOp::or_ && e.op != AluOp::and_)
      throw std::invalid_argument("BitwiseChip: event op is not xor, or or and");
  RowMajorMatrix<Fp> t(std::max<size_t>(min_height, std::bit_ceil(events.size())), kWidth);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, events.size(), 1024), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      const AluEvent& e = events[r];
      const ByteOp byte_op = e.op == AluOp::xor_ ? ByteOp::xor_ : e.op == AluOp::or_ ? ByteOp::or_ : ByteOp::and_;
      auto row = t.row(r);
      for (size_t i = 0; i < 4; ++i) {
        const uint32_t a = (e.a >> (8 * i)) & 0xffu, b = (e.b >> (8 * i)) & 0xffu, c = (e.c >> (8 * i)) & 0xffu;
        row[kA + i] = Fp(a);
        row[kB + i] = Fp(b);
        row[kC + i] = Fp(c);
        bytes.add(byte_op, b, c);
      }
      row[kK] = e.op == AluOp::xor_ ? Fp::neg_one() : e.op == AluOp::or_ ? Fp::zero() : Fp::one();
      row[kIsReal] = Fp::one();
    }
  });
  return t;
}

}  // namespace zkrv::chips
