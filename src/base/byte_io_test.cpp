#include "base/byte_io.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace zkrv
