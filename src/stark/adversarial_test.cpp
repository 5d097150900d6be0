// Adversarial tests of the multi-table STARK: consistently forged traces of every example machine are
// named by the debug builder and rejected by the verifier; a sweep changes every column of every
// example trace in turn and proves it anyway; unbalanced buses; machines the engine must refuse.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>

#include "air/debug.h"
#include "air/testing/chain_air.h"
#include "air/testing/example_systems.h"
#include "stark/machine_checks.h"
#include "stark/stark_test_util.h"

namespace zkrv {
namespace {

using namespace air_testing;
using stark_test::prove_run;
using stark_test::StarkRun;
using stark_test::test_config;
using stark_test::verify_run;

// Enough queries that a low-degree test failure is caught with overwhelming probability (the sweep
// depends on the transcript only, so it is deterministic either way).
FriConfig sweep_config() { return test_config(1, 24); }

const std::vector<uint16_t> kValues = {0x0102, 0xffff, 0x0000, 0x1234, 0x00ff, 0x0102, 0x8001};
const std::vector<Fp> kXs = {Fp(3u), Fp(5u), Fp(7u), Fp(11u), Fp(13u), Fp(17u), Fp(19u), Fp(23u)};

// A machine under test: chips, their traces and public values, mutable in place.
struct Machine {
  std::string name;
  std::vector<Chip> chips;
  std::vector<RowMajorMatrix<Fp>> mains;
  std::vector<std::vector<Fp>> public_values;
};

Machine fibonacci_machine() {
  auto t = fibonacci_trace(8, Fp(2u), Fp(3u));
  Machine m{"fibonacci", {Chip(FibonacciAir{})}, {}, {t.public_values}};
  m.mains.push_back(std::move(t.main));
  return m;
}
Machine squares_machine() {
  Machine m{"squares (preprocessed)", {Chip(SquaresAir(8))}, {}, {{Fp(7u)}}};
  m.mains.push_back(squares_trace(8, Fp(7u)));
  return m;
}
Machine byte_machine() {
  const ByteSystem s = ByteSystem::honest(kValues, 8);
  Machine m{"range check", {Chip(s.decomp), Chip(s.table)}, {}, {{}, {}}};
  m.mains.push_back(s.decomp_main);
  m.mains.push_back(s.table_main);
  return m;
}
Machine perm_machine() {
  const PermSystem s = PermSystem::honest(kXs, 16);
  Machine m{"permutation", {Chip(s.sender), Chip(s.receiver)}, {}, {{}, {}}};
  m.mains.push_back(s.sender_main);
  m.mains.push_back(s.receiver_main);
  return m;
}

// Proves the machine as it stands and returns the verifier's complaint ("" if it accepted).
std::string prove_and_verify(const Machine& m, const FriConfig& config = sweep_config()) {
  const StarkRun run = prove_run(config, m.chips, m.mains, m.public_values);
  try {
    verify_run(config, run, run.proof);
  } catch (const ProofRejected& e) {
    return e.what();
  }
  return "";
}

TEST(StarkAdversarial, HonestExamplesVerify) {
  for (const Machine& m : {fibonacci_machine(), squares_machine(), byte_machine(), perm_machine()})
    EXPECT_EQ(prove_and_verify(m), "") << m.name;
}

// ---- forged traces: the debug builder names the constraint, the verifier rejects ---------------------

TEST(StarkAdversarial, ForgedFibonacciTransition) {
  // a[0] and the public a0 both + 1: only b' = a + b on row 0 can object.
  Machine m = fibonacci_machine();
  m.mains[0](0, FibonacciAir::kA) += Fp::one();
  m.public_values[0][0] += Fp::one();
  const auto failures = check_trace(FibonacciAir{}, m.mains[0].view(), {}, m.public_values[0]);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].name, "b' = a + b");
  EXPECT_EQ(failures[0].row, 0u);
  EXPECT_NE(prove_and_verify(m).find("chip fibonacci: constraints do not match"), std::string::npos);
}

