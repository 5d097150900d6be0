// The cyclic running sum of stark/logup.h, row by row on the trace domain: an honest permutation trace
// satisfies every LogUp constraint on every row, the wrap-around row included; a prover that claims a
// cumulative sum other than the trace's can satisfy all rows but one, never the last; phi(0) is free
// and harmless; a moved phi value breaks the rows on both sides.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <random>
#include <vector>

#include "air/testing/chain_air.h"
#include "air/testing/example_systems.h"
#include "stark/chip.h"
#include "stark/logup.h"

namespace zkrv {
namespace {

using air_testing::ByteSystem;

Ext random_ext(std::mt19937_64& rng) {
  return Ext(std::array<Fp, 4>{Fp(static_cast<uint32_t>(rng() % Fp::ORDER)), Fp(static_cast<uint32_t>(rng() % Fp::ORDER)),
                               Fp(static_cast<uint32_t>(rng() % Fp::ORDER)), Fp(static_cast<uint32_t>(rng() % Fp::ORDER))});
}

// One chip with its traces, the challenges, and per row the folded LogUp constraints given the
// permutation trace's extension columns (helpers, then phi) and a claimed cumulative sum.
struct RunningSumCase {
  Chip chip;
  MatrixView<const Fp> main, prep;
  std::vector<Fp> public_values;
  LogupChallenges ch;
  Ext alpha;

  size_t height() const { return main.height(); }
  PermutationTrace honest_trace() const { return generate_permutation_trace(chip, main, prep, public_values, ch); }

  std::vector<EvaluatedInteraction<Fp>> interactions(size_t r) const {
    const size_t n = height();
    FolderInputs<Fp, Ext> in;
    in.main_current = main.row(r);
    in.main_next = main.row((r + 1) % n);
    if (prep.height() > 0) {
      in.preprocessed_current = prep.row(r);
      in.preprocessed_next = prep.row((r + 1) % n);
    }
    in.public_values = public_values;
    in.is_first_row = Fp(r == 0 ? 1u : 0u);
    in.is_last_row = Fp(r == n - 1 ? 1u : 0u);
    in.is_transition = Fp(r == n - 1 ? 0u : 1u);
    RowFolder folder(in, true, false);
    chip.eval(folder);
    const auto its = folder.interactions();
    return {its.begin(), its.end()};
  }

