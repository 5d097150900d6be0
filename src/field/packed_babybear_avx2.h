// AVX2 backend of PackedFp: 8 BabyBear lanes in one ymm register, Montgomery words in each lane.
//
// Same Montgomery multiplication as the AVX-512 backend (Plonky3 monty-31 x86_64_avx2 packing):
// vpmuludq on the even lanes and, after vmovshdup, on the odd lanes; q = prod * p^-1 mod 2^32;
// (prod - q p) / 2^32 is the high word of the 64-bit difference; a blend recombines the halves.
#pragma once

#if !defined(__AVX2__)
#error "packed_babybear_avx2.h needs AVX2"
#endif

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "field/babybear.h"

namespace zkrv::packed {

struct Avx2Backend {
  using Vec = __m256i;
  static constexpr size_t WIDTH = 8;
  static constexpr const char* NAME = "avx2";

  static Vec broadcast(uint32_t monty) noexcept { return _mm256_set1_epi32(static_cast<int>(monty)); }
  static Vec load(const uint32_t* src) noexcept { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src)); }
  static void store(uint32_t* dst, Vec v) noexcept { _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), v); }
  static bool equal(Vec a, Vec b) noexcept {
    return _mm256_movemask_epi8(_mm256_cmpeq_epi32(a, b)) == -1;
  }

  static Vec p() noexcept { return _mm256_set1_epi32(static_cast<int>(Fp::P)); }

  // See Avx512Backend::add/sub: the unsigned-min trick works because 2p < 2^32.
  static Vec add(Vec a, Vec b) noexcept {
    const Vec s = _mm256_add_epi32(a, b);
    return _mm256_min_epu32(s, _mm256_sub_epi32(s, p()));
  }
  static Vec sub(Vec a, Vec b) noexcept {
    const Vec d = _mm256_sub_epi32(a, b);
    return _mm256_min_epu32(d, _mm256_add_epi32(d, p()));
  }
  static Vec neg(Vec a) noexcept { return sub(_mm256_setzero_si256(), a); }

  static Vec movehdup(Vec x) noexcept {
    return _mm256_castps_si256(_mm256_movehdup_ps(_mm256_castsi256_ps(x)));
  }

  static Vec reduce_products(Vec prod_evn, Vec prod_odd) noexcept {
    const Vec mu = _mm256_set1_epi32(static_cast<int>(Fp::MU));
    const Vec q_evn = _mm256_mul_epu32(prod_evn, mu);
    const Vec q_odd = _mm256_mul_epu32(prod_odd, mu);
    const Vec d_evn = _mm256_sub_epi64(prod_evn, _mm256_mul_epu32(q_evn, p()));
    const Vec d_odd = _mm256_sub_epi64(prod_odd, _mm256_mul_epu32(q_odd, p()));
    const Vec t = _mm256_blend_epi32(movehdup(d_evn), d_odd, 0b10101010);
    return _mm256_min_epu32(t, _mm256_add_epi32(t, p()));
  }

  // See Avx512Backend::dot_product. AVX2 has no unsigned 64-bit compare, so x >= p * 2^32 is tested as a
  // signed compare after flipping the sign bits.
  template <size_t N>
  static Vec dot_product(const Vec* a, const Vec* b) noexcept {
    static_assert(N >= 1 && N <= 4, "4 p^2 < 2^64 bounds the unreduced sum");
    Vec evn = _mm256_mul_epu32(a[0], b[0]);
    Vec odd = _mm256_mul_epu32(movehdup(a[0]), movehdup(b[0]));
    for (size_t i = 1; i < N; ++i) {
      evn = _mm256_add_epi64(evn, _mm256_mul_epu32(a[i], b[i]));
      odd = _mm256_add_epi64(odd, _mm256_mul_epu32(movehdup(a[i]), movehdup(b[i])));
    }
    return reduce_products(below_p_shl_32(evn), below_p_shl_32(odd));
  }
  static Vec below_p_shl_32(Vec x) noexcept {
    const Vec sign = _mm256_set1_epi64x(static_cast<long long>(uint64_t{1} << 63));
    const Vec limit = _mm256_set1_epi64x(static_cast<long long>((Fp::P_SHL_32 - 1) ^ (uint64_t{1} << 63)));
    const Vec ge = _mm256_cmpgt_epi64(_mm256_xor_si256(x, sign), limit);  // x > p*2^32 - 1, unsigned
    return _mm256_sub_epi64(x, _mm256_and_si256(ge, _mm256_set1_epi64x(static_cast<long long>(Fp::P_SHL_32))));
  }

  static Vec mul(Vec a, Vec b) noexcept {
    return reduce_products(_mm256_mul_epu32(a, b), _mm256_mul_epu32(movehdup(a), movehdup(b)));
  }
  static Vec square(Vec a) noexcept {
    const Vec a_odd = movehdup(a);
    return reduce_products(_mm256_mul_epu32(a, a), _mm256_mul_epu32(a_odd, a_odd));
  }
  static Vec mul_broadcast(Vec a, Vec b_bcast) noexcept {
    return reduce_products(_mm256_mul_epu32(a, b_bcast), _mm256_mul_epu32(movehdup(a), b_bcast));
  }
};

}  // namespace zkrv::packed
