// The memory Merkle tree chips on their own (memory_leaf_chip.h, memory_node_chip.h): shapes against the
// headers, trace generation's refusals, and a small harness (leaf + node + Poseidon2 + byte chips, the
// statement's root tuple and the accesses of the segment as public interactions on the memory bus) in
// which honest rows balance every bus, each forgery is named by the debug builder or the bus checker,
// and a sweep changes every cell of every real row: each change must be caught by its row's
// constraints or change what the row puts on the buses. The machine-level forgeries (consistent across
// the CPU, the syscall chips and the statement) are in vm/machine/segment_adversarial_test.cpp.
//
// The tree is computed here independently of vm/machine/memory_tree.h (a layer above the chips): the
// memory is all zero except the listed leaves, and an untouched sibling is the all-zero subtree.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "air/debug.h"
#include "air/symbolic.h"
#include "hash/compress.h"
#include "hash/poseidon2.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/memory/memory_leaf_chip.h"
#include "vm/chips/memory/memory_node_chip.h"
#include "vm/chips/memory/memory_tree_shape.h"
#include "vm/chips/poseidon2/poseidon2_chip.h"

namespace zkrv::chips {
namespace {

using L = MemoryLeafChip;
using N = MemoryNodeChip;

Digest leaf_digest_of(const std::array<uint32_t, kWordsPerLeaf>& words) {
  Digest d;
  for (size_t i = 0; i < kWordsPerLeaf; ++i) {
    d[2 * i] = Fp(words[i] & 0xffffu);
    d[2 * i + 1] = Fp(words[i] >> 16);
  }
  return d;
}

// Digest of the all-zero subtree whose root is at `level` (0 = the whole tree, 26 = a leaf).
Digest zero_digest(unsigned level) {
  static const std::vector<Digest> zeros = [] {
    std::vector<Digest> z(kMemoryTreeDepth + 1);
    z[kMemoryTreeDepth] = leaf_digest_of({});
    for (unsigned l = kMemoryTreeDepth; l-- > 0;) z[l] = compress(z[l + 1], z[l + 1]);
    return z;
  }();
  return zeros.at(level);
}

// The node rows of the paths of `leaves` in a memory that is zero elsewhere, deepest first.
std::vector<NodeRow> paths_of(const std::vector<LeafRow>& leaves, Digest& pre_root, Digest& post_root) {
  if (leaves.empty()) {  // the root alone, both children untouched
    const Digest z = zero_digest(1);
    pre_root = post_root = compress(z, z);
    return {NodeRow{kMemoryRootNode, z, z, z, z, false, false}};
  }
  std::map<uint32_t, std::pair<Digest, Digest>> level;  // position -> (old, new) digest
  for (const LeafRow& l : leaves)
    level[kFirstLeafNode + l.leaf] = {leaf_digest_of(l.old_words), leaf_digest_of(l.new_words)};
  std::vector<NodeRow> out;
  for (unsigned depth = kMemoryTreeDepth; depth-- > 0;) {
    std::map<uint32_t, std::pair<Digest, Digest>> parents;
    std::set<uint32_t> nodes;
    for (const auto& [n, d] : level) nodes.insert(n / 2);
    for (uint32_t p : nodes) {
      const auto l = level.find(2 * p), r = level.find(2 * p + 1);
      const Digest zero = zero_digest(depth + 1);
      NodeRow row{p,
                  l != level.end() ? l->second.first : zero,
                  r != level.end() ? r->second.first : zero,
                  l != level.end() ? l->second.second : zero,
                  r != level.end() ? r->second.second : zero,
                  l != level.end(),
                  r != level.end()};
      parents[p] = {compress(row.old_left, row.old_right), compress(row.new_left, row.new_right)};
      out.push_back(row);
    }
    level = std::move(parents);
  }
  pre_root = level.at(kMemoryRootNode).first;
  post_root = level.at(kMemoryRootNode).second;
  return out;
}

// The leaf, node, Poseidon2 and byte tables of some touched leaves, with the public interactions that
// stand for the rest of the machine: the statement's (1, pre_root, post_root) received on the Merkle
// bus, and for every word with a timestamp an access chain (receive its init, send its final) on the
// memory bus.
struct Harness {
  std::vector<LeafRow> leaves;
  std::vector<NodeRow> nodes;
  Digest pre_root, post_root;
  RowMajorMatrix<Fp> leaf, node, poseidon2, byte;
  std::vector<PublicInteraction> publics;

