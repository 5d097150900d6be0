// Helpers shared by the shared-path tests (shared_paths_test.cpp, shared_paths_adversarial_test.cpp).
#pragma once

#include <utility>
#include <vector>

#include "merkle/merkle_tree.h"
#include "merkle/shared_paths.h"

namespace zkrv::test {

// Openings of one tree and the leaf index of each.
struct Opened {
  std::vector<size_t> indices;
  std::vector<BatchOpening> openings;
  std::vector<const BatchOpening*> ptrs() const {
    std::vector<const BatchOpening*> p;
    for (const auto& o : openings) p.push_back(&o);
    return p;
  }
};

// Full openings of `tree` at `indices`, pruned to the shared-path rule as the FRI prover sends them
// (rows stay full: row sharing is tested through share_openings / restore_shared_rows).
inline Opened open_shared(const MerkleTree& tree, std::vector<size_t> indices) {
  Opened o{std::move(indices), {}};
  for (size_t i : o.indices) o.openings.push_back(tree.open_batch(i));
  std::vector<std::vector<Digest>*> paths;
  for (auto& op : o.openings) paths.push_back(&op.siblings);
  prune_to_shared_paths(o.indices, tree.log_max_height(), paths);
  return o;
}

}  // namespace zkrv::test
