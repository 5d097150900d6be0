// A receipt: the claim (image ID, the guest's exit code, the journal) and the proof of it (docs/architecture.md
// section 1). The file format is versioned and read with a bounded reader: every length is checked
// against a limit before anything is allocated, and anything malformed is a MalformedInput (zkrv exit
// code 3) that names what was wrong, never a crash.
//
// Format, little-endian:
//   "ZKRV" magic, u16 format version (1), u16 flags (0)
//   claim:  32-byte image ID, u32 exit code, u32 journal length (<= kMaxJournalBytes), journal bytes
//   image:  the opened image commitments (host/image_id.h); the verifier checks image_id(image) equals
//           the claimed ID before trusting anything in it
//   proof:  u32 segment count (1 until continuations exist), per segment u32 length (<= kMaxProofBytes)
//           and the serialized STARK proof (stark/proof.h; it names its proof configuration)
//   nothing after that.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hash/digest.h"
#include "host/image_id.h"

namespace zkrv {

struct ReceiptClaim {
  Digest image_id;
  uint32_t exit_code = 0;  // all 32 bits of a0 at exit
  std::vector<uint8_t> journal;
  friend bool operator==(const ReceiptClaim&, const ReceiptClaim&) = default;
};

struct Receipt {
  static constexpr uint16_t kFormatVersion = 1;
  static constexpr uint32_t kMaxJournalBytes = uint32_t{1} << 24;
  static constexpr uint32_t kMaxProofBytes = uint32_t{1} << 28;
  static constexpr uint32_t kMaxSegments = 1;  // continuations will raise it
  // A receipt file is at most its journal, its proofs and a small header.
  static constexpr uint64_t kMaxFileBytes =
      uint64_t{kMaxJournalBytes} + uint64_t{kMaxSegments} * kMaxProofBytes + (uint64_t{1} << 16);

  ReceiptClaim claim;
  ImageCommitments image;
  std::vector<std::vector<uint8_t>> segment_proofs;
  friend bool operator==(const Receipt&, const Receipt&) = default;
};

std::vector<uint8_t> serialize_receipt(const Receipt& receipt);
// Throws MalformedInput for anything that is not a well-formed receipt of this format version.
Receipt deserialize_receipt(std::span<const uint8_t> bytes);

// deserialize_receipt of a file ("-": standard input) of at most Receipt::kMaxFileBytes.
Receipt read_receipt_file(const std::string& path);

}  // namespace zkrv
