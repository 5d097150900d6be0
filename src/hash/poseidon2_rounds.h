// The Poseidon2 round functions, written once over the lane type F (Fp for one state, PackedFp for
// PackedFp::WIDTH states in "vertical" layout). Internal to src/hash: include poseidon2.h instead.
//
// Costs per permutation (the optimisations the paper's section 5 and Plonky3 rely on):
//   - x^7 in 4 multiplications: x^2, x^3 = x^2 x, x^4 = (x^2)^2, x^7 = x^3 x^4 (depth 3);
//   - M4 in 7 additions and 2 doublings (Plonky3's apply_mat4), M_E adds the 4 column sums on top;
//   - M_I = 1 + diag(d) as one sum plus a per-lane "multiply by d_i". The diagonal of the JSON is made of
//     small constants +-1, +-2, +-3, +-4 and +-2^-n, so each lane's multiply is classified at compile time
//     (classify_diag below) into additions/doublings, a shift-and-reduce for 2^-n (a Montgomery
//     reduction without the product), or a generic multiplication for any other value. The classification
//     reads the generated constants, so a different diagonal in the JSON still computes the right thing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "field/babybear.h"
#include "field/packed_babybear.h"
#include "hash/poseidon2_constants.h"  // generated into the build tree

#include "hash/simd_select.h"
#if ZKRV_HASH_AVX512
#include <immintrin.h>
#endif

namespace zkrv::poseidon2_detail {

// The round helpers are forced inline and their lane loops unrolled so that the whole state stays in
// registers across a round (32 zmm registers hold a width-16 packed state and its temporaries); out of
// line, every round reloaded and stored the state.
#define ZKRV_P2_INLINE inline __attribute__((always_inline))

// ---- constants in Montgomery form, converted at compile time --------------------------------------
template <size_t W>
struct MontyConstants {
  using C = Poseidon2Constants<W>;
  static constexpr size_t HALF = C::HALF_FULL_ROUNDS;
  static constexpr size_t PARTIAL = C::PARTIAL_ROUNDS;

  template <size_t N>
  static constexpr std::array<Fp, N> convert(const std::array<uint32_t, N>& v) {
    std::array<Fp, N> r{};
    for (size_t i = 0; i < N; ++i) r[i] = Fp(v[i]);
    return r;
  }
  template <size_t R>
  static constexpr std::array<std::array<Fp, W>, R> convert_rows(const std::array<std::array<uint32_t, W>, R>& v) {
    std::array<std::array<Fp, W>, R> r{};
    for (size_t i = 0; i < R; ++i) r[i] = convert(v[i]);
    return r;
  }
  static constexpr auto EXTERNAL_INITIAL = convert_rows(C::EXTERNAL_INITIAL);
  static constexpr auto EXTERNAL_FINAL = convert_rows(C::EXTERNAL_FINAL);
  static constexpr auto INTERNAL = convert(C::INTERNAL);
};

// ---- lane primitives --------------------------------------------------------------------------------
template <class F>
ZKRV_P2_INLINE F sbox(const F& x) noexcept {
  const F x2 = x * x;
  const F x3 = x2 * x;
  const F x4 = x2 * x2;
  return x3 * x4;
}

// (x + c)^7, the first step of every round. Generic version; the AVX-512 overload below saves the
// reductions between the steps.
template <class F>
ZKRV_P2_INLINE F add_rc_sbox(const F& x, Fp c) noexcept {
  return sbox(x + c);
}

#if ZKRV_HASH_AVX512
// AVX-512 S-box with partial reductions (the signed-representative technique of Plonky3's
// monty-31 x86_64_avx512 Poseidon2). Intermediate values live in (-p, p) as signed 32-bit words:
//   - x + c is formed as x + (c - p) in [-p, p) with one plain vector add (no reduction);
//   - products use the SIGNED 32x32->64 multiply (vpmuldq), |a b| < p^2; q = low32(a b) p^-1 mod 2^32
//     is read as a signed word, |q p| <= 2^31 p, so (a b - q p) / 2^32 lies in (-0.97 p, 0.97 p): a valid
//     input of the next product without the final "add p if negative";
//   - only x^7 is brought back to [0, p).
// That removes 2 of the ~13 instructions of each of the 4 products, and 2 of 3 from the constant add.
struct Avx512PartialMonty {
  using V = __m512i;
  static V mul_epi32(V a, V b) noexcept { return _mm512_mask_mul_epi32(a, static_cast<__mmask8>(0xff), a, b); }
  static V mul_epu32(V a, V b) noexcept { return _mm512_mask_mul_epu32(a, static_cast<__mmask8>(0xff), a, b); }
  static V movehdup(V x) noexcept { return packed::Avx512Backend::movehdup(x); }

