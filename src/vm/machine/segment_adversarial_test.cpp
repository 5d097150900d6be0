// The machine in segments (continuations): honest multi-segment runs of real guests and of a program
// that carries a register and a memory word across many segments, and forged segments aimed at what
// continuations added: the memory leaf and node rows (memory_leaf_chip.h, memory_node_chip.h), the
// Poseidon2 table under them, the CPU's first and final pc (cpu_eval.h) and the statement
// (machine.h: pre- and post-state, journal range, halted).
//
// Each forgery is made consistent everywhere except at the one check it targets: the CPU, syscall and
// memory rows agree with each other, every Merkle row above a changed leaf is recomputed through the
// Poseidon2 table up to the root (unless the test is about exactly that), the byte table is recomputed
// from every other chip's lookups. The debug builder / bus checker must then name the targeted check and
// nothing else, and the verifier must reject the proof of the forged traces.
//
// The run-level rules (segment 0 starts at the image's entry and initial memory root, segment k + 1
// starts where segment k ended, journal ranges are contiguous from 0, only the last segment halts) are
// host/verify.h's (verify_receipt; host/segments_test.cpp attacks them); chain_problems() below restates
// them independently, and the honest runs here are checked against it.
//
// Two audit findings of this file are fixed and kept as tests: statement pcs and journal indices were
// reduced mod p (one proof verified for several statements), and a final segment's public interactions
// (|journal| + 2) exceeded the cap for the receipt's largest journal.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "abi/syscalls.h"
#include "base/error.h"
#include "fri/config.h"
#include "fri/pcs.h"
#include "hash/compress.h"
#include "stark/keys.h"
#include "stark/machine_checks.h"
#include "support/rv_encoder.h"
#include "vm/chips/add_sub/add_sub_chip.h"
#include "vm/chips/bitwise/bitwise_chip.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/cpu/cpu_chip.h"
#include "vm/chips/cpu/cpu_cols.h"
#include "vm/chips/divrem/divrem_chip.h"
#include "vm/chips/lt/lt_chip.h"
#include "vm/chips/memory/memory_leaf_chip.h"
#include "vm/chips/memory/memory_node_chip.h"
#include "vm/chips/mul/mul_chip.h"
#include "vm/chips/poseidon2/poseidon2_chip.h"
#include "vm/chips/program/instruction_class_chip.h"
#include "vm/chips/program/instruction_decode_chip.h"
#include "vm/chips/shift/shift_chip.h"
#include "vm/chips/syscall/syscall_chip.h"
#include "vm/chips/syscall/syscall_io_chip.h"
#include "vm/executor/tracing.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine.h"
#include "vm/machine/machine_traces.h"
#include "vm/machine/memory_tree.h"
#include "vm/machine/testing/machine_forge.h"
#include "vm/machine/testing/test_programs.h"

namespace zkrv {
namespace {

using namespace chips;
namespace rv = test::rv;
using C = CpuColumn;
using Sys = SyscallChip::Cols;
using L = MemoryLeafChip;
using N = MemoryNodeChip;
using machine_testing::cat;
using machine_testing::leaf_rows;
using machine_testing::word_at;
using machine_testing::write_memory_rows;
using machine_testing::image_of;
using machine_testing::joined;
using machine_testing::kA0;
using machine_testing::kA1;
using machine_testing::kA2;
using machine_testing::kA7;
using machine_testing::kData;
using machine_testing::kT0;
using machine_testing::kZero;
using machine_testing::li;
using machine_testing::mentions;
using machine_testing::Words;

constexpr unsigned kS0 = 8;
constexpr size_t kPrevLo = 0;  // the access gadget's first column (memory/access.h)

const FriConfig& b2() { return fri_config_by_name("zkrv-fri-b2-v2"); }

std::string elf_path(const std::string& name) { return std::string(ZKRV_GUEST_BIN_DIR) + "/" + name + ".elf"; }

void put_word(std::span<Fp> row, size_t col, uint32_t v) {
  row[col] = Fp(v & 0xffffu);
  row[col + 1] = Fp(v >> 16);
}
void put_word_limbs(std::span<Fp> row, size_t lo, size_t hi, uint32_t v) {
  row[lo] = Fp(v & 0xffffu);
  row[hi] = Fp(v >> 16);
}
// ---- the run-level rules ----------------------------------------------------------------------------

// Why a list of segment statements is not one run of `image` (empty: it is), and its journal.
std::vector<std::string> chain_problems(const MachineImage& image, const std::vector<SegmentStatement>& s,
                                        const std::vector<SegmentClaim>& claims, std::vector<uint8_t>* journal) {
  std::vector<std::string> out;
  if (s.empty()) return {"no segment"};
  if (s.front().pre_pc != image.program.entry) out.push_back("segment 0 does not start at the entry");
  if (s.front().pre_root != initial_memory_tree(image).root())
    out.push_back("segment 0 does not start from the image's memory");
  if (s.front().journal_begin != 0) out.push_back("segment 0's journal does not start at 0");
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k].halted != (k + 1 == s.size())) out.push_back("segment " + std::to_string(k) + ": halted is wrong");
    if (journal != nullptr) journal->insert(journal->end(), claims[k].journal.begin(), claims[k].journal.end());
    if (k == 0) continue;
    if (s[k].pre_pc != s[k - 1].post_pc) out.push_back("segment " + std::to_string(k) + ": pc does not chain");
    if (s[k].pre_root != s[k - 1].post_root) out.push_back("segment " + std::to_string(k) + ": root does not chain");
    if (s[k].journal_begin != s[k - 1].journal_end)
      out.push_back("segment " + std::to_string(k) + ": journal does not chain");
  }
  return out;
}

