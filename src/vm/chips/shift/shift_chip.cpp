#include "vm/chips/shift/shift_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace zkrv::chips {

RowMajorMatrix<Fp> ShiftChip::generate_trace(std::span<const AluEvent> events, ByteLookups& bytes, size_t min_height) const {
  for (const AluEvent& e : events)
    if (e.op != AluOp::sll && e.op != AluOp::srl && e.op != AluOp::sra)
      throw std::invalid_argument("ShiftChip: event op is not sll, srl or sra");
  RowMajorMatrix<Fp> t(std::max<size_t>(min_height, std::bit_ceil(events.size())), kWidth);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, events.size(), 1024), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t row_index = range.begin(); row_index < range.end(); ++row_index) {
      const AluEvent& e = events[row_index];
      auto row = t.row(row_index);
      const uint32_t s = e.c & 31u, r = s & 7u, q = s >> 3, m = (e.c & 0xffffu) >> 5;
      const bool left = e.op == AluOp::sll, arith = e.op == AluOp::sra;
      const uint32_t y = left ? r : 8 - r;
      const uint32_t sign = arith ? e.b >> 31 : 0u;
      for (uint32_t i = 0; i < 4; ++i) {
        const uint32_t byte = (e.b >> (8 * i)) & 0xffu;
        row[kB + i] = Fp(byte);
        row[kLo + i] = Fp(byte_shl(byte, y));
        row[kHi + i] = Fp(byte_shl_carry(byte, y));
        bytes.add_shl(byte, y);
      }
      row[kC] = Fp(e.c & 0xffffu);
      row[kC + 1] = Fp(e.c >> 16);
      row[kR] = Fp(r);
      row[kY] = Fp(y);
      row[kM] = Fp(m);
      row[kQ + q] = Fp::one();
      row[left ? kIsSll : arith ? kIsSra : kIsSrl] = Fp::one();
      bytes.add_u16((r << 13) + m + 1);
      if (arith) {
        row[kSign] = Fp(sign);
        row[kSfill] = Fp(byte_shl(0xffu * sign, y));
        row[kSfillHi] = Fp(byte_shl_carry(0xffu * sign, y));
        bytes.add_msb(e.b >> 24);
        bytes.add_shl(0xffu * sign, y);
      }
      const uint32_t a = evaluate_alu(e.op, e.b, e.c);
      row[kA] = Fp(a & 0xffffu);
      row[kA + 1] = Fp(a >> 16);
    }
  });
  return t;
}

}  // namespace zkrv::chips
