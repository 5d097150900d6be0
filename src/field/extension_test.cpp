#include "field/extension.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "base/error.h"
#include "field/batch_inverse.h"

namespace zkrv {
namespace {

constexpr uint64_t kP = 2013265921u;
using Ref = std::array<uint64_t, 4>;  // canonical coefficients

// Independent reference: full polynomial product with u64 arithmetic, then x^4 -> 11.
Ref ref_mul(const Ref& a, const Ref& b) {
  std::array<uint64_t, 7> t{};
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) t[i + j] = (t[i + j] + a[i] * b[j] % kP) % kP;
  Ref r;
  for (int k = 0; k < 4; ++k) r[k] = (t[k] + (k + 4 < 7 ? 11 * t[k + 4] : 0)) % kP;
  return r;
}
Ref to_ref(const Ext& a) { return {a.coeff(0).as_canonical(), a.coeff(1).as_canonical(), a.coeff(2).as_canonical(), a.coeff(3).as_canonical()}; }
Ext from_ref(const Ref& r) {
  return Ext({Fp(static_cast<uint32_t>(r[0])), Fp(static_cast<uint32_t>(r[1])), Fp(static_cast<uint32_t>(r[2])),
              Fp(static_cast<uint32_t>(r[3]))});
}

Ext random_ext(std::mt19937_64& rng) {
  Ext a = Ext::random(rng);
  // Sometimes edge coefficients or a base-field element.
  if (rng() % 8 == 0) a.coeff(rng() % 4) = Fp::neg_one();
  if (rng() % 8 == 0) a.coeff(rng() % 4) = Fp::zero();
  if (rng() % 16 == 0) a = Ext(a.coeff(0));
  return a;
}

TEST(Ext, DefiningRelation) {
  const Ext x = Ext::monomial(1);
  EXPECT_EQ(x.pow(4), Ext(Fp(11u)));
  EXPECT_EQ(x * x * x * x, Ext(Fp(11u)));
  EXPECT_EQ(x.square().square(), Ext(Fp(11u)));
  EXPECT_EQ(x.pow(3), Ext::monomial(3));
  // x^4 - 11 is irreducible: p = 1 mod 4 and 11 is a non-square.
  EXPECT_EQ(kP % 4, 1u);
  EXPECT_EQ(Fp(11u).pow((kP - 1) / 2), Fp::neg_one());
  // The Frobenius root z = 11^((p-1)/4) is a primitive 4th root of unity.
  EXPECT_EQ(Ext::frobenius_root_pow(1).square(), Fp::neg_one());
}

TEST(Ext, AgreesWithReference) {
  std::mt19937_64 rng(10);
  for (int i = 0; i < 20000; ++i) {
    const Ext a = random_ext(rng), b = random_ext(rng);
    ASSERT_EQ(to_ref(a * b), ref_mul(to_ref(a), to_ref(b)));
    ASSERT_EQ(to_ref(a.square()), ref_mul(to_ref(a), to_ref(a)));
    Ref sum;
    for (int k = 0; k < 4; ++k) sum[k] = (to_ref(a)[k] + to_ref(b)[k]) % kP;
    ASSERT_EQ(to_ref(a + b), sum);
    ASSERT_EQ(a - b + b, a);
  }
  // Worst case for the delayed reduction: every coefficient p-1.
  const Ext m = Ext({Fp::neg_one(), Fp::neg_one(), Fp::neg_one(), Fp::neg_one()});
  EXPECT_EQ(to_ref(m * m), ref_mul(to_ref(m), to_ref(m)));
  EXPECT_EQ(to_ref(m.square()), ref_mul(to_ref(m), to_ref(m)));
  // A hand-checked product: (1 + x)(1 + x^3) = 1 + x + x^3 + x^4 = 12 + x + x^3.
  const Ext p = (Ext::one() + Ext::monomial(1)) * (Ext::one() + Ext::monomial(3));
  EXPECT_EQ(p, from_ref({12, 1, 0, 1}));
}

TEST(Ext, FieldLaws) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 5000; ++i) {
    const Ext a = random_ext(rng), b = random_ext(rng), c = random_ext(rng);
    const Fp s = Fp::random(rng);
    ASSERT_EQ((a * b) * c, a * (b * c));
    ASSERT_EQ(a * b, b * a);
    ASSERT_EQ(a * (b + c), a * b + a * c);
    ASSERT_EQ((a + b) + c, a + (b + c));
    ASSERT_EQ(a + (-a), Ext::zero());
    ASSERT_EQ(a * Ext::one(), a);
    ASSERT_EQ(a * s, a * Ext(s));
    ASSERT_EQ(s * a, a * Ext(s));
    ASSERT_EQ(a + s, a + Ext(s));
    ASSERT_EQ(a - s, a - Ext(s));
    ASSERT_EQ(s - a, Ext(s) - a);
    if (!a.is_zero()) {
      ASSERT_EQ(a * a.inverse(), Ext::one()) << a;
    }
  }
}

