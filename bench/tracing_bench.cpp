// Tracing-mode throughput (vm/executor/tracing.h) on the SHA-256 example guest, next to the fast mode
// on the same input: MIPS of both and the bytes of events recorded per cycle. The input is smaller
// than executor_bench's 4 MiB because a traced run holds all its events in memory (~75 bytes/cycle).
#include <benchmark/benchmark.h>

#include <random>

#include "vm/executor/executor.h"
#include "vm/executor/tracing.h"
#include "vm/isa/program_image.h"

namespace zkrv {
namespace {

const std::string kSha256Elf = std::string(ZKRV_GUEST_BIN_DIR) + "/sha256.elf";
constexpr size_t kInputBytes = size_t{256} << 10;

ExecutorEnv sha256_env() {
  std::mt19937_64 rng(42);
  ExecutorEnv env;
  env.input.resize(kInputBytes);
  for (auto& b : env.input) b = static_cast<uint8_t>(rng());
  env.console = [](int, std::span<const uint8_t>) {};
  return env;
}

void BM_TraceSha256_256KiB(benchmark::State& state) {
  const ProgramImage image = load_elf_file(kSha256Elf);
  const ExecutorEnv env = sha256_env();
  uint64_t cycles = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    const ExecutionTrace trace = execute_traced(image, env);
    cycles += trace.result.cycles;
    bytes += trace.event_bytes();
    benchmark::DoNotOptimize(trace.cpu.data());
  }
  state.counters["MIPS"] = benchmark::Counter(static_cast<double>(cycles) / 1e6, benchmark::Counter::kIsRate);
  state.counters["bytes_per_cycle"] = static_cast<double>(bytes) / static_cast<double>(cycles);
  state.counters["cycles"] = static_cast<double>(cycles / state.iterations());
}
BENCHMARK(BM_TraceSha256_256KiB)->Unit(benchmark::kMillisecond)->UseRealTime();

// The fast mode on the same run, for the ratio.
void BM_ExecuteSha256_256KiB(benchmark::State& state) {
  const ProgramImage image = load_elf_file(kSha256Elf);
  const ExecutorEnv env = sha256_env();
  uint64_t cycles = 0;
  for (auto _ : state) {
    const ExecutionResult result = execute(image, env);
    cycles += result.cycles;
    benchmark::DoNotOptimize(result.journal.data());
  }
  state.counters["MIPS"] = benchmark::Counter(static_cast<double>(cycles) / 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ExecuteSha256_256KiB)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace zkrv
