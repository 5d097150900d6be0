// The tracing mode: a traced run agrees with the fast mode, and its events are exactly what the
// machine's chips must prove. `check_trace` validates a whole trace against the ISA (decoding every
// instruction word itself), evaluate_alu, the program image and the memory-argument rules of
// events.h; hand-written programs pin individual events to values worked out by hand.
#include "vm/executor/tracing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <random>
#include <span>

#include <fmt/format.h>

#include "abi/memory_map.h"
#include "abi/syscalls.h"
#include "support/rv_encoder.h"
#include "vm/executor/testing/program_builder.h"
#include "vm/isa/decoder.h"

namespace zkrv {
namespace {

namespace rv = test::rv;

using namespace executor_testing;

Words syscall(uint32_t number, uint32_t a0, uint32_t a1 = 0, uint32_t a2 = 0) {
  return cat({li(kA0, a0), li(kA1, a1), li(kA2, a2), li(kA7, number), {rv::ecall()}});
}

ExecutorEnv quiet_env(std::vector<uint8_t> input = {}) {
  ExecutorEnv env;
  env.input = std::move(input);
  env.max_cycles = 100'000'000;
  env.console = [](int, std::span<const uint8_t>) {};
  return env;
}

// ---- independent reference values ---------------------------------------------------------------

uint8_t image_byte(const ProgramImage& image, uint32_t b) {
  for (const Segment& s : image.segments) {
    if (b >= s.vaddr && b - s.vaddr < s.data.size()) return s.data[b - s.vaddr];
  }
  return 0;
}

// The word at an address of the memory argument before the first instruction.
uint32_t initial_word(const ProgramImage& image, uint32_t addr) {
  if (addr < 32) return addr == 2 ? ZKRV_STACK_TOP : 0;
  uint32_t v = 0;
  for (uint32_t i = 0; i < 4; ++i) v |= uint32_t{image_byte(image, addr * 4 + i)} << (8 * i);
  return v;
}

bool initial_in_image(const ProgramImage& image, uint32_t addr) {
  if (addr < 32) return true;
  return std::any_of(image.segments.begin(), image.segments.end(),
                     [&](const Segment& s) { return addr * 4 + 4 > s.vaddr && addr * 4 < s.end(); });
}

std::optional<AluOp> expected_alu_op(Opcode op) {
  switch (op) {
    case Opcode::add: case Opcode::addi: return AluOp::add;
    case Opcode::sub: return AluOp::sub;
    case Opcode::xor_: case Opcode::xori: return AluOp::xor_;
    case Opcode::or_: case Opcode::ori: return AluOp::or_;
    case Opcode::and_: case Opcode::andi: return AluOp::and_;
    case Opcode::sll: case Opcode::slli: return AluOp::sll;
    case Opcode::srl: case Opcode::srli: return AluOp::srl;
    case Opcode::sra: case Opcode::srai: return AluOp::sra;
    case Opcode::slt: case Opcode::slti: case Opcode::blt: case Opcode::bge: return AluOp::slt;
    case Opcode::sltu: case Opcode::sltiu: case Opcode::bltu: case Opcode::bgeu: return AluOp::sltu;
    case Opcode::mul: return AluOp::mul;
    case Opcode::mulh: return AluOp::mulh;
    case Opcode::mulhsu: return AluOp::mulhsu;
    case Opcode::mulhu: return AluOp::mulhu;
    case Opcode::div: return AluOp::div;
    case Opcode::divu: return AluOp::divu;
    case Opcode::rem: return AluOp::rem;
    case Opcode::remu: return AluOp::remu;
    default: return std::nullopt;
  }
}

// ---- whole-trace validation -----------------------------------------------------------------------

#define REQUIRE(cond, ...)                          \
  do {                                              \
    if (!(cond)) return fmt::format(__VA_ARGS__);   \
  } while (0)

// Checks one CPU event against the ISA; returns "" or what is wrong.
std::string check_cpu_event(const ExecutionTrace& t, const ProgramImage& image, const CpuEvent& e) {
  uint32_t word = 0;
  for (uint32_t i = 0; i < 4; ++i) word |= uint32_t{image_byte(image, e.pc + i)} << (8 * i);
  REQUIRE(e.instruction == word, "instruction word 0x{:08x} is not the image's 0x{:08x}", e.instruction, word);
  const Instruction in = decode(word);
  const InstructionFormat f = opcode_format(in.op);
  const uint32_t imm = static_cast<uint32_t>(in.imm);
  const bool ecall = in.op == Opcode::ecall;
  REQUIRE(e.has(CpuEvent::kEcall) == ecall, "ecall flag");
  if (ecall) {
    REQUIRE(e.rs1_index == kA7 && e.rs2_index == kA0 && e.has(CpuEvent::kReadsRs1) && e.has(CpuEvent::kReadsRs2),
            "an ecall reads a7 and a0");
    const bool exits = e.rs1.value == ZKRV_SYS_EXIT || e.rs1.value == ZKRV_SYS_EXIT_GROUP;
    REQUIRE(e.has(CpuEvent::kWritesRd) == !exits, "an ecall writes a0 unless it exits");
    REQUIRE(!e.has(CpuEvent::kWritesRd) || e.rd_index == kA0, "an ecall's rd is a0");
  } else {
    const bool r1 = f == InstructionFormat::r || f == InstructionFormat::i || f == InstructionFormat::s ||
                    f == InstructionFormat::b;
    const bool r2 = f == InstructionFormat::r || f == InstructionFormat::s || f == InstructionFormat::b;
    const bool wr = (f == InstructionFormat::r || f == InstructionFormat::i || f == InstructionFormat::u ||
                     f == InstructionFormat::j) && in.rd != 0;
    REQUIRE(e.has(CpuEvent::kReadsRs1) == r1 && (!r1 || e.rs1_index == in.rs1), "rs1 read");
    REQUIRE(e.has(CpuEvent::kReadsRs2) == r2 && (!r2 || e.rs2_index == in.rs2), "rs2 read");
    REQUIRE(e.has(CpuEvent::kWritesRd) == wr && (!wr || e.rd_index == in.rd), "rd write (x0 never)");
  }
  const uint32_t b = e.rs1.value, c = e.rs2.value;
  uint32_t next = e.pc + 4;
  const bool is_load = in.op >= Opcode::lb && in.op <= Opcode::lhu;
  const bool is_store = in.op >= Opcode::sb && in.op <= Opcode::sw;
  REQUIRE(e.has(CpuEvent::kMemoryRead) == is_load && e.has(CpuEvent::kMemoryWrite) == is_store, "memory flags");
  if (is_load || is_store) {
    const uint32_t addr = b + imm, shift = 8 * (addr & 3);
    REQUIRE(e.mem_addr == addr >> 2, "memory word address");
    if (is_load) {
      REQUIRE(e.mem.value == e.mem.prev_value, "a load changes nothing");
      const uint32_t raw = e.mem.value >> shift;
      uint32_t v = 0;
      switch (in.op) {
        case Opcode::lb: v = static_cast<uint32_t>(static_cast<int8_t>(raw)); break;
        case Opcode::lh: v = static_cast<uint32_t>(static_cast<int16_t>(raw)); break;
        case Opcode::lbu: v = raw & 0xFF; break;
        case Opcode::lhu: v = raw & 0xFFFF; break;
        default: v = raw; break;
      }
      REQUIRE(!e.has(CpuEvent::kWritesRd) || e.rd.value == v, "loaded value 0x{:08x}", e.rd.value);
    } else {
      const unsigned size = in.op == Opcode::sb ? 1 : in.op == Opcode::sh ? 2 : 4;
      uint8_t bytes[4];
      for (unsigned i = 0; i < 4; ++i) bytes[i] = static_cast<uint8_t>(e.mem.prev_value >> (8 * i));
      for (unsigned i = 0; i < size; ++i) bytes[(addr & 3) + i] = static_cast<uint8_t>(c >> (8 * i));
      const uint32_t merged = bytes[0] | bytes[1] << 8 | bytes[2] << 16 | uint32_t{bytes[3]} << 24;
      REQUIRE(e.mem.value == merged, "stored word 0x{:08x}, expected 0x{:08x}", e.mem.value, merged);
    }
  }
  const std::optional<AluOp> op = expected_alu_op(in.op);
  REQUIRE(op.has_value() == (e.alu_index != kNoAluEvent), "ALU event present");
  if (op) {
    REQUIRE(e.alu_index < t.alu.size(), "ALU index");
    const AluEvent& a = t.alu[e.alu_index];
    const uint32_t want_c = f == InstructionFormat::i ? imm : c;
    REQUIRE(a.op == *op && a.b == b && a.c == want_c, "ALU {} operands", alu_op_name(a.op));
    REQUIRE(a.a == evaluate_alu(a.op, a.b, a.c), "ALU {} result", alu_op_name(a.op));
    REQUIRE(f == InstructionFormat::b || !e.has(CpuEvent::kWritesRd) || e.rd.value == a.a, "rd is the ALU result");
  }
  switch (in.op) {
    case Opcode::lui: REQUIRE(!e.has(CpuEvent::kWritesRd) || e.rd.value == imm, "lui"); break;
    case Opcode::auipc: REQUIRE(!e.has(CpuEvent::kWritesRd) || e.rd.value == e.pc + imm, "auipc"); break;
    case Opcode::jal: next = e.pc + imm; break;
    case Opcode::jalr: next = (b + imm) & ~1u; break;
    case Opcode::beq: if (b == c) next = e.pc + imm; break;
    case Opcode::bne: if (b != c) next = e.pc + imm; break;
    case Opcode::blt: if (static_cast<int32_t>(b) < static_cast<int32_t>(c)) next = e.pc + imm; break;
    case Opcode::bge: if (static_cast<int32_t>(b) >= static_cast<int32_t>(c)) next = e.pc + imm; break;
    case Opcode::bltu: if (b < c) next = e.pc + imm; break;
    case Opcode::bgeu: if (b >= c) next = e.pc + imm; break;
    default: break;
  }
  // The delegated comparison decides the branch (with an offset of 4, taken and not taken look alike).
  if ((in.op == Opcode::blt || in.op == Opcode::bge || in.op == Opcode::bltu || in.op == Opcode::bgeu) && imm != 4) {
    const bool taken = next != e.pc + 4;
    const bool when_less = in.op == Opcode::blt || in.op == Opcode::bltu;
    REQUIRE(taken == (t.alu[e.alu_index].a == (when_less ? 1u : 0u)), "branch outcome vs ALU result");
  }
  if (in.op == Opcode::jal || in.op == Opcode::jalr) {
    REQUIRE(!e.has(CpuEvent::kWritesRd) || e.rd.value == e.pc + 4, "link register");
  }
  REQUIRE(e.next_pc == next, "next pc 0x{:08x}, expected 0x{:08x}", e.next_pc, next);
  return "";
}

// Replays the memory argument: per address, accesses in timestamp order chain from the initial image
// at timestamp 0 to the final image, reads change nothing, timestamps strictly increase.
std::string check_memory(const ExecutionTrace& t, const ProgramImage& image) {
  struct Access {
    MemoryAccess a;
    bool read;
  };
  std::vector<Access> all;
  for (const CpuEvent& e : t.cpu) {
    if (e.has(CpuEvent::kReadsRs1)) all.push_back({e.rs1_access(), true});
    if (e.has(CpuEvent::kReadsRs2)) all.push_back({e.rs2_access(), true});
    if (e.has(CpuEvent::kMemoryRead) || e.has(CpuEvent::kMemoryWrite)) {
      all.push_back({e.memory_access(), e.has(CpuEvent::kMemoryRead)});
    }
    if (e.has(CpuEvent::kWritesRd)) all.push_back({e.rd_access(), false});
  }
  for (const MemoryAccess& a : t.syscall_accesses) all.push_back({a, a.addr < 32});
  std::sort(all.begin(), all.end(), [](const Access& x, const Access& y) {
    return std::pair(x.a.addr, x.a.timestamp) < std::pair(y.a.addr, y.a.timestamp);
  });
  size_t boundary = 0;
  for (size_t i = 0; i < all.size();) {
    const uint32_t addr = all[i].a.addr;
    REQUIRE(addr < 32 || (addr >= kFirstRamWordAddress && addr < (ZKRV_MEM_END >> 2)), "address {:#x}", addr);
    uint32_t value = initial_word(image, addr), ts = 0;
    for (; i < all.size() && all[i].a.addr == addr; ++i) {
      const MemoryAccess& a = all[i].a;
      REQUIRE(a.timestamp > ts, "address {:#x}: timestamp {} after {}", addr, a.timestamp, ts);
      REQUIRE(a.prev_timestamp == ts && a.prev_value == value,
              "address {:#x} at {}: previous ({:#x}, {}), chain has ({:#x}, {})", addr, a.timestamp, a.prev_value,
              a.prev_timestamp, value, ts);
      REQUIRE(!all[i].read || a.value == a.prev_value, "address {:#x}: a read changed the value", addr);
      REQUIRE(addr != 0 || a.value == 0, "x0 changed");
      value = a.value;
      ts = a.timestamp;
    }
    REQUIRE(boundary < t.memory.size(), "address {:#x} missing from the boundary", addr);
    const MemoryBoundary& m = t.memory[boundary++];
    REQUIRE(m.addr == addr && m.final_value == value && m.final_timestamp == ts &&
                m.initial_value == initial_word(image, addr) && (m.in_image == 1) == initial_in_image(image, addr),
            "boundary of {:#x}", addr);
  }
  REQUIRE(boundary == t.memory.size(), "the boundary lists untouched addresses");
  for (const MemoryBoundary& m : t.memory) {
    if (m.addr < 32) REQUIRE(m.final_value == t.result.registers[m.addr], "final register x{}", m.addr);
  }
  return "";
}

// Syscall events: one per ecall, their accesses at 4c+3, and the journal and input bytes they carry.
std::string check_syscalls(const ExecutionTrace& t, const std::vector<uint8_t>& input) {
  size_t k = 0;
  std::vector<uint8_t> journal, consumed;
  for (const CpuEvent& e : t.cpu) {
    if (!e.has(CpuEvent::kEcall)) continue;
    REQUIRE(k < t.syscalls.size() && t.syscalls[k].clk == e.clk, "no syscall event for the ecall at {}", e.clk);
    const SyscallEvent& s = t.syscalls[k++];
    REQUIRE(s.number == e.rs1.value && s.arg0 == e.rs2.value, "syscall number/a0");
    REQUIRE(s.result == (e.has(CpuEvent::kWritesRd) ? e.rd.value : s.arg0), "syscall result");
    REQUIRE(s.access_begin + s.access_count <= t.syscall_accesses.size(), "access range");
    const std::span<const MemoryAccess> acc(t.syscall_accesses.data() + s.access_begin, s.access_count);
    for (const MemoryAccess& a : acc) REQUIRE(a.timestamp == timestamp_of(s.clk, AccessSlot::memory), "timestamp");
    const bool rw = s.number == ZKRV_SYS_READ || s.number == ZKRV_SYS_WRITE;
    uint32_t n = 0;
    if (s.number == ZKRV_SYS_READ && s.arg0 == ZKRV_FD_INPUT) n = s.result;
    if (s.number == ZKRV_SYS_WRITE && s.arg0 == ZKRV_FD_JOURNAL) n = s.arg2;
    const uint32_t first = s.arg1 >> 2, words = n == 0 ? 0 : ((s.arg1 + n - 1) >> 2) - first + 1;
    REQUIRE(acc.size() == (rw ? 2 + words : 0), "syscall {} makes {} accesses", s.number, acc.size());
    if (!rw) continue;
    REQUIRE(acc[0].addr == kA1 && acc[0].value == s.arg1 && acc[1].addr == kA2 && acc[1].value == s.arg2, "a1, a2");
    for (uint32_t w = 0; w < words; ++w) {
      const MemoryAccess& a = acc[2 + w];
      REQUIRE(a.addr == first + w, "word {} of the buffer", w);
      for (uint32_t byte = 0; byte < 4; ++byte) {
        const uint32_t addr = (first + w) * 4 + byte;
        const auto now = static_cast<uint8_t>(a.value >> (8 * byte));
        const auto before = static_cast<uint8_t>(a.prev_value >> (8 * byte));
        const bool inside = addr >= s.arg1 && addr - s.arg1 < n;
        if (inside) (s.number == ZKRV_SYS_READ ? consumed : journal).push_back(now);
        REQUIRE(now == before || (inside && s.number == ZKRV_SYS_READ), "byte {:#x} changed", addr);
      }
    }
  }
  REQUIRE(k == t.syscalls.size(), "syscall events without an ecall");
  REQUIRE(journal == t.result.journal, "the journal bytes of the syscall events differ from the journal");
  REQUIRE(consumed.size() <= input.size() && std::equal(consumed.begin(), consumed.end(), input.begin()),
          "the bytes read are not the input's prefix");
  return "";
}

std::string check_trace(const ExecutionTrace& t, const ProgramImage& image, const std::vector<uint8_t>& input) {
  REQUIRE(t.cpu.size() == t.result.cycles && !t.cpu.empty(), "one CPU event per cycle");
  REQUIRE(t.cpu.front().pc == image.entry, "first pc");
  size_t alu_seen = 0;
  for (size_t c = 0; c < t.cpu.size(); ++c) {
    const CpuEvent& e = t.cpu[c];
    REQUIRE(e.clk == c, "clk of event {}", c);
    REQUIRE(c + 1 == t.cpu.size() || e.next_pc == t.cpu[c + 1].pc, "pc chain at {}", c);
    const std::string error = check_cpu_event(t, image, e);
    REQUIRE(error.empty(), "cycle {} (pc 0x{:08x}, {}): {}", c, e.pc, disassemble(e.instruction), error);
    if (e.alu_index != kNoAluEvent) REQUIRE(e.alu_index == alu_seen++, "ALU events out of order at {}", c);
  }
  REQUIRE(alu_seen == t.alu.size(), "ALU events no instruction delegated");
  std::string error = check_memory(t, image);
  if (error.empty()) error = check_syscalls(t, input);
  return error;
}

#undef REQUIRE

// Runs both modes; the traced run must agree with the fast one and pass check_trace.
ExecutionTrace run_both(const ProgramImage& image, const std::vector<uint8_t>& input = {}) {
  const ExecutionResult fast = execute(image, quiet_env(input));
  ExecutionTrace t = execute_traced(image, quiet_env(input));
  EXPECT_EQ(t.result.exit_code, fast.exit_code);
  EXPECT_EQ(t.result.cycles, fast.cycles);
  EXPECT_EQ(t.result.journal, fast.journal);
  EXPECT_EQ(t.result.registers, fast.registers);
  EXPECT_EQ(check_trace(t, image, input), "");
  return t;
}

std::string elf_path(const std::string& name) { return std::string(ZKRV_GUEST_BIN_DIR) + "/" + name + ".elf"; }

std::vector<uint8_t> random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> bytes(n);
  for (auto& b : bytes) b = static_cast<uint8_t>(rng());
  return bytes;
}

TEST(Tracing, ExampleGuestsAgreeWithFastModeAndReplay) {
  const std::pair<const char*, std::vector<uint8_t>> cases[] = {
      {"fibonacci", {30, 0, 0, 0}},  {"sha256", random_bytes(1000, 1)}, {"cpp_templates", {}},
      {"libc_demo", {'s', 'e', 'e', 'd'}}, {"exit_code", {0x2A, 1, 0, 0x80}}, {"echo", random_bytes(3000, 2)},
      {"brk_test", {}},              {"bad_fd", {}}};
  for (const auto& [name, input] : cases) {
    SCOPED_TRACE(name);
    const ExecutionTrace t = run_both(load_elf_file(elf_path(name)), input);
    EXPECT_FALSE(t.syscalls.empty());
    // The footprint target, for a guest whose cycles are mostly computation (echo, say, moves
    // kilobytes in a few hundred cycles).
    if (std::string_view(name) == "sha256") {
      EXPECT_LE(t.event_bytes(), 100 * t.cpu.size()) << "bytes per cycle: " << double(t.event_bytes()) / t.cpu.size();
    }
  }
}

TEST(Tracing, FaultsAndCycleLimitAsFastMode) {
  for (const char* name : {"misaligned_load", "misaligned_store", "store_to_code", "null_deref", "illegal_instruction",
                           "unknown_syscall"}) {
    const ProgramImage image = load_elf_file(elf_path(name));
    std::string fast, traced;
    try { execute(image, quiet_env()); } catch (const GuestFault& e) { fast = e.what(); }
    try { execute_traced(image, quiet_env()); } catch (const GuestFault& e) { traced = e.what(); }
    EXPECT_FALSE(fast.empty()) << name;
    EXPECT_EQ(traced, fast) << name;
  }
  ExecutorEnv env = quiet_env();
  env.max_cycles = 10'000;
  EXPECT_THROW(execute_traced(load_elf_file(elf_path("infinite_loop")), env), CycleLimitReached);
}

// A program that executes every RV32IM instruction, with edge-case operands.
TEST(Tracing, EveryInstructionClass) {
  const Words code = cat({
      li(kA0, 0x80000000), li(kA1, 0xFFFFFFFF), li(kA3, 0), li(kA4, 7), li(kS0, kData),
      {rv::lui(kT0, 0x12345), rv::auipc(kT1, 1)},
      {rv::add(kA2, kA0, kA1), rv::sub(kA2, kA0, kA4), rv::sll(kA2, kA4, kA4), rv::slt(kA2, kA0, kA1),
       rv::sltu(kA2, kA0, kA1), rv::xor_(kA2, kA0, kA1), rv::srl(kA2, kA0, kA4), rv::sra(kA2, kA0, kA4),
       rv::or_(kA2, kA0, kA4), rv::and_(kA2, kA1, kA4), rv::mul(kA2, kA1, kA4), rv::mulh(kA2, kA0, kA1),
       rv::mulhsu(kA2, kA0, kA1), rv::mulhu(kA2, kA0, kA1), rv::div(kA2, kA0, kA1), rv::divu(kA2, kA4, kA3),
       rv::rem(kA2, kA0, kA1), rv::remu(kA2, kA4, kA3), rv::div(kA2, kA4, kA3), rv::rem(kA2, kA1, kA4)},
      {rv::addi(kA2, kA0, -1), rv::slti(kA2, kA0, 5), rv::sltiu(kA2, kA1, -1), rv::xori(kA2, kA1, 0x55),
       rv::ori(kA2, kA3, -2048), rv::andi(kA2, kA1, 0x7FF), rv::slli(kA2, kA4, 31), rv::srli(kA2, kA0, 31),
       rv::srai(kA2, kA0, 31), rv::addi(kZero, kA4, 5), rv::add(kZero, kA4, kA4)},
      // Each branch skips the following addi when taken; taken and not-taken cases.
      {rv::beq(kA0, kA0, 8), rv::addi(kT2, kT2, 1), rv::beq(kA0, kA1, 8), rv::addi(kT2, kT2, 1),
       rv::bne(kA0, kA1, 8), rv::addi(kT2, kT2, 1), rv::blt(kA0, kA1, 8), rv::addi(kT2, kT2, 1),
       rv::blt(kA1, kA0, 8), rv::addi(kT2, kT2, 1), rv::bge(kA1, kA0, 8), rv::addi(kT2, kT2, 1),
       rv::bltu(kA0, kA1, 8), rv::addi(kT2, kT2, 1), rv::bgeu(kA0, kA1, 8), rv::addi(kT2, kT2, 1),
       rv::bgeu(kA1, kA1, 8), rv::addi(kT2, kT2, 1)},
      {rv::jal(kRa, 8), rv::addi(kT2, kT2, 1), rv::auipc(kT0, 0), rv::jalr(kRa, kT0, 12), rv::addi(kT2, kT2, 1),
       rv::fence()},
      {rv::sw(kA1, kS0, 0), rv::sh(kA4, kS0, 2), rv::sb(kA4, kS0, 1), rv::lw(kA2, kS0, 0), rv::lh(kA2, kS0, 2),
       rv::lhu(kA2, kS0, 0), rv::lb(kA2, kS0, 3), rv::lbu(kA2, kS0, 3), rv::lw(kZero, kS0, 0)},
      syscall(ZKRV_SYS_WRITE, ZKRV_FD_STDOUT, kData, 4), kExit});
  const ExecutionTrace t = run_both(image_of(code));
  bool seen[kOpcodeCount] = {};
  for (const CpuEvent& e : t.cpu) seen[static_cast<size_t>(decode(e.instruction).op)] = true;
  for (unsigned op = 0; op < kOpcodeCount; ++op) {
    EXPECT_EQ(seen[op], static_cast<Opcode>(op) != Opcode::illegal) << opcode_name(static_cast<Opcode>(op));
  }
  // Not taken: beq a0, a1; blt a1, a0 (-1 < INT_MIN is false); bgeu a0, a1. Jumps skip theirs.
  EXPECT_EQ(t.result.registers[kT2], 3u) << "a branch or jump went the wrong way";
}

// x0 as a destination: no register write is recorded, but the ALU event is, with the discarded result.
TEST(Tracing, WritesToX0AreNotRecorded) {
  const Words code = cat({{rv::addi(kA4, kZero, 7), rv::addi(kZero, kA4, 5), rv::add(kA2, kZero, kA4)}, kExit});
  const ExecutionTrace t = run_both(image_of(code));
  ASSERT_EQ(t.cpu.size(), 5u);
  const CpuEvent& e = t.cpu[1];
  EXPECT_FALSE(e.has(CpuEvent::kWritesRd));
  ASSERT_NE(e.alu_index, kNoAluEvent);
  EXPECT_EQ(t.alu[e.alu_index], (AluEvent{AluOp::add, 12, 7, 5}));
  // add a2, x0, a4 (cycle 2): reads x0 (last read at cycle 0, slot 1) and a4 (last read at cycle 1, slot 1).
  EXPECT_EQ(t.cpu[2].rs1_access(), (MemoryAccess{0, 0, 0, 9, 1}));
  EXPECT_EQ(t.cpu[2].rs2_access(), (MemoryAccess{kA4, 7, 7, 10, 5}));
  EXPECT_EQ(t.cpu[2].rd_access(), (MemoryAccess{kA2, 7, 0, 12, 0}));
  // x0 is last read by the exit sequence's addi a7, x0, 93 (cycle 3, slot 1), and never changes.
  EXPECT_EQ(t.memory.front(), (MemoryBoundary{0, 0, 0, 13, 1}));
}

// Byte and halfword accesses record their whole aligned word; values worked out by hand.
TEST(Tracing, ByteAndHalfAccessesRecordWholeWords) {
  const std::vector<uint8_t> data = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
  const Words code = cat({li(kS0, kData), li(kT0, 0xAB), li(kT1, 0xBEEF),  // cycles 0..5
                          {rv::sb(kT0, kS0, 1), rv::lbu(kA0, kS0, 1), rv::lb(kA1, kS0, 1),  // 6, 7, 8
                           rv::sh(kT1, kS0, 6), rv::lh(kA2, kS0, 6), rv::lhu(kA3, kS0, 6)},  // 9, 10, 11
                          kExit});
  const ExecutionTrace t = run_both(image_of(code, data));
  const uint32_t w0 = kData >> 2, w1 = w0 + 1;
  auto ts = [](uint32_t clk) { return 4 * clk + 3; };
  EXPECT_EQ(t.cpu[6].memory_access(), (MemoryAccess{w0, 0x4433AB11, 0x44332211, ts(6), 0}));
  EXPECT_EQ(t.cpu[7].memory_access(), (MemoryAccess{w0, 0x4433AB11, 0x4433AB11, ts(7), ts(6)}));
  EXPECT_EQ(t.cpu[8].memory_access(), (MemoryAccess{w0, 0x4433AB11, 0x4433AB11, ts(8), ts(7)}));
  EXPECT_EQ(t.cpu[9].memory_access(), (MemoryAccess{w1, 0xBEEF6655, 0x88776655, ts(9), 0}));
  EXPECT_EQ(t.cpu[10].memory_access(), (MemoryAccess{w1, 0xBEEF6655, 0xBEEF6655, ts(10), ts(9)}));
  EXPECT_EQ(t.cpu[11].memory_access(), (MemoryAccess{w1, 0xBEEF6655, 0xBEEF6655, ts(11), ts(10)}));
  EXPECT_TRUE(t.cpu[6].has(CpuEvent::kMemoryWrite) && t.cpu[7].has(CpuEvent::kMemoryRead));
  EXPECT_EQ(t.cpu[7].rd.value, 0xABu);
  EXPECT_EQ(t.cpu[8].rd.value, 0xFFFFFFABu);
  EXPECT_EQ(t.cpu[10].rd.value, 0xFFFFBEEFu);
  EXPECT_EQ(t.cpu[11].rd.value, 0xBEEFu);
  const auto ram =
      std::find_if(t.memory.begin(), t.memory.end(), [&](const MemoryBoundary& m) { return m.addr == w0; });
  ASSERT_NE(ram, t.memory.end());
  EXPECT_EQ(ram[0].initial_value, 0x44332211u);
  EXPECT_EQ(ram[0].final_value, 0x4433AB11u);
  EXPECT_EQ(ram[0].final_timestamp, ts(8));
  EXPECT_EQ(ram[1].addr, w1);
  EXPECT_EQ(ram[1].final_value, 0xBEEF6655u);
  EXPECT_EQ(ram[1].in_image, 1u);
}

// read, write (journal and console), brk, an exhausted read and exit; every access worked out by hand.
TEST(Tracing, SyscallEventsRecordTheirAccesses) {
  const std::vector<uint8_t> input = {'A', 'B', 'C', 'D', 'E', 'F'};
  const Words code = cat({syscall(ZKRV_SYS_READ, ZKRV_FD_INPUT, kData + 3, 100),   // ecall at cycle 8
                          syscall(ZKRV_SYS_WRITE, ZKRV_FD_JOURNAL, kData + 4, 3),  // 17
                          syscall(ZKRV_SYS_WRITE, ZKRV_FD_STDOUT, kData + 3, 2),   // 26
                          syscall(ZKRV_SYS_BRK, 0),                                // 35
                          syscall(ZKRV_SYS_READ, ZKRV_FD_INPUT, kData, 4),         // 44
                          {rv::addi(kA0, kZero, 7)}, kExit});                      // 45, 46, 47
  const ExecutionTrace t = run_both(image_of(code), input);
  EXPECT_EQ(t.result.journal, (std::vector<uint8_t>{'B', 'C', 'D'}));
  EXPECT_EQ(t.result.exit_code, 7u);
  ASSERT_EQ(t.syscalls.size(), 6u);
  const uint32_t w = kData >> 2;
  auto ts = [](uint32_t clk) { return 4 * clk + 3; };
  auto accesses = [&](const SyscallEvent& s) {
    return std::vector<MemoryAccess>(t.syscall_accesses.begin() + s.access_begin,
                                     t.syscall_accesses.begin() + s.access_begin + s.access_count);
  };
  // a1 and a2 were last written by the addi of their li (cycles 3 and 5, slot 4).
  const SyscallEvent& read = t.syscalls[0];
  EXPECT_EQ(read.clk, 8u);
  EXPECT_EQ(read.number, uint32_t{ZKRV_SYS_READ});
  EXPECT_EQ(read.result, 6u);
  EXPECT_EQ(accesses(read), (std::vector<MemoryAccess>{{kA1, kData + 3, kData + 3, ts(8), 4 * 3 + 4},
                                                       {kA2, 100, 100, ts(8), 4 * 5 + 4},
                                                       {w, 0x41000000, 0, ts(8), 0},
                                                       {w + 1, 0x45444342, 0, ts(8), 0},
                                                       {w + 2, 0x46, 0, ts(8), 0}}));
  EXPECT_EQ(t.cpu[8].rs1_access(), (MemoryAccess{kA7, ZKRV_SYS_READ, ZKRV_SYS_READ, 33, 4 * 7 + 4}));
  EXPECT_EQ(t.cpu[8].rs2_access(), (MemoryAccess{kA0, 0, 0, 34, 4 * 1 + 4}));
  EXPECT_EQ(t.cpu[8].rd_access(), (MemoryAccess{kA0, 6, 0, 36, 34}));
  const SyscallEvent& journal = t.syscalls[1];
  EXPECT_EQ(journal.result, 3u);
  EXPECT_EQ(accesses(journal), (std::vector<MemoryAccess>{{kA1, kData + 4, kData + 4, ts(17), 4 * 12 + 4},
                                                          {kA2, 3, 3, ts(17), 4 * 14 + 4},
                                                          {w + 1, 0x45444342, 0x45444342, ts(17), ts(8)}}));
  EXPECT_EQ(accesses(t.syscalls[2]).size(), 2u) << "console bytes are not part of the claim";
  EXPECT_EQ(t.syscalls[2].result, 2u);
  EXPECT_TRUE(accesses(t.syscalls[3]).empty());
  EXPECT_EQ(t.syscalls[3].result, kData + 0x1000);
  EXPECT_EQ(t.syscalls[4].result, 0u);
  EXPECT_EQ(accesses(t.syscalls[4]).size(), 2u) << "an exhausted read moves no bytes";
  const SyscallEvent& exit = t.syscalls[5];
  EXPECT_EQ(exit.clk, 47u);
  EXPECT_EQ(exit.arg0, 7u);
  EXPECT_FALSE(t.cpu[47].has(CpuEvent::kWritesRd));
  EXPECT_EQ(t.cpu[47].next_pc, t.cpu[47].pc + 4);
}

// The event storage grows in place across its small-page and huge-page ranges, and copies and moves
// like a vector.
TEST(Tracing, EventBufferGrowsCopiesAndMoves) {
  EventBuffer<uint64_t> buffer;
  constexpr uint64_t kCount = 3'000'000;  // 24 MB: many doublings, past the 2 MiB threshold
  for (uint64_t i = 0; i < kCount; ++i) buffer.push_back(i * 0x9E3779B97F4A7C15ull);
  ASSERT_EQ(buffer.size(), kCount);
  EventBuffer<uint64_t> copy = buffer;
  buffer.back() = 1;
  EventBuffer<uint64_t> moved = std::move(copy);
  EXPECT_TRUE(copy.empty());
  ASSERT_EQ(moved.size(), kCount);
  for (uint64_t i = 0; i < kCount; ++i) ASSERT_EQ(moved[i], i * 0x9E3779B97F4A7C15ull) << i;
  EXPECT_EQ(buffer.back(), 1u);
  EXPECT_EQ(buffer.emplace_back(), 0u) << "new elements are value-initialised";
}

// check_trace is the oracle of the tests above: it must catch each kind of inconsistency.
TEST(Tracing, CheckTraceRejectsTamperedTraces) {
  const std::vector<uint8_t> input = {40, 0, 0, 0};
  const ProgramImage image = load_elf_file(elf_path("fibonacci"));
  const ExecutionTrace good = execute_traced(image, quiet_env(input));
  ASSERT_EQ(check_trace(good, image, input), "");
  auto first = [&](uint8_t flag) {
    return static_cast<size_t>(std::find_if(good.cpu.begin(), good.cpu.end(), [&](const CpuEvent& e) {
                                 return (e.flags & flag) == flag;
                               }) - good.cpu.begin());
  };
  const size_t load = first(CpuEvent::kMemoryRead), store = first(CpuEvent::kMemoryWrite),
               write = first(CpuEvent::kReadsRs1 | CpuEvent::kWritesRd);
  ASSERT_LT(std::max({load, store, write}), good.cpu.size());
  std::vector<std::pair<const char*, std::function<void(ExecutionTrace&)>>> tampers = {
      {"rs1 prev timestamp", [&](ExecutionTrace& t) { t.cpu[write].rs1.prev_timestamp += 1; }},
      {"rd value", [&](ExecutionTrace& t) { t.cpu[write].rd.value ^= 1; }},
      {"stored word", [&](ExecutionTrace& t) { t.cpu[store].mem.value ^= 0x100; }},
      {"loaded word", [&](ExecutionTrace& t) { t.cpu[load].mem.prev_value ^= 1; }},
      {"ALU result", [](ExecutionTrace& t) { t.alu.back().a ^= 1; }},
      {"next pc", [](ExecutionTrace& t) { t.cpu[3].next_pc += 4; }},
      {"boundary", [](ExecutionTrace& t) { t.memory.pop_back(); }},
      {"final value", [](ExecutionTrace& t) { t.memory.back().final_value ^= 1; }},
      {"journal word", [](ExecutionTrace& t) { t.syscall_accesses.back().value ^= 1; }},
      {"input word", [](ExecutionTrace& t) { t.syscall_accesses[2].value ^= 0xFF; }},
  };
  for (const auto& [what, tamper] : tampers) {
    ExecutionTrace bad = good;
    tamper(bad);
    EXPECT_NE(check_trace(bad, image, input), "") << what;
  }
}

}  // namespace
}  // namespace zkrv
