// ShiftChip (vm/chips/README.md, "Tests every chip has"): honest edge-case and random events pass the
// debug builder and bus checker and prove; consistently forged traces (a wrong result, a shift amount
// split dishonestly, the wrong table shift for a right shift, a dropped sign) are named and rejected by
// the verifier; every single-cell mutation of the shift trace is rejected.
#include "vm/chips/shift/shift_chip.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <array>
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

constexpr std::array<AluOp, 3> kOps = {AluOp::sll, AluOp::srl, AluOp::sra};
constexpr size_t kShift = 1;

AluTestMachine shift_machine(std::span<const AluEvent> events) { return testing::honest_machine(ShiftChip{}, events); }

// The driver claims `claim`; the shift row is generated from `honest` (same op and operands) and then
// edited; byte multiplicities are recounted.
template <class Edit>
AluTestMachine forge(const AluEvent& claim, Edit&& edit) {
  EXPECT_NE(evaluate_alu(claim.op, claim.b, claim.c), claim.a);
  const std::vector<AluEvent> driver = {claim};
  return testing::forged_machine(ShiftChip{}, driver, driver, [&](RowMajorMatrix<Fp>& t) {
    t(0, ShiftChip::kA) = Fp(claim.a & 0xffffu);
    t(0, ShiftChip::kA + 1) = Fp(claim.a >> 16);
    edit(t);
  });
}

// Rewrites row 0 as the honest row of `as` (another event on the same b), keeping c_lo, c_hi.
void rows_of(RowMajorMatrix<Fp>& t, const AluEvent& as) {
  ByteLookups scratch;
  const std::vector<AluEvent> events = {as};
  const RowMajorMatrix<Fp> other = ShiftChip{}.generate_trace(events, scratch);
  for (size_t c = 0; c < ShiftChip::kWidth; ++c)
    if (c != ShiftChip::kC && c != ShiftChip::kC + 1 && c != ShiftChip::kM) t(0, c) = other(0, c);
}

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
  EXPECT_EQ(info.width, 29u);
  EXPECT_EQ(info.max_constraint_degree, 3u);
  EXPECT_EQ(info.interactions.size(), 8u);
  const Chip chip(ShiftChip{});
  EXPECT_EQ(chip.max_constraint_degree(), 3u);
  EXPECT_EQ(chip.num_logup_groups(), 4u);
  EXPECT_EQ(chip.width() + 4 * chip.num_permutation_columns(), 45u);  // cells per row, as the header says
}

// The trace's result limbs equal the reference semantics for every amount (high bits of c ignored).
TEST(ShiftChip, ResultsEqualTheReferenceSemantics) {
  const auto events = every_amount_events();
  ByteLookups bytes;
  const RowMajorMatrix<Fp> t = ShiftChip{}.generate_trace(events, bytes);
  for (size_t i = 0; i < events.size(); ++i) {
    const uint32_t a = t(i, ShiftChip::kA).as_canonical() | (t(i, ShiftChip::kA + 1).as_canonical() << 16);
    EXPECT_EQ(a, events[i].a) << alu_op_name(events[i].op) << " " << events[i].b << " " << events[i].c;
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
  RowMajorMatrix<Fp> serial;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    serial = ShiftChip{}.generate_trace(events, serial_bytes);
  }
  const RowMajorMatrix<Fp> parallel = ShiftChip{}.generate_trace(events, parallel_bytes);
  EXPECT_EQ(serial.height(), 32768u);
  EXPECT_TRUE(parallel == serial);
  EXPECT_TRUE(parallel_bytes == serial_bytes);
}

TEST(ShiftChip, RejectsOtherOps) {
  ByteLookups bytes;
  const std::vector<AluEvent> events = {alu_event(AluOp::mul, 1, 2)};
  EXPECT_THROW(ShiftChip{}.generate_trace(events, bytes), std::invalid_argument);
}

// sll(0x1234, 3) claimed as 0x1234 << 4: the row computes honestly but for a.
TEST(ShiftChip, WrongResultIsNamedAndRejected) {
  const uint32_t b = 0x1234u;
  const AluTestMachine m = forge({AluOp::sll, b << 4, b, 3}, [](RowMajorMatrix<Fp>&) {});
  EXPECT_EQ(rejected_only_by_constraint(m, kShift, "a_lo = bytes 0, 1 of the shifted b"), "");
}

// sll(b, 5) claimed as b << 13: the row is the honest row of a shift by 13, but c_lo = 5 cannot be
// split as r + 8 q + 32 m with q = 1 unless m = -8/32, which the u16 lookup of 2^13 r + m + 1 refuses.
TEST(ShiftChip, AmountSplitDishonestlyIsUnbalanced) {
  const uint32_t b = 0x00abcdefu;
  const AluTestMachine m = forge({AluOp::sll, b << 13, b, 5}, [&](RowMajorMatrix<Fp>& t) {
    rows_of(t, alu_event(AluOp::sll, b, 13));
    t(0, ShiftChip::kM) = (Fp(5u) - Fp(13u)) * Fp(32u).inverse();
  });
  EXPECT_TRUE(m.constraint_failures(kShift).empty());
  EXPECT_EQ(rejected_by_bus(m), "");
}

// srl(b, 3) claimed as b << 3 through a right-shift row: y = r instead of 8 - r.
TEST(ShiftChip, RightShiftWithTheLeftTableShiftIsNamed) {
  const uint32_t b = 0x000000f0u;
  const AluTestMachine m = forge({AluOp::srl, b << 3, b, 3}, [&](RowMajorMatrix<Fp>& t) {
    rows_of(t, alu_event(AluOp::sll, b, 3));
    t(0, ShiftChip::kIsSll) = Fp::zero();
    t(0, ShiftChip::kIsSrl) = Fp::one();
  });
  EXPECT_EQ(rejected_only_by_constraint(m, kShift, "y = r (sll) or 8 - r (right shifts)"), "");
}

