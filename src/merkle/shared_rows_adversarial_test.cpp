// Adversarial tests of shared rows (shared_paths.h: share_openings / restore_shared_rows) with the
// verifier's checks after them (check_batch_shape, check_batches): a prover controls every byte of the
// openings but not the leaf indices. Each test asserts a concrete acceptance or rejection.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "merkle/batch_opening.h"
#include "merkle/merkle_tree.h"
#include "merkle/merkle_verify.h"
#include "merkle/shared_paths.h"
#include "merkle/shared_paths_test_util.h"

namespace zkrv {
namespace {

using test::adversarial_batch;
using test::every_height;
using test::random_matrix;

// ---------------------------------------------------------------------------------------------
// Shared rows (share_openings / restore_shared_rows): the verifier copies the owner's row into every
// opening that opens the same row, BEFORE any shape check. Everything below models what
// TwoAdicFriPcs::verify does: restore, then check_batch_shape per opening, then check_batches.

struct SharedRows {
  std::vector<size_t> indices;
  std::vector<BatchOpening> full;    // as opened
  std::vector<BatchOpening> shared;  // as sent (paths pruned, shared rows emptied)
};

SharedRows open_shared_rows(const MerkleTree& tree, std::vector<size_t> indices) {
  SharedRows r{std::move(indices), {}, {}};
  for (size_t i : r.indices) r.full.push_back(tree.open_batch(i));
  r.shared = r.full;
  std::vector<BatchOpening*> p;
  for (auto& o : r.shared) p.push_back(&o);
  share_openings(r.indices, tree.dims(), p);
  return r;
}

// "" if restore + shape checks + check_batches accept `sent`; otherwise the rejection. Anything other
// than ProofRejected escapes and fails the test. `restored` receives the openings after restore.
std::string verify_shared_rows(const Digest& root, const std::vector<MatrixDims>& dims,
                               const std::vector<size_t>& indices, std::vector<BatchOpening> sent,
                               std::vector<BatchOpening>* restored = nullptr) {
  try {
    std::vector<BatchOpening*> p;
    for (auto& o : sent) p.push_back(&o);
    restore_shared_rows(indices, dims, p);
    if (restored) *restored = sent;
    for (size_t q = 0; q < sent.size(); ++q) check_batch_shape(dims, indices[q], sent[q]);
    std::vector<const BatchOpening*> c(p.begin(), p.end());
    check_batches(root, dims, indices, c);
    return "";
  } catch (const ProofRejected& e) {
    return std::string("rejected: ") + e.what();
  }
}

// Honest edge cases: a single query, repeated indices, every query on one leaf, batches whose matrices
// all have the tree's height (rows shared only between equal indices), a tree of one leaf (log height
// 0: every query shares every row), a matrix of one row inside a taller tree, 84 queries into a 2^4
// tree (the FRI case of a short table). Every one is restored exactly as opened and accepted.
TEST(SharedPathsAdversarial, SharedRowsHonestEdgeCasesRoundTrip) {
  std::vector<std::vector<RowMajorMatrix<Fp>>> batches;
  batches.push_back(adversarial_batch());
  for (unsigned h = 0; h <= 4; ++h) batches.push_back(every_height(h, 50 + h));
  {
    std::vector<RowMajorMatrix<Fp>> all_max;  // every matrix at the tree's height
    all_max.push_back(random_matrix(16, 3, 61));
    all_max.push_back(random_matrix(16, 1, 62));
    batches.push_back(std::move(all_max));
  }
  {
    std::vector<RowMajorMatrix<Fp>> one_leaf;  // log_max 0
    one_leaf.push_back(random_matrix(1, 4, 63));
    one_leaf.push_back(random_matrix(1, 1, 64));
    batches.push_back(std::move(one_leaf));
  }
  std::mt19937_64 rng(77);
  for (auto& ms : batches) {
    const MerkleTree tree(std::move(ms));
    const auto dims = tree.dims();
    const size_t leaves = tree.max_height();
    std::vector<std::vector<size_t>> sets = {{0}, {leaves - 1}, {leaves - 1, 0}, std::vector<size_t>(84, leaves / 2)};
    for (size_t n : {size_t{2}, size_t{3}, size_t{17}, size_t{84}}) {
      std::vector<size_t> s(n);
      for (auto& i : s) i = rng() % leaves;
      sets.push_back(s);
      std::vector<size_t> rep = s;  // every index twice, the repeat first
      for (size_t i : s) rep.insert(rep.begin(), i);
      sets.push_back(rep);
    }
    for (const auto& idx : sets) {
      const SharedRows r = open_shared_rows(tree, idx);
      std::vector<BatchOpening> restored;
      EXPECT_EQ(verify_shared_rows(tree.root(), dims, idx, r.shared, &restored), "")
          << "log_max " << tree.log_max_height() << " n " << idx.size();
      ASSERT_EQ(restored.size(), r.full.size());
      for (size_t q = 0; q < idx.size(); ++q) EXPECT_EQ(restored[q].opened_rows, r.full[q].opened_rows) << q;
      // Which rows are sent is a function of the indices alone: opening q sends row k iff no lower
      // opening opens the same row of k.
      const unsigned L = tree.log_max_height();
      for (size_t q = 0; q < idx.size(); ++q)
        for (size_t k = 0; k < dims.size(); ++k) {
          bool lower = false;
          for (size_t p = 0; p < q; ++p) lower |= (idx[p] >> (L - dims[k].log_height)) == (idx[q] >> (L - dims[k].log_height));
          EXPECT_EQ(r.shared[q].opened_rows[k].empty(), lower) << q << " " << k;
        }
    }
  }
}

// Every opening of every small tree and index multiset: each departure from the row rule (a row sent
// twice, an owner row left out, a changed element, a row one element longer or shorter) is refused,
// and only as ProofRejected. A wrong-length owner row is copied to every sharer before the shape check;
// each copy must then fail it.
TEST(SharedPathsAdversarial, SharedRowsExhaustiveSmallTreesRejectEveryRowTamper) {
  for (unsigned log_h = 0; log_h <= 3; ++log_h) {
    const MerkleTree tree(every_height(log_h, 90 + log_h));
    const auto dims = tree.dims();
    const size_t leaves = size_t{1} << log_h;
    std::vector<std::vector<size_t>> sets;
    for (size_t a = 0; a < leaves; ++a)
      for (size_t b = 0; b < leaves; ++b)
        for (size_t c = 0; c < leaves; ++c) sets.push_back({a, b, c});
    for (const auto& idx : sets) {
      const SharedRows r = open_shared_rows(tree, idx);
      ASSERT_EQ(verify_shared_rows(tree.root(), dims, idx, r.shared), "");
      for (size_t q = 0; q < idx.size(); ++q)
        for (size_t k = 0; k < dims.size(); ++k) {
          const bool owner = !r.shared[q].opened_rows[k].empty();
          std::vector<std::vector<BatchOpening>> bads;
          if (!owner) {
            auto b = r.shared;
            b[q].opened_rows[k] = r.full[q].opened_rows[k];  // the right row, sent twice
            bads.push_back(b);
          } else {
            auto b = r.shared;
            b[q].opened_rows[k].clear();
            bads.push_back(b);
            b = r.shared;
            b[q].opened_rows[k].back() += Fp::one();
            bads.push_back(b);
            b = r.shared;
            b[q].opened_rows[k].push_back(Fp::zero());  // longer (a zero: same sponge input prefix)
            bads.push_back(b);
            b = r.shared;
            b[q].opened_rows[k].pop_back();  // shorter (empty for width 1)
            bads.push_back(b);
          }
          for (auto& b : bads)
            EXPECT_NE(verify_shared_rows(tree.root(), dims, idx, b), "") << log_h << " q " << q << " k " << k;
        }
    }
  }
}

// Hostile structure: opened-row counts off by one (owner or sharer, more or fewer), no rows at all,
// one opening too many or too few, hostile index values (the PCS never passes them; restore must not
// crash on them and the shape checks must refuse them), a claimed height above 31 (clamped).
TEST(SharedPathsAdversarial, SharedRowsHostileCountsAndIndicesAreProofRejected) {
  const MerkleTree tree(adversarial_batch());
  const auto dims = tree.dims();
  const std::vector<size_t> idx = {3, 3, 700, 2, 1023, 0};
  const SharedRows r = open_shared_rows(tree, idx);
  ASSERT_EQ(verify_shared_rows(tree.root(), dims, idx, r.shared), "");
  for (size_t q = 0; q < idx.size(); ++q) {
    auto more = r.shared;
    more[q].opened_rows.push_back({Fp::one()});
    EXPECT_NE(verify_shared_rows(tree.root(), dims, idx, more), "") << q;
    auto more_empty = r.shared;
    more_empty[q].opened_rows.emplace_back();
    EXPECT_NE(verify_shared_rows(tree.root(), dims, idx, more_empty), "") << q;
    auto fewer = r.shared;
    fewer[q].opened_rows.pop_back();
    EXPECT_NE(verify_shared_rows(tree.root(), dims, idx, fewer), "") << q;
    auto none = r.shared;
    none[q].opened_rows.clear();
    EXPECT_NE(verify_shared_rows(tree.root(), dims, idx, none), "") << q;
  }
  {
    auto extra = r.shared;
    extra.push_back(r.full[0]);
    std::vector<BatchOpening*> p;
    for (auto& o : extra) p.push_back(&o);
    EXPECT_THROW(restore_shared_rows(idx, dims, p), ProofRejected);
    p.resize(idx.size() - 1);
    EXPECT_THROW(restore_shared_rows(idx, dims, p), ProofRejected);
  }
  for (size_t bad_index : {size_t{1024}, size_t{1} << 31, size_t{1} << 40, ~size_t{0}}) {
    for (size_t q : {size_t{0}, size_t{1}, size_t{5}}) {
      auto bad_idx = idx;
      bad_idx[q] = bad_index;
      EXPECT_NE(verify_shared_rows(tree.root(), dims, bad_idx, r.shared), "") << bad_index << " " << q;
      EXPECT_NE(verify_shared_rows(tree.root(), dims, bad_idx, r.full), "") << bad_index << " " << q;
    }
  }
  std::vector<MatrixDims> tall = dims;
  tall[0].log_height = 40;
  EXPECT_NE(verify_shared_rows(tree.root(), tall, idx, r.shared), "");
  tall[0].log_height = 200;
  EXPECT_NE(verify_shared_rows(tree.root(), tall, idx, r.shared), "");
}

// Forgeries that keep every shape and the row rule: the owner sends another committed row of the
// same matrix (with or without its own path digests), or the rows of two owners are swapped. The root
// refuses each.
TEST(SharedPathsAdversarial, SharedRowsOwnerCannotSubstituteAnotherCommittedRow) {
  const MerkleTree tree(adversarial_batch());
  const auto dims = tree.dims();
  std::mt19937_64 rng(123);
  std::vector<size_t> idx(84);
  for (auto& i : idx) i = rng() % 1024;
  const SharedRows r = open_shared_rows(tree, idx);
  ASSERT_EQ(verify_shared_rows(tree.root(), dims, idx, r.shared), "");
  const unsigned L = tree.log_max_height();
  size_t tried = 0;
  for (size_t q = 0; q < idx.size(); ++q)
    for (size_t k = 0; k < dims.size(); ++k) {
      if (r.shared[q].opened_rows[k].empty()) continue;
      const size_t rows = size_t{1} << dims[k].log_height;
      if (rows == 1) continue;
      const size_t mine = idx[q] >> (L - dims[k].log_height);
      auto b = r.shared;
      const auto other = tree.matrix(k).row((mine + 1) % rows);
      b[q].opened_rows[k].assign(other.begin(), other.end());
      EXPECT_NE(verify_shared_rows(tree.root(), dims, idx, b), "") << q << " " << k;
      ++tried;
    }
  EXPECT_GT(tried, 8u);
  // Two owners of the 2^3 matrix swap their rows.
  std::vector<size_t> owners;
  for (size_t q = 0; q < idx.size(); ++q)
    if (!r.shared[q].opened_rows[3].empty()) owners.push_back(q);
  ASSERT_GE(owners.size(), 2u);
  auto b = r.shared;
  std::swap(b[owners[0]].opened_rows[3], b[owners[1]].opened_rows[3]);
  EXPECT_NE(verify_shared_rows(tree.root(), dims, idx, b), "");
}

// FINDING (denial of service): restore_shared_rows copies the owner's row into every sharer BEFORE
// comparing its length with the matrix width. A hostile owner row of up to 2^20 elements (the
// BatchOpening::read limit, 4 MB on the wire) is therefore held Q times: with 84 queries on a short
// table, 84x the proof bytes are allocated and written before check_batch_shape refuses them (a
// 2^28-byte receipt proof -> ~21 GB). The verifier's memory must stay linear in the proof: either
// restore refuses the row, or nothing it restores is longer than the widths the verifier knows.
TEST(SharedPathsAdversarial, SharedRowsOversizedOwnerRowIsNotAmplified) {
  std::vector<RowMajorMatrix<Fp>> ms;
  ms.push_back(random_matrix(16, 2, 201));
  ms.push_back(random_matrix(2, 1, 202));  // two rows: 84 queries share them
  const MerkleTree tree(std::move(ms));
  const auto dims = tree.dims();
  std::mt19937_64 rng(9);
  std::vector<size_t> idx(84);
  for (auto& i : idx) i = rng() % 16;
  SharedRows r = open_shared_rows(tree, idx);
  const size_t kHostile = size_t{1} << 16;
  size_t sent = 0, owners = 0;
  for (auto& o : r.shared)
    if (!o.opened_rows[1].empty()) {
      o.opened_rows[1].resize(kHostile, Fp::one());
      ++owners;
    }
  for (const auto& o : r.shared)
    for (const auto& row : o.opened_rows) sent += row.size();
  ASSERT_LE(owners, 2u);
  const std::vector<BatchOpening> as_sent = r.shared;
  std::vector<BatchOpening*> p;
  for (auto& o : r.shared) p.push_back(&o);
  bool refused = false;
  try {
    restore_shared_rows(idx, dims, p);
  } catch (const ProofRejected&) {
    refused = true;
  }
  size_t held = 0, legit = 0;
  for (const auto& o : r.shared)
    for (const auto& row : o.opened_rows) held += row.size();
  for (const auto& d : dims) legit += idx.size() * d.width;
  if (!refused) {
    EXPECT_LE(held, sent + legit) << "restore_shared_rows holds " << held << " elements for " << sent
                                  << " sent: a " << kHostile << "-element owner row was copied "
                                  << (held - sent) / kHostile << " times before any length check";
  }
  // In any case the proof is refused.
  EXPECT_NE(verify_shared_rows(tree.root(), dims, idx, as_sent), "");
}


}  // namespace
}  // namespace zkrv
