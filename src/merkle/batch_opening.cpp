#include "merkle/batch_opening.h"

namespace zkrv {

void BatchOpening::write(ByteWriter& out) const {
  out.varuint(static_cast<uint32_t>(opened_rows.size()));
  for (const auto& row : opened_rows) {
    out.varuint(static_cast<uint32_t>(row.size()));
    for (const Fp& x : row) x.write(out);
  }
  out.varuint(static_cast<uint32_t>(siblings.size()));
  for (const Digest& d : siblings) d.write(out);
}

BatchOpening BatchOpening::read(ByteReader& in, const Limits& limits) {
  BatchOpening o;
  // Each matrix takes at least its 1-byte length prefix, so the count must fit in what remains.
  const uint32_t n_matrices = in.varlength("Merkle opening: matrix count", limits.max_matrices, 1);
  o.opened_rows.resize(n_matrices);
  for (auto& row : o.opened_rows) {
    const uint32_t len = in.varlength("Merkle opening: row length", limits.max_row_length, 4);
    row.resize(len);
    for (Fp& x : row) x = Fp::read(in);
  }
  const uint32_t n_siblings = in.varlength("Merkle opening: sibling count", limits.max_siblings, Digest::BYTES);
  o.siblings.resize(n_siblings);
  for (Digest& d : o.siblings) d = Digest::read(in);
  return o;
}

size_t BatchOpening::serialized_size() const noexcept {
  size_t n = varuint_size(static_cast<uint32_t>(opened_rows.size())) +
             varuint_size(static_cast<uint32_t>(siblings.size())) + siblings.size() * Digest::BYTES;
  for (const auto& row : opened_rows) n += varuint_size(static_cast<uint32_t>(row.size())) + 4 * row.size();
  return n;
}

}  // namespace zkrv
