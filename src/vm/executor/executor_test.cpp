// Instruction-by-instruction tests of the executor with hand-computed expectations (RISC-V
// Unprivileged ISA chapters 2 and 13), the fault paths, the syscalls and the cycle counter.
#include "vm/executor/executor.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "abi/memory_map.h"
#include "abi/syscalls.h"
#include "support/rv_encoder.h"
#include "vm/executor/interpreter.h"
#include "vm/isa/program_image.h"

#ifdef ZKRV_PROVE_EVERY_RUN
#include <stdexcept>

#include "fri/config.h"
#include "vm/chips/cpu/cpu_chip.h"
#include "vm/executor/tracing.h"
#include "vm/machine/machine.h"
#include "vm/machine/machine_traces.h"
#endif

#include "vm/executor/testing/executor_programs.h"

namespace zkrv {
namespace {

namespace rv = test::rv;
using namespace executor_testing;

constexpr uint32_t kIntMin = 0x80000000u, kIntMax = 0x7FFFFFFFu, kMinus1 = 0xFFFFFFFFu;


TEST(Executor, AddSubWrap) {
  EXPECT_EQ(binop(rv::add, kIntMax, 1), kIntMin);
  EXPECT_EQ(binop(rv::add, kMinus1, 1), 0u);
  EXPECT_EQ(binop(rv::sub, 0, 1), kMinus1);
  EXPECT_EQ(binop(rv::sub, kIntMin, 1), kIntMax);
  EXPECT_EQ(eval(li(kA0, 5), rv::addi(kA2, kA0, -6)), kMinus1);
  EXPECT_EQ(eval(li(kA0, 0), rv::addi(kA2, kA0, -2048)), 0xFFFFF800u);
  EXPECT_EQ(eval(li(kA0, 0), rv::addi(kA2, kA0, 2047)), 2047u);
}

TEST(Executor, Logic) {
  EXPECT_EQ(binop(rv::xor_, 0xF0F0F0F0, 0xFF00FF00), 0x0FF00FF0u);
  EXPECT_EQ(binop(rv::or_, 0xF0F0F0F0, 0x0F000000), 0xFFF0F0F0u);
  EXPECT_EQ(binop(rv::and_, 0xF0F0F0F0, 0xFF00FF00), 0xF000F000u);
  EXPECT_EQ(eval(li(kA0, 0x12345678), rv::xori(kA2, kA0, -1)), ~0x12345678u);  // not
  EXPECT_EQ(eval(li(kA0, 0x12345678), rv::andi(kA2, kA0, -16)), 0x12345670u);  // imm sign-extended
  EXPECT_EQ(eval(li(kA0, 0), rv::ori(kA2, kA0, -2048)), 0xFFFFF800u);
}

TEST(Executor, ShiftsMaskAmountsToFiveBits) {
  EXPECT_EQ(binop(rv::sll, 1, 31), 0x80000000u);
  EXPECT_EQ(binop(rv::sll, 1, 32), 1u);  // 32 & 31 = 0
  EXPECT_EQ(binop(rv::sll, 1, 33), 2u);
  EXPECT_EQ(binop(rv::srl, 0x80000000u, 31), 1u);
  EXPECT_EQ(binop(rv::srl, 0x80000000u, 63), 1u);
  EXPECT_EQ(binop(rv::sra, 0x80000000u, 31), kMinus1);
  EXPECT_EQ(binop(rv::sra, 0x80000000u, 0xFFFFFFE4u), 0xF8000000u);  // amount 0xE4 & 31 = 4
  EXPECT_EQ(binop(rv::sra, 0x40000000u, 30), 1u);
  EXPECT_EQ(eval(li(kA0, 0x80000001u), rv::slli(kA2, kA0, 31)), 0x80000000u);
  EXPECT_EQ(eval(li(kA0, 0x80000001u), rv::srli(kA2, kA0, 31)), 1u);
  EXPECT_EQ(eval(li(kA0, 0x80000001u), rv::srai(kA2, kA0, 31)), kMinus1);
  EXPECT_EQ(eval(li(kA0, 0x80000001u), rv::srai(kA2, kA0, 0)), 0x80000001u);
}

TEST(Executor, Comparisons) {
  EXPECT_EQ(binop(rv::slt, kMinus1, 0), 1u);
  EXPECT_EQ(binop(rv::sltu, kMinus1, 0), 0u);
  EXPECT_EQ(binop(rv::slt, kIntMin, kIntMax), 1u);
  EXPECT_EQ(binop(rv::sltu, kIntMin, kIntMax), 0u);
  EXPECT_EQ(binop(rv::slt, 5, 5), 0u);
  EXPECT_EQ(eval(li(kA0, 0xFFFFFFFE), rv::slti(kA2, kA0, -1)), 1u);
  EXPECT_EQ(eval(li(kA0, 0xFFFFFFFE), rv::sltiu(kA2, kA0, -1)), 1u);  // compares with 0xFFFFFFFF
  EXPECT_EQ(eval(li(kA0, 0), rv::sltiu(kA2, kA0, 1)), 1u);            // seqz
  EXPECT_EQ(eval(li(kA0, 7), rv::sltiu(kA2, kA0, 1)), 0u);
}

TEST(Executor, Multiplication) {
  EXPECT_EQ(binop(rv::mul, 0x12345678, 0x9ABCDEF0), 0x242D2080u);  // low 32 bits of 0x0B00EA4E242D2080
  EXPECT_EQ(binop(rv::mulhu, 0x12345678, 0x9ABCDEF0), 0x0B00EA4Eu);
  EXPECT_EQ(binop(rv::mulhu, kMinus1, kMinus1), 0xFFFFFFFEu);
  EXPECT_EQ(binop(rv::mulh, kMinus1, kMinus1), 0u);          // (-1)(-1) = 1
  EXPECT_EQ(binop(rv::mulh, kIntMin, kIntMin), 0x40000000u);  // 2^62
  EXPECT_EQ(binop(rv::mulh, kIntMin, 1), kMinus1);
  EXPECT_EQ(binop(rv::mulhsu, kMinus1, kMinus1), kMinus1);  // -1 * (2^32 - 1) = -2^32 + 1
  EXPECT_EQ(binop(rv::mulhsu, kIntMin, kMinus1), 0x80000000u);  // -2^31 * (2^32-1): high word -2^31
  EXPECT_EQ(binop(rv::mulhsu, 2, kMinus1), 1u);
  EXPECT_EQ(binop(rv::mul, kIntMin, kMinus1), kIntMin);
}

TEST(Executor, DivisionEdgeCases) {
  EXPECT_EQ(binop(rv::div, 7, 0), kMinus1);
  EXPECT_EQ(binop(rv::divu, 7, 0), kMinus1);
  EXPECT_EQ(binop(rv::rem, 7, 0), 7u);
  EXPECT_EQ(binop(rv::remu, 7, 0), 7u);
  EXPECT_EQ(binop(rv::rem, kIntMin, 0), kIntMin);
  EXPECT_EQ(binop(rv::div, kIntMin, kMinus1), kIntMin);  // overflow
  EXPECT_EQ(binop(rv::rem, kIntMin, kMinus1), 0u);
  EXPECT_EQ(binop(rv::div, static_cast<uint32_t>(-7), 2), static_cast<uint32_t>(-3));  // toward zero
  EXPECT_EQ(binop(rv::rem, static_cast<uint32_t>(-7), 2), static_cast<uint32_t>(-1));  // sign of dividend
  EXPECT_EQ(binop(rv::div, 7, static_cast<uint32_t>(-2)), static_cast<uint32_t>(-3));
  EXPECT_EQ(binop(rv::rem, 7, static_cast<uint32_t>(-2)), 1u);
  EXPECT_EQ(binop(rv::divu, kMinus1, 2), kIntMax);
  EXPECT_EQ(binop(rv::remu, kMinus1, 10), 5u);
  EXPECT_EQ(binop(rv::divu, kIntMin, kMinus1), 0u);
}

TEST(Executor, UpperImmediates) {
  EXPECT_EQ(eval({}, rv::lui(kA2, 0xFFFFF)), 0xFFFFF000u);
  // auipc at address kCode (first instruction).
  EXPECT_EQ(run(cat({{rv::auipc(kA2, 0x12345)}, kExit})).registers[kA2], kCode + 0x12345000u);
  EXPECT_EQ(run(cat({{rv::addi(kA0, kZero, 0), rv::auipc(kA2, 0xFFFFF)}, kExit})).registers[kA2], kCode + 4 - 0x1000);
}

TEST(Executor, RegisterZeroIsHardWired) {
  const auto r = run(cat({{rv::addi(kZero, kZero, 5), rv::lui(kZero, 0x12345), rv::add(kA0, kZero, kZero)}, li(kA1, kData),
                          {rv::lw(kZero, kA1, 0), rv::jal(kZero, 4), rv::add(kA2, kZero, kZero)}, kExit}));
  EXPECT_EQ(r.registers[0], 0u);
  EXPECT_EQ(r.registers[kA0], 0u);
  EXPECT_EQ(r.registers[kA2], 0u);
}

TEST(Executor, JumpsLinkAndTarget) {
  // 0x10000: jal ra, +8 ; 0x10004: addi a0, zero, 1 (skipped) ; 0x10008: exit sequence
  auto r = run(cat({{rv::jal(kRa, 8), rv::addi(kA0, kZero, 1)}, kExit}));
  EXPECT_EQ(r.registers[kRa], kCode + 4);
  EXPECT_EQ(r.registers[kA0], 0u);
  // jalr clears bit 0 of the target, and reads rs1 before writing rd (rd == rs1).
  // li takes 2 words, so jalr is at kCode + 8, the skipped addi at +12 and the target at +16.
  r = run(cat({li(kT0, kCode + 17), {rv::jalr(kT0, kT0, 0), rv::addi(kA0, kZero, 1), rv::addi(kA1, kZero, 2)}, kExit}));
  EXPECT_EQ(r.registers[kT0], kCode + 12);  // link = address of jalr + 4
  EXPECT_EQ(r.registers[kA0], 0u);          // skipped: the target kCode + 17 has bit 0 cleared -> +16
  EXPECT_EQ(r.registers[kA1], 2u);
  // Backward jal: a counted loop.
  r = run(cat({li(kA0, 10), {rv::addi(kA1, kA1, 3), rv::addi(kA0, kA0, -1), rv::bne(kA0, kZero, -8)}, kExit}));
  EXPECT_EQ(r.registers[kA1], 30u);
}

TEST(Executor, Branches) {
  struct Case {
    uint32_t (*op)(unsigned, unsigned, int32_t);
    uint32_t a, b;
    bool taken;
  };
  const Case cases[] = {
      {rv::beq, 5, 5, true},       {rv::beq, 5, 6, false},          {rv::bne, 5, 6, true},
      {rv::bne, 5, 5, false},      {rv::blt, kMinus1, 0, true},     {rv::blt, 0, kMinus1, false},
      {rv::blt, 3, 3, false},      {rv::bge, 3, 3, true},           {rv::bge, kMinus1, 0, false},
      {rv::bge, kIntMax, kIntMin, true}, {rv::bltu, 0, kMinus1, true}, {rv::bltu, kMinus1, 0, false},
      {rv::bgeu, kMinus1, 0, true}, {rv::bgeu, 0, kMinus1, false}, {rv::bgeu, 9, 9, true},
  };
  for (const Case& c : cases) {
    // Taken: skips `addi a2, zero, 1`.
    const uint32_t a2 = eval(cat({li(kA0, c.a), li(kA1, c.b), {c.op(kA0, kA1, 8), rv::addi(kA2, kZero, 1)}}),
                             rv::addi(kT0, kZero, 0));
    EXPECT_EQ(a2, c.taken ? 0u : 1u) << c.a << " vs " << c.b;
  }
}

TEST(Executor, LoadsExtendAndStoresWriteOnlyTheirBytes) {
  const Words setup = cat({li(kA0, kData), li(kA1, 0x80C0FF7F)});
  auto r = run(cat({setup,
                    {rv::sw(kA1, kA0, 0), rv::lb(kT0, kA0, 0), rv::lb(kT1, kA0, 1), rv::lbu(kT2, kA0, 3),
                     rv::lh(kS0, kA0, 2), rv::lhu(kA2, kA0, 2), rv::lh(kA3, kA0, 0)},
                    kExit}));
  EXPECT_EQ(r.registers[kT0], 0x7Fu);        // lb 0x7F
  EXPECT_EQ(r.registers[kT1], 0xFFFFFFFFu);  // lb 0xFF sign-extends
  EXPECT_EQ(r.registers[kT2], 0x80u);        // lbu 0x80
  EXPECT_EQ(r.registers[kS0], 0xFFFF80C0u);  // lh 0x80C0 sign-extends
  EXPECT_EQ(r.registers[kA2], 0x80C0u);      // lhu
  EXPECT_EQ(r.registers[kA3], 0xFFFFFF7Fu);  // lh 0xFF7F
  r = run(cat({setup, li(kT0, 0xAABBCCDD),
               {rv::sw(kA1, kA0, 0), rv::sb(kT0, kA0, 1), rv::sh(kT0, kA0, 2), rv::lw(kA2, kA0, 0)}, kExit}));
  EXPECT_EQ(r.registers[kA2], 0xCCDDDD7Fu);
  // Negative offsets and the initial data image.
  ExecutorEnv env;
  env.console = [](int, std::span<const uint8_t>) {};
  const auto image = image_of(cat({li(kA0, kData + 8), {rv::lw(kA2, kA0, -8)}, kExit}), {0x78, 0x56, 0x34, 0x12});
  EXPECT_EQ(execute(image, env).registers[kA2], 0x12345678u);
}

TEST(Executor, FenceIsANoOp) {
  EXPECT_EQ(eval(li(kA2, 42), rv::fence()), 42u);
}

TEST(Executor, MisalignedAccessesFault) {
  expect_fault(cat({li(kA0, kData + 1), {rv::lw(kA2, kA0, 0)}}), "misaligned access to address 0x00020001");
  expect_fault(cat({li(kA0, kData + 2), {rv::lw(kA2, kA0, 0)}}), "misaligned");
  expect_fault(cat({li(kA0, kData + 1), {rv::lh(kA2, kA0, 0)}}), "misaligned");
  expect_fault(cat({li(kA0, kData + 3), {rv::lhu(kA2, kA0, 0)}}), "misaligned");
  expect_fault(cat({li(kA0, kData + 1), {rv::sw(kA2, kA0, 0)}}), "misaligned");
  expect_fault(cat({li(kA0, kData + 1), {rv::sh(kA2, kA0, 0)}}), "misaligned");
  // Byte accesses are never misaligned.
  EXPECT_EQ(eval(li(kA0, kData + 3), rv::lbu(kA2, kA0, 0)), 0u);
}

TEST(Executor, UnmappedAccessesFault) {
  for (uint32_t addr : {0u, 4u, ZKRV_MEM_START - 4, ZKRV_MEM_END, ZKRV_MEM_END + 4, 0x80000000u, 0xFFFFFFFCu}) {
    expect_fault(cat({li(kA0, addr), {rv::lw(kA2, kA0, 0)}}), "unmapped");
    expect_fault(cat({li(kA0, addr), {rv::sw(kA2, kA0, 0)}}), "unmapped");
    expect_fault(cat({li(kA0, addr), {rv::lbu(kA2, kA0, 0)}}), "unmapped");
  }
  // The last word of RAM and the first are accessible.
  EXPECT_EQ(eval(li(kA0, ZKRV_MEM_END - 4), rv::lw(kA2, kA0, 0)), 0u);
  EXPECT_EQ(eval(li(kA0, ZKRV_MEM_END - 1), rv::lbu(kA2, kA0, 0)), 0u);
  EXPECT_EQ(eval(li(kA0, ZKRV_MEM_START), rv::lw(kA2, kA0, 0)), rv::lui(kA0, (ZKRV_MEM_START + 0x800) >> 12));
}

TEST(Executor, StoresIntoCodeFault) {
  expect_fault(cat({li(kA0, kCode), {rv::sw(kA2, kA0, 0)}}), "store to read-only address 0x00010000");
  expect_fault(cat({li(kA0, kCode + 7), {rv::sb(kA2, kA0, 0)}}), "read-only");
  // Loads from code are allowed and see the instruction words.
  const Words code = cat({li(kA0, kCode), {rv::lw(kA2, kA0, 0)}, kExit});
  EXPECT_EQ(run(code).registers[kA2], code[0]);
}

TEST(Executor, FetchOutsideCodeFaults) {
  expect_fault(cat({li(kA0, kData), {rv::jalr(kZero, kA0, 0)}}), "fetch outside executable code");
  expect_fault({rv::jal(kZero, -4)}, "fetch outside executable code");
  // Running off the end of the code.
  expect_fault({rv::addi(kA0, kZero, 1)}, "fetch outside executable code");
  // A jump to an address that is not a multiple of 4 faults at the jump.
  const std::string m = fault_message(cat({li(kA0, kCode + 10), {rv::jalr(kZero, kA0, 0)}}));
  EXPECT_NE(m.find("misaligned address 0x0001000a"), std::string::npos) << m;
  EXPECT_NE(m.find("jalr zero, 0(a0)"), std::string::npos) << m;
  expect_fault({rv::beq(kZero, kZero, 6), rv::addi(kA0, kZero, 1), rv::addi(kA0, kZero, 1)}, "misaligned address");
  // A branch to a misaligned target that is not taken is fine.
  EXPECT_EQ(eval({rv::addi(kA0, kZero, 1), rv::beq(kA0, kZero, 6)}, rv::addi(kA2, kZero, 3)), 3u);
}

TEST(Executor, IllegalInstructionsFault) {
  const std::string m = fault_message({rv::addi(kA0, kZero, 1), 0x00000000});
  EXPECT_NE(m.find("pc 0x00010004"), std::string::npos) << m;
  EXPECT_NE(m.find("illegal instruction"), std::string::npos) << m;
  EXPECT_NE(m.find("0x00000000"), std::string::npos) << m;
  expect_fault({0x00100073}, "illegal instruction");  // ebreak
  expect_fault({0x34202573}, "illegal instruction");  // csrr a0, mcause
  expect_fault({0x0000100F}, "illegal instruction");  // fence.i
  expect_fault({0x100525AF}, "illegal instruction");  // lr.w
}

TEST(Executor, UnknownSyscallsFault) {
  for (uint32_t number : {0u, 56u, 57u, 62u, 172u, 222u, 12345u, 0x10000u, 0xFFFFFFFFu}) {
    expect_fault(cat({li(kA7, number), {rv::ecall()}}), "unknown syscall");
  }
}

TEST(Executor, ExitCodeKeepsAll32Bits) {
  EXPECT_EQ(run(cat({li(kA0, 0xDEADBEEF), kExit})).exit_code, 0xDEADBEEFu);
  EXPECT_EQ(run(cat({li(kA0, 3), {rv::addi(kA7, kZero, ZKRV_SYS_EXIT_GROUP), rv::ecall()}})).exit_code, 3u);
}

// read(0, kData, a2) into a1's buffer, then write(3, kData, result).
Words read_then_journal(uint32_t count) {
  return cat({li(kA1, kData), li(kA2, count),
              {rv::addi(kA0, kZero, 0), rv::addi(kA7, kZero, ZKRV_SYS_READ), rv::ecall(), rv::addi(kS0, kA0, 0),
               rv::addi(kA2, kA0, 0), rv::addi(kA0, kZero, 3), rv::addi(kA7, kZero, ZKRV_SYS_WRITE), rv::ecall()}});
}

TEST(Executor, ReadInputAndWriteJournal) {
  const std::vector<uint8_t> input = {1, 2, 3, 4, 5};
  auto r = run(cat({read_then_journal(3), kExit}), input);
  EXPECT_EQ(r.journal, (std::vector<uint8_t>{1, 2, 3}));
  EXPECT_EQ(r.registers[kS0], 3u);
  // A count beyond the input reads what remains; at the end, read returns 0.
  r = run(cat({read_then_journal(100), read_then_journal(100), kExit}), input);
  EXPECT_EQ(r.journal, input);
  EXPECT_EQ(r.registers[kS0], 0u);
}

TEST(Executor, ConsoleGoesToTheSink) {
  ExecutorEnv env;
  std::string out, err;
  env.console = [&](int fd, std::span<const uint8_t> bytes) {
    (fd == 1 ? out : err).append(bytes.begin(), bytes.end());
  };
  const Words code = cat({li(kA1, kData), li(kA2, 2), {rv::addi(kA0, kZero, 1), rv::addi(kA7, kZero, ZKRV_SYS_WRITE), rv::ecall()},
                          li(kA2, 3), {rv::addi(kA0, kZero, 2), rv::ecall()}, kExit});
  const auto r = execute(image_of(code, {'o', 'k', '!'}), env);
  EXPECT_EQ(out, "ok");
  EXPECT_EQ(err, "ok!");
  EXPECT_TRUE(r.journal.empty());
}

TEST(Executor, BadFileDescriptorsReturnEbadf) {
  const uint32_t ebadf = static_cast<uint32_t>(-ZKRV_EBADF);
  for (uint32_t fd : {0u, 4u, 5u, 100u, 0xFFFFFFFFu}) {
    const auto r = run(cat({li(kA0, fd), li(kA1, kData), li(kA2, 1), {rv::addi(kA7, kZero, ZKRV_SYS_WRITE), rv::ecall(), rv::addi(kS0, kA0, 0)}, kExit}));
    EXPECT_EQ(r.registers[kS0], ebadf) << "write fd " << fd;
  }
  for (uint32_t fd : {1u, 2u, 3u, 7u}) {
    const auto r = run(cat({li(kA0, fd), li(kA1, kData), li(kA2, 1), {rv::addi(kA7, kZero, ZKRV_SYS_READ), rv::ecall(), rv::addi(kS0, kA0, 0)}, kExit}), {9});
    EXPECT_EQ(r.registers[kS0], ebadf) << "read fd " << fd;
  }
}

TEST(Executor, SyscallBuffersOutsideMemoryFault) {
  expect_fault(cat({li(kA1, kCode), li(kA2, 4), {rv::addi(kA0, kZero, 0), rv::addi(kA7, kZero, ZKRV_SYS_READ), rv::ecall()}}), "");
  EXPECT_NE(fault_message(cat({li(kA1, kCode), li(kA2, 4), {rv::addi(kA0, kZero, 0), rv::addi(kA7, kZero, ZKRV_SYS_READ), rv::ecall()}}), {1, 2, 3, 4})
                .find("not writable"),
            std::string::npos);
  EXPECT_NE(fault_message(cat({li(kA1, ZKRV_MEM_END - 2), li(kA2, 4), {rv::addi(kA0, kZero, 3), rv::addi(kA7, kZero, ZKRV_SYS_WRITE), rv::ecall()}}))
                .find("outside guest memory"),
            std::string::npos);
  EXPECT_NE(fault_message(cat({li(kA1, 0), li(kA2, 1), {rv::addi(kA0, kZero, 1), rv::addi(kA7, kZero, ZKRV_SYS_WRITE), rv::ecall()}}))
                .find("outside guest memory"),
            std::string::npos);
  // Writing code bytes to the journal is fine (reading read-only memory is allowed).
  EXPECT_EQ(run(cat({li(kA1, kCode), li(kA2, 4), {rv::addi(kA0, kZero, 3), rv::addi(kA7, kZero, ZKRV_SYS_WRITE), rv::ecall()}, kExit}))
                .journal.size(),
            4u);
}


Words brk(uint32_t value, unsigned save_to) {
  return cat({li(kA0, value), {rv::addi(kA7, kZero, ZKRV_SYS_BRK), rv::ecall(), rv::addi(save_to, kA0, 0)}});
}

TEST(Executor, BrkFollowsLinux) {
  const uint32_t initial = kData + 0x1000;  // image_of's initial break
  const auto r = run(cat({brk(0, 18), brk(initial + 0x5000, 19), brk(initial + 0x100, 20), brk(initial - 4, 21),
                          brk(ZKRV_HEAP_LIMIT + 4, 22), brk(ZKRV_HEAP_LIMIT, 23), kExit}));
  EXPECT_EQ(r.registers[18], initial);            // query
  EXPECT_EQ(r.registers[19], initial + 0x5000);   // grow
  EXPECT_EQ(r.registers[20], initial + 0x100);    // shrink
  EXPECT_EQ(r.registers[21], initial + 0x100);    // below the initial break: refused
  EXPECT_EQ(r.registers[22], initial + 0x100);    // beyond the limit: refused
  EXPECT_EQ(r.registers[23], ZKRV_HEAP_LIMIT);    // up to the limit
}

TEST(Executor, StackPointerStartsAtStackTop) {
  const auto r = run(cat({{rv::addi(kA2, kSp, 0), rv::lw(kA3, kSp, 0)}, kExit}));
  EXPECT_EQ(r.registers[kA2], ZKRV_STACK_TOP);
  EXPECT_EQ(r.registers[kA3], 0u);  // argc = 0 for start-up code that reads it
}

TEST(Executor, CyclesCountInstructions) {
  const Words code = cat({li(kA0, 10), {rv::addi(kA0, kA0, -1), rv::bne(kA0, kZero, -4)}, kExit});
  // 2 (li) + 10 * 2 (loop) + 2 (exit) instructions.
  EXPECT_EQ(run(code).cycles, 24u);
  EXPECT_EQ(run(code, {}, 24).cycles, 24u);
  try {
    run(code, {}, 23);
    FAIL() << "expected the cycle limit";
  } catch (const CycleLimitReached& e) {
    EXPECT_EQ(e.exit_code(), 5);
    EXPECT_NE(std::string(e.what()).find("cycle limit of 23"), std::string::npos);
  }
  EXPECT_THROW(run({rv::jal(kZero, 0)}, {}, 1000), CycleLimitReached);
  EXPECT_THROW(run(code, {}, 0), CycleLimitReached);
}

// The tracing hooks see every executed instruction and every memory access, in order.
struct CountingTracer {
  uint64_t steps = 0, loads = 0, stores = 0, ecalls = 0;
  uint32_t last_store_value = 0;
  void step(uint32_t, const DecodedInstruction&, const uint32_t*) { ++steps; }
  void load(uint32_t, unsigned, uint32_t) { ++loads; }
  void store(uint32_t, unsigned, uint32_t value) {
    ++stores;
    last_store_value = value;
  }
  void ecall(uint32_t, const uint32_t*) { ++ecalls; }
};

TEST(Executor, TracerSeesEveryStep) {
  const Words code = cat({li(kA0, kData), li(kA1, 77), {rv::sw(kA1, kA0, 0), rv::lw(kA2, kA0, 0), rv::lbu(kA2, kA0, 0)}, kExit});
  const ProgramImage image = image_of(code);
  const DecodedProgram program = decode_program(image);
  GuestMemory memory(image);
  ExecutorEnv env;
  SyscallState sys{memory, env};
  MachineState state;
  state.pc = image.entry;
  CountingTracer tracer;
  interpret(state, program, memory, sys, 1000, tracer);
  EXPECT_TRUE(sys.halted);
  EXPECT_EQ(tracer.steps, state.cycles);
  EXPECT_EQ(state.cycles, code.size());
  EXPECT_EQ(tracer.loads, 2u);
  EXPECT_EQ(tracer.stores, 1u);
  EXPECT_EQ(tracer.last_store_value, 77u);
  EXPECT_EQ(tracer.ecalls, 1u);
}


}  // namespace
}  // namespace zkrv
