// MemoryLeafChip: the leaves of the memory Merkle tree that a segment touches (memory_tree_shape.h;
// vm/chips/README.md, "Memory across segments"). It opens and closes the memory argument of one
// segment: every word of a touched leaf is initialized on the memory bus with its value before the
// segment (timestamp 0) and finalized with its value after it, and the leaf's old and new contents go up
// the tree to the segment's pre- and post-state roots (memory_node_chip.h).
//
// Columns (23): leaf_lo, leaf_hi (leaf = leaf_lo + 2^16 leaf_hi), old_lo[4], old_hi[4] (the 4 words
// before the segment), new_lo[4], new_hi[4], ts[4] (after: value and timestamp of the last access, 0 if
// none), is_real. One real row per touched leaf (any order), then all-zero padding (power of two >= 8).
// Constraints (1): is_real boolean (degree 2).
// Interactions (20, tuples of degree 1, multiplicity is_real):
//   send    (4 leaf + j, old_lo[j], old_hi[j], 0)      on kMemoryBus for j < 4   (the word before)
//   receive (4 leaf + j, new_lo[j], new_hi[j], ts[j])  on kMemoryBus for j < 4   (the word after)
//   send    (2^26 + leaf, old limbs (8), new limbs (8)) on kMerkleBus            (the leaf, node 2^26 + leaf)
//   byte bus u16 lookups of leaf_lo, leaf_hi, 64 leaf_hi and of the 8 old limbs.
// Cells per row: 23 + LogUp.
//
// Soundness.
//   - Integers: leaf_lo, leaf_hi and every old limb are u16 lookups of the column itself; 64 leaf_hi is
//     a u16 too, so leaf_hi < 2^10 and leaf < 2^26. The addresses 4 leaf + j are then distinct integers
//     below 2^28 for distinct (leaf, j), and the node 2^26 + leaf is a leaf position of the tree, never
//     an inner node (inner rows are below 2^26, memory_node_chip.h). new limbs and ts are received from
//     the memory bus, whose senders send canonical limbs and integer timestamps (access.h).
//   - At most one row per leaf, and each real row's leaf is on a path to the root: the Merkle bus
//     argument of memory_node_chip.h. So each address has at most one init and one final here, and no
//     other chip sends an init: an address an access touches must lie in a real row's leaf (its first
//     access consumes an init), and then by access.h its chain runs from (old, 0) through every access
//     to (new, ts). A word of the leaf nobody accesses balances itself only with new = old and ts = 0
//     (a receive of (a, v, 0) can only be fed by an init, timestamps of accesses being >= 1).
//   - What the leaf sends up is exactly the limbs of old and new, so the pre-state root commits to the
//     values the segment's first accesses read, and the post-state root to the values its last accesses
//     wrote (memory_node_chip.h: the tree rows compute both roots with the Poseidon2 chip).
//   - Padding: is_real = 0 silences every interaction; no constraint reads another row.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "air/air.h"
#include "air/builder.h"
#include "air/integer_derivation.h"
#include "field/babybear.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/common/buses.h"
#include "vm/chips/memory/memory_tree_shape.h"

namespace zkrv::chips {

// One touched leaf: its words before and after the segment and each word's final timestamp (0: the
// word was not accessed, then new == old).
struct LeafRow {
  uint32_t leaf = 0;  // below 2^26
  std::array<uint32_t, kWordsPerLeaf> old_words{}, new_words{}, final_ts{};
};

template <class T>
struct MemoryLeafCols {
  T leaf_lo;
  T leaf_hi;
  T old_lo[4];
  T old_hi[4];
  T new_lo[4];
  T new_hi[4];
  T ts[4];
  T is_real;
};

class MemoryLeafChip : public AirDefaults {
 public:
  using Cols = MemoryLeafCols<uint8_t>;  // one byte per column: offsetof gives column indices
  static constexpr size_t kWidth = sizeof(Cols);
  static constexpr size_t kLeafLo = offsetof(Cols, leaf_lo), kLeafHi = offsetof(Cols, leaf_hi),
                          kOldLo = offsetof(Cols, old_lo), kOldHi = offsetof(Cols, old_hi),
                          kNewLo = offsetof(Cols, new_lo), kNewHi = offsetof(Cols, new_hi), kTs = offsetof(Cols, ts),
                          kIsReal = offsetof(Cols, is_real);
  static constexpr std::array<std::string_view, kWidth> kColumnNames = {
      "leaf_lo",  "leaf_hi",  "old_lo[0]", "old_lo[1]", "old_lo[2]", "old_lo[3]", "old_hi[0]", "old_hi[1]",
      "old_hi[2]", "old_hi[3]", "new_lo[0]", "new_lo[1]", "new_lo[2]", "new_lo[3]", "new_hi[0]", "new_hi[1]",
      "new_hi[2]", "new_hi[3]", "ts[0]",     "ts[1]",     "ts[2]",     "ts[3]",     "is_real"};

  std::string_view name() const noexcept { return "memory_leaf"; }
  size_t width() const noexcept { return kWidth; }

  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr is_real = m.current(kIsReal);
    const Expr leaf_lo = m.current(kLeafLo), leaf_hi = m.current(kLeafHi);
    const Expr leaf = leaf_lo + leaf_hi * Fp(1u << 16);
    const Expr zero = Fp::zero(), u16 = Fp(static_cast<uint32_t>(ByteOp::u16));
    b.assert_bool(is_real, "memory leaf: is_real is boolean");
    std::vector<Expr> merkle{leaf + Fp(kFirstLeafNode)};
    for (size_t j = 0; j < kWordsPerLeaf; ++j) {
      const Expr addr = leaf * Fp(kWordsPerLeaf) + Fp(static_cast<uint32_t>(j));
      b.send(kMemoryBus, {addr, Expr(m.current(kOldLo + j)), Expr(m.current(kOldHi + j)), zero}, is_real);
      b.receive(kMemoryBus, {addr, Expr(m.current(kNewLo + j)), Expr(m.current(kNewHi + j)), Expr(m.current(kTs + j))},
                is_real);
      merkle.push_back(m.current(kOldLo + j));
      merkle.push_back(m.current(kOldHi + j));
    }
    for (size_t j = 0; j < kWordsPerLeaf; ++j) {
      merkle.push_back(m.current(kNewLo + j));
      merkle.push_back(m.current(kNewHi + j));
    }
    b.send(kMerkleBus, merkle, is_real);
    b.send(kByteBus, {u16, leaf_lo, zero, zero}, is_real);
    b.send(kByteBus, {u16, leaf_hi, zero, zero}, is_real);
    b.send(kByteBus, {u16, leaf_hi * Fp(64u), zero, zero}, is_real);
    for (size_t j = 0; j < kWordsPerLeaf; ++j) {
      b.send(kByteBus, {u16, Expr(m.current(kOldLo + j)), zero, zero}, is_real);
      b.send(kByteBus, {u16, Expr(m.current(kOldHi + j)), zero, zero}, is_real);
    }
  }

  // Rows for `leaves` (distinct leaves below 2^26, words consistent: new == old where final_ts is 0;
  // else std::invalid_argument). Records the byte lookups. Parallel over rows.
  RowMajorMatrix<Fp> generate_trace(std::span<const LeafRow> leaves, ByteLookups& bytes, size_t min_height = 8) const;
};

static_assert(Air<MemoryLeafChip>);

}  // namespace zkrv::chips
