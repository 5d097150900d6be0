// Poseidon2Chip costs (poseidon2_chip.h): what building the chip costs each prove/verify (symbolic
// analysis + LogUp grouping), trace generation throughput (items_per_second = permutations/s), a proof of
// the chip alone, and, for the record, how the literally chained partial rounds would grow as trees
// (what the flattened forms avoid). Run with
//   --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// and read the medians; these machines are shared and noisy (docs/architecture.md section 6).
#include <benchmark/benchmark.h>

#include <random>
#include <unordered_map>
#include <vector>

#include "air/symbolic.h"
#include "stark/chip.h"
#include "stark/stark_test_util.h"
#include "vm/chips/poseidon2/poseidon2_chip.h"

namespace zkrv::chips {
namespace {

using poseidon2_air::State;

std::vector<State<Fp>> random_inputs(size_t n) {
  std::mt19937_64 rng(1);
  std::vector<State<Fp>> v(n);
  for (auto& s : v)
    for (Fp& x : s) x = Fp::random(rng);
  return v;
}

// What machine_chips() pays per chip: the Chip wrapper (analyze + LogUp grouping).
void BM_ChipConstruction(benchmark::State& state) {
  for (auto _ : state) {
    Chip chip(Poseidon2Chip{});
    benchmark::DoNotOptimize(chip);
  }
}
BENCHMARK(BM_ChipConstruction)->Unit(benchmark::kMillisecond);

void BM_GenerateTrace(benchmark::State& state) {
  const auto inputs = random_inputs(static_cast<size_t>(state.range(0)));
  const std::vector<uint32_t> counts(inputs.size(), 1);
  for (auto _ : state) {
    auto t = Poseidon2Chip{}.generate_trace(inputs, counts);
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_GenerateTrace)->Arg(1 << 12)->Arg(1 << 16)->Unit(benchmark::kMillisecond)->UseRealTime();

// Prove and verify the chip alone (every multiplicity 0, so the bus balances) at 2^k rows.
void BM_ProveAlone(benchmark::State& state) {
  const auto inputs = random_inputs(size_t{1} << state.range(0));
  const std::vector<uint32_t> counts(inputs.size(), 0);
  const auto config = stark_test::test_config();
  for (auto _ : state) {
    auto run = stark_test::prove_run(config, {Chip(Poseidon2Chip{})},
                                     {Poseidon2Chip{}.generate_trace(inputs, counts)}, {{}});
    stark_test::verify_run(config, run, run.proof);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(inputs.size()));
}
BENCHMARK(BM_ProveAlone)->Arg(12)->Unit(benchmark::kMillisecond)->UseRealTime();

// The literal chain: lane 0 after k partial rounds from 16 variables, as SymExpr. counters: the DAG's
// distinct nodes and the nodes a tree walk (uses_next_row, Polynomial::from) would visit.
void BM_ChainedPartialRoundsTree(benchmark::State& state) {
  const Poseidon2AirTables& k = poseidon2_air_tables();
  const size_t rounds = static_cast<size_t>(state.range(0));
  SymExpr lane0;
  for (auto _ : state) {
    State<SymExpr> x;
    for (uint32_t j = 0; j < 16; ++j) x[j] = SymExpr(SymVar{Entry::main, 0, j});
    for (size_t r = 0; r < rounds; ++r) {
      x[0] = SymExpr(SymVar{Entry::main, 0, static_cast<uint32_t>(16 + r)}) + k.partial_constants[r];
      poseidon2_air::internal_linear(x, k.internal_diag);
    }
    lane0 = x[0];
    benchmark::DoNotOptimize(lane0);
  }
  std::unordered_map<const void*, double> tree;
  const auto walk = [&](const auto& self, const SymExpr& e) -> double {
    if (const auto it = tree.find(e.node_id()); it != tree.end()) return it->second;
    double n = 1;
    if (e.op() == SymExpr::Op::add || e.op() == SymExpr::Op::sub || e.op() == SymExpr::Op::mul)
      n += self(self, e.lhs()) + self(self, e.rhs());
    else if (e.op() == SymExpr::Op::neg)
      n += self(self, e.lhs());
    return tree[e.node_id()] = n;
  };
  state.counters["tree_nodes"] = walk(walk, lane0);
  state.counters["dag_nodes"] = static_cast<double>(tree.size());
}
BENCHMARK(BM_ChainedPartialRoundsTree)->DenseRange(1, 13, 3)->Arg(13);

// The tree walk itself on the chain (uses_next_row, as every Chip construction runs it), small k only.
void BM_ChainedUsesNextRow(benchmark::State& state) {
  const Poseidon2AirTables& k = poseidon2_air_tables();
  State<SymExpr> x;
  for (uint32_t j = 0; j < 16; ++j) x[j] = SymExpr(SymVar{Entry::main, 0, j});
  for (size_t r = 0; r < static_cast<size_t>(state.range(0)); ++r) {
    x[0] = SymExpr(SymVar{Entry::main, 0, static_cast<uint32_t>(16 + r)}) + k.partial_constants[r];
    poseidon2_air::internal_linear(x, k.internal_diag);
  }
  for (auto _ : state) benchmark::DoNotOptimize(uses_next_row(x[0]));
}
BENCHMARK(BM_ChainedUsesNextRow)->DenseRange(1, 4)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace zkrv::chips
