// Proving a run: execute the guest on its private input and produce a receipt (`zkrv prove`).
//
// What a receipt guarantees today: the program with this image ID ran from its entry point to exit
// with the claimed exit code and journal, on some private input. What it does not (yet): the proof is
// NOT zero-knowledge, it may leak information about the private input. A run of any length (up to
// max_cycles) is proved in segments of at most 2^segment_po2 cycles, one STARK proof each.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "zkrv/export.h"
#include "zkrv/program.h"
#include "zkrv/receipt.h"

namespace zkrv::host {

// Called from the proving thread at the start (done = false) and end (done = true) of each phase:
// "setup" (the proving key), "execute" (the whole run, fast), then "trace" and "prove" once per segment,
// then "image" (the image commitments).
using ProgressCallback = std::function<void(std::string_view phase, bool done)>;

struct ProveOptions {
  std::vector<uint8_t> input;  // the private input
  std::string config;          // a named proof configuration; empty: the default (proof_configurations()[0])
  unsigned segment_po2 = 18;   // segments of at most 2^segment_po2 cycles, 10 <= segment_po2 <= 22
  uint64_t max_cycles = uint64_t{1} << 32;  // longer runs fail with Error(cycle_limit)
  ProgressCallback progress;
};

// What proving cost (the numbers `zkrv prove --stats` writes).
struct ProveStats {
  uint64_t cycles = 0;
  size_t segments = 0;
  double execute_seconds = 0;
  double trace_seconds = 0;
  double stark_seconds = 0;
  double total_seconds = 0;  // execute + trace + stark
  uint64_t committed_cells = 0;
  struct Chip {
    std::string name;
    uint64_t rows = 0;         // rows used by the run
    unsigned log_height = 0;   // log2 of the table's height (rows rounded up to a power of two)
  };
  std::vector<Chip> chips;
};

// The named proof configurations, the default first.
ZKRV_API std::vector<std::string> proof_configurations();

// Throws Error(guest_fault) if the run faults (no proof can exist), Error(cycle_limit) if it is longer
// than max_cycles, Error(usage) for an unknown configuration or a segment_po2 out of range.
ZKRV_API Receipt prove(const Program& program, const ProveOptions& options = {}, ProveStats* stats = nullptr);

}  // namespace zkrv::host
