// Audit of the cyclic LogUp running sum (stark/logup.h, commit e3b3ae5), end to end and on the real
// polynomials rather than row by row:
//   - degree: the folded LogUp constraints (the last group reading phi at x g) evaluated on random
//     column polynomials of degree < n have degree <= max_constraint_degree() (n - 1), and the bound
//     is reached, so the chip's degree (hence its quotient chunk count) is neither under- nor needlessly
//     over-estimated; independent of Chip::group_interactions' own arithmetic;
//   - a malicious prover (the real prover's steps, with a hook on the permutation traces and claimed
//     sums) that moves delta from one chip's cumulative sum to another's (the bus still balances) and
//     rebuilds phi with the forged step, so every row but the wrap-around one holds, is rejected by the
//     constraint check at zeta, for chips of different heights, at the minimum height 2, and for chips
//     whose only permutation column is phi (one group; one with a single quotient chunk); the same
//     prover unmodified, or with phi shifted by a per-chip constant, is accepted (phi(0) is free);
//   - the helper columns' values at zeta g, opened but unused by the constraints, are still bound by
//     the PCS; a permutation opening of the old width (G + 1 columns) is a shape error, not a crash.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <utility>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "air/testing/chain_air.h"
#include "air/testing/example_systems.h"
#include "air/folder.h"
#include "fri/pcs.h"
#include "ntt/coset_lde.h"
#include "stark/domain.h"
#include "stark/logup.h"
#include "stark/protocol.h"
#include "stark/quotient.h"
#include "stark/stark_test_util.h"
#include "transcript/challenger.h"

