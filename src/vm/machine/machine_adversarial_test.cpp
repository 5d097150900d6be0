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

namespace zkrv {
namespace {

using namespace chips;
using Sys = SyscallChip::Cols;
using Io = SyscallIoChip::Cols;

const FriConfig& b2() { return fri_config_by_name("zkrv-fri-b2-v2"); }

class Forge {
 public:
  Forge(const std::string& guest, std::vector<uint8_t> input)
      : image_{load_elf_file(std::string(ZKRV_GUEST_BIN_DIR) + "/" + guest + ".elf")}, chips_(image_) {
    ExecutorEnv env;
    env.input = std::move(input);
    env.max_cycles = kMaxSegmentCycles;
    env.console = [](int, std::span<const uint8_t>) {};
    const ExecutionTrace run = execute_traced(image_.program, env);
    traces_ = generate_machine_traces(chips_, image_, run);
    honest_ = traces_;
    publics_ = chips_.public_values();
    for (size_t i = 0; i < MachineChips::kCount; ++i) prep_.push_back(chips_.preprocessed_trace(i));
  }

  MachineTraces& traces() { return traces_; }
  RowMajorMatrix<Fp>& main(size_t chip) { return traces_.main[chip]; }
  size_t real_rows(size_t chip) const { return traces_.rows[chip]; }

  // The first row of `chip` whose column `col` is 1 (e.g. a kind flag).
  size_t row_with(size_t chip, size_t col) const {
    for (size_t r = 0; r < real_rows(chip); ++r)
      if (traces_.main[chip].row(r)[col] == Fp::one()) return r;
    ADD_FAILURE() << "no row with column " << col << " set";
    return 0;
  }

  // Recomputes the byte table from every other chip's byte sends.
  void rebalance_bytes() {
    ByteLookups bytes;
    for (size_t c = 0; c < MachineChips::kCount; ++c) {
      if (c == MachineChips::kByte) continue;
      for (size_t r = 0; r < traces_.main[c].height(); ++r)
        for (const auto& i : interactions(traces_, c, r))
          if (i.bus == kByteBus && i.kind == InteractionKind::send && i.multiplicity == Fp::one())
            record_byte_tuple(i.values[0].as_canonical(), i.values[1].as_canonical(), i.values[2].as_canonical(),
                              i.values[3].as_canonical(), bytes);
    }
    traces_.main[MachineChips::kByte] = ByteChip{}.generate_trace(bytes);
  }

  std::vector<std::string> check() const { return check_machine_traces(chips_, traces_, 4); }

  // "" if the verifier accepts the proof of the current traces for the current claim.
  std::string prove_and_verify() const {
    try {
      Digest root;
      const StarkProof proof = prove_machine_traces(chips_, traces_, b2(), nullptr, &root);
      verify_segment(chips_.shape(), root, traces_.claim, proof);
      return "";
    } catch (const ProofRejected& e) {
      return e.what();
    }
  }

  // Constraint failures of `chip` on rows r - 1 and r, and whether row r's interactions differ from the
  // honest row's (then the buses cannot balance: everything else is honest and balanced).
  bool locally_rejected(size_t chip, size_t r) const {
    const ChipTrace view = view_of(traces_, chip);
    for (size_t row : {r == 0 ? view.main.height() - 1 : r - 1, r}) {
      DebugBuilder b(view.main, view.preprocessed, view.public_values, false);
      b.set_row(row);
      view.eval(b);
      if (!b.row_failures().empty()) return true;
    }
    return interaction_net(interactions(traces_, chip, r)) != interaction_net(interactions(honest_, chip, r));
  }

 private:
  ChipTrace view_of(const MachineTraces& t, size_t chip) const {
    return chips_.debug_view(chip, t.main[chip].view(),
                             prep_[chip].width() == 0 ? MatrixView<const Fp>{} : prep_[chip].view(), publics_[chip]);
  }
  std::vector<EvaluatedInteraction<Fp>> interactions(const MachineTraces& t, size_t chip, size_t r) const {
    return row_interactions(view_of(t, chip), r);
  }

  MachineImage image_;
  MachineChips chips_;
  MachineTraces traces_, honest_;
  std::vector<std::vector<Fp>> publics_;
  std::vector<RowMajorMatrix<Fp>> prep_;
};

bool mentions(const std::vector<std::string>& failures, const std::string& what) {
  for (const std::string& f : failures)
    if (f.find(what) != std::string::npos) return true;
  return false;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

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

// A journal with one byte less or more than the guest wrote, traces honest.
TEST(MachineAdversarial, TruncatedOrExtendedJournalIsUnbalanced) {
  Forge f("echo", {'h', 'i', '!'});
  f.traces().claim.journal.pop_back();
  EXPECT_TRUE(mentions(f.check(), "bus 'journal'"));
  EXPECT_NE(f.prove_and_verify(), "");
  f.traces().claim.journal = {'h', 'i', '!', '!'};
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
