// The tools of the decode chip's adversarial tests (instruction_decode_adversarial_test.cpp,
// instruction_decode_rejected_words_test.cpp, instruction_decode_rows_test.cpp): instruction encoders,
// the judge, the forger and the fixtures.
//
// Judging. `judge` is the fixture's check_current() made cheap: the class and byte tables are free
// tables (their multiplicities are free field elements, rebalanced to whatever the decode trace asks),
// so the byte and class buses balance exactly when every lookup the decode trace makes with nonzero
// net multiplicity is a tuple the table holds. judge therefore checks the decode chip's constraints,
// the memory and program buses against the public interactions, and the validity of every net lookup;
// JudgeAgreesWithTheFixture checks that it agrees with check_current() on honest and forged traces.
// A verdict is the set of failing checks: "c:<constraint name>" and "b:<bus name>".
#pragma once

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

namespace zkrv::chips::decode_forgery {

using test_support::DecodeFixture;
using C = InstructionDecodeChip;

inline constexpr uint32_t kTwo16 = uint32_t{1} << 16;
inline constexpr uint32_t kP = Fp::P;

inline Fp F(int64_t v) { return Fp::from_i64(v); }
inline uint32_t canon(Fp x) { return x.as_canonical(); }

// ---------------------------------------------------------------------------------------------------
// Instruction encoders.

inline uint32_t r_type(uint32_t funct7, uint32_t rs2, uint32_t rs1, uint32_t funct3, uint32_t rd, uint32_t opcode) {
  return (funct7 << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
}
inline uint32_t i_type(int32_t imm, uint32_t rs1, uint32_t funct3, uint32_t rd, uint32_t opcode) {
  return ((static_cast<uint32_t>(imm) & 0xfffu) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
}
inline uint32_t s_type(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t funct3) {
  const auto i = static_cast<uint32_t>(imm) & 0xfffu;
  return ((i >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | ((i & 0x1fu) << 7) | 0x23u;
}
inline uint32_t u_type(uint32_t imm20, uint32_t rd, uint32_t opcode) { return (imm20 << 12) | (rd << 7) | opcode; }
using test_support::branch;
using test_support::jal;

inline constexpr uint32_t kEcall = 0x00000073u, kFence = 0x0ff0000fu;
inline constexpr uint32_t kBottom = 0x4000u * 4, kTop = (uint32_t{1} << 30) - 4;  // the fixture's code range ends

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
inline bool byte_tuple_valid(const std::vector<Fp>& t) {
  const uint32_t op = canon(t[0]), x = canon(t[1]), y = canon(t[2]), z = canon(t[3]);
  if (op == static_cast<uint32_t>(ByteOp::u16)) return x < kTwo16 && y == 0 && z == 0;
  if (op == static_cast<uint32_t>(ByteOp::u8_pair)) return x < 256 && y < 256 && z == 0;
  ADD_FAILURE() << "decode chip sent byte op " << op;
  return false;
}

inline bool class_tuple_valid(const std::vector<Fp>& t) {
  for (const InstructionClass& c : instruction_classes()) {
    bool same = t.size() == kInstructionClassArity;
    for (size_t f = 0; same && f < kInstructionClassArity; ++f) same = t[f] == Fp(c[f]);
    if (same) return true;
  }
  return false;
}

// Constraints of the decode chip; memory and program buses against `publics`; every net byte and class
// lookup a table tuple (header).
inline Verdict judge(const DecodeFixture& fx, const std::vector<PublicInteraction>& publics) {
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
inline Verdict judge(const DecodeFixture& fx) { return judge(fx, fx.public_interactions()); }

// check_current() agrees with judge: same verdict (accept or reject) and the same buses and constraints.
inline void expect_fixture_agrees(DecodeFixture& fx, const Verdict& v) {
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

inline const InstructionClass& class_of_word(uint32_t w) {
  const InstructionClass* c = instruction_class_of(w);
  if (c == nullptr) throw std::logic_error("class_of_word: the decoder rejects the word");
  return *c;
}

// The class column of decoded flag `field` (the class table holds the flags without writes_rd).
inline size_t class_field_of_flag(size_t field) {
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

inline Forger forge(DecodeFixture& fx, size_t r) { return Forger{fx, fx.decode_trace.row(r)}; }

// What row r answers on the program bus (canonical values), and its multiplicity.
inline std::pair<DecodedFields, Fp> program_tuple(const DecodeFixture& fx, size_t r) {
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
inline void claim(DecodeFixture& fx, size_t i) {
  const auto [f, m] = program_tuple(fx, i);
  fx.fetches[i] = f;
  fx.entries[i].multiplicity = canon(m);
}

// The truth for entry i: decode_fields of the word memory holds at its pc, if the decoder accepts it.
inline std::optional<DecodedFields> truth(const DecodeFixture& fx, size_t i) {
  const Instruction in = decode(fx.memory_words[i]);
  if (in.op == Opcode::illegal) return std::nullopt;
  return decode_fields(fx.entries[i].pc, in);
}
inline bool claims_a_lie(const DecodeFixture& fx, size_t i) {
  const auto t = truth(fx, i);
  return !t || *t != fx.fetches[i];
}

// A decomposition x = lo + 2^16 hi passing the chip's lookups of lo, hi (if hi_checked) and scale * hi.
inline std::optional<std::pair<uint32_t, uint32_t>> limb_witness(Fp x, uint32_t scale, bool hi_checked = true) {
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
inline std::vector<Case> base_cases() {
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

inline DecodeFixture fixture_of(const std::vector<Case>& cases) {
  DecodeFixture fx;
  uint32_t m = 1;
  for (const Case& c : cases) fx.add(c.pc, c.word, m++ % 3 + 1);
  fx.build();
  return fx;
}

// A fixture with the one word w at pc (plus a second entry, so a forged row is never alone).
inline DecodeFixture single(uint32_t pc, uint32_t w) {
  return fixture_of({{pc, w}, {pc == kBottom ? kBottom + 4 : kBottom, r_type(0, 1, 2, 0, 3, 0x33)}});
}

// A copy of the fixture's decode side only (judge needs no table traces; check_current does).
inline DecodeFixture light(const DecodeFixture& b) {
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

}  // namespace zkrv::chips::decode_forgery
