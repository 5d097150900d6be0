// Probes from an independent soundness audit of main at f1b8ce1 (helper-audit branch). No forgery the
// audit tried was accepted in a way that changes a claim; these tests record, end to end with the
// project's own machinery, the probes it built:
//   - an I/O chain that handles one buffer word in two rows (both at the ecall's timestamp 4 clk + 3):
//     everything balances except the memory argument's timestamp gap of -1, which no lookup can
//     represent (syscall_io_chip.h, "each word of a buffer is touched once");
//   - (was: an extra memory-boundary row for an address nobody can access, which verified with an
//     unchanged claim.) Continuations replaced the boundary table by the memory leaf rows, whose
//     contents go into the post-state root that the next segment starts from, so the corresponding
//     probe is now an extra LEAF row for a leaf the segment does not touch: with old = new = the
//     committed contents and timestamps 0 it verifies, and provably changes nothing (its memory-bus
//     init and final cancel only for new = old and ts = 0, and its path recomputes the same digests:
//     pre- and post-state roots are the honest ones); with new != old, a nonzero timestamp or old
//     contents other than the committed ones it is rejected.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "abi/syscalls.h"
#include "support/rv_encoder.h"
#include "vm/chips/memory/memory_leaf_chip.h"
#include "vm/chips/memory/memory_node_chip.h"
#include "vm/chips/poseidon2/poseidon2_chip.h"
#include "vm/chips/program/instruction_decode_chip.h"
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
// A code word read as data and fetched in the same segment: the load reads it at 4 clk + slot, the
// decode chip's read at 2^25 comes last (its previous timestamp is the load's), and the leaf finalizes it
// unchanged. The guest exits with its own first instruction word. A decode row claiming the word was not
// accessed before (previous timestamp 0) consumes a tuple nobody sent.
TEST(AuditProbe, CodeWordLoadedAndFetchedProves) {
  const Words code = {rv::auipc(kT0, 0), rv::lw(kA0, kT0, 0), rv::addi(kA7, kZero, ZKRV_SYS_EXIT), rv::ecall()};
  MachineForge f(image_of(code), {});
  EXPECT_EQ(f.traces().claim.exit_code, rv::auipc(kT0, 0));
  EXPECT_TRUE(f.check().empty()) << joined(f.check());
  EXPECT_EQ(f.prove_and_verify(), "");

  MachineForge g = f;
  auto& decode = g.traces().main[MachineChips::kProgram];
  bool found = false;
  for (size_t r = 0; r < g.real_rows(MachineChips::kProgram); ++r) {
    auto row = decode.row(r);
    const uint32_t pc =
        row[InstructionDecodeChip::kPcLo].as_canonical() + (row[InstructionDecodeChip::kPcHi].as_canonical() << 16);
    if (pc != kCode) continue;
    const size_t prev_ts = InstructionDecodeChip::kAccess + 2, diff_lo = prev_ts + 1, diff_hi = prev_ts + 2;
    ASSERT_NE(row[prev_ts], Fp::zero());  // the load came first
    row[prev_ts] = Fp::zero();
    const uint32_t diff = kFetchReadTimestamp - 1;
    row[diff_lo] = Fp(diff & 0xffffu);
    row[diff_hi] = Fp(diff >> 16);
    found = true;
  }
  ASSERT_TRUE(found);
  g.rebalance_bytes();
  EXPECT_TRUE(mentions(g.check(), "bus 'memory'")) << joined(g.check());
  EXPECT_NE(g.prove_and_verify(), "");
}

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

// Replaces the segment's memory rows by `leaves` over the pre-state `pre`: the leaf table, the node
// rows of their paths (MemoryTree::update of every word of every listed leaf to its new value, as the
// machine builds them), the Poseidon2 table and the statement's roots (pre: `pre`'s root, post: the
// root after the leaves' new words). The leaves' old words are written as given, even where they are
// not `pre`'s (the pre-state root is `pre`'s all the same), and so are new words that change without
// a timestamp (which the generator refuses: they are written into the cells afterwards).
void set_leaf_rows(MachineTraces& t, MemoryTree pre, const std::vector<LeafRow>& leaves) {
  std::vector<StateWord> touched;
  for (const LeafRow& l : leaves)
    for (uint32_t j = 0; j < kWordsPerLeaf; ++j) touched.push_back({l.leaf * kWordsPerLeaf + j, l.new_words[j]});
  const TreeUpdate update = pre.update(touched);
  ASSERT_EQ(update.leaves.size(), leaves.size());
  write_memory_rows(t, leaves, node_rows_of(update));
  t.statement.pre_root = update.old_root;
  t.statement.post_root = update.new_root;
}