// sra(INT_MIN, 4) claimed as the logical shift 0x08000000: sign = 0 for a negative b, which the msb
// lookup refuses.
TEST(ShiftChip, DroppedSignIsUnbalanced) {
  const uint32_t b = 0x80000000u;
  const AluTestMachine m = forge({AluOp::sra, b >> 4, b, 4}, [&](RowMajorMatrix<Fp>& t) {
    t(0, ShiftChip::kSign) = Fp::zero();
    t(0, ShiftChip::kSfill) = Fp::zero();
  });
  EXPECT_TRUE(m.constraint_failures(kShift).empty());
  EXPECT_EQ(rejected_by_bus(m), "");
}

// sll(b, 0) claimed as 0, a shift by 32 (r = 8, q = 3, m = -1 gives c_lo = 8 + 24 - 32 = 0): the row is
// the honest row of sll(b, 24) with y = r = 8, so every lo_i = 0 and hi_i = b_i and the bytes shifted
// by 8 + 24 fall off the word. 2^13 r + m = 2^16 - 1 would pass a u16 lookup; 2^13 r + m + 1 = 2^16
// does not (header, "Soundness").
TEST(ShiftChip, AmountOfThirtyTwoForZeroIsUnbalanced) {
  const uint32_t b = 0x89abcdefu;
  const AluTestMachine m = forge({AluOp::sll, 0u, b, 0}, [&](RowMajorMatrix<Fp>& t) {
    rows_of(t, alu_event(AluOp::sll, b, 24));
    t(0, ShiftChip::kA) = Fp::zero();
    t(0, ShiftChip::kA + 1) = Fp::zero();
    t(0, ShiftChip::kR) = Fp(8u);
    t(0, ShiftChip::kY) = Fp(8u);
    t(0, ShiftChip::kM) = Fp::neg_one();
    for (size_t i = 0; i < 4; ++i) {
      t(0, ShiftChip::kLo + i) = Fp::zero();
      t(0, ShiftChip::kHi + i) = Fp((b >> (8 * i)) & 0xffu);
    }
  });
  EXPECT_TRUE(m.constraint_failures(kShift).empty());
  EXPECT_EQ(rejected_by_bus(m), "");
}

// y in the op position of another table op: srl(0x80000000, 1) claimed as 0 with r = 24, y = 8 - r = -16,
// so the four shift lookups (16 + y, b_i, 0, 0) = (0, b_i, 0, 0) are u16 rows the table holds, every
// lo_i, hi_i = 0 and a = 0. The amount equation c_lo = 1 = r + 8 q0 + 32 m takes m = -23/32; the u16
// lookup of 2^13 r + m + 1 refuses it (no integer m fits: header, "Soundness").
TEST(ShiftChip, ShiftTupleInAnotherOpsPositionIsUnbalanced) {
  const uint32_t b = 0x80000000u;
  const AluTestMachine m = forge({AluOp::srl, 0u, b, 1}, [&](RowMajorMatrix<Fp>& t) {
    const Fp r(24u);
    t(0, ShiftChip::kR) = r;
    t(0, ShiftChip::kY) = Fp::zero() - Fp(16u);
    t(0, ShiftChip::kM) = (Fp(1u) - r) * Fp(32u).inverse();
    for (size_t i = 0; i < 4; ++i) {
      t(0, ShiftChip::kLo + i) = Fp::zero();
      t(0, ShiftChip::kHi + i) = Fp::zero();
    }
  });
  EXPECT_TRUE(m.constraint_failures(kShift).empty());
  EXPECT_EQ(rejected_by_bus(m), "");
}

// The header's amount argument, checked exhaustively over what a prover controls once the lookups
// hold: the shift lookups' first entry e (any first entry of a byte-table row: an op 0..5 or 16 + a
// byte), so y = e - 16 and r = y (sll) or 8 - y (right shifts); the one-hot q; the u16 value z of
// 2^13 r + m + 1, so m = z - 1 - 2^13 r. The constraint c_lo = r + 8 q + 32 m (integers of size far
// below p, so it holds over the integers) must then leave c_lo canonical only with r in [0, 7], y in
// the table's exact range and 8 q + r = c_lo mod 32: one solution per c_lo and direction.
TEST(ShiftChip, AmountSplitHasOneSolutionPerAmount) {
  std::vector<int64_t> first_entries = {0, 1, 2, 3, 4, 5};
  for (int64_t y = 0; y < 256; ++y) first_entries.push_back(kShlOpBase + y);
  size_t solutions = 0, bad = 0;
  for (int64_t e : first_entries)
    for (bool right : {false, true}) {
      const int64_t y = e - kShlOpBase, r = right ? 8 - y : y;
      for (int64_t q = 0; q < 4; ++q)
        for (int64_t z = 0; z < (int64_t{1} << 16); ++z) {
          const int64_t m = z - 1 - (int64_t{1} << 13) * r, c_lo = r + 8 * q + 32 * m;
          if (c_lo < 0 || c_lo >= (int64_t{1} << 16)) continue;
          ++solutions;
          const bool in_range = r >= 0 && r <= 7 && y >= 0 && y <= 8 && (c_lo & 31) == 8 * q + r;
          if (!in_range) ++bad;
        }
    }
  EXPECT_EQ(bad, 0u);
  EXPECT_EQ(solutions, 2u << 16);  // every c_lo, once for sll and once for the right shifts
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
