// Portable backend of PackedFp: a fixed array of Fp lanes processed by plain loops (which the compiler
// may auto-vectorize). Used when neither AVX-512 nor AVX2 is enabled at compile time (e.g. the
// ZKRV_PORTABLE x86-64-v2 build) or when ZKRV_FIELD_FORCE_SCALAR is defined.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "field/babybear.h"

namespace zkrv::packed {

struct ScalarBackend {
  static constexpr size_t WIDTH = 4;  // > 1 so that code generic over WIDTH is exercised by this path too
  static constexpr const char* NAME = "scalar";
  using Vec = std::array<Fp, WIDTH>;

  static Vec broadcast(uint32_t monty) noexcept {
    Vec r;
    r.fill(Fp::from_monty(monty));
    return r;
  }
  static Vec load(const uint32_t* src) noexcept {
    Vec r;
    for (size_t i = 0; i < WIDTH; ++i) r[i] = Fp::from_monty(src[i]);
    return r;
  }
  static void store(uint32_t* dst, const Vec& v) noexcept {
    for (size_t i = 0; i < WIDTH; ++i) dst[i] = v[i].monty();
  }
  static bool equal(const Vec& a, const Vec& b) noexcept { return a == b; }

  template <class Op>
  static Vec map2(const Vec& a, const Vec& b, Op op) noexcept {
    Vec r;
    for (size_t i = 0; i < WIDTH; ++i) r[i] = op(a[i], b[i]);
    return r;
  }
  static Vec add(const Vec& a, const Vec& b) noexcept { return map2(a, b, [](Fp x, Fp y) { return x + y; }); }
  static Vec sub(const Vec& a, const Vec& b) noexcept { return map2(a, b, [](Fp x, Fp y) { return x - y; }); }
  static Vec mul(const Vec& a, const Vec& b) noexcept { return map2(a, b, [](Fp x, Fp y) { return x * y; }); }
  static Vec mul_broadcast(const Vec& a, const Vec& b) noexcept { return mul(a, b); }
  static Vec neg(const Vec& a) noexcept {
    Vec r;
    for (size_t i = 0; i < WIDTH; ++i) r[i] = -a[i];
    return r;
  }
  template <size_t N>
  static Vec dot_product(const Vec* a, const Vec* b) noexcept {
    Vec r;
    for (size_t lane = 0; lane < WIDTH; ++lane) {
      std::array<Fp, N> x, y;
      for (size_t i = 0; i < N; ++i) {
        x[i] = a[i][lane];
        y[i] = b[i][lane];
      }
      r[lane] = Fp::dot_product(x, y);
    }
    return r;
  }
  static Vec square(const Vec& a) noexcept { return mul(a, a); }
};

}  // namespace zkrv::packed
