#include "vm/chips/memory/testing/memory_driver.h"

#include <algorithm>
#include <bit>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

namespace zkrv::chips::testing {

ScriptRun run_script(std::span<const InitialWord> image, std::span<const ScriptStep> script) {
  std::map<uint32_t, std::pair<uint32_t, uint32_t>> memory;  // touched addr -> (value, timestamp)
  ScriptRun run;
  for (const ScriptStep& s : script) {
    auto it = memory.find(s.addr);
    if (it == memory.end()) {
      const auto img = std::lower_bound(image.begin(), image.end(), s.addr,
                                        [](const InitialWord& w, uint32_t a) { return w.addr < a; });
      const uint32_t initial = img != image.end() && img->addr == s.addr ? img->value : 0;
      it = memory.emplace(s.addr, std::make_pair(initial, 0u)).first;
    }
    auto& [value, ts] = it->second;
    if (s.ts <= ts)
      throw std::invalid_argument("run_script: timestamp " + std::to_string(s.ts) + " of address " +
                                  std::to_string(s.addr) + " does not increase");
    const uint32_t new_value = s.write ? s.value : value;
    run.accesses.push_back({MemoryAccessRecord{s.addr, new_value, value, s.ts, ts}, s.write});
    value = new_value;
    ts = s.ts;
  }
  std::vector<FinalWord> touched;
  for (const auto& [addr, state] : memory) touched.push_back({addr, state.first, state.second});
  run.finals = final_memory(image, touched);
  return run;
}

ProgramImage sample_program_image() {
  ProgramImage image;
  Segment code;
  code.vaddr = 0x10000;
  code.mem_size = 16;
  code.data = {0x13, 0x05, 0x10, 0x00, 0x93, 0x08, 0xd0, 0x05, 0x73, 0x00, 0x00, 0x00, 0x6f, 0x00, 0x00, 0x00};
  code.executable = true;
  Segment data;
  data.vaddr = 0x20002;
  data.mem_size = 9;  // 3 data bytes, 6 bss bytes, ends at 0x2000B inside word 0x8002
  data.data = {0xaa, 0xbb, 0xcc};
  data.writable = true;
  Segment tail;
  tail.vaddr = 0x2000B;  // shares word 0x8002 with `data`
  tail.mem_size = 4;
  tail.data = {0x11, 0x22, 0x33, 0x44};
  tail.writable = true;
  image.entry = 0x10000;
  image.segments = {code, data, tail};
  image.readonly_begin = image.code_begin = 0x10000;
  image.readonly_end = image.code_end = 0x10010;
  image.initial_brk = 0x21000;
  return image;
}

std::vector<ScriptStep> sample_script() {
  return {
      {2, 1, false, 0},                  // read sp (ZKRV_STACK_TOP)
      {0, 2, false, 0},                  // read x0
      {0x4001, 3, false, 0},             // read a code word
      {5, 4, true, 0x12345678},          // write x5
      {5, 5, false, 0},                  // read it back
      {0x8001, 7, true, 0xdeadbeef},     // overwrite a data word
      {2, 8, true, 0x3ffffef0},          // move sp
      {0x8001, 11, false, 0},            // read the written word
      {0x8002, 12, false, 0},            // read the shared bss/tail word
      {0x9000, 15, true, 0xffffffff},    // zero-initialised RAM: write ...
      {0x9000, 19, false, 0},            // ... and read back
      {0xa000, 23, false, 0},            // zero-initialised RAM read, never written: 0
      {0x0fffffc0, 27, true, 0x80000000}, // the top of the stack (word address near 2^28)
      {0x8001, 28, true, 0},             // write zero over data
      {7, kMaxTimestampGap, false, 0},   // first access of x7 at ts 2^25: the largest gap, 2^25 - 1 - 0
  };
}

std::vector<ScriptStep> random_script(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const std::vector<uint32_t> addresses = {0, 1, 2, 5, 10, 31, 0x4000, 0x4003, 0x8000, 0x8002, 0x8003, 0x9000, 0x9001,
                                           0x0fffffbf};
  std::vector<ScriptStep> script;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t addr = addresses[rng() % addresses.size()];
    const bool write = addr != 0 && addr != 0x4000 && addr != 0x4003 && rng() % 2 == 0;  // x0, code: read-only
    const uint32_t value = rng() % 4 == 0 ? static_cast<uint32_t>(rng() % 3) : static_cast<uint32_t>(rng());
    script.push_back({addr, static_cast<uint32_t>(i + 1), write, write ? value : 0});
  }
  return script;
}

RowMajorMatrix<Fp> MemoryDriverChip::generate_trace(std::span<const DriverAccess> accesses, ByteLookups& bytes) const {
  RowMajorMatrix<Fp> t(std::max<size_t>(8, std::bit_ceil(accesses.size())), kWidth);
  for (size_t r = 0; r < accesses.size(); ++r) {
    const MemoryAccessRecord& a = accesses[r].access;
    auto row = t.row(r);
    row[kAddr] = Fp(a.addr);
    row[kValueLo] = Fp(a.value & 0xffffu);
    row[kValueHi] = Fp(a.value >> 16);
    row[kTs] = Fp(a.timestamp);
    row[kIsRead] = accesses[r].write ? Fp::zero() : Fp::one();
    row[kIsWrite] = accesses[r].write ? Fp::one() : Fp::zero();
    MemoryAccessCols<Fp>::populate(a, bytes).write(row, kAccess);
    if (accesses[r].write) bytes.add_u16_limbs(a.value);
  }
  return t;
}

}  // namespace zkrv::chips::testing
