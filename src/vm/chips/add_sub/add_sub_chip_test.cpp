// AddSubChip (vm/chips/README.md, "Tests every chip has"): honest edge-case and random events pass the
// debug builder and bus checker and prove; consistently forged traces are named by the constraint that
// catches them and rejected by the verifier; every single-cell mutation is rejected.
#include "vm/chips/add_sub/add_sub_chip.h"

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

constexpr std::array<AluOp, 2> kOps = {AluOp::add, AluOp::sub};
constexpr size_t kChip = 1;  // the chip's index in every test machine

TEST(AddSubChip, ShapeMatchesTheHeader) {
  const AirInfo info = analyze(AddSubChip{});
  EXPECT_EQ(info.width, 7u);
  EXPECT_EQ(info.num_constraints(), 3u);
  EXPECT_EQ(info.max_constraint_degree, 3u);
  EXPECT_EQ(info.interactions.size(), 6u);
  EXPECT_EQ(info.max_interaction_degree, 2u);
  EXPECT_FALSE(info.uses_next_row);
  const Chip chip(AddSubChip{});
  EXPECT_EQ(chip.max_constraint_degree(), 3u);  // LogUp included: the op constraint adds no chunk
  EXPECT_EQ(chip.num_logup_groups(), 3u);
}

TEST(AddSubChip, HonestEdgeCasesPassAndProve) {
  // Every pair of 0, 1, 0x7fff, 0x8000, 0xffff, 0x10000, INT_MAX, INT_MIN, -2, -1 ...: carries out of
  // either limb, overflow past 2^32, borrows, equal operands.
  const auto events = testing::edge_events(kOps);
  AluTestMachine m = testing::honest_machine(AddSubChip{}, events);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

TEST(AddSubChip, HonestRandomPassAndProve) {
  const auto events = testing::random_events(kOps, 1000, 17);
  AluTestMachine m = testing::honest_machine(AddSubChip{}, events);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

// Parallel trace generation gives the same trace and lookups as a single thread (docs/architecture.md section 2).
TEST(AddSubChip, TraceIsDeterministicAcrossThreadCounts) {
  const auto events = testing::random_events(kOps, 20000, 31);
  ByteLookups serial_bytes, parallel_bytes;
  RowMajorMatrix<Fp> serial;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    serial = AddSubChip{}.generate_trace(events, serial_bytes);
  }
  EXPECT_EQ(serial.height(), 32768u);
  EXPECT_TRUE(AddSubChip{}.generate_trace(events, parallel_bytes) == serial);
  EXPECT_TRUE(parallel_bytes == serial_bytes);
}

TEST(AddSubChip, RejectsOtherOps) {
  ByteLookups bytes;
  const std::vector<AluEvent> events = {alu_event(AluOp::xor_, 1, 2)};
  EXPECT_THROW(AddSubChip{}.generate_trace(events, bytes), std::invalid_argument);
}

std::vector<AluEvent> base_events() {
  return {alu_event(AluOp::add, 5, 7), alu_event(AluOp::sub, 7, 5), alu_event(AluOp::add, 0xffff, 1),
          alu_event(AluOp::sub, 0, 1), alu_event(AluOp::add, 0xffffffff, 0xffffffff)};
}

// The driver and the chip agree on a wrong result; only the carry constraints can object.
TEST(AddSubChip, WrongSumIsNamedAndRejected) {
  struct Case {
    const char* what;
    size_t event;
    uint32_t xor_a;
    std::string_view constraint;
  };
  const Case cases[] = {
      {"add: low limb off by one", 0, 1, "carry = (x_lo + y_lo - sum_lo) / 2^16 is boolean"},
      {"add: high limb off by one", 0, 1u << 16, "x_hi + y_hi + carry = sum_hi mod 2^16"},
      {"add: carry dropped", 2, 1u << 16, "x_hi + y_hi + carry = sum_hi mod 2^16"},
      {"add: overflow kept in bit 31", 4, 1u << 31, "x_hi + y_hi + carry = sum_hi mod 2^16"},
      {"sub: low limb off", 1, 4, "carry = (x_lo + y_lo - sum_lo) / 2^16 is boolean"},
      {"sub: borrow dropped", 3, 0xffff0000u, "x_hi + y_hi + carry = sum_hi mod 2^16"},
  };
  for (const Case& c : cases) {
    auto events = base_events();
    events[c.event].a ^= c.xor_a;
    const AluTestMachine m = forged_machine(AddSubChip{}, events, events, [](RowMajorMatrix<Fp>&) {});
    EXPECT_EQ(rejected_only_by_constraint(m, kChip, c.constraint), "") << c.what;
  }
}

// A result 0x10000 written with limbs (0x10000, 0): the arithmetic holds without a carry (add) or with
// one (sub, where a is x), the driver sends the same limbs (it leaves a's range check to the chip); only
// the u16 lookup of the result's low limb can catch it.
TEST(AddSubChip, NonCanonicalResultLimbIsRejected) {
  struct Case {
    AluEvent event;
    size_t column;  // the chip's columns holding a
  };
  const Case cases[] = {{alu_event(AluOp::add, 0xffff, 1), AddSubChip::kSum},
                        {alu_event(AluOp::sub, 0x10000, 0), AddSubChip::kX}};
  for (const Case& c : cases) {
    ASSERT_EQ(c.event.a, 0x10000u);
    const std::vector<AluEvent> events = {c.event};
    AluTestMachine forged(events);
    forged.trace(0)(0, testing::AluDriverChip::kA) = Fp(1u << 16);
    forged.trace(0)(0, testing::AluDriverChip::kA + 1) = Fp::zero();
    ByteLookups scratch;
    RowMajorMatrix<Fp> t = AddSubChip{}.generate_trace(events, scratch);
    t(0, c.column) = Fp(1u << 16);
    t(0, c.column + 1) = Fp::zero();
    forged.add_chip(AddSubChip{}, std::move(t));
    forged.rebalance_bytes();
    EXPECT_TRUE(forged.constraint_failures(kChip).empty()) << alu_op_name(c.event.op);
    EXPECT_EQ(rejected_by_bus(forged), "") << alu_op_name(c.event.op);
  }
}

// op = 3 outside {0, 1, 2}: is_add = -3, is_sub = 3, is_real = 0, so row 0 sends the add claim three
// times (received by three honest add rows) and receives the sub claim three times (sent by the
// driver). Every claim is true and every bus balances; only the op constraint objects.
TEST(AddSubChip, OpOutsideItsRangeIsNamedAndRejected) {
  const AluEvent add = alu_event(AluOp::add, 5, 7), sub = alu_event(AluOp::sub, 12, 7);
  const std::vector<AluEvent> chip_events = {add, add, add, add};
  const std::vector<AluEvent> driver_events = {sub, sub, sub};
  const AluTestMachine m = forged_machine(AddSubChip{}, driver_events, chip_events,
                                          [](RowMajorMatrix<Fp>& t) { t(0, AddSubChip::kOp) = Fp(3u); });
  EXPECT_EQ(rejected_only_by_constraint(m, kChip, "op is 0 (padding), 1 (add) or 2 (sub)"), "");
}

TEST(AddSubChip, EveryMutationIsRejected) {
  auto events = base_events();
  const auto more = testing::random_events(kOps, 40, 3);
  events.insert(events.end(), more.begin(), more.end());
  AluTestMachine m = testing::honest_machine(AddSubChip{}, events);  // 45 events: 64 rows, 19 padding
  const auto report = testing::sweep_chip(m, kChip, {.max_rows_per_column = 64, .seed = 2, .prove_samples = 3});
  EXPECT_EQ(report.mutations, 2u * 7 * 64);
  EXPECT_EQ(report.proved, 3u);
  EXPECT_TRUE(report.accepted.empty()) << report.accepted.size() << " accepted, e.g. " << report.accepted.front();
}

}  // namespace
}  // namespace zkrv::chips
