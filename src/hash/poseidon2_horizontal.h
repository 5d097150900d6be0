// Poseidon2 on ONE state with AVX2 lanes across the state ("horizontal" layout): the 16 or 24 elements
// sit in 2 or 3 ymm registers, 8 per register. Internal to src/hash (poseidon2.cpp picks it for
// Poseidon2<W>::permute(State&) whenever AVX2 is available).
//
// Why: a single state is latency-bound. Element-by-element scalar code needs 64 Montgomery products per
// external round (about 3 integer multiplies each): 0.74 M width-16 permutations/s measured on the Zen 4
// development machine, against ~2.6 M/s for this version. Here an external round is 4 vector products
// per register, and the circulant M4 becomes two in-lane shuffles,
// because every 128-bit lane of a ymm is exactly one chunk of 4:
//   x'_i = 2 x_i + 3 x_(i+1) + x_(i+2) + x_(i+3)   (indices mod 4, rows of M4)
//        = s + t_i + x_(i+1)   with t_i = x_i + x_(i+1) and the chunk sum s = t_i + t_(i+2).
// The internal rounds run the S-box on the whole first register and keep lane 0 (the other lanes are
// discarded, costing nothing on the latency-bound path), while the sum of the other lanes (a shuffle
// tree) and their diagonal products are computed beside it. The S-box keeps its intermediate values
// partially reduced, as the AVX-512 one in poseidon2_rounds.h does.
// Same permutation as poseidon2_rounds.h (the known-answer tests run both).
#pragma once

#if !defined(__AVX2__)
#error "poseidon2_horizontal.h needs AVX2"
#endif

#include <immintrin.h>

#include <array>
#include <cstddef>

#include "hash/poseidon2_rounds.h"

namespace zkrv::poseidon2_detail {

// Round constants stored as c - p (mod 2^32): x + (c - p) lies in [-p, p), the signed input range of
// the partially reduced S-box below, with one plain vector addition.
template <size_t W>
struct HorizontalConstants {
  using K = MontyConstants<W>;
  static constexpr uint32_t shifted(Fp c) { return c.monty() - Fp::P; }
  template <size_t R>
  static constexpr std::array<std::array<uint32_t, W>, R> shifted_rows(const std::array<std::array<Fp, W>, R>& v) {
    std::array<std::array<uint32_t, W>, R> r{};
    for (size_t i = 0; i < R; ++i)
      for (size_t j = 0; j < W; ++j) r[i][j] = shifted(v[i][j]);
    return r;
  }
  // Internal round constant in lane 0, zero (stored as -p) elsewhere: one vector addition serves lane 0
  // and leaves the other lanes in range (their S-box results are discarded).
  static constexpr std::array<std::array<uint32_t, 8>, K::PARTIAL> internal_rc() {
    std::array<std::array<uint32_t, 8>, K::PARTIAL> r{};
    for (size_t i = 0; i < K::PARTIAL; ++i) {
      for (size_t j = 0; j < 8; ++j) r[i][j] = shifted(Fp::zero());
      r[i][0] = shifted(K::INTERNAL[i]);
    }
    return r;
  }
  alignas(32) static constexpr auto INTERNAL_RC = internal_rc();
  alignas(32) static constexpr auto DIAG = MontyConstants<W>::convert(Poseidon2Constants<W>::INTERNAL_DIAG);
  alignas(32) static constexpr auto EXTERNAL_INITIAL = shifted_rows(K::EXTERNAL_INITIAL);
  alignas(32) static constexpr auto EXTERNAL_FINAL = shifted_rows(K::EXTERNAL_FINAL);
};

struct Horizontal {
  using B = packed::Avx2Backend;
  using V = __m256i;

  static V load(const Fp* p) noexcept { return B::load(reinterpret_cast<const uint32_t*>(p)); }
  static void store(Fp* p, V v) noexcept { B::store(reinterpret_cast<uint32_t*>(p), v); }
  static V rot1(V x) noexcept { return _mm256_shuffle_epi32(x, 0x39); }  // lane i <- lane i+1 (mod 4)
  static V rot2(V x) noexcept { return _mm256_shuffle_epi32(x, 0x4e); }  // lane i <- lane i+2 (mod 4)
  static V swap128(V x) noexcept { return _mm256_permute4x64_epi64(x, 0x4e); }  // exchange the two chunks

  static V load(const uint32_t* p) noexcept { return B::load(p); }

