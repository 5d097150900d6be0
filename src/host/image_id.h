// The image ID: what a verifier must know about a program to check a receipt of it (docs/architecture.md
// section 1). It commits to
//   - the program's initial machine state: the root of the memory Merkle tree (vm/machine/memory_tree.h)
//     holding the initial registers, the syscall state words and every ELF segment word, and the entry
//     pc. A receipt's first segment must start exactly there (host/verify.h);
//   - the machine's public shape (MachineShape: entry pc, first writable word, program table height);
//   - the program table (every decodable instruction word, decoded; a preprocessed table of the STARK),
//     committed under every named proof configuration.
//
// Why the program table's roots of every named configuration: a root depends on the LDE blowup, so an ID
// holding only one root would tie the program's identity to one configuration (SP1's verifying key
// does). Listing the roots of all named configurations (fri/config.h, registry order) gives one ID per
// program whatever configuration a receipt uses; a receipt carries the opened commitments, and the
// verifier checks that they hash to the ID before using the root of the receipt's configuration. Adding or
// renaming a named configuration therefore defines a new image ID version ("zkrv/image/v3" below: v3
// since the initial memory became a Merkle root for continuations).
//
// WHAT AN ID GIVEN WITHOUT THE ELF GUARANTEES. The memory root commits to every code and data byte, but
// the program tables' roots of the different configurations are separate commitments; nothing inside
// the ID shows that they decode the code the memory root holds (checking that needs the ELF). So a
// receipt verified against an ID proves that the program of the root of the receipt's own configuration
// ran from that initial memory; an ID computed honestly (`zkrv image-id guest.elf`, or `zkrv verify
// --elf`, which recomputes it) has every root from that one ELF, but an ID handed over by someone else
// is only as good as its publisher. Proving the program table from the code pages instead (open
// follow-up of continuations, issue 12) removes this gap and the per-configuration roots.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/byte_io.h"
#include "hash/digest.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine.h"
#include "vm/machine/machine_image.h"

namespace zkrv {

struct ImageCommitments {
  // The public numbers of the image the verifier's chips depend on (vm/machine/machine.h): the entry pc,
  // the first writable word and the program table's height.
  MachineShape shape;
  // Root of the initial memory (vm/machine/memory_tree.h): the pre-state of the run's first segment.
  Digest initial_memory_root;
  // (configuration name, root of the machine's preprocessed tables under it), registry order.
  std::vector<std::pair<std::string, Digest>> preprocessed_roots;

  friend bool operator==(const ImageCommitments&, const ImageCommitments&) = default;

  static constexpr size_t kMaxConfigurations = 16;
  static constexpr size_t kMaxNameBytes = 64;

  // A bound above any provable height (BabyBear's two-adicity, 27, bounds the LDE domain), so a hostile
  // receipt cannot make the verifier's chips (machine_chips(shape)) work with absurd heights.
  static constexpr unsigned kMaxLogHeight = 28;

  // Wire form (inside a receipt): u32 entry, u32 first_writable_word, u8 program_log_height, 32-byte
  // initial memory root, u8 count, per configuration u8 name length, name (printable ASCII), 32-byte
  // root. read() throws MalformedInput.
  void write(ByteWriter& out) const;
  static ImageCommitments read(ByteReader& in);

  // The root for one configuration; nullptr if the image does not list it.
  const Digest* root_for(std::string_view config_name) const noexcept;
};

// hash_bytes("zkrv/image/v3", wire form): the 32-byte image ID, printed as 64 hex digits.
Digest image_id(const ImageCommitments& image);

// The commitments of a machine image under every named configuration (fri/config.h, registry order).
ImageCommitments commit_image(const MachineImage& image);
// image_id(commit_image({program})): the ID `zkrv image-id` prints (the VM's initial registers).
Digest image_id_of(const ProgramImage& program);

}  // namespace zkrv
