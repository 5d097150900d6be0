#include "zkrv_runner.h"

#include <exception>

#include "vm/executor/executor.h"
#include "vm/isa/program_image.h"

namespace zkrv::test {

std::string ZkrvRun::describe() const {
  if (exited) return "exit " + std::to_string(exit_code) + " (& 0xff = " + std::to_string(exit_code & 0xff) + ")";
  return error;
}

ZkrvRun run_zkrv(std::span<const uint8_t> elf, std::span<const uint8_t> input, uint64_t max_cycles) {
  ZkrvRun run;
  ExecutorEnv env;
  env.input.assign(input.begin(), input.end());
  env.max_cycles = max_cycles;
  env.console = [&run](int fd, std::span<const uint8_t> bytes) {
    std::vector<uint8_t>& sink = fd == 2 ? run.stderr_bytes : run.stdout_bytes;
    sink.insert(sink.end(), bytes.begin(), bytes.end());
  };
  try {
    const ProgramImage image = load_elf(elf);
    ExecutionResult result = execute(image, env);
    run.exited = true;
    run.exit_code = result.exit_code;
    run.cycles = result.cycles;
    run.journal = std::move(result.journal);
  } catch (const GuestFault& fault) {
    run.error = std::string("guest fault: ") + fault.what();
    run.fault_pc = fault.pc();
  } catch (const CycleLimitReached& limit) {
    run.error = std::string("cycle limit: ") + limit.what();
  } catch (const std::exception& e) {
    run.error = std::string("error: ") + e.what();
  }
  return run;
}

}  // namespace zkrv::test
