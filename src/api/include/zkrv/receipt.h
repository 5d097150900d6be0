// A receipt: the claim (image ID, exit code, journal) and the proof of it. Its byte form is what
// `zkrv prove` writes and `zkrv verify` reads (docs/formats.md). Nothing in a receipt is trusted before
// verify() has checked it against an image ID the verifier trusts.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "zkrv/export.h"
#include "zkrv/image_id.h"

namespace zkrv::host {

class ZKRV_API Receipt {
 public:
  // Throws Error(malformed_input) for anything that is not a well-formed receipt (every length is
  // bounded before anything is allocated).
  static Receipt from_bytes(std::span<const uint8_t> bytes);
  static Receipt from_file(const std::string& path);  // a path ("-" is not standard input here)
  std::vector<uint8_t> to_bytes() const;
  void to_file(const std::string& path) const;

  // The claim as the receipt states it: NOT verified (use verify()).
  const ImageId& claimed_image_id() const noexcept;
  uint32_t claimed_exit_code() const noexcept;
  const std::vector<uint8_t>& claimed_journal() const noexcept;

  // A moved-from Receipt may only be assigned to or destroyed.
  struct Impl;
  const Impl& impl() const noexcept { return *impl_; }

 private:
  friend struct ReceiptAccess;
  explicit Receipt(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;  // shared: copies are cheap; never null except after a move
};

}  // namespace zkrv::host
