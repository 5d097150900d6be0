// The test harness itself: the driver and machine accept an honest receiver and catch a dishonest one,
// rebalance_bytes reproduces honest multiplicities, the event generators follow evaluate_alu, and the
// sweep both passes a tight chip and reports the cells of a loose one.
#include "vm/chips/testing/alu_machine.h"

#include <gtest/gtest.h>

#include <array>

namespace zkrv::chips::testing {
namespace {

// Receives (op, a, b, c) on the ALU bus on real rows and range-checks a: an ALU "chip" that believes
// anything (its correctness is the driver's). `loose` adds a column no constraint reads, which the
// sweep must report.
struct EchoChip : AirDefaults {
  static constexpr std::array<std::string_view, 9> kColumnNames = {"op",   "a_lo", "a_hi", "b_lo", "b_hi",
                                                                    "c_lo", "c_hi", "is_real", "unused"};
  bool loose = false;
  std::string_view name() const noexcept { return "echo"; }
  size_t width() const noexcept { return loose ? 9 : 8; }
  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr is_real = m.current(7);
    b.assert_bool(is_real, "is_real is boolean");
    for (size_t c = 0; c < 7; ++c)
      b.when(Fp::one() - is_real).assert_zero(m.current(c), AluDriverChip::kPaddingNames[c]);
    b.receive(kAluBus, {m.current(0), m.current(1), m.current(2), m.current(3), m.current(4), m.current(5), m.current(6)},
              is_real);
    const Expr u16 = Fp(0u), zero = Fp::zero();
    b.send(kByteBus, {u16, m.current(1), zero, zero}, is_real);
    b.send(kByteBus, {u16, m.current(2), zero, zero}, is_real);
  }
  RowMajorMatrix<Fp> generate_trace(std::span<const AluEvent> events, ByteLookups& bytes) const {
    RowMajorMatrix<Fp> t(std::max<size_t>(8, std::bit_ceil(events.size())), width());
    for (size_t r = 0; r < events.size(); ++r) {
      const AluEvent& e = events[r];
      const uint32_t v[8] = {static_cast<uint32_t>(e.op), e.a & 0xffff, e.a >> 16, e.b & 0xffff,
                             e.b >> 16, e.c & 0xffff, e.c >> 16, 1};
      for (size_t c = 0; c < 8; ++c) t(r, c) = Fp(v[c]);
      bytes.add_u16_limbs(e.a);
    }
    return t;
  }
};

constexpr std::array<AluOp, 3> kOps = {AluOp::add, AluOp::sltu, AluOp::divu};

TEST(AluEvents, GeneratorsFollowTheReferenceSemantics) {
  const auto edges = edge_events(kOps);
  EXPECT_EQ(edges.size(), kOps.size() * edge_operands().size() * edge_operands().size());
  const auto random = random_events(kOps, 500, 3);
  EXPECT_EQ(random.size(), 500u);
  EXPECT_EQ(random, random_events(kOps, 500, 3));
  for (const auto* list : {&edges, &random})
    for (const AluEvent& e : *list) EXPECT_EQ(e.a, evaluate_alu(e.op, e.b, e.c));
}

TEST(AluTestMachine, HonestEchoIsAcceptedAndProved) {
  const auto events = random_events(kOps, 20, 1);
  AluTestMachine m = honest_machine(EchoChip{}, events);
  EXPECT_EQ(m.num_chips(), 2u);
  EXPECT_EQ(m.chip_name(AluTestMachine::kDriver), "alu_driver");
  EXPECT_EQ(m.trace(1).height(), 32u);
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

TEST(AluTestMachine, RebalanceReproducesHonestMultiplicities) {
  const auto events = random_events(kOps, 20, 2);
  AluTestMachine m = honest_machine(EchoChip{}, events);
  const ByteLookups honest = m.bytes();
  m.rebalance_bytes();
  EXPECT_TRUE(m.bytes() == honest);
}

TEST(AluTestMachine, DisagreementIsCaughtByBusCheckerAndVerifier) {
  auto events = random_events(kOps, 20, 4);
  AluTestMachine m(events);
  events[5].a ^= 1;  // the receiver claims another result than the CPU sent
  m.add_chip(EchoChip{}, EchoChip{}.generate_trace(events, m.bytes()));
  m.rebalance_bytes();
  const auto problems = m.check();
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems.front().find("alu"), std::string::npos) << problems.front();
  EXPECT_THROW(m.prove_and_verify(), ProofRejected);
  EXPECT_FALSE(m.proves());
}

TEST(AluTestMachine, ForgedByteTupleIsReported) {
  const auto events = random_events(kOps, 8, 5);
  AluTestMachine m = honest_machine(EchoChip{}, events);
  m.trace(1)(0, 1) += Fp(1u << 16);  // a_lo out of range, a_hi adjusted: same word, non-canonical limbs
  m.trace(1)(0, 2) -= Fp::one();
  m.trace(0)(0, 1) += Fp(1u << 16);
  m.trace(0)(0, 2) -= Fp::one();
  m.rebalance_bytes();
  EXPECT_FALSE(m.check().empty());
  EXPECT_FALSE(m.proves());
}

TEST(AluTestMachine, SweepRejectsEveryMutationOfATightChip) {
  const auto events = random_events(kOps, 12, 6);
  AluTestMachine m = honest_machine(EchoChip{}, events);
  for (size_t chip : {size_t{0}, size_t{1}}) {
    const SweepReport r = sweep_chip(m, chip, {.max_rows_per_column = 16, .seed = 9, .prove_samples = 1});
    EXPECT_EQ(r.mutations, 2u * 8 * 16);
    EXPECT_EQ(r.proved, 1u);
    EXPECT_TRUE(r.accepted.empty()) << r.accepted.front();
  }
  EXPECT_TRUE(m.check().empty());  // the sweep restored the trace
}

TEST(AluTestMachine, SweepReportsAFreeColumn) {
  const auto events = random_events(kOps, 12, 7);
  AluTestMachine m = honest_machine(EchoChip{.loose = true}, events);
  const SweepReport r = sweep_chip(m, 1, {.max_rows_per_column = 4, .seed = 1, .prove_samples = 0});
  EXPECT_EQ(r.mutations, 2u * 9 * 4);
  ASSERT_EQ(r.accepted.size(), 2u * 4);
  EXPECT_NE(r.accepted.front().find("unused"), std::string::npos) << r.accepted.front();
}

}  // namespace
}  // namespace zkrv::chips::testing
