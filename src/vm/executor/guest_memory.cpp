#include "vm/executor/guest_memory.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <new>

#include <fmt/format.h>

#include "base/error.h"

namespace zkrv {

GuestMemory::GuestMemory(const ProgramImage& image)
    : readonly_begin_(image.readonly_begin),
      readonly_end_(image.readonly_end),
      writable_begin_(first_writable_address(image)) {
  // MAP_NORESERVE: the 1 GiB is only address space; pages are committed (zeroed) on first touch.
  void* p = mmap(nullptr, ZKRV_MEM_END, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    throw Error(ErrorCategory::internal, fmt::format("cannot reserve guest memory: {}", std::strerror(errno)));
  }
  base_ = static_cast<uint8_t*>(p);
  for (const Segment& s : image.segments) {
    if (!s.data.empty()) std::memcpy(base_ + s.vaddr, s.data.data(), s.data.size());
  }
}

GuestMemory::~GuestMemory() {
  if (base_ != nullptr) munmap(base_, ZKRV_MEM_END);
}

}  // namespace zkrv
