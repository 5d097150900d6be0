// ProgramChip: the decoded table of a tiny ELF checked field by field against hand-written
// expectations (every instruction class), words that do not decode and non-executable words absent,
// honest fetches balance (debug builder, bus checker, prove + verify) and a fetch of an absent pc or
// with a wrong field does not.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include "air/debug.h"
#include "air/symbolic.h"
#include "stark/stark_test_util.h"
#include "support/elf_builder.h"
#include "support/rv_encoder.h"
#include "vm/chips/program/program_chip.h"
#include "vm/executor/alu_event.h"
#include "vm/isa/program_image.h"

namespace zkrv::chips {
namespace {

namespace rv = test::rv;

// Plays the CPU's fetch: sends (fields...) on the program bus with multiplicity is_real.
struct FetchDriverChip : AirDefaults {
  static constexpr size_t kIsReal = kNumDecodedFields, kWidth = kNumDecodedFields + 1;
  std::string_view name() const noexcept { return "fetch_driver"; }
  size_t width() const noexcept { return kWidth; }
  template <AirBuilder B>
  void eval(B& b) const {
    using Expr = typename B::Expr;
    const auto m = b.main();
    const Expr is_real = m.current(kIsReal);
    b.assert_bool(is_real, "fetch driver: is_real is boolean");
    std::array<Expr, kNumDecodedFields> tuple;
    for (size_t i = 0; i < kNumDecodedFields; ++i) tuple[i] = m.current(i);
    b.send(kProgramBus, std::span<const Expr>(tuple), is_real);
  }
  static RowMajorMatrix<Fp> trace(const std::vector<DecodedFields>& fetches) {
    RowMajorMatrix<Fp> t(std::max<size_t>(8, std::bit_ceil(fetches.size())), kWidth);
    for (size_t r = 0; r < fetches.size(); ++r) {
      for (size_t i = 0; i < kNumDecodedFields; ++i) t.row(r)[i] = Fp(fetches[r][i]);
      t.row(r)[kIsReal] = Fp::one();
    }
    return t;
  }
};

constexpr uint32_t kCode = 0x10000;

// One instruction with its expected non-zero fields (everything not listed is 0).
struct Expected {
  uint32_t word;
  std::map<DecodedField, uint32_t> fields;
};

uint32_t op(AluOp o) { return static_cast<uint32_t>(o); }

std::vector<Expected> expectations() {
  using enum AluOp;
  // pc of entry i is kCode + 4 i; the illegal words sit at fixed indices (see code_words()).
  return {
      // 0: lui x5, 0x12345
      {rv::lui(5, 0x12345), {{kFieldRd, 5}, {kFieldWritesRd, 1}, {kFieldImmLo, 0x5000}, {kFieldImmHi, 0x1234},
                             {kFieldAuxLo, 0x5000}, {kFieldAuxHi, 0x1234}, {kFieldIsConstRd, 1}}},
      // 1: auipc x6, 0xfffff  (imm = -4096, pc + imm = 0x10004 - 0x1000 = 0xf004)
      {rv::auipc(6, 0xfffff), {{kFieldRd, 6}, {kFieldWritesRd, 1}, {kFieldImmLo, 0xf000}, {kFieldImmHi, 0xffff},
                               {kFieldAuxLo, 0xf004}, {kFieldAuxHi, 0}, {kFieldIsConstRd, 1}}},
      // 2: jal x1, +8 (pc 0x10008)
      {rv::jal(1, 8), {{kFieldRd, 1}, {kFieldWritesRd, 1}, {kFieldImmLo, 8}, {kFieldTarget, 0x10010},
                       {kFieldAuxLo, 0x000c}, {kFieldAuxHi, 1}, {kFieldIsJal, 1}, {kFieldIsConstRd, 1}}},
      // 3: jal x0, -0x10000 (pc 0x1000c): target 0xc, representable; no rd write
      {rv::jal(0, -0x10000), {{kFieldImmLo, 0}, {kFieldImmHi, 0xffff}, {kFieldTarget, 0xc}, {kFieldAuxLo, 0x0010},
                              {kFieldAuxHi, 1}, {kFieldIsJal, 1}, {kFieldIsConstRd, 1}}},
      // 4: jal x0, -0x20000 (pc 0x10010): target wraps below 0: not representable, 0
      {rv::jal(0, -0x20000), {{kFieldImmLo, 0}, {kFieldImmHi, 0xfffe}, {kFieldAuxLo, 0x0014}, {kFieldAuxHi, 1},
                              {kFieldIsJal, 1}, {kFieldIsConstRd, 1}}},
      // 5: jalr x1, x5, -3 (pc 0x10014)
      {rv::jalr(1, 5, -3), {{kFieldRs1, 5}, {kFieldReadsRs1, 1}, {kFieldRd, 1}, {kFieldWritesRd, 1},
                            {kFieldImmLo, 0xfffd}, {kFieldImmHi, 0xffff}, {kFieldAuxLo, 0x0018}, {kFieldAuxHi, 1},
                            {kFieldUseImm, 1}, {kFieldAluOp, op(add)}, {kFieldIsJalr, 1}, {kFieldIsConstRd, 1}}},
      // 6: beq x1, x2, -8 (pc 0x10018); a branch's imm is 0, its offset is in target
      {rv::beq(1, 2, -8), {{kFieldRs1, 1}, {kFieldRs2, 2}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1},
                           {kFieldTarget, 0x10010},
                           {kFieldIsBranchEq, 1}}},
      // 7: bne x3, x4, +16 (pc 0x1001c)
      {rv::bne(3, 4, 16), {{kFieldRs1, 3}, {kFieldRs2, 4}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1},
                           {kFieldTarget, 0x1002c}, {kFieldIsBranchEq, 1},
                           {kFieldBranchNegate, 1}}},
      // 8: blt (pc 0x10020)
      {rv::blt(5, 6, 4), {{kFieldRs1, 5}, {kFieldRs2, 6}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1}, {kFieldTarget, 0x10024}, {kFieldIsBranchLt, 1}, {kFieldAluOp, op(slt)}}},
      // 9: bge (pc 0x10024)
      {rv::bge(5, 6, 4), {{kFieldRs1, 5}, {kFieldRs2, 6}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1}, {kFieldTarget, 0x10028}, {kFieldIsBranchLt, 1}, {kFieldAluOp, op(slt)},
                          {kFieldBranchNegate, 1}}},
      // 10: bltu (pc 0x10028)
      {rv::bltu(7, 8, -4), {{kFieldRs1, 7}, {kFieldRs2, 8}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1},
                            {kFieldTarget, 0x10024},
                            {kFieldIsBranchLt, 1}, {kFieldAluOp, op(sltu)}}},
      // 11: bgeu (pc 0x1002c)
      {rv::bgeu(7, 8, 8), {{kFieldRs1, 7}, {kFieldRs2, 8}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1}, {kFieldTarget, 0x10034}, {kFieldIsBranchLt, 1}, {kFieldAluOp, op(sltu)},
                           {kFieldBranchNegate, 1}}},
      // 12..16: loads
      {rv::lb(9, 10, -1), {{kFieldRs1, 10}, {kFieldReadsRs1, 1}, {kFieldRd, 9}, {kFieldWritesRd, 1},
                           {kFieldImmLo, 0xffff}, {kFieldImmHi, 0xffff}, {kFieldUseImm, 1}, {kFieldAluOp, op(add)},
                           {kFieldIsLoad, 1}, {kFieldMemByte, 1}, {kFieldMemSigned, 1}}},
      {rv::lh(9, 10, 2), {{kFieldRs1, 10}, {kFieldReadsRs1, 1}, {kFieldRd, 9}, {kFieldWritesRd, 1}, {kFieldImmLo, 2},
                          {kFieldUseImm, 1}, {kFieldAluOp, op(add)}, {kFieldIsLoad, 1}, {kFieldMemHalf, 1},
                          {kFieldMemSigned, 1}}},
      {rv::lw(0, 10, 4), {{kFieldRs1, 10}, {kFieldReadsRs1, 1}, {kFieldImmLo, 4}, {kFieldUseImm, 1},
                          {kFieldAluOp, op(add)}, {kFieldIsLoad, 1}}},
      {rv::lbu(11, 12, 2047), {{kFieldRs1, 12}, {kFieldReadsRs1, 1}, {kFieldRd, 11}, {kFieldWritesRd, 1},
                               {kFieldImmLo, 2047}, {kFieldUseImm, 1}, {kFieldAluOp, op(add)}, {kFieldIsLoad, 1},
                               {kFieldMemByte, 1}}},
      {rv::lhu(11, 12, -2048), {{kFieldRs1, 12}, {kFieldReadsRs1, 1}, {kFieldRd, 11}, {kFieldWritesRd, 1},
                                {kFieldImmLo, 0xf800}, {kFieldImmHi, 0xffff}, {kFieldUseImm, 1},
                                {kFieldAluOp, op(add)}, {kFieldIsLoad, 1}, {kFieldMemHalf, 1}}},
      // 17..19: stores (rv::sb(rs2, rs1, imm))
      {rv::sb(13, 14, 1), {{kFieldRs1, 14}, {kFieldRs2, 13}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1},
                           {kFieldImmLo, 1}, {kFieldUseImm, 1}, {kFieldAluOp, op(add)}, {kFieldIsStore, 1},
                           {kFieldMemByte, 1}}},
      {rv::sh(13, 14, 6), {{kFieldRs1, 14}, {kFieldRs2, 13}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1},
                           {kFieldImmLo, 6}, {kFieldUseImm, 1}, {kFieldAluOp, op(add)}, {kFieldIsStore, 1},
                           {kFieldMemHalf, 1}}},
      {rv::sw(0, 2, -4), {{kFieldRs1, 2}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1}, {kFieldImmLo, 0xfffc},
                          {kFieldImmHi, 0xffff}, {kFieldUseImm, 1}, {kFieldAluOp, op(add)}, {kFieldIsStore, 1}}},
      // 20..24: OP-IMM (x0 destination: no write)
      {rv::addi(0, 0, 0), {{kFieldReadsRs1, 1}, {kFieldUseImm, 1}, {kFieldIsAlu, 1}, {kFieldAluOp, op(add)}}},
      {rv::sltiu(15, 16, -1), {{kFieldRs1, 16}, {kFieldReadsRs1, 1}, {kFieldRd, 15}, {kFieldWritesRd, 1},
                               {kFieldImmLo, 0xffff}, {kFieldImmHi, 0xffff}, {kFieldUseImm, 1}, {kFieldIsAlu, 1},
                               {kFieldAluOp, op(sltu)}}},
      {rv::xori(15, 16, 0x7ff), {{kFieldRs1, 16}, {kFieldReadsRs1, 1}, {kFieldRd, 15}, {kFieldWritesRd, 1},
                                 {kFieldImmLo, 0x7ff}, {kFieldUseImm, 1}, {kFieldIsAlu, 1}, {kFieldAluOp, op(xor_)}}},
      {rv::slli(17, 18, 31), {{kFieldRs1, 18}, {kFieldReadsRs1, 1}, {kFieldRd, 17}, {kFieldWritesRd, 1},
                              {kFieldImmLo, 31}, {kFieldUseImm, 1}, {kFieldIsAlu, 1}, {kFieldAluOp, op(sll)}}},
      {rv::srai(17, 18, 7), {{kFieldRs1, 18}, {kFieldReadsRs1, 1}, {kFieldRd, 17}, {kFieldWritesRd, 1},
                             {kFieldImmLo, 7}, {kFieldUseImm, 1}, {kFieldIsAlu, 1}, {kFieldAluOp, op(sra)}}},
      // 25..29: OP and M
      {rv::sub(19, 20, 21), {{kFieldRs1, 20}, {kFieldRs2, 21}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1},
                             {kFieldRd, 19}, {kFieldWritesRd, 1}, {kFieldIsAlu, 1}, {kFieldAluOp, op(sub)}}},
      {rv::sra(0, 20, 21), {{kFieldRs1, 20}, {kFieldRs2, 21}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1},
                            {kFieldIsAlu, 1}, {kFieldAluOp, op(sra)}}},
      {rv::mulhsu(22, 23, 24), {{kFieldRs1, 23}, {kFieldRs2, 24}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1},
                                {kFieldRd, 22}, {kFieldWritesRd, 1}, {kFieldIsAlu, 1}, {kFieldAluOp, op(mulhsu)}}},
      {rv::divu(25, 26, 27), {{kFieldRs1, 26}, {kFieldRs2, 27}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1},
                              {kFieldRd, 25}, {kFieldWritesRd, 1}, {kFieldIsAlu, 1}, {kFieldAluOp, op(divu)}}},
      {rv::remu(28, 29, 30), {{kFieldRs1, 29}, {kFieldRs2, 30}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1},
                              {kFieldRd, 28}, {kFieldWritesRd, 1}, {kFieldIsAlu, 1}, {kFieldAluOp, op(remu)}}},
      // 30: fence: all zero; 31: ecall
      {rv::fence(), {}},
      {rv::ecall(), {{kFieldRs1, 17}, {kFieldRs2, 10}, {kFieldRd, 10}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1},
                     {kFieldIsEcall, 1}}},
      // 32: one more, so the table has padding rows (33 rows, height 64)
      {rv::mulh(1, 2, 3), {{kFieldRs1, 2}, {kFieldRs2, 3}, {kFieldReadsRs1, 1}, {kFieldReadsRs2, 1}, {kFieldRd, 1},
                           {kFieldWritesRd, 1}, {kFieldIsAlu, 1}, {kFieldAluOp, op(mulh)}}},
  };
}

