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

// The matrices of one height, hashed as if their rows were concatenated.
struct Group {
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

template <class Body>
void parallel_blocks(size_t n, Body&& body) {
  if (n <= kGrain) {
    body(size_t{0}, n);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, kGrain),
                    [&](const tbb::blocked_range<size_t>& r) { body(r.begin(), r.end()); });
}

void hash_leaves(const Group& g, std::vector<Digest>& out) {
  parallel_blocks(out.size(), [&](size_t lo, size_t hi) {
    size_t r = lo;
    // blocked_range splits at arbitrary points; packed blocks start at multiples of L so every row is
    // hashed by exactly one path (the results would be equal anyway: packed and scalar hashing agree).
    for (; r < hi && r % L != 0; ++r) out[r] = g.hash_row(r);
    for (; r + L <= hi; r += L) unpack_digests(g.hash_rows_packed(r), std::span<Digest, L>(out.data() + r, L));
    for (; r < hi; ++r) out[r] = g.hash_row(r);
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
  std::vector<MatrixDims> d;
  for (size_t k = 0; k < matrices_.size(); ++k) {
    const auto& m = matrices_[k];
    if (m.width() == 0) throw std::invalid_argument("MerkleTree: matrix " + std::to_string(k) + " has width 0");
    if (!is_power_of_two(m.height()) || m.height() > (size_t{1} << Fp::TWO_ADICITY))
      throw std::invalid_argument("MerkleTree: height of matrix " + std::to_string(k) +
                                  " is not a power of two <= 2^27");
    log_max_height_ = std::max(log_max_height_, log2_exact(m.height()));
  }
  d = dims();
  const auto idx = merkle_detail::group_by_height(d, log_max_height_);
  std::vector<Group> groups(log_max_height_ + 1);
  for (unsigned l = 0; l <= log_max_height_; ++l)
    for (size_t k : idx[l]) groups[l].members.push_back(&matrices_[k]);

  layers_.resize(log_max_height_ + 1);
  layers_[0].resize(max_height());
  hash_leaves(groups[log_max_height_], layers_[0]);
  for (unsigned level = 1; level <= log_max_height_; ++level) {
    layers_[level].resize(max_height() >> level);
    compress_layer(layers_[level - 1], groups[log_max_height_ - level], layers_[level]);
  }
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
  for (unsigned level = 0; level < log_max_height_; ++level) o.siblings.push_back(layers_[level][(index >> level) ^ 1]);
  return o;
}

}  // namespace zkrv
