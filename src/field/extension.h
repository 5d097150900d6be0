// Binomial extension fields F[x]/(x^D - W) over BabyBear (docs/architecture.md section 2: degree 4, x^4 - 11).
//
// The rest of zkrv names only `Ext` (and `PackedExt` in packed_extension.h), so raising the degree later
// means changing the alias below. The template is generic over the coefficient type F so that the same
// arithmetic serves the scalar field (F = Fp) and the prover's packed lanes (F = PackedFp): F needs
// +, -, *, unary -, F * Fp, F::zero() and F::one(). Members that need an inverse or random sampling are
// only instantiated for F = Fp.
//
// x^D - W is irreducible here because p = 1 mod 4 and 11 is not a square mod p (tested). The Frobenius
// map a -> a^p acts on the basis as x^i -> (W^((p-1)/D))^i x^i, since x^p = x (x^D)^((p-1)/D); so all
// Frobenius powers are coefficient-wise multiplications by powers of the D-th root of unity
// z = W^((p-1)/D) (frob^k multiplies coefficient i by z^(i k)).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <ostream>

#include "base/byte_io.h"
#include "field/babybear.h"

namespace zkrv {

template <class F, size_t D, uint32_t W>
class BinomialExtension {
  static_assert(D >= 2, "extension degree must be at least 2");
  static_assert((Fp::P - 1) % D == 0, "Frobenius via a D-th root of unity needs D | p - 1");

 public:
  using Base = F;
  static constexpr size_t DEGREE = D;
  static constexpr uint32_t NONRESIDUE = W;  // x^D = W

  // ---- construction ------------------------------------------------------------------------
  BinomialExtension() noexcept : c_{} {
    for (auto& c : c_) c = F::zero();
  }
  explicit BinomialExtension(const F& base) noexcept : BinomialExtension() { c_[0] = base; }  // embedding
  explicit BinomialExtension(const std::array<F, D>& coeffs) noexcept : c_(coeffs) {}

  static BinomialExtension zero() noexcept { return BinomialExtension(); }
  static BinomialExtension one() noexcept { return BinomialExtension(F::one()); }
  static BinomialExtension from_base(const F& base) noexcept { return BinomialExtension(base); }
  static BinomialExtension from_coeffs(const std::array<F, D>& coeffs) noexcept { return BinomialExtension(coeffs); }
  // x^i for i < D (the basis element; x = monomial(1) generates the extension).
  static BinomialExtension monomial(size_t i) noexcept {
    BinomialExtension r;
    r.c_[i] = F::one();
    return r;
  }
  template <class Rng>
  static BinomialExtension random(Rng& rng) {
    BinomialExtension r;
    for (auto& c : r.c_) c = F::random(rng);
    return r;
  }

  // ---- coefficients (a = sum c_i x^i) ------------------------------------------------------
  const std::array<F, D>& coeffs() const noexcept { return c_; }
  const F& coeff(size_t i) const noexcept { return c_[i]; }
  F& coeff(size_t i) noexcept { return c_[i]; }
  bool is_in_base_field() const noexcept {
    for (size_t i = 1; i < D; ++i)
      if (!(c_[i] == F::zero())) return false;
    return true;
  }
  bool is_zero() const noexcept { return *this == zero(); }

  friend bool operator==(const BinomialExtension& a, const BinomialExtension& b) noexcept {
    for (size_t i = 0; i < D; ++i)
      if (!(a.c_[i] == b.c_[i])) return false;
    return true;
  }

