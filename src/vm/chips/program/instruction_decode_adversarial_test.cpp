// InstructionDecodeChip, hostile side (1 of 3): a cheating prover controls every cell of the decode trace and
// the CPU's claimed fetch tuples. Each forgery rewrites a row CONSISTENTLY (every output cell recomputed from
// the constraint formulas in the field, so only the check under test can object), makes the CPU claim
// what the forged row answers, and asserts which check rejects it; each starts from an honest fixture
// that passes, so every test can fail. Here: the tools checked against the fixture, every fetch field,
// the jump target and the aux carries. The tools: instruction_decode_forgery.h.
#include <gtest/gtest.h>

#include "vm/chips/program/instruction_decode_forgery.h"

namespace zkrv::chips {
namespace {

using namespace decode_forgery;

// ---------------------------------------------------------------------------------------------------
// The tools themselves.

TEST(DecodeAdversarial, ForgerReproducesHonestRows) {
  DecodeFixture fx = fixture_of(base_cases());
  EXPECT_HONEST(fx);
  for (size_t i = 0; i < fx.entries.size(); ++i) {
    const std::vector<Fp> honest(fx.decode_trace.row(i).begin(), fx.decode_trace.row(i).end());
    forge(fx, i).build(fx.entries[i].pc, fx.entries[i].word, class_of_word(fx.entries[i].word),
                       fx.entries[i].multiplicity);
    for (size_t c = 0; c < C::kWidth; ++c)
      EXPECT_EQ(fx.decode_trace.row(i)[c], honest[c]) << "row " << i << " column " << C::kColumnNames[c];
    EXPECT_FALSE(claims_a_lie(fx, i));
  }
}

TEST(DecodeAdversarial, JudgeAgreesWithTheFixture) {
  DecodeFixture fx = fixture_of(base_cases());
  EXPECT_HONEST(fx);
  expect_fixture_agrees(fx, judge(fx));
  // Forgeries caught by each kind of check: a constraint, the memory bus, the class bus, the byte bus,
  // the program bus.
  const std::vector<std::function<void(DecodeFixture&)>> forgeries = {
      [](DecodeFixture& f) {
        forge(f, 0)[C::kRs1] += Fp::one();
        claim(f, 0);
      },
      [](DecodeFixture& f) {
        const uint32_t other = i_type(5, 11, 0, 10, 0x13);
        forge(f, 2).build(f.entries[2].pc, other, class_of_word(other), f.entries[2].multiplicity);
        claim(f, 2);
      },
      [](DecodeFixture& f) {
        auto g = forge(f, 0);
        g.cls(kClassAluOp) = Fp(2u);
        g.derive();
        claim(f, 0);
      },
      [](DecodeFixture& f) {
        auto g = forge(f, 1);
        g[C::kRdB0] = Fp::zero();
        g[C::kRdHi] = Fp(31u) * Fp(2u).inverse();
        g.derive();
        claim(f, 1);
      },
      [](DecodeFixture& f) { f.fetches[3][kFieldImmLo] += 1; },
      [](DecodeFixture& f) { f.entries[4].multiplicity += 1; },
  };
  for (size_t k = 0; k < forgeries.size(); ++k) {
    DecodeFixture g = fixture_of(base_cases());
    forgeries[k](g);
    const Verdict v = judge(g);
    EXPECT_FALSE(v.ok()) << k;
    expect_fixture_agrees(g, v);
  }
}

// ---------------------------------------------------------------------------------------------------
// A fetch tuple that differs from decode_fields in each field.

// The prover writes the field's own cell (an output of the constraints, or a class column) and
// recomputes everything downstream; the CPU claims the result. The defining constraint, or the class
// lookup, rejects it.
TEST(DecodeAdversarial, EveryFetchFieldForgedInItsOwnCell) {
  const std::vector<Case> cases = base_cases();
  DecodeFixture base = fixture_of(cases);
  EXPECT_HONEST(base);
  size_t forged = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    for (size_t field = 1; field < kNumDecodedFields; ++field) {
      DecodeFixture fx = light(base);
      auto g = forge(fx, i);
      size_t cell = 0;
      std::string expected;
      switch (field) {
        case kFieldRs1: cell = C::kRs1; expected = "c:decode: rs1"; break;
        case kFieldRs2: cell = C::kRs2; expected = "c:decode: rs2"; break;
        case kFieldRd: cell = C::kRd; expected = "c:decode: rd"; break;
        case kFieldImmLo: cell = C::kImmLo; expected = "c:decode: imm_lo"; break;
        case kFieldImmHi: cell = C::kImmHi; expected = "c:decode: imm_hi"; break;
        case kFieldTarget: cell = C::kTargetLo; expected = "c:decode: target = T in range"; break;
        case kFieldAuxLo: cell = C::kAuxLo; expected = "c:decode: aux_lo"; break;
        case kFieldAuxHi: cell = C::kAuxHi; expected = "c:decode: aux_hi"; break;
        case kFieldWritesRd: cell = C::kWritesRd; expected = "c:decode: writes_rd = has_rd (rd != 0)"; break;
        case kFieldAluOp: cell = C::class_column(kClassAluOp); expected = "b:instruction_class"; break;
        default: cell = C::class_column(class_field_of_flag(field)); expected = "b:instruction_class"; break;
      }
      const bool flag = field >= kFirstFlag;
      g[cell] = flag ? Fp::one() - g[cell] : g[cell] + Fp::one();
      g.derive({cell});
      claim(fx, i);
      const DecodedFields want = truth(fx, i).value();
      const bool is_branch = want[kFieldIsBranchEq] != 0 || want[kFieldIsBranchLt] != 0;
      if (is_branch && (field == kFieldImmLo || field == kFieldImmHi)) {
        // A branch's decoded imm is 0 whatever its imm cells hold (they reach the CPU through target
        // only), so the claim keeps imm = 0; the cell's defining constraint still rejects the row.
        ASSERT_EQ(fx.fetches[i][field], 0u) << i << " " << kDecodedFieldNames[field];
      } else {
        ASSERT_NE(fx.fetches[i][field], want[field]) << i << " " << kDecodedFieldNames[field];
      }
      const Verdict v = judge(fx);
      EXPECT_TRUE(v.has(expected)) << "entry " << i << " field " << kDecodedFieldNames[field] << ": " << v.summary();
      ++forged;
    }
  }
  EXPECT_EQ(forged, cases.size() * (kNumDecodedFields - 1));
}

// The prover decodes another word w' (an honest row for w' at the same pc, every constraint and lookup
// satisfied) whose fields differ in the field; memory holds w. Only the memory argument objects. The
// pc field: the row of w at the neighbouring word pc ^ 4 (memory holds w only at pc).
TEST(DecodeAdversarial, EveryFetchFieldForgedThroughTheWordBits) {
  const std::vector<Case> cases = base_cases();
  DecodeFixture base = fixture_of(cases);
  EXPECT_HONEST(base);
  std::mt19937 rng(5);
  std::set<size_t> covered;
  const auto classes = instruction_classes();
  for (size_t i = 0; i < cases.size(); ++i) {
    const DecodedFields honest = base.fetches[i];
    for (size_t field = 0; field < kNumDecodedFields; ++field) {
      DecodeFixture fx = light(base);
      if (field == kFieldPc) {
        forge(fx, i).build(cases[i].pc ^ 4, cases[i].word, class_of_word(cases[i].word), fx.entries[i].multiplicity);
      } else {
        // Single-bit flips of w first (the closest forgeries), then random words.
        std::optional<uint32_t> other;
        for (uint32_t b = 0; b < 32 && !other; ++b) {
          const uint32_t w = cases[i].word ^ (1u << b);
          const Instruction in = decode(w);
          if (in.op != Opcode::illegal && decode_fields(cases[i].pc, in)[field] != honest[field]) other = w;
        }
        for (int k = 0; k < 20000 && !other; ++k) {
          const uint32_t w = test_support::random_word_of(classes[rng() % classes.size()], rng);
          if (decode_fields(cases[i].pc, decode(w))[field] != honest[field]) other = w;
        }
        if (!other) {
          ADD_FAILURE() << "no word differs in " << kDecodedFieldNames[field];
          continue;
        }
        forge(fx, i).build(cases[i].pc, *other, class_of_word(*other), fx.entries[i].multiplicity);
      }
      claim(fx, i);
      ASSERT_NE(fx.fetches[i][field], honest[field]);
      const Verdict v = judge(fx);
      EXPECT_EQ(v.summary(), "b:memory") << "entry " << i << " field " << kDecodedFieldNames[field] << v.details();
      covered.insert(field);
    }
  }
  EXPECT_EQ(covered.size(), size_t{kNumDecodedFields});
}

// The prover keeps the word but fills the class columns from another class row (the outputs recomputed
// from them): the lookup (key, fields) matches no class, since the key determines the fields.
TEST(DecodeAdversarial, ClassFieldsFromAnotherClassRow) {
  const std::vector<Case> cases = base_cases();
  DecodeFixture base = fixture_of(cases);
  EXPECT_HONEST(base);
  size_t forged = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const InstructionClass& own = class_of_word(cases[i].word);
    std::set<std::vector<uint32_t>> seen;
    for (const InstructionClass& other : instruction_classes()) {
      const std::vector<uint32_t> fields(other.begin() + kClassUsesFunct7, other.end());
      if (std::equal(fields.begin(), fields.end(), own.begin() + kClassUsesFunct7) || !seen.insert(fields).second)
        continue;
      DecodeFixture fx = light(base);
      auto g = forge(fx, i);
      g.set_class(other);
      g.honest_witnesses();
      claim(fx, i);
      const Verdict v = judge(fx);
      const uint32_t w = cases[i].word;
      const bool register_bits = ((w >> 7) & 0x1fu) + ((w >> 15) & 0x1fu) + ((w >> 20) & 0x1fu) != 0;
      if (other[kClassNumFields - 1] != 0 && register_bits) {  // ECALL's fields: also its constraint
        EXPECT_EQ(v.summary(), "b:instruction_class | c:decode: ecall is exactly 0x00000073") << "entry " << i;
      } else {
        EXPECT_EQ(v.summary(), "b:instruction_class") << "entry " << i << v.details();
      }
      ++forged;
    }
  }
  EXPECT_GT(forged, 500u);
}

