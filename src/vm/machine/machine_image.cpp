#include "vm/machine/machine_image.h"

#include "fri/pcs.h"
#include "stark/keys.h"
#include "vm/chips/byte/byte_chip.h"
#include <map>
#include <mutex>
#include <string>

#include "vm/chips/program/instruction_class_chip.h"
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

std::vector<Chip> preprocessed_chips() { return {Chip(chips::InstructionClassChip{}), Chip(chips::ByteChip{})}; }

Digest preprocessed_root(const FriConfig& config) {
  static std::mutex mutex;
  static std::map<std::string, Digest> roots;  // by configuration name: a name fixes every parameter
  {
    const std::lock_guard lock(mutex);
    if (const auto it = roots.find(config.name); it != roots.end()) return it->second;
  }
  const ProvingKey pk = setup(TwoAdicFriPcs(config), preprocessed_chips());
  const std::lock_guard lock(mutex);
  return roots.emplace(config.name, *pk.vk.preprocessed_root).first->second;
}

}  // namespace zkrv
