// PCS prove and verify at the size of docs/architecture.md section 6: one 2^20 x 64 matrix, opened at two points
// (zeta and zeta * g, as a STARK opens its trace), with a named configuration. Run with
// --benchmark_repetitions=N --benchmark_report_aggregates_only=true for medians.
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <chrono>
#include <map>
#include <string>
#include <memory>
#include <random>

#include "fri/pcs.h"

namespace zkrv {
namespace {

struct Fixture {
  const FriConfig* config;
  std::vector<RowMajorMatrix<Fp>> evals;
  Digest root;
  std::vector<std::vector<Ext>> points;
  PcsOpening opening;
  size_t proof_bytes = 0;
};

Challenger transcript(const Digest& root) {
  Challenger ch;
  ch.observe_label("zkrv/bench/pcs");
  ch.observe(root);
  return ch;
}

std::vector<std::vector<Ext>> points_for(Challenger& ch, unsigned log_n) {
  const Ext zeta = ch.sample_ext();
  return {{zeta, zeta * Fp::two_adic_generator(log_n)}};
}

// Built once per (config, size) and shared by the verify benchmark.
Fixture& fixture(const char* name, unsigned log_n, size_t width) {
  static std::map<std::string, std::unique_ptr<Fixture>> cache;
  const std::string key = std::string(name) + "/" + std::to_string(log_n) + "/" + std::to_string(width);
  auto& f = cache[key];
  if (!f) {
    f = std::make_unique<Fixture>();
    f->config = &fri_config_by_name(name);
    std::mt19937_64 rng(1);
    f->evals.push_back(RowMajorMatrix<Fp>::random(size_t{1} << log_n, width, rng));
    const TwoAdicFriPcs pcs(*f->config);
    auto [root, data] = pcs.commit(f->evals);
    f->root = root;
    Challenger ch = transcript(root);
    f->points = points_for(ch, log_n);
    const PcsOpenRequest req{&data, f->points};
    f->opening = pcs.open(std::span(&req, 1), ch);
    f->proof_bytes = serialize_fri_proof(f->opening.proof, *f->config).size();
  }
  return *f;
}

void BM_PcsProve(benchmark::State& state, const char* name) {
  const unsigned log_n = static_cast<unsigned>(state.range(0));
  const size_t width = static_cast<size_t>(state.range(1));
  Fixture& f = fixture(name, log_n, width);
  const TwoAdicFriPcs pcs(*f.config);
  double commit_s = 0, open_s = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    auto [root, data] = pcs.commit(f.evals);
    const auto t1 = std::chrono::steady_clock::now();
    Challenger ch = transcript(root);
    const auto points = points_for(ch, log_n);
    const PcsOpenRequest req{&data, points};
    PcsOpening opening = pcs.open(std::span(&req, 1), ch);
    const auto t2 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(opening);
    commit_s += std::chrono::duration<double>(t1 - t0).count();
    open_s += std::chrono::duration<double>(t2 - t1).count();
  }
  state.counters["commit_s"] = commit_s / static_cast<double>(state.iterations());
  state.counters["open_s"] = open_s / static_cast<double>(state.iterations());
  state.counters["proof_bytes"] = static_cast<double>(f.proof_bytes);
}

void BM_PcsVerify(benchmark::State& state, const char* name) {
  const unsigned log_n = static_cast<unsigned>(state.range(0));
  const size_t width = static_cast<size_t>(state.range(1));
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, static_cast<size_t>(state.range(2)));
  Fixture& f = fixture(name, log_n, width);
  const TwoAdicFriPcs pcs(*f.config);
  const std::vector<PcsVerifyRound> claims = {
      {f.root, {{log_n, width, f.points[0], f.opening.values[0][0]}}}};
  const auto bytes = serialize_fri_proof(f.opening.proof, *f.config);
  for (auto _ : state) {
    // Decoding is part of verification.
    const FriProof proof = deserialize_fri_proof(bytes, fri_config_by_name(name));
    Challenger ch = transcript(f.root);
    (void)points_for(ch, log_n);
    pcs.verify(claims, proof, ch);
  }
  state.counters["proof_bytes"] = static_cast<double>(bytes.size());
}

BENCHMARK_CAPTURE(BM_PcsProve, b2, "zkrv-fri-b2-v2")
    ->ArgNames({"log_n", "w"})
    ->Args({20, 64})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_PcsVerify, b2, "zkrv-fri-b2-v2")
    ->ArgNames({"log_n", "w", "threads"})
    ->Args({20, 64, 1})
    ->Args({20, 64, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_PcsProve, b4, "zkrv-fri-b4-v2")
    ->ArgNames({"log_n", "w"})
    ->Args({20, 64})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_PcsVerify, b4, "zkrv-fri-b4-v2")
    ->ArgNames({"log_n", "w", "threads"})
    ->Args({20, 64, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace zkrv
