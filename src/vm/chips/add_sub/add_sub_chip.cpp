#include "vm/chips/add_sub/add_sub_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace zkrv::chips {

RowMajorMatrix<Fp> AddSubChip::generate_trace(std::span<const AluEvent> events, ByteLookups& bytes, size_t min_height) const {
  for (const AluEvent& e : events)
    if (e.op != AluOp::add && e.op != AluOp::sub)
      throw std::invalid_argument("AddSubChip: event op is not add or sub");
  RowMajorMatrix<Fp> t(std::max<size_t>(min_height, std::bit_ceil(events.size())), kWidth);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, events.size(), 1024), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      const AluEvent& e = events[r];
      const bool is_add = e.op == AluOp::add;
      // add: sum = a = b + c; sub: b = a + c, so sum = b and x = a.
      const uint32_t sum = is_add ? e.a : e.b, x = is_add ? e.b : e.a, y = e.c;
      auto row = t.row(r);
      row[kSum] = Fp(sum & 0xffffu);
      row[kSum + 1] = Fp(sum >> 16);
      row[kX] = Fp(x & 0xffffu);
      row[kX + 1] = Fp(x >> 16);
      row[kY] = Fp(y & 0xffffu);
      row[kY + 1] = Fp(y >> 16);
      row[kOp] = Fp(static_cast<uint32_t>(e.op));
      bytes.add_u16_limbs(sum);
      bytes.add_u16_limbs(x);
    }
  });
  return t;
}

}  // namespace zkrv::chips
