// Poseidon2 against the known-answer vectors of vectors/poseidon2_babybear.json, and the packed
// permutation against the scalar one.
#include "hash/poseidon2.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

namespace zkrv {
namespace {

nlohmann::json load_vectors() {
  std::ifstream in(ZKRV_POSEIDON2_JSON);
  if (!in) throw std::runtime_error("cannot open " ZKRV_POSEIDON2_JSON);
  return nlohmann::json::parse(in);
}

template <size_t W>
std::array<Fp, W> to_state(const nlohmann::json& values) {
  std::array<Fp, W> s;
  if (values.size() != W) throw std::runtime_error("vector of wrong width");
  for (size_t i = 0; i < W; ++i) s[i] = Fp::from_canonical(values[i].get<uint32_t>());
  return s;
}

template <size_t W>
void check_known_answer() {
  const auto kat = load_vectors()["poseidon2"][std::to_string(W)]["known_answer"];
  ASSERT_FALSE(kat.is_null());
  // The file may hold one vector or a list of them.
  const std::vector<nlohmann::json> cases = kat.is_array() ? kat.get<std::vector<nlohmann::json>>()
                                                            : std::vector<nlohmann::json>{kat};
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    auto state = to_state<W>(c["input"]);
    const auto expected = to_state<W>(c["output"]);
    Poseidon2<W>::permute(state);
    for (size_t i = 0; i < W; ++i) EXPECT_EQ(state[i], expected[i]) << "lane " << i;
    auto portable = to_state<W>(c["input"]);
    Poseidon2<W>::permute_portable(portable);
    EXPECT_EQ(portable, expected);

    // The same vector through every lane of the packed permutation.
    typename Poseidon2<W>::PackedState packed;
    const auto input = to_state<W>(c["input"]);
    for (size_t i = 0; i < W; ++i) packed[i] = PackedFp::broadcast(input[i]);
    Poseidon2<W>::permute(packed);
    for (size_t i = 0; i < W; ++i) EXPECT_EQ(packed[i], PackedFp::broadcast(expected[i])) << "lane " << i;
  }
}

TEST(Poseidon2, KnownAnswerWidth16) { check_known_answer<16>(); }
TEST(Poseidon2, KnownAnswerWidth24) { check_known_answer<24>(); }

// The round counts in poseidon2.h agree with the file (the generated header is checked by the build).
TEST(Poseidon2, RoundCountsMatchVectors) {
  const auto p = load_vectors()["poseidon2"];
  EXPECT_EQ(p["16"]["rounds_partial"].get<size_t>(), Poseidon2_16::PARTIAL_ROUNDS);
  EXPECT_EQ(p["24"]["rounds_partial"].get<size_t>(), Poseidon2_24::PARTIAL_ROUNDS);
  EXPECT_EQ(p["16"]["rounds_full"].get<size_t>(), 2 * Poseidon2_16::HALF_FULL_ROUNDS);
  EXPECT_EQ(p["24"]["rounds_full"].get<size_t>(), 2 * Poseidon2_24::HALF_FULL_ROUNDS);
}

template <size_t W>
void check_packed_matches_scalar() {
  std::mt19937_64 rng(W);
  using State = typename Poseidon2<W>::State;
  for (int trial = 0; trial < 20; ++trial) {
    std::array<State, PackedFp::WIDTH> states;
    for (auto& s : states)
      for (auto& x : s) x = Fp::random(rng);
    // Edge values in a few lanes: 0, 1, p - 1.
    states[0].fill(Fp::zero());
    states[1].fill(Fp::neg_one());
    auto packed = Poseidon2<W>::pack(states);
    Poseidon2<W>::permute(packed);
    std::array<State, PackedFp::WIDTH> unpacked;
    Poseidon2<W>::unpack(packed, unpacked);
    for (size_t lane = 0; lane < PackedFp::WIDTH; ++lane) {
      EXPECT_EQ(unpacked[lane], Poseidon2<W>::permuted(states[lane])) << "lane " << lane;
      auto portable = states[lane];
      Poseidon2<W>::permute_portable(portable);
      EXPECT_EQ(unpacked[lane], portable) << "lane " << lane;
    }
  }
  // permute_many with a tail that is not a multiple of the packing width.
  std::vector<State> many(2 * PackedFp::WIDTH + 3);
  for (auto& s : many)
    for (auto& x : s) x = Fp::random(rng);
  auto expected = many;
  for (auto& s : expected) Poseidon2<W>::permute(s);
  Poseidon2<W>::permute_many(many);
  EXPECT_EQ(many, expected);
}

TEST(Poseidon2, PackedMatchesScalarWidth16) { check_packed_matches_scalar<16>(); }
TEST(Poseidon2, PackedMatchesScalarWidth24) { check_packed_matches_scalar<24>(); }

// A permutation: distinct inputs give distinct outputs, and a one-lane change spreads to every lane.
TEST(Poseidon2, Diffusion) {
  Poseidon2_16::State a{}, b{};
  b[15] = Fp::one();
  const auto pa = Poseidon2_16::permuted(a), pb = Poseidon2_16::permuted(b);
  for (size_t i = 0; i < 16; ++i) EXPECT_NE(pa[i], pb[i]) << "lane " << i;
}

}  // namespace
}  // namespace zkrv