namespace zkrv {
namespace {

using air_testing::ChainAir;
using stark_test::test_config;

Fp random_fp(std::mt19937_64& rng) { return Fp(static_cast<uint32_t>(rng() % Fp::ORDER)); }
Ext random_ext(std::mt19937_64& rng) {
  return Ext(std::array<Fp, 4>{random_fp(rng), random_fp(rng), random_fp(rng), random_fp(rng)});
}

// ---- degree ---------------------------------------------------------------------------------------

inline constexpr Bus kBusA{40, "audit_a"}, kBusB{41, "audit_b"}, kBusC{42, "audit_c"};

// Interactions of mixed degrees: a pair of degree-1 tuples (one group), a degree-2 tuple, a multiplicity
// of degree 2 (a selector times a column), and last a degree-3 tuple alone in the last group, which
// lives in phi: its constraint (phi' - phi - ... + S/n) d has degree 4, the chip's degree.
struct MixedDegreeAir : AirDefaults {
  std::string_view name() const noexcept { return "mixed_degree"; }
  size_t width() const noexcept { return 6; }
  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr x0 = m.current(0), x1 = m.current(1), x2 = m.current(2), x3 = m.current(3), x4 = m.current(4),
               x5 = m.current(5);
    b.assert_zero(x0 * x1 - x2, "x2 = x0 x1");
    b.send(kBusA, {x0, x1}, Expr(Fp::one()));
    b.send(kBusA, {x2, x3}, x4);
    b.receive(kBusB, {x0 * x1, x5}, x3);
    b.send(kBusC, {x4}, b.is_first_row() * x5);
    b.receive(kBusC, {x0 * x1 * x2}, x0);
  }
};

// p(x) for coefficients c (ascending).
template <class C>
Ext eval_poly(const std::vector<C>& c, const Ext& x) {
  Ext acc = Ext::zero();
  for (size_t i = c.size(); i-- > 0;) acc = acc * x + Ext(c[i]);
  return acc;
}

// Degree of the polynomial of degree < N whose values on shift * <w_N> are f (naive inverse DFT: the
// coefficient of x^k is (1/N) shift^-k sum_j f_j w^-jk; only its being zero matters here).
size_t degree_of(const std::vector<Ext>& f) {
  const size_t N = f.size();
  const Fp w_inv = Fp::two_adic_generator(static_cast<unsigned>(std::countr_zero(N))).inverse();
  size_t deg = 0;
  for (size_t k = 0; k < N; ++k) {
    Ext s = Ext::zero();
    const Fp step = w_inv.pow(k);
    Fp p = Fp::one();
    for (size_t j = 0; j < N; ++j) {
      s += f[j] * p;
      p *= step;
    }
    if (!s.is_zero()) deg = k;
  }
  return deg;
}

struct Degrees {
  size_t logup, total;
};

// The LogUp fold alone and the whole constraint (chip + LogUp), on random column polynomials of degree
// < n (main and preprocessed over Fp, permutation columns over Ext) and a random claimed sum.
Degrees folded_degrees(const Chip& chip, unsigned log_n, std::mt19937_64& rng) {
  const size_t n = size_t{1} << log_n, N = 16 * n;
  auto base_polys = [&](size_t cols) {
    std::vector<std::vector<Fp>> p(cols, std::vector<Fp>(n));
    for (auto& col : p)
      for (Fp& c : col) c = random_fp(rng);
    return p;
  };
  const auto main = base_polys(chip.width()), prep = base_polys(chip.preprocessed_width());
  std::vector<std::vector<Ext>> perm(chip.num_permutation_columns(), std::vector<Ext>(n));
  for (auto& col : perm)
    for (Ext& c : col) c = random_ext(rng);
  std::vector<Fp> public_values(chip.num_public_values());
  for (Fp& v : public_values) v = random_fp(rng);
  LogupChallenges ch{random_ext(rng), {}};
  for (size_t j = 0; j < 8; ++j) ch.betas.push_back(random_ext(rng));
  const Ext alpha = random_ext(rng), claimed = random_ext(rng);
  const LogupConstants<Ext> k(chip, ch, claimed, log_n);
  const Fp g = Fp::two_adic_generator(log_n), w = Fp::two_adic_generator(static_cast<unsigned>(std::countr_zero(N)));

  std::vector<Ext> logup_values(N), total_values(N);
  Fp x_base = Fp::generator();  // the coset generator * <w_N>: disjoint from H, the selectors are defined
  for (size_t j = 0; j < N; ++j, x_base *= w) {
    const Ext x(x_base), xg(x_base * g);
    std::vector<Ext> mc, mn, pc, pn, local;
    for (const auto& p : main) mc.push_back(eval_poly(p, x)), mn.push_back(eval_poly(p, xg));
    for (const auto& p : prep) pc.push_back(eval_poly(p, x)), pn.push_back(eval_poly(p, xg));
    for (const auto& p : perm) local.push_back(eval_poly(p, x));
    const Ext phi_next = eval_poly(perm.back(), xg);
    const PointSelectors sel = selectors_at_point(log_n, x);
    FolderInputs<Ext, Ext> in;
    in.main_current = mc;
    in.main_next = mn;
    in.preprocessed_current = pc;
    in.preprocessed_next = pn;
    in.public_values = public_values;
    in.is_first_row = sel.is_first_row;
    in.is_last_row = sel.is_last_row;
    in.is_transition = sel.is_transition;
    in.alpha = alpha;
    VerifierFolder folder(in, /*record_interactions=*/true);
    chip.eval(folder);
    const std::span<const Ext> local_span(local);
    logup_values[j] = fold_logup<Ext, Ext>(Ext::zero(), alpha, chip, folder.interactions(), local_span, phi_next, k);
    total_values[j] = fold_logup<Ext, Ext>(folder.accumulator(), alpha, chip, folder.interactions(), local_span,
                                           phi_next, k);
  }
  return {degree_of(logup_values), degree_of(total_values)};
}

TEST(LogupRunningSumAudit, FoldedConstraintDegreeIsWithinTheChipsDegree) {
  std::mt19937_64 rng(101);
  const std::vector<uint16_t> values = {0x1234, 0x00ff};
  const air_testing::ByteSystem bytes = air_testing::ByteSystem::honest(values, 8);
  const std::vector<Chip> chips = {Chip(MixedDegreeAir{}), Chip(ChainAir("chain_sender", 20, ChainAir::Role::sender)),
                                   Chip(bytes.decomp), Chip(bytes.table)};
  // The mixed chip's degree comes from its last LogUp group (the one in phi): the check below is tight.
  EXPECT_EQ(chips[0].num_logup_groups(), 4u);
  EXPECT_EQ(chips[0].max_constraint_degree(), 4u);
  EXPECT_EQ(chips[0].group_begin(3), 4u);  // the degree-3 tuple alone, in the last group
  for (const Chip& chip : chips) {
    for (unsigned log_n : {1u, 3u}) {
      const size_t n = size_t{1} << log_n, d = chip.max_constraint_degree();
      const Degrees deg = folded_degrees(chip, log_n, rng);
      EXPECT_LE(deg.logup, d * (n - 1)) << chip.name() << " n = " << n;
      EXPECT_LE(deg.total, d * (n - 1)) << chip.name() << " n = " << n;
      // What 2^q quotient chunks of degree < n hold: C = Z_H Q with deg Q < 2^q n.
      EXPECT_LT(deg.total, n + (n << chip.log_quotient_chunks())) << chip.name() << " n = " << n;
      if (chip.name() == "mixed_degree") {
        EXPECT_EQ(deg.logup, d * (n - 1)) << "the last group reaches the chip's degree, n = " << n;
      }
    }
  }
}

// ---- a malicious prover ---------------------------------------------------------------------------

// The prover's steps (stark/prover.cpp) for chips without preprocessed columns, with every coset LDE
// computed here; `tamper` may change each chip's permutation trace and claimed cumulative sum after
// they are generated and before they are committed and observed.
using Tamper = std::function<void(size_t chip, RowMajorMatrix<Fp>& perm, Ext& cumulative_sum)>;

StarkProof prove_with_tamper(const FriConfig& config, std::span<const Chip> chips, const ProvingKey& pk,
                             const std::vector<RowMajorMatrix<Fp>>& traces,
                             const std::vector<std::vector<Fp>>& public_values, const Tamper& tamper) {
  const TwoAdicFriPcs pcs(config);
  const size_t num_chips = chips.size();
  StarkProof proof;
  proof.config_name = config.name;
  std::vector<unsigned> log_heights;
  std::vector<MatrixView<const Fp>> views;
  for (const auto& t : traces) {
    log_heights.push_back(static_cast<unsigned>(std::countr_zero(t.height())));
    proof.log_heights.push_back(static_cast<uint8_t>(log_heights.back()));
    views.push_back(t.view());
  }
  for (const Chip& c : chips)
    if (c.preprocessed_width() > 0) throw std::invalid_argument("prove_with_tamper: no preprocessed chips");
  Challenger ch;
  observe_statement(ch, config.name, chips, log_heights, public_values, pk.vk, {});
  auto [main_root, main_data] = pcs.commit(views);
  proof.main_root = main_root;
  ch.observe_label("zkrv/stark/main");
  ch.observe(main_root);
  ch.observe_label("zkrv/stark/logup");
  proof.logup_pow_witness = ch.grind(config.logup_pow_bits);
  const LogupChallenges logup = sample_logup_challenges(ch, chips, {});
  std::vector<RowMajorMatrix<Fp>> perm;
  std::vector<size_t> perm_index(num_chips, 0);
  std::vector<Ext> sums(num_chips);
  for (size_t c = 0; c < num_chips; ++c) {
    if (chips[c].num_interactions() == 0) continue;
    PermutationTrace pt = generate_permutation_trace(chips[c], views[c], {}, public_values[c], logup);
    tamper(c, pt.trace, pt.cumulative_sum);
    perm_index[c] = perm.size();
    sums[c] = pt.cumulative_sum;
    perm.push_back(std::move(pt.trace));
  }
  std::optional<PcsProverData> perm_data;
  if (!perm.empty()) {
    auto [perm_root, data] = pcs.commit(perm);
    perm_data = std::move(data);
    proof.permutation_root = perm_root;
    ch.observe_label("zkrv/stark/permutation");
    ch.observe(perm_root);
    for (size_t c = 0; c < num_chips; ++c)
      if (chips[c].num_interactions() > 0) ch.observe_ext(sums[c]);
  }
  const Ext alpha = ch.sample_ext();
  std::vector<RowMajorMatrix<Fp>> quotients;
  for (size_t c = 0; c < num_chips; ++c) {
    const unsigned q = chips[c].log_quotient_chunks();
    const RowMajorMatrix<Fp> main_lde = coset_lde_batch(views[c], q, kLdeShift, RowOrder::natural);
    RowMajorMatrix<Fp> perm_lde;
    std::optional<QuotientLogup> ql;
    if (chips[c].num_interactions() > 0) {
      perm_lde = coset_lde_batch(perm[perm_index[c]].view(), q, kLdeShift, RowOrder::natural);
      ql = QuotientLogup{{perm_lde.view(), RowOrder::natural}, logup, sums[c]};
    }
    quotients.push_back(compute_quotient_chunk_coefficients(chips[c], log_heights[c],
                                                            {main_lde.view(), RowOrder::natural}, {},
                                                            public_values[c], alpha, ql ? &*ql : nullptr));
  }
  auto [quotient_root, quotient_data] = pcs.commit_coefficients(std::move(quotients));
  proof.quotient_root = quotient_root;
  ch.observe_label("zkrv/stark/quotient");
  ch.observe(quotient_root);
  proof.deep_pow_witness = ch.grind(config.deep_pow_bits);
  const Ext zeta = ch.sample_ext();
  auto local_and_next = [&](size_t c) {
    return std::vector<Ext>{zeta, zeta * Fp::two_adic_generator(log_heights[c])};
  };
  std::vector<PcsOpenRequest> rounds;
  PcsOpenRequest main_req{&main_data, {}}, quotient_req{&quotient_data, {}};
  for (size_t c = 0; c < num_chips; ++c) {
    main_req.points.push_back(local_and_next(c));
    quotient_req.points.push_back({zeta});
  }
  rounds.push_back(std::move(main_req));
  if (perm_data) {
    PcsOpenRequest r{&*perm_data, {}};
    for (size_t c = 0; c < num_chips; ++c)
      if (chips[c].num_interactions() > 0) r.points.push_back(local_and_next(c));
    rounds.push_back(std::move(r));
  }
  rounds.push_back(std::move(quotient_req));
  PcsOpening opening = pcs.open(rounds, ch);
  proof.opened.resize(num_chips);
  const size_t quotient_round = perm_data ? 2 : 1;
  for (size_t c = 0; c < num_chips; ++c) {
    ChipOpenedValues& o = proof.opened[c];
    o.main_local = std::move(opening.values[0][c][0]);
    o.main_next = std::move(opening.values[0][c][1]);
    if (chips[c].num_interactions() > 0) {
      auto& pv = opening.values[1][perm_index[c]];
      o.permutation_local = std::move(pv[0]);
      o.permutation_next = std::move(pv[1]);
      o.cumulative_sum = sums[c];
    }
    o.quotient = std::move(opening.values[quotient_round][c][0]);
  }
  proof.fri = std::move(opening.proof);
  return proof;
}

// A machine whose chips all have interactions and no preprocessed columns.
struct Machine {
  std::vector<Chip> chips;
  std::vector<RowMajorMatrix<Fp>> traces;
  std::vector<std::vector<Fp>> public_values;

