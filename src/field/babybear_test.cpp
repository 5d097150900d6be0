#include "field/babybear.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "base/error.h"
#include "field/batch_inverse.h"

namespace zkrv {
namespace {

// Independent reference: plain modular arithmetic on canonical values, no Montgomery form.
constexpr uint64_t kP = 2013265921u;
uint32_t ref_mul(uint32_t a, uint32_t b) { return static_cast<uint32_t>((unsigned __int128)a * b % kP); }
uint32_t ref_add(uint32_t a, uint32_t b) { return static_cast<uint32_t>((uint64_t{a} + b) % kP); }
uint32_t ref_sub(uint32_t a, uint32_t b) { return static_cast<uint32_t>((uint64_t{a} + kP - b) % kP); }
uint32_t ref_pow(uint32_t a, uint64_t e) {
  uint64_t r = 1, b = a;
  for (; e; e >>= 1, b = b * b % kP)
    if (e & 1) r = r * b % kP;
  return static_cast<uint32_t>(r);
}

// Random values biased towards the edges 0, 1, p-1, p-2 and small numbers.
uint32_t random_canonical(std::mt19937_64& rng) {
  switch (rng() % 8) {
    case 0: return static_cast<uint32_t>(rng() % 4);
    case 1: return static_cast<uint32_t>(kP - 1 - rng() % 4);
    default: return static_cast<uint32_t>(rng() % kP);
  }
}

TEST(Fp, Constants) {
  EXPECT_EQ(Fp::P, kP);
  EXPECT_EQ(static_cast<uint32_t>(Fp::P * Fp::MU), 1u);
  EXPECT_EQ(Fp::R_MOD_P, (uint64_t{1} << 32) % kP);
  EXPECT_EQ(Fp::R2_MOD_P, static_cast<uint32_t>(((unsigned __int128)1 << 64) % kP));
  EXPECT_EQ((kP - 1) % (uint64_t{1} << 27), 0u);
  EXPECT_EQ(((kP - 1) >> 27) & 1, 1u);  // two-adicity exactly 27
  EXPECT_EQ(Fp::one().as_canonical(), 1u);
  EXPECT_EQ(Fp::zero().as_canonical(), 0u);
  EXPECT_EQ(Fp::neg_one().as_canonical(), kP - 1);
  EXPECT_EQ(Fp::one().monty(), Fp::R_MOD_P);
}

TEST(Fp, ConstructionReducesOrChecks) {
  EXPECT_EQ(Fp(static_cast<uint32_t>(kP)), Fp::zero());
  EXPECT_EQ(Fp(0xFFFFFFFFu).as_canonical(), 0xFFFFFFFFu % kP);
  EXPECT_EQ(Fp::from_u64(~uint64_t{0}).as_canonical(), ~uint64_t{0} % kP);
  EXPECT_EQ(Fp::from_i64(-1), Fp::neg_one());
  EXPECT_EQ(Fp::from_i64(-static_cast<int64_t>(kP) - 5), -Fp(5u));
  EXPECT_FALSE(Fp::from_canonical_checked(static_cast<uint32_t>(kP)).has_value());
  EXPECT_FALSE(Fp::from_canonical_checked(0xFFFFFFFFu).has_value());
  ASSERT_TRUE(Fp::from_canonical_checked(static_cast<uint32_t>(kP - 1)).has_value());
  EXPECT_EQ(Fp::from_canonical_checked(static_cast<uint32_t>(kP - 1))->as_canonical(), kP - 1);
  for (uint32_t v : {0u, 1u, 2u, 12345u, static_cast<uint32_t>(kP - 1)}) {
    EXPECT_EQ(Fp::from_canonical(v).as_canonical(), v);
    EXPECT_EQ(Fp::from_monty(Fp(v).monty()), Fp(v));
  }
}

TEST(Fp, ConstexprEvaluation) {
  constexpr Fp a = Fp(7u) * Fp(9u) + Fp(1u) - Fp(2u);
  static_assert(a.as_canonical() == 62);
  static_assert((Fp::neg_one() * Fp::neg_one()) == Fp::one());
  static_assert(Fp(3u).inverse() * Fp(3u) == Fp::one());
  static_assert(Fp::two_adic_generator(1) == Fp::neg_one());
  SUCCEED();
}

TEST(Fp, HandComputedValues) {
  const Fp m1 = Fp::from_canonical(static_cast<uint32_t>(kP - 1));
  EXPECT_EQ(m1 * m1, Fp::one());                      // (p-1)^2 = 1
  EXPECT_EQ(m1 + Fp::one(), Fp::zero());
  EXPECT_EQ(Fp::zero() - Fp::one(), m1);
  EXPECT_EQ(-Fp::zero(), Fp::zero());
  EXPECT_EQ((Fp(1u << 30) * Fp(4u)).as_canonical(), (uint64_t{1} << 32) % kP);  // 2^32 mod p = 0x0ffffffe
  EXPECT_EQ(Fp(2u).inverse().as_canonical(), (kP + 1) / 2);
  EXPECT_EQ(Fp(5u).halve().as_canonical(), (5 + kP) / 2);
  EXPECT_EQ(Fp(6u).halve(), Fp(3u));
  EXPECT_EQ(Fp(2u).pow(31).as_canonical(), (uint64_t{1} << 31) % kP);  // 2^31 = 2^27 - 1 mod p
  EXPECT_EQ(Fp(2u).pow(31).as_canonical(), (1u << 27) - 1);
  EXPECT_EQ(Fp(12345u).pow(0), Fp::one());
  EXPECT_EQ(Fp::zero().pow(0), Fp::one());
  EXPECT_EQ(Fp::zero().pow(5), Fp::zero());
}

TEST(Fp, AgreesWithReferenceArithmetic) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 200000; ++i) {
    const uint32_t a = random_canonical(rng), b = random_canonical(rng);
    const Fp x(a), y(b);
    ASSERT_EQ((x * y).as_canonical(), ref_mul(a, b)) << a << " * " << b;
    ASSERT_EQ((x + y).as_canonical(), ref_add(a, b)) << a << " + " << b;
    ASSERT_EQ((x - y).as_canonical(), ref_sub(a, b)) << a << " - " << b;
    ASSERT_EQ((-x).as_canonical(), ref_sub(0, a));
    ASSERT_EQ(x.square().as_canonical(), ref_mul(a, a));
    ASSERT_EQ(x.dbl().as_canonical(), ref_add(a, a));
    ASSERT_EQ(x.halve().dbl(), x);
    ASSERT_LT((x * y).monty(), kP);
  }
  for (int i = 0; i < 2000; ++i) {
    const uint32_t a = random_canonical(rng);
    const uint64_t e = rng();
    ASSERT_EQ(Fp(a).pow(e).as_canonical(), ref_pow(a, e));
    ASSERT_EQ(Fp(a).inverse().as_canonical(), ref_pow(a, kP - 2));
  }
}

