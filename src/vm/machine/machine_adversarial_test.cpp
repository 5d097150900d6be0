// Forged runs of the whole machine, aimed at the syscall chips and the statement: each forgery is made
// consistent everywhere except at the one constraint or bus it targets (the byte table's multiplicities
// are recomputed from the edited traces), the debug builder must name that constraint or bus, and the
// proof of the forged traces must be rejected by the verifier. A sweep changes every column of every
// real row of the syscall and I/O chips; every change must be caught.
//
// Forgeries of the other chips (wrong sum, quotient, remainder, high product; a load of a value never
// stored; a skipped, repeated or stopped-early instruction; a write to x0; misaligned accesses) live
// with their chips: vm/chips/*/..._test.cpp, cpu/cpu_adversarial_test.cpp.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "base/error.h"
#include "fri/config.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/syscall/syscall_chip.h"
#include "vm/chips/syscall/syscall_io_chip.h"
#include "vm/executor/tracing.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine.h"
#include "vm/machine/machine_traces.h"
#include "vm/machine/testing/machine_forge.h"

namespace zkrv {
namespace {

using namespace chips;
using Sys = SyscallChip::Cols;
using Io = SyscallIoChip::Cols;

using machine_testing::joined;
using machine_testing::mentions;

// A forge of a guest from the build's guest folder.
class Forge : public machine_testing::MachineForge {
 public:
  Forge(const std::string& guest, std::vector<uint8_t> input)
      : MachineForge(MachineImage{load_elf_file(std::string(ZKRV_GUEST_BIN_DIR) + "/" + guest + ".elf")},
                     std::move(input)) {}
};

TEST(MachineAdversarial, HonestTracesProve) {
  Forge f("echo", {'h', 'i', '!'});
  EXPECT_TRUE(f.check().empty()) << joined(f.check());
  EXPECT_EQ(f.prove_and_verify(), "");
}

// The journal claims a byte the guest never wrote: the I/O row's byte is changed to match the claim
// (and the byte table rebalanced), but the word read from memory still holds the real byte: the
// decomposition constraint names it.
TEST(MachineAdversarial, JournalByteThatDiffersFromMemoryIsRejected) {
  Forge f("echo", {'h', 'i', '!'});
  ASSERT_EQ(f.traces().claim.journal, (std::vector<uint8_t>{'h', 'i', '!'}));
  const size_t r = f.row_with(MachineChips::kSyscallIo, offsetof(Io, is_journal));
  auto row = f.main(MachineChips::kSyscallIo).row(r);
  ASSERT_EQ(row[offsetof(Io, old_bytes)], Fp('h'));  // the buffer is word-aligned: byte 0 is journal[0]
  row[offsetof(Io, old_bytes)] = Fp('H');
  row[offsetof(Io, new_bytes)] = Fp('H');
  f.traces().claim.journal[0] = 'H';
  f.rebalance_bytes();
  const auto failures = f.check();
  EXPECT_TRUE(mentions(failures, "io: old word lo = old bytes 0, 1")) << joined(failures);
  // (The word the row sends back is made of the new bytes, so the memory bus objects as well.)
  EXPECT_EQ(failures.size(), 3u) << joined(failures);
  EXPECT_NE(f.prove_and_verify(), "");
}

// The same lie, with the memory word changed too: now the read consumes a value nobody stored.
TEST(MachineAdversarial, JournalOfAWordNeverStoredIsUnbalanced) {
  Forge f("echo", {'h', 'i', '!'});
  const size_t r = f.row_with(MachineChips::kSyscallIo, offsetof(Io, is_journal));
  auto row = f.main(MachineChips::kSyscallIo).row(r);
  const uint32_t old_lo = row[offsetof(Io, access)].as_canonical();
  row[offsetof(Io, old_bytes)] = Fp('H');
  row[offsetof(Io, new_bytes)] = Fp('H');
  row[offsetof(Io, access)] = Fp(old_lo - 'h' + 'H');
  f.traces().claim.journal[0] = 'H';
  f.rebalance_bytes();
  const auto failures = f.check();
  EXPECT_TRUE(mentions(failures, "bus 'memory'")) << joined(failures);
  for (const auto& s : failures) EXPECT_EQ(s.find("constraint"), std::string::npos) << s;
  EXPECT_NE(f.prove_and_verify(), "");
}

// A journal with one byte less or more than the guest wrote, traces honest; the statement's journal
// range claims the same length (a claim consistent in itself).
TEST(MachineAdversarial, TruncatedOrExtendedJournalIsUnbalanced) {
  Forge f("echo", {'h', 'i', '!'});
  f.traces().claim.journal.pop_back();
  f.traces().statement.journal_end -= 1;
  EXPECT_TRUE(mentions(f.check(), "bus 'journal'"));
  EXPECT_NE(f.prove_and_verify(), "");
  f.traces().claim.journal = {'h', 'i', '!', '!'};
  f.traces().statement.journal_end += 2;
  EXPECT_TRUE(mentions(f.check(), "bus 'journal'"));
  EXPECT_NE(f.prove_and_verify(), "");
  // The same bytes claimed one position later.
  f.traces().claim.journal = {'h', 'i', '!'};
  f.traces().statement.journal_begin += 1;
  EXPECT_TRUE(mentions(f.check(), "bus 'journal'"));
  EXPECT_NE(f.prove_and_verify(), "");
}

// The exit code: claimed differently with honest traces (the halt bus), or with the exit row's a0
// changed to the claim (the CPU sent the real a0 on the syscall bus).
TEST(MachineAdversarial, ChangedExitCodeIsRejected) {
  Forge f("exit_code", {});
  const uint32_t real = f.traces().claim.exit_code;
  f.traces().claim.exit_code = real + 1;
  EXPECT_TRUE(mentions(f.check(), "bus 'halt'")) << joined(f.check());
  EXPECT_NE(f.prove_and_verify(), "");

  const size_t r = f.row_with(MachineChips::kSyscall, offsetof(Sys, exit));
  auto row = f.main(MachineChips::kSyscall).row(r);
  row[offsetof(Sys, a0)] = Fp((real + 1) & 0xffffu);
  row[offsetof(Sys, result)] = Fp((real + 1) & 0xffffu);
  f.rebalance_bytes();
  const auto failures = f.check();
  EXPECT_TRUE(mentions(failures, "bus 'syscall'")) << joined(failures);
  EXPECT_FALSE(mentions(failures, "bus 'halt'")) << joined(failures);
  EXPECT_NE(f.prove_and_verify(), "");
}

// A syscall row whose kind does not match a7 (a write claimed to be a brk, say).
TEST(MachineAdversarial, KindThatDisagreesWithA7IsNamed) {
  Forge f("echo", {'x'});
  const size_t r = f.row_with(MachineChips::kSyscall, offsetof(Sys, write_console));
  auto row = f.main(MachineChips::kSyscall).row(r);
  row[offsetof(Sys, a7_lo)] = Fp(uint32_t{ZKRV_SYS_READ});  // a read's number on a write row
  const auto failures = f.check();
  EXPECT_TRUE(mentions(failures, "syscall: a7 is the number of the row's kind")) << joined(failures);
  EXPECT_NE(f.prove_and_verify(), "");
}

// A console write claimed to be a bad-fd write (returning -EBADF is what a prover might want to hide
// output): the fd flags decide the kind.
TEST(MachineAdversarial, ConsoleWriteCannotPassAsBadFd) {
  Forge f("echo", {'x'});
  const size_t r = f.row_with(MachineChips::kSyscall, offsetof(Sys, write_console));
  auto row = f.main(MachineChips::kSyscall).row(r);
  row[offsetof(Sys, write_console)] = Fp::zero();
  row[offsetof(Sys, write_bad)] = Fp::one();
  const auto failures = f.check();
  EXPECT_TRUE(mentions(failures, "syscall: write is to the console iff fd = 1 or 2")) << joined(failures);
  EXPECT_NE(f.prove_and_verify(), "");
}

// brk returning something other than the Linux result.
TEST(MachineAdversarial, WrongBrkResultIsNamed) {
  Forge f("brk_test", {});
  const size_t r = f.row_with(MachineChips::kSyscall, offsetof(Sys, brk));
  auto row = f.main(MachineChips::kSyscall).row(r);
  row[offsetof(Sys, result)] += Fp(4u);
  const auto failures = f.check();
  EXPECT_TRUE(mentions(failures, "syscall: brk returns the new break (lo)")) << joined(failures);
  EXPECT_NE(f.prove_and_verify(), "");
}

// Every column of every real row of the syscall and I/O chips, changed by +1 and by a random nonzero
// delta: each change breaks a constraint or the buses. A sample is proved and must be rejected.
TEST(MachineAdversarial, SweepOfSyscallChipsRejectsEveryChange) {
  std::mt19937_64 rng(2026);
  size_t mutations = 0, proved = 0;
  for (const auto& [guest, input] : {std::pair<std::string, std::vector<uint8_t>>{"echo", {'a', 'b', 'c', 'd', 'e'}},
                                     {"brk_test", {}},
                                     {"bad_fd", {}}}) {
    Forge f(guest, input);
    for (size_t chip : {size_t{MachineChips::kSyscall}, size_t{MachineChips::kSyscallIo}}) {
      for (size_t r = 0; r < f.real_rows(chip); ++r) {
        for (size_t c = 0; c < f.main(chip).width(); ++c) {
          for (const Fp delta : {Fp::one(), Fp(static_cast<uint32_t>(1 + rng() % (Fp::P - 1)))}) {
            Fp& cell = f.main(chip).row(r)[c];
            cell += delta;
            ++mutations;
            EXPECT_TRUE(f.locally_rejected(chip, r)) << guest << " chip " << chip << " row " << r << " column " << c;
            if (mutations % 97 == 0) {
              ++proved;
              EXPECT_NE(f.prove_and_verify(), "") << guest << " chip " << chip << " row " << r << " column " << c;
            }
            cell -= delta;
          }
        }
      }
    }
  }
  EXPECT_GT(mutations, 1000u);
  EXPECT_GT(proved, 10u);
}

}  // namespace
}  // namespace zkrv
