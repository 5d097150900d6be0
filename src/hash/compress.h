// 2-to-1 compression of digests for Merkle nodes (docs/architecture.md section 2): one width-16 Poseidon2
// permutation of left || right, truncated to the first 8 elements.
//
// There is deliberately NO feed-forward (the input is not added to the output), exactly like Plonky3's
// TruncatedPermutation<Poseidon2, 2, 8, 16>, which SP1 and Plonky3's BabyBear Merkle trees use. The
// truncation discards 8 of the 16 output elements, so the map is not invertible from its output and
// finding a collision or preimage of the 8-element output is conjectured to cost ~2^124 (the same
// argument as a sponge with capacity 8: Plonky3's and the Poseidon2 paper's, section 3, "compression
// mode"); keeping the Plonky3 construction also keeps our roots comparable with theirs.
#pragma once

#include <array>

#include "hash/digest.h"
#include "hash/poseidon2.h"

namespace zkrv {

struct Compression {
  using Perm = Poseidon2_16;

  static Digest compress(const Digest& left, const Digest& right) noexcept {
    Perm::State s;
    for (size_t i = 0; i < DIGEST_ELEMS; ++i) {
      s[i] = left[i];
      s[DIGEST_ELEMS + i] = right[i];
    }
    Perm::permute(s);
    Digest out;
    for (size_t i = 0; i < DIGEST_ELEMS; ++i) out[i] = s[i];
    return out;
  }

  // PackedFp::WIDTH independent compressions (lane l: left lane l with right lane l).
  static PackedDigest compress(const PackedDigest& left, const PackedDigest& right) noexcept {
    Perm::PackedState s;
    for (size_t i = 0; i < DIGEST_ELEMS; ++i) {
      s[i] = left[i];
      s[DIGEST_ELEMS + i] = right[i];
    }
    Perm::permute(s);
    PackedDigest out;
    for (size_t i = 0; i < DIGEST_ELEMS; ++i) out[i] = s[i];
    return out;
  }
};

inline Digest compress(const Digest& left, const Digest& right) noexcept {
  return Compression::compress(left, right);
}
inline PackedDigest compress(const PackedDigest& left, const PackedDigest& right) noexcept {
  return Compression::compress(left, right);
}

}  // namespace zkrv
