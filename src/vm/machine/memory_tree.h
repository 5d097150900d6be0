// The machine's memory state as a Poseidon2 Merkle tree (vm/chips/memory/memory_tree_shape.h): the
// commitment a segment's statement carries before and after it runs, and the image ID's commitment to
// the initial memory.
//
// Sparse: only leaves holding a nonzero word are stored; every absent subtree is the all-zero subtree,
// whose digest per level is precomputed. Building from an image or updating after a segment hashes only
// the affected paths, one level at a time through the packed permutation (Poseidon2_16::permute_many).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "hash/digest.h"
#include "vm/chips/memory/memory_tree_shape.h"

namespace zkrv {

using LeafWords = std::array<uint32_t, chips::kWordsPerLeaf>;

// A leaf's digest: its 4 words as 8 16-bit limbs (lo, hi per word, in address order).
Digest leaf_digest(const LeafWords& words) noexcept;

// One word of the state.
struct StateWord {
  uint32_t addr = 0;  // word address below 2^28
  uint32_t value = 0;
  friend bool operator==(const StateWord&, const StateWord&) = default;
};

// One touched leaf of an update: its words before and after.
struct LeafChange {
  uint32_t leaf = 0;
  LeafWords old_words{};
  LeafWords new_words{};
};

// One inner node on the path of a touched leaf: its children's digests before and after, and whether
// each child is itself on such a path (a touched leaf or a changed node) or an untouched subtree.
struct NodeChange {
  uint32_t node = 0;
  Digest old_left, old_right, new_left, new_right;
  Digest old_digest, new_digest;  // compress(old_left, old_right), compress(new_left, new_right)
  bool left_on_path = false, right_on_path = false;
};

struct TreeUpdate {
  Digest old_root, new_root;
  std::vector<LeafChange> leaves;  // increasing leaf index
  std::vector<NodeChange> nodes;   // deepest level first, increasing node index within a level; the root last
};

class MemoryTree {
 public:
  // The all-zero memory.
  MemoryTree();
  // The memory holding `words` (any order, addresses below 2^28 and distinct; else std::invalid_argument)
  // and zero everywhere else.
  static MemoryTree from_words(std::span<const StateWord> words);

  const Digest& root() const noexcept { return root_; }
  uint32_t word(uint32_t addr) const noexcept;
  LeafWords leaf(uint32_t leaf) const noexcept;
  // Digest of node `node` (1 = root; kFirstLeafNode + L = leaf L).
  Digest node_digest(uint32_t node) const noexcept;
  // The nonzero words, increasing address (what a checkpoint stores).
  std::vector<StateWord> nonzero_words() const;
  size_t stored_leaves() const noexcept { return leaves_.size(); }

  // Sets every word of `touched` (addresses below 2^28, distinct; else std::invalid_argument) to its value
  // and re-hashes their paths. Every leaf holding a touched word is listed in the update, changed or not,
  // with every ancestor up to the root (the root even when nothing is touched).
  TreeUpdate update(std::span<const StateWord> touched);

  // Digest of the all-zero subtree whose root is at `level` (0 = the whole tree, kMemoryTreeDepth = a leaf).
  static const Digest& zero_digest(unsigned level) noexcept;

 private:
  std::unordered_map<uint32_t, LeafWords> leaves_;  // nonzero leaves
  std::unordered_map<uint32_t, Digest> nodes_;      // inner nodes whose subtree is not all zero
  Digest root_;
  const std::vector<LeafChange>* pending_old_leaves_ = nullptr;  // during update(): the leaves' old words

  // Recomputes the ancestors of `leaves` (sorted, distinct) from the current leaves; fills `changes`
  // (old and new children) when given.
  void rehash(std::vector<uint32_t> leaves, std::vector<NodeChange>* changes);
};

}  // namespace zkrv
