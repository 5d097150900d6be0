// Symbolic analysis of the example chips against hand-computed counts and degrees.
#include "air/symbolic.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "air/testing/example_airs.h"

namespace zkrv {
namespace {

using namespace air_testing;

std::vector<size_t> degrees(const AirInfo& info) {
  std::vector<size_t> d;
  for (const auto& c : info.constraints) d.push_back(c.degree);
  return d;
}
std::vector<std::string> names(const AirInfo& info) {
  std::vector<std::string> n;
  for (const auto& c : info.constraints) n.push_back(c.name);
  return n;
}

TEST(Symbolic, Fibonacci) {
  const AirInfo info = analyze(FibonacciAir{});
  EXPECT_EQ(info.chip, "fibonacci");
  EXPECT_EQ(info.width, 2u);
  EXPECT_EQ(info.preprocessed_width, 0u);
  EXPECT_EQ(info.num_public_values, 3u);
  // selector (1) * (column (1) - public value (0)) or selector * (column - column): degree 2 each.
  EXPECT_EQ(info.num_constraints(), 5u);
  EXPECT_EQ(degrees(info), (std::vector<size_t>{2, 2, 2, 2, 2}));
  EXPECT_EQ(info.max_constraint_degree, 2u);
  EXPECT_EQ(names(info), (std::vector<std::string>{"a = a0 on the first row", "b = b0 on the first row", "a' = b",
                                                   "b' = a + b", "b = result on the last row"}));
  EXPECT_TRUE(info.interactions.empty());
  EXPECT_EQ(info.max_interaction_degree, 0u);
  EXPECT_TRUE(info.uses_next_row);
  // The expression is exactly the filtered difference.
  EXPECT_EQ(to_string(info.constraints[3].expr), "(is_transition * (main'[1] - (main[0] + main[1])))");
  EXPECT_EQ(to_string(info.constraints[0].expr), "(is_first_row * (main[0] - pub[0]))");
}

TEST(Symbolic, ByteDecompAndTable) {
  const AirInfo decomp = analyze(ByteDecompAir{});
  EXPECT_EQ(degrees(decomp), (std::vector<size_t>{2, 1}));
  EXPECT_EQ(decomp.max_constraint_degree, 2u);
  EXPECT_FALSE(decomp.uses_next_row);
  ASSERT_EQ(decomp.interactions.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const auto& it = decomp.interactions[i];
    EXPECT_EQ(it.bus, kByteBus);
    EXPECT_EQ(it.kind, InteractionKind::send);
    ASSERT_EQ(it.values.size(), 1u);
    EXPECT_EQ(to_string(it.values[0]), i == 0 ? "main[1]" : "main[2]");
    EXPECT_EQ(to_string(it.multiplicity), "main[3]");
    EXPECT_EQ(it.values_degree, 1u);
    EXPECT_EQ(it.multiplicity_degree, 1u);
  }
  EXPECT_EQ(decomp.max_interaction_degree, 1u);

  const AirInfo table = analyze(ByteTableAir{});
  EXPECT_EQ(table.preprocessed_width, 1u);
  EXPECT_EQ(table.num_constraints(), 0u);
  EXPECT_EQ(table.max_constraint_degree, 0u);
  ASSERT_EQ(table.interactions.size(), 1u);
  EXPECT_EQ(table.interactions[0].kind, InteractionKind::receive);
  EXPECT_EQ(to_string(table.interactions[0].values[0]), "prep[0]");
  EXPECT_EQ(to_string(table.interactions[0].multiplicity), "main[0]");
}

TEST(Symbolic, Permutation) {
  const AirInfo sender = analyze(PermSenderAir{});
  EXPECT_EQ(sender.num_constraints(), 0u);
  ASSERT_EQ(sender.interactions.size(), 1u);
  EXPECT_EQ(sender.interactions[0].kind, InteractionKind::send);
  EXPECT_EQ(sender.interactions[0].values_degree, 1u);
  EXPECT_EQ(sender.interactions[0].multiplicity_degree, 0u);  // the constant 1
  EXPECT_EQ(to_string(sender.interactions[0].multiplicity), "1");

  const AirInfo receiver = analyze(PermReceiverAir{});
  // x (x - 1): 2; (1 - is_real) * x: 2; is_transition * is_real' * (1 - is_real): 3.
  EXPECT_EQ(degrees(receiver), (std::vector<size_t>{2, 2, 3}));
  EXPECT_EQ(receiver.max_constraint_degree, 3u);
  ASSERT_EQ(receiver.interactions.size(), 1u);
  EXPECT_EQ(receiver.interactions[0].kind, InteractionKind::receive);
  EXPECT_EQ(receiver.interactions[0].bus, kPermBus);
}

TEST(Symbolic, Squares) {
  const AirInfo info = analyze(SquaresAir(8));
  EXPECT_EQ(info.preprocessed_width, 1u);
  EXPECT_EQ(info.num_public_values, 1u);
  EXPECT_EQ(degrees(info), (std::vector<size_t>{2, 2}));  // k * k; is_transition * (y' - ...)
  EXPECT_TRUE(info.uses_next_row);
  EXPECT_EQ(to_string(info.constraints[0].expr), "(main[0] - ((prep[0] * prep[0]) + pub[0]))");
}

// A chip exercising nested filters, negation and constant folding.
struct NestedAir : AirDefaults {
  std::string_view name() const noexcept { return "nested"; }
  size_t width() const noexcept { return 3; }
  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    b.when(m.current(0)).when(m.current(1)).assert_zero(m.current(2), "nested");  // 1 + 1 + 1
    b.when_first_row().when_last_row().assert_bool(m.current(0), "bool at both ends");  // 1 + 1 + 2
    b.assert_zero(-(m.current(0) * m.current(1) * m.current(2) * m.current(0)), "degree 4");
    b.assert_zero(Fp(3u) * Fp(5u) - Fp(15u) + m.current(1) * Fp(0u), "constants");  // 0 + degree 1
    b.when(m.current(2)).send(kPermBus, {m.current(0), m.current(1) * m.current(1)}, m.current(1));
  }
};

TEST(Symbolic, FiltersNestAndDegreesAdd) {
  const AirInfo info = analyze(NestedAir{});
  EXPECT_EQ(degrees(info), (std::vector<size_t>{3, 4, 4, 1}));
  EXPECT_EQ(info.max_constraint_degree, 4u);
  EXPECT_EQ(to_string(info.constraints[0].expr), "((main[0] * main[1]) * main[2])");
  EXPECT_EQ(to_string(info.constraints[3].expr), "(0 + (main[1] * 0))");  // 3 * 5 - 15 folded to 0
  ASSERT_EQ(info.interactions.size(), 1u);
  const auto& it = info.interactions[0];
  EXPECT_EQ(it.values_degree, 2u);
  EXPECT_EQ(it.multiplicity_degree, 2u);  // filter condition * multiplicity
  EXPECT_EQ(to_string(it.multiplicity), "(main[2] * main[1])");
  EXPECT_EQ(info.max_interaction_degree, 2u);
}

struct OutOfRangeAir : AirDefaults {
  std::string_view name() const noexcept { return "oob"; }
  size_t width() const noexcept { return 1; }
  template <AirBuilder B>
  void eval(B& b) const {
    b.assert_zero(b.main().current(1), "oob");
  }
};
struct NextRowInteractionAir : AirDefaults {
  std::string_view name() const noexcept { return "next"; }
  size_t width() const noexcept { return 1; }
  template <AirBuilder B>
  void eval(B& b) const {
    b.send(kPermBus, {b.main().next(0)}, Fp::one());
  }
};
struct UndeclaredPublicAir : AirDefaults {
  std::string_view name() const noexcept { return "pub"; }
  size_t width() const noexcept { return 1; }
  template <AirBuilder B>
  void eval(B& b) const {
    b.assert_eq(b.main().current(0), b.public_value(0), "pub");
  }
};

TEST(Symbolic, ChipBugsAreCaughtAtAnalysis) {
  EXPECT_THROW(analyze(OutOfRangeAir{}), std::out_of_range);
  EXPECT_THROW(analyze(NextRowInteractionAir{}), std::invalid_argument);
  EXPECT_THROW(analyze(UndeclaredPublicAir{}), std::out_of_range);
}

TEST(Symbolic, ConstantsFold) {
  const SymExpr c = SymExpr(Fp(3u)) * SymExpr(Fp(5u)) - Fp(15u);
  EXPECT_EQ(c.op(), SymExpr::Op::constant);
  EXPECT_EQ(c.constant(), Fp::zero());
  EXPECT_EQ((-SymExpr(Fp(2u))).constant(), -Fp(2u));
  const SymExpr v = SymVar{Entry::main, 0, 0};
  EXPECT_EQ((v * Fp(0u)).degree(), 1u);  // no algebraic simplification beyond constant folding
  EXPECT_EQ(SymExpr().op(), SymExpr::Op::constant);
  EXPECT_EQ(SymExpr(SymVar{Entry::public_value, 0, 2}).degree(), 0u);
}

TEST(Symbolic, EvaluateOverFp) {
  const AirInfo info = analyze(FibonacciAir{});
  // Row (a, b) = (2, 3), next (3, 6): "b' = a + b" is off by one; on a transition row it evaluates to 1.
  const Fp cur[2] = {Fp(2u), Fp(3u)}, nxt[2] = {Fp(3u), Fp(6u)};
  auto leaf = [&](const SymExpr& e) -> Fp {
    switch (e.op()) {
      case SymExpr::Op::constant: return e.constant();
      case SymExpr::Op::selector: return e.selector_kind() == Selector::transition ? Fp::one() : Fp::zero();
      default: {
        const SymVar v = e.variable();
        if (v.entry == Entry::public_value) return Fp(100u + v.index);
        return v.offset ? nxt[v.index] : cur[v.index];
      }
    }
  };
  EXPECT_EQ(evaluate<Fp>(info.constraints[2].expr, leaf), Fp::zero());
  EXPECT_EQ(evaluate<Fp>(info.constraints[3].expr, leaf), Fp::one());
  EXPECT_EQ(evaluate<Fp>(info.constraints[0].expr, leaf), Fp::zero());  // not the first row
}

}  // namespace
}  // namespace zkrv
