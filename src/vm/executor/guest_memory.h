// Guest memory: one flat, lazily committed host mapping of the whole guest address space
// [0, ZKRV_MEM_END), so a guest address is a host offset and an access costs one bounds check.
#pragma once

#include <cstdint>
#include <cstring>

#include "abi/memory_map.h"
#include "vm/isa/program_image.h"

namespace zkrv {

class GuestMemory {
 public:
  explicit GuestMemory(const ProgramImage& image);
  ~GuestMemory();
  GuestMemory(const GuestMemory&) = delete;
  GuestMemory& operator=(const GuestMemory&) = delete;

  // True when every byte of [addr, addr + len) lies inside RAM [ZKRV_MEM_START, ZKRV_MEM_END).
  static bool in_ram(uint32_t addr, uint32_t len) noexcept {
    return addr >= ZKRV_MEM_START && addr <= ZKRV_MEM_END && len <= ZKRV_MEM_END - addr;
  }
  // True when every byte of [addr, addr + len) may be written: it lies in
  // [writable_begin(), ZKRV_MEM_END), so no byte shares a word with code or read-only data.
  bool writable(uint32_t addr, uint32_t len) const noexcept {
    return addr >= writable_begin_ && addr <= ZKRV_MEM_END && len <= ZKRV_MEM_END - addr;
  }
  // first_writable_address() of the image: stores below it fault (program_image.h).
  uint32_t writable_begin() const noexcept { return writable_begin_; }
  uint32_t readonly_begin() const noexcept { return readonly_begin_; }
  uint32_t readonly_end() const noexcept { return readonly_end_; }

  // Unchecked host pointer; callers check the range first.
  uint8_t* host(uint32_t addr) noexcept { return base_ + addr; }
  const uint8_t* host(uint32_t addr) const noexcept { return base_ + addr; }

  template <class T>
  T load(uint32_t addr) const noexcept {
    T v;
    std::memcpy(&v, base_ + addr, sizeof(T));
    return v;
  }
  template <class T>
  void store(uint32_t addr, T v) noexcept {
    std::memcpy(base_ + addr, &v, sizeof(T));
  }

 private:
  uint8_t* base_ = nullptr;
  uint32_t readonly_begin_ = 0, readonly_end_ = 0;
  uint32_t writable_begin_ = ZKRV_MEM_START;
};

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "guest memory is accessed in host byte order");

}  // namespace zkrv
