#include "merkle/merkle_verify.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
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

unsigned check_batch_shape(std::span<const MatrixDims> dims, size_t index, const BatchOpening& opening) {
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
  return log_max;
}

void check_batch(const Digest& root, std::span<const MatrixDims> dims, size_t index, const BatchOpening& opening) {
  const unsigned log_max = check_batch_shape(dims, index, opening);
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

void check_batches(const Digest& root, std::span<const MatrixDims> dims, std::span<const size_t> indices,
                   std::span<const BatchOpening* const> openings) {
  if (indices.size() != openings.size()) reject("internal: one index per opening");
  if (openings.empty()) return;
  unsigned log_max = 0;
  for (size_t i = 0; i < openings.size(); ++i) {
    try {
      log_max = check_batch_shape(dims, indices[i], *openings[i]);
    } catch (const ProofRejected& e) {
      throw ProofRejected("opening " + std::to_string(i) + ": " + e.what());
    }
  }
  const auto groups = merkle_detail::group_by_height(dims, log_max);
  constexpr size_t L = PackedFp::WIDTH;
  const size_t n = openings.size(), chunks = (n + L - 1) / L;
  // Chunk c hashes openings c L .. c L + L - 1 in the lanes (a short last chunk repeats its first
  // opening in the spare lanes): the same sponge and compressions as check_batch, lane by lane.
  tbb::parallel_for(size_t{0}, chunks, [&](size_t c) {
    std::array<size_t, L> member{};
    for (size_t l = 0; l < L; ++l) member[l] = c * L + l < n ? c * L + l : c * L;
    const auto hash_group_packed = [&](const std::vector<size_t>& group) {
      DefaultRowHasher::PackedSponge s;
      for (size_t k : group)
        for (size_t j = 0; j < dims[k].width; ++j)
          s.absorb(PackedFp::from_fn([&](size_t l) { return openings[member[l]]->opened_rows[k][j]; }));
      return s.squeeze();
    };
    PackedDigest node = hash_group_packed(groups[log_max]);
    for (unsigned level = 0; level < log_max; ++level) {
      PackedDigest left, right;
      for (size_t e = 0; e < DIGEST_ELEMS; ++e) {
        const auto here = node[e].to_array();
        const auto odd = [&](size_t l) { return ((indices[member[l]] >> level) & 1) != 0; };
        const auto sib = [&](size_t l) { return openings[member[l]]->siblings[level][e]; };
        left[e] = PackedFp::from_fn([&](size_t l) { return odd(l) ? sib(l) : here[l]; });
        right[e] = PackedFp::from_fn([&](size_t l) { return odd(l) ? here[l] : sib(l); });
      }
      node = compress(left, right);
      const auto& g = groups[log_max - level - 1];
      if (!g.empty()) node = compress(node, hash_group_packed(g));
    }
    for (size_t l = 0; l < L && c * L + l < n; ++l)
      if (!(extract_lane(node, l) == root))
        reject("opening " + std::to_string(c * L + l) + ": root mismatch at leaf index " +
               std::to_string(indices[c * L + l]));
  });
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
