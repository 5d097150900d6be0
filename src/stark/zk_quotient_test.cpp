// randomize_quotient_chunks (stark/zk_quotient.h) end to end on synthetic data: a random quotient Q of
// degree < M + overflow is given the way the prover has it (A = Q mod (X^M - s^M) as chunk coefficients,
// Q's values on the small coset sigma * H_T), and the committed chunks base_k + (X^n - 1) h_k must
// recombine to Q exactly, with the degrees FRI tests, and with chunk randomizers that change every
// chunk but not the sum.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>
#include <stdexcept>
#include <vector>

#include "field/babybear.h"
#include "field/extension.h"
#include "field/prover_randomness.h"
#include "matrix/row_major_matrix.h"
#include "ntt/coset_lde.h"
#include "stark/zk_quotient.h"

namespace zkrv {
namespace {

constexpr size_t D = Ext::DEGREE;
using Poly = std::vector<Ext>;  // coefficients, index i = coefficient of X^i

Fp sigma() { return kLdeShift * kLdeShift; }

Ext eval(const Poly& p, Fp x) {  // Horner
  Ext acc = Ext::zero();
  for (size_t i = p.size(); i-- > 0;) acc = acc * x + p[i];
  return acc;
}

// Index of the highest nonzero coefficient + 1 (0 for the zero polynomial).
size_t degree_bound(const Poly& p) {
  size_t len = p.size();
  while (len > 0 && p[len - 1] == Ext::zero()) --len;
  return len;
}

// p padded with zeros to `len` coefficients (len >= p.size()).
Poly padded(Poly p, size_t len) {
  p.resize(std::max(len, p.size()), Ext::zero());
  return p;
}

struct Shape {
  unsigned log_n, log_chunks, log_t;
  size_t overflow, chunk_randomizers;
  size_t n() const { return size_t{1} << log_n; }
  size_t chunks() const { return size_t{1} << log_chunks; }
  size_t m() const { return n() * chunks(); }
  size_t t_small() const { return size_t{1} << log_t; }
};

// The prover's inputs for a random Q of degree < M + overflow (top coefficient nonzero).
struct Instance {
  Shape shape;
  Poly q;                       // M + overflow coefficients
  RowMajorMatrix<Fp> a;         // A = Q mod (X^M - s^M), chunk layout
  std::vector<Ext> small;       // Q(sigma w_T^j)

  explicit Instance(const Shape& sh, uint64_t seed) : shape(sh) {
    std::mt19937_64 rng(seed);
    const size_t n = sh.n(), m = sh.m(), chunks = sh.chunks();
    q.resize(m + sh.overflow);
    for (auto& c : q) c = Ext::random(rng);
    while (sh.overflow > 0 && q.back() == Ext::zero()) q.back() = Ext::random(rng);
    const Fp s_m = kLdeShift.exp_power_of_2(sh.log_n + sh.log_chunks);
    Poly reduced(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(m));
    for (size_t i = 0; i < sh.overflow; ++i) reduced[i] += s_m * q[m + i];
    a = RowMajorMatrix<Fp>(n, D * chunks);
    for (size_t k = 0; k < chunks; ++k)
      for (size_t i = 0; i < n; ++i)
        for (size_t d = 0; d < D; ++d) a(i, D * k + d) = reduced[k * n + i].coeff(d);
    const Fp w = Fp::two_adic_generator(sh.log_t);
    Fp x = sigma();
    for (size_t j = 0; j < sh.t_small(); ++j, x *= w) small.push_back(eval(q, x));
  }

