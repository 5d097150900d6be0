#include "host/receipt.h"

#include <string>

#include "base/byte_io.h"
#include "base/error.h"
#include "host/host_io.h"
#include "stark/machine_checks.h"

namespace zkrv {

// The statement puts one public interaction on the journal bus per journal byte and one on the halt bus:
// a journal of the largest size the format allows must still fit what the STARK accepts.
static_assert(Receipt::kMaxJournalBytes + size_t{1} <= kMaxPublicInteractions,
              "a journal of kMaxJournalBytes needs kMaxJournalBytes + 1 public interactions");
namespace {
constexpr uint8_t kMagic[4] = {'Z', 'K', 'R', 'V'};
}

std::vector<uint8_t> serialize_receipt(const Receipt& r) {
  if (r.claim.journal.size() > Receipt::kMaxJournalBytes) throw std::invalid_argument("receipt: journal too long");
  if (r.segment_proofs.empty() || r.segment_proofs.size() > Receipt::kMaxSegments)
    throw std::invalid_argument("receipt: bad number of segment proofs");
  ByteWriter w;
  w.bytes(kMagic);
  w.u16(Receipt::kFormatVersion);
  w.u16(0);
  r.claim.image_id.write(w);
  w.u32(r.claim.exit_code);
  w.u32(static_cast<uint32_t>(r.claim.journal.size()));
  w.bytes(r.claim.journal);
  r.image.write(w);
  w.u32(static_cast<uint32_t>(r.segment_proofs.size()));
  for (const auto& proof : r.segment_proofs) {
    if (proof.size() > Receipt::kMaxProofBytes) throw std::invalid_argument("receipt: proof too long");
    w.u32(static_cast<uint32_t>(proof.size()));
    w.bytes(proof);
  }
  return w.take();
}

Receipt deserialize_receipt(std::span<const uint8_t> bytes) {
  ByteReader in(bytes);
  const auto magic = in.bytes(4, "receipt magic");
  if (!std::equal(magic.begin(), magic.end(), kMagic)) throw MalformedInput("not a zkrv receipt (bad magic)");
  const uint16_t version = in.u16("receipt format version");
  if (version != Receipt::kFormatVersion)
    throw MalformedInput("receipt format version " + std::to_string(version) + " is not supported (expected " +
                         std::to_string(Receipt::kFormatVersion) + ")");
  if (in.u16("receipt flags") != 0) throw MalformedInput("receipt: unknown flags");
  Receipt r;
  r.claim.image_id = Digest::read(in);
  r.claim.exit_code = in.u32("exit code");
  const uint32_t journal_len = in.length("journal length", Receipt::kMaxJournalBytes, 1);
  const auto journal = in.bytes(journal_len, "journal");
  r.claim.journal.assign(journal.begin(), journal.end());
  r.image = ImageCommitments::read(in);
  const uint32_t segments = in.length("segment count", Receipt::kMaxSegments, 1);
  if (segments == 0) throw MalformedInput("receipt: no segment proof");
  for (uint32_t s = 0; s < segments; ++s) {
    const uint32_t len = in.length("proof length", Receipt::kMaxProofBytes, 1);
    const auto proof = in.bytes(len, "proof");
    r.segment_proofs.emplace_back(proof.begin(), proof.end());
  }
  in.expect_end("receipt");
  return r;
}

Receipt read_receipt_file(const std::string& path) {
  return deserialize_receipt(read_input_file(path, Receipt::kMaxFileBytes));
}

}  // namespace zkrv
