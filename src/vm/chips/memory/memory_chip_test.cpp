// The memory argument (vm/chips/README.md, "Memory"): shapes of the three tables, the access gadget's
// trace generation, the initial image and the final boundary built from plain records, and honest
// machines (driver + image + boundary + byte chip) that pass the debug builder and the bus checker and
// prove and verify. Forgeries and the mutation sweep are in memory_adversarial_test.cpp.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "abi/memory_map.h"
#include "air/symbolic.h"
#include "vm/chips/memory/access.h"
#include "vm/chips/memory/memory_boundary_chip.h"
#include "vm/chips/memory/memory_image_chip.h"
#include "vm/chips/memory/testing/memory_driver.h"
#include "vm/chips/memory/testing/memory_machine.h"

#if __has_include("vm/executor/events.h")
#include "vm/executor/events.h"
static_assert(zkrv::chips::MemoryAccessLike<zkrv::MemoryAccess>, "the executor's access record populates the gadget");
#endif

namespace zkrv::chips {
namespace {

using testing::MemoryDriverChip;
using testing::MemoryTestMachine;

TEST(MemoryChips, ShapesMatchTheHeaders) {
  const AirInfo driver = analyze(MemoryDriverChip{});
  EXPECT_EQ(driver.width, 11u);
  EXPECT_EQ(driver.num_constraints(), 7u + MemoryAccessCols<Fp>::kNumConstraints);
  EXPECT_EQ(driver.max_constraint_degree, 2u);
  EXPECT_EQ(driver.interactions.size(), 2u + MemoryAccessCols<Fp>::kNumInteractions);
  EXPECT_EQ(driver.max_interaction_degree, 1u);
  EXPECT_FALSE(driver.uses_next_row);

  const MemoryImageChip image_chip(testing::sample_program_image(), default_initial_registers());
  const AirInfo image = analyze(image_chip);
  EXPECT_EQ(image.width, 1u);
  EXPECT_EQ(image.preprocessed_width, 4u);
  EXPECT_EQ(image.num_constraints(), 1u);
  EXPECT_EQ(image.max_constraint_degree, 1u);
  EXPECT_EQ(image.interactions.size(), 1u);
  EXPECT_EQ(image.max_interaction_degree, 1u);

  const AirInfo boundary = analyze(MemoryBoundaryChip{});
  EXPECT_EQ(boundary.width, 9u);
  EXPECT_EQ(boundary.num_constraints(), 12u);
  EXPECT_EQ(boundary.max_constraint_degree, 3u);
  EXPECT_EQ(boundary.interactions.size(), 6u);
  EXPECT_EQ(boundary.max_interaction_degree, 1u);
  EXPECT_TRUE(boundary.uses_next_row);
}

TEST(MemoryAccessCols, PopulateFillsTheColumnsAndRecordsTheRangeChecks) {
  ByteLookups bytes;
  const MemoryAccessRecord r{9, 0x00010002, 0xabcd1234, 0x123457, 5};
  const auto c = MemoryAccessCols<Fp>::populate(r, bytes);
  const uint32_t diff = 0x123457 - 5 - 1;
  EXPECT_EQ(c.prev_lo, Fp(0x1234u));
  EXPECT_EQ(c.prev_hi, Fp(0xabcdu));
  EXPECT_EQ(c.prev_ts, Fp(5u));
  EXPECT_EQ(c.diff_lo, Fp(diff & 0xffffu));
  EXPECT_EQ(c.diff_hi, Fp(diff >> 16));
  EXPECT_EQ(bytes.count(ByteOp::u16, diff & 0xffffu), 1u);
  EXPECT_EQ(bytes.count(ByteOp::u16, 128 * (diff >> 16)), 1u);
  EXPECT_EQ(bytes.total(), 2u);
  // write() / read() round trip at an offset.
  std::vector<Fp> row(8);
  c.write(row, 3);
  const auto back = MemoryAccessCols<Fp>::read(row, 3);
  EXPECT_EQ(back.prev_ts, c.prev_ts);
  EXPECT_EQ(back.diff_hi, c.diff_hi);
  EXPECT_EQ(row[0], Fp::zero());

  // The largest gap, then the impossible ones.
  EXPECT_NO_THROW(MemoryAccessCols<Fp>::populate(MemoryAccessRecord{1, 0, 0, kMaxTimestampGap, 0}, bytes));
  EXPECT_EQ(bytes.count(ByteOp::u16, 128 * ((kMaxTimestampGap - 1) >> 16)), 1u);  // 128 * 511 < 2^16
  EXPECT_THROW(MemoryAccessCols<Fp>::populate(MemoryAccessRecord{1, 0, 0, kMaxTimestampGap + 1, 0}, bytes),
               std::invalid_argument);
  EXPECT_THROW(MemoryAccessCols<Fp>::populate(MemoryAccessRecord{1, 0, 0, 7, 7}, bytes), std::invalid_argument);
  EXPECT_THROW(MemoryAccessCols<Fp>::populate(MemoryAccessRecord{1, 0, 0, 7, 9}, bytes), std::invalid_argument);
}

TEST(MemoryImageChip, WordsOfRegistersAndSegments) {
  const auto words = initial_memory(testing::sample_program_image(), default_initial_registers());
  ASSERT_EQ(words.size(), 32u + 4 + 4);
  for (uint32_t i = 0; i < 32; ++i) EXPECT_EQ(words[i], (InitialWord{i, i == 2 ? ZKRV_STACK_TOP : 0u})) << i;
  // Code: little-endian words of the 16 bytes.
  EXPECT_EQ(words[32], (InitialWord{0x4000, 0x00100513}));
  EXPECT_EQ(words[35], (InitialWord{0x4003, 0x0000006f}));
  // 0x20002..: aa bb | cc, bss | bss bss bss + the tail's 0x11 at 0x2000B | 22 33 44.
  EXPECT_EQ(words[36], (InitialWord{0x8000, 0xbbaa0000}));
  EXPECT_EQ(words[37], (InitialWord{0x8001, 0x000000cc}));
  EXPECT_EQ(words[38], (InitialWord{0x8002, 0x11000000}));
  EXPECT_EQ(words[39], (InitialWord{0x8003, 0x00443322}));

  // Reserved state words sit between the registers and RAM.
  const std::vector<InitialWord> reserved = {{32, 0x21000}, {33, 0}, {34, 0x21000}};
  const MemoryImageChip chip(testing::sample_program_image(), default_initial_registers(), reserved);
  EXPECT_EQ(chip.words().size(), 43u);
  EXPECT_EQ(chip.words()[32], reserved[0]);
  EXPECT_EQ(chip.height(), 64u);
  const auto prep = chip.preprocessed_trace();
  ASSERT_EQ(prep.height(), 64u);
  ASSERT_EQ(prep.width(), 4u);
  EXPECT_EQ(prep(2, MemoryImageChip::kValueLo), Fp(ZKRV_STACK_TOP & 0xffffu));
  EXPECT_EQ(prep(2, MemoryImageChip::kValueHi), Fp(ZKRV_STACK_TOP >> 16));
  EXPECT_EQ(prep(42, MemoryImageChip::kAddr), Fp(0x8003u));
  EXPECT_EQ(prep(42, MemoryImageChip::kIsReal), Fp::one());
  for (size_t c = 0; c < 4; ++c) EXPECT_EQ(prep(43, c), Fp::zero());  // padding
  EXPECT_EQ(chip.generate_trace().height(), 64u);

  const std::vector<InitialWord> bad_reserved = {{0x4000, 1}};
  EXPECT_THROW(initial_memory(testing::sample_program_image(), default_initial_registers(), bad_reserved),
               std::invalid_argument);
  EXPECT_THROW(MemoryImageChip(std::vector<InitialWord>{{1, 0}, {1, 0}}), std::invalid_argument);
  EXPECT_THROW(MemoryImageChip(std::vector<InitialWord>{{3, 0}, {2, 0}}), std::invalid_argument);
  EXPECT_THROW(MemoryImageChip(std::vector<InitialWord>{{kWordAddressLimit, 0}}), std::invalid_argument);
}

TEST(MemoryBoundaryChip, RowsFromFinalWords) {
  const std::vector<InitialWord> image = {{0, 0}, {2, 7}, {0x4000, 0x55}};
  const std::vector<FinalWord> touched = {{2, 9, 13}, {0x9000, 4, 20}};
  const auto finals = final_memory(image, touched);
  ASSERT_EQ(finals.size(), 4u);
  EXPECT_EQ(finals[0], (FinalWord{0, 0, 0}));
  EXPECT_EQ(finals[1], (FinalWord{2, 9, 13}));
  EXPECT_EQ(finals[2], (FinalWord{0x4000, 0x55, 0}));
  EXPECT_EQ(finals[3], (FinalWord{0x9000, 4, 20}));

  ByteLookups bytes;
  const auto t = MemoryBoundaryChip{}.generate_trace(finals, image, bytes);
  ASSERT_EQ(t.height(), 8u);
  using B = MemoryBoundaryChip;
  EXPECT_EQ(t(2, B::kAddrLo), Fp(0x4000u));
  EXPECT_EQ(t(2, B::kIsZeroInit), Fp::zero());
  EXPECT_EQ(t(3, B::kIsZeroInit), Fp::one());
  EXPECT_EQ(t(2, B::kDiffLo), Fp(0x9000u - 0x4000 - 1));
  EXPECT_EQ(t(3, B::kDiffLo), Fp::zero());  // the last real row has no next address
  EXPECT_EQ(t(1, B::kTs), Fp(13u));
  EXPECT_EQ(bytes.total(), 4u * 4);

  // A word at the top of the address space: addr_hi = 2^12 - 1, so 16 addr_hi is still a u16.
  const std::vector<FinalWord> top = {{1, 0, 0}, {kWordAddressLimit - 1, 3, 4}};
  ByteLookups top_bytes;
  const auto tt = MemoryBoundaryChip{}.generate_trace(top, image, top_bytes);
  EXPECT_EQ(tt(1, B::kAddrHi), Fp(0xfffu));
  EXPECT_EQ(tt(0, B::kDiffHi), Fp(0xfffu));
  EXPECT_EQ(top_bytes.count(ByteOp::u16, 0xfff0), 2u);

#if __has_include("vm/executor/events.h")
  // The executor's boundary records convert field by field.
  const std::vector<MemoryBoundary> executor = {{2, 7, 9, 13, 1}, {0x9000, 0, 4, 20, 0}};
  EXPECT_EQ(final_words(std::span<const MemoryBoundary>(executor)), touched);
#endif

  const std::vector<FinalWord> repeated = {{2, 0, 0}, {2, 0, 0}};
  const std::vector<FinalWord> too_high = {{kWordAddressLimit, 0, 0}};
  EXPECT_THROW(MemoryBoundaryChip{}.generate_trace(repeated, image, bytes), std::invalid_argument);
  EXPECT_THROW(MemoryBoundaryChip{}.generate_trace(too_high, image, bytes), std::invalid_argument);
  EXPECT_THROW(final_memory(image, repeated), std::invalid_argument);
}

TEST(MemoryScript, RunsLikeAnExecutor) {
  const MemoryImageChip image(testing::sample_program_image(), default_initial_registers());
  const auto run = testing::run_script(image.words(), testing::sample_script());
  ASSERT_EQ(run.accesses.size(), testing::sample_script().size());
  EXPECT_EQ(run.accesses[0].access, (MemoryAccessRecord{2, ZKRV_STACK_TOP, ZKRV_STACK_TOP, 1, 0}));
  EXPECT_EQ(run.accesses[7].access, (MemoryAccessRecord{0x8001, 0xdeadbeef, 0xdeadbeef, 11, 7}));
  EXPECT_EQ(run.accesses[11].access, (MemoryAccessRecord{0xa000, 0, 0, 23, 0}));
  // Every image address (registers included) plus the touched words outside the image.
  EXPECT_EQ(run.finals.size(), image.words().size() + 3);  // 0x9000, 0xa000, the stack word
  const std::vector<testing::ScriptStep> backwards = {{5, 9, true, 1}, {5, 9, false, 0}};
  EXPECT_THROW(testing::run_script(image.words(), backwards), std::invalid_argument);
}

TEST(MemoryMachine, HonestSampleScriptPassesAndProves) {
  MemoryTestMachine m(MemoryImageChip(testing::sample_program_image(), default_initial_registers()),
                      testing::sample_script());
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(m.prove_and_verify(), "");
}

TEST(MemoryMachine, HonestRandomScriptPassesAndProves) {
  MemoryTestMachine m(MemoryImageChip(testing::sample_program_image(), default_initial_registers()),
                      testing::random_script(600, 11));
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(m.prove_and_verify(), "");
}

TEST(MemoryMachine, NoAccessesAtAll) {
  // Only the image and its untouched finals: the memory bus balances with an all-padding driver.
  MemoryTestMachine m(MemoryImageChip(testing::sample_program_image(), default_initial_registers()),
                      std::vector<testing::ScriptStep>{});
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(m.prove_and_verify(), "");
}

}  // namespace
}  // namespace zkrv::chips
