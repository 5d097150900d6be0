// Montgomery's batch inversion (one inversion and three products per element) of packed extension
// elements, lane by lane: lane l of every value is inverted with the other lane-l values. Used where the
// prover works on PackedFp::WIDTH rows at a time (LogUp denominators, DEEP quotients, barycentric
// weights), so no element has to leave its vector.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "field/packed_extension.h"

namespace zkrv {

// values[i] <- values[i]^-1 in every lane; `prefix` is scratch (resized to values.size()). Returns false
// (values unspecified) if some lane of some value is zero: the callers' inputs are never zero except
// with negligible probability, and each says what that event means.
[[nodiscard]] inline bool batch_inverse_lanes(std::span<PackedExt> values, std::vector<PackedExt>& prefix) {
  prefix.resize(values.size());
  PackedExt acc = broadcast_ext<PackedFp>(Ext::one());
  for (size_t i = 0; i < values.size(); ++i) {
    prefix[i] = acc;
    acc = acc * values[i];
  }
  std::array<Ext, PackedFp::WIDTH> lanes = unpack_ext(acc);
  for (Ext& x : lanes) {
    if (x.is_zero()) return false;
    x = x.inverse();
  }
  PackedExt inv = pack_ext<PackedFp>(std::span<const Ext, PackedFp::WIDTH>(lanes));
  for (size_t i = values.size(); i-- > 0;) {
    const PackedExt v = values[i];
    values[i] = inv * prefix[i];
    inv = inv * v;
  }
  return true;
}

}  // namespace zkrv
