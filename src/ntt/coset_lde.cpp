#include "ntt/coset_lde.h"

#include <algorithm>
#include <stdexcept>

#include "base/bits.h"
#include "matrix/aligned_buffer.h"
#include "matrix/bit_reverse.h"
#include "ntt/radix2.h"
#include "ntt/twiddles.h"

namespace zkrv {
namespace {

void check_sizes(size_t n, unsigned log_blowup, const char* what) {
  if (!is_power_of_two(n)) throw std::invalid_argument(std::string(what) + ": height must be a power of two");
  if (log2_exact(n) + log_blowup > Fp::TWO_ADICITY)
    throw std::invalid_argument(std::string(what) + ": extended height exceeds 2^27");
}

// coeffs: the natural-order coefficients times `scale` (for the LDE, scale = n: the iNTT's 1/n is
// folded into the coset powers below); it may be block 0 of out itself. Fills every block t of out with
// the bit-reversed evaluations on shift * w_N^rev_B(t) * H, block 0 last because the others may read it.
// randomizer (optional, t x w): adds (z^n - 1) r to the coefficients before block z's transform, so the
// output is the LDE of f + Z_H r; coeffs must then be block 0 of out (it is changed in place, and ends
// holding scale * (c + (z_0^n - 1) r)).
void evaluate_blocks(MatrixView<const Fp> coeffs, RowMajorMatrix<Fp>& out, unsigned log_blowup, Fp shift,
                     Fp inv_scale, MatrixView<const Fp> randomizer = {}) {
  const size_t n = coeffs.height();
  const size_t blocks = size_t{1} << log_blowup;
  const unsigned log_n = log2_exact(n);
  const Fp w_big = Fp::two_adic_generator(log_n + log_blowup);
  const Fp scale = inv_scale.inverse();
  Fp applied = Fp::zero();  // the multiple of r block 0 holds now
  AlignedBuffer<Fp> powers(n);
  for (size_t t = blocks; t-- > 0;) {
    const Fp z = shift * w_big.pow(reverse_bits(static_cast<uint32_t>(t), log_blowup));
    if (randomizer.height() > 0) {
      const Fp delta = z.pow(n) - Fp::one();
      const Fp step = (delta - applied) * scale;
      MatrixView<Fp> c = out.rows(0, n);
      for (size_t j = 0; j < randomizer.height(); ++j) {
        const auto src = randomizer.row(j);
        auto dst = c.row(j);
        for (size_t k = 0; k < src.size(); ++k) dst[k] += step * src[k];
      }
      applied = delta;
    }
    ntt_detail::fill_powers(powers.data(), n, z, inv_scale);  // (z^j / scale)
    // Block t = DIF of (coeffs scaled by the powers), the scaling fused into the first pass; for t = 0
    // the source is the block itself, read and written row by row.
    const ntt_detail::RowSource src{coeffs, false, powers.data()};
    ntt_detail::dif_in_place(out.rows(t * n, n), false, &src);
  }
}

}  // namespace

RowMajorMatrix<Fp> coset_lde_batch(MatrixView<const Fp> evals, unsigned log_blowup, Fp shift, RowOrder output) {
  const size_t n = evals.height(), w = evals.width();
  check_sizes(n, log_blowup, "coset_lde_batch");
  auto out = RowMajorMatrix<Fp>::uninitialized(n << log_blowup, w);
  if (w == 0) return out;
  // Bit-reversed copy then DIT: natural-order coefficients (times n) in block 0, no scratch matrix.
  MatrixView<Fp> block0 = out.rows(0, n);
  const ntt_detail::RowSource src{evals, true, nullptr};  // the bit-reversed copy, fused
  ntt_detail::dit_in_place(block0, true, &src);
  evaluate_blocks(block0, out, log_blowup, shift, Fp(static_cast<uint32_t>(n)).inverse());
  if (output == RowOrder::natural) reverse_rows_bit_order(out.view());
  return out;
}

RowMajorMatrix<Fp> coset_lde_batch_randomized(MatrixView<const Fp> evals, MatrixView<const Fp> randomizer,
                                              unsigned log_blowup, Fp shift, RowOrder output,
                                              const std::function<void(MatrixView<const Fp>)>& on_coefficients) {
  const size_t n = evals.height(), w = evals.width();
  check_sizes(n, log_blowup, "coset_lde_batch_randomized");
  if (randomizer.height() > n || (randomizer.height() > 0 && randomizer.width() != w))
    throw std::invalid_argument("coset_lde_batch_randomized: randomizer must be t x w with t <= n");
  auto out = RowMajorMatrix<Fp>::uninitialized(n << log_blowup, w);
  if (w == 0) return out;
  MatrixView<Fp> block0 = out.rows(0, n);
  const ntt_detail::RowSource src{evals, true, nullptr};
  ntt_detail::dit_in_place(block0, true, &src);
  if (on_coefficients) on_coefficients(block0);
  evaluate_blocks(block0, out, log_blowup, shift, Fp(static_cast<uint32_t>(n)).inverse(), randomizer);
  if (output == RowOrder::natural) reverse_rows_bit_order(out.view());
  return out;
}

RowMajorMatrix<Fp> coset_evaluate(MatrixView<const Fp> coeffs, unsigned log_blowup, Fp shift, RowOrder output) {
  const size_t n = coeffs.height(), w = coeffs.width();
  check_sizes(n, log_blowup, "coset_evaluate");
  auto out = RowMajorMatrix<Fp>::uninitialized(n << log_blowup, w);
  if (w == 0) return out;
  evaluate_blocks(coeffs, out, log_blowup, shift, Fp::one());
  if (output == RowOrder::natural) reverse_rows_bit_order(out.view());
  return out;
}

RowMajorMatrix<Fp> coset_evaluate_randomized(MatrixView<const Fp> coeffs, MatrixView<const Fp> randomizer,
                                             unsigned log_blowup, Fp shift, RowOrder output) {
  const size_t n = coeffs.height(), w = coeffs.width();
  check_sizes(n, log_blowup, "coset_evaluate_randomized");
  if (randomizer.height() > n || (randomizer.height() > 0 && randomizer.width() != w))
    throw std::invalid_argument("coset_evaluate_randomized: randomizer must be t x w with t <= n");
  auto out = RowMajorMatrix<Fp>::uninitialized(n << log_blowup, w);
  if (w == 0) return out;
  // evaluate_blocks changes the coefficients in place when it randomizes: they start as a copy in block 0.
  MatrixView<Fp> block0 = out.rows(0, n);
  for (size_t i = 0; i < n; ++i) {
    const auto src = coeffs.row(i);
    std::copy(src.begin(), src.end(), block0.row(i).begin());
  }
  evaluate_blocks(block0, out, log_blowup, shift, Fp::one(), randomizer);
  if (output == RowOrder::natural) reverse_rows_bit_order(out.view());
  return out;
}

void coset_intt_in_place(MatrixView<Fp> m, Fp shift, RowOrder input) {
  const size_t n = m.height();
  if (n == 0 || m.width() == 0) return;
  check_sizes(n, 0, "coset_intt_in_place");
  // Bit-reversed evaluations -> natural coefficients by one DIT; natural input needs the permutation.
  if (input == RowOrder::natural) reverse_rows_bit_order(m);
  ntt_detail::dit_in_place(m, true);
  AlignedBuffer<Fp> powers(n);
  ntt_detail::fill_powers(powers.data(), n, shift.inverse(), Fp(static_cast<uint32_t>(n)).inverse());
  ntt_detail::scale_rows(m, powers.data());
}

}  // namespace zkrv
