// InstructionDecodeChip, hostile side: a cheating prover controls every cell of the decode trace and the
// CPU's claimed fetch tuples. Each forgery rewrites a row CONSISTENTLY (every output cell recomputed from
// the constraint formulas in the field, so only the check under test can object), makes the CPU claim
// what the forged row answers, and asserts which check rejects it; each starts from an honest fixture
// that passes, so every test can fail. Then a mutation sweep over every cell of a small honest trace.
//
// Judging. `judge` is the fixture's check_current() made cheap: the class and byte tables are free
// tables (their multiplicities are free field elements, rebalanced to whatever the decode trace asks),
// so the byte and class buses balance exactly when every lookup the decode trace makes with nonzero
// net multiplicity is a tuple the table holds. judge therefore checks the decode chip's constraints,
// the memory and program buses against the public interactions, and the validity of every net lookup;
// JudgeAgreesWithTheFixture checks that it agrees with check_current() on honest and forged traces.
// A verdict is the set of failing checks: "c:<constraint name>" and "b:<bus name>".
//
// The last test pins the fetch rule the executor and the chip share (every word of the code range; an
// audit found them disagreeing before the executor was changed).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "air/debug.h"
#include "support/elf_builder.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/program/instruction_class_chip.h"
#include "vm/chips/program/instruction_decode_chip.h"
#include "vm/chips/program/instruction_decode_test_support.h"
#include "vm/executor/executor.h"
#include "vm/isa/decoder.h"
#include "vm/isa/program_image.h"