// ---------------------------------------------------------------------------------------------------
// The jump target.

// A representable T claimed out of range (target 0): over = T - 2^30 mod p has no limbs passing the
// lookups (exhaustive over over_lo).
TEST(DecodeAdversarial, RepresentableTargetClaimedOutOfRange) {
  bool first = true;
  for (const Case& k : std::vector<Case>{{kBottom, jal(1, 0x800)},
                                         {kTop, jal(0, -8)},
                                         {kBottom + 8, branch(4, 1, 2, -4096)},
                                         {kBottom, jal(0, -0x10000)}}) {  // T = 0
    DecodeFixture fx = single(k.pc, k.word);
    EXPECT_HONEST(fx);
    auto g = forge(fx, 0);
    ASSERT_EQ(g[C::kTargetIn], Fp::one());
    g[C::kTargetIn] = Fp::zero();
    g[C::kTargetOut] = Fp::one();
    g.derive();
    const Fp over = g[C::kOverLo] + g[C::kOverHi] * Fp(kTwo16);
    EXPECT_FALSE(limb_witness(over, 32).has_value()) << std::hex << canon(over);
    claim(fx, 0);
    EXPECT_EQ(fx.fetches[0][kFieldTarget], 0u);
    EXPECT_TRUE(claims_a_lie(fx, 0) || canon(g.target_t()) == 0);
    const Verdict v = judge(fx);
    EXPECT_EQ(v.summary(), "b:byte") << v.details();
    if (first) expect_fixture_agrees(fx, v);  // the full check on one (it costs ~0.5 s)
    first = false;
  }
}