TEST(StarkAdversarial, ForgedRangeCheckFlag) {
  // is_real = 2 on a padding row, the table's multiplicity of byte 0 raised to match: the bus balances,
  // only "is_real is boolean" objects.
  Machine m = byte_machine();
  const ByteDecompAir decomp;
  const ByteTableAir table;
  m.mains[0](7, ByteDecompAir::kIsReal) = Fp(2u);
  m.mains[1](0, 0) += Fp(4u);
  const RowMajorMatrix<Fp> prep = table.preprocessed_trace();
  const std::vector<ChipTrace> traces = {chip_trace(decomp, m.mains[0].view()),
                                         chip_trace(table, m.mains[1].view(), prep.view())};
  EXPECT_TRUE(check_buses(traces).empty());
  const auto failures = check_constraints(traces[0]);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].name, "is_real is boolean");
  EXPECT_EQ(failures[0].row, 7u);
  EXPECT_NE(prove_and_verify(m).find("chip byte_decomp: constraints do not match"), std::string::npos);
}

TEST(StarkAdversarial, ForgedRangeCheckLimbCaughtByTheBus) {
  // lo = 0x134 and hi - 1 keep value = lo + 256 hi; the table takes every byte it can: only the bus
  // (a tuple nobody can receive) objects, so the cumulative sums cannot add up to zero.
  Machine m = byte_machine();
  m.mains[0](3, ByteDecompAir::kLo) = Fp(0x134u);
  m.mains[0](3, ByteDecompAir::kHi) = Fp(0x11u);
  m.mains[1](0x34, 0) -= Fp::one();
  m.mains[1](0x12, 0) -= Fp::one();
  m.mains[1](0x11, 0) += Fp::one();
  EXPECT_NE(prove_and_verify(m).find("unbalanced bus"), std::string::npos);
}

TEST(StarkAdversarial, ForgedPermutationMonotonicity) {
  // A real row after padding, with the matching extra send: only "is_real never rises" objects.
  // A receiver of height 32: rows 0..7 the values, row 8 padding, row 9 the extra 77, rows 10..16 the
  // seven zeros the 16-row sender pads with, then padding; the only rise is from row 8 to row 9.
  const PermSystem s = PermSystem::honest(kXs, 32);
  Machine m{"permutation", {Chip(s.sender), Chip(s.receiver)}, {}, {{}, {}}};
  std::vector<Fp> xs = kXs;
  xs.push_back(Fp(77u));
  xs.resize(16);
  m.mains.push_back(RowMajorMatrix<Fp>(xs, 1));
  m.mains.push_back(s.receiver_main);
  m.mains[1](9, PermReceiverAir::kX) = Fp(77u);
  for (size_t r = 9; r <= 16; ++r) m.mains[1](r, PermReceiverAir::kIsReal) = Fp::one();
  const PermSenderAir sender;
  const PermReceiverAir receiver;
  const std::vector<ChipTrace> traces = {chip_trace(sender, m.mains[0].view()),
                                         chip_trace(receiver, m.mains[1].view())};
  EXPECT_TRUE(check_buses(traces).empty());
  const auto failures = check_constraints(traces[1]);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].name, "is_real never rises");
  EXPECT_EQ(failures[0].row, 8u);
  EXPECT_NE(prove_and_verify(m).find("chip perm_receiver: constraints do not match"), std::string::npos);
}

TEST(StarkAdversarial, ForgedPreprocessedOffset) {
  // The main trace of offset 5 claimed with public value 6: y' - y still holds, y = k^2 + offset fails.
  Machine m = squares_machine();
  m.public_values[0][0] = Fp(6u);
  const SquaresAir squares(8);
  const auto prep = squares.preprocessed_trace();
  const auto failures = check_trace(squares, m.mains[0].view(), prep.view(), m.public_values[0]);
  ASSERT_FALSE(failures.empty());
  EXPECT_EQ(failures[0].name, "y = k^2 + offset");
  EXPECT_NE(prove_and_verify(m).find("chip squares: constraints do not match"), std::string::npos);
}