  // a, b in (-p, p) -> a b 2^-32 mod p in (-p, p).
  static V mul(V a, V b) noexcept {
    const V p = _mm512_set1_epi32(static_cast<int>(Fp::P));
    const V mu = _mm512_set1_epi32(static_cast<int>(Fp::MU));
    const V prod_evn = mul_epi32(a, b);
    const V prod_odd = mul_epi32(movehdup(a), movehdup(b));
    const V q_evn = mul_epu32(prod_evn, mu);
    const V q_odd = mul_epu32(prod_odd, mu);
    const V d_evn = _mm512_sub_epi64(prod_evn, mul_epi32(q_evn, p));
    const V d_odd = _mm512_sub_epi64(prod_odd, mul_epi32(q_odd, p));
    return _mm512_castps_si512(_mm512_mask_movehdup_ps(_mm512_castsi512_ps(d_odd), static_cast<__mmask16>(0x5555),
                                                       _mm512_castsi512_ps(d_evn)));
  }
  static V canonical(V t) noexcept {  // (-p, p) -> [0, p): t + p where t is negative
    return packed::Avx512Backend::min_epu32(t, _mm512_add_epi32(t, _mm512_set1_epi32(static_cast<int>(Fp::P))));
  }
};

ZKRV_P2_INLINE PackedFp add_rc_sbox(const PackedFp& x, Fp c) noexcept {
  if constexpr (std::is_same_v<PackedFp::Backend, packed::Avx512Backend>) {
    using M = Avx512PartialMonty;
    const M::V t = _mm512_add_epi32(x.vec(), _mm512_set1_epi32(static_cast<int>(c.monty() - Fp::P)));
    const M::V t2 = M::mul(t, t);
    const M::V t3 = M::mul(t2, t);
    const M::V t4 = M::mul(t2, t2);
    return PackedFp::from_vec(M::canonical(M::mul(t3, t4)));
  } else {
    return sbox(x + c);
  }
}
#endif

// x * 2^-n for 1 <= n <= 27, without any multiplication, using p = 15 * 2^27 + 1 (BabyBear):
// 2^27 * (-15) = 1 - p = 1 mod p, so 2^-n = -15 * 2^(27-n). Split x = hi 2^n + lo with lo < 2^n; then
//   x 2^-n = hi + lo 2^-n = hi - 15 lo 2^(27-n)   (mod p),
// where hi < 2^(31-n) < p and y = 15 lo 2^(27-n) < 15 2^27 < p are both reduced, so one modular
// subtraction finishes. Multiplying by a constant commutes with the Montgomery map, so this applies to
// the stored Montgomery word unchanged. (Plonky3 uses the same identity for its BabyBear diagonal.)
inline constexpr bool kBabyBearShape = Fp::P == 15u * (1u << 27) + 1u;

template <unsigned N>
ZKRV_P2_INLINE Fp mul_2exp_neg(Fp x) noexcept {
  static_assert(N >= 1 && N <= 31);
  if constexpr (kBabyBearShape && N <= 27) {
    const uint32_t m = x.monty();
    const uint32_t a = (m & ((1u << N) - 1)) << (27 - N);
    return Fp::from_monty(m >> N) - Fp::from_monty((a << 4) - a);
  } else {
    constexpr Fp c = Fp(2u).pow(N).inverse();
    return x * c;
  }
}
template <unsigned N>
ZKRV_P2_INLINE PackedFp mul_2exp_neg(const PackedFp& x) noexcept {
  static_assert(N >= 1 && N <= 31);
#if ZKRV_HASH_AVX512
  if constexpr (kBabyBearShape && N <= 27) {
    // Masked shifts with an all-ones mask: GCC 12's unmasked forms trip -Wuninitialized (GCC PR 105593,
    // see packed_babybear_avx512.h); they compile to the same instructions.
    const __mmask16 all = 0xffff;
    const __m512i v = x.vec();
    const __m512i lo = _mm512_and_si512(v, _mm512_set1_epi32((1 << N) - 1));
    const __m512i a = _mm512_mask_slli_epi32(lo, all, lo, 27 - N);
    const __m512i y = _mm512_sub_epi32(_mm512_mask_slli_epi32(a, all, a, 4), a);  // 15 a
    return PackedFp::from_vec(_mm512_mask_srli_epi32(v, all, v, N)) - PackedFp::from_vec(y);
  } else
#endif
  {
    constexpr Fp c = Fp(2u).pow(N).inverse();
    return x * c;
  }
}

// ---- M_I: compile-time classification of the diagonal ---------------------------------------------
enum class DiagKind { one, two, three, four, pow2_neg, generic };
struct DiagOp {
  DiagKind kind;
  bool negate;     // the lane becomes sum - |d| x instead of sum + d x
  unsigned shift;  // n for pow2_neg (|d| = 2^-n)
};

constexpr DiagOp classify_diag(uint32_t d) {
  const auto match = [d](uint32_t v) -> int {  // +1: d == v, -1: d == -v, 0: neither
    if (d == Fp(v).as_canonical()) return 1;
    if (d == (-Fp(v)).as_canonical()) return -1;
    return 0;
  };
  constexpr std::pair<uint32_t, DiagKind> small[] = {
      {1, DiagKind::one}, {2, DiagKind::two}, {3, DiagKind::three}, {4, DiagKind::four}};
  for (const auto& [v, kind] : small) {
    if (const int m = match(v)) return {kind, m < 0, 0};
  }
  Fp inv_pow = Fp::one();
  const Fp half = Fp(2u).inverse();
  for (unsigned n = 1; n <= 31; ++n) {
    inv_pow = inv_pow * half;
    if (d == inv_pow.as_canonical()) return {DiagKind::pow2_neg, false, n};
    if (d == (-inv_pow).as_canonical()) return {DiagKind::pow2_neg, true, n};
  }
  return {DiagKind::generic, false, 0};
}

template <size_t W, size_t I, class F>
ZKRV_P2_INLINE void internal_lane(F& x, const F& sum) noexcept {
  constexpr uint32_t d = Poseidon2Constants<W>::INTERNAL_DIAG[I];
  constexpr DiagOp op = classify_diag(d);
  F t;
  if constexpr (op.kind == DiagKind::one) {
    t = x;
  } else if constexpr (op.kind == DiagKind::two) {
    t = x + x;
  } else if constexpr (op.kind == DiagKind::three) {
    t = (x + x) + x;
  } else if constexpr (op.kind == DiagKind::four) {
    const F x2 = x + x;
    t = x2 + x2;
  } else if constexpr (op.kind == DiagKind::pow2_neg) {
    t = mul_2exp_neg<op.shift>(x);
  } else {
    constexpr Fp dm = Fp(d);
    x = sum + x * dm;
    return;
  }
  if constexpr (op.negate) {
    x = sum - t;
  } else {
    x = sum + t;
  }
}

// Balanced sum of x[0 .. N): depth log2(N) instead of N - 1 dependent additions.
template <size_t N, class F>
ZKRV_P2_INLINE F tree_sum(const F* x) noexcept {
  if constexpr (N == 1) {
    return x[0];
  } else {
    return tree_sum<N / 2>(x) + tree_sum<N - N / 2>(x + N / 2);
  }
}

// x_i <- sum(x) + d_i x_i. The sum of lanes 1.. is formed as a balanced tree independent of lane 0, so
// the only work on the critical path after lane 0's S-box is one addition and the lane update.
template <size_t W, class F>
ZKRV_P2_INLINE void internal_layer(std::array<F, W>& s) noexcept {
  const F sum = tree_sum<W - 1>(s.data() + 1) + s[0];
  [&]<size_t... I>(std::index_sequence<I...>) __attribute__((always_inline)) {
    (internal_lane<W, I>(s[I], sum), ...);
  }(std::make_index_sequence<W>{});
}

// ---- M_E --------------------------------------------------------------------------------------------
// M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]] applied to x[0..4) in place (Plonky3 apply_mat4).
template <class F>
ZKRV_P2_INLINE void mat4(F* x) noexcept {
  const F t01 = x[0] + x[1];
  const F t23 = x[2] + x[3];
  const F t0123 = t01 + t23;
  const F t01123 = t0123 + x[1];
  const F t01233 = t0123 + x[3];
  const F x0 = x[0], x2 = x[2];
  x[3] = t01233 + (x0 + x0);  // 3 x0 + x1 + x2 + 2 x3
  x[1] = t01123 + (x2 + x2);  // x0 + 2 x1 + 3 x2 + x3
  x[0] = t01123 + t01;        // 2 x0 + 3 x1 + x2 + x3
  x[2] = t01233 + t23;        // x0 + x1 + 2 x2 + 3 x3
}

// M_E = circ(2 M4, M4, ...): M4 on each chunk of 4, then lane i gains the sum over chunks of lane i mod 4.
template <size_t W, class F>
ZKRV_P2_INLINE void external_layer(std::array<F, W>& s) noexcept {
  static_assert(W % 4 == 0);
  #pragma GCC unroll 32
  for (size_t c = 0; c < W; c += 4) mat4(&s[c]);
  std::array<F, 4> sums;
  #pragma GCC unroll 32
  for (size_t k = 0; k < 4; ++k) {
    sums[k] = s[k];
    #pragma GCC unroll 32
    for (size_t c = 4; c < W; c += 4) sums[k] = sums[k] + s[c + k];
  }
  #pragma GCC unroll 32
  for (size_t i = 0; i < W; ++i) s[i] = s[i] + sums[i % 4];
}

template <size_t W, class F>
ZKRV_P2_INLINE void external_round(std::array<F, W>& s, const std::array<Fp, W>& rc) noexcept {
  #pragma GCC unroll 32
  for (size_t i = 0; i < W; ++i) s[i] = add_rc_sbox(s[i], rc[i]);
  external_layer<W>(s);
}

template <size_t W, class F>
inline void permute(std::array<F, W>& state) noexcept {
  using K = MontyConstants<W>;
  std::array<F, W> s = state;  // a local copy the compiler can keep in registers
  external_layer<W>(s);
  for (size_t r = 0; r < K::HALF; ++r) external_round<W>(s, K::EXTERNAL_INITIAL[r]);
  for (size_t r = 0; r < K::PARTIAL; ++r) {
    s[0] = add_rc_sbox(s[0], K::INTERNAL[r]);
    internal_layer<W>(s);
  }
  for (size_t r = 0; r < K::HALF; ++r) external_round<W>(s, K::EXTERNAL_FINAL[r]);
  state = s;
}

#undef ZKRV_P2_INLINE

}  // namespace zkrv::poseidon2_detail
