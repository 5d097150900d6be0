// Row hashing and compression, each checked against the permutation applied by hand (docs/architecture.md
// section 5: a check computed independently of the code under test), and packed against scalar.
#include "hash/sponge.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "hash/compress.h"

namespace zkrv {
namespace {

std::vector<Fp> random_elems(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Fp> v(n);
  for (auto& x : v) x = Fp::random(rng);
  return v;
}

Digest first8(std::span<const Fp> s) {
  Digest d;
  for (size_t i = 0; i < 8; ++i) d[i] = s[i];
  return d;
}

// A 20-element row, width 16 rate 8: zero state; overwrite 0..8, permute; overwrite 0..8, permute;
// overwrite 0..4 (4..8 keep their values), permute; output state[0..8).
TEST(Sponge, Width16Rate8ByHand) {
  const auto row = random_elems(20, 1);
  Poseidon2_16::State s{};
  for (size_t i = 0; i < 8; ++i) s[i] = row[i];
  Poseidon2_16::permute(s);
  for (size_t i = 0; i < 8; ++i) s[i] = row[8 + i];
  Poseidon2_16::permute(s);
  for (size_t i = 0; i < 4; ++i) s[i] = row[16 + i];
  Poseidon2_16::permute(s);
  EXPECT_EQ(RowHasher16::hash(row), first8(s));
}

// A 40-element row, width 24 rate 16: chunks of 16, 16 and 8.
TEST(Sponge, Width24Rate16ByHand) {
  const auto row = random_elems(40, 2);
  Poseidon2_24::State s{};
  for (size_t i = 0; i < 16; ++i) s[i] = row[i];
  Poseidon2_24::permute(s);
  for (size_t i = 0; i < 16; ++i) s[i] = row[16 + i];
  Poseidon2_24::permute(s);
  for (size_t i = 0; i < 8; ++i) s[i] = row[32 + i];
  Poseidon2_24::permute(s);
  EXPECT_EQ(RowHasher24::hash(row), first8(s));
}

// Exactly one full chunk: one permutation, none pending at the end.
TEST(Sponge, ExactMultipleOfRate) {
  const auto row = random_elems(16, 3);
  Poseidon2_24::State s{};
  for (size_t i = 0; i < 16; ++i) s[i] = row[i];
  Poseidon2_24::permute(s);
  EXPECT_EQ(RowHasher24::hash(row), first8(s));
  Poseidon2_16::State t{};
  for (size_t i = 0; i < 8; ++i) t[i] = row[i];
  Poseidon2_16::permute(t);
  for (size_t i = 0; i < 8; ++i) t[i] = row[8 + i];
  Poseidon2_16::permute(t);
  EXPECT_EQ(RowHasher16::hash(row), first8(t));
}

TEST(Sponge, EmptyRowIsZeroDigest) {  // Plonky3 PaddingFreeSponge behaviour: no permutation at all
  EXPECT_EQ(RowHasher16::hash({}), Digest{});
  EXPECT_EQ(RowHasher24::hash({}), Digest{});
}

TEST(Sponge, StreamingInPiecesEqualsOneShot) {
  const auto row = random_elems(53, 4);
  for (size_t cut1 : {0u, 1u, 7u, 16u, 17u}) {
    for (size_t cut2 : {cut1, cut1 + 5, size_t{40}}) {
      RowHasher24::Sponge s;
      s.absorb(std::span<const Fp>(row).first(cut1));
      s.absorb(std::span<const Fp>(row).subspan(cut1, cut2 - cut1));
      for (size_t i = cut2; i < row.size(); ++i) s.absorb(row[i]);
      EXPECT_EQ(s.squeeze(), RowHasher24::hash(row)) << cut1 << " " << cut2;
    }
  }
}

template <class H>
void check_packed_rows() {
  constexpr size_t L = PackedFp::WIDTH;
  for (size_t len : {1u, 8u, 9u, 16u, 20u, 64u, 65u}) {
    const size_t stride = len + 3;  // rows need not be contiguous
    const auto m = random_elems(stride * (2 * L + 5), 100 + len);
    const size_t n_rows = 2 * L + 5;
    const auto packed = H::hash_packed(m.data(), stride, len);
    for (size_t l = 0; l < L; ++l) {
      EXPECT_EQ(extract_lane(packed, l), H::hash({m.data() + l * stride, len})) << "len " << len << " lane " << l;
    }
    std::vector<Digest> all(n_rows);
    H::hash_rows(m.data(), stride, len, n_rows, all.data());
    for (size_t r = 0; r < n_rows; ++r) EXPECT_EQ(all[r], H::hash({m.data() + r * stride, len})) << r;
  }
}
TEST(Sponge, PackedRowsMatchScalarWidth16) { check_packed_rows<RowHasher16>(); }
TEST(Sponge, PackedRowsMatchScalarWidth24) { check_packed_rows<RowHasher24>(); }

// Absorbing two matrices' rows one after the other = hashing the concatenated row.
TEST(Sponge, PackedConcatenationOfMatrices) {
  constexpr size_t L = PackedFp::WIDTH;
  const auto a = random_elems(L * 10, 5), b = random_elems(L * 13, 6);
  RowHasher24::PackedSponge s;
  s.absorb_strided(a.data(), 10, 10);
  s.absorb_strided(b.data(), 13, 13);
  const auto packed = s.squeeze();
  for (size_t l = 0; l < L; ++l) {
    std::vector<Fp> row(a.begin() + l * 10, a.begin() + l * 10 + 10);
    row.insert(row.end(), b.begin() + l * 13, b.begin() + l * 13 + 13);
    EXPECT_EQ(extract_lane(packed, l), RowHasher24::hash(row));
  }
}

TEST(Sponge, DifferentRowsDifferentDigests) {
  auto row = random_elems(64, 7);
  const auto d = hash_row(row);
  row[63] += Fp::one();
  EXPECT_NE(hash_row(row), d);
}

// compress(l, r) = first 8 of permute(l || r), no feed-forward.
TEST(Compression, ByHand) {
  const auto v = random_elems(16, 8);
  Digest l, r;
  for (size_t i = 0; i < 8; ++i) {
    l[i] = v[i];
    r[i] = v[8 + i];
  }
  Poseidon2_16::State s;
  std::copy(v.begin(), v.end(), s.begin());
  Poseidon2_16::permute(s);
  EXPECT_EQ(compress(l, r), first8(s));
  EXPECT_NE(compress(l, r), compress(r, l));
}

TEST(Compression, PackedMatchesScalar) {
  constexpr size_t L = PackedFp::WIDTH;
  std::array<Digest, L> ls, rs;
  const auto v = random_elems(16 * L, 9);
  for (size_t l = 0; l < L; ++l)
    for (size_t i = 0; i < 8; ++i) {
      ls[l][i] = v[16 * l + i];
      rs[l][i] = v[16 * l + 8 + i];
    }
  const auto out = compress(pack_digests(ls), pack_digests(rs));
  for (size_t l = 0; l < L; ++l) EXPECT_EQ(extract_lane(out, l), compress(ls[l], rs[l])) << l;
}

}  // namespace
}  // namespace zkrv
