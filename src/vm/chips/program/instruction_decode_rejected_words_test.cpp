// InstructionDecodeChip, hostile side (2 of 3; the method: instruction_decode_adversarial_test.cpp):
// words the decoder rejects given a class, bit fields that are not integers or out of range, and pcs
// outside the code range, misaligned or aliased mod p.
#include <gtest/gtest.h>

#include "vm/chips/program/instruction_decode_forgery.h"

namespace zkrv::chips {
namespace {

using namespace decode_forgery;

// ---------------------------------------------------------------------------------------------------
// Words the decoder rejects.

// ECALL's class with any other bit set: ebreak, wfi, csr*, ecall with rd/rs1 bits.
TEST(DecodeAdversarial, EcallClassWithOtherBits) {
  const InstructionClass& ecall = class_of_word(kEcall);
  struct W {
    uint32_t word;
    const char* expected;
  };
  const std::vector<W> words = {
      {0x00100073u, "c:decode: ecall is exactly 0x00000073"},  // ebreak (rs2 field 1)
      {0x00000473u, "c:decode: ecall is exactly 0x00000073"},  // rd = 8
      {0x00018073u, "c:decode: ecall is exactly 0x00000073"},  // rs1 = 3
      {0x10500073u, "b:instruction_class"},                      // wfi: funct7 0x08 (and rs2 5)
      {0x30200073u, "b:instruction_class"},                      // mret
      {0x300110f3u, "b:instruction_class"},                      // csrrw ra, mstatus, sp (funct3 1)
      {0xc0002573u, "b:instruction_class"},                      // rdcycle a0 (csrrs, funct3 2)
  };
  for (const W& w : words) {
    ASSERT_EQ(decode(w.word).op, Opcode::illegal);
    DecodeFixture fx = single(kBottom, kEcall);
    EXPECT_HONEST(fx);
    fx.memory_words[0] = w.word;
    auto g = forge(fx, 0);
    g.build(kBottom, w.word, ecall, fx.entries[0].multiplicity);
    claim(fx, 0);
    Verdict v = judge(fx);
    EXPECT_TRUE(v.has(w.expected)) << std::hex << w.word << ": " << v.summary();
    // uses_funct7 = 0 for the ECALL row (funct7_key zeroed): no such class row either.
    g.cls(kClassUsesFunct7) = Fp::zero();
    g.derive();
    claim(fx, 0);
    v = judge(fx);
    EXPECT_TRUE(v.has("b:instruction_class")) << std::hex << w.word << ": " << v.summary();
  }
  // ebreak with rdf + rs1f + rs2f = 0 and hi16 = 16 both kept in the field: rs2_b0 = 1, rs2_hi = 1/62,
  // rs1_hi = -32/62 (rs1f = -32/31, rs2f = 32/31, hi16 = -16/31 + 16 * 32/31 = 16). Only the range
  // lookups of rs1_hi and rs2_hi object.
  DecodeFixture fx = single(kBottom, kEcall);
  fx.memory_words[0] = 0x00100073u;
  auto g = forge(fx, 0);
  g.build(kBottom, 0x00100073u, ecall, fx.entries[0].multiplicity);
  g[C::kRs2Hi] = Fp(62u).inverse();
  g[C::kRs1Hi] = -Fp(32u) * g[C::kRs2Hi];
  g.honest_witnesses();
  ASSERT_EQ(g.rdf() + g.rs1f() + g.rs2f(), Fp::zero());
  ASSERT_EQ(g.hi16(), Fp(16u));
  claim(fx, 0);
  EXPECT_EQ(judge(fx).summary(), "b:byte");
}

// Rejected words given another class's key by moving the key bits into a neighbouring field (so lo16
// and hi16 keep the memory word's value); only the range lookup of that field stops each. The effect
// would be a register index >= 32 (the syscall state words live at 32..35) or a flipped immediate sign.
TEST(DecodeAdversarial, RejectedWordsDecodedAsAClassByMovingBits) {
  struct Forgery {
    const char* what;
    uint32_t word;          // in memory, rejected by the decoder (or legal, for the sign forgery)
    uint32_t key_word;      // a word of the class to claim
    std::function<void(Forger&)> move;
  };
  const std::vector<Forgery> forgeries = {
      {"jalr funct3=1 as jalr: rd_hi + 16", i_type(8, 2, 1, 1, 0x67), i_type(8, 2, 0, 1, 0x67),
       [](Forger& g) { g[C::kFunct3] = Fp::zero(); g[C::kRdHi] += Fp(16u); }},
      {"branch funct3=2 as bne: rd_hi + 16", branch(2, 1, 2, 16), branch(1, 1, 2, 16),
       [](Forger& g) { g[C::kFunct3] = Fp(1u); g[C::kRdHi] += Fp(16u); }},
      {"load funct3=3 as lw: rd_hi + 16", i_type(0, 2, 3, 5, 0x03), i_type(0, 2, 2, 5, 0x03),
       [](Forger& g) { g[C::kFunct3] = Fp(2u); g[C::kRdHi] += Fp(16u); }},
      {"store funct3=3 as sw: rd_hi + 16", s_type(4, 5, 2, 3), s_type(4, 5, 2, 2),
       [](Forger& g) { g[C::kFunct3] = Fp(2u); g[C::kRdHi] += Fp(16u); }},
      {"OP funct7=0x21 as sub: rs2_hi + 16", r_type(0x21, 3, 2, 0, 1, 0x33), r_type(0x20, 3, 2, 0, 1, 0x33),
       [](Forger& g) { g[C::kFunct7Lo] = Fp(0x20u); g[C::kRs2Hi] += Fp(16u); }},
      {"OP funct7=0x02 as mul: rs2_hi + 16", r_type(0x02, 3, 2, 0, 1, 0x33), r_type(0x01, 3, 2, 0, 1, 0x33),
       [](Forger& g) { g[C::kFunct7Lo] = Fp(0x01u); g[C::kRs2Hi] += Fp(16u); }},
      {"slli funct7=0x20 as slli: rs2_hi + 512", r_type(0x20, 3, 2, 1, 1, 0x13), r_type(0, 3, 2, 1, 1, 0x13),
       [](Forger& g) { g[C::kFunct7Lo] = Fp::zero(); g[C::kRs2Hi] += Fp(512u); }},
      {"srai funct7=0x60 as srai: rs2_hi + 1024", r_type(0x60, 3, 2, 5, 1, 0x13), r_type(0x20, 3, 2, 5, 1, 0x13),
       [](Forger& g) { g[C::kSign] = Fp::zero(); g[C::kRs2Hi] += Fp(1024u); }},
      {"fence.i (funct3=1) as fence: rd_hi + 16", 0x0000100fu, kFence,
       [](Forger& g) { g[C::kFunct3] = Fp::zero(); g[C::kRdHi] += Fp(16u); }},
      {"custom-0 opcode 0x0b as addi: rdf - 1/16", 0x0000000bu, i_type(0, 0, 0, 0, 0x13),
       [](Forger& g) { g[C::kOpcode] = Fp(0x13u); g[C::kRdHi] -= Fp(8u) * Fp(256u).inverse(); }},
      // opcode 0x7f as ecall: lo16 needs rdf = 12/128 = 3/32; ECALL needs rdf + rs1f + rs2f = 0 and hi16
      // = rs1_hi + 16 rs2f = 0: rs2f = 3/(32 * 31), rs1_hi = -16 rs2f.
      {"opcode 0x7f as ecall: fractional rd, rs1, rs2", 0x0000007fu, kEcall,
       [](Forger& g) {
         const Fp half = Fp(2u).inverse(), r = Fp(3u) * Fp(32u).inverse(), t = r * Fp(31u).inverse();
         g[C::kOpcode] = Fp(0x73u);
         g[C::kRdHi] = r * half;
         g[C::kRs1Hi] = -Fp(16u) * t;
         g[C::kRs2Hi] = t * half;
       }},
      {"zero word as fence: opcode + 15, rd_hi - 15/256", 0x00000000u, kFence,
       [](Forger& g) { g[C::kOpcode] = Fp(0x0fu); g[C::kRdHi] -= Fp(15u) * Fp(256u).inverse(); }},
      // Legal word, wrong reading: addi with imm -1 read with funct7_lo + 64 and sign 0 (funct7 unchanged,
      // so hi16 is too): the immediate loses its sign extension, -1 becomes 4095.
      {"addi -1 read as addi 4095: funct7_lo + 64, sign 0", i_type(-1, 1, 0, 2, 0x13), i_type(-1, 1, 0, 2, 0x13),
       [](Forger& g) { g[C::kFunct7Lo] += Fp(64u); g[C::kSign] = Fp::zero(); }},
      // jal with rs1_hi + 16 and rs2_b0 - 1: a target 2^16 higher (J-type imm bits 16..19 are rs1_hi).
      {"jal read with rs1_hi + 16, rs2_b0 - 1", jal(0, 0x800), jal(0, 0x800),
       [](Forger& g) { g[C::kRs1Hi] += Fp(16u); g[C::kRs2B0] -= Fp::one(); }},
  };
  for (const Forgery& f : forgeries) {
    DecodeFixture fx = single(kBottom, f.key_word);
    EXPECT_HONEST(fx);
    fx.memory_words[0] = f.word;
    auto g = forge(fx, 0);
    g.build(kBottom, f.word, class_of_word(f.key_word), fx.entries[0].multiplicity);
    f.move(g);
    g.honest_witnesses();
    ASSERT_EQ(g.lo16(), Fp(f.word & 0xffffu)) << f.what;
    ASSERT_EQ(g.hi16(), Fp(f.word >> 16)) << f.what;
    claim(fx, 0);
    EXPECT_TRUE(claims_a_lie(fx, 0)) << f.what;
    const Verdict v = judge(fx);
    EXPECT_EQ(v.summary(), "b:byte") << f.what << v.details();
  }
}

// Rejected words given a class with the key's funct7 zeroed by uses_funct7 = 0 (a class row the table
// does not have), or funct7_key written directly.
TEST(DecodeAdversarial, RejectedWordsDecodedWithFunct7Ignored) {
  const std::vector<std::pair<uint32_t, uint32_t>> cases = {
      {r_type(0x21, 3, 2, 0, 1, 0x33), r_type(0, 3, 2, 0, 1, 0x33)},      // OP funct7 0x21 as add
      {r_type(0x20, 3, 2, 1, 1, 0x33), r_type(0, 3, 2, 1, 1, 0x33)},      // sll with funct7 0x20
      {r_type(0x20, 3, 2, 1, 1, 0x13), r_type(0, 3, 2, 1, 1, 0x13)},      // slli with funct7 0x20
      {r_type(0x01, 3, 2, 5, 1, 0x13), r_type(0, 3, 2, 5, 1, 0x13)},      // srli with funct7 0x01
      {r_type(0x7f, 3, 2, 5, 1, 0x13), r_type(0x20, 3, 2, 5, 1, 0x13)},   // srai with funct7 0x7f
  };
  for (const auto& [word, key_word] : cases) {
    ASSERT_EQ(decode(word).op, Opcode::illegal);
    for (int variant = 0; variant < 2; ++variant) {
      DecodeFixture fx = single(kBottom, key_word);
      EXPECT_HONEST(fx);
      fx.memory_words[0] = word;
      auto g = forge(fx, 0);
      g.build(kBottom, word, class_of_word(key_word), fx.entries[0].multiplicity);
      if (variant == 0) {
        g.cls(kClassUsesFunct7) = Fp::zero();
        g.derive();
      } else {
        g[C::kFunct7Key] = Fp(class_of_word(key_word)[kClassFunct7Key]);
      }
      claim(fx, 0);
      const Verdict v = judge(fx);
      EXPECT_EQ(v.summary(), variant == 0 ? "b:instruction_class" : "c:decode: funct7_key = uses_funct7 funct7")
          << std::hex << word << v.details();
    }
  }
  // The class table's padding row (all zero: opcode 0 with every flag 0) would decode the zero word as
  // a no-op; the decode row's lookup of it stays unbalanced, as the class chip pins its count to 0.
  DecodeFixture fx = single(kBottom, kFence);
  fx.memory_words[0] = 0;
  auto g = forge(fx, 0);
  InstructionClass zero{};
  g.build(kBottom, 0, zero, fx.entries[0].multiplicity);
  claim(fx, 0);
  EXPECT_EQ(judge(fx).summary(), "b:instruction_class");
  // The class table answering it from its first padding row: the class bus balances, and the class chip's
  // padding constraint is what fails.
  const size_t padding = instruction_classes().size();
  ASSERT_LT(padding, InstructionClassChip::height());
  std::vector<uint32_t> counts(padding, 0);
  counts[static_cast<size_t>(instruction_class_of(fx.entries[1].word) - instruction_classes().data())] = 1;
  fx.class_main = fx.class_chip.generate_trace(counts);
  fx.class_main.row(padding)[InstructionClassChip::kMultiplicity] = Fp::one();
  const ChipTrace views[] = {chip_trace(fx.chip, fx.decode_trace.view()),
                             chip_trace(fx.class_chip, fx.class_main.view(), fx.class_prep.view())};
  for (const BusImbalance& i : check_buses(views)) EXPECT_NE(i.bus, kInstructionClassBus) << i.describe();
  const auto failures = check_constraints(views[1]);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].name, "instruction class: multiplicity = 0 on padding rows");
}

