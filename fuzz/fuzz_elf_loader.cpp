// Any byte string given to the ELF loader either loads or throws MalformedInput; nothing else (a crash,
// a sanitizer report, another exception type) is acceptable.
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/error.h"
#include "vm/isa/program_image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const zkrv::ProgramImage image = zkrv::load_elf(std::span<const uint8_t>(data, size));
    // A loaded image must be self-consistent: the entry point lies in the code hull.
    if (image.entry < image.code_begin || image.entry >= image.code_end) __builtin_trap();
  } catch (const zkrv::MalformedInput&) {
  }
  return 0;
}
