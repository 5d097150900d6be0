#include "fri/reduced_opening.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "base/bits.h"
#include "field/batch_inverse.h"
#include "field/packed_batch_inverse.h"
#include "field/packed_extension.h"
#include "field/packed_transpose.h"
#include "matrix/bit_reverse.h"

namespace zkrv {
namespace {
constexpr size_t W = PackedFp::WIDTH;
constexpr size_t D = Ext::DEGREE;
constexpr size_t kChunk = 1024;  // rows per task: amortises one batched inversion per (chunk, point)
}  // namespace

AlphaPowers::AlphaPowers(const Ext& alpha, size_t max_width) : powers_(max_width) {
  Ext p = Ext::one();
  for (auto& x : powers_) {
    x = p;
    p *= alpha;
  }
  const size_t packs = max_width / W;
  packed_.resize(packs * D);
  for (size_t q = 0; q < packs; ++q)
    for (size_t j = 0; j < D; ++j) packed_[q * D + j] = PackedFp::from_fn([&](size_t l) { return powers_[q * W + l].coeff(j); });
}

Ext AlphaPowers::combine(std::span<const Fp> row) const noexcept {
  std::array<PackedFp, D> acc;
  acc.fill(PackedFp::zero());
  size_t c = 0;
  for (; c + W <= row.size(); c += W) {
    const PackedFp v = PackedFp::load(row.data() + c);
    for (size_t j = 0; j < D; ++j) acc[j] += v * packed_[(c / W) * D + j];
  }
  Ext r;
  for (size_t j = 0; j < D; ++j) {
    const auto lanes = acc[j].to_array();
    Fp s = Fp::zero();
    for (const Fp& x : lanes) s += x;
    r.coeff(j) = s;
  }
  for (; c < row.size(); ++c) r += powers_[c] * row[c];
  return r;
}

Ext AlphaPowers::combine(std::span<const Ext> row) const noexcept {
  Ext r = Ext::zero();
  for (size_t c = 0; c < row.size(); ++c) r += powers_[c] * row[c];
  return r;
}

std::vector<Fp> bit_reversed_coset_points(unsigned log_n, Fp shift) {
  const size_t n = size_t{1} << log_n;
  std::vector<Fp> xs(n);
  const Fp w = Fp::two_adic_generator(log_n);
  constexpr size_t kPow = 4096;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, (n + kPow - 1) / kPow, 1), [&](const auto& r) {
    for (size_t c = r.begin(); c < r.end(); ++c) {
      const size_t lo = c * kPow, hi = std::min(n, lo + kPow);
      Fp x = shift * w.pow(lo);
      for (size_t i = lo; i < hi; ++i, x *= w) xs[i] = x;
    }
  });
  reverse_rows_bit_order(MatrixView<Fp>(xs.data(), 1, n));
  return xs;
}