// An extra leaf row for a leaf the segment does not touch, with its committed contents as old and new
// and timestamps 0, and the node rows of its path added (its ancestors up to the first one already on a
// touched path). Two such leaves: leaf 9 (words 36..39, which no chip can address: registers are
// 0..31, the syscall state words 32..35, RAM words >= 2^14), all zero; and a leaf of four code words
// after the exit (nonzero, fetchable, but neither fetched nor accessed as data). Each row's memory-bus
// init (4 leaf + j, old, 0) and final (4 leaf + j, new, ts) cancel, its path recomputes the digests the
// tree already had, and the proof VERIFIES with the honest pre- and post-state roots and claim: the
// row changes nothing. Any other contents are rejected: new != old or a nonzero timestamp unbalances
// the memory bus (a final that no init or access produced), old contents other than the committed
// ones change the pre-state root, which the statement fixes.
TEST(AuditProbe, ExtraUntouchedLeafRowVerifiesAndChangesNothing) {
  Words code = kJournalWord;
  code.resize((code.size() + 7) / 8 * 8 + 8, rv::addi(kZero, kZero, 0));  // two last leaves of nops after the exit
  const MachineImage image = image_of(code);
  MachineForge f(image, {});
  const MachineTraces honest = f.traces();
  const MemoryTree pre = initial_memory_tree(image);
  ASSERT_EQ(honest.statement.pre_root, pre.root());
  const uint32_t code_leaf = leaf_of_word(kCode / 4 + static_cast<uint32_t>(code.size()) - 1);
  ASSERT_NE(pre.leaf(code_leaf), (LeafWords{}));
  std::vector<LeafRow> leaves = leaf_rows(honest);
  for (const LeafRow& l : leaves) ASSERT_TRUE(l.leaf != 9 && l.leaf != code_leaf) << l.leaf;
  leaves.push_back(LeafRow{9, {}, {}, {}});
  leaves.push_back(LeafRow{code_leaf, pre.leaf(code_leaf), pre.leaf(code_leaf), {}});
  std::sort(leaves.begin(), leaves.end(), [](const LeafRow& a, const LeafRow& b) { return a.leaf < b.leaf; });
  set_leaf_rows(f.traces(), pre, leaves);
  f.rebalance_bytes();
  ASSERT_GT(f.real_rows(MachineChips::kMemoryNode), honest.rows[MachineChips::kMemoryNode]);

  EXPECT_TRUE(f.check().empty()) << joined(f.check());
  EXPECT_EQ(f.prove_and_verify(), "");
  EXPECT_EQ(f.traces().statement, honest.statement);  // same pre- and post-state roots, pcs, journal range
  EXPECT_EQ(f.traces().claim, honest.claim);

  // The extra row may not write: new != old at timestamp 0 (the post-state root would say word 36 is
  // 1), or the old value finalized at a timestamp nobody wrote at (the bus then names the memory
  // argument alone); nor open other old contents than the committed ones (word 36 = 1 before and after:
  // the memory bus balances, the pre-state root differs from the statement's, the Merkle bus names it).
  std::vector<LeafRow> extra = leaves;
  const auto nine = std::find_if(extra.begin(), extra.end(), [](const LeafRow& l) { return l.leaf == 9; });
  for (int k = 0; k < 3; ++k) {
    MachineForge g = f;
    std::vector<LeafRow> forged = extra;
    LeafRow& l = forged[static_cast<size_t>(nine - extra.begin())];
    MemoryTree from = pre;
    std::string named = "bus 'memory'";
    if (k == 0) l.new_words[0] = 1;
    if (k == 1) l.final_ts[0] = 5;
    if (k == 2) {
      l.old_words[0] = l.new_words[0] = 1;
      const std::vector<StateWord> one{{36, 1}};
      from.update(one);
      named = "bus 'merkle'";
    }
    set_leaf_rows(g.traces(), from, forged);
    if (k == 2) {
      EXPECT_NE(g.traces().statement.pre_root, honest.statement.pre_root);
      g.traces().statement.pre_root = honest.statement.pre_root;  // the committed pre-state
    }
    g.rebalance_bytes();
    const auto failures = g.check();
    EXPECT_TRUE(mentions(failures, named)) << k << "\n" << joined(failures);
    for (const std::string& s : failures) EXPECT_NE(s.find(named), std::string::npos) << k << ": " << s;
    EXPECT_NE(g.prove_and_verify(), "") << k;
  }
}

}  // namespace
}  // namespace zkrv
