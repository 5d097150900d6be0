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
  return {MachineShape{0x10074, 0x12000 >> 2, 10, 9}, {{"zkrv-fri-b2-v2", digest_of(1)}, {"zkrv-fri-b4-v2", digest_of(2)}}};
}

Receipt sample_receipt() {
  Receipt r;
  r.image = sample_image();
  r.claim = {image_id(r.image), 0xdeadbeef, {'h', 'e', 'l', 'l', 'o', 0, 255}};
  r.segment_proofs = {{1, 2, 3, 4, 5, 6, 7, 8, 9}};
  return r;
}

TEST(ImageId, DeterministicAndSensitiveToEveryCommittedValue) {
  const ImageCommitments base = sample_image();
  const Digest id = image_id(base);
  EXPECT_EQ(image_id(sample_image()), id);
  EXPECT_EQ(id.to_hex().size(), 64u);
  std::vector<ImageCommitments> variants(9, base);
  variants[0].shape.entry += 4;
  variants[1].shape.first_writable_word += 1;
  variants[6].shape.program_log_height += 1;
  variants[7].shape.memory_image_log_height += 1;
  std::swap(variants[8].shape.program_log_height, variants[8].shape.memory_image_log_height);
  variants[2].preprocessed_roots[0].second[3] += Fp::one();
  variants[3].preprocessed_roots[1].second[7] += Fp::one();
  variants[4].preprocessed_roots[0].first = "zkrv-fri-b2-v9";
  std::swap(variants[5].preprocessed_roots[0], variants[5].preprocessed_roots[1]);
  for (size_t i = 0; i < variants.size(); ++i) {
    EXPECT_NE(image_id(variants[i]), id) << i;
    for (size_t j = 0; j < i; ++j) EXPECT_NE(image_id(variants[i]), image_id(variants[j])) << i << " " << j;
  }
  EXPECT_EQ(*base.root_for("zkrv-fri-b4-v2"), digest_of(2));
  EXPECT_EQ(base.root_for("nope"), nullptr);
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
  bad[4] = 2;  // version 2
  try {
    deserialize_receipt(bad);
    ADD_FAILURE();
  } catch (const MalformedInput& e) {
    EXPECT_NE(std::string(e.what()).find("version 2"), std::string::npos);
  }
  bad = bytes;
  bad[6] = 1;  // flags
  EXPECT_THROW(deserialize_receipt(bad), MalformedInput);
}

TEST(Receipt, PreprocessedHeightsAboveTheLimitAreMalformed) {
  const auto bytes = serialize_receipt(sample_receipt());
  // The image starts after the claim: header (8), image ID (32), exit code (4), journal length (4), journal (7);
  // its two log heights follow entry (4) and first writable word (4).
  const size_t at = 8 + 32 + 4 + 4 + 7 + 8;
  ASSERT_EQ(bytes[at], 10);
  ASSERT_EQ(bytes[at + 1], 9);
  for (size_t which : {at, at + 1}) {
    for (uint8_t log_height : {uint8_t{ImageCommitments::kMaxLogHeight + 1}, uint8_t{255}}) {
      auto bad = bytes;
      bad[which] = log_height;
      try {
        deserialize_receipt(bad);
        ADD_FAILURE() << which << " " << int{log_height};
      } catch (const MalformedInput& e) {
        EXPECT_NE(std::string(e.what()).find("height"), std::string::npos) << e.what();
      }
    }
    auto ok = bytes;
    ok[which] = ImageCommitments::kMaxLogHeight;  // the limit itself decodes
    const MachineShape shape = deserialize_receipt(ok).image.shape;
    EXPECT_EQ(which == at ? shape.program_log_height : shape.memory_image_log_height, ImageCommitments::kMaxLogHeight);
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