// ---- a run in segments, each segment's traces open to forgery ----------------------------------------

class Segments {
 public:
  // `edit`, if given, may change each segment's events and the memory it starts from (which then
  // becomes that segment's pre-state) before its traces are generated.
  using Edit = std::function<void(TracedSegment&, MemoryTree&)>;

  Segments(MachineImage image, std::vector<uint8_t> input, uint64_t segment_cycles, const Edit& edit = {})
      : image_(std::move(image)), chips_(image_) {
    ExecutorEnv env;
    env.input = std::move(input);
    env.max_cycles = uint64_t{1} << 24;
    env.console = [](int, std::span<const uint8_t>) {};
    MemoryTree tree = initial_memory_tree(image_);
    execute_segmented(image_.program, env, segment_cycles, [&](TracedSegment& s) {
      if (edit) edit(s, tree);
      pre_.push_back(tree);
      traces_.push_back(generate_segment_traces(chips_, s, tree));
      return true;
    });
    for (size_t i = 0; i < MachineChips::kCount; ++i) prep_.push_back(chips_.preprocessed_trace(i));
  }

  size_t size() const { return traces_.size(); }
  const MachineImage& image() const { return image_; }
  const MachineChips& chips() const { return chips_; }
  const MachineTraces& operator[](size_t k) const { return traces_.at(k); }
  MachineTraces copy(size_t k) const { return traces_.at(k); }
  // The memory before segment k (what its pre-state root commits).
  const MemoryTree& pre_tree(size_t k) const { return pre_.at(k); }

  std::vector<std::string> check(const MachineTraces& t) const { return check_machine_traces(chips_, t, 4); }

  // Recomputes the byte table from every other chip's byte sends (as MachineForge::rebalance_bytes).
  void rebalance_bytes(MachineTraces& t) const {
    const auto publics = chips_.public_values(t.statement);
    ByteLookups bytes;
    for (size_t c = 0; c < MachineChips::kCount; ++c) {
      if (c == MachineChips::kByte) continue;
      const ChipTrace view = chips_.debug_view(
          c, t.main[c].view(), prep_[c].width() == 0 ? MatrixView<const Fp>{} : prep_[c].view(), publics[c]);
      for (size_t r = 0; r < t.main[c].height(); ++r)
        for (const auto& i : row_interactions(view, r))
          if (i.bus == kByteBus && i.kind == InteractionKind::send && i.multiplicity == Fp::one())
            record_byte_tuple(i.values[0].as_canonical(), i.values[1].as_canonical(), i.values[2].as_canonical(),
                              i.values[3].as_canonical(), bytes);
    }
    t.main[MachineChips::kByte] = ByteChip{}.generate_trace(bytes);
  }

  // Proves `t` (for its own statement and claim) and verifies the proof against `statement` (default:
  // t's). "" if accepted, else the verifier's reason.
  std::string prove_and_verify(const MachineTraces& t, const std::optional<SegmentStatement>& statement = {}) const {
    if (!key_) key_ = setup(TwoAdicFriPcs(b2()), chips_.stark_chips());
    try {
      Digest root;
      const StarkProof proof = prove_machine_traces(chips_, t, b2(), nullptr, &root, &*key_);
      verify_segment(chips_.shape(), root, statement.value_or(t.statement), t.claim, proof);
      return "";
    } catch (const ProofRejected& e) {
      return e.what();
    }
  }

 private:
  MachineImage image_;
  MachineChips chips_;
  std::vector<MachineTraces> traces_;
  std::vector<MemoryTree> pre_;
  std::vector<RowMajorMatrix<Fp>> prep_;
  mutable std::optional<ProvingKey> key_;
};

// Every failure names `named` (the forgery is consistent everywhere else), at least one does, and the
// verifier rejects the proof.
void expect_rejected(const Segments& s, const MachineTraces& t, const std::string& named) {
  const auto failures = s.check(t);
  EXPECT_TRUE(mentions(failures, named)) << "expected '" << named << "' among:\n" << joined(failures);
  for (const std::string& f : failures) EXPECT_NE(f.find(named), std::string::npos) << f;
  EXPECT_NE(s.prove_and_verify(t), "");
}

// ---- the memory Merkle rows, read back and rewritten -------------------------------------------------

Digest digest_at(std::span<const Fp> row, size_t col) {
  Digest d;
  for (size_t i = 0; i < DIGEST_ELEMS; ++i) d[i] = row[col + i];
  return d;
}

std::vector<NodeRow> node_rows(const MachineTraces& t) {
  std::vector<NodeRow> out;
  for (size_t r = 0; r < t.rows[MachineChips::kMemoryNode]; ++r) {
    const auto row = t.main[MachineChips::kMemoryNode].row(r);
    out.push_back({row[N::kNodeLo].as_canonical() + (row[N::kNodeHi].as_canonical() << 16),
                   digest_at(row, N::kOldLeft), digest_at(row, N::kOldRight), digest_at(row, N::kNewLeft),
                   digest_at(row, N::kNewRight), row[N::kLeftOnPath] == Fp::one(), row[N::kRightOnPath] == Fp::one()});
  }
  return out;
}

