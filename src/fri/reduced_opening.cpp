#include "fri/reduced_opening.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "base/bits.h"
#include "field/batch_inverse.h"
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
  // Distinct points of this height (usually one or two: zeta and zeta * g).
  std::vector<Ext> zs;
  std::vector<size_t> term_z(terms.size());
  for (size_t t = 0; t < terms.size(); ++t) {
    auto it = std::find(zs.begin(), zs.end(), terms[t].point);
    term_z[t] = static_cast<size_t>(it - zs.begin());
    if (it == zs.end()) zs.push_back(terms[t].point);
  }
  tbb::parallel_for(tbb::blocked_range<size_t>(0, (n + kChunk - 1) / kChunk, 1), [&](const auto& r) {
    std::vector<Ext> inv(kChunk * zs.size());
    std::vector<Ext> comb(kChunk * matrices.size());
    for (size_t chunk = r.begin(); chunk < r.end(); ++chunk) {
      const size_t lo = chunk * kChunk, len = std::min(n, lo + kChunk) - lo;
      for (size_t p = 0; p < zs.size(); ++p) {
        std::span<Ext> s(inv.data() + p * kChunk, len);
        for (size_t i = 0; i < len; ++i) s[i] = Ext(points[lo + i]) - zs[p];
        batch_inverse_in_place(s);
      }
      std::vector<bool> done(matrices.size(), false);
      for (const DeepTerm& t : terms) {
        if (done[t.matrix]) continue;
        done[t.matrix] = true;
        const auto& m = *matrices[t.matrix];
        for (size_t i = 0; i < len; ++i) comb[t.matrix * kChunk + i] = alpha.combine(m.row(lo + i));
      }
      for (size_t t = 0; t < terms.size(); ++t) {
        const DeepTerm& term = terms[t];
        const Ext* c = comb.data() + term.matrix * kChunk;
        const Ext* iv = inv.data() + term_z[t] * kChunk;
        for (size_t i = 0; i < len; ++i) ro[lo + i] += term.scale * ((c[i] - term.combined_value) * iv[i]);
      }
    }
  });
  return ro;
}

}  // namespace zkrv
