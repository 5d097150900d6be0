// Helpers shared by the STARK tests: a small test-only FRI configuration and a prove-then-verify run
// over example chips (air/testing/example_airs.h).
#pragma once

#include <string_view>
#include <vector>

#include "base/error.h"
#include "fri/config.h"
#include "fri/pcs.h"
#include "stark/chip.h"
#include "stark/keys.h"
#include "stark/proof.h"
#include "stark/prover.h"
#include "stark/verifier.h"

namespace zkrv::stark_test {

// Few queries, for speed; never in the registry, so only verify_with_config accepts it.
inline FriConfig test_config(unsigned log_blowup = 1, unsigned queries = 4) {
  return {.name = "test-stark-fri",
          .log_blowup = log_blowup,
          .num_queries = queries,
          .log_folding_arity = 1,
          .log_final_poly_len = 1,
          .commit_pow_bits = 1,
          .query_pow_bits = 1,
          .logup_pow_bits = 2,
          .deep_pow_bits = 2};
}

struct StarkRun {
  std::vector<Chip> chips;
  std::vector<RowMajorMatrix<Fp>> traces;
  std::vector<std::vector<Fp>> public_values;
  ProvingKey pk;
  StarkProof proof;
};

inline StarkRun prove_run(const FriConfig& config, std::vector<Chip> chips, std::vector<RowMajorMatrix<Fp>> traces,
                     std::vector<std::vector<Fp>> public_values) {
  StarkRun run{std::move(chips), std::move(traces), std::move(public_values), {}, {}};
  run.pk = setup(TwoAdicFriPcs(config), run.chips);
  std::vector<MatrixView<const Fp>> views;
  for (const auto& t : run.traces) views.push_back(t.view());
  run.proof = prove(config, run.chips, run.pk, views, run.public_values);
  return run;
}

inline void verify_run(const FriConfig& config, const StarkRun& run, const StarkProof& proof) {
  verify_with_config(config, run.chips, run.pk.vk, run.public_values, proof);
}

}  // namespace zkrv::stark_test
