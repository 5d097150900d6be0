#include "zkrv/verify.h"

#include <cstdint>
#include <optional>

#include "api_impl.h"
#include "fri/security.h"
#include "host/verify.h"

namespace zkrv::host {

VerifiedClaim verify(const Receipt& receipt, const ImageId& trusted_image_id, const ExitCodePolicy& accept) {
  const Digest trusted = to_digest(trusted_image_id);
  return translate_errors([&] {
    ReceiptClaim claim = verify_receipt(receipt.impl().receipt, trusted);
    require_exit_code(claim, accept.any ? std::nullopt : std::optional<uint32_t>(accept.required));
    return VerifiedClaim{to_public(claim.image_id), claim.exit_code, std::move(claim.journal)};
  });
}

ReceiptInfo inspect(const Receipt& receipt) {
  return translate_errors([&] {
    const ReceiptInspection inspection = inspect_receipt(receipt.impl().receipt);
    ReceiptInfo info;
    info.commitments_match_image_id = inspection.image_id_matches;
    info.config = inspection.config_name;
    info.zero_knowledge = inspection.zero_knowledge;
    info.segments = inspection.segments.size();
    info.proof_bytes = inspection.proof_bytes;
    for (const auto& chip : inspection.chips) info.chips.push_back({chip.name, chip.log_height});
    info.conjectured_security_bits = inspection.security_bits_conjectured_all_segments;
    info.provable_security_bits = inspection.security_bits_provable_all_segments;
    info.security_report =
        format_security(inspection.security.conjectured) + "\n" + format_security(inspection.security.provable);
    return info;
  });
}

}  // namespace zkrv::host