// The code words: the expectations, with illegal words interleaved after index 3 and at the end.
constexpr uint32_t kIllegalA = 0xffffffffu;  // not RV32IM
constexpr uint32_t kIllegalB = 0x00100073u;  // ebreak: not accepted (docs/architecture.md: ecall is the only system insn)
constexpr uint32_t kIllegalC = 0x00000000u;  // the zero word

struct TestProgram {
  ProgramImage image;
  std::vector<std::pair<uint32_t, Expected>> valid;  // pc, expectation
  std::vector<uint32_t> invalid_pcs;
};

TestProgram test_program() {
  TestProgram p;
  std::vector<uint32_t> words;
  const auto ex = expectations();
  // Expected targets/aux above assume entry i at kCode + 4 i, so illegal words go after all of them.
  for (const Expected& e : ex) {
    p.valid.push_back({kCode + 4 * static_cast<uint32_t>(words.size()), e});
    words.push_back(e.word);
  }
  for (uint32_t w : {kIllegalA, kIllegalB, kIllegalC}) {
    p.invalid_pcs.push_back(kCode + 4 * static_cast<uint32_t>(words.size()));
    words.push_back(w);
  }
  test::ElfSpec spec;
  spec.entry = kCode;
  // Executable code, 8 more bytes of zero fill (no row), then a data segment holding a valid
  // instruction word that must not become a row since it is not executable.
  spec.segments.push_back({kCode, test::words_to_bytes(words), static_cast<uint32_t>(4 * words.size() + 8),
                           test::kPfR | test::kPfX});
  spec.segments.push_back({0x20000, test::words_to_bytes({rv::addi(1, 1, 1)}), 0, test::kPfR | test::kPfW});
  p.invalid_pcs.push_back(kCode + 4 * static_cast<uint32_t>(words.size()));  // zero fill
  p.invalid_pcs.push_back(0x20000);                                           // data
  const auto elf = test::build_elf(spec);
  p.image = load_elf(elf);
  return p;
}

