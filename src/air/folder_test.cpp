// Folder builder: the folded value equals the constraints evaluated independently and folded by hand;
// packed instantiations equal the scalar ones lane by lane.
#include "air/folder.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "air/symbolic.h"
#include "air/testing/example_airs.h"

namespace zkrv {
namespace {

using namespace air_testing;

// All inputs of one evaluation point over a ring T.
template <class T>
struct Point {
  std::vector<T> main_current, main_next, prep_current, prep_next;
  T is_first{}, is_last{}, is_transition{};
};

// Folds chip's constraints at p: by Horner's rule, or (use_powers) with precomputed alpha powers.
template <class T, class Acc, class A>
Acc fold(const A& chip, const Point<T>& p, std::span<const Fp> pub, const Ext& alpha,
         std::vector<EvaluatedInteraction<T>>* interactions = nullptr, bool use_powers = false) {
  const size_t n = analyze(chip).num_constraints();
  const std::vector<Ext> powers = use_powers ? alpha_powers_descending(alpha, n) : std::vector<Ext>{};
  FolderInputs<T, Ext> in{p.main_current, p.main_next, p.prep_current, p.prep_next, pub,
                          p.is_first,     p.is_last,   p.is_transition, alpha, powers};
  FolderBuilder<T, Acc, Ext> b(in, interactions != nullptr);
  chip.eval(b);
  EXPECT_EQ(b.num_constraints(), n);
  if (interactions) interactions->assign(b.interactions().begin(), b.interactions().end());
  return b.accumulator();
}

// Nested filters, negation, assert_bool under a filter, a filtered two-value send, public values.
// Folder-only: it declares a preprocessed column but has no preprocessed trace to check.
struct MixedAir : AirDefaults {
  std::string_view name() const noexcept { return "mixed"; }
  size_t width() const noexcept { return 3; }
  size_t preprocessed_width() const noexcept { return 1; }
  size_t num_public_values() const noexcept { return 2; }
  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    const auto p = b.preprocessed();
    b.when(m.current(0)).when(p.current(0)).assert_zero(m.current(2) - b.public_value(1), "nested");
    b.when_first_row().when_last_row().assert_bool(m.current(0), "bool at both ends");
    b.assert_zero(-(m.current(0) * m.next(1)) + Fp(7u) - m.current(2) * Fp(3u), "mixed");
    b.when_transition().assert_eq(Fp(2u) * m.next(2), b.public_value(0) - p.next(0), "with next");
    b.when(m.current(2)).send(kPermBus, {m.current(0), m.current(1) * m.current(1)}, Fp(5u) - m.current(1));
    b.receive(kByteBus, {p.current(0)}, b.public_value(0));
  }
};

std::mt19937_64& rng() {
  static std::mt19937_64 r(20250601);
  return r;
}
Fp rand_fp() { return Fp::random(rng()); }
Ext rand_ext() { return Ext::random(rng()); }
PackedFp rand_pfp() { return PackedFp::from_fn([](size_t) { return rand_fp(); }); }
PackedExt rand_pext() { return PackedExt(std::array<PackedFp, 4>{rand_pfp(), rand_pfp(), rand_pfp(), rand_pfp()}); }

template <class T, class Gen>
Point<T> random_point(const Air auto& chip, Gen gen) {
  Point<T> p;
  for (size_t i = 0; i < chip.width(); ++i) p.main_current.push_back(gen()), p.main_next.push_back(gen());
  for (size_t i = 0; i < chip.preprocessed_width(); ++i) p.prep_current.push_back(gen()), p.prep_next.push_back(gen());
  p.is_first = gen();
  p.is_last = gen();
  p.is_transition = gen();
  return p;
}
std::vector<Fp> random_publics(size_t n) {
  std::vector<Fp> v;
  for (size_t i = 0; i < n; ++i) v.push_back(rand_fp());
  return v;
}

Fp lane_of(const PackedFp& x, size_t i) { return x.lane(i); }
Ext lane_of(const PackedExt& x, size_t i) { return ext_lane(x, i); }
template <class S, class P>
Point<S> lane_point(const Point<P>& p, size_t i) {
  auto lanes = [&](const std::vector<P>& v) {
    std::vector<S> out;
    for (const P& x : v) out.push_back(lane_of(x, i));
    return out;
  };
  return Point<S>{lanes(p.main_current), lanes(p.main_next), lanes(p.prep_current), lanes(p.prep_next),
                  lane_of(p.is_first, i), lane_of(p.is_last, i), lane_of(p.is_transition, i)};
}

// ---- by hand ------------------------------------------------------------------------------------

TEST(Folder, FibonacciExtMatchesHandFolding) {
  const FibonacciAir fib;
  const Point<Ext> p = random_point<Ext>(fib, rand_ext);
  const std::vector<Fp> pub = random_publics(3);
  const Ext alpha = rand_ext();
  const Ext &a = p.main_current[0], &b = p.main_current[1], &a1 = p.main_next[0], &b1 = p.main_next[1];
  const Ext c[5] = {p.is_first * (a - pub[0]), p.is_first * (b - pub[1]), p.is_transition * (a1 - b),
                    p.is_transition * (b1 - (a + b)), p.is_last * (b - pub[2])};
  const Ext expected = c[0] * alpha.pow(4) + c[1] * alpha.pow(3) + c[2] * alpha.pow(2) + c[3] * alpha + c[4];
  EXPECT_EQ((fold<Ext, Ext>(fib, p, pub, alpha)), expected);
}

TEST(Folder, ReceiverExtMatchesHandFolding) {
  const PermReceiverAir chip;
  const Point<Ext> p = random_point<Ext>(chip, rand_ext);
  const Ext alpha = rand_ext();
  const Ext &x = p.main_current[0], &r = p.main_current[1], &r1 = p.main_next[1];
  const Ext one = Ext::one();
  const Ext c[3] = {r * (r - one), (one - r) * x, p.is_transition * (r1 * (one - r))};
  const Ext expected = c[0] * alpha.pow(2) + c[1] * alpha + c[2];
  std::vector<EvaluatedInteraction<Ext>> its;
  EXPECT_EQ((fold<Ext, Ext>(chip, p, {}, alpha, &its)), expected);
  ASSERT_EQ(its.size(), 1u);
  EXPECT_EQ(its[0].bus, kPermBus);
  EXPECT_EQ(its[0].kind, InteractionKind::receive);
  EXPECT_EQ(its[0].values, std::vector<Ext>{x});
  EXPECT_EQ(its[0].multiplicity, r);
}

// ---- against the symbolic expressions, for every example chip ---------------------------------

// Evaluates the symbolic constraints at p and folds them; also the interactions.
template <class A>
void expect_folder_matches_symbolic(const A& chip) {
  const AirInfo info = analyze(chip);
  const Point<Ext> p = random_point<Ext>(chip, rand_ext);
  const std::vector<Fp> pub = random_publics(chip.num_public_values());
  const Ext alpha = rand_ext();
  auto leaf = [&](const SymExpr& e) -> Ext {
    switch (e.op()) {
      case SymExpr::Op::constant: return Ext(e.constant());
      case SymExpr::Op::selector:
        return e.selector_kind() == Selector::first_row ? p.is_first
               : e.selector_kind() == Selector::last_row ? p.is_last
                                                         : p.is_transition;
      default: {
        const SymVar v = e.variable();
        if (v.entry == Entry::public_value) return Ext(pub[v.index]);
        const auto& row = v.entry == Entry::main ? (v.offset ? p.main_next : p.main_current)
                                                 : (v.offset ? p.prep_next : p.prep_current);
        return row[v.index];
      }
    }
  };
  Ext expected = Ext::zero();
  for (const auto& c : info.constraints) expected = expected * alpha + evaluate<Ext>(c.expr, leaf);
  std::vector<EvaluatedInteraction<Ext>> its;
  EXPECT_EQ((fold<Ext, Ext>(chip, p, pub, alpha, &its)), expected) << chip.name();
  ASSERT_EQ(its.size(), info.interactions.size());
  for (size_t i = 0; i < its.size(); ++i) {
    const auto& s = info.interactions[i];
    EXPECT_EQ(its[i].bus, s.bus);
    EXPECT_EQ(its[i].kind, s.kind);
    ASSERT_EQ(its[i].values.size(), s.values.size());
    for (size_t j = 0; j < s.values.size(); ++j) EXPECT_EQ(its[i].values[j], evaluate<Ext>(s.values[j], leaf));
    EXPECT_EQ(its[i].multiplicity, evaluate<Ext>(s.multiplicity, leaf));
  }
}

TEST(Folder, MatchesSymbolicForEveryExample) {
  expect_folder_matches_symbolic(FibonacciAir{});
  expect_folder_matches_symbolic(ByteDecompAir{});
  expect_folder_matches_symbolic(ByteTableAir{});
  expect_folder_matches_symbolic(PermSenderAir{});
  expect_folder_matches_symbolic(PermReceiverAir{});
  expect_folder_matches_symbolic(SquaresAir(8));
  expect_folder_matches_symbolic(MixedAir{});
}

// ---- packed = scalar, lane by lane -------------------------------------------------------------

template <class A>
void expect_packed_base_matches_scalar(const A& chip) {
  const Point<PackedFp> p = random_point<PackedFp>(chip, rand_pfp);
  const std::vector<Fp> pub = random_publics(chip.num_public_values());
  const Ext alpha = rand_ext();
  std::vector<EvaluatedInteraction<PackedFp>> packed_its;
  const PackedExt packed = fold<PackedFp, PackedExt>(chip, p, pub, alpha, &packed_its);
  for (size_t lane = 0; lane < PackedFp::WIDTH; ++lane) {
    std::vector<EvaluatedInteraction<Fp>> its;
    const Ext scalar = fold<Fp, Ext>(chip, lane_point<Fp>(p, lane), pub, alpha, &its);
    EXPECT_EQ(ext_lane(packed, lane), scalar) << chip.name() << " lane " << lane;
    ASSERT_EQ(its.size(), packed_its.size());
    for (size_t i = 0; i < its.size(); ++i) {
      EXPECT_EQ(its[i].multiplicity, packed_its[i].multiplicity.lane(lane));
      for (size_t j = 0; j < its[i].values.size(); ++j) EXPECT_EQ(its[i].values[j], packed_its[i].values[j].lane(lane));
    }
  }
}

template <class A>
void expect_packed_ext_matches_scalar(const A& chip) {
  const Point<PackedExt> p = random_point<PackedExt>(chip, rand_pext);
  const std::vector<Fp> pub = random_publics(chip.num_public_values());
  const Ext alpha = rand_ext();
  const PackedExt packed = fold<PackedExt, PackedExt>(chip, p, pub, alpha);
  for (size_t lane = 0; lane < PackedFp::WIDTH; ++lane)
    EXPECT_EQ(ext_lane(packed, lane), (fold<Ext, Ext>(chip, lane_point<Ext>(p, lane), pub, alpha)))
        << chip.name() << " lane " << lane;
}

TEST(Folder, PackedFpEqualsScalarLaneByLane) {
  expect_packed_base_matches_scalar(FibonacciAir{});
  expect_packed_base_matches_scalar(ByteDecompAir{});
  expect_packed_base_matches_scalar(ByteTableAir{});
  expect_packed_base_matches_scalar(PermSenderAir{});
  expect_packed_base_matches_scalar(PermReceiverAir{});
  expect_packed_base_matches_scalar(SquaresAir(8));
  expect_packed_base_matches_scalar(MixedAir{});
}

TEST(Folder, PackedExtEqualsExtLaneByLane) {
  expect_packed_ext_matches_scalar(FibonacciAir{});
  expect_packed_ext_matches_scalar(PermReceiverAir{});
  expect_packed_ext_matches_scalar(SquaresAir(8));
  expect_packed_ext_matches_scalar(MixedAir{});
}

// Precomputed powers give the Horner value in every instantiation.
template <class A>
void expect_powers_match_horner(const A& chip) {
  const std::vector<Fp> pub = random_publics(chip.num_public_values());
  const Ext alpha = rand_ext();
  const auto pf = random_point<Fp>(chip, rand_fp);
  EXPECT_EQ((fold<Fp, Ext>(chip, pf, pub, alpha, nullptr, true)), (fold<Fp, Ext>(chip, pf, pub, alpha)));
  const auto pe = random_point<Ext>(chip, rand_ext);
  EXPECT_EQ((fold<Ext, Ext>(chip, pe, pub, alpha, nullptr, true)), (fold<Ext, Ext>(chip, pe, pub, alpha)));
  const auto ppf = random_point<PackedFp>(chip, rand_pfp);
  EXPECT_EQ((fold<PackedFp, PackedExt>(chip, ppf, pub, alpha, nullptr, true)),
            (fold<PackedFp, PackedExt>(chip, ppf, pub, alpha)));
  const auto ppe = random_point<PackedExt>(chip, rand_pext);
  EXPECT_EQ((fold<PackedExt, PackedExt>(chip, ppe, pub, alpha, nullptr, true)),
            (fold<PackedExt, PackedExt>(chip, ppe, pub, alpha)));
}

TEST(Folder, AlphaPowersEqualHorner) {
  EXPECT_EQ(alpha_powers_descending(Ext(Fp(3u)), 4),
            (std::vector<Ext>{Ext(Fp(27u)), Ext(Fp(9u)), Ext(Fp(3u)), Ext(Fp(1u))}));
  expect_powers_match_horner(FibonacciAir{});
  expect_powers_match_horner(PermReceiverAir{});
  expect_powers_match_horner(MixedAir{});
}

// ---- on the trace domain ----------------------------------------------------------------------

TEST(Folder, HonestTraceRowsFoldToZero) {
  const FibonacciAir fib;
  const auto t = fibonacci_trace(16, Fp(2u), Fp(7u));
  const Ext alpha = rand_ext();
  for (size_t r = 0; r < 16; ++r) {
    Point<Fp> p;
    p.main_current.assign(t.main.row(r).begin(), t.main.row(r).end());
    p.main_next.assign(t.main.row((r + 1) % 16).begin(), t.main.row((r + 1) % 16).end());
    p.is_first = r == 0 ? Fp::one() : Fp::zero();
    p.is_last = r == 15 ? Fp::one() : Fp::zero();
    p.is_transition = r == 15 ? Fp::zero() : Fp::one();
    EXPECT_EQ((fold<Fp, Ext>(fib, p, t.public_values, alpha)), Ext::zero()) << "row " << r;
    p.main_next[1] += Fp::one();  // breaks b' = a + b except on the last row, where it is filtered out
    EXPECT_EQ((fold<Fp, Ext>(fib, p, t.public_values, alpha)).is_zero(), r == 15) << "row " << r;
  }
}

TEST(Folder, ResetStartsOver) {
  const PermReceiverAir chip;
  const Ext alpha = rand_ext();
  const Point<Ext> p1 = random_point<Ext>(chip, rand_ext), p2 = random_point<Ext>(chip, rand_ext);
  auto inputs = [&](const Point<Ext>& p) {
    return FolderInputs<Ext, Ext>{p.main_current, p.main_next, {}, {}, {}, p.is_first, p.is_last, p.is_transition,
                                  alpha};
  };
  VerifierFolder b(inputs(p1), true);
  chip.eval(b);
  b.reset(inputs(p2));
  chip.eval(b);
  std::vector<EvaluatedInteraction<Ext>> its;
  EXPECT_EQ(b.accumulator(), (fold<Ext, Ext>(chip, p2, {}, alpha, &its)));
  EXPECT_EQ(b.num_constraints(), 3u);
  ASSERT_EQ(b.interactions().size(), 1u);
  EXPECT_EQ(b.interactions()[0].values, its[0].values);
}

TEST(Folder, LiftAndConstantMixing) {
  EXPECT_EQ(lift<Ext>(Fp(5u)), Ext(Fp(5u)));
  EXPECT_EQ(lift<PackedFp>(Fp(5u)), PackedFp(Fp(5u)));
  EXPECT_EQ(ext_lane(lift<PackedExt>(Fp(5u)), 0), Ext(Fp(5u)));
  using E = FoldExpr<PackedExt>;
  const E x(rand_pext());
  // Fp on either side, through the ring's own mixed operation or through lift.
  EXPECT_EQ(ext_lane((Fp(3u) - x).value(), 1), Ext(Fp(3u)) - ext_lane(x.value(), 1));
  EXPECT_EQ(ext_lane((x - Fp(3u)).value(), 1), ext_lane(x.value(), 1) - Ext(Fp(3u)));
  EXPECT_EQ(ext_lane((Fp(3u) * x).value(), 2), ext_lane(x.value(), 2) * Fp(3u));
  EXPECT_EQ(ext_lane((Fp(3u) + x).value(), 3), ext_lane(x.value(), 3) + Fp(3u));
}

}  // namespace
}  // namespace zkrv
