#include "ntt/twiddles.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>

#include "matrix/aligned_buffer.h"

namespace zkrv::ntt_detail {

void fill_powers(Fp* out, size_t n, Fp base, Fp first) {
  constexpr size_t kChunk = size_t{1} << 12;
  auto body = [&](size_t lo, size_t hi) {
    Fp acc = first * base.pow(lo);
    for (size_t i = lo; i < hi; ++i) {
      out[i] = acc;
      acc *= base;
    }
  };
  if (n <= kChunk) {
    body(0, n);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, kChunk), [&](const auto& r) { body(r.begin(), r.end()); });
}

namespace {

struct Tables {
  std::mutex mutex;
  std::array<std::atomic<const Fp*>, Fp::TWO_ADICITY> ptr[2] = {};
  std::array<AlignedBuffer<Fp>, Fp::TWO_ADICITY> storage[2];
};

Tables& tables() {
  static Tables t;  // lives until exit; pointers handed out stay valid
  return t;
}

}  // namespace

const Fp* layer_twiddles(unsigned log_s, bool inverse) {
  Tables& t = tables();
  const int dir = inverse ? 1 : 0;
  if (const Fp* p = t.ptr[dir][log_s].load(std::memory_order_acquire)) return p;
  std::lock_guard<std::mutex> lock(t.mutex);
  if (const Fp* p = t.ptr[dir][log_s].load(std::memory_order_relaxed)) return p;
  const size_t s = size_t{1} << log_s;
  AlignedBuffer<Fp> buf(s);
  Fp root = Fp::two_adic_generator(log_s + 1);
  if (inverse) root = root.inverse();
  // Isolated: while this thread waits inside parallel_for it must not steal an outer task that could
  // call back in here and block on the mutex it already holds.
  tbb::this_task_arena::isolate([&] { fill_powers(buf.data(), s, root); });
  t.storage[dir][log_s] = std::move(buf);
  const Fp* p = t.storage[dir][log_s].data();
  t.ptr[dir][log_s].store(p, std::memory_order_release);
  return p;
}

}  // namespace zkrv::ntt_detail
