// Barycentric evaluation against Horner evaluation of the coefficients at a random extension point.
#include <gtest/gtest.h>

#include <random>

#include "base/bits.h"
#include "matrix/row_major_matrix.h"
#include "ntt/barycentric.h"
#include "ntt/coset_lde.h"

namespace zkrv {
namespace {

template <class F>
Ext horner_ext(const RowMajorMatrix<F>& coeffs, size_t col, const Ext& z) {
  Ext acc = Ext::zero();
  for (size_t j = coeffs.height(); j-- > 0;) acc = acc * z + coeffs(j, col);
  return acc;
}

TEST(Barycentric, MatchesDirectEvaluationAtRandomExtensionPoint) {
  std::mt19937_64 rng(31);
  for (unsigned k : {0u, 1u, 4u, 8u, 13u}) {
    const size_t n = size_t{1} << k;
    const auto coeffs = RowMajorMatrix<Fp>::random(n, 19, rng);
    const Ext z = Ext::random(rng);
    for (Fp shift : {Fp::one(), kLdeShift}) {
      for (RowOrder order : {RowOrder::natural, RowOrder::bit_reversed}) {
        // Evaluations on shift*H (log_blowup 0) in the requested order.
        const auto evals = coset_evaluate(coeffs.view(), 0, shift, order);
        const auto got = evaluate_at_point(evals.view(), shift, z, order);
        ASSERT_EQ(got.size(), 19u);
        for (size_t c = 0; c < 19; ++c) ASSERT_EQ(got[c], horner_ext(coeffs, c, z)) << "k=" << k << " c=" << c;
      }
    }
  }
}

TEST(Barycentric, ExtensionColumnsAndPointsInsideTheCoset) {
  std::mt19937_64 rng(32);
  const unsigned k = 7;
  const size_t n = size_t{1} << k;
  const auto coeffs = RowMajorMatrix<Ext>::random(n, 3, rng);
  // Evaluations on shift*H, natural order, computed directly.
  const Fp shift = kLdeShift, root = Fp::two_adic_generator(k);
  auto evals = RowMajorMatrix<Ext>::uninitialized(n, 3);
  for (size_t i = 0; i < n; ++i)
    for (size_t c = 0; c < 3; ++c) evals(i, c) = horner_ext(coeffs, c, Ext(shift * root.pow(i)));
  const Ext z = Ext::random(rng);
  const auto got = evaluate_at_point(evals.view(), shift, z);
  for (size_t c = 0; c < 3; ++c) EXPECT_EQ(got[c], horner_ext(coeffs, c, z));
  // z = x_5 exactly: the value is row 5 (the formula's 0/0 is avoided).
  const auto at_node = evaluate_at_point(evals.view(), shift, Ext(shift * root.pow(5)));
  for (size_t c = 0; c < 3; ++c) EXPECT_EQ(at_node[c], evals(5, c));
}

}  // namespace
}  // namespace zkrv
