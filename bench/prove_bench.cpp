// End-to-end proving of the example guests (vm/machine/machine.h): execute in tracing mode, generate
// every chip's trace, prove one segment, verify. Reports proving kHz (cycles / wall seconds of the whole
// prove_segment), peak RSS, proof bytes, verification time and committed cells per cycle (all tables,
// padding included, an extension column counting 4), with the STARK's phase split.
//
// Each benchmark proves once (Iterations(1)): run one at a time (--benchmark_filter) so that peak RSS
// belongs to that run alone. Sizes: fibonacci(n) and SHA-256 of k bytes, chosen near 2^20 and 2^22
// cycles (the segment limit).
//
// Measured 2026-12-06 on the 2-core AMD EPYC (AVX-512) VM, Release, one run each, named configurations v2
// (blowup 2 unless said; prove kHz = cycles / wall seconds of execute + traces + STARK; RSS = process peak):
//   guest            cycles  cells/cycle  prove     kHz   peak RSS  proof      verify
//   fibonacci        1.00 M  173.3        16.3 s    61    2.38 GiB  819.8 KB   10.6 ms
//   SHA-256 18 KB    1.02 M  199.8        17.2 s    60    2.71 GiB  915.3 KB   12.8 ms
//   SHA-256 (b4)     1.02 M  199.8        28.5 s    36    4.95 GiB  489.3 KB    6.7 ms
//   fibonacci        4.10 M  167.3        56.9 s    72    9.26 GiB  849.4 KB   11.3 ms
//   SHA-256 72 KB    4.08 M  197.6        68.8 s    59   10.55 GiB  948.2 KB   11.9 ms
// Phases at SHA-256 1 M (b2): execute 0.04, traces 0.43, main commit 3.57, LogUp 6.51, quotient 4.35,
// openings 1.70, FRI 0.49 s. Repeated runs vary by about 15% on this shared VM.
//
// Measured 2026-12-07 after the prover-speed work (buffer pool, packed LogUp traces, DEEP and quotient
// rework, Merkle trees without their lowest levels), same VM, three runs each, the middle one:
//   SHA-256 18 KB    1.02 M  200.3        10.9 s    94    1.88 GiB  1.13 MB     10.5 ms
//   matmul n=48      1.04 M  180.6        10.2 s   102    1.75 GiB  1.18 MB     10.5 ms
// Phases at SHA-256 1 M: traces 0.21, main commit 2.90, LogUp 3.72, quotient 2.76, openings 0.72,
// FRI 0.48 s.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "fri/config.h"
#include "stark/proof.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine.h"

namespace zkrv {
namespace {

std::string elf(const char* name) { return std::string(ZKRV_GUEST_BIN_DIR) + "/" + name + ".elf"; }

double peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) * 1024.0;
}

std::vector<uint8_t> fibonacci_input(uint32_t n) {
  return {static_cast<uint8_t>(n), static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n >> 16),
          static_cast<uint8_t>(n >> 24)};
}

std::vector<uint8_t> random_bytes(size_t n) {
  std::mt19937_64 rng(7);
  std::vector<uint8_t> out(n);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

void prove_guest(benchmark::State& state, const char* guest, const std::vector<uint8_t>& input, const char* config_name) {
  const MachineImage image{load_elf_file(elf(guest))};
  const FriConfig& config = fri_config_by_name(config_name);
  SegmentProof proof;
  for (auto _ : state) proof = prove_segment(image, input, config);
  const Digest root = preprocessed_root(config);
  const MachineShape shape = machine_shape(image);
  std::vector<double> verify_ms;
  for (int i = 0; i < 25; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    verify_segment(shape, root, proof.statement, proof.claim, proof.proof);
    verify_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(verify_ms.begin(), verify_ms.end());
  const ProveReport& r = proof.report;
  state.counters["cycles"] = static_cast<double>(r.cycles);
  state.counters["prove_khz"] = static_cast<double>(r.cycles) / r.total_seconds / 1e3;
  state.counters["prove_s"] = r.total_seconds;
  state.counters["execute_s"] = r.execute_seconds;
  state.counters["trace_s"] = r.trace_seconds;
  state.counters["main_s"] = r.stark.main_commit_seconds;
  state.counters["logup_s"] = r.stark.logup_seconds;
  state.counters["quotient_s"] = r.stark.quotient_seconds;
  state.counters["openings_s"] = r.stark.openings_seconds;
  state.counters["fri_s"] = r.stark.fri_seconds;
  state.counters["cells_per_cycle"] = r.committed_cells_per_cycle();
  state.counters["proof_bytes"] = static_cast<double>(serialize_stark_proof(proof.proof, config).size());
  state.counters["verify_ms"] = verify_ms[verify_ms.size() / 2];
  state.counters["verify_ms_min"] = verify_ms.front();  // the least disturbed run, on a noisy machine
  state.counters["peak_rss_GiB"] = peak_rss_bytes() / double(1u << 30);
  std::string chips;
  for (const ChipReport& c : r.chips)
    chips += c.name + " " + std::to_string(c.rows) + "/2^" + std::to_string(c.log_height) + "x" +
             std::to_string(c.main_width + c.preprocessed_width + c.permutation_width) + " ";
  state.SetLabel(chips);
}

// fibonacci: about 5 cycles per step.
void BM_Fibonacci_2p20(benchmark::State& s) { prove_guest(s, "fibonacci", fibonacci_input(200'000), "zkrv-fri-b2-v2"); }
void BM_Fibonacci_2p22(benchmark::State& s) { prove_guest(s, "fibonacci", fibonacci_input(820'000), "zkrv-fri-b2-v2"); }
// SHA-256: about 3,620 cycles per 64-byte block.
void BM_Sha256_2p20(benchmark::State& s) { prove_guest(s, "sha256", random_bytes(18'000), "zkrv-fri-b2-v2"); }
void BM_Sha256_2p22(benchmark::State& s) { prove_guest(s, "sha256", random_bytes(72'000), "zkrv-fri-b2-v2"); }
// matmul n = 48 (examples/matmul): the multiply-heavy guest, 1.04 M cycles.
void BM_Matmul_2p20(benchmark::State& s) {
  prove_guest(s, "matmul", {48, 0, 0, 0, 1, 0, 0, 0}, "zkrv-fri-b2-v2");
}
void BM_Sha256_2p20_b4(benchmark::State& s) { prove_guest(s, "sha256", random_bytes(18'000), "zkrv-fri-b4-v2"); }

BENCHMARK(BM_Fibonacci_2p20)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_Fibonacci_2p22)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_Sha256_2p20)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_Sha256_2p22)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_Matmul_2p20)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_Sha256_2p20_b4)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace zkrv

BENCHMARK_MAIN();
