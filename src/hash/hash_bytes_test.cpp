#include "hash/hash_bytes.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace zkrv {
namespace {

std::vector<uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

// The encoding of hash_bytes.h written out by hand for domain "ab" and data {1, 2, 3, 4}:
// elements [2] ["ab" = 0x61 + 0x62 * 2^8] [4] [0] [0x030201] [0x04] [1], zero-padded to the rate of 16,
// absorbed by the width-24 sponge whose last capacity element starts at 1 (bytes).
TEST(HashBytes, EncodingByHand) {
  Poseidon2_24::State s{};
  s[23] = Fp(1u);
  const uint32_t seq[] = {2, 0x6261, 4, 0, 0x030201, 0x04, 1};
  for (size_t i = 0; i < std::size(seq); ++i) s[i] = Fp(seq[i]);
  for (size_t i = std::size(seq); i < 16; ++i) s[i] = Fp::zero();
  Poseidon2_24::permute(s);
  Digest expected;
  for (size_t i = 0; i < 8; ++i) expected[i] = s[i];
  const uint8_t data[] = {1, 2, 3, 4};
  EXPECT_EQ(hash_bytes("ab", data), expected);
}

// Element version: domain "" and 15 elements: [0] [15] [0] e0..e12 | e13 e14 [1] 0...; two blocks.
TEST(HashBytes, ElementEncodingByHand) {
  std::vector<Fp> data;
  for (uint32_t i = 0; i < 15; ++i) data.push_back(Fp(1000 + i));
  std::vector<Fp> seq = {Fp(0u), Fp(15u), Fp(0u)};
  seq.insert(seq.end(), data.begin(), data.end());
  seq.push_back(Fp::one());
  while (seq.size() % 16 != 0) seq.push_back(Fp::zero());
  ASSERT_EQ(seq.size(), 32u);
  Poseidon2_24::State s{};
  s[23] = Fp(2u);
  for (size_t b = 0; b < 2; ++b) {
    for (size_t i = 0; i < 16; ++i) s[i] = seq[16 * b + i];
    Poseidon2_24::permute(s);
  }
  Digest expected;
  for (size_t i = 0; i < 8; ++i) expected[i] = s[i];
  EXPECT_EQ(hash_elements("", data), expected);
}

TEST(HashBytes, DistinctInputsDistinctDigests) {
  std::set<std::string> seen;
  auto add = [&](std::string_view domain, const std::vector<uint8_t>& data) {
    EXPECT_TRUE(seen.insert(hash_bytes(domain, data).to_hex()).second)
        << "collision for domain '" << domain << "', " << data.size() << " bytes";
  };
  // Trailing zeros, every length around the 3-byte groups and the rate boundary.
  std::vector<uint8_t> data;
  for (size_t n = 0; n <= 100; ++n) {
    add("zkrv/test", data);
    data.push_back(0);
  }
  // Same bytes, different domains; domain/data boundary shifts.
  add("zkrv/test2", {});
  add("zkrv/tes", bytes_of("t"));
  add("zkrv/test", bytes_of("t"));
  add("", bytes_of("zkrv/test"));
  add("", {});
  add("", {1});
  add("x", {});
  // Bytes vs elements with the same numbers.
  EXPECT_NE(hash_bytes("d", std::vector<uint8_t>{5}), hash_elements("d", std::vector<Fp>{Fp(5u)}));
  EXPECT_NE(hash_elements("d", std::vector<Fp>{}), hash_elements("d", std::vector<Fp>{Fp::zero()}));
}

TEST(HashBytes, StreamingEqualsOneShot) {
  std::vector<uint8_t> data(77);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 37 + 1);
  const auto expected = hash_bytes("zkrv/journal/v1", data);
  for (size_t piece : {1u, 2u, 4u, 5u, 16u, 50u}) {
    LengthPrefixedHasher h(LengthPrefixedHasher::Kind::bytes, "zkrv/journal/v1", data.size());
    for (size_t i = 0; i < data.size(); i += piece)
      h.absorb_bytes(std::span<const uint8_t>(data).subspan(i, std::min(piece, data.size() - i)));
    EXPECT_EQ(h.finish(), expected) << piece;
  }
}

TEST(HashBytes, Misuse) {
  EXPECT_THROW(hash_bytes(std::string(MAX_DOMAIN_BYTES + 1, 'x'), {}), std::invalid_argument);
  LengthPrefixedHasher h(LengthPrefixedHasher::Kind::bytes, "d", 3);
  const uint8_t two[] = {1, 2};
  h.absorb_bytes(two);
  EXPECT_THROW(h.finish(), std::logic_error);  // declared 3, gave 2
  LengthPrefixedHasher g(LengthPrefixedHasher::Kind::bytes, "d", 1);
  EXPECT_THROW(g.absorb_bytes(two), std::logic_error);
  EXPECT_THROW(g.absorb_elements(std::vector<Fp>{Fp::one()}), std::logic_error);
}

}  // namespace
}  // namespace zkrv
