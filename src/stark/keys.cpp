#include "stark/keys.h"

#include <bit>
#include <stdexcept>

#include "stark/machine_checks.h"

namespace zkrv {

ProvingKey setup(const TwoAdicFriPcs& pcs, std::span<const Chip> chips) {
  check_bus_arities(chips);
  ProvingKey pk;
  pk.vk.config_name = pcs.config().name;
  pk.vk.preprocessed_log_heights.resize(chips.size());
  pk.matrix_index.assign(chips.size(), 0);
  std::vector<RowMajorMatrix<Fp>> traces;
  for (size_t i = 0; i < chips.size(); ++i) {
    const Chip& chip = chips[i];
    if (chip.preprocessed_width() == 0) continue;
    RowMajorMatrix<Fp> t = chip.preprocessed_trace();
    if (t.width() != chip.preprocessed_width() || t.height() < 2 || !std::has_single_bit(t.height()))
      throw std::invalid_argument("stark setup: bad preprocessed trace for chip " + chip.name());
    pk.vk.preprocessed_log_heights[i] = static_cast<unsigned>(std::countr_zero(t.height()));
    pk.matrix_index[i] = traces.size();
    traces.push_back(std::move(t));
  }
  if (!traces.empty()) {
    // Public data: never salted, so the verifying key is a function of the program alone.
    std::vector<MatrixView<const Fp>> views;
    for (const auto& t : traces) views.push_back(t.view());
    auto [root, data] = pcs.commit_public(views);
    pk.vk.preprocessed_root = root;
    pk.preprocessed = std::move(data);
  }
  return pk;
}

}  // namespace zkrv
