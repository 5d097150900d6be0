#include "field/prover_randomness.h"

#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace zkrv {
namespace {

constexpr size_t kBufferWords = 1 << 14;  // 64 KiB per getrandom call

}  // namespace

ProverRandomness::ProverRandomness(bool seeded, uint64_t seed) : seeded_(seeded) {
  if (seeded_) test_stream_ = std::make_unique<std::mt19937_64>(seed);
}

ProverRandomness ProverRandomness::from_os() { return ProverRandomness(false, 0); }

ProverRandomness ProverRandomness::seeded_for_tests(uint64_t seed) { return ProverRandomness(true, seed); }

void ProverRandomness::refill() {
  buffer_.resize(kBufferWords);
  auto* bytes = reinterpret_cast<unsigned char*>(buffer_.data());
  size_t have = 0;
  const size_t want = buffer_.size() * sizeof(uint32_t);
  while (have < want) {
    // getrandom blocks only until the kernel's pool is first initialised; EINTR is retried.
    const ssize_t got = getrandom(bytes + have, want - have, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("prover randomness: getrandom failed: ") + std::strerror(errno));
    }
    have += static_cast<size_t>(got);
  }
  next_ = 0;
}

uint32_t ProverRandomness::next_word() {
  if (seeded_) return static_cast<uint32_t>((*test_stream_)());
  if (next_ == buffer_.size()) refill();
  return buffer_[next_++];
}

Fp ProverRandomness::next() {
  for (;;) {
    const uint32_t w = next_word() & 0x7FFFFFFFu;
    if (w < Fp::P) return Fp::from_canonical(w);
  }
}

void ProverRandomness::fill(std::span<Fp> out) {
  for (Fp& x : out) x = next();
}

std::vector<Fp> ProverRandomness::elements(size_t n) {
  std::vector<Fp> v(n);
  fill(v);
  return v;
}

}  // namespace zkrv
