#include "merkle/merkle_verify.h"

#include <algorithm>
#include <string>

#include "hash/compress.h"
#include "hash/sponge.h"

namespace zkrv {
namespace {

[[noreturn]] void reject(const std::string& why) { throw ProofRejected("Merkle opening rejected: " + why); }

Digest hash_group(const BatchOpening& o, const std::vector<size_t>& group) {
  DefaultRowHasher::Sponge s;
  for (size_t k : group) s.absorb(std::span<const Fp>(o.opened_rows[k]));
  return s.squeeze();
}

}  // namespace

void check_batch(const Digest& root, std::span<const MatrixDims> dims, size_t index, const BatchOpening& opening) {
  if (dims.empty()) reject("no matrices");
  unsigned log_max = 0;
  for (const auto& d : dims) {
    if (d.log_height > Fp::TWO_ADICITY) reject("matrix height above 2^27");
    if (d.width == 0) reject("matrix of width 0");
    log_max = std::max(log_max, d.log_height);
  }
  if (opening.opened_rows.size() != dims.size())
    reject(std::to_string(opening.opened_rows.size()) + " opened rows for " + std::to_string(dims.size()) +
           " matrices");
  for (size_t k = 0; k < dims.size(); ++k) {
    if (opening.opened_rows[k].size() != dims[k].width)
      reject("row of matrix " + std::to_string(k) + " has " + std::to_string(opening.opened_rows[k].size()) +
             " elements, expected " + std::to_string(dims[k].width));
  }
  if (opening.siblings.size() != log_max)
    reject(std::to_string(opening.siblings.size()) + " siblings, expected " + std::to_string(log_max));
  if ((index >> log_max) != 0) reject("leaf index " + std::to_string(index) + " out of range");

  const auto groups = merkle_detail::group_by_height(dims, log_max);
  Digest node = hash_group(opening, groups[log_max]);
  for (unsigned level = 0; level < log_max; ++level) {
    const Digest& sib = opening.siblings[level];
    node = ((index >> level) & 1) ? compress(sib, node) : compress(node, sib);
    const auto& g = groups[log_max - level - 1];
    if (!g.empty()) node = compress(node, hash_group(opening, g));
  }
  if (!(node == root)) reject("root mismatch at leaf index " + std::to_string(index));
}

bool verify_batch(const Digest& root, std::span<const MatrixDims> dims, size_t index,
                  const BatchOpening& opening) noexcept {
  try {
    check_batch(root, dims, index, opening);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace zkrv
