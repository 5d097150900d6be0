// ShiftChip (vm/chips/README.md, "Tests every chip has"), always together with the mul chip that proves
// the products it sends: honest edge-case and random events pass the debug builder and bus checker and
// prove; consistently forged traces (a wrong power, a right shift by 0 routed through mulhu, a wrong
// result proved wrong by the mul chip) are named and rejected by the verifier; every single-cell mutation
// of the shift trace is rejected.
#include "vm/chips/shift/shift_chip.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <array>
#include <functional>
#include <vector>

#include "air/symbolic.h"
#include "stark/chip.h"
#include "vm/chips/mul/mul_chip.h"
#include "vm/chips/testing/alu_machine.h"

namespace zkrv::chips {
namespace {

using testing::alu_event;
using testing::AluTestMachine;
using testing::rejected_only_by_constraint;

constexpr std::array<AluOp, 3> kOps = {AluOp::sll, AluOp::srl, AluOp::sra};
constexpr size_t kShift = 1, kMul = 2;
using Edit = std::function<void(RowMajorMatrix<Fp>&)>;

// Driver (the CPU's events), shift chip, mul chip fed with what the shift chip sends.
AluTestMachine shift_machine(std::span<const AluEvent> events) {
  AluTestMachine m(events);
  ShiftTrace st = ShiftChip{}.generate_trace(events, m.bytes());
  m.add_chip(ShiftChip{}, std::move(st.main), ShiftChip::kColumnNames);
  m.add_chip(MulChip{}, MulChip{}.generate_trace(st.mul_events, m.bytes()), MulChip::kColumnNames);
  return m;
}

// A consistently forged machine: the driver sends `claim`, the shift row comes from `claim` and is
// edited, the mul chip proves `mul_event` (its row edited by `edit_mul`), and the byte table is recounted.
AluTestMachine forge(const AluEvent& claim, const Edit& edit_shift, const AluEvent& mul_event, const Edit& edit_mul) {
  EXPECT_NE(evaluate_alu(claim.op, claim.b, claim.c), claim.a);
  const std::vector<AluEvent> events = {claim}, mul_events = {mul_event};
  AluTestMachine m(events);
  ByteLookups scratch;
  ShiftTrace st = ShiftChip{}.generate_trace(events, scratch);
  edit_shift(st.main);
  RowMajorMatrix<Fp> mul = MulChip{}.generate_trace(mul_events, scratch);
  edit_mul(mul);
  m.add_chip(ShiftChip{}, std::move(st.main), ShiftChip::kColumnNames);
  m.add_chip(MulChip{}, std::move(mul), MulChip::kColumnNames);
  m.rebalance_bytes();
  return m;
}

void no_edit(RowMajorMatrix<Fp>&) {}

std::vector<AluEvent> every_amount_events() {
  std::vector<AluEvent> events;
  for (AluOp op : kOps)
    for (uint32_t b : {0x80000001u, 0x7fffffffu, 0xdeadbeefu, 0xffffffffu, 1u})
      for (uint32_t s = 0; s < 32; ++s)
        for (uint32_t high : {0u, 32u, 0xffffffe0u}) events.push_back(alu_event(op, b, s + high));
  return events;
}

TEST(ShiftChip, ShapeMatchesTheHeader) {
  const AirInfo info = analyze(ShiftChip{});
  EXPECT_EQ(info.width, 21u);
  EXPECT_EQ(info.num_constraints(), 27u);
  EXPECT_EQ(info.max_constraint_degree, 3u);
  EXPECT_EQ(info.interactions.size(), 4u);
  const Chip chip(ShiftChip{});
  EXPECT_EQ(chip.max_constraint_degree(), 3u);
  EXPECT_EQ(chip.num_logup_groups(), 2u);
}

// The reduction itself, independently of any trace: every product the chip sends evaluates (with the
// reference semantics) to the shift's result, for every amount and the operands where signs matter.
TEST(ShiftChip, SentProductsEqualTheShifts) {
  const auto events = every_amount_events();
  ByteLookups bytes;
  const ShiftTrace st = ShiftChip{}.generate_trace(events, bytes);
  ASSERT_EQ(st.mul_events.size(), events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    const AluEvent& e = events[i];
    const AluEvent& sent = st.mul_events[i];
    EXPECT_EQ(evaluate_alu(sent.op, sent.b, sent.c), e.a) << alu_op_name(e.op) << " " << e.b << " " << e.c;
    EXPECT_EQ(sent.a, e.a);
    EXPECT_EQ(sent.b, e.b);
  }
}

TEST(ShiftChip, HonestEveryAmountPassesAndProves) {
  auto events = every_amount_events();
  const auto edges = testing::edge_events(kOps);
  events.insert(events.end(), edges.begin(), edges.end());
  AluTestMachine m = shift_machine(events);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

TEST(ShiftChip, HonestRandomPassAndProve) {
  const auto events = testing::random_events(kOps, 1000, 53);
  AluTestMachine m = shift_machine(events);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

TEST(ShiftChip, TraceIsDeterministicAcrossThreadCounts) {
  const auto events = testing::random_events(kOps, 20000, 59);
  ByteLookups serial_bytes, parallel_bytes;
  ShiftTrace serial;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    serial = ShiftChip{}.generate_trace(events, serial_bytes);
  }
  const ShiftTrace parallel = ShiftChip{}.generate_trace(events, parallel_bytes);
  EXPECT_EQ(serial.main.height(), 32768u);
  EXPECT_TRUE(parallel.main == serial.main);
  EXPECT_TRUE(parallel.mul_events == serial.mul_events);
  EXPECT_TRUE(parallel_bytes == serial_bytes);
}

TEST(ShiftChip, RejectsOtherOps) {
  ByteLookups bytes;
  const std::vector<AluEvent> events = {alu_event(AluOp::mul, 1, 2)};
  EXPECT_THROW(ShiftChip{}.generate_trace(events, bytes), std::invalid_argument);
}

// sll(0x1234, 3) claimed as 0x1234 << 4: the shift row sends pow = 2^4 and the mul chip honestly proves
// 0x1234 * 16. Only the power's definition can object.
TEST(ShiftChip, WrongPowerIsNamedAndRejected) {
  const uint32_t b = 0x1234u;
  const AluEvent claim{AluOp::sll, b << 4, b, 3};
  const AluTestMachine m = forge(
      claim, [](RowMajorMatrix<Fp>& t) { t(0, ShiftChip::kPow) = Fp(16u); }, alu_event(AluOp::mul, b, 16), no_edit);
  EXPECT_EQ(rejected_only_by_constraint(m, kShift, "sll: pow_lo = (1 - s4) u"), "");
}

// srl(0xdeadbeef, 32) = 0xdeadbeef claimed as 0: the row takes the s >= 1 path (is_srl) with pow = 1, so
// it sends mulhu(b, 1), which the mul chip honestly proves to be 0.
TEST(ShiftChip, RightShiftByZeroThroughMulhuIsNamedAndRejected) {
  const uint32_t b = 0xdeadbeefu;
  const AluTestMachine m = forge(
      {AluOp::srl, 0, b, 32},
      [](RowMajorMatrix<Fp>& t) {
        t(0, ShiftChip::kIsSrl0) = Fp::zero();
        t(0, ShiftChip::kIsSrl) = Fp::one();
      },
      alu_event(AluOp::mulhu, b, 1), no_edit);
  EXPECT_EQ(rejected_only_by_constraint(m, kShift, "right shift: v 2^(s mod 16) = 2^16, or 1 if s4 and not h"), "");
}

// srl(b, 20) claimed as b >> 4: the row keeps s = 20 but sends pow = 2^28 = (0, 2^12) with h = 0, so the
// mul chip honestly proves mulhu(b, 2^28) = b >> 4. With s4 = 1 and h = 0 the power must be 2^16.
TEST(ShiftChip, PowerInTheWrongLimbIsNamedAndRejected) {
  const uint32_t b = 0xdeadbeefu;
  const AluTestMachine m = forge(
      {AluOp::srl, b >> 4, b, 20},
      [](RowMajorMatrix<Fp>& t) {
        t(0, ShiftChip::kH) = Fp::zero();
        t(0, ShiftChip::kPow) = Fp::zero();
        t(0, ShiftChip::kPow + 1) = Fp(1u << 12);
      },
      alu_event(AluOp::mulhu, b, 1u << 28), no_edit);
  EXPECT_EQ(rejected_only_by_constraint(m, kShift, "right shift: v 2^(s mod 16) = 2^16, or 1 if s4 and not h"), "");
}

// sra(-16, 2) = -4 claimed as -3: the shift row is honest but for a, and the mul chip's row for
// mulhsu(-16, 2^30) carries the same wrong high half; the mul chip's limb 2 objects.
TEST(ShiftChip, WrongResultIsCaughtByTheMulChip) {
  const uint32_t b = 0xfffffff0u, wrong = 0xfffffffdu;
  ASSERT_EQ(evaluate_alu(AluOp::sra, b, 2), 0xfffffffcu);
  const AluTestMachine m = forge({AluOp::sra, wrong, b, 2}, no_edit, AluEvent{AluOp::mulhsu, wrong, b, 1u << 30},
                                 [](RowMajorMatrix<Fp>& t) { t(0, MulChip::kA) += Fp::one(); });
  EXPECT_EQ(rejected_only_by_constraint(m, kMul, "limb 2: s4 + 256 s5 + k1 + sign corrections = R2 + 2^16 k2"), "");
}

TEST(ShiftChip, EveryMutationIsRejected) {
  std::vector<AluEvent> events = {alu_event(AluOp::sll, 0xdeadbeefu, 31), alu_event(AluOp::srl, 0xdeadbeefu, 16),
                                  alu_event(AluOp::sra, 0x80000000u, 17), alu_event(AluOp::srl, 5, 0),
                                  alu_event(AluOp::sra, 0x80000000u, 32), alu_event(AluOp::sll, 1, 16)};
  const auto more = testing::random_events(kOps, 40, 11);
  events.insert(events.end(), more.begin(), more.end());
  AluTestMachine m = shift_machine(events);  // 46 events: 64 rows, 18 padding
  const auto report = testing::sweep_chip(m, kShift, {.max_rows_per_column = 64, .seed = 6, .prove_samples = 3});
  EXPECT_EQ(report.mutations, 2u * ShiftChip::kWidth * 64);
  EXPECT_EQ(report.proved, 3u);
  EXPECT_TRUE(report.accepted.empty()) << report.accepted.size() << " accepted, e.g. " << report.accepted.front();
}

}  // namespace
}  // namespace zkrv::chips
