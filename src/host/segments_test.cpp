// Continuations end to end: real guests proved in many small segments (segment_po2 = 10, 1024 cycles
// per segment), the receipts' chains of statements, values and I/O crossing segment boundaries, and
// receipts forged from real segments.
//
// Every run is proved once, in SetUpTestSuite (about 30 proofs of one segment each, most of this
// suite's time); every test works on copies of those receipts. ctest runs the whole suite as one test
// (src/host/CMakeLists.txt), so the proofs are made once.
//
// The forgeries are made CONSISTENT wherever the verifier allows: everything the verifier sees besides
// the targeted property is adjusted (neighbouring statements, journal ranges, the claimed journal), so
// the test shows which check catches the forgery. Where only a segment's proof can catch it (a proof
// cannot be re-made for a forged statement), the test expects the proof check, and the message must
// name that segment ("segment k: ..."); where the forgery cannot be made consistent (a reordered
// chain), the test expects the chain check and says so.
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "abi/syscalls.h"
#include "base/byte_io.h"
#include "base/error.h"
#include "fri/config.h"
#include "host/image_id.h"
#include "host/prove.h"
#include "host/receipt.h"
#include "host/verify.h"
#include "stark/proof.h"
#include "vm/executor/events.h"
#include "vm/executor/executor.h"
#include "vm/executor/tracing.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine.h"

namespace zkrv {
namespace {

constexpr unsigned kSegmentPo2 = 10;
constexpr uint64_t kSegmentCycles = uint64_t{1} << kSegmentPo2;
constexpr uint32_t kSysRead = ZKRV_SYS_READ;

std::string elf_path(const std::string& name) { return std::string(ZKRV_GUEST_BIN_DIR) + "/" + name + ".elf"; }

std::vector<uint8_t> u32_bytes(uint32_t v) {
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 24)};
}

uint32_t read_u32(const std::vector<uint8_t>& b, size_t at) {
  return uint32_t{b.at(at)} | uint32_t{b.at(at + 1)} << 8 | uint32_t{b.at(at + 2)} << 16 | uint32_t{b.at(at + 3)} << 24;
}

ExecutorEnv quiet_env(std::vector<uint8_t> input) {
  ExecutorEnv env;
  env.input = std::move(input);
  env.console = [](int, std::span<const uint8_t>) {};
  return env;
}

// The sha256 guest's input: 200 bytes (three 64-byte blocks and 8 bytes). The guest reads them with one
// read ecall, then compresses one block per ~3,800 cycles: 16 segments.
std::vector<uint8_t> sha_input() {
  std::vector<uint8_t> in(200);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint8_t>(i * 131 + 7);
  return in;
}
// SHA-256 of sha_input() (python3 hashlib), as the guest commits it: 32 raw bytes.
constexpr const char* kShaInputDigest = "78bbb470b40e45fffa0526d26567d7d3887d082518e712cc05d0a8f4903e231b";

// The read_patterns guest's input: 24 reads of 5..27 bytes, each recorded in the journal (count, result,
// the bytes read and a sentinel byte), ~300 cycles per read: reads and journal writes in every segment.
std::vector<uint8_t> read_patterns_input() {
  constexpr size_t kReads = 24;
  std::vector<uint8_t> in{static_cast<uint8_t>(kReads)};
  size_t payload = 0;
  for (size_t i = 0; i < kReads; ++i) {
    const uint16_t count = static_cast<uint16_t>(5 + (i * 7) % 23);
    in.push_back(static_cast<uint8_t>(count));
    in.push_back(static_cast<uint8_t>(count >> 8));
    payload += count;
  }
  for (size_t i = 0; i < payload; ++i) in.push_back(static_cast<uint8_t>(i * 37 + 1));
  return in;
}

// One proved run with what the executor says about it.
struct ProvedRun {
  std::string name;  // guest, input, configuration
  ProgramImage program;
  std::vector<uint8_t> input;
  Digest id;
  Receipt receipt;
  ExecutionResult executed;  // the fast executor's run
};

ProvedRun prove(const std::string& guest, std::vector<uint8_t> input, const FriConfig& config) {
  ProvedRun run;
  run.name = fmt::format("{} on {} input bytes under {}", guest, input.size(), config.name);
  run.program = load_elf_file(elf_path(guest));
  run.input = std::move(input);
  run.id = image_id_of(run.program);
  ProveOptions options;
  options.segment_po2 = kSegmentPo2;
  run.receipt = prove_receipt(run.program, run.input, config, options);
  run.executed = execute(run.program, quiet_env(run.input));
  return run;
}

// What the executor's segmented mode (the split the prover uses) shows of each segment.
struct ExecutedSegment {
  TracedSegment header;  // trace left empty
  std::vector<SyscallEvent> syscalls;
  std::vector<MemoryAccess> syscall_accesses;
  std::map<uint32_t, uint32_t> initial_values;  // every touched word address -> its value at the segment's start
  std::vector<uint8_t> journal;                 // the bytes this segment wrote
};

std::vector<ExecutedSegment> execute_in_segments(const ProvedRun& run) {
  std::vector<ExecutedSegment> out;
  execute_segmented(run.program, quiet_env(run.input), kSegmentCycles, [&](TracedSegment& s) {
    ExecutedSegment e;
    e.header.index = s.index;
    e.header.pre_pc = s.pre_pc;
    e.header.post_pc = s.post_pc;
    e.header.halted = s.halted;
    e.header.journal_begin = s.journal_begin;
    e.header.journal_end = s.journal_end;
    e.syscalls = s.trace.syscalls;
    e.syscall_accesses = s.trace.syscall_accesses;
    for (const MemoryBoundary& m : s.trace.memory) e.initial_values.emplace(m.addr, m.initial_value);
    e.journal = s.trace.result.journal;
    out.push_back(std::move(e));
    return true;
  });
  return out;
}

struct Runs {
  ProvedRun sha;            // sha256 over sha_input(), zkrv-fri-b2-v2, ~16 segments
  ProvedRun read_patterns;  // read_patterns over read_patterns_input(), zkrv-fri-b2-v2, ~8 segments
  ProvedRun fib;            // fibonacci(500), zkrv-fri-b2-v2, 3 segments
  ProvedRun fib_other;      // fibonacci(501), zkrv-fri-b2-v2, 3 segments: the same program on another input
  ProvedRun fib_b4;         // fibonacci(500) under zkrv-fri-b4-v2: the same run in the other configuration
};

