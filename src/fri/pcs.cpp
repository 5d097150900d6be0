#include "fri/pcs.h"

#include <tbb/parallel_for.h>

#include <chrono>

#include <algorithm>
#include <deque>
#include <functional>
#include <stdexcept>
#include <string>

#include "base/bits.h"
#include "fri/fold.h"
#include "fri/fri_prover.h"
#include "fri/fri_verifier.h"
#include "fri/reduced_opening.h"
#include "merkle/merkle_verify.h"
#include "merkle/shared_paths.h"
#include "ntt/barycentric.h"
#include "ntt/coset_lde.h"
#include "ntt/small_coset.h"

namespace zkrv {
namespace {

constexpr std::string_view kOpenLabel = "zkrv/pcs/open/v1";

[[noreturn]] void reject(const std::string& why) { throw ProofRejected("PCS opening rejected: " + why); }

// Distinct heights, tallest first.
std::vector<unsigned> distinct_desc(std::vector<unsigned> hs) {
  std::sort(hs.begin(), hs.end(), std::greater<>());
  hs.erase(std::unique(hs.begin(), hs.end()), hs.end());
  return hs;
}

}  // namespace

unsigned PcsProverData::log2_lde(size_t k) const { return log2_exact(tree.matrix(k).height()); }

std::vector<MatrixDims> salt_matrix_dims(std::span<const unsigned> lde_log_heights, unsigned salt_width) {
  if (salt_width == 0 || lde_log_heights.empty()) return {};
  return {{salt_width, *std::max_element(lde_log_heights.begin(), lde_log_heights.end())}};
}

namespace {

// Uniform salt. From the OS, blocks of rows in parallel, each task with its own getrandom buffer; from a
// test seed, serially, so the stream (and the proof) is reproducible.
void fill_salt(RowMajorMatrix<Fp>& salt, ProverRandomness& randomness) {
  const std::span<Fp> all(salt.data(), salt.height() * salt.width());
  if (randomness.is_seeded()) {
    randomness.fill(all);
    return;
  }
  constexpr size_t kBlock = size_t{1} << 16;
  tbb::parallel_for(size_t{0}, (all.size() + kBlock - 1) / kBlock, [&](size_t b) {
    ProverRandomness local = ProverRandomness::from_os();
    local.fill(all.subspan(b * kBlock, std::min(kBlock, all.size() - b * kBlock)));
  });
}

}  // namespace

TwoAdicFriPcs::TwoAdicFriPcs(FriConfig config, ProverRandomness* randomness)
    : config_(std::move(config)), randomness_(randomness) {
  config_.validate();
}

std::pair<Digest, PcsProverData> TwoAdicFriPcs::commit_impl(std::span<const MatrixView<const Fp>> evaluations,
                                                             std::vector<RowMajorMatrix<Fp>>* owned,
                                                             bool coefficients, bool salted,
                                                             std::vector<RowMajorMatrix<Fp>> randomizers,
                                                             std::span<const SmallCosetRequest> small_cosets) const {
  if (evaluations.empty()) throw std::invalid_argument("TwoAdicFriPcs::commit: nothing to commit");
  if (!small_cosets.empty() && (small_cosets.size() != evaluations.size() || coefficients))
    throw std::invalid_argument("TwoAdicFriPcs::commit: one small-coset request per evaluated matrix");
  if (!randomizers.empty() && randomizers.size() != evaluations.size())
    throw std::invalid_argument("TwoAdicFriPcs::commit: one randomizer per matrix");
  for (size_t k = 0; k < evaluations.size(); ++k) {
    const auto& e = evaluations[k];
    if (!is_power_of_two(e.height()) || log2_exact(e.height()) + config_.log_blowup > Fp::TWO_ADICITY)
      throw std::invalid_argument("TwoAdicFriPcs::commit: height must be a power of two with n * blowup <= 2^27");
    if (e.width() == 0 || e.width() > kMaxWidth) throw std::invalid_argument("TwoAdicFriPcs::commit: bad width");
    // The most FRI can test at this height (fold.h; the smallest input at the configuration's minimum).
    const size_t max_t = std::min<size_t>(
        e.height(), log2_exact(e.height()) < config_.log_min_height
                        ? 0
                        : tested_degree_excess(config_, log2_exact(e.height()), config_.log_min_height));
    if (!randomizers.empty() && randomizers[k].height() > 0 &&
        (randomizers[k].height() > max_t || randomizers[k].width() != e.width()))
      throw std::invalid_argument(
          "TwoAdicFriPcs::commit: a randomizer must be t x w with t <= n and within the degree FRI tests");
  }
  // Largest first when the inputs are ours to free: at most the LDEs plus the smallest input are then
  // alive at once, instead of the LDEs plus every input.
  std::vector<size_t> order(evaluations.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  if (owned != nullptr)
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return evaluations[a].height() * evaluations[a].width() > evaluations[b].height() * evaluations[b].width();
    });
  std::vector<RowMajorMatrix<Fp>> ldes(evaluations.size());
  std::vector<std::vector<RowMajorMatrix<Fp>>> small_values(small_cosets.empty() ? 0 : evaluations.size());
  for (size_t k : order) {
    const MatrixView<const Fp> r = randomizers.empty() ? MatrixView<const Fp>{} : randomizers[k].view();
    std::function<void(MatrixView<const Fp>)> on_coefficients;
    if (!small_cosets.empty() && !small_cosets[k].shifts.empty())
      on_coefficients = [&, k, r](MatrixView<const Fp> scaled) {
        small_values[k] = small_cosets_from_coefficients(scaled, Fp(static_cast<uint32_t>(scaled.height())), r,
                                                         small_cosets[k].log_t, small_cosets[k].shifts);
      };
    if (r.height() > 0 || on_coefficients)
      ldes[k] = coefficients ? coset_evaluate_randomized(evaluations[k], r, config_.log_blowup)
                             : coset_lde_batch_randomized(evaluations[k], r, config_.log_blowup, kLdeShift,
                                                          RowOrder::bit_reversed, on_coefficients);
    else
      ldes[k] = coefficients ? coset_evaluate(evaluations[k], config_.log_blowup)
                             : coset_lde_batch(evaluations[k], config_.log_blowup);
    if (owned != nullptr) (*owned)[k] = RowMajorMatrix<Fp>();
  }
  // Hiding: a salt matrix at the tallest height after the polynomials (salt_matrix_dims), so every leaf
  // hash absorbs salt_width fresh random elements.
  std::vector<unsigned> lde_heights;
  for (const auto& l : ldes) lde_heights.push_back(log2_exact(l.height()));
  const std::vector<MatrixDims> salts = salt_matrix_dims(lde_heights, salted ? config_.salt_width : 0);
  if (!salts.empty() && randomness_ == nullptr)
    throw std::invalid_argument("TwoAdicFriPcs::commit: a hiding configuration needs the prover's randomness");
  for (const MatrixDims& d : salts) {
    RowMajorMatrix<Fp> salt(size_t{1} << d.log_height, d.width);
    fill_salt(salt, *randomness_);
    ldes.push_back(std::move(salt));
  }
  PcsProverData data{MerkleTree(std::move(ldes)), config_.log_blowup, salts.size(), std::move(randomizers),
                     std::move(small_values)};
  const Digest root = data.tree.root();
  return {root, std::move(data)};
}

