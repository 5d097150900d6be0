// BitwiseChip (vm/chips/README.md, "Tests every chip has"): honest edge-case and random events pass the
// debug builder and bus checker and prove; consistently forged traces are caught (by the constraint
// named, or by a byte lookup no table row answers) and rejected by the verifier; every single-cell
// mutation is rejected.
#include "vm/chips/bitwise/bitwise_chip.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <array>
#include <vector>

#include "air/symbolic.h"
#include "vm/chips/testing/alu_machine.h"

namespace zkrv::chips {
namespace {

using testing::alu_event;
using testing::AluTestMachine;
using testing::forged_machine;
using testing::rejected_by_bus;
using testing::rejected_only_by_constraint;

constexpr std::array<AluOp, 3> kOps = {AluOp::xor_, AluOp::or_, AluOp::and_};
constexpr size_t kChip = 1;

TEST(BitwiseChip, ShapeMatchesTheHeader) {
  const AirInfo info = analyze(BitwiseChip{});
  EXPECT_EQ(info.width, 14u);
  EXPECT_EQ(info.num_constraints(), 15u);
  EXPECT_EQ(info.max_constraint_degree, 3u);
  EXPECT_EQ(info.interactions.size(), 5u);
  EXPECT_EQ(info.max_interaction_degree, 1u);
  const Chip chip(BitwiseChip{});
  EXPECT_EQ(chip.max_constraint_degree(), 3u);  // LogUp included: the k constraint adds no chunk
  EXPECT_EQ(chip.num_logup_groups(), 3u);
}

TEST(BitwiseChip, HonestEdgeCasesPassAndProve) {
  const auto events = testing::edge_events(kOps);  // 0, -1, INT_MIN, equal operands, ...
  AluTestMachine m = testing::honest_machine(BitwiseChip{}, events);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

TEST(BitwiseChip, HonestRandomPassAndProve) {
  const auto events = testing::random_events(kOps, 1000, 23);
  AluTestMachine m = testing::honest_machine(BitwiseChip{}, events);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

// Parallel trace generation gives the same trace and lookups as a single thread (docs/architecture.md section 2).
TEST(BitwiseChip, TraceIsDeterministicAcrossThreadCounts) {
  const auto events = testing::random_events(kOps, 20000, 31);
  ByteLookups serial_bytes, parallel_bytes;
  RowMajorMatrix<Fp> serial;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    serial = BitwiseChip{}.generate_trace(events, serial_bytes);
  }
  EXPECT_EQ(serial.height(), 32768u);
  EXPECT_TRUE(BitwiseChip{}.generate_trace(events, parallel_bytes) == serial);
  EXPECT_TRUE(parallel_bytes == serial_bytes);
}

TEST(BitwiseChip, RejectsOtherOps) {
  ByteLookups bytes;
  const std::vector<AluEvent> events = {alu_event(AluOp::add, 1, 2)};
  EXPECT_THROW(BitwiseChip{}.generate_trace(events, bytes), std::invalid_argument);
}

std::vector<AluEvent> base_events() {
  return {alu_event(AluOp::xor_, 0x12345678, 0x0f0f0f0f), alu_event(AluOp::or_, 0x80000000, 1),
          alu_event(AluOp::and_, 0xffffffff, 0xdeadbeef), alu_event(AluOp::xor_, 7, 7)};
}

// A wrong result byte, sent by the driver too: no table row holds (op, b_i, c_i, wrong a_i).
TEST(BitwiseChip, WrongResultByteIsRejectedByTheByteTable) {
  for (size_t event = 0; event < 4; ++event)
    for (uint32_t flip : {1u, 0x100u, 0x800000u, 0x80000000u}) {
      auto events = base_events();
      events[event].a ^= flip;
      const AluTestMachine m = forged_machine(BitwiseChip{}, events, events, [](RowMajorMatrix<Fp>&) {});
      EXPECT_TRUE(m.constraint_failures(kChip).empty());
      if (event == 0) {  // proving is the slow part: once per flip, bus check for all
        EXPECT_EQ(rejected_by_bus(m), "") << event << " " << flip;
      } else {
        EXPECT_FALSE(m.bus_problems().empty()) << event << " " << flip;
      }
    }
}

// A non-canonical byte (a0 = 0x100 + a0, a1 - 1: same limb) with the driver sending the same limb.
TEST(BitwiseChip, NonCanonicalByteIsRejectedByTheByteTable) {
  const auto events = base_events();
  const AluTestMachine m = forged_machine(BitwiseChip{}, events, events, [](RowMajorMatrix<Fp>& t) {
    t(2, BitwiseChip::kA) += Fp(256u);
    t(2, BitwiseChip::kA + 1) -= Fp::one();
  });
  EXPECT_TRUE(m.constraint_failures(kChip).empty());
  EXPECT_EQ(rejected_by_bus(m), "");
}

// k outside {-1, 0, 1} turns the row into a claim of another ALU op backed by other byte lookups (see
// the header): the driver sends the false claim, the lookups are valid table rows, and only the k
// constraint objects.
TEST(BitwiseChip, KOutsideItsRangeIsNamedAndRejected) {
  struct Case {
    const char* what;
    AluEvent claim;  // false: evaluate_alu disagrees
    int k;
    uint32_t c;  // c bytes the lookups need: msb lookups need c_i = b_i >> 7
  };
  const Case cases[] = {
      {"sll(1, 0) = 0 via u8_pair", {AluOp::sll, 0, 1, 0}, 2, 0},
      {"sub(0x80, 1) = 0 via msb", {AluOp::sub, 0, 0x80, 1}, -2, 1},
  };
  for (const Case& c : cases) {
    ASSERT_NE(evaluate_alu(c.claim.op, c.claim.b, c.claim.c), c.claim.a) << c.what;
    const std::vector<AluEvent> driver = {c.claim};
    const std::vector<AluEvent> chip = {alu_event(AluOp::xor_, c.claim.b, c.c)};
    const AluTestMachine m = forged_machine(BitwiseChip{}, driver, chip, [&](RowMajorMatrix<Fp>& t) {
      for (size_t i = 0; i < 4; ++i) t(0, BitwiseChip::kA + i) = Fp::zero();
      t(0, BitwiseChip::kK) = Fp::from_i64(c.k);
    });
    EXPECT_EQ(rejected_only_by_constraint(m, kChip, "k = op - 4 is -1 (xor), 0 (or) or 1 (and)"), "") << c.what;
  }
}

// A padding row holding a whole (unsent) operation.
TEST(BitwiseChip, PaddingGarbageIsNamedAndRejected) {
  const auto events = base_events();
  const AluTestMachine m = forged_machine(BitwiseChip{}, events, events, [](RowMajorMatrix<Fp>& t) {
    t(6, BitwiseChip::kA) = Fp(3u);
    t(6, BitwiseChip::kB) = Fp(1u);
    t(6, BitwiseChip::kC) = Fp(2u);
  });
  EXPECT_EQ(rejected_only_by_constraint(m, kChip, "padding: a0 = 0"), "");
}

TEST(BitwiseChip, EveryMutationIsRejected) {
  auto events = base_events();
  const auto more = testing::random_events(kOps, 40, 5);
  events.insert(events.end(), more.begin(), more.end());
  AluTestMachine m = testing::honest_machine(BitwiseChip{}, events);  // 44 events: 64 rows, 20 padding
  const auto report = testing::sweep_chip(m, kChip, {.max_rows_per_column = 64, .seed = 3, .prove_samples = 3});
  EXPECT_EQ(report.mutations, 2u * 14 * 64);
  EXPECT_EQ(report.proved, 3u);
  EXPECT_TRUE(report.accepted.empty()) << report.accepted.size() << " accepted, e.g. " << report.accepted.front();
}

}  // namespace
}  // namespace zkrv::chips
