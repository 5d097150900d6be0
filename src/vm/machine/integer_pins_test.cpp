// The integer-pin check (air/integer_pins.h) over every chip of the machine, with the machine's bus
// contracts (vm/chips/common/pin_contracts.h) and each chip's written derivations: every main column
// that enters a constraint must be pinned as an integer or carry an argument in its chip's header.
// The chips are those the STARK proves (MachineChips, proof order), so a new chip cannot be skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "air/integer_pins.h"
#include "vm/chips/add_sub/add_sub_chip.h"
#include "vm/chips/bitwise/bitwise_chip.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/common/pin_contracts.h"
#include "vm/chips/cpu/cpu_chip.h"
#include "vm/chips/divrem/divrem_chip.h"
#include "vm/chips/lt/lt_chip.h"
#include "vm/chips/memory/memory_leaf_chip.h"
#include "vm/chips/memory/memory_node_chip.h"
#include "vm/chips/mul/mul_chip.h"
#include "vm/chips/poseidon2/poseidon2_chip.h"
#include "vm/chips/program/instruction_class_chip.h"
#include "vm/chips/program/instruction_decode_chip.h"
#include "vm/chips/shift/shift_chip.h"
#include "vm/chips/syscall/syscall_chip.h"
#include "vm/chips/syscall/syscall_io_chip.h"
#include "vm/machine/machine_traces.h"

namespace zkrv {
namespace {

using namespace chips;

template <class Names>
std::vector<std::string> to_strings(const Names& names) {
  return {names.begin(), names.end()};
}

// A chip's written derivations: `static IntegerDerivations integer_derivations()` if it has any.
template <class A>
IntegerDerivations derivations_of() {
  if constexpr (requires { A::integer_derivations(); }) return A::integer_derivations();
  else return {};
}

struct ChipUnderCheck {
  std::vector<std::string> names;
  IntegerDerivations derivations;
};

// Names and derivations per chip, in proof order (MachineChips::Index).
std::vector<ChipUnderCheck> machine_chip_declarations() {
  std::vector<ChipUnderCheck> out(MachineChips::kCount);
  out[MachineChips::kProgram] = {to_strings(InstructionDecodeChip::kColumnNames),
                                 derivations_of<InstructionDecodeChip>()};
  out[MachineChips::kInstructionClass] = {to_strings(InstructionClassChip::kColumnNames),
                                          derivations_of<InstructionClassChip>()};
  out[MachineChips::kCpu] = {to_strings(kCpuColumnNames), derivations_of<CpuChip>()};
  out[MachineChips::kLoadStore] = {to_strings(LoadStoreChip::kColumnNames), derivations_of<LoadStoreChip>()};
  out[MachineChips::kAddSub] = {to_strings(AddSubChip::kColumnNames), derivations_of<AddSubChip>()};
  out[MachineChips::kBitwise] = {to_strings(BitwiseChip::kColumnNames), derivations_of<BitwiseChip>()};
  out[MachineChips::kLt] = {to_strings(LtChip::kColumnNames), derivations_of<LtChip>()};
  out[MachineChips::kShift] = {to_strings(ShiftChip::kColumnNames), derivations_of<ShiftChip>()};
  out[MachineChips::kMul] = {to_strings(MulChip::kColumnNames), derivations_of<MulChip>()};
  out[MachineChips::kDivRem] = {to_strings(DivRemChip::kColumnNames), derivations_of<DivRemChip>()};
  out[MachineChips::kSyscall] = {to_strings(SyscallChip::kColumnNames), derivations_of<SyscallChip>()};
  out[MachineChips::kSyscallIo] = {to_strings(SyscallIoChip::kColumnNames), derivations_of<SyscallIoChip>()};
  out[MachineChips::kMemoryLeaf] = {to_strings(MemoryLeafChip::kColumnNames), derivations_of<MemoryLeafChip>()};
  out[MachineChips::kMemoryNode] = {MemoryNodeChip::column_names(), derivations_of<MemoryNodeChip>()};
  out[MachineChips::kPoseidon2] = {to_strings(Poseidon2Chip::column_names()), derivations_of<Poseidon2Chip>()};
  out[MachineChips::kByte] = {to_strings(ByteChip::kColumnNames), derivations_of<ByteChip>()};
  return out;
}

// A shape some ELF has (code [0x10000, 0x11000), writable from 0x11000): the constraints depend on the
// shape only through constants.
const MachineShape kShape{0x10000, 0x11000 / 4, 0x10000 / 4, 0x11000 / 4};

// Every chip as the STARK proves it.
std::vector<IntegerPinReport> check_machine() {
  const MachineChips chips(kShape);
  const auto& stark = chips.stark_chips();
  const auto declared = machine_chip_declarations();
  std::vector<IntegerPinReport> reports;
  for (size_t i = 0; i < stark.size(); ++i) {
    const std::vector<std::string>& names = declared.at(i).names;
    const std::vector<std::string_view> views(names.begin(), names.end());
    reports.push_back(check_integer_pins(stark[i].info(), views, declared[i].derivations, kBusPinContracts));
  }
  return reports;
}

TEST(MachineIntegerPins, EveryChipIsChecked) {
  const MachineChips chips(kShape);
  const auto declared = machine_chip_declarations();
  ASSERT_EQ(chips.stark_chips().size(), declared.size());
  for (size_t i = 0; i < declared.size(); ++i)
    EXPECT_EQ(declared[i].names.size(), chips.stark_chips()[i].width()) << chips.stark_chips()[i].name();
}

// One line per chip: how its columns are pinned.
void print_summary(const IntegerPinReport& r) {
  size_t counts[4] = {0, 0, 0, 0};
  for (const ColumnPins& c : r.columns) ++counts[static_cast<size_t>(c.status)];
  std::cout << r.chip << ": " << r.columns.size() << " columns, " << counts[0] << " pinned, " << counts[1]
            << " derived in writing, " << counts[2] << " declared not integers, " << counts[3] << " unpinned\n";
}

// With ZKRV_INTEGER_PINS_REPORT=FILE set, every chip's full report (every column's status and evidence)
// is written to FILE: two builds' reports can be compared (e.g. after a change to the check itself).
TEST(MachineIntegerPins, EveryColumnIsPinnedOrDerived) {
  const char* dump = std::getenv("ZKRV_INTEGER_PINS_REPORT");
  std::ofstream out;
  if (dump != nullptr) out.open(dump);
  for (const IntegerPinReport& r : check_machine()) {
    if (out.is_open()) out << r.describe() << "\n";
    print_summary(r);
    EXPECT_TRUE(r.ok()) << r.describe();
    for (const std::string& p : r.problems) ADD_FAILURE() << p;
  }
}

}  // namespace
}  // namespace zkrv