// ---------------------------------------------------------------------------------------------------
// Bit fields that are not integers, out of range, or booleans that are not.

TEST(DecodeAdversarial, BitFieldsNotIntegersOrOutOfRange) {
  struct Forgery {
    const char* what;
    uint32_t word;
    std::function<void(Forger&)> move;
    const char* expected;
  };
  const Fp half = Fp(2u).inverse();
  const std::vector<Forgery> forgeries = {
      {"rd_hi = 1/2, rd_b0 = 0 (rd = 1 either way)", r_type(0, 3, 2, 0, 1, 0x33),
       [=](Forger& g) { g[C::kRdB0] = Fp::zero(); g[C::kRdHi] = half; }, "b:byte"},
      {"rs2_hi = x + 1/2, rs2_b0 - 1", r_type(0, 5, 2, 0, 1, 0x33),
       [=](Forger& g) { g[C::kRs2B0] = Fp::zero(); g[C::kRs2Hi] += half; }, "b:byte"},
      {"funct3 + 1/8, opcode - 512 (lo16 kept)", i_type(3, 1, 0, 2, 0x13),
       [](Forger& g) { g[C::kFunct3] += Fp(8u).inverse(); g[C::kOpcode] -= Fp(512u); }, "b:byte"},
      {"opcode + 128, rd_b0 - 1", i_type(3, 1, 0, 3, 0x13),
       [](Forger& g) { g[C::kOpcode] += Fp(128u); g[C::kRdB0] -= Fp::one(); }, "b:byte"},
      {"funct3 + 8, rs1_b0 - 1", i_type(3, 1, 0, 3, 0x13),
       [](Forger& g) { g[C::kFunct3] += Fp(8u); g[C::kRs1B0] -= Fp::one(); }, "b:byte"},
      {"rs1_hi + 16, rs2_b0 - 1 (rs1 + 32)", r_type(0, 1, 2, 0, 3, 0x33),
       [](Forger& g) { g[C::kRs1Hi] += Fp(16u); g[C::kRs2B0] -= Fp::one(); }, "b:byte"},
      {"slli read as funct3 0 with rd_hi + 16 (rd + 32)", i_type(1, 1, 1, 3, 0x13),
       [](Forger& g) { g[C::kRdHi] += Fp(16u); g[C::kFunct3] -= Fp::one(); }, "b:byte"},
      {"funct7_lo - 64 = p - 1, sign + 1 (funct7 kept, imm sign-extended)", r_type(0x3f, 1, 2, 0, 3, 0x13),
       [](Forger& g) { g[C::kFunct7Lo] -= Fp(64u); g[C::kSign] += Fp::one(); }, "b:byte"},
      {"rd_b0 = 2, rd_hi - 1 (branch imm changes)", branch(0, 1, 2, 8),
       [](Forger& g) { g[C::kRdB0] += Fp(2u); g[C::kRdHi] -= Fp::one(); }, "c:decode: boolean column"},
      {"rs2_b0 = 2, rs2_hi - 1 (jal imm changes)", jal(1, 0x400 | 4),
       [](Forger& g) { g[C::kRs2B0] += Fp(2u); g[C::kRs2Hi] -= Fp::one(); }, "c:decode: boolean column"},
      {"rs1_b0 = 2, rd_hi - 128 (lui imm changes)", u_type(0x00020, 1, 0x37),
       [](Forger& g) { g[C::kRs1B0] += Fp(2u); g[C::kRdHi] -= Fp(256u); }, "c:decode: boolean column"},
      {"sign = 2, funct7_lo - 64 (imm changes)", i_type(0x7ff, 1, 0, 2, 0x13),
       [](Forger& g) { g[C::kSign] += Fp(2u); g[C::kFunct7Lo] -= Fp(128u); }, "c:decode: boolean column"},
  };
  for (const Forgery& f : forgeries) {
    DecodeFixture fx = single(kBottom + 4 * 64, f.word);
    EXPECT_HONEST(fx);
    auto g = forge(fx, 0);
    f.move(g);
    g.honest_witnesses();
    ASSERT_EQ(g.lo16(), Fp(f.word & 0xffffu)) << f.what;
    ASSERT_EQ(g.hi16(), Fp(f.word >> 16)) << f.what;
    claim(fx, 0);
    const Verdict v = judge(fx);
    EXPECT_TRUE(v.has(f.expected)) << f.what << ": " << v.summary();
    EXPECT_FALSE(v.ok());
  }
}

