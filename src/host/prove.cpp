#include "host/prove.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "host/image_id.h"
#include "stark/proof.h"

namespace zkrv {
namespace {

// A verifier looks the configuration up by name (fri_config_by_name) and never reads its parameters
// from the proof, so a proof under an unnamed or altered configuration could never verify: refuse it
// before spending the proving time.
void require_named(const FriConfig& config) {
  for (const FriConfig& named : named_fri_configs()) {
    if (named.name != config.name) continue;
    if (named == config) return;
    throw std::invalid_argument("prove_receipt: configuration '" + config.name + "' differs from the named one");
  }
  throw std::invalid_argument("prove_receipt: '" + config.name + "' is not a named proof configuration");
}

}  // namespace

Receipt prove_receipt(const ProgramImage& program, std::span<const uint8_t> input, const FriConfig& config,
                      const ProveOptions& options, ProveReport* report) {
  require_named(config);
  const MachineImage image{program};
  const ProveProgress& progress = options.progress;
  // Prove first: a faulting or over-long run fails before the image commitments are spent on it.
  ProveOptions limited = options;
  limited.max_segments = std::min<uint64_t>(options.max_segments, Receipt::kMaxSegments);
  limited.max_journal_bytes = std::min<uint64_t>(options.max_journal_bytes, Receipt::kMaxJournalBytes);
  RunProof run = prove_run(image, input, config, limited);

  if (progress) progress("image", false);
  Receipt receipt;
  receipt.image = commit_image(image);
  if (progress) progress("image", true);

  receipt.claim.image_id = image_id(receipt.image);
  receipt.claim.exit_code = run.exit_code;
  receipt.claim.journal = std::move(run.journal);
  for (const SegmentProof& s : run.segments)
    receipt.segments.push_back({s.statement, serialize_stark_proof(s.proof, config)});
  if (report) *report = std::move(run.report);
  return receipt;
}

}  // namespace zkrv
