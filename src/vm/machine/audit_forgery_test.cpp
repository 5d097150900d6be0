// Probes from an independent soundness audit of main at f1b8ce1 (helper-audit branch). No forgery the
// audit tried was accepted in a way that changes a claim; these tests record, end to end with the
// project's own machinery, the two probes it built:
//   - an I/O chain that handles one buffer word in two rows (both at the ecall's timestamp 4 clk + 3):
//     everything balances except the memory argument's timestamp gap of -1, which no lookup can
//     represent (syscall_io_chip.h, "each word of a buffer is touched once");
//   - an extra memory-boundary row for an address nobody can access (word 36, between the syscall state
//     words and RAM), zero-initialised and finalised as (0, ts 0): its send and receive cancel, and the
//     proof VERIFIES with an unchanged claim. Harmless for the claim (the row moves nothing), but the
//     boundary table is then not exactly "the final memory image of the segment" (vm/chips/README.md):
//     it may list any untouched address with value 0.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "abi/syscalls.h"
#include "support/rv_encoder.h"
#include "vm/chips/memory/memory_boundary_chip.h"
#include "vm/chips/memory/memory_image_chip.h"
#include "vm/chips/syscall/syscall_io_chip.h"
#include "vm/machine/testing/machine_forge.h"
#include "vm/machine/testing/test_programs.h"

