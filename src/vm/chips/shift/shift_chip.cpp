#include "vm/chips/shift/shift_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace zkrv::chips {

ShiftTrace ShiftChip::generate_trace(std::span<const AluEvent> events, ByteLookups& bytes) const {
  for (const AluEvent& e : events)
    if (e.op != AluOp::sll && e.op != AluOp::srl && e.op != AluOp::sra)
      throw std::invalid_argument("ShiftChip: event op is not sll, srl or sra");
  const size_t height = std::max<size_t>(8, std::bit_ceil(events.size()));
  ShiftTrace out{RowMajorMatrix<Fp>(height, kWidth), std::vector<AluEvent>(events.size())};
  RowMajorMatrix<Fp>& t = out.main;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, events.size(), 1024), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      const AluEvent& e = events[r];
      const uint32_t s = e.c & 31u, r16 = s & 15u;
      const bool left = e.op == AluOp::sll, zero_right = !left && s == 0;
      uint32_t pow = 0, h = 0;
      AluOp mul_op = AluOp::mul;
      if (left) {
        pow = 1u << s;
      } else if (zero_right) {
        pow = 1;
      } else {
        pow = 1u << (32 - s);
        h = s >= 17 ? 1u : 0u;
        mul_op = e.op == AluOp::srl ? AluOp::mulhu : AluOp::mulhsu;
      }
      auto row = t.row(r);
      row[kA] = Fp(e.a & 0xffffu);
      row[kA + 1] = Fp(e.a >> 16);
      row[kB] = Fp(e.b & 0xffffu);
      row[kB + 1] = Fp(e.b >> 16);
      row[kC] = Fp(e.c & 0xffffu);
      row[kC + 1] = Fp(e.c >> 16);
      for (unsigned i = 0; i < 5; ++i) row[kS + i] = Fp((s >> i) & 1u);
      row[kT] = Fp(1u << (s & 3u));
      row[kU] = Fp(1u << r16);
      row[kH] = Fp(h);
      row[kPow] = Fp(pow & 0xffffu);
      row[kPow + 1] = Fp(pow >> 16);
      row[kIsSll] = Fp(left ? 1u : 0u);
      row[kIsSrl] = Fp(e.op == AluOp::srl && !zero_right ? 1u : 0u);
      row[kIsSra] = Fp(e.op == AluOp::sra && !zero_right ? 1u : 0u);
      row[kIsSrl0] = Fp(e.op == AluOp::srl && zero_right ? 1u : 0u);
      row[kIsSra0] = Fp(e.op == AluOp::sra && zero_right ? 1u : 0u);
      bytes.add_u16((e.c & 0xffffu) >> 5);
      bytes.add_u16((pow & 0xffffu) + (pow >> 16));
      out.mul_events[r] = AluEvent{mul_op, e.a, e.b, pow};
    }
  });
  // Padding rows: t = u = 1 (2^0), everything else 0; both lookups are of 0.
  for (size_t r = events.size(); r < height; ++r) {
    t(r, kT) = Fp::one();
    t(r, kU) = Fp::one();
  }
  if (const auto padding = static_cast<uint32_t>(height - events.size()); padding > 0) bytes.add_u16(0, 2 * padding);
  return out;
}

}  // namespace zkrv::chips