size_t index_of_node(const std::vector<NodeRow>& nodes, uint32_t node) {
  for (size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].node == node) return i;
  ADD_FAILURE() << "no row for node " << node;
  return 0;
}
size_t index_of_leaf(const std::vector<LeafRow>& leaves, uint32_t leaf) {
  for (size_t i = 0; i < leaves.size(); ++i)
    if (leaves[i].leaf == leaf) return i;
  ADD_FAILURE() << "no row for leaf " << leaf;
  return 0;
}

// Writes `leaves` and `nodes` as the segment's memory rows, the Merkle computation redone: deepest node
// first, each node's ON-PATH children are taken from the rows below (a leaf row's old / new words, a
// node row's compressions; of several rows for one position the last listed wins), off-path children
// stay as given; the Poseidon2 table is regenerated for every node row's two compressions, and the
// statement's roots are set to node 1's (if `set_roots`). Leaf words that change without a timestamp
// (which the leaf generator refuses) are written into the cells afterwards.
void reseal(MachineTraces& t, const std::vector<LeafRow>& leaves, std::vector<NodeRow> nodes, bool set_roots = true) {
  std::map<uint32_t, std::pair<Digest, Digest>> digests;  // position -> (old, new)
  for (const LeafRow& l : leaves)
    digests[kFirstLeafNode + l.leaf] = {leaf_digest(l.old_words), leaf_digest(l.new_words)};
  std::vector<size_t> order(nodes.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return nodes[a].node > nodes[b].node; });
  for (size_t i : order) {
    NodeRow& n = nodes[i];
    if (const auto it = digests.find(2 * n.node); n.left_on_path && it != digests.end())
      std::tie(n.old_left, n.new_left) = it->second;
    if (const auto it = digests.find(2 * n.node + 1); n.right_on_path && it != digests.end())
      std::tie(n.old_right, n.new_right) = it->second;
    digests[n.node] = {compress(n.old_left, n.old_right), compress(n.new_left, n.new_right)};
  }
  write_memory_rows(t, leaves, nodes);  // the caller rebalances the byte table
  if (set_roots && digests.count(kMemoryRootNode) != 0) {
    t.statement.pre_root = digests[kMemoryRootNode].first;
    t.statement.post_root = digests[kMemoryRootNode].second;
  }
}


// ---- the test program --------------------------------------------------------------------------------

constexpr uint32_t kCarried = 0x12345678u;

// s0 = X and mem[kData] = X at the start, the journal gets X; a countdown loop of `iterations`
// iterations (2 cycles each); then the journal gets mem[kData] again (a write whose a1, a2 and a7 were
// set before the loop), a0 = mem[kData] + s0, exit(a0 = 2 X). With small segments, the register s0, the
// word at kData and a7 cross every segment boundary between their write and their read.
Words carry_program(uint32_t iterations) {
  return cat({li(kS0, kCarried),
              {rv::lui(kA1, kData >> 12), rv::sw(kS0, kA1, 0), rv::addi(kA7, kZero, ZKRV_SYS_WRITE),
               rv::addi(kA0, kZero, ZKRV_FD_JOURNAL), rv::addi(kA2, kZero, 4), rv::ecall()},
              li(kT0, iterations),
              {rv::addi(kT0, kT0, -1), rv::bne(kT0, kZero, -4), rv::addi(kA0, kZero, ZKRV_FD_JOURNAL), rv::ecall(),
               rv::lw(kA0, kA1, 0), rv::add(kA0, kA0, kS0), rv::addi(kA7, kZero, ZKRV_SYS_EXIT), rv::ecall()}});
}
std::vector<uint8_t> twice(std::vector<uint8_t> v) {
  v.insert(v.end(), v.begin(), v.end());
  return v;
}
uint64_t carry_cycles(uint32_t iterations) { return 16 + 2 * uint64_t{iterations}; }

// 20 iterations, 56 cycles, cut after 27 and 54: segment 0 sets everything up and writes the journal,
// segment 1 loops, writes the journal again, loads and adds; segment 2 is just `li a7, exit; ecall`,
// whose a0 comes from the pre-state.
const Segments& three() {
  static const Segments s(image_of(carry_program(20)), {}, 27);
  return s;
}

// ---- honest runs -------------------------------------------------------------------------------------

TEST(SegmentsHonest, ThreeSegmentsSatisfyTheMachineAndChain) {
  const Segments& s = three();
  ASSERT_EQ(s.size(), 3u);
  std::vector<SegmentStatement> statements;
  std::vector<SegmentClaim> claims;
  for (size_t k = 0; k < s.size(); ++k) {
    EXPECT_TRUE(s.check(s[k]).empty()) << k << "\n" << joined(s.check(s[k]));
    statements.push_back(s[k].statement);
    claims.push_back(s[k].claim);
  }
  std::vector<uint8_t> journal;
  EXPECT_TRUE(chain_problems(s.image(), statements, claims, &journal).empty());
  const std::vector<uint8_t> x = {0x78, 0x56, 0x34, 0x12};
  EXPECT_EQ(journal, twice(x));
  EXPECT_EQ(s[2].claim.exit_code, 2 * kCarried);
  EXPECT_EQ(s[2].statement.post_pc, 0u);
  EXPECT_EQ(s[2].rows[MachineChips::kCpu], 2u);
  EXPECT_EQ(s.prove_and_verify(s[2]), "");
}

