// NTT against the definition (direct evaluation at powers of the root), round trips, order variants,
// the single-column path against the batched path, and thread-count independence.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <random>

#include "base/bits.h"
#include "matrix/bit_reverse.h"
#include "matrix/row_major_matrix.h"
#include "ntt/ntt.h"

namespace zkrv {
namespace {

// sum_j c[j] x^j by Horner; the reference evaluation, independent of the NTT code and its tables.
Fp horner(const RowMajorMatrix<Fp>& coeffs, size_t col, Fp x) {
  Fp acc = Fp::zero();
  for (size_t j = coeffs.height(); j-- > 0;) acc = acc * x + coeffs(j, col);
  return acc;
}

size_t rev(size_t i, size_t n) { return reverse_bits(static_cast<uint32_t>(i), log2_exact(n)); }

// Row i of a matrix in `order` holds index i (natural) or rev(i).
size_t index_of_row(size_t row, size_t n, RowOrder order) {
  return order == RowOrder::natural ? row : rev(row, n);
}

RowMajorMatrix<Fp> permuted(const RowMajorMatrix<Fp>& m, RowOrder order) {
  auto out = m;
  if (order == RowOrder::bit_reversed) reverse_rows_bit_order(out.view());
  return out;
}

const RowOrder kOrders[] = {RowOrder::natural, RowOrder::bit_reversed};

TEST(Ntt, MatchesNaiveDftAllOrders) {
  std::mt19937_64 rng(7);
  for (unsigned k = 0; k <= 8; ++k) {
    const size_t n = size_t{1} << k;
    const Fp root = Fp::two_adic_generator(k);
    for (size_t w : {1u, 3u, 16u, 37u}) {
      const auto coeffs = RowMajorMatrix<Fp>::random(n, w, rng);
      for (RowOrder in : kOrders)
        for (RowOrder out : kOrders) {
          auto m = permuted(coeffs, in);
          ntt_in_place(m.view(), in, out);
          for (size_t row = 0; row < n; ++row)
            for (size_t c = 0; c < w; ++c)
              ASSERT_EQ(m(row, c), horner(coeffs, c, root.pow(index_of_row(row, n, out))))
                  << "k=" << k << " w=" << w << " row=" << row << " col=" << c;
        }
    }
  }
}

TEST(Ntt, InverseMatchesNaiveDefinition) {
  std::mt19937_64 rng(8);
  for (unsigned k : {0u, 1u, 4u, 7u}) {
    const size_t n = size_t{1} << k;
    const auto coeffs = RowMajorMatrix<Fp>::random(n, 5, rng);
    auto evals = RowMajorMatrix<Fp>::uninitialized(n, 5);
    for (size_t i = 0; i < n; ++i)
      for (size_t c = 0; c < 5; ++c) evals(i, c) = horner(coeffs, c, Fp::two_adic_generator(k).pow(i));
    for (RowOrder in : kOrders)
      for (RowOrder out : kOrders) {
        auto m = permuted(evals, in);
        intt_in_place(m.view(), in, out);
        EXPECT_EQ(m, permuted(coeffs, out)) << "k=" << k;
      }
  }
}

// Sizes large enough for the multi-pass (cache-blocked) schedule, checked on sampled rows.
TEST(Ntt, LargeSizesMatchDirectEvaluationOnSampledRows) {
  std::mt19937_64 rng(9);
  struct Case { unsigned k; size_t w; };
  for (const Case cs : {Case{17, 1}, Case{14, 3}, Case{12, 64}, Case{13, 37}, Case{11, 300}}) {
    const size_t n = size_t{1} << cs.k;
    const auto coeffs = RowMajorMatrix<Fp>::random(n, cs.w, rng);
    auto m = coeffs;
    ntt_in_place(m.view(), RowOrder::natural, RowOrder::bit_reversed);
    const Fp root = Fp::two_adic_generator(cs.k);
    for (int sample = 0; sample < 12; ++sample) {
      const size_t row = sample < 2 ? sample * (n - 1) : rng() % n;
      const size_t c = rng() % cs.w;
      ASSERT_EQ(m(row, c), horner(coeffs, c, root.pow(rev(row, n)))) << "k=" << cs.k << " w=" << cs.w;
    }
  }
}

TEST(Ntt, RoundTripManyShapes) {
  std::mt19937_64 rng(10);
  struct Case { unsigned k; size_t w; };
  for (const Case cs : {Case{0, 4}, Case{1, 1}, Case{5, 17}, Case{10, 1}, Case{10, 7}, Case{12, 64},
                        Case{15, 20}, Case{16, 16}, Case{18, 1}, Case{20, 1}}) {
    const auto orig = RowMajorMatrix<Fp>::random(size_t{1} << cs.k, cs.w, rng);
    auto m = orig;
    ntt_in_place(m.view());
    if (cs.k >= 2) {
      EXPECT_FALSE(m == orig);
    }
    intt_in_place(m.view());
    EXPECT_EQ(m, orig) << "k=" << cs.k << " w=" << cs.w;
  }
}

TEST(Ntt, StridedViewAndExtensionColumns) {
  std::mt19937_64 rng(11);
  // A column slice of a wider matrix transforms exactly as the dense copy of that slice.
  auto big = RowMajorMatrix<Fp>::random(1 << 9, 10, rng);
  auto slice = to_row_major(MatrixView<const Fp>(big.view().columns(3, 5)));
  ntt_in_place(big.view().columns(3, 5));
  ntt_in_place(slice.view());
  EXPECT_EQ(slice, to_row_major(MatrixView<const Fp>(big.view().columns(3, 5))));

  // Ext columns: coefficient k of the transform is the transform of coefficient k.
  auto e = RowMajorMatrix<Ext>::random(1 << 6, 3, rng);
  auto e2 = e;
  ntt_in_place(e2.view());
  const Fp root = Fp::two_adic_generator(6);
  for (size_t i : {0u, 1u, 33u, 63u}) {
    Ext acc = Ext::zero();
    for (size_t j = e.height(); j-- > 0;) acc = acc * root.pow(i) + e(j, 2);
    EXPECT_EQ(e2(i, 2), acc);
  }
  intt_in_place(e2.view());
  EXPECT_EQ(e2, e);
}

// The single-column SIMD path and the batched (across-the-row) path agree.
TEST(Ntt, SingleColumnEqualsBatched) {
  std::mt19937_64 rng(12);
  for (unsigned k : {3u, 6u, 13u, 16u}) {
    const size_t n = size_t{1} << k;
    auto m = RowMajorMatrix<Fp>::random(n, 16, rng);
    std::vector<std::vector<Fp>> cols(16);
    for (size_t c = 0; c < 16; ++c) cols[c] = m.column(c);
    ntt_in_place(m.view(), RowOrder::natural, RowOrder::bit_reversed);
    for (size_t c = 0; c < 16; ++c) {
      ntt_in_place(std::span<Fp>(cols[c]), RowOrder::natural, RowOrder::bit_reversed);
      ASSERT_EQ(cols[c], m.column(c)) << "k=" << k << " col=" << c;
    }
    for (size_t c = 0; c < 16; ++c) {
      intt_in_place(std::span<Fp>(cols[c]), RowOrder::bit_reversed, RowOrder::natural);
    }
    intt_in_place(m.view(), RowOrder::bit_reversed, RowOrder::natural);
    for (size_t c = 0; c < 16; ++c) ASSERT_EQ(cols[c], m.column(c));
  }
}

TEST(Ntt, IdenticalWithOneAndTwoThreads) {
  std::mt19937_64 rng(13);
  const auto input = RowMajorMatrix<Fp>::random(1 << 16, 8, rng);
  auto run = [&](int threads) {
    auto m = input;
    tbb::task_arena arena(threads);
    arena.execute([&] {
      ntt_in_place(m.view());
      intt_in_place(m.view(), RowOrder::natural, RowOrder::bit_reversed);
      ntt_in_place(m.view(), RowOrder::bit_reversed, RowOrder::bit_reversed);
    });
    return m;
  };
  EXPECT_EQ(run(1), run(2));
  std::vector<Fp> col(input.values().begin(), input.values().begin() + (1 << 16));
  auto run_col = [&](int threads) {
    auto v = col;
    tbb::task_arena arena(threads);
    arena.execute([&] { ntt_in_place(std::span<Fp>(v)); });
    return v;
  };
  EXPECT_EQ(run_col(1), run_col(2));
}

TEST(Ntt, RejectsBadHeights) {
  RowMajorMatrix<Fp> m(12, 2);
  EXPECT_THROW(ntt_in_place(m.view()), std::invalid_argument);
  EXPECT_THROW(intt_in_place(m.view()), std::invalid_argument);
}

}  // namespace
}  // namespace zkrv
