// Forged memory traces (docs/architecture.md section 5): each forgery is made consistent (every other table and
// the byte multiplicities adjusted) so that only the targeted constraint or bus can object; the debug
// builder or the bus checker names it and the verifier rejects the proof. Then a sweep mutates every
// cell of the driver, boundary and image traces.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "abi/memory_map.h"
#include "vm/chips/memory/access.h"
#include "vm/chips/memory/memory_boundary_chip.h"
#include "vm/chips/memory/memory_image_chip.h"
#include "vm/chips/memory/testing/memory_driver.h"
#include "vm/chips/memory/testing/memory_machine.h"

namespace zkrv::chips {
namespace {

using testing::DriverAccess;
using testing::MemoryTestMachine;
using testing::ScriptStep;

MemoryImageChip sample_image() { return MemoryImageChip(testing::sample_program_image(), default_initial_registers()); }

bool has_failure(const std::vector<ConstraintFailure>& failures, std::string_view name, size_t row) {
  return std::any_of(failures.begin(), failures.end(), [&](const auto& f) { return f.name == name && f.row == row; });
}

bool contains(const std::string& s, std::string_view what) { return s.find(what) != std::string::npos; }

// Index of the final word of `addr`.
size_t final_index(const std::vector<FinalWord>& finals, uint32_t addr) {
  const auto it = std::find_if(finals.begin(), finals.end(), [&](const FinalWord& f) { return f.addr == addr; });
  EXPECT_NE(it, finals.end());
  return static_cast<size_t>(it - finals.begin());
}

// Step 7 of the sample script reads 0x8001 (written 0xdeadbeef at ts 7); step 13 overwrites it at ts 28.
constexpr size_t kRead = 7, kNextWrite = 13;
constexpr uint32_t kForged = 0x0badf00d;

TEST(MemoryForgery, ReadOfAValueNeverWrittenIsNamed) {
  // The read returns kForged but receives the honest (0xdeadbeef, 7); the next write receives what the
  // read sent. Every bus balances; only "a read keeps the value" objects.
  auto run = testing::run_script(sample_image().words(), testing::sample_script());
  ASSERT_EQ(run.accesses[kRead].access.value, 0xdeadbeefu);
  run.accesses[kRead].access.value = kForged;
  run.accesses[kNextWrite].access.prev_value = kForged;
  MemoryTestMachine m(sample_image(), run.accesses, run.finals);
  EXPECT_TRUE(m.bus_imbalances().empty());
  const auto failures = m.constraint_failures(MemoryTestMachine::kDriver);
  EXPECT_TRUE(has_failure(failures, "memory access: a read keeps value_lo", kRead));
  EXPECT_TRUE(has_failure(failures, "memory access: a read keeps value_hi", kRead));
  EXPECT_EQ(failures.size(), 2u) << failures.front().describe();
  EXPECT_TRUE(contains(m.prove_and_verify(), "chip memory_driver: constraints do not match"));
}

TEST(MemoryForgery, ReadOfAValueNeverWrittenIsCaughtByTheBus) {
  // The same read also claims to have received kForged: every constraint holds, but nobody sent
  // (0x8001, kForged, 7) and nobody receives the honest (0x8001, 0xdeadbeef, 7).
  auto run = testing::run_script(sample_image().words(), testing::sample_script());
  run.accesses[kRead].access.value = run.accesses[kRead].access.prev_value = kForged;
  run.accesses[kNextWrite].access.prev_value = kForged;
  MemoryTestMachine m(sample_image(), run.accesses, run.finals);
  for (size_t c : {MemoryTestMachine::kDriver, MemoryTestMachine::kImage, MemoryTestMachine::kBoundary})
    EXPECT_TRUE(m.constraint_failures(c).empty()) << m.chip_name(c);
  const auto imbalances = m.bus_imbalances();
  ASSERT_EQ(imbalances.size(), 2u);
  for (const auto& i : imbalances) {
    EXPECT_EQ(i.bus, kMemoryBus);
    EXPECT_EQ(i.tuple[0], Fp(0x8001u));
    EXPECT_EQ(i.tuple[3], Fp(7u));
    // Sent, never received: the honest word; received, never sent: the forged one.
    EXPECT_EQ(i.net_multiplicity, i.tuple[1] == Fp(0xbeefu) ? Fp::one() : -Fp::one()) << i.describe();
  }
  EXPECT_TRUE(contains(m.prove_and_verify(), "unbalanced bus"));
}

TEST(MemoryForgery, ReadFromTheFutureNeedsAWrappedDiff) {
  // x5: write 5 at ts 10, read at ts 15, write 7 at ts 20. The forged read consumes (7, 20), the value
  // of the later write, and sends (7, 15); the later write consumes (5, 10); x5 ends as (7, 15). Every
  // memory tuple is sent once and received once: only the timestamp order can object.
  const std::vector<ScriptStep> script = {{5, 10, true, 5}, {5, 15, false, 0}, {5, 20, true, 7}};
  auto run = testing::run_script(sample_image().words(), script);
  run.accesses[1].access = MemoryAccessRecord{5, 7, 7, 15, 14};  // prev_ts forged below
  run.accesses[2].access.prev_value = 5;
  run.accesses[2].access.prev_timestamp = 10;
  run.finals[final_index(run.finals, 5)] = FinalWord{5, 7, 15};
  MemoryTestMachine m(sample_image(), run.accesses, run.finals);
  using testing::MemoryDriverChip;
  RowMajorMatrix<Fp>& t = m.trace(MemoryTestMachine::kDriver);
  const size_t prev_ts = MemoryDriverChip::kAccess + 2, diff_lo = prev_ts + 1, diff_hi = prev_ts + 2;
  t(1, prev_ts) = Fp(20u);
  EXPECT_TRUE(m.bus_imbalances().empty());

  // (a) The diff left as it was: the decomposition constraint names the row.
  {
    const auto failures = m.constraint_failures(MemoryTestMachine::kDriver);
    ASSERT_EQ(failures.size(), 1u) << failures.front().describe();
    EXPECT_EQ(failures[0].name, "memory access: ts - prev_ts - 1 = diff_lo + 2^16 diff_hi");
    EXPECT_EQ(failures[0].row, 1u);
    EXPECT_TRUE(contains(m.prove_and_verify(), "chip memory_driver: constraints do not match"));
  }
  // (b) ts - prev_ts - 1 = -6 = p - 6 decomposed over the integers: the constraint holds, and diff_hi
  // would pass a plain u16 check, but 128 diff_hi is no u16: only the byte bus objects. (This is why
  // diff_hi is bounded by 2^9: README "Access gadget".)
  const uint32_t wrapped = Fp::P - 6;
  ASSERT_EQ(Fp(15u) - Fp(20u) - Fp::one(), Fp(wrapped));
  EXPECT_LT(wrapped >> 16, 1u << 16);
  EXPECT_GE(128u * (wrapped >> 16), 1u << 16);
  t(1, diff_lo) = Fp(wrapped & 0xffffu);
  t(1, diff_hi) = Fp(wrapped >> 16);
  m.rebalance_bytes();
  EXPECT_TRUE(m.constraint_failures(MemoryTestMachine::kDriver).empty());
  const auto imbalances = m.bus_imbalances();
  ASSERT_EQ(imbalances.size(), 1u);
  EXPECT_EQ(imbalances[0].bus, kByteBus);
  EXPECT_EQ(imbalances[0].tuple[1], Fp(128 * (wrapped >> 16)));
  EXPECT_TRUE(contains(m.prove_and_verify(), "unbalanced bus"));
}

TEST(MemoryForgery, AddressInitializedTwiceFromTwoBoundaryRows) {
  // 0x8003 is an image word (0x00443322). A read of it returns 0 from a second, zero-initialised chain
  // while the image's chain is finalized untouched: the boundary lists 0x8003 twice, once as a
  // zero-init row. Every bus balances; only the strict increase of addresses objects.
  const std::vector<DriverAccess> accesses = {{MemoryAccessRecord{0x8003, 0, 0, 5, 0}, false}};
  std::vector<FinalWord> finals = final_memory(sample_image().words(), {});
  ASSERT_EQ(finals.back(), (FinalWord{0x8003, 0x00443322, 0}));
  finals.push_back({0x8004, 0, 5});  // generated as 0x8004 (zero-init), renamed to 0x8003 below
  MemoryTestMachine m(sample_image(), accesses, finals);
  const size_t row = finals.size() - 1;
  m.trace(MemoryTestMachine::kBoundary)(row, MemoryBoundaryChip::kAddrLo) = Fp(0x8003u);
  m.rebalance_bytes();
  EXPECT_TRUE(m.bus_imbalances().empty());
  const auto failures = m.constraint_failures(MemoryTestMachine::kBoundary);
  ASSERT_EQ(failures.size(), 1u) << failures.front().describe();
  EXPECT_EQ(failures[0].name, "memory boundary: addr' = addr + 1 + diff_lo + 2^16 diff_hi");
  EXPECT_EQ(failures[0].row, row - 1);
  EXPECT_TRUE(contains(m.prove_and_verify(), "chip memory_boundary: constraints do not match"));
}

TEST(MemoryForgery, AddressWraparoundNeedsAddressesAbove2To28) {
  // The attack the address range check stops: zero-init rows with gaps of 2^28 walk around p and come
  // back to the image word A = 0x8003, which then gets a second (zero) chain, read at ts 5. Every gap
  // is a valid diff and every memory tuple balances (untouched zero-init rows balance themselves);
  // only the u16 lookups of 16 addr_hi on the seven addresses A + k 2^28 (k = 1..7) find no table row.
  constexpr uint32_t kA = 0x8003;
  const std::vector<DriverAccess> accesses = {{MemoryAccessRecord{kA, 0, 0, 5, 0}, false}};
  std::vector<FinalWord> finals = final_memory(sample_image().words(), {});
  const size_t first = finals.size();  // row first - 1 is A itself
  ASSERT_EQ(finals.back().addr, kA);
  for (uint32_t k = 0; k < 8; ++k) finals.push_back({0x9000 + k, 0, 0});  // placeholders, zero-init
  finals.back().timestamp = 5;
  MemoryTestMachine m(sample_image(), accesses, finals);
  RowMajorMatrix<Fp>& t = m.trace(MemoryTestMachine::kBoundary);
  using B = MemoryBoundaryChip;
  ASSERT_EQ(Fp::P - 7 * (uint32_t{1} << 28), (uint32_t{1} << 27) + 1);  // seven gaps of 2^28, one of 2^27 + 1
  for (uint32_t k = 1; k <= 8; ++k) {
    t(first + k - 1, B::kAddrLo) = Fp(kA);
    t(first + k - 1, B::kAddrHi) = Fp(k < 8 ? k << 12 : 0u);  // A + k 2^28; the eighth is A + p = A
  }
  for (size_t r = first - 1; r < first + 7; ++r) {
    const uint32_t diff = r + 1 < first + 7 ? (uint32_t{1} << 28) - 1 : uint32_t{1} << 27;
    t(r, B::kDiffLo) = Fp(diff & 0xffffu);
    t(r, B::kDiffHi) = Fp(diff >> 16);
  }
  m.rebalance_bytes();
  for (size_t c : {MemoryTestMachine::kDriver, MemoryTestMachine::kImage, MemoryTestMachine::kBoundary}) {
    const auto failures = m.constraint_failures(c);
    EXPECT_TRUE(failures.empty()) << failures.front().describe();
  }
  const auto imbalances = m.bus_imbalances();
  ASSERT_EQ(imbalances.size(), 7u);
  for (uint32_t k = 1; k <= 7; ++k) {
    EXPECT_EQ(imbalances[k - 1].bus, kByteBus);
    EXPECT_EQ(imbalances[k - 1].tuple[1], Fp(k << 16));
  }
  EXPECT_TRUE(contains(m.prove_and_verify(), "unbalanced bus"));
}

TEST(MemoryForgery, ZeroInitOfAnImageAddressLeavesTheImageWordOver) {
  // A read of the image word 0x8000 (0xbbaa0000) returns 0, its only boundary row claiming a zero
  // init: the image's (0x8000, 0, 0xbbaa, 0) is never consumed.
  const std::vector<DriverAccess> accesses = {{MemoryAccessRecord{0x8000, 0, 0, 5, 0}, false}};
  std::vector<FinalWord> finals = final_memory(sample_image().words(), std::vector<FinalWord>{{0x8000, 0, 5}});
  MemoryTestMachine m(sample_image(), accesses, finals);
  m.trace(MemoryTestMachine::kBoundary)(final_index(finals, 0x8000), MemoryBoundaryChip::kIsZeroInit) = Fp::one();
  for (size_t c : {MemoryTestMachine::kDriver, MemoryTestMachine::kImage, MemoryTestMachine::kBoundary})
    EXPECT_TRUE(m.constraint_failures(c).empty()) << m.chip_name(c);
  const auto imbalances = m.bus_imbalances();
  ASSERT_EQ(imbalances.size(), 1u);
  EXPECT_EQ(imbalances[0].bus, kMemoryBus);
  EXPECT_EQ(imbalances[0].tuple, (std::vector<Fp>{Fp(0x8000u), Fp::zero(), Fp(0xbbaau), Fp::zero()}));
  EXPECT_EQ(imbalances[0].net_multiplicity, Fp::one());
  EXPECT_TRUE(contains(m.prove_and_verify(), "unbalanced bus"));
}

TEST(MemoryForgery, AddressNeverFinalized) {
  // The boundary drops the touched zero-init word 0x9000 (written at 15, read at 19): nobody sends
  // its initial (0, 0) and nobody receives its final (0xffffffff, 19).
  auto run = testing::run_script(sample_image().words(), testing::sample_script());
  run.finals.erase(run.finals.begin() + static_cast<std::ptrdiff_t>(final_index(run.finals, 0x9000)));
  MemoryTestMachine m(sample_image(), run.accesses, run.finals);
  for (size_t c : {MemoryTestMachine::kDriver, MemoryTestMachine::kImage, MemoryTestMachine::kBoundary})
    EXPECT_TRUE(m.constraint_failures(c).empty()) << m.chip_name(c);
  const auto imbalances = m.bus_imbalances();
  ASSERT_EQ(imbalances.size(), 2u);
  EXPECT_EQ(imbalances[0].tuple, (std::vector<Fp>{Fp(0x9000u), Fp::zero(), Fp::zero(), Fp::zero()}));
  EXPECT_EQ(imbalances[0].net_multiplicity, -Fp::one());
  EXPECT_EQ(imbalances[1].tuple, (std::vector<Fp>{Fp(0x9000u), Fp(0xffffu), Fp(0xffffu), Fp(19u)}));
  EXPECT_EQ(imbalances[1].net_multiplicity, Fp::one());
  EXPECT_TRUE(contains(m.prove_and_verify(), "unbalanced bus"));
}

TEST(MemoryForgery, ImageWordNeverFinalized) {
  // An untouched image word dropped from the boundary: its init is never consumed.
  std::vector<FinalWord> finals = final_memory(sample_image().words(), {});
  finals.erase(finals.begin() + static_cast<std::ptrdiff_t>(final_index(finals, 0x4002)));
  MemoryTestMachine m(sample_image(), std::vector<DriverAccess>{}, finals);
  const auto imbalances = m.bus_imbalances();
  ASSERT_EQ(imbalances.size(), 1u);
  EXPECT_EQ(imbalances[0].tuple[0], Fp(0x4002u));
  EXPECT_TRUE(contains(m.prove_and_verify(), "unbalanced bus"));
}

TEST(MemoryForgery, NonIncreasingBoundaryAddresses) {
  // Two real boundary rows swapped (each keeps its own diff, so the byte lookups are the same
  // multiset): every bus balances, the strict increase fails.
  MemoryTestMachine m(sample_image(), testing::sample_script());
  RowMajorMatrix<Fp>& t = m.trace(MemoryTestMachine::kBoundary);
  const size_t a = 33, b = 34;  // the rows of code words 0x4001 and 0x4002
  for (size_t c = 0; c < t.width(); ++c) std::swap(t(a, c), t(b, c));
  EXPECT_TRUE(m.bus_imbalances().empty());
  const auto failures = m.constraint_failures(MemoryTestMachine::kBoundary);
  EXPECT_TRUE(has_failure(failures, "memory boundary: addr' = addr + 1 + diff_lo + 2^16 diff_hi", a));
  EXPECT_TRUE(contains(m.prove_and_verify(), "chip memory_boundary: constraints do not match"));
}

TEST(MemoryForgery, AnotherInitialImageDoesNotVerifyUnderTheOriginalKey) {
  // The prover runs over an image with one data byte changed (or another initial sp) and proves
  // honestly for it; a verifier holding the original image's key (its image ID) rejects.
  const MemoryImageChip original = sample_image();
  ProgramImage changed = testing::sample_program_image();
  changed.segments[1].data[0] ^= 0x01;
  auto registers = default_initial_registers();
  registers[2] -= 16;
  const std::vector<ScriptStep> script = {{0x8000, 3, false, 0}, {2, 5, false, 0}};
  for (const MemoryImageChip& forged : {MemoryImageChip(changed, default_initial_registers()),
                                        MemoryImageChip(testing::sample_program_image(), registers)}) {
    MemoryTestMachine m(forged, script);
    const auto problems = m.check();
    EXPECT_TRUE(problems.empty()) << problems.front();
    EXPECT_EQ(m.prove_and_verify(), "");                   // under its own key
    EXPECT_NE(m.prove_and_verify(&original), "");          // under the original one
  }
}

// ---- the sweep ---------------------------------------------------------------------------------

TEST(MemorySweep, FullBoundaryTable) {
  // 40 image words and 24 touched zero-init words: 64 boundary rows, no padding, so the last row is
  // real and its "next" is row 0. Honest passes and proves; every mutation is rejected.
  std::vector<ScriptStep> script;
  for (uint32_t i = 0; i < 24; ++i) script.push_back({0x9000 + 3 * i, 4 * i + 3, i % 2 == 0, i * 0x01010101u});
  MemoryTestMachine m(sample_image(), script);
  ASSERT_EQ(m.trace(MemoryTestMachine::kBoundary).height(), 64u);
  ASSERT_EQ(m.trace(MemoryTestMachine::kBoundary)(63, MemoryBoundaryChip::kIsReal), Fp::one());
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(m.prove_and_verify(), "");
  const auto report = testing::sweep_memory_chip(m, MemoryTestMachine::kBoundary, 1, 3);
  EXPECT_TRUE(report.accepted.empty()) << report.accepted.size() << " accepted, e.g. " << report.accepted.front();
  EXPECT_EQ(report.mutations, 2u * 9 * 64);
}

TEST(MemorySweep, EveryMutationIsRejected) {
  MemoryTestMachine m(sample_image(), testing::sample_script());
  size_t mutations = 0, proved = 0;
  for (size_t chip : {MemoryTestMachine::kDriver, MemoryTestMachine::kBoundary, MemoryTestMachine::kImage}) {
    const auto report = testing::sweep_memory_chip(m, chip, chip == MemoryTestMachine::kImage ? 1 : 2, 5 + chip);
    EXPECT_TRUE(report.accepted.empty()) << report.accepted.size() << " accepted, e.g. " << report.accepted.front();
    const auto& t = m.trace(chip);
    EXPECT_EQ(report.mutations, 2 * t.width() * t.height());
    mutations += report.mutations;
    proved += report.proved;
  }
  EXPECT_EQ(proved, 5u);
  EXPECT_GT(mutations, 1000u);
  const auto problems = m.check();  // restored
  EXPECT_TRUE(problems.empty()) << problems.front();
}

}  // namespace
}  // namespace zkrv::chips
