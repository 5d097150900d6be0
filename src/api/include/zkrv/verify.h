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

// Which exit codes of the proved run verify() accepts. By default only 0 (success): a guest that
// aborted, failed an assert or returned nonzero from main still has a valid receipt, of a failed run.
struct ExitCodePolicy {
  bool any = false;       // accept every exit code
  uint32_t required = 0;  // else exactly this one (all 32 bits of a0 at exit)
  static ExitCodePolicy success() noexcept { return {false, 0}; }
  static ExitCodePolicy exactly(uint32_t code) noexcept { return {false, code}; }
  static ExitCodePolicy any_code() noexcept { return {true, 0}; }
};

// Checks that the receipt proves that the program with `trusted_image_id` ran to exit with the
// receipt's exit code and journal, and that `accept` accepts that exit code. Returns the claim; throws
// Error(proof_rejected) if the receipt does not prove it, Error(exit_code_rejected) if it does but the
// exit code is not accepted (the message names both codes), Error(malformed_input) if the proof cannot be
// decoded, Error(usage) if `trusted_image_id` is not an image ID at all (not a canonical digest: no
// program has it). The image ID is the one input a verifier must get from somewhere it trusts (e.g.
// Program::image_id() of the ELF it reviewed).
ZKRV_API VerifiedClaim verify(const Receipt& receipt, const ImageId& trusted_image_id,
                              const ExitCodePolicy& accept = ExitCodePolicy::success());

// A description of a receipt's proof, computed from the receipt alone: NOT a verification.
struct ReceiptInfo {
  bool commitments_match_image_id = false;
  std::string config;
  // A zero-knowledge configuration: the openings are masked; the tables' heights and LogUp sums are
  // not (docs/zero-knowledge.md).
  bool zero_knowledge = false;
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
