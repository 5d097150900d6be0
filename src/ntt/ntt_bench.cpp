// NTT and LDE throughput (docs/architecture.md section 6). The last argument of every benchmark is the thread
// count (tbb::global_control), so the 1- and 2-thread figures sit side by side. Wall-clock time.
//   ntt_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <random>

#include "field/packed_babybear.h"
#include "matrix/row_major_matrix.h"
#include "ntt/barycentric.h"
#include "ntt/coset_lde.h"
#include "ntt/ntt.h"

namespace zkrv {
namespace {

RowMajorMatrix<Fp> random_matrix(size_t log_n, size_t w) {
  std::mt19937_64 rng(1);
  return RowMajorMatrix<Fp>::random(size_t{1} << log_n, w, rng);
}

// args: log_n, width, threads
void BM_Ntt(benchmark::State& state) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, state.range(2));
  auto m = random_matrix(state.range(0), state.range(1));
  ntt_in_place(m.view(), RowOrder::natural, RowOrder::bit_reversed);  // warm the twiddle tables
  for (auto _ : state) {
    ntt_in_place(m.view(), RowOrder::natural, RowOrder::bit_reversed);
    benchmark::DoNotOptimize(m.data());
  }
  state.SetBytesProcessed(state.iterations() * m.values().size_bytes());
  state.SetLabel(kPackedFpBackend);
}
BENCHMARK(BM_Ntt)->ArgNames({"log_n", "w", "threads"})
    ->Args({20, 1, 1})->Args({20, 1, 2})->Args({20, 64, 1})->Args({20, 64, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// Natural -> natural (includes one bit-reversal permutation).
void BM_NttNatural(benchmark::State& state) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, state.range(2));
  auto m = random_matrix(state.range(0), state.range(1));
  ntt_in_place(m.view());
  for (auto _ : state) {
    ntt_in_place(m.view());
    benchmark::DoNotOptimize(m.data());
  }
}
BENCHMARK(BM_NttNatural)->ArgNames({"log_n", "w", "threads"})
    ->Args({20, 1, 1})->Args({20, 64, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// args: log_n, width, log_blowup, threads. Includes allocating the output.
void BM_CosetLde(benchmark::State& state) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, state.range(3));
  const auto m = random_matrix(state.range(0), state.range(1));
  for (auto _ : state) {
    auto lde = coset_lde_batch(m.view(), static_cast<unsigned>(state.range(2)));
    benchmark::DoNotOptimize(lde.data());
  }
}
BENCHMARK(BM_CosetLde)->ArgNames({"log_n", "w", "log_blowup", "threads"})
    ->Args({20, 64, 1, 1})->Args({20, 64, 1, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// The same with a zero-knowledge randomizer of 176 coefficients per column (docs/zero-knowledge.md,
// part 3): it should cost what BM_CosetLde costs.
void BM_CosetLdeRandomized(benchmark::State& state) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, state.range(3));
  const auto m = random_matrix(state.range(0), state.range(1));
  std::mt19937_64 rng(2);
  const auto r = RowMajorMatrix<Fp>::random(176, state.range(1), rng);
  for (auto _ : state) {
    auto lde = coset_lde_batch_randomized(m.view(), r.view(), static_cast<unsigned>(state.range(2)));
    benchmark::DoNotOptimize(lde.data());
  }
}
BENCHMARK(BM_CosetLdeRandomized)->ArgNames({"log_n", "w", "log_blowup", "threads"})
    ->Args({20, 64, 1, 1})->Args({20, 64, 1, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// args: log_n, width, threads: DEEP-style evaluation of every column at one Ext point.
void BM_EvaluateAtPoint(benchmark::State& state) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, state.range(2));
  const auto m = random_matrix(state.range(0), state.range(1));
  std::mt19937_64 rng(2);
  const Ext z = Ext::random(rng);
  for (auto _ : state) {
    auto v = evaluate_at_point(m.view(), kLdeShift, z, RowOrder::bit_reversed);
    benchmark::DoNotOptimize(v.data());
  }
}
BENCHMARK(BM_EvaluateAtPoint)->ArgNames({"log_n", "w", "threads"})
    ->Args({21, 64, 1})->Args({21, 64, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace zkrv
