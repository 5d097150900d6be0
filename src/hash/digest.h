// Digest: the 8 BabyBear elements every hash in zkrv outputs (docs/architecture.md section 2), about 248 bits, so
// ~124-bit collision resistance from the 8-element output, matching the capacity of the sponges.
// Serialized as 8 canonical little-endian u32 (32 bytes); the hex form is those 32 bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

#include "base/byte_io.h"
#include "field/babybear.h"
#include "field/packed_babybear.h"

namespace zkrv {

inline constexpr size_t DIGEST_ELEMS = 8;

struct Digest {
  std::array<Fp, DIGEST_ELEMS> elems{};

  static constexpr size_t SIZE = DIGEST_ELEMS;
  static constexpr size_t BYTES = 4 * DIGEST_ELEMS;

  Fp& operator[](size_t i) noexcept { return elems[i]; }
  const Fp& operator[](size_t i) const noexcept { return elems[i]; }
  static constexpr size_t size() noexcept { return DIGEST_ELEMS; }
  Fp* data() noexcept { return elems.data(); }
  const Fp* data() const noexcept { return elems.data(); }
  auto begin() noexcept { return elems.begin(); }
  auto end() noexcept { return elems.end(); }
  auto begin() const noexcept { return elems.begin(); }
  auto end() const noexcept { return elems.end(); }
  std::span<const Fp, DIGEST_ELEMS> span() const noexcept { return elems; }

  friend bool operator==(const Digest& a, const Digest& b) noexcept { return a.elems == b.elems; }

  // Canonical u32 little-endian, 32 bytes. read() rejects non-canonical elements and truncation.
  void write(ByteWriter& out) const {
    for (const Fp& x : elems) x.write(out);
  }
  static Digest read(ByteReader& in);

  std::array<uint8_t, BYTES> to_bytes() const noexcept;
  // Throws MalformedInput if an element is not canonical.
  static Digest from_bytes(std::span<const uint8_t, BYTES> bytes);

  // 64 lowercase hex digits of to_bytes() (image IDs are printed this way); from_hex accepts either case
  // and throws MalformedInput for anything else.
  std::string to_hex() const;
  static Digest from_hex(std::string_view hex);
};

// PackedFp::WIDTH digests at once, lane l of element i = element i of digest l (what packed hashing
// and packed compression produce and consume).
using PackedDigest = std::array<PackedFp, DIGEST_ELEMS>;

inline Digest extract_lane(const PackedDigest& packed, size_t lane) noexcept {
  Digest d;
  for (size_t i = 0; i < DIGEST_ELEMS; ++i) d[i] = packed[i].lane(lane);
  return d;
}
// All lanes of `packed` into out[0 .. PackedFp::WIDTH).
void unpack_digests(const PackedDigest& packed, std::span<Digest, PackedFp::WIDTH> out) noexcept;
// out lane l = digests[l].
PackedDigest pack_digests(std::span<const Digest, PackedFp::WIDTH> digests) noexcept;

std::ostream& operator<<(std::ostream& os, const Digest& d);  // hex

}  // namespace zkrv
