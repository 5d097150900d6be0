#include "ntt/small_coset.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <stdexcept>

#include "base/bits.h"
#include "ntt/ntt.h"

namespace zkrv {
namespace {

// Columns per block of evaluate_on_small_cosets: bounds its scratch (n x 16 per worker) while keeping
// rows wide enough for the batched iNTT's SIMD.
constexpr size_t kBlockColumns = 16;
// Multiply-adds per parallel chunk of the fold; below this the task overhead dominates.
constexpr size_t kFoldChunkWork = size_t{1} << 14;

// Writes the folded coefficients d_m = sum_{i = m mod T} c_i sigma^i (see the header) of every column of
// coeffs into out (T x w, T = 2^log_t), d_m in row rev_{log_t}(m): the bit-reversed order that the DIT
// of ntt_in_place(bit_reversed -> natural) takes without a permutation pass. Rows are independent and
// each entry is one fixed chain of operations, so splitting the rows over tasks does not change it.
void fold_bit_reversed(MatrixView<const Fp> coeffs, Fp sigma, unsigned log_t, MatrixView<Fp> out) {
  const size_t n = coeffs.height(), w = coeffs.width(), t = out.height();
  const Fp sigma_t = sigma.pow(t);  // steps sigma^i to sigma^(i+T)
  const size_t grain = std::max<size_t>(1, kFoldChunkWork / ((n / t + 1) * std::max<size_t>(w, 1)));
  tbb::parallel_for(tbb::blocked_range<size_t>(0, t, grain), [&](const tbb::blocked_range<size_t>& r) {
    Fp sigma_m = sigma.pow(r.begin());
    for (size_t m = r.begin(); m < r.end(); ++m, sigma_m *= sigma) {
      const std::span<Fp> d = out.row(reverse_bits(static_cast<uint32_t>(m), log_t));
      std::fill(d.begin(), d.end(), Fp::zero());
      Fp x = sigma_m;  // sigma^i
      for (size_t i = m; i < n; i += t, x *= sigma_t) {
        const std::span<const Fp> c = coeffs.row(i);
        for (size_t k = 0; k < w; ++k) d[k] += x * c[k];
      }
    }
  });
}

}  // namespace

RowMajorMatrix<Fp> evaluate_coefficients_on_small_coset(MatrixView<const Fp> coeffs, unsigned log_t, Fp sigma) {
  if (log_t > Fp::TWO_ADICITY)
    throw std::invalid_argument("evaluate_coefficients_on_small_coset: coset size exceeds 2^27");
  auto out = RowMajorMatrix<Fp>::uninitialized(size_t{1} << log_t, coeffs.width());
  if (coeffs.width() == 0) return out;
  fold_bit_reversed(coeffs, sigma, log_t, out.view());
  ntt_in_place(out.view(), RowOrder::bit_reversed, RowOrder::natural);
  return out;
}

std::vector<RowMajorMatrix<Fp>> evaluate_on_small_cosets(MatrixView<const Fp> evals, MatrixView<const Fp> randomizer,
                                                         unsigned log_t, std::span<const Fp> shifts) {
  const size_t n = evals.height(), w = evals.width(), t = randomizer.height();
  if (!is_power_of_two(n) || log2_exact(n) > Fp::TWO_ADICITY)
    throw std::invalid_argument("evaluate_on_small_cosets: height must be a power of two <= 2^27");
  const unsigned log_n = log2_exact(n);
  if (log_t > log_n) throw std::invalid_argument("evaluate_on_small_cosets: coset larger than the trace domain");
  if (t > n || (t > 0 && randomizer.width() != w))
    throw std::invalid_argument("evaluate_on_small_cosets: randomizer must be t x w with t <= n");

  std::vector<RowMajorMatrix<Fp>> out;
  out.reserve(shifts.size());
  for (size_t s = 0; s < shifts.size(); ++s) out.push_back(RowMajorMatrix<Fp>::uninitialized(size_t{1} << log_t, w));
  if (shifts.empty() || w == 0) return out;
  // On sigma*H_T, Z_H = X^n - 1 is the constant sigma^n - 1 (T | n), the factor of r there.
  std::vector<Fp> z_h(shifts.size());
  for (size_t s = 0; s < shifts.size(); ++s) z_h[s] = shifts[s].exp_power_of_2(log_n) - Fp::one();

  // One block of columns: its coefficients, then per shift the randomizer term and the fold into the
  // block's columns of out[s]. Blocks touch disjoint columns, so they run in parallel.
  auto process_block = [&](size_t c0) {
    const size_t bw = std::min(kBlockColumns, w - c0);
    auto c = RowMajorMatrix<Fp>::uninitialized(n, bw);
    // Copied in bit-reversed row order, so the iNTT is one DIT sweep with natural-order output.
    for (size_t i = 0; i < n; ++i) {
      const auto src = evals.row(i).subspan(c0, bw);
      std::copy(src.begin(), src.end(), c.row(reverse_bits(static_cast<uint32_t>(i), log_n)).begin());
    }
    intt_in_place(c.view(), RowOrder::bit_reversed, RowOrder::natural);
    Fp applied = Fp::zero();  // c holds f + applied * r; moving to the next shift costs O(t bw)
    for (size_t s = 0; s < shifts.size(); ++s) {
      if (t > 0) {
        const Fp step = z_h[s] - applied;
        for (size_t j = 0; j < t; ++j) {
          const auto r = randomizer.row(j).subspan(c0, bw);
          const auto dst = c.row(j);
          for (size_t k = 0; k < bw; ++k) dst[k] += step * r[k];
        }
        applied = z_h[s];
      }
      fold_bit_reversed(c.view(), shifts[s], log_t, out[s].view().columns(c0, bw));
    }
  };
  const size_t blocks = (w + kBlockColumns - 1) / kBlockColumns;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, blocks, 1), [&](const tbb::blocked_range<size_t>& r) {
    for (size_t b = r.begin(); b < r.end(); ++b) {
      // Isolated: while this block waits inside its nested parallel loops, its thread must not start
      // another block (a second n x 16 scratch on the same stack, breaking the memory bound).
      tbb::this_task_arena::isolate([&] { process_block(b * kBlockColumns); });
    }
  });
  // The folds are complete; one batched size-T NTT per shift over all columns.
  for (auto& m : out) ntt_in_place(m.view(), RowOrder::bit_reversed, RowOrder::natural);
  return out;
}