template <size_t N>
void check_dot_product(std::mt19937_64& rng, bool worst_case) {
  std::array<Fp, N> a, b;
  uint64_t ref = 0;
  for (size_t i = 0; i < N; ++i) {
    a[i] = worst_case ? Fp::neg_one() : Fp(random_canonical(rng));
    b[i] = worst_case ? Fp::neg_one() : Fp(random_canonical(rng));
    ref = (ref + ref_mul(a[i].as_canonical(), b[i].as_canonical())) % kP;
  }
  ASSERT_EQ(Fp::dot_product(a, b).as_canonical(), ref);
}

TEST(Fp, DotProductDelayedReduction) {
  std::mt19937_64 rng(5);
  // All Montgomery words at their maximum exercise the 4 p^2 bound and the p * 2^32 correction.
  std::array<Fp, 4> big;
  big.fill(Fp::from_monty(Fp::P - 1));
  EXPECT_EQ(Fp::dot_product(big, big), Fp::from_monty(Fp::P - 1).square() * Fp(4u));
  check_dot_product<1>(rng, true);
  check_dot_product<2>(rng, true);
  check_dot_product<3>(rng, true);
  check_dot_product<4>(rng, true);
  for (int i = 0; i < 20000; ++i) {
    check_dot_product<1>(rng, false);
    check_dot_product<2>(rng, false);
    check_dot_product<3>(rng, false);
    check_dot_product<4>(rng, false);
  }
}

TEST(Fp, FieldLaws) {
  std::mt19937_64 rng(2);
  for (int i = 0; i < 20000; ++i) {
    const Fp a(random_canonical(rng)), b(random_canonical(rng)), c(random_canonical(rng));
    ASSERT_EQ((a + b) + c, a + (b + c));
    ASSERT_EQ((a * b) * c, a * (b * c));
    ASSERT_EQ(a + b, b + a);
    ASSERT_EQ(a * b, b * a);
    ASSERT_EQ(a * (b + c), a * b + a * c);
    ASSERT_EQ(a + (-a), Fp::zero());
    ASSERT_EQ(a - b, a + (-b));
    ASSERT_EQ(a + Fp::zero(), a);
    ASSERT_EQ(a * Fp::one(), a);
    if (!a.is_zero()) {
      ASSERT_EQ(a * a.inverse(), Fp::one());
    }
  }
}

