#include "fri/proof.h"

#include <string>

namespace zkrv {
namespace {

constexpr uint8_t kMagic[4] = {'Z', 'K', 'F', 'R'};
constexpr uint32_t kMaxRounds = Fp::TWO_ADICITY;  // every round folds at least one bit of a <= 2^27 domain
constexpr uint32_t kMaxPath = Fp::TWO_ADICITY;
constexpr uint32_t kMaxInputBatches = 64;
constexpr size_t kExtBytes = 4 * Ext::DEGREE;

}  // namespace

void write_fri_proof(ByteWriter& out, const FriProof& p, const FriConfig& config) {
  out.bytes(kMagic);
  out.u16(kFriProofVersion);
  out.u8(static_cast<uint8_t>(config.name.size()));
  out.bytes(std::span(reinterpret_cast<const uint8_t*>(config.name.data()), config.name.size()));
  out.u32(static_cast<uint32_t>(p.commit_roots.size()));
  for (const auto& d : p.commit_roots) d.write(out);
  out.u32(static_cast<uint32_t>(p.commit_pow_witnesses.size()));
  for (const auto& w : p.commit_pow_witnesses) w.write(out);
  out.u32(static_cast<uint32_t>(p.final_poly.size()));
  for (const auto& c : p.final_poly) c.write(out);
  p.query_pow_witness.write(out);
  out.u32(static_cast<uint32_t>(p.queries.size()));
  for (const auto& q : p.queries) {
    out.varuint(static_cast<uint32_t>(q.input_openings.size()));
    for (const auto& o : q.input_openings) o.write(out);
    out.varuint(static_cast<uint32_t>(q.steps.size()));
    for (const auto& s : q.steps) {
      out.varuint(static_cast<uint32_t>(s.siblings.size()));
      for (const auto& e : s.siblings) e.write(out);
      out.varuint(static_cast<uint32_t>(s.path.size()));
      for (const auto& d : s.path) d.write(out);
    }
  }
}

std::vector<uint8_t> serialize_fri_proof(const FriProof& proof, const FriConfig& config) {
  ByteWriter w;
  write_fri_proof(w, proof, config);
  return w.take();
}

FriProof read_fri_proof(ByteReader& in, const FriConfig& config) {
  const auto magic = in.bytes(4, "FRI proof: magic");
  if (!std::equal(magic.begin(), magic.end(), kMagic)) in.fail("FRI proof: magic", "not a zkrv FRI proof");
  const uint16_t version = in.u16("FRI proof: version");
  if (version != kFriProofVersion)
    in.fail("FRI proof: version", "unsupported version " + std::to_string(version));
  const uint8_t name_len = in.u8("FRI proof: configuration name length");
  const auto name = in.bytes(name_len, "FRI proof: configuration name");
  if (std::string_view(reinterpret_cast<const char*>(name.data()), name.size()) != config.name)
    in.fail("FRI proof: configuration name", "the proof does not name the expected configuration '" + config.name + "'");

  FriProof p;
  const uint32_t rounds = in.length("FRI proof: commit-phase roots", kMaxRounds, Digest::BYTES);
  p.commit_roots.resize(rounds);
  for (auto& d : p.commit_roots) d = Digest::read(in);
  const uint32_t witnesses = in.length("FRI proof: commit-phase PoW witnesses", kMaxRounds, 4);
  p.commit_pow_witnesses.resize(witnesses);
  for (auto& w : p.commit_pow_witnesses) w = Fp::read(in);
  const uint32_t final_len =
      in.length("FRI proof: final polynomial", (uint32_t{1} << config.log_final_poly_len) + config.degree_excess,
                kExtBytes);
  p.final_poly.resize(final_len);
  for (auto& c : p.final_poly) c = Ext::read(in);
  p.query_pow_witness = Fp::read(in);

  const uint32_t queries = in.length("FRI proof: queries", config.num_queries, 2);
  if (queries != config.num_queries)
    in.fail("FRI proof: queries", std::to_string(queries) + " queries, the configuration asks for " +
                                      std::to_string(config.num_queries));
  p.queries.resize(queries);
  const uint32_t max_siblings = (uint32_t{1} << config.log_folding_arity) - 1;
  for (auto& q : p.queries) {
    const uint32_t batches = in.varlength("FRI proof: input openings", kMaxInputBatches, 2);
    q.input_openings.reserve(batches);
    for (uint32_t b = 0; b < batches; ++b) q.input_openings.push_back(BatchOpening::read(in, {}));
    const uint32_t steps = in.varlength("FRI proof: query steps", kMaxRounds, 2);
    q.steps.resize(steps);
    for (auto& s : q.steps) {
      const uint32_t sib = in.varlength("FRI proof: fold-group entries", max_siblings, kExtBytes);
      s.siblings.resize(sib);
      for (auto& e : s.siblings) e = Ext::read(in);
      const uint32_t path = in.varlength("FRI proof: commit-phase Merkle path", kMaxPath, Digest::BYTES);
      s.path.resize(path);
      for (auto& d : s.path) d = Digest::read(in);
    }
  }
  return p;
}

FriProof deserialize_fri_proof(std::span<const uint8_t> bytes, const FriConfig& config) {
  ByteReader in(bytes);
  FriProof p = read_fri_proof(in, config);
  in.expect_end("FRI proof");
  return p;
}

}  // namespace zkrv
