// The executor tests' hand-assembled programs and how they are run (header-only, tests only): shared by
// executor_test.cpp and executor_segment_edges_test.cpp, and by their second build as
// vm_machine_executor_programs_test (ZKRV_PROVE_EVERY_RUN), where every run that exits is also proved.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "abi/syscalls.h"
#include "support/rv_encoder.h"
#include "vm/executor/executor.h"
#include "vm/executor/testing/program_builder.h"
#include "vm/isa/program_image.h"

#ifdef ZKRV_PROVE_EVERY_RUN
#include "fri/config.h"
#include "vm/machine/machine.h"
#endif

namespace zkrv::executor_testing {


#ifdef ZKRV_PROVE_EVERY_RUN
// Built a second time as vm_machine_executor_programs_test (vm/machine/CMakeLists.txt): every program
// that runs to its exit here is also proved by the whole machine (prove_segment verifies its own proof
// before returning it; machine_test.cpp verifies independently), and the proved claim must be the plain
// run's.
inline void prove_too(const ProgramImage& image, std::span<const uint8_t> input, const ExecutionResult& expected) {
  const FriConfig& config = fri_config_by_name("zkrv-fri-b2-v2");
  const MachineImage machine{image};
  const SegmentProof proof = prove_segment(machine, input, config);
  EXPECT_EQ(proof.claim.exit_code, expected.exit_code);
  EXPECT_EQ(proof.claim.journal, expected.journal);
}
#endif

inline ExecutionResult run_image(const ProgramImage& image, std::vector<uint8_t> input = {},
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

inline ExecutionResult run(const Words& code, std::vector<uint8_t> input = {}, uint64_t max_cycles = 1'000'000) {
  return run_image(image_of(code), std::move(input), max_cycles);
}

// Runs `setup` then `op`, exits, returns register rd.
inline uint32_t eval(const Words& setup, uint32_t op, unsigned rd = kA2) {
  return run(cat({setup, {op}, kExit})).registers[rd];
}

// Binary register-register op on (a, b) -> a2.
inline uint32_t binop(uint32_t (*op)(unsigned, unsigned, unsigned), uint32_t a, uint32_t b) {
  return eval(cat({li(kA0, a), li(kA1, b)}), op(kA2, kA0, kA1));
}

inline std::string image_fault_message(const ProgramImage& image, std::vector<uint8_t> input = {}) {
  try {
    run_image(image, std::move(input));
  } catch (const GuestFault& e) {
    EXPECT_EQ(e.exit_code(), 4);
    return e.what();
  }
  ADD_FAILURE() << "expected a guest fault";
  return "";
}

inline std::string fault_message(const Words& code, std::vector<uint8_t> input = {}) {
  return image_fault_message(image_of(code), std::move(input));
}

inline void expect_fault(const Words& code, const std::string& needle) {
  const std::string message = fault_message(code);
  EXPECT_NE(message.find(needle), std::string::npos) << message;
}


}  // namespace zkrv::executor_testing
