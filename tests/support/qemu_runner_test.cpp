// The qemu runner itself: observables captured on the right channels, the -cpu flags really reject
// the C and A extensions (as zkrv does), faults and hangs are reported rather than hidden.
#include "support/qemu_runner.h"

#include <gtest/gtest.h>

#include <csignal>

#include "support/elf_builder.h"
#include "support/rv_encoder.h"

namespace zkrv::test {
namespace {

using namespace rv;

std::vector<uint8_t> program(const std::vector<uint32_t>& words, std::vector<uint8_t> data = {}) {
  ElfSpec spec;
  spec.entry = 0x10000;
  spec.segments.push_back({0x10000, words_to_bytes(words), 0, kPfR | kPfX});
  if (!data.empty()) spec.segments.push_back({0x20000, std::move(data), 0x1000, kPfR | kPfW});
  return build_elf(spec);
}

// write(fd, 0x20000, n) as a0..a2/a7 setup plus ecall.
std::vector<uint32_t> write_call(unsigned fd, int32_t n) {
  return {addi(10, 0, static_cast<int32_t>(fd)), lui(11, 0x20), addi(12, 0, n), addi(17, 0, 64), ecall()};
}

TEST(QemuRunner, CapturesStdoutStderrJournalInputAndExitCode) {
  QemuRunner qemu;
  std::vector<uint32_t> code = {addi(10, 0, 0), lui(11, 0x20), addi(12, 0, 3), addi(17, 0, 63), ecall()};  // read 3
  for (unsigned fd : {1u, 2u, 3u}) {
    const std::vector<uint32_t> w = write_call(fd, static_cast<int32_t>(fd));
    code.insert(code.end(), w.begin(), w.end());
  }
  code.insert(code.end(), {lui(10, 0x12345), addi(10, 10, 0x678), addi(17, 0, 93), ecall()});
  const std::vector<uint8_t> input = {'a', 'b', 'c', 'd'};
  const QemuRun run = qemu.run_bytes(program(code, std::vector<uint8_t>(16, 'z')), input);
  ASSERT_TRUE(run.exited) << run.describe();
  EXPECT_EQ(run.exit_status, 0x78);  // only the low byte of a0 survives a Linux exit
  EXPECT_EQ(run.stdout_bytes, std::vector<uint8_t>({'a'}));
  EXPECT_EQ(run.stderr_bytes, std::vector<uint8_t>({'a', 'b'}));
  EXPECT_EQ(run.journal, std::vector<uint8_t>({'a', 'b', 'c'}));
}

TEST(QemuRunner, RejectsCompressedAndAtomicInstructions) {
  QemuRunner qemu;
  // c.nop (0x0001) followed by c.nop: legal only with the C extension.
  const QemuRun compressed = qemu.run_bytes(program({0x00010001, addi(17, 0, 93), ecall()}), {});
  EXPECT_FALSE(compressed.exited) << compressed.describe();
  EXPECT_EQ(compressed.term_signal, SIGILL);
  // amoadd.w x0, x0, (x11) with x11 = 0x20000, encoded by llvm-mc-14 -mattr=+a as 0x0005a02f.
  const QemuRun atomic = qemu.run_bytes(program({lui(11, 0x20), 0x0005a02f, addi(17, 0, 93), ecall()}, {0, 0, 0, 0}), {});
  EXPECT_FALSE(atomic.exited) << atomic.describe();
  EXPECT_EQ(atomic.term_signal, SIGILL);
}

TEST(QemuRunner, ReportsFaultsAndTimeouts) {
  QemuRunner quick(std::chrono::milliseconds(300));
  const QemuRun fault = quick.run_bytes(program({lw(5, 0, 16), addi(17, 0, 93), ecall()}), {});  // load from 0x10
  EXPECT_FALSE(fault.exited);
  EXPECT_EQ(fault.term_signal, SIGSEGV) << fault.describe();
  const QemuRun hang = quick.run_bytes(program({jal(0, 0)}), {});
  EXPECT_TRUE(hang.timed_out) << hang.describe();
  EXPECT_FALSE(hang.exited);
}

}  // namespace
}  // namespace zkrv::test