  explicit Harness(std::vector<LeafRow> touched) : leaves(std::move(touched)) {
    nodes = paths_of(leaves, pre_root, post_root);
    ByteLookups bytes;
    leaf = L{}.generate_trace(leaves, bytes);
    std::vector<std::array<Fp, 16>> permutations;
    node = N{}.generate_trace(nodes, permutations, bytes);
    poseidon2 = Poseidon2Chip{}.generate_trace(permutations, std::vector<uint32_t>(permutations.size(), 1));
    byte = ByteChip{}.generate_trace(bytes);
    std::vector<Fp> root{Fp(kMemoryRootNode)};
    root.insert(root.end(), pre_root.begin(), pre_root.end());
    root.insert(root.end(), post_root.begin(), post_root.end());
    publics.push_back({kMerkleBus, InteractionKind::receive, root});
    for (const LeafRow& l : leaves)
      for (size_t j = 0; j < kWordsPerLeaf; ++j) {
        if (l.final_ts[j] == 0) continue;
        const Fp addr(static_cast<uint32_t>(l.leaf * kWordsPerLeaf + j));
        publics.push_back({kMemoryBus, InteractionKind::receive,
                           {addr, Fp(l.old_words[j] & 0xffffu), Fp(l.old_words[j] >> 16), Fp::zero()}});
        publics.push_back({kMemoryBus, InteractionKind::send,
                           {addr, Fp(l.new_words[j] & 0xffffu), Fp(l.new_words[j] >> 16), Fp(l.final_ts[j])}});
      }
  }

  // Recomputes the byte table from the leaf and node tables' byte sends.
  void rebalance_bytes() {
    ByteLookups bytes;
    for (const ChipTrace& v : {leaf_view(), node_view()})
      for (size_t r = 0; r < v.main.height(); ++r)
        for (const auto& i : row_interactions(v, r))
          if (i.bus == kByteBus && i.kind == InteractionKind::send && i.multiplicity == Fp::one())
            record_byte_tuple(i.values[0].as_canonical(), i.values[1].as_canonical(), i.values[2].as_canonical(),
                              i.values[3].as_canonical(), bytes);
    byte = ByteChip{}.generate_trace(bytes);
  }

  ChipTrace leaf_view() const { return chip_trace(leaf_chip, leaf.view()); }
  ChipTrace node_view() const { return chip_trace(node_chip, node.view()); }

  // Constraint failures and bus imbalances, as lines.
  std::vector<std::string> check() const {
    const std::vector<ChipTrace> views = {leaf_view(), node_view(), chip_trace(poseidon2_chip, poseidon2.view()),
                                          chip_trace(byte_chip, byte.view(), byte_prep.view())};
    std::vector<std::string> out;
    for (const ChipTrace& v : views)
      for (const ConstraintFailure& f : check_constraints(v, 4)) out.push_back(f.describe());
    for (const BusImbalance& b : check_buses(views, publics)) out.push_back(b.describe());
    return out;
  }

