#include "fri/fold.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "base/bits.h"
#include "matrix/bit_reverse.h"

namespace zkrv {

FoldSchedule fri_fold_schedule(const FriConfig& config, std::span<const unsigned> heights) {
  if (heights.empty()) throw std::invalid_argument("fri_fold_schedule: no inputs");
  for (size_t i = 0; i < heights.size(); ++i) {
    if (heights[i] < config.log_blowup || heights[i] > Fp::TWO_ADICITY)
      throw std::invalid_argument("fri_fold_schedule: input height 2^" + std::to_string(heights[i]) +
                                  " out of range");
    if (i > 0 && heights[i] >= heights[i - 1])
      throw std::invalid_argument("fri_fold_schedule: input heights must strictly decrease");
  }
  if (config.degree_excess > 0 && heights.back() < config.log_min_height + config.log_blowup)
    throw std::invalid_argument("fri_fold_schedule: input height 2^" + std::to_string(heights.back()) +
                                " below the configuration's minimum 2^" +
                                std::to_string(config.log_min_height + config.log_blowup));
  FoldSchedule s;
  s.log_max_height = heights.front();
  s.log_final_poly_len = std::min(config.log_final_poly_len, heights.back() - config.log_blowup);
  s.log_final_height = s.log_final_poly_len + config.log_blowup;
  const size_t fold_after_last = size_t{1} << (heights.back() - s.log_final_height);
  s.final_poly_len = (size_t{1} << s.log_final_poly_len) + (config.degree_excess + fold_after_last - 1) / fold_after_last;
  if (s.final_poly_len > (size_t{1} << s.log_final_height))
    throw std::invalid_argument("fri_fold_schedule: degree excess " + std::to_string(config.degree_excess) +
                                " too large for an input of height 2^" + std::to_string(heights.back()));
  unsigned cur = s.log_max_height;
  size_t next = 1;
  while (cur > s.log_final_height) {
    unsigned k = std::min(config.log_folding_arity, cur - s.log_final_height);
    if (next < heights.size()) k = std::min(k, cur - heights[next]);
    s.log_arities.push_back(k);
    cur -= k;
    if (next < heights.size() && heights[next] == cur) ++next;
  }
  return s;
}

size_t tested_degree_excess(const FriConfig& config, unsigned log_height, unsigned log_smallest) {
  if (config.degree_excess == 0) return 0;
  if (log_smallest > log_height) throw std::invalid_argument("tested_degree_excess: the smallest input is taller");
  const unsigned lfp = std::min(config.log_final_poly_len, log_smallest);
  const size_t fold_after_last = size_t{1} << (log_smallest - lfp);
  const size_t excess_coefficients = (config.degree_excess + fold_after_last - 1) / fold_after_last;
  return excess_coefficients << (log_height - lfp);
}

std::vector<Fp> fold_inverse_points(unsigned log_n) {
  if (log_n == 0 || log_n > Fp::TWO_ADICITY) throw std::invalid_argument("fold_inverse_points: log_n out of range");
  const size_t half = size_t{1} << (log_n - 1);
  std::vector<Fp> inv(half);
  const Fp w_inv = Fp::two_adic_generator(log_n).inverse();
  // Natural powers w^-j, computed in parallel chunks (each chunk starts from its own power, so the
  // values do not depend on the split), then permuted into bit-reversed order.
  constexpr size_t kChunk = 4096;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, (half + kChunk - 1) / kChunk, 1), [&](const auto& r) {
    for (size_t c = r.begin(); c < r.end(); ++c) {
      const size_t lo = c * kChunk, hi = std::min(half, lo + kChunk);
      Fp x = w_inv.pow(lo);
      for (size_t j = lo; j < hi; ++j, x *= w_inv) inv[j] = x;
    }
  });
  reverse_rows_bit_order(MatrixView<Fp>(inv.data(), 1, half));
  return inv;
}

std::vector<Ext> fold_layer_binary(std::span<const Ext> layer, const Ext& b, std::span<const Fp> inv_points) {
  const size_t n = layer.size();
  if (n < 2 || !is_power_of_two(n) || inv_points.size() < n / 2)
    throw std::invalid_argument("fold_layer_binary: bad layer size");
  std::vector<Ext> out(n / 2);
  const Fp half = Fp::two().inverse();
  const Ext half_b = b * half;
  auto body = [&](size_t lo, size_t hi) {
    for (size_t m = lo; m < hi; ++m) {
      const Ext& a0 = layer[2 * m];
      const Ext& a1 = layer[2 * m + 1];
      // (a0 + a1)/2 + b (a0 - a1) / (2x)
      out[m] = (a0 + a1) * half + half_b * ((a0 - a1) * inv_points[m]);
    }
  };
  if (n < 8192) {
    body(0, n / 2);
  } else {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n / 2, 2048),
                      [&](const tbb::blocked_range<size_t>& r) { body(r.begin(), r.end()); });
  }
  return out;
}

std::vector<Ext> fold_layer(std::span<const Ext> layer, const Ext& beta, unsigned log_arity,
                            std::span<const Fp> inv_points) {
  if (log_arity == 0 || (layer.size() >> log_arity) == 0)
    throw std::invalid_argument("fold_layer: arity larger than the layer");
  std::vector<Ext> cur = fold_layer_binary(layer, beta, inv_points);
  Ext b = beta.square();
  for (unsigned l = 1; l < log_arity; ++l) {
    cur = fold_layer_binary(cur, b, inv_points);
    b = b.square();
  }
  return cur;
}

Ext fold_coset(std::span<const Ext> coset, unsigned log_height, size_t j, const Ext& beta, unsigned log_arity) {
  const size_t a = size_t{1} << log_arity;
  if (coset.size() != a || log_arity == 0 || log_arity > log_height || (j >> (log_height - log_arity)) != 0)
    throw std::invalid_argument("fold_coset: bad shape");
  std::vector<Ext> cur(coset.begin(), coset.end());
  const Fp half = Fp::two().inverse();
  Ext b = beta;
  for (unsigned l = 0; l < log_arity; ++l) {
    // cur holds entries j * len .. of the layer of height 2^(log_height - l), len = 2^(log_arity - l).
    const unsigned log_n = log_height - l;
    const size_t len = a >> l;
    const Fp w_inv = Fp::two_adic_generator(log_n).inverse();
    for (size_t m = 0; m < len / 2; ++m) {
      const size_t row = j * (len / 2) + m;  // entry of the folded layer
      const Fp inv_x = w_inv.pow(reverse_bits(static_cast<uint32_t>(row), log_n - 1));
      cur[m] = (cur[2 * m] + cur[2 * m + 1]) * half + b * half * ((cur[2 * m] - cur[2 * m + 1]) * inv_x);
    }
    cur.resize(len / 2);
    b = b.square();
  }
  return cur[0];
}

Ext evaluate_poly(std::span<const Ext> coeffs, Fp y) noexcept {
  Ext acc = Ext::zero();
  for (size_t i = coeffs.size(); i-- > 0;) acc = acc * y + coeffs[i];
  return acc;
}

}  // namespace zkrv
