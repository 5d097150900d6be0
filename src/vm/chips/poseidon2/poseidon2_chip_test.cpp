// Poseidon2Chip (vm/chips/README.md, "Tests every chip has"): the trace's outputs are Poseidon2_16's
// (known answers, random inputs), every column equals an independent reference built from the header's
// round helpers, honest machines pass the debug builder and bus checker and prove; consistently forged
// outputs are named by the debug builder and rejected by the verifier; every single-cell mutation is
// rejected; the integer-pin check passes; the symbolic expressions stay small.
#include "vm/chips/poseidon2/poseidon2_chip.h"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <bit>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "air/integer_pins.h"
#include "air/symbolic.h"
#include "hash/poseidon2.h"
#include "stark/chip.h"
#include "vm/chips/common/pin_contracts.h"
#include "vm/chips/testing/alu_machine.h"

namespace zkrv::chips {
namespace {

using poseidon2_air::State;
using testing::AluTestMachine;
using C = Poseidon2Chip;

// A test consumer: row i sends (input, output) on the Poseidon2 bus with multiplicity `count`. No
// constraints: it sends whatever its trace says, true or false pairs.
class Poseidon2SenderChip : public AirDefaults {
 public:
  static constexpr size_t kCount = 32, kWidth = 33;
  std::string_view name() const noexcept { return "poseidon2_sender"; }
  size_t width() const noexcept { return kWidth; }
  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    State<Expr> in, out;
    for (size_t i = 0; i < 16; ++i) {
      in[i] = m.current(i);
      out[i] = m.current(16 + i);
    }
    b.send(kPoseidon2Bus, poseidon2_bus_tuple<Expr>(in, out), Expr(m.current(kCount)));
  }
  // One row per pair, zero padding (count 0) to a power of two >= 8.
  static RowMajorMatrix<Fp> trace(std::span<const State<Fp>> in, std::span<const State<Fp>> out,
                                  std::span<const uint32_t> counts) {
    RowMajorMatrix<Fp> t(std::max<size_t>(8, std::bit_ceil(in.size())), kWidth);
    for (size_t r = 0; r < in.size(); ++r) {
      for (size_t i = 0; i < 16; ++i) {
        t(r, i) = in[r][i];
        t(r, 16 + i) = out[r][i];
      }
      t(r, kCount) = Fp(counts[r]);
    }
    return t;
  }
};
static_assert(StarkAir<Poseidon2SenderChip>);

State<Fp> random_state(std::mt19937_64& rng) {
  State<Fp> s;
  for (Fp& x : s) x = Fp::random(rng);
  return s;
}

nlohmann::json known_answers() {
  std::ifstream in(ZKRV_POSEIDON2_JSON);
  if (!in) throw std::runtime_error("cannot open " ZKRV_POSEIDON2_JSON);
  const auto kat = nlohmann::json::parse(in)["poseidon2"]["16"]["known_answer"];
  return kat.is_array() ? kat : nlohmann::json::array({kat});
}

State<Fp> to_state(const nlohmann::json& values) {
  State<Fp> s;
  for (size_t i = 0; i < 16; ++i) s[i] = Fp::from_canonical(values.at(i).get<uint32_t>());
  return s;
}

State<Fp> output_of(const RowMajorMatrix<Fp>& t, size_t row) {
  State<Fp> out;
  for (size_t i = 0; i < 16; ++i) out[i] = t(row, C::kOutput + i);
  return out;
}

// The row the constraints describe, computed with the header's linear layers and the chip's constants
// (generate_trace uses the hash's own helpers instead). With tamper_round < 13, `delta` is added to that
// partial round's S-box output and everything after follows from the wrong value: a consistent forgery
// that only the round's post_sbox constraint can catch.
std::vector<Fp> reference_row(const State<Fp>& input, Fp multiplicity, size_t tamper_round = 99,
                              Fp delta = Fp::zero()) {
  using poseidon2_air::cube;
  const Poseidon2AirTables& k = poseidon2_air_tables();
  std::vector<Fp> row(C::kWidth);
  State<Fp> x = input;
  for (size_t i = 0; i < 16; ++i) row[C::kInput + i] = x[i];
  poseidon2_air::external_linear(x);
  const auto full = [&](const State<Fp>& c, size_t base) {
    for (size_t i = 0; i < 16; ++i) {
      const Fp t = x[i] + c[i], s = cube(t);
      row[base + C::kSbox + i] = s;
      x[i] = s * s * t;
    }
    poseidon2_air::external_linear(x);
    for (size_t i = 0; i < 16; ++i) row[base + C::kPost + i] = x[i];
  };
  for (size_t r = 0; r < 4; ++r) full(k.initial_constants[r], C::kInitialRounds + r * C::kFullRoundWidth);
  for (size_t r = 0; r < 13; ++r) {
    const size_t base = C::kPartialRounds + r * C::kPartialRoundWidth;
    const Fp t = x[0] + k.partial_constants[r], s = cube(t);
    row[base + C::kPartialSbox] = s;
    x[0] = s * s * t + (r == tamper_round ? delta : Fp::zero());
    row[base + C::kPostSbox] = x[0];
    poseidon2_air::internal_linear(x, k.internal_diag);
  }
  for (size_t r = 0; r < 4; ++r) full(k.final_constants[r], C::kFinalRounds + r * C::kFullRoundWidth);
  row[C::kMultiplicity] = multiplicity;
  return row;
}

TEST(Poseidon2Chip, ShapeMatchesTheHeader) {
  const AirInfo info = analyze(Poseidon2Chip{});
  EXPECT_EQ(info.width, 299u);
  EXPECT_EQ(info.num_constraints(), 282u);
  EXPECT_EQ(info.max_constraint_degree, 3u);
  for (const auto& c : info.constraints) EXPECT_EQ(c.degree, 3u) << c.name;
  ASSERT_EQ(info.interactions.size(), 1u);
  EXPECT_EQ(info.interactions[0].bus.id, kPoseidon2Bus.id);
  EXPECT_EQ(info.interactions[0].kind, InteractionKind::receive);
  EXPECT_EQ(info.interactions[0].values.size(), kPoseidon2BusArity);
  EXPECT_EQ(info.max_interaction_degree, 1u);
  EXPECT_FALSE(info.uses_next_row);
  const Chip chip(Poseidon2Chip{});
  EXPECT_EQ(chip.max_constraint_degree(), 3u);
  EXPECT_EQ(chip.log_quotient_chunks(), 1u);
  EXPECT_EQ(chip.num_logup_groups(), 1u);
  EXPECT_EQ(chip.num_permutation_columns(), 1u);
  const auto names = C::column_names();
  EXPECT_EQ(names[C::kOutput], "final_rounds[3].post[0]");
  EXPECT_EQ(names[C::kMultiplicity], "multiplicity");
  EXPECT_EQ(info.constraints.back().name, "poseidon2: final_rounds[3] post[15] = M_E(sbox^2 (x + c))_15");
}

// The flattened partial rounds keep every constraint a small tree (air/symbolic.cpp walks trees, not
// DAGs): the number of nodes a tree walk visits, counted with memoization.
TEST(Poseidon2Chip, ConstraintTreesStaySmall) {
  const AirInfo info = analyze(Poseidon2Chip{});
  std::unordered_map<const void*, size_t> memo;
  const auto tree_size = [&](const auto& self, const SymExpr& e) -> size_t {
    if (const auto it = memo.find(e.node_id()); it != memo.end()) return it->second;
    size_t n = 1;
    switch (e.op()) {
      case SymExpr::Op::add:
      case SymExpr::Op::sub:
      case SymExpr::Op::mul: n += self(self, e.lhs()) + self(self, e.rhs()); break;
      case SymExpr::Op::neg: n += self(self, e.lhs()); break;
      default: break;
    }
    return memo[e.node_id()] = n;
  };
  size_t largest = 0, total = 0;
  for (const auto& c : info.constraints) {
    const size_t n = tree_size(tree_size, c.expr);
    largest = std::max(largest, n);
    total += n;
  }
  std::cout << "constraint trees: largest " << largest << " nodes, total " << total << "\n";
  EXPECT_LT(largest, 5000u);
  EXPECT_LT(total, 200000u);
}

// The header's linear layers and the chip's constants compute Poseidon2_16 (so the constraints, which
// use them, describe the hash's permutation).
TEST(Poseidon2Chip, ReferenceIsThePermutation) {
  std::mt19937_64 rng(3);
  std::vector<State<Fp>> inputs = {State<Fp>{}};
  for (const auto& kat : known_answers()) inputs.push_back(to_state(kat["input"]));
  for (int i = 0; i < 50; ++i) inputs.push_back(random_state(rng));
  for (const auto& in : inputs) {
    const auto row = reference_row(in, Fp::one());
    const State<Fp> expected = Poseidon2_16::permuted(in);
    for (size_t i = 0; i < 16; ++i) EXPECT_EQ(row[C::kOutput + i], expected[i]);
  }
}

TEST(Poseidon2Chip, TraceMatchesKnownAnswers) {
  const auto kats = known_answers();
  ASSERT_FALSE(kats.empty());
  std::vector<State<Fp>> inputs;
  for (const auto& kat : kats) inputs.push_back(to_state(kat["input"]));
  const std::vector<uint32_t> counts(inputs.size(), 1);
  const RowMajorMatrix<Fp> t = Poseidon2Chip{}.generate_trace(inputs, counts);
  for (size_t r = 0; r < kats.size(); ++r) EXPECT_EQ(output_of(t, r), to_state(kats[r]["output"])) << "vector " << r;
}

// Random inputs: outputs are Poseidon2_16's, every cell is the reference's, padding rows are Perm(0)
// with multiplicity 0, and the debug builder accepts the trace.
TEST(Poseidon2Chip, TraceMatchesThePermutationAndTheReference) {
  std::mt19937_64 rng(5);
  std::vector<State<Fp>> inputs;
  std::vector<uint32_t> counts;
  for (int i = 0; i < 300; ++i) {
    inputs.push_back(random_state(rng));
    counts.push_back(static_cast<uint32_t>(rng() % 5));
  }
  const RowMajorMatrix<Fp> t = Poseidon2Chip{}.generate_trace(inputs, counts);
  ASSERT_EQ(t.height(), 512u);
  ASSERT_EQ(t.width(), C::kWidth);
  for (size_t r = 0; r < t.height(); ++r) {
    const bool real = r < inputs.size();
    const State<Fp> in = real ? inputs[r] : State<Fp>{};
    EXPECT_EQ(output_of(t, r), Poseidon2_16::permuted(in)) << "row " << r;
    const auto expected = reference_row(in, real ? Fp(counts[r]) : Fp::zero());
    ASSERT_TRUE(std::equal(expected.begin(), expected.end(), t.row(r).begin())) << "row " << r;
  }
  const auto failures = check_trace(Poseidon2Chip{}, t.view());
  EXPECT_TRUE(failures.empty()) << failures.front().describe();
}

TEST(Poseidon2Chip, EmptyTraceIsEightPaddingRows) {
  const RowMajorMatrix<Fp> t = Poseidon2Chip{}.generate_trace({}, {});
  ASSERT_EQ(t.height(), 8u);
  for (size_t r = 0; r < 8; ++r) {
    EXPECT_EQ(output_of(t, r), Poseidon2_16::permuted(State<Fp>{}));
    EXPECT_EQ(t(r, C::kMultiplicity), Fp::zero());
  }
  EXPECT_TRUE(check_trace(Poseidon2Chip{}, t.view()).empty());
}

TEST(Poseidon2Chip, RejectsMismatchedMultiplicities) {
  const std::vector<State<Fp>> inputs(3);
  const std::vector<uint32_t> counts(2, 1);
  EXPECT_THROW(Poseidon2Chip{}.generate_trace(inputs, counts), std::invalid_argument);
}

// Parallel trace generation gives the same trace as a single thread (docs/architecture.md section 2).
TEST(Poseidon2Chip, TraceIsDeterministicAcrossThreadCounts) {
  std::mt19937_64 rng(7);
  std::vector<State<Fp>> inputs(3000);
  for (auto& s : inputs) s = random_state(rng);
  const std::vector<uint32_t> counts(inputs.size(), 1);
  RowMajorMatrix<Fp> serial;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    serial = Poseidon2Chip{}.generate_trace(inputs, counts);
  }
  EXPECT_TRUE(Poseidon2Chip{}.generate_trace(inputs, counts) == serial);
}

