#include "merkle/shared_paths.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>
#include <utility>

#include "base/error.h"

namespace zkrv {

std::vector<uint32_t> shared_path_levels(std::span<const size_t> indices, unsigned log_height) {
  if (log_height > 31) throw std::invalid_argument("shared_path_levels: tree too tall");
  for (size_t i : indices)
    if ((i >> log_height) != 0) throw std::invalid_argument("shared_path_levels: leaf index out of range");
  std::vector<uint32_t> levels(indices.size(), 0);
  // (node, opening) sorted: the first entry of each run of equal nodes is the node's owner.
  std::vector<std::pair<size_t, size_t>> nodes(indices.size());
  for (size_t q = 0; q < indices.size(); ++q) nodes[q] = {indices[q], q};
  for (unsigned l = 0; l < log_height; ++l) {
    for (size_t q = 0; q < indices.size(); ++q) nodes[q] = {indices[q] >> l, q};
    std::sort(nodes.begin(), nodes.end());
    for (size_t k = 0; k < nodes.size(); ++k) {
      if (k > 0 && nodes[k - 1].first == nodes[k].first) continue;  // not the owner
      const size_t sibling = nodes[k].first ^ 1;
      const bool computed = std::binary_search(nodes.begin(), nodes.end(), std::pair<size_t, size_t>{sibling, 0},
                                               [](const auto& a, const auto& b) { return a.first < b.first; });
      if (!computed) levels[nodes[k].second] |= uint32_t{1} << l;
    }
  }
  return levels;
}

size_t shared_path_digests(std::span<const uint32_t> levels) {
  size_t n = 0;
  for (uint32_t m : levels) n += static_cast<size_t>(std::popcount(m));
  return n;
}

void prune_to_shared_paths(std::span<const size_t> indices, unsigned log_height,
                           std::span<std::vector<Digest>* const> paths) {
  if (paths.size() != indices.size()) throw std::invalid_argument("prune_to_shared_paths: one path per index");
  for (const auto* p : paths)
    if (p->size() != log_height) throw std::invalid_argument("prune_to_shared_paths: path of the wrong length");
  const std::vector<uint32_t> levels = shared_path_levels(indices, log_height);
  for (size_t q = 0; q < paths.size(); ++q) {
    std::vector<Digest> kept;
    for (unsigned l = 0; l < log_height; ++l)
      if ((levels[q] >> l) & 1) kept.push_back((*paths[q])[l]);
    *paths[q] = std::move(kept);
  }
}

namespace {

unsigned tree_height(std::span<const MatrixDims> dims) {
  unsigned log_max = 0;
  for (const auto& d : dims) log_max = std::max(log_max, d.log_height);
  return log_max;
}

// owner[k][q]: the lowest opening whose row of matrix k is the one opening q opens.
std::vector<std::vector<size_t>> row_owners(std::span<const size_t> indices, std::span<const MatrixDims> dims,
                                            unsigned log_max) {
  std::vector<std::vector<size_t>> owner(dims.size(), std::vector<size_t>(indices.size()));
  std::vector<std::pair<size_t, size_t>> rows(indices.size());
  for (size_t k = 0; k < dims.size(); ++k) {
    const unsigned shift = log_max - std::min(dims[k].log_height, log_max);
    for (size_t q = 0; q < indices.size(); ++q) rows[q] = {indices[q] >> shift, q};
    std::sort(rows.begin(), rows.end());
    for (size_t j = 0; j < rows.size(); ++j)
      owner[k][rows[j].second] = j > 0 && rows[j - 1].first == rows[j].first ? owner[k][rows[j - 1].second] : rows[j].second;
  }
  return owner;
}

}  // namespace

void share_openings(std::span<const size_t> indices, std::span<const MatrixDims> dims,
                    std::span<BatchOpening* const> openings) {
  if (openings.size() != indices.size()) throw std::invalid_argument("share_openings: one opening per index");
  const unsigned log_max = tree_height(dims);
  std::vector<std::vector<Digest>*> paths;
  for (auto* o : openings) {
    if (o->opened_rows.size() != dims.size()) throw std::invalid_argument("share_openings: not a full opening");
    paths.push_back(&o->siblings);
  }
  prune_to_shared_paths(indices, log_max, paths);
  const auto owner = row_owners(indices, dims, log_max);
  for (size_t k = 0; k < dims.size(); ++k)
    for (size_t q = 0; q < openings.size(); ++q)
      if (owner[k][q] != q) openings[q]->opened_rows[k].clear();
}

void restore_shared_rows(std::span<const size_t> indices, std::span<const MatrixDims> dims,
                         std::span<BatchOpening* const> openings) {
  if (openings.size() != indices.size()) throw ProofRejected("Merkle opening rejected: internal: one opening per index");
  if (dims.empty()) return;
  const unsigned log_max = std::min<unsigned>(tree_height(dims), 31);
  for (size_t q = 0; q < openings.size(); ++q) {
    if (openings[q]->opened_rows.size() != dims.size())
      throw ProofRejected("Merkle opening rejected: opening " + std::to_string(q) + ": " +
                          std::to_string(openings[q]->opened_rows.size()) + " opened rows for " +
                          std::to_string(dims.size()) + " matrices");
  }
  // Hostile indices (>= 2^log_max) only change which openings share a row; check_batch_shape rejects them.
  const auto owner = row_owners(indices, dims, log_max);
  for (size_t k = 0; k < dims.size(); ++k)
    for (size_t q = 0; q < openings.size(); ++q) {
      const size_t o = owner[k][q];
      auto& row = openings[q]->opened_rows[k];
      if (o == q) {
        // The length now, before the row is copied to every opening that shares it: a hostile row of
        // the reader's limit (2^20 elements) copied to 83 queries would cost 83 times its bytes.
        if (row.size() != dims[k].width)
          throw ProofRejected("Merkle opening rejected: opening " + std::to_string(q) + ": row of matrix " +
                              std::to_string(k) + " has " + std::to_string(row.size()) + " elements, expected " +
                              std::to_string(dims[k].width));
        continue;
      }
      if (!row.empty())
        throw ProofRejected("Merkle opening rejected: opening " + std::to_string(q) + ": sends the row of matrix " +
                            std::to_string(k) + " that opening " + std::to_string(o) + " sends");
      row = openings[o]->opened_rows[k];  // o < q: already an owner's row, never empty
    }
}

}  // namespace zkrv