class Segments : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const FriConfig& b2 = fri_config_by_name("zkrv-fri-b2-v2");
    const FriConfig& b4 = fri_config_by_name("zkrv-fri-b4-v2");
    runs_ = std::make_unique<Runs>();
    runs_->sha = prove("sha256", sha_input(), b2);
    runs_->read_patterns = prove("read_patterns", read_patterns_input(), b2);
    runs_->fib = prove("fibonacci", u32_bytes(500), b2);
    runs_->fib_other = prove("fibonacci", u32_bytes(501), b2);
    runs_->fib_b4 = prove("fibonacci", u32_bytes(500), b4);
  }
  static void TearDownTestSuite() { runs_.reset(); }

  static const ProvedRun& sha() { return runs_->sha; }
  static const ProvedRun& read_patterns() { return runs_->read_patterns; }
  static const ProvedRun& fib() { return runs_->fib; }
  static const ProvedRun& fib_other() { return runs_->fib_other; }
  static const ProvedRun& fib_b4() { return runs_->fib_b4; }

  // verify_receipt must throw exactly E, whose message contains `needle`.
  template <class E>
  static void expect_rejected(const Receipt& r, const Digest& expected, const std::string& needle,
                              const std::string& what) {
    try {
      verify_receipt(r, expected);
      ADD_FAILURE() << what << ": accepted";
    } catch (const E& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
          << what << ": message does not contain '" << needle << "': " << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << what << ": wrong exception type: " << e.what();
    }
  }
  static void expect_proof_rejected(const Receipt& r, const Digest& expected, size_t segment, const std::string& what) {
    expect_rejected<ProofRejected>(r, expected, fmt::format("segment {}: ", segment), what);
  }
  static void expect_chain_rejected(const Receipt& r, const Digest& expected, const std::string& needle,
                                    const std::string& what) {
    expect_rejected<ProofRejected>(r, expected, needle, what);
  }
  static std::string not_after(size_t k) {
    return fmt::format("segment {} does not start where segment {} ended", k, k - 1);
  }

  static inline std::unique_ptr<Runs> runs_;
};

// ---- the honest receipts ---------------------------------------------------------------------------

// Every run: the receipt verifies, has ceil(cycles / 1024) segments, and its statements chain from the
// image's initial state to the exit, exactly as the executor splits the run.
TEST_F(Segments, ReceiptsVerifyAndTheirStatementsChain) {
  for (const ProvedRun* run : {&sha(), &read_patterns(), &fib(), &fib_other(), &fib_b4()}) {
    SCOPED_TRACE(run->name);
    const Receipt& r = run->receipt;
    EXPECT_EQ(verify_receipt(r, run->id), r.claim);
    EXPECT_EQ(r.claim.exit_code, run->executed.exit_code);
    EXPECT_EQ(r.claim.journal, run->executed.journal);
    const size_t segments = static_cast<size_t>((run->executed.cycles + kSegmentCycles - 1) / kSegmentCycles);
    ASSERT_EQ(r.segments.size(), segments) << run->executed.cycles << " cycles";
    for (size_t k = 0; k < segments; ++k) {
      const SegmentStatement& s = r.segments[k].statement;
      if (k == 0) {
        EXPECT_EQ(s.pre_pc, r.image.shape.entry);
        EXPECT_EQ(s.pre_pc, run->program.entry);
        EXPECT_EQ(s.pre_root, r.image.initial_memory_root);
        EXPECT_EQ(s.journal_begin, 0u);
      } else {
        const SegmentStatement& prev = r.segments[k - 1].statement;
        EXPECT_EQ(s.pre_pc, prev.post_pc) << k;
        EXPECT_EQ(s.pre_root, prev.post_root) << k;
        EXPECT_EQ(s.journal_begin, prev.journal_end) << k;
        EXPECT_NE(s.pre_root, prev.pre_root) << k;  // every segment changes the state (pc and registers at least)
      }
      EXPECT_EQ(s.halted, k + 1 == segments) << k;
      if (k + 1 < segments) {
        EXPECT_NE(s.post_pc, 0u) << k;
      }
    }
    EXPECT_EQ(r.segments.back().statement.post_pc, 0u);  // 0 after the exit
    EXPECT_EQ(r.segments.back().statement.journal_end, r.claim.journal.size());
    // The statements are the executor's split (execute_segmented with 1024 cycles).
    const auto executed = execute_in_segments(*run);
    ASSERT_EQ(executed.size(), segments);
    for (size_t k = 0; k < segments; ++k) {
      const SegmentStatement& s = r.segments[k].statement;
      EXPECT_EQ(s.pre_pc, executed[k].header.pre_pc) << k;
      EXPECT_EQ(s.post_pc, executed[k].header.post_pc) << k;
      EXPECT_EQ(s.journal_begin, executed[k].header.journal_begin) << k;
      EXPECT_EQ(s.journal_end, executed[k].header.journal_end) << k;
      EXPECT_EQ(s.halted, executed[k].header.halted) << k;
    }
  }
  // The sizes this suite relies on.
  EXPECT_GE(sha().receipt.segments.size(), 12u);
  EXPECT_LE(sha().receipt.segments.size(), 20u);
  EXPECT_GE(read_patterns().receipt.segments.size(), 6u);
  EXPECT_EQ(fib().receipt.segments.size(), 3u);
  EXPECT_EQ(fib_other().receipt.segments.size(), 3u);
  // One run in two configurations: the same statements, different proofs.
  ASSERT_EQ(fib_b4().receipt.segments.size(), fib().receipt.segments.size());
  for (size_t k = 0; k < fib().receipt.segments.size(); ++k) {
    EXPECT_EQ(fib_b4().receipt.segments[k].statement, fib().receipt.segments[k].statement);
    EXPECT_NE(fib_b4().receipt.segments[k].proof, fib().receipt.segments[k].proof);
  }
  EXPECT_EQ(fib_b4().receipt.image, fib().receipt.image);
  // The serialized receipt round-trips with all its segments.
  EXPECT_EQ(deserialize_receipt(serialize_receipt(sha().receipt)), sha().receipt);
}

