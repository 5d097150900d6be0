// Twiddle tables for the radix-2 NTT, shared by every transform size.
//
// A butterfly at the layer of half-size s (blocks of 2s) needs w_{2s}^j for j < s, where w_{2s} is the
// primitive 2s-th root of unity Fp::two_adic_generator(log2(2s)). That table depends only on s, not on
// the transform size n (w_{2s} = w_n^{n/2s}), so one table per layer serves every n >= 2s, and the
// butterflies of a layer read it contiguously (SIMD loads in the single-column path). Tables are built
// on first use, kept for the life of the process, and never move, so readers need no lock.
// Memory: sum over layers of s = 2^L - 1 elements per direction for transforms up to 2^L.
#pragma once

#include <cstddef>

#include "field/babybear.h"

namespace zkrv::ntt_detail {

// w_{2s}^j (inverse: w_{2s}^-j) for j < s = 2^log_s, log_s < Fp::TWO_ADICITY. Thread-safe.
const Fp* layer_twiddles(unsigned log_s, bool inverse);

// base^i for i < n, computed in parallel chunks (deterministic: each entry is one fixed product chain).
void fill_powers(Fp* out, size_t n, Fp base, Fp first = Fp::one());

}  // namespace zkrv::ntt_detail
