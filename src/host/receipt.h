// A receipt: the claim (image ID, the guest's exit code, the journal) and the proof of it, one STARK
// proof per segment of the run (docs/architecture.md section 1; docs/formats.md). The file format is
// versioned and read with a bounded reader: every length is checked against a limit before anything is
// allocated, and anything malformed is a MalformedInput (zkrv exit code 3) that names what was wrong,
// never a crash.
//
// Format, little-endian:
//   "ZKRV" magic, u16 format version (3), u16 flags (0)
//   claim:  32-byte image ID, u32 exit code, u32 journal length (<= kMaxJournalBytes), journal bytes
//   image:  the opened image commitments (host/image_id.h: shape and initial memory root, 48 bytes); the
//           verifier checks image_id(image) equals the claimed ID before trusting anything in it
//   segments: u32 count (1..kMaxSegments), then per segment, in run order, its statement
//           (vm/machine/machine.h SegmentStatement: u32 pre_pc, 32-byte pre_root, u32 post_pc,
//           32-byte post_root, u32 journal_begin, u32 journal_end, u8 halted in {0, 1}), u32 proof
//           length (<= kMaxProofBytes) and the serialized STARK proof (stark/proof.h; it names its
//           proof configuration)
//   nothing after that.
// Versions 1 (one segment, no statements) and 2 (image commitments with a program table root per
// configuration) are no longer read: their image ID schemes are gone too.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hash/digest.h"
#include "base/byte_io.h"
#include "host/image_id.h"
#include "vm/machine/machine.h"

namespace zkrv {

struct ReceiptClaim {
  Digest image_id;
  uint32_t exit_code = 0;  // all 32 bits of a0 at exit
  std::vector<uint8_t> journal;
  friend bool operator==(const ReceiptClaim&, const ReceiptClaim&) = default;
};

// One segment of a receipt: what its proof states and the proof.
struct SegmentReceipt {
  SegmentStatement statement;
  std::vector<uint8_t> proof;  // serialize_stark_proof
  friend bool operator==(const SegmentReceipt&, const SegmentReceipt&) = default;
};

struct Receipt {
  static constexpr uint16_t kFormatVersion = 3;
  static constexpr uint32_t kMaxJournalBytes = uint32_t{1} << 24;
  static constexpr uint32_t kMaxProofBytes = uint32_t{1} << 28;
  static constexpr uint32_t kMaxSegments = uint32_t{1} << 16;
  // A receipt file is read whole: its journal, kMaxSegments proofs of up to ~1 MiB (a 2^20-cycle
  // segment's proof is ~1.1 MB) and their statements.
  static constexpr uint64_t kMaxFileBytes = uint64_t{1} << 37;

  ReceiptClaim claim;
  ImageCommitments image;
  std::vector<SegmentReceipt> segments;
  friend bool operator==(const Receipt&, const Receipt&) = default;
};

// A segment statement's wire form (inside a receipt or a segment proof file). read() throws MalformedInput.
void write_segment_statement(ByteWriter& out, const SegmentStatement& s);
SegmentStatement read_segment_statement(ByteReader& in);

std::vector<uint8_t> serialize_receipt(const Receipt& receipt);
// Throws MalformedInput for anything that is not a well-formed receipt of this format version.
Receipt deserialize_receipt(std::span<const uint8_t> bytes);

// deserialize_receipt of a file ("-": standard input) of at most Receipt::kMaxFileBytes.
Receipt read_receipt_file(const std::string& path);

}  // namespace zkrv