// The journal of a segmented run is the concatenation of its segments' journal ranges, each range being
// exactly the bytes that segment wrote (as the executor's segmented mode reports them).
TEST_F(Segments, JournalIsTheConcatenationOfTheSegmentsRanges) {
  for (const ProvedRun* run : {&sha(), &read_patterns(), &fib()}) {
    const Receipt& r = run->receipt;
    const auto executed = execute_in_segments(*run);
    ASSERT_EQ(executed.size(), r.segments.size());
    std::vector<uint8_t> joined;
    for (size_t k = 0; k < r.segments.size(); ++k) {
      const SegmentStatement& s = r.segments[k].statement;
      const std::vector<uint8_t> slice(r.claim.journal.begin() + s.journal_begin,
                                       r.claim.journal.begin() + s.journal_end);
      EXPECT_EQ(slice, executed[k].journal) << k;
      joined.insert(joined.end(), executed[k].journal.begin(), executed[k].journal.end());
    }
    EXPECT_EQ(joined, r.claim.journal);
  }
  // sha256: the digest, committed in one write near the end.
  std::string hex;
  for (uint8_t b : sha().receipt.claim.journal) hex += fmt::format("{:02x}", b);
  EXPECT_EQ(hex, kShaInputDigest);
  EXPECT_EQ(fib().receipt.claim.journal, u32_bytes(315178285u));  // fib(500) mod 2^32
}

// A value written in one segment and read many segments later. The sha256 guest reads its whole input
// with ONE read ecall (zkrv_read into a static 64 KiB buffer, early in the run), then sha256_update
// compresses the buffer one 64-byte block at a time, ~3,800 cycles (almost four segments) per block. So
// the last input words are written by the ecall in segment 0 and loaded for the first time some 10
// segments later (the 8 bytes after the last whole block, which sha256_update copies into its context
// after compressing the 3 whole blocks): in between, only the memory Merkle root of the
// statements carries them (each segment's proof opens the words it touches against its pre-state root
// and commits to its post-state root). The receipt verifying, with the right digest, shows the chain of
// roots carried them intact.
TEST_F(Segments, ValueWrittenInOneSegmentIsReadSeveralSegmentsLater) {
  const auto executed = execute_in_segments(sha());
  // The read ecall(s) that returned input bytes, and the RAM words they wrote.
  size_t read_segment = executed.size();
  std::map<uint32_t, uint32_t> written;  // word address -> value
  for (size_t k = 0; k < executed.size(); ++k) {
    for (const SyscallEvent& call : executed[k].syscalls) {
      if (call.number != kSysRead || call.result == 0) continue;
      EXPECT_EQ(call.result, sha_input().size()) << "one read returns the whole input";
      read_segment = std::min(read_segment, k);
      for (uint32_t a = 0; a < call.access_count; ++a) {
        const MemoryAccess& m = executed[k].syscall_accesses[call.access_begin + a];
        if (m.addr >= kFirstRamWordAddress && m.value != m.prev_value) written[m.addr] = m.value;
      }
    }
  }
  ASSERT_LT(read_segment, executed.size());
  ASSERT_GE(written.size(), sha_input().size() / 4 - 1);
  // For each written word: the first later segment that touches it, which must see the written value.
  size_t latest_first_use = 0;
  for (const auto& [addr, value] : written) {
    for (size_t k = read_segment + 1; k < executed.size(); ++k) {
      const auto it = executed[k].initial_values.find(addr);
      if (it == executed[k].initial_values.end()) continue;
      EXPECT_EQ(it->second, value) << "word " << addr << " in segment " << k;
      latest_first_use = std::max(latest_first_use, k);
      break;
    }
  }
  EXPECT_GE(latest_first_use, read_segment + 5) << "read in segment " << read_segment;
  // And the proved run has exactly this split and verifies: the root chain carried those words.
  ASSERT_EQ(sha().receipt.segments.size(), executed.size());
  EXPECT_NO_THROW(verify_receipt(sha().receipt, sha().id));
}

// Segment boundaries inside a long stretch of input reads and journal writes: read_patterns reads its
// input in 27 read ecalls and records each in the journal in 3 writes, all through the run, so nearly
// every segment reads input and writes journal bytes. The journal position crosses the boundaries in
// the journal length state word (memory root) and the statements' ranges. The input is private: the
// proof binds no input bytes (only the "input ended" state word), and the records in the journal show
// that each segment's reads continued where the previous segment's stopped.
TEST_F(Segments, InputReadsAndJournalWritesCrossSegmentBoundaries) {
  const Receipt& r = read_patterns().receipt;
  const auto executed = execute_in_segments(read_patterns());
  ASSERT_EQ(executed.size(), r.segments.size());
  std::set<size_t> reading, writing;
  std::vector<uint8_t> read_bytes;  // every byte the reads returned, in order
  for (size_t k = 0; k < executed.size(); ++k) {
    for (const SyscallEvent& call : executed[k].syscalls)
      if (call.number == kSysRead) reading.insert(k);
    const SegmentStatement& s = r.segments[k].statement;
    if (s.journal_end > s.journal_begin) writing.insert(k);
  }
  // Almost every segment reads and writes (the first spends some cycles in the runtime's start-up, the
  // last in the summary line and the exit).
  EXPECT_GE(reading.size(), r.segments.size() - 2) << fmt::format("{}", fmt::join(reading, ","));
  EXPECT_GE(writing.size(), r.segments.size() - 2) << fmt::format("{}", fmt::join(writing, ","));
  // The journal, parsed as the guest's records (count, result, bytes, sentinel), gives back the whole
  // input in order: the reads of every segment continued where the previous segment's reads stopped.
  // And the record of each read lies in the journal range of the segment that wrote it.
  const std::vector<uint8_t>& journal = r.claim.journal;
  std::set<size_t> record_segments;
  size_t at = 0, reads = 0, split_records = 0;
  auto segment_of = [&](size_t offset) {
    for (size_t k = 0; k < r.segments.size(); ++k)
      if (offset >= r.segments[k].statement.journal_begin && offset < r.segments[k].statement.journal_end) return k;
    return r.segments.size();
  };
  while (at < journal.size()) {
    const uint32_t count = read_u32(journal, at), result = read_u32(journal, at + 4);
    ASSERT_LE(result, count);
    record_segments.insert(segment_of(at));
    // A record is three journal writes (count, result, bytes): a boundary may fall between them.
    if (segment_of(at) != segment_of(at + 8 + result)) ++split_records;
    read_bytes.insert(read_bytes.end(), journal.begin() + static_cast<std::ptrdiff_t>(at + 8),
                      journal.begin() + static_cast<std::ptrdiff_t>(at + 8 + result));
    EXPECT_EQ(journal.at(at + 8 + result), 0xEE) << "sentinel after read " << reads;
    at += 8 + result + 1;
    ++reads;
  }
  EXPECT_EQ(at, journal.size());
  EXPECT_EQ(read_bytes, read_patterns().input);
  EXPECT_EQ(reads, 3u + 24u);
  EXPECT_GE(record_segments.size(), r.segments.size() - 2);
  EXPECT_GE(split_records, 2u) << "records written across a segment boundary";
  // The exit code is the guest's FNV-1a of its journal: the guest saw the same bytes the claim holds.
  uint32_t fnv = 2166136261u;
  for (uint8_t b : journal) fnv = (fnv ^ b) * 16777619u;
  EXPECT_EQ(r.claim.exit_code, fnv);
  EXPECT_NO_THROW(verify_receipt(r, read_patterns().id));
}

