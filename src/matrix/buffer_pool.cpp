#include "matrix/buffer_pool.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <unordered_map>
#include <utility>
#include <vector>

namespace zkrv::buffer_pool {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

bool huge_pages_requested() {
  static const bool on = [] {
    const char* v = std::getenv("ZKRV_HUGE_PAGES");
    return v != nullptr && v[0] == '1';
  }();
  return on;
}

// A 2 MiB-aligned anonymous mapping of `bytes` (a multiple of 2 MiB): map 2 MiB more, cut both ends.
void* map_block(size_t bytes) {
  void* raw = ::mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > start) ::munmap(raw, aligned - start);
  const uintptr_t end = start + bytes + kHugePage;
  if (end > aligned + bytes) ::munmap(reinterpret_cast<void*>(aligned + bytes), end - (aligned + bytes));
  void* p = reinterpret_cast<void*>(aligned);
  if (huge_pages_requested()) ::madvise(p, bytes, MADV_HUGEPAGE);  // advisory; failure is harmless
  return p;
}

class Pool {
 public:
  void* acquire(size_t bytes) {
    const size_t cap = round_up(bytes);
    if (cap == SIZE_MAX) throw std::bad_alloc();
    std::unique_lock lock(mutex_);
    // The smallest cached block that fits and exceeds the request by at most a quarter.
    auto it = cached_.lower_bound(cap);
    if (it != cached_.end() && it->first <= cap + cap / 4) {
      const size_t got = it->first;
      void* p = it->second;
      cached_.erase(it);
      cached_bytes_ -= got;
      live_.emplace(p, got);
      live_bytes_ += got;
      ++reused_;
      return p;
    }
    const size_t old_peak = peak_bytes_;
    live_bytes_ += cap;
    peak_bytes_ = std::max(peak_bytes_, live_bytes_);
    // Keep the footprint under the peak of live bytes: drop cached blocks, largest first.
    std::vector<std::pair<void*, size_t>> evicted;
    while (!cached_.empty() && live_bytes_ + cached_bytes_ > peak_bytes_) {
      auto last = std::prev(cached_.end());
      evicted.emplace_back(last->second, last->first);
      cached_bytes_ -= last->first;
      cached_.erase(last);
    }
    ++fresh_;
    lock.unlock();
    for (auto [p, n] : evicted) ::munmap(p, n);
    void* p = nullptr;
    try {
      p = map_block(cap);
      std::lock_guard relock(mutex_);
      live_.emplace(p, cap);
    } catch (...) {
      if (p != nullptr) ::munmap(p, cap);
      std::lock_guard relock(mutex_);
      live_bytes_ -= cap;
      peak_bytes_ = std::max(old_peak, live_bytes_);  // the block never existed
      throw;
    }
    return p;
  }

  void release(void* p) noexcept {
    std::lock_guard lock(mutex_);
    auto it = live_.find(p);
    assert(it != live_.end() && "buffer_pool::release of a block it did not hand out");
    if (it == live_.end()) return;  // not ours: a caller bug; leaking beats corrupting
    const size_t cap = it->second;
    live_.erase(it);
    live_bytes_ -= cap;
    cached_.emplace(cap, p);
    cached_bytes_ += cap;
  }

  void trim() noexcept {
    std::multimap<size_t, void*> drop;
    {
      std::lock_guard lock(mutex_);
      drop.swap(cached_);
      cached_bytes_ = 0;
      peak_bytes_ = live_bytes_;
    }
    for (auto [n, p] : drop) ::munmap(p, n);
  }

  Stats stats() noexcept {
    std::lock_guard lock(mutex_);
    return {cached_bytes_, live_bytes_, peak_bytes_, reused_, fresh_};
  }

 private:
  std::mutex mutex_;
  std::multimap<size_t, void*> cached_;     // capacity -> block
  std::unordered_map<void*, size_t> live_;  // block -> capacity
  size_t cached_bytes_ = 0, live_bytes_ = 0, peak_bytes_ = 0, reused_ = 0, fresh_ = 0;
};

// Never destroyed: static buffers elsewhere may release into it during exit.
Pool& pool() {
  static Pool* p = new Pool;
  return *p;
}

}  // namespace

size_t round_up(size_t bytes) noexcept {
  if (bytes > (SIZE_MAX >> 2)) return SIZE_MAX;  // no such block exists; acquire() fails on it
  size_t cap = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  const size_t step = std::max(kHugePage, std::bit_floor(cap) / 8);
  return (cap + step - 1) / step * step;
}

void* acquire(size_t bytes) { return pool().acquire(bytes); }
void release(void* block) noexcept { pool().release(block); }
void trim() noexcept { pool().trim(); }
Stats stats() noexcept { return pool().stats(); }

}  // namespace zkrv::buffer_pool
