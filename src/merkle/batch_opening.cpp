#include "merkle/batch_opening.h"

namespace zkrv {

void BatchOpening::write(ByteWriter& out) const {
  out.u32(static_cast<uint32_t>(opened_rows.size()));
  for (const auto& row : opened_rows) {
    out.u32(static_cast<uint32_t>(row.size()));
    for (const Fp& x : row) x.write(out);
  }
  out.u32(static_cast<uint32_t>(siblings.size()));
  for (const Digest& d : siblings) d.write(out);
}

BatchOpening BatchOpening::read(ByteReader& in, const Limits& limits) {
  BatchOpening o;
  // Each matrix takes at least its 4-byte length prefix, so count * 4 must fit in what remains.
  const uint32_t n_matrices = in.length("Merkle opening: matrix count", limits.max_matrices, 4);
  o.opened_rows.resize(n_matrices);
  for (auto& row : o.opened_rows) {
    const uint32_t len = in.length("Merkle opening: row length", limits.max_row_length, 4);
    row.resize(len);
    for (Fp& x : row) x = Fp::read(in);
  }
  const uint32_t n_siblings = in.length("Merkle opening: sibling count", limits.max_siblings, Digest::BYTES);
  o.siblings.resize(n_siblings);
  for (Digest& d : o.siblings) d = Digest::read(in);
  return o;
}

size_t BatchOpening::serialized_size() const noexcept {
  size_t n = 4 + 4 + siblings.size() * Digest::BYTES;
  for (const auto& row : opened_rows) n += 4 + 4 * row.size();
  return n;
}

}  // namespace zkrv
