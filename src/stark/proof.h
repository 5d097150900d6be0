// The multi-table STARK proof and its binary format.
//
// Contents, in protocol order (prover.h):
//   config_name              the named FRI configuration (fri/config.h); the verifier looks it up itself
//   log_heights[c]           log2 of chip c's trace height
//   main_root                one PCS commitment to every chip's main trace
//   logup_pow_witness        grinding witness before the LogUp challenges (config.logup_pow_bits)
//   permutation_root         one PCS commitment to the LogUp permutation traces (stark/logup.h) of the
//                            chips with interactions; absent if no chip has any
//   quotient_root            one PCS commitment to every chip's quotient chunks
//   deep_pow_witness         grinding witness before the out-of-domain point zeta (config.deep_pow_bits)
//   opened[c]                chip c's LogUp cumulative sum (if it has interactions), its values at zeta
//                            (local) and zeta * g_c (next): preprocessed, main and permutation columns,
//                            and each base column of the quotient chunks at zeta
//   mask_opened              hiding configurations only: the masking polynomial at zeta (its 4 base columns)
//   fri                      the PCS opening proof of all of the above
//
// Wire format, version 4 (little-endian, canonical field elements, base/byte_io.h):
//   "ZKST" u16 version=4   u8 name length, name bytes
//   u32 chips (<= kMaxChips), u8 log_height per chip (<= 27)
//   Digest main_root, Fp logup_pow_witness, u8 has_permutation (0/1) [Digest permutation_root],
//   Digest quotient_root, Fp deep_pow_witness
//   per chip: u8 has_cumulative_sum (0/1) [Ext cumulative_sum], then 7 times (preprocessed local,
//       preprocessed next, main local, main next, permutation local, permutation next, quotient):
//       u32 count (<= kMaxOpenedWidth), Ext values
//   u32 count (0, or 4 under a hiding configuration), Ext mask_opened
//   the FRI proof (fri/proof.h) under the configuration of that name
// Every count is bounded before allocation, trailing bytes are rejected (MalformedInput). The shapes the
// chips imply (widths, number of quotient columns) are checked by the verifier, which knows the chips.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_io.h"
#include "field/extension.h"
#include "fri/config.h"
#include "fri/proof.h"
#include "hash/digest.h"

namespace zkrv {

struct ChipOpenedValues {
  std::vector<Ext> preprocessed_local, preprocessed_next;
  std::vector<Ext> main_local, main_next;
  std::vector<Ext> permutation_local, permutation_next;  // Ext::DEGREE base columns per extension column
  std::optional<Ext> cumulative_sum;                      // present iff the chip has interactions
  std::vector<Ext> quotient;  // Ext::DEGREE base columns per chunk, chunk 0 first, at zeta
  friend bool operator==(const ChipOpenedValues&, const ChipOpenedValues&) = default;
};

struct StarkProof {
  std::string config_name;
  std::vector<uint8_t> log_heights;
  Digest main_root;
  Fp logup_pow_witness;
  std::optional<Digest> permutation_root;
  Digest quotient_root;
  Fp deep_pow_witness;
  std::vector<ChipOpenedValues> opened;
  std::vector<Ext> mask_opened;  // hiding configurations: the masking polynomial's 4 base columns at zeta
  FriProof fri;
  friend bool operator==(const StarkProof&, const StarkProof&) = default;
};

// 2: grinding witnesses before LogUp and DEEP; 3: the running sum carries the last LogUp group;
// 4: the masking polynomial's values (empty unless the configuration hides).
inline constexpr uint16_t kStarkProofVersion = 4;
inline constexpr uint32_t kMaxChips = 1024;
inline constexpr uint32_t kMaxOpenedWidth = 1u << 16;

std::vector<uint8_t> serialize_stark_proof(const StarkProof& proof, const FriConfig& config);

// Reads the configuration name, resolves it with `resolve` (which throws MalformedInput for unknown
// names), then the rest; the whole buffer must be one proof.
using FriConfigResolver = std::function<const FriConfig&(std::string_view name)>;
StarkProof deserialize_stark_proof(std::span<const uint8_t> bytes, const FriConfigResolver& resolve);
// With the registry of named configurations (fri_config_by_name).
StarkProof deserialize_stark_proof(std::span<const uint8_t> bytes);

}  // namespace zkrv
