// The shape of the memory Merkle tree that commits the whole machine state between segments
// (vm/chips/README.md, "Memory across segments"; docs/machine.md).
//
// The state is one address space of 2^28 words (memory/access.h: registers 0..31, the syscall state
// words 32..35, RAM word addresses 0x4000..2^28). A leaf holds 4 consecutive words (16 bytes) as their
// 8 16-bit limbs (lo0, hi0, lo1, hi1, ..., lo3, hi3): exactly one 8-element digest, so a leaf is its own
// digest and the tree hashes nothing but 2-to-1 compressions (hash/compress.h). With 2^26 leaves the tree
// has depth 26: node 1 is the root, node n has children 2n and 2n + 1, and leaf L is node 2^26 + L.
//
// Why 16-byte leaves (docs/machine.md, "Choosing the leaf"): a segment re-hashes only the paths of the
// leaves it touches, so small leaves cost least for scattered accesses (stack frames, heap objects,
// the syscall words), and a fully touched region costs about two compressions per leaf either way.
#pragma once

#include <cstdint>

namespace zkrv::chips {

inline constexpr unsigned kMemoryTreeDepth = 26;
inline constexpr uint32_t kWordsPerLeaf = 4;
inline constexpr uint32_t kLeafCount = uint32_t{1} << kMemoryTreeDepth;
inline constexpr uint32_t kFirstLeafNode = kLeafCount;  // node index of leaf 0
inline constexpr uint32_t kMemoryRootNode = 1;

constexpr uint32_t leaf_of_word(uint32_t word_address) noexcept { return word_address / kWordsPerLeaf; }

}  // namespace zkrv::chips
