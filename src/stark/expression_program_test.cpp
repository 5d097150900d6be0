#include "stark/expression_program.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "air/testing/example_systems.h"
#include "stark/chip.h"
#include "stark/logup.h"

namespace zkrv {
namespace {

// Inputs for ExpressionProgram::run and for the symbolic evaluator: one row of values.
struct RowInputs {
  std::vector<Fp> main, prep, publics;
  Fp first = Fp::one(), last = Fp::zero(), transition = Fp::one();
};
struct RowView {
  const RowInputs& in;
  Fp main(size_t c) const { return in.main.at(c); }
  Fp preprocessed(size_t c) const { return in.prep.at(c); }
  Fp public_value(size_t i) const { return in.publics.at(i); }
  Fp first_row() const { return in.first; }
  Fp last_row() const { return in.last; }
  Fp transition() const { return in.transition; }
};

Fp evaluate_symbolic(const SymExpr& e, const RowInputs& in) {
  return evaluate<Fp>(e, [&](const SymExpr& leaf) -> Fp {
    switch (leaf.op()) {
      case SymExpr::Op::constant: return leaf.constant();
      case SymExpr::Op::selector:
        return leaf.selector_kind() == Selector::first_row  ? in.first
               : leaf.selector_kind() == Selector::last_row ? in.last
                                                            : in.transition;
      default: {
        const SymVar v = leaf.variable();
        return v.entry == Entry::main ? in.main.at(v.index) : v.entry == Entry::preprocessed ? in.prep.at(v.index)
                                                                                             : in.publics.at(v.index);
      }
    }
  });
}

TEST(ExpressionProgram, AgreesWithTheSymbolicEvaluatorAndSharesNodes) {
  const SymExpr a = SymVar{Entry::main, 0, 0}, b = SymVar{Entry::main, 0, 1}, p = SymVar{Entry::preprocessed, 0, 0};
  const SymExpr pub = SymVar{Entry::public_value, 0, 0};
  const SymExpr shared = a * b;  // used three times, one instruction
  const SymExpr e1 = shared + shared * Fp(7u) - p;
  const SymExpr e2 = -(shared - pub) * SymExpr::selector(Selector::transition) + SymExpr::selector(Selector::first_row);
  const SymExpr* outs[] = {&e1, &e2, &shared};
  const ExpressionProgram program(outs);
  size_t muls = 0;
  for (const auto& ins : program.instructions()) muls += ins.op == ExpressionProgram::Op::mul;
  EXPECT_EQ(muls, 3u);  // a b, shared 7, (.) transition
  std::mt19937 rng(5);
  for (int trial = 0; trial < 20; ++trial) {
    RowInputs in;
    in.main = {Fp(rng() % Fp::ORDER), Fp(rng() % Fp::ORDER)};
    in.prep = {Fp(rng() % Fp::ORDER)};
    in.publics = {Fp(rng() % Fp::ORDER)};
    in.first = Fp(trial % 2 ? 1u : 0u);
    in.transition = Fp(trial % 3 ? 1u : 0u);
    std::vector<Fp> regs(program.num_registers());
    program.run<Fp>(RowView{in}, std::span<Fp>(regs));
    for (size_t k = 0; k < 3; ++k) EXPECT_EQ(regs[program.output(k)], evaluate_symbolic(*outs[k], in)) << k;
  }
}

TEST(ExpressionProgram, RefusesNextRowReads) {
  const SymExpr next = SymVar{Entry::main, 1, 0};
  const SymExpr* outs[] = {&next};
  EXPECT_THROW(ExpressionProgram{outs}, std::invalid_argument);
}

// The packed permutation trace against its definition, row by row with the chip's own eval:
// h_g = sum over the group of s m / d and phi the cyclic running sum, for the byte decomposition and table
// chips (tuples of length 2 and 3, preprocessed columns, multiplicities from columns and constants).
TEST(ExpressionProgram, PermutationTraceMatchesItsDefinition) {
  const std::vector<uint16_t> values = {0x1234, 0xffff, 0x0001, 0x8000, 0x00ff, 0x7f7f, 0x0100};
  auto sys = air_testing::ByteSystem::honest(values, 8);
  std::mt19937 rng(9);
  auto rand_ext = [&] { return Ext(std::array<Fp, 4>{Fp(rng() % Fp::ORDER), Fp(rng() % Fp::ORDER),
                                                      Fp(rng() % Fp::ORDER), Fp(rng() % Fp::ORDER)}); };
  LogupChallenges ch{rand_ext(), {rand_ext(), rand_ext(), rand_ext(), rand_ext()}};
  struct Case {
    Chip chip;
    MatrixView<const Fp> main, prep;
  };
  const std::vector<Case> cases = {{Chip(sys.decomp), sys.decomp_main.view(), {}},
                                   {Chip(sys.table), sys.table_main.view(), sys.table_prep.view()}};
  for (const Case& c : cases) {
    const PermutationTrace pt = generate_permutation_trace(c.chip, c.main, c.prep, {}, ch);
    const size_t n = c.main.height(), groups = c.chip.num_logup_groups();
    ASSERT_EQ(pt.trace.width(), Ext::DEGREE * groups);
    std::vector<Ext> row_sums(n);
    Ext total = Ext::zero();
    for (size_t r = 0; r < n; ++r) {
      FolderInputs<Fp, Ext> in;
      in.main_current = c.main.row(r);
      in.main_next = c.main.row((r + 1) % n);
      if (c.prep.height() > 0) {
        in.preprocessed_current = c.prep.row(r);
        in.preprocessed_next = c.prep.row((r + 1) % n);
      }
      in.is_first_row = Fp(r == 0 ? 1u : 0u);
      in.is_last_row = Fp(r == n - 1 ? 1u : 0u);
      in.is_transition = Fp(r == n - 1 ? 0u : 1u);
      RowFolder folder(in, true, false);
      c.chip.eval(folder);
      const auto its = folder.interactions();
      std::vector<Ext> opened(Ext::DEGREE * groups);
      for (size_t j = 0; j < opened.size(); ++j) opened[j] = Ext(pt.trace(r, j));
      for (size_t g = 0; g < groups; ++g) {
        Ext h = Ext::zero();
        for (size_t i = c.chip.group_begin(g); i < c.chip.group_begin(g + 1); ++i) {
          Ext d = ch.gamma + Fp(its[i].bus.id);
          for (size_t j = 0; j < its[i].values.size(); ++j) d += ch.betas[j] * its[i].values[j];
          const Fp m = its[i].kind == InteractionKind::send ? its[i].multiplicity : -its[i].multiplicity;
          h += d.inverse() * m;
        }
        if (g + 1 < groups) {
          EXPECT_EQ(ext_from_base_openings(opened, g), h) << c.chip.name() << " row " << r << " group " << g;
        }
        row_sums[r] += h;
      }
      total += row_sums[r];
    }
    // phi(0) = 0, phi(r + 1) = phi(r) + H(r) - S/n, and phi wraps around to 0 after the last row.
    const Ext shift = total * Fp(static_cast<uint32_t>(n)).inverse();
    Ext phi = Ext::zero();
    for (size_t r = 0; r < n; ++r) {
      std::vector<Ext> opened(Ext::DEGREE * groups);
      for (size_t j = 0; j < opened.size(); ++j) opened[j] = Ext(pt.trace(r, j));
      EXPECT_EQ(ext_from_base_openings(opened, groups - 1), phi) << c.chip.name() << " row " << r;
      phi += row_sums[r] - shift;
    }
    EXPECT_EQ(phi, Ext::zero());
    const Ext& phi_total = total;
    EXPECT_EQ(pt.cumulative_sum, phi_total);
  }
}

}  // namespace
}  // namespace zkrv
