// Proof-of-work grinding (16 bits, expected 2^16 candidates) and plain sampling.
#include <benchmark/benchmark.h>

#include "transcript/challenger.h"

namespace zkrv {
namespace {

void BM_Grind16(benchmark::State& state) {
  uint32_t seed = 0;
  for (auto _ : state) {
    Challenger c;
    c.observe(Fp(seed++));  // a different search every iteration
    benchmark::DoNotOptimize(c.grind(16));
  }
}
BENCHMARK(BM_Grind16)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ObserveSample(benchmark::State& state) {
  Challenger c;
  uint32_t i = 0;
  for (auto _ : state) {
    c.observe(Fp(i++));
    benchmark::DoNotOptimize(c.sample());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ObserveSample);

}  // namespace
}  // namespace zkrv
