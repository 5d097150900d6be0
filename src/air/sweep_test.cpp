// Mutation sweep (docs/architecture.md section 5): every cell of every main trace of every example system, and every
// public value, is perturbed in turn; the debug builder or the bus checker must reject each mutation.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "air/debug.h"
#include "air/testing/example_airs.h"
#include "air/testing/example_systems.h"

namespace zkrv {
namespace {

using namespace air_testing;

// Perturbs each entry of `cells` by each delta, runs `check`, restores. Returns the mutations that were
// accepted (described), which must be none.
std::vector<std::string> sweep(const std::string& system, std::vector<std::pair<std::string, std::vector<Fp*>>> cells,
                               const std::function<std::vector<std::string>()>& check, size_t& mutations) {
  std::mt19937_64 rng(7);
  std::vector<std::string> accepted;
  EXPECT_TRUE(check().empty()) << system << ": the honest system must pass";
  for (auto& [what, ptrs] : cells) {
    for (size_t i = 0; i < ptrs.size(); ++i) {
      Fp random_delta;
      while (random_delta.is_zero()) random_delta = Fp::random(rng);
      for (Fp delta : {Fp::one(), random_delta}) {
        const Fp saved = *ptrs[i];
        *ptrs[i] += delta;
        ++mutations;
        if (check().empty())
          accepted.push_back(system + ": " + what + " entry " + std::to_string(i) + " + " +
                             std::to_string(delta.as_canonical()));
        *ptrs[i] = saved;
      }
    }
  }
  return accepted;
}

std::vector<Fp*> cells_of_column(RowMajorMatrix<Fp>& m, size_t col) {
  std::vector<Fp*> out;
  for (size_t r = 0; r < m.height(); ++r) out.push_back(&m(r, col));
  return out;
}
std::vector<Fp*> cells_of(std::vector<Fp>& v) {
  std::vector<Fp*> out;
  for (Fp& x : v) out.push_back(&x);
  return out;
}

TEST(Sweep, Fibonacci) {
  const FibonacciAir fib;
  auto t = fibonacci_trace(16, Fp(3u), Fp(4u));
  auto check = [&] {
    const std::vector<ChipTrace> traces = {chip_trace(fib, t.main.view(), {}, t.public_values)};
    return check_system(traces);
  };
  size_t n = 0;
  const auto accepted = sweep("fibonacci",
                              {{"column a", cells_of_column(t.main, FibonacciAir::kA)},
                               {"column b", cells_of_column(t.main, FibonacciAir::kB)},
                               {"public values", cells_of(t.public_values)}},
                              check, n);
  EXPECT_EQ(n, 2u * (16 + 16 + 3));
  EXPECT_TRUE(accepted.empty()) << accepted.front();
}

TEST(Sweep, Squares) {
  const SquaresAir squares(16);
  const auto prep = squares.preprocessed_trace();
  auto main = squares_trace(16, Fp(9u));
  std::vector<Fp> pub = {Fp(9u)};
  auto check = [&] {
    const std::vector<ChipTrace> traces = {chip_trace(squares, main.view(), prep.view(), pub)};
    return check_system(traces);
  };
  size_t n = 0;
  const auto accepted =
      sweep("squares", {{"column y", cells_of_column(main, 0)}, {"public values", cells_of(pub)}}, check, n);
  EXPECT_EQ(n, 2u * 17);
  EXPECT_TRUE(accepted.empty()) << accepted.front();
}

TEST(Sweep, ByteRangeCheck) {
  const std::vector<uint16_t> values = {0x0102, 0xffff, 0x0000, 0x1234, 0x00ff, 0x0102};
  ByteSystem s = ByteSystem::honest(values, 8);
  auto check = [&] { return check_system(s.traces()); };
  size_t n = 0;
  const auto accepted = sweep("bytes",
                              {{"decomp value", cells_of_column(s.decomp_main, ByteDecompAir::kValue)},
                               {"decomp lo", cells_of_column(s.decomp_main, ByteDecompAir::kLo)},
                               {"decomp hi", cells_of_column(s.decomp_main, ByteDecompAir::kHi)},
                               {"decomp is_real", cells_of_column(s.decomp_main, ByteDecompAir::kIsReal)},
                               {"table multiplicity", cells_of_column(s.table_main, ByteTableAir::kMultiplicity)}},
                              check, n);
  EXPECT_EQ(n, 2u * (4 * 8 + 256));
  EXPECT_TRUE(accepted.empty()) << accepted.front();
}

TEST(Sweep, PermutationAcrossHeights) {
  const std::vector<Fp> xs = {Fp(3u), Fp(5u), Fp(7u), Fp(11u), Fp(13u), Fp(17u), Fp(19u), Fp(23u)};
  PermSystem s = PermSystem::honest(xs, 16);
  auto check = [&] { return check_system(s.traces()); };
  size_t n = 0;
  const auto accepted = sweep("perm",
                              {{"sender x", cells_of_column(s.sender_main, 0)},
                               {"receiver x", cells_of_column(s.receiver_main, PermReceiverAir::kX)},
                               {"receiver is_real", cells_of_column(s.receiver_main, PermReceiverAir::kIsReal)}},
                              check, n);
  EXPECT_EQ(n, 2u * (8 + 16 + 16));
  EXPECT_TRUE(accepted.empty()) << accepted.front();
}

}  // namespace
}  // namespace zkrv
