// Adversarial tests of shared Merkle paths (shared_paths.h) and their verifier (check_batches in
// merkle_verify.h): a prover controls every byte of the openings but not the leaf indices. Each test
// asserts a concrete acceptance (the honest edge cases) or rejection (the forgeries).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/byte_io.h"
#include "hash/compress.h"
#include "hash/sponge.h"
#include "merkle/batch_opening.h"
#include "merkle/merkle_tree.h"
#include "merkle/merkle_verify.h"
#include "merkle/shared_paths.h"
#include "merkle/shared_paths_test_util.h"

namespace zkrv {
namespace {

RowMajorMatrix<Fp> clone(const RowMajorMatrix<Fp>& m) { return RowMajorMatrix<Fp>(m.values(), m.width()); }

std::vector<RowMajorMatrix<Fp>> clone_all(const MerkleTree& t) {
  std::vector<RowMajorMatrix<Fp>> ms;
  for (const auto& m : t.matrices()) ms.push_back(clone(m));
  return ms;
}

using test::adversarial_batch;
using test::every_height;
using test::random_matrix;
using test::Opened;
using test::open_shared;

bool accepts(const Digest& root, const std::vector<MatrixDims>& dims, const Opened& o) {
  try {
    check_batches(root, dims, o.indices, o.ptrs());
    return true;
  } catch (const ProofRejected&) {
    return false;
  }
}

// The message of the rejection ("" if accepted); any exception other than ProofRejected fails the test.
std::string rejection(const Digest& root, const std::vector<MatrixDims>& dims, const Opened& o) {
  try {
    check_batches(root, dims, o.indices, o.ptrs());
    return "";
  } catch (const ProofRejected& e) {
    return e.what();
  }
}

bool contains(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

// ---------------------------------------------------------------------------------------------
// Honest edge cases: what the prover sends must be exactly what the verifier expects.

// Every multiset of 1..3 indices into trees of 1..16 leaves with a matrix at every height, in every
// order (repeats, all on one leaf, siblings, far apart): accepted, and each sent digest and each row
// element of each opening is load-bearing.
TEST(SharedPathsAdversarial, ExhaustiveSmallTreesAcceptHonestAndRejectEverySingleTamper) {
  for (unsigned log_h = 0; log_h <= 4; ++log_h) {
    const MerkleTree tree(every_height(log_h, 7 * log_h + 1));
    const auto dims = tree.dims();
    const size_t leaves = size_t{1} << log_h;
    std::vector<std::vector<size_t>> sets;
    for (size_t a = 0; a < leaves; ++a) {
      sets.push_back({a});
      for (size_t b = 0; b < leaves; ++b) {
        sets.push_back({a, b});
        if (log_h <= 3)
          for (size_t c = 0; c < leaves; ++c) sets.push_back({a, b, c});
      }
    }
    for (const auto& idx : sets) {
      const Opened good = open_shared(tree, idx);
      ASSERT_TRUE(accepts(tree.root(), dims, good)) << "log_h " << log_h << " first " << idx[0] << " n " << idx.size();
      for (size_t q = 0; q < idx.size(); ++q) {
        for (size_t s = 0; s < good.openings[q].siblings.size(); ++s) {
          Opened bad = good;
          bad.openings[q].siblings[s][s % 8] += Fp::one();
          EXPECT_FALSE(accepts(tree.root(), dims, bad)) << log_h << " q " << q << " s " << s;
        }
        for (size_t k = 0; k < dims.size(); ++k) {
          Opened bad = good;
          bad.openings[q].opened_rows[k].back() += Fp::one();
          EXPECT_FALSE(accepts(tree.root(), dims, bad)) << log_h << " q " << q << " k " << k;
        }
      }
    }
  }
}

TEST(SharedPathsAdversarial, HeightZeroTree) {
  std::vector<RowMajorMatrix<Fp>> ms;
  ms.push_back(random_matrix(1, 32, 9));  // a one-leaf FRI round: one fold group of 8 Ext
  ms.push_back(random_matrix(1, 3, 10));
  const MerkleTree tree(std::move(ms));
  const auto dims = tree.dims();
  ASSERT_EQ(tree.log_max_height(), 0u);
  for (size_t n : {size_t{1}, size_t{2}, size_t{17}, size_t{84}}) {
    const Opened good = open_shared(tree, std::vector<size_t>(n, 0));
    for (const auto& o : good.openings) EXPECT_TRUE(o.siblings.empty());
    EXPECT_TRUE(accepts(tree.root(), dims, good)) << n;
    // A digest sent where none is expected.
    Opened extra = good;
    extra.openings[n - 1].siblings.push_back(tree.root());
    EXPECT_FALSE(accepts(tree.root(), dims, extra)) << n;
    // The last opening (a spare-lane neighbour in a short packed chunk) disagrees with the first.
    Opened bad = good;
    bad.openings[n - 1].opened_rows[1][2] += Fp::one();
    if (n > 1) {
      EXPECT_TRUE(contains(rejection(tree.root(), dims, bad), "disagree")) << rejection(tree.root(), dims, bad);
    } else {
      EXPECT_FALSE(accepts(tree.root(), dims, bad));
    }
    // Index 1 does not exist.
    Opened out = good;
    out.indices[n - 1] = 1;
    EXPECT_FALSE(accepts(tree.root(), dims, out)) << n;
  }
}

TEST(SharedPathsAdversarial, SingleQuerySendsItsWholePath) {
  const MerkleTree tree(adversarial_batch());
  const auto dims = tree.dims();
  for (size_t i : {size_t{0}, size_t{1}, size_t{511}, size_t{512}, size_t{1023}}) {
    const Opened good = open_shared(tree, {i});
    ASSERT_EQ(good.openings[0].siblings.size(), 10u);
    EXPECT_EQ(good.openings[0].siblings, tree.open_batch(i).siblings);
    EXPECT_TRUE(accepts(tree.root(), dims, good)) << i;
    EXPECT_TRUE(verify_batch(tree.root(), dims, i, good.openings[0]));
  }
}

// All queries on one leaf: the first sends the whole path, the others nothing; the digests of the
// owner moved to another opening at the same leaf are refused (the count is fixed by the rule).
TEST(SharedPathsAdversarial, AllQueriesOnOneLeaf) {
  const MerkleTree tree(adversarial_batch());
  const auto dims = tree.dims();
  const Opened good = open_shared(tree, std::vector<size_t>(40, 777));
  EXPECT_EQ(good.openings[0].siblings.size(), 10u);
  for (size_t q = 1; q < 40; ++q) EXPECT_TRUE(good.openings[q].siblings.empty());
  EXPECT_TRUE(accepts(tree.root(), dims, good));
  Opened moved = good;
  std::swap(moved.openings[0].siblings, moved.openings[39].siblings);
  EXPECT_FALSE(accepts(tree.root(), dims, moved));
  // Every non-owner with any other row: refused as a disagreement, whatever its lane.
  for (size_t q : {size_t{1}, size_t{15}, size_t{16}, size_t{39}}) {
    for (size_t k = 0; k < dims.size(); ++k) {
      Opened bad = good;
      bad.openings[q].opened_rows[k][0] += Fp::one();
      EXPECT_TRUE(contains(rejection(tree.root(), dims, bad), "disagree")) << q << " " << k;
    }
  }
}

// Repeats before and after their first occurrence, the owner being the LOWEST position, not the
// lowest leaf; more than one packed chunk.
TEST(SharedPathsAdversarial, OwnersAreLowestPositionsNotLowestLeaves) {
  const MerkleTree tree(adversarial_batch());
  const auto dims = tree.dims();
  std::vector<size_t> idx = {1023, 300, 9, 9, 300, 0, 1, 1023, 512, 513, 2, 3, 1022, 8, 10, 11, 12, 9, 0, 1023};
  const Opened good = open_shared(tree, idx);
  EXPECT_TRUE(accepts(tree.root(), dims, good));
  // The same openings with the sent digests handed to the lowest leaf instead of the lowest position:
  // opening 5 (leaf 0) and 18 (leaf 0 again) swap roles with respect to opening 0 (leaf 1023)...
  // any redistribution that keeps the total but not the per-opening counts must be refused.
  Opened shuffled = good;
  std::vector<Digest> all;
  for (const auto& o : shuffled.openings) all.insert(all.end(), o.siblings.begin(), o.siblings.end());
  for (auto& o : shuffled.openings) o.siblings.clear();
  shuffled.openings[5].siblings = all;
  EXPECT_FALSE(accepts(tree.root(), dims, shuffled));
  // Reordered positions give other owners; the proof pruned for one order is refused for the other
  // whenever the per-opening counts differ, and accepted when re-pruned.
  std::vector<size_t> rev(idx.rbegin(), idx.rend());
  Opened reordered{rev, {}};
  for (size_t q = 0; q < idx.size(); ++q) reordered.openings.push_back(good.openings[idx.size() - 1 - q]);
  bool same_counts = true;
  const auto levels = shared_path_levels(rev, 10);
  for (size_t q = 0; q < rev.size(); ++q)
    same_counts &= static_cast<size_t>(std::popcount(levels[q])) == reordered.openings[q].siblings.size();
  ASSERT_FALSE(same_counts);
  EXPECT_FALSE(accepts(tree.root(), dims, reordered));
  EXPECT_TRUE(accepts(tree.root(), dims, open_shared(tree, rev)));
}

// FRI rounds with tiny trees: 84 queries into 1, 2, 4, 8 leaves of one 32-wide matrix; when every leaf
// is queried no digest at all is sent.
TEST(SharedPathsAdversarial, TinyFriLikeTrees) {
  std::mt19937_64 rng(3);
  for (unsigned log_h = 0; log_h <= 3; ++log_h) {
    std::vector<RowMajorMatrix<Fp>> ms;
    ms.push_back(random_matrix(size_t{1} << log_h, 32, 40 + log_h));
    const MerkleTree tree(std::move(ms));
    const auto dims = tree.dims();
    std::vector<size_t> idx(84);
    for (auto& i : idx) i = rng() & ((size_t{1} << log_h) - 1);
    for (size_t j = 0; j < (size_t{1} << log_h); ++j) idx[j] = j;  // every leaf queried
    const Opened good = open_shared(tree, idx);
    size_t sent = 0;
    for (const auto& o : good.openings) sent += o.siblings.size();
    EXPECT_EQ(sent, 0u) << log_h;
    EXPECT_TRUE(accepts(tree.root(), dims, good)) << log_h;
    Opened bad = good;
    bad.openings[83].opened_rows[0][31] += Fp::one();
    EXPECT_FALSE(accepts(tree.root(), dims, bad)) << log_h;
    // Only one leaf queried (of 8): its owner sends the full path, all others at the same leaf nothing.
    const Opened one = open_shared(tree, std::vector<size_t>(84, (size_t{1} << log_h) - 1));
    EXPECT_EQ(one.openings[0].siblings.size(), log_h);
    EXPECT_TRUE(accepts(tree.root(), dims, one)) << log_h;
  }
}

// ---------------------------------------------------------------------------------------------
// Consistent forgeries.

// A forged tree in which leaf `at` holds the rows of leaf `from` (every matrix at the row it would
// open): every sent digest is consistent with the forged tree, so only the root differs.
MerkleTree forged_tree(const MerkleTree& real, size_t at, size_t from) {
  auto ms = clone_all(real);
  const unsigned L = real.log_max_height();
  for (auto& m : ms) {
    const unsigned shift = L - static_cast<unsigned>(std::countr_zero(m.height()));
    const auto src = real.matrix(&m - ms.data()).row(from >> shift);
    std::copy(src.begin(), src.end(), m.row(at >> shift).begin());
  }
  return MerkleTree(std::move(ms));
}

TEST(SharedPathsAdversarial, AnotherLeafsRowsWithConsistentSiblingsAreRefused) {
  const MerkleTree tree(adversarial_batch());
  const auto dims = tree.dims();
  std::mt19937_64 rng(17);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<size_t> idx(1 + rng() % 30);
    for (auto& i : idx) i = rng() % 1024;
    const size_t victim = rng() % idx.size();
    size_t from = rng() % 1024;
    if (from == idx[victim]) from ^= 1;
    const MerkleTree fake = forged_tree(tree, idx[victim], from);
    const Opened forged = open_shared(fake, idx);
    EXPECT_EQ(forged.openings[victim].opened_rows, tree.open_batch(from).opened_rows);
    EXPECT_TRUE(accepts(fake.root(), dims, forged)) << trial;  // consistent with everything but the root
    const std::string why = rejection(tree.root(), dims, forged);
    EXPECT_TRUE(contains(why, "root mismatch")) << trial << ": " << why;
    // The same rows and the honest digests: also refused.
    Opened mixed = open_shared(tree, idx);
    for (size_t q = 0; q < idx.size(); ++q)
      if (idx[q] == idx[victim]) mixed.openings[q].opened_rows = forged.openings[victim].opened_rows;
    EXPECT_FALSE(accepts(tree.root(), dims, mixed)) << trial;
  }
}

// Two queries on sibling leaves compute each other's level-0 node: swapping their rows (each a
// genuine committed row, at the wrong position) is refused.
TEST(SharedPathsAdversarial, SwappedSiblingRowsAreRefused) {
  const MerkleTree tree(adversarial_batch());
  const auto dims = tree.dims();
  Opened o = open_shared(tree, {6, 7, 900});
  std::swap(o.openings[0].opened_rows, o.openings[1].opened_rows);
  EXPECT_FALSE(accepts(tree.root(), dims, o));
  // Swapping the whole openings, digests included, is refused too (the indices stay where they are).
  Opened p = open_shared(tree, {6, 7, 900});
  std::swap(p.openings[0], p.openings[1]);
  EXPECT_FALSE(accepts(tree.root(), dims, p));
  // Two owners that both send a digest at the same level swap them.
  Opened s = open_shared(tree, {0, 1023});
  ASSERT_EQ(s.openings[0].siblings.size(), 9u);  // levels 0..8 each
  ASSERT_EQ(s.openings[1].siblings.size(), 9u);  // the level-9 nodes 0 and 1 are both on paths
  std::swap(s.openings[0].siblings[3], s.openings[1].siblings[3]);
  EXPECT_FALSE(accepts(tree.root(), dims, s));
}

// Two openings of one leaf: the second is never hashed into a path (the first owns every node), so a
// different row in it must be caught by the comparison, in any matrix, even one of height 2^0.
TEST(SharedPathsAdversarial, SecondOpeningOfALeafCannotCarryOtherRows) {
  const MerkleTree tree(adversarial_batch());
  const auto dims = tree.dims();
  for (size_t k = 0; k < dims.size(); ++k) {
    Opened o = open_shared(tree, {9, 300, 9});
    o.openings[2].opened_rows[k] = tree.open_batch(600).opened_rows[k];
    if (o.openings[2].opened_rows[k] == o.openings[0].opened_rows[k]) continue;  // 2^0 matrix: one row
    EXPECT_TRUE(contains(rejection(tree.root(), dims, o), "disagree")) << k << ": " << rejection(tree.root(), dims, o);
  }
  // And the owner carrying the forged rows while the repeat is honest: root mismatch.
  Opened o = open_shared(tree, {9, 300, 9});
  o.openings[0].opened_rows[0][0] += Fp::one();
  o.openings[2].opened_rows[0][0] += Fp::one();
  EXPECT_TRUE(contains(rejection(tree.root(), dims, o), "root mismatch"));
}

// Rows of a shorter matrix shared by DISTINCT leaves (a 2^3 row covers 128 leaves, a 2^8 row 4, the
// 2^0 row all of them): every opening must bring the same row, whichever one owns the node.
TEST(SharedPathsAdversarial, ShorterMatrixRowsSharedAcrossDistinctLeaves) {
  const MerkleTree tree(adversarial_batch());
  const auto dims = tree.dims();
  struct Case {
    std::vector<size_t> idx;
    size_t matrix, tampered;
  };
  const std::vector<Case> cases = {
      {{0, 127}, 3, 1},     {{127, 0}, 3, 0},          {{127, 0}, 3, 1},  // owner at the higher leaf
      {{4, 7, 5}, 1, 2},    {{7, 4}, 1, 0},            {{0, 1023}, 4, 1},
      {{1023, 0, 512}, 4, 2}, {{500, 3, 501, 502}, 1, 3},
  };
  for (const auto& c : cases) {
    const Opened good = open_shared(tree, c.idx);
    ASSERT_TRUE(accepts(tree.root(), dims, good));
    Opened bad = good;
    bad.openings[c.tampered].opened_rows[c.matrix][0] += Fp::one();
    EXPECT_FALSE(accepts(tree.root(), dims, bad)) << c.matrix << " " << c.tampered;
    // Consistent change of the shared row in EVERY opening: no disagreement, but the root differs.
    Opened all = good;
    for (auto& o : all.openings) o.opened_rows[c.matrix][0] += Fp::one();
    EXPECT_TRUE(contains(rejection(tree.root(), dims, all), "root mismatch")) << rejection(tree.root(), dims, all);
  }
  // Leaves 0 and 127 claim DIFFERENT rows of the 2^3 matrix, each consistent with a forged tree
  // (each opening recomputed in a tree where its own claim holds): refused.
  auto ms0 = clone_all(tree);
  ms0[3](0, 0) += Fp::one();
  const MerkleTree fake(std::move(ms0));
  Opened mixed = open_shared(tree, {0, 127});
  mixed.openings[1] = open_shared(fake, {0, 127}).openings[1];
  EXPECT_FALSE(accepts(tree.root(), dims, mixed));
  EXPECT_FALSE(accepts(fake.root(), dims, mixed));
}

// Random single-opening mutations on random batches (more than one packed chunk, repeats): every
// one refused with ProofRejected, never another exception.
TEST(SharedPathsAdversarial, RandomMutationsAreRefused) {
  const MerkleTree tree(adversarial_batch());
  const auto dims = tree.dims();
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<size_t> idx(1 + rng() % 50);
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = (i > 0 && rng() % 4 == 0) ? idx[rng() % i] : rng() % 1024;
    const Opened good = open_shared(tree, idx);
    ASSERT_TRUE(accepts(tree.root(), dims, good));
    Opened bad = good;
    const size_t q = rng() % idx.size();
    switch (rng() % 6) {
      case 0: bad.openings[q].opened_rows[rng() % dims.size()][0] += Fp(1 + rng() % 1000); break;
      case 1:
        if (bad.openings[q].siblings.empty()) bad.openings[q].siblings.push_back(tree.root());
        else bad.openings[q].siblings[rng() % bad.openings[q].siblings.size()][rng() % 8] += Fp::one();
        break;
      case 2:
        if (bad.openings[q].siblings.empty()) bad.openings[q].siblings.push_back(Digest{});
        else bad.openings[q].siblings.pop_back();
        break;
      case 3: bad.openings[q].opened_rows[rng() % dims.size()].push_back(Fp::one()); break;
      case 4: bad.openings[q].opened_rows.pop_back(); break;
      case 5: {
        const size_t other = (idx[q] + 1 + rng() % 1023) % 1024;  // another leaf's full opening
        bad.openings[q] = tree.open_batch(other);
        bad.openings[q].siblings.resize(good.openings[q].siblings.size());
        break;
      }
    }
    try {
      check_batches(tree.root(), dims, bad.indices, bad.ptrs());
      ADD_FAILURE() << "accepted: trial " << trial;
    } catch (const ProofRejected&) {
    }
  }
}

// Hostile shapes: rejected as ProofRejected, never another exception (shared_path_levels throws
// std::invalid_argument for an out-of-range index; check_batches must have refused it before).
TEST(SharedPathsAdversarial, HostileIndicesAndShapesAreProofRejected) {
  const MerkleTree tree(adversarial_batch());
  const auto dims = tree.dims();
  const Opened good = open_shared(tree, {5, 6});
  for (size_t bad_index : {size_t{1024}, size_t{1} << 31, size_t{1} << 40, ~size_t{0}}) {
    Opened bad = good;
    bad.indices[1] = bad_index;
    EXPECT_THROW(check_batches(tree.root(), dims, bad.indices, bad.ptrs()), ProofRejected);
  }
  const std::vector<MatrixDims> tall = {{1, 28}};
  EXPECT_THROW(check_batches(tree.root(), tall, good.indices, good.ptrs()), ProofRejected);
  EXPECT_THROW(check_batches(tree.root(), std::vector<MatrixDims>{}, good.indices, good.ptrs()), ProofRejected);
  Opened empty = good;
  empty.openings[0].opened_rows.clear();
  EXPECT_THROW(check_batches(tree.root(), dims, empty.indices, empty.ptrs()), ProofRejected);
}

// ---------------------------------------------------------------------------------------------
// LEB128 counts.

std::vector<uint8_t> encode(uint32_t v) {
  ByteWriter w;
  w.varuint(v);
  return w.data();
}

bool decodes(const std::vector<uint8_t>& bytes, uint32_t* out) {
  ByteReader r(bytes);
  try {
    *out = r.varuint("v");
  } catch (const MalformedInput&) {
    return false;
  }
  return r.at_end();
}

// Every 1- and 2-byte string, and random 3..5-byte strings: accepted iff it is the one shortest
// encoding of the value it decodes to (so no value has two encodings and nothing above 2^32 - 1).
TEST(SharedPathsAdversarial, VarUintAcceptsExactlyTheCanonicalEncodings) {
  auto check = [](const std::vector<uint8_t>& b) {
    uint32_t v = 0;
    const bool ok = decodes(b, &v);
    // Reference: the LEB128 value of b if b is well-formed (continuation on all but the last byte).
    bool well_formed = !b.empty() && b.size() <= 5 && (b.back() & 0x80) == 0;
    for (size_t i = 0; i + 1 < b.size(); ++i) well_formed &= (b[i] & 0x80) != 0;
    uint64_t ref = 0;
    for (size_t i = 0; i < b.size() && i < 5; ++i) ref |= uint64_t{b[i] & 0x7fu} << (7 * i);
    const bool canonical = well_formed && ref <= UINT32_MAX && encode(static_cast<uint32_t>(ref)) == b;
    EXPECT_EQ(ok, canonical) << std::hex << ref << " size " << b.size();
    if (ok) {
      EXPECT_EQ(v, ref);
    }
  };
  for (unsigned a = 0; a < 256; ++a) check({static_cast<uint8_t>(a)});
  for (unsigned a = 0; a < 256; ++a)
    for (unsigned b = 0; b < 256; ++b) check({static_cast<uint8_t>(a), static_cast<uint8_t>(b)});
  std::mt19937_64 rng(5);
  for (int t = 0; t < 20000; ++t) {
    std::vector<uint8_t> b(3 + rng() % 3);
    for (auto& x : b) x = static_cast<uint8_t>(rng() | 0x80);
    b.back() = static_cast<uint8_t>(rng() % (t % 2 ? 0x80 : 0x11));  // small last bytes hit the 2^32 edge
    check(b);
  }
  // The edges spelled out.
  uint32_t v = 0;
  EXPECT_TRUE(decodes({0xff, 0xff, 0xff, 0xff, 0x0f}, &v));
  EXPECT_EQ(v, UINT32_MAX);
  EXPECT_FALSE(decodes({0xff, 0xff, 0xff, 0xff, 0x1f}, &v));        // 2^33 - 1
  EXPECT_FALSE(decodes({0x80, 0x80, 0x80, 0x80, 0x00}, &v));        // 0 in five bytes
  EXPECT_FALSE(decodes({0x81, 0x80, 0x80, 0x80, 0x00}, &v));        // 1 in five bytes
  EXPECT_FALSE(decodes({0xff, 0xff, 0xff, 0xff, 0x8f, 0x00}, &v));  // six bytes
  EXPECT_FALSE(decodes({0x80, 0x80, 0x80, 0x80, 0x80}, &v));        // truncated after five
}

// BatchOpening::read with var counts: hostile counts refused before allocation, overlong counts
// refused, a round trip is exact.
TEST(SharedPathsAdversarial, BatchOpeningVarCountsAreBoundedAndCanonical) {
  const MerkleTree tree(adversarial_batch());
  const Opened o = open_shared(tree, {3, 700, 3});
  for (const auto& op : o.openings) {
    ByteWriter w;
    op.write(w);
    EXPECT_EQ(w.data().size(), op.serialized_size());
    ByteReader r(w.data());
    EXPECT_EQ(BatchOpening::read(r, {}), op);
    EXPECT_TRUE(r.at_end());
  }
  // A sibling count of 2 written as 0x82 0x00 (overlong) in front of two digests.
  ByteWriter w;
  w.varuint(1);
  w.varuint(1);
  Fp(5).write(w);
  w.u8(0x82);
  w.u8(0x00);
  Digest{}.write(w);
  Digest{}.write(w);
  ByteReader r(w.data());
  EXPECT_THROW(BatchOpening::read(r, {}), MalformedInput);
  // Counts over the limits, or longer than the data: refused.
  for (uint32_t n : {28u, 4097u, (1u << 20) + 1, UINT32_MAX}) {
    ByteWriter g;
    g.varuint(n);
    ByteReader gr(g.data());
    EXPECT_THROW(BatchOpening::read(gr, {}), MalformedInput) << n;
  }
  ByteWriter g;
  g.varuint(0);
  g.varuint(27);  // 27 siblings announced, none present
  ByteReader gr(g.data());
  EXPECT_THROW(BatchOpening::read(gr, {}), MalformedInput);
}


}  // namespace
}  // namespace zkrv