namespace zkrv {
namespace {

using namespace chips;
namespace rv = test::rv;
using namespace machine_testing;  // programs, forge
using Io = SyscallIoChip::Cols;

constexpr size_t kPrevLo = 0, kPrevHi = 1, kPrevTs = 2, kDiffLo = 3, kDiffHi = 4;

// sw "abcd" at kData; write(3, kData, 4); exit(0).
const Words kJournalWord = {rv::lui(kA1, kData >> 12),
                            rv::lui(kT0, 0x64636),
                            rv::addi(kT0, kT0, 0x261),
                            rv::sw(kT0, kA1, 0),
                            rv::addi(kA7, kZero, ZKRV_SYS_WRITE),
                            rv::addi(kA0, kZero, ZKRV_FD_JOURNAL),
                            rv::addi(kA2, kZero, 4),
                            rv::ecall(),
                            rv::addi(kA0, kZero, 0),
                            rv::addi(kA7, kZero, ZKRV_SYS_EXIT),
                            rv::ecall()};

TEST(AuditProbe, HonestJournalWordProves) {
  MachineForge f(image_of(kJournalWord), {});
  ASSERT_EQ(f.traces().claim.journal, (std::vector<uint8_t>{'a', 'b', 'c', 'd'}));
  EXPECT_TRUE(f.check().empty()) << joined(f.check());
  EXPECT_EQ(f.prove_and_verify(), "");
}

// The journal write's one I/O row (bytes 0..3 of the word at kData) becomes two rows of the same chain:
// bytes 0..1 (rem 4 -> 2, jidx 0) and bytes 2..3 (rem 2 -> 0, jidx 2). The I/O bus, the journal bus and
// the memory values all balance; the second row's access must consume the first row's tuple, whose
// timestamp is its own: ts - prev_ts - 1 = -1 = p - 1 = 2^16 * 30720, and 128 * 30720 is no u16.
TEST(AuditProbe, IoChainTouchingOneWordTwiceIsRejected) {
  MachineForge f(image_of(kJournalWord), {});
  ASSERT_EQ(f.real_rows(MachineChips::kSyscallIo), 1u);
  RowMajorMatrix<Fp>& io = f.main(MachineChips::kSyscallIo);
  const std::vector<Fp> honest(io.row(0).begin(), io.row(0).end());
  ASSERT_EQ(honest[offsetof(Io, is_journal)], Fp::one());
  ASSERT_EQ(honest[offsetof(Io, o)], Fp::one());
  ASSERT_EQ(honest[offsetof(Io, e) + 3], Fp::one());
  ASSERT_EQ(honest[offsetof(Io, rem)], Fp(4u));
  const Fp ts = honest[offsetof(Io, clk)] * Fp(4u) + Fp(3u);

  auto a = io.row(0);
  a[offsetof(Io, e) + 3] = Fp::zero();
  a[offsetof(Io, e) + 1] = Fp::one();  // bytes 0..1
  a[offsetof(Io, rn)] = Fp(2u);

  auto b = io.row(1);
  std::copy(honest.begin(), honest.end(), b.begin());
  b[offsetof(Io, o)] = Fp::zero();
  b[offsetof(Io, o) + 2] = Fp::one();  // bytes 2..3
  b[offsetof(Io, rem)] = Fp(2u);
  b[offsetof(Io, jidx)] = Fp(2u);
  b[offsetof(Io, rn)] = Fp::zero();
  const size_t g = offsetof(Io, access);
  b[g + kPrevLo] = honest[g + kPrevLo];  // the word row A sent back (a journal row keeps it)
  b[g + kPrevHi] = honest[g + kPrevHi];
  b[g + kPrevTs] = ts;  // ... at row A's timestamp, which is also B's
  b[g + kDiffLo] = Fp::zero();
  b[g + kDiffHi] = Fp(30720u);  // 2^16 * 30720 = p - 1 = -1: constraint 0 holds, the lookup cannot
  ASSERT_EQ(Fp(1u << 16) * Fp(30720u), Fp::zero() - Fp::one());
  f.traces().rows[MachineChips::kSyscallIo] = 2;
  f.rebalance_bytes();

  const auto failures = f.check();
  EXPECT_TRUE(mentions(failures, "bus 'byte'")) << joined(failures);
  for (const std::string& s : failures) EXPECT_NE(s.find("bus 'byte'"), std::string::npos) << s;
  EXPECT_NE(f.prove_and_verify(), "");
}

// An extra boundary row for word 36 (no chip can address it: registers are 0..31, the syscall state
// words 32..35, RAM words >= 2^14): zero-init (36, 0, 0, 0) sent and final (36, 0, 0, 0) received by
// the same row. The proof verifies and the claim is the honest one: a known freedom, harmless while a
// receipt is one segment (vm/chips/README.md, "Memory boundary chip"); continuations, which will commit
// the boundary as the next segment's image, must forbid or absorb such rows, and this test will then
// have to change.
TEST(AuditProbe, ExtraUntouchedBoundaryRowVerifiesAndChangesNothing) {
  const MachineImage image = image_of(kJournalWord);
  MachineForge f(image, {});
  const std::vector<uint8_t> journal = f.traces().claim.journal;
  const uint32_t exit_code = f.traces().claim.exit_code;

  const RowMajorMatrix<Fp>& boundary = f.main(MachineChips::kMemoryBoundary);
  std::vector<FinalWord> finals;
  for (size_t r = 0; r < f.real_rows(MachineChips::kMemoryBoundary); ++r) {
    const auto row = boundary.row(r);
    const uint32_t addr = row[MemoryBoundaryChip::kAddrLo].as_canonical() +
                          (row[MemoryBoundaryChip::kAddrHi].as_canonical() << 16);
    finals.push_back({addr, row[MemoryBoundaryChip::kValueLo].as_canonical() +
                                (row[MemoryBoundaryChip::kValueHi].as_canonical() << 16),
                      row[MemoryBoundaryChip::kTs].as_canonical()});
  }
  const auto at = std::find_if(finals.begin(), finals.end(), [](const FinalWord& w) { return w.addr > 36; });
  ASSERT_TRUE(at != finals.begin() && std::prev(at)->addr == 35);
  finals.insert(at, FinalWord{36, 0, 0});

  const MemoryImageChip memory_image(image.program, image.registers, image.reserved_words());
  ByteLookups unused;
  f.main(MachineChips::kMemoryBoundary) = MemoryBoundaryChip{}.generate_trace(finals, memory_image.words(), unused);
  f.traces().rows[MachineChips::kMemoryBoundary] = finals.size();
  f.rebalance_bytes();

  EXPECT_TRUE(f.check().empty()) << joined(f.check());
  EXPECT_EQ(f.prove_and_verify(), "");
  EXPECT_EQ(f.traces().claim.journal, journal);
  EXPECT_EQ(f.traces().claim.exit_code, exit_code);
}

}  // namespace
}  // namespace zkrv
