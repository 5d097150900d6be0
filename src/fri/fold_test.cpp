// FRI folding checked against direct polynomial evaluation (docs/architecture.md section 5: "FRI folding against
// direct polynomial evaluation"): a polynomial g given by coefficients is evaluated naively on H_n in
// bit-reversed order, folded by fold_layer / fold_coset, and compared with sum_i beta^i g_i(y) where
// g(X) = sum_i X^i g_i(X^arity), each g_i evaluated from its own coefficients.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "base/bits.h"
#include "fri/fold.h"

namespace zkrv {
namespace {

Ext eval_naive(const std::vector<Ext>& coeffs, Fp x) {
  Ext acc = Ext::zero();
  Fp xp = Fp::one();
  for (const Ext& c : coeffs) {
    acc += c * xp;
    xp *= x;
  }
  return acc;
}

TEST(FriFold, MatchesDirectEvaluationForEveryArity) {
  std::mt19937_64 rng(42);
  const unsigned log_n = 6;
  const size_t n = size_t{1} << log_n;
  std::vector<Ext> coeffs(n);
  for (auto& c : coeffs) c = Ext::random(rng);
  const Fp w = Fp::two_adic_generator(log_n);
  std::vector<Ext> layer(n);
  for (size_t i = 0; i < n; ++i) layer[i] = eval_naive(coeffs, w.pow(reverse_bits(static_cast<uint32_t>(i), log_n)));

  const auto inv_points = fold_inverse_points(log_n + 2);  // a larger table works too (prefix property)
  for (unsigned k = 1; k <= 4; ++k) {
    const size_t a = size_t{1} << k;
    const Ext beta = Ext::random(rng);
    const std::vector<Ext> folded = fold_layer(layer, beta, k, inv_points);
    ASSERT_EQ(folded.size(), n / a);
    // g_i has coefficients c_{a m + i}.
    const unsigned log_m = log_n - k;
    const Fp wy = Fp::two_adic_generator(log_m);
    for (size_t j = 0; j < n / a; ++j) {
      const Fp y = wy.pow(reverse_bits(static_cast<uint32_t>(j), log_m));
      Ext expected = Ext::zero(), beta_i = Ext::one();
      for (size_t i = 0; i < a; ++i) {
        std::vector<Ext> gi;
        for (size_t m = 0; m * a + i < n; ++m) gi.push_back(coeffs[m * a + i]);
        expected += beta_i * eval_naive(gi, y);
        beta_i *= beta;
      }
      EXPECT_EQ(folded[j], expected) << "arity " << a << " entry " << j;
      // The verifier's fold of one coset gives the same entry.
      EXPECT_EQ(fold_coset(std::span(layer).subspan(j * a, a), log_n, j, beta, k), expected);
    }
  }
}

TEST(FriFold, BinaryFoldIsEvenPlusBetaOdd) {
  // arity 2 spelled out: f(x) = f_e(x^2) + x f_o(x^2), fold = f_e(y) + beta f_o(y).
  std::mt19937_64 rng(7);
  const unsigned log_n = 5;
  const size_t n = size_t{1} << log_n;
  std::vector<Ext> coeffs(n / 2);  // degree < n/2: a rate-1/2 codeword
  for (auto& c : coeffs) c = Ext::random(rng);
  std::vector<Ext> even, odd;
  for (size_t i = 0; i < coeffs.size(); ++i) (i % 2 ? odd : even).push_back(coeffs[i]);
  const Fp w = Fp::two_adic_generator(log_n);
  std::vector<Ext> layer(n);
  for (size_t i = 0; i < n; ++i) layer[i] = eval_naive(coeffs, w.pow(reverse_bits(static_cast<uint32_t>(i), log_n)));
  const Ext beta = Ext::random(rng);
  const auto folded = fold_layer_binary(layer, beta, fold_inverse_points(log_n));
  const Fp wy = Fp::two_adic_generator(log_n - 1);
  for (size_t j = 0; j < n / 2; ++j) {
    const Fp y = wy.pow(reverse_bits(static_cast<uint32_t>(j), log_n - 1));
    EXPECT_EQ(folded[j], eval_naive(even, y) + beta * eval_naive(odd, y));
  }
  // The folded layer is again low-degree: its polynomial has degree < n/4.
  EXPECT_EQ(evaluate_poly(even, Fp(5)) + beta * evaluate_poly(odd, Fp(5)),
            eval_naive(even, Fp(5)) + beta * eval_naive(odd, Fp(5)));
}

TEST(FriFold, Schedule) {
  FriConfig c{.name = "t", .log_blowup = 1, .num_queries = 1, .log_folding_arity = 3, .log_final_poly_len = 3};
  const unsigned one[] = {20};
  auto s = fri_fold_schedule(c, one);
  EXPECT_EQ(s.log_arities, (std::vector<unsigned>{3, 3, 3, 3, 3, 1}));
  EXPECT_EQ(s.log_final_height, 4u);
  const unsigned three[] = {20, 18, 12};
  s = fri_fold_schedule(c, three);
  EXPECT_EQ(s.log_arities, (std::vector<unsigned>{2, 3, 3, 3, 3, 2}));
  const unsigned short_input[] = {5, 2};
  s = fri_fold_schedule(c, short_input);
  EXPECT_EQ(s.log_final_poly_len, 1u);
  EXPECT_EQ(s.log_arities, (std::vector<unsigned>{3}));
  const unsigned tiny[] = {1};
  s = fri_fold_schedule(c, tiny);
  EXPECT_TRUE(s.log_arities.empty());
  EXPECT_EQ(s.log_final_poly_len, 0u);
  const unsigned bad_order[] = {5, 7};
  EXPECT_THROW(fri_fold_schedule(c, bad_order), std::invalid_argument);
  const unsigned too_short[] = {0};
  EXPECT_THROW(fri_fold_schedule(c, too_short), std::invalid_argument);
}

}  // namespace
}  // namespace zkrv
