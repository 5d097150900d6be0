#include "stark/quotient.h"

#include <optional>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <array>
#include <stdexcept>
#include <vector>

#include "air/folder.h"
#include "base/bits.h"
#include "field/packed_extension.h"
#include "field/packed_transpose.h"
#include "matrix/aligned_buffer.h"
#include "matrix/flatten.h"
#include "ntt/coset_lde.h"
#include "stark/domain.h"

namespace zkrv {
namespace {

// Row of the coset trace holding the point shift * w_M^j.
inline size_t row_of(const CosetTrace& t, size_t j, unsigned log_m) {
  return t.order == RowOrder::natural ? j : reverse_bits(static_cast<uint32_t>(j), log_m);
}

using Points = std::array<size_t, PackedFp::WIDTH>;

// Lanes l = 0..W-1 of column c at the points js[l] + offset (mod M), gathered into one PackedFp.
// The block's points are chosen (below) so that these rows are consecutive in the LDE's storage order:
// the W rows of a block then share a few cache lines instead of touching W distant rows.
// Columns [first, first + count) only when given (count 0: the whole row).
void gather(const CosetTrace& t, const Points& js, size_t offset, unsigned log_m, std::vector<PackedFp>& out,
            size_t first = 0, size_t count = 0) {
  const size_t m_mask = (size_t{1} << log_m) - 1;
  std::array<const Fp*, PackedFp::WIDTH> rows;
  const size_t w = count == 0 ? t.values.width() - first : count;
  for (size_t l = 0; l < PackedFp::WIDTH; ++l)
    rows[l] = t.values.row_ptr(row_of(t, (js[l] + offset) & m_mask, log_m)) + first;
  out.resize(w);
  gather_columns(rows, w, out.data());
}

PackedFp gather_vec(const std::vector<Fp>& v, const Points& js) {
  return PackedFp::from_fn([&](size_t l) { return v[js[l]]; });
}

// Ext::DEGREE consecutive base columns -> one packed extension column.
void to_ext(const std::vector<PackedFp>& base, std::vector<PackedExt>& out) {
  out.resize(base.size() / Ext::DEGREE);
  for (size_t c = 0; c < out.size(); ++c) {
    std::array<PackedFp, Ext::DEGREE> coeffs;
    for (size_t d = 0; d < Ext::DEGREE; ++d) coeffs[d] = base[Ext::DEGREE * c + d];
    out[c] = PackedExt(coeffs);
  }
}

}  // namespace

RowMajorMatrix<Fp> compute_quotient_chunk_coefficients(const Chip& chip, unsigned log_n, const CosetTrace& main,
                                                       const CosetTrace& preprocessed,
                                                       std::span<const Fp> public_values, const Ext& alpha,
                                                       const QuotientLogup* logup) {
  const unsigned q = chip.log_quotient_chunks();
  const unsigned log_m = log_n + q;
  const size_t n = size_t{1} << log_n, m = size_t{1} << log_m, chunks = size_t{1} << q;
  if (main.values.height() < m || main.values.width() != chip.width() ||
      (chip.preprocessed_width() > 0 &&
       (preprocessed.values.height() < m || preprocessed.values.width() != chip.preprocessed_width())))
    throw std::invalid_argument("compute_quotient_chunk_coefficients: trace shape does not match the chip");
  const size_t k = chip.num_interactions();
  if ((k > 0) != (logup != nullptr) ||
      (logup && (logup->permutation.values.height() < m ||
                 logup->permutation.values.width() != Ext::DEGREE * chip.num_permutation_columns())))
    throw std::invalid_argument("compute_quotient_chunk_coefficients: permutation trace does not match the chip");

  // Step 3a: C(x) / Z_H(x) at every x of the coset, W points at a time.
  const CosetSelectors sel = selectors_on_coset(log_n, q, kLdeShift);
  const std::vector<Ext> alpha_powers = alpha_powers_descending(alpha, chip.num_constraints());
  RowMajorMatrix<Ext> values(m, 1);
  std::optional<LogupConstants<PackedExt>> logup_constants;
  if (logup) logup_constants.emplace(chip, logup->challenges, logup->cumulative_sum, log_n);
  const size_t blocks = (m + PackedFp::WIDTH - 1) / PackedFp::WIDTH;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, blocks, 16), [&](const tbb::blocked_range<size_t>& r) {
    std::vector<PackedFp> main_cur, main_next, prep_cur, prep_next, perm_cur, perm_next;
    std::vector<PackedExt> perm_local, perm_next_ext;
    ProverFolder folder(FolderInputs<PackedFp, Ext>{}, /*record_interactions=*/logup != nullptr);
    for (size_t blk = r.begin(); blk != r.end(); ++blk) {
      // The points whose rows are storage rows blk W .. blk W + W - 1 of the main trace's LDE (when
      // m < W the lanes past m repeat rows and are not written).
      Points js;
      for (size_t l = 0; l < PackedFp::WIDTH; ++l) js[l] = row_of(main, (blk * PackedFp::WIDTH + l) & (m - 1), log_m);
      gather(main, js, 0, log_m, main_cur);
      gather(main, js, chunks, log_m, main_next);  // x * g is 2^q points further on the coset
      if (chip.preprocessed_width() > 0) {
        gather(preprocessed, js, 0, log_m, prep_cur);
        gather(preprocessed, js, chunks, log_m, prep_next);
      }
      FolderInputs<PackedFp, Ext> in;
      in.main_current = main_cur;
      in.main_next = main_next;
      in.preprocessed_current = prep_cur;
      in.preprocessed_next = prep_next;
      in.public_values = public_values;
      in.is_first_row = gather_vec(sel.is_first_row, js);
      in.is_last_row = gather_vec(sel.is_last_row, js);
      in.is_transition = gather_vec(sel.is_transition, js);
      in.alpha = alpha;
      in.alpha_powers = alpha_powers;
      folder.reset(in);
      chip.eval(folder);
      PackedExt acc = folder.accumulator();
      if (logup) {
        gather(logup->permutation, js, 0, log_m, perm_cur);
        // Only phi (the last extension column) is read on the next row (stark/logup.h).
        gather(logup->permutation, js, chunks, log_m, perm_next, logup->permutation.values.width() - Ext::DEGREE,
               Ext::DEGREE);
        to_ext(perm_cur, perm_local);
        to_ext(perm_next, perm_next_ext);
        acc = fold_logup<PackedFp, PackedExt>(acc, alpha, chip, folder.interactions(), perm_local,
                                              perm_next_ext.back(), *logup_constants);
      }
      const PackedExt quotient = acc * gather_vec(sel.inv_vanishing, js);
      const auto lanes = unpack_ext(quotient);
      for (size_t l = 0; l < PackedFp::WIDTH && blk * PackedFp::WIDTH + l < m; ++l) values(js[l], 0) = lanes[l];
    }
  });

  // Step 3b: coefficients of Q (degree < M); chunk k = coefficients [k n, (k+1) n). One extension
  // coefficient at a time as a contiguous column: the single-column NTT runs its SIMD along the column,
  // where a 4-column batch would fill a quarter of each vector.
  RowMajorMatrix<Fp> out = RowMajorMatrix<Fp>::uninitialized(n, Ext::DEGREE * chunks);
  AlignedBuffer<Fp> coeffs(m);
  for (size_t d = 0; d < Ext::DEGREE; ++d) {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, m, 1 << 14), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t i = r.begin(); i != r.end(); ++i) coeffs[i] = values(i, 0).coeff(d);
    });
    coset_intt_in_place(MatrixView<Fp>(coeffs.data(), 1, m), kLdeShift, RowOrder::natural);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 1 << 14), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t k = 0; k < chunks; ++k)
        for (size_t i = r.begin(); i != r.end(); ++i) out(i, Ext::DEGREE * k + d) = coeffs[k * n + i];
    });
  }
  return out;
}

}  // namespace zkrv
