// The Fiat-Shamir transcript: one duplex-sponge challenger over Poseidon2 width 16 (docs/architecture.md section 2,
// "Fiat-Shamir"), after Plonky3's DuplexChallenger<BabyBear, Poseidon2_16, 16, 8>
// (challenger/src/duplex_challenger.rs, grinding_challenger.rs).
//
// The prover and the verifier build the same Challenger and make the same calls in the same order; every
// challenge is a function of everything observed before it. The sponge (rate 8, capacity 8, ~124 bits):
//   observe(x):  x is appended to an input buffer; when 8 inputs are buffered they OVERWRITE
//                state[0..8), 8 is added to state[15] and the state is permuted (a "duplexing"). Any
//                unread output is discarded.
//   sample():    if inputs are buffered (they overwrite state[0..k), the rest of the rate keeps its
//                value, k is added to state[15]) or the outputs are used up (k = 0), duplex; then
//                return the next output: state[0], state[1], ..., state[7] in that order.
// Unlike Plonky3 (which pops from the end of the rate) outputs are read front to back; zkrv does not
// need to reproduce Plonky3's transcripts, only its construction.
//
// Partial blocks (a deliberate difference from Plonky3): before each permutation the number k of inputs
// just written (0..8) is ADDED to the last capacity element. Plain overwrite-mode duplexing cannot tell
// "observe(a)" from "observe(a); observe(x)" when x equals what state[1] already holds (e.g. a trailing
// 0 on the zero state), so two different observation sequences could give the same challenges; with k in
// the capacity the state before each permutation determines (k, the k inputs) given the state before,
// so the duplexing is injective block by block.
//
// Observations are a flat stream of field elements: the protocol's fixed sequence of calls is what
// parses it, so each protocol step should bind its name with observe_label() (which is injective on its
// own: length first, then the bytes) and sizes that vary with the input with observe_u64().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "field/babybear.h"
#include "field/extension.h"
#include <optional>
#include <random>

#include "hash/digest.h"
#include "hash/poseidon2.h"

namespace zkrv {

class Challenger {
 public:
  static constexpr size_t WIDTH = 16;
  static constexpr size_t RATE = 8;
  // sample_bits() and grind() take at most this many bits: 2^27 divides p - 1, see sample_bits().
  static constexpr unsigned MAX_SAMPLE_BITS = 27;
  using Perm = Poseidon2_16;

  Challenger() noexcept;  // all-zero state; bind the protocol with observe_label() first

  // ---- observe ---------------------------------------------------------------------------------
  void observe(Fp x) noexcept;
  void observe(std::span<const Fp> xs) noexcept;
  void observe(const Digest& d) noexcept { observe(d.span()); }
  void observe_ext(const Ext& x) noexcept { observe(std::span<const Fp>(x.coeffs())); }
  // Any 64-bit integer (a size, a degree, a configuration field) as three 24-bit limbs, low first.
  void observe_u64(uint64_t v) noexcept;
  // Domain separation: the byte length, then the bytes packed 3 per element (as in hash_bytes.h).
  // Labels name protocol steps, e.g. "zkrv/stark/v1", "fri/commit-phase".
  void observe_label(std::string_view label) noexcept;

  // ---- sample ----------------------------------------------------------------------------------
  Fp sample() noexcept;
  Ext sample_ext() noexcept;  // Ext::DEGREE consecutive samples, coefficient 0 first
  // The low `bits` bits of the canonical value of sample(), bits <= 27 (throws std::invalid_argument
  // otherwise). Bias: p - 1 = 15 * 2^27, so for bits <= 27 the values 0 .. p-2 cover every pattern
  // exactly (p - 1) / 2^bits times and p - 1 adds one more 0. Pattern 0 has probability
  // ((p-1)/2^bits + 1)/p, every other (p-1)/2^bits/p: the distance from uniform is below 1/p < 2^-30.
  uint32_t sample_bits(unsigned bits);

  // ---- proof of work ---------------------------------------------------------------------------
  // Finds the SMALLEST witness w (by canonical value) with check_witness(bits, w) and then performs
  // check_witness(bits, w) on *this, so the prover's transcript continues exactly like the verifier's.
  // Searches PackedFp::WIDTH candidates per permutation, in parallel over oneTBB's threads; the answer
  // does not depend on the thread count. bits <= 27 (std::invalid_argument otherwise); bits = 0 gives 0.
  Fp grind(unsigned bits);
  // observe(witness); return sample_bits(bits) == 0. Mutates the transcript in both outcomes.
  [[nodiscard]] bool check_witness(unsigned bits, Fp witness);

  // Number of permutations performed so far (for statistics and tests).
  uint64_t permutations() const noexcept { return permutations_; }

  // TEST HOOK (never used by a verifier): from now on every sample comes from a stream seeded by
  // `seed`, whatever was observed, and grind() returns 0 without searching. Two provers hooked with the
  // same seed draw the same challenges however their commitments differ, which is how the
  // zero-knowledge tests show that the masking acts at the very points the verifier looks at. A
  // hooked transcript's proof does not verify.
  void fix_samples_for_tests(uint64_t seed) { fixed_.emplace(seed); }

 private:
  void duplex() noexcept;

  Perm::State state_{};
  std::array<Fp, RATE> input_{};
  size_t input_len_ = 0;
  size_t output_pos_ = RATE;  // next unread output in state_[0..RATE); RATE = none left
  uint64_t permutations_ = 0;
  std::optional<std::mt19937_64> fixed_;  // fix_samples_for_tests
};

}  // namespace zkrv
