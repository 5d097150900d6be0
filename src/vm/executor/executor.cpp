#include "vm/executor/executor.h"

#include <algorithm>
#include <cstdio>

#include "abi/memory_map.h"
#include "base/byte_io.h"
#include "vm/executor/interpreter.h"

namespace zkrv {

void raise_fault(const GuestMemory& memory, uint32_t pc, const std::string& what) {
  std::string instruction = "no instruction";
  if ((pc & 3) == 0 && GuestMemory::in_ram(pc, 4)) {
    const uint32_t word = memory.load<uint32_t>(pc);
    instruction = fmt::format("0x{:08x}: {}", word, disassemble(word));
  }
  throw GuestFault(fmt::format("guest fault at pc 0x{:08x} ({}): {}", pc, instruction, what), pc);
}

void raise_store_fault(const GuestMemory& memory, uint32_t pc, uint32_t addr, unsigned size) {
  if (!GuestMemory::in_ram(addr, size)) {
    raise_fault(memory, pc, fmt::format("access to unmapped address 0x{:08x} (guest memory is [0x{:08x}, 0x{:08x}))",
                                        addr, ZKRV_MEM_START, ZKRV_MEM_END));
  }
  const uint64_t end = uint64_t{addr} + size;
  if (addr < memory.readonly_end() && end > memory.readonly_begin()) {
    raise_fault(memory, pc,
                fmt::format("store to read-only address 0x{:08x} ({} bytes; code and read-only data are [0x{:08x}, "
                            "0x{:08x}))",
                            addr, size, memory.readonly_begin(), memory.readonly_end()));
  }
  raise_fault(memory, pc,
              fmt::format("store to address 0x{:08x} below the first writable address 0x{:08x} (memory below the "
                          "end of code and read-only data, rounded up to a word, is not writable)",
                          addr, memory.writable_begin()));
}

ExecutionResult execute(const ProgramImage& image, const ExecutorEnv& env) {
  const DecodedProgram program = decode_program(image);
  GuestMemory memory(image);
  SyscallState sys{memory, env};
  MachineState state;
  init_machine(image, state, sys);

  NullTracer tracer;
  ConsoleFlushGuard flush{env};
  interpret(state, program, memory, sys, env.max_cycles, tracer);

  ExecutionResult result;
  result.exit_code = sys.exit_code;
  result.cycles = state.cycles;
  result.journal = std::move(sys.journal);
  std::copy_n(state.x, 32, result.registers.begin());
  return result;
}

}  // namespace zkrv