// Slow (~10 s): the check expands each constraint into monomials, and the S-box constraints whose input
// is a 29-term affine form (partial rounds, first final round) cube to ~4,900 monomials, which solve()
// in air/integer_pins.cpp re-accumulates one term at a time by copying (quadratic in the term count).
TEST(Poseidon2Chip, EveryColumnIsDeclaredNotAnInteger) {
  const auto names = C::column_names();
  const std::vector<std::string_view> views(names.begin(), names.end());
  const IntegerPinReport report =
      check_integer_pins(analyze(Poseidon2Chip{}), views, C::integer_derivations(), kBusPinContracts);
  EXPECT_TRUE(report.ok()) << report.describe();
  ASSERT_EQ(report.columns.size(), C::kWidth);
  for (const ColumnPins& c : report.columns) EXPECT_EQ(c.status, PinStatus::not_an_integer) << c.name;
}

// ---- machines: the sender plays the consumers -------------------------------------------------------

struct Pairs {
  std::vector<State<Fp>> in, out;
  std::vector<uint32_t> counts;
};

// Consumer sends (one row each, count 1) and the chip's rows: one per distinct input, multiplicity the
// number of sends, plus an input nobody sends (multiplicity 0).
struct Scenario {
  Pairs sends;
  std::vector<State<Fp>> chip_inputs;
  std::vector<uint32_t> chip_counts;
};

