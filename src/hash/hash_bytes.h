// Length-prefixed, domain-separated hashing of variable-length data: bytes (the journal, program images)
// and field-element sequences (public values). docs/architecture.md section 2: "Variable-length data is hashed
// length-prefixed with a domain tag".
//
// Encoding, fixed so that a recursion circuit can recompute it:
//   sponge:   Poseidon2 width 24, rate 16 (pinned, not DefaultRowHasher: image IDs must not change if
//             the row-hashing default ever does), overwrite mode, initial state
//             zero except the last capacity element = KIND (1 for bytes, 2 for field elements). Row
//             hashing starts from the all-zero state, so the three are domain-separated through the
//             capacity, which an input can never write (the capacity-value domain separation of the
//             Poseidon paper, Grassi et al., USENIX Security 2021, section 4.2).
//   absorbed: [d] [domain bytes, 3 per element] [n mod 2^24] [n div 2^24] [data] [1] [0 ... 0]
//             d = domain length in bytes, n = data length (bytes, or elements); bytes are packed
//             little-endian 3 per element (b0 + 2^8 b1 + 2^16 b2 < 2^24 < p, a short last group
//             zero-filled); field elements are absorbed as they are; then 10* padding up to a multiple
//             of the rate, so every block overwrites the whole rate.
//   output:   state[0 .. 8) after the last permutation.
// Why 3 bytes per element: 4 bytes can reach 2^32 > p, so they would not fit one element injectively;
// 3 is the most that does (2 per element would need 50% more permutations).
//
// Collision-freeness by construction: the absorbed sequence determines (kind, domain, n, data) by reading
// it left to right (lengths come before the contents they measure, so trailing zero bytes change n and
// the domain cannot run into the data), and 10* padding to full blocks makes the sponge's input a
// prefix-free injective encoding, the standard condition for the sponge indifferentiability bound
// (Bertoni et al., "On the indifferentiability of the sponge construction", EUROCRYPT 2008).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "field/babybear.h"
#include "hash/digest.h"
#include "hash/sponge.h"

namespace zkrv {

// Domain labels are short constant strings naming what is hashed and its version, e.g. "zkrv/journal/v1".
inline constexpr size_t MAX_DOMAIN_BYTES = 255;
inline constexpr uint64_t MAX_HASHED_LENGTH = uint64_t{1} << 48;  // two 24-bit length limbs

// Throws std::invalid_argument if the domain is longer than MAX_DOMAIN_BYTES.
Digest hash_bytes(std::string_view domain, std::span<const uint8_t> data);
Digest hash_elements(std::string_view domain, std::span<const Fp> data);

// Streaming form of the above for data that arrives in pieces; the total length must be declared up
// front (it is absorbed first). finish() throws std::logic_error if the pieces do not add up to it.
class LengthPrefixedHasher {
 public:
  enum class Kind : uint32_t { bytes = 1, elements = 2 };

  LengthPrefixedHasher(Kind kind, std::string_view domain, uint64_t length);

  void absorb_bytes(std::span<const uint8_t> data);    // Kind::bytes only
  void absorb_elements(std::span<const Fp> data);      // Kind::elements only
  Digest finish();

 private:
  using Sponge = RowHasher24::Sponge;
  void flush_partial_bytes();

  Kind kind_;
  uint64_t declared_;
  uint64_t absorbed_ = 0;
  Sponge sponge_;
  uint32_t pending_ = 0;       // up to 2 bytes of an incomplete 3-byte group
  unsigned pending_count_ = 0;
  bool finished_ = false;
};

}  // namespace zkrv
