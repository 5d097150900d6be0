// Field throughput: elements per second (items_per_second). Arrays of 16K elements (64 KiB each) keep
// the data in L2, so the packed loops measure arithmetic rather than DRAM.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "field/babybear.h"
#include "field/batch_inverse.h"
#include "field/extension.h"
#include "field/packed_babybear.h"
#include "field/packed_extension.h"

namespace zkrv {
namespace {

constexpr size_t kN = 1 << 14;

std::vector<Fp> random_vec(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Fp> v(n);
  for (auto& x : v) x = Fp::random(rng);
  return v;
}

// Truly scalar: vectorization disabled for this loop so it measures Fp::operator*.
__attribute__((noinline, optimize("no-tree-vectorize"))) void mul_arrays_scalar(Fp* a, const Fp* b, size_t n) {
  for (size_t i = 0; i < n; ++i) a[i] = a[i] * b[i];
}

void BM_FpMulScalar(benchmark::State& state) {
  auto a = random_vec(kN, 1), b = random_vec(kN, 2);
  for (auto _ : state) {
    mul_arrays_scalar(a.data(), b.data(), kN);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kN);
}
BENCHMARK(BM_FpMulScalar);

// The same loop as the compiler auto-vectorizes it (for comparison with the hand-written packed path).
void BM_FpMulAutoVec(benchmark::State& state) {
  auto a = random_vec(kN, 1), b = random_vec(kN, 2);
  for (auto _ : state) {
    for (size_t i = 0; i < kN; ++i) a[i] = a[i] * b[i];
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kN);
}
BENCHMARK(BM_FpMulAutoVec);

// Latency: a dependent chain of multiplications.
void BM_FpMulLatency(benchmark::State& state) {
  Fp x = Fp(12345u);
  const Fp y = Fp(678910u);
  for (auto _ : state) {
    for (int i = 0; i < 1024; ++i) x = x * y;
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 1024);
}
BENCHMARK(BM_FpMulLatency);

template <class PF>
void BM_PackedMul(benchmark::State& state) {
  auto a = random_vec(kN, 1), b = random_vec(kN, 2);
  for (auto _ : state) {
    for (size_t i = 0; i < kN; i += PF::WIDTH) (PF::load(&a[i]) * PF::load(&b[i])).store(&a[i]);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kN);
  state.SetLabel(PF::Backend::NAME);
}
template <class PF>
void BM_PackedAdd(benchmark::State& state) {
  auto a = random_vec(kN, 1), b = random_vec(kN, 2);
  for (auto _ : state) {
    for (size_t i = 0; i < kN; i += PF::WIDTH) (PF::load(&a[i]) + PF::load(&b[i])).store(&a[i]);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kN);
  state.SetLabel(PF::Backend::NAME);
}
BENCHMARK_TEMPLATE(BM_PackedMul, PackedFp);
BENCHMARK_TEMPLATE(BM_PackedAdd, PackedFp);
#if defined(__AVX512F__)
BENCHMARK_TEMPLATE(BM_PackedMul, PackedFpT<packed::Avx2Backend>);
BENCHMARK_TEMPLATE(BM_PackedAdd, PackedFpT<packed::Avx2Backend>);
#endif

void BM_ExtMul(benchmark::State& state) {
  constexpr size_t n = kN / 4;
  std::mt19937_64 rng(3);
  std::vector<Ext> a(n), b(n);
  for (auto& x : a) x = Ext::random(rng);
  for (auto& x : b) x = Ext::random(rng);
  for (auto _ : state) {
    for (size_t i = 0; i < n; ++i) a[i] *= b[i];
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * n);
}
BENCHMARK(BM_ExtMul);

void BM_PackedExtMul(benchmark::State& state) {
  constexpr size_t n = kN / 4 / PackedFp::WIDTH;
  std::mt19937_64 rng(3);
  std::vector<PackedExt> a(n), b(n);
  for (auto& x : a) x = PackedExt::from_coeffs({PackedFp(Fp::random(rng)), PackedFp::from_fn([&](size_t) { return Fp::random(rng); }),
                                                PackedFp(Fp::random(rng)), PackedFp::from_fn([&](size_t) { return Fp::random(rng); })});
  for (auto& x : b) x = PackedExt::from_coeffs({PackedFp::from_fn([&](size_t) { return Fp::random(rng); }), PackedFp(Fp::random(rng)),
                                                PackedFp::from_fn([&](size_t) { return Fp::random(rng); }), PackedFp(Fp::random(rng))});
  for (auto _ : state) {
    for (size_t i = 0; i < n; ++i) a[i] *= b[i];
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * n * PackedFp::WIDTH);
  state.SetLabel(kPackedFpBackend);
}
BENCHMARK(BM_PackedExtMul);

void BM_FpInverse(benchmark::State& state) {
  Fp x = Fp(12345u);
  for (auto _ : state) {
    x = x.inverse() + Fp::one();
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_FpInverse);

void BM_ExtInverse(benchmark::State& state) {
  std::mt19937_64 rng(4);
  Ext x = Ext::random(rng);
  for (auto _ : state) {
    x = x.inverse() + Fp::one();
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ExtInverse);

void BM_FpBatchInverse(benchmark::State& state) {
  const auto src = random_vec(size_t{1} << 16, 5);
  std::vector<Fp> v;
  for (auto _ : state) {
    v = src;
    batch_inverse_in_place(std::span<Fp>(v));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) << 16);
}
BENCHMARK(BM_FpBatchInverse);

}  // namespace
}  // namespace zkrv
