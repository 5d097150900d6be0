// Regression tests for the forged runs that audits of f06b8c5 got accepted (issues 10 and 18). Each is
// built end to end as the audit built it: a small program, its run traced, the events or trace cells
// changed consistently (every other table and bus adjusted: the CPU's result, the register's memory
// chain, the syscall row, the final memory word, the claim; the byte table recomputed), so that only
// the check added by the fix can catch it. The debug builder must name that check, and the verifier
// must reject the proof. On f06b8c5 every one of these forgeries passed check_machine_traces and
// verify_segment (the tests below fail there).
//
// "Consistent" since continuations: the final memory is no longer a boundary table but the post-state
// Merkle root of the statement. A forged run ends in a forged state (e.g. a0 holding the forged exit
// code), so its memory leaf row finalizes the forged value, every node row on the leaf's path is
// recomputed through the Poseidon2 chip up to the root, and the statement claims the resulting
// post-state root (what an attacker would publish). The pre-state is the image's, untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "abi/syscalls.h"
#include "support/rv_encoder.h"
#include "vm/chips/cpu/cpu_cols.h"
#include "vm/chips/divrem/divrem_chip.h"
#include "hash/compress.h"
#include "vm/chips/memory/memory_leaf_chip.h"
#include "vm/chips/memory/memory_node_chip.h"
#include "vm/chips/poseidon2/poseidon2_chip.h"
#include "vm/chips/mul/mul_chip.h"
#include "vm/chips/shift/shift_chip.h"
#include "vm/chips/syscall/syscall_chip.h"
#include "vm/chips/syscall/syscall_io_chip.h"
#include "vm/machine/testing/machine_forge.h"
#include "vm/machine/testing/test_programs.h"

