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

// Level-1 nodes [lo, hi) straight from the rows, into out[j - lo]: compress(leaf(2j), leaf(2j+1)),
// injected with the next group's row hash when it is non-empty.
void compress_leaves(const Group& leaves, const Group& g, size_t lo, size_t hi, std::span<Digest> out) {
  size_t j = lo;
  auto scalar = [&](size_t j) {
    Digest d = compress(leaves.hash_row(2 * j), leaves.hash_row(2 * j + 1));
    if (!g.empty()) d = compress(d, g.hash_row(j));
    out[j - lo] = d;
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
    unpack_digests(d, std::span<Digest, L>(out.data() + (j - lo), L));
  }
  for (; j < hi; ++j) scalar(j);
}

// Nodes [lo, hi) of a level from the level below, prev[k] holding node prev_lo + k of it (prev_lo =
// 2 lo): out[j - lo] = compress(prev node 2j, prev node 2j+1), injected with the group's row hash when
// g is non-empty.
void compress_layer(std::span<const Digest> prev, const Group& g, size_t lo, size_t hi, std::span<Digest> out) {
  const size_t prev_lo = 2 * lo;
  size_t j = lo;
  auto scalar = [&](size_t j) {
    Digest d = compress(prev[2 * j - prev_lo], prev[2 * j + 1 - prev_lo]);
    if (!g.empty()) d = compress(d, g.hash_row(j));
    out[j - lo] = d;
  };
  for (; j < hi && j % L != 0; ++j) scalar(j);
  for (; j + L <= hi; j += L) {
    std::array<Digest, L> left, right;
    for (size_t l = 0; l < L; ++l) {
      left[l] = prev[2 * (j + l) - prev_lo];
      right[l] = prev[2 * (j + l) + 1 - prev_lo];
    }
    PackedDigest d = compress(pack_digests(left), pack_digests(right));
    if (!g.empty()) d = compress(d, g.hash_rows_packed(j));
    unpack_digests(d, std::span<Digest, L>(out.data() + (j - lo), L));
  }
  for (; j < hi; ++j) scalar(j);
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
  // The lowest levels (the largest: the leaf level alone holds one digest per row) are not kept: the
  // first stored level is computed from the rows in chunks, each chunk's lower levels in a scratch
  // buffer, and open_batch recomputes the one small subtree an opening needs.
  const unsigned s = first_stored_level();
  const unsigned top = log_max_height_;
  layers_[s].resize(max_height() >> s);
  std::vector<Group> inject(s + 1);
  for (unsigned l = 1; l <= s; ++l) inject[l] = group(top - l);
  const Group leaves = group(top);
  parallel_blocks(layers_[s].size(), [&](size_t lo, size_t hi) {
    // Level l holds nodes [lo 2^(s-l), hi 2^(s-l)) of this chunk.
    std::vector<Digest> below((hi - lo) << (s - 1)), above;
    compress_leaves(leaves, inject[1], lo << (s - 1), hi << (s - 1),
                    s == 1 ? std::span<Digest>(layers_[1].data() + lo, hi - lo) : std::span<Digest>(below));
    for (unsigned l = 2; l <= s; ++l) {
      const size_t a = lo << (s - l), b = hi << (s - l);
      if (l == s) {
        compress_layer(below, inject[l], a, b, std::span<Digest>(layers_[s].data() + lo, hi - lo));
      } else {
        above.resize(b - a);
        compress_layer(below, inject[l], a, b, above);
        below.swap(above);
      }
    }
  });
  for (unsigned level = s + 1; level <= top; ++level) {
    layers_[level].resize(max_height() >> level);
    const std::vector<Digest>& prev = layers_[level - 1];
    std::vector<Digest>& next = layers_[level];
    const Group g = group(top - level);
    parallel_blocks(next.size(), [&](size_t lo, size_t hi) {
      compress_layer(std::span<const Digest>(prev).subspan(2 * lo, 2 * (hi - lo)), g, lo, hi,
                     std::span<Digest>(next.data() + lo, hi - lo));
    });
  }
}

unsigned MerkleTree::first_stored_level() const noexcept { return std::min(kUnstoredLevels, log_max_height_); }

Digest MerkleTree::node(unsigned level, size_t j) const {
  if (level >= first_stored_level() && !layers_[level].empty()) return layers_[level][j];
  if (level == 0) return group(log_max_height_).hash_row(j);
  Digest d = compress(node(level - 1, 2 * j), node(level - 1, 2 * j + 1));
  const Group g = group(log_max_height_ - level);
  if (!g.empty()) d = compress(d, g.hash_row(j));
  return d;
}

Group MerkleTree::group(unsigned log_height) const {
  Group g;
  for (const auto& m : matrices_)
    if (m.height() == (size_t{1} << log_height)) g.members.push_back(&m);
  return g;
}

std::vector<Digest> MerkleTree::layer(size_t l) const {
  if (l > log_max_height_) throw std::out_of_range("MerkleTree::layer: no such level");
  std::vector<Digest> out(max_height() >> l);
  for (size_t j = 0; j < out.size(); ++j) out[j] = node(static_cast<unsigned>(l), j);
  return out;
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
  for (unsigned level = 0; level < log_max_height_; ++level) o.siblings.push_back(node(level, (index >> level) ^ 1));
  return o;
}

}  // namespace zkrv
