#include "host/checkpoint.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "base/byte_io.h"
#include "base/error.h"
#include "host/verify.h"
#include "stark/proof.h"

namespace zkrv {
namespace {

constexpr uint8_t kCheckpointMagic[4] = {'Z', 'K', 'C', 'K'};
constexpr uint8_t kSegmentMagic[4] = {'Z', 'K', 'S', 'G'};
constexpr uint32_t kWordLimit = uint32_t{1} << 28;

void read_header(ByteReader& in, const uint8_t (&magic)[4], uint16_t version, std::string_view what) {
  const auto m = in.bytes(4, "magic");
  if (!std::equal(m.begin(), m.end(), magic)) throw MalformedInput(fmt::format("not a zkrv {} (bad magic)", what));
  const uint16_t v = in.u16("format version");
  if (v != version)
    throw MalformedInput(fmt::format("{} format version {} is not supported (expected {})", what, v, version));
  if (in.u16("flags") != 0) throw MalformedInput(fmt::format("{}: unknown flags", what));
}

}  // namespace

std::vector<uint8_t> serialize_checkpoint(const Checkpoint& c) {
  ByteWriter w;
  w.bytes(kCheckpointMagic);
  w.u16(Checkpoint::kFormatVersion);
  w.u16(0);
  c.image_id.write(w);
  w.u32(c.state.segment_index);
  w.u8(static_cast<uint8_t>(c.segment_po2));
  w.u64(c.state.cycle);
  w.u32(c.state.pc);
  w.u64(c.state.input_position);
  w.u32(static_cast<uint32_t>(c.state.words.size()));
  for (const auto& [addr, value] : c.state.words) {
    w.u32(addr);
    w.u32(value);
  }
  return w.take();
}

Checkpoint deserialize_checkpoint(std::span<const uint8_t> bytes) {
  ByteReader in(bytes);
  read_header(in, kCheckpointMagic, Checkpoint::kFormatVersion, "checkpoint");
  Checkpoint c;
  c.image_id = Digest::read(in);
  c.state.segment_index = in.u32("segment index");
  c.segment_po2 = in.u8("segment_po2");
  if (c.segment_po2 < kMinSegmentPo2 || c.segment_po2 > kMaxSegmentPo2)
    throw MalformedInput(fmt::format("checkpoint: segment size 2^{} out of range", c.segment_po2));
  c.state.cycle = in.u64("cycle");
  c.state.pc = in.u32("pc");
  c.state.input_position = in.u64("input position");
  const uint32_t count = in.length("word count", Checkpoint::kMaxWords, 8);
  c.state.words.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t addr = in.u32("word address"), value = in.u32("word value");
    if (addr >= kWordLimit) throw MalformedInput("checkpoint: word address not below 2^28");
    if (i > 0 && addr <= c.state.words.back().first)
      throw MalformedInput("checkpoint: word addresses do not strictly increase");
    if (value == 0) throw MalformedInput("checkpoint: a zero word is listed");
    c.state.words.emplace_back(addr, value);
  }
  in.expect_end("checkpoint");
  return c;
}

std::vector<uint8_t> serialize_segment_file(const SegmentFile& s) {
  if (s.claim.journal.size() != size_t{s.statement.journal_end} - s.statement.journal_begin)
    throw std::invalid_argument("segment file: journal bytes do not match the statement");
  ByteWriter w;
  w.bytes(kSegmentMagic);
  w.u16(SegmentFile::kFormatVersion);
  w.u16(0);
  s.image.write(w);
  w.u32(s.index);
  write_segment_statement(w, s.statement);
  w.u32(s.claim.exit_code);
  w.u32(static_cast<uint32_t>(s.claim.journal.size()));
  w.bytes(s.claim.journal);
  w.u32(static_cast<uint32_t>(s.proof.size()));
  w.bytes(s.proof);
  return w.take();
}

SegmentFile deserialize_segment_file(std::span<const uint8_t> bytes) {
  ByteReader in(bytes);
  read_header(in, kSegmentMagic, SegmentFile::kFormatVersion, "segment file");
  SegmentFile s;
  s.image = ImageCommitments::read(in);
  s.index = in.u32("segment index");
  s.statement = read_segment_statement(in);
  s.claim.exit_code = in.u32("exit code");
  if (!s.statement.halted && s.claim.exit_code != 0) throw MalformedInput("segment file: exit code without exit");
  const uint32_t len = in.length("journal length", Receipt::kMaxJournalBytes, 1);
  if (len != s.statement.journal_end - s.statement.journal_begin)
    throw MalformedInput("segment file: journal length differs from the statement's range");
  const auto journal = in.bytes(len, "journal");
  s.claim.journal.assign(journal.begin(), journal.end());
  const uint32_t proof_len = in.length("proof length", Receipt::kMaxProofBytes, 1);
  const auto proof = in.bytes(proof_len, "proof");
  s.proof.assign(proof.begin(), proof.end());
  in.expect_end("segment file");
  return s;
}

ExecutionResult write_checkpoints(const ProgramImage& program, std::span<const uint8_t> input, unsigned segment_po2,
                                  uint64_t max_cycles, const std::function<void(const Checkpoint&)>& sink) {
  const MachineImage image{program};
  const Digest id = image_id_of(program);
  return run_checkpoints(image, input, segment_po2, max_cycles, [&](const ResumePoint& p) {
    sink(Checkpoint{id, segment_po2, p});
  });
}

SegmentFile prove_checkpoint(const ProgramImage& program, const Checkpoint& checkpoint, std::span<const uint8_t> input,
                             const FriConfig& config, ProveReport* report) {
  const MachineImage image{program};
  SegmentFile out;
  out.image = commit_image(image);
  if (image_id(out.image) != checkpoint.image_id)
    throw std::invalid_argument("the checkpoint belongs to another program (its image ID differs)");
  SegmentProof proof = prove_segment_at(image, checkpoint.state, input, config, checkpoint.segment_po2);
  out.index = checkpoint.state.segment_index;
  out.statement = proof.statement;
  out.claim = std::move(proof.claim);
  out.proof = serialize_stark_proof(proof.proof, config);
  if (report) *report = std::move(proof.report);
  return out;
}

Receipt assemble_receipt(std::vector<SegmentFile> segments) {
  if (segments.empty()) throw MalformedInput("no segment to assemble");
  std::sort(segments.begin(), segments.end(), [](const SegmentFile& a, const SegmentFile& b) { return a.index < b.index; });
  Receipt r;
  r.image = segments.front().image;
  r.claim.image_id = image_id(r.image);
  for (size_t k = 0; k < segments.size(); ++k) {
    SegmentFile& s = segments[k];
    if (s.index != k)
      throw MalformedInput(k < s.index ? fmt::format("segment {} is missing", k)
                                       : fmt::format("segment {} is given twice", s.index));
    if (s.image != r.image) throw MalformedInput(fmt::format("segment {} belongs to another image", k));
    r.claim.journal.insert(r.claim.journal.end(), s.claim.journal.begin(), s.claim.journal.end());
    if (r.claim.journal.size() > Receipt::kMaxJournalBytes) throw MalformedInput("the journal is too long");
    if (k + 1 == segments.size()) r.claim.exit_code = s.claim.exit_code;
    r.segments.push_back({s.statement, std::move(s.proof)});
  }
  verify_receipt(r, r.claim.image_id);
  return r;
}

}  // namespace zkrv
