#include "stark/quotient.h"

#include <optional>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <array>
#include <stdexcept>
#include <string>
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

namespace {

// The traces one evaluation reads: the current row at point j of the coset and the next row at point
// j + next_offset of `*_next` (the same matrix on the quotient coset; a second coset for the small one).
struct QuotientSources {
  const CosetTrace* main = nullptr;
  const CosetTrace* main_next = nullptr;
  const CosetTrace* preprocessed = nullptr;  // null without preprocessed columns
  const CosetTrace* preprocessed_next = nullptr;
  const CosetTrace* permutation = nullptr;  // null without interactions
  const CosetTrace* permutation_next = nullptr;
};

// C(x) / Z_H(x) at every point x_j (j < 2^log_m) of a coset, W points at a time; sel holds the
// selectors and 1/Z_H at those points, natural order.
RowMajorMatrix<Ext> evaluate_quotient(const Chip& chip, unsigned log_n, unsigned log_m, const QuotientSources& src,
                                      size_t next_offset, const CosetSelectors& sel,
                                      std::span<const Fp> public_values, const Ext& alpha,
                                      const QuotientLogup* logup) {
  const size_t m = size_t{1} << log_m;
  const std::vector<Ext> alpha_powers = alpha_powers_descending(alpha, chip.num_constraints());
  RowMajorMatrix<Ext> values(m, 1);
  std::optional<LogupConstants<PackedExt>> logup_constants;
  if (logup) logup_constants.emplace(chip, logup->challenges, logup->cumulative_sum, log_n);
  const CosetTrace& main = *src.main;
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
      gather(*src.main_next, js, next_offset, log_m, main_next);
      if (chip.preprocessed_width() > 0) {
        gather(*src.preprocessed, js, 0, log_m, prep_cur);
        gather(*src.preprocessed_next, js, next_offset, log_m, prep_next);
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
        gather(*src.permutation, js, 0, log_m, perm_cur);
        // Only phi (the last extension column) is read on the next row (stark/logup.h).
        const size_t w = src.permutation_next->values.width();
        gather(*src.permutation_next, js, next_offset, log_m, perm_next, w - Ext::DEGREE, Ext::DEGREE);
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
  return values;
}

void check_shapes(const Chip& chip, size_t m, const CosetTrace& main, const CosetTrace& preprocessed,
                  const CosetTrace* permutation, const QuotientLogup* logup, const char* what) {
  if (main.values.height() < m || main.values.width() != chip.width() ||
      (chip.preprocessed_width() > 0 &&
       (preprocessed.values.height() < m || preprocessed.values.width() != chip.preprocessed_width())))
    throw std::invalid_argument(std::string(what) + ": trace shape does not match the chip");
  const size_t k = chip.num_interactions();
  if ((k > 0) != (logup != nullptr) ||
      (logup && (permutation->values.height() < m ||
                 permutation->values.width() != Ext::DEGREE * chip.num_permutation_columns())))
    throw std::invalid_argument(std::string(what) + ": permutation trace does not match the chip");
}

}  // namespace

RowMajorMatrix<Fp> compute_quotient_chunk_coefficients(const Chip& chip, unsigned log_n, const CosetTrace& main,
                                                       const CosetTrace& preprocessed,
                                                       std::span<const Fp> public_values, const Ext& alpha,
                                                       const QuotientLogup* logup) {
  const unsigned q = chip.log_quotient_chunks();
  const unsigned log_m = log_n + q;
  const size_t n = size_t{1} << log_n, m = size_t{1} << log_m, chunks = size_t{1} << q;
  check_shapes(chip, m, main, preprocessed, logup ? &logup->permutation : nullptr, logup,
               "compute_quotient_chunk_coefficients");

  // Step 3a: C(x) / Z_H(x) at every x of the coset; x * g is 2^q points further on the coset.
  const CosetSelectors sel = selectors_on_coset(log_n, q, kLdeShift);
  const QuotientSources src{&main, &main, &preprocessed, &preprocessed,
                            logup ? &logup->permutation : nullptr, logup ? &logup->permutation : nullptr};
  const RowMajorMatrix<Ext> values =
      evaluate_quotient(chip, log_n, log_m, src, chunks, sel, public_values, alpha, logup);

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

std::vector<Ext> quotient_on_small_coset(const Chip& chip, unsigned log_n, const SmallCosetTraces& traces,
                                         std::span<const Fp> public_values, const Ext& alpha,
                                         const QuotientLogup* logup, unsigned log_t, Fp sigma) {
  const size_t t = size_t{1} << log_t;
  if (log_t > log_n) throw std::invalid_argument("quotient_on_small_coset: the coset must not exceed H");
  const CosetTrace main{traces.main, RowOrder::natural}, main_next{traces.main_next, RowOrder::natural};
  const CosetTrace prep{traces.preprocessed, RowOrder::natural},
      prep_next{traces.preprocessed_next, RowOrder::natural};
  const CosetTrace perm{traces.permutation, RowOrder::natural}, perm_next{traces.permutation_next, RowOrder::natural};
  check_shapes(chip, t, main, prep, &perm, logup, "quotient_on_small_coset");
  check_shapes(chip, t, main_next, prep_next, &perm_next, logup, "quotient_on_small_coset");
  const CosetSelectors sel = selectors_on_small_coset(log_n, log_t, sigma);
  const QuotientSources src{&main, &main_next, &prep, &prep_next, &perm, &perm_next};
  const RowMajorMatrix<Ext> values = evaluate_quotient(chip, log_n, log_t, src, 0, sel, public_values, alpha, logup);
  std::vector<Ext> out(t);
  for (size_t j = 0; j < t; ++j) out[j] = values(j, 0);
  return out;
}

}  // namespace zkrv
