// BabyBear prime field, p = 2^31 - 2^27 + 1 = 0x78000001 (docs/architecture.md section 2).
//
// Elements are kept in Montgomery form in memory: an element x is stored as x * R mod p with R = 2^32.
// A product of two stored values then needs one Montgomery reduction (Montgomery, "Modular
// multiplication without trial division", Math. Comp. 44, 1985) instead of a 64-bit division, and the
// same representation is what the SIMD code in packed_babybear_*.h multiplies (the Plonky3 "monty-31"
// technique). Every serialization uses the canonical value 0 <= x < p, never the Montgomery word.
#pragma once

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>

#include "base/byte_io.h"

namespace zkrv {

class Fp {
 public:
  // ---- parameters --------------------------------------------------------------------------
  static constexpr uint32_t P = 0x78000001u;    // modulus, 2013265921
  static constexpr uint32_t ORDER = P;
  static constexpr uint32_t MU = 0x88000001u;   // P^-1 mod 2^32 (P = 1 + 15*2^27, so P^-1 = 1 - 15*2^27)
  static constexpr uint32_t R_MOD_P = 0x0ffffffeu;   // 2^32 mod P: Montgomery form of 1
  static constexpr uint32_t R2_MOD_P = 0x45dddde3u;  // 2^64 mod P: converts canonical -> Montgomery
  static constexpr unsigned TWO_ADICITY = 27;        // P - 1 = 15 * 2^27
  static constexpr uint32_t MULTIPLICATIVE_GENERATOR = 31;

  // ---- construction ------------------------------------------------------------------------
  constexpr Fp() noexcept = default;  // zero
  // Any 32-bit value, reduced mod p (so Fp(p) == 0 and Fp(0xFFFFFFFF) == 0xFFFFFFFF mod p).
  constexpr explicit Fp(uint32_t value) noexcept : m_(monty_reduce(uint64_t{value} * R2_MOD_P)) {}

  static constexpr Fp zero() noexcept { return Fp(); }
  static constexpr Fp one() noexcept { return from_monty(R_MOD_P); }
  static constexpr Fp two() noexcept { return Fp(2u); }
  static constexpr Fp neg_one() noexcept { return Fp(P - 1); }
  // Precondition value < p (asserted in debug builds; a release build reduces mod p). Use read() or
  // from_canonical_checked() for untrusted data.
  static constexpr Fp from_canonical(uint32_t value) noexcept {
    assert(value < P);
    return Fp(value);
  }
  static constexpr std::optional<Fp> from_canonical_checked(uint32_t value) noexcept {
    if (value >= P) return std::nullopt;
    return Fp(value);
  }
  static constexpr Fp from_u32(uint32_t value) noexcept { return Fp(value); }  // reduces mod p
  static constexpr Fp from_u64(uint64_t value) noexcept { return Fp(static_cast<uint32_t>(value % P)); }
  // Small signed constants (e.g. -1 in a constraint): reduced mod p.
  static constexpr Fp from_i64(int64_t value) noexcept {
    int64_t r = value % static_cast<int64_t>(P);
    if (r < 0) r += P;
    return Fp(static_cast<uint32_t>(r));
  }
  // Raw Montgomery word (x * 2^32 mod p, always < p). For SIMD and table code that must not convert.
  static constexpr Fp from_monty(uint32_t monty) noexcept {
    assert(monty < P);
    Fp r;
    r.m_ = monty;
    return r;
  }
  constexpr uint32_t monty() const noexcept { return m_; }
  constexpr uint32_t as_canonical() const noexcept { return monty_reduce(m_); }

  // Uniform element from a std::uniform_random_bit_generator (rejection sampling on 31 bits).
  template <class Rng>
  static Fp random(Rng& rng) {
    for (;;) {
      const uint32_t v = static_cast<uint32_t>(rng()) & 0x7fffffffu;
      if (v < P) return from_monty(v);  // a uniform Montgomery word is a uniform element
    }
  }

