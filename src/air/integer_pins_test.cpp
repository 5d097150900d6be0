// The integer-pin check on toy chips of its own: each rule pins what it should, and a scaled lookup, a
// shifted tuple position or a pin that holds only on some rows does not.
#include "air/integer_pins.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "air/air.h"
#include "air/builder.h"
#include "air/symbolic.h"

namespace zkrv {
namespace {

// A range bus whose table holds (op, v) for v in [0, 2^16): position 1 of a send is pinned.
constexpr Bus kRangeBus{1, "range"};
// A bus whose senders send canonical values at position 0 (like the ALU bus's b and c).
constexpr Bus kWordBus{2, "word"};
constexpr std::array<BusPinContract, 2> kToyContracts = {
    BusPinContract{kRangeBus.id, InteractionKind::send, 1u << 1, "the table holds only v < 2^16"},
    BusPinContract{kWordBus.id, InteractionKind::receive, 1u << 0, "senders send canonical limbs"},
};

template <class A>
IntegerPinReport check(const A& air, const IntegerDerivations& derivations = {}) {
  return check_integer_pins(analyze(air), A::kColumnNames, derivations, kToyContracts);
}

bool mentions(const IntegerPinReport& r, const std::string& text) {
  for (const std::string& p : r.problems)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

// The bug class: b = a + 2^16 k with a looked up itself but k only as 4 k (so k = t + j/4 passes the
// lookup). Columns a, k, b, is_real; b arrives on a receive whose senders guarantee it canonical.
struct ScaledCarryAir : AirDefaults {
  static constexpr std::array<std::string_view, 4> kColumnNames = {"a", "k", "b", "is_real"};
  std::string_view name() const noexcept { return "scaled_carry"; }
  size_t width() const noexcept { return 4; }
  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    const auto a = m.current(0), k = m.current(1), word = m.current(2), is_real = m.current(3);
    b.assert_bool(is_real, "is_real is boolean");
    b.when(is_real).assert_eq(word, a + k * Fp(1u << 16), "b = a + 2^16 k");
    b.receive(kWordBus, {word}, is_real);
    b.send(kRangeBus, {Fp::zero(), a}, is_real);
    b.send(kRangeBus, {Fp::zero(), k * Fp(4u)}, is_real);
  }
};

TEST(IntegerPins, ScaledLookupIsFlagged) {
  const IntegerPinReport r = check(ScaledCarryAir{});
  EXPECT_EQ(r.unpinned(), (std::vector<std::string>{"k"})) << r.describe();
  EXPECT_TRUE(mentions(r, "scaled_carry.k: not pinned as an integer")) << r.describe();
  ASSERT_EQ(r.problems.size(), 1u);
}

TEST(IntegerPins, DeclaredDerivationPasses) {
  static constexpr std::array<IntegerDerivation, 1> kDerivation = {
      IntegerDerivation{"k", "used only as 2^16 k = 2^14 (4 k), and 4 k is a u16"}};
  const IntegerPinReport r = check(ScaledCarryAir{}, IntegerDerivations().add(kDerivation));
  EXPECT_TRUE(r.ok()) << r.describe();
  EXPECT_EQ(r.columns[1].status, PinStatus::declared);
  EXPECT_EQ(r.columns[0].status, PinStatus::pinned);  // by the inert-padding rule: is_real gates everything
  EXPECT_EQ(r.columns[2].status, PinStatus::pinned);
}

TEST(IntegerPins, BadDerivationsAreReported) {
  static constexpr std::array<IntegerDerivation, 4> kDerivations = {
      IntegerDerivation{"k", "used only as 2^16 k"}, IntegerDerivation{"k", "again"},
      IntegerDerivation{"carry", "no such column"}, IntegerDerivation{"a", "a u16 (but the lookup says so)"}};
  const IntegerPinReport r = check(ScaledCarryAir{}, IntegerDerivations().add(kDerivations));
  EXPECT_TRUE(mentions(r, "scaled_carry.k: derivation listed twice")) << r.describe();
  EXPECT_TRUE(mentions(r, "scaled_carry.carry: a derivation for a column the chip does not have")) << r.describe();
  EXPECT_TRUE(mentions(r, "scaled_carry.a: has a derivation but is pinned mechanically")) << r.describe();
  EXPECT_EQ(r.problems.size(), 3u) << r.describe();
}

// Booleans and small root sets: x (x - 1), y (1 - y), z (z - y) with y boolean, op in {0, 9, 10},
// w (w - s(op)) with s(op) = op (10 - op) / 9 in {0, 1}; v (v - 1/2) is not an integer root set.
struct RootsAir : AirDefaults {
  static constexpr std::array<std::string_view, 6> kColumnNames = {"x", "y", "z", "op", "w", "v"};
  std::string_view name() const noexcept { return "roots"; }
  size_t width() const noexcept { return 6; }
  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    using Expr = typename B::Expr;
    const Expr x = m.current(0), y = m.current(1), z = m.current(2), op = m.current(3), w = m.current(4),
               v = m.current(5);
    b.assert_bool(x, "x boolean");
    b.assert_zero(y * (Fp::one() - y), "y boolean");
    b.assert_zero(z * (z - y), "z in {0, y}");
    b.assert_zero(op * (op - Fp(9u)) * (op - Fp(10u)), "op in {0, 9, 10}");
    b.assert_zero(w * (w - op * (Fp(10u) - op) * Fp(9u).inverse()), "w in {0, is_slt}");
    b.assert_zero(v * (v - Fp(2u).inverse()), "v in {0, 1/2}");
  }
};

TEST(IntegerPins, SmallRootSetsPin) {
  const IntegerPinReport r = check(RootsAir{});
  EXPECT_EQ(r.unpinned(), (std::vector<std::string>{"v"})) << r.describe();
  EXPECT_NE(r.describe().find("op in {0, 9, 10}"), std::string::npos) << r.describe();
}

// Identities: s = x + 2 y is an integer combination of pinned columns; h = x / 2 is not. A tuple
// position holding t + 1 (not exactly t) pins nothing.
struct IdentityAir : AirDefaults {
  static constexpr std::array<std::string_view, 5> kColumnNames = {"x", "y", "s", "h", "t"};
  std::string_view name() const noexcept { return "identity"; }
  size_t width() const noexcept { return 5; }
  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    b.send(kRangeBus, {Fp::zero(), m.current(0)}, Fp::one());
    b.send(kRangeBus, {Fp::zero(), m.current(1)}, Fp::one());
    b.assert_eq(m.current(2), m.current(0) + m.current(1) * Fp(2u), "s = x + 2 y");
    b.assert_eq(m.current(3) * Fp(2u), m.current(0), "2 h = x");
    b.send(kRangeBus, {Fp::zero(), m.current(4) + Fp::one()}, Fp::one());
  }
};

