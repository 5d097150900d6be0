// The RV32IM interpreter loop (RISC-V Unprivileged ISA, chapters 2 and 13), threaded through GCC's
// labels-as-values so each instruction jumps straight to the next handler.
//
// It is a template over a Tracer so the fast mode (NullTracer, every hook empty) compiles to a loop
// with no tracing code at all, while a tracing mode can observe every step, memory access and ecall
// to emit per-chip events (tracing.cpp). Hooks a Tracer provides:
//   void step(uint32_t pc, const DecodedInstruction& d, const uint32_t* x);  // before executing
//   void load(uint32_t addr, unsigned size, uint32_t value);
//   void store(uint32_t addr, unsigned size, uint32_t value);  // before memory changes: the old word
//                                                              // is still there to read
//   void ecall(uint32_t pc, const uint32_t* x);                              // before the call
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "abi/memory_map.h"
#include "vm/executor/decoded_program.h"
#include "vm/executor/executor.h"
#include "vm/executor/guest_memory.h"
#include "vm/executor/syscalls.h"
#include "vm/isa/decoder.h"

namespace zkrv {

struct NullTracer {
  void step(uint32_t, const DecodedInstruction&, const uint32_t*) noexcept {}
  void load(uint32_t, unsigned, uint32_t) noexcept {}
  void store(uint32_t, unsigned, uint32_t) noexcept {}
  void ecall(uint32_t, const uint32_t*) noexcept {}
};

struct MachineState {
  uint32_t x[33] = {};  // x0..x31, plus kDiscardRegister
  uint32_t pc = 0;
  uint64_t cycles = 0;
};

// The machine at the start of a run (docs/architecture.md section 2): pc = entry, sp = ZKRV_STACK_TOP, every
// other register 0, the break at the image's initial break. Shared by the fast and tracing modes.
inline void init_machine(const ProgramImage& image, MachineState& state, SyscallState& sys) {
  state = MachineState{};
  state.pc = image.entry;
  state.x[2] = ZKRV_STACK_TOP;
  sys.initial_brk = sys.brk = image.initial_brk;
}

// Flushes the host's stdout/stderr at the end of a run whose guest console went there, also when the
// run throws, so guest output is not lost or reordered with zkrv's own messages.
struct ConsoleFlushGuard {
  const ExecutorEnv& env;
  ~ConsoleFlushGuard() {
    if (!env.console) {
      std::fflush(stdout);
      std::fflush(stderr);
    }
  }
};

// Fault reporting lives out of line so the hot loop stays small.
[[noreturn]] void raise_fault(const GuestMemory& memory, uint32_t pc, const std::string& what);
// A store of `size` bytes at the aligned `addr` that is not wholly inside writable memory: says whether
// it leaves RAM, touches code or read-only data, or lies below them.
[[noreturn]] void raise_store_fault(const GuestMemory& memory, uint32_t pc, uint32_t addr, unsigned size);

// Runs from state.pc until exit (returns), a fault (throws GuestFault) or max_cycles instructions
// in total (throws CycleLimitReached). state.cycles counts executed instructions.
template <class Tracer>
void interpret(MachineState& state, const DecodedProgram& program, GuestMemory& memory, SyscallState& sys,
               uint64_t max_cycles, Tracer& tracer) {
#define ZKRV_LABEL(name) &&op_##name,
  static const void* const kLabels[kOpcodeCount + 1] = {ZKRV_RV32IM_OPCODES(ZKRV_LABEL) && op_fetch_fault};
#undef ZKRV_LABEL

  uint32_t* const x = state.x;
  const DecodedInstruction* const table = program.table.data();
  const uint32_t code_begin = program.code_begin;
  const uint32_t code_bytes = program.code_end - program.code_begin;
  // A store must lie wholly in [writable_begin, ZKRV_MEM_END) (the circuit's rule, program_image.h:
  // first_writable_address): one comparison checks RAM and read-only data together.
  const uint32_t writable_begin = memory.writable_begin();
  const uint32_t writable_bytes = ZKRV_MEM_END - writable_begin;
  uint64_t budget = max_cycles > state.cycles ? max_cycles - state.cycles : 0;
  const uint64_t start_budget = budget;
  const DecodedInstruction* d = nullptr;
  uint32_t addr = 0, target = 0;
  unsigned store_size = 0;  // of a faulting store

  auto pc_of = [&](const DecodedInstruction* p) { return code_begin + static_cast<uint32_t>(p - table) * 4; };
  auto finish = [&](const DecodedInstruction* p) {
    state.cycles += start_budget - budget;
    state.pc = pc_of(p);
  };

  if ((state.pc & 3) != 0 || state.pc - code_begin >= code_bytes) {
    raise_fault(memory, state.pc, "instruction fetch outside executable code");
  }
  d = table + (state.pc - code_begin) / 4;

#define DISPATCH()                  \
  do {                              \
    if (budget == 0) goto limit;    \
    --budget;                       \
    tracer.step(pc_of(d), *d, x);   \
    goto* kLabels[d->op];           \
  } while (0)
#define NEXT() \
  do {         \
    ++d;       \
    DISPATCH(); \
  } while (0)
// Control transfer to `target`: misaligned targets fault at the jump (instruction-address-
// misaligned, ISA section 2.2); targets outside the code fault at the fetch.
#define JUMP()                                                          \
  do {                                                                  \
    if ((target & 3) != 0) goto misaligned_jump;                        \
    if (target - code_begin >= code_bytes) goto fetch_outside;          \
    d = table + (target - code_begin) / 4;                              \
    DISPATCH();                                                         \
  } while (0)
#define RS1 x[d->rs1]
#define RS2 x[d->rs2]
#define IMM static_cast<uint32_t>(d->imm)
#define BRANCH(cond)                               \
  do {                                             \
    if (cond) {                                    \
      target = pc_of(d) + IMM;                     \
      JUMP();                                      \
    }                                              \
    NEXT();                                        \
  } while (0)
// Both range checks below cover every byte of the access, [addr, addr + size): the unsigned
// difference wraps for addresses below the range, and the limit leaves room for the access's last byte.
#define LOAD(type, size)                                                              \
  do {                                                                                \
    addr = RS1 + IMM;                                                                 \
    if ((addr & (size - 1)) != 0) goto misaligned_access;                            \
    if (addr - ZKRV_MEM_START > ZKRV_MEM_END - ZKRV_MEM_START - size) goto unmapped; \
    x[d->rd] = static_cast<uint32_t>(memory.load<type>(addr));                      \
    tracer.load(addr, size, x[d->rd]);                                                \
    NEXT();                                                                           \
  } while (0)
#define STORE(type, size)                                                             \
  do {                                                                                \
    addr = RS1 + IMM;                                                                 \
    if ((addr & (size - 1)) != 0) goto misaligned_access;                            \
    if (addr - writable_begin > writable_bytes - size) {                              \
      store_size = size;                                                              \
      goto store_fault;                                                               \
    }                                                                                 \
    tracer.store(addr, size, RS2);                                                    \
    memory.store<type>(addr, static_cast<type>(RS2));                                \
    NEXT();                                                                           \
  } while (0)
#define ALU(expr)      \
  do {                 \
    x[d->rd] = (expr); \
    NEXT();            \
  } while (0)

  DISPATCH();

op_lui: ALU(IMM);
op_auipc: ALU(pc_of(d) + IMM);
op_jal:
  target = pc_of(d) + IMM;
  x[d->rd] = pc_of(d) + 4;
  JUMP();
op_jalr:
  target = (RS1 + IMM) & ~1u;  // computed before rd is written: rd may equal rs1
  x[d->rd] = pc_of(d) + 4;
  JUMP();
op_beq: BRANCH(RS1 == RS2);
op_bne: BRANCH(RS1 != RS2);
op_blt: BRANCH(static_cast<int32_t>(RS1) < static_cast<int32_t>(RS2));
op_bge: BRANCH(static_cast<int32_t>(RS1) >= static_cast<int32_t>(RS2));
op_bltu: BRANCH(RS1 < RS2);
op_bgeu: BRANCH(RS1 >= RS2);
op_lb: LOAD(int8_t, 1);
op_lh: LOAD(int16_t, 2);
op_lw: LOAD(uint32_t, 4);
op_lbu: LOAD(uint8_t, 1);
op_lhu: LOAD(uint16_t, 2);
op_sb: STORE(uint8_t, 1);
op_sh: STORE(uint16_t, 2);
op_sw: STORE(uint32_t, 4);
op_addi: ALU(RS1 + IMM);
op_slti: ALU(static_cast<int32_t>(RS1) < d->imm ? 1u : 0u);
op_sltiu: ALU(RS1 < IMM ? 1u : 0u);
op_xori: ALU(RS1 ^ IMM);
op_ori: ALU(RS1 | IMM);
op_andi: ALU(RS1 & IMM);
op_slli: ALU(RS1 << d->imm);
op_srli: ALU(RS1 >> d->imm);
op_srai: ALU(static_cast<uint32_t>(static_cast<int32_t>(RS1) >> d->imm));
op_add: ALU(RS1 + RS2);
op_sub: ALU(RS1 - RS2);
op_sll: ALU(RS1 << (RS2 & 31));
op_slt: ALU(static_cast<int32_t>(RS1) < static_cast<int32_t>(RS2) ? 1u : 0u);
op_sltu: ALU(RS1 < RS2 ? 1u : 0u);
op_xor_: ALU(RS1 ^ RS2);
op_srl: ALU(RS1 >> (RS2 & 31));
op_sra: ALU(static_cast<uint32_t>(static_cast<int32_t>(RS1) >> (RS2 & 31)));
op_or_: ALU(RS1 | RS2);
op_and_: ALU(RS1 & RS2);
op_mul: ALU(RS1 * RS2);
op_mulh:
  ALU(static_cast<uint32_t>((int64_t{static_cast<int32_t>(RS1)} * int64_t{static_cast<int32_t>(RS2)}) >> 32));
op_mulhsu:
  ALU(static_cast<uint32_t>((int64_t{static_cast<int32_t>(RS1)} * static_cast<int64_t>(RS2)) >> 32));
op_mulhu: ALU(static_cast<uint32_t>((uint64_t{RS1} * uint64_t{RS2}) >> 32));
// Division edge cases, ISA section 13.2: x/0 = -1 (all ones), x%0 = x, INT_MIN/-1 = INT_MIN, INT_MIN%-1 = 0.
op_div:
  ALU(RS2 == 0                                ? 0xFFFFFFFFu
      : (RS1 == 0x80000000u && RS2 == 0xFFFFFFFFu) ? 0x80000000u
      : static_cast<uint32_t>(static_cast<int32_t>(RS1) / static_cast<int32_t>(RS2)));
op_divu: ALU(RS2 == 0 ? 0xFFFFFFFFu : RS1 / RS2);
op_rem:
  ALU(RS2 == 0                                ? RS1
      : (RS1 == 0x80000000u && RS2 == 0xFFFFFFFFu) ? 0u
      : static_cast<uint32_t>(static_cast<int32_t>(RS1) % static_cast<int32_t>(RS2)));
op_remu: ALU(RS2 == 0 ? RS1 : RS1 % RS2);
op_fence: NEXT();
op_ecall:
  tracer.ecall(pc_of(d), x);
  handle_ecall(sys, x, pc_of(d));
  if (sys.halted) {
    finish(d + 1);
    return;
  }
  NEXT();
op_illegal:
  raise_fault(memory, pc_of(d), "illegal instruction");
op_fetch_fault:
  raise_fault(memory, pc_of(d), "instruction fetch outside executable code");

limit:
  finish(d);
  throw CycleLimitReached(fmt::format("cycle limit of {} reached at pc 0x{:08x} before the guest exited", max_cycles,
                                      pc_of(d)));
misaligned_jump:
  raise_fault(memory, pc_of(d), fmt::format("jump to misaligned address 0x{:08x}", target));
fetch_outside:
  raise_fault(memory, target, fmt::format("instruction fetch outside executable code (jump from pc 0x{:08x})", pc_of(d)));
misaligned_access:
  raise_fault(memory, pc_of(d), fmt::format("misaligned access to address 0x{:08x}", addr));
unmapped:
  raise_fault(memory, pc_of(d),
              fmt::format("access to unmapped address 0x{:08x} (guest memory is [0x{:08x}, 0x{:08x}))", addr,
                          ZKRV_MEM_START, ZKRV_MEM_END));
store_fault:
  raise_store_fault(memory, pc_of(d), addr, store_size);

#undef DISPATCH
#undef NEXT
#undef JUMP
#undef RS1
#undef RS2
#undef IMM
#undef BRANCH
#undef LOAD
#undef STORE
#undef ALU
}

}  // namespace zkrv
