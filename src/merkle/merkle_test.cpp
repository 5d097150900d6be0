#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <random>
#include <string>
#include <vector>

#include "hash/compress.h"
#include "hash/sponge.h"
#include "merkle/merkle_tree.h"
#include "merkle/merkle_verify.h"

namespace zkrv {
namespace {

RowMajorMatrix<Fp> random_matrix(size_t h, size_t w, uint64_t seed) {
  std::mt19937_64 rng(seed);
  return RowMajorMatrix<Fp>::random(h, w, rng);
}

std::vector<RowMajorMatrix<Fp>> mixed_batch() {
  std::vector<RowMajorMatrix<Fp>> ms;
  ms.push_back(random_matrix(1 << 10, 7, 1));
  ms.push_back(random_matrix(1 << 8, 5, 2));  // deliberately not sorted by height
  ms.push_back(random_matrix(1 << 10, 3, 3));
  ms.push_back(random_matrix(1 << 3, 1, 4));
  return ms;
}

// The rule of merkle_tree.h written out directly with the scalar hash_row and compress, node by node,
// without the packed paths, groups or parallelism of the implementation.
Digest reference_root(const std::vector<RowMajorMatrix<Fp>>& ms) {
  size_t max_h = 0;
  for (const auto& m : ms) max_h = std::max(max_h, m.height());
  auto row_hash = [&](size_t height, size_t r, bool& any) {
    std::vector<Fp> cat;
    any = false;
    for (const auto& m : ms)
      if (m.height() == height) {
        any = true;
        cat.insert(cat.end(), m.row(r).begin(), m.row(r).end());
      }
    return hash_row(cat);
  };
  std::vector<Digest> layer(max_h);
  bool any = false;
  for (size_t i = 0; i < max_h; ++i) layer[i] = row_hash(max_h, i, any);
  for (size_t h = max_h / 2; h >= 1; h /= 2) {
    std::vector<Digest> next(h);
    for (size_t j = 0; j < h; ++j) {
      next[j] = compress(layer[2 * j], layer[2 * j + 1]);
      const Digest inj = row_hash(h, j, any);
      if (any) next[j] = compress(next[j], inj);
    }
    layer = std::move(next);
  }
  return layer[0];
}

TEST(Merkle, TinyRootByHand) {
  // A: 4 rows x 2 columns, B: 2 rows x 3 columns.
  std::vector<Fp> a_vals, b_vals;
  for (uint32_t i = 0; i < 8; ++i) a_vals.push_back(Fp(100 + i));
  for (uint32_t i = 0; i < 6; ++i) b_vals.push_back(Fp(200 + i));
  std::vector<RowMajorMatrix<Fp>> ms;
  ms.emplace_back(a_vals, 2);
  ms.emplace_back(b_vals, 3);
  const MerkleTree tree(std::move(ms));

  auto h = [](std::initializer_list<uint32_t> xs) {
    std::vector<Fp> v;
    for (uint32_t x : xs) v.push_back(Fp(x));
    return hash_row(v);
  };
  const Digest l0 = h({100, 101}), l1 = h({102, 103}), l2 = h({104, 105}), l3 = h({106, 107});
  const Digest n0 = compress(compress(l0, l1), h({200, 201, 202}));
  const Digest n1 = compress(compress(l2, l3), h({203, 204, 205}));
  EXPECT_EQ(tree.root(), compress(n0, n1));
  EXPECT_EQ(tree.layer(0)[2], l2);

  // Two matrices of the same height hash their rows concatenated into one leaf.
  std::vector<RowMajorMatrix<Fp>> same;
  same.emplace_back(std::vector<Fp>{Fp(1), Fp(2)}, 1);
  same.emplace_back(std::vector<Fp>{Fp(3), Fp(4), Fp(5), Fp(6)}, 2);
  const MerkleTree t2(std::move(same));
  EXPECT_EQ(t2.root(), compress(h({1, 3, 4}), h({2, 5, 6})));
}

TEST(Merkle, MatchesReferenceAndIsThreadIndependent) {
  const auto ms = mixed_batch();
  const Digest expected = reference_root(ms);
  const MerkleTree tree(mixed_batch());
  EXPECT_EQ(tree.root(), expected);
  {
    tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
    EXPECT_EQ(MerkleTree(mixed_batch()).root(), expected);
  }
  // Heights below the packing width and a height-1 matrix injected at the root.
  std::vector<RowMajorMatrix<Fp>> small;
  small.push_back(random_matrix(8, 2, 9));
  small.push_back(random_matrix(1, 4, 10));
  small.push_back(random_matrix(2, 1, 11));
  const Digest small_expected = reference_root(small);
  EXPECT_EQ(MerkleTree(std::move(small)).root(), small_expected);
  // A single row.
  std::vector<RowMajorMatrix<Fp>> one;
  one.push_back(random_matrix(1, 3, 12));
  const Digest one_expected = hash_row(one[0].row(0));
  EXPECT_EQ(MerkleTree(std::move(one)).root(), one_expected);
}

// A tree tall enough that its lowest levels, which it does not keep, are built in many parallel
// chunks, with matrices injected at every unstored level (heights 2^13, 2^12, 2^11 below 2^14) and
// above: the root equals the reference, every level equals the reference's, and openings verify.
TEST(Merkle, UnstoredLevelsAreRecomputedExactly) {
  std::vector<RowMajorMatrix<Fp>> ms;
  ms.push_back(random_matrix(1 << 14, 9, 21));
  ms.push_back(random_matrix(1 << 13, 2, 22));
  ms.push_back(random_matrix(1 << 12, 17, 23));
  ms.push_back(random_matrix(1 << 11, 1, 24));
  ms.push_back(random_matrix(1 << 9, 3, 25));
  const Digest expected = reference_root(ms);
  const MerkleTree tree{std::vector<RowMajorMatrix<Fp>>(ms)};
  EXPECT_EQ(tree.root(), expected);
  ASSERT_EQ(tree.first_stored_level(), MerkleTree::kUnstoredLevels);
  // Each level is the compression of the one below plus its injection (level 0 is the leaf hashes).
  for (unsigned level = 1; level <= 4; ++level) {
    const std::vector<Digest> below = tree.layer(level - 1), here = tree.layer(level);
    ASSERT_EQ(here.size(), below.size() / 2);
    for (size_t j : {size_t{0}, size_t{5}, here.size() - 1}) {
      Digest d = compress(below[2 * j], below[2 * j + 1]);
      std::vector<Fp> row;
      for (const auto& m : ms)
        if (m.height() == (size_t{1} << (14 - level)))
          for (Fp x : m.row(j)) row.push_back(x);
      if (!row.empty()) d = compress(d, hash_row(row));
      EXPECT_EQ(here[j], d) << "level " << level << " node " << j;
    }
  }
  const auto dims = tree.dims();
  for (size_t index : {size_t{0}, size_t{7}, size_t{8}, size_t{12345}, size_t{(1 << 14) - 1}}) {
    const BatchOpening o = tree.open_batch(index);
    EXPECT_TRUE(verify_batch(tree.root(), dims, index, o)) << index;
  }
}

TEST(Merkle, OpenAndVerifyMixedHeights) {
  const MerkleTree tree(mixed_batch());
  const auto dims = tree.dims();
  ASSERT_EQ(tree.log_max_height(), 10u);
  for (size_t index : {size_t{0}, size_t{1}, size_t{333}, size_t{1023}}) {
    const BatchOpening o = tree.open_batch(index);
    ASSERT_EQ(o.opened_rows.size(), 4u);
    EXPECT_EQ(o.siblings.size(), 10u);
    for (size_t k = 0; k < 4; ++k) {
      const auto& m = tree.matrix(k);
      const auto row = m.row(index >> (10 - dims[k].log_height));
      EXPECT_EQ(o.opened_rows[k], std::vector<Fp>(row.begin(), row.end()));
    }
    EXPECT_NO_THROW(check_batch(tree.root(), dims, index, o));
    EXPECT_TRUE(verify_batch(tree.root(), dims, index, o));
  }
  EXPECT_THROW(tree.open_batch(1024), std::out_of_range);
}

TEST(Merkle, TamperingIsRejected) {
  const MerkleTree tree(mixed_batch());
  const auto dims = tree.dims();
  const size_t index = 517;
  const BatchOpening good = tree.open_batch(index);
  ASSERT_TRUE(verify_batch(tree.root(), dims, index, good));

  for (size_t k = 0; k < good.opened_rows.size(); ++k) {
    for (size_t c = 0; c < good.opened_rows[k].size(); ++c) {
      BatchOpening bad = good;
      bad.opened_rows[k][c] += Fp::one();
      EXPECT_FALSE(verify_batch(tree.root(), dims, index, bad)) << "row " << k << " col " << c;
    }
  }
  for (size_t s = 0; s < good.siblings.size(); ++s) {
    BatchOpening bad = good;
    bad.siblings[s][3] += Fp::one();
    EXPECT_FALSE(verify_batch(tree.root(), dims, index, bad)) << "sibling " << s;
  }
  for (size_t other : {index ^ 1, index ^ 4, index ^ 512, size_t{0}}) EXPECT_FALSE(verify_batch(tree.root(), dims, other, good));
  Digest wrong_root = tree.root();
  wrong_root[0] += Fp::one();
  EXPECT_FALSE(verify_batch(wrong_root, dims, index, good));
  EXPECT_THROW(check_batch(wrong_root, dims, index, good), ProofRejected);

  // Shape attacks: every one must be a clean rejection.
  EXPECT_FALSE(verify_batch(tree.root(), dims, 1024, good));
  EXPECT_FALSE(verify_batch(tree.root(), dims, size_t{1} << 40, good));
  EXPECT_FALSE(verify_batch(tree.root(), {}, index, good));
  {
    auto d = dims;
    d[1].width += 1;
    EXPECT_FALSE(verify_batch(tree.root(), d, index, good));
    d = dims;
    d.pop_back();
    EXPECT_FALSE(verify_batch(tree.root(), d, index, good));
    d = dims;
    d[3].log_height = 40;
    EXPECT_FALSE(verify_batch(tree.root(), d, index, good));
    d = dims;
    d[2].width = 0;
    EXPECT_FALSE(verify_batch(tree.root(), d, index, good));
  }
  {
    BatchOpening bad = good;
    bad.opened_rows[0].pop_back();
    EXPECT_FALSE(verify_batch(tree.root(), dims, index, bad));
    bad = good;
    bad.opened_rows[3].push_back(Fp::one());
    EXPECT_FALSE(verify_batch(tree.root(), dims, index, bad));
    bad = good;
    bad.opened_rows.pop_back();
    EXPECT_FALSE(verify_batch(tree.root(), dims, index, bad));
    bad = good;
    bad.siblings.pop_back();
    EXPECT_FALSE(verify_batch(tree.root(), dims, index, bad));
    bad = good;
    bad.siblings.push_back(Digest{});
    EXPECT_FALSE(verify_batch(tree.root(), dims, index, bad));
    bad = good;
    std::swap(bad.opened_rows[0], bad.opened_rows[2]);  // same total, different split
    EXPECT_FALSE(verify_batch(tree.root(), dims, index, bad));
  }
}

TEST(Merkle, SerializationRoundTripAndHostileBytes) {
  const MerkleTree tree(mixed_batch());
  const auto dims = tree.dims();
  const BatchOpening good = tree.open_batch(77);
  ByteWriter w;
  good.write(w);
  const std::vector<uint8_t> bytes = w.take();
  EXPECT_EQ(bytes.size(), good.serialized_size());
  {
    ByteReader r(bytes);
    const BatchOpening back = BatchOpening::read(r, {});
    r.expect_end("opening");
    EXPECT_EQ(back, good);
  }
  // Every truncation fails to decode.
  for (size_t n = 0; n < bytes.size(); ++n) {
    ByteReader r(std::span<const uint8_t>(bytes.data(), n));
    EXPECT_THROW(BatchOpening::read(r, {}), MalformedInput) << n;
  }
  // Every single-byte corruption fails to decode or fails to verify.
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::vector<uint8_t> bad = bytes;
    bad[i] ^= 0x5a;
    try {
      ByteReader r(bad);
      const BatchOpening o = BatchOpening::read(r, {});
      r.expect_end("opening");
      EXPECT_FALSE(verify_batch(tree.root(), dims, 77, o)) << "byte " << i;
    } catch (const MalformedInput&) {
    }
  }
  // Hostile counts are refused before allocation.
  {
    ByteWriter g;
    g.varuint(0xffffffffu);
    ByteReader r(g.data());
    EXPECT_THROW(BatchOpening::read(r, {}), MalformedInput);
  }
  {
    ByteWriter g;
    g.varuint(1);
    g.varuint(1u << 19);  // a row length within the limit, but longer than the data
    ByteReader r(g.data());
    EXPECT_THROW(BatchOpening::read(r, {}), MalformedInput);
  }
  {
    ByteWriter g;
    g.varuint(1);
    g.varuint(1u << 30);  // a row length above the limit
    ByteReader r(g.data());
    EXPECT_THROW(BatchOpening::read(r, {}), MalformedInput);
  }
  {
    ByteWriter g;  // a count in an overlong encoding (two bytes for 1)
    g.u8(0x81);
    g.u8(0x00);
    ByteReader r(g.data());
    EXPECT_THROW(BatchOpening::read(r, {}), MalformedInput);
  }
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<uint8_t> junk(rng() % 400);
    for (auto& b : junk) b = static_cast<uint8_t>(rng());
    try {
      ByteReader r(junk);
      const BatchOpening o = BatchOpening::read(r, {});
      EXPECT_FALSE(verify_batch(tree.root(), dims, 77, o));
    } catch (const MalformedInput&) {
    }
  }
}

TEST(Merkle, RejectsBadShapesAtCommit) {
  std::vector<RowMajorMatrix<Fp>> none;
  EXPECT_THROW(MerkleTree{std::move(none)}, std::invalid_argument);
  std::vector<RowMajorMatrix<Fp>> odd;
  odd.push_back(random_matrix(6, 2, 1));
  EXPECT_THROW(MerkleTree{std::move(odd)}, std::invalid_argument);
  std::vector<RowMajorMatrix<Fp>> empty_width;
  empty_width.emplace_back(4, 0);
  EXPECT_THROW(MerkleTree{std::move(empty_width)}, std::invalid_argument);
}

}  // namespace
}  // namespace zkrv
