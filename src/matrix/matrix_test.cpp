#include <gtest/gtest.h>

#include <random>

#include "base/bits.h"
#include "field/babybear.h"
#include "field/extension.h"
#include "matrix/bit_reverse.h"
#include "matrix/flatten.h"
#include "matrix/row_major_matrix.h"

namespace zkrv {
namespace {

RowMajorMatrix<Fp> iota_matrix(size_t h, size_t w) {
  auto m = RowMajorMatrix<Fp>::uninitialized(h, w);
  for (size_t i = 0; i < h * w; ++i) m.values()[i] = Fp(static_cast<uint32_t>(i));
  return m;
}

TEST(RowMajorMatrix, ShapeRowsColumnsAndZeroInit) {
  RowMajorMatrix<Fp> z(3, 5);
  EXPECT_EQ(z.height(), 3u);
  EXPECT_EQ(z.width(), 5u);
  for (Fp v : z.values()) EXPECT_EQ(v, Fp::zero());

  auto m = iota_matrix(4, 3);
  EXPECT_EQ(m(2, 1), Fp(7u));
  EXPECT_EQ(m.row(3)[0], Fp(9u));
  const auto col = m.column(2);
  ASSERT_EQ(col.size(), 4u);
  EXPECT_EQ(col[3], Fp(11u));
  auto copy = m;
  EXPECT_EQ(copy, m);
  copy(0, 0) = Fp(99u);
  EXPECT_FALSE(copy == m);
  EXPECT_THROW(RowMajorMatrix<Fp>(std::vector<Fp>(7), 3), std::invalid_argument);
}

TEST(MatrixView, SubRowsColumnsAndStrides) {
  auto m = iota_matrix(8, 4);
  auto v = m.view();
  auto sub = v.rows(2, 3);
  EXPECT_EQ(sub.height(), 3u);
  EXPECT_EQ(sub(0, 0), Fp(8u));
  auto cols = v.columns(1, 2);
  EXPECT_EQ(cols.width(), 2u);
  EXPECT_FALSE(cols.is_contiguous());
  EXPECT_EQ(cols(5, 1), Fp(22u));
  auto odd = v.vertically_strided(2, 1);
  EXPECT_EQ(odd.height(), 4u);
  EXPECT_EQ(odd(3, 0), Fp(28u));  // row 7
  auto every3 = v.vertically_strided(3, 2);  // rows 2, 5
  EXPECT_EQ(every3.height(), 2u);
  EXPECT_EQ(every3(1, 3), Fp(23u));
  MatrixView<const Fp> cv = odd;
  EXPECT_EQ(cv(0, 0), Fp(4u));
  auto dense = to_row_major(cols);
  EXPECT_EQ(dense.width(), 2u);
  EXPECT_EQ(dense(7, 0), Fp(29u));
}

TEST(MatrixView, FlattenExtension) {
  std::mt19937_64 rng(1);
  auto m = RowMajorMatrix<Ext>::random(4, 3, rng);
  auto flat = flatten_to_base(m.view());
  EXPECT_EQ(flat.width(), 12u);
  EXPECT_EQ(flat(2, 7), m(2, 1).coeff(3));
}

// The permutation against its definition, for narrow (tiled path) and wide rows and several sizes.
TEST(BitReverse, MatchesDefinitionInPlaceAndCopy) {
  for (size_t w : {1u, 3u, 16u, 20u}) {
    for (unsigned k : {0u, 1u, 2u, 5u, 8u, 9u, 12u, 17u}) {
      const size_t n = size_t{1} << k;
      auto m = iota_matrix(n, w);
      auto r = m;
      reverse_rows_bit_order(r.view());
      auto c = RowMajorMatrix<Fp>::uninitialized(n, w);
      copy_rows_bit_reversed(MatrixView<const Fp>(m.view()), c.view());
      for (size_t i = 0; i < n; ++i) {
        const size_t j = reverse_bits(static_cast<uint32_t>(i), k);
        for (size_t col = 0; col < w; ++col) {
          ASSERT_EQ(r(i, col), m(j, col)) << "w=" << w << " k=" << k << " i=" << i;
          ASSERT_EQ(c(i, col), m(j, col));
        }
      }
      reverse_rows_bit_order(r.view());
      EXPECT_EQ(r, m);  // an involution
    }
  }
  auto bad = iota_matrix(6, 1);
  EXPECT_THROW(reverse_rows_bit_order(bad.view()), std::invalid_argument);
}

TEST(BitReverse, StridedView) {
  auto m = iota_matrix(64, 3);
  auto v = m.view().columns(1, 1);  // narrow, strided
  reverse_rows_bit_order(v);
  for (size_t i = 0; i < 64; ++i) {
    EXPECT_EQ(m(i, 1), Fp(static_cast<uint32_t>(reverse_bits(static_cast<uint32_t>(i), 6) * 3 + 1)));
    EXPECT_EQ(m(i, 0), Fp(static_cast<uint32_t>(i * 3)));
  }
}

}  // namespace
}  // namespace zkrv