// ---- forged receipts ---------------------------------------------------------------------------------

// Reordering cannot be made consistent: the statements name their pre- and post-states, so a reordered
// chain breaks. Swapping only the proofs (statements kept in order) leaves the chain intact, and the
// proof of the first swapped position rejects.
TEST_F(Segments, ReorderedSegmentsAreRejected) {
  const Receipt& honest = sha().receipt;
  const size_t n = honest.segments.size();
  Receipt r = honest;
  std::swap(r.segments[3], r.segments[4]);
  expect_chain_rejected(r, sha().id, not_after(3), "segments 3 and 4 swapped");
  r = honest;
  std::reverse(r.segments.begin(), r.segments.end());
  expect_chain_rejected(r, sha().id, "segment 0 does not start at the image's initial state", "all reversed");
  r = honest;
  std::rotate(r.segments.begin() + 1, r.segments.begin() + 2, r.segments.end() - 1);  // 0, 2, 3, ..., 1, last
  expect_chain_rejected(r, sha().id, not_after(1), "segment 1 moved before the last");
  // Consistent: the statements in order, the proofs of 3 and 4 swapped.
  r = honest;
  std::swap(r.segments[3].proof, r.segments[4].proof);
  expect_proof_rejected(r, sha().id, 3, "proofs of 3 and 4 swapped");
  // Consistent: the last two proofs swapped; the journal and exit code stay with the statements.
  r = honest;
  std::swap(r.segments[n - 2].proof, r.segments[n - 1].proof);
  expect_proof_rejected(r, sha().id, n - 2, "proofs of the last two swapped");
}

TEST_F(Segments, DroppedSegmentsAreRejected) {
  const Receipt& honest = sha().receipt;
  const Digest& id = sha().id;
  const size_t n = honest.segments.size();
  // First dropped: the chain no longer starts at the image's initial state ...
  Receipt r = honest;
  r.segments.erase(r.segments.begin());
  expect_chain_rejected(r, id, "segment 0 does not start at the image's initial state", "first dropped");
  // ... and with the new first segment's statement moved to the initial state, its proof rejects.
  r.segments[0].statement.pre_pc = honest.image.shape.entry;
  r.segments[0].statement.pre_root = honest.image.initial_memory_root;
  expect_proof_rejected(r, id, 0, "first dropped, chain fixed");
  // Middle dropped.
  const size_t mid = n / 2;
  r = honest;
  r.segments.erase(r.segments.begin() + static_cast<std::ptrdiff_t>(mid));
  expect_chain_rejected(r, id, not_after(mid), "middle dropped");
  r.segments[mid].statement.pre_pc = r.segments[mid - 1].statement.post_pc;
  r.segments[mid].statement.pre_root = r.segments[mid - 1].statement.post_root;
  expect_proof_rejected(r, id, mid, "middle dropped, chain fixed");
  // Several dropped in the middle (segments mid..mid+2), chain fixed.
  r = honest;
  r.segments.erase(r.segments.begin() + static_cast<std::ptrdiff_t>(mid),
                   r.segments.begin() + static_cast<std::ptrdiff_t>(mid + 3));
  r.segments[mid].statement.pre_pc = r.segments[mid - 1].statement.post_pc;
  r.segments[mid].statement.pre_root = r.segments[mid - 1].statement.post_root;
  expect_proof_rejected(r, id, mid, "three dropped, chain fixed");
  // Last dropped: the new last segment does not halt.
  r = honest;
  r.segments.pop_back();
  expect_chain_rejected(r, id, fmt::format("the last segment ({}) does not end with the exit", n - 2), "last dropped");
  // Consistent: the new last one claims to halt, and the claimed journal is cut to what the segments
  // before the real last one wrote (the sha256 digest is written in one of the last segments). Only the
  // proof knows the segment does not exit.
  r.segments.back().statement.halted = true;
  r.segments.back().statement.post_pc = 0;
  r.claim.journal.resize(r.segments.back().statement.journal_end);
  expect_proof_rejected(r, id, n - 2, "last dropped, the one before claims the exit");
  // All but the first, chain fixed as far as it can be (the first claims the exit).
  r = honest;
  r.segments.resize(1);
  r.segments[0].statement.halted = true;
  r.segments[0].statement.post_pc = 0;
  r.claim.journal.resize(r.segments[0].statement.journal_end);
  expect_proof_rejected(r, id, 0, "only the first segment, claiming the exit");
}

