// Executor throughput on the SHA-256 example guest hashing 4 MiB, next to qemu-riscv32 running the
// same ELF on the same input in the same process run (issue: >= 300 MIPS on one core).
#include <benchmark/benchmark.h>

#include <chrono>
#include <random>

#include "support/subprocess.h"
#include "vm/executor/executor.h"
#include "vm/isa/program_image.h"

namespace zkrv {
namespace {

std::vector<uint8_t> pseudo_random_bytes(size_t n) {
  std::mt19937_64 rng(42);
  std::vector<uint8_t> bytes(n);
  for (auto& b : bytes) b = static_cast<uint8_t>(rng());
  return bytes;
}

const std::string kSha256Elf = std::string(ZKRV_GUEST_BIN_DIR) + "/sha256.elf";
constexpr size_t kInputBytes = size_t{4} << 20;

ExecutionResult run_zkrv(const ProgramImage& image, const std::vector<uint8_t>& input) {
  ExecutorEnv env;
  env.input = input;
  env.console = [](int, std::span<const uint8_t>) {};
  return execute(image, env);
}

void BM_ExecuteSha256_4MiB(benchmark::State& state) {
  const ProgramImage image = load_elf_file(kSha256Elf);
  const auto input = pseudo_random_bytes(kInputBytes);
  uint64_t cycles = 0;
  for (auto _ : state) {
    const auto result = run_zkrv(image, input);
    cycles += result.cycles;
    benchmark::DoNotOptimize(result.journal.data());
  }
  state.counters["MIPS"] = benchmark::Counter(static_cast<double>(cycles) / 1e6, benchmark::Counter::kIsRate);
  state.counters["cycles"] = static_cast<double>(cycles / state.iterations());
}
BENCHMARK(BM_ExecuteSha256_4MiB)->Unit(benchmark::kMillisecond)->UseRealTime();

// Each iteration times zkrv and qemu-riscv32 on the same ELF and input; the reported time is
// zkrv's, and `ratio` is zkrv's speed over qemu's (above 1: zkrv is faster). qemu's time includes
// its process start and reading the input from a pipe, a few milliseconds of its total.
void BM_ExecutorVsQemuSha256_4MiB(benchmark::State& state) {
  const ProgramImage image = load_elf_file(kSha256Elf);
  const auto input = pseudo_random_bytes(kInputBytes);
  test::TempDir dir;
  double zkrv_seconds = 0, qemu_seconds = 0;
  uint64_t cycles = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    const auto result = run_zkrv(image, input);
    const double z = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    start = std::chrono::steady_clock::now();
    test::ProcessOptions options;
    options.stdin_bytes = input;
    options.fd3_path = dir.file("journal");
    const auto q = test::run_process({"qemu-riscv32", "-cpu", "rv32,c=false,a=false,f=false,d=false", kSha256Elf}, options);
    const double qs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (q.exit_status != 0 || test::read_file_bytes(dir.file("journal")) != result.journal) {
      state.SkipWithError("qemu-riscv32 failed or disagreed with zkrv on the SHA-256 journal");
      return;
    }
    state.SetIterationTime(z);
    zkrv_seconds += z;
    qemu_seconds += qs;
    cycles += result.cycles;
  }
  state.counters["zkrv_MIPS"] = static_cast<double>(cycles) / zkrv_seconds / 1e6;
  state.counters["qemu_MIPS"] = static_cast<double>(cycles) / qemu_seconds / 1e6;
  state.counters["ratio"] = qemu_seconds / zkrv_seconds;
}
BENCHMARK(BM_ExecutorVsQemuSha256_4MiB)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(5);

}  // namespace
}  // namespace zkrv
