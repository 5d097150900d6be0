#include "vm/machine/machine_image.h"

#include "fri/pcs.h"
#include "stark/keys.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/program/program_chip.h"
#include "vm/chips/syscall/syscall_chip.h"

namespace zkrv {

static_assert(kBrkWord == chips::kSyscallBrkWord && kJournalLengthWord == chips::kSyscallJournalLengthWord &&
                  kInitialBrkWord == chips::kSyscallInitialBrkWord && kInputEndedWord == chips::kSyscallInputEndedWord,
              "the image's state words are the syscall chip's");

std::vector<chips::InitialWord> MachineImage::reserved_words() const {
  return {{kBrkWord, program.initial_brk},
          {kJournalLengthWord, 0},
          {kInitialBrkWord, program.initial_brk},
          {kInputEndedWord, 0}};
}

std::vector<Chip> preprocessed_chips(const MachineImage& image) {
  return {Chip(chips::ProgramChip(image.program)), Chip(chips::ByteChip{})};
}

Digest preprocessed_root(const MachineImage& image, const FriConfig& config) {
  const std::vector<Chip> chips = preprocessed_chips(image);
  const ProvingKey pk = setup(TwoAdicFriPcs(config), chips);
  return *pk.vk.preprocessed_root;
}

}  // namespace zkrv
