#include "vm/chips/divrem/divrem_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <stdexcept>

namespace zkrv::chips {

namespace {

bool is_divrem(AluOp op) { return op == AluOp::div || op == AluOp::divu || op == AluOp::rem || op == AluOp::remu; }

}  // namespace

DivRemChip::Witness DivRemChip::reference_witness(AluOp op, uint32_t b, uint32_t c) noexcept {
  const bool is_signed = op == AluOp::div || op == AluOp::rem;
  if (c == 0) return {0xffffffffu, b, is_signed};  // q_s = -1 when signed (any q_neg would do: c q = 0)
  if (!is_signed) return {b / c, b % c, false};
  const auto sb = static_cast<int32_t>(b), sc = static_cast<int32_t>(c);
  if (sb == INT32_MIN && sc == -1) return {b, 0, false};  // the integer quotient is +2^31
  const int32_t q = sb / sc, r = sb % sc;
  return {static_cast<uint32_t>(q), static_cast<uint32_t>(r), q < 0};
}

void DivRemChip::populate_row(std::span<Fp> row, AluOp op, uint32_t b, uint32_t c, const Witness& w, bool real,
                              ByteLookups* bytes) {
  const bool is_signed = op == AluOp::div || op == AluOp::rem, is_rem = op == AluOp::rem || op == AluOp::remu;
  const uint64_t c_msb = c >> 31, c_neg = is_signed ? c_msb : 0;
  const uint64_t b_neg = is_signed ? b >> 31 : 0, r_neg = is_signed ? w.r >> 31 : 0, q_neg = w.q_neg ? 1 : 0;
  uint64_t cb[4], qb[4];
  for (unsigned i = 0; i < 4; ++i) {
    cb[i] = (c >> (8 * i)) & 0xffu;
    qb[i] = (w.q >> (8 * i)) & 0xffu;
  }
  uint64_t s[7] = {};
  for (unsigned i = 0; i < 4; ++i)
    for (unsigned j = 0; j < 4; ++j) s[i + j] += cb[i] * qb[j];
  const uint64_t C0 = c & 0xffffu, C1 = c >> 16, Q0 = w.q & 0xffffu, Q1 = w.q >> 16;
  // The limb equations of the header: carries over the integers (exact for an honest witness).
  const int64_t lhs[4] = {
      static_cast<int64_t>(s[0] + 256 * s[1] + (w.r & 0xffffu)), static_cast<int64_t>(s[2] + 256 * s[3] + (w.r >> 16)),
      static_cast<int64_t>(s[4] + 256 * s[5] + c_neg * (0x10000 - Q0) + q_neg * (0x10000 - C0) + 0xffff * r_neg),
      static_cast<int64_t>(s[6] + c_neg * (0xffff - Q1) + q_neg * (0xffff - C1) + 0xffff * r_neg)};
  const int64_t rhs[4] = {static_cast<int64_t>(b & 0xffffu), static_cast<int64_t>(b >> 16),
                          static_cast<int64_t>(0xffff * b_neg), static_cast<int64_t>(0xffff * b_neg)};
  int64_t k[4], carry = 0;
  for (unsigned i = 0; i < 4; ++i) k[i] = carry = (lhs[i] + carry - rhs[i]) >> 16;  // floor; exact if honest
  // The borrow chain of |r| - |c| + 2^32 (1 - c_zero).
  const uint64_t c_zero = c == 0 ? 1 : 0;
  const uint64_t rc = r_neg ? ~w.r : w.r, cc = c_neg ? ~c : c;
  const int64_t low =
      static_cast<int64_t>((rc & 0xffffu) + r_neg) - static_cast<int64_t>((cc & 0xffffu) + c_neg) + 0x10000;
  const int64_t d_lo = low & 0xffff, kappa = low >> 16;
  const int64_t d_hi =
      static_cast<int64_t>(rc >> 16) - static_cast<int64_t>(cc >> 16) + kappa - 1 + (c_zero ? 0 : 0x10000);
  auto fp = [](int64_t v) { return v >= 0 ? Fp(static_cast<uint32_t>(v)) : -Fp(static_cast<uint32_t>(-v)); };
  row[kB] = Fp(b & 0xffffu);
  row[kB + 1] = Fp(b >> 16);
  for (unsigned i = 0; i < 4; ++i) {
    row[kC + i] = Fp(static_cast<uint32_t>(cb[i]));
    row[kQ + i] = Fp(static_cast<uint32_t>(qb[i]));
    row[kK + i] = fp(k[i]);
  }
  row[kR] = Fp(w.r & 0xffffu);
  row[kR + 1] = Fp(w.r >> 16);
  row[kCMsb] = Fp(static_cast<uint32_t>(c_msb));
  row[kBNeg] = Fp(static_cast<uint32_t>(b_neg));
  row[kQNeg] = Fp(static_cast<uint32_t>(q_neg));
  row[kRNeg] = Fp(static_cast<uint32_t>(r_neg));
  row[kD] = fp(d_lo);
  row[kD + 1] = fp(d_hi);
  row[kKappa] = fp(kappa);
  row[kCZero] = Fp(static_cast<uint32_t>(c_zero));
  row[kIsReal] = Fp(real ? 1u : 0u);
  row[kIsSigned] = Fp(real && is_signed ? 1u : 0u);
  row[kIsRem] = Fp(real && is_rem ? 1u : 0u);
  if (bytes == nullptr) return;
  bytes->add_u8_pair(static_cast<uint32_t>(cb[0]), static_cast<uint32_t>(cb[1]));
  bytes->add_u8_pair(static_cast<uint32_t>(cb[2]), static_cast<uint32_t>(cb[3] + 128 - 256 * c_msb));
  bytes->add_u8_pair(static_cast<uint32_t>(qb[0]), static_cast<uint32_t>(qb[1]));
  bytes->add_u8_pair(static_cast<uint32_t>(qb[2]), static_cast<uint32_t>(qb[3]));
  bytes->add_u16_limbs(w.r);
  for (unsigned i = 0; i < 3; ++i) {
    bytes->add_u16(static_cast<uint32_t>(k[i]));
    bytes->add_u16(static_cast<uint32_t>(4 * k[i]));
  }
  bytes->add_u16(static_cast<uint32_t>(d_lo));
  bytes->add_u16(static_cast<uint32_t>(d_hi));
  if (real && is_signed) bytes->add_u16(2 * ((b >> 16) & 0x7fffu));
}

RowMajorMatrix<Fp> DivRemChip::generate_trace(std::span<const AluEvent> events, ByteLookups& bytes, size_t min_height) const {
  for (const AluEvent& e : events)
    if (!is_divrem(e.op)) throw std::invalid_argument("DivRemChip: event op is not div, divu, rem or remu");
  const size_t height = std::max<size_t>(min_height, std::bit_ceil(events.size()));
  RowMajorMatrix<Fp> t(height, kWidth);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, events.size(), 1024), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      const AluEvent& e = events[r];
      populate_row(t.row(r), e.op, e.b, e.c, reference_witness(e.op, e.b, e.c), true, &bytes);
    }
  });
  const size_t padding = height - events.size();
  if (padding == 0) return t;
  // Every padding row is the row of divu(0, 0) with the flags cleared: its lookups, once, times padding.
  // (c = 0: u8_pair (0, 0) and (0, 128); q = 0xffffffff: (255, 255) twice; r, k_0..k_2 (each twice), d all
  // 0: 10 u16s.)
  const auto first = t.row(events.size());
  populate_row(first, AluOp::divu, 0, 0, reference_witness(AluOp::divu, 0, 0), false, nullptr);
  for (size_t r = events.size() + 1; r < height; ++r) std::copy(first.begin(), first.end(), t.row(r).begin());
  const auto n = static_cast<uint32_t>(padding);
  bytes.add_u8_pair(0, 0, n);
  bytes.add_u8_pair(0, 128, n);
  bytes.add_u8_pair(255, 255, 2 * n);
  bytes.add_u16(0, 10 * n);
  return t;
}

}  // namespace zkrv::chips
