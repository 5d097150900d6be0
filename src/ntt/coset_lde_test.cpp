// The LDE contract of coset_lde.h against direct polynomial evaluation, interpolation back from the
// coset, and thread-count independence.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <random>

#include "base/bits.h"
#include "matrix/row_major_matrix.h"
#include "ntt/coset_lde.h"
#include "ntt/ntt.h"

namespace zkrv {
namespace {

Fp horner(const RowMajorMatrix<Fp>& coeffs, size_t col, Fp x) {
  Fp acc = Fp::zero();
  for (size_t j = coeffs.height(); j-- > 0;) acc = acc * x + coeffs(j, col);
  return acc;
}

// Evaluations on H in natural order, computed directly.
RowMajorMatrix<Fp> naive_evals(const RowMajorMatrix<Fp>& coeffs) {
  const size_t n = coeffs.height();
  const Fp root = Fp::two_adic_generator(log2_exact(n));
  auto e = RowMajorMatrix<Fp>::uninitialized(n, coeffs.width());
  for (size_t i = 0; i < n; ++i)
    for (size_t c = 0; c < coeffs.width(); ++c) e(i, c) = horner(coeffs, c, root.pow(i));
  return e;
}

TEST(CosetLde, ValuesEqualDirectEvaluationAtCosetPoints) {
  std::mt19937_64 rng(21);
  for (unsigned k : {0u, 1u, 3u, 5u}) {
    for (unsigned log_blowup : {0u, 1u, 2u, 3u}) {
      const size_t n = size_t{1} << k, big = n << log_blowup;
      const auto coeffs = RowMajorMatrix<Fp>::random(n, 3, rng);
      const auto evals = naive_evals(coeffs);
      const Fp w_big = Fp::two_adic_generator(k + log_blowup);
      for (RowOrder order : {RowOrder::bit_reversed, RowOrder::natural}) {
        const auto lde = coset_lde_batch(evals.view(), log_blowup, kLdeShift, order);
        ASSERT_EQ(lde.height(), big);
        const auto from_coeffs = coset_evaluate(coeffs.view(), log_blowup, kLdeShift, order);
        EXPECT_EQ(lde, from_coeffs);
        for (size_t i = 0; i < big; ++i) {
          const size_t e = order == RowOrder::natural ? i : reverse_bits(static_cast<uint32_t>(i), k + log_blowup);
          const Fp x = kLdeShift * w_big.pow(e);
          for (size_t c = 0; c < 3; ++c)
            ASSERT_EQ(lde(i, c), horner(coeffs, c, x)) << "k=" << k << " b=" << log_blowup << " i=" << i;
        }
      }
    }
  }
  EXPECT_EQ(kLdeShift, Fp(31u));
}

TEST(CosetLde, InterpolationOnTheCosetRecoversPaddedCoefficients) {
  std::mt19937_64 rng(22);
  struct Case { unsigned k; size_t w; unsigned log_blowup; };
  for (const Case cs : {Case{10, 17, 1}, Case{12, 1, 2}, Case{9, 64, 3}, Case{13, 5, 1}}) {
    const size_t n = size_t{1} << cs.k;
    const auto evals = RowMajorMatrix<Fp>::random(n, cs.w, rng);
    auto coeffs = evals;
    intt_in_place(coeffs.view());
    auto lde = coset_lde_batch(evals.view(), cs.log_blowup);
    coset_intt_in_place(lde.view(), kLdeShift, RowOrder::bit_reversed);
    for (size_t i = 0; i < lde.height(); ++i)
      for (size_t c = 0; c < cs.w; ++c)
        ASSERT_EQ(lde(i, c), i < n ? coeffs(i, c) : Fp::zero()) << "k=" << cs.k << " i=" << i;

    // Natural-order coset evaluations interpolate too, with another shift.
    const Fp shift(7u);
    auto nat = coset_lde_batch(evals.view(), cs.log_blowup, shift, RowOrder::natural);
    coset_intt_in_place(nat.view(), shift, RowOrder::natural);
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(nat(i, 0), coeffs(i, 0));
  }
}

// The first n rows of the bit-reversed LDE are the coset shift*H in bit-reversed order, and adjacent
// rows are x and -x (the FRI pairs).
TEST(CosetLde, BitReversedLayoutProperties) {
  std::mt19937_64 rng(23);
  const unsigned k = 6;
  const auto coeffs = RowMajorMatrix<Fp>::random(1 << k, 2, rng);
  const auto lde = coset_lde_batch(naive_evals(coeffs).view(), 2);
  const Fp w_big = Fp::two_adic_generator(k + 2);
  for (size_t j = 0; j < lde.height(); j += 2) {
    const Fp x = kLdeShift * w_big.pow(reverse_bits(static_cast<uint32_t>(j), k + 2));
    EXPECT_EQ(lde(j, 1), horner(coeffs, 1, x));
    EXPECT_EQ(lde(j + 1, 1), horner(coeffs, 1, -x));
  }
}

TEST(CosetLde, IdenticalWithOneAndTwoThreads) {
  std::mt19937_64 rng(24);
  const auto input = RowMajorMatrix<Fp>::random(1 << 16, 8, rng);
  auto run = [&](int threads) {
    tbb::task_arena arena(threads);
    RowMajorMatrix<Fp> out;
    arena.execute([&] { out = coset_lde_batch(input.view(), 1); });
    return out;
  };
  EXPECT_EQ(run(1), run(2));
}

// The randomized LDE is the evaluation of f + (X^n - 1) r, computed directly from f's and r's
// coefficients (f' has degree < n + t; its coefficients are c - r in the low t and r from n on).
TEST(CosetLde, RandomizedEqualsDirectEvaluationOfTheRandomizedPolynomial) {
  std::mt19937_64 rng(31);
  for (unsigned log_n : {1u, 3u, 6u}) {
    for (unsigned log_blowup : {0u, 1u, 2u}) {
      const size_t n = size_t{1} << log_n, w = 3;
      for (size_t t : {size_t{0}, size_t{1}, n / 2, n}) {
        const auto coeffs = RowMajorMatrix<Fp>::random(n, w, rng);
        const auto r = RowMajorMatrix<Fp>::random(t, w, rng);
        RowMajorMatrix<Fp> full(2 * n, w);  // f' = f - r + X^n r
        for (size_t j = 0; j < n; ++j)
          for (size_t c = 0; c < w; ++c) full(j, c) = coeffs(j, c) - (j < t ? r(j, c) : Fp::zero());
        for (size_t j = 0; j < t; ++j)
          for (size_t c = 0; c < w; ++c) full(n + j, c) = r(j, c);
        const auto lde = coset_lde_batch_randomized(naive_evals(coeffs).view(), r.view(), log_blowup);
        ASSERT_EQ(lde.height(), n << log_blowup);
        const unsigned log_big = log_n + log_blowup;
        const Fp w_big = Fp::two_adic_generator(log_big);
        for (size_t i = 0; i < lde.height(); ++i) {
          const Fp x = kLdeShift * w_big.pow(reverse_bits(static_cast<uint32_t>(i), log_big));
          for (size_t c = 0; c < w; ++c)
            ASSERT_EQ(lde(i, c), horner(full, c, x)) << log_n << " " << log_blowup << " " << t << " " << i;
        }
        // From f's coefficients instead of its evaluations: the same LDE.
        EXPECT_EQ(coset_evaluate_randomized(coeffs.view(), r.view(), log_blowup), lde) << log_n << " " << t;
        // On H itself f' = f: the randomizer never changes a trace value.
        if (t > 0) {
          const auto on_h = coset_lde_batch_randomized(naive_evals(coeffs).view(), r.view(), 0, Fp::one(),
                                                       RowOrder::natural);
          EXPECT_EQ(on_h, naive_evals(coeffs)) << log_n << " " << t;
        }
      }
    }
  }
  const auto evals = RowMajorMatrix<Fp>::random(8, 2, rng);
  EXPECT_THROW(coset_lde_batch_randomized(evals.view(), RowMajorMatrix<Fp>::random(9, 2, rng).view(), 1),
               std::invalid_argument);
  EXPECT_THROW(coset_lde_batch_randomized(evals.view(), RowMajorMatrix<Fp>::random(4, 3, rng).view(), 1),
               std::invalid_argument);
  EXPECT_THROW(coset_evaluate_randomized(evals.view(), RowMajorMatrix<Fp>::random(9, 2, rng).view(), 1),
               std::invalid_argument);
  EXPECT_THROW(coset_evaluate_randomized(evals.view(), RowMajorMatrix<Fp>::random(4, 3, rng).view(), 1),
               std::invalid_argument);
}

TEST(CosetLde, RejectsBadSizes) {
  RowMajorMatrix<Fp> m(6, 1);
  EXPECT_THROW(coset_lde_batch(m.view(), 1), std::invalid_argument);
  RowMajorMatrix<Fp> big(1 << 4, 1);
  EXPECT_THROW(coset_lde_batch(big.view(), 24), std::invalid_argument);
}

}  // namespace
}  // namespace zkrv
