// Adversarial tests of shared input rows in TwoAdicFriPcs (merkle/shared_paths.h: restore_shared_rows,
// called by TwoAdicFriPcs::verify's prepare_inputs before any shape check). The prover controls every
// proof byte, not the query indices. Honest edge cases must be accepted; forgeries refused; and a
// hostile proof must not make the verifier allocate much more than the proof itself.
// This file replaces operator new/delete (malloc/free); GCC's -Wmismatched-new-delete misreads that.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <gtest/gtest.h>

#include <tbb/global_control.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>
#include <set>

#include "fri/pcs_test_util.h"
#include "fri/proof.h"
#include "merkle/shared_paths.h"

// Every byte the process allocates through operator new (vectors included), for the amplification test.
namespace {
std::atomic<size_t> g_allocated{0};
}  // namespace

void* operator new(std::size_t n) {
  g_allocated.fetch_add(n, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace zkrv {
namespace {

using test::PcsRun;
using test::Shape;

FriConfig config(unsigned log_blowup, unsigned log_arity, unsigned queries) {
  return test::small_fri_config(log_blowup, log_arity, queries);
}

std::string verify_message(const TwoAdicFriPcs& pcs, const PcsRun& run, const FriProof& proof) {
  try {
    test::verify_run(pcs, run, test::claims_of(run, run.opening.values), proof);
    return "";
  } catch (const ProofRejected& e) {
    return std::string("rejected: ") + e.what();
  }
}

// Honest proofs at the edges: one query, more queries than rows, tables of one row (log height 0),
// every matrix at the round's maximum height, a round whose tree is shorter than the other's, blowups
// 2 and 4, arities 2 and 8. Accepted, also after a serialization round trip (empty rows survive it),
// and verify leaves the proof as it was (restore works on a copy).
TEST(PcsSharedRows, HonestEdgeCasesAreAccepted) {
  const std::vector<std::vector<std::vector<Shape>>> shape_sets = {
      {{{6, 5, 2}, {2, 1, 1}, {0, 2, 1}}, {{3, 4, 1}}},  // short tables under a tall one
      {{{4, 3, 2}, {4, 1, 1}}, {{4, 2, 1}}},             // every matrix at the maximum height
      {{{0, 3, 1}}},                                     // one row only: every query shares it
      {{{0, 1, 1}, {0, 2, 0}}, {{1, 1, 2}}},
      {{{5, 2, 1}}, {{0, 1, 1}}, {{2, 2, 2}}},           // a batch of one short matrix
  };
  for (unsigned log_blowup : {1u, 2u})
    for (unsigned log_arity : {1u, 3u})
      for (unsigned queries : {1u, 2u, 84u, 300u}) {
        const FriConfig cfg = config(log_blowup, log_arity, queries);
        const TwoAdicFriPcs pcs(cfg);
        for (size_t s = 0; s < shape_sets.size(); ++s) {
          const PcsRun run = test::prove_random(pcs, shape_sets[s], 40 + s);
          const FriProof before = run.opening.proof;
          EXPECT_EQ(verify_message(pcs, run, run.opening.proof), "")
              << "blowup " << log_blowup << " arity " << log_arity << " queries " << queries << " set " << s;
          EXPECT_EQ(run.opening.proof, before);
          const FriProof back = deserialize_fri_proof(serialize_fri_proof(run.opening.proof, cfg), cfg);
          EXPECT_EQ(back, run.opening.proof);
          EXPECT_EQ(verify_message(pcs, run, back), "") << s;
        }
      }
}

// Many queries on short tables: rows really are shared (most are empty on the wire), and with any
// number of threads the verdict is the same for the honest proof and for a wrong owner row.
TEST(PcsSharedRows, ThreadCountDoesNotMatter) {
  const TwoAdicFriPcs pcs(config(1, 3, 84));
  const PcsRun run = test::prove_random(pcs, {{{6, 5, 2}, {2, 1, 1}, {0, 2, 1}}, {{3, 4, 1}}}, 5);
  size_t empty = 0;
  for (const auto& q : run.opening.proof.queries)
    for (const auto& o : q.input_openings)
      for (const auto& r : o.opened_rows) empty += r.empty();
  EXPECT_GT(empty, 84u);
  FriProof bad = run.opening.proof;
  ASSERT_EQ(bad.queries[0].input_openings[0].opened_rows[2].size(), 2u);  // query 0 owns every row it opens
  bad.queries[0].input_openings[0].opened_rows[2][1] += Fp::one();
  for (int threads : {1, 2, 8}) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, threads);
    EXPECT_EQ(verify_message(pcs, run, run.opening.proof), "") << threads;
    EXPECT_NE(verify_message(pcs, run, bad), "") << threads;
  }
}

// Forgeries that respect every shape and the owner rule: an owner sends another committed LDE row of
// the same matrix (the one at another index); two owners of a short table swap their rows; the owner
// is moved to a later query (the lowest sends nothing, a sharer sends the row). All refused.
TEST(PcsSharedRows, OwnerCannotSubstituteRows) {
  const TwoAdicFriPcs pcs(config(1, 3, 84));
  const PcsRun run = test::prove_random(pcs, {{{6, 5, 2}, {2, 1, 1}, {0, 2, 1}}, {{3, 4, 1}}}, 11);
  const FriProof& good = run.opening.proof;
  ASSERT_EQ(verify_message(pcs, run, good), "");
  size_t tried = 0;
  for (size_t q = 0; q < good.queries.size(); ++q)
    for (size_t b = 0; b < good.queries[q].input_openings.size(); ++b)
      for (size_t m = 0; m < good.queries[q].input_openings[b].opened_rows.size(); ++m) {
        const auto& row = good.queries[q].input_openings[b].opened_rows[m];
        if (row.empty()) continue;
        const RowMajorMatrix<Fp>& lde = run.data[b].lde(m);
        // Another committed row of the same matrix.
        for (size_t r = 0; r < lde.height(); ++r) {
          const auto other = lde.row(r);
          if (std::equal(other.begin(), other.end(), row.begin(), row.end())) continue;
          FriProof bad = good;
          bad.queries[q].input_openings[b].opened_rows[m].assign(other.begin(), other.end());
          EXPECT_NE(verify_message(pcs, run, bad), "") << q << " " << b << " " << m << " row " << r;
          ++tried;
          break;
        }
        // The owner's row moved to the next query that shares it.
        for (size_t q2 = q + 1; q2 < good.queries.size(); ++q2) {
          if (!good.queries[q2].input_openings[b].opened_rows[m].empty()) continue;
          FriProof bad = good;
          std::swap(bad.queries[q].input_openings[b].opened_rows[m], bad.queries[q2].input_openings[b].opened_rows[m]);
          EXPECT_NE(verify_message(pcs, run, bad), "") << q << " -> " << q2;
          break;
        }
      }
  EXPECT_GT(tried, 20u);
  // Two owners of the 8-row LDE of the 4-row table swap their rows. (The 2-row LDE of the one-row
  // table is constant, so swapping its rows changes nothing.)
  std::vector<size_t> owners;
  for (size_t q = 0; q < good.queries.size(); ++q)
    if (!good.queries[q].input_openings[0].opened_rows[1].empty()) owners.push_back(q);
  ASSERT_GE(owners.size(), 2u);
  ASSERT_LE(owners.size(), 8u);
  FriProof bad = good;
  auto& r0 = bad.queries[owners[0]].input_openings[0].opened_rows[1];
  auto& r1 = bad.queries[owners[1]].input_openings[0].opened_rows[1];
  ASSERT_NE(r0, r1);
  std::swap(r0, r1);
  EXPECT_NE(verify_message(pcs, run, bad), "");
}

// FINDING (denial of service): prepare_inputs -> restore_shared_rows copies an owner's row into every
// query that shares it BEFORE check_batch_shape compares its length with the width. A proof whose
// owner row of a short table is 2^18 elements long (1 MB, within BatchOpening::read's 2^20 limit) makes
// the verifier allocate and write ~80 MB with 84 queries before it rejects; a receipt proof of up to
// 2^28 bytes makes it ~21 GB. The verifier's allocations must stay within a small multiple of the
// bytes the prover added.
TEST(PcsSharedRows, OversizedOwnerRowIsNotAmplified) {
  const TwoAdicFriPcs pcs(config(1, 3, 84));
  const PcsRun run = test::prove_random(pcs, {{{6, 5, 2}, {2, 1, 1}, {0, 2, 1}}, {{3, 4, 1}}}, 13);
  const FriProof& good = run.opening.proof;
  ASSERT_EQ(verify_message(pcs, run, good), "");
  // Query 0 owns every row it opens; matrix 2 of batch 0 has 2 LDE rows, so ~82 queries share it.
  FriProof bad = good;
  const size_t kHostile = size_t{1} << 18;
  auto& row = bad.queries[0].input_openings[0].opened_rows[2];
  ASSERT_FALSE(row.empty());
  const size_t added_bytes = (kHostile - row.size()) * sizeof(Fp);
  row.resize(kHostile, Fp::one());
  size_t sharers = 0;
  for (const auto& q : bad.queries) sharers += q.input_openings[0].opened_rows[2].empty();
  ASSERT_GT(sharers, 40u);

  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 1);
  const size_t a0 = g_allocated.load();
  EXPECT_EQ(verify_message(pcs, run, good), "");
  const size_t honest = g_allocated.load() - a0;
  const size_t a1 = g_allocated.load();
  EXPECT_NE(verify_message(pcs, run, bad), "");
  const size_t hostile = g_allocated.load() - a1;
  EXPECT_LE(hostile, honest + 4 * added_bytes)
      << "the verifier allocated " << hostile << " bytes (honest proof: " << honest << ") for " << added_bytes
      << " hostile bytes: x" << (hostile - honest) / added_bytes;
}

}  // namespace
}  // namespace zkrv
