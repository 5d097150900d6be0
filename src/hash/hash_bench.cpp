// Poseidon2 and hashing throughput on one core (items_per_second). Run with
//   --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// and read the medians; these machines are shared and noisy (docs/architecture.md section 6).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "hash/compress.h"
#include "hash/hash_bytes.h"
#include "hash/poseidon2.h"
#include "hash/sponge.h"

namespace zkrv {
namespace {

template <size_t W>
void BM_Poseidon2Scalar(benchmark::State& state) {
  std::mt19937_64 rng(1);
  typename Poseidon2<W>::State s;
  for (auto& x : s) x = Fp::random(rng);
  for (auto _ : state) {
    Poseidon2<W>::permute(s);  // chained: each permutation waits for the previous one (latency)
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Poseidon2Scalar<16>);
BENCHMARK(BM_Poseidon2Scalar<24>);

template <size_t W>
void BM_Poseidon2Packed(benchmark::State& state) {
  std::mt19937_64 rng(1);
  typename Poseidon2<W>::PackedState s;
  for (auto& x : s) x = PackedFp::from_fn([&](size_t) { return Fp::random(rng); });
  for (auto _ : state) {
    Poseidon2<W>::permute(s);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * PackedFp::WIDTH));  // permutations
}
BENCHMARK(BM_Poseidon2Packed<16>);
BENCHMARK(BM_Poseidon2Packed<24>);

// Leaf hashing of a 2^16 x 64 matrix (16 MiB), packed; items = rows.
template <class H>
void BM_HashRows(benchmark::State& state) {
  constexpr size_t ROWS = size_t{1} << 16, COLS = 64;
  std::mt19937_64 rng(2);
  std::vector<Fp> m(ROWS * COLS);
  for (auto& x : m) x = Fp::random(rng);
  std::vector<Digest> out(ROWS);
  for (auto _ : state) {
    H::hash_rows(m.data(), COLS, COLS, ROWS, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * ROWS));
}
BENCHMARK(BM_HashRows<RowHasher16>)->Name("BM_HashRows/w16r8")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HashRows<RowHasher24>)->Name("BM_HashRows/w24r16")->Unit(benchmark::kMillisecond);

void BM_CompressScalar(benchmark::State& state) {
  Digest l, r;
  for (uint32_t i = 0; i < 8; ++i) {
    l[i] = Fp(i);
    r[i] = Fp(100 + i);
  }
  for (auto _ : state) {
    l = compress(l, r);
    benchmark::DoNotOptimize(l);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_CompressScalar);

void BM_CompressPacked(benchmark::State& state) {
  PackedDigest l, r;
  for (uint32_t i = 0; i < 8; ++i) {
    l[i] = PackedFp::from_fn([&](size_t k) { return Fp(static_cast<uint32_t>(i + 16 * k)); });
    r[i] = PackedFp::from_fn([&](size_t k) { return Fp(static_cast<uint32_t>(1000 + i + 16 * k)); });
  }
  for (auto _ : state) {
    l = compress(l, r);
    benchmark::DoNotOptimize(l);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * PackedFp::WIDTH));
}
BENCHMARK(BM_CompressPacked);

void BM_HashBytes(benchmark::State& state) {  // e.g. a journal; items = bytes
  std::vector<uint8_t> data(static_cast<size_t>(state.range(0)), 0x5a);
  for (auto _ : state) benchmark::DoNotOptimize(hash_bytes("zkrv/bench", data));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_HashBytes)->Arg(64)->Arg(1 << 16);

}  // namespace
}  // namespace zkrv
