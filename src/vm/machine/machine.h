// The RV32IM machine as one STARK statement (vm/machine/README.md): its chips, the trace pipeline from
// one traced run, and proving / verifying one segment.
//
// What the verifier needs besides the proof: a MachineShape (the few public numbers of the image: entry
// pc, first writable word, code range; the host binds them to the image ID, host/image_id.h), the
// machine's preprocessed root under the proof's configuration (the same for every program,
// machine_image.h), the segment's statement (pre- and post-state, journal range, halted) and its claim
// (journal bytes, exit code). It never needs the ELF.
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
#include "stark/cost_model.h"
#include "stark/proof.h"
#include "stark/prover.h"
#include "vm/chips/memory/access.h"
#include "vm/machine/machine_image.h"
#include "vm/machine/memory_tree.h"
#include "vm/executor/tracing.h"

namespace zkrv {

// Segments (continuations): a run is proved in segments of at most 2^K cycles, K in
// [kMinSegmentPo2, kMaxSegmentPo2]. The verifier accepts a segment whose CPU table has at most 2^22
// rows: timestamps 4 clk + slot stay at most 2^24. Soundness needs every memory-bus timestamp small
// (at most 2^25, memory/access.h); completeness needs the CPU's at most 2^24, because its paired access
// gadgets range-check gaps below 2^24 only (the static_assert below).
inline constexpr unsigned kMinSegmentPo2 = 10;
inline constexpr unsigned kMaxSegmentPo2 = 22;
// The default: the largest size whose proving stays within 2 GiB of peak RSS on the SHA-256 benchmark
// (scripts/bench-segments.sh: 2^18 peaks at 1.56 GiB, 2^20 at 3.61 GiB; docs/sizing.md).
inline constexpr unsigned kDefaultSegmentPo2 = 18;
inline constexpr uint64_t kMaxSegmentCycles = uint64_t{1} << kMaxSegmentPo2;
static_assert(4 * (kMaxSegmentCycles - 1) + 4 <= chips::kMaxPairedTimestampGap,
              "the CPU's last timestamp must fit its paired access gadgets (memory/access.h)");

// The public shape of a machine image: everything about it the verifier's chips depend on.
struct MachineShape {
  uint32_t entry = 0;                 // the first pc of the run (segment 0's pre-state pc)
  uint32_t first_writable_word = 0;   // word address of the first writable word (CPU, syscall public value)
  // The code range as word addresses, [code_begin_word, code_end_word): the hull of the executable
  // segments (program_image.h), every word of which may be fetched; it lies below the first writable word.
  uint32_t code_begin_word = 0, code_end_word = 0;
  friend bool operator==(const MachineShape&, const MachineShape&) = default;
};

MachineShape machine_shape(const MachineImage& image);

// Why no loaded ELF has `shape` (empty if one may): the code range must lie in [2^14, 2^28) words (RAM
// starts at 0x10000, byte addresses stay below 2^30) and end at or below the first writable word (the
// decode chip reads code at the end of a segment and relies on no store reaching it); the entry must be
// a word-aligned address of the code range.
std::string machine_shape_error(const MachineShape& shape);

// The machine's chips in proof order (vm/machine/README.md), the same for prover and verifier.
std::vector<Chip> machine_chips(const MachineImage& image);
std::vector<Chip> machine_chips(const MachineShape& shape);

// What one segment's proof states besides the image (vm/machine/README.md, "The statement"): the machine
// state it starts from and ends in (pc and the memory Merkle root, vm/machine/memory_tree.h, which holds
// the registers and the syscall state words too), the journal bytes it wrote (indices [begin, end) of
// the run's journal), and whether it ends with the exit.
struct SegmentStatement {
  uint32_t pre_pc = 0;
  Digest pre_root;
  uint32_t post_pc = 0;  // 0 after the exit
  Digest post_root;
  uint32_t journal_begin = 0, journal_end = 0;
  bool halted = false;
  friend bool operator==(const SegmentStatement&, const SegmentStatement&) = default;
};

// The guest-visible part of one segment's statement: the journal bytes it wrote (indices
// [journal_begin, journal_end) of the run's journal) and, if it halts, the exit code.
struct SegmentClaim {
  uint32_t exit_code = 0;  // all 32 bits of a0 at exit (0 and meaningless unless the segment halts)
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
  size_t segments = 0;
  // Everything but the segments' trace generation and proving: the proving key, the fast pre-run, the
  // initial memory tree and the traced execution between segments.
  double execute_seconds = 0;
  double trace_seconds = 0;         // trace generation of every chip
  ProverTimings stark;              // the STARK's phases (stark/prover.h), summed over segments
  double total_seconds = 0;         // execute + trace + stark
  std::vector<ChipReport> chips;    // rows summed over segments, log_height the largest
  ProofWork work;                   // the STARK's work by phase (stark/cost_model.h), summed over segments
  // Sum over all chips of height x (main + preprocessed + permutation width): committed cells, padding
  // included; divided by cycles in committed_cells_per_cycle().
  uint64_t committed_cells = 0;
  double committed_cells_per_cycle() const noexcept {
    return cycles == 0 ? 0 : static_cast<double>(committed_cells) / static_cast<double>(cycles);
  }
};

// Called from the proving thread between steps: a short phase name ("execute", "trace", "setup",
// "prove", per segment) and whether it starts (false) or ends (true).
using ProveProgress = std::function<void(std::string_view phase, bool done)>;

struct SegmentProof {
  SegmentStatement statement;
  SegmentClaim claim;
  StarkProof proof;
  ProveReport report;
};

struct ProveOptions {
  unsigned segment_po2 = kDefaultSegmentPo2;  // segments of at most 2^segment_po2 cycles
  uint64_t max_cycles = uint64_t{1} << 32;    // the run fails with CycleLimitReached beyond this
  // Checked after the fast pre-run, before any proving (what the receipt format can hold): a run needing
  // more segments fails with CycleLimitReached, one writing a longer journal with Error(malformed_input).
  uint64_t max_segments = UINT64_MAX;
  uint64_t max_journal_bytes = UINT64_MAX;
  ProveProgress progress;
};

// A proved run: its claim and its segments' proofs, in order.
struct RunProof {
  uint32_t exit_code = 0;
  std::vector<uint8_t> journal;
  std::vector<SegmentProof> segments;
  ProveReport report;  // totals over the segments
};

// Runs `image` with the private `input`, splitting it into segments, and proves every segment under
// `config` (each proof is verified before it is kept). Throws GuestFault for a faulting guest,
// CycleLimitReached beyond options.max_cycles, std::invalid_argument for a segment_po2 out of range,
// and Error(internal) if a segment's traces do not satisfy the machine (a bug; the message names the
// chip and constraint).
RunProof prove_run(const MachineImage& image, std::span<const uint8_t> input, const FriConfig& config,
                   const ProveOptions& options = {});

// Checkpoints: the state at the start of every segment of the run (segment 0: the image's initial state),
// each passed to `on_checkpoint` as soon as it is known, what a segment needs to be proved on its own
// (prove_segment_at, in any process). Runs in tracing mode without proving. Throws as prove_run.
ExecutionResult run_checkpoints(const MachineImage& image, std::span<const uint8_t> input, unsigned segment_po2,
                                uint64_t max_cycles, const std::function<void(const ResumePoint&)>& on_checkpoint);

// Proves the one segment of at most 2^segment_po2 cycles that starts at `from` (a checkpoint of
// run_checkpoints with the same segment_po2, image and input). std::invalid_argument if `from` is not a
// state of this image (vm/executor/tracing.h ResumePoint); GuestFault if the segment faults.
SegmentProof prove_segment_at(const MachineImage& image, const ResumePoint& from, std::span<const uint8_t> input,
                              const FriConfig& config, unsigned segment_po2, const ProveProgress& progress = {});

// A run that fits one segment of kMaxSegmentCycles, proved as one segment (tests and tools that want
// exactly one proof). Throws CycleLimitReached for a longer run.
SegmentProof prove_segment(const MachineImage& image, std::span<const uint8_t> input, const FriConfig& config,
                           const ProveProgress& progress = {});

// Throws ProofRejected unless `proof` shows that the machine of `shape`, whose preprocessed tables
// commit to `preprocessed_root` under the proof's configuration, ran from the statement's pre-state to
// its post-state writing claim.journal at indices [journal_begin, journal_end) and, if the statement
// halts, exiting with claim.exit_code (a segment that does not halt must not exit). The configuration
// is looked up by the name the proof carries (fri_config_by_name).
void verify_segment(const MachineShape& shape, const Digest& preprocessed_root, const SegmentStatement& statement,
                    const SegmentClaim& claim, const StarkProof& proof);

}  // namespace zkrv