  // A sender of height n and two receivers of height n / 2 (the bus balances); each chip has two LogUp
  // groups (a helper and phi) and degree 3.
  static Machine chain(size_t n) {
    const ChainAir sender("chain_sender", 14, ChainAir::Role::sender);
    const ChainAir low("chain_low", 13, ChainAir::Role::receiver), high("chain_high", 13, ChainAir::Role::receiver);
    Machine m;
    m.chips = {Chip(sender), Chip(low), Chip(high)};
    m.traces.push_back(sender.generate_trace(n, 0));
    m.traces.push_back(low.generate_trace(n / 2, 0));
    m.traces.push_back(high.generate_trace(n / 2, static_cast<uint32_t>(n / 2)));
    m.public_values = {{Fp(0u)}, {Fp(0u)}, {Fp(static_cast<uint32_t>(n / 2))}};
    return m;
  }
  // One interaction per chip, so phi is the only permutation column; heights 8 and 16; the sender has
  // degree 2 (one quotient chunk: "next" is the next point of a coset of size n).
  static Machine perm() {
    const std::vector<Fp> xs = {Fp(3u), Fp(5u), Fp(7u), Fp(11u), Fp(13u), Fp(17u), Fp(19u), Fp(23u)};
    const air_testing::PermSystem s = air_testing::PermSystem::honest(xs, 16);
    Machine m;
    m.chips = {Chip(s.sender), Chip(s.receiver)};
    m.traces = {s.sender_main, s.receiver_main};
    m.public_values = {{}, {}};
    return m;
  }
};

// "" if the verifier accepts, else its complaint.
std::string verify_message(const FriConfig& config, const Machine& m, const ProvingKey& pk,
                           const StarkProof& proof) {
  try {
    verify_with_config(config, m.chips, pk.vk, m.public_values, proof);
  } catch (const ProofRejected& e) {
    return e.what();
  }
  return "";
}

Ext get_ext(const RowMajorMatrix<Fp>& t, size_t r, size_t col) {
  std::array<Fp, Ext::DEGREE> c;
  for (size_t d = 0; d < Ext::DEGREE; ++d) c[d] = t(r, Ext::DEGREE * col + d);
  return Ext(c);
}
void set_ext(RowMajorMatrix<Fp>& t, size_t r, size_t col, const Ext& v) {
  for (size_t d = 0; d < Ext::DEGREE; ++d) t(r, Ext::DEGREE * col + d) = v.coeff(d);
}

// Claims S + delta and rebuilds phi with the step H - (S + delta)/n: phi(r) -= r delta / n. Every row
// then holds except the wrap-around one (n - 1 -> 0), which is off by delta.
void forge_sum(RowMajorMatrix<Fp>& perm, Ext& sum, const Ext& delta) {
  const size_t n = perm.height(), phi = perm.width() / Ext::DEGREE - 1;
  const Ext step = delta * Fp(static_cast<uint32_t>(n)).inverse();
  for (size_t r = 0; r < n; ++r) set_ext(perm, r, phi, get_ext(perm, r, phi) - step * Fp(static_cast<uint32_t>(r)));
  sum += delta;
}

TEST(LogupRunningSumAudit, MaliciousProverHookIsFaithfulAndPhiOffsetIsAccepted) {
  const FriConfig config = test_config(1, 8);
  for (size_t n : {0u, 4u, 32u}) {  // 0: the perm machine
    const Machine m = n == 0 ? Machine::perm() : Machine::chain(n);
    if (n == 0) {
      EXPECT_EQ(m.chips[0].num_permutation_columns(), 1u);
      EXPECT_EQ(m.chips[0].log_quotient_chunks(), 0u);
    }
    const ProvingKey pk = setup(TwoAdicFriPcs(config), m.chips);
    // No change: the hook's proof is the real prover's, byte for byte.
    std::vector<MatrixView<const Fp>> views;
    for (const auto& t : m.traces) views.push_back(t.view());
    const StarkProof honest = prove(config, m.chips, pk, views, m.public_values);
    const StarkProof same = prove_with_tamper(config, m.chips, pk, m.traces, m.public_values,
                                              [](size_t, RowMajorMatrix<Fp>&, Ext&) {});
    EXPECT_EQ(same, honest) << "n = " << n;
    EXPECT_EQ(verify_message(config, m, pk, same), "") << "n = " << n;
    // phi + a constant per chip: the same differences, the same sums; phi(0) is not pinned.
    std::mt19937_64 rng(202);
    const StarkProof offset = prove_with_tamper(config, m.chips, pk, m.traces, m.public_values,
                                                [&](size_t, RowMajorMatrix<Fp>& perm, Ext&) {
                                                  const size_t phi = perm.width() / Ext::DEGREE - 1;
                                                  const Ext k = random_ext(rng);
                                                  for (size_t r = 0; r < perm.height(); ++r)
                                                    set_ext(perm, r, phi, get_ext(perm, r, phi) + k);
                                                });
    EXPECT_EQ(verify_message(config, m, pk, offset), "") << "n = " << n;
  }
}

TEST(LogupRunningSumAudit, SumMovedBetweenChipsWithAConsistentRunningSumIsRejected) {
  const FriConfig config = test_config(1, 8);
  std::mt19937_64 rng(303);
  // Chain: heights n (sender) and n / 2 (receivers), the forged step uses each chip's own n; n = 4 puts
  // the receivers at the minimum height 2.
  for (size_t n : {0u, 4u, 32u}) {  // 0: the perm machine (one group per chip, heights 8 and 16)
    const Machine m = n == 0 ? Machine::perm() : Machine::chain(n);
    const ProvingKey pk = setup(TwoAdicFriPcs(config), m.chips);
    const auto moves = n == 0 ? std::vector<std::pair<size_t, size_t>>{{0, 1}}
                              : std::vector<std::pair<size_t, size_t>>{{0, 1}, {1, 2}};
    for (const auto& pair : moves) {
      const size_t from = pair.first, to = pair.second;
      for (const Ext delta : {Ext(Fp::one()), random_ext(rng)}) {
        // The verifier's bus check passes (the total is unchanged); only the wrap row can catch it.
        const StarkProof forged =
            prove_with_tamper(config, m.chips, pk, m.traces, m.public_values,
                              [&](size_t c, RowMajorMatrix<Fp>& perm, Ext& sum) {
                                if (c == from) forge_sum(perm, sum, delta);
                                if (c == to) forge_sum(perm, sum, -delta);
                              });
        const std::string why = verify_message(config, m, pk, forged);
        EXPECT_NE(why.find("chip " + m.chips[from].name() + ": constraints do not match"), std::string::npos)
            << "n = " << n << ": " << why;
      }
    }
    // The sum alone moved, phi left honest: every row fails.
    const StarkProof claim_only = prove_with_tamper(config, m.chips, pk, m.traces, m.public_values,
                                                    [&](size_t c, RowMajorMatrix<Fp>&, Ext& sum) {
                                                      if (c == 0) sum += Ext(Fp::one());
                                                      if (c == 1) sum -= Ext(Fp::one());
                                                    });
    EXPECT_NE(verify_message(config, m, pk, claim_only).find("constraints do not match"), std::string::npos);
  }
}

TEST(LogupRunningSumAudit, UnusedNextOpeningsAreBoundAndTheOldWidthIsAShapeError) {
  const FriConfig config = test_config(1, 8);
  const Machine m = Machine::chain(16);
  const ProvingKey pk = setup(TwoAdicFriPcs(config), m.chips);
  std::vector<MatrixView<const Fp>> views;
  for (const auto& t : m.traces) views.push_back(t.view());
  const StarkProof proof = prove(config, m.chips, pk, views, m.public_values);
  ASSERT_EQ(verify_message(config, m, pk, proof), "");
  ASSERT_EQ(m.chips[0].num_permutation_columns(), 2u);
  ASSERT_EQ(proof.opened[0].permutation_next.size(), 2 * Ext::DEGREE);
  // The helper column at zeta g: read by no constraint, but opened, so the PCS must refuse a change.
  for (size_t j = 0; j < Ext::DEGREE; ++j) {
    StarkProof bad = proof;
    bad.opened[0].permutation_next[j] += Ext(Fp::one());
    const std::string why = verify_message(config, m, pk, bad);
    EXPECT_NE(why, "") << "helper coefficient " << j << " at zeta g changed, accepted";
    EXPECT_EQ(why.find("constraints do not match"), std::string::npos) << why;  // the PCS, not the constraints
  }
  // phi at zeta g: read by the last group's constraint.
  {
    StarkProof bad = proof;
    bad.opened[0].permutation_next[Ext::DEGREE] += Ext(Fp::one());
    EXPECT_NE(verify_message(config, m, pk, bad).find("chip chain_sender: constraints do not match"),
              std::string::npos);
  }
  // Openings of the former width (one more extension column), or one column short: a shape error.
  for (int extra : {1, -1}) {
    StarkProof bad = proof;
    for (auto* v : {&bad.opened[0].permutation_local, &bad.opened[0].permutation_next}) {
      if (extra > 0) v->insert(v->end(), Ext::DEGREE, Ext::zero());
      else v->resize(v->size() - Ext::DEGREE);
    }
    EXPECT_NE(verify_message(config, m, pk, bad).find("LogUp values have the wrong shape"), std::string::npos);
  }
}

}  // namespace
}  // namespace zkrv
