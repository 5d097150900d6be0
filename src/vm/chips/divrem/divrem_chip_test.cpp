// DivRemChip (vm/chips/README.md, "Tests every chip has"): honest edge-case (division by zero,
// INT_MIN / -1, signs of every combination) and random events pass the debug builder and bus checker and
// prove; consistently forged traces (a wrong quotient, a floor-style remainder, a remainder too large, a
// wrong quotient for division by zero) are named or caught by the byte table, and rejected by the
// verifier; every single-cell mutation is rejected.
#include "vm/chips/divrem/divrem_chip.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <array>
#include <utility>
#include <vector>

#include "air/symbolic.h"
#include "stark/chip.h"
#include "vm/chips/testing/alu_machine.h"

namespace zkrv::chips {
namespace {

using testing::alu_event;
using testing::AluTestMachine;
using testing::rejected_by_bus;
using testing::rejected_only_by_constraint;

constexpr std::array<AluOp, 4> kOps = {AluOp::div, AluOp::divu, AluOp::rem, AluOp::remu};
constexpr size_t kChip = 1;

// A machine whose driver claims `claim` while the chip's row is built from the witness `w` (any q, r):
// the byte table is recounted, so only the chip's constraints (or a lookup no table row holds) object.
AluTestMachine forge(const AluEvent& claim, const DivRemChip::Witness& w) {
  EXPECT_NE(evaluate_alu(claim.op, claim.b, claim.c), claim.a);
  const std::vector<AluEvent> events = {claim};
  AluTestMachine m(events);
  ByteLookups scratch;
  RowMajorMatrix<Fp> t = DivRemChip{}.generate_trace(events, scratch);
  DivRemChip::populate_row(t.row(0), claim.op, claim.b, claim.c, w, true, nullptr);
  m.add_chip(DivRemChip{}, std::move(t), DivRemChip::kColumnNames);
  m.rebalance_bytes();
  return m;
}

TEST(DivRemChip, ShapeMatchesTheHeader) {
  const AirInfo info = analyze(DivRemChip{});
  EXPECT_EQ(info.width, 27u);
  EXPECT_EQ(info.num_constraints(), 20u);
  EXPECT_EQ(info.max_constraint_degree, 3u);
  EXPECT_EQ(info.interactions.size(), 17u);
  const Chip chip(DivRemChip{});
  EXPECT_EQ(chip.max_constraint_degree(), 3u);
  EXPECT_EQ(chip.num_logup_groups(), 9u);
}

// The witness the trace uses agrees with the reference semantics (and the spec's table of edge cases).
TEST(DivRemChip, ReferenceWitnessMatchesTheSpec) {
  for (const AluEvent& e : testing::edge_events(kOps)) {
    const auto w = DivRemChip::reference_witness(e.op, e.b, e.c);
    const bool quotient = e.op == AluOp::div || e.op == AluOp::divu;
    EXPECT_EQ(quotient ? w.q : w.r, e.a) << alu_op_name(e.op) << " " << e.b << " " << e.c;
  }
  EXPECT_EQ(evaluate_alu(AluOp::div, 0x80000000u, 0xffffffffu), 0x80000000u);
  EXPECT_EQ(evaluate_alu(AluOp::rem, 0x80000000u, 0xffffffffu), 0u);
  EXPECT_EQ(evaluate_alu(AluOp::divu, 7, 0), 0xffffffffu);
  EXPECT_EQ(evaluate_alu(AluOp::rem, 0xfffffff9u, 0), 0xfffffff9u);
  EXPECT_EQ(evaluate_alu(AluOp::rem, 0xfffffff9u, 2), 0xffffffffu);  // -7 % 2 = -1 (truncating)
}

TEST(DivRemChip, HonestEdgeCasesPassAndProve) {
  auto events = testing::edge_events(kOps);
  for (AluOp op : kOps)
    for (auto [b, c] : {std::pair{0xfffffff9u, 2u},
                        {7u, 0xfffffffeu},
                        {0xfffffff9u, 0xfffffffeu},
                        {0x80000000u, 3u},
                        {0x7fffffffu, 0x80000000u},
                        {0xdeadbeefu, 0x10001u},
                        {100u, 7u}}) {
      events.push_back(alu_event(op, b, c));
      events.push_back(alu_event(op, c, b));
    }
  AluTestMachine m = testing::honest_machine(DivRemChip{}, events);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

TEST(DivRemChip, HonestRandomPassAndProve) {
  const auto events = testing::random_events(kOps, 1000, 61);
  AluTestMachine m = testing::honest_machine(DivRemChip{}, events);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

TEST(DivRemChip, TraceIsDeterministicAcrossThreadCounts) {
  const auto events = testing::random_events(kOps, 20000, 67);
  ByteLookups serial_bytes, parallel_bytes;
  RowMajorMatrix<Fp> serial;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    serial = DivRemChip{}.generate_trace(events, serial_bytes);
  }
  EXPECT_EQ(serial.height(), 32768u);
  EXPECT_TRUE(DivRemChip{}.generate_trace(events, parallel_bytes) == serial);
  EXPECT_TRUE(parallel_bytes == serial_bytes);
}

TEST(DivRemChip, RejectsOtherOps) {
  ByteLookups bytes;
  const std::vector<AluEvent> events = {alu_event(AluOp::mul, 1, 2)};
  EXPECT_THROW(DivRemChip{}.generate_trace(events, bytes), std::invalid_argument);
}

// divu(100, 7) = 14 claimed as 15 with r = 2 kept: 7 * 15 + 2 != 100 in the lowest limb.
TEST(DivRemChip, WrongQuotientIsNamedAndRejected) {
  const AluTestMachine m = forge({AluOp::divu, 15, 100, 7}, {15, 2, false});
  EXPECT_EQ(rejected_only_by_constraint(m, kChip, "limb 0: s0 + 256 s1 + r_lo = b_lo + 2^16 k0"), "");
}

// rem(-7, 2) = -1 claimed as +1 (floor division: q = -4): 2 * -4 + 1 = -7 and |1| < 2 hold; only the
// remainder's sign rule objects.
TEST(DivRemChip, FloorRemainderIsNamedAndRejected) {
  const AluTestMachine m = forge({AluOp::rem, 1, 0xfffffff9u, 2}, {0xfffffffcu, 1, true});
  EXPECT_EQ(rejected_only_by_constraint(m, kChip, "r is 0 or has the sign of b"), "");
}

// remu(100, 7) = 2 claimed as 9 (q = 13): 7 * 13 + 9 = 100 holds, so every constraint can be met, but
// d = 9 - 7 + 2^32 needs d_hi = 2^16, which no u16 row holds.
TEST(DivRemChip, RemainderTooLargeIsRejectedByTheByteTable) {
  const AluTestMachine m = forge({AluOp::remu, 9, 100, 7}, {13, 9, false});
  EXPECT_TRUE(m.constraint_failures(kChip).empty());
  EXPECT_EQ(rejected_by_bus(m), "");
}

// div(5, 0) = -1 claimed as 0 (q = 0, r = 5 satisfies 0 * q + r = b): the division-by-zero rule objects.
TEST(DivRemChip, WrongQuotientForDivisionByZeroIsNamedAndRejected) {
  const AluTestMachine m = forge({AluOp::div, 0, 5, 0}, {0, 5, false});
  EXPECT_EQ(rejected_only_by_constraint(m, kChip, "c = 0: q_lo = 0xffff"), "");
}

// div(INT_MIN, -1) = INT_MIN claimed as 0x7fffffff (r = -1: -1 * 0x7fffffff - 1 = INT_MIN holds over the
// integers, and |-1| < |-1| fails): the remainder bound, through d_hi, is what objects.
TEST(DivRemChip, OverflowWithRemainderIsRejectedByTheByteTable) {
  const AluTestMachine m =
      forge({AluOp::div, 0x7fffffffu, 0x80000000u, 0xffffffffu}, {0x7fffffffu, 0xffffffffu, false});
  EXPECT_TRUE(m.constraint_failures(kChip).empty());
  EXPECT_EQ(rejected_by_bus(m), "");
}

// divu(5, 3) = 1 claimed as 0xffffffff by marking the divisor zero (q = 0xffffffff, r = b as for c = 0):
// the division-by-zero flag must imply c = 0. (The borrow chain is redone for c_zero = 1.)
TEST(DivRemChip, NonZeroDivisorMarkedZeroIsNamedAndRejected) {
  const AluEvent claim{AluOp::divu, 0xffffffffu, 5, 3};
  const std::vector<AluEvent> events = {claim};
  AluTestMachine m(events);
  ByteLookups scratch;
  RowMajorMatrix<Fp> t = DivRemChip{}.generate_trace(events, scratch);
  DivRemChip::populate_row(t.row(0), claim.op, claim.b, claim.c, {0xffffffffu, 5, false}, true, nullptr);
  t(0, DivRemChip::kCZero) = Fp::one();
  t(0, DivRemChip::kD + 1) = Fp::zero();  // d = 5 - 3 + 2^32 (1 - c_zero) = 2: d_lo = 2, d_hi = 0
  m.add_chip(DivRemChip{}, std::move(t), DivRemChip::kColumnNames);
  m.rebalance_bytes();
  EXPECT_EQ(rejected_only_by_constraint(m, kChip, "c_zero: c = 0"), "");
}

TEST(DivRemChip, EveryMutationIsRejected) {
  std::vector<AluEvent> events = {alu_event(AluOp::div, 0x80000000u, 0xffffffffu),
                                  alu_event(AluOp::rem, 0xfffffff9u, 2),
                                  alu_event(AluOp::divu, 7, 0),
                                  alu_event(AluOp::rem, 0x80000000u, 0),
                                  alu_event(AluOp::remu, 0xffffffffu, 0x10001u),
                                  alu_event(AluOp::div, 7, 0xfffffffeu)};
  const auto more = testing::random_events(kOps, 40, 13);
  events.insert(events.end(), more.begin(), more.end());
  AluTestMachine m = testing::honest_machine(DivRemChip{}, events);  // 46 events: 64 rows, 18 padding
  const auto report = testing::sweep_chip(m, kChip, {.max_rows_per_column = 64, .seed = 7, .prove_samples = 3});
  EXPECT_EQ(report.mutations, 2u * DivRemChip::kWidth * 64);
  EXPECT_EQ(report.proved, 3u);
  EXPECT_TRUE(report.accepted.empty()) << report.accepted.size() << " accepted, e.g. " << report.accepted.front();
}

}  // namespace
}  // namespace zkrv::chips
