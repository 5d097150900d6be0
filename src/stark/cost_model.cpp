#include "stark/cost_model.h"

#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <type_traits>
#include <unordered_set>

#include "field/packed_extension.h"
#include "fri/fold.h"
#include "hash/poseidon2.h"
#include "matrix/row_major_matrix.h"
#include "ntt/ntt.h"
#include "stark/logup.h"

namespace zkrv {

PhaseWork& PhaseWork::operator+=(const PhaseWork& o) noexcept {
  butterflies += o.butterflies;
  perm24 += o.perm24;
  perm16 += o.perm16;
  ext_muls += o.ext_muls;
  base_muls += o.base_muls;
  base_adds += o.base_adds;
  return *this;
}

ProofWork& ProofWork::operator+=(const ProofWork& o) noexcept {
  main_commit += o.main_commit;
  logup += o.logup;
  quotient += o.quotient;
  openings += o.openings;
  fri += o.fri;
  return *this;
}

namespace {

constexpr double kRate24 = 16;  // elements absorbed per width-24 permutation (merkle/merkle_tree.h)

struct MatrixShape {
  unsigned log_n = 0;  // height before the LDE
  size_t width = 0;
};

// The LDE and Merkle tree of one committed batch (header: "commit", "Merkle tree"); a batch committed
// from coefficients skips the inverse NTT.
void add_commit(PhaseWork& w, std::span<const MatrixShape> batch, unsigned log_blowup, bool from_coefficients = false) {
  std::map<unsigned, size_t> width_at;  // LDE log height -> total width
  for (const MatrixShape& m : batch) {
    const double n = std::ldexp(1.0, static_cast<int>(m.log_n));
    const double lde = n * std::ldexp(1.0, static_cast<int>(log_blowup));
    const double inverse = from_coefficients ? 0 : n / 2 * m.log_n;
    w.butterflies += static_cast<double>(m.width) * (inverse + lde / 2 * (m.log_n + log_blowup));
    w.base_muls += lde * static_cast<double>(m.width);
    width_at[m.log_n + log_blowup] += m.width;
  }
  if (width_at.empty()) return;
  const unsigned log_max = width_at.rbegin()->first;
  for (const auto& [log_h, width] : width_at) {
    const double h = std::ldexp(1.0, static_cast<int>(log_h));
    w.perm24 += h * std::ceil(static_cast<double>(width) / kRate24);
    if (log_h < log_max) w.perm16 += h;  // injections
  }
  w.perm16 += std::ldexp(1.0, static_cast<int>(log_max)) - 1;
}

size_t tuple_length(const SymbolicInteraction& it) { return it.values.size(); }

// Distinct mul and add/sub/neg nodes reachable from `roots`.
ExpressionOps count_ops(std::span<const SymExpr* const> roots) {
  ExpressionOps ops;
  std::unordered_set<const void*> seen;
  std::vector<const SymExpr*> stack(roots.begin(), roots.end());
  while (!stack.empty()) {
    const SymExpr* e = stack.back();
    stack.pop_back();
    if (!seen.insert(e->node_id()).second) continue;
    switch (e->op()) {
      case SymExpr::Op::mul:
        ops.muls += 1;
        stack.push_back(&e->lhs());
        stack.push_back(&e->rhs());
        break;
      case SymExpr::Op::add:
      case SymExpr::Op::sub:
        ops.adds += 1;
        stack.push_back(&e->lhs());
        stack.push_back(&e->rhs());
        break;
      case SymExpr::Op::neg:
        ops.adds += 1;
        stack.push_back(&e->lhs());
        break;
      default: break;
    }
  }
  return ops;
}

}  // namespace

ExpressionOps constraint_ops(const Chip& chip) {
  std::vector<const SymExpr*> roots;
  for (const auto& c : chip.info().constraints) roots.push_back(&c.expr);
  return count_ops(roots);
}

ExpressionOps interaction_ops(const Chip& chip) {
  std::vector<const SymExpr*> roots;
  for (const auto& it : chip.info().interactions) {
    for (const auto& v : it.values) roots.push_back(&v);
    roots.push_back(&it.multiplicity);
  }
  return count_ops(roots);
}

ProofWork proof_work(const FriConfig& config, std::span<const Chip> chips, std::span<const unsigned> log_heights) {
  ProofWork w;
  const unsigned blowup = config.log_blowup;
  std::vector<MatrixShape> main, perm, quotient;
  std::vector<unsigned> lde_heights;
  // Matrices opened at two points (zeta, zeta g) and at one (zeta, the quotient chunks).
  std::vector<MatrixShape> opened_twice, opened_once;
  for (size_t c = 0; c < chips.size(); ++c) {
    const Chip& chip = chips[c];
    const unsigned log_n = log_heights[c];
    const double n = std::ldexp(1.0, static_cast<int>(log_n));
    main.push_back({log_n, chip.width()});
    opened_twice.push_back({log_n, chip.width()});
    if (chip.preprocessed_width() > 0) opened_twice.push_back({log_n, chip.preprocessed_width()});
    lde_heights.push_back(log_n + blowup);

    const unsigned q = chip.log_quotient_chunks();
    const double m = n * std::ldexp(1.0, static_cast<int>(q));
    const ExpressionOps cons = constraint_ops(chip);
    w.quotient.base_muls += m * cons.muls;
    w.quotient.base_adds += m * cons.adds;
    w.quotient.ext_muls += m * (static_cast<double>(chip.num_constraints()) / 4 + 0.25);
    if (chip.num_interactions() > 0) {
      const ExpressionOps its = interaction_ops(chip);
      double per_row_trace = 0, per_row_quotient = 0;
      for (const auto& it : chip.info().interactions) {
        const double len = static_cast<double>(tuple_length(it));
        per_row_trace += len / 4 + 3 + 0.25;
        per_row_quotient += len / 4 + 2;
      }
      // A group's first interaction needs no products (num = s m, den = d); each group folds h den - num
      // (one product; the last group's h is phi' - phi - ..., stark/logup.h).
      per_row_quotient -= 2 * static_cast<double>(chip.num_logup_groups());
      per_row_quotient += static_cast<double>(chip.num_logup_groups());
      w.logup.ext_muls += n * per_row_trace;
      w.logup.base_muls += n * its.muls;
      w.logup.base_adds += n * its.adds;
      w.quotient.ext_muls += m * per_row_quotient;
      w.quotient.base_muls += m * its.muls;
      w.quotient.base_adds += m * its.adds;
      perm.push_back({log_n, Ext::DEGREE * chip.num_permutation_columns()});
      opened_twice.push_back(perm.back());
    }
    // The quotient's coefficients (inverse NTT of 4 columns of height m), committed as coefficients.
    const size_t chunk_width = Ext::DEGREE << q;
    w.quotient.butterflies += Ext::DEGREE * (m / 2 * (log_n + q));
    quotient.push_back({log_n, chunk_width});
    opened_once.push_back(quotient.back());
  }
  add_commit(w.main_commit, main, blowup);
  add_commit(w.logup, perm, blowup);
  add_commit(w.quotient, quotient, blowup, /*from_coefficients=*/true);

  // Openings: the values at the points, then the DEEP quotients per height: each matrix's columns
  // combined once (nB w / 4), scaled once per (matrix, point) term (nB), and per point a batch inversion
  // of x - z (3 nB) and the product by it (nB).
  std::map<unsigned, size_t> points_at;  // LDE log height -> distinct points (zeta, zeta g)
  auto open = [&](const MatrixShape& s, double points) {
    const double n = std::ldexp(1.0, static_cast<int>(s.log_n));
    const double lde = n * std::ldexp(1.0, static_cast<int>(blowup));
    w.openings.ext_muls += points * n * static_cast<double>(s.width) / 4 + lde * static_cast<double>(s.width) / 4 +
                           points * lde;
    size_t& p = points_at[s.log_n + blowup];
    p = std::max(p, static_cast<size_t>(points));
  };
  for (const auto& s : opened_twice) open(s, 2);
  for (const auto& s : opened_once) open(s, 1);
  for (const auto& [log_h, points] : points_at)
    w.openings.ext_muls += 4 * std::ldexp(1.0, static_cast<int>(log_h)) * static_cast<double>(points);

  // FRI over the distinct heights.
  std::sort(lde_heights.begin(), lde_heights.end(), std::greater<>());
  lde_heights.erase(std::unique(lde_heights.begin(), lde_heights.end()), lde_heights.end());
  const FoldSchedule schedule = fri_fold_schedule(config, lde_heights);
  unsigned log_layer = schedule.log_max_height;
  for (unsigned k : schedule.log_arities) {
    const double layer = std::ldexp(1.0, static_cast<int>(log_layer));
    const double arity = std::ldexp(1.0, static_cast<int>(k));
    w.fri.ext_muls += layer;
    w.fri.perm24 += layer / arity * std::ceil(Ext::DEGREE * arity / kRate24);
    w.fri.perm16 += layer / arity - 1;
    log_layer -= k;
  }
  return w;
}

namespace {

using Clock = std::chrono::steady_clock;

// Runs `batch` (which returns the primitive operations it did) on every thread until `seconds` have
// passed; operations per second.
// Each task times its own window (a task that starts late still runs its full window), and the rates
// of the tasks add up: the throughput of all threads when they run together.
template <class Batch>
double rate_once(double seconds, Batch& batch) {
  const int threads = tbb::this_task_arena::max_concurrency();
  std::atomic<double> total_rate{0};
  tbb::parallel_for(0, threads, [&](int) {
    double ops = 0;
    const auto start = Clock::now();
    while (std::chrono::duration<double>(Clock::now() - start).count() < seconds) ops += batch();
    const double rate = ops / std::chrono::duration<double>(Clock::now() - start).count();
    double cur = total_rate.load();
    while (!total_rate.compare_exchange_weak(cur, cur + rate)) {
    }
  }, tbb::static_partitioner());
  return total_rate.load();
}

// The best of three windows: the machine is shared and a window can lose its core to a neighbour, and
// the model wants the primitive's speed, not the neighbour's.
constexpr int kWindows = 3;
template <class Batch>
double rate_on_all_threads(double seconds, Batch&& batch) {
  double best = 0;
  for (int i = 0; i < kWindows; ++i) best = std::max(best, rate_once(seconds / kWindows, batch));
  return best;
}

template <size_t W>
double permutation_rate(double seconds) {
  return rate_on_all_threads(seconds, [] {
    static thread_local typename Poseidon2<W>::PackedState s = [] {
      typename Poseidon2<W>::PackedState init;
      std::mt19937 rng(W);
      for (auto& x : init) x = PackedFp::from_fn([&](size_t) { return Fp(rng() % Fp::ORDER); });
      return init;
    }();
    constexpr int kReps = 64;
    for (int i = 0; i < kReps; ++i) Poseidon2<W>::permute(s);
    volatile uint32_t sink = s[0].to_array()[0].as_canonical();
    (void)sink;
    return static_cast<double>(kReps * PackedFp::WIDTH);
  });
}

// c = op(a, b) element-wise over vectors of T (PackedFp or PackedExt), a few times over, then the
// operations done (one per base or extension element).
template <class T, class Op>
double elementwise(Op op) {
  constexpr size_t kLen = 8192 / sizeof(T);
  constexpr int kReps = 32;
  static thread_local std::vector<T> a, b, c;
  if (a.empty()) {
    std::mt19937 rng(11);
    auto random_fp = [&] { return PackedFp::from_fn([&](size_t) { return Fp(rng() % Fp::ORDER); }); };
    for (size_t i = 0; i < kLen; ++i) {
      if constexpr (std::is_same_v<T, PackedFp>) {
        a.push_back(random_fp());
        b.push_back(random_fp());
      } else {
        a.push_back(T(std::array<PackedFp, 4>{random_fp(), random_fp(), random_fp(), random_fp()}));
        b.push_back(T(std::array<PackedFp, 4>{random_fp(), random_fp(), random_fp(), random_fp()}));
      }
    }
    c.resize(kLen);
  }
  for (int k = 0; k < kReps; ++k) {
    for (size_t i = 0; i < kLen; ++i) c[i] = op(a[i], b[i]);
    std::swap(a, c);  // the next pass depends on this one: nothing to hoist
  }
  return static_cast<double>(kReps * kLen * PackedFp::WIDTH);
}

}  // namespace

PrimitiveRates measure_primitive_rates(double seconds_each) {
  PrimitiveRates r;
  r.perm24 = permutation_rate<24>(seconds_each);
  r.perm16 = permutation_rate<16>(seconds_each);
  // Element-wise products and sums of vectors that stay in L1 (8 KiB each per thread), as the prover's
  // loops combine columns: loads, the operation and a store per element.
  r.base_muls = rate_on_all_threads(seconds_each, [] { return elementwise<PackedFp>([](auto a, auto b) { return a * b; }); });
  r.base_adds = rate_on_all_threads(seconds_each, [] { return elementwise<PackedFp>([](auto a, auto b) { return a + b; }); });
  r.ext_muls = rate_on_all_threads(seconds_each, [] { return elementwise<PackedExt>([](auto a, auto b) { return a * b; }); });
  {
    // A batch NTT of 2^12 rows x 64 columns (1 MiB, in cache), itself parallel over the threads.
    constexpr unsigned kLog = 12;
    constexpr size_t kCols = 64;
    std::mt19937 rng(7);
    RowMajorMatrix<Fp> m = RowMajorMatrix<Fp>::uninitialized(size_t{1} << kLog, kCols);
    for (Fp& x : m.values()) x = Fp(rng() % Fp::ORDER);
    for (int w = 0; w < kWindows; ++w) {
      double ops = 0;
      const auto start = Clock::now();
      while (std::chrono::duration<double>(Clock::now() - start).count() < seconds_each / kWindows) {
        ntt_in_place(m.view());
        ops += static_cast<double>(kCols) * static_cast<double>(size_t{1} << (kLog - 1)) * kLog;
      }
      r.butterflies = std::max(r.butterflies, ops / std::chrono::duration<double>(Clock::now() - start).count());
    }
  }
  return r;
}

double model_seconds(const PhaseWork& w, const PrimitiveRates& r) noexcept {
  auto part = [](double work, double rate) { return rate > 0 ? work / rate : 0.0; };
  return part(w.butterflies, r.butterflies) + part(w.perm24, r.perm24) + part(w.perm16, r.perm16) +
         part(w.ext_muls, r.ext_muls) + part(w.base_muls, r.base_muls) + part(w.base_adds, r.base_adds);
}

PhaseSeconds model_seconds(const ProofWork& w, const PrimitiveRates& r) noexcept {
  return {model_seconds(w.main_commit, r), model_seconds(w.logup, r), model_seconds(w.quotient, r),
          model_seconds(w.openings, r), model_seconds(w.fri, r)};
}

}  // namespace zkrv
