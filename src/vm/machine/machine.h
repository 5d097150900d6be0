// The RV32IM machine as one STARK statement (vm/machine/README.md): its chips, the trace pipeline from
// one traced run, and proving / verifying one segment.
//
// What the verifier needs besides the proof: a MachineShape (the few public numbers of the image: entry
// pc, first writable word, the heights of the two program-dependent preprocessed tables; the host
// binds them to the image ID, host/image_id.h), the preprocessed root under the proof's configuration
// (also from the image ID's commitments) and the claim (exit code, journal). It never needs the ELF.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fri/config.h"
#include "hash/digest.h"
#include "stark/chip.h"
#include "stark/proof.h"
#include "stark/prover.h"
#include "vm/machine/machine_image.h"

namespace zkrv {

// The longest run one segment proves: timestamps 4c + 4 stay below 2^25 (vm/chips/README.md), which the
// memory argument's range check relies on. Longer runs need continuations (not built yet).
inline constexpr uint64_t kMaxSegmentCycles = uint64_t{1} << 22;

// The public shape of a machine image: everything about it the verifier's chips depend on.
struct MachineShape {
  uint32_t entry = 0;                 // the first pc (CPU public value 0)
  uint32_t first_writable_word = 0;   // word address of the first writable word (CPU, syscall public value)
  unsigned program_log_height = 0;    // log2 of the program table's height
  unsigned memory_image_log_height = 0;  // log2 of the initial memory image's height
  friend bool operator==(const MachineShape&, const MachineShape&) = default;
};

MachineShape machine_shape(const MachineImage& image);

// The machine's chips in proof order (vm/machine/README.md). With an image: the prover's chips (the
// preprocessed tables hold the image). From a shape only: the verifier's chips (same constraints,
// no preprocessed data; they must not be passed to setup()).
std::vector<Chip> machine_chips(const MachineImage& image);
std::vector<Chip> machine_chips(const MachineShape& shape);

// The statement of one segment besides the image: what the guest committed.
struct SegmentClaim {
  uint32_t exit_code = 0;  // all 32 bits of a0 at exit
  std::vector<uint8_t> journal;
  friend bool operator==(const SegmentClaim&, const SegmentClaim&) = default;
};

// Per-chip numbers of one proof (for --stats and benchmarks).
struct ChipReport {
  std::string name;
  size_t rows = 0;                  // used rows (events); the trace is padded to a power of two
  unsigned log_height = 0;
  size_t main_width = 0;            // base columns
  size_t preprocessed_width = 0;    // base columns
  size_t permutation_width = 0;     // base columns (an extension column counts 4)
};

struct ProveReport {
  uint64_t cycles = 0;
  double execute_seconds = 0;       // the traced run
  double trace_seconds = 0;         // trace generation of every chip
  ProverTimings stark;              // the STARK's phases (stark/prover.h)
  double total_seconds = 0;         // execute + trace + stark
  std::vector<ChipReport> chips;
  // Sum over all chips of height x (main + preprocessed + permutation width): committed cells, padding
  // included; divided by cycles in committed_cells_per_cycle().
  uint64_t committed_cells = 0;
  double committed_cells_per_cycle() const noexcept {
    return cycles == 0 ? 0 : static_cast<double>(committed_cells) / static_cast<double>(cycles);
  }
};

// Called from the proving thread between steps: a short phase name ("execute", "trace", "setup",
// "prove") and whether it starts (false) or ends (true).
using ProveProgress = std::function<void(std::string_view phase, bool done)>;

struct SegmentProof {
  SegmentClaim claim;
  StarkProof proof;
  ProveReport report;
};

// Runs `image` with the private `input` in tracing mode and proves the run under `config`. Throws
// GuestFault for a faulting guest, CycleLimitReached (category cycle_limit) when it runs longer than
// kMaxSegmentCycles (the message says that continuations do not exist yet), and Error(internal) if
// the traces do not satisfy the machine (a bug; the message names the chip and constraint).
SegmentProof prove_segment(const MachineImage& image, std::span<const uint8_t> input, const FriConfig& config,
                           const ProveProgress& progress = {});

// Throws ProofRejected unless `proof` shows that the machine of `shape`, whose preprocessed tables
// commit to `preprocessed_root` under the proof's configuration, ran from its entry to an exit with
// `claim`. The configuration is looked up by the name the proof carries (fri_config_by_name); the caller
// passes the root it trusts for that name (host: from the image ID's commitments).
void verify_segment(const MachineShape& shape, const Digest& preprocessed_root, const SegmentClaim& claim,
                    const StarkProof& proof);

}  // namespace zkrv
