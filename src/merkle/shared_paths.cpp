#include "merkle/shared_paths.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <utility>

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

}  // namespace zkrv