  // Montgomery product of a, b in (-p, p) (signed words) into (-p, p), without the final correction:
  // the AVX2 twin of Avx512PartialMonty in poseidon2_rounds.h (same bounds argument).
  static V mul_partial(V a, V b) noexcept {
    const V p = B::p();
    const V mu = _mm256_set1_epi32(static_cast<int>(Fp::MU));
    const V prod_evn = _mm256_mul_epi32(a, b);
    const V prod_odd = _mm256_mul_epi32(B::movehdup(a), B::movehdup(b));
    const V d_evn = _mm256_sub_epi64(prod_evn, _mm256_mul_epi32(_mm256_mul_epu32(prod_evn, mu), p));
    const V d_odd = _mm256_sub_epi64(prod_odd, _mm256_mul_epi32(_mm256_mul_epu32(prod_odd, mu), p));
    return _mm256_blend_epi32(B::movehdup(d_evn), d_odd, 0b10101010);
  }
  // (x + c)^7 with c given as c - p (HorizontalConstants), result in [0, p).
  static V add_rc_sbox(V x, V c_shifted) noexcept {
    const V t = _mm256_add_epi32(x, c_shifted);
    const V t2 = mul_partial(t, t);
    const V t3 = mul_partial(t2, t);
    const V t4 = mul_partial(t2, t2);
    const V t7 = mul_partial(t3, t4);
    return _mm256_min_epu32(t7, _mm256_add_epi32(t7, B::p()));
  }
  static V mat4(V x) noexcept {
    const V r = rot1(x);
    const V t = B::add(x, r);
    const V s = B::add(t, rot2(t));
    return B::add(s, B::add(t, r));
  }
  template <size_t N>
  static void external_layer(V (&v)[N]) noexcept {
    for (size_t k = 0; k < N; ++k) v[k] = mat4(v[k]);
    V cs = v[0];
    for (size_t k = 1; k < N; ++k) cs = B::add(cs, v[k]);
    cs = B::add(cs, swap128(cs));  // lane i: sum over all chunks of position i mod 4
    for (size_t k = 0; k < N; ++k) v[k] = B::add(v[k], cs);
  }
  template <size_t N>
  static V total(const V (&v)[N]) noexcept {  // the sum of all lanes, in every lane
    V acc = v[0];
    for (size_t k = 1; k < N; ++k) acc = B::add(acc, v[k]);
    acc = B::add(acc, rot2(acc));
    acc = B::add(acc, rot1(acc));
    return B::add(acc, swap128(acc));
  }
  template <size_t W, size_t N>
  static void external_round(V (&v)[N], const std::array<uint32_t, W>& rc_shifted) noexcept {
    for (size_t k = 0; k < N; ++k) v[k] = add_rc_sbox(v[k], load(rc_shifted.data() + 8 * k));
    external_layer(v);
  }
};

template <size_t W>
inline void permute_horizontal(std::array<Fp, W>& state) noexcept {
  static_assert(W % 8 == 0);
  using H = Horizontal;
  using B = H::B;
  using C = HorizontalConstants<W>;
  constexpr size_t N = W / 8;
  H::V v[N];
  for (size_t k = 0; k < N; ++k) v[k] = H::load(state.data() + 8 * k);

  H::external_layer(v);
  for (size_t r = 0; r < C::K::HALF; ++r) H::external_round<W>(v, C::EXTERNAL_INITIAL[r]);
  H::V diag[N];
  for (size_t k = 0; k < N; ++k) diag[k] = H::load(C::DIAG.data() + 8 * k);
  // Internal rounds. Only lane 0 goes through the S-box, so everything else is computed beside it
  // rather than after it: the sum of lanes 1.. (`rest`) and the products d_i x_i of the other lanes.
  // After the S-box only sum = rest + s0, lane 0's own update and a blend remain on the critical path.
  constexpr DiagOp op0 = classify_diag(Poseidon2Constants<W>::INTERNAL_DIAG[0]);
  const H::V zero = _mm256_setzero_si256();
  for (size_t r = 0; r < C::K::PARTIAL; ++r) {
    const H::V s0 = H::add_rc_sbox(v[0], H::load(C::INTERNAL_RC[r].data()));
    H::V others[N];
    others[0] = _mm256_blend_epi32(v[0], zero, 0x01);
    for (size_t k = 1; k < N; ++k) others[k] = v[k];
    const H::V rest = H::total(others);
    H::V prod[N];
    for (size_t k = 0; k < N; ++k) prod[k] = B::mul(v[k], diag[k]);  // lane 0 of prod[0] is unused
    const H::V sum = B::add(rest, _mm256_broadcastd_epi32(_mm256_castsi256_si128(s0)));
    for (size_t k = 0; k < N; ++k) v[k] = B::add(sum, prod[k]);
    // Lane 0: sum + d_0 s0, with d_0 = -2 in the JSON giving sum - (s0 + s0) (classify_diag).
    H::V lane0;
    if constexpr (op0.kind == DiagKind::two) {
      lane0 = op0.negate ? B::sub(sum, B::add(s0, s0)) : B::add(sum, B::add(s0, s0));
    } else if constexpr (op0.kind == DiagKind::one) {
      lane0 = op0.negate ? B::sub(sum, s0) : B::add(sum, s0);
    } else {
      lane0 = B::add(sum, B::mul(s0, diag[0]));
    }
    v[0] = _mm256_blend_epi32(v[0], lane0, 0x01);
  }
  for (size_t r = 0; r < C::K::HALF; ++r) H::external_round<W>(v, C::EXTERNAL_FINAL[r]);

  for (size_t k = 0; k < N; ++k) H::store(state.data() + 8 * k, v[k]);
}

}  // namespace zkrv::poseidon2_detail
