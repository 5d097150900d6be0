#include "host/receipt.h"

#include <string>

#include "base/byte_io.h"
#include "base/error.h"
#include "host/host_io.h"
#include "stark/machine_checks.h"

namespace zkrv {

// A segment's statement puts one public interaction on the journal bus per journal byte it wrote, one
// on the Merkle bus and one on the halt bus: a journal of the largest size the format allows must still
// fit what the STARK accepts in one segment.
static_assert(Receipt::kMaxJournalBytes + size_t{2} <= kMaxPublicInteractions,
              "a journal of kMaxJournalBytes needs kMaxJournalBytes + 2 public interactions");
namespace {
constexpr uint8_t kMagic[4] = {'Z', 'K', 'R', 'V'};
}

void write_segment_statement(ByteWriter& out, const SegmentStatement& s) {
  out.u32(s.pre_pc);
  s.pre_root.write(out);
  out.u32(s.post_pc);
  s.post_root.write(out);
  out.u32(s.journal_begin);
  out.u32(s.journal_end);
  out.u8(s.halted ? 1 : 0);
}

SegmentStatement read_segment_statement(ByteReader& in) {
  SegmentStatement s;
  s.pre_pc = in.u32("segment pre-state pc");
  s.pre_root = Digest::read(in);
  s.post_pc = in.u32("segment post-state pc");
  s.post_root = Digest::read(in);
  s.journal_begin = in.u32("segment journal begin");
  s.journal_end = in.u32("segment journal end");
  if (s.journal_end < s.journal_begin) throw MalformedInput("segment: journal range ends before it begins");
  const uint8_t halted = in.u8("segment halted flag");
  if (halted > 1) throw MalformedInput("segment: halted flag is not 0 or 1");
  s.halted = halted == 1;
  return s;
}

std::vector<uint8_t> serialize_receipt(const Receipt& r) {
  if (r.claim.journal.size() > Receipt::kMaxJournalBytes) throw std::invalid_argument("receipt: journal too long");
  if (r.segments.empty() || r.segments.size() > Receipt::kMaxSegments)
    throw std::invalid_argument("receipt: bad number of segments");
  ByteWriter w;
  w.bytes(kMagic);
  w.u16(Receipt::kFormatVersion);
  w.u16(0);
  r.claim.image_id.write(w);
  w.u32(r.claim.exit_code);
  w.u32(static_cast<uint32_t>(r.claim.journal.size()));
  w.bytes(r.claim.journal);
  r.image.write(w);
  w.u32(static_cast<uint32_t>(r.segments.size()));
  for (const SegmentReceipt& seg : r.segments) {
    if (seg.proof.size() > Receipt::kMaxProofBytes) throw std::invalid_argument("receipt: proof too long");
    write_segment_statement(w, seg.statement);
    w.u32(static_cast<uint32_t>(seg.proof.size()));
    w.bytes(seg.proof);
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
  // Each segment takes at least its statement (81 bytes) and a proof length: the reader's bound on the
  // count against the bytes left keeps a hostile count from allocating anything.
  const uint32_t segments = in.length("segment count", Receipt::kMaxSegments, 85);
  if (segments == 0) throw MalformedInput("receipt: no segment");
  for (uint32_t s = 0; s < segments; ++s) {
    SegmentReceipt seg;
    seg.statement = read_segment_statement(in);
    const uint32_t len = in.length("proof length", Receipt::kMaxProofBytes, 1);
    const auto proof = in.bytes(len, "proof");
    seg.proof.assign(proof.begin(), proof.end());
    r.segments.push_back(std::move(seg));
  }
  in.expect_end("receipt");
  return r;
}

Receipt read_receipt_file(const std::string& path) {
  return deserialize_receipt(read_input_file(path, Receipt::kMaxFileBytes));
}

}  // namespace zkrv