TEST_F(Segments, DuplicatedSegmentsAreRejected) {
  const Receipt& honest = sha().receipt;
  const Digest& id = sha().id;
  const size_t n = honest.segments.size();
  Receipt r = honest;
  r.segments.insert(r.segments.begin() + 5, r.segments[5]);  // 0..4, 5, 5, 6, ...
  expect_chain_rejected(r, id, not_after(6), "segment 5 twice");
  // Consistent: the copy's statement starts where the original ended (and its journal range continues).
  SegmentStatement& copy = r.segments[6].statement;
  copy.pre_pc = r.segments[5].statement.post_pc;
  copy.pre_root = r.segments[5].statement.post_root;
  copy.post_pc = r.segments[7].statement.pre_pc;
  copy.post_root = r.segments[7].statement.pre_root;
  copy.journal_begin = copy.journal_end = r.segments[5].statement.journal_end;
  expect_proof_rejected(r, id, 6, "segment 5 twice, the copy chained");
  // The first segment twice.
  r = honest;
  r.segments.insert(r.segments.begin(), r.segments[0]);
  expect_chain_rejected(r, id, not_after(1), "segment 0 twice");
  // The last segment twice: with the chain fixed, the first copy halts but is not last.
  // (The chain check sees the first copy halting before it sees the second one's pre-state.)
  r = honest;
  r.segments.push_back(r.segments.back());
  expect_chain_rejected(r, id, fmt::format("segment {} ends with the exit but is not the last", n - 1), "last twice");
  r.segments[n].statement.pre_pc = r.segments[n - 1].statement.post_pc;
  r.segments[n].statement.pre_root = r.segments[n - 1].statement.post_root;
  r.segments[n].statement.journal_begin = r.segments[n - 1].statement.journal_end;
  r.segments[n].statement.journal_end = r.segments[n - 1].statement.journal_end;
  expect_chain_rejected(r, id, fmt::format("segment {} ends with the exit but is not the last", n - 1),
                        "last twice, chained");
  // ... and with the first copy not halting: its proof shows the exit.
  r.segments[n - 1].statement.halted = false;
  expect_proof_rejected(r, id, n - 1, "last twice, chained, the first copy not halting");
}

// A segment of another run of the same program (fibonacci(501) instead of fibonacci(500)): the image ID
// and the configuration are the same, only the states differ.
TEST_F(Segments, SegmentFromAnotherRunOfTheSameProgramIsRejected) {
  const Receipt& honest = fib().receipt;
  const Receipt& other = fib_other().receipt;
  const Digest& id = fib().id;
  ASSERT_EQ(fib_other().id, id);
  // Both runs start at the same state: the other run's segment 0 fits the start but not segment 1.
  ASSERT_EQ(other.segments[0].statement.pre_root, honest.segments[0].statement.pre_root);
  ASSERT_NE(other.segments[0].statement.post_root, honest.segments[0].statement.post_root);
  for (size_t k = 0; k < honest.segments.size(); ++k) {
    SCOPED_TRACE(k);
    Receipt r = honest;
    r.segments[k] = other.segments[k];
    if (k + 1 == honest.segments.size()) {
      // The last one: it writes the other run's result, so claim that journal too.
      r.claim.journal = other.claim.journal;
      r.claim.exit_code = other.claim.exit_code;
    }
    expect_chain_rejected(r, id, k == 0 ? not_after(1) : not_after(k), "other run's segment");
    // Consistent: the foreign statement rewritten to the honest chain; only its proof disagrees.
    r.segments[k].statement = honest.segments[k].statement;
    r.claim = k + 1 == honest.segments.size() ? honest.claim : r.claim;
    expect_proof_rejected(r, id, k, "other run's proof under this run's statement");
  }
  // Consistent the other way: the other run's segments 0..1 and this run's last one, with the claim
  // of this run; the chain breaks between segments 1 and 2 and nothing can fix it without a proof.
  Receipt r = honest;
  r.segments[0] = other.segments[0];
  r.segments[1] = other.segments[1];
  expect_chain_rejected(r, id, not_after(2), "other run's first two segments");
  r.segments[2].statement.pre_pc = other.segments[1].statement.post_pc;
  r.segments[2].statement.pre_root = other.segments[1].statement.post_root;
  expect_proof_rejected(r, id, 2, "other run's first two segments, the last rewritten to follow them");
  // And the whole other receipt with this run's claim: its last proof writes another journal.
  r = other;
  r.claim = honest.claim;
  expect_proof_rejected(r, id, other.segments.size() - 1, "other run's segments, this run's claim");
}

// A segment of another program (sha256) in the fibonacci receipt: the chain breaks; with the statement
// rewritten, the proof is checked against fibonacci's shape and preprocessed root and rejects.
TEST_F(Segments, SegmentFromAnotherProgramIsRejected) {
  const Receipt& honest = fib().receipt;
  const Digest& id = fib().id;
  const Receipt& foreign = sha().receipt;
  for (size_t k = 0; k < honest.segments.size(); ++k) {
    SCOPED_TRACE(k);
    const size_t from = k + 1 == honest.segments.size() ? foreign.segments.size() - 1 : k + 1;
    Receipt r = honest;
    r.segments[k] = foreign.segments[from];
    expect_chain_rejected(r, id, k == 0 ? "segment 0 does not start at the image's initial state" : not_after(k),
                          "sha256 segment in fibonacci");
    r.segments[k].statement = honest.segments[k].statement;
    expect_proof_rejected(r, id, k, "sha256 proof under fibonacci's statement");
  }
  // The whole sha256 receipt presented for fibonacci's image: the image ID differs; with fibonacci's
  // claim and image, the first segment is not at fibonacci's initial state; with that rewritten, the
  // proof rejects.
  Receipt r = foreign;
  expect_rejected<ProofRejected>(r, id, "not the expected image", "sha256 receipt for fibonacci's ID");
  r.claim = honest.claim;
  r.image = honest.image;
  expect_chain_rejected(r, id, "segment 0 does not start at the image's initial state", "sha256 segments, fib image");
  r.segments[0].statement.pre_pc = honest.image.shape.entry;
  r.segments[0].statement.pre_root = honest.image.initial_memory_root;
  for (SegmentReceipt& seg : r.segments) seg.statement.journal_begin = seg.statement.journal_end = 0;
  r.segments.back().statement.journal_end = static_cast<uint32_t>(r.claim.journal.size());
  expect_proof_rejected(r, id, 0, "sha256 segments under fibonacci's image, chained");
}

