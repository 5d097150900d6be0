// The image ID: what a verifier must know about a program to check a receipt of it (DESIGN.md
// section 1). It commits to the program's initial machine state through the preprocessed tables of the
// machine (the program table and the initial memory image, incl. the initial registers; vm/chips/README.md),
// committed under every named proof configuration, plus the few values the CPU reads as public values.
//
// Why the preprocessed roots of every named configuration: a root depends on the LDE blowup, so an ID
// holding only one root would tie the program's identity to one configuration (SP1's verifying key
// does). Listing the roots of all named configurations (fri/config.h, registry order) gives one ID per
// program whatever configuration a receipt uses; a receipt carries the opened commitments, and the
// verifier checks that they hash to the ID before using the root of the receipt's configuration. Adding
// a named configuration therefore defines a new image ID version ("zkrv/image/v1" below).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/byte_io.h"
#include "hash/digest.h"

namespace zkrv {

struct ImageCommitments {
  uint32_t entry = 0;           // the first pc
  uint32_t writable_start = 0;  // the lowest byte address a store may touch (above every read-only segment)
  // (configuration name, root of the machine's preprocessed tables under it), registry order.
  std::vector<std::pair<std::string, Digest>> preprocessed_roots;

  friend bool operator==(const ImageCommitments&, const ImageCommitments&) = default;

  static constexpr size_t kMaxConfigurations = 16;
  static constexpr size_t kMaxNameBytes = 64;

  // Wire form (inside a receipt): u32 entry, u32 writable_start, u8 count, per configuration
  // u8 name length, name (printable ASCII), 32-byte root. read() throws MalformedInput.
  void write(ByteWriter& out) const;
  static ImageCommitments read(ByteReader& in);

  // The root for one configuration; nullptr if the image does not list it.
  const Digest* root_for(std::string_view config_name) const noexcept;
};

// hash_bytes("zkrv/image/v1", wire form): the 32-byte image ID, printed as 64 hex digits.
Digest image_id(const ImageCommitments& image);

}  // namespace zkrv
