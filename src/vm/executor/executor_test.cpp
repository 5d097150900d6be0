// Instruction-by-instruction tests of the executor with hand-computed expectations (RISC-V
// Unprivileged ISA chapters 2 and 13), the fault paths, the syscalls and the cycle counter.
#include "vm/executor/executor.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "abi/memory_map.h"
#include "abi/syscalls.h"
#include "support/elf_builder.h"
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

namespace zkrv {
namespace {

namespace rv = test::rv;

constexpr unsigned kZero = 0, kRa = 1, kSp = 2, kT0 = 5, kT1 = 6, kT2 = 7, kS0 = 8, kA0 = 10, kA1 = 11, kA2 = 12,
                   kA3 = 13, kA7 = 17;
constexpr uint32_t kCode = 0x10000, kData = 0x20000;

using Words = std::vector<uint32_t>;

// rd = value, for any 32-bit value (lui + addi with the carry of the sign-extended low 12 bits).
Words li(unsigned rd, uint32_t value) {
  const uint32_t lo = value & 0xFFF;
  const uint32_t hi = (value + 0x800) >> 12;
  return {rv::lui(rd, hi & 0xFFFFF), rv::addi(rd, rd, static_cast<int32_t>(lo << 20) >> 20)};
}

Words cat(std::initializer_list<Words> parts) {
  Words out;
  for (const Words& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

const Words kExit = {rv::addi(kA7, kZero, ZKRV_SYS_EXIT), rv::ecall()};

ProgramImage image_of(const Words& code, std::vector<uint8_t> data = std::vector<uint8_t>(64, 0)) {
  ProgramImage image;
  image.entry = kCode;
  Segment text;
  text.vaddr = kCode;
  text.executable = true;
  for (uint32_t w : code) {
    for (int i = 0; i < 4; ++i) text.data.push_back(static_cast<uint8_t>(w >> (8 * i)));
  }
  text.mem_size = static_cast<uint32_t>(text.data.size());
  Segment rw;
  rw.vaddr = kData;
  rw.writable = true;
  rw.mem_size = 0x1000;
  rw.data = std::move(data);
  image.segments = {text, rw};
  image.code_begin = image.readonly_begin = kCode;
  image.code_end = image.readonly_end = text.end();
  image.initial_brk = kData + 0x1000;
  return image;
}

#ifdef ZKRV_PROVE_EVERY_RUN
// Built a second time as vm_machine_executor_programs_test (vm/machine/CMakeLists.txt): every program
// that runs to its exit here is also proved by the whole machine (prove_segment verifies its own proof
// before returning it; machine_test.cpp verifies independently), and the proved claim must be the plain
// run's.
void prove_too(const ProgramImage& image, std::span<const uint8_t> input, const ExecutionResult& expected) {
  const FriConfig& config = fri_config_by_name("zkrv-fri-b2-v2");
  const MachineImage machine{image};
  const SegmentProof proof = prove_segment(machine, input, config);
  EXPECT_EQ(proof.claim.exit_code, expected.exit_code);
  EXPECT_EQ(proof.claim.journal, expected.journal);
}
#endif

ExecutionResult run_image(const ProgramImage& image, std::vector<uint8_t> input = {},
                          uint64_t max_cycles = 1'000'000) {
  ExecutorEnv env;
  env.input = std::move(input);
  env.max_cycles = max_cycles;
  env.console = [](int, std::span<const uint8_t>) {};
  ExecutionResult result = execute(image, env);
#ifdef ZKRV_PROVE_EVERY_RUN
  prove_too(image, env.input, result);
#endif
  return result;
}

ExecutionResult run(const Words& code, std::vector<uint8_t> input = {}, uint64_t max_cycles = 1'000'000) {
  return run_image(image_of(code), std::move(input), max_cycles);
}

// Runs `setup` then `op`, exits, returns register rd.
uint32_t eval(const Words& setup, uint32_t op, unsigned rd = kA2) {
  return run(cat({setup, {op}, kExit})).registers[rd];
}

// Binary register-register op on (a, b) -> a2.
uint32_t binop(uint32_t (*op)(unsigned, unsigned, unsigned), uint32_t a, uint32_t b) {
  return eval(cat({li(kA0, a), li(kA1, b)}), op(kA2, kA0, kA1));
}

std::string image_fault_message(const ProgramImage& image, std::vector<uint8_t> input = {}) {
  try {
    run_image(image, std::move(input));
  } catch (const GuestFault& e) {
    EXPECT_EQ(e.exit_code(), 4);
    return e.what();
  }
  ADD_FAILURE() << "expected a guest fault";
  return "";
}

std::string fault_message(const Words& code, std::vector<uint8_t> input = {}) {
  return image_fault_message(image_of(code), std::move(input));
}

void expect_fault(const Words& code, const std::string& needle) {
  const std::string message = fault_message(code);
  EXPECT_NE(message.find(needle), std::string::npos) << message;
}

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

// ---- segment edges ---------------------------------------------------------------------------------
// Stores, loads, syscall buffers and fetches at every edge of the segments, in programs loaded from
// ELF files (elf_builder), so the loader's layout rules apply. The circuit lets a store (or a read from
// the input) write a word only at or above the first writable word, the end of the read-only hull
// rounded up (vm/chips/cpu: first_writable_word), so the executor must fault exactly there: on every
// store that touches a byte of code or read-only data, shares a word with it, or lies below it.
// vm_machine_executor_programs_test proves every run that exits and checks that the machine refuses
// the stores the executor faults on.

// The reported layout: read-only data [0x20002, 0x2000B), neither end word-aligned, then writable data
// [0x2000C, 0x20021) starting at the first writable address and ending off a word boundary.
constexpr uint32_t kRodata = 0x20002, kRodataEnd = 0x2000B, kFirstWritable = 0x2000C, kRwData = 0x2000C,
                   kRwDataEnd = 0x20021;
const std::vector<uint8_t> kRodataBytes = {0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9};

// Probe programs are padded to a fixed size with words that never run, so code ends at the same
// address in every one of them and a probe of its last words changes nothing that executes.
constexpr size_t kProbeCodeWords = 128;
Words padded(Words code) {
  EXPECT_LE(code.size(), kProbeCodeWords);
  code.resize(kProbeCodeWords, rv::addi(kZero, kZero, 0));
  return code;
}

ProgramImage edge_image(const Words& code) {
  test::ElfSpec spec;
  spec.entry = kCode;
  spec.segments.push_back({kCode, test::words_to_bytes(code), 0, test::kPfR | test::kPfX});
  spec.segments.push_back({kRodata, kRodataBytes, 0, test::kPfR});
  spec.segments.push_back({kRwData, {0xB0, 0xB1, 0xB2, 0xB3}, kRwDataEnd - kRwData, test::kPfR | test::kPfW});
  const ProgramImage image = load_elf(test::build_elf(spec));
  EXPECT_EQ(image.readonly_begin, kCode);
  EXPECT_EQ(image.readonly_end, kRodataEnd);
  EXPECT_EQ(first_writable_address(image), kFirstWritable);
  return image;
}

// Code and read-only data high in RAM ([0x20000, 0x20000 + code)), writable data at 0x30000: the RAM
// below them is not writable either.
constexpr uint32_t kHighCode = 0x20000;
ProgramImage high_code_image(const Words& code) {
  test::ElfSpec spec;
  spec.entry = kHighCode;
  spec.segments.push_back({kHighCode, test::words_to_bytes(code), 0, test::kPfR | test::kPfX});
  spec.segments.push_back({0x30000, {1, 2, 3, 4}, 0x100, test::kPfR | test::kPfW});
  return load_elf(test::build_elf(spec));
}

// The reported layout proper: read-only data [0x20002, 0x2000B) is the lowest segment, so the
// read-only hull starts at 0x20002; code at 0x21000, writable data at 0x22000.
constexpr uint32_t kCodeAbove = 0x21000;
ProgramImage rodata_first_image(const Words& code) {
  test::ElfSpec spec;
  spec.entry = kCodeAbove;
  spec.segments.push_back({kRodata, kRodataBytes, 0, test::kPfR});
  spec.segments.push_back({kCodeAbove, test::words_to_bytes(code), 0, test::kPfR | test::kPfX});
  spec.segments.push_back({0x22000, {1, 2, 3, 4}, 0x100, test::kPfR | test::kPfW});
  const ProgramImage image = load_elf(test::build_elf(spec));
  EXPECT_EQ(image.readonly_begin, kRodata);
  return image;
}

#ifdef ZKRV_PROVE_EVERY_RUN
// The machine has no proof for the write the executor faulted on: the same program run with the
// read-only range removed (so the write happens) yields traces the machine's trace generation refuses
// for writing below its first writable word. And that word is the executor's first writable address.
void expect_machine_refuses_write(const ProgramImage& image, std::span<const uint8_t> input) {
  EXPECT_EQ(uint64_t{chips::first_writable_word(image)} * 4, first_writable_address(image));
  ProgramImage relaxed = image;
  relaxed.readonly_begin = relaxed.readonly_end = 0;
  ExecutorEnv env;
  env.input.assign(input.begin(), input.end());
  env.console = [](int, std::span<const uint8_t>) {};
  const ExecutionTrace run = execute_traced(relaxed, env);
  const MachineImage machine{image};
  const MachineChips chips(machine);
  try {
    generate_machine_traces(chips, machine, run);
    ADD_FAILURE() << "the machine accepts a run with a write the executor refuses";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("below the first writable word"), std::string::npos) << e.what();
  }
}
#endif

// A run without proving it, for the many single-probe programs (their stores are proved together).
ExecutionResult execute_only(const ProgramImage& image, std::vector<uint8_t> input = {}) {
  ExecutorEnv env;
  env.input = std::move(input);
  env.max_cycles = 1'000'000;
  env.console = [](int, std::span<const uint8_t>) {};
  return execute(image, env);
}

// Why the executor refuses a write: its address leaves RAM whatever the image, or the write lies below
// the first writable address of this image (which the machine must refuse too).
enum class Refused { outside_ram, below_first_writable };

// Expects `image` to fault with `needle` in the message.
void expect_image_fault(const ProgramImage& image, const std::string& needle, std::vector<uint8_t> input = {},
                        Refused why = Refused::outside_ram) {
  const std::string message = image_fault_message(image, input);
  EXPECT_NE(message.find(needle), std::string::npos) << message;
#ifdef ZKRV_PROVE_EVERY_RUN
  if (why == Refused::below_first_writable) expect_machine_refuses_write(image, input);
#else
  (void)why;
#endif
}

using StoreEncoder = uint32_t (*)(unsigned, unsigned, int32_t);
struct StoreProbe {
  StoreEncoder op;
  unsigned size;
  uint32_t addr;
  const char* fault;  // a part of the fault message, or nullptr: the store happens
};
constexpr const char* kReadOnly = "store to read-only address";
constexpr const char* kBelow = "below the first writable address";
constexpr const char* kUnmapped = "unmapped address";

Words store_probe(const StoreProbe& p) {
  return cat({li(kA0, p.addr), li(kA1, 0x5AC3E71Fu), {p.op(kA1, kA0, 0)}});
}

std::string describe(const StoreProbe& p) {
  return fmt::format("s{} at 0x{:08x}", p.size == 1 ? 'b' : p.size == 2 ? 'h' : 'w', p.addr);
}

// Each probe alone, then all stores that happen in one program (proved in the programs variant).
void check_store_probes(ProgramImage (*image_for)(const Words&), const std::vector<StoreProbe>& probes) {
  Words allowed;
  for (const StoreProbe& p : probes) {
    SCOPED_TRACE(describe(p));
    const ProgramImage image = image_for(padded(cat({store_probe(p), kExit})));
    if (p.fault != nullptr) {
      expect_image_fault(image, p.fault, {}, p.fault == kUnmapped ? Refused::outside_ram : Refused::below_first_writable);
    } else {
      EXPECT_NO_THROW(execute_only(image));
      allowed = cat({allowed, store_probe(p)});
    }
  }
  if (!allowed.empty()) run_image(image_for(padded(cat({allowed, kExit}))));
}

TEST(ExecutorSegmentEdges, StoresFaultOnEveryByteTheyMayNotWrite) {
  constexpr uint32_t kCodeEnd = kCode + 4 * kProbeCodeWords;
  const std::vector<StoreProbe> probes = {
      // Below RAM, and the first bytes of code.
      {rv::sw, 4, ZKRV_MEM_START - 4, kUnmapped},
      {rv::sh, 2, ZKRV_MEM_START - 2, kUnmapped},
      {rv::sb, 1, ZKRV_MEM_START - 1, kUnmapped},
      {rv::sw, 4, kCode, kReadOnly},
      {rv::sh, 2, kCode + 2, kReadOnly},
      {rv::sb, 1, kCode + 3, kReadOnly},
      // The end of code: its last word, then the gap up to read-only data (inside the read-only hull).
      {rv::sw, 4, kCodeEnd - 4, kReadOnly},
      {rv::sb, 1, kCodeEnd - 1, kReadOnly},
      {rv::sw, 4, kCodeEnd, kReadOnly},
      {rv::sb, 1, kCodeEnd, kReadOnly},
      // Read-only data starting at 0x20002: the word at 0x20000 holds two of its bytes.
      {rv::sw, 4, kRodata - 6, kReadOnly},
      {rv::sw, 4, kRodata - 2, kReadOnly},  // the reported store: only its last two bytes are read-only
      {rv::sh, 2, kRodata - 2, kReadOnly},
      {rv::sb, 1, kRodata - 1, kReadOnly},
      {rv::sb, 1, kRodata, kReadOnly},
      {rv::sh, 2, kRodata, kReadOnly},
      {rv::sw, 4, kRodata + 2, kReadOnly},
      // Read-only data ending at 0x2000B: byte 0x2000B is in no segment but in its last word.
      {rv::sb, 1, kRodataEnd - 1, kReadOnly},
      {rv::sh, 2, kRodataEnd - 3, kReadOnly},
      {rv::sw, 4, kRodataEnd - 3, kReadOnly},
      {rv::sb, 1, kRodataEnd, kBelow},
      {rv::sb, 1, kFirstWritable, nullptr},
      {rv::sh, 2, kFirstWritable, nullptr},
      {rv::sw, 4, kFirstWritable, nullptr},
      {rv::sb, 1, kFirstWritable + 1, nullptr},
      {rv::sh, 2, kFirstWritable + 2, nullptr},
      // Writable data ending at 0x20021: RAM beyond it is writable, so a word across its end is too.
      {rv::sw, 4, kRwDataEnd - 5, nullptr},
      {rv::sw, 4, kRwDataEnd - 1, nullptr},
      {rv::sb, 1, kRwDataEnd - 1, nullptr},
      {rv::sb, 1, kRwDataEnd, nullptr},
      {rv::sh, 2, kRwDataEnd + 1, nullptr},
      {rv::sw, 4, kRwDataEnd + 3, nullptr},
      // The end of RAM.
      {rv::sw, 4, ZKRV_MEM_END - 4, nullptr},
      {rv::sh, 2, ZKRV_MEM_END - 2, nullptr},
      {rv::sb, 1, ZKRV_MEM_END - 1, nullptr},
      {rv::sw, 4, ZKRV_MEM_END, kUnmapped},
      {rv::sh, 2, ZKRV_MEM_END, kUnmapped},
      {rv::sb, 1, ZKRV_MEM_END, kUnmapped},
  };
  check_store_probes(edge_image, probes);
}

TEST(ExecutorSegmentEdges, StoresAcrossTheStartOfReadOnlyDataFault) {
  constexpr uint32_t kCodeAboveEnd = kCodeAbove + 4 * kProbeCodeWords;
  const std::vector<StoreProbe> probes = {
      {rv::sw, 4, kRodata - 2, kReadOnly},  // the reported store: its last two bytes are read-only
      {rv::sh, 2, kRodata - 2, kBelow},     // the bytes before read-only data share its word
      {rv::sb, 1, kRodata - 1, kBelow},
      {rv::sb, 1, kRodata - 2, kBelow},
      {rv::sw, 4, kRodata - 6, kBelow},
      {rv::sb, 1, kRodata, kReadOnly},
      {rv::sh, 2, kRodata, kReadOnly},
      {rv::sw, 4, kRodata + 2, kReadOnly},
      {rv::sb, 1, kRodataEnd, kReadOnly},   // between read-only data and code: inside the hull
      {rv::sw, 4, kCodeAbove - 4, kReadOnly},
      {rv::sw, 4, kCodeAboveEnd - 4, kReadOnly},
      {rv::sw, 4, kCodeAboveEnd, nullptr},
      {rv::sb, 1, kCodeAboveEnd, nullptr},
  };
  check_store_probes(rodata_first_image, probes);
}

TEST(ExecutorSegmentEdges, RamBelowCodeIsNotWritable) {
  // Code is [0x20000, 0x20200) and memory is writable from its end.
  constexpr uint32_t kHighCodeEnd = kHighCode + 4 * kProbeCodeWords;
  const std::vector<StoreProbe> probes = {
      {rv::sb, 1, ZKRV_MEM_START, kBelow},    {rv::sw, 4, ZKRV_MEM_START, kBelow},
      {rv::sw, 4, kHighCode - 4, kBelow},     {rv::sh, 2, kHighCode - 2, kBelow},
      {rv::sb, 1, kHighCode - 1, kBelow},     {rv::sw, 4, kHighCode, kReadOnly},
      {rv::sb, 1, kHighCodeEnd - 1, kReadOnly}, {rv::sw, 4, kHighCodeEnd - 4, kReadOnly},
      {rv::sw, 4, kHighCodeEnd, nullptr},     {rv::sb, 1, kHighCodeEnd, nullptr},
  };
  check_store_probes(high_code_image, probes);
  // Loads from there are fine: it is zero-initialised RAM.
  const ProgramImage image = high_code_image(cat({li(kA0, ZKRV_MEM_START), {rv::lw(kA2, kA0, 0)}, li(kA0, kHighCode - 4),
                                                  {rv::lw(kA3, kA0, 0)}, kExit}));
  const ExecutionResult r = run_image(image);
  EXPECT_EQ(r.registers[kA2], 0u);
  EXPECT_EQ(r.registers[kA3], 0u);
}

TEST(ExecutorSegmentEdges, LoadsReadEveryEdgeByte) {
  // Loads may read any RAM byte: the words around read-only data hold its bytes and zero elsewhere.
  const ProgramImage image = edge_image(cat({li(kA0, kRodata - 2),
                                             {rv::lw(18, kA0, 0), rv::lhu(19, kA0, 0), rv::lbu(20, kA0, 2),
                                              rv::lw(21, kA0, 8), rv::lbu(22, kA0, 9), rv::lh(23, kA0, 8),
                                              rv::lw(24, kA0, 12), rv::lw(25, kA0, -4), rv::lb(26, kA0, 31),
                                              rv::lbu(27, kA0, 32)},
                                             kExit}));
  const ExecutionResult r = run_image(image);
  EXPECT_EQ(r.registers[18], 0xA2A10000u);  // [0x20000]: two zero bytes, then read-only data
  EXPECT_EQ(r.registers[19], 0u);
  EXPECT_EQ(r.registers[20], 0xA1u);        // [0x20002]: its first byte
  EXPECT_EQ(r.registers[21], 0x00A9A8A7u);  // [0x20008]: its last three bytes and byte 0x2000B
  EXPECT_EQ(r.registers[22], 0xA8u);
  EXPECT_EQ(r.registers[23], 0xFFFFA8A7u);  // [0x20008], sign-extended
  EXPECT_EQ(r.registers[24], 0xB3B2B1B0u);  // [0x2000C]: writable data
  EXPECT_EQ(r.registers[25], 0u);           // [0x1FFFC]: the gap after code
  EXPECT_EQ(r.registers[26], 0u);           // [0x2001F]: the .bss part of writable data
  EXPECT_EQ(r.registers[27], 0u);           // [0x20020]
}

constexpr uint32_t kSecond = 0x10030, kSecondEnd = 0x10038;  // the second executable segment below

TEST(ExecutorSegmentEdges, FetchesOnlyFromExecutableWords) {
  // Two executable segments with read-only data between them: [0x10000, 0x10020) jumps to a target;
  // [0x10022, 0x10028) read-only; [0x10030, 0x10038) holds the exit. The code hull is [0x10000,
  // 0x10038); its words outside both executable segments are no instructions.
  auto image_jumping_to = [](uint32_t target) {
    Words first = cat({{rv::addi(kA7, kZero, ZKRV_SYS_EXIT)}, li(kT0, target), {rv::jalr(kZero, kT0, 0)}});
    first.resize(8, rv::addi(kZero, kZero, 0));
    test::ElfSpec spec;
    spec.entry = kCode;
    spec.segments.push_back({kCode, test::words_to_bytes(first), 0, test::kPfR | test::kPfX});
    spec.segments.push_back({0x10022, {1, 2, 3, 4, 5, 6}, 0, test::kPfR});
    spec.segments.push_back({kSecond, test::words_to_bytes(kExit), 0, test::kPfR | test::kPfX});
    const ProgramImage image = load_elf(test::build_elf(spec));
    EXPECT_EQ(image.code_end, kSecondEnd);
    return image;
  };
  for (uint32_t target : {kSecond, kSecondEnd - 4}) {
    SCOPED_TRACE(fmt::format("jump to 0x{:08x}", target));
    EXPECT_NO_THROW(run_image(image_jumping_to(target)));
  }
  for (uint32_t target : {kCode + 32, 0x10024u, kSecond - 4, kSecondEnd, kCode - 4, 0x20000u}) {
    SCOPED_TRACE(fmt::format("jump to 0x{:08x}", target));
    const std::string message = image_fault_message(image_jumping_to(target));
    EXPECT_NE(message.find(fmt::format("guest fault at pc 0x{:08x}", target)), std::string::npos) << message;
    EXPECT_NE(message.find("instruction fetch outside executable code"), std::string::npos) << message;
  }
}

// read(0, buf, count), its result saved in register `save_to`.
Words read_call(uint32_t buf, uint32_t count, unsigned save_to) {
  return cat({li(kA1, buf), li(kA2, count),
              {rv::addi(kA0, kZero, 0), rv::addi(kA7, kZero, ZKRV_SYS_READ), rv::ecall(), rv::addi(save_to, kA0, 0)}});
}
// read(0, buf, count) then exit.
Words read_into(uint32_t buf, uint32_t count) { return cat({read_call(buf, count, kA0), kExit}); }
// write(fd, buf, count) then exit.
Words write_from(uint32_t fd, uint32_t buf, uint32_t count) {
  return cat({li(kA0, fd), li(kA1, buf), li(kA2, count), {rv::addi(kA7, kZero, ZKRV_SYS_WRITE), rv::ecall()}, kExit});
}

TEST(ExecutorSegmentEdges, ReadsIntoBytesTheyMayNotWriteFault) {
  // Every byte a read delivers must be writable.
  const std::vector<uint8_t> four = {1, 2, 3, 4};
  constexpr Refused kBelowFirst = Refused::below_first_writable;
  expect_image_fault(edge_image(read_into(kRodata - 2, 4)), "not writable", four, kBelowFirst);  // as reported
  expect_image_fault(edge_image(read_into(kRodataEnd - 1, 1)), "not writable", four, kBelowFirst);
  expect_image_fault(edge_image(read_into(kRodataEnd, 1)), "not writable", four, kBelowFirst);
  expect_image_fault(edge_image(read_into(kFirstWritable - 1, 4)), "not writable", four, kBelowFirst);
  expect_image_fault(edge_image(read_into(kCode, 4)), "not writable", four, kBelowFirst);
  expect_image_fault(edge_image(read_into(ZKRV_MEM_END - 1, 4)), "not writable", four);
  // A read that delivers nothing still needs a buffer that starts in RAM, as every read and write.
  expect_image_fault(edge_image(read_into(ZKRV_MEM_END, 0)), "not writable", four);
  expect_image_fault(edge_image(read_into(ZKRV_MEM_END, 4)), "not writable");
  expect_image_fault(edge_image(read_into(ZKRV_MEM_START - 1, 0)), "not writable", four);
}

TEST(ExecutorSegmentEdges, ReadsWriteWritableBytesOnly) {
  // One program, 13 input bytes: the bytes a read does not deliver need not be writable, so a read of
  // 4 with 1 byte left may end at the last byte of RAM, and a read that delivers nothing (count 0, or
  // at the end of the input) may name read-only memory.
  const std::vector<uint8_t> input = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
  const ProgramImage image = edge_image(cat({read_call(kFirstWritable, 4, 18), read_call(kRwDataEnd - 1, 4, 19),
                                             read_call(ZKRV_MEM_END - 4, 4, 20), read_call(kRodata, 0, 21),
                                             read_call(ZKRV_MEM_END - 1, 4, 22), read_call(kCode, 4, 23),
                                             {rv::lw(24, kA1, 0)}, li(kA1, ZKRV_MEM_END - 4), {rv::lw(25, kA1, 0)},
                                             kExit}));
  const ExecutionResult r = run_image(image, input);
  EXPECT_EQ(r.registers[18], 4u);
  EXPECT_EQ(r.registers[19], 4u);
  EXPECT_EQ(r.registers[20], 4u);
  EXPECT_EQ(r.registers[21], 0u);
  EXPECT_EQ(r.registers[22], 1u);
  EXPECT_EQ(r.registers[23], 0u);
  EXPECT_EQ(r.registers[24], image.segments[0].data[0] | image.segments[0].data[1] << 8 |
                                 image.segments[0].data[2] << 16 | uint32_t{image.segments[0].data[3]} << 24)
      << "a read at the end of the input leaves code alone";
  EXPECT_EQ(r.registers[25], 0x0D0B0A09u);  // bytes 9, 10, 11, then 13 over 12 in the last byte of RAM
}

TEST(ExecutorSegmentEdges, WriteBuffersLieInRam) {
  EXPECT_EQ(run_image(edge_image(write_from(3, ZKRV_MEM_END - 4, 4))).journal, std::vector<uint8_t>(4, 0));
  EXPECT_EQ(run_image(edge_image(write_from(3, kCode, 0))).exit_code, 0u);
  EXPECT_EQ(run_image(edge_image(write_from(1, ZKRV_MEM_END - 1, 1))).exit_code, 1u);
  expect_image_fault(edge_image(write_from(3, ZKRV_MEM_END - 2, 4)), "outside guest memory");
  expect_image_fault(edge_image(write_from(3, ZKRV_MEM_END, 0)), "outside guest memory");
  expect_image_fault(edge_image(write_from(1, ZKRV_MEM_END, 0)), "outside guest memory");
  expect_image_fault(edge_image(write_from(1, ZKRV_MEM_START - 4, 4)), "outside guest memory");
  // The syscall chip proves buffers shorter than 2^28 bytes only.
  expect_image_fault(edge_image(write_from(1, ZKRV_MEM_START, uint32_t{1} << 28)), "outside guest memory");
}

// brk(a0) -> s-register, following Linux: brk(0) and refused requests return the current break.
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
