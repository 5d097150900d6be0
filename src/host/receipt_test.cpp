// Receipt format and image ID: round trips, hostile bytes (every flip, every truncation), sensitivity
// of the image ID to each committed value.
#include "host/receipt.h"

#include <gtest/gtest.h>

#include "base/error.h"
#include "host/image_id.h"

namespace zkrv {
namespace {

Digest digest_of(uint32_t seed) {
  Digest d;
  for (size_t i = 0; i < Digest::SIZE; ++i) d[i] = Fp(seed * 1000u + static_cast<uint32_t>(i));
  return d;
}

ImageCommitments sample_image() {
  return {MachineShape{0x10074, 0x12000 >> 2, 0x10000 >> 2, 0x11000 >> 2}, digest_of(9)};
}

SegmentStatement sample_statement(uint32_t seed, bool halted) {
  return {0x10074 + 4 * seed, digest_of(10 + seed), halted ? 0u : 0x10100 + seed, digest_of(20 + seed), 2 * seed,
          2 * seed + 3, halted};
}

Receipt sample_receipt() {
  Receipt r;
  r.image = sample_image();
  r.claim = {image_id(r.image), 0xdeadbeef, {'h', 'e', 'l', 'l', 'o', 0, 255}};
  r.segments = {{sample_statement(0, false), {1, 2, 3, 4, 5, 6, 7, 8, 9}}, {sample_statement(1, true), {7, 7}}};
  return r;
}

TEST(ImageId, DeterministicAndSensitiveToEveryCommittedValue) {
  const ImageCommitments base = sample_image();
  const Digest id = image_id(base);
  EXPECT_EQ(image_id(sample_image()), id);
  EXPECT_EQ(id.to_hex().size(), 64u);
  std::vector<ImageCommitments> variants(6, base);
  variants[0].shape.entry += 4;
  variants[1].shape.first_writable_word += 1;
  variants[2].shape.code_begin_word += 1;
  variants[3].shape.code_end_word += 1;
  variants[4].initial_memory_root[0] += Fp::one();
  variants[5].initial_memory_root[7] += Fp::one();
  for (size_t i = 0; i < variants.size(); ++i) {
    EXPECT_NE(image_id(variants[i]), id) << i;
    for (size_t j = 0; j < i; ++j) EXPECT_NE(image_id(variants[i]), image_id(variants[j])) << i << " " << j;
  }
}

TEST(Receipt, RoundTrip) {
  const Receipt r = sample_receipt();
  const auto bytes = serialize_receipt(r);
  EXPECT_EQ(deserialize_receipt(bytes), r);
  // The journal may be empty; the claim round-trips all 32 bits of the exit code.
  Receipt empty = r;
  empty.claim.journal.clear();
  empty.claim.exit_code = 0xffffffffu;
  EXPECT_EQ(deserialize_receipt(serialize_receipt(empty)), empty);
}

TEST(Receipt, TruncationsAndTrailingBytesAreMalformed) {
  const auto bytes = serialize_receipt(sample_receipt());
  for (size_t n = 0; n < bytes.size(); ++n)
    EXPECT_THROW(deserialize_receipt(std::span(bytes).first(n)), MalformedInput) << n;
  auto longer = bytes;
  longer.push_back(0);
  EXPECT_THROW(deserialize_receipt(longer), MalformedInput);
}

TEST(Receipt, HeaderChecks) {
  auto bytes = serialize_receipt(sample_receipt());
  auto bad = bytes;
  bad[0] = 'X';
  try {
    deserialize_receipt(bad);
    ADD_FAILURE();
  } catch (const MalformedInput& e) {
    EXPECT_NE(std::string(e.what()).find("magic"), std::string::npos);
  }
  bad = bytes;
  for (uint8_t version : {1, 2, 4}) {  // versions 1 and 2 (older image IDs) are no longer read
    bad[4] = version;
    try {
      deserialize_receipt(bad);
      ADD_FAILURE();
    } catch (const MalformedInput& e) {
      EXPECT_NE(std::string(e.what()).find("version " + std::to_string(version)), std::string::npos);
    }
  }
  bad = bytes;
  bad[6] = 1;  // flags
  EXPECT_THROW(deserialize_receipt(bad), MalformedInput);
}

TEST(Receipt, ImageShapesNoElfHasAreMalformed) {
  const auto bytes = serialize_receipt(sample_receipt());
  // The image starts after the claim: header (8), image ID (32), exit code (4), journal length (4), journal
  // (7): entry (4), first writable word (4), code begin word (4), code end word (4).
  const size_t at = 8 + 32 + 4 + 4 + 7;
  const auto with = [&](size_t field, uint32_t value) {
    auto bad = bytes;
    for (size_t i = 0; i < 4; ++i) bad[at + 4 * field + i] = static_cast<uint8_t>(value >> (8 * i));
    return bad;
  };
  ASSERT_EQ(deserialize_receipt(with(2, 0x10000 >> 2)).image, sample_receipt().image);
  const std::vector<std::pair<size_t, uint32_t>> bad_fields = {
      {0, 0x10076},         // entry not word-aligned
      {0, 0x11000},         // entry outside the code range
      {1, 0x10800 >> 2},    // first writable word inside the code range
      {2, 0x100},           // code below RAM
      {2, 0x11000 >> 2},    // empty code range
      {3, (1u << 28) + 1},  // code above 2^30 bytes
  };
  for (const auto& [field, value] : bad_fields) {
    try {
      deserialize_receipt(with(field, value));
      ADD_FAILURE() << field << " " << value;
    } catch (const MalformedInput& e) {
      EXPECT_NE(std::string(e.what()).find("image"), std::string::npos) << e.what();
    }
  }
}

TEST(Receipt, SegmentStatementsRoundTripAndAreChecked) {
  const Receipt r = sample_receipt();
  const auto bytes = serialize_receipt(r);
  EXPECT_EQ(deserialize_receipt(bytes).segments, r.segments);
  // The last segment's statement ends with its halted flag, then the proof length (4) and proof (2).
  const size_t halted_at = bytes.size() - 2 - 4 - 1;
  ASSERT_EQ(bytes[halted_at], 1);
  auto bad = bytes;
  bad[halted_at] = 2;
  EXPECT_THROW(deserialize_receipt(bad), MalformedInput);
  // journal_end (u32 before the flag) below journal_begin.
  bad = bytes;
  for (size_t i = 0; i < 4; ++i) bad[halted_at - 4 + i] = 0;
  EXPECT_THROW(deserialize_receipt(bad), MalformedInput);
  // No segment at all, and a count far above what the bytes can hold.
  Receipt none = r;
  none.segments.clear();
  EXPECT_THROW(serialize_receipt(none), std::invalid_argument);
  const size_t count_at = bytes.size() - (81 + 4 + 9) - (81 + 4 + 2) - 4;  // count, then the two segments
  ASSERT_EQ(bytes[count_at], 2);
  for (uint32_t count : {0u, 3u, Receipt::kMaxSegments, 0xffffffffu}) {
    bad = bytes;
    for (size_t i = 0; i < 4; ++i) bad[count_at + i] = static_cast<uint8_t>(count >> (8 * i));
    EXPECT_THROW(deserialize_receipt(bad), MalformedInput) << count;
  }
}

TEST(Receipt, HugeLengthsAreRefusedBeforeAllocation) {
  auto bytes = serialize_receipt(sample_receipt());
  // The journal length field follows magic (4), version (2), flags (2), image ID (32), exit code (4).
  const size_t at = 4 + 2 + 2 + 32 + 4;
  for (uint32_t len : {0xffffffffu, Receipt::kMaxJournalBytes + 1, Receipt::kMaxJournalBytes}) {
    auto bad = bytes;
    for (size_t i = 0; i < 4; ++i) bad[at + i] = static_cast<uint8_t>(len >> (8 * i));
    EXPECT_THROW(deserialize_receipt(bad), MalformedInput) << len;
  }
}

TEST(Receipt, EveryByteFlipIsRejectedOrChangesTheReceipt) {
  const Receipt r = sample_receipt();
  const auto bytes = serialize_receipt(r);
  size_t malformed = 0, changed = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xff}}) {
      auto flipped = bytes;
      flipped[i] ^= mask;
      try {
        const Receipt decoded = deserialize_receipt(flipped);
        EXPECT_NE(decoded, r) << "byte " << i;  // a decodable flip must never give back the same receipt
        ++changed;
      } catch (const MalformedInput&) {
        ++malformed;
      }
    }
  }
  EXPECT_EQ(malformed + changed, 3 * bytes.size());
  EXPECT_GT(malformed, 0u);
  EXPECT_GT(changed, 0u);
}

}  // namespace
}  // namespace zkrv
