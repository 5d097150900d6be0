// PackedExt: WIDTH extension elements in "structure of arrays" form, one PackedFp per coefficient, so
// that lane i of coefficient j is coefficient j of the i-th element. The prover's quotient evaluation
// runs constraints on PackedFp trace values mixed with PackedExt challenges/accumulators; all arithmetic
// (+, -, *, square, pow, frobenius, * PackedFp, + PackedFp) comes from BinomialExtension with F = PackedFp.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <type_traits>

#include "field/extension.h"
#include "field/packed_babybear.h"

namespace zkrv {

template <class PF>
using PackedExtT = BinomialExtension<PF, Ext::DEGREE, Ext::NONRESIDUE>;
using PackedExt = PackedExtT<PackedFp>;

// The same extension element in every lane.
template <class PF = PackedFp>
PackedExtT<PF> broadcast_ext(const Ext& a) noexcept {
  std::array<PF, Ext::DEGREE> c;
  for (size_t j = 0; j < Ext::DEGREE; ++j) c[j] = PF(a.coeff(j));
  return PackedExtT<PF>(c);
}

// Lane i = a[i] (a.size() == WIDTH).
template <class PF = PackedFp>
PackedExtT<PF> pack_ext(std::span<const Ext, PF::WIDTH> a) noexcept {
  std::array<PF, Ext::DEGREE> c;
  for (size_t j = 0; j < Ext::DEGREE; ++j) c[j] = PF::from_fn([&](size_t i) { return a[i].coeff(j); });
  return PackedExtT<PF>(c);
}

// Element in lane i.
template <class PF>
Ext ext_lane(const PackedExtT<PF>& a, size_t i) noexcept {
  std::array<Fp, Ext::DEGREE> c;
  for (size_t j = 0; j < Ext::DEGREE; ++j) c[j] = a.coeff(j).lane(i);
  return Ext(c);
}

// All WIDTH elements.
template <class PF>
std::array<Ext, PF::WIDTH> unpack_ext(const PackedExtT<PF>& a) noexcept {
  std::array<std::array<Fp, PF::WIDTH>, Ext::DEGREE> lanes;
  for (size_t j = 0; j < Ext::DEGREE; ++j) lanes[j] = a.coeff(j).to_array();
  std::array<Ext, PF::WIDTH> out;
  for (size_t i = 0; i < PF::WIDTH; ++i)
    for (size_t j = 0; j < Ext::DEGREE; ++j) out[i].coeff(j) = lanes[j][i];
  return out;
}

// Mixed with a scalar extension element (e.g. a challenge times a packed accumulator).
template <class PF>
PackedExtT<PF> operator*(const PackedExtT<PF>& a, const Ext& b) noexcept { return a * broadcast_ext<PF>(b); }
template <class PF>
PackedExtT<PF> operator*(const Ext& a, const PackedExtT<PF>& b) noexcept { return broadcast_ext<PF>(a) * b; }
template <class PF>
PackedExtT<PF> operator+(const PackedExtT<PF>& a, const Ext& b) noexcept { return a + broadcast_ext<PF>(b); }
template <class PF>
PackedExtT<PF> operator-(const PackedExtT<PF>& a, const Ext& b) noexcept { return a - broadcast_ext<PF>(b); }

// Mixed with a scalar base element (a constant in a constraint).
template <class PF>
  requires(!std::is_same_v<PF, Fp>)
PackedExtT<PF> operator*(const PackedExtT<PF>& a, Fp b) noexcept {
  return a * PF(b);
}
template <class PF>
  requires(!std::is_same_v<PF, Fp>)
PackedExtT<PF> operator+(const PackedExtT<PF>& a, Fp b) noexcept {
  return a + PF(b);
}

}  // namespace zkrv
