// Overwrite-mode sponge over Poseidon2 without padding, and the row hashers built on it
// (docs/architecture.md section 2: "Rows of fixed width hash with an overwrite-mode sponge without padding").
//
// This is Plonky3's PaddingFreeSponge: the state starts at zero; the input is cut into chunks of RATE
// elements; each chunk OVERWRITES state[0 .. chunk size) (a short last chunk leaves the rest of the rate
// as it was) and is followed by one permutation; the digest is state[0 .. 8). The empty input performs
// no permutation and hashes to the zero digest. Overwriting instead of adding is the "overwrite mode" of
// Bertoni, Daemen, Peeters, Van Assche ("Sponge-based pseudo-random number generators", CHES 2010),
// which they show is as secure as the XOR/add mode; it saves the additions.
//
// No padding is sound only for inputs whose LENGTH IS FIXED by the context, which is why this is for
// matrix rows: a Merkle tree commits to its matrices' dimensions, so two leaves of one tree always hash
// the same number of elements. For inputs of different lengths it is NOT collision resistant (an input
// ending in a short chunk collides with one that continues with the state's leftover rate elements), and
// a row of at most 8 elements hashes like the compression of (row, 0); use hash_bytes.h for
// variable-length data.
//
// Two parameter sets share the code: width 16 rate 8 and width 24 rate 16 (capacity 8 either way, i.e.
// ~124-bit security). DefaultRowHasher is the one chosen by measurement (see hash_bench.cpp and the
// comment at its definition).
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <span>
#include <type_traits>

#include "field/babybear.h"
#include "field/packed_babybear.h"
#include "hash/digest.h"
#include "hash/poseidon2.h"

#include "hash/simd_select.h"
#if ZKRV_HASH_AVX512
#include <immintrin.h>
#endif

namespace zkrv {

// F = Fp hashes one input; F = PackedFp hashes PackedFp::WIDTH inputs of equal length at once (lane l of
// every absorbed PackedFp belongs to input l).
template <size_t W, size_t RATE, class F = Fp>
class OverwriteSponge {
  static_assert(DIGEST_ELEMS <= RATE && RATE < W, "the digest is squeezed from the rate");
  static_assert(std::is_same_v<F, Fp> || std::is_same_v<F, PackedFp>);

 public:
  using Perm = Poseidon2<W>;
  using State = std::array<F, W>;
  using Output = std::conditional_t<std::is_same_v<F, Fp>, Digest, PackedDigest>;
  static constexpr size_t WIDTH = W;
  static constexpr size_t RATE_ELEMS = RATE;

  OverwriteSponge() noexcept { state_.fill(F{}); }
  // Starts from a given state (hash_bytes.h puts a domain value into the capacity this way).
  explicit OverwriteSponge(const State& initial) noexcept : state_(initial) {}

  void absorb(const F& x) noexcept {
    state_[pos_++] = x;
    if (pos_ == RATE) flush();
  }
  void absorb(std::span<const F> xs) noexcept {
    while (!xs.empty()) {
      const size_t n = std::min(RATE - pos_, xs.size());
      std::copy_n(xs.begin(), n, state_.begin() + pos_);
      pos_ += n;
      xs = xs.subspan(n);
      if (pos_ == RATE) flush();
    }
  }

  // Packed only: lane l absorbs base[l * stride + j] for j < len, i.e. PackedFp::WIDTH rows of a
  // row-major matrix with `stride` elements between row starts. Calls may be chained to absorb the
  // concatenation of several matrices' rows. Needs 15 * stride + len < 2^31 (gather offsets).
  void absorb_strided(const Fp* base, size_t stride, size_t len) noexcept
    requires std::is_same_v<F, PackedFp>
  {
    size_t j = 0;
    while (j < len) {
      const size_t n = std::min(RATE - pos_, len - j);
      for (size_t k = 0; k < n; ++k) state_[pos_ + k] = gather(base + j + k, stride);
      pos_ += n;
      j += n;
      if (pos_ == RATE) flush();
    }
  }

