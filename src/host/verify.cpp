#include "host/verify.h"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "base/error.h"
#include "fri/config.h"
#include "host/image_id.h"
#include "stark/proof.h"
#include "vm/machine/machine.h"

namespace zkrv {
namespace {

// A segment's proof, decoded under the registry's configuration of the name it carries; the prover
// never chooses the parameters (fri/config.h).
StarkProof decode_segment_proof(const Receipt& receipt, size_t index) {
  try {
    return deserialize_stark_proof(receipt.segments[index].proof,
                                   [](std::string_view name) -> const FriConfig& { return fri_config_by_name(name); });
  } catch (const MalformedInput& e) {
    throw MalformedInput(fmt::format("receipt segment {} proof: {}", index, e.what()));
  }
}

// The public interactions a segment's statement adds to the buses (vm/machine/README.md, "The
// statement"): the Merkle root tuple, one journal-bus receive per journal byte and, when it halts, one
// halt-bus receive. Security only counts them (the LogUp term's M), so placeholders of the right
// number stand in for the real tuples.
std::vector<PublicInteraction> public_interaction_placeholders(const SegmentStatement& s) {
  return std::vector<PublicInteraction>(size_t{1} + (s.journal_end - s.journal_begin) + (s.halted ? 1 : 0));
}

}  // namespace

ReceiptClaim verify_receipt(const Receipt& receipt, const Digest& expected_image_id) {
  if (receipt.claim.image_id != expected_image_id)
    throw ProofRejected(fmt::format("the receipt is for image {}, not the expected image {}",
                                    receipt.claim.image_id.to_hex(), expected_image_id.to_hex()));
  if (image_id(receipt.image) != expected_image_id)
    throw ProofRejected("the receipt's image commitments do not hash to its image ID");
  const auto& segments = receipt.segments;
  if (segments.empty()) throw ProofRejected("the receipt has no segment");
  const std::vector<uint8_t>& journal = receipt.claim.journal;

  // The chain of statements, before any proof is checked: segment 0 starts at the image's initial state
  // (entry pc, initial memory root), each segment starts where the previous one ended, the journal
  // ranges follow each other from 0 to the journal's length, and exactly the last segment halts.
  for (size_t k = 0; k < segments.size(); ++k) {
    const SegmentStatement& s = segments[k].statement;
    const uint32_t expected_pc = k == 0 ? receipt.image.shape.entry : segments[k - 1].statement.post_pc;
    const Digest& expected_root = k == 0 ? receipt.image.initial_memory_root : segments[k - 1].statement.post_root;
    const uint32_t expected_journal = k == 0 ? 0 : segments[k - 1].statement.journal_end;
    if (s.pre_pc != expected_pc || s.pre_root != expected_root)
      throw ProofRejected(k == 0 ? std::string("segment 0 does not start at the image's initial state")
                                 : fmt::format("segment {} does not start where segment {} ended", k, k - 1));
    if (s.journal_begin != expected_journal || s.journal_end < s.journal_begin || s.journal_end > journal.size())
      throw ProofRejected(fmt::format("segment {}'s journal range [{}, {}) does not continue the journal", k,
                                      s.journal_begin, s.journal_end));
    const bool last = k + 1 == segments.size();
    if (s.halted != last)
      throw ProofRejected(last ? fmt::format("the last segment ({}) does not end with the exit", k)
                               : fmt::format("segment {} ends with the exit but is not the last", k));
  }
  if (segments.back().statement.journal_end != journal.size())
    throw ProofRejected("the segments wrote fewer journal bytes than the receipt claims");

  std::string config_name;
  for (size_t k = 0; k < segments.size(); ++k) {
    const StarkProof proof = decode_segment_proof(receipt, k);
    if (k == 0) config_name = proof.config_name;
    if (proof.config_name != config_name)
      throw ProofRejected(fmt::format("segment {} uses configuration '{}', segment 0 '{}'", k, proof.config_name,
                                      config_name));
    const Digest root = preprocessed_root(fri_config_by_name(proof.config_name));  // the decoder checked the name
    const SegmentStatement& s = segments[k].statement;
    const SegmentClaim claim{s.halted ? receipt.claim.exit_code : 0u,
                             std::vector<uint8_t>(journal.begin() + s.journal_begin, journal.begin() + s.journal_end)};
    try {
      verify_segment(receipt.image.shape, root, s, claim, proof);
    } catch (const ProofRejected& e) {
      throw ProofRejected(fmt::format("segment {}: {}", k, e.what()));
    }
  }
  return receipt.claim;
}

void require_exit_code(const ReceiptClaim& claim, std::optional<uint32_t> required) {
  if (!required || claim.exit_code == *required) return;
  const auto code = static_cast<int32_t>(claim.exit_code);
  throw Error(ErrorCategory::exit_code_rejected,
              fmt::format("the receipt is valid, but the run exited with code {}{}, not the required {}{}", code,
                          code < 0 || code > 255 ? fmt::format(" (0x{:08x})", claim.exit_code) : std::string(),
                          static_cast<int32_t>(*required), *required == 0 ? " (success)" : ""));
}

ReceiptInspection inspect_receipt(const Receipt& receipt) {
  ReceiptInspection out;
  out.image_id_matches = image_id(receipt.image) == receipt.claim.image_id;
  const std::vector<Chip> chips = machine_chips(receipt.image.shape);
  double error = 0, provable_error = 0;  // union bound over the segments: a forged receipt needs one forged segment proof
  for (size_t k = 0; k < receipt.segments.size(); ++k) {
    const StarkProof proof = decode_segment_proof(receipt, k);
    if (proof.log_heights.size() != chips.size())
      throw MalformedInput(fmt::format("receipt segment {} proof lists {} chips; the machine has {}", k,
                                       proof.log_heights.size(), chips.size()));
    ReceiptInspection::Segment seg;
    seg.statement = receipt.segments[k].statement;
    // The security terms count the statement's public interactions, one per journal byte: a range
    // beyond the claimed journal is no statement this receipt can hold (and would be counted, not read).
    if (seg.statement.journal_end > receipt.claim.journal.size())
      throw MalformedInput(fmt::format("receipt segment {}: journal range [{}, {}) lies beyond the {}-byte journal", k,
                                       seg.statement.journal_begin, seg.statement.journal_end,
                                       receipt.claim.journal.size()));
    seg.config_name = proof.config_name;
    seg.proof_bytes = receipt.segments[k].proof.size();
    std::vector<unsigned> log_heights(proof.log_heights.begin(), proof.log_heights.end());
    for (size_t c = 0; c < chips.size(); ++c) seg.chips.push_back({chips[c].name(), log_heights[c]});
    const auto interactions = public_interaction_placeholders(seg.statement);
    const FriConfig& config = fri_config_by_name(proof.config_name);
    seg.security = stark_security(config, chips, log_heights, interactions);
    out.zero_knowledge = (k == 0 || out.zero_knowledge) && config.zero_knowledge();
    error += std::exp2(-seg.security.conjectured.total_bits());
    provable_error += std::exp2(-seg.security.provable.total_bits());
    out.proof_bytes += seg.proof_bytes;
    if (k == 0 || seg.security.conjectured.total_bits() < out.security.conjectured.total_bits()) {
      out.security = seg.security;
      out.config_name = seg.config_name;
      out.chips = seg.chips;
    }
    out.segments.push_back(std::move(seg));
  }
  out.security_bits_conjectured_all_segments = -std::log2(error);
  out.security_bits_provable_all_segments = -std::log2(provable_error);
  return out;
}

}  // namespace zkrv
