// small_coset.h against direct evaluation: Horner over the coefficients at each coset point, with the
// randomized polynomial f + (X^n - 1) r written out coefficient by coefficient (degree < n + t).
#include "ntt/small_coset.h"

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <random>
#include <vector>

#include "base/bits.h"
#include "matrix/row_major_matrix.h"
#include "ntt/ntt.h"

namespace zkrv {
namespace {

Fp horner(const RowMajorMatrix<Fp>& coeffs, size_t col, Fp x) {
  Fp acc = Fp::zero();
  for (size_t j = coeffs.height(); j-- > 0;) acc = acc * x + coeffs(j, col);
  return acc;
}

// Evaluations on H_n in natural order, computed directly (O(n^2), independent of the NTT).
RowMajorMatrix<Fp> naive_evals(const RowMajorMatrix<Fp>& coeffs) {
  const size_t n = coeffs.height();
  const Fp root = Fp::two_adic_generator(log2_exact(n));
  auto e = RowMajorMatrix<Fp>::uninitialized(n, coeffs.width());
  for (size_t i = 0; i < n; ++i)
    for (size_t c = 0; c < coeffs.width(); ++c) e(i, c) = horner(coeffs, c, root.pow(i));
  return e;
}

// The coefficients of f + (X^n - 1) r: c_j - r_j below n, r_{j-n} from n on.
RowMajorMatrix<Fp> randomized_coeffs(const RowMajorMatrix<Fp>& f, const RowMajorMatrix<Fp>& r) {
  const size_t n = f.height(), w = f.width();
  RowMajorMatrix<Fp> out(n + r.height(), w);
  for (size_t j = 0; j < n; ++j)
    for (size_t c = 0; c < w; ++c) out(j, c) = f(j, c);
  for (size_t j = 0; j < r.height(); ++j)
    for (size_t c = 0; c < w; ++c) {
      out(j, c) -= r(j, c);
      out(n + j, c) += r(j, c);
    }
  return out;
}

// Checks out[s](j, c) == p_c(shifts[s] * w_T^j) for the coefficient matrix p.
void expect_direct(const std::vector<RowMajorMatrix<Fp>>& out, const RowMajorMatrix<Fp>& p, unsigned log_t,
                   const std::vector<Fp>& shifts, const char* what) {
  ASSERT_EQ(out.size(), shifts.size()) << what;
  const size_t t = size_t{1} << log_t;
  const Fp w_t = Fp::two_adic_generator(log_t);
  for (size_t s = 0; s < shifts.size(); ++s) {
    ASSERT_EQ(out[s].height(), t) << what;
    ASSERT_EQ(out[s].width(), p.width()) << what;
    for (size_t j = 0; j < t; ++j)
      for (size_t c = 0; c < p.width(); ++c)
        ASSERT_EQ(out[s](j, c), horner(p, c, shifts[s] * w_t.pow(j)))
            << what << " log_t=" << log_t << " s=" << s << " j=" << j << " c=" << c;
  }
}

TEST(SmallCoset, CoefficientsMatchHornerForShortExactAndLongInputs) {
  std::mt19937_64 rng(41);
  const Fp g2 = Fp::generator().square();
  for (unsigned log_t : {0u, 2u, 4u, 5u}) {
    const size_t t = size_t{1} << log_t;
    const Fp w_t = Fp::two_adic_generator(log_t);
    // N < T (when T > 1), N = T, and N = 5T + 3 (not a power of two, a partial last fold chunk).
    std::vector<size_t> sizes = {t, 5 * t + 3, 1};
    if (t > 2) sizes.push_back(t - 3);
    for (size_t big_n : sizes) {
      for (size_t w : {1u, 3u, 20u}) {
        const auto coeffs = RowMajorMatrix<Fp>::random(big_n, w, rng);
        for (Fp sigma : {g2, g2 * Fp::two_adic_generator(log_t + 3), Fp::one()}) {
          const auto out = evaluate_coefficients_on_small_coset(coeffs.view(), log_t, sigma);
          ASSERT_EQ(out.height(), t);
          ASSERT_EQ(out.width(), w);
          for (size_t j = 0; j < t; ++j)
            for (size_t c = 0; c < w; ++c)
              ASSERT_EQ(out(j, c), horner(coeffs, c, sigma * w_t.pow(j)))
                  << "log_t=" << log_t << " N=" << big_n << " w=" << w << " j=" << j << " c=" << c;
        }
      }
    }
  }
}

TEST(SmallCoset, RandomizedColumnsMatchDirectEvaluationOnEveryCoset) {
  std::mt19937_64 rng(42);
  constexpr size_t kWidth = 3;
  for (unsigned log_n = 6; log_n <= 10; ++log_n) {
    const size_t n = size_t{1} << log_n;
    const auto f = RowMajorMatrix<Fp>::random(n, kWidth, rng);
    const auto evals = naive_evals(f);
    const Fp g2 = Fp::generator().square();
    const std::vector<Fp> shifts = {g2, g2 * Fp::two_adic_generator(log_n), Fp(7u)};
    for (size_t t : {0u, 3u, 17u}) {
      const auto r = RowMajorMatrix<Fp>::random(t, kWidth, rng);
      const auto p = randomized_coeffs(f, r);
      for (unsigned log_t = 2; log_t <= log_n; ++log_t) {
        const auto out = evaluate_on_small_cosets(evals.view(), r.view(), log_t, shifts);
        expect_direct(out, p, log_t, shifts, "randomized");
      }
    }
  }
}

TEST(SmallCoset, WideMatrixAcrossColumnBlocksIsThreadCountIndependent) {
  std::mt19937_64 rng(43);
  constexpr unsigned kLogN = 8;
  constexpr size_t n = size_t{1} << kLogN, kWidth = 37;  // blocks of 16, 16 and 5 columns
  const auto f = RowMajorMatrix<Fp>::random(n, kWidth, rng);
  const auto evals = naive_evals(f);
  const Fp g2 = Fp::generator().square();
  const std::vector<Fp> shifts = {g2, g2 * Fp::two_adic_generator(kLogN), Fp::generator()};
  for (size_t t : {size_t{5}, n}) {  // t = n: the largest randomizer allowed
    const auto r = RowMajorMatrix<Fp>::random(t, kWidth, rng);
    for (unsigned log_t : {3u, kLogN}) {
      const auto out = evaluate_on_small_cosets(evals.view(), r.view(), log_t, shifts);
      expect_direct(out, randomized_coeffs(f, r), log_t, shifts, "wide");
      std::vector<RowMajorMatrix<Fp>> single;
      tbb::task_arena(1).execute([&] { single = evaluate_on_small_cosets(evals.view(), r.view(), log_t, shifts); });
      ASSERT_EQ(single.size(), out.size());
      for (size_t s = 0; s < out.size(); ++s) EXPECT_EQ(single[s], out[s]) << "t=" << t << " log_t=" << log_t;
    }
  }
}

TEST(SmallCoset, EmptyShiftsZeroWidthAndUnusedRandomizerWidth) {
  std::mt19937_64 rng(44);
  const auto evals = RowMajorMatrix<Fp>::random(16, 4, rng);
  const RowMajorMatrix<Fp> no_r;
  EXPECT_TRUE(evaluate_on_small_cosets(evals.view(), no_r.view(), 2, {}).empty());
  // A height-0 randomizer of any width means "no randomizer".
  const RowMajorMatrix<Fp> empty_r(0, 9);
  const std::vector<Fp> shifts = {Fp(5u)};
  const auto out = evaluate_on_small_cosets(evals.view(), empty_r.view(), 4, shifts);
  auto f = evals;
  intt_in_place(f.view());
  expect_direct(out, f, 4, shifts, "empty randomizer");
  // Zero columns: one T x 0 matrix per shift.
  const RowMajorMatrix<Fp> narrow(16, 0);
  const auto z = evaluate_on_small_cosets(narrow.view(), no_r.view(), 3, shifts);
  ASSERT_EQ(z.size(), 1u);
  EXPECT_EQ(z[0].height(), 8u);
  EXPECT_EQ(z[0].width(), 0u);
}

TEST(SmallCoset, InvalidArgumentsThrow) {
  std::mt19937_64 rng(45);
  const std::vector<Fp> shifts = {Fp(5u)};
  const RowMajorMatrix<Fp> no_r;
  const auto not_pow2 = RowMajorMatrix<Fp>::random(48, 2, rng);
  EXPECT_THROW(evaluate_on_small_cosets(not_pow2.view(), no_r.view(), 2, shifts), std::invalid_argument);
  const RowMajorMatrix<Fp> empty(0, 2);
  EXPECT_THROW(evaluate_on_small_cosets(empty.view(), no_r.view(), 0, shifts), std::invalid_argument);
  const auto evals = RowMajorMatrix<Fp>::random(8, 2, rng);
  EXPECT_THROW(evaluate_on_small_cosets(evals.view(), no_r.view(), 4, shifts), std::invalid_argument);  // T > n
  EXPECT_NO_THROW(evaluate_on_small_cosets(evals.view(), no_r.view(), 3, shifts));                    // T = n
  const auto wrong_width = RowMajorMatrix<Fp>::random(2, 3, rng);
  EXPECT_THROW(evaluate_on_small_cosets(evals.view(), wrong_width.view(), 2, shifts), std::invalid_argument);
  const auto too_tall = RowMajorMatrix<Fp>::random(9, 2, rng);
  EXPECT_THROW(evaluate_on_small_cosets(evals.view(), too_tall.view(), 2, shifts), std::invalid_argument);
  const auto coeffs = RowMajorMatrix<Fp>::random(5, 1, rng);
  EXPECT_THROW(evaluate_coefficients_on_small_coset(coeffs.view(), Fp::TWO_ADICITY + 1, Fp(3u)),
               std::invalid_argument);
}

}  // namespace
}  // namespace zkrv
