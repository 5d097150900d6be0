#include "fri/fri_verifier.h"

#include <tbb/parallel_for.h>

#include <stdexcept>
#include <string>

#include "base/bits.h"
#include "fri/fold.h"
#include "merkle/merkle_verify.h"

namespace zkrv {
namespace {

[[noreturn]] void reject(const std::string& why) { throw ProofRejected("FRI proof rejected: " + why); }

}  // namespace

std::vector<size_t> fri_verify(const FriConfig& config, std::span<const unsigned> heights, const FriProof& proof,
                               Challenger& challenger, const FriPrepareInputs& prepare_inputs,
                               const FriReducedOpenings& reduced_openings) {
  FoldSchedule schedule;
  try {
    schedule = fri_fold_schedule(config, heights);
  } catch (const std::invalid_argument& e) {  // heights the configuration cannot test (e.g. its excess)
    reject(e.what());
  }
  const size_t rounds = schedule.num_rounds();
  if (proof.commit_roots.size() != rounds)
    reject(std::to_string(proof.commit_roots.size()) + " commit-phase roots, expected " + std::to_string(rounds));
  if (proof.commit_pow_witnesses.size() != rounds) reject("wrong number of commit-phase PoW witnesses");
  if (proof.final_poly.size() != schedule.final_poly_len)
    reject("final polynomial has " + std::to_string(proof.final_poly.size()) + " coefficients, expected " +
           std::to_string(schedule.final_poly_len));
  if (proof.queries.size() != config.num_queries) reject("wrong number of queries");

  challenger.observe_label("zkrv/fri/commit-phase");
  std::vector<Ext> betas;
  for (size_t r = 0; r < rounds; ++r) {
    challenger.observe(proof.commit_roots[r]);
    if (!challenger.check_witness(config.commit_pow_bits, proof.commit_pow_witnesses[r]))
      reject("commit-phase proof of work of round " + std::to_string(r) + " is invalid");
    betas.push_back(challenger.sample_ext());
  }
  for (const Ext& c : proof.final_poly) challenger.observe_ext(c);
  if (!challenger.check_witness(config.query_pow_bits, proof.query_pow_witness))
    reject("query proof of work is invalid");
  std::vector<size_t> indices(config.num_queries);
  for (auto& idx : indices) idx = challenger.sample_bits(schedule.log_max_height);
  if (prepare_inputs) prepare_inputs(indices);

  // The commit-phase leaves each query opens, checked against their roots after the fold chains, one
  // batch per round (leaves[r][q] at index leaf_index[r][q]).
  std::vector<std::vector<BatchOpening>> leaves(rounds, std::vector<BatchOpening>(indices.size()));
  std::vector<std::vector<size_t>> leaf_index(rounds, std::vector<size_t>(indices.size()));
  tbb::parallel_for(size_t{0}, indices.size(), [&](size_t q) {
    const FriQueryProof& qp = proof.queries[q];
    const std::vector<Ext> ro = reduced_openings(q, indices[q]);
    if (ro.size() != heights.size()) reject("internal: wrong number of reduced openings");
    if (qp.steps.size() != rounds)
      reject("query " + std::to_string(q) + " has " + std::to_string(qp.steps.size()) + " steps, expected " +
             std::to_string(rounds));
    Ext folded = ro[0];
    size_t i = indices[q];
    unsigned log_n = schedule.log_max_height;
    size_t next = 1;
    for (size_t r = 0; r < rounds; ++r) {
      const unsigned k = schedule.log_arities[r];
      const size_t a = size_t{1} << k;
      const FriQueryStep& step = qp.steps[r];
      if (step.siblings.size() != a - 1) reject("query " + std::to_string(q) + ": wrong fold-group size");
      const size_t j = i >> k, t = i & (a - 1);
      std::vector<Ext> group;
      group.reserve(a);
      for (size_t u = 0, s = 0; u < a; ++u) group.push_back(u == t ? folded : step.siblings[s++]);
      BatchOpening& leaf = leaves[r][q];
      leaf.opened_rows.emplace_back();
      for (const Ext& e : group) leaf.opened_rows[0].insert(leaf.opened_rows[0].end(), e.coeffs().begin(), e.coeffs().end());
      leaf.siblings = step.path;
      leaf_index[r][q] = j;
      folded = fold_coset(group, log_n, j, betas[r], k);
      log_n -= k;
      i = j;
      if (next < heights.size() && heights[next] == log_n) {
        Ext coeff = betas[r];
        for (unsigned b = 0; b < k; ++b) coeff = coeff.square();
        folded += coeff * ro[next];
        ++next;
      }
    }
    const Fp y = Fp::two_adic_generator(log_n).pow(reverse_bits(static_cast<uint32_t>(i), log_n));
    if (!(evaluate_poly(proof.final_poly, y) == folded))
      reject("query " + std::to_string(q) + ": folded value does not match the final polynomial");
  });
  // Round r's leaves are rows of a_r * 4 base elements in a tree of 2^(log height - a_r) leaves.
  // One tree per task: each check_batches walks its shared paths level by level, serially.
  std::vector<unsigned> log_layer(rounds);
  for (size_t r = 0, log_n = schedule.log_max_height; r < rounds; log_n -= schedule.log_arities[r], ++r)
    log_layer[r] = static_cast<unsigned>(log_n);
  tbb::parallel_for(size_t{0}, rounds, [&](size_t r) {
    const unsigned k = schedule.log_arities[r];
    const MatrixDims dims{(size_t{1} << k) * Ext::DEGREE, log_layer[r] - k};
    std::vector<const BatchOpening*> openings(indices.size());
    for (size_t q = 0; q < indices.size(); ++q) openings[q] = &leaves[r][q];
    try {
      check_batches(proof.commit_roots[r], std::span(&dims, 1), leaf_index[r], openings);
    } catch (const ProofRejected& e) {
      reject("round " + std::to_string(r) + ": " + e.what());
    }
  });
  return indices;
}

}  // namespace zkrv
