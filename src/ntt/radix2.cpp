#include "ntt/radix2.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "base/bits.h"
#include "matrix/aligned_buffer.h"
#include "ntt/butterflies.h"
#include "ntt/twiddles.h"

namespace zkrv::ntt_detail {
namespace {

// Elements one sub-transform may touch: 2^16 Fp = 256 KiB, a quarter of a Zen 4 core's L2, leaving
// room for the twiddles and the other hyperthread.
constexpr size_t kBudgetElems = size_t{1} << 16;
// Minimum work (elements x layers) per parallel task, so that task overhead stays negligible.
constexpr size_t kMinTaskWork = size_t{1} << 15;

struct Pass {
  unsigned log_lo;  // first (smallest) half-size of the pass is 2^log_lo
  unsigned g;       // number of layers
};

// Splits log_n layers into passes of at most g_max layers, as evenly as possible; passes listed from
// the smallest half-sizes up.
std::array<Pass, 32> plan_passes(unsigned log_n, size_t w, unsigned& count) {
  // Narrow rows: a run of R rows should still fill a cache line / a vector.
  const size_t min_run = w >= W ? 1 : (W + w - 1) / w;
  const size_t per_sub = std::max<size_t>(2, kBudgetElems / (w * min_run));
  const unsigned g_max = std::max(1u, log2_floor(per_sub));
  count = log_n == 0 ? 0 : (log_n + g_max - 1) / g_max;
  std::array<Pass, 32> passes{};
  unsigned lo = 0;
  for (unsigned i = 0; i < count; ++i) {
    // The first pass (contiguous chunks) takes the extra layers when log_n does not divide evenly.
    const unsigned g = log_n / count + (i < log_n % count ? 1 : 0);
    passes[i] = {lo, g};
    lo += g;
  }
  return passes;
}

inline void scale_row(const Fp* src, Fp* dst, size_t w, Fp f) noexcept {
  const PF t(f);
  size_t c = 0;
  for (; c + W <= w; c += W) (PF::load(src + c) * t).store(dst + c);
  if (c < w) store_partial(dst + c, load_partial(src + c, w - c) * t, w - c);
}

// Runs the layers of one pass on every sub-transform. With src, the pass first fetches its rows from
// src instead of m (the fused permutation/scaling of RowSource).
template <bool Dit>
void run_pass(MatrixView<Fp> m, unsigned log_n, Pass pass, const std::array<const Fp*, 32>& tw,
              const RowSource* src) {
  const size_t w = m.width(), stride = m.row_stride();
  const size_t s_lo = size_t{1} << pass.log_lo;
  const size_t span = s_lo << pass.g;
  const size_t budget_rows = std::max<size_t>(span / s_lo, kBudgetElems / w);
  // R: a power of two (it must divide s_lo), as many rows as the budget allows.
  const size_t R = std::min<size_t>(s_lo, size_t{1} << log2_floor(std::max<size_t>(1, budget_rows >> pass.g)));
  const size_t r_blocks = s_lo / R;
  const size_t tasks = (size_t{1} << log_n) / span * r_blocks;
  const bool single_contiguous = w == 1 && stride == 1;  // (in place or in the scratch block)
  auto load_row = [&](size_t x, Fp* dst) {
    const Fp* from = src->rows.row_ptr(src->bit_reversed ? reverse_bits(static_cast<uint32_t>(x), log_n) : x);
    if (src->factors != nullptr) {
      scale_row(from, dst, w, src->factors[x]);
    } else {
      std::copy_n(from, w, dst);
    }
  };

  // The layers of one sub-transform on 2^g runs of R rows; run h starts at base + h * h_step * rs.
  auto layers = [&](Fp* base, size_t h_step, size_t rs, size_t r0) {
    for (unsigned i = 0; i < pass.g; ++i) {
      const unsigned t = Dit ? i : pass.g - 1 - i;  // DIT: small half-sizes first
      const unsigned log_s = pass.log_lo + t;
      const size_t s = size_t{1} << log_s;
      const size_t hs = size_t{1} << t;  // half-size in runs
      if (single_contiguous && R == s_lo && s < W) {
        small_layer<Dit>(base, span, log_s, tw[log_s]);
        continue;
      }
      for (size_t hb = 0; hb < (size_t{1} << pass.g); hb += 2 * hs) {
        if (R == s_lo) {  // the hs runs of R rows are one contiguous run of s rows
          Fp* lo = base + hb * h_step * rs;
          butterfly_rows<Dit>(lo, lo + hs * h_step * rs, s, w, rs, tw[log_s]);
          continue;
        }
        for (size_t hh = 0; hh < hs; ++hh) {
          Fp* lo = base + (hb + hh) * h_step * rs;
          butterfly_rows<Dit>(lo, lo + hs * h_step * rs, R, w, rs, tw[log_s] + hh * s_lo + r0);
        }
      }
    }
  };
  auto sub_transform = [&](size_t task) {
    const size_t a = task / r_blocks, r0 = (task % r_blocks) * R;
    Fp* base = m.row_ptr(a * span + r0);
    if (R == s_lo) {  // one contiguous chunk of span rows: work in place
      if (src != nullptr)
        for (size_t x = a * span; x < (a + 1) * span; ++x) load_row(x, m.row_ptr(x));
      layers(base, s_lo, stride, 0);
      return;
    }
    // Runs s_lo rows apart: with power-of-two strides they all fall into the same few cache sets (the
    // 2^g runs would need 2^g ways), so gather them into a dense scratch block, run the layers there,
    // and scatter back. The copies stream R-row runs; the butterflies then hit L1/L2 only.
    thread_local AlignedBuffer<Fp> scratch;
    const size_t run = R * w, runs = size_t{1} << pass.g;
    if (scratch.size() < run * runs) scratch = AlignedBuffer<Fp>(run * runs);
    Fp* sc = scratch.data();
    for (size_t h = 0; h < runs; ++h) {
      const Fp* from = base + h * s_lo * stride;
      if (src != nullptr) {
        for (size_t r = 0; r < R; ++r) load_row(a * span + h * s_lo + r0 + r, sc + h * run + r * w);
      } else if (stride == w) {
        std::copy_n(from, run, sc + h * run);
      } else {
        for (size_t r = 0; r < R; ++r) std::copy_n(from + r * stride, w, sc + h * run + r * w);
      }
    }
    layers(sc, R, w, r0);
    for (size_t h = 0; h < runs; ++h) {
      Fp* dst = base + h * s_lo * stride;
      if (stride == w) {
        std::copy_n(sc + h * run, run, dst);
      } else {
        for (size_t r = 0; r < R; ++r) std::copy_n(sc + h * run + r * w, w, dst + r * stride);
      }
    }
  };
  const size_t work_per_task = (R << pass.g) * w * pass.g;
  const size_t grain = std::max<size_t>(1, kMinTaskWork / std::max<size_t>(1, work_per_task));
  if (tasks <= grain) {
    for (size_t task = 0; task < tasks; ++task) sub_transform(task);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<size_t>(0, tasks, grain), [&](const tbb::blocked_range<size_t>& r) {
    for (size_t task = r.begin(); task < r.end(); ++task) sub_transform(task);
  });
}

template <bool Dit>
void transform(MatrixView<Fp> m, bool inverse, const RowSource* src) {
  if (src != nullptr && (src->rows.height() != m.height() || src->rows.width() != m.width()))
    throw std::invalid_argument("ntt: source shape differs from the destination");
  if (m.height() == 1 && src != nullptr && m.width() != 0) {  // no layers: just the fetch
    std::copy_n(src->rows.row_ptr(0), m.width(), m.row_ptr(0));
    if (src->factors != nullptr) scale_row(m.row_ptr(0), m.row_ptr(0), m.width(), src->factors[0]);
    return;
  }
  const size_t n = m.height();
  if (n <= 1 || m.width() == 0) return;
  if (!is_power_of_two(n)) throw std::invalid_argument("ntt: height must be a power of two");
  const unsigned log_n = log2_exact(n);
  if (log_n > Fp::TWO_ADICITY) throw std::invalid_argument("ntt: height exceeds 2^27");
  std::array<const Fp*, 32> tw{};
  for (unsigned l = 0; l < log_n; ++l) tw[l] = layer_twiddles(l, inverse);  // before any parallel region
  unsigned count = 0;
  const auto passes = plan_passes(log_n, m.width(), count);
  if constexpr (Dit) {
    for (unsigned i = 0; i < count; ++i) run_pass<true>(m, log_n, passes[i], tw, i == 0 ? src : nullptr);
  } else {
    for (unsigned i = count; i-- > 0;) run_pass<false>(m, log_n, passes[i], tw, i == count - 1 ? src : nullptr);
  }
}

template <class Body>
void for_row_blocks(size_t height, size_t width, Body&& body) {
  const size_t grain = std::max<size_t>(1, kMinTaskWork / std::max<size_t>(1, width));
  if (height <= grain) {
    body(size_t{0}, height);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<size_t>(0, height, grain),
                    [&](const tbb::blocked_range<size_t>& r) { body(r.begin(), r.end()); });
}


}  // namespace

void dif_in_place(MatrixView<Fp> m, bool inverse, const RowSource* src) { transform<false>(m, inverse, src); }
void dit_in_place(MatrixView<Fp> m, bool inverse, const RowSource* src) { transform<true>(m, inverse, src); }

void scale_rows(MatrixView<Fp> m, const Fp* factors) {
  scale_rows_into(MatrixView<const Fp>(m), m, factors);
}

void scale_rows_into(MatrixView<const Fp> src, MatrixView<Fp> dst, const Fp* factors) {
  const size_t w = src.width();
  if (w == 1 && src.row_stride() == 1 && dst.row_stride() == 1) {  // a column: SIMD along it
    for_row_blocks(src.height(), 1, [&](size_t lo, size_t hi) {
      size_t i = lo;
      for (; i + W <= hi; i += W) (PF::load(src.data() + i) * PF::load(factors + i)).store(dst.data() + i);
      for (; i < hi; ++i) dst.data()[i] = src.data()[i] * factors[i];
    });
    return;
  }
  for_row_blocks(src.height(), w, [&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; ++i) scale_row(src.row_ptr(i), dst.row_ptr(i), w, factors[i]);
  });
}

void scale_all(MatrixView<Fp> m, Fp c) {
  for_row_blocks(m.height(), m.width(), [&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; ++i) scale_row(m.row_ptr(i), m.row_ptr(i), m.width(), c);
  });
}

}  // namespace zkrv::ntt_detail