std::pair<Digest, PcsProverData> TwoAdicFriPcs::commit(std::span<const MatrixView<const Fp>> evaluations) const {
  return commit_impl(evaluations, nullptr);
}

std::pair<Digest, PcsProverData> TwoAdicFriPcs::commit_public(
    std::span<const MatrixView<const Fp>> evaluations) const {
  return commit_impl(evaluations, nullptr, false, false);
}

std::pair<Digest, PcsProverData> TwoAdicFriPcs::commit(const std::vector<RowMajorMatrix<Fp>>& evaluations) const {
  std::vector<MatrixView<const Fp>> views;
  for (const auto& m : evaluations) views.push_back(m.view());
  return commit_impl(views, nullptr);
}

std::pair<Digest, PcsProverData> TwoAdicFriPcs::commit(std::vector<RowMajorMatrix<Fp>>&& evaluations) const {
  std::vector<RowMajorMatrix<Fp>> owned = std::move(evaluations);
  std::vector<MatrixView<const Fp>> views;
  for (const auto& m : owned) views.push_back(m.view());
  return commit_impl(views, &owned);
}

std::pair<Digest, PcsProverData> TwoAdicFriPcs::commit_coefficients(
    std::vector<RowMajorMatrix<Fp>>&& coefficients) const {
  std::vector<RowMajorMatrix<Fp>> owned = std::move(coefficients);
  std::vector<MatrixView<const Fp>> views;
  for (const auto& m : owned) views.push_back(m.view());
  return commit_impl(views, &owned, true);
}

