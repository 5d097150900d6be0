// Verifying a receipt (`zkrv verify`), and describing one without verifying it (`zkrv inspect`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "zkrv/export.h"
#include "zkrv/image_id.h"
#include "zkrv/receipt.h"

namespace zkrv::host {

struct VerifiedClaim {
  ImageId image_id;
  uint32_t exit_code = 0;
  std::vector<uint8_t> journal;
};

// Checks that the receipt proves that the program with `trusted_image_id` ran to exit with the
// receipt's exit code and journal. Returns that claim; throws Error(proof_rejected) if it does not,
// Error(malformed_input) if the proof cannot be decoded, Error(usage) if `trusted_image_id` is not an
// image ID at all (not a canonical digest: no program has it). The image ID is the one input a verifier
// must get from somewhere it trusts (e.g. Program::image_id() of the ELF it reviewed).
ZKRV_API VerifiedClaim verify(const Receipt& receipt, const ImageId& trusted_image_id);

// A description of a receipt's proof, computed from the receipt alone: NOT a verification.
struct ReceiptInfo {
  bool commitments_match_image_id = false;
  std::string config;
  size_t segments = 0;
  size_t proof_bytes = 0;  // all segments' proofs
  struct Chip {
    std::string name;
    unsigned log_height = 0;
  };
  std::vector<Chip> chips;  // of the weakest segment
  // The receipt's figures: a forged receipt needs one forged segment, so its error is at most the sum
  // of the segments' (union bound), as `zkrv inspect` and `zkrv prove --stats` report them.
  double conjectured_security_bits = 0;
  double provable_security_bits = 0;
  std::string security_report;  // every term of the weakest segment with its formula, as `zkrv inspect` prints it
};

// Throws Error(malformed_input) if the proof does not decode.
ZKRV_API ReceiptInfo inspect(const Receipt& receipt);

}  // namespace zkrv::host