// The executor cuts anywhere: after every 14 cycles, exactly at the end (28 + 28, 56), one cycle before
// it (the last segment is the exit alone) or after it (one segment). Every segment satisfies the
// machine and the chain holds.
TEST(SegmentsHonest, CutsAtAnyLength) {
  for (uint64_t cycles : {14u, 28u, 55u, 56u, 57u}) {
    SCOPED_TRACE(cycles);
    const Segments s(image_of(carry_program(20)), {}, cycles);
    ASSERT_EQ(s.size(), (carry_cycles(20) + cycles - 1) / cycles);
    std::vector<SegmentStatement> statements;
    std::vector<SegmentClaim> claims;
    for (size_t k = 0; k < s.size(); ++k) {
      EXPECT_TRUE(s.check(s[k]).empty()) << k << "\n" << joined(s.check(s[k]));
      statements.push_back(s[k].statement);
      claims.push_back(s[k].claim);
    }
    std::vector<uint8_t> journal;
    const auto problems = chain_problems(s.image(), statements, claims, &journal);
    EXPECT_TRUE(problems.empty()) << joined(problems);
    EXPECT_EQ(journal, twice({0x78, 0x56, 0x34, 0x12}));
    EXPECT_EQ(claims.back().exit_code, 2 * kCarried);
  }
}

// prove_run with the smallest segments (2^10 cycles) on a program that writes s0 and a memory word in
// segment 0 and reads them (and a7, set before the loop) in the last of 6 segments.
TEST(SegmentsHonest, ValuesWrittenSegmentsAgoAreReadBack) {
  const MachineImage image = image_of(carry_program(2600));
  ProveOptions options;
  options.segment_po2 = kMinSegmentPo2;
  const RunProof run = prove_run(image, {}, b2(), options);
  ASSERT_EQ(run.segments.size(), (carry_cycles(2600) + 1023) / 1024);
  ASSERT_GE(run.segments.size(), 6u);
  EXPECT_EQ(run.exit_code, 2 * kCarried);
  const std::vector<uint8_t> x = {0x78, 0x56, 0x34, 0x12};
  EXPECT_EQ(run.journal, twice(x));
  std::vector<SegmentStatement> statements;
  std::vector<SegmentClaim> claims;
  const Digest root = preprocessed_root(b2());
  for (const SegmentProof& p : run.segments) {
    EXPECT_NO_THROW(verify_segment(machine_shape(image), root, p.statement, p.claim, p.proof));
    statements.push_back(p.statement);
    claims.push_back(p.claim);
  }
  std::vector<uint8_t> journal;
  const auto problems = chain_problems(image, statements, claims, &journal);
  EXPECT_TRUE(problems.empty()) << joined(problems);
  EXPECT_EQ(journal, run.journal);
  EXPECT_EQ(run.segments.back().claim.exit_code, run.exit_code);
  // Segments in another order, or one left out, do not chain.
  std::vector<SegmentStatement> swapped = statements;
  std::swap(swapped[1], swapped[2]);
  EXPECT_FALSE(chain_problems(image, swapped, claims, nullptr).empty());
  std::vector<SegmentStatement> dropped = statements;
  dropped.erase(dropped.begin() + 2);
  EXPECT_FALSE(chain_problems(image, dropped, claims, nullptr).empty());
}

struct GuestRun {
  const char* name;
  std::vector<uint8_t> input;
};

// Real guests in segments of 2^10 cycles: every segment verifies, each starts where the one before
// ended (pc, memory root, journal index), only the last halts, and the journals concatenate to the run's.
TEST(SegmentsHonest, GuestsProveInSmallSegments) {
  for (const GuestRun& g : {GuestRun{"sha256", {'a', 'b', 'c'}}, GuestRun{"libc_demo", {}}}) {
    SCOPED_TRACE(g.name);
    const MachineImage image{load_elf_file(elf_path(g.name))};
    ProveOptions options;
    options.segment_po2 = kMinSegmentPo2;
    const RunProof run = prove_run(image, g.input, b2(), options);
    EXPECT_GE(run.segments.size(), 2u);
    std::cout << g.name << ": " << run.report.cycles << " cycles in " << run.segments.size() << " segments\n";
    std::vector<SegmentStatement> statements;
    std::vector<SegmentClaim> claims;
    const Digest root = preprocessed_root(b2());
    for (const SegmentProof& p : run.segments) {
      EXPECT_NO_THROW(verify_segment(machine_shape(image), root, p.statement, p.claim, p.proof));
      statements.push_back(p.statement);
      claims.push_back(p.claim);
    }
    std::vector<uint8_t> journal;
    const auto problems = chain_problems(image, statements, claims, &journal);
    EXPECT_TRUE(problems.empty()) << joined(problems);
    EXPECT_EQ(journal, run.journal);
    EXPECT_EQ(run.segments.back().claim.exit_code, run.exit_code);
    ExecutorEnv env;
    env.input = g.input;
    env.console = [](int, std::span<const uint8_t>) {};
    const ExecutionResult plain = execute(image.program, env);
    EXPECT_EQ(run.journal, plain.journal);
    EXPECT_EQ(run.exit_code, plain.exit_code);
    EXPECT_EQ(run.report.cycles, plain.cycles);
  }
}

// ---- (a), (b): a leaf opened with other contents than the committed pre-state ------------------------