  // Permutes a pending partial chunk and returns state[0 .. 8). Idempotent: squeezing again returns the
  // same digest. Absorbing after squeezing continues the same sponge (not used by zkrv).
  Output squeeze() noexcept {
    if (pos_ != 0) flush();
    Output out;
    for (size_t i = 0; i < DIGEST_ELEMS; ++i) out[i] = state_[i];
    return out;
  }

  const State& state() const noexcept { return state_; }
  // Elements absorbed into the current, not yet permuted chunk (0 <= position < RATE).
  size_t position() const noexcept { return pos_; }

 private:
  void flush() noexcept {
    Perm::permute(state_);
    pos_ = 0;
  }

  static PackedFp gather(const Fp* p, size_t stride) noexcept
    requires std::is_same_v<F, PackedFp>
  {
#if ZKRV_HASH_AVX512
    if constexpr (std::is_same_v<PackedFp::Backend, packed::Avx512Backend>) {
      assert(15 * stride < (size_t{1} << 31));
      const int s = static_cast<int>(stride);
      const __m512i idx = _mm512_mullo_epi32(_mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
                                             _mm512_set1_epi32(s));
      // Masked form with a defined merge source (GCC 12 -Wuninitialized, PR 105593).
      return PackedFp::from_vec(_mm512_mask_i32gather_epi32(_mm512_setzero_si512(), static_cast<__mmask16>(0xffff),
                                                            idx, p, 4));
    } else
#endif
    {
      return PackedFp::from_fn([&](size_t l) { return p[l * stride]; });
    }
  }

  State state_;
  size_t pos_ = 0;
};

// Hashing of fixed-width rows. hash() for one row, hash_packed() for PackedFp::WIDTH rows at once
// (Merkle leaf hashing), hash_rows() for a whole row-major matrix.
template <size_t W, size_t RATE>
struct RowHasher {
  using Sponge = OverwriteSponge<W, RATE, Fp>;
  using PackedSponge = OverwriteSponge<W, RATE, PackedFp>;
  static constexpr size_t WIDTH = W;
  static constexpr size_t RATE_ELEMS = RATE;

  static Digest hash(std::span<const Fp> row) noexcept {
    Sponge s;
    s.absorb(row);
    return s.squeeze();
  }
  // Lane l hashes the row base[l * stride .. l * stride + len).
  static PackedDigest hash_packed(const Fp* base, size_t stride, size_t len) noexcept {
    PackedSponge s;
    s.absorb_strided(base, stride, len);
    return s.squeeze();
  }
  // out[r] = hash(row r) for r < n_rows, row r = base[r * stride .. r * stride + len).
  // Out of line (sponge.cpp), single-threaded: callers parallelise over row ranges.
  static void hash_rows(const Fp* base, size_t stride, size_t len, size_t n_rows, Digest* out) noexcept;
};

extern template struct RowHasher<16, 8>;
extern template struct RowHasher<24, 16>;

using RowHasher16 = RowHasher<16, 8>;
using RowHasher24 = RowHasher<24, 16>;

// Width 24 rate 16 is the default, by measurement: hashing the rows of a 2^16 x 64 matrix (packed, one
// core of the AMD Zen 4 development machine, median of 5) takes 60.3 ms with it against 67.6 ms with
// width 16 rate 8 (1.09 M against 0.97 M rows/s; hash_bench.cpp, BM_HashRows). One width-24
// permutation absorbs twice the elements of a width-16 one for 1.73 times the cost (4.85 M against
// 8.39 M packed permutations/s). Plonky3's BabyBear configurations (and SP1) make the same choice.
using DefaultRowHasher = RowHasher24;

inline Digest hash_row(std::span<const Fp> row) noexcept { return DefaultRowHasher::hash(row); }

}  // namespace zkrv
