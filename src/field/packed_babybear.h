// PackedFp: WIDTH BabyBear elements operated on together, for the prover's hot loops (NTT butterflies,
// Poseidon2 over many states, quotient evaluation). The lanes hold Montgomery words, exactly the bytes
// of WIDTH consecutive Fp values, so load/store are plain (unaligned) vector moves.
//
// The backend is chosen at compile time (docs/architecture.md section 2, "SIMD"; no runtime dispatch):
//   ZKRV_FIELD_FORCE_SCALAR defined -> ScalarBackend  (WIDTH 4)
//   __AVX512F__                     -> Avx512Backend  (WIDTH 16)
//   __AVX2__                        -> Avx2Backend    (WIDTH 8)
//   otherwise                       -> ScalarBackend  (WIDTH 4)
// The backends are hand-written intrinsics rather than Highway: the Montgomery multiply needs
// vpmuludq + vmovshdup + a masked/blended recombine, which map one-to-one onto intrinsics.
// Every backend available to the compiler can also be named directly (PackedFpT<packed::Avx2Backend>),
// which the tests use to run all of them in one binary.
//
// Code that must not depend on WIDTH should use PackedFp::WIDTH and fall back to Fp for a tail.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "field/babybear.h"
#include "field/packed_babybear_scalar.h"
#if defined(__AVX2__)
#include "field/packed_babybear_avx2.h"
#endif
#if defined(__AVX512F__)
#include "field/packed_babybear_avx512.h"
#endif

namespace zkrv {

template <class B>
class PackedFpT {
 public:
  using Backend = B;
  using Scalar = Fp;
  using Vec = typename B::Vec;
  static constexpr size_t WIDTH = B::WIDTH;

  PackedFpT() noexcept : v_(B::broadcast(0)) {}  // all lanes zero
  explicit PackedFpT(Fp x) noexcept : v_(B::broadcast(x.monty())) {}  // x in every lane
  static PackedFpT from_vec(Vec v) noexcept { return PackedFpT(v, 0); }

  static PackedFpT zero() noexcept { return PackedFpT(); }
  static PackedFpT one() noexcept { return PackedFpT(Fp::one()); }
  static PackedFpT broadcast(Fp x) noexcept { return PackedFpT(x); }

  // WIDTH consecutive elements; no alignment required.
  static PackedFpT load(const Fp* src) noexcept {
    return from_vec(B::load(reinterpret_cast<const uint32_t*>(src)));
  }
  void store(Fp* dst) const noexcept { B::store(reinterpret_cast<uint32_t*>(dst), v_); }
  static PackedFpT from_array(const std::array<Fp, WIDTH>& lanes) noexcept { return load(lanes.data()); }
  std::array<Fp, WIDTH> to_array() const noexcept {
    std::array<Fp, WIDTH> out;
    store(out.data());
    return out;
  }
  // Lane i = f(i).
  template <class Fn>
  static PackedFpT from_fn(Fn&& f) {
    std::array<Fp, WIDTH> lanes;
    for (size_t i = 0; i < WIDTH; ++i) lanes[i] = f(i);
    return from_array(lanes);
  }
  Fp lane(size_t i) const noexcept { return to_array()[i]; }

  const Vec& vec() const noexcept { return v_; }

  friend PackedFpT operator+(const PackedFpT& a, const PackedFpT& b) noexcept { return from_vec(B::add(a.v_, b.v_)); }
  friend PackedFpT operator-(const PackedFpT& a, const PackedFpT& b) noexcept { return from_vec(B::sub(a.v_, b.v_)); }
  friend PackedFpT operator*(const PackedFpT& a, const PackedFpT& b) noexcept { return from_vec(B::mul(a.v_, b.v_)); }
  friend PackedFpT operator-(const PackedFpT& a) noexcept { return from_vec(B::neg(a.v_)); }

  // Mixed with a scalar: the scalar acts on every lane.
  friend PackedFpT operator+(const PackedFpT& a, Fp b) noexcept { return a + PackedFpT(b); }
  friend PackedFpT operator+(Fp a, const PackedFpT& b) noexcept { return PackedFpT(a) + b; }
  friend PackedFpT operator-(const PackedFpT& a, Fp b) noexcept { return a - PackedFpT(b); }
  friend PackedFpT operator-(Fp a, const PackedFpT& b) noexcept { return PackedFpT(a) - b; }
  friend PackedFpT operator*(const PackedFpT& a, Fp b) noexcept {
    return from_vec(B::mul_broadcast(a.v_, B::broadcast(b.monty())));
  }
  friend PackedFpT operator*(Fp a, const PackedFpT& b) noexcept { return b * a; }

  PackedFpT& operator+=(const PackedFpT& b) noexcept { return *this = *this + b; }
  PackedFpT& operator-=(const PackedFpT& b) noexcept { return *this = *this - b; }
  PackedFpT& operator*=(const PackedFpT& b) noexcept { return *this = *this * b; }
  PackedFpT& operator+=(Fp b) noexcept { return *this = *this + b; }
  PackedFpT& operator-=(Fp b) noexcept { return *this = *this - b; }
  PackedFpT& operator*=(Fp b) noexcept { return *this = *this * b; }

  PackedFpT square() const noexcept { return from_vec(B::square(v_)); }
  PackedFpT dbl() const noexcept { return *this + *this; }
  PackedFpT pow(uint64_t e) const noexcept {
    PackedFpT base = *this, acc = one();
    while (e != 0) {
      if (e & 1) acc *= base;
      base = base.square();
      e >>= 1;
    }
    return acc;
  }

  // Lane-wise sum a[i] * b[i], N <= 4, with one Montgomery reduction per lane (see Fp::dot_product).
  template <size_t N>
  static PackedFpT dot_product(const std::array<PackedFpT, N>& a, const std::array<PackedFpT, N>& b) noexcept {
    Vec va[N], vb[N];  // plain arrays: std::array<__m512i> would drop the vector type's alignment attribute
    for (size_t i = 0; i < N; ++i) {
      va[i] = a[i].v_;
      vb[i] = b[i].v_;
    }
    return from_vec(B::template dot_product<N>(va, vb));
  }

  friend bool operator==(const PackedFpT& a, const PackedFpT& b) noexcept { return B::equal(a.v_, b.v_); }

 private:
  PackedFpT(Vec v, int) noexcept : v_(v) {}
  Vec v_;
};

#if defined(ZKRV_FIELD_FORCE_SCALAR)
using PackedFp = PackedFpT<packed::ScalarBackend>;
#elif defined(__AVX512F__)
using PackedFp = PackedFpT<packed::Avx512Backend>;
#elif defined(__AVX2__)
using PackedFp = PackedFpT<packed::Avx2Backend>;
#else
using PackedFp = PackedFpT<packed::ScalarBackend>;
#endif

// Name of the backend compiled in ("avx512", "avx2" or "scalar"), for logs and benchmarks.
inline constexpr const char* kPackedFpBackend = PackedFp::Backend::NAME;

}  // namespace zkrv
