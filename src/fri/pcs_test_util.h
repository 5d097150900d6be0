// Test helpers shared by pcs_test.cpp and proof_format_test.cpp: commit random batches, open them at
// transcript-derived points, and build the verifier's claims.
#pragma once

#include <random>
#include <vector>

#include "fri/pcs.h"

namespace zkrv::test {

// A small configuration for PCS tests (named "test-fri"; tests pass it to TwoAdicFriPcs directly).
inline FriConfig small_fri_config(unsigned log_blowup, unsigned log_arity, unsigned queries = 12) {
  return {.name = "test-fri",
          .log_blowup = log_blowup,
          .num_queries = queries,
          .log_folding_arity = log_arity,
          .log_final_poly_len = 2,
          .commit_pow_bits = 1,
          .query_pow_bits = 2};
}

struct Shape {
  unsigned log_height;
  size_t width;
  unsigned num_points;  // 0, 1 or 2: zeta, zeta * g (as the STARK's "next row")
};

struct PcsRun {
  std::vector<std::vector<Shape>> shapes;          // [round][matrix]
  std::vector<std::vector<RowMajorMatrix<Fp>>> evals;
  std::vector<Digest> roots;
  std::vector<PcsProverData> data;
  std::vector<std::vector<std::vector<Ext>>> points;  // [round][matrix][point]
  PcsOpening opening;
};

inline Challenger start_transcript(const std::vector<Digest>& roots) {
  Challenger ch;
  ch.observe_label("zkrv/test/pcs");
  for (const auto& r : roots) ch.observe(r);
  return ch;
}

inline std::vector<std::vector<std::vector<Ext>>> sample_points(Challenger& ch,
                                                                const std::vector<std::vector<Shape>>& shapes) {
  const Ext zeta = ch.sample_ext();
  std::vector<std::vector<std::vector<Ext>>> pts(shapes.size());
  for (size_t b = 0; b < shapes.size(); ++b)
    for (const Shape& s : shapes[b]) {
      std::vector<Ext> p;
      if (s.num_points >= 1) p.push_back(zeta);
      if (s.num_points >= 2) p.push_back(zeta * Fp::two_adic_generator(s.log_height));
      pts[b].push_back(p);
    }
  return pts;
}

inline PcsRun prove_random(const TwoAdicFriPcs& pcs, const std::vector<std::vector<Shape>>& shapes, uint64_t seed) {
  std::mt19937_64 rng(seed);
  PcsRun run;
  run.shapes = shapes;
  for (const auto& round : shapes) {
    std::vector<RowMajorMatrix<Fp>> ms;
    for (const Shape& s : round) ms.push_back(RowMajorMatrix<Fp>::random(size_t{1} << s.log_height, s.width, rng));
    auto [root, data] = pcs.commit(ms);
    run.evals.push_back(std::move(ms));
    run.roots.push_back(root);
    run.data.push_back(std::move(data));
  }
  Challenger ch = start_transcript(run.roots);
  run.points = sample_points(ch, shapes);
  std::vector<PcsOpenRequest> req;
  for (size_t b = 0; b < shapes.size(); ++b) req.push_back({&run.data[b], run.points[b]});
  run.opening = pcs.open(req, ch);
  return run;
}

inline std::vector<PcsVerifyRound> claims_of(const PcsRun& run, const PcsOpenedValues& values) {
  std::vector<PcsVerifyRound> rounds;
  for (size_t b = 0; b < run.shapes.size(); ++b) {
    PcsVerifyRound r{run.roots[b], {}};
    for (size_t m = 0; m < run.shapes[b].size(); ++m)
      r.matrices.push_back({run.shapes[b][m].log_height, run.shapes[b][m].width, run.points[b][m], values[b][m]});
    rounds.push_back(std::move(r));
  }
  return rounds;
}

// Replays the verifier's transcript (same prefix as prove_random) and verifies.
inline void verify_run(const TwoAdicFriPcs& pcs, const PcsRun& run, const std::vector<PcsVerifyRound>& claims,
                       const FriProof& proof) {
  std::vector<Digest> roots;
  for (const auto& c : claims) roots.push_back(c.root);
  Challenger ch = start_transcript(roots);
  (void)sample_points(ch, run.shapes);
  pcs.verify(claims, proof, ch);
}

}  // namespace zkrv::test
