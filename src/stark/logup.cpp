#include "stark/logup.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <bit>
#include <stdexcept>

#include "field/packed_batch_inverse.h"
#include "field/packed_extension.h"
#include "stark/expression_program.h"

namespace zkrv {

namespace {

constexpr size_t W = PackedFp::WIDTH;
constexpr size_t D = Ext::DEGREE;
// Rows per task: one batched inversion per task; large enough to amortise it and the task.
constexpr size_t kBlocksPerTask = 64;

// The program's inputs for rows r0 .. r0 + W - 1 (lanes past the last row repeat it; their results
// are never written).
struct PackedRows {
  MatrixView<const Fp> main, preprocessed;
  std::span<const Fp> public_values;
  size_t r0 = 0, n = 0;
  size_t row(size_t l) const noexcept { return std::min(r0 + l, n - 1); }
  PackedFp main_col(size_t c) const noexcept { return PackedFp::from_fn([&](size_t l) { return main(row(l), c); }); }
  PackedFp preprocessed_col(size_t c) const noexcept {
    return PackedFp::from_fn([&](size_t l) { return preprocessed(row(l), c); });
  }
  PackedFp first_row() const noexcept { return PackedFp::from_fn([&](size_t l) { return Fp(r0 + l == 0 ? 1u : 0u); }); }
  PackedFp last_row() const noexcept { return PackedFp::from_fn([&](size_t l) { return Fp(r0 + l == n - 1 ? 1u : 0u); }); }
  PackedFp transition() const noexcept { return PackedFp::from_fn([&](size_t l) { return Fp(r0 + l == n - 1 ? 0u : 1u); }); }
  PackedFp public_value(size_t i) const noexcept { return PackedFp(public_values[i]); }
};

// Adapter giving ExpressionProgram::run its input names.
struct ProgramInputs {
  const PackedRows& rows;
  PackedFp main(size_t c) const noexcept { return rows.main_col(c); }
  PackedFp preprocessed(size_t c) const noexcept { return rows.preprocessed_col(c); }
  PackedFp public_value(size_t i) const noexcept { return rows.public_value(i); }
  PackedFp first_row() const noexcept { return rows.first_row(); }
  PackedFp last_row() const noexcept { return rows.last_row(); }
  PackedFp transition() const noexcept { return rows.transition(); }
};

}  // namespace

PermutationTrace generate_permutation_trace(const Chip& chip, MatrixView<const Fp> main,
                                            MatrixView<const Fp> preprocessed, std::span<const Fp> public_values,
                                            const LogupChallenges& ch) {
  const size_t n = main.height(), k = chip.num_interactions();
  if (k == 0) throw std::invalid_argument("generate_permutation_trace: chip has no interactions");
  if (!std::has_single_bit(n)) throw std::invalid_argument("generate_permutation_trace: height is not a power of two");
  const size_t groups = chip.num_logup_groups(), cols = groups;
  const auto& interactions = chip.info().interactions;
  // The tuples and multiplicities as one straight-line program over the current row, run on W rows at
  // a time (instead of the chip's whole eval on one row at a time).
  std::vector<const SymExpr*> outputs;
  for (const auto& it : interactions) {
    for (const auto& v : it.values) outputs.push_back(&v);
    outputs.push_back(&it.multiplicity);
  }
  const ExpressionProgram program(outputs);
  std::vector<Ext> bus_constant(k);
  for (size_t i = 0; i < k; ++i) {
    if (interactions[i].values.size() > ch.betas.size())
      throw std::invalid_argument("generate_permutation_trace: fewer betas than tuple positions");
    bus_constant[i] = ch.gamma + Fp(interactions[i].bus.id);
  }
  std::vector<PackedExt> packed_betas;
  for (const Ext& b : ch.betas) packed_betas.push_back(broadcast_ext<PackedFp>(b));

  // h_g(r) = sum over the group's interactions of s_i m_i(r) / d_i(r), written straight into the base
  // columns of the permutation trace for g < G - 1; every group's sum H(r) goes to row_sums, from which
  // phi (the last extension column) follows in a second pass.
  PermutationTrace out{RowMajorMatrix<Fp>::uninitialized(n, D * cols), Ext::zero()};
  std::vector<Ext> row_sums(n);
  const size_t blocks = (n + W - 1) / W;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, blocks, kBlocksPerTask), [&](const tbb::blocked_range<size_t>& range) {
    std::vector<PackedFp> registers(program.num_registers());
    std::vector<PackedExt> den(range.size() * k), prefix;
    std::vector<PackedFp> num(range.size() * k);  // s_i m_i
    for (size_t blk = range.begin(); blk != range.end(); ++blk) {
      const PackedRows rows{main, preprocessed, public_values, blk * W, n};
      program.run<PackedFp>(ProgramInputs{rows}, std::span<PackedFp>(registers));
      size_t o = 0;
      const size_t base = (blk - range.begin()) * k;
      for (size_t i = 0; i < k; ++i) {
        PackedExt d = broadcast_ext<PackedFp>(bus_constant[i]);
        for (size_t j = 0; j < interactions[i].values.size(); ++j) d += packed_betas[j] * registers[program.output(o++)];
        const PackedFp m = registers[program.output(o++)];
        den[base + i] = d;
        num[base + i] = interactions[i].kind == InteractionKind::send ? m : -m;
      }
    }
    // Every interaction's denominator is inverted, also on rows where its multiplicity is 0 and on the
    // repeated lanes past the last row of a trace shorter than W: with random challenges a zero among
    // them has probability below (rows x interactions) / |E| ~ 2^-90, and a prover that meets one fails
    // loudly rather than proving something else.
    if (!batch_inverse_lanes(std::span<PackedExt>(den), prefix))
      throw std::runtime_error("LogUp: a denominator vanished (resample impossible; retry)");
    for (size_t blk = range.begin(); blk != range.end(); ++blk) {
      const size_t base = (blk - range.begin()) * k;
      PackedExt total = broadcast_ext<PackedFp>(Ext::zero());
      for (size_t g = 0; g < groups; ++g) {
        PackedExt h = broadcast_ext<PackedFp>(Ext::zero());
        for (size_t i = chip.group_begin(g); i < chip.group_begin(g + 1); ++i) h += den[base + i] * num[base + i];
        total += h;
        if (g + 1 == groups) break;  // the last group lives in phi
        const auto lanes = unpack_ext(h);
        for (size_t l = 0; l < W && blk * W + l < n; ++l)
          for (size_t d = 0; d < D; ++d) out.trace(blk * W + l, D * g + d) = lanes[l].coeff(d);
      }
      const auto lanes = unpack_ext(total);
      for (size_t l = 0; l < W && blk * W + l < n; ++l) row_sums[blk * W + l] = lanes[l];
    }
  });
  // S, then phi(0) = 0, phi(r + 1) = phi(r) + H(r) - S/n (sequential: 2n additions).
  Ext sum = Ext::zero();
  for (const Ext& h : row_sums) sum += h;
  const Ext shift = logup_row_shift(sum, static_cast<unsigned>(std::countr_zero(n)));
  Ext phi = Ext::zero();
  for (size_t r = 0; r < n; ++r) {
    for (size_t d = 0; d < D; ++d) out.trace(r, D * (groups - 1) + d) = phi.coeff(d);
    phi += row_sums[r] - shift;
  }
  out.cumulative_sum = sum;
  return out;
}

}  // namespace zkrv