namespace zkrv {
namespace {

using namespace chips;
namespace rv = test::rv;
using C = CpuColumn;
using namespace machine_testing;  // programs, forge
using Sys = SyscallChip::Cols;
using Io = SyscallIoChip::Cols;

// The access gadget's columns, in order (memory/access.h).
constexpr size_t kPrevLo = 0, kPrevHi = 1, kPrevTs = 2, kDiffLo = 3, kDiffHi = 4;

const Words kExit = {rv::addi(kA7, kZero, ZKRV_SYS_EXIT), rv::ecall()};

void put_word(std::span<Fp> row, size_t col, uint32_t v) {
  row[col] = Fp(v & 0xffffu);
  row[col + 1] = Fp(v >> 16);
}

// Sets an access gadget's previous (value, timestamp) and the timestamp gap toward `ts`.
void set_prev(std::span<Fp> row, size_t gadget, uint32_t prev_value, uint32_t prev_ts, uint32_t ts) {
  put_word(row, gadget + kPrevLo, prev_value);
  row[gadget + kPrevTs] = Fp(prev_ts);
  const uint32_t diff = ts - prev_ts - 1;
  row[gadget + kDiffLo] = Fp(diff & 0xffffu);
  row[gadget + kDiffHi] = Fp(diff >> 16);
}

// Sets word `addr`'s final value to `value` in its memory leaf row, and recomputes the memory Merkle
// rows above it from the image's initial memory (the segment's pre-state): the node rows, the Poseidon2
// table and the statement's post-state root, exactly as generate_machine_traces builds them.
void set_final_word(MachineForge& f, const MachineImage& image, uint32_t addr, uint32_t value) {
  MachineTraces& t = f.traces();
  std::vector<LeafRow> leaves = leaf_rows(t);
  std::vector<StateWord> touched;
  bool found = false;
  for (LeafRow& l : leaves)
    for (uint32_t j = 0; j < kWordsPerLeaf; ++j) {
      if (l.leaf * kWordsPerLeaf + j == addr) {
        l.new_words[j] = value;
        found = true;
      }
      touched.push_back({l.leaf * kWordsPerLeaf + j, l.new_words[j]});
    }
  ASSERT_TRUE(found) << "word " << addr << " is in no leaf row";
  MemoryTree tree = initial_memory_tree(image);
  const TreeUpdate update = tree.update(touched);
  write_memory_rows(t, leaves, node_rows_of(update));  // the caller rebalances the byte table
  ASSERT_EQ(t.statement.pre_root, update.old_root);    // the pre-state is the image's: unchanged
  t.statement.post_root = update.new_root;
}

// The program's last cycle is an exit ecall reading a0, which the ALU instruction at `cycle` wrote.
// Claims that it wrote `value` instead, everywhere but in the ALU chip's row (the test forges that):
// the CPU row's result, the ecall's a0 read and its result, the syscall row, the final a0 word (its
// leaf row, the Merkle rows above it and the post-state root), the claim.
void claim_a0(MachineForge& f, const MachineImage& image, size_t cycle, uint32_t value) {
  RowMajorMatrix<Fp>& cpu = f.main(MachineChips::kCpu);
  put_word(cpu.row(cycle), C::kAluLo, value);
  put_word(cpu.row(cycle), C::kRdLo, value);     // the value rd receives
  const auto exit_row = cpu.row(f.real_rows(MachineChips::kCpu) - 1);
  put_word(exit_row, C::kRs2 + kPrevLo, value);  // a read: the value is the previous one
  put_word(exit_row, C::kAluLo, value);          // a halting ecall's result is a0
  // (its rd_lo, rd_hi stay 0: a halting ecall writes nothing, cpu_eval.h eval_interactions)
  const auto sys = f.main(MachineChips::kSyscall).row(f.row_with(MachineChips::kSyscall, offsetof(Sys, exit)));
  put_word(sys, offsetof(Sys, a0), value);
  put_word(sys, offsetof(Sys, result), value);
  set_final_word(f, image, kA0, value);
  f.traces().claim.exit_code = value;
}

Fp half() { return Fp(2u).inverse(); }

// The debug builder names `named` and nothing else (the forgery is consistent everywhere else), and the
// verifier rejects the proof.
void expect_rejected(const MachineForge& f, const std::string& named) {
  const auto failures = f.check();
  EXPECT_TRUE(mentions(failures, named)) << "expected '" << named << "' among:\n" << joined(failures);
  for (const std::string& s : failures) EXPECT_NE(s.find(named), std::string::npos) << s;
  EXPECT_NE(f.prove_and_verify(), "");
}

// Issue 10, bug 2: mul(0x8000, 0x10000) = 0x80000000 claimed as 0 with the carry k1 = 1/2 (u16(4 k1) = 2
// passes; 2^16 k1 = 2^15 closes limb 1 with R1 = 0) and k2 = 15360 (limb 2: 1/2 = R2 + 2^16 k2 with
// R2 = 1, since 2^14 * 61440 + 1 = (p + 1) / 2), so the high half reads (1, 15360). The fixed chip also
// looks up k itself: (u16, 1/2) is no row of the byte table.
TEST(SoundnessRegression, MulFractionalCarryIsRejected) {
  const Words code = cat({li(kA1, 0x8000), li(kA2, 0x10000), {rv::mul(kA0, kA1, kA2)}, kExit});
  const size_t mul_cycle = 4;
  const MachineImage image = image_of(code);
  MachineForge f(image, {});
  ASSERT_EQ(f.traces().claim.exit_code, 0x80000000u);
  ASSERT_TRUE(f.check().empty()) << joined(f.check());
  auto row = f.main(MachineChips::kMul).row(0);
  ASSERT_EQ(row[MulChip::kIsMul], Fp::one());
  put_word(row, MulChip::kA, 0);
  row[MulChip::kX] = Fp(1u);
  row[MulChip::kX + 1] = Fp(15360u);
  row[MulChip::kK] = Fp::zero();
  row[MulChip::kK + 1] = half();
  row[MulChip::kK + 2] = Fp(15360u);
  row[MulChip::kK + 3] = Fp::zero();
  claim_a0(f, image, mul_cycle, 0);
  f.rebalance_bytes();
  expect_rejected(f, "bus 'byte'");
}

// Issue 10, bug 3: divu(7, 0xffffffff) = 0 claimed as q = 0xc4000000 with r = 0x44000007: the limb
// equations close with k1 = 195 + 1/2, k2 = 15556, k3 = 1 (c q + r = b - 2^31 + 50176 * 2^48 mod 2^64),
// and |r| < |c| holds.
TEST(SoundnessRegression, DivremFractionalCarryIsRejected) {
  const Words code = cat({li(kA1, 7), li(kA2, 0xffffffffu), {rv::divu(kA0, kA1, kA2)}, kExit});
  const size_t div_cycle = 4;
  const MachineImage image = image_of(code);
  MachineForge f(image, {});
  ASSERT_EQ(f.traces().claim.exit_code, 0u);
  ASSERT_TRUE(f.check().empty()) << joined(f.check());
  auto row = f.main(MachineChips::kDivRem).row(0);
  DivRemChip::populate_row(row, AluOp::divu, 7, 0xffffffffu, {0xc4000000u, 0x44000007u, false}, true, nullptr);
  row[DivRemChip::kK] = Fp::zero();
  row[DivRemChip::kK + 1] = Fp(391u) * half();
  row[DivRemChip::kK + 2] = Fp(15556u);
  row[DivRemChip::kK + 3] = Fp::one();
  claim_a0(f, image, div_cycle, 0xc4000000u);
  f.rebalance_bytes();
  expect_rejected(f, "bus 'byte'");
}

// Issue 10, bug 4: slli a0, a0, 13 of 1 claimed as 1 << 5: the row of a shift by 5 (r = 5, q = 0) with
// c_lo = 13 = 5 + 32 m for m = 1/4 (u16(32 m) = 8 passed). The fixed chip looks up m itself.
TEST(SoundnessRegression, ShiftFractionalQuotientIsRejected) {
  const Words code = cat({{rv::addi(kA0, kZero, 1), rv::slli(kA0, kA0, 13)}, kExit});
  const size_t shift_cycle = 1;
  const MachineImage image = image_of(code);
  MachineForge f(image, {});
  ASSERT_EQ(f.traces().claim.exit_code, 8192u);
  ASSERT_TRUE(f.check().empty()) << joined(f.check());
  ByteLookups unused;
  const std::vector<AluEvent> by5 = {{AluOp::sll, 32, 1, 5}};
  const RowMajorMatrix<Fp> shifted = ShiftChip{}.generate_trace(by5, unused);
  auto row = f.main(MachineChips::kShift).row(0);
  std::copy(shifted.row(0).begin(), shifted.row(0).end(), row.begin());
  row[ShiftChip::kC] = Fp(13u);
  row[ShiftChip::kM] = Fp(8u) * Fp(32u).inverse();
  claim_a0(f, image, shift_cycle, 32);
  f.rebalance_bytes();
  expect_rejected(f, "bus 'byte'");
}

// Issue 10, bug 1: `li a0,5; li a0,7; exit` proved with exit code 5. Sixty journal I/O rows that move no
// byte (start offset 1, end offset 0) each cancel their own I/O-bus tuple, so their clk is free; each
// reads register a0 (word address 10) at 4 clk + 3, advancing its timestamp by just under 2^25, and
// together they carry a0's tuple once around the field (p = 60 * 2^25 + 1): the second li writes 7 at
// timestamp 8 over the initial 0, the rows carry (7, 8) to (7, 3), the first li then writes 5 at
// timestamp 4 over that, and the exit reads 5.
TEST(SoundnessRegression, IoRowsThatMoveNoByteAreRejected) {
  const Words code = cat({{rv::addi(kA0, kZero, 5), rv::addi(kA0, kZero, 7)}, kExit});
  const MachineImage image = image_of(code);
  MachineForge f(image, {});
  ASSERT_EQ(f.traces().claim.exit_code, 7u);
  RowMajorMatrix<Fp>& cpu = f.main(MachineChips::kCpu);
  set_prev(cpu.row(0), C::kRd, 7, 3, 4);   // li a0, 5 at timestamp 4 overwrites (7, 3)
  set_prev(cpu.row(1), C::kRd, 0, 0, 8);   // li a0, 7 at timestamp 8 overwrites the initial 0
  set_prev(cpu.row(3), C::kRs2, 5, 4, 14);  // the exit reads (5, 4)
  claim_a0(f, image, 0, 5);
  put_word(cpu.row(0), C::kAluLo, 5);  // (claim_a0 wrote the first li's result, unchanged: 5)
  put_word(cpu.row(0), C::kRdLo, 5);

  constexpr size_t kRows = 60;
  RowMajorMatrix<Fp> io(64, SyscallIoChip::kWidth);
  const Fp two25(1u << 25), inv4 = Fp(4u).inverse();
  Fp prev_ts(8u);
  for (size_t i = 0; i < kRows; ++i) {
    const uint32_t diff = i + 1 < kRows ? (1u << 25) - 1 : (1u << 25) - 5;  // the last step lands on 3
    const Fp ts = prev_ts + Fp(diff + 1);
    auto row = io.row(i);
    row[offsetof(Io, clk)] = (ts - Fp(3u)) * inv4;
    row[offsetof(Io, is_journal)] = Fp::one();
    row[offsetof(Io, w)] = Fp(kA0);
    row[offsetof(Io, o) + 1] = Fp::one();  // start offset 1 ...
    row[offsetof(Io, e)] = Fp::one();      // ... end offset 0: k = 0
    row[offsetof(Io, old_bytes)] = Fp(7u);
    row[offsetof(Io, new_bytes)] = Fp(7u);
    const size_t g = offsetof(Io, access);
    row[g + kPrevLo] = Fp(7u);
    row[g + kPrevTs] = prev_ts;
    row[g + kDiffLo] = Fp(diff & 0xffffu);
    row[g + kDiffHi] = Fp(diff >> 16);
    prev_ts = ts;
  }
  ASSERT_EQ(prev_ts, Fp(3u));
  ASSERT_EQ(two25 * Fp(60u) + Fp::one(), Fp::zero());  // p = 60 * 2^25 + 1
  f.main(MachineChips::kSyscallIo) = std::move(io);
  f.traces().rows[MachineChips::kSyscallIo] = kRows;
  f.rebalance_bytes();
  expect_rejected(f, "io: a row moves at least one byte");
}

// Issue 18: n1 = read(0, buf, 4); n2 = read(0, buf + 4, 4); the journal gets buf[0, 8), n1 and n2.
// A run returns min(4, bytes left) each time, so (n1, n2) is (k, 0) for k < 4 or (4, k) for k <= 4.
const Words kTwoReads = {
    rv::addi(kA7, kZero, ZKRV_SYS_READ), rv::addi(kA0, kZero, 0), rv::lui(kA1, kData >> 12), rv::addi(kA2, kZero, 4),
    rv::ecall(),                        // cycle 4: n1
    rv::sw(kA0, kA1, 8),                // cycle 5: buf[8] = n1
    rv::addi(kA0, kZero, 0), rv::addi(kA1, kA1, 4),
    rv::ecall(),                        // cycle 8: n2 into buf + 4
    rv::sw(kA0, kA1, 8),                // cycle 9: buf[12] = n2
    rv::addi(kA7, kZero, ZKRV_SYS_WRITE), rv::addi(kA0, kZero, ZKRV_FD_JOURNAL), rv::lui(kA1, kData >> 12),
    rv::addi(kA2, kZero, 16),
    rv::ecall(),                        // cycle 14: journal = buf[0, 16)
    rv::addi(kA0, kZero, 0), rv::addi(kA7, kZero, ZKRV_SYS_EXIT), rv::ecall()};

std::vector<uint8_t> two_reads_journal(const std::vector<uint8_t>& buf8, uint32_t n1, uint32_t n2) {
  std::vector<uint8_t> j = buf8;
  for (uint32_t v : {n1, n2})
    for (int i = 0; i < 4; ++i) j.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return j;
}

TEST(SoundnessRegression, HonestShortReadsProve) {
  for (const auto& [input, n1, n2] : {std::tuple<std::string, uint32_t, uint32_t>{"abc", 3, 0},
                                      {"abcd", 4, 0},
                                      {"abcdef", 4, 2},
                                      {"", 0, 0},
                                      {"abcdefghij", 4, 4}}) {
    MachineForge f(image_of(kTwoReads), std::vector<uint8_t>(input.begin(), input.end()));
    std::vector<uint8_t> buf(8, 0);
    std::memcpy(buf.data(), input.data(), std::min<size_t>(input.size(), 8));
    EXPECT_EQ(f.traces().claim.journal, two_reads_journal(buf, n1, n2)) << input;
    EXPECT_TRUE(f.check().empty()) << input << "\n" << joined(f.check());
    EXPECT_EQ(f.prove_and_verify(), "") << input;
  }
}

// The forgery: with input "abcd" the run gives (4, 0); the events are changed so that the first read
// returns 3 (writing "abc") and the second 1 (writing "d"), every trace then made by the project's own
// generators: (3, 1) is what no input gives.
TEST(SoundnessRegression, DataAfterAShortReadIsRejected) {
  const uint32_t word0 = 0x00636261u, word1 = 0x64u;  // "abc\0", "d\0\0\0"
  MachineForge f(image_of(kTwoReads), {'a', 'b', 'c', 'd'}, [&](ExecutionTrace& run) {
    ASSERT_EQ(run.syscalls.size(), 4u);  // read, read, write, exit
    SyscallEvent& read1 = run.syscalls[0];
    SyscallEvent& read2 = run.syscalls[1];
    ASSERT_EQ(read1.result, 4u);
    ASSERT_EQ(read2.result, 0u);
    ASSERT_EQ(read1.access_count, 3u);  // a1, a2, the word at buf
    ASSERT_EQ(read2.access_count, 2u);  // a1, a2
    read1.result = 3;
    run.cpu[4].rd.value = 3;
    run.syscall_accesses[read1.access_begin + 2].value = word0;
    run.cpu[5].rs2.value = 3;  // sw a0: stores n1
    run.cpu[5].mem.value = 3;
    run.cpu[6].rd.prev_value = 3;
    read2.result = 1;
    run.cpu[8].rd.value = 1;
    const uint32_t read2_ts = timestamp_of(8, AccessSlot::memory);
    run.syscall_accesses.insert(run.syscall_accesses.begin() + read2.access_begin + read2.access_count,
                                MemoryAccess{(kData >> 2) + 1, word1, 0, read2_ts, 0});
    read2.access_count += 1;
    run.syscalls[2].access_begin += 1;
    run.syscalls[3].access_begin += 1;
    run.cpu[9].rs2.value = 1;  // sw a0: stores n2
    run.cpu[9].mem.value = 1;
    run.cpu[11].rd.prev_value = 1;
    // The journal write reads the four words: their values, and word 1's last write is now read2's.
    MemoryAccess* words = &run.syscall_accesses[run.syscalls[2].access_begin + 2];
    ASSERT_EQ(run.syscalls[2].access_count, 6u);
    words[0].value = words[0].prev_value = word0;
    words[1].value = words[1].prev_value = word1;
    words[1].prev_timestamp = read2_ts;
    words[2].value = words[2].prev_value = 3;
    words[3].value = words[3].prev_value = 1;
    for (MemoryBoundary& m : run.memory) {
      if (m.addr == (kData >> 2)) m.final_value = word0;
      if (m.addr == (kData >> 2) + 1) m.final_value = word1;
      if (m.addr == (kData >> 2) + 2) m.final_value = 3;
      if (m.addr == (kData >> 2) + 3) m.final_value = 1;
    }
    run.result.journal = two_reads_journal({'a', 'b', 'c', 0, 'd', 0, 0, 0}, 3, 1);
  });
  f.rebalance_bytes();
  const auto failures = f.check();
  EXPECT_TRUE(mentions(failures, "syscall: after the input's end a read returns 0 (lo)")) << joined(failures);
  for (const std::string& s : failures) EXPECT_EQ(s.find("bus"), std::string::npos) << s;  // consistent
  EXPECT_NE(f.prove_and_verify(), "");
}

}  // namespace
}  // namespace zkrv
