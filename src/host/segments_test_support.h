// Shared set-up of the continuation tests (segments_test.cpp, segments_forgery_test.cpp): continuations end to end: real guests proved in many small segments (segment_po2 = 10, 1024 cycles
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
#pragma once

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

namespace zkrv::segments_test {

inline constexpr unsigned kSegmentPo2 = 10;
inline constexpr uint64_t kSegmentCycles = uint64_t{1} << kSegmentPo2;
inline constexpr uint32_t kSysRead = ZKRV_SYS_READ;

inline std::string elf_path(const std::string& name) { return std::string(ZKRV_GUEST_BIN_DIR) + "/" + name + ".elf"; }

inline std::vector<uint8_t> u32_bytes(uint32_t v) {
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 24)};
}

inline uint32_t read_u32(const std::vector<uint8_t>& b, size_t at) {
  return uint32_t{b.at(at)} | uint32_t{b.at(at + 1)} << 8 | uint32_t{b.at(at + 2)} << 16 | uint32_t{b.at(at + 3)} << 24;
}

inline ExecutorEnv quiet_env(std::vector<uint8_t> input) {
  ExecutorEnv env;
  env.input = std::move(input);
  env.console = [](int, std::span<const uint8_t>) {};
  return env;
}

// The sha256 guest's input: 200 bytes (three 64-byte blocks and 8 bytes). The guest reads them with one
// read ecall, then compresses one block per ~3,800 cycles: 16 segments.
inline std::vector<uint8_t> sha_input() {
  std::vector<uint8_t> in(200);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint8_t>(i * 131 + 7);
  return in;
}
// SHA-256 of sha_input() (python3 hashlib), as the guest commits it: 32 raw bytes.
inline constexpr const char* kShaInputDigest = "78bbb470b40e45fffa0526d26567d7d3887d082518e712cc05d0a8f4903e231b";

// The read_patterns guest's input: 24 reads of 5..27 bytes, each recorded in the journal (count, result,
// the bytes read and a sentinel byte), ~300 cycles per read: reads and journal writes in every segment.
inline std::vector<uint8_t> read_patterns_input() {
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

inline ProvedRun prove(const std::string& guest, std::vector<uint8_t> input, const FriConfig& config) {
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

inline std::vector<ExecutedSegment> execute_in_segments(const ProvedRun& run) {
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

}  // namespace zkrv::segments_test
