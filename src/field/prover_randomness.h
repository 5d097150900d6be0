// The prover's private randomness: uniform BabyBear elements for the zero-knowledge parts of a proof
// (Merkle salts, the masking polynomial, docs/zero-knowledge.md).
//
// Two sources:
//   from_os()            the operating system's CSPRNG (getrandom(2)); what every real proof uses.
//   seeded_for_tests(s)  a reproducible stream (std::mt19937_64 seeded with s) so that tests can fix a
//                        proof byte for byte. It is NOT secret randomness: nothing outside tests may
//                        use it (the CLI and the public API do not offer it).
// Uniformity: a 32-bit word is masked to 31 bits and kept if it is below p (rejection sampling; about
// 1 word in 16 is rejected), so every element of Fp is equally likely, with no modular bias.
// Not thread-safe: one prover thread draws from it, between the parallel phases.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <vector>

#include "field/babybear.h"

namespace zkrv {

class ProverRandomness {
 public:
  static ProverRandomness from_os();
  static ProverRandomness seeded_for_tests(uint64_t seed);

  bool is_seeded() const noexcept { return seeded_; }
  Fp next();
  void fill(std::span<Fp> out);
  std::vector<Fp> elements(size_t n);

 private:
  explicit ProverRandomness(bool seeded, uint64_t seed);
  uint32_t next_word();
  void refill();

  bool seeded_ = false;
  std::unique_ptr<std::mt19937_64> test_stream_;  // only when seeded_
  std::vector<uint32_t> buffer_;                   // OS words not yet used
  size_t next_ = 0;
};

}  // namespace zkrv