TEST(Ext, InverseEdgeCases) {
  EXPECT_EQ(Ext::zero().inverse(), Ext::zero());
  EXPECT_EQ(Ext::one().inverse(), Ext::one());
  const Ext x = Ext::monomial(1);
  EXPECT_EQ(x.inverse(), Ext::monomial(3) * Fp(11u).inverse());  // x * x^3 / 11 = 1
  EXPECT_EQ(Ext(Fp(7u)).inverse(), Ext(Fp(7u).inverse()));
}

TEST(Ext, PowMatchesRepeatedMultiplication) {
  std::mt19937_64 rng(12);
  const Ext a = random_ext(rng);
  Ext acc = Ext::one();
  for (uint64_t e = 0; e < 40; ++e) {
    ASSERT_EQ(a.pow(e), acc) << e;
    acc *= a;
  }
  // The multiplicative group has order p^4 - 1: a^(p^4-1) = 1, computed as a^(p^4) = a via Frobenius.
  EXPECT_EQ(a.pow(kP).pow(kP).pow(kP).pow(kP), a);
}

TEST(Ext, Frobenius) {
  std::mt19937_64 rng(13);
  for (int i = 0; i < 2000; ++i) {
    const Ext a = random_ext(rng), b = random_ext(rng);
    ASSERT_EQ(a.frobenius(), a.pow(kP));  // definition
    ASSERT_EQ(a.frobenius().frobenius().frobenius().frobenius(), a);
    ASSERT_EQ(a.frobenius_pow(4), a);
    ASSERT_EQ(a.frobenius_pow(2), a.frobenius().frobenius());
    ASSERT_EQ(a.frobenius_pow(3), a.frobenius().frobenius().frobenius());
    ASSERT_EQ((a * b).frobenius(), a.frobenius() * b.frobenius());
    ASSERT_EQ((a + b).frobenius(), a.frobenius() + b.frobenius());
    const Fp s = Fp::random(rng);
    ASSERT_EQ(Ext(s).frobenius(), Ext(s));  // fixes the base field
    // Norm = product of the 4 conjugates lies in the base field.
    const Ext prod = a * a.frobenius() * a.frobenius_pow(2) * a.frobenius_pow(3);
    ASSERT_TRUE(prod.is_in_base_field()) << a;
    ASSERT_EQ(prod.coeff(0), a.norm());
    ASSERT_EQ((a * b).norm(), a.norm() * b.norm());
  }
}

TEST(Ext, BatchInverse) {
  std::mt19937_64 rng(14);
  std::vector<Ext> v(100);
  for (auto& a : v) a = random_ext(rng);
  v[3] = Ext::zero();
  const std::vector<Ext> inv = batch_inverse(v);
  for (size_t i = 0; i < v.size(); ++i) ASSERT_EQ(inv[i], v[i].inverse()) << i;
}

TEST(Ext, SerializationRoundTripAndRejection) {
  std::mt19937_64 rng(15);
  const Ext a = random_ext(rng);
  const Ext b = from_ref({kP - 1, 0, 1, 12345});
  ByteWriter w;
  a.write(w);
  b.write(w);
  const std::vector<uint8_t> bytes = w.take();
  ASSERT_EQ(bytes.size(), 32u);
  EXPECT_EQ(load_le32(bytes.data() + 16), kP - 1);  // canonical, coefficient 0 first
  EXPECT_EQ(load_le32(bytes.data() + 28), 12345u);
  ByteReader r(bytes);
  EXPECT_EQ(Ext::read(r), a);
  EXPECT_EQ(Ext::read(r), b);
  EXPECT_TRUE(r.at_end());

  for (size_t pos = 0; pos < 4; ++pos) {
    ByteWriter bad;
    for (size_t i = 0; i < 4; ++i) bad.u32(i == pos ? static_cast<uint32_t>(kP) : 1u);
    ByteReader rb(bad.data());
    EXPECT_THROW(Ext::read(rb), MalformedInput) << pos;
  }
  const std::vector<uint8_t> truncated(bytes.begin(), bytes.begin() + 15);
  ByteReader rt(truncated);
  EXPECT_THROW(Ext::read(rt), MalformedInput);
}

}  // namespace
}  // namespace zkrv
