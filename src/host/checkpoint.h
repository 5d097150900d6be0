// Segments as units of work (docs/architecture.md section 1, "Proving on many machines"): a checkpoint
// file holds the machine state where one segment starts; a segment file holds that segment's proof. The
// three steps `zkrv checkpoint`, `zkrv prove-segment` and `zkrv assemble` (and these functions) split
// `zkrv prove` so that the segments of one run can be proved by different processes or machines:
//
//   write_checkpoints(program, input, K)       -> checkpoint 0..n-1      (one traced run, no proving)
//   prove_checkpoint(program, checkpoint, input, config) -> segment i   (any order, any process)
//   assemble_receipt(segments)                  -> receipt              (verified before it is returned)
//
// A segment proof carries its statement (pre- and post-state), so the assembled receipt verifies only
// if the segments chain exactly as one run's do (host/verify.h): nothing about the split is trusted.
//
// Checkpoint file, little-endian: "ZKCK", u16 version (1), u16 flags (0), 32-byte image ID, u32 segment
// index, u8 segment_po2, u64 cycle (cycles before the segment), u32 pc, u64 input position (private
// input bytes consumed before it), u32 word count (<= 2^28), then per word u32 address (strictly
// increasing, below 2^28) and u32 value (nonzero). The checkpoint holds the private state of the run
// (registers, memory, where the input was): keep it as private as the input.
//
// Segment file: "ZKSG", u16 version (2), u16 flags (0), the image commitments (host/image_id.h), u32
// segment index, the statement (host/receipt.h wire form), u32 exit code (0 unless the statement
// halts), u32 journal length (= journal_end - journal_begin) and those journal bytes, u32 proof length
// (<= Receipt::kMaxProofBytes) and the serialized STARK proof.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "fri/config.h"
#include "host/image_id.h"
#include "host/receipt.h"
#include "vm/executor/tracing.h"
#include "vm/isa/program_image.h"
#include "vm/machine/machine.h"

namespace zkrv {

struct Checkpoint {
  static constexpr uint16_t kFormatVersion = 1;
  static constexpr uint32_t kMaxWords = uint32_t{1} << 28;
  static constexpr uint64_t kMaxFileBytes = 32 + 8 * uint64_t{kMaxWords} + 4096;

  Digest image_id;
  unsigned segment_po2 = kDefaultSegmentPo2;
  ResumePoint state;
  friend bool operator==(const Checkpoint& a, const Checkpoint& b) {
    return a.image_id == b.image_id && a.segment_po2 == b.segment_po2 && a.state.segment_index == b.state.segment_index &&
           a.state.cycle == b.state.cycle && a.state.pc == b.state.pc && a.state.input_position == b.state.input_position &&
           a.state.words == b.state.words;
  }
};

std::vector<uint8_t> serialize_checkpoint(const Checkpoint& c);
// Throws MalformedInput for anything that is not a well-formed checkpoint of this version.
Checkpoint deserialize_checkpoint(std::span<const uint8_t> bytes);

struct SegmentFile {
  static constexpr uint16_t kFormatVersion = 2;  // 2: image commitments of image ID v4
  static constexpr uint64_t kMaxFileBytes = uint64_t{Receipt::kMaxJournalBytes} + Receipt::kMaxProofBytes + 65536;

  ImageCommitments image;
  uint32_t index = 0;
  SegmentStatement statement;
  SegmentClaim claim;          // the journal bytes it wrote; the exit code if it halts
  std::vector<uint8_t> proof;  // serialize_stark_proof
  friend bool operator==(const SegmentFile&, const SegmentFile&) = default;
};

std::vector<uint8_t> serialize_segment_file(const SegmentFile& s);
// Throws MalformedInput for anything that is not a well-formed segment file of this version.
SegmentFile deserialize_segment_file(std::span<const uint8_t> bytes);

// Runs `program` on `input` (tracing mode, no proving) and passes the checkpoint of every segment's start
// to `sink`, in order. Returns the run's result. Throws as prove_receipt (GuestFault, CycleLimitReached,
// std::invalid_argument for a segment_po2 out of range).
ExecutionResult write_checkpoints(const ProgramImage& program, std::span<const uint8_t> input, unsigned segment_po2,
                                  uint64_t max_cycles, const std::function<void(const Checkpoint&)>& sink);

// Proves the segment that starts at `checkpoint` (its image ID must be the program's, else
// std::invalid_argument) under the named `config`, with the run's whole private `input`.
SegmentFile prove_checkpoint(const ProgramImage& program, const Checkpoint& checkpoint,
                             std::span<const uint8_t> input, const FriConfig& config, ProveReport* report = nullptr);

// The receipt of a run from its segments (any order; each index exactly once, from 0): the claim is the
// image of the segments, their journal bytes in order and the last one's exit code. Throws
// MalformedInput if the segments name different images or an index is missing or repeated, and
// ProofRejected unless the receipt verifies (verify_receipt against the segments' image ID).
Receipt assemble_receipt(std::vector<SegmentFile> segments);

}  // namespace zkrv