TEST(ProgramChip, ShapeMatchesTheHeader) {
  const TestProgram p = test_program();
  const AirInfo info = analyze(ProgramChip(p.image));
  EXPECT_EQ(info.width, 1u);
  EXPECT_EQ(info.num_constraints(), 1u);
  EXPECT_EQ(info.max_constraint_degree, 2u);
  ASSERT_EQ(info.interactions.size(), 1u);
  EXPECT_EQ(ProgramChip(p.image).preprocessed_width(), 28u);
}

TEST(ProgramChip, DecodesEveryClassFieldByField) {
  const TestProgram p = test_program();
  const ProgramChip chip(p.image);
  ASSERT_EQ(chip.rows().size(), p.valid.size());
  const RowMajorMatrix<Fp> prep = chip.preprocessed_trace();
  ASSERT_EQ(prep.height(), chip.height());
  for (size_t r = 0; r < p.valid.size(); ++r) {
    const auto& [pc, e] = p.valid[r];
    ASSERT_EQ(chip.row_of(pc), r);
    for (size_t f = 0; f < kNumDecodedFields; ++f) {
      uint32_t want = 0;
      if (f == kFieldPc) want = pc;
      if (auto it = e.fields.find(static_cast<DecodedField>(f)); it != e.fields.end()) want = it->second;
      EXPECT_EQ(chip.rows()[r][f], want) << "row " << r << " field " << kDecodedFieldNames[f];
      EXPECT_EQ(prep.row(r)[f], Fp(want)) << "row " << r << " field " << kDecodedFieldNames[f];
    }
    EXPECT_EQ(prep.row(r)[ProgramChip::kIsReal], Fp::one());
  }
  for (size_t r = p.valid.size(); r < prep.height(); ++r)
    for (Fp v : prep.row(r)) EXPECT_EQ(v, Fp::zero()) << "padding row " << r;
}

