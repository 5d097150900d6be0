// A chip as the STARK sees it: any AIR (air/air.h) behind one type, so a machine is a plain
// std::vector<Chip> of different chip types (SP1's Chip<F, A> wrapping a MachineAir, crates/stark/src/chip.rs).
//
// The wrapper keeps the chip's metadata, its symbolic analysis (air/symbolic.h: constraint count and
// degrees, computed once at construction) and two instantiations of its eval: on the prover's packed
// folder (quotient domain) and on the verifier's extension folder (out-of-domain point). The chip object
// itself is shared, never copied per call.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "air/air.h"
#include "air/folder.h"
#include "air/symbolic.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"

namespace zkrv {

// Evaluates one row of a real trace (the permutation trace generator reads interactions with it).
using RowFolder = FolderBuilder<Fp, Ext, Ext>;

template <class A>
concept StarkAir = Air<A> && AirFor<A, SymbolicBuilder> && AirFor<A, ProverFolder> &&
                   AirFor<A, VerifierFolder> && AirFor<A, RowFolder>;

class Chip {
 public:
  template <StarkAir A>
  explicit Chip(A air) {
    auto shared = std::make_shared<const A>(std::move(air));
    name_ = std::string(shared->name());
    width_ = shared->width();
    preprocessed_width_ = shared->preprocessed_width();
    num_public_values_ = shared->num_public_values();
    info_ = std::make_shared<const AirInfo>(analyze(*shared));
    preprocessed_ = [shared] { return shared->preprocessed_trace(); };
    eval_prover_ = [shared](ProverFolder& b) { shared->eval(b); };
    eval_verifier_ = [shared](VerifierFolder& b) { shared->eval(b); };
    eval_row_ = [shared](RowFolder& b) { shared->eval(b); };
    group_interactions();
  }

  const std::string& name() const noexcept { return name_; }
  size_t width() const noexcept { return width_; }
  size_t preprocessed_width() const noexcept { return preprocessed_width_; }
  size_t num_public_values() const noexcept { return num_public_values_; }
  RowMajorMatrix<Fp> preprocessed_trace() const { return preprocessed_(); }
  const AirInfo& info() const noexcept { return *info_; }
  size_t num_constraints() const noexcept { return info_->num_constraints(); }
  size_t num_interactions() const noexcept { return info_->interactions.size(); }
  // The degree the quotient must cover: the chip's constraints and, with interactions, the LogUp
  // constraints of stark/logup.h (a group's h * prod d - sum m prod d has degree 1 + sum deg d, and so
  // has the last group's, where phi' - phi - ... stands for h; chips with interactions count at least 2).
  size_t max_constraint_degree() const noexcept { return degree_; }

  // LogUp groups (stark/logup.h): groups are runs of consecutive interactions, as long as the group
  // constraint stays within max(chip degree, 3). Each group but the last is one helper column; the last
  // lives in the running sum, so the permutation trace has num_logup_groups() extension columns.
  size_t num_logup_groups() const noexcept { return group_begin_.empty() ? 0 : group_begin_.size() - 1; }
  // Interactions [group_begin(g), group_begin(g + 1)) form group g.
  size_t group_begin(size_t g) const noexcept { return group_begin_[g]; }
  size_t num_permutation_columns() const noexcept { return num_logup_groups(); }

  // log2 of the number of quotient chunks: the smallest q with 2^q >= max(degree - 1, 1). The quotient
  // C(X)/Z_H(X) has degree < (degree - 1) * n when selectors count as degree 1 (Plonky3
  // get_log_quotient_degree), so 2^q chunks of degree < n hold it.
  unsigned log_quotient_chunks() const noexcept {
    const size_t d = max_constraint_degree() > 1 ? max_constraint_degree() - 1 : 1;
    unsigned q = 0;
    while ((size_t{1} << q) < d) ++q;
    return q;
  }

  void eval(ProverFolder& b) const { eval_prover_(b); }
  void eval(VerifierFolder& b) const { eval_verifier_(b); }
  void eval(RowFolder& b) const { eval_row_(b); }

 private:
  std::string name_;
  size_t width_ = 0;
  size_t preprocessed_width_ = 0;
  size_t num_public_values_ = 0;
  std::shared_ptr<const AirInfo> info_;
  std::function<RowMajorMatrix<Fp>()> preprocessed_;
  std::function<void(ProverFolder&)> eval_prover_;
  std::function<void(VerifierFolder&)> eval_verifier_;
  std::function<void(RowFolder&)> eval_row_;
  size_t degree_ = 0;
  std::vector<size_t> group_begin_;  // group boundaries, size groups + 1 (empty without interactions)

  // Greedy: extend the current group while its constraint degree stays within the budget
  // max(chip degree, 3); 3 lets two interactions with degree-1 tuples share one column.
  void group_interactions() {
    const auto& its = info_->interactions;
    const size_t budget = std::max<size_t>(info_->max_constraint_degree, 3);
    size_t degree = info_->max_constraint_degree;
    size_t sum_d = 0, max_num = 0;  // over the current group: sum of denominator degrees, max of m_i prod_{j!=i} d_j
    for (size_t i = 0; i < its.size(); ++i) {
      const size_t d = its[i].values_degree, m = its[i].multiplicity_degree;
      // Degrees of the group with interaction i added: h prod d -> 1 + sum_d + d; numerators: each old
      // m_j term gains d, the new one is m + sum_d.
      const size_t with_h = 1 + sum_d + d, with_num = std::max(max_num + d, m + sum_d);
      if (i == 0 || std::max(with_h, with_num) > budget) {
        group_begin_.push_back(i);
        sum_d = d;
        max_num = m;
      } else {
        sum_d += d;
        max_num = with_num;
      }
      degree = std::max({degree, 1 + sum_d, max_num, size_t{2}});
    }
    if (!its.empty()) group_begin_.push_back(its.size());
    degree_ = degree;
  }
};

}  // namespace zkrv
