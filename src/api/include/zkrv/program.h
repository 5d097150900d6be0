// A guest program: a static RV32IM ELF, validated when loaded (docs/guest-abi.md).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "zkrv/export.h"
#include "zkrv/image_id.h"

namespace zkrv::host {

class ZKRV_API Program {
 public:
  // Throw Error(malformed_input) for anything that is not a loadable zkrv guest (wrong class or machine,
  // overlapping or writable-below-read-only segments, an entry outside code, ...).
  static Program from_elf(std::span<const uint8_t> elf_bytes);
  static Program from_elf_file(const std::string& path);

  uint32_t entry() const noexcept;
  // Commits to the program's shape and initial memory (one Merkle tree over the loaded words: a few
  // milliseconds per MiB; independent of the proof configuration); computed once per Program and cached.
  const ImageId& image_id() const;

  // A moved-from Program may only be assigned to or destroyed.
  struct Impl;
  const Impl& impl() const noexcept { return *impl_; }

 private:
  explicit Program(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;  // shared: copies of a Program are cheap and share the cached ID
};

}  // namespace zkrv::host
