#include "stark/proof.h"

#include <cstring>
#include <stdexcept>

namespace zkrv {
namespace {

constexpr uint8_t kMagic[4] = {'Z', 'K', 'S', 'T'};

void write_exts(ByteWriter& out, const std::vector<Ext>& v) {
  out.u32(static_cast<uint32_t>(v.size()));
  for (const Ext& x : v) x.write(out);
}

std::vector<Ext> read_exts(ByteReader& in, std::string_view what) {
  const uint32_t n = in.length(what, kMaxOpenedWidth, Ext::DEGREE * 4);
  std::vector<Ext> v(n);
  for (Ext& x : v) x = Ext::read(in);
  return v;
}

bool read_flag(ByteReader& in, std::string_view what) {
  const uint8_t f = in.u8(what);
  if (f > 1) in.fail(what, "must be 0 or 1");
  return f == 1;
}

}  // namespace

std::vector<uint8_t> serialize_stark_proof(const StarkProof& proof, const FriConfig& config) {
  if (proof.config_name.size() > 255 || proof.log_heights.size() != proof.opened.size())
    throw std::invalid_argument("serialize_stark_proof: malformed proof object");
  ByteWriter out;
  out.bytes(kMagic);
  out.u16(kStarkProofVersion);
  out.u8(static_cast<uint8_t>(proof.config_name.size()));
  out.bytes(std::span(reinterpret_cast<const uint8_t*>(proof.config_name.data()), proof.config_name.size()));
  out.u32(static_cast<uint32_t>(proof.log_heights.size()));
  for (uint8_t h : proof.log_heights) out.u8(h);
  proof.main_root.write(out);
  proof.logup_pow_witness.write(out);
  out.u8(proof.permutation_root ? 1 : 0);
  if (proof.permutation_root) proof.permutation_root->write(out);
  proof.quotient_root.write(out);
  proof.deep_pow_witness.write(out);
  for (const ChipOpenedValues& o : proof.opened) {
    out.u8(o.cumulative_sum ? 1 : 0);
    if (o.cumulative_sum) o.cumulative_sum->write(out);
    write_exts(out, o.preprocessed_local);
    write_exts(out, o.preprocessed_next);
    write_exts(out, o.main_local);
    write_exts(out, o.main_next);
    write_exts(out, o.permutation_local);
    write_exts(out, o.permutation_next);
    write_exts(out, o.quotient);
  }
  write_exts(out, proof.mask_opened);
  write_fri_proof(out, proof.fri, config);
  return out.take();
}

StarkProof deserialize_stark_proof(std::span<const uint8_t> bytes, const FriConfigResolver& resolve) {
  ByteReader in(bytes);
  const auto magic = in.bytes(4, "stark proof magic");
  if (std::memcmp(magic.data(), kMagic, 4) != 0) in.fail("stark proof magic", "not a zkrv STARK proof");
  if (in.u16("stark proof version") != kStarkProofVersion) in.fail("stark proof version", "unsupported version");
  StarkProof proof;
  const uint8_t name_len = in.u8("configuration name length");
  const auto name = in.bytes(name_len, "configuration name");
  proof.config_name.assign(reinterpret_cast<const char*>(name.data()), name.size());
  const FriConfig& config = resolve(proof.config_name);
  const uint32_t chips = in.length("chip count", kMaxChips, 1);
  if (chips == 0) in.fail("chip count", "no chips");
  proof.log_heights.resize(chips);
  for (uint8_t& h : proof.log_heights) {
    h = in.u8("log height");
    if (h > Fp::TWO_ADICITY) in.fail("log height", "too large");
  }
  proof.main_root = Digest::read(in);
  proof.logup_pow_witness = Fp::read(in);
  if (read_flag(in, "permutation root flag")) proof.permutation_root = Digest::read(in);
  proof.quotient_root = Digest::read(in);
  proof.deep_pow_witness = Fp::read(in);
  proof.opened.resize(chips);
  for (ChipOpenedValues& o : proof.opened) {
    if (read_flag(in, "cumulative sum flag")) o.cumulative_sum = Ext::read(in);
    o.preprocessed_local = read_exts(in, "preprocessed local values");
    o.preprocessed_next = read_exts(in, "preprocessed next values");
    o.main_local = read_exts(in, "main local values");
    o.main_next = read_exts(in, "main next values");
    o.permutation_local = read_exts(in, "permutation local values");
    o.permutation_next = read_exts(in, "permutation next values");
    o.quotient = read_exts(in, "quotient values");
  }
  proof.mask_opened = read_exts(in, "masking polynomial values");
  if (proof.mask_opened.size() != (config.hiding() ? Ext::DEGREE : 0))
    in.fail("masking polynomial values", "wrong count for the configuration");
  proof.fri = read_fri_proof(in, config);
  in.expect_end("stark proof");
  return proof;
}

StarkProof deserialize_stark_proof(std::span<const uint8_t> bytes) {
  return deserialize_stark_proof(bytes, [](std::string_view name) -> const FriConfig& {
    return fri_config_by_name(name);
  });
}

}  // namespace zkrv
