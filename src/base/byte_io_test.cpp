#include "base/byte_io.h"

#include <gtest/gtest.h>

#include <vector>

namespace zkrv {
namespace {

TEST(ByteIo, RoundTrip) {
  ByteWriter w;
  w.u8(0xAB);
  w.u16(0x1234);
  w.u32(0xDEADBEEF);
  w.u64(0x0123456789ABCDEFull);
  const uint8_t payload[3] = {7, 8, 9};
  w.u32(3);
  w.bytes(payload);
  const auto bytes = w.take();
  ASSERT_EQ(bytes.size(), 1u + 2 + 4 + 8 + 4 + 3);
  EXPECT_EQ(bytes[1], 0x34);  // little-endian
  ByteReader r(bytes);
  EXPECT_EQ(r.u8("a"), 0xAB);
  EXPECT_EQ(r.u16("b"), 0x1234);
  EXPECT_EQ(r.u32("c"), 0xDEADBEEFu);
  EXPECT_EQ(r.u64("d"), 0x0123456789ABCDEFull);
  const uint32_t n = r.length("payload", 16, 1);
  auto got = r.bytes(n, "payload");
  EXPECT_EQ(got[2], 9);
  EXPECT_NO_THROW(r.expect_end("end"));
}

TEST(ByteIo, TruncationIsRejected) {
  const std::vector<uint8_t> bytes = {1, 2, 3};
  ByteReader r(bytes);
  EXPECT_THROW(r.u32("word"), MalformedInput);
  try {
    ByteReader r2(bytes);
    r2.u64("field x");
    FAIL() << "expected an exception";
  } catch (const MalformedInput& e) {
    EXPECT_NE(std::string(e.what()).find("field x"), std::string::npos);
    EXPECT_EQ(e.exit_code(), 3);
  }
}

TEST(ByteIo, HostileLengthIsRejectedBeforeAllocation) {
  ByteWriter w;
  w.u32(0xFFFFFFFFu);
  auto bytes = w.take();
  ByteReader r(bytes);
  EXPECT_THROW(r.length("count", 1000, 4), MalformedInput);
  ByteWriter w2;
  w2.u32(10);  // within the limit but more than the remaining data
  w2.u32(0);
  auto bytes2 = w2.take();
  ByteReader r2(bytes2);
  EXPECT_THROW(r2.length("count", 1000, 4), MalformedInput);
}

TEST(ByteIo, TrailingBytesAreRejected) {
  const std::vector<uint8_t> bytes = {1, 2};
  ByteReader r(bytes);
  r.u8("x");
  EXPECT_THROW(r.expect_end("record"), MalformedInput);
}

TEST(ByteIo, VarUintRoundTripsInItsShortestForm) {
  for (uint32_t v : {0u, 1u, 127u, 128u, 300u, 16383u, 16384u, 0x0fffffffu, 0x10000000u, UINT32_MAX}) {
    ByteWriter w;
    w.varuint(v);
    EXPECT_EQ(w.data().size(), varuint_size(v)) << v;
    ByteReader r(w.data());
    EXPECT_EQ(r.varuint("v"), v);
    EXPECT_TRUE(r.at_end());
  }
  EXPECT_EQ(varuint_size(127), 1u);
  EXPECT_EQ(varuint_size(128), 2u);
  EXPECT_EQ(varuint_size(UINT32_MAX), 5u);
}

TEST(ByteIo, VarUintRejectsOverlongOversizedAndTruncatedEncodings) {
  const std::vector<std::vector<uint8_t>> bad = {
      {0x80, 0x00},                    // 0 in two bytes
      {0xff, 0x00},                    // 127 in two bytes
      {0x80, 0x80, 0x80, 0x80, 0x10},  // 2^32
      {0xff, 0xff, 0xff, 0xff, 0xff, 0x01},  // six bytes
      {0x80},                          // truncated
      {},
  };
  for (const auto& bytes : bad) {
    ByteReader r(bytes);
    EXPECT_THROW(r.varuint("v"), MalformedInput) << bytes.size();
  }
  // A length above the limit, or longer than the data left, is refused before allocation.
  ByteWriter w;
  w.varuint(1000);
  ByteReader r(w.data());
  EXPECT_THROW(r.varlength("n", 999, 1), MalformedInput);
  ByteReader r2(w.data());
  EXPECT_THROW(r2.varlength("n", 1000, 1), MalformedInput);
}

}  // namespace
}  // namespace zkrv
