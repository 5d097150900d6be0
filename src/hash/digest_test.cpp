#include "hash/digest.h"

#include <gtest/gtest.h>

#include "base/error.h"

namespace zkrv {
namespace {

Digest sample() {
  Digest d;
  for (uint32_t i = 0; i < 8; ++i) d[i] = Fp(i * 0x01010101u + (i == 7 ? Fp::P - 0x07070708u : 0));
  return d;
}

TEST(Digest, SerializationRoundTrip) {
  const Digest d = sample();
  ByteWriter w;
  d.write(w);
  ASSERT_EQ(w.data().size(), Digest::BYTES);
  ByteReader r(w.data());
  EXPECT_EQ(Digest::read(r), d);
  EXPECT_TRUE(r.at_end());
  EXPECT_EQ(Digest::from_bytes(d.to_bytes()), d);
  const auto bytes = d.to_bytes();
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin(), bytes.end()), w.data());
}

TEST(Digest, Hex) {
  Digest d;
  d[0] = Fp(0x04030201u);
  const std::string hex = d.to_hex();
  EXPECT_EQ(hex.substr(0, 10), "0102030400");
  EXPECT_EQ(hex.size(), 64u);
  EXPECT_EQ(Digest::from_hex(hex), d);
  std::string upper = sample().to_hex();
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(Digest::from_hex(upper), sample());
}

TEST(Digest, RejectsMalformed) {
  auto bytes = sample().to_bytes();
  store_le32(bytes.data() + 12, Fp::P);  // not canonical
  EXPECT_THROW(Digest::from_bytes(bytes), MalformedInput);
  ByteReader r(std::span<const uint8_t>(bytes.data(), 31));  // truncated
  EXPECT_THROW(Digest::read(r), MalformedInput);
  EXPECT_THROW(Digest::from_hex("00"), MalformedInput);
  EXPECT_THROW(Digest::from_hex(std::string(64, 'g')), MalformedInput);
  EXPECT_THROW(Digest::from_hex(std::string(64, 'f')), MalformedInput);  // 0xffffffff >= p
}

}  // namespace
}  // namespace zkrv
