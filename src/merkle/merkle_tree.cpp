#include "merkle/merkle_tree.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "base/bits.h"
#include "hash/compress.h"
#include "hash/sponge.h"

namespace zkrv {
namespace merkle_detail {

std::vector<std::vector<size_t>> group_by_height(std::span<const MatrixDims> dims, unsigned log_max_height) {
  std::vector<std::vector<size_t>> groups(log_max_height + 1);
  for (size_t k = 0; k < dims.size(); ++k) groups.at(dims[k].log_height).push_back(k);
  return groups;
}

}  // namespace merkle_detail

namespace {

using Hasher = DefaultRowHasher;
constexpr size_t L = PackedFp::WIDTH;
// Rows (or nodes) per parallel task: enough work to amortise scheduling, small enough to balance.
constexpr size_t kGrain = 256;

}  // namespace

// The matrices of one height, hashed as if their rows were concatenated.
struct MerkleTree::Group {
  std::vector<const RowMajorMatrix<Fp>*> members;
  bool empty() const noexcept { return members.empty(); }

  Digest hash_row(size_t r) const noexcept {
    Hasher::Sponge s;
    for (const auto* m : members) s.absorb(m->row(r));
    return s.squeeze();
  }
  // Rows r .. r + L - 1, lane l = row r + l.
  PackedDigest hash_rows_packed(size_t r) const noexcept {
    Hasher::PackedSponge s;
    for (const auto* m : members) s.absorb_strided(m->data() + r * m->width(), m->width(), m->width());
    return s.squeeze();
  }
};

namespace {

using Group = MerkleTree::Group;

template <class Body>
void parallel_blocks(size_t n, Body&& body) {
  if (n <= kGrain) {
    body(size_t{0}, n);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, kGrain),
                    [&](const tbb::blocked_range<size_t>& r) { body(r.begin(), r.end()); });
}

// Level 1 straight from the rows (the leaf level is never stored): next[j] = compress(leaf(2j),
// leaf(2j+1)), injected with the next group's row hash when it is non-empty.
void compress_leaves(const Group& leaves, const Group& g, std::vector<Digest>& next) {
  parallel_blocks(next.size(), [&](size_t lo, size_t hi) {
    size_t j = lo;
    auto scalar = [&](size_t j) {
      Digest d = compress(leaves.hash_row(2 * j), leaves.hash_row(2 * j + 1));
      if (!g.empty()) d = compress(d, g.hash_row(j));
      next[j] = d;
    };
    for (; j < hi && j % L != 0; ++j) scalar(j);
    for (; j + L <= hi; j += L) {
      std::array<Digest, 2 * L> rows;
      unpack_digests(leaves.hash_rows_packed(2 * j), std::span<Digest, L>(rows.data(), L));
      unpack_digests(leaves.hash_rows_packed(2 * j + L), std::span<Digest, L>(rows.data() + L, L));
      std::array<Digest, L> left, right;
      for (size_t l = 0; l < L; ++l) {
        left[l] = rows[2 * l];
        right[l] = rows[2 * l + 1];
      }
      PackedDigest d = compress(pack_digests(left), pack_digests(right));
      if (!g.empty()) d = compress(d, g.hash_rows_packed(j));
      unpack_digests(d, std::span<Digest, L>(next.data() + j, L));
    }
    for (; j < hi; ++j) scalar(j);
  });
}

// next[j] = compress(prev[2j], prev[2j+1]), then injected with the group's row hash when g is non-empty.
void compress_layer(const std::vector<Digest>& prev, const Group& g, std::vector<Digest>& next) {
  parallel_blocks(next.size(), [&](size_t lo, size_t hi) {
    size_t j = lo;
    auto scalar = [&](size_t j) {
      Digest d = compress(prev[2 * j], prev[2 * j + 1]);
      if (!g.empty()) d = compress(d, g.hash_row(j));
      next[j] = d;
    };
    for (; j < hi && j % L != 0; ++j) scalar(j);
    for (; j + L <= hi; j += L) {
      std::array<Digest, L> left, right;
      for (size_t l = 0; l < L; ++l) {
        left[l] = prev[2 * (j + l)];
        right[l] = prev[2 * (j + l) + 1];
      }
      PackedDigest d = compress(pack_digests(left), pack_digests(right));
      if (!g.empty()) d = compress(d, g.hash_rows_packed(j));
      unpack_digests(d, std::span<Digest, L>(next.data() + j, L));
    }
    for (; j < hi; ++j) scalar(j);
  });
}

}  // namespace