Scenario honest_scenario(size_t n_random, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Scenario s;
  std::vector<State<Fp>> distinct = {State<Fp>{}};
  for (const auto& kat : known_answers()) distinct.push_back(to_state(kat["input"]));
  for (size_t i = 0; i < n_random; ++i) distinct.push_back(random_state(rng));
  for (size_t d = 0; d < distinct.size(); ++d) {
    const uint32_t sends = static_cast<uint32_t>(d % 3);  // 0, 1 or 2 sends of this pair
    for (uint32_t j = 0; j < sends; ++j) {
      s.sends.in.push_back(distinct[d]);
      s.sends.out.push_back(Poseidon2_16::permuted(distinct[d]));
      s.sends.counts.push_back(1);
    }
    s.chip_inputs.push_back(distinct[d]);
    s.chip_counts.push_back(sends);
  }
  return s;
}

constexpr size_t kSender = 1, kPoseidon2 = 2;

AluTestMachine machine_of(const Pairs& sends, RowMajorMatrix<Fp> chip_trace) {
  AluTestMachine m(std::span<const AluEvent>{});
  EXPECT_EQ(m.add_chip(Poseidon2SenderChip{}, Poseidon2SenderChip::trace(sends.in, sends.out, sends.counts)),
            kSender);
  EXPECT_EQ(m.add_chip(Poseidon2Chip{}, std::move(chip_trace), C::column_names()), kPoseidon2);
  return m;
}

