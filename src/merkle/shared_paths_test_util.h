// Helpers shared by the shared-path and shared-row tests (shared_paths_test.cpp, *_adversarial_test.cpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "merkle/merkle_tree.h"
#include "merkle/shared_paths.h"

namespace zkrv::test {

inline RowMajorMatrix<Fp> random_matrix(size_t h, size_t w, uint64_t seed) {
  std::mt19937_64 rng(seed);
  return RowMajorMatrix<Fp>::random(h, w, rng);
}

// 2^10 leaves; shorter groups enter at levels 2 (2^8) and 7 (2^3), and at the root (2^0).
inline std::vector<RowMajorMatrix<Fp>> adversarial_batch() {
  std::vector<RowMajorMatrix<Fp>> ms;
  ms.push_back(random_matrix(1 << 10, 7, 101));
  ms.push_back(random_matrix(1 << 8, 5, 102));
  ms.push_back(random_matrix(1 << 10, 3, 103));
  ms.push_back(random_matrix(1 << 3, 1, 104));
  ms.push_back(random_matrix(1, 2, 105));
  return ms;
}

// A matrix at every height 2^0 .. 2^log_h (a group enters at every level).
inline std::vector<RowMajorMatrix<Fp>> every_height(unsigned log_h, uint64_t seed) {
  std::vector<RowMajorMatrix<Fp>> ms;
  for (unsigned h = 0; h <= log_h; ++h) ms.push_back(random_matrix(size_t{1} << h, 1 + (h % 3), seed + h));
  std::reverse(ms.begin(), ms.end());
  return ms;
}

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