TEST(Fp, InverseOfZeroIsZero) {
  EXPECT_EQ(Fp::zero().inverse(), Fp::zero());
  EXPECT_EQ(Fp::one().inverse(), Fp::one());
  EXPECT_EQ(Fp::neg_one().inverse(), Fp::neg_one());
}

TEST(Fp, RandomIsCanonicalAndSpread) {
  std::mt19937 rng(3);
  uint32_t max_seen = 0;
  for (int i = 0; i < 10000; ++i) {
    const Fp x = Fp::random(rng);
    ASSERT_LT(x.monty(), kP);
    max_seen = std::max(max_seen, x.as_canonical());
  }
  EXPECT_GT(max_seen, kP / 2);
}

TEST(Fp, TwoAdicGenerators) {
  // Entry 27 computed independently from the multiplicative generator: 31^((p-1)/2^27) = 31^15.
  EXPECT_EQ(Fp::two_adic_generator(27).as_canonical(), ref_pow(31, (kP - 1) >> 27));
  EXPECT_EQ(Fp::generator().as_canonical(), 31u);
  for (unsigned i = 0; i <= 27; ++i) {
    const Fp g = Fp::two_adic_generator(i);
    EXPECT_EQ(g.exp_power_of_2(i), Fp::one()) << i;
    if (i >= 1) {
      EXPECT_EQ(g.exp_power_of_2(i - 1), Fp::neg_one()) << i;
    }
    if (i < 27) {
      EXPECT_EQ(Fp::two_adic_generator(i + 1).square(), g) << i;
    }
  }
  EXPECT_THROW(Fp::two_adic_generator(28), Error);
}

TEST(Fp, GeneratorHasFullOrder) {
  // p - 1 = 2^27 * 3 * 5: 31 is a generator iff 31^((p-1)/q) != 1 for q in {2, 3, 5}.
  for (uint64_t q : {2u, 3u, 5u}) {
    EXPECT_NE(Fp::generator().pow((kP - 1) / q), Fp::one()) << q;
  }
  EXPECT_EQ(Fp::generator().pow(kP - 1), Fp::one());
}

TEST(Fp, BatchInverseMatchesSingleInverse) {
  std::mt19937_64 rng(4);
  for (size_t n : {0u, 1u, 2u, 7u, 1000u}) {
    std::vector<Fp> v(n);
    for (auto& x : v) x = Fp(random_canonical(rng));
    if (n > 3) v[0] = v[n / 2] = v[n - 1] = Fp::zero();  // zeros at the ends and in the middle
    const std::vector<Fp> inv = batch_inverse(v);
    ASSERT_EQ(inv.size(), n);
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(inv[i], v[i].inverse()) << "n=" << n << " i=" << i;
    std::vector<Fp> w = v;
    batch_inverse_in_place(std::span<Fp>(w));
    EXPECT_EQ(w, inv);
  }
  std::vector<Fp> zeros(5);
  EXPECT_EQ(batch_inverse(zeros), zeros);
}

TEST(Fp, SerializationRoundTrip) {
  ByteWriter w;
  const std::vector<uint32_t> values = {0, 1, 2, 0x12345678, static_cast<uint32_t>(kP - 1)};
  for (uint32_t v : values) Fp(v).write(w);
  const std::vector<uint8_t> bytes = w.take();
  ASSERT_EQ(bytes.size(), 4 * values.size());
  // Canonical little-endian, not the Montgomery word.
  EXPECT_EQ(load_le32(bytes.data() + 12), 0x12345678u);
  EXPECT_EQ(load_le32(bytes.data() + 4), 1u);
  ByteReader r(bytes);
  for (uint32_t v : values) EXPECT_EQ(Fp::read(r).as_canonical(), v);
  EXPECT_TRUE(r.at_end());
}

TEST(Fp, ReadRejectsNonCanonicalAndTruncated) {
  for (uint32_t bad : {static_cast<uint32_t>(kP), static_cast<uint32_t>(kP + 1), 0x80000000u, 0xFFFFFFFFu}) {
    ByteWriter w;
    w.u32(bad);
    ByteReader r(w.data());
    EXPECT_THROW(Fp::read(r), MalformedInput) << bad;
  }
  const std::vector<uint8_t> short_bytes = {1, 0, 0};
  ByteReader r(short_bytes);
  EXPECT_THROW(Fp::read(r), MalformedInput);
}

}  // namespace
}  // namespace zkrv