  // ---- arithmetic --------------------------------------------------------------------------
  constexpr bool is_zero() const noexcept { return m_ == 0; }
  friend constexpr bool operator==(Fp a, Fp b) noexcept { return a.m_ == b.m_; }  // representation is unique

  // a + b < 2p < 2^32, so the sum never wraps; min(s, s - p) picks s - p exactly when s >= p.
  friend constexpr Fp operator+(Fp a, Fp b) noexcept {
    const uint32_t s = a.m_ + b.m_;
    const uint32_t t = s - P;
    return from_monty_unchecked(t < s ? t : s);
  }
  // If a < b the difference wraps above 2^32 - p and adding p brings it back below p.
  friend constexpr Fp operator-(Fp a, Fp b) noexcept {
    const uint32_t d = a.m_ - b.m_;
    const uint32_t t = d + P;
    return from_monty_unchecked(t < d ? t : d);
  }
  friend constexpr Fp operator-(Fp a) noexcept { return from_monty_unchecked(a.m_ == 0 ? 0 : P - a.m_); }
  friend constexpr Fp operator*(Fp a, Fp b) noexcept {
    return from_monty_unchecked(monty_reduce(uint64_t{a.m_} * b.m_));
  }
  constexpr Fp& operator+=(Fp b) noexcept { return *this = *this + b; }
  constexpr Fp& operator-=(Fp b) noexcept { return *this = *this - b; }
  constexpr Fp& operator*=(Fp b) noexcept { return *this = *this * b; }

  constexpr Fp square() const noexcept { return *this * *this; }
  constexpr Fp dbl() const noexcept { return *this + *this; }
  // x / 2: halving commutes with the Montgomery map, so halve the stored word (odd words: (m + p) / 2).
  constexpr Fp halve() const noexcept { return from_monty_unchecked((m_ >> 1) + ((m_ & 1) ? (P + 1) / 2 : 0)); }

  constexpr Fp pow(uint64_t e) const noexcept {
    Fp base = *this, acc = one();
    while (e != 0) {
      if (e & 1) acc *= base;
      base = base.square();
      e >>= 1;
    }
    return acc;
  }
  // sum a[i] * b[i] with a single Montgomery reduction: the N <= 4 products of words below p sum to less
  // than 4 p^2 < 2^64, one conditional subtraction of p * 2^32 brings the sum below p * 2^32 (the input
  // bound of monty_reduce), and only then is it reduced. Extension multiplication is built on this
  // (the delayed-reduction idea Plonky3 uses for its extension-field dot products).
  template <size_t N>
  static constexpr Fp dot_product(const std::array<Fp, N>& a, const std::array<Fp, N>& b) noexcept {
    static_assert(N >= 1 && N <= 4, "4 p^2 < 2^64 bounds the unreduced sum");
    uint64_t acc = 0;
    for (size_t i = 0; i < N; ++i) acc += uint64_t{a[i].m_} * b[i].m_;
    const uint64_t t = acc - P_SHL_32;
    return from_monty_unchecked(monty_reduce(t < acc ? t : acc));
  }
  static constexpr uint64_t P_SHL_32 = uint64_t{P} << 32;  // p * 2^32, a multiple of p

  // x^(2^k), k squarings.
  constexpr Fp exp_power_of_2(unsigned k) const noexcept {
    Fp r = *this;
    for (unsigned i = 0; i < k; ++i) r = r.square();
    return r;
  }