TEST(ProgramChip, WordsThatDoNotDecodeHaveNoRow) {
  const TestProgram p = test_program();
  const ProgramChip chip(p.image);
  for (uint32_t pc : p.invalid_pcs) EXPECT_FALSE(chip.row_of(pc).has_value()) << std::hex << pc;
  EXPECT_FALSE(chip.row_of(0).has_value());
  EXPECT_FALSE(chip.row_of(kCode + 2).has_value());
  EXPECT_THROW(chip.count_fetches(std::vector<uint32_t>{kCode, p.invalid_pcs[0]}), std::invalid_argument);
}

struct FetchRun {
  ProgramChip program;
  FetchDriverChip driver;
  RowMajorMatrix<Fp> prep, program_main, driver_main;
  std::vector<ChipTrace> traces() const {
    return {chip_trace(program, program_main.view(), prep.view()), chip_trace(driver, driver_main.view())};
  }
  bool proves() const {
    const auto config = stark_test::test_config();
    try {
      const auto run =
          stark_test::prove_run(config, {Chip(program), Chip(driver)}, {program_main, driver_main}, {{}, {}});
      stark_test::verify_run(config, run, run.proof);
      return true;
    } catch (const ProofRejected&) {
      return false;
    }
  }
};

// Fetches `pcs` (each as its honest row) plus `extra` rows as given.
FetchRun fetch_run(const ProgramImage& image, const std::vector<uint32_t>& pcs, std::vector<DecodedFields> extra = {}) {
  FetchRun run{ProgramChip(image), {}, {}, {}, {}};
  std::vector<DecodedFields> fetches;
  for (uint32_t pc : pcs) fetches.push_back(run.program.rows()[*run.program.row_of(pc)]);
  run.program_main = run.program.generate_trace(run.program.count_fetches(pcs));
  for (auto& e : extra) fetches.push_back(e);
  run.prep = run.program.preprocessed_trace();
  run.driver_main = FetchDriverChip::trace(fetches);
  return run;
}