std::vector<Ext> reduce_height(std::span<const RowMajorMatrix<Fp>* const> matrices, std::span<const DeepTerm> terms,
                               const AlphaPowers& alpha, std::span<const Fp> points) {
  const size_t n = points.size();
  std::vector<Ext> ro(n, Ext::zero());
  if (terms.empty()) return ro;
  // Grouped by distinct point z (usually two: zeta and zeta g), the terms of one row x are
  //     sum_z ( sum_{t at z} scale_t combine_t(x) - sum_{t at z} scale_t v_t ) / (x - z)
  // with combine_t(x) = sum_c alpha^c f_c(x) shared by the terms of one matrix: the rows are combined W
  // at a time (lanes = rows), one packed multiply-add per column, then scaled once per term. The sums
  // are the same field elements as term by term.
  std::vector<Ext> zs;
  std::vector<size_t> term_z(terms.size());
  for (size_t t = 0; t < terms.size(); ++t) {
    auto it = std::find(zs.begin(), zs.end(), terms[t].point);
    term_z[t] = static_cast<size_t>(it - zs.begin());
    if (it == zs.end()) zs.push_back(terms[t].point);
  }
  const size_t np = zs.size();
  std::vector<Ext> constant(np, Ext::zero());  // sum_{t at z} scale_t v_t
  size_t max_width = 0;
  for (const auto* m : matrices) max_width = std::max(max_width, m->width());
  std::vector<PackedExt> alpha_pow(max_width);  // alpha^c in every lane
  for (size_t c = 0; c < max_width; ++c) alpha_pow[c] = broadcast_ext<PackedFp>(alpha.pow(c));
  // Per matrix, its terms as (point, scale).
  std::vector<std::vector<std::pair<size_t, PackedExt>>> terms_of(matrices.size());
  for (size_t t = 0; t < terms.size(); ++t) {
    constant[term_z[t]] += terms[t].scale * terms[t].combined_value;
    terms_of[terms[t].matrix].emplace_back(term_z[t], broadcast_ext<PackedFp>(terms[t].scale));
  }
  std::vector<PackedExt> packed_constant(np), packed_z(np);
  for (size_t p = 0; p < np; ++p) {
    packed_constant[p] = broadcast_ext<PackedFp>(constant[p]);
    packed_z[p] = broadcast_ext<PackedFp>(zs[p]);
  }
  const size_t blocks = (n + W - 1) / W;
  constexpr size_t kBlocks = kChunk / W;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, blocks, kBlocks), [&](const auto& r) {
    // acc[(blk - begin) * np + p]: the combination at point p; den likewise: x - z, then its inverse.
    std::vector<PackedExt> acc(r.size() * np), den(r.size() * np), prefix;
    std::vector<PackedFp> cols;
    for (size_t blk = r.begin(); blk < r.end(); ++blk) {
      const size_t r0 = blk * W;
      auto row_of = [&](size_t l) { return std::min(r0 + l, n - 1); };  // lanes past n repeat the last row
      PackedExt* a = acc.data() + (blk - r.begin()) * np;
      for (size_t p = 0; p < np; ++p) a[p] = -packed_constant[p];
      for (size_t m = 0; m < matrices.size(); ++m) {
        if (terms_of[m].empty()) continue;
        const RowMajorMatrix<Fp>& mat = *matrices[m];
        const size_t w = mat.width();
        std::array<const Fp*, W> row_ptr;
        for (size_t l = 0; l < W; ++l) row_ptr[l] = mat.data() + row_of(l) * w;
        cols.resize(w);
        gather_columns(row_ptr, w, cols.data());
        PackedExt comb = broadcast_ext<PackedFp>(Ext::zero());
        for (size_t c = 0; c < w; ++c) comb += alpha_pow[c] * cols[c];
        for (const auto& [p, scale] : terms_of[m]) a[p] += scale * comb;
      }
      const PackedFp x = PackedFp::from_fn([&](size_t l) { return points[row_of(l)]; });
      for (size_t p = 0; p < np; ++p) den[(blk - r.begin()) * np + p] = PackedExt(x) - packed_z[p];
    }
    // Lane-wise batched inversion of the chunk's x - z (never zero: z lies outside the domain, which
    // the verifier's transcript makes overwhelmingly likely and the prover checks here).
    if (!batch_inverse_lanes(std::span<PackedExt>(den), prefix))
      throw std::runtime_error("reduce_height: an opening point lies in the LDE domain");
    for (size_t blk = r.begin(); blk < r.end(); ++blk) {
      PackedExt sum = broadcast_ext<PackedFp>(Ext::zero());
      for (size_t p = 0; p < np; ++p) sum += acc[(blk - r.begin()) * np + p] * den[(blk - r.begin()) * np + p];
      const auto out = unpack_ext(sum);
      for (size_t l = 0; l < W && blk * W + l < n; ++l) ro[blk * W + l] = out[l];
    }
  });
  return ro;
}

}  // namespace zkrv
