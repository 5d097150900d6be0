// gather_columns: PackedFp::WIDTH rows of a row-major matrix as one PackedFp per column (lane l = row l).
//
// The prover's evaluation loops (quotient, DEEP reduction) work on W points at a time while the LDEs
// are stored row by row; gathering element by element costs W scalar loads per column. With AVX-512 the
// rows are loaded 16 columns at a time and transposed in registers (a 16 x 16 transpose of 32-bit words:
// unpacks of 32- and 64-bit elements, then two rounds of 128-bit lane shuffles), a few instructions per
// column instead of 16 loads and inserts. Other backends gather element by element.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

#include "field/packed_babybear.h"

namespace zkrv {

// out[c] lane l = rows[l][c] for c < width.
#if defined(__AVX512F__) && !defined(ZKRV_FIELD_FORCE_SCALAR) && defined(__GNUC__) && !defined(__clang__)
// GCC 12 reports the unpack intrinsics' operands as maybe-uninitialized once it unrolls the loops
// below; every element of r, t and u is written before it is read.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#define ZKRV_TRANSPOSE_DIAGNOSTIC_PUSHED
#endif
inline void gather_columns(const std::array<const Fp*, PackedFp::WIDTH>& rows, size_t width, PackedFp* out) noexcept {
#if defined(__AVX512F__) && !defined(ZKRV_FIELD_FORCE_SCALAR)
  static_assert(PackedFp::WIDTH == 16);
  size_t c0 = 0;
  for (; c0 < width; c0 += 16) {
    const size_t count = std::min<size_t>(16, width - c0);
    const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1);
    __m512i r[16], t[16], u[16];
    for (size_t l = 0; l < 16; ++l) r[l] = _mm512_maskz_loadu_epi32(mask, rows[l] + c0);
    // t: 32-bit interleaves of row pairs; u[4g + c] lane L = column 4L + c of rows 4g .. 4g + 3.
    for (size_t p = 0; p < 16; p += 2) {
      t[p] = _mm512_unpacklo_epi32(r[p], r[p + 1]);
      t[p + 1] = _mm512_unpackhi_epi32(r[p], r[p + 1]);
    }
    for (size_t g = 0; g < 16; g += 4) {
      u[g] = _mm512_unpacklo_epi64(t[g], t[g + 2]);
      u[g + 1] = _mm512_unpackhi_epi64(t[g], t[g + 2]);
      u[g + 2] = _mm512_unpacklo_epi64(t[g + 1], t[g + 3]);
      u[g + 3] = _mm512_unpackhi_epi64(t[g + 1], t[g + 3]);
    }
    // Column 4L + c = lanes L of u[c], u[4 + c], u[8 + c], u[12 + c].
    __m512i col[16];
    for (size_t c = 0; c < 4; ++c) {
      const __m512i y01 = _mm512_shuffle_i32x4(u[c], u[4 + c], 0x44), z01 = _mm512_shuffle_i32x4(u[8 + c], u[12 + c], 0x44);
      const __m512i y23 = _mm512_shuffle_i32x4(u[c], u[4 + c], 0xEE), z23 = _mm512_shuffle_i32x4(u[8 + c], u[12 + c], 0xEE);
      col[c] = _mm512_shuffle_i32x4(y01, z01, 0x88);
      col[4 + c] = _mm512_shuffle_i32x4(y01, z01, 0xDD);
      col[8 + c] = _mm512_shuffle_i32x4(y23, z23, 0x88);
      col[12 + c] = _mm512_shuffle_i32x4(y23, z23, 0xDD);
    }
    for (size_t c = 0; c < count; ++c) out[c0 + c] = PackedFp::from_vec(col[c]);
  }
#else
  for (size_t c = 0; c < width; ++c) out[c] = PackedFp::from_fn([&](size_t l) { return rows[l][c]; });
#endif
}
#ifdef ZKRV_TRANSPOSE_DIAGNOSTIC_PUSHED
#pragma GCC diagnostic pop
#undef ZKRV_TRANSPOSE_DIAGNOSTIC_PUSHED
#endif

}  // namespace zkrv
