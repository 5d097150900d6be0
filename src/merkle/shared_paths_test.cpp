// Shared Merkle paths (shared_paths.h) and the verifier that consumes them (check_batches).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "merkle/merkle_tree.h"
#include "merkle/merkle_verify.h"
#include "merkle/shared_paths.h"
#include "merkle/shared_paths_test_util.h"

namespace zkrv {
namespace {

std::vector<RowMajorMatrix<Fp>> mixed_batch() {
  std::mt19937_64 rng(5);
  std::vector<RowMajorMatrix<Fp>> ms;
  ms.push_back(RowMajorMatrix<Fp>::random(1 << 10, 7, rng));
  ms.push_back(RowMajorMatrix<Fp>::random(1 << 8, 5, rng));  // shorter groups enter at levels 2 and 7
  ms.push_back(RowMajorMatrix<Fp>::random(1 << 10, 3, rng));
  ms.push_back(RowMajorMatrix<Fp>::random(1 << 3, 1, rng));
  return ms;
}

using test::Opened;
using test::open_shared;

// The digests a batch proof must carry, counted independently of the rule's owner bookkeeping: the
// distinct (level, node) pairs that are siblings of a path node but on no path themselves.
size_t needed_digests(const std::vector<size_t>& indices, unsigned log_height) {
  std::set<std::pair<unsigned, size_t>> on_path, needed;
  for (size_t i : indices)
    for (unsigned l = 0; l < log_height; ++l) on_path.insert({l, i >> l});
  for (const auto& [l, node] : on_path)
    if (!on_path.count({l, node ^ 1})) needed.insert({l, node ^ 1});
  return needed.size();
}

TEST(SharedPaths, EachNeededDigestIsSentExactlyOnce) {
  std::mt19937_64 rng(7);
  for (unsigned log_height : {0u, 1u, 3u, 6u, 12u, 21u}) {
    for (size_t q : {size_t{1}, size_t{2}, size_t{17}, size_t{84}}) {
      std::vector<size_t> indices(q);
      for (size_t k = 0; k < q; ++k) indices[k] = k % 5 == 4 ? indices[k - 1] : rng() & ((size_t{1} << log_height) - 1);
      const auto levels = shared_path_levels(indices, log_height);
      EXPECT_EQ(shared_path_digests(levels), needed_digests(indices, log_height)) << log_height << " " << q;
      // A repeated index sends nothing of its own.
      for (size_t k = 4; k < q; k += 5) EXPECT_EQ(levels[k], 0u);
    }
  }
  // One query sends its whole path; two sibling leaves send all but their level-0 siblings.
  EXPECT_EQ(shared_path_levels(std::vector<size_t>{5}, 4)[0], 0xfu);
  const auto two = shared_path_levels(std::vector<size_t>{6, 7}, 4);
  EXPECT_EQ(two[0], 0xeu);
  EXPECT_EQ(two[1], 0u);
  EXPECT_THROW(shared_path_levels(std::vector<size_t>{16}, 4), std::invalid_argument);
}

// What the FRI proof gains: 84 queries into the input trees (2^21 leaves) and the commit-phase trees.
TEST(SharedPaths, SavesTheTopOfEveryTree) {
  std::mt19937_64 rng(11);
  std::vector<size_t> indices(84);
  for (auto& i : indices) i = rng() & ((size_t{1} << 21) - 1);
  const size_t big = shared_path_digests(shared_path_levels(indices, 21));
  EXPECT_LT(big, 84 * 21 * 7 / 10) << big;  // at least 30% fewer digests than full paths
  for (auto& i : indices) i >>= 15;
  EXPECT_LT(shared_path_digests(shared_path_levels(indices, 6)), 84u);  // 2^6 leaves: mostly computed
}

// check_batches accepts shared paths for every count of openings from 1 to 40 (short packed chunks,
// repeated indices, mixed heights), and rejects any single tampered row element, sent digest or index.
TEST(SharedPaths, CheckBatchesAcceptsSharedPathsAndRejectsEveryTamper) {
  const MerkleTree tree(mixed_batch());
  const auto dims = tree.dims();
  std::mt19937_64 rng(21);
  for (size_t n = 1; n <= 40; ++n) {
    std::vector<size_t> indices(n);
    for (size_t i = 0; i < n; ++i) indices[i] = i % 7 == 3 ? indices[i - 1] : rng() % 1024;
    const Opened good = open_shared(tree, indices);
    ASSERT_NO_THROW(check_batches(tree.root(), dims, good.indices, good.ptrs())) << n;

    for (size_t bad : {size_t{0}, n / 2, n - 1}) {
      for (size_t k = 0; k < dims.size(); ++k) {
        Opened forged = good;
        forged.openings[bad].opened_rows[k][0] += Fp::one();
        EXPECT_THROW(check_batches(tree.root(), dims, forged.indices, forged.ptrs()), ProofRejected) << n << " " << k;
      }
      for (size_t s = 0; s < good.openings[bad].siblings.size(); ++s) {
        Opened forged = good;
        forged.openings[bad].siblings[s][s % 8] += Fp::one();
        EXPECT_THROW(check_batches(tree.root(), dims, forged.indices, forged.ptrs()), ProofRejected) << n << " " << s;
      }
      // Another leaf's opening claimed for this index: re-pruned consistently for the new indices,
      // so only the root can tell.
      Opened moved = good;
      moved.indices[bad] ^= 1;
      if (std::count(good.indices.begin(), good.indices.end(), moved.indices[bad]) == 0) {
        Opened full{moved.indices, {}};
        for (size_t i = 0; i < n; ++i) full.openings.push_back(tree.open_batch(good.indices[i]));
        std::vector<std::vector<Digest>*> paths;
        for (auto& op : full.openings) paths.push_back(&op.siblings);
        prune_to_shared_paths(full.indices, tree.log_max_height(), paths);
        EXPECT_THROW(check_batches(tree.root(), dims, full.indices, full.ptrs()), ProofRejected) << n;
      }
    }
  }
}

TEST(SharedPaths, OpeningsOfOneLeafMustAgree) {
  const MerkleTree tree(mixed_batch());
  const auto dims = tree.dims();
  // Two openings of leaf 9: the second's rows are never hashed into the path (the first owns the
  // node), so they must be compared; here they are another leaf's rows.
  Opened o = open_shared(tree, {9, 9, 300});
  o.openings[1].opened_rows = tree.open_batch(10).opened_rows;
  try {
    check_batches(tree.root(), dims, o.indices, o.ptrs());
    ADD_FAILURE() << "accepted";
  } catch (const ProofRejected& e) {
    EXPECT_NE(std::string(e.what()).find("disagree"), std::string::npos) << e.what();
  }
  // The same for a shorter matrix entering above two distinct leaves (rows of height 2^3 are shared
  // by 128 leaves): leaves 0 and 1 share row 0 of the 2^3 matrix.
  Opened p = open_shared(tree, {0, 1});
  p.openings[1].opened_rows[3][0] += Fp::one();
  EXPECT_THROW(check_batches(tree.root(), dims, p.indices, p.ptrs()), ProofRejected);
}

TEST(SharedPaths, ShapesAreCheckedBeforeHashing) {
  const MerkleTree tree(mixed_batch());
  const auto dims = tree.dims();
  Opened o = open_shared(tree, {5, 600});
  ASSERT_NO_THROW(check_batches(tree.root(), dims, o.indices, o.ptrs()));
  {
    Opened bad = o;  // a full path where the rule assigns a shorter one
    bad.openings[1] = tree.open_batch(600);
    try {
      check_batches(tree.root(), dims, bad.indices, bad.ptrs());
      ADD_FAILURE() << "accepted";
    } catch (const ProofRejected& e) {
      EXPECT_NE(std::string(e.what()).find("opening 1: 10 siblings"), std::string::npos) << e.what();
    }
  }
  {
    Opened bad = o;
    bad.openings[0].siblings.pop_back();
    EXPECT_THROW(check_batches(tree.root(), dims, bad.indices, bad.ptrs()), ProofRejected);
  }
  {
    Opened bad = o;
    bad.indices[1] = 1024;
    EXPECT_THROW(check_batches(tree.root(), dims, bad.indices, bad.ptrs()), ProofRejected);
  }
  {
    Opened bad = o;
    bad.openings[0].opened_rows[1].pop_back();
    EXPECT_THROW(check_batches(tree.root(), dims, bad.indices, bad.ptrs()), ProofRejected);
  }
  EXPECT_THROW(check_batches(tree.root(), dims, std::vector<size_t>{5}, o.ptrs()), ProofRejected);
}


// Rows are shared by the owner rule too: share_openings leaves each row of each matrix in its lowest
// opening only, restore_shared_rows puts every opening back exactly as opened, and check_batches then
// accepts; any departure from the rule is rejected.
TEST(SharedPaths, SharedRowsAreSentOnceAndRestoredExactly) {
  const MerkleTree tree(mixed_batch());
  const auto dims = tree.dims();
  std::mt19937_64 rng(31);
  std::vector<size_t> indices(84);
  for (auto& i : indices) i = rng() % 1024;
  std::vector<BatchOpening> full, shared;
  for (size_t i : indices) full.push_back(tree.open_batch(i));
  shared = full;
  std::vector<BatchOpening*> ptrs;
  for (auto& o : shared) ptrs.push_back(&o);
  share_openings(indices, dims, ptrs);
  // The 2^3 matrix (index 3) has 8 rows: at most 8 openings send one; the 2^10 ones nearly all do.
  size_t sent_small = 0, sent_tall = 0;
  for (const auto& o : shared) {
    sent_small += !o.opened_rows[3].empty();
    sent_tall += !o.opened_rows[0].empty();
  }
  EXPECT_LE(sent_small, 8u);
  EXPECT_GE(sent_tall, 75u);
  std::vector<BatchOpening> restored = shared;
  std::vector<BatchOpening*> rptrs;
  for (auto& o : restored) rptrs.push_back(&o);
  restore_shared_rows(indices, dims, rptrs);
  for (size_t q = 0; q < indices.size(); ++q) EXPECT_EQ(restored[q].opened_rows, full[q].opened_rows) << q;
  std::vector<const BatchOpening*> cptrs(rptrs.begin(), rptrs.end());
  EXPECT_NO_THROW(check_batches(tree.root(), dims, indices, cptrs));

  const auto restore_throws = [&](std::vector<BatchOpening> bad) {
    std::vector<BatchOpening*> p;
    for (auto& o : bad) p.push_back(&o);
    EXPECT_THROW(restore_shared_rows(indices, dims, p), ProofRejected);
  };
  for (size_t q = 0; q < indices.size(); ++q)
    for (size_t k = 0; k < dims.size(); ++k) {
      std::vector<BatchOpening> bad = shared;
      if (bad[q].opened_rows[k].empty()) {
        bad[q].opened_rows[k] = full[q].opened_rows[k];  // the right row, but not this opening's to send
        restore_throws(bad);
      } else {
        bad[q].opened_rows[k].clear();  // an owner leaves its row out
        restore_throws(bad);
        // A wrong owner row reaches every opening that shares it; the root rejects it.
        std::vector<BatchOpening> wrong = shared;
        wrong[q].opened_rows[k][0] += Fp::one();
        std::vector<BatchOpening*> wp;
        for (auto& o : wrong) wp.push_back(&o);
        restore_shared_rows(indices, dims, wp);
        std::vector<const BatchOpening*> wc(wp.begin(), wp.end());
        EXPECT_THROW(check_batches(tree.root(), dims, indices, wc), ProofRejected) << q << " " << k;
      }
    }
}

}  // namespace
}  // namespace zkrv
