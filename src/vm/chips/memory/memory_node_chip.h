// MemoryNodeChip: the inner nodes of the memory Merkle tree on the paths of the leaves a segment
// touches (memory_tree_shape.h; vm/chips/README.md, "Memory across segments"). Each row recomputes one
// node before and after the segment from its two children, through the Poseidon2 permutation chip; the
// root row's pair is the statement's (pre-state root, post-state root).
//
// Columns (70): node_lo, node_hi (node = node_lo + 2^16 node_hi), node_inv, old_left[8], old_right[8],
// new_left[8], new_right[8], old_out[16], new_out[16] (the permutations' outputs; the first 8 are the
// node's digests, hash/compress.h), left_on_path, right_on_path, is_real. Real rows in any order, then
// all-zero padding (a power of two >= 8).
// Constraints (22, degree <= 3):
//   0-2  is_real, left_on_path, right_on_path boolean
//   3-4  left_on_path (1 - is_real) = 0, right_on_path (1 - is_real) = 0
//   5    is_real (node node_inv - 1) = 0                                       (node != 0)
//   6-13 (1 - left_on_path) (old_left[i] - new_left[i]) = 0                    (an untouched child is unchanged)
//   14-21 (1 - right_on_path) (old_right[i] - new_right[i]) = 0   (constraints are numbered from 0)
// Interactions (8):
//   receive (2 node, old_left, new_left)      on kMerkleBus, multiplicity left_on_path
//   receive (2 node + 1, old_right, new_right) on kMerkleBus, multiplicity right_on_path
//   send    (node, old_out[0..8], new_out[0..8]) on kMerkleBus, multiplicity is_real
//   send    (old_left || old_right, old_out)  on kPoseidon2Bus, multiplicity is_real
//   send    (new_left || new_right, new_out)  on kPoseidon2Bus, multiplicity is_real
//   byte bus u16 lookups of node_lo, node_hi, 64 node_hi, multiplicity is_real.
//
// Soundness. Write a Merkle tuple (n, a, b): node or leaf n has digest a before and b after.
//   - node_lo, node_hi are u16 lookups of themselves and 64 node_hi is a u16, so node is an integer in
//     [0, 2^26), and not 0 (constraint 5). The children 2 node and 2 node + 1 are then integers in
//     [2, 2^27), and distinct rows' child slots are distinct numbers unless the rows share node.
//     Leaf rows send n in [2^26, 2^27) (memory_leaf_chip.h), node rows n in [1, 2^26).
//   - The statement receives (1, pre_root, post_root) once. By LogUp with boolean multiplicities (and
//     fewer than p interactions), for every tuple the sends equal the receives. Claim: for every n, at
//     most one real row (leaf or node) sends a tuple with first element n, and a real row of node n
//     exists only if its parent's row has it on path. Induction on the depth of n: for n = 1 the only
//     receive of a tuple (1, ...) is the statement's (a row receives 2 node >= 2 and 2 node + 1 >= 3);
//     for n > 1, tuples (n, ...) are received only by rows of node floor(n / 2) (as the left child for n
//     even, the right one for n odd), of which there is at most one, receiving at most one tuple (n, ...).
//     Hence the real rows form exactly one tree of paths from the root to leaf rows, each node once.
//   - Each row proves compress(old_left, old_right) = old_out[0..8] and likewise for new (the Poseidon2
//     chip answers only true permutation pairs), and an off-path child keeps its digest (old = new). So
//     the pre-state root is the root of a tree whose touched leaves hold the leaf rows' old contents
//     and whose other subtrees have the digests given as off-path children; the post-state root is the
//     root of the same tree with the touched leaves replaced by their new contents and every other
//     subtree unchanged. By the collision resistance of the compression (hash/compress.h), nobody can
//     open a pre-state root with contents other than the committed ones: the segment starts from the
//     committed state, and the post-state root commits to exactly the state after its writes.
//   - Digest columns are field elements, never treated as integers; node_inv likewise.
//   - Padding: is_real = 0 forces the on-path flags to 0, which silences every interaction.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "air/integer_derivation.h"
#include "field/babybear.h"
#include "hash/digest.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"
#include "vm/chips/memory/memory_tree_shape.h"

