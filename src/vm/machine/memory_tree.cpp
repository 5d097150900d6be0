#include "vm/machine/memory_tree.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "hash/compress.h"
#include "hash/poseidon2.h"

namespace zkrv {
namespace {

using chips::kFirstLeafNode;
using chips::kMemoryTreeDepth;
using chips::kWordsPerLeaf;

constexpr uint32_t kWordLimit = uint32_t{1} << 28;

void check_address(uint32_t addr) {
  if (addr >= kWordLimit)
    throw std::invalid_argument("memory tree: word address " + std::to_string(addr) + " is not below 2^28");
}

// compress(left_i, right_i) for every i, PackedFp::WIDTH at a time.
std::vector<Digest> compress_all(std::span<const Digest> lefts, std::span<const Digest> rights) {
  std::vector<Poseidon2_16::State> states(lefts.size());
  for (size_t i = 0; i < lefts.size(); ++i)
    for (size_t j = 0; j < DIGEST_ELEMS; ++j) {
      states[i][j] = lefts[i][j];
      states[i][DIGEST_ELEMS + j] = rights[i][j];
    }
  Poseidon2_16::permute_many(states);
  std::vector<Digest> out(lefts.size());
  for (size_t i = 0; i < lefts.size(); ++i)
    for (size_t j = 0; j < DIGEST_ELEMS; ++j) out[i][j] = states[i][j];
  return out;
}

unsigned level_of(uint32_t node) noexcept { return 31u - static_cast<unsigned>(__builtin_clz(node)); }

}  // namespace

Digest leaf_digest(const LeafWords& words) noexcept {
  Digest d;
  for (size_t i = 0; i < kWordsPerLeaf; ++i) {
    d[2 * i] = Fp(words[i] & 0xffffu);
    d[2 * i + 1] = Fp(words[i] >> 16);
  }
  return d;
}

const Digest& MemoryTree::zero_digest(unsigned level) noexcept {
  static const std::array<Digest, kMemoryTreeDepth + 1> zeros = [] {
    std::array<Digest, kMemoryTreeDepth + 1> z{};
    z[kMemoryTreeDepth] = leaf_digest(LeafWords{});
    for (unsigned l = kMemoryTreeDepth; l-- > 0;) z[l] = compress(z[l + 1], z[l + 1]);
    return z;
  }();
  return zeros[level];
}

MemoryTree::MemoryTree() : root_(zero_digest(0)) {}

MemoryTree MemoryTree::from_words(std::span<const StateWord> words) {
  MemoryTree t;
  std::vector<uint32_t> leaves;
  leaves.reserve(words.size());
  std::vector<StateWord> sorted(words.begin(), words.end());
  std::sort(sorted.begin(), sorted.end(), [](const StateWord& a, const StateWord& b) { return a.addr < b.addr; });
  for (size_t i = 0; i < sorted.size(); ++i) {
    check_address(sorted[i].addr);
    if (i > 0 && sorted[i].addr == sorted[i - 1].addr)
      throw std::invalid_argument("memory tree: word address " + std::to_string(sorted[i].addr) + " listed twice");
    if (sorted[i].value == 0) continue;
    const uint32_t leaf = chips::leaf_of_word(sorted[i].addr);
    t.leaves_[leaf][sorted[i].addr % kWordsPerLeaf] = sorted[i].value;
    if (leaves.empty() || leaves.back() != leaf) leaves.push_back(leaf);
  }
  t.rehash(std::move(leaves), nullptr);
  return t;
}

uint32_t MemoryTree::word(uint32_t addr) const noexcept { return leaf(chips::leaf_of_word(addr))[addr % kWordsPerLeaf]; }

LeafWords MemoryTree::leaf(uint32_t leaf) const noexcept {
  const auto it = leaves_.find(leaf);
  return it == leaves_.end() ? LeafWords{} : it->second;
}

Digest MemoryTree::node_digest(uint32_t node) const noexcept {
  if (node >= kFirstLeafNode) return leaf_digest(leaf(node - kFirstLeafNode));
  if (node == chips::kMemoryRootNode) return root_;
  const auto it = nodes_.find(node);
  return it == nodes_.end() ? zero_digest(level_of(node)) : it->second;
}

std::vector<StateWord> MemoryTree::nonzero_words() const {
  std::vector<StateWord> out;
  for (const auto& [leaf, words] : leaves_)
    for (uint32_t i = 0; i < kWordsPerLeaf; ++i)
      if (words[i] != 0) out.push_back({leaf * kWordsPerLeaf + i, words[i]});
  std::sort(out.begin(), out.end(), [](const StateWord& a, const StateWord& b) { return a.addr < b.addr; });
  return out;
}

TreeUpdate MemoryTree::update(std::span<const StateWord> touched) {
  TreeUpdate out;
  out.old_root = root_;
  std::vector<StateWord> sorted(touched.begin(), touched.end());
  std::sort(sorted.begin(), sorted.end(), [](const StateWord& a, const StateWord& b) { return a.addr < b.addr; });
  std::vector<uint32_t> leaves;
  for (size_t i = 0; i < sorted.size(); ++i) {
    check_address(sorted[i].addr);
    if (i > 0 && sorted[i].addr == sorted[i - 1].addr)
      throw std::invalid_argument("memory tree: word address " + std::to_string(sorted[i].addr) + " listed twice");
    const uint32_t leaf = chips::leaf_of_word(sorted[i].addr);
    if (leaves.empty() || leaves.back() != leaf) {
      leaves.push_back(leaf);
      const LeafWords old = this->leaf(leaf);
      out.leaves.push_back({leaf, old, old});
    }
    out.leaves.back().new_words[sorted[i].addr % kWordsPerLeaf] = sorted[i].value;
  }
  for (const LeafChange& c : out.leaves) {
    if (c.new_words == LeafWords{})
      leaves_.erase(c.leaf);
    else
      leaves_[c.leaf] = c.new_words;
  }
  // The old leaf digests are needed before the leaves change: rehash reads them from `out.leaves`.
  pending_old_leaves_ = &out.leaves;
  rehash(std::move(leaves), &out.nodes);
  pending_old_leaves_ = nullptr;
  out.new_root = root_;
  return out;
}

void MemoryTree::rehash(std::vector<uint32_t> leaves, std::vector<NodeChange>* changes) {
  // The nodes of the current level that are on a touched path, with their old and new digests.
  struct OnPath {
    uint32_t node;
    Digest old_digest, new_digest;
  };
  std::vector<OnPath> level;
  level.reserve(leaves.size());
  for (size_t i = 0; i < leaves.size(); ++i) {
    const uint32_t node = kFirstLeafNode + leaves[i];
    const Digest now = node_digest(node);
    const Digest before = pending_old_leaves_ != nullptr ? leaf_digest((*pending_old_leaves_)[i].old_words) : now;
    level.push_back({node, before, now});
  }
  if (level.empty()) level.push_back({0, {}, {}});  // no leaf: still recompute (and report) the root below

  for (unsigned depth = kMemoryTreeDepth; depth-- > 0;) {
    std::vector<OnPath> parents;
    std::vector<Digest> lefts, rights;
    std::vector<std::array<bool, 2>> on_path;
    std::vector<std::array<Digest, 2>> old_children;
    for (size_t i = 0; i < level.size();) {
      if (level[i].node == 0) {  // the empty update: the root alone, both children untouched
        if (depth == 0) {
          parents.push_back({1, root_, root_});
          lefts.push_back(node_digest(2));
          rights.push_back(node_digest(3));
          on_path.push_back({false, false});
          old_children.push_back({lefts.back(), rights.back()});
        } else {
          parents.push_back({0, {}, {}});
        }
        ++i;
        continue;
      }
      const uint32_t parent = level[i].node >> 1;
      const OnPath* left = nullptr;
      const OnPath* right = nullptr;
      while (i < level.size() && (level[i].node >> 1) == parent) {
        ((level[i].node & 1) == 0 ? left : right) = &level[i];
        ++i;
      }
      const Digest l = left != nullptr ? left->new_digest : node_digest(2 * parent);
      const Digest r = right != nullptr ? right->new_digest : node_digest(2 * parent + 1);
      lefts.push_back(l);
      rights.push_back(r);
      on_path.push_back({left != nullptr, right != nullptr});
      old_children.push_back({left != nullptr ? left->old_digest : l, right != nullptr ? right->old_digest : r});
      parents.push_back({parent, parent == 1 ? root_ : node_digest(parent), {}});
    }
    const std::vector<Digest> hashed = compress_all(lefts, rights);
    size_t h = 0;
    for (OnPath& p : parents) {
      if (p.node == 0) continue;
      p.new_digest = hashed[h];
      if (p.node == 1) {
        root_ = p.new_digest;
      } else if (p.new_digest == zero_digest(depth)) {
        nodes_.erase(p.node);
      } else {
        nodes_[p.node] = p.new_digest;
      }
      if (changes != nullptr) {
        changes->push_back({p.node, old_children[h][0], old_children[h][1], lefts[h], rights[h], p.old_digest,
                            p.new_digest, on_path[h][0], on_path[h][1]});
      }
      ++h;
    }
    level = std::move(parents);
  }
}

}  // namespace zkrv