// Segment 2 of three() reads a0 from its pre-state (the exit). Forged: a0 = `value` there, everywhere
// the segment sees it: the leaf row of registers 8..11 (old and new: the exit only reads), the exit's
// a0 read and its result, the syscall row, the claimed exit code. The Merkle rows are not touched.
MachineTraces exit_with_forged_a0(uint32_t value) {
  MachineTraces t = three().copy(2);
  const size_t exit_row = 1;
  auto cpu = t.main[MachineChips::kCpu].row(exit_row);
  EXPECT_EQ(word_at(cpu, C::kRs2 + kPrevLo, C::kRs2 + kPrevLo + 1), 2 * kCarried);
  put_word(cpu, C::kRs2 + kPrevLo, value);
  put_word(cpu, C::kAluLo, value);
  // (rd_lo, rd_hi stay 0: a halting ecall writes nothing, cpu_eval.h eval_interactions)
  auto& sys_main = t.main[MachineChips::kSyscall];
  size_t sys_row = 0;
  while (sys_main.row(sys_row)[offsetof(Sys, exit)] != Fp::one()) ++sys_row;
  put_word(sys_main.row(sys_row), offsetof(Sys, a0), value);
  put_word(sys_main.row(sys_row), offsetof(Sys, result), value);
  std::vector<LeafRow> leaves = leaf_rows(t);
  const size_t a0_leaf = index_of_leaf(leaves, leaf_of_word(kA0));
  auto leaf = t.main[MachineChips::kMemoryLeaf].row(a0_leaf);
  put_word_limbs(leaf, L::kOldLo + kA0 % 4, L::kOldHi + kA0 % 4, value);
  put_word_limbs(leaf, L::kNewLo + kA0 % 4, L::kNewHi + kA0 % 4, value);
  t.claim.exit_code = value;
  return t;
}

// (a) Consistently: the Merkle rows recomputed over the forged leaf. The proof is then a valid proof
// of a segment from ANOTHER pre-state: with the statement's true pre-state root (segment 1's post-state)
// the Merkle bus names the root, and the verifier rejects; with the forged root it verifies, but that
// root is not segment 1's post-state root, so the segment does not chain (chain_problems).
TEST(SegmentsForged, LeafOpenedWithOtherContentsRecomputedToTheRoot) {
  const Segments& s = three();
  MachineTraces t = exit_with_forged_a0(1234);
  reseal(t, leaf_rows(t), node_rows(t));
  s.rebalance_bytes(t);
  EXPECT_NE(t.statement.pre_root, s[2].statement.pre_root);
  EXPECT_NE(t.statement.post_root, s[2].statement.post_root);
  // The forged statement holds: the traces satisfy the machine and the proof verifies ...
  EXPECT_TRUE(s.check(t).empty()) << joined(s.check(t));
  EXPECT_EQ(s.prove_and_verify(t), "");
  // ... but it starts from a state that segment 1 did not end in.
  std::vector<SegmentStatement> chain{s[0].statement, s[1].statement, t.statement};
  std::vector<SegmentClaim> claims{s[0].claim, s[1].claim, t.claim};
  const auto problems = chain_problems(s.image(), chain, claims, nullptr);
  EXPECT_EQ(problems, (std::vector<std::string>{"segment 2: root does not chain"}));
  // The forged root is the root of the committed state with a0 = 1234.
  MemoryTree forged = s.pre_tree(2);
  const std::vector<StateWord> a0{{kA0, 1234}};
  forged.update(a0);
  EXPECT_EQ(t.statement.pre_root, forged.root());
  // With the true pre-state root, the Merkle bus does not balance and the proof is rejected.
  const SegmentStatement forged_statement = t.statement;
  t.statement.pre_root = s[2].statement.pre_root;
  expect_rejected(s, t, "bus 'merkle'");
  t.statement = forged_statement;
  SegmentStatement claimed = forged_statement;
  claimed.pre_root = s[2].statement.pre_root;
  EXPECT_NE(s.prove_and_verify(t, claimed), "");
}

// (b) The node rows NOT recomputed: the leaf's parent receives the forged leaf (so the Merkle bus
// balances) but keeps its old compressions, which the Poseidon2 table cannot answer.
TEST(SegmentsForged, LeafOpenedWithOtherContentsParentNotRehashed) {
  const Segments& s = three();
  MachineTraces t = exit_with_forged_a0(1234);
  const std::vector<LeafRow> leaves = leaf_rows(t);
  const LeafRow& l = leaves[index_of_leaf(leaves, leaf_of_word(kA0))];
  const std::vector<NodeRow> nodes = node_rows(t);
  const uint32_t parent = (kFirstLeafNode + l.leaf) / 2;
  const bool left = (l.leaf % 2) == 0;
  auto row = t.main[MachineChips::kMemoryNode].row(index_of_node(nodes, parent));
  const Digest old_d = leaf_digest(l.old_words), new_d = leaf_digest(l.new_words);
  for (size_t i = 0; i < DIGEST_ELEMS; ++i) {
    row[(left ? N::kOldLeft : N::kOldRight) + i] = old_d[i];
    row[(left ? N::kNewLeft : N::kNewRight) + i] = new_d[i];
  }
  s.rebalance_bytes(t);
  expect_rejected(s, t, "bus 'poseidon2'");
  // Nor the parent: the leaf's tuple is nobody's.
  MachineTraces u = exit_with_forged_a0(1234);
  s.rebalance_bytes(u);
  expect_rejected(s, u, "bus 'merkle'");
}

// ---- (c), (d): writes dropped from the post-state ----------------------------------------------------

