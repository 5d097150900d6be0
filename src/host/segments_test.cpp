// Continuations end to end, honest receipts: real guests proved in many small segments, their chains of
// statements, values and I/O crossing segment boundaries; and inspect_receipt on hostile statements.
// The shared runs and fixture are in segments_test_support.h; the forged receipts in
// segments_forgery_test.cpp.
#include "host/segments_test_support.h"

namespace zkrv::segments_test {
namespace {

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

// ---- inspect_receipt on hostile statements ---------------------------------------------------------------

// Found by this suite and fixed (host/verify.cpp, inspect_receipt): the security estimate materialized one placeholder
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
}  // namespace zkrv::segments_test