TEST(ProgramChip, HonestFetchesBalanceAndProve) {
  const TestProgram p = test_program();
  std::vector<uint32_t> pcs;
  for (size_t i = 0; i < p.valid.size(); ++i)
    for (size_t k = 0; k <= i % 3; ++k) pcs.push_back(p.valid[i].first);  // counts 1..3
  const FetchRun run = fetch_run(p.image, pcs);
  const auto traces = run.traces();
  for (const auto& t : traces) EXPECT_TRUE(check_constraints(t).empty()) << t.name;
  EXPECT_TRUE(check_buses(traces).empty());
  EXPECT_TRUE(run.proves());
}

TEST(ProgramChip, FetchOfAnAbsentPcIsUnbalanced) {
  const TestProgram p = test_program();
  for (uint32_t pc : {p.invalid_pcs[0], p.invalid_pcs[3], uint32_t{0}}) {
    // The fetch of an illegal word, claimed as a no-op (fence-like fields) at that pc.
    DecodedFields forged{};
    forged[kFieldPc] = pc;
    const FetchRun run = fetch_run(p.image, {kCode}, {forged});
    const auto imbalances = check_buses(run.traces());
    ASSERT_EQ(imbalances.size(), 1u) << std::hex << pc;
    EXPECT_EQ(imbalances[0].bus.id, kProgramBus.id);
    EXPECT_EQ(imbalances[0].tuple[kFieldPc], Fp(pc));
  }
  // Padding rows offer the all-zero tuple only with multiplicity 0: forcing one is a constraint failure.
  FetchRun run = fetch_run(p.image, {kCode}, {DecodedFields{}});
  ASSERT_LT(run.program.rows().size(), run.program.height());
  run.program_main.row(run.program.height() - 1)[ProgramChip::kMultiplicity] = Fp::one();
  const auto failures = check_constraints(run.traces()[0]);
  ASSERT_FALSE(failures.empty());
  EXPECT_EQ(failures[0].name, "program: multiplicity = 0 on padding rows");
  EXPECT_TRUE(check_buses(run.traces()).empty());
  EXPECT_FALSE(run.proves());
}

TEST(ProgramChip, AFetchWithAWrongFieldIsUnbalancedAndRejected) {
  const TestProgram p = test_program();
  const ProgramChip chip(p.image);
  for (size_t f = 0; f < kNumDecodedFields; ++f) {
    DecodedFields forged = chip.rows()[5];  // jalr
    forged[f] += 1;
    FetchRun run = fetch_run(p.image, {}, {forged});
    EXPECT_FALSE(check_buses(run.traces()).empty()) << kDecodedFieldNames[f];
    if (f == kFieldRd || f == kFieldWritesRd) {
      EXPECT_FALSE(run.proves()) << kDecodedFieldNames[f];
    }
  }
}

}  // namespace
}  // namespace zkrv::chips
