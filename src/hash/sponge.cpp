#include "hash/sponge.h"

namespace zkrv {

template <size_t W, size_t RATE>
void RowHasher<W, RATE>::hash_rows(const Fp* base, size_t stride, size_t len, size_t n_rows, Digest* out) noexcept {
  constexpr size_t L = PackedFp::WIDTH;
  const size_t packed_rows = n_rows - n_rows % L;
  for (size_t r = 0; r < packed_rows; r += L) {
    unpack_digests(hash_packed(base + r * stride, stride, len), std::span<Digest, L>(out + r, L));
  }
  for (size_t r = packed_rows; r < n_rows; ++r) out[r] = hash({base + r * stride, len});
}

template struct RowHasher<16, 8>;
template struct RowHasher<24, 16>;

}  // namespace zkrv
