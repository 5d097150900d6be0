// AlignedBuffer<T>: an owning, uninitialized, cache-line aligned array for the prover's big matrices.
//
// std::vector<Fp> value-initializes (zeroes) every element, a full extra pass over memory that the
// NTT/LDE immediately overwrites; for a 2^21 x 64 LDE that is 512 MiB written for nothing. This buffer
// leaves the memory untouched, so the first pass that writes it (usually a parallel one) also takes the
// page faults on the threads that will use it. T must be trivially copyable and trivially destructible
// (Fp, Ext, uint32_t): such types are implicit-lifetime types, so the allocation creates the objects
// (C++20, P0593) and reading an element before writing it is the caller's bug, not UB in the buffer.
//
// Buffers of 2 MiB and more come from the buffer pool (matrix/buffer_pool.h), which reuses freed blocks
// instead of having the kernel fault in and zero fresh pages; they are aligned to 2 MiB so that they
// can be backed by transparent huge pages when ZKRV_HUGE_PAGES=1 asks for them (off by default: on the
// reference machine huge-page faults cost more than the TLB misses they save, see buffer_pool.h).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <span>
#include <type_traits>
#include <utility>

#include "matrix/buffer_pool.h"

namespace zkrv {

template <class T>
class AlignedBuffer {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "AlignedBuffer holds plain values only");

 public:
  static constexpr size_t kAlign = 64;

  AlignedBuffer() noexcept = default;
  // n uninitialized elements.
  explicit AlignedBuffer(size_t n) : size_(n) {
    if (n == 0) return;
    const size_t bytes = n * sizeof(T);
    if (pooled()) {
      data_ = static_cast<T*>(buffer_pool::acquire(bytes));
      return;
    }
    const size_t rounded = (bytes + kAlign - 1) / kAlign * kAlign;  // aligned_alloc wants a multiple
    void* p = std::aligned_alloc(kAlign, rounded);
    if (p == nullptr) throw std::bad_alloc();
    data_ = static_cast<T*>(p);
  }
  AlignedBuffer(const AlignedBuffer& other) : AlignedBuffer(other.size_) {
    if (size_ != 0) std::memcpy(data_, other.data_, size_ * sizeof(T));
  }
  AlignedBuffer(AlignedBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  AlignedBuffer& operator=(AlignedBuffer other) noexcept {
    swap(other);
    return *this;
  }
  ~AlignedBuffer() {
    if (data_ == nullptr) return;
    if (pooled()) buffer_pool::release(data_);
    else std::free(data_);
  }

  void swap(AlignedBuffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
  }

  size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  T& operator[](size_t i) noexcept { return data_[i]; }
  const T& operator[](size_t i) const noexcept { return data_[i]; }
  std::span<T> span() noexcept { return {data_, size_}; }
  std::span<const T> span() const noexcept { return {data_, size_}; }

 private:
  bool pooled() const noexcept { return size_ * sizeof(T) >= buffer_pool::kMinPooledBytes; }

  T* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace zkrv