// A statement's pre-state that differs from the previous post-state. Changed alone, the chain check
// catches it; changed together with the previous segment's post-state (the chain kept), the previous
// segment's proof rejects (it is checked first), and verify_segment shows the segment's own proof
// rejects its changed pre-state too.
TEST_F(Segments, PreStateDifferentFromThePreviousPostStateIsRejected) {
  const Receipt& honest = sha().receipt;
  const Digest& id = sha().id;
  const size_t k = 7;
  const std::string config = fri_config_by_name("zkrv-fri-b2-v2").name;
  const Digest& root = *honest.image.root_for(config);
  auto segment_verifies = [&](const Receipt& r, size_t j) {
    const SegmentStatement& s = r.segments[j].statement;
    const SegmentClaim claim{s.halted ? r.claim.exit_code : 0u,
                             std::vector<uint8_t>(r.claim.journal.begin() + s.journal_begin,
                                                  r.claim.journal.begin() + s.journal_end)};
    const StarkProof proof = deserialize_stark_proof(r.segments[j].proof);
    try {
      verify_segment(r.image.shape, root, s, claim, proof);
      return true;
    } catch (const ProofRejected&) {
      return false;
    }
  };
  EXPECT_TRUE(segment_verifies(honest, k));
  EXPECT_TRUE(segment_verifies(honest, k - 1));

  std::vector<std::pair<std::string, std::function<void(SegmentStatement&, SegmentStatement&)>>> changes = {
      {"pre root", [](SegmentStatement& prev, SegmentStatement& s) {
         s.pre_root[5] += Fp::one();
         prev.post_root = s.pre_root;
       }},
      {"pre pc + 4", [](SegmentStatement& prev, SegmentStatement& s) {
         s.pre_pc += 4;
         prev.post_pc = s.pre_pc;
       }},
      {"pre pc - 4", [](SegmentStatement& prev, SegmentStatement& s) {
         s.pre_pc -= 4;
         prev.post_pc = s.pre_pc;
       }},
      {"pre state of segment k + 1", [&](SegmentStatement& prev, SegmentStatement& s) {
         s.pre_pc = honest.segments[k + 1].statement.pre_pc;
         s.pre_root = honest.segments[k + 1].statement.pre_root;
         prev.post_pc = s.pre_pc;
         prev.post_root = s.pre_root;
       }},
  };
  for (const auto& [what, change] : changes) {
    SCOPED_TRACE(what);
    // Only the chain: segment k's pre-state changed, segment k - 1 still ends at the old state.
    Receipt chain_only = honest;
    SegmentStatement scratch = chain_only.segments[k - 1].statement;
    change(scratch, chain_only.segments[k].statement);
    expect_chain_rejected(chain_only, id, not_after(k), what + ", chain only");
    // The statements: both changed, the chain holds; segment k - 1's proof rejects its new post-state.
    Receipt both = honest;
    change(both.segments[k - 1].statement, both.segments[k].statement);
    expect_proof_rejected(both, id, k - 1, what + ", both statements");
    // Segment k's own proof rejects its new pre-state.
    EXPECT_FALSE(segment_verifies(both, k));
    EXPECT_FALSE(segment_verifies(both, k - 1));
  }
}

TEST_F(Segments, HaltedFlagOnTheWrongSegmentIsRejected) {
  const Receipt& honest = sha().receipt;
  const Digest& id = sha().id;
  const size_t n = honest.segments.size();
  // A middle segment marked halted: only the chain check can see it (the segments after it still follow).
  for (size_t k : {size_t{0}, size_t{4}, n - 2}) {
    Receipt r = honest;
    r.segments[k].statement.halted = true;
    expect_chain_rejected(r, id, fmt::format("segment {} ends with the exit but is not the last", k),
                          fmt::format("segment {} halted", k));
    // Consistent: the receipt cut after it, its post pc 0 and the journal cut to its range; its proof
    // shows it does not exit.
    r.segments.resize(k + 1);
    r.segments[k].statement.post_pc = 0;
    r.claim.journal.resize(r.segments[k].statement.journal_end);
    r.claim.exit_code = 0;
    expect_proof_rejected(r, id, k, fmt::format("cut after segment {}, which claims the exit", k));
  }
  // The last one not halted: a receipt must end with the exit; there is nothing to adjust around it.
  Receipt r = honest;
  r.segments.back().statement.halted = false;
  expect_chain_rejected(r, id, fmt::format("the last segment ({}) does not end with the exit", n - 1),
                        "last not halted");
  // ... with a non-zero post pc, as a paused run would have.
  r.segments.back().statement.post_pc = r.segments.back().statement.pre_pc;
  expect_chain_rejected(r, id, fmt::format("the last segment ({}) does not end with the exit", n - 1),
                        "last not halted, post pc set");
}

// The journal split differently between two neighbouring segments that both write: the boundary moved
// by one byte either way, both ranges adjusted so that they still tile the journal. Only the proofs know
// which segment wrote which byte.
TEST_F(Segments, JournalSplitDifferentlyIsRejected) {
  const Receipt& honest = read_patterns().receipt;
  const Digest& id = read_patterns().id;
  size_t moved = 0;
  for (size_t k = 0; k + 1 < honest.segments.size(); ++k) {
    const SegmentStatement& a = honest.segments[k].statement;
    const SegmentStatement& b = honest.segments[k + 1].statement;
    if (a.journal_end == a.journal_begin || b.journal_end == b.journal_begin) continue;
    SCOPED_TRACE(k);
    // One byte moved from segment k to segment k + 1.
    Receipt r = honest;
    r.segments[k].statement.journal_end -= 1;
    r.segments[k + 1].statement.journal_begin -= 1;
    expect_proof_rejected(r, id, k, "a byte moved to the next segment");
    // One byte moved from segment k + 1 to segment k.
    r = honest;
    r.segments[k].statement.journal_end += 1;
    r.segments[k + 1].statement.journal_begin += 1;
    expect_proof_rejected(r, id, k, "a byte moved to the previous segment");
    // Only one side moved: the ranges no longer tile the journal.
    r = honest;
    r.segments[k].statement.journal_end -= 1;
    expect_chain_rejected(r, id, fmt::format("segment {}'s journal range", k + 1), "gap between the ranges");
    r = honest;
    r.segments[k + 1].statement.journal_begin -= 1;
    expect_chain_rejected(r, id, fmt::format("segment {}'s journal range", k + 1), "overlapping ranges");
    if (++moved == 3) break;
  }
  EXPECT_EQ(moved, 3u);
  // The whole journal given to the first segment that writes, the others' ranges empty.
  Receipt r = honest;
  size_t first_writer = honest.segments.size();
  for (size_t k = 0; k < r.segments.size(); ++k) {
    SegmentStatement& s = r.segments[k].statement;
    if (first_writer == honest.segments.size() && s.journal_end > s.journal_begin) {
      first_writer = k;
      s.journal_end = static_cast<uint32_t>(r.claim.journal.size());
    } else if (first_writer < k) {
      s.journal_begin = s.journal_end = static_cast<uint32_t>(r.claim.journal.size());
    }
  }
  ASSERT_LT(first_writer, honest.segments.size());
  expect_proof_rejected(r, id, first_writer, "the whole journal in one segment");
}