  // ---- arithmetic --------------------------------------------------------------------------
  friend BinomialExtension operator+(const BinomialExtension& a, const BinomialExtension& b) noexcept {
    BinomialExtension r;
    for (size_t i = 0; i < D; ++i) r.c_[i] = a.c_[i] + b.c_[i];
    return r;
  }
  friend BinomialExtension operator-(const BinomialExtension& a, const BinomialExtension& b) noexcept {
    BinomialExtension r;
    for (size_t i = 0; i < D; ++i) r.c_[i] = a.c_[i] - b.c_[i];
    return r;
  }
  friend BinomialExtension operator-(const BinomialExtension& a) noexcept {
    BinomialExtension r;
    for (size_t i = 0; i < D; ++i) r.c_[i] = -a.c_[i];
    return r;
  }
  // Schoolbook product; terms of degree >= D wrap around multiplied by W (x^D = W).
  // For D <= 4 each output coefficient is one dot product of a with (b reversed, W b for the wrapped
  // part), reduced once (F::dot_product): 16 word products + 4 reductions + 3 multiplications by W,
  // instead of 19 fully reduced multiplications.
  friend BinomialExtension operator*(const BinomialExtension& a, const BinomialExtension& b) noexcept {
    BinomialExtension r;
    if constexpr (D <= 4) {
      std::array<F, D> bw;  // bw[j] = W b[j], only j >= 1 is used
      for (size_t j = 1; j < D; ++j) bw[j] = b.c_[j] * w();
      for (size_t k = 0; k < D; ++k) {
        std::array<F, D> y;
        for (size_t i = 0; i < D; ++i) y[i] = i <= k ? b.c_[k - i] : bw[D + k - i];
        r.c_[k] = F::template dot_product<D>(a.c_, y);
      }
      return r;
    }
    for (size_t k = 0; k < D; ++k) {
      F lo = a.c_[0] * b.c_[k];
      for (size_t i = 1; i <= k; ++i) lo = lo + a.c_[i] * b.c_[k - i];
      if (k + 1 < D) {
        F hi = a.c_[k + 1] * b.c_[D - 1];
        for (size_t i = k + 2; i < D; ++i) hi = hi + a.c_[i] * b.c_[D + k - i];
        lo = lo + hi * w();
      }
      r.c_[k] = lo;
    }
    return r;
  }

  // Mixed with the coefficient type (a base-field element, or a packed base element for PackedExt).
  friend BinomialExtension operator+(const BinomialExtension& a, const F& b) noexcept {
    BinomialExtension r = a;
    r.c_[0] = r.c_[0] + b;
    return r;
  }
  friend BinomialExtension operator+(const F& a, const BinomialExtension& b) noexcept { return b + a; }
  friend BinomialExtension operator-(const BinomialExtension& a, const F& b) noexcept {
    BinomialExtension r = a;
    r.c_[0] = r.c_[0] - b;
    return r;
  }
  friend BinomialExtension operator-(const F& a, const BinomialExtension& b) noexcept { return -b + a; }
  friend BinomialExtension operator*(const BinomialExtension& a, const F& b) noexcept {
    BinomialExtension r;
    for (size_t i = 0; i < D; ++i) r.c_[i] = a.c_[i] * b;
    return r;
  }
  friend BinomialExtension operator*(const F& a, const BinomialExtension& b) noexcept { return b * a; }

  BinomialExtension& operator+=(const BinomialExtension& b) noexcept { return *this = *this + b; }
  BinomialExtension& operator-=(const BinomialExtension& b) noexcept { return *this = *this - b; }
  BinomialExtension& operator*=(const BinomialExtension& b) noexcept { return *this = *this * b; }
  BinomialExtension& operator+=(const F& b) noexcept { return *this = *this + b; }
  BinomialExtension& operator-=(const F& b) noexcept { return *this = *this - b; }
  BinomialExtension& operator*=(const F& b) noexcept { return *this = *this * b; }

  // Squaring needs D(D+1)/2 products instead of D^2: a_i a_j for i < j is formed once and doubled.
  BinomialExtension square() const noexcept {
    std::array<F, 2 * D - 1> t;
    for (auto& v : t) v = F::zero();
    for (size_t i = 0; i < D; ++i) {
      t[2 * i] = t[2 * i] + c_[i] * c_[i];
      for (size_t j = i + 1; j < D; ++j) {
        const F prod = c_[i] * c_[j];
        t[i + j] = t[i + j] + (prod + prod);
      }
    }
    BinomialExtension r;
    for (size_t k = 0; k < D; ++k) r.c_[k] = k + D < 2 * D - 1 ? t[k] + t[k + D] * w() : t[k];
    return r;
  }

