// Batch inversion by Montgomery's trick (P. Montgomery, "Speeding the Pollard and elliptic curve methods
// of factorization", 1987): n inverses for one field inversion and 3(n-1) multiplications. Works for any
// field type with *, inverse(), is_zero() and one() (Fp and the extension Ext).
//
// Zeros are allowed and map to zero, matching Fp::inverse(): they are skipped in the running product, so
// one zero does not poison the whole batch.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace zkrv {

// Replaces every element by its inverse (zero stays zero).
template <class F>
void batch_inverse_in_place(std::span<F> values) {
  const size_t n = values.size();
  if (n == 0) return;
  // prefix[i] = product of the non-zero values[0..i)
  std::vector<F> prefix(n);
  F acc = F::one();
  for (size_t i = 0; i < n; ++i) {
    prefix[i] = acc;
    if (!values[i].is_zero()) acc = acc * values[i];
  }
  F inv = acc.inverse();  // acc is a product of non-zeros, hence non-zero
  for (size_t i = n; i-- > 0;) {
    if (values[i].is_zero()) continue;
    const F v = values[i];
    values[i] = inv * prefix[i];  // (prod_{<=i})^-1 * prod_{<i} = v_i^-1
    inv = inv * v;                // now (prod_{<i})^-1
  }
}

// Returns the inverses (zero maps to zero).
template <class F>
std::vector<F> batch_inverse(std::span<const F> values) {
  std::vector<F> out(values.begin(), values.end());
  batch_inverse_in_place(std::span<F>(out));
  return out;
}
template <class F>
std::vector<F> batch_inverse(const std::vector<F>& values) {
  return batch_inverse(std::span<const F>(values));
}

}  // namespace zkrv
