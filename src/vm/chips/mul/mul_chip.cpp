#include "vm/chips/mul/mul_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace zkrv::chips {

RowMajorMatrix<Fp> MulChip::generate_trace(std::span<const AluEvent> events, ByteLookups& bytes, size_t min_height) const {
  for (const AluEvent& e : events)
    if (e.op != AluOp::mul && e.op != AluOp::mulh && e.op != AluOp::mulhsu && e.op != AluOp::mulhu)
      throw std::invalid_argument("MulChip: event op is not mul, mulh, mulhsu or mulhu");
  const size_t height = std::max<size_t>(min_height, std::bit_ceil(events.size()));
  RowMajorMatrix<Fp> t(height, kWidth);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, events.size(), 1024), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      const AluEvent& e = events[r];
      const bool b_signed = e.op == AluOp::mulh || e.op == AluOp::mulhsu, c_signed = e.op == AluOp::mulh;
      const uint32_t b_msb = e.b >> 31, c_msb = e.c >> 31;
      const uint64_t b_neg = b_signed ? b_msb : 0, c_neg = c_signed ? c_msb : 0;
      uint64_t bb[4], cb[4];
      for (unsigned i = 0; i < 4; ++i) {
        bb[i] = (e.b >> (8 * i)) & 0xffu;
        cb[i] = (e.c >> (8 * i)) & 0xffu;
      }
      uint64_t s[7] = {};
      for (unsigned i = 0; i < 4; ++i)
        for (unsigned j = 0; j < 4; ++j) s[i + j] += bb[i] * cb[j];
      const uint64_t B0 = e.b & 0xffffu, B1 = e.b >> 16, C0 = e.c & 0xffffu, C1 = e.c >> 16;
      // The four limb equations of the header, evaluated over the integers.
      const uint64_t lhs[4] = {s[0] + 256 * s[1], s[2] + 256 * s[3],
                               s[4] + 256 * s[5] + b_neg * (0x10000 - C0) + c_neg * (0x10000 - B0),
                               s[6] + b_neg * (0xffff - C1) + c_neg * (0xffff - B1)};
      uint64_t limb[4], k[4], carry = 0;
      for (unsigned i = 0; i < 4; ++i) {
        const uint64_t v = lhs[i] + carry;
        limb[i] = v & 0xffffu;
        k[i] = carry = v >> 16;
      }
      const bool low = e.op == AluOp::mul;
      const uint64_t a_lo = low ? limb[0] : limb[2], a_hi = low ? limb[1] : limb[3];
      const uint64_t x_lo = low ? limb[2] : limb[0], x_hi = low ? limb[3] : limb[1];
      auto row = t.row(r);
      for (unsigned i = 0; i < 4; ++i) {
        row[kB + i] = Fp(static_cast<uint32_t>(bb[i]));
        row[kC + i] = Fp(static_cast<uint32_t>(cb[i]));
        row[kK + i] = Fp(static_cast<uint32_t>(k[i]));
      }
      row[kA] = Fp(static_cast<uint32_t>(a_lo));
      row[kA + 1] = Fp(static_cast<uint32_t>(a_hi));
      row[kX] = Fp(static_cast<uint32_t>(x_lo));
      row[kX + 1] = Fp(static_cast<uint32_t>(x_hi));
      row[kBMsb] = Fp(b_msb);
      row[kCMsb] = Fp(c_msb);
      row[kIsMul] = Fp(e.op == AluOp::mul ? 1u : 0u);
      row[kIsMulh] = Fp(e.op == AluOp::mulh ? 1u : 0u);
      row[kIsMulhsu] = Fp(e.op == AluOp::mulhsu ? 1u : 0u);
      row[kIsMulhu] = Fp(e.op == AluOp::mulhu ? 1u : 0u);
      bytes.add_u8_pair(static_cast<uint32_t>(bb[0]), static_cast<uint32_t>(bb[1]));
      bytes.add_u8_pair(static_cast<uint32_t>(bb[2]), static_cast<uint32_t>(bb[3]) + 128 - 256 * b_msb);
      bytes.add_u8_pair(static_cast<uint32_t>(cb[0]), static_cast<uint32_t>(cb[1]));
      bytes.add_u8_pair(static_cast<uint32_t>(cb[2]), static_cast<uint32_t>(cb[3]) + 128 - 256 * c_msb);
      for (uint64_t v : {a_lo, a_hi, x_lo, x_hi}) bytes.add_u16(static_cast<uint32_t>(v));
      for (unsigned i = 0; i < 3; ++i) {
        bytes.add_u16(static_cast<uint32_t>(k[i]));
        bytes.add_u16(static_cast<uint32_t>(4 * k[i]));
      }
    }
  });
  // Padding rows are all zero and still look up: (0, 0) and (0, 128) twice each, and ten u16 zeros.
  if (const auto padding = static_cast<uint32_t>(height - events.size()); padding > 0) {
    bytes.add_u8_pair(0, 0, 2 * padding);
    bytes.add_u8_pair(0, 128, 2 * padding);
    bytes.add_u16(0, 10 * padding);
  }
  return t;
}

}  // namespace zkrv::chips
