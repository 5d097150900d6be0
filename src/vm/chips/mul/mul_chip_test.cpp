// MulChip (vm/chips/README.md, "Tests every chip has"): honest edge-case and random events pass the debug
// builder and bus checker and prove; consistently forged traces (wrong low half, wrong high half, a
// fractional sign, a non-canonical limb) are caught by the constraint named, or by the byte table, and
// rejected by the verifier; every single-cell mutation is rejected.
#include "vm/chips/mul/mul_chip.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <array>
#include <functional>
#include <utility>
#include <vector>

#include "air/symbolic.h"
#include "stark/chip.h"
#include "vm/chips/testing/alu_machine.h"

namespace zkrv::chips {
namespace {

using testing::alu_event;
using testing::AluTestMachine;
using testing::forged_machine;
using testing::rejected_by_bus;
using testing::rejected_only_by_constraint;

constexpr std::array<AluOp, 4> kOps = {AluOp::mul, AluOp::mulh, AluOp::mulhsu, AluOp::mulhu};
constexpr size_t kChip = 1;

TEST(MulChip, ShapeMatchesTheHeader) {
  const AirInfo info = analyze(MulChip{});
  EXPECT_EQ(info.width, 22u);
  EXPECT_EQ(info.num_constraints(), 12u);
  EXPECT_EQ(info.max_constraint_degree, 3u);
  EXPECT_EQ(info.interactions.size(), 15u);
  const Chip chip(MulChip{});
  EXPECT_EQ(chip.max_constraint_degree(), 3u);
  EXPECT_EQ(chip.num_logup_groups(), 8u);
}

TEST(MulChip, ReferenceSemanticsOfTheEdgeCases) {
  // Independent of the chip: the values the trace must reproduce (RISC-V spec examples).
  EXPECT_EQ(evaluate_alu(AluOp::mulh, 0x80000000u, 0x80000000u), 0x40000000u);
  EXPECT_EQ(evaluate_alu(AluOp::mulh, 0xffffffffu, 0xffffffffu), 0u);
  EXPECT_EQ(evaluate_alu(AluOp::mulhsu, 0xffffffffu, 0xffffffffu), 0xffffffffu);
  EXPECT_EQ(evaluate_alu(AluOp::mulhu, 0xffffffffu, 0xffffffffu), 0xfffffffeu);
}

TEST(MulChip, HonestEdgeCasesPassAndProve) {
  auto events = testing::edge_events(kOps);
  for (AluOp op : kOps)
    for (auto [b, c] : {std::pair{0x12345678u, 0x9abcdef0u}, {0xdeadbeefu, 0xdeadbeefu}, {0x80000000u, 0xffffffffu}}) {
      events.push_back(alu_event(op, b, c));
      events.push_back(alu_event(op, c, b));
    }
  AluTestMachine m = testing::honest_machine(MulChip{}, events);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

TEST(MulChip, HonestRandomPassAndProve) {
  const auto events = testing::random_events(kOps, 1000, 41);
  AluTestMachine m = testing::honest_machine(MulChip{}, events);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

TEST(MulChip, TraceIsDeterministicAcrossThreadCounts) {
  const auto events = testing::random_events(kOps, 20000, 43);
  ByteLookups serial_bytes, parallel_bytes;
  RowMajorMatrix<Fp> serial;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    serial = MulChip{}.generate_trace(events, serial_bytes);
  }
  EXPECT_EQ(serial.height(), 32768u);
  EXPECT_TRUE(MulChip{}.generate_trace(events, parallel_bytes) == serial);
  EXPECT_TRUE(parallel_bytes == serial_bytes);
}

TEST(MulChip, RejectsOtherOps) {
  ByteLookups bytes;
  const std::vector<AluEvent> events = {alu_event(AluOp::div, 1, 2)};
  EXPECT_THROW(MulChip{}.generate_trace(events, bytes), std::invalid_argument);
}

// One forged row: the driver sends `claim` (false), the chip's row comes from `honest` and is edited.
AluTestMachine forge(const AluEvent& claim, const AluEvent& honest,
                     const std::function<void(RowMajorMatrix<Fp>&)>& edit) {
  EXPECT_NE(evaluate_alu(claim.op, claim.b, claim.c), claim.a);
  const std::vector<AluEvent> driver = {claim}, chip = {honest};
  return forged_machine(MulChip{}, driver, chip, edit);
}

// mul(0x12345678, 0x9abcdef0) + 1: the low limb is off by one; only limb 0 can object.
TEST(MulChip, WrongLowProductIsNamedAndRejected) {
  const AluEvent honest = alu_event(AluOp::mul, 0x12345678u, 0x9abcdef0u);
  const AluTestMachine m = forge({AluOp::mul, honest.a + 1, honest.b, honest.c}, honest,
                                 [](RowMajorMatrix<Fp>& t) { t(0, MulChip::kA) += Fp::one(); });
  EXPECT_EQ(rejected_only_by_constraint(m, kChip, "limb 0: s0 + 256 s1 = R0 + 2^16 k0"), "");
}

// mulhu(-1, -1) = 0xfffffffe claimed as 0xffffffff: the high half is R2, R3.
TEST(MulChip, WrongHighProductIsNamedAndRejected) {
  const AluEvent honest = alu_event(AluOp::mulhu, 0xffffffffu, 0xffffffffu);
  const AluTestMachine m = forge({AluOp::mulhu, honest.a + 1, honest.b, honest.c}, honest,
                                 [](RowMajorMatrix<Fp>& t) { t(0, MulChip::kA) += Fp::one(); });
  EXPECT_EQ(rejected_only_by_constraint(m, kChip, "limb 2: s4 + 256 s5 + k1 + sign corrections = R2 + 2^16 k2"), "");
}

// mulh(-1, 3) = -1 claimed as mulhu's 2: ignoring b's sign on a mulh row. With b_msb = 0 the byte check
// of the top byte becomes u8_pair(0xff, 0xff + 128), which the table does not hold.
TEST(MulChip, DeniedSignIsRejectedByTheByteTable) {
  const AluEvent honest = alu_event(AluOp::mulh, 0xffffffffu, 3);
  const AluEvent unsigned_product = alu_event(AluOp::mulhu, 0xffffffffu, 3);
  const AluTestMachine m =
      forge({AluOp::mulh, unsigned_product.a, honest.b, honest.c}, unsigned_product, [](RowMajorMatrix<Fp>& t) {
        t(0, MulChip::kIsMulhu) = Fp::zero();
        t(0, MulChip::kIsMulh) = Fp::one();
        t(0, MulChip::kBMsb) = Fp::zero();
        t(0, MulChip::kCMsb) = Fp::zero();
      });
  EXPECT_TRUE(m.constraint_failures(kChip).empty());
  EXPECT_EQ(rejected_by_bus(m), "");
}

// mulh(INT_MIN, 0x10002) = 0xffff7fff claimed as 0x80000000 with b_msb = 1/2 (b_neg = 1/2): the top-byte
// check reads u8_pair(0, 0x80 + 128 - 128) = (0, 0x80), a table row, and the halved corrections
// 1/2 (0x10000 - 2) and 1/2 (0xffff - 1) are integers (C0 = 2, C1 = 1), so limbs 2 and 3 hold with
// R2 = 0, R3 = 0x8000; only the boolean check objects.
TEST(MulChip, HalfSignIsNamedAndRejected) {
  const uint32_t b = 0x80000000u, c = 0x00010002u;
  // Limbs 0 and 1 are those of the unsigned product (b's low half is 0); limbs 2 and 3 add the halves.
  const uint64_t bc_hi = evaluate_alu(AluOp::mulhu, b, c);
  const uint64_t l2 = (bc_hi & 0xffffu) + (0x10000u - 2u) / 2, l3 = (bc_hi >> 16) + (0xffffu - 1u) / 2 + (l2 >> 16);
  const uint32_t forged = static_cast<uint32_t>((l2 & 0xffffu) | ((l3 & 0xffffu) << 16));
  ASSERT_EQ(forged, 0x80000000u);
  const AluTestMachine m = forge({AluOp::mulh, forged, b, c}, alu_event(AluOp::mulh, b, c), [&](RowMajorMatrix<Fp>& t) {
    t(0, MulChip::kBMsb) = Fp(2u).inverse();
    t(0, MulChip::kA) = Fp(static_cast<uint32_t>(l2 & 0xffffu));
    t(0, MulChip::kA + 1) = Fp(static_cast<uint32_t>(l3 & 0xffffu));
    t(0, MulChip::kK + 2) = Fp(static_cast<uint32_t>(l2 >> 16));
    t(0, MulChip::kK + 3) = Fp(static_cast<uint32_t>(l3 >> 16));
  });
  EXPECT_EQ(rejected_only_by_constraint(m, kChip, "b_msb is boolean"), "");
}

// mul(0xffff, 0xffff) = 0xfffe0001 sent as the non-canonical limbs (1 + 2^16, 0xfffe - 1): the same
// integer, but a register value the rest of the machine would misread. The driver sends those limbs (it
// range-checks only b and c) and the chip moves 2^16 from k0 = 0x1fd into a_lo and takes 1 from a_hi, so
// every limb equation holds over the field; only the u16 lookup of a_lo can object.
TEST(MulChip, NonCanonicalLimbIsRejectedByTheByteTable) {
  const AluEvent honest = alu_event(AluOp::mul, 0xffffu, 0xffffu);
  ASSERT_EQ(honest.a, 0xfffe0001u);
  const std::vector<AluEvent> events = {honest};
  AluTestMachine m(events);
  ByteLookups scratch;
  RowMajorMatrix<Fp> t = MulChip{}.generate_trace(events, scratch);
  ASSERT_EQ(t(0, MulChip::kK), Fp(0x1fdu));
  t(0, MulChip::kA) += Fp(1u << 16);
  t(0, MulChip::kK) -= Fp::one();
  t(0, MulChip::kA + 1) -= Fp::one();
  m.add_chip(MulChip{}, std::move(t), MulChip::kColumnNames);
  m.trace(AluTestMachine::kDriver)(0, testing::AluDriverChip::kA) += Fp(1u << 16);
  m.trace(AluTestMachine::kDriver)(0, testing::AluDriverChip::kA + 1) -= Fp::one();
  m.rebalance_bytes();
  EXPECT_TRUE(m.constraint_failures(kChip).empty());
  EXPECT_EQ(rejected_by_bus(m), "");
}

TEST(MulChip, EveryMutationIsRejected) {
  std::vector<AluEvent> events = {
      alu_event(AluOp::mulh, 0x80000000u, 0x80000000u), alu_event(AluOp::mulhsu, 0xffffffffu, 0xffffffffu),
      alu_event(AluOp::mulhu, 0xffffffffu, 0xffffffffu), alu_event(AluOp::mul, 0xdeadbeefu, 0xcafebabeu)};
  const auto more = testing::random_events(kOps, 40, 9);
  events.insert(events.end(), more.begin(), more.end());
  AluTestMachine m = testing::honest_machine(MulChip{}, events);  // 44 events: 64 rows, 20 padding
  const auto report = testing::sweep_chip(m, kChip, {.max_rows_per_column = 64, .seed = 5, .prove_samples = 3});
  EXPECT_EQ(report.mutations, 2u * MulChip::kWidth * 64);
  EXPECT_EQ(report.proved, 3u);
  EXPECT_TRUE(report.accepted.empty()) << report.accepted.size() << " accepted, e.g. " << report.accepted.front();
}

}  // namespace
}  // namespace zkrv::chips
