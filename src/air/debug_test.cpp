// Debug builder and bus checker: honest traces pass; consistently forged traces fail exactly where the
// targeted constraint (or bus tuple) says.
#include "air/debug.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "air/symbolic.h"
#include "air/testing/example_airs.h"
#include "air/testing/example_systems.h"

namespace zkrv {
namespace {

using namespace air_testing;

const std::vector<uint16_t> kValues = {0x0102, 0xffff, 0x0000, 0x1234, 0x00ff, 0x0102, 0x8001};
const std::vector<Fp> kXs = {Fp(3u), Fp(5u), Fp(7u), Fp(11u), Fp(13u), Fp(17u), Fp(19u), Fp(23u)};

void expect_single_failure(const std::vector<ConstraintFailure>& failures, const std::string& chip, size_t index,
                           const std::string& name, size_t row) {
  std::string all;
  for (const auto& f : failures) all += f.describe() + "\n";
  ASSERT_EQ(failures.size(), 1u) << all;
  EXPECT_EQ(failures[0].chip, chip);
  EXPECT_EQ(failures[0].constraint_index, index);
  EXPECT_EQ(failures[0].name, name);
  EXPECT_EQ(failures[0].row, row);
}

// ---- honest traces -----------------------------------------------------------------------------

TEST(Debug, HonestTracesPass) {
  const FibonacciAir fib;
  for (size_t h : {1u, 2u, 3u, 8u, 64u}) {
    const auto t = fibonacci_trace(h, Fp(1u), Fp(1u));
    // The wrap-around from the last row to row 0 violates a' = b; is_transition = 0 there skips it.
    EXPECT_TRUE(check_trace(fib, t.main.view(), {}, t.public_values).empty()) << "height " << h;
  }
  const SquaresAir squares(16);
  const auto prep = squares.preprocessed_trace();
  const std::vector<Fp> offset = {Fp(1000u)};
  EXPECT_TRUE(check_trace(squares, squares_trace(16, offset[0]).view(), prep.view(), offset).empty());

  const ByteSystem bytes = ByteSystem::honest(kValues, 8);
  EXPECT_TRUE(check_system(bytes.traces()).empty());
  const PermSystem perm = PermSystem::honest(kXs, 16);
  EXPECT_TRUE(check_system(perm.traces()).empty());
}

// ---- forged traces: one constraint, one row ------------------------------------------------------

TEST(Debug, FibonacciForgedFirstRowNamesTheTransition) {
  // a[0] and the public a0 both + 1: the boundary holds, a' = b holds, only b' = a + b on row 0 breaks.
  auto t = fibonacci_trace(8);
  t.main(0, FibonacciAir::kA) += Fp::one();
  t.public_values[0] += Fp::one();
  expect_single_failure(check_trace(FibonacciAir{}, t.main.view(), {}, t.public_values), "fibonacci", 3,
                        "b' = a + b", 0);
}

TEST(Debug, FibonacciForgedLastRowNamesTheTransitionBeforeIt) {
  // The last b and the claimed result both + 1: only the transition from row 6 to row 7 breaks.
  auto t = fibonacci_trace(8);
  t.main(7, FibonacciAir::kB) += Fp::one();
  t.public_values[2] += Fp::one();
  expect_single_failure(check_trace(FibonacciAir{}, t.main.view(), {}, t.public_values), "fibonacci", 3,
                        "b' = a + b", 6);
}

TEST(Debug, FibonacciWrongResultNamesTheBoundary) {
  auto t = fibonacci_trace(8);
  t.public_values[2] += Fp::one();
  const auto failures = check_trace(FibonacciAir{}, t.main.view(), {}, t.public_values);
  expect_single_failure(failures, "fibonacci", 4, "b = result on the last row", 7);
  EXPECT_EQ(failures[0].value, Fp::neg_one());  // is_last_row * (b - (result + 1))
  EXPECT_EQ(failures[0].describe(),
            "chip 'fibonacci' constraint 4 'b = result on the last row' fails on row 7 (value 2013265920)");
}

TEST(Debug, ByteDecompNonBooleanFlag) {
  // is_real = 2 on padding row 7 sends (0), (0) twice more; the table receives them, so the bus balances
  // and only the boolean check can object.
  ByteSystem s = ByteSystem::honest(kValues, 8);
  s.decomp_main(7, ByteDecompAir::kIsReal) = Fp(2u);
  s.table_main(0, 0) += Fp(4u);
  const auto traces = s.traces();
  EXPECT_TRUE(check_buses(traces).empty());
  expect_single_failure(check_constraints(traces[0]), "byte_decomp", 0, "is_real is boolean", 7);
  EXPECT_TRUE(check_constraints(traces[1]).empty());
}

TEST(Debug, ByteDecompOutOfRangeLimbIsCaughtOnlyByTheBus) {
  // value = lo + 256 hi still holds with lo = 256 + x and hi - 1, and the table is adjusted for every
  // byte it can receive: the one tuple nobody can receive is (256 + x).
  ByteSystem s = ByteSystem::honest(kValues, 8);
  const size_t row = 3;  // 0x1234: lo = 0x34, hi = 0x12
  s.decomp_main(row, ByteDecompAir::kLo) = Fp(0x134u);
  s.decomp_main(row, ByteDecompAir::kHi) = Fp(0x11u);
  s.table_main(0x34, 0) -= Fp::one();
  s.table_main(0x12, 0) -= Fp::one();
  s.table_main(0x11, 0) += Fp::one();
  const auto traces = s.traces();
  EXPECT_TRUE(check_constraints(traces[0]).empty());
  EXPECT_TRUE(check_constraints(traces[1]).empty());
  const auto imbalances = check_buses(traces);
  ASSERT_EQ(imbalances.size(), 1u);
  EXPECT_EQ(imbalances[0].bus, kByteBus);
  EXPECT_EQ(imbalances[0].tuple, std::vector<Fp>{Fp(0x134u)});
  EXPECT_EQ(imbalances[0].net_multiplicity, Fp::one());
  EXPECT_EQ(imbalances[0].describe(), "bus 'byte' (id 1): tuple (308) has net multiplicity 1");
}

TEST(Debug, PermPaddingValueNamesPaddingConstraint) {
  PermSystem s = PermSystem::honest(kXs, 16);
  s.receiver_main(12, PermReceiverAir::kX) = Fp(42u);  // padding rows receive nothing: the bus is blind
  const auto traces = s.traces();
  EXPECT_TRUE(check_buses(traces).empty());
  expect_single_failure(check_constraints(traces[1]), "perm_receiver", 1, "padding x is zero", 12);
}

TEST(Debug, PermRisingFlagNamesMonotonicity) {
  // A real row after a padding row, with a matching extra send: only "is_real never rises" objects.
  PermSystem s = PermSystem::honest(kXs, 16);
  s.receiver_main(9, PermReceiverAir::kX) = Fp(77u);
  s.receiver_main(9, PermReceiverAir::kIsReal) = Fp::one();
  std::vector<Fp> xs = kXs;
  xs.push_back(Fp(77u));
  s.sender_main = RowMajorMatrix<Fp>(xs, 1);
  const auto traces = s.traces();
  EXPECT_TRUE(check_buses(traces).empty());
  EXPECT_TRUE(check_constraints(traces[0]).empty());
  expect_single_failure(check_constraints(traces[1]), "perm_receiver", 2, "is_real never rises", 8);
}

TEST(Debug, SquaresWrongOffsetFailsOnEveryRowOfOneConstraint) {
  const SquaresAir squares(8);
  const auto prep = squares.preprocessed_trace();
  const auto main = squares_trace(8, Fp(5u));
  const std::vector<Fp> claimed = {Fp(6u)};  // y' - y is unchanged, y = k^2 + offset fails everywhere
  const auto failures = check_trace(squares, main.view(), prep.view(), claimed);
  ASSERT_EQ(failures.size(), 8u);
  for (size_t r = 0; r < 8; ++r) {
    EXPECT_EQ(failures[r].constraint_index, 0u);
    EXPECT_EQ(failures[r].row, r);
  }
  EXPECT_EQ(check_trace(squares, main.view(), prep.view(), claimed, 3).size(), 3u);  // max_failures
}

// ---- bus checker -------------------------------------------------------------------------------

TEST(Debug, BusExtraSendIsNamed) {
  PermSystem s = PermSystem::honest(kXs, 16);
  std::vector<Fp> xs = kXs;
  xs.push_back(Fp(99u));
  s.sender_main = RowMajorMatrix<Fp>(xs, 1);
  const auto imbalances = check_buses(s.traces());
  ASSERT_EQ(imbalances.size(), 1u);
  EXPECT_EQ(imbalances[0].bus, kPermBus);
  EXPECT_EQ(imbalances[0].bus.name, "perm");
  EXPECT_EQ(imbalances[0].tuple, std::vector<Fp>{Fp(99u)});
  EXPECT_EQ(imbalances[0].net_multiplicity, Fp::one());
  EXPECT_EQ(imbalances[0].describe(), "bus 'perm' (id 2): tuple (99) has net multiplicity 1");
}

TEST(Debug, BusWrongMultiplicityIsNamed) {
  ByteSystem s = ByteSystem::honest(kValues, 8);
  s.table_main(0xff, 0) += Fp::one();  // received once more than sent
  const auto imbalances = check_buses(s.traces());
  ASSERT_EQ(imbalances.size(), 1u);
  EXPECT_EQ(imbalances[0].bus, kByteBus);
  EXPECT_EQ(imbalances[0].tuple, std::vector<Fp>{Fp(0xffu)});
  EXPECT_EQ(imbalances[0].net_multiplicity, Fp::neg_one());
  EXPECT_EQ(imbalances[0].describe(), "bus 'byte' (id 1): tuple (255) has net multiplicity -1");
}

TEST(Debug, BusMissingChipLeavesEverySentTupleUnbalanced) {
  const PermSystem s = PermSystem::honest(kXs, 16);
  const auto traces = s.traces();
  const auto imbalances = check_buses(std::span<const ChipTrace>(traces).first(1));  // sender only
  ASSERT_EQ(imbalances.size(), kXs.size());
  for (size_t i = 0; i < kXs.size(); ++i) EXPECT_EQ(imbalances[i].tuple, std::vector<Fp>{kXs[i]});  // sorted
}

// ---- shapes -------------------------------------------------------------------------------------

TEST(Debug, ShapeMismatchesThrow) {
  const auto t = fibonacci_trace(8);
  const RowMajorMatrix<Fp> wide(8, 3);
  EXPECT_THROW(check_trace(FibonacciAir{}, wide.view(), {}, t.public_values), std::invalid_argument);
  EXPECT_THROW(check_trace(FibonacciAir{}, t.main.view()), std::invalid_argument);  // no public values
  const SquaresAir squares(8);
  const auto main = squares_trace(4, Fp::zero());
  const std::vector<Fp> offset = {Fp::zero()};
  EXPECT_THROW(check_trace(squares, main.view(), squares.preprocessed_trace().view(), offset),
               std::invalid_argument);  // preprocessed height 8 != main height 4
  EXPECT_THROW(check_trace(squares, main.view(), {}, offset), std::invalid_argument);  // missing preprocessed
}

TEST(Debug, ConstraintIndicesMatchTheSymbolicBuilder) {
  // Every failure the debug builder reports carries the name the symbolic builder gives that index.
  const AirInfo info = analyze(PermReceiverAir{});
  PermSystem s = PermSystem::honest(kXs, 16);
  s.receiver_main(3, PermReceiverAir::kIsReal) = Fp(5u);
  s.receiver_main(12, PermReceiverAir::kX) = Fp(1u);
  const auto failures = check_constraints(s.traces()[1]);
  ASSERT_FALSE(failures.empty());
  for (const auto& f : failures) EXPECT_EQ(f.name, info.constraints.at(f.constraint_index).name);
}

}  // namespace
}  // namespace zkrv
