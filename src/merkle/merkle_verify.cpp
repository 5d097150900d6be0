#include "merkle/merkle_verify.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <bit>
#include <string>

#include "hash/compress.h"
#include "hash/sponge.h"
#include "merkle/shared_paths.h"

namespace zkrv {
namespace {

[[noreturn]] void reject(const std::string& why) { throw ProofRejected("Merkle opening rejected: " + why); }

Digest hash_group(const BatchOpening& o, const std::vector<size_t>& group) {
  DefaultRowHasher::Sponge s;
  for (size_t k : group) s.absorb(std::span<const Fp>(o.opened_rows[k]));
  return s.squeeze();
}

}  // namespace

unsigned check_batch_shape(std::span<const MatrixDims> dims, size_t index, const BatchOpening& opening) {
  if (dims.empty()) reject("no matrices");
  unsigned log_max = 0;
  for (const auto& d : dims) {
    if (d.log_height > Fp::TWO_ADICITY) reject("matrix height above 2^27");
    if (d.width == 0) reject("matrix of width 0");
    log_max = std::max(log_max, d.log_height);
  }
  if (opening.opened_rows.size() != dims.size())
    reject(std::to_string(opening.opened_rows.size()) + " opened rows for " + std::to_string(dims.size()) +
           " matrices");
  for (size_t k = 0; k < dims.size(); ++k) {
    if (opening.opened_rows[k].size() != dims[k].width)
      reject("row of matrix " + std::to_string(k) + " has " + std::to_string(opening.opened_rows[k].size()) +
             " elements, expected " + std::to_string(dims[k].width));
  }
  if ((index >> log_max) != 0) reject("leaf index " + std::to_string(index) + " out of range");
  return log_max;
}

void check_batch(const Digest& root, std::span<const MatrixDims> dims, size_t index, const BatchOpening& opening) {
  const unsigned log_max = check_batch_shape(dims, index, opening);
  if (opening.siblings.size() != log_max)
    reject(std::to_string(opening.siblings.size()) + " siblings, expected " + std::to_string(log_max));
  const auto groups = merkle_detail::group_by_height(dims, log_max);
  Digest node = hash_group(opening, groups[log_max]);
  for (unsigned level = 0; level < log_max; ++level) {
    const Digest& sib = opening.siblings[level];
    node = ((index >> level) & 1) ? compress(sib, node) : compress(node, sib);
    const auto& g = groups[log_max - level - 1];
    if (!g.empty()) node = compress(node, hash_group(opening, g));
  }
  if (!(node == root)) reject("root mismatch at leaf index " + std::to_string(index));
}

namespace {

// compress(left[i], right[i]) for every i, PackedFp::WIDTH at a time (spare lanes repeat the first pair).
std::vector<Digest> compress_pairs(std::span<const Digest> left, std::span<const Digest> right) {
  constexpr size_t L = PackedFp::WIDTH;
  std::vector<Digest> out(left.size());
  for (size_t c = 0; c < left.size(); c += L) {
    std::array<Digest, L> a, b;
    for (size_t l = 0; l < L; ++l) {
      const size_t i = c + l < left.size() ? c + l : c;
      a[l] = left[i];
      b[l] = right[i];
    }
    std::array<Digest, L> r;
    unpack_digests(compress(pack_digests(a), pack_digests(b)), r);
    for (size_t l = 0; l < L && c + l < left.size(); ++l) out[c + l] = r[l];
  }
  return out;
}

}  // namespace

void check_batches(const Digest& root, std::span<const MatrixDims> dims, std::span<const size_t> indices,
                   std::span<const BatchOpening* const> openings) {
  if (indices.size() != openings.size()) reject("internal: one index per opening");
  if (openings.empty()) return;
  unsigned log_max = 0;
  for (size_t i = 0; i < openings.size(); ++i) {
    try {
      log_max = check_batch_shape(dims, indices[i], *openings[i]);
    } catch (const ProofRejected& e) {
      throw ProofRejected("opening " + std::to_string(i) + ": " + e.what());
    }
  }
  // The shared-path rule fixes how many digests each opening sends (shared_paths.h).
  const std::vector<uint32_t> sends = shared_path_levels(indices, log_max);
  for (size_t i = 0; i < openings.size(); ++i)
    if (openings[i]->siblings.size() != static_cast<size_t>(std::popcount(sends[i])))
      reject("opening " + std::to_string(i) + ": " + std::to_string(openings[i]->siblings.size()) +
             " siblings, expected " + std::to_string(std::popcount(sends[i])));

  const auto groups = merkle_detail::group_by_height(dims, log_max);
  constexpr size_t L = PackedFp::WIDTH;
  const size_t n = openings.size(), chunks = (n + L - 1) / L;
  // 1. Every opening's row hashes, per level at which a group enters the tree (level 0: the leaves),
  //    PackedFp::WIDTH openings at a time (a short last chunk repeats its first opening in the spare
  //    lanes), chunks in parallel. This is where the cost is: the rows are wide, the nodes are not.
  std::vector<std::vector<Digest>> row_hash(log_max + 1);
  for (unsigned level = 0; level <= log_max; ++level)
    if (!groups[log_max - level].empty()) row_hash[level].resize(n);
  tbb::parallel_for(size_t{0}, chunks, [&](size_t c) {
    std::array<size_t, L> member{};
    for (size_t l = 0; l < L; ++l) member[l] = c * L + l < n ? c * L + l : c * L;
    for (unsigned level = 0; level <= log_max; ++level) {
      const auto& group = groups[log_max - level];
      if (group.empty()) continue;
      DefaultRowHasher::PackedSponge s;
      for (size_t k : group)
        for (size_t j = 0; j < dims[k].width; ++j)
          s.absorb(PackedFp::from_fn([&](size_t l) { return openings[member[l]]->opened_rows[k][j]; }));
      std::array<Digest, L> d;
      unpack_digests(s.squeeze(), d);
      for (size_t l = 0; l < L && c * L + l < n; ++l) row_hash[level][c * L + l] = d[l];
    }
  });

  // 2. The tree, level by level, over the distinct nodes on the paths. A node's owner is the lowest
  //    opening below it (shared_paths.h); a sibling no path computes is taken from its owner's digests.
  struct Node {
    size_t index, owner;
    Digest value;
  };
  // Openings sorted by leaf index (then by position): the openings below a node are a contiguous run.
  std::vector<size_t> order(n);
  for (size_t q = 0; q < n; ++q) order[q] = q;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return indices[a] != indices[b] ? indices[a] < indices[b] : a < b;
  });
  // Nodes of `level` with row hashes from `hash`: every opening below a node must bring the same row
  // hash as the node's owner, or two openings claim different rows at one position.
  const auto distinct_nodes = [&](unsigned level, const std::vector<Digest>& hash) {
    std::vector<Node> nodes;
    for (size_t q : order) {
      const size_t at = indices[q] >> level;
      if (!nodes.empty() && nodes.back().index == at) {
        if (!(hash[q] == hash[nodes.back().owner]))
          reject("openings " + std::to_string(nodes.back().owner) + " and " + std::to_string(q) +
                 " disagree on the rows at node " + std::to_string(at) + " of level " + std::to_string(level));
        nodes.back().owner = std::min(nodes.back().owner, q);
        continue;
      }
      nodes.push_back({at, q, hash[q]});
    }
    return nodes;
  };
  std::vector<Node> nodes = distinct_nodes(0, row_hash[0]);
  std::vector<size_t> sent(n, 0);  // digests of each opening used so far
  for (unsigned level = 0; level < log_max; ++level) {
    std::vector<Digest> left, right;
    std::vector<Node> parents;
    for (size_t k = 0; k < nodes.size(); ++k) {
      const Node& a = nodes[k];
      if ((a.index & 1) == 0 && k + 1 < nodes.size() && nodes[k + 1].index == a.index + 1) {
        left.push_back(a.value);
        right.push_back(nodes[k + 1].value);
        parents.push_back({a.index >> 1, std::min(a.owner, nodes[k + 1].owner), {}});
        ++k;
        continue;
      }
      const auto& digests = openings[a.owner]->siblings;
      if (sent[a.owner] >= digests.size() || ((sends[a.owner] >> level) & 1) == 0)
        reject("internal: opening " + std::to_string(a.owner) + " sends no sibling at level " + std::to_string(level));
      const Digest& sib = digests[sent[a.owner]++];
      left.push_back((a.index & 1) ? sib : a.value);
      right.push_back((a.index & 1) ? a.value : sib);
      parents.push_back({a.index >> 1, a.owner, {}});
    }
    std::vector<Digest> values = compress_pairs(left, right);
    if (!groups[log_max - level - 1].empty()) {
      // A shorter group enters here: every opening below a parent must bring the owner's rows of it.
      const std::vector<Node> injected = distinct_nodes(level + 1, row_hash[level + 1]);
      std::vector<Digest> rows(parents.size());
      if (injected.size() != parents.size()) reject("internal: injected nodes do not match the parents");
      for (size_t k = 0; k < parents.size(); ++k) rows[k] = row_hash[level + 1][injected[k].owner];
      values = compress_pairs(values, rows);
    }
    for (size_t k = 0; k < parents.size(); ++k) parents[k].value = values[k];
    nodes = std::move(parents);
  }
  if (nodes.size() != 1 || !(nodes[0].value == root)) reject("root mismatch");
}

bool verify_batch(const Digest& root, std::span<const MatrixDims> dims, size_t index,
                  const BatchOpening& opening) noexcept {
  try {
    check_batch(root, dims, index, opening);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace zkrv
