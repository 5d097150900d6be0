// The image ID: what a verifier must know about a program to check a receipt of it (docs/architecture.md
// section 1). It commits to
//   - the program's initial machine state: the root of the memory Merkle tree (vm/machine/memory_tree.h)
//     holding the initial registers, the syscall state words and every ELF segment word, code included.
//     A receipt's first segment must start exactly there (host/verify.h);
//   - the machine's public shape (MachineShape: entry pc, first writable word, code range).
// Nothing else: the program's instructions are proved from the code words in memory by the decode chip
// (vm/chips/program/instruction_decode_chip.h), and the machine's preprocessed tables (instruction
// classes, bytes) are the same for every program. So the ID does not depend on the proof configuration,
// and an ID handed over without the ELF pins the program exactly: the code and data bytes under the
// root are the ones that ran. ("zkrv/image/v4" below: v4 since the program table is proved from memory.)
#pragma once

#include <cstdint>

#include "base/byte_io.h"
#include "hash/digest.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine.h"
#include "vm/machine/machine_image.h"

namespace zkrv {

struct ImageCommitments {
  // The public numbers of the image the verifier's chips depend on (vm/machine/machine.h).
  MachineShape shape;
  // Root of the initial memory (vm/machine/memory_tree.h): the pre-state of the run's first segment.
  Digest initial_memory_root;

  friend bool operator==(const ImageCommitments&, const ImageCommitments&) = default;

  // Wire form (inside a receipt, 48 bytes): u32 entry, u32 first_writable_word, u32 code_begin_word, u32
  // code_end_word, 32-byte initial memory root. read() throws MalformedInput, also for a shape no ELF has
  // (machine_shape_error), so a hostile receipt never reaches the chips with one.
  void write(ByteWriter& out) const;
  static ImageCommitments read(ByteReader& in);
};

// hash_bytes("zkrv/image/v4", wire form): the 32-byte image ID, printed as 64 hex digits.
Digest image_id(const ImageCommitments& image);

// The commitments of a machine image: its shape and its initial memory root (one Merkle tree over the
// loaded words; milliseconds for a 1 MiB image).
ImageCommitments commit_image(const MachineImage& image);
// image_id(commit_image({program})): the ID `zkrv image-id` prints (the VM's initial registers).
Digest image_id_of(const ProgramImage& program);

}  // namespace zkrv
