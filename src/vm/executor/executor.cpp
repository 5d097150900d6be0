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
