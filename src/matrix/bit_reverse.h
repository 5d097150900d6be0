// Bit-reversal permutation of the rows of a matrix whose height is a power of two: row i <-> row
// rev(i), where rev reverses the low log2(height) bits. Radix-2 NTTs produce (DIF) or consume (DIT)
// this order, and the committed LDE keeps it so that the FRI pairs {x, -x} are adjacent rows.
//
// Deterministic regardless of thread count: the permutation is a set of disjoint swaps, each done by
// exactly one task.
//
// Cache behaviour. When a row is at least a cache line, swapping whole rows touches full lines and the
// plain loop is fine. For narrow rows (a single column) the plain loop touches one element per line on
// the far side of every swap; there we use the tiled scheme of Carter and Gatlin ("Towards an optimal
// bit-reversal permutation program", FOCS 1998): write i = (a, m, c) with a, c of B bits each, so
// rev(i) = (rev c, rev m, rev a). For each middle m, the 2^B x 2^B tile {(a, m, c)} maps onto the tile
// of rev(m) transposed, and each tile row (fixed a, all c) is contiguous, so both tiles are read and
// written a line at a time.
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "base/bits.h"
#include "matrix/matrix_view.h"

namespace zkrv {

namespace detail {
inline void require_power_of_two_height(size_t h, const char* what) {
  if (!is_power_of_two(h)) throw std::invalid_argument(std::string(what) + ": height must be a power of two");
}
// Below this many elements the permutation runs on the calling thread (task overhead dominates).
inline constexpr size_t kBitReverseParallelThreshold = size_t{1} << 16;
}  // namespace detail

template <class T>
void reverse_rows_bit_order(MatrixView<T> m) {
  static_assert(!std::is_const_v<T>, "needs a mutable view");
  const size_t n = m.height();
  if (n <= 2 || m.width() == 0) return;
  detail::require_power_of_two_height(n, "reverse_rows_bit_order");
  const unsigned k = log2_exact(n);
  const size_t w = m.width();
  const bool parallel = n * w >= detail::kBitReverseParallelThreshold;
  auto swap_rows = [&](size_t i, size_t j) { std::swap_ranges(m.row_ptr(i), m.row_ptr(i) + w, m.row_ptr(j)); };

  constexpr unsigned B = 4;  // 16-row tile edge: a tile row of Fp values is one 64-byte line
  if (w * sizeof(T) >= 64 || k < 2 * B + 1) {
    auto body = [&](size_t lo, size_t hi) {
      for (size_t i = lo; i < hi; ++i) {
        const size_t j = reverse_bits(static_cast<uint32_t>(i), k);
        if (i < j) swap_rows(i, j);
      }
    };
    if (parallel)
      tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 4096), [&](const auto& r) { body(r.begin(), r.end()); });
    else
      body(0, n);
    return;
  }

  const unsigned mid_bits = k - 2 * B;
  const size_t tile = size_t{1} << B;
  auto index = [&](size_t a, size_t mid, size_t c) { return (a << (k - B)) | (mid << B) | c; };
  auto process_middles = [&](size_t lo, size_t hi) {
    std::vector<std::remove_const_t<T>> t0(tile * tile * w), t1(tile * tile * w);
    for (size_t mid = lo; mid < hi; ++mid) {
      const size_t rmid = reverse_bits(static_cast<uint32_t>(mid), mid_bits);
      if (rmid < mid) continue;  // the pair is handled from its smaller member
      // Gather both tiles, then write each into the other's place transposed: element (a, mid, c)
      // goes to (rev c, rmid, rev a).
      for (size_t a = 0; a < tile; ++a)
        for (size_t c = 0; c < tile; ++c) {
          std::copy_n(m.row_ptr(index(a, mid, c)), w, &t0[(a * tile + c) * w]);
          std::copy_n(m.row_ptr(index(a, rmid, c)), w, &t1[(a * tile + c) * w]);
        }
      for (size_t a = 0; a < tile; ++a)
        for (size_t c = 0; c < tile; ++c) {
          const size_t ra = reverse_bits(static_cast<uint32_t>(a), B);
          const size_t rc = reverse_bits(static_cast<uint32_t>(c), B);
          std::copy_n(&t0[(a * tile + c) * w], w, m.row_ptr(index(rc, rmid, ra)));
          std::copy_n(&t1[(a * tile + c) * w], w, m.row_ptr(index(rc, mid, ra)));
        }
    }
  };
  const size_t middles = size_t{1} << mid_bits;
  if (parallel)
    tbb::parallel_for(tbb::blocked_range<size_t>(0, middles, 16),
                      [&](const auto& r) { process_middles(r.begin(), r.end()); });
  else
    process_middles(0, middles);
}

// dst row i = src row rev(i) (out of place; dst and src must not overlap and have equal shapes).
template <class T, class U>
void copy_rows_bit_reversed(MatrixView<const T> src, MatrixView<U> dst) {
  static_assert(std::is_same_v<T, std::remove_const_t<U>> && !std::is_const_v<U>);
  if (src.height() != dst.height() || src.width() != dst.width())
    throw std::invalid_argument("copy_rows_bit_reversed: shape mismatch");
  const size_t n = src.height();
  if (n == 0 || src.width() == 0) return;
  detail::require_power_of_two_height(n, "copy_rows_bit_reversed");
  const unsigned k = log2_exact(n);
  const size_t w = src.width();
  auto body = [&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; ++i)
      std::copy_n(src.row_ptr(reverse_bits(static_cast<uint32_t>(i), k)), w, dst.row_ptr(i));
  };
  if (n * w >= detail::kBitReverseParallelThreshold)
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 1024), [&](const auto& r) { body(r.begin(), r.end()); });
  else
    body(0, n);
}

}  // namespace zkrv
