// What a Merkle tree of several matrices (merkle_tree.h) reveals about one leaf index: the opened row of
// every matrix and the sibling path. This is Plonky3's `BatchOpening` (commit/src/mmcs.rs): the opened
// rows in the order the matrices were committed, and one sibling digest per tree level, leaf level first.
//
// Wire format (little-endian, base/byte_io.h), version-free because it is always embedded in a versioned
// container (the FRI proof):
//   var matrix count, then per matrix: var row length, that many canonical u32 field elements;
//   var sibling count, then that many digests (8 canonical u32 each).
//   (var = ByteWriter::varuint, LEB128 in its shortest form: one byte for counts below 128.)
// read() takes hard limits so hostile counts are refused before anything is allocated; it does not know
// the committed shapes, so the verifier (merkle_verify.h) still checks every count exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/byte_io.h"
#include "field/babybear.h"
#include "hash/digest.h"

namespace zkrv {

struct BatchOpening {
  std::vector<std::vector<Fp>> opened_rows;  // [matrix][column], in commit order
  std::vector<Digest> siblings;              // leaf level first; one per level, log2(max height) in all

  struct Limits {
    uint32_t max_matrices = 1u << 12;
    uint32_t max_row_length = 1u << 20;
    uint32_t max_siblings = 27;  // two-adicity of BabyBear bounds every committed height
  };

  void write(ByteWriter& out) const;
  static BatchOpening read(ByteReader& in, const Limits& limits);
  // Bytes write() produces (for size statistics).
  size_t serialized_size() const noexcept;

  friend bool operator==(const BatchOpening&, const BatchOpening&) = default;
};

}  // namespace zkrv
