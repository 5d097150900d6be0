// Merkle commit of an LDE-sized matrix (docs/architecture.md section 6). Run with --benchmark_repetitions=N
// --benchmark_report_aggregates_only=true for medians. The thread count is the benchmark argument.
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <random>

#include "merkle/merkle_tree.h"

namespace zkrv {
namespace {

void BM_MerkleCommit(benchmark::State& state) {
  const unsigned log_h = static_cast<unsigned>(state.range(0));
  const size_t width = static_cast<size_t>(state.range(1));
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, static_cast<size_t>(state.range(2)));
  std::mt19937_64 rng(1);
  const auto m = RowMajorMatrix<Fp>::random(size_t{1} << log_h, width, rng);
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<RowMajorMatrix<Fp>> batch;
    batch.push_back(m);  // the tree takes ownership; the copy is not measured
    state.ResumeTiming();
    const MerkleTree tree(std::move(batch));
    benchmark::DoNotOptimize(tree.root());
  }
  state.SetItemsProcessed(state.iterations() * (int64_t{1} << log_h));
}
BENCHMARK(BM_MerkleCommit)
    ->ArgNames({"log_h", "w", "threads"})
    ->Args({21, 64, 1})
    ->Args({21, 64, 2})
    ->Args({20, 64, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace zkrv
