// AVX-512 backend of PackedFp: 16 BabyBear lanes in one zmm register, Montgomery words in each lane.
//
// Multiplication follows Plonky3's monty-31 x86_64_avx512 packing: vpmuludq (_mm512_mul_epu32)
// multiplies only the even 32-bit lanes into 64-bit products, so the odd lanes are moved down with
// vmovshdup and multiplied separately; q = prod * p^-1 and q * p are formed the same way, and the
// Montgomery quotient (prod - q p) / 2^32 is the difference of the high words (see Fp::monty_reduce).
// One masked vmovshdup gathers the high words of both halves back into 16 lanes. 6 multiplies per
// 16 products; the final "add p if negative" is a vpminud because p < 2^31.
#pragma once

#if !defined(__AVX512F__)
#error "packed_babybear_avx512.h needs AVX-512F"
#endif

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "field/babybear.h"

namespace zkrv::packed {

struct Avx512Backend {
  using Vec = __m512i;
  static constexpr size_t WIDTH = 16;
  static constexpr const char* NAME = "avx512";

  static Vec broadcast(uint32_t monty) noexcept { return _mm512_set1_epi32(static_cast<int>(monty)); }
  static Vec load(const uint32_t* src) noexcept { return _mm512_loadu_si512(src); }
  static void store(uint32_t* dst, Vec v) noexcept { _mm512_storeu_si512(dst, v); }
  static bool equal(Vec a, Vec b) noexcept { return _mm512_cmpneq_epi32_mask(a, b) == 0; }

  // GCC 12's unmasked _mm512_mul_epu32 / _mm512_min_epu32 / _mm512_movehdup_ps pass
  // _mm512_undefined_epi32() (a self-initialized variable) as the merge source, which -Wuninitialized
  // reports once inlined (GCC PR 105593, fixed in GCC 13). The masked forms with an all-ones mask and a
  // defined merge source compile to the same unmasked instruction.
  static Vec mul_epu32(Vec a, Vec b) noexcept { return _mm512_mask_mul_epu32(a, static_cast<__mmask8>(0xff), a, b); }
  static Vec min_epu32(Vec a, Vec b) noexcept { return _mm512_mask_min_epu32(a, static_cast<__mmask16>(0xffff), a, b); }
  static Vec movehdup(Vec x) noexcept {
    const __m512 xf = _mm512_castsi512_ps(x);
    return _mm512_castps_si512(_mm512_mask_movehdup_ps(xf, static_cast<__mmask16>(0xffff), xf));
  }

  static Vec p() noexcept { return _mm512_set1_epi32(static_cast<int>(Fp::P)); }

  // Sum < 2p < 2^32: min(s, s - p) is s - p exactly when s >= p (otherwise s - p wraps high).
  static Vec add(Vec a, Vec b) noexcept {
    const Vec s = _mm512_add_epi32(a, b);
    return min_epu32(s, _mm512_sub_epi32(s, p()));
  }
  // If a < b, d wraps to >= 2^32 - p and d + p wraps back below p.
  static Vec sub(Vec a, Vec b) noexcept {
    const Vec d = _mm512_sub_epi32(a, b);
    return min_epu32(d, _mm512_add_epi32(d, p()));
  }
  // p - a in the non-zero lanes, 0 where a is 0.
  static Vec neg(Vec a) noexcept { return _mm512_maskz_sub_epi32(_mm512_test_epi32_mask(a, a), p(), a); }

  // Given the 64-bit products of the even lanes (prod_evn) and of the odd lanes (prod_odd), each < p^2,
  // returns the 16 Montgomery-reduced results.
  static Vec reduce_products(Vec prod_evn, Vec prod_odd) noexcept {
    const Vec mu = _mm512_set1_epi32(static_cast<int>(Fp::MU));
    const Vec q_evn = mul_epu32(prod_evn, mu);  // low 32 bits = q for the even lanes
    const Vec q_odd = mul_epu32(prod_odd, mu);
    const Vec qp_evn = mul_epu32(q_evn, p());
    const Vec qp_odd = mul_epu32(q_odd, p());
    // Low words of prod and q p agree, so the 64-bit differences have zero low words and the high words
    // are (prod - q p) / 2^32 in (-p, p).
    const Vec d_evn = _mm512_sub_epi64(prod_evn, qp_evn);
    const Vec d_odd = _mm512_sub_epi64(prod_odd, qp_odd);
    // Even result lanes take the high word of d_evn (moved down by movehdup); odd lanes already hold the
    // high word of d_odd.
    const Vec t = _mm512_castps_si512(_mm512_mask_movehdup_ps(
        _mm512_castsi512_ps(d_odd), static_cast<__mmask16>(0x5555), _mm512_castsi512_ps(d_evn)));
    return min_epu32(t, _mm512_add_epi32(t, p()));
  }

  // sum a[i] * b[i] with one reduction (see Fp::dot_product for the bound): the 64-bit products of the
  // even and odd lanes are accumulated separately, brought below p * 2^32 by an unsigned 64-bit min,
  // then reduced once.
  template <size_t N>
  static Vec dot_product(const Vec* a, const Vec* b) noexcept {
    static_assert(N >= 1 && N <= 4, "4 p^2 < 2^64 bounds the unreduced sum");
    Vec evn = mul_epu32(a[0], b[0]);
    Vec odd = mul_epu32(movehdup(a[0]), movehdup(b[0]));
    for (size_t i = 1; i < N; ++i) {
      evn = _mm512_add_epi64(evn, mul_epu32(a[i], b[i]));
      odd = _mm512_add_epi64(odd, mul_epu32(movehdup(a[i]), movehdup(b[i])));
    }
    const Vec p_shl_32 = _mm512_set1_epi64(static_cast<long long>(Fp::P_SHL_32));
    evn = _mm512_mask_min_epu64(evn, static_cast<__mmask8>(0xff), evn, _mm512_sub_epi64(evn, p_shl_32));
    odd = _mm512_mask_min_epu64(odd, static_cast<__mmask8>(0xff), odd, _mm512_sub_epi64(odd, p_shl_32));
    return reduce_products(evn, odd);
  }

  static Vec mul(Vec a, Vec b) noexcept {
    const Vec prod_evn = mul_epu32(a, b);
    const Vec prod_odd = mul_epu32(movehdup(a), movehdup(b));
    return reduce_products(prod_evn, prod_odd);
  }
  static Vec square(Vec a) noexcept {
    const Vec a_odd = movehdup(a);
    return reduce_products(mul_epu32(a, a), mul_epu32(a_odd, a_odd));
  }
  // b is the same word in every lane, so its odd lanes need no shuffle.
  static Vec mul_broadcast(Vec a, Vec b_bcast) noexcept {
    return reduce_products(mul_epu32(a, b_bcast), mul_epu32(movehdup(a), b_bcast));
  }
};

}  // namespace zkrv::packed
