#include "base/byte_io.h"

#include <fmt/format.h>

namespace zkrv {

void ByteReader::fail(std::string_view what, std::string_view problem) const {
  throw MalformedInput(fmt::format("{} at byte offset {}: {}", what, pos_, problem));
}

void ByteReader::need(size_t count, std::string_view what) const {
  if (count > remaining()) {
    fail(what, fmt::format("truncated (needs {} bytes, {} remain)", count, remaining()));
  }
}

uint8_t ByteReader::u8(std::string_view what) {
  need(1, what);
  return data_[pos_++];
}

uint16_t ByteReader::u16(std::string_view what) {
  need(2, what);
  const uint16_t v = load_le16(data_.data() + pos_);
  pos_ += 2;
  return v;
}

uint32_t ByteReader::u32(std::string_view what) {
  need(4, what);
  const uint32_t v = load_le32(data_.data() + pos_);
  pos_ += 4;
  return v;
}

uint64_t ByteReader::u64(std::string_view what) {
  const uint64_t lo = u32(what);
  const uint64_t hi = u32(what);
  return lo | (hi << 32);
}

uint32_t ByteReader::length(std::string_view what, uint32_t max_count, size_t element_size) {
  return checked_length(what, u32(what), max_count, element_size);
}

uint32_t ByteReader::checked_length(std::string_view what, uint32_t n, uint32_t max_count, size_t element_size) const {
  if (n > max_count) fail(what, fmt::format("length {} exceeds the limit {}", n, max_count));
  if (element_size != 0 && n > remaining() / element_size) {
    fail(what, fmt::format("length {} needs {} bytes but only {} remain", n, static_cast<uint64_t>(n) * element_size,
                           remaining()));
  }
  return n;
}

uint32_t ByteReader::varuint(std::string_view what) {
  uint64_t v = 0;
  for (unsigned i = 0;; ++i) {
    if (i == 5) fail(what, "variable-length integer longer than 5 bytes");
    const uint8_t b = u8(what);
    v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) {
      if (i > 0 && b == 0) fail(what, "variable-length integer not in its shortest form");
      break;
    }
  }
  if (v > UINT32_MAX) fail(what, "variable-length integer above 2^32 - 1");
  return static_cast<uint32_t>(v);
}

uint32_t ByteReader::varlength(std::string_view what, uint32_t max_count, size_t element_size) {
  return checked_length(what, varuint(what), max_count, element_size);
}

std::span<const uint8_t> ByteReader::bytes(size_t count, std::string_view what) {
  need(count, what);
  auto s = data_.subspan(pos_, count);
  pos_ += count;
  return s;
}

void ByteReader::expect_end(std::string_view what) const {
  if (!at_end()) fail(what, fmt::format("{} unexpected trailing bytes", remaining()));
}

void ByteWriter::u16(uint16_t v) {
  out_.push_back(static_cast<uint8_t>(v));
  out_.push_back(static_cast<uint8_t>(v >> 8));
}

void ByteWriter::u32(uint32_t v) {
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void ByteWriter::varuint(uint32_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<uint8_t>(v));
}

void ByteWriter::u64(uint64_t v) {
  u32(static_cast<uint32_t>(v));
  u32(static_cast<uint32_t>(v >> 32));
}

}  // namespace zkrv