// Segment 0 writes s0 and a1 (registers 8 and 11, one leaf). Its parent row claims that child untouched
// (on-path flag 0, new digest = old): the post-state root, recomputed above, keeps the old registers.
// The leaf row's Merkle tuple is then received by nobody; without the leaf row, the accesses' first
// reads and last writes have no init and final on the memory bus.
TEST(SegmentsForged, NodeClaimsAnUntouchedChildAboveATouchedLeaf) {
  const Segments& s = three();
  std::vector<LeafRow> leaves = leaf_rows(s[0]);
  const size_t li = index_of_leaf(leaves, leaf_of_word(kS0));
  ASSERT_NE(leaves[li].old_words, leaves[li].new_words);
  std::vector<NodeRow> nodes = node_rows(s[0]);
  NodeRow& parent = nodes[index_of_node(nodes, (kFirstLeafNode + leaves[li].leaf) / 2)];
  ASSERT_TRUE(parent.left_on_path);
  parent.left_on_path = false;
  parent.new_left = parent.old_left;

  MachineTraces t = s.copy(0);
  reseal(t, leaves, nodes);
  EXPECT_NE(t.statement.post_root, s[0].statement.post_root);
  EXPECT_EQ(t.statement.pre_root, s[0].statement.pre_root);
  s.rebalance_bytes(t);
  expect_rejected(s, t, "bus 'merkle'");

  leaves.erase(leaves.begin() + static_cast<std::ptrdiff_t>(li));
  MachineTraces u = s.copy(0);
  reseal(u, leaves, nodes);
  s.rebalance_bytes(u);
  expect_rejected(s, u, "bus 'memory'");
}

// Two leaf rows for one leaf. The second opens and closes it unchanged (its memory-bus init and final
// cancel), and the parent takes the second's tuple: the write is dropped from the post-state root, and
// the first row's tuple is nobody's. An exact copy of the row is rejected too.
TEST(SegmentsForged, TwoLeafRowsForOneLeaf) {
  const Segments& s = three();
  const std::vector<LeafRow> honest = leaf_rows(s[0]);
  const LeafRow& touched = honest[index_of_leaf(honest, leaf_of_word(kS0))];
  {
    std::vector<LeafRow> leaves = honest;
    leaves.push_back(LeafRow{touched.leaf, touched.old_words, touched.old_words, {}});
    MachineTraces t = s.copy(0);
    reseal(t, leaves, node_rows(s[0]));
    EXPECT_NE(t.statement.post_root, s[0].statement.post_root);
    s.rebalance_bytes(t);
    expect_rejected(s, t, "bus 'merkle'");
  }
  {
    std::vector<LeafRow> leaves = honest;
    leaves.push_back(touched);
    MachineTraces t = s.copy(0);
    reseal(t, leaves, node_rows(s[0]));
    EXPECT_EQ(t.statement.post_root, s[0].statement.post_root);
    s.rebalance_bytes(t);
    const auto failures = s.check(t);
    EXPECT_TRUE(mentions(failures, "bus 'merkle'")) << joined(failures);
    EXPECT_NE(s.prove_and_verify(t), "");
  }
}

// ---- (e), (f), (h): the statement against the trace --------------------------------------------------

TEST(SegmentsForged, HaltedMustMatchTheTrace) {
  const Segments& s = three();
  MachineTraces last = s.copy(2);  // halts
  last.statement.halted = false;
  expect_rejected(s, last, "bus 'halt'");
  MachineTraces first = s.copy(0);  // does not halt
  first.statement.halted = true;
  first.claim.exit_code = 0;
  expect_rejected(s, first, "bus 'halt'");
}

TEST(SegmentsForged, FirstAndFinalPcMustMatchTheTrace) {
  const Segments& s = three();
  MachineTraces t = s.copy(1);
  t.statement.pre_pc += 4;
  expect_rejected(s, t, "first row: pc = the segment's first pc");
  t = s.copy(1);
  t.statement.post_pc += 4;
  expect_rejected(s, t, "continues at the segment's final pc");
  t = s.copy(2);  // halted: the final pc is 0
  t.statement.post_pc = s[2].statement.pre_pc + 8;
  expect_rejected(s, t, "continues at the segment's final pc");
}

TEST(SegmentsForged, JournalAtAnotherIndex) {
  const Segments& s = three();
  ASSERT_EQ(s[0].claim.journal.size(), 4u);
  MachineTraces t = s.copy(0);
  t.statement.journal_begin += 1;
  t.statement.journal_end += 1;
  expect_rejected(s, t, "bus 'journal'");
  t = s.copy(1);  // the second write, at index 4
  ASSERT_EQ(t.statement.journal_begin, 4u);
  t.statement.journal_begin = 0;
  t.statement.journal_end = 4;
  expect_rejected(s, t, "bus 'journal'");
}

// ---- (g): a segment without a real CPU row -----------------------------------------------------------

