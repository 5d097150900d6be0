#include "ntt/barycentric.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

#include "base/bits.h"
#include "field/batch_inverse.h"
#include "field/packed_batch_inverse.h"
#include "field/packed_extension.h"
#include "matrix/flatten.h"
#include "ntt/butterflies.h"
#include "ntt/twiddles.h"

namespace zkrv {
namespace {

using ntt_detail::PF;
using ntt_detail::W;

constexpr size_t kChunk = size_t{1} << 12;  // rows per parallel chunk

template <class Body>
void for_chunks(size_t n, Body&& body) {
  const size_t chunks = (n + kChunk - 1) / kChunk;
  if (chunks <= 1) {
    if (n != 0) body(size_t{0}, size_t{0}, n);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<size_t>(0, chunks, 1), [&](const tbb::blocked_range<size_t>& r) {
    for (size_t c = r.begin(); c < r.end(); ++c) body(c, c * kChunk, std::min(n, (c + 1) * kChunk));
  });
}

}  // namespace

std::vector<Ext> barycentric_weights(size_t n, Fp shift, const Ext& z, RowOrder order) {
  if (!is_power_of_two(n) || log2_exact(n) > Fp::TWO_ADICITY)
    throw std::invalid_argument("barycentric_weights: n must be a power of two <= 2^27");
  const unsigned log_n = log2_exact(n);
  std::vector<Fp> x(n);  // x_j in natural order
  ntt_detail::fill_powers(x.data(), n, Fp::two_adic_generator(log_n), shift);
  auto point = [&](size_t row) {
    return order == RowOrder::natural ? x[row] : x[reverse_bits(static_cast<uint32_t>(row), log_n)];
  };
  std::vector<Ext> w(n);
  // z in the coset (z in Fp and (z / shift)^n = 1): the interpolant's value there is the row itself.
  if (z.is_in_base_field() && (z.coeff(0) * shift.inverse()).pow(n) == Fp::one()) {
    for (size_t j = 0; j < n; ++j)
      if (z.coeff(0) == point(j)) {
        w[j] = Ext::one();
        return w;
      }
  }
  const Fp shift_n = shift.pow(n);
  const Ext scale = (z.pow(n) - Ext(shift_n)) * (Fp(static_cast<uint32_t>(n)) * shift_n).inverse();
  // Each chunk inverts its own slice with one inversion (Montgomery's trick), so the work is parallel;
  // W points at a time, lane by lane (z is off the coset, so no z - x_j is zero).
  const PackedExt z_packed = broadcast_ext<PF>(z), scale_packed = broadcast_ext<PF>(scale);
  for_chunks(n, [&](size_t, size_t lo, size_t hi) {
    if ((hi - lo) % W != 0) {  // a domain smaller than W: the scalar way
      for (size_t j = lo; j < hi; ++j) w[j] = z - Ext(point(j));
      batch_inverse_in_place(std::span<Ext>(w.data() + lo, hi - lo));
      for (size_t j = lo; j < hi; ++j) w[j] = w[j] * (scale * point(j));
      return;
    }
    const size_t blocks = (hi - lo) / W;
    std::vector<PackedExt> d(blocks), prefix;
    std::vector<PF> xs(blocks);
    for (size_t b = 0; b < blocks; ++b) {
      xs[b] = PF::from_fn([&](size_t l) { return point(lo + b * W + l); });
      d[b] = z_packed - PackedExt(xs[b]);
    }
    if (!batch_inverse_lanes(std::span<PackedExt>(d), prefix))
      throw std::logic_error("barycentric_weights: z on the coset reached the general case");
    for (size_t b = 0; b < blocks; ++b) {
      const auto out = unpack_ext(d[b] * (scale_packed * xs[b]));
      std::copy(out.begin(), out.end(), w.begin() + static_cast<std::ptrdiff_t>(lo + b * W));
    }
  });
  return w;
}

std::vector<std::vector<Ext>> evaluate_with_weights(MatrixView<const Fp> evals,
                                                    std::span<const std::vector<Ext>* const> weights) {
  const size_t n = evals.height(), width = evals.width(), np = weights.size();
  for (const auto* w : weights)
    if (w->size() != n) throw std::invalid_argument("evaluate_with_weights: one weight per row");
  const size_t packs = (width + W - 1) / W;
  const size_t chunks = (n + kChunk - 1) / kChunk;
  // partial[chunk][(p * packs + pack) * D + k]: coefficient k of the chunk's sum for point p and the
  // pack's columns. Sums in a field are exact, so splitting into chunks cannot change the result. Every
  // point is accumulated in the same pass over the rows.
  std::vector<std::vector<PF>> partial(chunks);
  for_chunks(n, [&](size_t chunk, size_t lo, size_t hi) {
    std::vector<PF> acc(np * packs * Ext::DEGREE, PF::zero());
    std::vector<PF> f(packs);
    for (size_t j = lo; j < hi; ++j) {
      const Fp* row = evals.row_ptr(j);
      for (size_t p = 0; p < packs; ++p) {
        const size_t c = p * W;
        f[p] = c + W <= width ? PF::load(row + c) : ntt_detail::load_partial(row + c, width - c);
      }
      for (size_t q = 0; q < np; ++q) {
        const Ext& wj = (*weights[q])[j];
        PF wk[Ext::DEGREE];
        for (size_t k = 0; k < Ext::DEGREE; ++k) wk[k] = PF(wj.coeff(k));
        PF* a = acc.data() + q * packs * Ext::DEGREE;
        for (size_t p = 0; p < packs; ++p)
          for (size_t k = 0; k < Ext::DEGREE; ++k) a[p * Ext::DEGREE + k] += f[p] * wk[k];
      }
    }
    partial[chunk] = std::move(acc);
  });
  std::vector<std::vector<Ext>> out(np, std::vector<Ext>(width));
  for (size_t q = 0; q < np; ++q)
    for (size_t p = 0; p < packs; ++p) {
      std::array<std::array<Fp, W>, Ext::DEGREE> lanes{};
      for (size_t k = 0; k < Ext::DEGREE; ++k) {
        PF sum = PF::zero();
        for (const auto& part : partial) sum += part[(q * packs + p) * Ext::DEGREE + k];
        lanes[k] = sum.to_array();
      }
      for (size_t i = 0; i < W && p * W + i < width; ++i)
        for (size_t k = 0; k < Ext::DEGREE; ++k) out[q][p * W + i].coeff(k) = lanes[k][i];
    }
  return out;
}

std::vector<Ext> evaluate_with_weights(MatrixView<const Fp> evals, const std::vector<Ext>& weights) {
  const std::vector<Ext>* one[] = {&weights};
  return std::move(evaluate_with_weights(evals, one)[0]);
}

std::vector<Ext> evaluate_with_weights(MatrixView<const Ext> evals, const std::vector<Ext>& weights) {
  // Column c of the Ext matrix is sum_k X^k * (base column (c, k)); combine the base results.
  const std::vector<Ext> flat = evaluate_with_weights(flatten_to_base(evals), weights);
  std::vector<Ext> out(evals.width());
  for (size_t c = 0; c < evals.width(); ++c) {
    Ext acc = Ext::zero();
    for (size_t k = 0; k < Ext::DEGREE; ++k) acc += flat[c * Ext::DEGREE + k] * Ext::monomial(k);
    out[c] = acc;
  }
  return out;
}

std::vector<Ext> evaluate_at_point(MatrixView<const Fp> evals, Fp shift, const Ext& z, RowOrder order) {
  return evaluate_with_weights(evals, barycentric_weights(evals.height(), shift, z, order));
}
std::vector<Ext> evaluate_at_point(MatrixView<const Ext> evals, Fp shift, const Ext& z, RowOrder order) {
  return evaluate_with_weights(evals, barycentric_weights(evals.height(), shift, z, order));
}

}  // namespace zkrv
