// InstructionDecodeChip and the instruction class table, honest side: the class table accepts exactly
// the words the decoder accepts, and for words of every class (random register and immediate bits, jump
// targets on both sides of 0 and 2^30, auipc wrapping past 2^32) the chip's rows satisfy every constraint
// and answer exactly decode_fields() on the program bus, with the word read from memory. The forgeries
// are in instruction_decode_adversarial_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "air/debug.h"
#include "air/symbolic.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/program/instruction_class_chip.h"
#include "vm/chips/program/instruction_decode_chip.h"
#include "vm/chips/program/instruction_decode_test_support.h"
#include "vm/isa/decoder.h"

namespace zkrv::chips {
namespace {

using test_support::DecodeFixture;

TEST(InstructionClass, AcceptsExactlyTheDecodersWords) {
  std::mt19937 rng(7);
  size_t legal = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    uint32_t w = rng();
    if (i % 2 == 0) w = (w & ~0x7fu) | (0x03u + 4u * (rng() % 32u));  // opcodes ending in 0b11 (RV32 base)
    const bool decodes = decode(w).op != Opcode::illegal;
    const InstructionClass* c = instruction_class_of(w);
    ASSERT_EQ(decodes, c != nullptr) << std::hex << w;
    if (c != nullptr) {
      ++legal;
      EXPECT_EQ((*c)[kClassOpcode], w & 0x7fu);
      EXPECT_EQ((*c)[kClassFunct3], (w >> 12) & 7u);
      EXPECT_EQ((*c)[kClassFunct7Key], (*c)[kClassUsesFunct7] != 0 ? w >> 25 : 0u);
    }
  }
  EXPECT_GT(legal, 100'000u);
  // Every class has a word, and keys are distinct and sorted.
  const auto classes = instruction_classes();
  for (size_t i = 1; i < classes.size(); ++i)
    EXPECT_LT((std::array{classes[i - 1][0], classes[i - 1][1], classes[i - 1][2]}),
              (std::array{classes[i][0], classes[i][1], classes[i][2]}));
  // lui/auipc/jal x 8 funct3, jalr, 6 branches, 5 loads, 3 stores, 6 OP-IMM + slli + srli/srai, 18 OP,
  // fence, ecall.
  EXPECT_EQ(classes.size(), 24u + 1 + 6 + 5 + 3 + 9 + 18 + 1 + 1);
  EXPECT_EQ(instruction_class_of(0x00000073u) != nullptr, true);
  EXPECT_EQ(instruction_class_of(0x00100073u), nullptr);  // ebreak
  EXPECT_EQ(instruction_class_of(0x00000000u), nullptr);
}

TEST(InstructionDecode, EveryClassDecodesAsTheExecutor) {
  DecodeFixture fx;
  std::mt19937 rng(11);
  std::set<uint32_t> pcs;
  for (const InstructionClass& c : instruction_classes()) {
    for (int k = 0; k < 6; ++k) {
      const uint32_t word = test_support::random_word_of(c, rng);
      uint32_t pc;
      do {
        pc = fx.random_pc(rng);
      } while (!pcs.insert(pc).second);
      fx.add(pc, word, 1 + rng() % 3);
    }
  }
  // Jump targets at the edges: representable or not, on both sides.
  const uint32_t top = (fx.code_end_word - 1) * 4;
  const uint32_t bottom = fx.code_begin_word * 4;
  fx.add(top, test_support::jal(0, 4), 1);                 // T = 2^30 when the code ends at 2^30
  fx.add(top - 4, test_support::jal(1, 0), 1);             // T = pc
  fx.add(top - 8, test_support::jal(0, 0xffffe), 1);       // 2^20 - 2 forward: past 2^30
  fx.add(bottom, test_support::jal(0, -0x100000), 1);      // T < 0
  fx.add(bottom + 4, test_support::jal(0, -0x10004), 1);   // T = 0
  fx.add(bottom + 8, test_support::branch(1, 0, 0, -4096), 1);
  fx.add(top - 12, test_support::branch(0, 1, 2, 4094), 1);
  fx.add(top - 16, 0xfffff017u, 1);                        // auipc x0, 0xfffff: pc + imm wraps 2^32
  fx.add(top - 20, 0x80000097u, 1);                        // auipc x1, 0x80000
  fx.add(bottom + 12, 0x00000073u, 2);                     // ecall
  fx.add(bottom + 16, 0x0ff0000fu, 1);                     // fence
  const auto failures = fx.check();
  EXPECT_TRUE(failures.empty()) << failures.front();
}

TEST(InstructionDecode, RefusesWordsTheDecoderRejects) {
  DecodeFixture fx;
  fx.add(fx.code_begin_word * 4, 0x00100073u, 1);  // ebreak
  EXPECT_THROW(fx.check(), std::invalid_argument);
  DecodeFixture outside;
  outside.add(outside.code_end_word * 4, 0x00000013u, 1);
  EXPECT_THROW(outside.check(), std::invalid_argument);
  EXPECT_THROW(InstructionDecodeChip(0x100, 0x200), std::invalid_argument);
  EXPECT_THROW(InstructionDecodeChip(0x4000, 0x4000), std::invalid_argument);
  EXPECT_THROW(InstructionDecodeChip(0x4000, (1u << 28) + 1), std::invalid_argument);
}

TEST(InstructionDecode, ShapeAsDocumented) {
  const AirInfo info = analyze(InstructionDecodeChip(0x4000, 0x4400));
  EXPECT_EQ(InstructionDecodeChip::kWidth, 70u);
  EXPECT_EQ(info.num_constraints(), 91u + MemoryAccessCols<Fp>::kNumConstraints);  // header: 91 + the gadget's 8
  EXPECT_EQ(info.max_constraint_degree, 3u);
  const AirInfo table = analyze(InstructionClassChip{});
  EXPECT_EQ(table.num_constraints(), 1u);
  EXPECT_EQ(InstructionClassChip::height(), 128u);
}

}  // namespace
}  // namespace zkrv::chips