TEST(IntegerPins, IdentitiesNeedIntegerCoefficientsAndExactPositions) {
  const IntegerPinReport r = check(IdentityAir{});
  EXPECT_EQ(r.unpinned(), (std::vector<std::string>{"h", "t"})) << r.describe();
}

// Padding: a lookup with multiplicity m pins x only where m != 0. With a constraint reading the next
// row the inert-padding rule does not apply, so x needs (1 - m) x = 0 (column "y" has it, "x" not).
// Column z is pinned where m c != 0 and zero where m = 0 or c = 0: no linear combination of those
// conditions is 1, but with m, c boolean every row has one of them nonzero. Column w is pinned where
// m != 0 and zero where e = 0, which covers every row only because the constraint e = m rules out
// the rows with m = 0, e = 1.
struct PaddingAir : AirDefaults {
  static constexpr std::array<std::string_view, 7> kColumnNames = {"m", "x", "y", "c", "z", "e", "w"};
  std::string_view name() const noexcept { return "padding"; }
  size_t width() const noexcept { return 7; }
  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    using Expr = typename B::Expr;
    const Expr mult = m.current(0), x = m.current(1), y = m.current(2);
    b.assert_bool(mult, "m boolean");
    b.when_transition().assert_zero(Expr(m.next(0)) * (Fp::one() - mult), "m never rises");
    b.send(kRangeBus, {Fp::zero(), x}, mult);
    b.send(kRangeBus, {Fp::zero(), y}, mult);
    b.when(Fp::one() - mult).assert_zero(y, "y = 0 on padding");
    const Expr c = m.current(3), z = m.current(4);
    b.assert_bool(c, "c boolean");
    b.send(kRangeBus, {Fp::zero(), z}, mult * c);
    b.when(Fp::one() - mult).assert_zero(z, "z = 0 where m = 0");
    b.when(Fp::one() - c).assert_zero(z, "z = 0 where c = 0");
    const Expr e = m.current(5), w = m.current(6);
    b.assert_bool(e, "e boolean");
    b.assert_eq(e, mult, "e = m");
    b.send(kRangeBus, {Fp::zero(), w}, mult);
    b.when(Fp::one() - e).assert_zero(w, "w = 0 where e = 0");
  }
};