// A non-representable T (2^30, 2^30 + 2^20 - 8, -4, -2^20) claimed as an address: T mod p has no target
// limbs below 2^30 (exhaustive over target_lo); nor does any sign-flipped over for the honest side.
TEST(DecodeAdversarial, UnrepresentableTargetClaimedAsAnAddress) {
  const std::vector<Case> cases = {{kTop, jal(0, 4)},                 // T = 2^30
                                   {kTop, jal(0, 0xffffe)},           // T = 2^30 + 2^20 - 6
                                   {kTop - 4, branch(0, 1, 2, 8)},    // T = 2^30 + 4
                                   {kBottom, jal(0, -0x10004)},       // T = -4
                                   {kBottom, jal(0, -0x100000)},      // T = 2^16 - 2^20
                                   {kBottom + 4, jal(0, -0x10006)}};  // T = -2
  for (const Case& k : cases) {
    DecodeFixture fx = single(k.pc, k.word);
    EXPECT_HONEST(fx);
    auto g = forge(fx, 0);
    ASSERT_EQ(g[C::kTargetOut], Fp::one());
    const Fp t = g.target_t();
    g[C::kTargetIn] = Fp::one();
    g[C::kTargetOut] = Fp::zero();
    g.derive();
    EXPECT_FALSE(limb_witness(t, 4).has_value()) << std::hex << canon(t);
    // Non-integer limbs: target_lo any u16, target_hi = (T - target_lo) / 2^16 in the field.
    g[C::kTargetLo] = Fp(canon(t) & 0xffffu);
    g[C::kTargetHi] = (t - g[C::kTargetLo]) * Fp(kTwo16).inverse();
    claim(fx, 0);
    EXPECT_NE(fx.fetches[0][kFieldTarget], 0u);
    EXPECT_TRUE(claims_a_lie(fx, 0));
    const Verdict v = judge(fx);
    EXPECT_EQ(v.summary(), "b:byte") << v.details();
    // The honest side with the wrong sign convention: over computed as if sign were flipped has no
    // limbs either (the sign bit is the word's, so this is the only other reading).
    const Fp other_over = g[C::kSign] == Fp::zero() ? -Fp::one() - t : t - Fp(1u << 30);
    EXPECT_FALSE(limb_witness(other_over, 32).has_value());
  }
}

