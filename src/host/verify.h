// Verifying a receipt against the image ID the verifier trusts (docs/architecture.md section 1), and describing a
// receipt without verifying it (`zkrv inspect`).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "hash/digest.h"
#include "host/receipt.h"
#include "stark/security.h"

namespace zkrv {

// Checks, in this order, and throws at the first failure (the message says which):
//   1. the claimed image ID is `expected_image_id`                                   (ProofRejected)
//   2. the receipt's opened image commitments hash to that ID                         (ProofRejected)
//   3. exactly one segment proof                                                      (ProofRejected)
//   4. the proof decodes under a named configuration (fri_config_by_name); an unknown
//      name or undecodable bytes                                                      (MalformedInput)
//   5. the image commitments hold a root for the proof's configuration                (ProofRejected)
//   6. the machine of the committed shape, whose preprocessed tables have that root, ran from its
//      entry to an exit with the claimed exit code and journal (verify_segment)     (ProofRejected)
// Only 1 needs anything from outside the receipt: everything else is bound to the trusted ID by 2.
// Returns the verified claim.
ReceiptClaim verify_receipt(const Receipt& receipt, const Digest& expected_image_id);

// What `zkrv inspect` shows about a receipt's proof. Computed from the receipt alone, without verifying
// it: the numbers describe what the proof claims to be, not that it is valid.
struct ReceiptInspection {
  bool image_id_matches = false;  // image_id(receipt.image) == receipt.claim.image_id
  std::string config_name;
  size_t proof_bytes = 0;
  struct ChipHeight {
    std::string name;
    unsigned log_height = 0;
  };
  std::vector<ChipHeight> chips;  // machine_chips(shape) order, the proof's log heights
  StarkSecurity security;         // stark_security under the named configuration and these heights
};

// Throws MalformedInput if the proof does not decode, names an unknown configuration, or lists a
// different number of chips than the machine of the receipt's shape has.
ReceiptInspection inspect_receipt(const Receipt& receipt);

}  // namespace zkrv