// A segment that does nothing, made consistent: the CPU table is all padding, no fetch, no ALU or
// syscall row, no leaf; the one node row is the root with both children untouched; the statement
// keeps the root. Padding rows have pc = 0, so a statement keeping a real pc is also caught by the
// first-row pc constraint; with pc 0 before and after (which no chain can use: no segment ends at
// pc 0 without halting, and pc 0 has no instruction) only the first row's is_real = 1 rejects it.
TEST(SegmentsForged, SegmentWithoutCpuRows) {
  const Segments& s = three();
  MachineTraces t = s.copy(1);
  ByteLookups bytes;
  RowMajorMatrix<Fp> cpu(8, CpuChip::kWidth);
  for (size_t r = 0; r < cpu.height(); ++r) cpu.row(r)[C::kClk] = Fp(static_cast<uint32_t>(r));
  t.main[MachineChips::kCpu] = std::move(cpu);
  t.rows[MachineChips::kCpu] = 0;
  std::vector<uint32_t> class_counts(instruction_classes().size(), 0);
  const MachineShape& shape = s.chips().shape();
  t.main[MachineChips::kProgram] = InstructionDecodeChip(shape.code_begin_word, shape.code_end_word)
                                       .generate_trace({}, class_counts, bytes);
  t.main[MachineChips::kInstructionClass] = InstructionClassChip{}.generate_trace(class_counts);
  t.rows[MachineChips::kProgram] = 0;
  const std::vector<AluEvent> none;
  t.main[MachineChips::kAddSub] = AddSubChip{}.generate_trace(none, bytes);
  t.main[MachineChips::kBitwise] = BitwiseChip{}.generate_trace(none, bytes);
  t.main[MachineChips::kLt] = LtChip{}.generate_trace(none, bytes);
  t.main[MachineChips::kShift] = ShiftChip{}.generate_trace(none, bytes);
  t.main[MachineChips::kMul] = MulChip{}.generate_trace(none, bytes);
  t.main[MachineChips::kDivRem] = DivRemChip{}.generate_trace(none, bytes);
  t.main[MachineChips::kLoadStore] = LoadStoreChip{}.generate_trace({}, shape.first_writable_word, bytes);
  for (size_t c : {MachineChips::kLoadStore, MachineChips::kAddSub, MachineChips::kBitwise, MachineChips::kLt,
                   MachineChips::kShift, MachineChips::kMul, MachineChips::kDivRem})
    t.rows[c] = 0;
  const SyscallTrace sys = SyscallChip{}.generate_trace({}, {}, SyscallStateWords{}, bytes);
  t.main[MachineChips::kSyscall] = sys.main;
  t.main[MachineChips::kSyscallIo] = SyscallIoChip{}.generate_trace(sys.io, s.chips().shape().first_writable_word, bytes);
  t.rows[MachineChips::kSyscall] = t.rows[MachineChips::kSyscallIo] = 0;
  const MemoryTree& pre = s.pre_tree(1);
  const NodeRow root{kMemoryRootNode, pre.node_digest(2), pre.node_digest(3), pre.node_digest(2), pre.node_digest(3),
                     false, false};
  reseal(t, {}, {root});
  EXPECT_EQ(t.statement.pre_root, pre.root());
  EXPECT_EQ(t.statement.post_root, pre.root());
  t.statement.post_pc = t.statement.pre_pc;
  t.statement.journal_end = t.statement.journal_begin;
  t.claim.journal.clear();
  s.rebalance_bytes(t);
  const auto failures = s.check(t);
  EXPECT_TRUE(mentions(failures, "first row: is_real = 1")) << joined(failures);
  EXPECT_TRUE(mentions(failures, "first row: pc = the segment's first pc")) << joined(failures);
  t.statement.pre_pc = t.statement.post_pc = 0;
  expect_rejected(s, t, "first row: is_real = 1");
}

// ---- the statement's numbers as field elements -------------------------------------------------------

// Audit finding, fixed: the statement's pcs and journal indices are uint32 but enter the proof as field
// elements (MachineChips::public_values, statement_interactions: Fp(x) reduces mod p), so one proof
// verified for x and for x + p (e.g. pc 0x10000 and 0x78010001): a malleable statement. Not a forgery of
// a run (the chain compares the same integers on both sides, segment 0's pre_pc is compared with the
// entry); verify_segment now rejects pcs and journal indices at or above 2^30.
TEST(SegmentsForged, StatementNumbersAtOrAboveThePrimeAreRejected) {
  const Segments& s = three();
  const uint32_t p = Fp::P;
  for (int k = 0; k < 3; ++k) {
    SegmentStatement moved = s[1].statement;
    if (k == 0) moved.pre_pc += p;
    if (k == 1) moved.post_pc += p;
    if (k == 2) moved.journal_begin += p, moved.journal_end += p;
    EXPECT_NE(s.prove_and_verify(s[1], moved), "") << k;
  }
}

// ---- the syscall state words across segments ---------------------------------------------------------

// read(0, kData, 4) with input "ab" (returns 2: a short read, so word 35 "input ended" becomes 1), a
// loop, read(0, kData + 4, 4) (returns 0), exit with that result. Cut every 8 cycles, the second read
// and the exit fall in segment 3, which starts from the committed flag.
const Words kTwoReadsApart = cat({{rv::addi(kA7, kZero, ZKRV_SYS_READ), rv::addi(kA0, kZero, 0),
                                   rv::lui(kA1, kData >> 12), rv::addi(kA2, kZero, 4), rv::ecall()},
                                  li(kT0, 10),
                                  {rv::addi(kT0, kT0, -1), rv::bne(kT0, kZero, -4), rv::addi(kA0, kZero, 0),
                                   rv::addi(kA1, kA1, 4), rv::ecall(), rv::addi(kA7, kZero, ZKRV_SYS_EXIT),
                                   rv::ecall()}});
constexpr uint32_t kInputEndedWord = 35;