std::pair<Digest, PcsProverData> TwoAdicFriPcs::commit_randomized(
    std::span<const MatrixView<const Fp>> evaluations, std::vector<RowMajorMatrix<Fp>> randomizers) const {
  return commit_impl(evaluations, nullptr, false, true, std::move(randomizers));
}

std::pair<Digest, PcsProverData> TwoAdicFriPcs::commit_randomized(
    std::vector<RowMajorMatrix<Fp>>&& evaluations, std::vector<RowMajorMatrix<Fp>> randomizers) const {
  std::vector<RowMajorMatrix<Fp>> owned = std::move(evaluations);
  std::vector<MatrixView<const Fp>> views;
  for (const auto& m : owned) views.push_back(m.view());
  return commit_impl(views, &owned, false, true, std::move(randomizers));
}

std::pair<Digest, PcsProverData> TwoAdicFriPcs::commit_randomized(
    std::span<const MatrixView<const Fp>> evaluations, std::vector<RowMajorMatrix<Fp>> randomizers,
    std::span<const SmallCosetRequest> small_cosets) const {
  return commit_impl(evaluations, nullptr, false, true, std::move(randomizers), small_cosets);
}

std::pair<Digest, PcsProverData> TwoAdicFriPcs::commit_randomized(
    std::vector<RowMajorMatrix<Fp>>&& evaluations, std::vector<RowMajorMatrix<Fp>> randomizers,
    std::span<const SmallCosetRequest> small_cosets) const {
  std::vector<RowMajorMatrix<Fp>> owned = std::move(evaluations);
  std::vector<MatrixView<const Fp>> views;
  for (const auto& m : owned) views.push_back(m.view());
  return commit_impl(views, &owned, false, true, std::move(randomizers), small_cosets);
}

std::pair<Digest, PcsProverData> TwoAdicFriPcs::commit_coefficients_randomized(
    std::vector<RowMajorMatrix<Fp>>&& coefficients, std::vector<RowMajorMatrix<Fp>> randomizers) const {
  std::vector<RowMajorMatrix<Fp>> owned = std::move(coefficients);
  std::vector<MatrixView<const Fp>> views;
  for (const auto& m : owned) views.push_back(m.view());
  return commit_impl(views, &owned, true, true, std::move(randomizers));
}

namespace {

// f'(z) from the barycentric value v of the LDE's first n rows: on the coset s H_n, f' = f + (s^n - 1) r,
// whose interpolant (degree < n, as t <= n) is f + (s^n - 1) r; so f'(z) = v + (z^n - s^n) r(z).
void add_randomizer_at_point(const RowMajorMatrix<Fp>& r, size_t n, const Ext& z, std::vector<Ext>& values) {
  if (r.height() == 0) return;
  std::vector<Ext> z_powers(r.height());
  Ext zp = Ext::one();
  for (auto& p : z_powers) {
    p = zp;
    zp *= z;
  }
  const Ext factor = z.pow(n) - Ext(kLdeShift.pow(n));
  for (size_t col = 0; col < values.size(); ++col) {
    Ext r_at_z = Ext::zero();
    for (size_t j = 0; j < r.height(); ++j) r_at_z += z_powers[j] * r(j, col);
    values[col] += factor * r_at_z;
  }
}

}  // namespace

