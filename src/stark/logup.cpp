#include "stark/logup.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <stdexcept>

#include "field/batch_inverse.h"

namespace zkrv {

PermutationTrace generate_permutation_trace(const Chip& chip, MatrixView<const Fp> main,
                                            MatrixView<const Fp> preprocessed, std::span<const Fp> public_values,
                                            const LogupChallenges& ch) {
  const size_t n = main.height(), k = chip.num_interactions();
  if (k == 0) throw std::invalid_argument("generate_permutation_trace: chip has no interactions");
  const size_t groups = chip.num_logup_groups(), cols = groups + 1;
  RowMajorMatrix<Ext> ext(n, cols);
  // h_g(r) = sum over the group's interactions of s_i m_i(r) / d_i(r). Only interactions with a nonzero
  // multiplicity on a row contribute, so only their denominators are computed and inverted (one batch
  // inverse per block of rows): on a CPU row most memory slots and lookups are idle.
  std::vector<size_t> group_of(k);
  for (size_t g = 0; g < groups; ++g)
    for (size_t i = chip.group_begin(g); i < chip.group_begin(g + 1); ++i) group_of[i] = g;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 256), [&](const tbb::blocked_range<size_t>& range) {
    std::vector<Ext> denominators;
    std::vector<Fp> numerators;     // s_i m_i
    std::vector<size_t> targets;    // (r - range.begin()) * groups + g
    denominators.reserve(range.size() * k);
    numerators.reserve(range.size() * k);
    targets.reserve(range.size() * k);
    RowFolder folder(FolderInputs<Fp, Ext>{}, /*record_interactions=*/true, /*fold_constraints=*/false);
    for (size_t r = range.begin(); r != range.end(); ++r) {
      const size_t next = (r + 1) % n;
      FolderInputs<Fp, Ext> in;
      in.main_current = main.row(r);
      in.main_next = main.row(next);
      if (chip.preprocessed_width() > 0) {
        in.preprocessed_current = preprocessed.row(r);
        in.preprocessed_next = preprocessed.row(next);
      }
      in.public_values = public_values;
      in.is_first_row = r == 0 ? Fp::one() : Fp::zero();
      in.is_last_row = r == n - 1 ? Fp::one() : Fp::zero();
      in.is_transition = r == n - 1 ? Fp::zero() : Fp::one();
      in.alpha = Ext::zero();
      folder.reset(in);
      chip.eval(folder);
      const auto interactions = folder.interactions();
      for (size_t i = 0; i < interactions.size(); ++i) {
        const auto& it = interactions[i];
        if (it.multiplicity.is_zero()) continue;
        const Ext d = logup_denominator<Ext>(it, ch);
        if (d.is_zero()) throw std::runtime_error("LogUp: a denominator vanished (resample impossible; retry)");
        denominators.push_back(d);
        numerators.push_back(it.kind == InteractionKind::send ? it.multiplicity : -it.multiplicity);
        targets.push_back((r - range.begin()) * groups + group_of[i]);
      }
    }
    batch_inverse_in_place(std::span<Ext>(denominators));
    for (size_t r = range.begin(); r != range.end(); ++r)
      for (size_t g = 0; g < groups; ++g) ext(r, g) = Ext::zero();
    for (size_t j = 0; j < denominators.size(); ++j) {
      const size_t r = range.begin() + targets[j] / groups, g = targets[j] % groups;
      ext(r, g) += denominators[j] * numerators[j];
    }
  });
  // phi: the running sum (sequential: n additions).
  Ext phi = Ext::zero();
  for (size_t r = 0; r < n; ++r) {
    for (size_t g = 0; g < groups; ++g) phi += ext(r, g);
    ext(r, groups) = phi;
  }
  PermutationTrace out{RowMajorMatrix<Fp>::uninitialized(n, Ext::DEGREE * cols), phi};
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 4096), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r != range.end(); ++r)
      for (size_t c = 0; c < cols; ++c)
        for (size_t d = 0; d < Ext::DEGREE; ++d) out.trace(r, Ext::DEGREE * c + d) = ext(r, c).coeff(d);
  });
  return out;
}

}  // namespace zkrv
