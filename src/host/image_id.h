// The image ID: what a verifier must know about a program to check a receipt of it (docs/architecture.md
// section 1). It commits to the program's initial machine state through the preprocessed tables of the
// machine (the program table and the initial memory image, incl. the initial registers; vm/chips/README.md),
// committed under every named proof configuration, plus the machine's public shape (MachineShape: entry
// pc, first writable word, the heights of the program-dependent tables), which the verifier's chips use.
//
// Why the preprocessed roots of every named configuration: a root depends on the LDE blowup, so an ID
// holding only one root would tie the program's identity to one configuration (SP1's verifying key
// does). Listing the roots of all named configurations (fri/config.h, registry order) gives one ID per
// program whatever configuration a receipt uses; a receipt carries the opened commitments, and the
// verifier checks that they hash to the ID before using the root of the receipt's configuration. Adding or
// renaming a named configuration therefore defines a new image ID version ("zkrv/image/v2" below: v2
// since the configurations became zkrv-fri-b2-v2 and zkrv-fri-b4-v2).
//
// WHAT AN ID GIVEN WITHOUT THE ELF GUARANTEES. The roots of the different configurations are separate
// commitments; nothing inside the ID shows that they commit to the same program (checking that needs the
// tables themselves, i.e. the ELF). So a receipt verified against an ID proves that the program committed
// by the root of the receipt's own configuration ran; an ID computed honestly (`zkrv image-id guest.elf`,
// or `zkrv verify --elf`, which recomputes it) has every root from that one ELF, but an ID handed over by
// someone else is only as good as its publisher: a dishonest publisher could build an ID whose b2 root
// commits to one program and whose b4 root to another, and receipts under the two configurations would
// then prove different programs for the "same" ID. Whoever publishes an ID should publish the ELF (or
// its hash) with it, and a verifier that can should use --elf. Continuations (docs/architecture.md section 2: the image ID from
// the initial state digest, independent of any configuration) will remove this gap.
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
  // the first writable word and the heights of the two program-dependent preprocessed tables.
  MachineShape shape;
  // (configuration name, root of the machine's preprocessed tables under it), registry order.
  std::vector<std::pair<std::string, Digest>> preprocessed_roots;

  friend bool operator==(const ImageCommitments&, const ImageCommitments&) = default;

  static constexpr size_t kMaxConfigurations = 16;
  static constexpr size_t kMaxNameBytes = 64;

  // A bound above any provable height (BabyBear's two-adicity, 27, bounds the LDE domain), so a hostile
  // receipt cannot make the verifier's chips (machine_chips(shape)) work with absurd heights.
  static constexpr unsigned kMaxLogHeight = 28;

  // Wire form (inside a receipt): u32 entry, u32 first_writable_word, u8 program_log_height,
  // u8 memory_image_log_height, u8 count, per configuration u8 name length, name (printable ASCII),
  // 32-byte root. read() throws MalformedInput.
  void write(ByteWriter& out) const;
  static ImageCommitments read(ByteReader& in);

  // The root for one configuration; nullptr if the image does not list it.
  const Digest* root_for(std::string_view config_name) const noexcept;
};

// hash_bytes("zkrv/image/v2", wire form): the 32-byte image ID, printed as 64 hex digits.
Digest image_id(const ImageCommitments& image);

// The commitments of a machine image under every named configuration (fri/config.h, registry order).
ImageCommitments commit_image(const MachineImage& image);
// image_id(commit_image({program})): the ID `zkrv image-id` prints (the VM's initial registers).
Digest image_id_of(const ProgramImage& program);

}  // namespace zkrv