// Both or neither of target_in/target_out for a branch or jal; one of them for another class.
TEST(DecodeAdversarial, TargetSelectorsNotOneHot) {
  {
    DecodeFixture fx = single(kBottom, jal(1, 0x800));
    EXPECT_HONEST(fx);
    auto g = forge(fx, 0);
    g[C::kTargetIn] = Fp::zero();
    g.derive();
    claim(fx, 0);
    EXPECT_EQ(judge(fx).summary(), "c:decode: a branch or jal target is in range or not");
  }
  {
    DecodeFixture fx = single(kBottom, i_type(16, 1, 0, 2, 0x13));  // addi: target must be 0
    EXPECT_HONEST(fx);
    auto g = forge(fx, 0);
    g[C::kTargetIn] = Fp::one();
    g.derive();
    claim(fx, 0);
    EXPECT_NE(fx.fetches[0][kFieldTarget], 0u);
    EXPECT_EQ(judge(fx).summary(), "c:decode: a branch or jal target is in range or not");
  }
}

// target_in = 2, target_out = -1 (sum 1): near the top of memory, target = 2T - p is below 2^30 and
// over = 2^30 - T below 2^27, so only the boolean constraints stand between this and a wrong target.
// Likewise target_in = -1, target_out = 2 for T >= 2^30: target = p - T, over = 2 (T - 2^30).
TEST(DecodeAdversarial, TargetSelectorsNotBoolean) {
  {
    DecodeFixture fx = single(kTop - 16, jal(0, 8));  // T = 2^30 - 12, a forward jump (sign 0)
    EXPECT_HONEST(fx);
    auto g = forge(fx, 0);
    g[C::kTargetIn] = Fp(2u);
    g[C::kTargetOut] = -Fp::one();
    g.derive();
    claim(fx, 0);
    EXPECT_EQ(fx.fetches[0][kFieldTarget], 2 * (kTop - 8) - kP);  // 2^27 - 25
    EXPECT_EQ(canon(g[C::kOverLo]), 12u);
    EXPECT_TRUE(claims_a_lie(fx, 0));
    const Verdict v = judge(fx);
    EXPECT_EQ(v.summary(), "c:decode: boolean column") << v.details();
    expect_fixture_agrees(fx, v);
  }
  {
    DecodeFixture fx = single(kTop, jal(0, 0x1000));  // T = 2^30 + 4092
    EXPECT_HONEST(fx);
    auto g = forge(fx, 0);
    g[C::kTargetIn] = -Fp::one();
    g[C::kTargetOut] = Fp(2u);
    g.derive();
    claim(fx, 0);
    EXPECT_EQ(fx.fetches[0][kFieldTarget], kP - (kTop + 0x1000));
    const Verdict v = judge(fx);
    EXPECT_EQ(v.summary(), "c:decode: boolean column") << v.details();
  }
}

