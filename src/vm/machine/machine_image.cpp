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

size_t min_trace_height(const FriConfig& config) { return std::max<size_t>(8, size_t{1} << config.log_min_height); }

std::vector<Chip> preprocessed_chips(size_t min_height) {
  return {Chip(chips::InstructionClassChip(min_height)), Chip(chips::ByteChip{})};
}

namespace {

// (configuration name, root as 64 hex digits); updated when a table or a named configuration changes
// (preprocessed_root_test.cpp prints the new value).
constexpr std::pair<std::string_view, std::string_view> kPreprocessedRoots[] = {
    {"zkrv-fri-b2-zk-v1", "39d60876b5202638231db1091fe8f0272ed1ea575ee52f2799922b1e794b7b1b"},
    {"zkrv-fri-b2-v2", "74af980d9819bd2f7bd2d23ea623ed735da5195a6d743d11724ed05bad1f7e3b"},
    {"zkrv-fri-b4-v2", "ea9ada41ef5f6b36156df4295e789630e6e6a90e8d18e66b5cd15746a7d9711b"},
};

}  // namespace

const Digest* known_preprocessed_root(std::string_view config_name) {
  static const std::map<std::string, Digest, std::less<>> roots = [] {
    std::map<std::string, Digest, std::less<>> out;
    for (const auto& [name, hex] : kPreprocessedRoots) out.emplace(std::string(name), Digest::from_hex(hex));
    return out;
  }();
  const auto it = roots.find(config_name);
  return it == roots.end() ? nullptr : &it->second;
}

Digest preprocessed_root(const FriConfig& config) {
  // A named configuration's root is a constant; a configuration that only borrows a name (tests) is not.
  if (const Digest* known = known_preprocessed_root(config.name); known != nullptr) {
    bool named = false;
    for (const FriConfig& c : named_fri_configs()) named = named || c == config;
    if (named) return *known;
  }
  static std::mutex mutex;
  static std::map<std::string, Digest> roots;  // by configuration name: a name fixes every parameter
  {
    const std::lock_guard lock(mutex);
    if (const auto it = roots.find(config.name); it != roots.end()) return it->second;
  }
  const ProvingKey pk = setup(TwoAdicFriPcs(config), preprocessed_chips(min_trace_height(config)));
  const std::lock_guard lock(mutex);
  return roots.emplace(config.name, *pk.vk.preprocessed_root).first->second;
}

}  // namespace zkrv