AluTestMachine honest_machine(const Scenario& s) {
  return machine_of(s.sends, Poseidon2Chip{}.generate_trace(s.chip_inputs, s.chip_counts));
}

TEST(Poseidon2Chip, HonestMachinePassesAndProves) {
  const AluTestMachine m = honest_machine(honest_scenario(20, 11));
  const auto problems = m.check();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_NO_THROW(m.prove_and_verify());
}

// A consumer's false pair with an honest chip: no row answers it.
TEST(Poseidon2Chip, FalsePairIsRejectedByTheBus) {
  Scenario s = honest_scenario(4, 13);
  ASSERT_FALSE(s.sends.out.empty());
  s.sends.out[0][3] += Fp::one();
  const AluTestMachine m = honest_machine(s);
  EXPECT_TRUE(m.constraint_failures(kPoseidon2).empty());
  EXPECT_EQ(testing::rejected_by_bus(m), "");
}

// The chip's row claims Perm(a) + e_5 and the consumer sends the same false pair: the bus balances, the
// last round's post[5] constraint names it, the verifier rejects.
TEST(Poseidon2Chip, ForgedOutputIsNamedAndRejected) {
  std::mt19937_64 rng(17);
  const State<Fp> a = random_state(rng);
  State<Fp> forged = Poseidon2_16::permuted(a);
  forged[5] += Fp::one();
  const Pairs sends{{a}, {forged}, {1}};
  const std::vector<State<Fp>> inputs = {a};
  const std::vector<uint32_t> counts = {1};
  RowMajorMatrix<Fp> t = Poseidon2Chip{}.generate_trace(inputs, counts);
  t(0, C::kOutput + 5) += Fp::one();
  const AluTestMachine m = machine_of(sends, std::move(t));
  const std::string_view name = "poseidon2: final_rounds[3] post[5] = M_E(sbox^2 (x + c))_5";
  EXPECT_EQ(testing::rejected_only_by_constraint(m, kPoseidon2, name), "");
  EXPECT_EQ(m.constraint_failures(kPoseidon2).size(), 1u);
}