MerkleTree::MerkleTree(std::vector<RowMajorMatrix<Fp>> matrices) : matrices_(std::move(matrices)) {
  if (matrices_.empty()) throw std::invalid_argument("MerkleTree: no matrices to commit");
  for (size_t k = 0; k < matrices_.size(); ++k) {
    const auto& m = matrices_[k];
    if (m.width() == 0) throw std::invalid_argument("MerkleTree: matrix " + std::to_string(k) + " has width 0");
    if (!is_power_of_two(m.height()) || m.height() > (size_t{1} << Fp::TWO_ADICITY))
      throw std::invalid_argument("MerkleTree: height of matrix " + std::to_string(k) +
                                  " is not a power of two <= 2^27");
    log_max_height_ = std::max(log_max_height_, log2_exact(m.height()));
  }
  layers_.resize(log_max_height_ + 1);
  if (log_max_height_ == 0) {
    layers_[0].push_back(group(0).hash_row(0));
    return;
  }
  // The leaf level (one digest per row of the tallest matrices, the largest level) is not kept: level 1
  // is computed from the rows directly, and open_batch rehashes the one sibling leaf it needs.
  layers_[1].resize(max_height() >> 1);
  compress_leaves(group(log_max_height_), group(log_max_height_ - 1), layers_[1]);
  for (unsigned level = 2; level <= log_max_height_; ++level) {
    layers_[level].resize(max_height() >> level);
    compress_layer(layers_[level - 1], group(log_max_height_ - level), layers_[level]);
  }
}

Group MerkleTree::group(unsigned log_height) const {
  Group g;
  for (const auto& m : matrices_)
    if (m.height() == (size_t{1} << log_height)) g.members.push_back(&m);
  return g;
}

std::vector<Digest> MerkleTree::layer(size_t l) const {
  if (l > 0 || log_max_height_ == 0) {
    const auto& v = layers_.at(l);
    return {v.begin(), v.end()};
  }
  std::vector<Digest> leaves(max_height());
  const Group g = group(log_max_height_);
  for (size_t r = 0; r < leaves.size(); ++r) leaves[r] = g.hash_row(r);
  return leaves;
}

std::vector<MatrixDims> MerkleTree::dims() const {
  std::vector<MatrixDims> d;
  d.reserve(matrices_.size());
  for (const auto& m : matrices_) d.push_back({m.width(), log2_exact(m.height())});
  return d;
}

BatchOpening MerkleTree::open_batch(size_t index) const {
  if (index >= max_height())
    throw std::out_of_range("MerkleTree::open_batch: index " + std::to_string(index) + " >= height " +
                            std::to_string(max_height()));
  BatchOpening o;
  o.opened_rows.reserve(matrices_.size());
  for (const auto& m : matrices_) {
    const auto row = m.row(index >> (log_max_height_ - log2_exact(m.height())));
    o.opened_rows.emplace_back(row.begin(), row.end());
  }
  o.siblings.reserve(log_max_height_);
  if (log_max_height_ > 0) o.siblings.push_back(group(log_max_height_).hash_row(index ^ 1));
  for (unsigned level = 1; level < log_max_height_; ++level) o.siblings.push_back(layers_[level][(index >> level) ^ 1]);
  return o;
}

}  // namespace zkrv
