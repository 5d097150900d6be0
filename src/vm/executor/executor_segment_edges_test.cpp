// Stores, loads, syscall buffers and fetches at every edge of the segments (the executor agrees with the
// circuit on every write; see the section comment below). Built twice like executor_test.cpp.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "abi/memory_map.h"
#include "abi/syscalls.h"
#include "support/elf_builder.h"
#include "support/rv_encoder.h"
#include "vm/executor/executor.h"
#include "vm/executor/testing/executor_programs.h"
#include "vm/isa/program_image.h"

#ifdef ZKRV_PROVE_EVERY_RUN
#include "vm/chips/cpu/cpu_chip.h"
#include "vm/executor/tracing.h"
#include "vm/machine/machine.h"
#include "vm/machine/machine_traces.h"
#endif

namespace zkrv {
namespace {

namespace rv = test::rv;
using namespace executor_testing;

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

TEST(ExecutorSegmentEdges, FetchesFromEveryWordOfTheCodeRange) {
  // Two executable segments with read-only data between them: [0x10000, 0x10020) jumps to a target;
  // [0x10024, 0x1002c) read-only, holding an exit sequence; [0x10030, 0x10038) holds the exit. The code
  // range is the hull [0x10000, 0x10038): every word in it is fetched from memory and decoded (the
  // circuit's decode chip reads code from memory, vm/chips/program/instruction_decode_chip.h), so the
  // read-only words run, and the zero words of the gaps are illegal instructions. Outside the hull
  // nothing is fetched.
  auto image_jumping_to = [](uint32_t target) {
    Words first = cat({{rv::addi(kA7, kZero, ZKRV_SYS_EXIT)}, li(kT0, target), {rv::jalr(kZero, kT0, 0)}});
    first.resize(8, rv::addi(kZero, kZero, 0));
    test::ElfSpec spec;
    spec.entry = kCode;
    spec.segments.push_back({kCode, test::words_to_bytes(first), 0, test::kPfR | test::kPfX});
    spec.segments.push_back({0x10024, test::words_to_bytes(kExit), 0, test::kPfR});
    spec.segments.push_back({kSecond, test::words_to_bytes(kExit), 0, test::kPfR | test::kPfX});
    const ProgramImage image = load_elf(test::build_elf(spec));
    EXPECT_EQ(image.code_end, kSecondEnd);
    return image;
  };
  for (uint32_t target : {kSecond, kSecondEnd - 4, 0x10024u}) {
    SCOPED_TRACE(fmt::format("jump to 0x{:08x}", target));
    EXPECT_NO_THROW(run_image(image_jumping_to(target)));
  }
  for (uint32_t target : {kCode + 32, kSecond - 4}) {
    SCOPED_TRACE(fmt::format("jump to 0x{:08x}", target));
    const std::string message = image_fault_message(image_jumping_to(target));
    EXPECT_NE(message.find(fmt::format("guest fault at pc 0x{:08x}", target)), std::string::npos) << message;
    EXPECT_NE(message.find("illegal instruction"), std::string::npos) << message;
  }
  for (uint32_t target : {kSecondEnd, kCode - 4, 0x20000u}) {
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

}  // namespace
}  // namespace zkrv
