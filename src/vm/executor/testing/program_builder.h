// Hand-assembled RV32IM test programs (header-only, tests only): register numbers, `li` for any 32-bit
// constant, `cat`, the exit sequence, and an image with the code at 0x10000 and 4 KiB of writable data at
// 0x20000. Shared by the executor, tracing and machine tests.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "abi/syscalls.h"
#include "support/rv_encoder.h"
#include "vm/isa/program_image.h"

namespace zkrv::executor_testing {

inline constexpr unsigned kZero = 0, kRa = 1, kSp = 2, kT0 = 5, kT1 = 6, kT2 = 7, kS0 = 8, kA0 = 10, kA1 = 11, kA2 = 12,
                   kA3 = 13, kA4 = 14, kA7 = 17;
inline constexpr uint32_t kCode = 0x10000, kData = 0x20000;

using Words = std::vector<uint32_t>;

// rd = value, for any 32-bit value (lui + addi with the carry of the sign-extended low 12 bits).
inline Words li(unsigned rd, uint32_t value) {
  const uint32_t lo = value & 0xFFF;
  const uint32_t hi = (value + 0x800) >> 12;
  return {test::rv::lui(rd, hi & 0xFFFFF), test::rv::addi(rd, rd, static_cast<int32_t>(lo << 20) >> 20)};
}

inline Words cat(std::initializer_list<Words> parts) {
  Words out;
  for (const Words& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline const Words kExit = {test::rv::addi(kA7, kZero, ZKRV_SYS_EXIT), test::rv::ecall()};

// Code at kCode (read-only, executable); a writable 4 KiB data segment at kData starting with `data`.
inline ProgramImage image_of(const Words& code, std::vector<uint8_t> data = {}) {
  ProgramImage image;
  image.entry = kCode;
  Segment text;
  text.vaddr = kCode;
  text.executable = true;
  for (uint32_t w : code) {
    for (int i = 0; i < 4; ++i) text.data.push_back(static_cast<uint8_t>(w >> (8 * i)));
  }
  text.mem_size = static_cast<uint32_t>(text.data.size());
  Segment rw;
  rw.vaddr = kData;
  rw.writable = true;
  rw.mem_size = 0x1000;
  rw.data = std::move(data);
  image.segments = {text, rw};
  image.code_begin = image.readonly_begin = kCode;
  image.code_end = image.readonly_end = text.end();
  image.initial_brk = kData + 0x1000;
  return image;
}

}  // namespace zkrv::executor_testing