// Segment 3's events changed so that its read returns 2 more bytes ("cd" into kData + 4) and the exit
// code is 2: the read's result, a0's write and the exit's read of it, the buffer word's write, the final
// memory, the exit code. With `flag_forged`, the memory segment 3 starts from says word 35 = 0.
Segments::Edit more_data_after_the_end(bool flag_forged) {
  return [flag_forged](TracedSegment& seg, MemoryTree& tree) {
    if (seg.index != 3) return;
    ExecutionTrace& run = seg.trace;
    ASSERT_EQ(run.syscalls.size(), 2u);  // read, exit
    SyscallEvent& read = run.syscalls[0];
    ASSERT_EQ(read.number, static_cast<uint32_t>(ZKRV_SYS_READ));
    ASSERT_EQ(read.result, 0u);
    ASSERT_EQ(read.access_count, 2u);  // a1, a2
    const uint32_t clk = read.clk, word = (kData >> 2) + 1, ts = timestamp_of(clk, AccessSlot::memory);
    read.result = 2;
    run.cpu[clk].rd.value = 2;
    run.syscall_accesses.insert(run.syscall_accesses.begin() + read.access_begin + read.access_count,
                                MemoryAccess{word, 0x6463u, 0, ts, 0});
    read.access_count += 1;
    run.syscalls[1].access_begin += 1;
    run.syscalls[1].arg0 = 2;
    run.syscalls[1].result = 2;
    run.cpu[run.syscalls[1].clk].rs2.value = 2;
    for (MemoryBoundary& m : run.memory)
      if (m.addr == kA0) m.final_value = 2;
    run.memory.push_back(MemoryBoundary{word, 0, 0x6463u, ts, 1});
    run.result.exit_code = 2;
    ASSERT_EQ(tree.word(kInputEndedWord), 1u);
    if (flag_forged) {
      const std::vector<StateWord> zero{{kInputEndedWord, 0}};
      tree.update(zero);
    }
  };
}

TEST(SegmentsStateWords, InputEndCarriesAcrossSegments) {
  const Segments honest(image_of(kTwoReadsApart), {'a', 'b'}, 8);
  ASSERT_EQ(honest.size(), 4u);
  EXPECT_EQ(honest.pre_tree(3).word(kInputEndedWord), 1u);
  EXPECT_EQ(honest[3].claim.exit_code, 0u);
  for (size_t k = 0; k < honest.size(); ++k) EXPECT_TRUE(honest.check(honest[k]).empty()) << k;

  // The flag as committed: the syscall chip's end-of-input rule names the forgery (and nothing else).
  const Segments forged(image_of(kTwoReadsApart), {'a', 'b'}, 8, more_data_after_the_end(false));
  EXPECT_EQ(forged[3].claim.exit_code, 2u);
  EXPECT_EQ(forged[3].statement.pre_root, honest[3].statement.pre_root);
  const auto failures = forged.check(forged[3]);
  EXPECT_TRUE(mentions(failures, "syscall: after the input's end a read returns 0 (lo)")) << joined(failures);
  for (const std::string& f : failures) EXPECT_EQ(f.find("bus"), std::string::npos) << f;
  EXPECT_NE(forged.prove_and_verify(forged[3]), "");

  // The flag cleared in the pre-state: everything holds for THAT pre-state, whose root is not the one
  // segment 2 ended in; with the committed root, the Merkle bus names it.
  const Segments cleared(image_of(kTwoReadsApart), {'a', 'b'}, 8, more_data_after_the_end(true));
  MachineTraces t = cleared.copy(3);
  EXPECT_TRUE(cleared.check(t).empty()) << joined(cleared.check(t));
  EXPECT_NE(t.statement.pre_root, cleared[2].statement.post_root);
  EXPECT_EQ(cleared[2].statement.post_root, honest[2].statement.post_root);
  t.statement.pre_root = cleared[2].statement.post_root;
  expect_rejected(cleared, t, "bus 'merkle'");
}

// Segments of two runs of the same program on different inputs do not chain where their states differ:
// the first read leaves "ab" or "xy" in memory, so run B's segment 1 does not start from run A's
// segment 0's post-state. (Where two runs' states agree, splicing them is a run on some input: the
// state is the pc and the whole memory, the syscall state words included, and the input is private.)
TEST(SegmentsStateWords, SegmentsOfAnotherRunDoNotChain) {
  const Segments a(image_of(kTwoReadsApart), {'a', 'b'}, 8), b(image_of(kTwoReadsApart), {'x', 'y'}, 8);
  ASSERT_EQ(a.size(), b.size());
  std::vector<SegmentStatement> spliced;
  std::vector<SegmentClaim> claims;
  for (size_t k = 0; k < a.size(); ++k) {
    spliced.push_back(k == 0 ? a[k].statement : b[k].statement);
    claims.push_back(k == 0 ? a[k].claim : b[k].claim);
  }
  EXPECT_EQ(chain_problems(a.image(), spliced, claims, nullptr),
            (std::vector<std::string>{"segment 1: root does not chain"}));
  // Same pc, same journal range: only the memory root tells them apart.
  EXPECT_EQ(a[0].statement.post_pc, b[0].statement.post_pc);
  EXPECT_NE(a[0].statement.post_root, b[0].statement.post_root);
  EXPECT_EQ(a[1].statement.pre_root, a[0].statement.post_root);
}

// Audit finding, fixed: a halting segment's statement carries one public interaction per journal byte,
// the Merkle root tuple and the exit code: |journal| + 2; the cap (stark/machine_checks.h) assumed + 1.
TEST(SegmentsStateWords, AFinalSegmentWithTheLargestJournalFitsTheCap) {
  SegmentStatement statement;
  statement.journal_end = 3;
  statement.halted = true;
  const SegmentClaim claim{0, {1, 2, 3}};
  const size_t per_statement = statement_interactions(statement, claim).size() - claim.journal.size();
  EXPECT_EQ(per_statement, 2u);
  EXPECT_LE((size_t{1} << 24) + per_statement, kMaxPublicInteractions);
}

}  // namespace
}  // namespace zkrv
