#include "vm/machine/memory_tree.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <stdexcept>

#include "hash/compress.h"

namespace zkrv {
namespace {

using chips::kFirstLeafNode;
using chips::kMemoryTreeDepth;

// An independent root: a recursive walk over a std::map of words, no stored nodes, no batching.
Digest naive_subtree(const std::map<uint32_t, uint32_t>& words, unsigned level, uint64_t index) {
  // Node `index` at `level` covers words [index 4 2^(26 - level), (index + 1) 4 2^(26 - level)).
  const uint64_t span_words = uint64_t{4} << (kMemoryTreeDepth - level);
  const uint64_t begin = index * span_words, end = begin + span_words;
  if (level == kMemoryTreeDepth) {
    Digest d;
    for (uint32_t i = 0; i < 4; ++i) {
      const auto it = words.find(static_cast<uint32_t>(begin + i));
      const uint32_t v = it == words.end() ? 0 : it->second;
      d[2 * i] = Fp(v & 0xffffu);
      d[2 * i + 1] = Fp(v >> 16);
    }
    return d;
  }
  const auto it = words.lower_bound(static_cast<uint32_t>(begin));
  bool any = false;
  for (auto j = it; j != words.end() && j->first < end; ++j) any = any || j->second != 0;
  if (!any) {
    Digest z;  // the all-zero subtree, recomputed here from the zero leaf
    for (unsigned l = kMemoryTreeDepth; l > level; --l) z = compress(z, z);
    return z;
  }
  return compress(naive_subtree(words, level + 1, 2 * index), naive_subtree(words, level + 1, 2 * index + 1));
}

Digest naive_root(const std::map<uint32_t, uint32_t>& words) { return naive_subtree(words, 0, 0); }

std::vector<StateWord> to_words(const std::map<uint32_t, uint32_t>& m) {
  std::vector<StateWord> out;
  for (auto [a, v] : m) out.push_back({a, v});
  return out;
}

std::map<uint32_t, uint32_t> random_words(std::mt19937& rng, size_t n) {
  std::map<uint32_t, uint32_t> m;
  std::uniform_int_distribution<uint32_t> clustered(0x4000, 0x4000 + 4096), anywhere(0, (1u << 28) - 1);
  for (size_t i = 0; i < n; ++i) m[i % 3 == 0 ? anywhere(rng) : clustered(rng)] = rng();
  for (uint32_t r = 0; r < 36; ++r) m[r] = r % 5 == 0 ? 0 : rng();
  return m;
}

TEST(MemoryTree, EmptyTreeIsTheZeroSubtree) {
  const MemoryTree t;
  EXPECT_EQ(t.root(), naive_root({}));
  EXPECT_EQ(t.root(), MemoryTree::zero_digest(0));
  EXPECT_EQ(MemoryTree::zero_digest(kMemoryTreeDepth), Digest{});
}

TEST(MemoryTree, RootMatchesAnIndependentComputation) {
  std::mt19937 rng(7);
  for (size_t n : {1u, 5u, 200u}) {
    const auto m = random_words(rng, n);
    const MemoryTree t = MemoryTree::from_words(to_words(m));
    EXPECT_EQ(t.root(), naive_root(m)) << n;
    for (auto [a, v] : m) EXPECT_EQ(t.word(a), v);
  }
}

TEST(MemoryTree, LeafDigestIsTheLimbs) {
  const Digest d = leaf_digest({0x12345678u, 0xffffffffu, 0, 0x00010000u});
  const uint32_t want[8] = {0x5678, 0x1234, 0xffff, 0xffff, 0, 0, 0, 1};
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(d[i].as_canonical(), want[i]);
}

TEST(MemoryTree, UpdateEqualsRebuildAndReportsEveryPath) {
  std::mt19937 rng(11);
  auto m = random_words(rng, 300);
  MemoryTree t = MemoryTree::from_words(to_words(m));
  for (int round = 0; round < 4; ++round) {
    std::vector<StateWord> touched;
    std::map<uint32_t, uint32_t> touched_map;
    for (int i = 0; i < 40; ++i) {
      const uint32_t a = i % 2 == 0 ? std::next(m.begin(), rng() % m.size())->first : (0x4000 + rng() % 8192);
      touched_map[a] = i % 7 == 0 ? 0 : (i % 5 == 0 ? m[a] : rng());  // zeroing, unchanged and new values
    }
    for (auto [a, v] : touched_map) {
      touched.push_back({a, v});
      m[a] = v;
    }
    const Digest before = t.root();
    const TreeUpdate u = t.update(touched);
    EXPECT_EQ(u.old_root, before);
    EXPECT_EQ(u.new_root, t.root());
    EXPECT_EQ(t.root(), naive_root(m));
    EXPECT_EQ(t.root(), MemoryTree::from_words(to_words(m)).root());
    // Every node's digests are the compressions of its children, and the path structure is closed:
    // each on-path child appears as a node (or a touched leaf) of the update, the root is last.
    std::map<uint32_t, const NodeChange*> nodes;
    for (const NodeChange& c : u.nodes) {
      EXPECT_EQ(compress(c.old_left, c.old_right), c.old_digest);
      EXPECT_EQ(compress(c.new_left, c.new_right), c.new_digest);
      if (!c.left_on_path) { EXPECT_EQ(c.old_left, c.new_left); }
      if (!c.right_on_path) { EXPECT_EQ(c.old_right, c.new_right); }
      EXPECT_TRUE(nodes.emplace(c.node, &c).second) << "node listed twice";
    }
    ASSERT_FALSE(u.nodes.empty());
    EXPECT_EQ(u.nodes.back().node, 1u);
    EXPECT_EQ(u.nodes.back().old_digest, u.old_root);
    EXPECT_EQ(u.nodes.back().new_digest, u.new_root);
    std::map<uint32_t, const LeafChange*> leaves;
    for (const LeafChange& l : u.leaves) leaves[kFirstLeafNode + l.leaf] = &l;
    for (const NodeChange& c : u.nodes)
      for (int side = 0; side < 2; ++side) {
        const uint32_t child = 2 * c.node + side;
        const bool on_path = side == 0 ? c.left_on_path : c.right_on_path;
        const bool listed = child >= kFirstLeafNode ? leaves.count(child) == 1 : nodes.count(child) == 1;
        EXPECT_EQ(on_path, listed) << "node " << c.node << " side " << side;
        if (listed && child >= kFirstLeafNode) {
          EXPECT_EQ(side == 0 ? c.old_left : c.old_right, leaf_digest(leaves[child]->old_words));
          EXPECT_EQ(side == 0 ? c.new_left : c.new_right, leaf_digest(leaves[child]->new_words));
        }
      }
    // Every touched word's leaf is listed with the word's new value.
    for (auto [a, v] : touched_map) {
      const auto it = leaves.find(kFirstLeafNode + chips::leaf_of_word(a));
      ASSERT_NE(it, leaves.end());
      EXPECT_EQ(it->second->new_words[a % 4], v);
    }
  }
}

TEST(MemoryTree, EmptyUpdateStillListsTheRoot) {
  MemoryTree t = MemoryTree::from_words(std::vector<StateWord>{{0x4000, 9}});
  const TreeUpdate u = t.update({});
  ASSERT_EQ(u.nodes.size(), 1u);
  EXPECT_EQ(u.nodes[0].node, 1u);
  EXPECT_EQ(u.old_root, u.new_root);
  EXPECT_FALSE(u.nodes[0].left_on_path || u.nodes[0].right_on_path);
}

TEST(MemoryTree, RejectsBadAddresses) {
  EXPECT_THROW(MemoryTree::from_words(std::vector<StateWord>{{1u << 28, 1}}), std::invalid_argument);
  EXPECT_THROW(MemoryTree::from_words(std::vector<StateWord>{{5, 1}, {5, 2}}), std::invalid_argument);
  MemoryTree t;
  EXPECT_THROW(t.update(std::vector<StateWord>{{1u << 28, 1}}), std::invalid_argument);
}

}  // namespace
}  // namespace zkrv