namespace zkrv::chips {
namespace {

using test_support::DecodeFixture;
using C = InstructionDecodeChip;

constexpr uint32_t kTwo16 = uint32_t{1} << 16;
constexpr uint32_t kP = Fp::P;

Fp F(int64_t v) { return Fp::from_i64(v); }
uint32_t canon(Fp x) { return x.as_canonical(); }

// ---------------------------------------------------------------------------------------------------
// Instruction encoders.

uint32_t r_type(uint32_t funct7, uint32_t rs2, uint32_t rs1, uint32_t funct3, uint32_t rd, uint32_t opcode) {
  return (funct7 << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
}
uint32_t i_type(int32_t imm, uint32_t rs1, uint32_t funct3, uint32_t rd, uint32_t opcode) {
  return ((static_cast<uint32_t>(imm) & 0xfffu) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
}
uint32_t s_type(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t funct3) {
  const auto i = static_cast<uint32_t>(imm) & 0xfffu;
  return ((i >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | ((i & 0x1fu) << 7) | 0x23u;
}
uint32_t u_type(uint32_t imm20, uint32_t rd, uint32_t opcode) { return (imm20 << 12) | (rd << 7) | opcode; }
using test_support::branch;
using test_support::jal;

constexpr uint32_t kEcall = 0x00000073u, kFence = 0x0ff0000fu;
constexpr uint32_t kBottom = 0x4000u * 4, kTop = (uint32_t{1} << 30) - 4;  // the fixture's code range ends

// ---------------------------------------------------------------------------------------------------
// Verdicts.

struct Verdict {
  std::set<std::string> items;
  std::vector<std::string> text;
  void add(std::string item, std::string line) {
    items.insert(std::move(item));
    text.push_back(std::move(line));
  }
  bool ok() const { return text.empty(); }
  bool has(const std::string& item) const { return items.count(item) != 0; }
  std::string summary() const {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : " | ") + i;
    return s;
  }
  std::string details() const {
    std::string s;
    for (size_t i = 0; i < text.size() && i < 12; ++i) s += "\n  " + text[i];
    return s;
  }
};

// The byte table's row of a tuple (u16 and u8_pair: the only byte ops the decode chip uses), if it has one.
bool byte_tuple_valid(const std::vector<Fp>& t) {
  const uint32_t op = canon(t[0]), x = canon(t[1]), y = canon(t[2]), z = canon(t[3]);
  if (op == static_cast<uint32_t>(ByteOp::u16)) return x < kTwo16 && y == 0 && z == 0;
  if (op == static_cast<uint32_t>(ByteOp::u8_pair)) return x < 256 && y < 256 && z == 0;
  ADD_FAILURE() << "decode chip sent byte op " << op;
  return false;
}

bool class_tuple_valid(const std::vector<Fp>& t) {
  for (const InstructionClass& c : instruction_classes()) {
    bool same = t.size() == kInstructionClassArity;
    for (size_t f = 0; same && f < kInstructionClassArity; ++f) same = t[f] == Fp(c[f]);
    if (same) return true;
  }
  return false;
}

// Constraints of the decode chip; memory and program buses against `publics`; every net byte and class
// lookup a table tuple (header).
Verdict judge(const DecodeFixture& fx, const std::vector<PublicInteraction>& publics) {
  const ChipTrace dv = chip_trace(fx.chip, fx.decode_trace.view());
  Verdict v;
  for (const ConstraintFailure& f : check_constraints(dv, 1024)) v.add("c:" + f.name, f.describe());
  for (const BusImbalance& b : check_buses(std::span<const ChipTrace>(&dv, 1), publics)) {
    if (b.bus == kByteBus && byte_tuple_valid(b.tuple)) continue;               // the byte table absorbs it
    if (b.bus == kInstructionClassBus && class_tuple_valid(b.tuple)) continue;  // the class table absorbs it
    v.add("b:" + std::string(b.bus.name), b.describe());
  }
  return v;
}
Verdict judge(const DecodeFixture& fx) { return judge(fx, fx.public_interactions()); }

// check_current() agrees with judge: same verdict (accept or reject) and the same buses and constraints.
void expect_fixture_agrees(DecodeFixture& fx, const Verdict& v) {
  const std::vector<std::string> full = fx.check_current();
  EXPECT_EQ(full.empty(), v.ok()) << v.summary();
  for (const std::string& item : v.items) {
    const std::string needle = item.substr(0, 2) == "b:" ? "bus '" + item.substr(2) + "'" : "'" + item.substr(2) + "'";
    const auto mentions = [&](const std::string& s) { return s.find(needle) != std::string::npos; };
    EXPECT_TRUE(std::any_of(full.begin(), full.end(), mentions)) << needle;
  }
}

// ---------------------------------------------------------------------------------------------------
// The forger: writes a row of the decode trace from the prover's free choices, computing every output
// cell from the constraint formulas in the field (so they hold whatever the inputs are).

const InstructionClass& class_of_word(uint32_t w) {
  const InstructionClass* c = instruction_class_of(w);
  if (c == nullptr) throw std::logic_error("class_of_word: the decoder rejects the word");
  return *c;
}

// The class column of decoded flag `field` (the class table holds the flags without writes_rd).
size_t class_field_of_flag(size_t field) {
  size_t k = kClassFirstFlag;
  for (size_t i = kFirstFlag; i < kNumDecodedFields; ++i) {
    if (i == kFieldWritesRd) continue;
    if (i == field) return k;
    ++k;
  }
  throw std::logic_error("class_field_of_flag");
}

struct Forger {
  const DecodeFixture& fx;
  std::span<Fp> row;

  Fp& operator[](size_t c) { return row[c]; }
  Fp& cls(size_t f) { return row[C::class_column(f)]; }
  Fp c(size_t f) const { return row[C::class_column(f)]; }
  Fp rdf() const { return row[C::kRdB0] + row[C::kRdHi] * Fp(2u); }
  Fp rs1f() const { return row[C::kRs1B0] + row[C::kRs1Hi] * Fp(2u); }
  Fp rs2f() const { return row[C::kRs2B0] + row[C::kRs2Hi] * Fp(2u); }
  Fp funct7() const { return row[C::kFunct7Lo] + row[C::kSign] * Fp(64u); }
  Fp lo16() const {
    return row[C::kOpcode] + rdf() * Fp(1u << 7) + row[C::kFunct3] * Fp(1u << 12) + row[C::kRs1B0] * Fp(1u << 15);
  }
  Fp hi16() const { return row[C::kRs1Hi] + rs2f() * Fp(1u << 4) + funct7() * Fp(1u << 9); }
  Fp pc() const { return row[C::kPcLo] + row[C::kPcHi] * Fp(kTwo16); }
  Fp target_t() const {
    return pc() + row[C::kImmLo] + row[C::kImmHi] * Fp(kTwo16) -
           row[C::kSign] * Fp(static_cast<uint32_t>((uint64_t{1} << 32) % kP));
  }
  Fp aux_lo_sum() const {
    return c(kClassAuxHasImm) * row[C::kImmLo] + c(kClassAuxHasPc) * row[C::kPcLo] + c(kClassAuxPlus4) * Fp(4u);
  }
  Fp aux_hi_sum() const {
    return c(kClassAuxHasImm) * row[C::kImmHi] + c(kClassAuxHasPc) * row[C::kPcHi] + row[C::kAuxCarryLo];
  }

  // Limbs of a field value's canonical integer (lo < 2^16; hi whatever is left).
  static void split(Fp v, Fp& lo, Fp& hi) {
    lo = Fp(canon(v) & 0xffffu);
    hi = Fp(canon(v) >> 16);
  }

  void clear() { std::fill(row.begin(), row.end(), Fp::zero()); }

  // pc limbs, and code/room from word address pc / 4 (as integers, reduced mod p when out of range).
  void set_pc(uint32_t pc) {
    row[C::kPcLo] = Fp(pc & 0xffffu);
    row[C::kPcHi] = Fp(pc >> 16);
    const int64_t word = pc / 4;
    split(F(word - int64_t{fx.code_begin_word}), row[C::kCodeLo], row[C::kCodeHi]);
    split(F(int64_t{fx.code_end_word} - 1 - word), row[C::kRoomLo], row[C::kRoomHi]);
  }
  void set_word(uint32_t w) {
    row[C::kOpcode] = Fp(w & 0x7fu);
    row[C::kRdB0] = Fp((w >> 7) & 1u);
    row[C::kRdHi] = Fp((w >> 8) & 0xfu);
    row[C::kFunct3] = Fp((w >> 12) & 7u);
    row[C::kRs1B0] = Fp((w >> 15) & 1u);
    row[C::kRs1Hi] = Fp((w >> 16) & 0xfu);
    row[C::kRs2B0] = Fp((w >> 20) & 1u);
    row[C::kRs2Hi] = Fp((w >> 21) & 0xfu);
    row[C::kFunct7Lo] = Fp((w >> 25) & 0x3fu);
    row[C::kSign] = Fp(w >> 31);
  }
  void set_class(const InstructionClass& k) {
    for (size_t f = kClassUsesFunct7; f < kClassNumFields; ++f) cls(f) = Fp(k[f]);
  }

  // The output cells, from the inputs (bit fields, class columns, pc, witnesses), except those in keep.
  void derive(std::initializer_list<size_t> keep = {}) {
    const auto set = [&](size_t col, Fp v) {
      if (std::find(keep.begin(), keep.end(), col) == keep.end()) row[col] = v;
    };
    set(C::kFunct7Key, c(kClassUsesFunct7) * funct7());
    const Fp is_ecall = c(kClassNumFields - 1);
    set(C::kRs1, c(kClassFirstFlag) * rs1f() + is_ecall * Fp(kEcallNumberRegister));
    set(C::kRs2, c(kClassFirstFlag + 1) * rs2f() + is_ecall * Fp(kEcallArgRegister));
    set(C::kRd, c(kClassHasRd) * rdf() + is_ecall * Fp(kEcallArgRegister));
    set(C::kWritesRd, c(kClassHasRd) * row[C::kRdNonzero]);
    const Fp sign = row[C::kSign], f7lo = row[C::kFunct7Lo], f3 = row[C::kFunct3];
    const Fp imm_lo = c(kClassFmtI) * (rs2f() + f7lo * Fp(32u) + sign * Fp(0xf800u)) +
                      c(kClassFmtS) * (rdf() + f7lo * Fp(32u) + sign * Fp(0xf800u)) +
                      c(kClassFmtB) * (row[C::kRdHi] * Fp(2u) + f7lo * Fp(32u) + row[C::kRdB0] * Fp(1u << 11) +
                                       sign * Fp(0xf000u)) +
                      c(kClassFmtU) * (f3 * Fp(1u << 12) + row[C::kRs1B0] * Fp(1u << 15)) +
                      c(kClassFmtJ) * (row[C::kRs2Hi] * Fp(2u) + f7lo * Fp(32u) + row[C::kRs2B0] * Fp(1u << 11) +
                                       f3 * Fp(1u << 12) + row[C::kRs1B0] * Fp(1u << 15)) +
                      c(kClassFmtShift) * rs2f();
    const Fp imm_hi = (c(kClassFmtI) + c(kClassFmtS) + c(kClassFmtB)) * sign * Fp(0xffffu) + c(kClassFmtU) * hi16() +
                      c(kClassFmtJ) * (row[C::kRs1Hi] + sign * Fp(0xfff0u));
    set(C::kImmLo, imm_lo);
    set(C::kImmHi, imm_hi);
    const Fp t = target_t();
    Fp lo, hi;
    split(row[C::kTargetIn] * t, lo, hi);
    set(C::kTargetLo, lo);
    set(C::kTargetHi, hi);
    split(row[C::kTargetOut] * (t - Fp(1u << 30) - sign * (t * Fp(2u) - Fp(1u << 30) + Fp::one())), lo, hi);
    set(C::kOverLo, lo);
    set(C::kOverHi, hi);
    set(C::kAuxLo, aux_lo_sum() - row[C::kAuxCarryLo] * Fp(kTwo16));
    set(C::kAuxHi, aux_hi_sum() - row[C::kAuxCarryHi] * Fp(kTwo16));
    if (row[C::kIsReal] != Fp::zero()) {
      set(C::kAccess + 0, lo16());
      set(C::kAccess + 1, hi16());
      split(Fp(kFetchReadTimestamp) - row[C::kAccess + 2] - Fp::one(), lo, hi);
      set(C::kAccess + 3, lo);
      set(C::kAccess + 4, hi);
    }
  }

  // The witnesses an honest prover would choose for the current inputs (outputs derived first).
  void honest_witnesses() {
    derive();
    row[C::kRdNonzero] = rdf() == Fp::zero() ? Fp::zero() : Fp::one();
    row[C::kRdInverse] = rdf().inverse();
    const bool jumps = c(kClassFmtB) + c(kClassFmtJ) == Fp::one();
    const bool in = canon(target_t()) < (uint32_t{1} << 30);
    row[C::kTargetIn] = jumps && in ? Fp::one() : Fp::zero();
    row[C::kTargetOut] = jumps && !in ? Fp::one() : Fp::zero();
    row[C::kAuxCarryLo] = canon(aux_lo_sum()) >= kTwo16 ? Fp::one() : Fp::zero();
    row[C::kAuxCarryHi] = canon(aux_hi_sum()) >= kTwo16 ? Fp::one() : Fp::zero();
    derive();
  }

  // A whole honest row for (pc, w) with class k (the word's own, or another to forge).
  void build(uint32_t pc, uint32_t w, const InstructionClass& k, uint32_t multiplicity) {
    clear();
    row[C::kIsReal] = Fp::one();
    row[C::kMultiplicity] = Fp(multiplicity);
    set_pc(pc);
    set_word(w);
    set_class(k);
    honest_witnesses();
  }
};

Forger forge(DecodeFixture& fx, size_t r) { return Forger{fx, fx.decode_trace.row(r)}; }

// What row r answers on the program bus (canonical values), and its multiplicity.
std::pair<DecodedFields, Fp> program_tuple(const DecodeFixture& fx, size_t r) {
  const ChipTrace dv = chip_trace(fx.chip, fx.decode_trace.view());
  for (const auto& i : row_interactions(dv, r)) {
    if (i.bus != kProgramBus) continue;
    DecodedFields f{};
    for (size_t k = 0; k < kNumDecodedFields; ++k) f[k] = canon(i.values[k]);
    return {f, i.multiplicity};
  }
  throw std::logic_error("program_tuple: no program interaction");
}

// The CPU of entry i claims exactly what the (forged) row i answers.
void claim(DecodeFixture& fx, size_t i) {
  const auto [f, m] = program_tuple(fx, i);
  fx.fetches[i] = f;
  fx.entries[i].multiplicity = canon(m);
}

// The truth for entry i: decode_fields of the word memory holds at its pc, if the decoder accepts it.
std::optional<DecodedFields> truth(const DecodeFixture& fx, size_t i) {
  const Instruction in = decode(fx.memory_words[i]);
  if (in.op == Opcode::illegal) return std::nullopt;
  return decode_fields(fx.entries[i].pc, in);
}
bool claims_a_lie(const DecodeFixture& fx, size_t i) {
  const auto t = truth(fx, i);
  return !t || *t != fx.fetches[i];
}

// A decomposition x = lo + 2^16 hi passing the chip's lookups of lo, hi (if hi_checked) and scale * hi.
std::optional<std::pair<uint32_t, uint32_t>> limb_witness(Fp x, uint32_t scale, bool hi_checked = true) {
  const Fp inv16 = Fp(kTwo16).inverse();
  for (uint32_t lo = 0; lo < kTwo16; ++lo) {
    const Fp hi = (x - Fp(lo)) * inv16;
    if ((!hi_checked || canon(hi) < kTwo16) && canon(hi * Fp(scale)) < kTwo16) return std::pair{lo, canon(hi)};
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------
// Fixtures.

struct Case {
  uint32_t pc, word;
};

// One or more words of every format and the edge cases of target and aux.
std::vector<Case> base_cases() {
  return {
      {kBottom + 0, r_type(0, 7, 6, 0, 5, 0x33)},          // add x5, x6, x7
      {kBottom + 4, r_type(0x20, 2, 1, 0, 31, 0x33)},      // sub x31, x1, x2
      {kBottom + 8, i_type(-1, 11, 0, 10, 0x13)},          // addi x10, x11, -1
      {kBottom + 12, i_type(0x400 | 7, 4, 5, 3, 0x13)},    // srai x3, x4, 7
      {kBottom + 16, i_type(-2048, 8, 0, 9, 0x03)},        // lb x9, -2048(x8)
      {kBottom + 20, s_type(2047, 21, 20, 2)},             // sw x21, 2047(x20)
      {kBottom + 24, branch(4, 1, 2, -4096)},              // blt x1, x2, -4096
      {kBottom + 28, branch(1, 3, 5, 2046)},               // bne x3, x5, +2046
      {kBottom + 32, jal(1, 0x800)},                       // jal ra, +2048
      {kBottom + 36, jal(0, -0x100000)},                   // T < 0: target 0
      {kTop, jal(1, 4)},                                   // T = 2^30: target 0
      {kBottom + 40, i_type(-12, 5, 0, 1, 0x67)},          // jalr ra, -12(t0)
      {kBottom + 44, u_type(0xfffff, 7, 0x37)},            // lui t2, 0xfffff
      {kTop - 4, u_type(0xfffff, 9, 0x17)},                // auipc s1, 0xfffff: both aux carries
      {kBottom + 48, u_type(1, 0, 0x17)},                  // auipc x0, 1: writes_rd 0
      {kBottom + 52, kFence},                              // fence
      {kBottom + 56, kEcall},                              // ecall
      {kBottom + 60, r_type(1, 3, 2, 0, 1, 0x33)},         // mul ra, sp, gp
      {kBottom + 64, i_type(31, 1, 1, 1, 0x13)},           // slli ra, ra, 31
      {kTop - 8, branch(0, 1, 1, 2044)},                   // beq past 2^30: target 0
      {kBottom + 68, r_type(0x20, 31, 30, 5, 29, 0x33)},   // sra t4, t5, t6
  };
}

DecodeFixture fixture_of(const std::vector<Case>& cases) {
  DecodeFixture fx;
  uint32_t m = 1;
  for (const Case& c : cases) fx.add(c.pc, c.word, m++ % 3 + 1);
  fx.build();
  return fx;
}

// A fixture with the one word w at pc (plus a second entry, so a forged row is never alone).
DecodeFixture single(uint32_t pc, uint32_t w) {
  return fixture_of({{pc, w}, {pc == kBottom ? kBottom + 4 : kBottom, r_type(0, 1, 2, 0, 3, 0x33)}});
}

// A copy of the fixture's decode side only (judge needs no table traces; check_current does).
DecodeFixture light(const DecodeFixture& b) {
  DecodeFixture fx;
  fx.code_begin_word = b.code_begin_word;
  fx.code_end_word = b.code_end_word;
  fx.entries = b.entries;
  fx.memory_words = b.memory_words;
  fx.fetches = b.fetches;
  fx.chip = b.chip;
  fx.decode_trace = b.decode_trace;
  return fx;
}

#define EXPECT_HONEST(fx)                                   \
  do {                                                      \
    const Verdict honest_ = judge(fx);                      \
    ASSERT_TRUE(honest_.ok()) << honest_.details();         \
  } while (0)

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
      ASSERT_NE(fx.fetches[i][field], truth(fx, i).value()[field]) << i << " " << kDecodedFieldNames[field];
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
