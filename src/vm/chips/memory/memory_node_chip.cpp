#include "vm/chips/memory/memory_node_chip.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "hash/poseidon2.h"

namespace zkrv::chips {

std::vector<std::string> MemoryNodeChip::column_names() {
  std::vector<std::string> out{"node_lo", "node_hi", "node_inv"};
  for (const char* g : {"old_left", "old_right", "new_left", "new_right"})
    for (int i = 0; i < 8; ++i) out.push_back(std::string(g) + "[" + std::to_string(i) + "]");
  for (const char* g : {"old_out", "new_out"})
    for (int i = 0; i < 16; ++i) out.push_back(std::string(g) + "[" + std::to_string(i) + "]");
  for (const char* n : {"left_on_path", "right_on_path", "is_real"}) out.push_back(n);
  return out;
}

RowMajorMatrix<Fp> MemoryNodeChip::generate_trace(std::span<const NodeRow> nodes,
                                                  std::vector<std::array<Fp, 16>>& permutations,
                                                  ByteLookups& bytes, size_t min_height) const {
  for (const NodeRow& n : nodes)
    if (n.node == 0 || n.node >= kFirstLeafNode)
      throw std::invalid_argument("MemoryNodeChip: node " + std::to_string(n.node) + " is not an inner node");
  const size_t first = permutations.size();
  permutations.resize(first + 2 * nodes.size());
  RowMajorMatrix<Fp> t(std::max<size_t>(min_height, std::bit_ceil(nodes.size())), kWidth);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, nodes.size(), 256), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t r = range.begin(); r < range.end(); ++r) {
      const NodeRow& n = nodes[r];
      auto row = t.row(r);
      row[kNodeLo] = Fp(n.node & 0xffffu);
      row[kNodeHi] = Fp(n.node >> 16);
      row[kNodeInv] = Fp(n.node).inverse();
      bytes.add_u16(n.node & 0xffffu);
      bytes.add_u16(n.node >> 16);
      bytes.add_u16(64 * (n.node >> 16));
      std::array<Fp, 16> old_in, new_in;
      for (size_t i = 0; i < 8; ++i) {
        row[kOldLeft + i] = old_in[i] = n.old_left[i];
        row[kOldRight + i] = old_in[8 + i] = n.old_right[i];
        row[kNewLeft + i] = new_in[i] = n.new_left[i];
        row[kNewRight + i] = new_in[8 + i] = n.new_right[i];
      }
      permutations[first + 2 * r] = old_in;
      permutations[first + 2 * r + 1] = new_in;
      const auto old_out = Poseidon2_16::permuted(old_in), new_out = Poseidon2_16::permuted(new_in);
      for (size_t i = 0; i < 16; ++i) {
        row[kOldOut + i] = old_out[i];
        row[kNewOut + i] = new_out[i];
      }
      row[kLeftOnPath] = n.left_on_path ? Fp::one() : Fp::zero();
      row[kRightOnPath] = n.right_on_path ? Fp::one() : Fp::zero();
      row[kIsReal] = Fp::one();
    }
  });
  return t;
}

IntegerDerivations MemoryNodeChip::integer_derivations() {
  // Names and reasons live for the whole program (IntegerDerivation holds views).
  static const std::vector<std::string> names = column_names();
  static const std::vector<IntegerDerivation> list = [] {
    std::vector<IntegerDerivation> v;
    for (const std::string& n : names) {
      if (n == "node_inv") {
        v.push_back({n, "not an integer: the inverse of node, a witness that node != 0 (constraint 5)"});
      } else if (n.find('[') != std::string::npos) {
        v.push_back({n, "not an integer: a digest or permutation element, a field element that no constraint "
                        "treats as an integer (only compared and looked up)"});
      }
    }
    return v;
  }();
  return IntegerDerivations().add(list);
}

}  // namespace zkrv::chips
