// Radix-2 butterflies over runs of matrix rows, SIMD across the row (internal to ntt/).
//
//   DIT (Cooley-Tukey):    (a, b) -> (a + t b, a - t b)      bit-reversed input -> natural output
//   DIF (Gentleman-Sande): (a, b) -> (a + b, (a - b) t)      natural input -> bit-reversed output
//
// A "run" is `rows` consecutive rows starting at lo and at hi (same row stride), where row r uses the
// twiddle tw[r]. Two shapes matter:
//  * batched (width >= 2): the twiddle of a row is broadcast and PackedFp runs across the columns, the
//    last partial vector masked (AVX-512) so odd widths such as 37 columns stay vectorized;
//  * single column, contiguous: the run itself is the vector, with WIDTH consecutive twiddles loaded at
//    once. Layers whose half-size s is below WIDTH pair lanes inside one vector; `small_layer` handles
//    them by interleaving two vectors so that partners line up lane for lane (the interleave of
//    Plonky3's packed monty-31 NTT), which keeps the last log2(WIDTH) layers of a 2^20 transform in SIMD.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>

#include "field/babybear.h"
#include "field/packed_babybear.h"

namespace zkrv::ntt_detail {

using PF = PackedFp;
inline constexpr size_t W = PF::WIDTH;

template <bool Dit>
inline void butterfly(PF& a, PF& b, const PF& t) noexcept {
  if constexpr (Dit) {
    const PF bt = b * t;
    b = a - bt;
    a = a + bt;
  } else {
    const PF d = a - b;
    a = a + b;
    b = d * t;
  }
}
template <bool Dit>
inline void butterfly(Fp& a, Fp& b, Fp t) noexcept {
  if constexpr (Dit) {
    const Fp bt = b * t;
    b = a - bt;
    a = a + bt;
  } else {
    const Fp d = a - b;
    a = a + b;
    b = d * t;
  }
}

// First `count` (< WIDTH) elements as a vector (other lanes zero), and the matching store.
inline PF load_partial(const Fp* src, size_t count) noexcept {
#if defined(__AVX512F__) && !defined(ZKRV_FIELD_FORCE_SCALAR)
  const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
  return PF::from_vec(_mm512_maskz_loadu_epi32(mask, src));
#else
  std::array<Fp, W> tmp{};
  std::memcpy(tmp.data(), src, count * sizeof(Fp));
  return PF::from_array(tmp);
#endif
}
inline void store_partial(Fp* dst, const PF& v, size_t count) noexcept {
#if defined(__AVX512F__) && !defined(ZKRV_FIELD_FORCE_SCALAR)
  const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
  _mm512_mask_storeu_epi32(dst, mask, v.vec());
#else
  const auto tmp = v.to_array();
  std::memcpy(dst, tmp.data(), count * sizeof(Fp));
#endif
}

// Butterflies between rows lo + r*stride and hi + r*stride, r < rows, twiddle tw[r], width w.
template <bool Dit>
inline void butterfly_rows(Fp* lo, Fp* hi, size_t rows, size_t w, size_t stride, const Fp* tw) noexcept {
  if (w == 1 && stride == 1) {  // single contiguous column: SIMD along the run
    size_t r = 0;
    for (; r + W <= rows; r += W) {
      PF a = PF::load(lo + r), b = PF::load(hi + r);
      butterfly<Dit>(a, b, PF::load(tw + r));
      a.store(lo + r);
      b.store(hi + r);
    }
    for (; r < rows; ++r) butterfly<Dit>(lo[r], hi[r], tw[r]);
    return;
  }
  for (size_t r = 0; r < rows; ++r) {
    Fp* x = lo + r * stride;
    Fp* y = hi + r * stride;
    const PF t(tw[r]);
    size_t c = 0;
    for (; c + W <= w; c += W) {
      PF a = PF::load(x + c), b = PF::load(y + c);
      butterfly<Dit>(a, b, t);
      a.store(x + c);
      b.store(y + c);
    }
    if (c < w) {
      const size_t rest = w - c;
      PF a = load_partial(x + c, rest), b = load_partial(y + c, rest);
      butterfly<Dit>(a, b, t);
      store_partial(x + c, a, rest);
      store_partial(y + c, b, rest);
    }
  }
}

#if defined(__AVX512F__) && !defined(ZKRV_FIELD_FORCE_SCALAR)
// For half-size s < 16 in a 16-lane vector: given u = x[0..16) and v = x[16..32), returns
// (lo, hi) where lane i of lo and lane i of hi are butterfly partners (x[j], x[j + s]). The map is an
// involution, so applying it to (lo, hi) restores (u, v). Lane i of out0 takes block 2*(g/2) of u
// (g = i / s even) or of v (g odd); out1 takes the odd blocks.
struct Interleave {
  __m512i idx0, idx1;
  explicit Interleave(size_t s) noexcept {
    alignas(64) uint32_t i0[16], i1[16];
    for (size_t i = 0; i < 16; ++i) {
      const size_t g = i / s, within = i % s;
      const uint32_t src = (g & 1) ? 16u : 0u;
      i0[i] = src + static_cast<uint32_t>((g / 2) * 2 * s + within);
      i1[i] = src + static_cast<uint32_t>(((g / 2) * 2 + 1) * s + within);
    }
    idx0 = _mm512_load_si512(i0);
    idx1 = _mm512_load_si512(i1);
  }
  void apply(__m512i& u, __m512i& v) const noexcept {
    const __m512i a = _mm512_permutex2var_epi32(u, idx0, v);
    const __m512i b = _mm512_permutex2var_epi32(u, idx1, v);
    u = a;
    v = b;
  }
};
#endif

// One layer of half-size s = 2^log_s < WIDTH over a contiguous single column x[0..len), len a power of
// two >= 2s; tw = w_{2s}^j for j < s.
template <bool Dit>
inline void small_layer(Fp* x, size_t len, unsigned log_s, const Fp* tw) noexcept {
  const size_t s = size_t{1} << log_s;
#if defined(__AVX512F__) && !defined(ZKRV_FIELD_FORCE_SCALAR)
  static_assert(W == 16);
  if (len >= 2 * W) {
    const Interleave il(s);
    const PF t = PF::from_fn([&](size_t i) { return tw[i % s]; });
    for (size_t i = 0; i < len; i += 2 * W) {
      __m512i u = _mm512_loadu_si512(x + i), v = _mm512_loadu_si512(x + i + W);
      il.apply(u, v);
      PF a = PF::from_vec(u), b = PF::from_vec(v);
      butterfly<Dit>(a, b, t);
      u = a.vec();
      v = b.vec();
      il.apply(u, v);
      _mm512_storeu_si512(x + i, u);
      _mm512_storeu_si512(x + i + W, v);
    }
    return;
  }
#endif
  for (size_t blk = 0; blk < len; blk += 2 * s)
    for (size_t j = 0; j < s; ++j) butterfly<Dit>(x[blk + j], x[blk + j + s], tw[j]);
}

}  // namespace zkrv::ntt_detail
