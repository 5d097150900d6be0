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
    kProgram, kMemoryImage, kCpu, kAddSub, kBitwise, kLt, kShift, kMul, kDivRem, kSyscall, kSyscallIo,
    kMemoryBoundary, kByte, kCount
  };

  explicit MachineChips(const MachineImage& image);  // prover: preprocessed tables hold the image
  explicit MachineChips(const MachineShape& shape);   // verifier: shapes only

  const MachineShape& shape() const noexcept { return shape_; }
  const std::vector<Chip>& stark_chips() const noexcept { return stark_; }
  // Public values per chip (CPU: entry, first writable word; syscall I/O: first writable word).
  std::vector<std::vector<Fp>> public_values() const;
  // The chip `i` bound to traces, for air/debug.h (the chip object lives in this MachineChips).
  ChipTrace debug_view(size_t i, MatrixView<const Fp> main, MatrixView<const Fp> preprocessed,
                       std::span<const Fp> public_values) const;
  // Preprocessed trace of chip i (empty matrix for chips without one; throws for a shape-only set).
  RowMajorMatrix<Fp> preprocessed_trace(size_t i) const;

  struct Erased;  // one chip behind std::function (machine.cpp)

 private:
  MachineShape shape_;
  std::vector<std::shared_ptr<const Erased>> erased_;
  std::vector<Chip> stark_;
};

// The statement's own tuples: (i, journal[i]) received on the journal bus for every i, and the exit
// code received on the halt bus.
std::vector<PublicInteraction> statement_interactions(const SegmentClaim& claim);

struct MachineTraces {
  std::vector<RowMajorMatrix<Fp>> main;  // per chip, proof order
  std::vector<size_t> rows;              // used rows per chip
  SegmentClaim claim;
};

// Every chip's trace from one traced run of `image`. Throws std::invalid_argument if the run has no
// proof (the chips' trace generation names why) and CycleLimitReached beyond kMaxSegmentCycles.
MachineTraces generate_machine_traces(const MachineChips& chips, const MachineImage& image,
                                      const ExecutionTrace& run);

// Proves the traces as they are (prove_segment's STARK step; tests prove forged traces with it).
// `root`, if given, receives the preprocessed root the proof was made with.
StarkProof prove_machine_traces(const MachineChips& chips, const MachineTraces& traces, const FriConfig& config,
                                ProverTimings* timings = nullptr, Digest* root = nullptr);

// Debug check of all traces: constraint failures (up to max_per_chip per chip) and bus imbalances, as
// human-readable lines; empty when the traces satisfy the machine. Slow (interprets every row).
std::vector<std::string> check_machine_traces(const MachineChips& chips, const MachineTraces& traces,
                                              size_t max_per_chip = 4);

}  // namespace zkrv