  // columns[r] = the extension columns of row r; the constraint of row r reads phi on row r + 1 mod n.
  Ext folded(const std::vector<std::vector<Ext>>& columns, size_t r, const Ext& cumulative_sum) const {
    const size_t n = height();
    const auto its = interactions(r);
    const LogupConstants<Ext> k(chip, ch, cumulative_sum, static_cast<unsigned>(std::countr_zero(n)));
    return fold_logup<Fp, Ext>(Ext::zero(), alpha, chip, std::span<const EvaluatedInteraction<Fp>>(its), columns[r],
                               columns[(r + 1) % n].back(), k);
  }
};

std::vector<std::vector<Ext>> columns_of(const PermutationTrace& pt, size_t groups) {
  std::vector<std::vector<Ext>> out(pt.trace.height(), std::vector<Ext>(groups));
  for (size_t r = 0; r < pt.trace.height(); ++r) {
    std::vector<Ext> opened(Ext::DEGREE * groups);
    for (size_t j = 0; j < opened.size(); ++j) opened[j] = Ext(pt.trace(r, j));
    for (size_t g = 0; g < groups; ++g) out[r][g] = ext_from_base_openings(opened, g);
  }
  return out;
}

const std::vector<uint16_t> kValues = {0x1234, 0xffff, 0x0001, 0x8000, 0x00ff, 0x7f7f, 0x0100};

// The byte system's two chips (one LogUp group each, a preprocessed table) and the chain sender (four
// degree-1 sends in two groups: one helper column and phi).
struct Systems {
  ByteSystem bytes = ByteSystem::honest(kValues, 8);
  air_testing::ChainAir sender{"chain_sender", 20, air_testing::ChainAir::Role::sender};
  RowMajorMatrix<Fp> sender_main = sender.generate_trace(32, 0);
};

std::vector<RunningSumCase> cases(const Systems& sys, std::mt19937_64& rng) {
  LogupChallenges ch{random_ext(rng), {random_ext(rng), random_ext(rng), random_ext(rng), random_ext(rng)}};
  for (size_t j = 0; j < 16; ++j) ch.betas.push_back(random_ext(rng));  // the chain's tuples are long
  const Ext alpha = random_ext(rng);
  return {{Chip(sys.bytes.decomp), sys.bytes.decomp_main.view(), {}, {}, ch, alpha},
          {Chip(sys.bytes.table), sys.bytes.table_main.view(), sys.bytes.table_prep.view(), {}, ch, alpha},
          {Chip(sys.sender), sys.sender_main.view(), {}, {Fp(0u)}, ch, alpha}};
}

TEST(LogupRunningSum, HonestTraceSatisfiesEveryRowIncludingTheWrap) {
  std::mt19937_64 rng(11);
  const Systems sys;
  for (const RunningSumCase& c : cases(sys, rng)) {
    const PermutationTrace pt = c.honest_trace();
    const size_t groups = c.chip.num_logup_groups();
    ASSERT_EQ(c.chip.num_permutation_columns(), groups);
    ASSERT_EQ(pt.trace.width(), Ext::DEGREE * groups);
    const auto cols = columns_of(pt, groups);
    EXPECT_EQ(cols[0].back(), Ext::zero()) << "phi(0) = 0";
    for (size_t r = 0; r < c.height(); ++r)
      EXPECT_EQ(c.folded(cols, r, pt.cumulative_sum), Ext::zero()) << c.chip.name() << " row " << r;
    // The cumulative sum is not zero on either side of this bus, so a wrong claim is a real change.
    EXPECT_NE(pt.cumulative_sum, Ext::zero()) << c.chip.name();
  }
}

// A prover claiming S' = S + delta builds phi(r + 1) = phi(r) + H(r) - S'/n: every row up to n - 2
// holds, and phi(n - 1) + H(n - 1) - S'/n = phi(0) - delta, so the wrap-around row fails. No choice
// of phi does better: the rows' differences add up to zero around the cycle.
TEST(LogupRunningSum, ShiftedCumulativeSumFailsOnTheWrapRow) {
  std::mt19937_64 rng(12);
  const Systems sys;
  for (const RunningSumCase& c : cases(sys, rng)) {
    const PermutationTrace pt = c.honest_trace();
    const size_t n = c.height();
    const auto cols = columns_of(pt, c.chip.num_logup_groups());
    for (const Ext delta : {Ext(Fp::one()), random_ext(rng)}) {
      const Ext claimed = pt.cumulative_sum + delta;
      const Ext old_shift = logup_row_shift(pt.cumulative_sum, static_cast<unsigned>(std::countr_zero(n)));
      const Ext new_shift = logup_row_shift(claimed, static_cast<unsigned>(std::countr_zero(n)));
      auto forged = cols;
      for (size_t r = 1; r < n; ++r)  // phi(r) = sum_{r' < r} (H(r') - S'/n)
        forged[r].back() = cols[r].back() - (new_shift - old_shift) * Fp(static_cast<uint32_t>(r));
      for (size_t r = 0; r + 1 < n; ++r)
        EXPECT_EQ(c.folded(forged, r, claimed), Ext::zero()) << c.chip.name() << " row " << r;
      EXPECT_NE(c.folded(forged, n - 1, claimed), Ext::zero()) << c.chip.name();
      // The claim alone, with the honest phi, fails on every row.
      for (size_t r = 0; r < n; ++r) EXPECT_NE(c.folded(cols, r, claimed), Ext::zero()) << c.chip.name() << " row " << r;
    }
  }
}

TEST(LogupRunningSum, PhiOffsetIsHarmlessAndAMovedValueBreaksBothNeighbours) {
  std::mt19937_64 rng(13);
  const Systems sys;
  for (const RunningSumCase& c : cases(sys, rng)) {
    const PermutationTrace pt = c.honest_trace();
    const size_t n = c.height(), groups = c.chip.num_logup_groups();
    const auto cols = columns_of(pt, groups);
    // phi + constant on every row: the same differences, the same claim.
    auto offset = cols;
    const Ext k = random_ext(rng);
    for (auto& row : offset) row.back() += k;
    for (size_t r = 0; r < n; ++r) EXPECT_EQ(c.folded(offset, r, pt.cumulative_sum), Ext::zero());
    // phi changed on one row r: rows r - 1 and r fail, every other row holds.
    for (size_t r = 0; r < n; ++r) {
      auto moved = cols;
      moved[r].back() += Ext(Fp::one());
      for (size_t s = 0; s < n; ++s) {
        const bool touched = s == r || (s + 1) % n == r;
        EXPECT_EQ(c.folded(moved, s, pt.cumulative_sum) == Ext::zero(), !touched)
            << c.chip.name() << " phi moved on row " << r << ", row " << s;
      }
    }
    // A helper column changed on one row (chips with more than one group): that row fails.
    if (groups > 1) {
      auto helper = cols;
      helper[3][0] += Ext(Fp::one());
      for (size_t s = 0; s < n; ++s)
        EXPECT_EQ(c.folded(helper, s, pt.cumulative_sum) == Ext::zero(), s != 3) << c.chip.name() << " row " << s;
    }
  }
}

TEST(LogupRunningSum, EveryChipWithInteractionsHasOneColumnPerGroup) {
  const Systems sys;
  std::mt19937_64 rng(14);
  size_t with_helpers = 0;
  for (const RunningSumCase& c : cases(sys, rng)) {
    EXPECT_EQ(c.chip.num_permutation_columns(), c.chip.num_logup_groups()) << c.chip.name();
    EXPECT_EQ(num_logup_constraints(c.chip), c.chip.num_logup_groups()) << c.chip.name();
    with_helpers += c.chip.num_logup_groups() > 1 ? 1 : 0;
  }
  EXPECT_EQ(with_helpers, 1u);  // the chain sender: the helper-column case above runs
}

}  // namespace
}  // namespace zkrv
