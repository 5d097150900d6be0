// The image ID from an ELF (`zkrv image-id`, `zkrv verify --elf`): load, build the initial memory tree,
// hash. Target (issue 12): <= 50 ms for a 1 MiB image. Images: a synthetic 1 MiB ELF (256 KiB of code, 768
// KiB of initialized data, random bytes: every leaf nonzero) and the largest example guest.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "host/image_id.h"
#include "support/elf_builder.h"
#include "vm/isa/program_image.h"

namespace zkrv {
namespace {

std::vector<uint8_t> random_bytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> out(n);
  for (uint8_t& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

std::vector<uint8_t> one_mib_elf() {
  test::ElfSpec spec;
  spec.entry = 0x10000;
  spec.segments.push_back({0x10000, random_bytes(256 << 10, 1), 0, test::kPfR | test::kPfX});
  spec.segments.push_back({0x60000, random_bytes(768 << 10, 2), 0, test::kPfR | test::kPfW});
  return test::build_elf(spec);
}

void BM_ImageIdOneMiB(benchmark::State& state) {
  const std::vector<uint8_t> elf = one_mib_elf();
  for (auto _ : state) benchmark::DoNotOptimize(image_id_of(load_elf(elf)));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * (1 << 20));
}
BENCHMARK(BM_ImageIdOneMiB)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ImageIdGuest(benchmark::State& state) {
  const ProgramImage image = load_elf_file(ZKRV_GUEST_BIN_DIR "/textstats.elf");
  for (auto _ : state) benchmark::DoNotOptimize(image_id_of(image));
}
BENCHMARK(BM_ImageIdGuest)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace zkrv

BENCHMARK_MAIN();
