// Compares one program's run under qemu-riscv32 with its run under zkrv, and explains a mismatch of
// a generated program well enough to debug it: seed, both register dumps, the scratch bytes that
// differ, the faulting instruction, and the first body block after which the machines disagree
// (found by re-running truncated versions of the program under both).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "program_generator.h"
#include "support/qemu_runner.h"
#include "zkrv_runner.h"

namespace zkrv::test {

// Empty when the runs agree on exit code (& 0xff), stdout, stderr and journal; otherwise one line
// per observable that differs. A run that did not end by exit on either side is a mismatch.
std::optional<std::string> compare_runs(const QemuRun& qemu, const ZkrvRun& zkrv);

// Runs `program` under both machines. Empty when they agree, otherwise the full report.
std::optional<std::string> check_generated_program(const GeneratedProgram& program, QemuRunner& qemu);

}  // namespace zkrv::test