  BinomialExtension pow(uint64_t e) const noexcept {
    BinomialExtension base = *this, acc = one();
    while (e != 0) {
      if (e & 1) acc *= base;
      base = base.square();
      e >>= 1;
    }
    return acc;
  }

  // a -> a^p.
  BinomialExtension frobenius() const noexcept { return frobenius_pow(1); }
  // a -> a^(p^k); k is taken mod D (frob^D is the identity).
  BinomialExtension frobenius_pow(size_t k) const noexcept {
    BinomialExtension r = *this;
    for (size_t i = 1; i < D; ++i) r.c_[i] = r.c_[i] * frobenius_root_pow((i * k) % D);
    return r;
  }

  // Norm N(a) = a * a^p * ... * a^(p^(D-1)), an element of the base field (F = Fp only).
  Fp norm() const noexcept {
    const BinomialExtension conj = conjugates_product();
    return constant_term_of_product(*this, conj);
  }

  // a^-1 = (a^p ... a^(p^(D-1))) / N(a): the product of the other conjugates is invertible by one base
  // field inversion, the standard norm trick (as in Plonky3's binomial extension). Zero maps to zero,
  // matching Fp::inverse (F = Fp only).
  BinomialExtension inverse() const noexcept {
    const BinomialExtension conj = conjugates_product();
    return conj * constant_term_of_product(*this, conj).inverse();
  }

  // ---- serialization: D canonical u32 values, coefficient 0 first (F = Fp only) ------------
  void write(ByteWriter& out) const {
    for (const auto& c : c_) c.write(out);
  }
  static BinomialExtension read(ByteReader& in) {
    BinomialExtension r;
    for (auto& c : r.c_) c = Fp::read(in);
    return r;
  }

  // z^j for z = W^((p-1)/D), the D-th root of unity of the Frobenius map.
  static Fp frobenius_root_pow(size_t j) noexcept { return kFrobeniusRoots[j]; }

 private:
  static Fp w() noexcept { return kW; }

  // a^p * a^(p^2) * ... * a^(p^(D-1)).
  BinomialExtension conjugates_product() const noexcept {
    BinomialExtension prod = frobenius_pow(1);
    for (size_t k = 2; k < D; ++k) prod *= frobenius_pow(k);
    return prod;
  }
  // Coefficient 0 of a * b (the only one needed when the product is known to lie in the base field).
  static F constant_term_of_product(const BinomialExtension& a, const BinomialExtension& b) noexcept {
    F hi = a.c_[1] * b.c_[D - 1];
    for (size_t i = 2; i < D; ++i) hi = hi + a.c_[i] * b.c_[D - i];
    return a.c_[0] * b.c_[0] + hi * w();
  }

  static constexpr Fp kW = Fp(W);
  static constexpr std::array<Fp, D> make_frobenius_roots() {
    const Fp z = Fp(W).pow((Fp::P - 1) / D);
    std::array<Fp, D> r{};
    Fp acc = Fp::one();
    for (size_t j = 0; j < D; ++j) {
      r[j] = acc;
      acc *= z;
    }
    return r;
  }
  static constexpr std::array<Fp, D> kFrobeniusRoots = make_frobenius_roots();

  std::array<F, D> c_;
};

// Prints the canonical coefficients, e.g. "[1, 2, 3, 4]" (for test diagnostics).
template <size_t D, uint32_t W>
std::ostream& operator<<(std::ostream& os, const BinomialExtension<Fp, D, W>& a) {
  os << '[';
  for (size_t i = 0; i < D; ++i) os << (i ? ", " : "") << a.coeff(i);
  return os << ']';
}

// The extension field of zkrv: degree 4, x^4 = 11 (the one Plonky3 and SP1 use for BabyBear).
using Ext = BinomialExtension<Fp, 4, 11>;

}  // namespace zkrv
