// Packed BabyBear and packed extension against the scalar types. This file is compiled three times
// (see CMakeLists.txt): natively (AVX-512 here), with -mno-avx512f (AVX2) and with
// ZKRV_FIELD_FORCE_SCALAR; each build also runs every backend its compiler flags allow via typed tests.
#include "field/packed_babybear.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "field/packed_extension.h"
#include "field/packed_batch_inverse.h"
#include "field/packed_transpose.h"

namespace zkrv {
namespace {

TEST(PackedFp, SelectedBackend) {
#if defined(ZKRV_EXPECT_PACKED_BACKEND)
  EXPECT_EQ(std::string(kPackedFpBackend), ZKRV_EXPECT_PACKED_BACKEND);
#elif defined(__AVX512F__)
  EXPECT_EQ(std::string(kPackedFpBackend), "avx512");
#endif
  EXPECT_EQ(PackedFp::WIDTH, std::string(kPackedFpBackend) == "avx512" ? 16u
                             : std::string(kPackedFpBackend) == "avx2" ? 8u
                                                                       : 4u);
  std::printf("PackedFp backend: %s, WIDTH %zu\n", kPackedFpBackend, PackedFp::WIDTH);
}

Fp random_edge(std::mt19937_64& rng) {
  switch (rng() % 6) {
    case 0: return Fp::zero();
    case 1: return Fp::one();
    case 2: return Fp::neg_one();
    default: return Fp::random(rng);
  }
}

template <class PF>
class PackedTyped : public ::testing::Test {};

using Backends = ::testing::Types<PackedFpT<packed::ScalarBackend>
#if defined(__AVX2__)
                                  , PackedFpT<packed::Avx2Backend>
#endif
#if defined(__AVX512F__)
                                  , PackedFpT<packed::Avx512Backend>
#endif
                                  >;
TYPED_TEST_SUITE(PackedTyped, Backends);

TYPED_TEST(PackedTyped, MatchesScalarOnRandomAndEdgeValues) {
  using PF = TypeParam;
  constexpr size_t W = PF::WIDTH;
  std::mt19937_64 rng(20);
  // Exhaustive over pairs of edge values first, then random lanes.
  const std::array<Fp, 6> edges = {Fp::zero(), Fp::one(), Fp::neg_one(), Fp(2u), Fp(Fp::P - 2), Fp((Fp::P + 1) / 2)};
  for (int iter = 0; iter < 20000; ++iter) {
    std::array<Fp, W> a, b;
    for (size_t i = 0; i < W; ++i) {
      if (iter < 36) {
        a[i] = edges[(iter / 6 + i) % 6];
        b[i] = edges[(iter + i) % 6];
      } else {
        a[i] = random_edge(rng);
        b[i] = random_edge(rng);
      }
    }
    const Fp s = random_edge(rng);
    const PF pa = PF::from_array(a), pb = PF::load(b.data());
    const auto sum = (pa + pb).to_array(), diff = (pa - pb).to_array(), prod = (pa * pb).to_array();
    const auto neg = (-pa).to_array(), sq = pa.square().to_array();
    const auto ms = (pa * s).to_array(), sm = (s * pa).to_array(), as = (pa + s).to_array(), ss = (s - pa).to_array();
    const auto cube = pa.pow(3).to_array();
    for (size_t i = 0; i < W; ++i) {
      ASSERT_EQ(sum[i], a[i] + b[i]) << i;
      ASSERT_EQ(diff[i], a[i] - b[i]) << i;
      ASSERT_EQ(prod[i], a[i] * b[i]) << a[i] << " * " << b[i];
      ASSERT_EQ(neg[i], -a[i]) << i;
      ASSERT_EQ(sq[i], a[i].square()) << i;
      ASSERT_EQ(ms[i], a[i] * s) << i;
      ASSERT_EQ(sm[i], s * a[i]) << i;
      ASSERT_EQ(as[i], a[i] + s) << i;
      ASSERT_EQ(ss[i], s - a[i]) << i;
      ASSERT_EQ(cube[i], a[i] * a[i] * a[i]) << i;
      ASSERT_LT(prod[i].monty(), Fp::P);
    }
  }
}

TYPED_TEST(PackedTyped, DotProductMatchesScalar) {
  using PF = TypeParam;
  constexpr size_t W = PF::WIDTH;
  std::mt19937_64 rng(22);
  for (int iter = 0; iter < 5000; ++iter) {
    std::array<PF, 4> a, b;
    std::array<std::array<Fp, 4>, W> sa, sb;
    for (size_t j = 0; j < 4; ++j) {
      // Largest Montgomery words in some iterations, to hit the 4 p^2 bound in every lane.
      a[j] = PF::from_fn([&](size_t i) { return sa[i][j] = iter % 7 == 0 ? Fp::from_monty(Fp::P - 1) : random_edge(rng); });
      b[j] = PF::from_fn([&](size_t i) { return sb[i][j] = iter % 7 == 0 ? Fp::from_monty(Fp::P - 1) : random_edge(rng); });
    }
    const auto d4 = PF::dot_product(a, b).to_array();
    const auto d2 = PF::template dot_product<2>({a[0], a[1]}, {b[0], b[1]}).to_array();
    for (size_t i = 0; i < W; ++i) {
      ASSERT_EQ(d4[i], Fp::dot_product(sa[i], sb[i])) << i;
      ASSERT_EQ(d4[i], sa[i][0] * sb[i][0] + sa[i][1] * sb[i][1] + sa[i][2] * sb[i][2] + sa[i][3] * sb[i][3]);
      ASSERT_EQ(d2[i], sa[i][0] * sb[i][0] + sa[i][1] * sb[i][1]);
    }
  }
}

TYPED_TEST(PackedTyped, BroadcastLoadStoreLanes) {
  using PF = TypeParam;
  constexpr size_t W = PF::WIDTH;
  EXPECT_EQ(PF::zero().to_array(), (std::array<Fp, W>{}));
  for (Fp x : PF::one().to_array()) EXPECT_EQ(x, Fp::one());
  for (Fp x : PF::broadcast(Fp(7u)).to_array()) EXPECT_EQ(x, Fp(7u));
  // Unaligned load/store at an odd offset.
  std::vector<Fp> buf(3 * W + 1);
  for (size_t i = 0; i < buf.size(); ++i) buf[i] = Fp(static_cast<uint32_t>(i * 1000003u));
  const PF v = PF::load(buf.data() + 1);
  for (size_t i = 0; i < W; ++i) EXPECT_EQ(v.lane(i), buf[i + 1]);
  v.store(buf.data() + 2 * W + 1);
  for (size_t i = 0; i < W; ++i) EXPECT_EQ(buf[2 * W + 1 + i], buf[i + 1]);
  const PF f = PF::from_fn([](size_t i) { return Fp(static_cast<uint32_t>(i + 1)); });
  EXPECT_EQ(f.lane(W - 1), Fp(static_cast<uint32_t>(W)));
  EXPECT_TRUE(f == f);
  EXPECT_FALSE(f == f + Fp::one());
  PF g = f;
  g += f;
  g -= Fp::one();
  g *= Fp(3u);
  g *= f;
  g += Fp(1u);
  g -= f;
  for (size_t i = 0; i < W; ++i) {
    const Fp x = f.lane(i);
    EXPECT_EQ(g.lane(i), (x + x - Fp::one()) * Fp(3u) * x + Fp(1u) - x);
  }
}

TYPED_TEST(PackedTyped, PackedExtensionMatchesScalar) {
  using PF = TypeParam;
  using PE = PackedExtT<PF>;
  constexpr size_t W = PF::WIDTH;
  std::mt19937_64 rng(21);
  for (int iter = 0; iter < 2000; ++iter) {
    std::array<Ext, W> a, b;
    std::array<Fp, W> base;
    for (size_t i = 0; i < W; ++i) {
      for (size_t j = 0; j < 4; ++j) {
        a[i].coeff(j) = random_edge(rng);
        b[i].coeff(j) = random_edge(rng);
      }
      base[i] = random_edge(rng);
    }
    const Ext c = Ext::random(rng);
    const Fp s = random_edge(rng);
    const PE pa = pack_ext<PF>(a), pb = pack_ext<PF>(b);
    const PF pbase = PF::from_array(base);
    const auto sum = unpack_ext(pa + pb), diff = unpack_ext(pa - pb), prod = unpack_ext(pa * pb);
    const auto sq = unpack_ext(pa.square()), mb = unpack_ext(pa * pbase), ab = unpack_ext(pa + pbase);
    const auto mc = unpack_ext(pa * c), cm = unpack_ext(c * pa), ac = unpack_ext(pa + c), sc = unpack_ext(pa - c);
    const auto neg = unpack_ext(-pa), fr = unpack_ext(pa.frobenius()), pw = unpack_ext(pa.pow(5));
    const auto msc = unpack_ext(pa * s), asc = unpack_ext(pa + s);
    for (size_t i = 0; i < W; ++i) {
      ASSERT_EQ(ext_lane(pa, i), a[i]);
      ASSERT_EQ(sum[i], a[i] + b[i]);
      ASSERT_EQ(diff[i], a[i] - b[i]);
      ASSERT_EQ(prod[i], a[i] * b[i]) << a[i] << " * " << b[i];
      ASSERT_EQ(sq[i], a[i].square());
      ASSERT_EQ(mb[i], a[i] * base[i]);
      ASSERT_EQ(ab[i], a[i] + base[i]);
      ASSERT_EQ(mc[i], a[i] * c);
      ASSERT_EQ(cm[i], c * a[i]);
      ASSERT_EQ(ac[i], a[i] + c);
      ASSERT_EQ(sc[i], a[i] - c);
      ASSERT_EQ(neg[i], -a[i]);
      ASSERT_EQ(fr[i], a[i].frobenius());
      ASSERT_EQ(pw[i], a[i].pow(5));
      ASSERT_EQ(msc[i], a[i] * s);
      ASSERT_EQ(asc[i], a[i] + s);
    }
    const auto bc = unpack_ext(broadcast_ext<PF>(c));
    for (size_t i = 0; i < W; ++i) ASSERT_EQ(bc[i], c);
  }
}

// The default PackedFp / PackedExt names, as other layers use them.
TEST(PackedFp, DefaultAliasesWork) {
  std::array<Fp, PackedFp::WIDTH> a;
  for (size_t i = 0; i < a.size(); ++i) a[i] = Fp(static_cast<uint32_t>(i * 7 + 3));
  const PackedFp x = PackedFp::from_array(a);
  const PackedExt e = broadcast_ext(Ext::monomial(1)) * x;
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(ext_lane(e, i), Ext::monomial(1) * a[i]);
}

}  // namespace
}  // namespace zkrv

