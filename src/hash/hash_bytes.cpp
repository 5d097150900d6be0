#include "hash/hash_bytes.h"

#include <stdexcept>
#include <string>

namespace zkrv {
namespace {

using Sponge = RowHasher24::Sponge;

Sponge::State initial_state(LengthPrefixedHasher::Kind kind) {
  Sponge::State s{};
  s[Sponge::WIDTH - 1] = Fp(static_cast<uint32_t>(kind));
  return s;
}

// Absorbs b0 + 2^8 b1 + 2^16 b2 per group of 3, a short last group zero-filled.
void absorb_packed_bytes(Sponge& sponge, std::span<const uint8_t> bytes) {
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    sponge.absorb(Fp(uint32_t{bytes[i]} | uint32_t{bytes[i + 1]} << 8 | uint32_t{bytes[i + 2]} << 16));
  }
  if (i < bytes.size()) {
    uint32_t v = 0;
    for (unsigned k = 0; i + k < bytes.size(); ++k) v |= uint32_t{bytes[i + k]} << (8 * k);
    sponge.absorb(Fp(v));
  }
}

}  // namespace

LengthPrefixedHasher::LengthPrefixedHasher(Kind kind, std::string_view domain, uint64_t length)
    : kind_(kind), declared_(length), sponge_(initial_state(kind)) {
  if (domain.size() > MAX_DOMAIN_BYTES) {
    throw std::invalid_argument("hash domain label longer than " + std::to_string(MAX_DOMAIN_BYTES) + " bytes");
  }
  if (length >= MAX_HASHED_LENGTH) throw std::invalid_argument("hashed data too long (>= 2^48)");
  sponge_.absorb(Fp(static_cast<uint32_t>(domain.size())));
  absorb_packed_bytes(sponge_, {reinterpret_cast<const uint8_t*>(domain.data()), domain.size()});
  sponge_.absorb(Fp(static_cast<uint32_t>(length & 0xffffff)));
  sponge_.absorb(Fp(static_cast<uint32_t>(length >> 24)));
}

void LengthPrefixedHasher::absorb_bytes(std::span<const uint8_t> data) {
  if (kind_ != Kind::bytes || finished_) throw std::logic_error("LengthPrefixedHasher: absorb_bytes misuse");
  if (data.size() > declared_ - absorbed_) throw std::logic_error("LengthPrefixedHasher: more data than declared");
  absorbed_ += data.size();
  // Complete a group left over from the previous piece, then pack whole groups, keep the remainder.
  while (pending_count_ != 0 && !data.empty()) {
    pending_ |= uint32_t{data[0]} << (8 * pending_count_);
    data = data.subspan(1);
    if (++pending_count_ == 3) {
      sponge_.absorb(Fp(pending_));
      pending_ = 0;
      pending_count_ = 0;
    }
  }
  const size_t whole = data.size() - data.size() % 3;
  absorb_packed_bytes(sponge_, data.first(whole));
  for (size_t i = whole; i < data.size(); ++i) pending_ |= uint32_t{data[i]} << (8 * pending_count_++);
}

void LengthPrefixedHasher::absorb_elements(std::span<const Fp> data) {
  if (kind_ != Kind::elements || finished_) throw std::logic_error("LengthPrefixedHasher: absorb_elements misuse");
  if (data.size() > declared_ - absorbed_) throw std::logic_error("LengthPrefixedHasher: more data than declared");
  absorbed_ += data.size();
  sponge_.absorb(data);
}

void LengthPrefixedHasher::flush_partial_bytes() {
  if (pending_count_ != 0) {
    sponge_.absorb(Fp(pending_));
    pending_ = 0;
    pending_count_ = 0;
  }
}

Digest LengthPrefixedHasher::finish() {
  if (finished_) throw std::logic_error("LengthPrefixedHasher: finish called twice");
  if (absorbed_ != declared_) throw std::logic_error("LengthPrefixedHasher: less data than declared");
  finished_ = true;
  flush_partial_bytes();
  // 10* padding to a full block: a 1, then zeros until the rate is filled (none if the 1 completes it).
  sponge_.absorb(Fp::one());
  const Fp zero = Fp::zero();
  while (sponge_.position() != 0) sponge_.absorb(zero);
  return sponge_.squeeze();
}

Digest hash_bytes(std::string_view domain, std::span<const uint8_t> data) {
  LengthPrefixedHasher h(LengthPrefixedHasher::Kind::bytes, domain, data.size());
  h.absorb_bytes(data);
  return h.finish();
}

Digest hash_elements(std::string_view domain, std::span<const Fp> data) {
  LengthPrefixedHasher h(LengthPrefixedHasher::Kind::elements, domain, data.size());
  h.absorb_elements(data);
  return h.finish();
}

}  // namespace zkrv
