// The image ID: 32 bytes that name one guest program (its code, data and entry point) for verifiers.
// A receipt verified against an ID proves that program ran; `zkrv image-id guest.elf` prints the same
// ID as Program::image_id().
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "zkrv/export.h"

namespace zkrv::host {

struct ZKRV_API ImageId {
  std::array<uint8_t, 32> bytes{};

  // 64 lowercase hex digits, as `zkrv image-id` prints.
  std::string hex() const;
  // Parses 64 hex digits (either case); throws Error(usage) otherwise.
  static ImageId from_hex(std::string_view hex);

  friend bool operator==(const ImageId&, const ImageId&) = default;
};

}  // namespace zkrv::host