std::vector<RowMajorMatrix<Fp>> small_cosets_from_coefficients(MatrixView<const Fp> scaled_coeffs, Fp scale,
                                                               MatrixView<const Fp> randomizer, unsigned log_t,
                                                               std::span<const Fp> shifts) {
  const size_t n = scaled_coeffs.height(), w = scaled_coeffs.width();
  if (!is_power_of_two(n) || (size_t{1} << log_t) > n)
    throw std::invalid_argument("small_cosets_from_coefficients: n must be a power of two >= T");
  if (randomizer.height() > n || (randomizer.height() > 0 && randomizer.width() != w))
    throw std::invalid_argument("small_cosets_from_coefficients: randomizer must be t x w with t <= n");
  if (scale.is_zero()) throw std::invalid_argument("small_cosets_from_coefficients: zero scale");
  const Fp inv_scale = scale.inverse();
  std::vector<RowMajorMatrix<Fp>> out;
  for (const Fp sigma : shifts) {
    // f' = f + (sigma^n - 1) r on sigma H_T (T | n): both parts are linear in the coefficients.
    RowMajorMatrix<Fp> v = evaluate_coefficients_on_small_coset(scaled_coeffs, log_t, sigma);
    for (size_t j = 0; j < v.height(); ++j)
      for (Fp& x : v.row(j)) x *= inv_scale;
    if (randomizer.height() > 0) {
      const Fp factor = sigma.pow(n) - Fp::one();
      const RowMajorMatrix<Fp> rv = evaluate_coefficients_on_small_coset(randomizer, log_t, sigma);
      for (size_t j = 0; j < v.height(); ++j)
        for (size_t c = 0; c < w; ++c) v(j, c) += factor * rv(j, c);
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace zkrv