  L leaf_chip;
  N node_chip;
  Poseidon2Chip poseidon2_chip;
  ByteChip byte_chip;
  RowMajorMatrix<Fp> byte_prep = ByteChip{}.preprocessed_trace();
};

bool mentions(const std::vector<std::string>& failures, const std::string& what) {
  return std::any_of(failures.begin(), failures.end(), [&](const std::string& f) { return f.find(what) != f.npos; });
}
std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

// Every failure names `named`, and one does.
void expect_only(const Harness& h, const std::string& named) {
  const auto failures = h.check();
  EXPECT_TRUE(mentions(failures, named)) << "expected '" << named << "' among:\n" << joined(failures);
  for (const std::string& f : failures) EXPECT_NE(f.find(named), std::string::npos) << f;
}

// Leaf 2 (registers 8..11): x9 written at timestamp 7, x10 read at 5 (new = old); leaf 5000 untouched
// words only but opened (as a segment whose access set covers it would); leaf 2^26 - 1, the last one
// (word 2^28 - 4), written.
std::vector<LeafRow> sample_leaves() {
  return {LeafRow{2, {1, 2, 3, 4}, {1, 0xdeadbeef, 3, 4}, {0, 7, 5, 0}},
          LeafRow{5000, {0, 0x10000, 0xffffffff, 0}, {0, 0x10000, 0xffffffff, 0}, {}},
          LeafRow{kLeafCount - 1, {}, {0, 0, 0, 0x80000000u}, {0, 0, 0, 9}}};
}

TEST(MemoryTreeChips, ShapesMatchTheHeaders) {
  const AirInfo leaf = analyze(L{});
  EXPECT_EQ(leaf.width, 23u);
  EXPECT_EQ(leaf.num_constraints(), 1u);
  EXPECT_EQ(leaf.max_constraint_degree, 2u);
  EXPECT_EQ(leaf.interactions.size(), 20u);
  EXPECT_EQ(leaf.max_interaction_degree, 1u);
  EXPECT_FALSE(leaf.uses_next_row);

  const AirInfo node = analyze(N{});
  EXPECT_EQ(node.width, 70u);
  EXPECT_EQ(N::column_names().size(), 70u);
  EXPECT_LE(node.max_constraint_degree, 3u);
  EXPECT_EQ(node.interactions.size(), 8u);
  EXPECT_EQ(node.max_interaction_degree, 1u);
  EXPECT_FALSE(node.uses_next_row);
}

// memory_node_chip.h says "Constraints (21, ...)" but lists 0-21, which is 22: 3 booleans, 2 padding
// flags, node != 0 and 16 unchanged-child equalities (a header typo).
TEST(MemoryTreeChips, NodeChipHasTwentyTwoConstraints) { EXPECT_EQ(analyze(N{}).num_constraints(), 22u); }

TEST(MemoryTreeChips, GenerationRefusesWhatNoProofHas) {
  ByteLookups bytes;
  EXPECT_THROW(L{}.generate_trace(std::vector<LeafRow>{LeafRow{kLeafCount, {}, {}, {}}}, bytes), std::invalid_argument);
  EXPECT_THROW(L{}.generate_trace(std::vector<LeafRow>{LeafRow{3, {1, 0, 0, 0}, {2, 0, 0, 0}, {}}}, bytes),
               std::invalid_argument);  // a word changes without an access
  std::vector<std::array<Fp, 16>> permutations;
  for (uint32_t bad : {0u, kFirstLeafNode, kFirstLeafNode + 5})
    EXPECT_THROW(N{}.generate_trace(std::vector<NodeRow>{NodeRow{bad, {}, {}, {}, {}, false, false}}, permutations,
                                    bytes),
                 std::invalid_argument)
        << bad;
}

TEST(MemoryTreeChips, HonestRowsBalanceEveryBus) {
  const Harness h(sample_leaves());
  std::set<uint32_t> ancestors;
  for (const LeafRow& l : h.leaves)
    for (unsigned k = 1; k <= kMemoryTreeDepth; ++k) ancestors.insert((kFirstLeafNode + l.leaf) >> k);
  EXPECT_EQ(h.nodes.size(), ancestors.size());
  EXPECT_TRUE(h.check().empty()) << joined(h.check());
  // The roots are those of the memory holding the old and the new contents.
  const Harness empty(std::vector<LeafRow>{});
  EXPECT_EQ(empty.pre_root, zero_digest(0));
  EXPECT_TRUE(empty.check().empty()) << joined(empty.check());
  EXPECT_NE(h.pre_root, h.post_root);
}

TEST(MemoryTreeChips, ForgedLeafRowsAreNamed) {
  // A leaf index with leaf_hi = 1024: no u16 lookup of 64 leaf_hi.
  {
    Harness h(sample_leaves());
    h.leaf.row(0)[L::kLeafHi] = Fp(1024u);
    h.rebalance_bytes();
    EXPECT_TRUE(mentions(h.check(), "bus 'byte'")) << joined(h.check());
  }
  // An old word with non-canonical limbs (lo + 2^16, hi - 1: the same integer), which the accesses
  // (here the public interactions) are made to accept: only the u16 lookup of old_lo catches it.
  {
    Harness h(sample_leaves());
    auto row = h.leaf.row(0);
    row[L::kOldLo + 1] = Fp(2u + 65536u);
    row[L::kOldHi + 1] = Fp::zero() - Fp::one();
    for (PublicInteraction& p : h.publics)
      if (p.bus.id == kMemoryBus.id && p.kind == InteractionKind::receive && p.values[0] == Fp(9u)) {
        p.values[1] = row[L::kOldLo + 1];
        p.values[2] = row[L::kOldHi + 1];
      }
    // The Merkle tuple carries the limbs too: the parent receives them (its compression then differs).
    h.rebalance_bytes();
    EXPECT_TRUE(mentions(h.check(), "bus 'byte'")) << joined(h.check());
  }
  // is_real = 2 doubles the row's traffic.
  {
    Harness h(sample_leaves());
    h.leaf.row(1)[L::kIsReal] = Fp(2u);
    EXPECT_TRUE(mentions(h.check(), "memory leaf: is_real is boolean")) << joined(h.check());
  }
  // A padding row made real: leaf 0 opened as all zero, never finalized differently: its memory traffic
  // cancels, but its Merkle tuple has no receiver.
  {
    Harness h(sample_leaves());
    h.leaf.row(h.leaves.size())[L::kIsReal] = Fp::one();
    h.rebalance_bytes();
    expect_only(h, "bus 'merkle'");
  }
}

TEST(MemoryTreeChips, ForgedNodeRowsAreNamed) {
  const auto first_row_of = [](const Harness& h, uint32_t node) {
    for (size_t r = 0; r < h.nodes.size(); ++r)
      if (h.nodes[r].node == node) return r;
    ADD_FAILURE() << node;
    return size_t{0};
  };
  // Node 0 would receive the root as its right child.
  {
    Harness h(sample_leaves());
    auto row = h.node.row(first_row_of(h, kMemoryRootNode));
    row[N::kNodeLo] = Fp::zero();
    EXPECT_TRUE(mentions(h.check(), "memory node: node != 0")) << joined(h.check());
  }
  // A node index at or above 2^26 (a chain deeper than the tree): 64 node_hi is no u16.
  {
    Harness h(sample_leaves());
    h.node.row(0)[N::kNodeHi] = Fp(1024u);
    h.rebalance_bytes();
    EXPECT_TRUE(mentions(h.check(), "bus 'byte'")) << joined(h.check());
  }
  // Padding with an on-path flag would receive a tuple for free.
  {
    Harness h(sample_leaves());
    h.node.row(h.nodes.size())[N::kRightOnPath] = Fp::one();
    EXPECT_TRUE(mentions(h.check(), "memory node: padding has no right child")) << joined(h.check());
  }
  // An untouched child that changes.
  {
    Harness h(sample_leaves());
    const size_t r = first_row_of(h, (kFirstLeafNode + 5000) / 2);
    ASSERT_NE(h.nodes[r].left_on_path, h.nodes[r].right_on_path);
    const size_t col = h.nodes[r].left_on_path ? N::kNewRight : N::kNewLeft;
    h.node.row(r)[col] += Fp::one();
    EXPECT_TRUE(mentions(h.check(), "is unchanged")) << joined(h.check());
  }
  // The root row missing (made padding): the statement's root tuple, and the root's children's, are
  // nobody's (and the Poseidon2 table's two rows for it nobody's either).
  {
    Harness h(sample_leaves());
    auto row = h.node.row(first_row_of(h, kMemoryRootNode));
    row[N::kIsReal] = row[N::kLeftOnPath] = row[N::kRightOnPath] = Fp::zero();
    h.rebalance_bytes();
    EXPECT_TRUE(mentions(h.check(), "bus 'merkle'")) << joined(h.check());
  }
  // A compression output that is not the permutation's.
  {
    Harness h(sample_leaves());
    h.node.row(3)[N::kOldOut + 12] += Fp::one();
    expect_only(h, "bus 'poseidon2'");
  }
}

// Every cell of every real row, changed by +1 (and is_real / the flags also to 0): the row's constraints
// fail or its bus traffic changes (then the buses, balanced before, are not).
TEST(MemoryTreeChips, EveryCellOfARealRowMatters) {
  const Harness h(sample_leaves());
  ASSERT_TRUE(h.check().empty());
  size_t tried = 0;
  const auto sweep = [&](const RowMajorMatrix<Fp>& honest, const auto& chip, size_t real_rows,
                         const std::vector<std::string>& names) {
    for (size_t r = 0; r < real_rows; ++r)
      for (size_t c = 0; c < honest.width(); ++c)
        for (int k = 0; k < 2; ++k) {
          RowMajorMatrix<Fp> m = honest;
          const Fp before = m.row(r)[c];
          m.row(r)[c] = k == 0 ? before + Fp::one() : Fp::zero();
          if (m.row(r)[c] == before) continue;
          ++tried;
          const ChipTrace changed = chip_trace(chip, m.view()), original = chip_trace(chip, honest.view());
          DebugBuilder b(changed.main, {}, {}, false);
          b.set_row(r);
          changed.eval(b);
          const bool caught = !b.row_failures().empty() ||
                              interaction_net(row_interactions(changed, r)) !=
                                  interaction_net(row_interactions(original, r));
          EXPECT_TRUE(caught) << chip.name() << " row " << r << " column " << names[c] << (k == 0 ? " + 1" : " = 0");
        }
  };
  std::vector<std::string> leaf_names(L::kColumnNames.begin(), L::kColumnNames.end());
  sweep(h.leaf, h.leaf_chip, h.leaves.size(), leaf_names);
  sweep(h.node, h.node_chip, h.nodes.size(), N::column_names());
  EXPECT_GT(tried, 8000u);
}

}  // namespace
}  // namespace zkrv::chips
