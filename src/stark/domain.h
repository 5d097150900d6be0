// The trace domain H = <g> of size n = 2^log_n and what the STARK evaluates on it: the vanishing
// polynomial Z_H(X) = X^n - 1 and the three selectors every chip may use, both at an out-of-domain point
// (verifier) and on the quotient coset shift * H' with |H'| = n * 2^log_chunks (prover). The formulas are
// Plonky3's TwoAdicMultiplicativeCoset::selectors_at_point / selectors_on_coset:
//   is_first_row(x)  = Z_H(x) / (n (x - 1))         1 at g^0, 0 elsewhere on H
//   is_last_row(x)   = g^-1 Z_H(x) / (n (x - g^-1)) 1 at g^(n-1), 0 elsewhere on H
//   is_transition(x) = x - g^-1                     0 only at the last row
// (Z_H(x) / (x - a) is the polynomial vanishing on H minus a, whose value at a is n / a, so the Lagrange
// polynomial of a is a Z_H(x) / (n (x - a)): the factor a is 1 for the first row and g^-1 for the last.
// Plonky3 leaves that factor out of is_last_row, which is harmless only while it is used as a filter; our
// chips use it as a value (memory_boundary's no_next), so the factor is in.)
#pragma once

#include <vector>

#include "field/babybear.h"
#include "field/extension.h"

namespace zkrv {

struct PointSelectors {
  Ext is_first_row, is_last_row, is_transition, vanishing;
};

// Selectors and Z_H at zeta (zeta must not lie in H: then Z_H(zeta) != 0).
PointSelectors selectors_at_point(unsigned log_n, const Ext& zeta);

// Values on the quotient coset shift * H', |H'| = M = n << log_chunks, in natural order: index j is the
// point shift * w_M^j. inv_vanishing[j] = 1 / Z_H(x_j) (shift is outside every two-adic subgroup, so
// Z_H never vanishes there).
struct CosetSelectors {
  std::vector<Fp> is_first_row, is_last_row, is_transition, inv_vanishing;
};
CosetSelectors selectors_on_coset(unsigned log_n, unsigned log_chunks, Fp shift);

// The same on a small coset sigma * H_T, T = 2^log_t <= n (index j is sigma * w_T^j), sigma^n != 1:
// there Z_H is the constant sigma^n - 1.
CosetSelectors selectors_on_small_coset(unsigned log_n, unsigned log_t, Fp sigma);

}  // namespace zkrv
