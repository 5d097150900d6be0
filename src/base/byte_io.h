// Bounded little-endian serialization. The reader treats every byte as hostile: each read is checked
// against what remains, and every length read from the data is checked against a caller-given limit
// before anything is allocated. Failures throw MalformedInput naming what was being read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace zkrv {

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> data) : data_(data) {}

  size_t remaining() const noexcept { return data_.size() - pos_; }
  size_t position() const noexcept { return pos_; }
  bool at_end() const noexcept { return pos_ == data_.size(); }

  uint8_t u8(std::string_view what);
  uint16_t u16(std::string_view what);
  uint32_t u32(std::string_view what);
  uint64_t u64(std::string_view what);

  // A length prefix (u32) that must not exceed max_count, and whose elements of element_size bytes
  // must fit in the remaining data, so a hostile length can never trigger a large allocation.
  uint32_t length(std::string_view what, uint32_t max_count, size_t element_size);
  // The same for a length written with ByteWriter::varuint (proofs repeat small counts thousands of times).
  uint32_t varlength(std::string_view what, uint32_t max_count, size_t element_size);
  // An unsigned LEB128 value of at most 32 bits, 1..5 bytes, in its one shortest encoding (an overlong
  // or oversized encoding is malformed, so every value has exactly one byte string).
  uint32_t varuint(std::string_view what);

  std::span<const uint8_t> bytes(size_t count, std::string_view what);

  // Fails unless every byte has been consumed (trailing garbage is malformed too).
  void expect_end(std::string_view what) const;

  [[noreturn]] void fail(std::string_view what, std::string_view problem) const;

 private:
  void need(size_t count, std::string_view what) const;
  uint32_t checked_length(std::string_view what, uint32_t n, uint32_t max_count, size_t element_size) const;

  std::span<const uint8_t> data_;
  size_t pos_ = 0;
};

class ByteWriter {
 public:
  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v);
  void u32(uint32_t v);
  void u64(uint64_t v);
  void varuint(uint32_t v);  // unsigned LEB128: 7 bits per byte, high bit = more follow
  void bytes(std::span<const uint8_t> data) { out_.insert(out_.end(), data.begin(), data.end()); }

  const std::vector<uint8_t>& data() const noexcept { return out_; }
  std::vector<uint8_t> take() noexcept { return std::move(out_); }

 private:
  std::vector<uint8_t> out_;
};

// Bytes ByteWriter::varuint(v) writes.
constexpr size_t varuint_size(uint32_t v) noexcept {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// Plain little-endian loads and stores on byte buffers whose size the caller has checked.
inline uint16_t load_le16(const uint8_t* p) noexcept { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
inline uint32_t load_le32(const uint8_t* p) noexcept {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) | (static_cast<uint32_t>(p[2]) << 16) |
         (static_cast<uint32_t>(p[3]) << 24);
}
inline void store_le32(uint8_t* p, uint32_t v) noexcept {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
  p[2] = static_cast<uint8_t>(v >> 16);
  p[3] = static_cast<uint8_t>(v >> 24);
}

}  // namespace zkrv
