#include "fri/fri_prover.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <stdexcept>

#include "base/bits.h"
#include "fri/fold.h"
#include "merkle/merkle_tree.h"
#include "merkle/shared_paths.h"
#include "ntt/ntt.h"

namespace zkrv {
namespace {

// Layer r as a one-matrix Merkle tree: row j = the fold group j (2^k entries, Ext coefficients in turn).
MerkleTree commit_layer(const std::vector<Ext>& layer, unsigned log_arity) {
  const size_t a = size_t{1} << log_arity;
  std::vector<RowMajorMatrix<Fp>> m;
  m.emplace_back(std::span<const Fp>(reinterpret_cast<const Fp*>(layer.data()), layer.size() * Ext::DEGREE),
                 a * Ext::DEGREE);
  return MerkleTree(std::move(m));
}

Ext pow_2k(Ext x, unsigned k) {
  for (unsigned i = 0; i < k; ++i) x = x.square();
  return x;
}

}  // namespace

FriProof fri_prove(const FriConfig& config, std::vector<std::vector<Ext>> inputs, Challenger& challenger,
                   const FriOpenInputs& open_inputs) {
  std::vector<unsigned> heights;
  for (const auto& in : inputs) {
    if (!is_power_of_two(in.size())) throw std::invalid_argument("fri_prove: input size is not a power of two");
    heights.push_back(log2_exact(in.size()));
  }
  const FoldSchedule schedule = fri_fold_schedule(config, heights);
  const std::vector<Fp> inv_points =
      schedule.num_rounds() > 0 ? fold_inverse_points(schedule.log_max_height) : std::vector<Fp>{};

  FriProof proof;
  challenger.observe_label("zkrv/fri/commit-phase");
  std::vector<MerkleTree> trees;
  std::vector<Ext> layer = std::move(inputs[0]);
  unsigned log_n = schedule.log_max_height;
  size_t next = 1;
  for (unsigned k : schedule.log_arities) {
    trees.push_back(commit_layer(layer, k));
    proof.commit_roots.push_back(trees.back().root());
    challenger.observe(trees.back().root());
    proof.commit_pow_witnesses.push_back(challenger.grind(config.commit_pow_bits));
    const Ext beta = challenger.sample_ext();
    layer = fold_layer(layer, beta, k, inv_points);
    log_n -= k;
    if (next < inputs.size() && heights[next] == log_n) {
      const Ext coeff = pow_2k(beta, k);  // beta^arity: the roll-in continues the powers of beta
      const auto& in = inputs[next];
      tbb::parallel_for(tbb::blocked_range<size_t>(0, layer.size(), 4096), [&](const auto& r) {
        for (size_t i = r.begin(); i < r.end(); ++i) layer[i] += coeff * in[i];
      });
      ++next;
    }
  }

  // The last layer holds g on H_{2^log_final_height} in bit-reversed order: interpolate and keep the
  // low final_poly_len coefficients (the others are zero for an honest prover; if not, the
  // verifier's final check fails).
  intt_in_place(MatrixView<Ext>(layer.data(), 1, layer.size()), RowOrder::bit_reversed, RowOrder::natural);
  proof.final_poly.assign(layer.begin(), layer.begin() + schedule.final_poly_len);
  for (const Ext& c : proof.final_poly) challenger.observe_ext(c);

  proof.query_pow_witness = challenger.grind(config.query_pow_bits);
  std::vector<size_t> indices(config.num_queries);
  for (auto& idx : indices) idx = challenger.sample_bits(schedule.log_max_height);

  proof.queries.resize(config.num_queries);
  {
    std::vector<std::vector<BatchOpening>> inputs = open_inputs(indices);
    if (inputs.size() != indices.size()) throw std::logic_error("fri_prove: one set of input openings per query");
    for (size_t q = 0; q < indices.size(); ++q) proof.queries[q].input_openings = std::move(inputs[q]);
  }
  // leaf_index[r][q]: the leaf query q opens in round r's tree.
  std::vector<std::vector<size_t>> leaf_index(trees.size(), std::vector<size_t>(indices.size()));
  tbb::parallel_for(size_t{0}, indices.size(), [&](size_t q) {
    FriQueryProof& qp = proof.queries[q];
    size_t i = indices[q];
    for (size_t r = 0; r < trees.size(); ++r) {
      const unsigned k = schedule.log_arities[r];
      const size_t a = size_t{1} << k;
      const size_t j = i >> k, t = i & (a - 1);
      BatchOpening o = trees[r].open_batch(j);
      const auto& row = o.opened_rows[0];
      FriQueryStep step;
      for (size_t u = 0; u < a; ++u) {
        if (u == t) continue;
        step.siblings.push_back(Ext({row[4 * u], row[4 * u + 1], row[4 * u + 2], row[4 * u + 3]}));
      }
      step.path = std::move(o.siblings);
      qp.steps.push_back(std::move(step));
      leaf_index[r][q] = j;
      i = j;
    }
  });

  // Each commit-phase tree's openings share their paths (merkle/shared_paths.h): every sibling digest
  // is sent once, by the lowest query whose path needs it and computes no other path's node there.
  const size_t n = indices.size();
  std::vector<std::vector<Digest>*> paths(n);
  for (size_t r = 0; r < trees.size(); ++r) {
    for (size_t q = 0; q < n; ++q) paths[q] = &proof.queries[q].steps[r].path;
    prune_to_shared_paths(leaf_index[r], trees[r].log_max_height(), paths);
  }
  return proof;
}

}  // namespace zkrv