// Two receipts' journals joined: fibonacci(500) then fibonacci(501), as if one run had written both.
TEST_F(Segments, JournalsOfTwoReceiptsJoinedAreRejected) {
  const Receipt& a = fib().receipt;
  const Receipt& b = fib_other().receipt;
  const Digest& id = fib().id;
  const auto shift = static_cast<uint32_t>(a.claim.journal.size());
  Receipt r = a;
  r.claim.journal.insert(r.claim.journal.end(), b.claim.journal.begin(), b.claim.journal.end());
  r.claim.exit_code = b.claim.exit_code;
  // The joined journal claimed over a's segments alone.
  expect_chain_rejected(r, id, "the segments wrote fewer journal bytes than the receipt claims", "joined journal");
  // a's segments, then b's with their journal ranges shifted behind a's journal.
  for (SegmentReceipt seg : b.segments) {
    seg.statement.journal_begin += shift;
    seg.statement.journal_end += shift;
    r.segments.push_back(std::move(seg));
  }
  const size_t a_last = a.segments.size() - 1;
  expect_chain_rejected(r, id, fmt::format("segment {} ends with the exit but is not the last", a_last),
                        "joined segments");
  // a's last segment not halting, b's first starting where it ends: consistent for the chain; a's last
  // proof shows the exit.
  r.segments[a_last].statement.halted = false;
  r.segments[a_last + 1].statement.pre_pc = r.segments[a_last].statement.post_pc;
  r.segments[a_last + 1].statement.pre_root = r.segments[a_last].statement.post_root;
  expect_proof_rejected(r, id, a_last, "joined segments, chained");
  // a's last segment rewritten to end where b's run starts (the image's initial state): its proof rejects.
  r.segments[a_last].statement.post_pc = b.segments[0].statement.pre_pc;
  r.segments[a_last].statement.post_root = b.segments[0].statement.pre_root;
  r.segments[a_last + 1].statement = b.segments[0].statement;
  r.segments[a_last + 1].statement.journal_begin += shift;
  r.segments[a_last + 1].statement.journal_end += shift;
  expect_proof_rejected(r, id, a_last, "joined segments, a's last leading into b's start");
}

TEST_F(Segments, ExtraJournalByteIsRejected) {
  const Receipt& honest = read_patterns().receipt;
  const Digest& id = read_patterns().id;
  const size_t n = honest.segments.size();
  Receipt r = honest;
  r.claim.journal.push_back(0xEE);
  expect_chain_rejected(r, id, "the segments wrote fewer journal bytes than the receipt claims", "extra byte");
  // Consistent: the last segment's range covers it; its proof did not write it.
  r.segments.back().statement.journal_end += 1;
  expect_proof_rejected(r, id, n - 1, "extra byte in the last segment's range");
  // A byte removed from the end: the last segment that writes, w, now ends beyond the journal; with its
  // range (and the empty ranges after it) shortened, its proof wrote one byte more.
  r = honest;
  size_t w = n - 1;
  while (r.segments[w].statement.journal_end == r.segments[w].statement.journal_begin) --w;
  r.claim.journal.pop_back();
  expect_chain_rejected(r, id, fmt::format("segment {}'s journal range", w), "byte removed");
  r.segments[w].statement.journal_end -= 1;
  for (size_t j = w + 1; j < n; ++j) {
    r.segments[j].statement.journal_begin -= 1;
    r.segments[j].statement.journal_end -= 1;
  }
  expect_proof_rejected(r, id, w, "byte removed, ranges shortened");
  // A byte inserted in the middle of a writing segment's range, the ranges after it shifted.
  r = honest;
  const size_t k = n / 2;
  ASSERT_GT(r.segments[k].statement.journal_end, r.segments[k].statement.journal_begin);
  r.claim.journal.insert(r.claim.journal.begin() + r.segments[k].statement.journal_begin, 0x00);
  r.segments[k].statement.journal_end += 1;
  for (size_t j = k + 1; j < n; ++j) {
    r.segments[j].statement.journal_begin += 1;
    r.segments[j].statement.journal_end += 1;
  }
  expect_proof_rejected(r, id, k, "byte inserted in a middle segment");
}

TEST_F(Segments, ChangedExitCodeIsRejectedByTheLastSegment) {
  for (const ProvedRun* run : {&read_patterns(), &sha()}) {
    const size_t last = run->receipt.segments.size() - 1;
    for (uint32_t flip : {1u, 0x80000000u}) {
      Receipt r = run->receipt;
      r.claim.exit_code ^= flip;
      expect_proof_rejected(r, run->id, last, fmt::format("exit code ^ {:#x}", flip));
    }
  }
  EXPECT_NE(read_patterns().receipt.claim.exit_code, 0u);
}

// Segments proved under zkrv-fri-b2-v2 and zkrv-fri-b4-v2 in one receipt. The statements are the same
// (one run), so the chain holds; each proof alone would verify under its own configuration's root, but
// a receipt uses one configuration.
TEST_F(Segments, SegmentsOfMixedConfigurationsAreRejected) {
  const Receipt& b2 = fib().receipt;
  const Receipt& b4 = fib_b4().receipt;
  const Digest& id = fib().id;
  EXPECT_NO_THROW(verify_receipt(b4, id));
  for (size_t k = 1; k < b2.segments.size(); ++k) {
    Receipt r = b2;
    r.segments[k].proof = b4.segments[k].proof;
    expect_rejected<ProofRejected>(
        r, id, fmt::format("segment {} uses configuration 'zkrv-fri-b4-v2', segment 0 'zkrv-fri-b2-v2'", k),
        fmt::format("b4 segment {} in a b2 receipt", k));
  }
  Receipt r = b4;
  r.segments[0] = b2.segments[0];
  expect_rejected<ProofRejected>(r, id, "segment 1 uses configuration 'zkrv-fri-b4-v2', segment 0 'zkrv-fri-b2-v2'",
                                 "b2 segment 0 in a b4 receipt");
}

