#include "hash/poseidon2.h"

#include "hash/poseidon2_rounds.h"
#if defined(__AVX2__)
#include "hash/poseidon2_horizontal.h"
#endif

namespace zkrv {

template <size_t W>
void Poseidon2<W>::permute(State& state) noexcept {
#if defined(__AVX2__)
  poseidon2_detail::permute_horizontal<W>(state);
#else
  poseidon2_detail::permute<W>(state);
#endif
}

template <size_t W>
void Poseidon2<W>::permute_portable(State& state) noexcept {
  poseidon2_detail::permute<W>(state);
}

template <size_t W>
void Poseidon2<W>::permute(PackedState& state) noexcept {
  poseidon2_detail::permute<W>(state);
}

template <size_t W>
typename Poseidon2<W>::PackedState Poseidon2<W>::pack(std::span<const State, PackedFp::WIDTH> states) noexcept {
  PackedState packed;
  for (size_t i = 0; i < W; ++i) packed[i] = PackedFp::from_fn([&](size_t lane) { return states[lane][i]; });
  return packed;
}

template <size_t W>
void Poseidon2<W>::unpack(const PackedState& packed, std::span<State, PackedFp::WIDTH> states) noexcept {
  for (size_t i = 0; i < W; ++i) {
    const auto lanes = packed[i].to_array();
    for (size_t lane = 0; lane < PackedFp::WIDTH; ++lane) states[lane][i] = lanes[lane];
  }
}

template <size_t W>
void Poseidon2<W>::permute_many(std::span<State> states) noexcept {
  constexpr size_t L = PackedFp::WIDTH;
  size_t i = 0;
  for (; i + L <= states.size(); i += L) {
    const std::span<State, L> group(states.data() + i, L);
    PackedState packed = pack(group);
    permute(packed);
    unpack(packed, group);
  }
  for (; i < states.size(); ++i) permute(states[i]);
}

template class Poseidon2<16>;
template class Poseidon2<24>;

}  // namespace zkrv
