#include "hash/digest.h"

#include <ostream>

#include "base/error.h"

namespace zkrv {

Digest Digest::read(ByteReader& in) {
  Digest d;
  for (Fp& x : d.elems) x = Fp::read(in);
  return d;
}

std::array<uint8_t, Digest::BYTES> Digest::to_bytes() const noexcept {
  std::array<uint8_t, BYTES> out;
  for (size_t i = 0; i < DIGEST_ELEMS; ++i) store_le32(out.data() + 4 * i, elems[i].as_canonical());
  return out;
}

Digest Digest::from_bytes(std::span<const uint8_t, BYTES> bytes) {
  Digest d;
  for (size_t i = 0; i < DIGEST_ELEMS; ++i) {
    const auto x = Fp::from_canonical_checked(load_le32(bytes.data() + 4 * i));
    if (!x) throw MalformedInput("digest: element " + std::to_string(i) + " is not a canonical field element");
    d[i] = *x;
  }
  return d;
}

std::string Digest::to_hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  s.reserve(2 * BYTES);
  for (uint8_t b : to_bytes()) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 15]);
  }
  return s;
}

Digest Digest::from_hex(std::string_view hex) {
  if (hex.size() != 2 * BYTES) {
    throw MalformedInput("digest: expected " + std::to_string(2 * BYTES) + " hex digits, got " +
                         std::to_string(hex.size()));
  }
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::array<uint8_t, BYTES> bytes;
  for (size_t i = 0; i < BYTES; ++i) {
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) throw MalformedInput("digest: invalid hex digit");
    bytes[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return from_bytes(bytes);
}

void unpack_digests(const PackedDigest& packed, std::span<Digest, PackedFp::WIDTH> out) noexcept {
  for (size_t i = 0; i < DIGEST_ELEMS; ++i) {
    const auto lanes = packed[i].to_array();
    for (size_t l = 0; l < PackedFp::WIDTH; ++l) out[l][i] = lanes[l];
  }
}

PackedDigest pack_digests(std::span<const Digest, PackedFp::WIDTH> digests) noexcept {
  PackedDigest p;
  for (size_t i = 0; i < DIGEST_ELEMS; ++i) p[i] = PackedFp::from_fn([&](size_t l) { return digests[l][i]; });
  return p;
}

std::ostream& operator<<(std::ostream& os, const Digest& d) { return os << d.to_hex(); }

}  // namespace zkrv