TEST(IntegerPins, ConditionalPinsMustCoverEveryRow) {
  const IntegerPinReport r = check(PaddingAir{});
  EXPECT_EQ(r.unpinned(), (std::vector<std::string>{"x"})) << r.describe();
  EXPECT_EQ(r.columns[4].status, PinStatus::pinned) << r.describe();
  EXPECT_EQ(r.columns[6].status, PinStatus::pinned) << r.describe();
  EXPECT_NE(r.describe().find("(some condition is nonzero on every row)"), std::string::npos) << r.describe();
  EXPECT_TRUE(mentions(r, "padding.x: not pinned as an integer (only range bus send, position 1 where m != 0)"))
      << r.describe();
}

// A gadget's derivations land at its offset; a free column declared as such passes; a column declared
// free that the rules pin is reported.
struct GadgetAir : AirDefaults {
  static constexpr std::array<std::string_view, 4> kColumnNames = {"x", "g.lo", "g.quarter_hi", "inv"};
  static constexpr std::array<std::string_view, 2> kGadgetNames = {"lo", "quarter_hi"};
  std::string_view name() const noexcept { return "gadget"; }
  size_t width() const noexcept { return 4; }
  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    b.assert_bool(m.current(0), "x boolean");
    b.send(kRangeBus, {Fp::zero(), m.current(1)}, Fp::one());
    b.send(kRangeBus, {Fp::zero(), m.current(2) * Fp(4u)}, Fp::one());
    b.assert_zero(m.current(0) * m.current(3) - Fp::one() + Fp::one() - m.current(0), "x inv = x");
  }
};

TEST(IntegerPins, GadgetDerivationsAndFreeColumns) {
  static constexpr std::array<IntegerDerivation, 1> kGadget = {
      IntegerDerivation{"quarter_hi", "used only as 4 quarter_hi"}};
  static constexpr std::array<IntegerDerivation, 1> kOwn = {
      IntegerDerivation{"inv", "not an integer: an inverse witness"}};
  const IntegerPinReport ok = check(GadgetAir{}, IntegerDerivations().add(kOwn).add_gadget("g", 1, GadgetAir::kGadgetNames, kGadget));
  EXPECT_TRUE(ok.ok()) << ok.describe();
  EXPECT_EQ(ok.columns[2].status, PinStatus::declared);
  EXPECT_EQ(ok.columns[3].status, PinStatus::not_an_integer);

  static constexpr std::array<IntegerDerivation, 1> kWrongGadget = {IntegerDerivation{"hi", "no such gadget column"}};
  static constexpr std::array<IntegerDerivation, 1> kFreeX = {IntegerDerivation{"x", "not an integer: wrongly"}};
  const IntegerPinReport bad = check(GadgetAir{}, IntegerDerivations().add(kFreeX).add_gadget("g", 1, GadgetAir::kGadgetNames, kWrongGadget));
  EXPECT_TRUE(mentions(bad, "gadget.g.hi: a derivation for a column the chip does not have")) << bad.describe();
  EXPECT_TRUE(mentions(bad, "gadget.x: declared not an integer but is pinned mechanically")) << bad.describe();
  EXPECT_TRUE(mentions(bad, "gadget.g.quarter_hi: not pinned")) << bad.describe();
  EXPECT_TRUE(mentions(bad, "gadget.inv: not pinned")) << bad.describe();
}

}  // namespace
}  // namespace zkrv