TEST(StarkAdversarial, UnbalancedBusesRejected) {
  {  // one extra send
    Machine m = perm_machine();
    std::vector<Fp> xs = kXs;
    xs.push_back(Fp(99u));
    xs.resize(16, Fp(99u));
    m.mains[0] = RowMajorMatrix<Fp>(xs, 1);
    EXPECT_NE(prove_and_verify(m).find("unbalanced bus"), std::string::npos);
  }
  {  // one wrong multiplicity in the table
    Machine m = byte_machine();
    m.mains[1](0xff, 0) += Fp::one();
    EXPECT_NE(prove_and_verify(m).find("unbalanced bus"), std::string::npos);
  }
}

// ---- the sweep: every cell of every example trace, proved anyway --------------------------------------

TEST(StarkAdversarial, EveryColumnMutationIsRejected) {
  std::mt19937_64 rng(2026);
  size_t mutations = 0;
  for (Machine m : {fibonacci_machine(), squares_machine(), byte_machine(), perm_machine()}) {
    for (size_t c = 0; c < m.mains.size(); ++c) {
      for (size_t col = 0; col < m.mains[c].width(); ++col) {
        // Every cell, each + a random non-zero delta.
        for (size_t row = 0; row < m.mains[c].height(); ++row) {
          Fp delta;
          while (delta.is_zero()) delta = Fp::random(rng);
          const Fp saved = m.mains[c](row, col);
          m.mains[c](row, col) += delta;
          ++mutations;
          EXPECT_NE(prove_and_verify(m), "") << m.name << ": chip " << m.chips[c].name() << " column " << col
                                             << " row " << row << " accepted";
          m.mains[c](row, col) = saved;
        }
      }
    }
    for (size_t c = 0; c < m.public_values.size(); ++c)
      for (size_t i = 0; i < m.public_values[c].size(); ++i) {
        m.public_values[c][i] += Fp::one();
        ++mutations;
        EXPECT_NE(prove_and_verify(m), "") << m.name << ": public value " << i << " accepted";
        m.public_values[c][i] -= Fp::one();
      }
    EXPECT_EQ(prove_and_verify(m), "") << m.name << " restored";
  }
  EXPECT_EQ(mutations, 16u + 8 + (8 * 4 + 256) + (8 + 16 * 2) + 4);  // every cell and public value
}

// ---- machines the engine refuses ------------------------------------------------------------------

// Sends (x) and (x, x) on one bus: the fingerprint cannot tell (x, x) from (x, x, 0) on a bus of mixed
// arity, so the engine refuses the machine.
struct MixedArityAir : AirDefaults {
  std::string_view name() const noexcept { return "mixed_arity"; }
  size_t width() const noexcept { return 1; }
  template <AirBuilder B>
  void eval(B& b) const {
    const auto x = b.main().current(0);
    b.send(kPermBus, {x}, Fp::one());
    b.receive(kPermBus, {x, x}, Fp::one());
  }
};