namespace zkrv {
namespace {

// gather_columns against the element-by-element definition, for widths around the 16-column steps and
// rows scattered in memory (each row its own allocation, only `width` elements long).
TEST(PackedTranspose, GatherColumnsMatchesElementwise) {
  std::mt19937 rng(3);
  for (size_t width : {size_t{1}, size_t{4}, size_t{15}, size_t{16}, size_t{17}, size_t{33}, size_t{72}}) {
    std::vector<std::vector<Fp>> storage(PackedFp::WIDTH);
    std::array<const Fp*, PackedFp::WIDTH> rows;
    for (size_t l = 0; l < PackedFp::WIDTH; ++l) {
      for (size_t c = 0; c < width; ++c) storage[l].push_back(Fp(rng() % Fp::ORDER));
      rows[l] = storage[l].data();
    }
    std::vector<PackedFp> out(width);
    gather_columns(rows, width, out.data());
    for (size_t c = 0; c < width; ++c)
      for (size_t l = 0; l < PackedFp::WIDTH; ++l) ASSERT_EQ(out[c].lane(l), rows[l][c]) << width << " " << c << " " << l;
  }
}

}  // namespace
}  // namespace zkrv

namespace zkrv {
namespace {

TEST(PackedBatchInverse, InvertsEveryLaneAndReportsAZero) {
  std::mt19937 rng(8);
  auto random_ext = [&] {
    return Ext(std::array<Fp, 4>{Fp(rng() % Fp::ORDER), Fp(rng() % Fp::ORDER), Fp(rng() % Fp::ORDER),
                                 Fp(rng() % Fp::ORDER)});
  };
  std::vector<PackedExt> values(37), original;
  for (auto& v : values) {
    std::array<Ext, PackedFp::WIDTH> lanes;
    for (auto& x : lanes) x = random_ext();
    v = pack_ext<PackedFp>(std::span<const Ext, PackedFp::WIDTH>(lanes));
  }
  original = values;
  std::vector<PackedExt> prefix;
  ASSERT_TRUE(batch_inverse_lanes(std::span<PackedExt>(values), prefix));
  for (size_t i = 0; i < values.size(); ++i) {
    const auto product = unpack_ext(values[i] * original[i]);
    for (const Ext& x : product) EXPECT_EQ(x, Ext::one()) << i;
  }
  // One zero in one lane of one value: reported, not silently inverted.
  std::vector<PackedExt> with_zero = original;
  auto lanes = unpack_ext(with_zero[11]);
  lanes[PackedFp::WIDTH - 1] = Ext::zero();  // the last lane (WIDTH is 4, 8 or 16 by backend)
  with_zero[11] = pack_ext<PackedFp>(std::span<const Ext, PackedFp::WIDTH>(lanes));
  EXPECT_FALSE(batch_inverse_lanes(std::span<PackedExt>(with_zero), prefix));
}

}  // namespace
}  // namespace zkrv
