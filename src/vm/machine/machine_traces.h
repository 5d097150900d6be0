// The traces of one segment (vm/machine/README.md, "Trace generation"): every chip's main trace from
// one traced run, the public values and the statement's public interactions. prove_segment() proves
// them; tests edit them (forgeries) and check them with the debug builder and the bus checker.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "air/debug.h"
#include "air/interaction.h"
#include "matrix/row_major_matrix.h"
#include "stark/chip.h"
#include "stark/keys.h"
#include "vm/executor/tracing.h"
#include "vm/machine/machine.h"
#include "vm/machine/machine_image.h"

namespace zkrv {

// The machine's chip objects for one image (shared, so chip_trace views stay valid while copies of
// this struct live), in proof order.
class MachineChips {
 public:
  // Indices in proof order (vm/machine/README.md).
  enum Index : size_t {
    kProgram, kInstructionClass, kCpu, kLoadStore, kAddSub, kBitwise, kLt, kShift, kMul, kDivRem, kSyscall, kSyscallIo,
    kMemoryLeaf, kMemoryNode, kPoseidon2, kByte, kCount
  };

  // The chips of an image's shape (prover and verifier alike: no preprocessed table depends on the
  // program). std::invalid_argument for a shape no loaded ELF has (machine_shape_error).
  // min_height: every table at least this tall (a power of two >= 8): a zero-knowledge configuration's
  // minimum committed height (min_trace_height).
  explicit MachineChips(const MachineImage& image, size_t min_height = 8);
  explicit MachineChips(const MachineShape& shape, size_t min_height = 8);

  const MachineShape& shape() const noexcept { return shape_; }
  size_t min_height() const noexcept { return min_height_; }
  const std::vector<Chip>& stark_chips() const noexcept { return stark_; }
  // Public values per chip (CPU: the statement's first pc and final pc; load-store and syscall I/O: the
  // first writable word).
  std::vector<std::vector<Fp>> public_values(const SegmentStatement& statement) const;
  // The chip `i` bound to traces, for air/debug.h (the chip object lives in this MachineChips).
  ChipTrace debug_view(size_t i, MatrixView<const Fp> main, MatrixView<const Fp> preprocessed,
                       std::span<const Fp> public_values) const;
  // Preprocessed trace of chip i (empty matrix for chips without one).
  RowMajorMatrix<Fp> preprocessed_trace(size_t i) const;

  struct Erased;  // one chip behind std::function (machine.cpp)

 private:
  MachineShape shape_;
  size_t min_height_ = 8;
  std::vector<std::shared_ptr<const Erased>> erased_;
  std::vector<Chip> stark_;
};

// The statement's own tuples: (1, pre_root, post_root) received on the Merkle bus; (journal_begin + i,
// claim.journal[i]) received on the journal bus for every i; with halted, the exit code received on
// the halt bus. Throws std::invalid_argument if the claim's journal does not have the statement's length.
std::vector<PublicInteraction> statement_interactions(const SegmentStatement& statement, const SegmentClaim& claim);

struct MachineTraces {
  std::vector<RowMajorMatrix<Fp>> main;  // per chip, proof order
  std::vector<size_t> rows;              // used rows per chip
  SegmentStatement statement;
  SegmentClaim claim;
};

// Every chip's trace of one segment, starting from the memory state `tree` (which must be the state the
// segment's events start from: its touched words' initial values are checked against it), which it
// updates to the state after the segment. Throws std::invalid_argument if the segment has no proof
// (the chips' trace generation names why) and CycleLimitReached beyond kMaxSegmentCycles.
MachineTraces generate_segment_traces(const MachineChips& chips, const TracedSegment& segment,
                                      MemoryTree& tree);

// A whole run of `image` (execute_traced) as one segment from the image's initial state.
MachineTraces generate_machine_traces(const MachineChips& chips, const MachineImage& image,
                                      const ExecutionTrace& run);

// Proves the traces as they are (prove_segment's STARK step; tests prove forged traces with it).
// `root`, if given, receives the preprocessed root the proof was made with.
// `key`, if given, is setup() of these chips under `config` (computed here otherwise).
StarkProof prove_machine_traces(const MachineChips& chips, const MachineTraces& traces, const FriConfig& config,
                                ProverTimings* timings = nullptr, Digest* root = nullptr,
                                const ProvingKey* key = nullptr);
// The same, giving the main traces up to the prover, which frees them as soon as it can (a lower peak
// memory); the statement and claim stay in `traces`.
StarkProof prove_machine_traces(const MachineChips& chips, MachineTraces&& traces, const FriConfig& config,
                                ProverTimings* timings = nullptr, Digest* root = nullptr,
                                const ProvingKey* key = nullptr);

// The memory state the image starts from: registers, syscall state words and every ELF segment word.
MemoryTree initial_memory_tree(const MachineImage& image);

// Debug check of all traces: constraint failures (up to max_per_chip per chip) and bus imbalances, as
// human-readable lines; empty when the traces satisfy the machine. Slow (interprets every row).
std::vector<std::string> check_machine_traces(const MachineChips& chips, const MachineTraces& traces,
                                              size_t max_per_chip = 4);

}  // namespace zkrv