// ---------------------------------------------------------------------------------------------------
// aux carries.

TEST(DecodeAdversarial, AuxCarriesChosenWrong) {
  struct Forgery {
    Case k;
    Fp carry_lo, carry_hi;
    const char* expected;
  };
  const uint32_t auipc_wrap = u_type(0xfffff, 9, 0x17);
  const std::vector<Forgery> forgeries = {
      {{kBottom, jal(1, 8)}, Fp::one(), Fp::zero(), "b:byte"},                    // aux_lo = pc_lo + 4 - 2^16
      {{kBottom, jal(1, 8)}, Fp::zero(), Fp::one(), "b:byte"},                    // aux_hi = pc_hi - 2^16
      {{kTop - 4, auipc_wrap}, Fp::zero(), Fp::one(), "b:byte"},                  // aux_lo = imm_lo + pc_lo >= 2^16
      {{kTop - 4, auipc_wrap}, Fp::one(), Fp::zero(), "b:byte"},                  // aux_hi >= 2^16
      {{kTop - 4, auipc_wrap}, Fp::zero(), Fp::zero(), "b:byte"},
      {{kTop - 4, auipc_wrap}, Fp(2u), Fp::zero(), "c:decode: boolean column"},   // carry 2, aux_hi absorbs it
      {{kBottom, u_type(0x12345, 1, 0x37)}, -Fp::one(), Fp::zero(), "c:decode: boolean column"},
      {{kBottom, i_type(4, 1, 0, 1, 0x67)}, Fp::one(), Fp::one(), "b:byte"},      // jalr
      {{kBottom, i_type(4, 1, 0, 1, 0x13)}, Fp::one(), Fp::zero(), "b:byte"},     // addi: aux must be 0
  };
  for (const Forgery& f : forgeries) {
    DecodeFixture fx = single(f.k.pc, f.k.word);
    EXPECT_HONEST(fx);
    auto g = forge(fx, 0);
    g[C::kAuxCarryLo] = f.carry_lo;
    g[C::kAuxCarryHi] = f.carry_hi;
    g.derive();
    claim(fx, 0);
    EXPECT_TRUE(claims_a_lie(fx, 0));
    const Verdict v = judge(fx);
    EXPECT_TRUE(v.has(f.expected)) << std::hex << f.k.word << ": " << v.summary();
    if (std::string(f.expected) == "b:byte") {
      EXPECT_EQ(v.summary(), "b:byte");
    }
  }
}


}  // namespace
}  // namespace zkrv::chips