// A deeper forgery: partial round 6's S-box output is off by one and every later column follows from the
// wrong value, so exactly one constraint fails; the consumer sends the resulting (wrong) output.
TEST(Poseidon2Chip, ForgedSboxOutputIsNamedAndRejected) {
  std::mt19937_64 rng(19);
  const State<Fp> a = random_state(rng);
  const auto row = reference_row(a, Fp::one(), 6, Fp::one());
  const RowMajorMatrix<Fp> forged_row(row, C::kWidth);
  State<Fp> forged = output_of(forged_row, 0);
  ASSERT_NE(forged, Poseidon2_16::permuted(a));
  const std::vector<State<Fp>> inputs = {a};
  const std::vector<uint32_t> counts = {1};
  RowMajorMatrix<Fp> t = Poseidon2Chip{}.generate_trace(inputs, counts);
  std::copy(row.begin(), row.end(), t.row(0).begin());
  const AluTestMachine m = machine_of(Pairs{{a}, {forged}, {1}}, std::move(t));
  const auto failures = m.constraint_failures(kPoseidon2);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].name, "poseidon2: partial_rounds[6] post_sbox = sbox^2 (x_0 + c)");
  EXPECT_EQ(testing::rejected_only_by_constraint(m, kPoseidon2, failures[0].name), "");
}

TEST(Poseidon2Chip, EveryMutationIsRejected) {
  AluTestMachine m = honest_machine(honest_scenario(12, 23));  // 14 distinct inputs: 16 rows, 2 padding
  ASSERT_EQ(m.trace(kPoseidon2).height(), 16u);
  const auto report = testing::sweep_chip(m, kPoseidon2, {.max_rows_per_column = 16, .seed = 4, .prove_samples = 2});
  EXPECT_EQ(report.mutations, 2u * C::kWidth * 16);
  EXPECT_EQ(report.proved, 2u);
  EXPECT_TRUE(report.accepted.empty()) << report.accepted.size() << " accepted, e.g. " << report.accepted.front();
}

}  // namespace
}  // namespace zkrv::chips
