// Tiny hand-assembled programs for the machine's adversarial tests (header-only, tests only): the
// register numbers they use, `li` for any 32-bit constant, and an image with the code at 0x10000 and
// 4 KiB of writable data at 0x20000.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "support/rv_encoder.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine_image.h"

namespace zkrv::machine_testing {

using Words = std::vector<uint32_t>;

inline constexpr unsigned kZero = 0, kT0 = 5, kA0 = 10, kA1 = 11, kA2 = 12, kA7 = 17;
inline constexpr uint32_t kCode = 0x10000, kData = 0x20000;

// rd = value, for any 32-bit value (lui + addi with the carry of the sign-extended low 12 bits).
inline Words li(unsigned rd, uint32_t value) {
  const uint32_t lo = value & 0xFFF, hi = (value + 0x800) >> 12;
  return {test::rv::lui(rd, hi & 0xFFFFF), test::rv::addi(rd, rd, static_cast<int32_t>(lo << 20) >> 20)};
}

inline Words cat(std::initializer_list<Words> parts) {
  Words out;
  for (const Words& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Code at 0x10000 (read-only, executable), 4 KiB of writable zeros at 0x20000.
inline MachineImage image_of(const Words& code) {
  ProgramImage image;
  image.entry = kCode;
  Segment text;
  text.vaddr = kCode;
  text.executable = true;
  for (uint32_t w : code)
    for (int i = 0; i < 4; ++i) text.data.push_back(static_cast<uint8_t>(w >> (8 * i)));
  text.mem_size = static_cast<uint32_t>(text.data.size());
  Segment rw;
  rw.vaddr = kData;
  rw.writable = true;
  rw.mem_size = 0x1000;
  image.segments = {text, rw};
  image.code_begin = image.readonly_begin = kCode;
  image.code_end = image.readonly_end = text.end();
  image.initial_brk = kData + 0x1000;
  return MachineImage{image};
}

}  // namespace zkrv::machine_testing