  // Multiplicative inverse by Fermat, x^(p-2). The inverse of zero is defined as ZERO (no assert), which
  // is what x^(p-2) gives and keeps the function total and branch-free; callers for whom a zero is an
  // error must test is_zero() themselves (batch_inverse maps zeros to zeros the same way).
  //
  // p - 2 = 0x77FFFFFF = (2^3 - 1) * 2^28 + (2^27 - 1), so an addition chain of 54 squarings and
  // 7 multiplications replaces the 30 + 29 of plain square-and-multiply.
  constexpr Fp inverse() const noexcept {
    const Fp x1 = *this;
    const Fp x2 = x1.square() * x1;                 // x^(2^2 - 1)
    const Fp x3 = x2.square() * x1;                 // x^(2^3 - 1)
    const Fp x6 = x3.exp_power_of_2(3) * x3;        // x^(2^6 - 1)
    const Fp x12 = x6.exp_power_of_2(6) * x6;       // x^(2^12 - 1)
    const Fp x24 = x12.exp_power_of_2(12) * x12;    // x^(2^24 - 1)
    const Fp x27 = x24.exp_power_of_2(3) * x3;      // x^(2^27 - 1)
    return x3.exp_power_of_2(28) * x27;             // x^((2^3 - 1) 2^28 + 2^27 - 1)
  }

  // ---- structure ---------------------------------------------------------------------------
  static constexpr Fp generator() noexcept { return Fp(MULTIPLICATIVE_GENERATOR); }
  // A primitive 2^log_n-th root of unity, log_n <= 27. These are the values of
  // vectors/poseidon2_babybear.json "two_adic_generators" (the ones Plonky3 uses): entry 27 is
  // 31^((p-1)/2^27) and entry k is the square of entry k+1. Throws for log_n > 27.
  static constexpr Fp two_adic_generator(unsigned log_n);

  // ---- serialization (canonical u32, little-endian) ----------------------------------------
  void write(ByteWriter& out) const { out.u32(as_canonical()); }
  // Rejects a value >= p (and truncated input) with MalformedInput.
  static Fp read(ByteReader& in);

 private:
  static constexpr Fp from_monty_unchecked(uint32_t monty) noexcept {
    Fp r;
    r.m_ = monty;
    return r;
  }

 public:
  // Montgomery reduction: for x < p * 2^32 returns x * 2^-32 mod p in [0, p).
  // q = x * p^-1 mod 2^32 makes x - q*p divisible by 2^32; the low words of x and q*p are equal, so the
  // quotient is just the difference of the high words, which lies in (-p, p) and needs one correction.
  static constexpr uint32_t monty_reduce(uint64_t x) noexcept {
    const uint32_t q = static_cast<uint32_t>(x) * MU;
    const uint64_t qp = uint64_t{q} * P;
    const uint32_t xh = static_cast<uint32_t>(x >> 32);
    const uint32_t qh = static_cast<uint32_t>(qp >> 32);
    const uint32_t r = xh - qh;
    return xh < qh ? r + P : r;
  }

 private:
  uint32_t m_ = 0;  // Montgomery word, always < P
};

static_assert(sizeof(Fp) == 4 && alignof(Fp) == 4, "Fp must be layout-compatible with uint32_t");

namespace detail {
inline constexpr std::array<uint32_t, Fp::TWO_ADICITY + 1> kTwoAdicGenerators = {
    1u,          2013265920u, 1728404513u, 1592366214u, 196396260u,  760005850u,  1721589904u,
    397765732u,  1732600167u, 1753498361u, 341742893u,  1340477990u, 1282623253u, 298008106u,
    1657000625u, 2009781145u, 1421947380u, 1286330022u, 1559589183u, 1049899240u, 195061667u,
    414040701u,  570250684u,  1267047229u, 1003846038u, 1149491290u, 975630072u,  440564289u,
};
[[noreturn]] void throw_two_adic_out_of_range(unsigned log_n);
}  // namespace detail

constexpr Fp Fp::two_adic_generator(unsigned log_n) {
  if (log_n > TWO_ADICITY) detail::throw_two_adic_out_of_range(log_n);
  return Fp(detail::kTwoAdicGenerators[log_n]);
}

// Prints the canonical value (for test diagnostics).
std::ostream& operator<<(std::ostream& os, Fp x);

}  // namespace zkrv