PcsOpening TwoAdicFriPcs::open(std::span<const PcsOpenRequest> rounds, Challenger& challenger,
                                PcsOpenTimings* timings) const {
  using Clock = std::chrono::steady_clock;
  auto lap = [last = Clock::now()](double* into) mutable {
    const auto now = Clock::now();
    if (into) *into = std::chrono::duration<double>(now - last).count();
    last = now;
  };
  if (rounds.empty()) throw std::invalid_argument("TwoAdicFriPcs::open: no rounds");
  size_t max_width = 1;
  unsigned log_max = 0;
  std::vector<unsigned> heights;
  for (const auto& r : rounds) {
    if (r.data == nullptr || r.points.size() != r.data->num_matrices())
      throw std::invalid_argument("TwoAdicFriPcs::open: one list of points per committed matrix");
    if (r.data->log_blowup != config_.log_blowup)
      throw std::invalid_argument("TwoAdicFriPcs::open: batch committed with another blowup");
    for (size_t m = 0; m < r.data->num_matrices(); ++m) {
      max_width = std::max(max_width, r.data->lde(m).width());
      heights.push_back(r.data->log2_lde(m));
      log_max = std::max(log_max, heights.back());
    }
  }
  heights = distinct_desc(std::move(heights));

  // 1. The claimed values f(z), from the first n rows of each LDE (the coset shift*H_n, bit-reversed).
  challenger.observe_label(kOpenLabel);
  challenger.observe_label(config_.name);
  struct Weights {
    unsigned log_n;
    Ext z;
    std::vector<Ext> w;
  };
  std::deque<Weights> cache;  // a deque: references stay valid as it grows
  auto weights = [&](unsigned log_n, const Ext& z) -> const std::vector<Ext>& {
    for (const auto& c : cache)
      if (c.log_n == log_n && c.z == z) return c.w;
    cache.push_back({log_n, z, barycentric_weights(size_t{1} << log_n, kLdeShift, z, RowOrder::bit_reversed)});
    return cache.back().w;
  };
  PcsOpening out;
  out.values.resize(rounds.size());
  for (size_t b = 0; b < rounds.size(); ++b) {
    const PcsProverData& d = *rounds[b].data;
    out.values[b].resize(d.num_matrices());
    for (size_t m = 0; m < d.num_matrices(); ++m) {
      const size_t n = size_t{1} << d.log_height(m);
      std::vector<const std::vector<Ext>*> ws;
      for (const Ext& z : rounds[b].points[m]) ws.push_back(&weights(d.log_height(m), z));
      if (ws.empty()) continue;
      out.values[b][m] = evaluate_with_weights(d.lde(m).rows(0, n), ws);  // all points in one pass
      if (!d.randomizers.empty())
        for (size_t p = 0; p < ws.size(); ++p)
          add_randomizer_at_point(d.randomizers[m], n, rounds[b].points[m][p], out.values[b][m][p]);
      for (const auto& values : out.values[b][m])
        for (const Ext& v : values) challenger.observe_ext(v);
    }
  }
  cache.clear();
  lap(timings ? &timings->evaluate_seconds : nullptr);

  // 2. alpha and the reduced openings, one per height.
  const Ext alpha = challenger.sample_ext();
  const AlphaPowers ap(alpha, max_width);
  std::vector<std::vector<Ext>> reduced;
  for (unsigned h : heights) {
    std::vector<const RowMajorMatrix<Fp>*> mats;
    std::vector<DeepTerm> terms;
    Ext scale = Ext::one();
    for (size_t b = 0; b < rounds.size(); ++b) {
      const PcsProverData& d = *rounds[b].data;
      for (size_t m = 0; m < d.num_matrices(); ++m) {
        if (d.log2_lde(m) != h) continue;
        mats.push_back(&d.lde(m));
        const Ext step = alpha.pow(d.lde(m).width());
        for (size_t p = 0; p < rounds[b].points[m].size(); ++p) {
          terms.push_back({mats.size() - 1, rounds[b].points[m][p], ap.combine(std::span<const Ext>(out.values[b][m][p])), scale});
          scale *= step;
        }
      }
    }
    reduced.push_back(reduce_height(mats, terms, ap, bit_reversed_coset_points(h, kLdeShift)));
  }

  lap(timings ? &timings->reduce_seconds : nullptr);

  // 3. FRI on the reduced openings; a query opens every batch at its index.
  // Every batch opened at every query, then shared across the queries (merkle/shared_paths.h): each
  // sibling digest and each row of a matrix is sent once, by the lowest query that opens it.
  auto open_inputs = [&](std::span<const size_t> indices) {
    const size_t nq = indices.size();
    std::vector<std::vector<BatchOpening>> openings(nq, std::vector<BatchOpening>(rounds.size()));
    tbb::parallel_for(size_t{0}, nq * rounds.size(), [&](size_t i) {
      const size_t q = i / rounds.size(), b = i % rounds.size();
      const MerkleTree& tree = rounds[b].data->tree;
      openings[q][b] = tree.open_batch(indices[q] >> (log_max - tree.log_max_height()));
    });
    for (size_t b = 0; b < rounds.size(); ++b) {
      const MerkleTree& tree = rounds[b].data->tree;
      std::vector<size_t> leaf(nq);
      std::vector<BatchOpening*> ptrs(nq);
      for (size_t q = 0; q < nq; ++q) {
        leaf[q] = indices[q] >> (log_max - tree.log_max_height());
        ptrs[q] = &openings[q][b];
      }
      share_openings(leaf, tree.dims(), ptrs);
    }
    return openings;
  };
  out.proof = fri_prove(config_, std::move(reduced), challenger, open_inputs);
  lap(timings ? &timings->fri_seconds : nullptr);
  return out;
}

