#include "zkrv/execute.h"

#include "api_impl.h"
#include "vm/executor/executor.h"

namespace zkrv::host {

ExecuteResult execute(const Program& program, const ExecuteOptions& options) {
  CallbackExceptions callbacks;
  const ConsoleCallback console = callbacks.wrap(options.console);
  try {
    return translate_errors([&] {
      ExecutorEnv env;
      env.input = options.input;
      env.max_cycles = options.max_cycles;
      // The executor's empty sink means "the host's stdout/stderr"; a library must not print unasked.
      env.console = console ? ConsoleSink(console) : ConsoleSink([](int, std::span<const uint8_t>) {});
      ExecutionResult run = ::zkrv::execute(program.impl().image, env);
      return ExecuteResult{run.exit_code, run.cycles, std::move(run.journal)};
    });
  } catch (...) {
    callbacks.rethrow_if_any();
    throw;
  }
}

}  // namespace zkrv::host