namespace zkrv::chips {

// One inner node on a touched path: its children's digests before and after and whether each child is
// on a touched path (then it is another row, or a leaf row) or an untouched subtree (old == new).
struct NodeRow {
  uint32_t node = 0;  // in [1, 2^26)
  Digest old_left, old_right, new_left, new_right;
  bool left_on_path = false, right_on_path = false;
};

template <class T>
struct MemoryNodeCols {
  T node_lo;
  T node_hi;
  T node_inv;
  T old_left[8];
  T old_right[8];
  T new_left[8];
  T new_right[8];
  T old_out[16];
  T new_out[16];
  T left_on_path;
  T right_on_path;
  T is_real;
};

class MemoryNodeChip : public AirDefaults {
 public:
  using Cols = MemoryNodeCols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kNodeLo = offsetof(Cols, node_lo), kNodeHi = offsetof(Cols, node_hi),
                          kNodeInv = offsetof(Cols, node_inv), kOldLeft = offsetof(Cols, old_left),
                          kOldRight = offsetof(Cols, old_right), kNewLeft = offsetof(Cols, new_left),
                          kNewRight = offsetof(Cols, new_right), kOldOut = offsetof(Cols, old_out),
                          kNewOut = offsetof(Cols, new_out), kLeftOnPath = offsetof(Cols, left_on_path),
                          kRightOnPath = offsetof(Cols, right_on_path), kIsReal = offsetof(Cols, is_real);

  static std::vector<std::string> column_names();
  // The columns that hold field elements, not integers (air/integer_pins.h).
  static IntegerDerivations integer_derivations();

  std::string_view name() const noexcept { return "memory_node"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr is_real = m.current(kIsReal), left = m.current(kLeftOnPath), right = m.current(kRightOnPath);
    const Expr node = Expr(m.current(kNodeLo)) + Expr(m.current(kNodeHi)) * Fp(1u << 16);
    const Expr one = Fp::one(), zero = Fp::zero(), u16 = Fp(static_cast<uint32_t>(ByteOp::u16));
    b.assert_bool(is_real, "memory node: is_real is boolean");
    b.assert_bool(left, "memory node: left_on_path is boolean");
    b.assert_bool(right, "memory node: right_on_path is boolean");
    b.when(one - is_real).assert_zero(left, "memory node: padding has no left child");
    b.when(one - is_real).assert_zero(right, "memory node: padding has no right child");
    b.when(is_real).assert_eq(node * Expr(m.current(kNodeInv)), one, "memory node: node != 0");
    for (size_t i = 0; i < 8; ++i) {
      b.when(one - left).assert_eq(m.current(kOldLeft + i), m.current(kNewLeft + i),
                                   "memory node: an untouched left child is unchanged");
      b.when(one - right).assert_eq(m.current(kOldRight + i), m.current(kNewRight + i),
                                    "memory node: an untouched right child is unchanged");
    }
    const auto tuple = [&](Expr index, size_t old_col, size_t new_col) {
      std::vector<Expr> v{std::move(index)};
      for (size_t i = 0; i < 8; ++i) v.push_back(m.current(old_col + i));
      for (size_t i = 0; i < 8; ++i) v.push_back(m.current(new_col + i));
      return v;
    };
    b.receive(kMerkleBus, tuple(node * Fp(2u), kOldLeft, kNewLeft), left);
    b.receive(kMerkleBus, tuple(node * Fp(2u) + one, kOldRight, kNewRight), right);
    b.send(kMerkleBus, tuple(node, kOldOut, kNewOut), is_real);
    const auto permutation = [&](size_t left_col, size_t right_col, size_t out_col) {
      std::vector<Expr> v;
      for (size_t i = 0; i < 8; ++i) v.push_back(m.current(left_col + i));
      for (size_t i = 0; i < 8; ++i) v.push_back(m.current(right_col + i));
      for (size_t i = 0; i < 16; ++i) v.push_back(m.current(out_col + i));
      return v;
    };
    b.send(kPoseidon2Bus, permutation(kOldLeft, kOldRight, kOldOut), is_real);
    b.send(kPoseidon2Bus, permutation(kNewLeft, kNewRight, kNewOut), is_real);
    const Expr node_hi = m.current(kNodeHi);
    b.send(kByteBus, {u16, Expr(m.current(kNodeLo)), zero, zero}, is_real);
    b.send(kByteBus, {u16, node_hi, zero, zero}, is_real);
    b.send(kByteBus, {u16, node_hi * Fp(64u), zero, zero}, is_real);
  }

  // Rows for `nodes` (distinct nodes in [1, 2^26), else std::invalid_argument). Appends the two
  // permutation inputs of every row to `permutations` (what the Poseidon2 chip must answer) and records
  // the byte lookups. Parallel over rows.
  RowMajorMatrix<Fp> generate_trace(std::span<const NodeRow> nodes, std::vector<std::array<Fp, 16>>& permutations,
                                    ByteLookups& bytes, size_t min_height = 8) const;
};

static_assert(Air<MemoryNodeChip>);

}  // namespace zkrv::chips
