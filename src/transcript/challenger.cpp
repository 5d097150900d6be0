#include "transcript/challenger.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>

#include "field/packed_babybear.h"

namespace zkrv {

Challenger::Challenger() noexcept { state_.fill(Fp::zero()); }

void Challenger::duplex() noexcept {
  for (size_t i = 0; i < input_len_; ++i) state_[i] = input_[i];
  state_[WIDTH - 1] += Fp(static_cast<uint32_t>(input_len_));  // see "Partial blocks" in challenger.h
  input_len_ = 0;
  Perm::permute(state_);
  ++permutations_;
  output_pos_ = 0;
}

void Challenger::observe(Fp x) noexcept {
  output_pos_ = RATE;  // outputs squeezed before this observation must never be reused
  input_[input_len_++] = x;
  if (input_len_ == RATE) duplex();
}

void Challenger::observe(std::span<const Fp> xs) noexcept {
  for (const Fp& x : xs) observe(x);
}

void Challenger::observe_u64(uint64_t v) noexcept {
  for (int i = 0; i < 3; ++i) observe(Fp(static_cast<uint32_t>((v >> (24 * i)) & 0xffffff)));
}

void Challenger::observe_label(std::string_view label) noexcept {
  observe_u64(label.size());
  size_t i = 0;
  for (; i + 3 <= label.size(); i += 3) {
    observe(Fp(uint32_t{static_cast<uint8_t>(label[i])} | uint32_t{static_cast<uint8_t>(label[i + 1])} << 8 |
               uint32_t{static_cast<uint8_t>(label[i + 2])} << 16));
  }
  if (i < label.size()) {
    uint32_t v = 0;
    for (unsigned k = 0; i + k < label.size(); ++k) v |= uint32_t{static_cast<uint8_t>(label[i + k])} << (8 * k);
    observe(Fp(v));
  }
}

Fp Challenger::sample() noexcept {
  if (fixed_) return Fp(static_cast<uint32_t>((*fixed_)() % Fp::P));
  if (input_len_ != 0 || output_pos_ == RATE) duplex();
  return state_[output_pos_++];
}

Ext Challenger::sample_ext() noexcept {
  std::array<Fp, Ext::DEGREE> c;
  for (auto& x : c) x = sample();
  return Ext(c);
}

namespace {
void check_bits(unsigned bits) {
  if (bits > Challenger::MAX_SAMPLE_BITS) {
    throw std::invalid_argument("Challenger: at most " + std::to_string(Challenger::MAX_SAMPLE_BITS) +
                                " bits per sample, asked for " + std::to_string(bits));
  }
}
}  // namespace

uint32_t Challenger::sample_bits(unsigned bits) {
  check_bits(bits);
  return sample().as_canonical() & ((uint32_t{1} << bits) - 1);
}

bool Challenger::check_witness(unsigned bits, Fp witness) {
  check_bits(bits);
  observe(witness);
  return sample_bits(bits) == 0;
}

// After observe(w) exactly one duplexing precedes the sample that check_witness tests (either observe
// fills the buffer, or sample() flushes it), and that sample is state[0] of the result. So every
// candidate starts from the same state: the current one with the buffered inputs written over
// state[0..k) and w at position k. PackedFp::WIDTH candidates go through one packed permutation.
Fp Challenger::grind(unsigned bits) {
  check_bits(bits);
  if (fixed_) return Fp::zero();
  Perm::State base = state_;
  for (size_t i = 0; i < input_len_; ++i) base[i] = input_[i];
  const size_t k = input_len_;
  base[WIDTH - 1] += Fp(static_cast<uint32_t>(k + 1));  // k buffered inputs and the witness
  const uint32_t mask = (uint32_t{1} << bits) - 1;

  constexpr size_t L = PackedFp::WIDTH;
  const PackedFp lane_offsets = PackedFp::from_fn([](size_t l) { return Fp(static_cast<uint32_t>(l)); });
  // Returns the smallest valid candidate in [start, start + L), or UINT32_MAX.
  const auto try_block = [&](uint32_t start) -> uint32_t {
    Perm::PackedState s;
    for (size_t i = 0; i < Perm::WIDTH; ++i) s[i] = PackedFp::broadcast(base[i]);
    // Fp(start) + Fp(l) = Fp(start + l): the candidates' Montgomery forms without L conversions.
    s[k] = PackedFp::broadcast(Fp(start)) + lane_offsets;
    Perm::permute(s);
    const auto out = s[0].to_array();
    for (size_t l = 0; l < L; ++l) {
      if ((out[l].as_canonical() & mask) == 0 && start + l < Fp::P) return start + static_cast<uint32_t>(l);
    }
    return UINT32_MAX;
  };

  // Rounds of `batch` candidates in increasing order; within a round, blocks of L candidates run in
  // parallel and the minimum valid candidate wins. Every candidate below the winner has been tried (a
  // task stops early only at candidates >= the best found so far), so the result is the smallest valid
  // witness whatever the scheduling and thread count. A round stays small for small `bits` (expected
  // 2^bits tries) and large enough to amortise the task overhead.
  const uint64_t batch = std::clamp<uint64_t>(uint64_t{1} << bits, uint64_t{1} << 12, uint64_t{1} << 16);
  constexpr uint64_t GRAIN = 16;  // blocks (packed permutations) per task
  const uint64_t total_blocks = (uint64_t{Fp::P} + L - 1) / L;
  for (uint64_t round_start = 0; round_start < total_blocks; round_start += batch / L) {
    const uint64_t round_end = std::min<uint64_t>(round_start + batch / L, total_blocks);
    std::atomic<uint32_t> best{UINT32_MAX};
    tbb::parallel_for(tbb::blocked_range<uint64_t>(round_start, round_end, GRAIN),
                      [&](const tbb::blocked_range<uint64_t>& r) {
                        for (uint64_t b = r.begin(); b < r.end(); ++b) {
                          const uint64_t c = b * L;
                          if (c >= best.load(std::memory_order_relaxed)) return;  // cannot improve
                          const uint32_t found = try_block(static_cast<uint32_t>(c));
                          if (found != UINT32_MAX) {
                            uint32_t cur = best.load(std::memory_order_relaxed);
                            while (found < cur && !best.compare_exchange_weak(cur, found)) {
                            }
                            return;  // later blocks of this range hold larger candidates
                          }
                        }
                      });
    const uint32_t w = best.load();
    if (w != UINT32_MAX) {
      const Fp witness = Fp::from_canonical(w);
      if (!check_witness(bits, witness)) throw std::logic_error("Challenger::grind: witness does not verify");
      return witness;
    }
  }
  throw std::runtime_error("Challenger::grind: no witness among all field elements");
}

}  // namespace zkrv