  RandomizedQuotientChunks run(uint64_t rng_seed, std::span<const Ext> small_values) const {
    ProverRandomness rng = ProverRandomness::seeded_for_tests(rng_seed);
    RowMajorMatrix<Fp> a_copy = a;
    return randomize_quotient_chunks(std::move(a_copy), shape.log_n, shape.log_chunks, small_values, shape.log_t,
                                     sigma(), shape.overflow, shape.chunk_randomizers, rng);
  }
  RandomizedQuotientChunks run(uint64_t rng_seed) const { return run(rng_seed, small); }
};

// The committed chunk polynomials q'_k = base_k + (X^n - 1) h_k, n + rows(h) coefficients each.
std::vector<Poly> committed_chunks(const RandomizedQuotientChunks& r, size_t n, size_t chunks) {
  const size_t rows = r.randomizer.height();
  std::vector<Poly> out(chunks, Poly(n + rows, Ext::zero()));
  for (size_t k = 0; k < chunks; ++k) {
    for (size_t i = 0; i < n; ++i)
      for (size_t d = 0; d < D; ++d) out[k][i].coeff(d) = r.base(i, D * k + d);
    for (size_t j = 0; j < rows; ++j) {
      Ext h;
      for (size_t d = 0; d < D; ++d) h.coeff(d) = r.randomizer(j, D * k + d);
      out[k][j] -= h;
      out[k][n + j] += h;
    }
  }
  return out;
}

// sum_k X^(k n) q'_k.
Poly recombine(const std::vector<Poly>& chunks, size_t n) {
  Poly sum;
  for (size_t k = 0; k < chunks.size(); ++k) {
    if (sum.size() < k * n + chunks[k].size()) sum.resize(k * n + chunks[k].size(), Ext::zero());
    for (size_t i = 0; i < chunks[k].size(); ++i) sum[k * n + i] += chunks[k][i];
  }
  return sum;
}

// Checks (a)-(c) for one run; returns the committed chunks for further checks.
std::vector<Poly> check_run(const Instance& inst, const RandomizedQuotientChunks& r) {
  const Shape& sh = inst.shape;
  const size_t n = sh.n(), chunks = sh.chunks(), t = sh.chunk_randomizers;
  EXPECT_EQ(r.base.height(), n);
  EXPECT_EQ(r.base.width(), D * chunks);
  EXPECT_EQ(r.randomizer.height(), std::max(t, sh.overflow));  // (c)
  EXPECT_EQ(r.randomizer.width(), D * chunks);
  std::vector<Poly> q = committed_chunks(r, n, chunks);
  // (a) recombination gives Q, coefficient by coefficient.
  const Poly sum = recombine(q, n);
  const size_t len = std::max(sum.size(), inst.q.size());
  const Poly lhs = padded(sum, len), rhs = padded(inst.q, len);
  for (size_t i = 0; i < len; ++i) EXPECT_EQ(lhs[i], rhs[i]) << "coefficient " << i;
  // (b) degrees: n + t for the randomized chunks, n + overflow for the last one (exact: the random
  // s_k and Q's top coefficient are nonzero).
  for (size_t k = 0; k + 1 < chunks; ++k) EXPECT_EQ(degree_bound(q[k]), t > 0 ? n + t : n) << "chunk " << k;
  EXPECT_EQ(degree_bound(q[chunks - 1]), n + sh.overflow) << "last chunk";
  return q;
}

// K = 1, 2, 4; overflow = d t with d = 3 (and 5 for K = 4); one shape with t > overflow for (c).
const Shape kShapes[] = {
    {5, 0, 4, 9, 3},   // K = 1, n = 32, T = 16, d = 3, t = 3
    {5, 1, 4, 9, 3},   // K = 2
    {6, 2, 4, 9, 3},   // K = 4, n = 64, d = 3
    {6, 2, 4, 15, 3},  // K = 4, d = 5
    {5, 1, 3, 4, 7},   // K = 2, chunk randomizers above the overflow: height max(t, overflow) = t
    {5, 2, 5, 32, 3},  // K = 4, T = n = overflow (the limits)
};

TEST(ZkQuotient, RecoversQuotientAndDegrees) {
  uint64_t seed = 100;
  for (const Shape& sh : kShapes) {
    SCOPED_TRACE(::testing::Message() << "log_n " << sh.log_n << " log_chunks " << sh.log_chunks << " log_t "
                                      << sh.log_t << " overflow " << sh.overflow << " t " << sh.chunk_randomizers);
    const Instance inst(sh, ++seed);
    const std::vector<Poly> q = check_run(inst, inst.run(7));
    const size_t n = sh.n(), m = sh.m();
    if (sh.chunks() >= 2) {
      // Chunk 0's low half is Q's (no s_(-1)), the last chunk's high half is B = Q's top coefficients.
      for (size_t i = 0; i < n; ++i) EXPECT_EQ(q[0][i], inst.q[i]) << "chunk 0, coefficient " << i;
      for (size_t i = 0; i < sh.overflow; ++i) EXPECT_EQ(q.back()[n + i], inst.q[m + i]) << "B coefficient " << i;
    }
  }
}

TEST(ZkQuotient, SingleChunkIsQuotientRegardlessOfSeed) {
  for (const Shape& sh : {kShapes[0], Shape{6, 0, 5, 20, 4}}) {
    const Instance inst(sh, 5);
    for (uint64_t rng_seed : {1u, 2u, 99u}) {
      SCOPED_TRACE(::testing::Message() << "log_n " << sh.log_n << " seed " << rng_seed);
      const std::vector<Poly> q = check_run(inst, inst.run(rng_seed));
      ASSERT_EQ(q.size(), 1u);
      const size_t len = std::max(q[0].size(), inst.q.size());
      EXPECT_EQ(padded(q[0], len), padded(inst.q, len));
    }
  }
}

TEST(ZkQuotient, ChunkRandomizersChangeEveryChunkButNotTheSum) {
  for (const Shape& sh : {kShapes[1], kShapes[2], kShapes[3], kShapes[4]}) {
    SCOPED_TRACE(::testing::Message() << "log_chunks " << sh.log_chunks << " overflow " << sh.overflow);
    const Instance inst(sh, 42);
    const RandomizedQuotientChunks r1 = inst.run(1), r2 = inst.run(2);
    const std::vector<Poly> q1 = check_run(inst, r1), q2 = check_run(inst, r2);
    const size_t n = sh.n(), t = sh.chunk_randomizers;
    ASSERT_EQ(q1.size(), sh.chunks());
    ASSERT_EQ(q2.size(), sh.chunks());
    for (size_t k = 0; k < q1.size(); ++k) EXPECT_NE(q1[k], q2[k]) << "chunk " << k;
    // Chunk 0: the low part is fixed, the high part is s_0 (different for the two seeds in every
    // coefficient, with overwhelming probability).
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(q1[0][i], q2[0][i]) << "coefficient " << i;
    for (size_t j = 0; j < t; ++j) {
      EXPECT_NE(q1[0][n + j], q2[0][n + j]) << "s_0 coefficient " << j;
      Ext s1, s2;
      for (size_t d = 0; d < D; ++d) {
        s1.coeff(d) = r1.randomizer(j, d);
        s2.coeff(d) = r2.randomizer(j, d);
      }
      EXPECT_EQ(q1[0][n + j], s1);
      EXPECT_EQ(q2[0][n + j], s2);
    }
    EXPECT_EQ(recombine(q1, n), recombine(q2, n));
  }
}

TEST(ZkQuotient, PerturbedSmallCosetBreaksRecovery) {
  const Shape sh = kShapes[2];  // K = 4, n = 64, T = 16, overflow 9
  const Instance inst(sh, 3);
  const size_t m = sh.m();
  for (size_t j : {size_t{0}, size_t{5}}) {
    SCOPED_TRACE(::testing::Message() << "perturbed point " << j);
    std::vector<Ext> small = inst.small;
    small[j] += Ext::one();
    const Poly sum = recombine(committed_chunks(inst.run(7, small), sh.n(), sh.chunks()), sh.n());
    const size_t len = std::max(sum.size(), inst.q.size());
    const Poly lhs = padded(sum, len), rhs = padded(inst.q, len);
    EXPECT_NE(lhs, rhs);
    // Only B changed, and Q + (X^M - s^M) dB differs exactly where dB's coefficients land: the
    // interpolant of a one-point delta has no zero coefficient.
    for (size_t i = 0; i < len; ++i) {
      const bool in_b = i < sh.overflow || (i >= m && i < m + sh.overflow);
      if (in_b)
        EXPECT_NE(lhs[i], rhs[i]) << "coefficient " << i;
      else
        EXPECT_EQ(lhs[i], rhs[i]) << "coefficient " << i;
    }
  }
}

TEST(ZkQuotient, RejectsMismatchedShapes) {
  const Shape sh = kShapes[1];  // K = 2, n = 32, T = 16, overflow 9, t 3
  const Instance inst(sh, 11);
  ProverRandomness rng = ProverRandomness::seeded_for_tests(1);
  auto call = [&](RowMajorMatrix<Fp> a, std::span<const Ext> small, unsigned log_t, size_t overflow, Fp s,
                  size_t t = 3) {
    return randomize_quotient_chunks(std::move(a), sh.log_n, sh.log_chunks, small, log_t, s, overflow, t, rng);
  };
  // The well-formed call goes through (so the throws below are about the one thing changed).
  EXPECT_NO_THROW(call(inst.a, inst.small, sh.log_t, sh.overflow, sigma()));
  // a's width is not Ext::DEGREE * K, or its height is not n.
  EXPECT_THROW(call(RowMajorMatrix<Fp>(sh.n(), D * 3), inst.small, sh.log_t, sh.overflow, sigma()),
               std::invalid_argument);
  EXPECT_THROW(call(RowMajorMatrix<Fp>(sh.n(), D), inst.small, sh.log_t, sh.overflow, sigma()),
               std::invalid_argument);
  EXPECT_THROW(call(RowMajorMatrix<Fp>(sh.n() / 2, D * 2), inst.small, sh.log_t, sh.overflow, sigma()),
               std::invalid_argument);
  // small_values.size() != T.
  std::vector<Ext> shorter(inst.small.begin(), inst.small.end() - 1);
  std::vector<Ext> longer = inst.small;
  longer.push_back(Ext::one());
  EXPECT_THROW(call(inst.a, shorter, sh.log_t, sh.overflow, sigma()), std::invalid_argument);
  EXPECT_THROW(call(inst.a, longer, sh.log_t, sh.overflow, sigma()), std::invalid_argument);
  // overflow > T (T = 16).
  EXPECT_THROW(call(inst.a, inst.small, sh.log_t, 17, sigma()), std::invalid_argument);
  // T > n: 64 small values for n = 32.
  std::vector<Ext> too_many(64, Ext::one());
  EXPECT_THROW(call(inst.a, too_many, 6, sh.overflow, sigma()), std::invalid_argument);
  // chunk randomizers > n.
  EXPECT_THROW(call(inst.a, inst.small, sh.log_t, sh.overflow, sigma(), sh.n() + 1), std::invalid_argument);
  // sigma in H (sigma^n = 1) or sigma^M = s^M (the quotient coset itself).
  EXPECT_THROW(call(inst.a, inst.small, sh.log_t, sh.overflow, Fp::one()), std::invalid_argument);
  EXPECT_THROW(call(inst.a, inst.small, sh.log_t, sh.overflow, kLdeShift), std::invalid_argument);
}

}  // namespace
}  // namespace zkrv
