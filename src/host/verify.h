// Verifying a receipt against the image ID the verifier trusts (docs/architecture.md section 1), and describing a
// receipt without verifying it (`zkrv inspect`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hash/digest.h"
#include "host/receipt.h"
#include "vm/machine/machine.h"
#include "stark/security.h"

namespace zkrv {

// Checks, in this order, and throws at the first failure (the message says which):
//   1. the claimed image ID is `expected_image_id`                                   (ProofRejected)
//   2. the receipt's opened image commitments hash to that ID                         (ProofRejected)
//   3. the segments' statements chain: at least one segment; segment 0 starts at the image's entry pc
//      and initial memory root; segment k + 1 starts at segment k's final pc and memory root; the
//      journal ranges run from 0 without gap or overlap to the claimed journal's length; the last
//      segment, and only it, halts                                                   (ProofRejected)
//   4. each proof decodes under a named configuration (fri_config_by_name), all the same; an unknown
//      name or undecodable bytes                                                      (MalformedInput)
//   5. each segment's proof shows its statement (verify_segment): the machine of the committed shape
//      (its preprocessed tables are the same for every program; the verifier commits them under the
//      configuration itself, vm/machine/machine_image.h preprocessed_root), ran from the segment's pre-state to its post-state,
//      writing its range of the claimed journal and, for the last one, exiting with the claimed code
//                                                                                     (ProofRejected)
// Only 1 needs anything from outside the receipt: everything else is bound to the trusted ID by 2.
// Returns the verified claim, whatever its exit code: a valid receipt of a failed run passes here, so
// callers that answer "did the program succeed" apply an ExitCodePolicy next (as `zkrv verify` and the
// public API's verify() do, requiring 0 by default).
ReceiptClaim verify_receipt(const Receipt& receipt, const Digest& expected_image_id);

// Which exit codes of a verified run a verifier accepts: `required` (nullopt: any). The callers' default
// is 0, success only: a guest that aborted (exit code 134), failed an assert or returned nonzero from
// main has a valid receipt of a failed run, which a verifier trusting "verified" alone must not take for
// a success (RISC Zero's verifier requires exit code 0 likewise unless told otherwise). Throws
// Error(exit_code_rejected) naming both codes unless the claim's exit code is accepted.
void require_exit_code(const ReceiptClaim& claim, std::optional<uint32_t> required);

// What `zkrv inspect` shows about a receipt's proof. Computed from the receipt alone, without verifying
// it: the numbers describe what the proof claims to be, not that it is valid.
struct ReceiptInspection {
  bool image_id_matches = false;  // image_id(receipt.image) == receipt.claim.image_id
  struct ChipHeight {
    std::string name;
    unsigned log_height = 0;
  };
  struct Segment {
    SegmentStatement statement;
    std::string config_name;
    size_t proof_bytes = 0;
    std::vector<ChipHeight> chips;  // machine_chips(shape) order, the proof's log heights
    StarkSecurity security;         // stark_security under the named configuration and these heights
  };
  std::vector<Segment> segments;
  // The weakest segment's (the first one's among equals): configuration, heights and security.
  std::string config_name;
  // Every segment's configuration is a zero-knowledge one (FriConfig::zero_knowledge): the proofs'
  // openings are masked; the tables' heights and LogUp sums are not (docs/zero-knowledge.md).
  bool zero_knowledge = false;
  std::vector<ChipHeight> chips;
  StarkSecurity security;
  size_t proof_bytes = 0;  // all segments' proofs
  // -log2 of the sum over segments of 2^-conjectured bits: a forged receipt needs a forged segment, so
  // the receipt's error is at most the sum of the segments' (union bound).
  double security_bits_conjectured_all_segments = 0;
  double security_bits_provable_all_segments = 0;
};

// Throws MalformedInput if the proof does not decode, names an unknown configuration, or lists a
// different number of chips than the machine of the receipt's shape has.
ReceiptInspection inspect_receipt(const Receipt& receipt);

}  // namespace zkrv