void TwoAdicFriPcs::verify(std::span<const PcsVerifyRound> rounds, const FriProof& proof, Challenger& challenger) const {
  // Shapes come from the caller; the claimed values from the proof: check both before using them.
  if (rounds.empty() || rounds.size() > kMaxRounds) reject("bad number of committed batches");
  size_t max_width = 1;
  unsigned log_max = 0;
  std::vector<unsigned> heights;
  std::vector<std::vector<MatrixDims>> dims(rounds.size());
  std::vector<unsigned> log_max_round(rounds.size(), 0);
  for (size_t b = 0; b < rounds.size(); ++b) {
    const auto& ms = rounds[b].matrices;
    if (ms.empty() || ms.size() > kMaxMatrices) reject("bad number of matrices in batch " + std::to_string(b));
    for (size_t m = 0; m < ms.size(); ++m) {
      const auto& c = ms[m];
      const std::string where = "batch " + std::to_string(b) + " matrix " + std::to_string(m);
      if (c.width == 0 || c.width > kMaxWidth) reject(where + ": bad width");
      if (c.log_height > Fp::TWO_ADICITY - config_.log_blowup) reject(where + ": height too large");
      if (c.values.size() != c.points.size()) reject(where + ": one list of values per point expected");
      for (const auto& v : c.values)
        if (v.size() != c.width) reject(where + ": one value per column expected");
      const unsigned h = c.log_height + config_.log_blowup;
      dims[b].push_back({c.width, h});
      log_max_round[b] = std::max(log_max_round[b], h);
      heights.push_back(h);
      max_width = std::max(max_width, c.width);
    }
    log_max = std::max(log_max, log_max_round[b]);
    std::vector<unsigned> round_heights;
    for (const MatrixDims& d : dims[b]) round_heights.push_back(d.log_height);
    for (const MatrixDims& d : salt_matrix_dims(round_heights, rounds[b].salted ? config_.salt_width : 0))
      dims[b].push_back(d);
  }
  heights = distinct_desc(std::move(heights));

  challenger.observe_label(kOpenLabel);
  challenger.observe_label(config_.name);
  for (const auto& r : rounds)
    for (const auto& c : r.matrices)
      for (const auto& v : c.values)
        for (const Ext& x : v) challenger.observe_ext(x);
  const Ext alpha = challenger.sample_ext();
  const AlphaPowers ap(alpha, max_width);

  // Per height: its matrices and the query-independent part of every (matrix, point) term.
  struct Term {
    size_t slot;  // index into HeightInfo::matrices
    Ext z, combined_value, scale;
  };
  struct HeightInfo {
    unsigned log_h;
    Fp generator;
    std::vector<std::pair<size_t, size_t>> matrices;  // (batch, matrix)
    std::vector<Term> terms;
  };
  std::vector<HeightInfo> info;
  for (unsigned h : heights) {
    HeightInfo hi{h, Fp::two_adic_generator(h), {}, {}};
    Ext scale = Ext::one();
    for (size_t b = 0; b < rounds.size(); ++b)
      for (size_t m = 0; m < rounds[b].matrices.size(); ++m) {
        const auto& c = rounds[b].matrices[m];
        if (dims[b][m].log_height != h) continue;
        hi.matrices.push_back({b, m});
        const Ext step = alpha.pow(c.width);
        for (size_t p = 0; p < c.points.size(); ++p) {
          hi.terms.push_back({hi.matrices.size() - 1, c.points[p], ap.combine(std::span<const Ext>(c.values[p])), scale});
          scale *= step;
        }
      }
    info.push_back(std::move(hi));
  }

  // The input openings with the rows queries share copied back in (merkle/shared_paths.h), as soon as
  // the query indices are known: inputs[q][b].
  std::vector<std::vector<BatchOpening>> inputs;
  auto prepare_inputs = [&](std::span<const size_t> indices) {
    if (proof.queries.size() != indices.size()) reject("wrong number of queries");
    for (size_t q = 0; q < indices.size(); ++q)
      if (proof.queries[q].input_openings.size() != rounds.size()) reject("wrong number of input openings in a query");
    inputs.resize(indices.size());
    tbb::parallel_for(size_t{0}, indices.size(), [&](size_t q) { inputs[q] = proof.queries[q].input_openings; });
    tbb::parallel_for(size_t{0}, rounds.size(), [&](size_t b) {
      std::vector<size_t> leaf(indices.size());
      std::vector<BatchOpening*> ptrs(indices.size());
      for (size_t q = 0; q < indices.size(); ++q) {
        leaf[q] = indices[q] >> (log_max - log_max_round[b]);
        ptrs[q] = &inputs[q][b];
      }
      try {
        restore_shared_rows(leaf, dims[b], ptrs);
      } catch (const ProofRejected& e) {
        reject("batch " + std::to_string(b) + ": " + e.what());
      }
    });
  };
  auto reduced_openings = [&](size_t qi, size_t index) {
    const std::vector<BatchOpening>& q = inputs.at(qi);
    // Shapes now (the rows are read below); the Merkle paths after fri_verify, batched per round.
    for (size_t b = 0; b < rounds.size(); ++b) {
      try {
        check_batch_shape(dims[b], index >> (log_max - log_max_round[b]), q[b]);
      } catch (const ProofRejected& e) {
        reject("batch " + std::to_string(b) + ": " + e.what());
      }
    }
    std::vector<Ext> ro;
    ro.reserve(info.size());
    std::vector<Ext> comb;
    for (const auto& hi : info) {
      const size_t idx = index >> (log_max - hi.log_h);
      const Fp x = kLdeShift * hi.generator.pow(reverse_bits(static_cast<uint32_t>(idx), hi.log_h));
      comb.clear();
      for (const auto& [b, m] : hi.matrices) comb.push_back(ap.combine(std::span<const Fp>(q[b].opened_rows[m])));
      Ext acc = Ext::zero();
      for (const Term& t : hi.terms) acc += t.scale * ((comb[t.slot] - t.combined_value) * (Ext(x) - t.z).inverse());
      ro.push_back(acc);
    }
    return ro;
  };
  const std::vector<size_t> indices = fri_verify(config_, heights, proof, challenger, prepare_inputs, reduced_openings);
  // One tree per task: each check_batches walks its shared paths level by level, serially.
  tbb::parallel_for(size_t{0}, rounds.size(), [&](size_t b) {
    std::vector<size_t> leaf(indices.size());
    std::vector<const BatchOpening*> openings(indices.size());
    for (size_t q = 0; q < indices.size(); ++q) {
      leaf[q] = indices[q] >> (log_max - log_max_round[b]);
      openings[q] = &inputs[q][b];
    }
    try {
      check_batches(rounds[b].root, dims[b], leaf, openings);
    } catch (const ProofRejected& e) {
      reject("batch " + std::to_string(b) + ": " + e.what());
    }
  });
}

}  // namespace zkrv
