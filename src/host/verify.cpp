#include "host/verify.h"

#include <string>

#include <fmt/format.h>

#include "base/error.h"
#include "fri/config.h"
#include "host/image_id.h"
#include "stark/proof.h"
#include "vm/machine/machine.h"

namespace zkrv {
namespace {

// The one segment's proof, decoded under the registry's configuration of the name it carries; the
// prover never chooses the parameters (fri/config.h).
StarkProof decode_segment_proof(const Receipt& receipt) {
  if (receipt.segment_proofs.size() != 1)
    throw ProofRejected(fmt::format("receipt has {} segment proofs; exactly one is supported",
                                    receipt.segment_proofs.size()));
  try {
    return deserialize_stark_proof(receipt.segment_proofs[0],
                                   [](std::string_view name) -> const FriConfig& { return fri_config_by_name(name); });
  } catch (const MalformedInput& e) {
    throw MalformedInput(fmt::format("receipt segment proof: {}", e.what()));
  }
}

// The public interactions the machine adds to its buses for a claim (vm/machine/README.md, "The
// statement"): one journal-bus receive per journal byte and one halt-bus receive. Security only counts
// them (the LogUp term's M), so placeholders of the right number stand in for the real tuples, which
// machine.h does not expose.
std::vector<PublicInteraction> public_interaction_placeholders(const ReceiptClaim& claim) {
  return std::vector<PublicInteraction>(claim.journal.size() + 1);
}

}  // namespace

ReceiptClaim verify_receipt(const Receipt& receipt, const Digest& expected_image_id) {
  if (receipt.claim.image_id != expected_image_id)
    throw ProofRejected(fmt::format("the receipt is for image {}, not the expected image {}",
                                    receipt.claim.image_id.to_hex(), expected_image_id.to_hex()));
  if (image_id(receipt.image) != expected_image_id)
    throw ProofRejected("the receipt's image commitments do not hash to its image ID");
  const StarkProof proof = decode_segment_proof(receipt);
  const Digest* root = receipt.image.root_for(proof.config_name);
  if (root == nullptr)
    throw ProofRejected(fmt::format("the image commitments hold no root for the proof's configuration '{}'",
                                    proof.config_name));
  verify_segment(receipt.image.shape, *root, SegmentClaim{receipt.claim.exit_code, receipt.claim.journal}, proof);
  return receipt.claim;
}

ReceiptInspection inspect_receipt(const Receipt& receipt) {
  ReceiptInspection out;
  out.image_id_matches = image_id(receipt.image) == receipt.claim.image_id;
  const StarkProof proof = decode_segment_proof(receipt);
  out.config_name = proof.config_name;
  out.proof_bytes = receipt.segment_proofs[0].size();
  const std::vector<Chip> chips = machine_chips(receipt.image.shape);
  if (proof.log_heights.size() != chips.size())
    throw MalformedInput(fmt::format("receipt segment proof lists {} chips; the machine has {}",
                                     proof.log_heights.size(), chips.size()));
  std::vector<unsigned> log_heights(proof.log_heights.begin(), proof.log_heights.end());
  for (size_t c = 0; c < chips.size(); ++c) out.chips.push_back({chips[c].name(), log_heights[c]});
  const auto interactions = public_interaction_placeholders(receipt.claim);
  out.security = stark_security(fri_config_by_name(proof.config_name), chips, log_heights, interactions);
  return out;
}

}  // namespace zkrv