// Undecodable proofs are malformed input, named by segment (before any proof is verified).
TEST_F(Segments, UndecodableProofOfOneSegmentIsMalformed) {
  const Receipt& honest = sha().receipt;
  const size_t k = honest.segments.size() / 2;
  Receipt r = honest;
  r.segments[k].proof.pop_back();
  expect_rejected<MalformedInput>(r, sha().id, fmt::format("receipt segment {} proof", k), "truncated proof");
  r = honest;
  r.segments[k].proof.clear();
  expect_rejected<MalformedInput>(r, sha().id, fmt::format("receipt segment {} proof", k), "empty proof");
  r = honest;
  r.segments.back().proof[7] ^= 0x20;  // the configuration name, after the "ZKST" magic and version
  expect_rejected<MalformedInput>(r, sha().id, fmt::format("receipt segment {} proof", honest.segments.size() - 1),
                                  "unknown configuration");
}

// ---- inspect_receipt on hostile statements ---------------------------------------------------------------

// BUG (host/verify.cpp, inspect_receipt): the security estimate materializes one placeholder
// PublicInteraction (~40 bytes) per journal byte a statement CLAIMS (public_interaction_placeholders:
// 1 + journal_end - journal_begin), without bounding the range by the claimed journal (or by
// Receipt::kMaxJournalBytes). deserialize_receipt only checks begin <= end, so a receipt file of a few
// hundred KB whose statement says [0, 2^32 - 1) makes `zkrv inspect` ask for ~160 GB: std::bad_alloc,
// reported as "internal error: out of memory" (exit code internal) instead of a MalformedInput, and
// with overcommit (vm.overcommit_memory = 1) or a range of 2^27..2^28 bytes it really allocates and
// fills GBs. inspect_receipt must not cost memory in proportion to a claimed, unchecked range: it
// should refuse the statement as malformed, or count the interactions without storing them.
//
// The call runs in a child process with its address space limited to 4 GiB, so whatever it does it
// cannot take the machine's memory; the child exits 0 if inspect_receipt returned or threw
// MalformedInput, 3 on std::bad_alloc, 4 on anything else.
//
// SegmentsHostile is a suite of its own (and a ctest test of its own, host_segments_hostile_test),
// proving only fibonacci(500), so that its tests of bugs found here fail apart from the suite above.
class SegmentsHostile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_ = std::make_unique<ProvedRun>(prove("fibonacci", u32_bytes(500), fri_config_by_name("zkrv-fri-b2-v2")));
  }
  static void TearDownTestSuite() { run_.reset(); }
  static inline std::unique_ptr<ProvedRun> run_;
};

TEST_F(SegmentsHostile, InspectionOfAHugeJournalRangeDoesNotAllocateItsLength) {
  Receipt r = run_->receipt;
  ASSERT_EQ(r.segments.size(), 3u);  // fibonacci(500): 2,646 cycles
  EXPECT_NO_THROW(inspect_receipt(r));
  r.segments[1].statement.journal_begin = 0;
  r.segments[1].statement.journal_end = UINT32_MAX;
  ASSERT_EQ(deserialize_receipt(serialize_receipt(r)), r);  // such a file decodes
  GTEST_FLAG_SET(death_test_style, "fast");
  auto inspect_in_4_gib = [&r] {
    rlimit limit;
    limit.rlim_cur = limit.rlim_max = rlim_t{4} << 30;
    setrlimit(RLIMIT_AS, &limit);
    int code = 0;
    try {
      (void)inspect_receipt(r);
    } catch (const MalformedInput&) {
    } catch (const std::bad_alloc&) {
      code = 3;
    } catch (...) {
      code = 4;
    }
    std::_Exit(code);
  };
  EXPECT_EXIT(inspect_in_4_gib(), ::testing::ExitedWithCode(0), "")
      << "exit 3: inspect_receipt ran out of memory on a statement claiming 2^32 - 1 journal bytes";
}

// BUG (host/receipt.cpp, deserialize_receipt): a segment statement is 81 bytes (u32 pc, 32-byte root,
// u32 pc, 32-byte root, u32 journal begin and end, u8 halted), but the reader bounds the segment count
// with 89 bytes per segment ("its statement (85 bytes) and a proof length"), while a segment takes at
// least 81 + 4 = 85. So a receipt that serialize_receipt writes is refused when its proofs are shorter
// than 4 bytes on average: here, three segments with empty proofs ("segment count: length 3 needs 267
// bytes but only 255 remain"). No real proof is that short, so honest receipts are not affected, but
// the format promises one encoding per receipt that decodes back. The same 85 is in receipt_test.cpp
// (Receipt.SegmentStatementsRoundTripAndAreChecked locates the segment count 8 bytes too early and
// fails on this branch), prove_verify_test.cpp (the flipped-bytes prefix: 4 bytes too long, harmless)
// and receipt.cpp's comment.
TEST_F(SegmentsHostile, EveryReceiptSerializeWritesDecodes) {
  ByteWriter w;
  write_segment_statement(w, SegmentStatement{});
  EXPECT_EQ(w.data().size(), 4u + 32u + 4u + 32u + 4u + 4u + 1u);
  Receipt r = run_->receipt;
  for (SegmentReceipt& seg : r.segments) seg.proof.clear();
  const std::vector<uint8_t> bytes = serialize_receipt(r);
  try {
    EXPECT_EQ(deserialize_receipt(bytes), r);
  } catch (const MalformedInput& e) {
    ADD_FAILURE() << "a receipt serialize_receipt wrote does not decode: " << e.what();
  }
  // Proofs of 1 byte: 3 x (81 + 4 + 1) = 258 bytes after the count, below 3 x 89 too.
  for (SegmentReceipt& seg : r.segments) seg.proof = {0x5a};
  try {
    EXPECT_EQ(deserialize_receipt(serialize_receipt(r)), r);
  } catch (const MalformedInput& e) {
    ADD_FAILURE() << "1-byte proofs: " << e.what();
  }
}

}  // namespace
}  // namespace zkrv
