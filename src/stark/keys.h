// Proving and verifying keys: the commitment to the chips' preprocessed (fixed) columns.
//
// setup() commits every chip's preprocessed_trace() in one PCS batch (protocol step 1 of prover.h). In a
// real system the verifying key is what the verifier holds (e.g. bound into a program's image ID): the
// verifier never takes the preprocessed root from a proof. A preprocessed trace fixes its chip's height,
// so the main trace of such a chip must have the same height.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fri/pcs.h"
#include "hash/digest.h"
#include "stark/chip.h"

namespace zkrv {

struct VerifyingKey {
  std::string config_name;                               // the FRI configuration the root was made with
  std::vector<std::optional<unsigned>> preprocessed_log_heights;  // per chip; nullopt: no preprocessed columns
  std::optional<Digest> preprocessed_root;               // present iff some chip has preprocessed columns

  bool has_preprocessed() const noexcept { return preprocessed_root.has_value(); }
};

struct ProvingKey {
  VerifyingKey vk;
  std::optional<PcsProverData> preprocessed;  // the committed LDEs, matrices in chip order (chips with columns)
  std::vector<size_t> matrix_index;           // per chip: its matrix in `preprocessed` (unused if none)
};

// Commits the preprocessed traces of `chips` (each of power-of-two height >= 2 and width
// preprocessed_width()). Throws std::invalid_argument for a chip whose trace does not match.
ProvingKey setup(const TwoAdicFriPcs& pcs, std::span<const Chip> chips);

}  // namespace zkrv
