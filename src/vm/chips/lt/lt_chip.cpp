#include "vm/chips/lt/lt_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace zkrv::chips {

RowMajorMatrix<Fp> LtChip::generate_trace(std::span<const AluEvent> events, ByteLookups& bytes, size_t min_height) const {
  for (const AluEvent& e : events)
    if (e.op != AluOp::slt && e.op != AluOp::sltu) throw std::invalid_argument("LtChip: event op is not slt or sltu");
  RowMajorMatrix<Fp> t(std::max<size_t>(min_height, std::bit_ceil(events.size())), kWidth);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, events.size(), 1024), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      const AluEvent& e = events[r];
      const bool is_slt = e.op == AluOp::slt;
      const uint32_t flip = is_slt ? 0x80000000u : 0u;
      const uint32_t d = (e.b ^ flip) - (e.c ^ flip);
      auto row = t.row(r);
      row[kB] = Fp(e.b & 0xffffu);
      row[kB + 1] = Fp(e.b >> 16);
      row[kC] = Fp(e.c & 0xffffu);
      row[kC + 1] = Fp(e.c >> 16);
      row[kD] = Fp(d & 0xffffu);
      row[kD + 1] = Fp(d >> 16);
      row[kBNeg] = Fp(is_slt ? e.b >> 31 : 0u);
      row[kCNeg] = Fp(is_slt ? e.c >> 31 : 0u);
      row[kOp] = Fp(static_cast<uint32_t>(e.op));
      bytes.add_u16_limbs(d);
      if (is_slt) {
        bytes.add_u16(2 * ((e.b >> 16) & 0x7fffu));
        bytes.add_u16(2 * ((e.c >> 16) & 0x7fffu));
      }
    }
  });
  return t;
}

}  // namespace zkrv::chips
