#include "stark/domain.h"

#include <span>
#include <stdexcept>

#include "field/batch_inverse.h"

namespace zkrv {

PointSelectors selectors_at_point(unsigned log_n, const Ext& zeta) {
  const Fp n = Fp(static_cast<uint32_t>(uint64_t{1} << log_n));
  const Fp g_inv = Fp::two_adic_generator(log_n).inverse();
  PointSelectors s;
  Ext zn = zeta;
  for (unsigned i = 0; i < log_n; ++i) zn = zn.square();
  s.vanishing = zn - Fp::one();
  s.is_first_row = s.vanishing * ((zeta - Fp::one()) * n).inverse();
  // L_a(x) = a Z_H(x) / (n (x - a)) for a in H (Z_H'(a) = n a^(n-1) = n / a): the factor a = g^-1 makes
  // the last-row selector exactly 1 at g^-1 (without it, it is g there).
  s.is_last_row = s.vanishing * ((zeta - g_inv) * n).inverse() * g_inv;
  s.is_transition = zeta - g_inv;
  return s;
}

CosetSelectors selectors_on_coset(unsigned log_n, unsigned log_chunks, Fp shift) {
  const unsigned log_m = log_n + log_chunks;
  if (log_m > Fp::TWO_ADICITY) throw std::invalid_argument("selectors_on_coset: domain too large");
  const size_t m = size_t{1} << log_m;
  const size_t chunks = size_t{1} << log_chunks;
  const Fp n = Fp(static_cast<uint32_t>(uint64_t{1} << log_n));
  const Fp g_inv = Fp::two_adic_generator(log_n).inverse();
  const Fp w = Fp::two_adic_generator(log_m);

  // Z_H(x_j) = shift^n w_M^(j n) - 1 = shift^n w_chunks^j - 1: it depends on j mod 2^log_chunks only.
  const Fp shift_n = shift.exp_power_of_2(log_n);
  const Fp w_chunks = Fp::two_adic_generator(log_chunks);
  std::vector<Fp> z(chunks), z_inv;
  Fp p = shift_n;
  for (size_t k = 0; k < chunks; ++k, p *= w_chunks) z[k] = p - Fp::one();
  z_inv = batch_inverse(std::span<const Fp>(z));

  CosetSelectors s;
  s.is_first_row.resize(m);
  s.is_last_row.resize(m);
  s.is_transition.resize(m);
  s.inv_vanishing.resize(m);
  Fp x = shift;
  for (size_t j = 0; j < m; ++j, x *= w) {
    s.is_first_row[j] = (x - Fp::one()) * n;
    s.is_last_row[j] = (x - g_inv) * n;
    s.is_transition[j] = x - g_inv;
  }
  batch_inverse_in_place(std::span<Fp>(s.is_first_row));
  batch_inverse_in_place(std::span<Fp>(s.is_last_row));
  for (size_t j = 0; j < m; ++j) {
    const size_t k = j & (chunks - 1);
    s.is_first_row[j] *= z[k];
    s.is_last_row[j] *= z[k] * g_inv;  // the Lagrange factor a = g^-1, as in selectors_at_point
    s.inv_vanishing[j] = z_inv[k];
  }
  return s;
}

CosetSelectors selectors_on_small_coset(unsigned log_n, unsigned log_t, Fp sigma) {
  if (log_t > log_n) throw std::invalid_argument("selectors_on_small_coset: T must not exceed n");
  const Fp z = sigma.exp_power_of_2(log_n) - Fp::one();
  if (z == Fp::zero()) throw std::invalid_argument("selectors_on_small_coset: sigma lies in H");
  const size_t t = size_t{1} << log_t;
  const Fp n = Fp(static_cast<uint32_t>(uint64_t{1} << log_n));
  const Fp g_inv = Fp::two_adic_generator(log_n).inverse();
  const Fp w = Fp::two_adic_generator(log_t);
  CosetSelectors s;
  s.is_first_row.resize(t);
  s.is_last_row.resize(t);
  s.is_transition.resize(t);
  s.inv_vanishing.assign(t, z.inverse());
  Fp x = sigma;
  for (size_t j = 0; j < t; ++j, x *= w) {
    s.is_first_row[j] = (x - Fp::one()) * n;
    s.is_last_row[j] = (x - g_inv) * n;
    s.is_transition[j] = x - g_inv;
  }
  batch_inverse_in_place(std::span<Fp>(s.is_first_row));
  batch_inverse_in_place(std::span<Fp>(s.is_last_row));
  for (size_t j = 0; j < t; ++j) {
    s.is_first_row[j] *= z;
    s.is_last_row[j] *= z * g_inv;
  }
  return s;
}

}  // namespace zkrv
