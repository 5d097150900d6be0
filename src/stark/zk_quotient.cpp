#include "stark/zk_quotient.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "ntt/coset_lde.h"
#include "ntt/small_coset.h"

namespace zkrv {

RandomizedQuotientChunks randomize_quotient_chunks(RowMajorMatrix<Fp>&& a, unsigned log_n, unsigned log_chunks,
                                                   std::span<const Ext> small_values, unsigned log_t, Fp sigma,
                                                   size_t overflow, size_t chunk_randomizers,
                                                   ProverRandomness& randomness) {
  constexpr size_t D = Ext::DEGREE;
  const size_t n = size_t{1} << log_n, chunks = size_t{1} << log_chunks, t = size_t{1} << log_t;
  if (a.height() != n || a.width() != D * chunks || small_values.size() != t || log_t > log_n ||
      overflow > t || overflow > n || chunk_randomizers > n)
    throw std::invalid_argument("randomize_quotient_chunks: shapes do not match");
  const Fp s_m = kLdeShift.exp_power_of_2(log_n + log_chunks);
  const Fp sigma_n = sigma.exp_power_of_2(log_n), sigma_m = sigma.exp_power_of_2(log_n + log_chunks);
  if (sigma.is_zero() || sigma_m == s_m || sigma_n == Fp::one())
    throw std::invalid_argument("randomize_quotient_chunks: sigma must lie off H and off the quotient coset");

  // A on sigma * H_T: there X^n = sigma^n, so A(x) = sum_k sigma^(k n) q_k(x): fold the chunks first.
  RowMajorMatrix<Fp> folded(n, D);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 1 << 14), [&](const tbb::blocked_range<size_t>& r) {
    for (size_t i = r.begin(); i != r.end(); ++i) {
      Fp scale = Fp::one();
      for (size_t k = 0; k < chunks; ++k, scale *= sigma_n)
        for (size_t d = 0; d < D; ++d) folded(i, d) += scale * a(i, D * k + d);
    }
  });
  RowMajorMatrix<Fp> b = evaluate_coefficients_on_small_coset(folded.view(), log_t, sigma);  // A there
  folded = RowMajorMatrix<Fp>();
  // B = (Q - A) / (sigma^M - s^M) on the coset, then its coefficients.
  const Fp inv = (sigma_m - s_m).inverse();
  for (size_t j = 0; j < t; ++j)
    for (size_t d = 0; d < D; ++d) b(j, d) = (small_values[j].coeff(d) - b(j, d)) * inv;
  coset_intt_in_place(b.view(), sigma, RowOrder::natural);

  // A - s^M B: B's coefficients are below n, so only chunk 0's first rows change.
  for (size_t j = 0; j < overflow; ++j)
    for (size_t d = 0; d < D; ++d) a(j, d) -= s_m * b(j, d);

  // base_k = q_k - s_(k-1) + h_k, randomizer h_k (h_k = s_k, or B for the last chunk).
  const size_t rows = std::max(chunk_randomizers, overflow);
  RowMajorMatrix<Fp> h(rows, D * chunks);
  for (size_t k = 0; k + 1 < chunks; ++k)
    for (size_t j = 0; j < chunk_randomizers; ++j)
      for (size_t d = 0; d < D; ++d) h(j, D * k + d) = randomness.next();
  for (size_t j = 0; j < overflow; ++j)
    for (size_t d = 0; d < D; ++d) h(j, D * (chunks - 1) + d) = b(j, d);
  for (size_t j = 0; j < rows; ++j)
    for (size_t k = 0; k < chunks; ++k)
      for (size_t d = 0; d < D; ++d) {
        Fp& v = a(j, D * k + d);
        v += h(j, D * k + d);
        if (k > 0) v -= h(j, D * (k - 1) + d);  // s_(k-1): column k - 1 < K - 1 holds an s, never B
      }
  return {std::move(a), std::move(h)};
}

}  // namespace zkrv
