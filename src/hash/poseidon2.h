// Poseidon2 permutation over BabyBear, widths 16 and 24 (docs/architecture.md section 2, "hash").
//
// Poseidon2 (Grassi, Khovratovich, Schofnegger, "Poseidon2: A Faster Version of the Poseidon Hash
// Function", AFRICACRYPT 2023, eprint 2023/323) with exactly the instance of
// vectors/poseidon2_babybear.json, which is Plonky3's BabyBear instance (x^7 S-box, 8 full rounds split
// 4 + 4, 13 partial rounds at width 16 and 21 at width 24):
//   x <- M_E x;  4 x [x += c_r; x_i <- x_i^7; x <- M_E x];
//   R_P x [x_0 += c_r; x_0 <- x_0^7; x <- M_I x];  4 x [x += c_r; x_i <- x_i^7; x <- M_E x].
// M_E is the paper's external matrix circ(2 M4, M4, ..., M4) (section 5.1) built from Plonky3's M4,
// M_I = 1 + diag(d) (section 5.2), i.e. x_i <- sum(x) + d_i x_i. The constants are compiled in from a header
// generated from the JSON at build time (see gen_poseidon2_constants.py); the known-answer vectors of
// the JSON are checked by poseidon2_test.
//
// Two entry points per width: a scalar permutation of one state, and a packed permutation of
// PackedFp::WIDTH independent states at once, where lane i of every PackedFp belongs to state i (the
// "vertical" layout Plonky3 uses for its AVX-512 Poseidon2). The packed one is what Merkle leaf hashing,
// Merkle compression and proof-of-work grinding use.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "field/babybear.h"
#include "field/packed_babybear.h"

namespace zkrv {

template <size_t W>
class Poseidon2 {
  static_assert(W == 16 || W == 24, "vectors/poseidon2_babybear.json defines widths 16 and 24");

 public:
  static constexpr size_t WIDTH = W;
  static constexpr size_t HALF_FULL_ROUNDS = 4;
  static constexpr size_t PARTIAL_ROUNDS = W == 16 ? 13 : 21;

  using State = std::array<Fp, W>;
  // Lane l of element i is element i of state l.
  using PackedState = std::array<PackedFp, W>;

  static void permute(State& state) noexcept;
  static void permute(PackedState& state) noexcept;

  static State permuted(State state) noexcept {
    permute(state);
    return state;
  }

  // Permutes any number of states, PackedFp::WIDTH at a time through the packed permutation (the tail
  // through the scalar one). Same result as calling permute() on each.
  static void permute_many(std::span<State> states) noexcept;

  // The element-by-element scalar code, which permute(State&) replaces by an AVX2 version when the
  // target has AVX2; exposed so the tests check both against the known-answer vectors.
  static void permute_portable(State& state) noexcept;

  // Transposition helpers between PackedFp::WIDTH scalar states and one packed state.
  static PackedState pack(std::span<const State, PackedFp::WIDTH> states) noexcept;
  static void unpack(const PackedState& packed, std::span<State, PackedFp::WIDTH> states) noexcept;
};

extern template class Poseidon2<16>;
extern template class Poseidon2<24>;

using Poseidon2_16 = Poseidon2<16>;
using Poseidon2_24 = Poseidon2<24>;

}  // namespace zkrv
