// LtChip (vm/chips/README.md, "Tests every chip has"): honest edge-case and random events pass the debug
// builder and bus checker and prove; consistently forged traces are caught (by the constraint named, or
// by a lookup no table row answers) and rejected by the verifier; every single-cell mutation is rejected.
#include "vm/chips/lt/lt_chip.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <array>
#include <functional>
#include <utility>
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

constexpr std::array<AluOp, 2> kOps = {AluOp::slt, AluOp::sltu};
constexpr size_t kChip = 1;

TEST(LtChip, ShapeMatchesTheHeader) {
  const AirInfo info = analyze(LtChip{});
  EXPECT_EQ(info.width, 9u);
  EXPECT_EQ(info.num_constraints(), 5u);
  EXPECT_EQ(info.max_constraint_degree, 3u);
  EXPECT_EQ(info.interactions.size(), 5u);
  EXPECT_EQ(info.max_interaction_degree, 2u);
  const Chip chip(LtChip{});
  EXPECT_EQ(chip.max_constraint_degree(), 3u);  // LogUp's groups of two lookups
  EXPECT_EQ(chip.num_logup_groups(), 3u);
}

TEST(LtChip, HonestEdgeCasesPassAndProve) {
  // Every pair of 0, 1, INT_MAX, INT_MIN, -1, -2, 0x8000, 0xffff, ...: equal operands, negative vs
  // positive, operands equal in one limb only.
  auto events = testing::edge_events(kOps);
  for (AluOp op : kOps)
    for (auto [b, c] : {std::pair{0x12345678u, 0x12345679u}, {0x12340000u, 0x1233ffffu}, {0x80000000u, 0x7fffffffu}})
    {
      events.push_back(alu_event(op, b, c));
      events.push_back(alu_event(op, c, b));
    }
  AluTestMachine m = testing::honest_machine(LtChip{}, events);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

TEST(LtChip, HonestRandomPassAndProve) {
  const auto events = testing::random_events(kOps, 1000, 29);
  AluTestMachine m = testing::honest_machine(LtChip{}, events);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

// Parallel trace generation gives the same trace and lookups as a single thread (docs/architecture.md section 2).
TEST(LtChip, TraceIsDeterministicAcrossThreadCounts) {
  const auto events = testing::random_events(kOps, 20000, 31);
  ByteLookups serial_bytes, parallel_bytes;
  RowMajorMatrix<Fp> serial;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    serial = LtChip{}.generate_trace(events, serial_bytes);
  }
  EXPECT_EQ(serial.height(), 32768u);
  EXPECT_TRUE(LtChip{}.generate_trace(events, parallel_bytes) == serial);
  EXPECT_TRUE(parallel_bytes == serial_bytes);
}

TEST(LtChip, RejectsOtherOps) {
  ByteLookups bytes;
  const std::vector<AluEvent> events = {alu_event(AluOp::sub, 1, 2)};
  EXPECT_THROW(LtChip{}.generate_trace(events, bytes), std::invalid_argument);
}

// One forged row: the driver sends `claim` (false), the chip's row comes from `honest` and is edited.
AluTestMachine forge(const AluEvent& claim, const AluEvent& honest, const std::function<void(RowMajorMatrix<Fp>&)>& edit) {
  EXPECT_NE(evaluate_alu(claim.op, claim.b, claim.c), claim.a);
  const std::vector<AluEvent> driver = {claim}, chip = {honest};
  return forged_machine(LtChip{}, driver, chip, edit);
}

// slt(INT_MIN, 0) = 0: b_neg = 1/2 passes the 15-bit lookup (2 (0x8000 - 2^14) = 0x8000) and leaves
// b unflipped, so INT_MIN compares as 2^31 against c' = 2^31: d = 0, a = 0.
TEST(LtChip, HalfSignIsNamedAndRejected) {
  const AluTestMachine m = forge({AluOp::slt, 0, 0x80000000u, 0}, alu_event(AluOp::slt, 0x80000000u, 0),
                                 [](RowMajorMatrix<Fp>& t) {
                                   t(0, LtChip::kBNeg) = Fp(2u).inverse();
                                   t(0, LtChip::kD) = Fp::zero();
                                   t(0, LtChip::kD + 1) = Fp::zero();
                                 });
  EXPECT_EQ(rejected_only_by_constraint(m, kChip, "b_neg is boolean and 0 unless slt"), "");
}

// sltu(0x10000, 5) = 1: a sign on an unsigned row makes b_hi' = 1 - 2^16 (no lookup checks signs there).
TEST(LtChip, SignOnUnsignedRowIsNamedAndRejected) {
  const AluTestMachine m = forge({AluOp::sltu, 1, 0x10000, 5}, alu_event(AluOp::sltu, 0x10000, 5),
                                 [](RowMajorMatrix<Fp>& t) { t(0, LtChip::kBNeg) = Fp::one(); });
  EXPECT_EQ(rejected_only_by_constraint(m, kChip, "b_neg is boolean and 0 unless slt"), "");
}

// op = 19: is_slt = -19, is_sltu = 19, is_real = 0. The row receives nothing and takes back 19 sign
// lookups (the table's counts are lowered to match), so every bus balances; only the op constraint
// objects. (No op value other than 9 and 10 gives is_real = 1, so op cannot forge a claim; the
// constraint keeps the selectors boolean, as LogUp requires.)
TEST(LtChip, OpOutsideItsRangeIsNamedAndRejected) {
  const std::vector<AluEvent> driver = {};
  const std::vector<AluEvent> chip = {alu_event(AluOp::slt, 5, 7)};
  const AluTestMachine m =
      forged_machine(LtChip{}, driver, chip, [](RowMajorMatrix<Fp>& t) { t(0, LtChip::kOp) = Fp(19u); });
  EXPECT_EQ(rejected_only_by_constraint(m, kChip, "op is 0 (padding), 9 (slt) or 10 (sltu)"), "");
}

// sltu(5, 7) = 0: with a = 0 the high-limb equation needs d_hi = -1; every constraint holds, only the
// u16 lookup of d_hi catches it.
TEST(LtChip, OutOfRangeDifferenceIsRejectedByTheByteTable) {
  const AluTestMachine m = forge({AluOp::sltu, 0, 5, 7}, alu_event(AluOp::sltu, 5, 7),
                                 [](RowMajorMatrix<Fp>& t) { t(0, LtChip::kD + 1) = Fp::neg_one(); });
  EXPECT_TRUE(m.constraint_failures(kChip).empty());
  EXPECT_EQ(rejected_by_bus(m), "");
}

// slt(-1, 1) = 0 by denying b's sign: every constraint holds (b_hi' = 0x17fff), only the 15-bit lookup
// of 2 * 0xffff catches it.
TEST(LtChip, DeniedSignIsRejectedByTheByteTable) {
  const AluTestMachine m = forge({AluOp::slt, 0, 0xffffffffu, 1}, alu_event(AluOp::slt, 0xffffffffu, 1),
                                 [](RowMajorMatrix<Fp>& t) {
                                   t(0, LtChip::kBNeg) = Fp::zero();
                                   t(0, LtChip::kD) = Fp(0xfffeu);
                                   t(0, LtChip::kD + 1) = Fp(0xffffu);
                                 });
  EXPECT_TRUE(m.constraint_failures(kChip).empty());
  EXPECT_EQ(rejected_by_bus(m), "");
}

TEST(LtChip, EveryMutationIsRejected) {
  std::vector<AluEvent> events = {alu_event(AluOp::slt, 0xffffffffu, 1), alu_event(AluOp::slt, 1, 0xffffffffu),
                                  alu_event(AluOp::sltu, 0xffffffffu, 1), alu_event(AluOp::slt, 7, 7),
                                  alu_event(AluOp::sltu, 0x80000000u, 0x7fffffffu)};
  const auto more = testing::random_events(kOps, 40, 7);
  events.insert(events.end(), more.begin(), more.end());
  AluTestMachine m = testing::honest_machine(LtChip{}, events);  // 45 events: 64 rows, 19 padding
  const auto report = testing::sweep_chip(m, kChip, {.max_rows_per_column = 64, .seed = 4, .prove_samples = 3});
  EXPECT_EQ(report.mutations, 2u * 9 * 64);
  EXPECT_EQ(report.proved, 3u);
  EXPECT_TRUE(report.accepted.empty()) << report.accepted.size() << " accepted, e.g. " << report.accepted.front();
}

}  // namespace
}  // namespace zkrv::chips
