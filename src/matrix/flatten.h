// Views of an extension-field matrix as a base-field matrix, D times as wide.
//
// Ext is std::array<Fp, D> inside (coefficient 0 first), so an n x w Ext matrix has exactly the bytes of
// an n x (D w) Fp matrix whose row holds the coefficients of each entry in turn. Every Fp-linear map
// applied column by column (NTT, LDE, scaling by base-field constants) therefore works on Ext matrices
// through this view, with no copy and no second implementation.
#pragma once

#include "field/extension.h"
#include "matrix/matrix_view.h"

namespace zkrv {

static_assert(sizeof(Ext) == Ext::DEGREE * sizeof(Fp) && alignof(Ext) == alignof(Fp),
              "Ext must be D packed Fp coefficients");

inline MatrixView<Fp> flatten_to_base(MatrixView<Ext> m) noexcept {
  return {reinterpret_cast<Fp*>(m.data()), m.width() * Ext::DEGREE, m.height(), m.row_stride() * Ext::DEGREE};
}
inline MatrixView<const Fp> flatten_to_base(MatrixView<const Ext> m) noexcept {
  return {reinterpret_cast<const Fp*>(m.data()), m.width() * Ext::DEGREE, m.height(),
          m.row_stride() * Ext::DEGREE};
}

}  // namespace zkrv