// The remaining boolean columns: is_real, rd_nonzero (covered below), the carries (aux tests); is_real
// = 2 or -1 doubles or reverses every lookup and the memory read.
TEST(DecodeAdversarial, IsRealNotBoolean) {
  for (const Fp is_real : {Fp(2u), -Fp::one()}) {
    DecodeFixture fx = single(kBottom, r_type(0, 3, 2, 0, 1, 0x33));
    EXPECT_HONEST(fx);
    auto g = forge(fx, 0);
    g[C::kIsReal] = is_real;
    g[C::kMultiplicity] = Fp::zero();  // (1 - is_real) multiplicity = 0 forces it
    g.derive();
    claim(fx, 0);
    const Verdict v = judge(fx);
    EXPECT_TRUE(v.has("c:decode: boolean column")) << v.summary();
  }
}

// ---------------------------------------------------------------------------------------------------
// pc and the code range.

TEST(DecodeAdversarial, PcOutsideTheCodeRange) {
  // A small code range [0x4000, 0x4010) words.
  const auto small = [](uint32_t pc_in_range) {
    DecodeFixture fx;
    fx.code_end_word = 0x4010;
    fx.add(pc_in_range, i_type(1, 1, 0, 1, 0x13), 1);
    fx.add(kBottom + 60, i_type(2, 1, 0, 1, 0x13), 1);
    fx.build();
    return fx;
  };
  struct Forgery {
    const char* what;
    uint32_t pc;
  };
  for (const Forgery& f : std::vector<Forgery>{{"one past the end", 0x4010 * 4},
                                               {"far past the end", 0x3fff0000u},
                                               {"one below the start", 0x3fff * 4},
                                               {"register x1 (address 1)", 4},
                                               {"pc 0", 0},
                                               {"syscall state word 33", 33 * 4}}) {
    DecodeFixture fx = small(kBottom);
    EXPECT_HONEST(fx);
    // Memory holds the word at the forged address (the prover may have written it there: registers and
    // data are writable).
    fx.entries[0].pc = f.pc;
    auto g = forge(fx, 0);
    g.build(f.pc, fx.entries[0].word, class_of_word(fx.entries[0].word), fx.entries[0].multiplicity);
    claim(fx, 0);
    const Fp code = g[C::kCodeLo] + g[C::kCodeHi] * Fp(kTwo16);
    const Fp room = g[C::kRoomLo] + g[C::kRoomHi] * Fp(kTwo16);
    EXPECT_FALSE(limb_witness(code, 16).has_value() && limb_witness(room, 16).has_value()) << f.what;
    const Verdict v = judge(fx);
    EXPECT_EQ(v.summary(), "b:byte") << f.what << v.details();
  }
}