TEST(StarkAdversarial, MixedArityBusRefused) {
  const std::vector<Chip> chips = {Chip(MixedArityAir{})};
  try {
    check_bus_arities(chips);
    ADD_FAILURE() << "mixed arity accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("bus 'perm'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(setup(TwoAdicFriPcs(test_config()), chips), std::invalid_argument);
  // Different arities on different buses are fine.
  const std::vector<Chip> ok = {Chip(PermSenderAir{}), Chip(ByteDecompAir{})};
  EXPECT_NO_THROW(check_bus_arities(ok));
}

// 32 interactions per row (16 sends and 16 receives of the same tuple: balanced on every row).
struct ManyInteractionsAir : AirDefaults {
  std::string_view name() const noexcept { return "many_interactions"; }
  size_t width() const noexcept { return 1; }
  template <AirBuilder B>
  void eval(B& b) const {
    const auto x = b.main().current(0);
    for (int i = 0; i < 16; ++i) {
      b.send(kPermBus, {x}, Fp::one());
      b.receive(kPermBus, {x}, Fp::one());
    }
  }
};

TEST(StarkAdversarial, InteractionCountThatCouldReachPIsRefused) {
  Machine m{"many", {Chip(ManyInteractionsAir{})}, {}, {{}}};
  m.mains.push_back(RowMajorMatrix<Fp>(8, 1));
  const std::vector<unsigned> small = {3}, huge = {26};
  EXPECT_EQ(interaction_count(m.chips, small), 8u * 32u);
  EXPECT_EQ(interaction_count(m.chips, huge), (uint64_t{1} << 26) * 32u);
  EXPECT_GT(interaction_count(m.chips, huge), kMaxInteractionCount);
  // An honest small proof verifies; the same proof claiming height 2^26 (2^31 interactions) is refused
  // before anything else is looked at.
  const FriConfig config = test_config();
  const StarkRun run = prove_run(config, m.chips, m.mains, m.public_values);
  EXPECT_NO_THROW(verify_run(config, run, run.proof));
  StarkProof claimed = run.proof;
  claimed.log_heights[0] = 26;
  try {
    verify_run(config, run, claimed);
    ADD_FAILURE() << "accepted";
  } catch (const ProofRejected& e) {
    EXPECT_NE(std::string(e.what()).find("interaction count"), std::string::npos) << e.what();
  }
}

// Same name, width and public values as FibonacciAir, one constraint different (b' = a + 2b).
struct NotFibonacciAir : AirDefaults {
  std::string_view name() const noexcept { return "fibonacci"; }
  size_t width() const noexcept { return 2; }
  size_t num_public_values() const noexcept { return 3; }
  template <AirBuilder B>
  void eval(B& b) const {
    const auto m = b.main();
    b.when_first_row().assert_eq(m.current(0), b.public_value(0), "a = a0 on the first row");
    b.when_first_row().assert_eq(m.current(1), b.public_value(1), "b = b0 on the first row");
    b.when_transition().assert_eq(m.next(0), m.current(1), "a' = b");
    b.when_transition().assert_eq(m.next(1), m.current(0) + m.current(1) * Fp(2u), "b' = a + 2b");
    b.when_last_row().assert_eq(m.current(1), b.public_value(2), "b = result on the last row");
  }
};

TEST(StarkAdversarial, ProofForOneMachineDoesNotVerifyAsAnother) {
  const FriConfig config = sweep_config();
  const Machine m = fibonacci_machine();
  const StarkRun run = prove_run(config, m.chips, m.mains, m.public_values);
  EXPECT_NO_THROW(verify_run(config, run, run.proof));
  // A machine whose statement looks the same (names, shapes) but whose constraints differ.
  const std::vector<Chip> other = {Chip(NotFibonacciAir{})};
  const ProvingKey other_pk = setup(TwoAdicFriPcs(config), other);
  EXPECT_THROW(verify_with_config(config, other, other_pk.vk, m.public_values, run.proof), ProofRejected);
  // A machine of different shape: the permutation example's proof checked as the range-check example.
  const Machine perm = perm_machine(), bytes = byte_machine();
  const StarkRun perm_run = prove_run(config, perm.chips, perm.mains, perm.public_values);
  const ProvingKey bytes_pk = setup(TwoAdicFriPcs(config), bytes.chips);
  EXPECT_THROW(verify_with_config(config, bytes.chips, bytes_pk.vk, bytes.public_values, perm_run.proof),
               ProofRejected);
}

// ---- public interactions: the statement's own tuples on a bus --------------------------------------

// The sender's values received by the statement instead of a receiver chip.
std::vector<PublicInteraction> receive_publicly(std::span<const Fp> xs) {
  std::vector<PublicInteraction> out;
  for (Fp x : xs) out.push_back({kPermBus, InteractionKind::receive, {x}, Fp::one()});
  return out;
}

std::string prove_and_verify_public(std::span<const Fp> sent, std::span<const PublicInteraction> prover_side,
                                    std::span<const PublicInteraction> verifier_side) {
  const FriConfig config = sweep_config();
  const std::vector<Chip> chips = {Chip(PermSenderAir{})};
  const ProvingKey pk = setup(TwoAdicFriPcs(config), chips);
  const RowMajorMatrix<Fp> trace(std::vector<Fp>(sent.begin(), sent.end()), 1);
  const std::vector<MatrixView<const Fp>> views = {trace.view()};
  const std::vector<std::vector<Fp>> pv = {{}};
  const StarkProof proof = prove(config, chips, pk, views, pv, prover_side);
  try {
    verify_with_config(config, chips, pk.vk, pv, proof, verifier_side);
  } catch (const ProofRejected& e) {
    return e.what();
  }
  return "";
}

TEST(StarkAdversarial, PublicInteractionsBalanceTheBus) {
  const std::vector<PublicInteraction> honest = receive_publicly(kXs);
  EXPECT_EQ(prove_and_verify_public(kXs, honest, honest), "");
  // The debug bus checker sees the same balance.
  const PermSenderAir sender;
  const RowMajorMatrix<Fp> trace(kXs, 1);
  const std::vector<ChipTrace> traces = {chip_trace(sender, trace.view())};
  EXPECT_TRUE(check_buses(traces, honest).empty());
  EXPECT_EQ(check_buses(traces).size(), kXs.size());

  // The verifier's statement differs from what the chip sent: one value changed, one missing, one extra.
  std::vector<PublicInteraction> changed = honest;
  changed[3].values[0] += Fp::one();
  EXPECT_NE(prove_and_verify_public(kXs, honest, changed), "");
  EXPECT_NE(prove_and_verify_public(kXs, changed, changed).find("unbalanced bus"), std::string::npos);
  std::vector<PublicInteraction> missing(honest.begin(), honest.end() - 1);
  EXPECT_NE(prove_and_verify_public(kXs, missing, missing).find("unbalanced bus"), std::string::npos);
  std::vector<PublicInteraction> extra = honest;
  extra.push_back({kPermBus, InteractionKind::receive, {Fp(1000u)}, Fp::one()});
  EXPECT_NE(prove_and_verify_public(kXs, extra, extra).find("unbalanced bus"), std::string::npos);
  // The list is bound into the transcript: a proof made for one list fails for a reordered one even
  // though the multiset (and so the LogUp sum) is the same.
  std::vector<PublicInteraction> reordered = honest;
  std::swap(reordered[0], reordered[1]);
  EXPECT_NE(prove_and_verify_public(kXs, honest, reordered), "");
  // A public tuple of the wrong arity for its bus is refused.
  std::vector<PublicInteraction> wide = honest;
  wide[0].values.push_back(Fp::zero());
  EXPECT_THROW(prove_and_verify_public(kXs, wide, wide), std::invalid_argument);
}

// ---- the benchmark machine, small ---------------------------------------------------------------

TEST(StarkAdversarial, ChainMachineProvesAndCatchesAForgedCell) {
  const ChainAir sender("chain_sender", 20, ChainAir::Role::sender);
  const ChainAir low("chain_low", 14, ChainAir::Role::receiver), high("chain_high", 13, ChainAir::Role::receiver);
  Machine m{"chain", {Chip(sender), Chip(low), Chip(high)}, {}, {{Fp(0u)}, {Fp(0u)}, {Fp(16u)}}};
  m.mains.push_back(sender.generate_trace(32, 0));
  m.mains.push_back(low.generate_trace(16, 0));
  m.mains.push_back(high.generate_trace(16, 16));
  EXPECT_EQ(m.chips[0].max_constraint_degree(), 3u);
  EXPECT_EQ(m.chips[0].num_interactions(), 4u);
  EXPECT_EQ(m.chips[0].num_logup_groups(), 2u);  // degree-1 tuples, constant multiplicity: pairs
  EXPECT_EQ(prove_and_verify(m), "");
  EXPECT_EQ(prove_and_verify(m, test_config(2)), "");
  // The last column of the sender is in no tuple: only its own constraint can catch a change.
  m.mains[0](5, 19) += Fp::one();
  const auto failures = check_trace(sender, m.mains[0].view(), {}, m.public_values[0]);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].constraint_index, 20u);  // 2 counter constraints, x1, then x2..x19
  EXPECT_NE(prove_and_verify(m).find("chip chain_sender: constraints do not match"), std::string::npos);
}

}  // namespace
}  // namespace zkrv
