// InstructionDecodeChip, hostile side (3 of 3; the method: instruction_decode_adversarial_test.cpp): rows
// and the memory argument (a second row for a pc, a read that cancels itself, padding answering a fetch,
// a word memory does not hold), rd_nonzero tricks, a mutation sweep over every cell of a small honest
// trace, and the machine around the chip (the read at the end of the segment; the fetch rule the
// executor and the chip share, which an audit found them disagreeing on before the executor changed).
#include <gtest/gtest.h>

#include "vm/chips/program/instruction_decode_forgery.h"

namespace zkrv::chips {
namespace {

using namespace decode_forgery;

// ---------------------------------------------------------------------------------------------------
// Rows and the memory argument.

// A second row for the same pc (the fetches split between the two). Reading the first row's write
// (prev_ts = 2^25) keeps the memory argument balanced, but ts - prev_ts - 1 = -1 has no decomposition;
// reading the initial value again consumes it twice.
TEST(DecodeAdversarial, SecondRowForTheSamePc) {
  for (const uint32_t prev_ts : {kFetchReadTimestamp, 0u, kFetchReadTimestamp - 1}) {
    DecodeFixture fx = single(kBottom, i_type(5, 1, 0, 2, 0x13));
    fx.entries[0].multiplicity = 3;
    fx.build();
    EXPECT_HONEST(fx);
    const size_t pad = fx.entries.size();
    std::copy(fx.decode_trace.row(0).begin(), fx.decode_trace.row(0).end(), fx.decode_trace.row(pad).begin());
    fx.decode_trace.row(0)[C::kMultiplicity] = Fp(2u);
    auto g = forge(fx, pad);
    g[C::kMultiplicity] = Fp::one();
    g[C::kAccess + 2] = Fp(prev_ts);
    g.derive();
    const Verdict v = judge(fx);
    if (prev_ts == kFetchReadTimestamp) {
      EXPECT_FALSE(limb_witness(Fp(kFetchReadTimestamp) - Fp(prev_ts) - Fp::one(), 128, false).has_value());
      EXPECT_EQ(v.summary(), "b:byte") << v.details();
    } else {
      EXPECT_EQ(v.summary(), "b:memory") << v.details();
    }
  }
}

// A row that consumes its own write: prev = value, prev_ts = 2^25. It would need no memory at all and
// could decode any word at any pc; ts - prev_ts - 1 = -1 has no decomposition (exhaustive).
TEST(DecodeAdversarial, ReadThatCancelsItself) {
  DecodeFixture fx = single(kBottom, i_type(5, 1, 0, 2, 0x13));
  EXPECT_HONEST(fx);
  // Memory holds the illegal word 0 at pc; the row decodes addi x2, x1, 5 and reads nothing.
  fx.memory_words[0] = 0;
  auto g = forge(fx, 0);
  g[C::kAccess + 2] = Fp(kFetchReadTimestamp);
  g.derive();
  claim(fx, 0);
  std::vector<PublicInteraction> publics = fx.public_interactions();
  publics.erase(std::remove_if(publics.begin(), publics.end(),
                               [&](const PublicInteraction& p) {
                                 return p.bus == kMemoryBus && p.values[0] == Fp(kBottom / 4);
                               }),
                publics.end());
  EXPECT_FALSE(limb_witness(-Fp::one(), 128, false).has_value());
  const Verdict v = judge(fx, publics);
  EXPECT_EQ(v.summary(), "b:byte") << v.details();
}

// A padding row (is_real = 0) answering a fetch the CPU makes for a pc outside the code range, with any
// decoded fields: no lookup or memory read happens on padding rows (the gadget's columns are pinned to 0
// and, as the read keeps its value, so are lo16 and hi16: the prover zeroes them with the opcode and
// funct7, which an R-type's outputs do not use), so only the multiplicity constraint stands in the way.
TEST(DecodeAdversarial, PaddingRowAnswersAFetch) {
  DecodeFixture fx = single(kBottom, i_type(5, 1, 0, 2, 0x13));
  EXPECT_HONEST(fx);
  const size_t pad = fx.entries.size();
  auto g = forge(fx, pad);
  const uint32_t add = r_type(0, 7, 6, 0, 5, 0x33);
  g.build(4, add, class_of_word(add), 1);  // pc 4: register x1's word
  g[C::kIsReal] = Fp::zero();
  g[C::kOpcode] -= g.lo16();
  g[C::kFunct7Lo] -= g.hi16() * Fp(512u).inverse();
  std::fill(g.row.begin() + C::kAccess, g.row.end(), Fp::zero());
  g.derive();
  ASSERT_EQ(g.lo16(), Fp::zero());
  ASSERT_EQ(g.hi16(), Fp::zero());
  const auto [fields, m] = program_tuple(fx, pad);
  ASSERT_EQ(m, Fp::one());
  EXPECT_EQ(fields[kFieldRs1], 6u);
  EXPECT_EQ(fields[kFieldRs2], 7u);
  EXPECT_EQ(fields[kFieldRd], 5u);
  EXPECT_EQ(fields[kFieldPc], 4u);
  std::vector<PublicInteraction> publics = fx.public_interactions();
  std::vector<Fp> tuple;
  for (uint32_t x : fields) tuple.push_back(Fp(x));
  publics.push_back({kProgramBus, InteractionKind::send, tuple, Fp::one()});
  const Verdict v = judge(fx, publics);
  EXPECT_EQ(v.summary(), "c:decode: padding rows are zero") << v.details();
}

// A row decoding a word other than the one memory holds: through the gadget's prev (memory imbalance) or
// with prev = the memory word and a different value (the read constraint).
TEST(DecodeAdversarial, RowDecodesAWordMemoryDoesNotHold) {
  const uint32_t w = i_type(5, 1, 0, 2, 0x13), other = i_type(6, 1, 0, 2, 0x13);
  {
    DecodeFixture fx = single(kBottom, w);
    EXPECT_HONEST(fx);
    forge(fx, 0).build(kBottom, other, class_of_word(other), fx.entries[0].multiplicity);
    claim(fx, 0);
    EXPECT_EQ(judge(fx).summary(), "b:memory");
  }
  {
    DecodeFixture fx = single(kBottom, w);
    auto g = forge(fx, 0);
    g.build(kBottom, other, class_of_word(other), fx.entries[0].multiplicity);
    g[C::kAccess + 0] = Fp(w & 0xffffu);
    g[C::kAccess + 1] = Fp(w >> 16);
    claim(fx, 0);
    const Verdict v = judge(fx);
    EXPECT_EQ(v.summary(), "b:memory | c:memory access: a read keeps value_hi") << v.details();
  }
}

// ---------------------------------------------------------------------------------------------------
// rd_nonzero and writes_rd.

TEST(DecodeAdversarial, RdNonzeroTricks) {
  // rd = 5 with writes_rd = 0: rd_nonzero = 0 (rd_inverse 0).
  {
    DecodeFixture fx = single(kBottom, i_type(5, 1, 0, 5, 0x13));
    EXPECT_HONEST(fx);
    auto g = forge(fx, 0);
    g[C::kRdNonzero] = Fp::zero();
    g[C::kRdInverse] = Fp::zero();
    g.derive();
    claim(fx, 0);
    EXPECT_EQ(fx.fetches[0][kFieldWritesRd], 0u);
    EXPECT_EQ(judge(fx).summary(), "c:decode: rd_nonzero = 1 when rdf != 0");
  }
  // rd = 0 with writes_rd = 1: rd_nonzero = 1 with any inverse.
  {
    DecodeFixture fx = single(kBottom, i_type(5, 1, 0, 0, 0x13));
    EXPECT_HONEST(fx);
    auto g = forge(fx, 0);
    g[C::kRdNonzero] = Fp::one();
    g[C::kRdInverse] = Fp(12345u);
    g.derive();
    claim(fx, 0);
    EXPECT_EQ(fx.fetches[0][kFieldWritesRd], 1u);
    EXPECT_EQ(judge(fx).summary(), "c:decode: rd_nonzero = rdf rd_inverse");
  }
  // rd = 5, rd_nonzero = 1 but writes_rd = 0 written directly.
  {
    DecodeFixture fx = single(kBottom, i_type(5, 1, 0, 5, 0x13));
    auto g = forge(fx, 0);
    g[C::kWritesRd] = Fp::zero();
    claim(fx, 0);
    EXPECT_EQ(judge(fx).summary(), "c:decode: writes_rd = has_rd (rd != 0)");
  }
  // A store (has_rd 0) with its rd bits (imm) nonzero and writes_rd = 1.
  {
    DecodeFixture fx = single(kBottom, s_type(5, 2, 1, 2));
    auto g = forge(fx, 0);
    g[C::kWritesRd] = Fp::one();
    claim(fx, 0);
    EXPECT_EQ(judge(fx).summary(), "c:decode: writes_rd = has_rd (rd != 0)");
  }
  // rd = 0 represented with rd_hi = -1/2, rd_b0 = 1 (rdf = 0 in the field): the byte lookup.
  {
    DecodeFixture fx = single(kBottom, i_type(5, 1, 0, 0, 0x13));
    auto g = forge(fx, 0);
    g[C::kRdB0] = Fp::one();
    g[C::kRdHi] = -Fp(2u).inverse();
    g.honest_witnesses();
    claim(fx, 0);
    EXPECT_EQ(judge(fx).summary(), "b:byte");
  }
}

// ---------------------------------------------------------------------------------------------------
// Mutation sweep: every cell of every real row (and one padding row) of a small honest trace, set to
// 0, 1, value + 1, p - 1 and 2^16. A change must fail a constraint of its row, make a lookup no table
// holds, or change the row's net memory/program traffic; otherwise it must leave the program tuple, the
// memory tuples and the class key as they were (no effect).

struct RowState {
  bool constraints_ok = true;
  bool lookups_ok = true;
  InteractionNet memory_program;
  std::vector<std::vector<uint32_t>> class_keys;
};

RowState row_state(const DecodeFixture& fx, size_t r) {
  const ChipTrace dv = chip_trace(fx.chip, fx.decode_trace.view());
  RowState s;
  DebugBuilder b(dv.main, dv.preprocessed, dv.public_values, false);
  b.set_row(r);
  dv.eval(b);
  s.constraints_ok = b.row_failures().empty();
  std::vector<EvaluatedInteraction<Fp>> mp;
  for (const auto& i : row_interactions(dv, r)) {
    if (i.bus == kMemoryBus || i.bus == kProgramBus) {
      mp.push_back(i);
    } else if (i.multiplicity != Fp::zero()) {
      if (i.bus == kByteBus) s.lookups_ok = s.lookups_ok && byte_tuple_valid(i.values);
      if (i.bus == kInstructionClassBus) {
        s.lookups_ok = s.lookups_ok && class_tuple_valid(i.values);
        std::vector<uint32_t> key;
        for (Fp x : i.values) key.push_back(canon(x));
        s.class_keys.push_back(key);
      }
    }
  }
  s.memory_program = interaction_net(mp);
  return s;
}

TEST(DecodeAdversarial, MutationSweep) {
  DecodeFixture fx = fixture_of(base_cases());
  EXPECT_HONEST(fx);
  std::vector<size_t> rows;
  for (size_t r = 0; r <= fx.entries.size(); ++r) rows.push_back(r);  // + the first padding row
  size_t mutations = 0, rejected = 0;
  std::vector<std::string> no_effect, with_effect;
  std::vector<std::pair<size_t, size_t>> rejected_cells, accepted_cells;
  for (size_t r : rows) {
    const RowState honest = row_state(fx, r);
    ASSERT_TRUE(honest.constraints_ok && honest.lookups_ok);
    for (size_t c = 0; c < C::kWidth; ++c) {
      const Fp old = fx.decode_trace.row(r)[c];
      for (const Fp value : {Fp::zero(), Fp::one(), old + Fp::one(), -Fp::one(), Fp(kTwo16)}) {
        if (value == old) continue;
        fx.decode_trace.row(r)[c] = value;
        ++mutations;
        const RowState s = row_state(fx, r);
        const std::string name = std::string(C::kColumnNames[c]) + " row " + std::to_string(r) + " := " +
                                 std::to_string(canon(value));
        if (!s.constraints_ok || !s.lookups_ok || s.memory_program != honest.memory_program) {
          ++rejected;
          rejected_cells.emplace_back(r, c);
        } else if (s.class_keys != honest.class_keys) {
          with_effect.push_back(name);
        } else {
          no_effect.push_back(name);
          accepted_cells.emplace_back(r, c);
        }
        fx.decode_trace.row(r)[c] = old;
      }
    }
  }
  EXPECT_TRUE(with_effect.empty()) << [&] {
    std::string s;
    for (const auto& e : with_effect) s += "\n  " + e;
    return s;
  }();
  // Accepted changes on real rows: only rd_inverse where rd = 0 (its value is free there).
  std::set<std::string> accepted_real;
  for (const auto& [r, c] : accepted_cells)
    if (r < fx.entries.size()) accepted_real.insert(std::string(C::kColumnNames[c]));
  EXPECT_EQ(accepted_real, (std::set<std::string>{"rd_inverse"}));
  EXPECT_GT(mutations, 6000u);
  std::set<std::string> accepted_padding;
  for (const auto& [r, c] : accepted_cells)
    if (r == fx.entries.size()) accepted_padding.insert(std::string(C::kColumnNames[c]));
  std::string padding_list;
  for (const auto& n : accepted_padding) padding_list += " " + n;
  std::printf("padding row: changes without effect in%s\n", padding_list.c_str());
  std::printf("mutation sweep: %zu mutations, %zu rejected, %zu accepted without effect (%zu on real rows)\n",
              mutations, rejected, no_effect.size(),
              static_cast<size_t>(std::count_if(accepted_cells.begin(), accepted_cells.end(),
                                                [&](const auto& rc) { return rc.first < fx.entries.size(); })));
  // Spot-check the row criterion against the whole-fixture check on a few cells of each kind.
  std::mt19937 rng(3);
  std::shuffle(rejected_cells.begin(), rejected_cells.end(), rng);
  std::shuffle(accepted_cells.begin(), accepted_cells.end(), rng);
  for (size_t k = 0; k < 4 && k < rejected_cells.size(); ++k) {
    const auto [r, c] = rejected_cells[k];
    const Fp old = fx.decode_trace.row(r)[c];
    fx.decode_trace.row(r)[c] = old + Fp::one();
    if (c != C::kIsReal && c != C::kMultiplicity) {  // keep check_current's per-count loops short
      const Verdict v = judge(fx);
      EXPECT_FALSE(v.ok()) << C::kColumnNames[c] << " row " << r;
      expect_fixture_agrees(fx, v);
    }
    fx.decode_trace.row(r)[c] = old;
  }
  for (size_t k = 0; k < 2 && k < accepted_cells.size(); ++k) {
    const auto [r, c] = accepted_cells[k];
    const Fp old = fx.decode_trace.row(r)[c];
    fx.decode_trace.row(r)[c] = old + Fp(7u);
    const Verdict v = judge(fx);
    EXPECT_TRUE(v.ok()) << C::kColumnNames[c] << " row " << r << v.details();
    fx.decode_trace.row(r)[c] = old;
  }
}

// ---------------------------------------------------------------------------------------------------
// The machine around the chip.

// Not a forgery: the precondition the chip's soundness rests on. The read at 2^25 returns the word's
// value at the END of the segment; were a code word stored to during the segment, the row would decode
// the new word for every fetch, also those before the store. The machine makes code read-only (the CPU
// and syscall chips constrain stores to word addresses >= the first writable word, and the loader
// puts the executable hull below it), so this trace cannot arise there; the test pins down that the chip
// alone does not (and need not) prevent it.
TEST(DecodeAdversarial, ReadsTheValueAtTheEndOfTheSegment) {
  const uint32_t old_word = i_type(1, 1, 0, 1, 0x13), new_word = i_type(2, 1, 0, 1, 0x13);
  DecodeFixture fx = single(kBottom, new_word);
  EXPECT_HONEST(fx);
  auto g = forge(fx, 0);
  g[C::kAccess + 2] = Fp(5u);  // the store's timestamp
  g.derive();
  std::vector<PublicInteraction> publics = fx.public_interactions();
  const Fp a(kBottom / 4);
  for (PublicInteraction& p : publics)
    if (p.bus == kMemoryBus && p.values[0] == a && p.kind == InteractionKind::send) {
      p.values = {a, Fp(old_word & 0xffffu), Fp(old_word >> 16), Fp::zero()};  // the initial word
    }
  // The store: consumes (a, old, 0), produces (a, new, 5).
  publics.push_back(
      {kMemoryBus, InteractionKind::receive, {a, Fp(old_word & 0xffffu), Fp(old_word >> 16), Fp::zero()}});
  publics.push_back({kMemoryBus, InteractionKind::send, {a, Fp(new_word & 0xffffu), Fp(new_word >> 16), Fp(5u)}});
  const Verdict v = judge(fx, publics);
  EXPECT_TRUE(v.ok()) << v.details();
}

// Audit finding (helper audit of the decode chip), resolved by making the executor's fetch rule the
// chip's: the decode chip accepts any word of [code_begin, code_end), the hull of the executable
// segments, and the loader allows read-only data inside that hull (rodata between two text segments).
// The executor used to fault there ("fetch outside executable code") while the chip proved the fetch;
// now the executor also decodes every word of the hull from memory (decoded_program.cpp), so both
// accept exactly the same runs. Below: text at 0x10000 jumps into rodata at 0x10100 holding
// `addi a0, x0, 42; jal x0, text2`, and text2 exits: the executor runs it to exit code 42 and the decode
// chip answers each of its fetches; a zero word of a gap is illegal for both.
TEST(DecodeAdversarial, ExecutorAndChipAgreeOnFetchesFromReadOnlyDataInsideTheCodeRange) {
  const std::vector<uint32_t> text1 = {jal(0, 0x100)};
  const std::vector<uint32_t> rodata = {i_type(42, 0, 0, 10, 0x13), jal(0, 0xfc)};
  const std::vector<uint32_t> text2 = {i_type(93, 0, 0, 17, 0x13), kEcall};
  test::ElfSpec spec;
  spec.entry = 0x10000;
  spec.segments.push_back({0x10000, test::words_to_bytes(text1), 0, test::kPfR | test::kPfX});
  spec.segments.push_back({0x10100, test::words_to_bytes(rodata), 0, test::kPfR});
  spec.segments.push_back({0x10200, test::words_to_bytes(text2), 0, test::kPfR | test::kPfX});
  const ProgramImage image = load_elf(test::build_elf(spec));
  ASSERT_EQ(image.code_begin, 0x10000u);
  ASSERT_EQ(image.code_end, 0x10208u);
  ExecutorEnv env;
  env.console = [](int, std::span<const uint8_t>) {};
  EXPECT_EQ(execute(image, env).exit_code, 42u);

  DecodeFixture fx;
  fx.code_begin_word = image.code_begin / 4;
  fx.code_end_word = image.code_end / 4;
  fx.add(0x10000, text1[0], 1);
  fx.add(0x10100, rodata[0], 1);
  fx.add(0x10104, rodata[1], 1);
  fx.add(0x10200, text2[0], 1);
  fx.add(0x10204, text2[1], 1);
  fx.build();
  const Verdict v = judge(fx);
  EXPECT_TRUE(v.ok()) << v.details();

  // A zero word between the segments (0x10108) is no instruction: the executor faults, the chip has no
  // class for it (the honest generator refuses, and a forged row fails the class lookup: see the
  // rejected-word tests above).
  test::ElfSpec gap = spec;
  gap.segments[1].data = test::words_to_bytes({i_type(42, 0, 0, 10, 0x13), jal(0, 4)});  // falls into 0x10108
  EXPECT_THROW(execute(load_elf(test::build_elf(gap)), env), GuestFault);
  DecodeFixture fx2;
  fx2.code_begin_word = image.code_begin / 4;
  fx2.code_end_word = image.code_end / 4;
  fx2.add(0x10108, 0u, 1);
  EXPECT_THROW(fx2.build(), std::invalid_argument);
}


}  // namespace
}  // namespace zkrv::chips