TEST(DecodeAdversarial, PcMisalignedOrAliased) {
  const uint32_t w = i_type(1, 1, 0, 1, 0x13);
  // pc = 4 W + 1 with the row reading W: the pc constraint.
  {
    DecodeFixture fx = single(kBottom + 16, w);
    EXPECT_HONEST(fx);
    auto g = forge(fx, 0);
    g[C::kPcLo] += Fp::one();
    g.derive();
    claim(fx, 0);
    EXPECT_EQ(judge(fx).summary(), "c:decode: pc = 4 word_addr");
  }
  // pc = 4 W + 1 with word_addr = pc / 4 in the field (W + 1/4): code_lo is no integer, and memory has
  // no word at that address.
  {
    DecodeFixture fx = single(kBottom + 16, w);
    auto g = forge(fx, 0);
    g[C::kPcLo] += Fp::one();
    g[C::kCodeLo] += Fp(4u).inverse();
    g[C::kRoomLo] -= Fp(4u).inverse();
    g.derive();
    claim(fx, 0);
    const Verdict v = judge(fx);
    EXPECT_TRUE(v.has("b:byte")) << v.summary();
    EXPECT_TRUE(v.has("b:memory")) << v.summary();
    EXPECT_EQ(v.items.size(), 2u) << v.summary();
  }
  // pc limbs for 4 W + p: the same field element (no effect on any tuple), pc_hi >= 2^14.
  {
    DecodeFixture fx = single(kBottom + 16, w);
    auto g = forge(fx, 0);
    const uint64_t alias = uint64_t{kBottom + 16} + kP;
    g[C::kPcLo] = Fp(static_cast<uint32_t>(alias & 0xffffu));
    g[C::kPcHi] = Fp(static_cast<uint32_t>(alias >> 16));
    g.derive();
    claim(fx, 0);
    EXPECT_FALSE(claims_a_lie(fx, 0));
    EXPECT_EQ(judge(fx).summary(), "b:byte");
  }
  // code limbs for code + p (word_addr the same field element).
  {
    DecodeFixture fx = single(kBottom + 16, w);
    auto g = forge(fx, 0);
    const uint64_t alias = uint64_t{4} + kP;
    g[C::kCodeLo] = Fp(static_cast<uint32_t>(alias & 0xffffu));
    g[C::kCodeHi] = Fp(static_cast<uint32_t>(alias >> 16));
    g.derive();
    claim(fx, 0);
    EXPECT_EQ(judge(fx).summary(), "b:byte");
  }
}


}  // namespace
}  // namespace zkrv::chips
