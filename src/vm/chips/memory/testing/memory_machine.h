// MemoryTestMachine: the memory argument as a small machine for tests (vm/chips/README.md, "Tests every
// chip has"): the MemoryDriverChip playing the CPU, the MemoryImageChip (preprocessed), the
// MemoryBoundaryChip and the ByteChip; checked with the debug builder and the bus checker
// (air/debug.h) and proved and verified with the STARK (stark/stark_test_util.h). Traces are mutable
// in place for forgeries; rebalance_bytes() then makes the byte table answer exactly what is sent, so
// only the targeted constraint or a memory-bus tuple can object.
//
// The machine refers to its own members in the debug views it builds per call; keep it in one place
// while a call runs (it is movable between calls).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "air/debug.h"
#include "fri/config.h"
#include "matrix/row_major_matrix.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/memory/memory_boundary_chip.h"
#include "vm/chips/memory/memory_image_chip.h"
#include "vm/chips/memory/testing/memory_driver.h"

namespace zkrv::chips::testing {

FriConfig memory_test_fri_config();

class MemoryTestMachine {
 public:
  static constexpr size_t kDriver = 0, kImage = 1, kBoundary = 2, kByte = 3, kNumChips = 4;

  // The honest machine of `script` run over `image`.
  MemoryTestMachine(MemoryImageChip image, std::span<const ScriptStep> script);
  // A machine from given driver rows and boundary rows (forgeries start here).
  MemoryTestMachine(MemoryImageChip image, std::span<const DriverAccess> accesses, std::span<const FinalWord> finals);

  const MemoryImageChip& image() const noexcept { return image_; }
  // Main trace of kDriver, kImage or kBoundary (the byte chip's comes from bytes()).
  RowMajorMatrix<Fp>& trace(size_t chip) { return mains_.at(chip); }
  const RowMajorMatrix<Fp>& trace(size_t chip) const { return mains_.at(chip); }
  ByteLookups& bytes() noexcept { return bytes_; }
  std::string chip_name(size_t chip) const;
  std::string column_name(size_t chip, size_t column) const;

  // Replaces bytes() by exactly the byte-bus sends of the driver and the boundary (tuples the table
  // does not hold are skipped: nothing can balance them).
  void rebalance_bytes();

  // Debug views of the driver, image and boundary traces (valid while *this is unchanged).
  std::vector<ChipTrace> traces() const;
  std::vector<ConstraintFailure> constraint_failures(size_t chip) const;
  std::vector<BusImbalance> bus_imbalances() const;
  // Every constraint failure and bus imbalance as lines; empty: debug builder and bus checker accept.
  std::vector<std::string> check() const;

  // Proves and verifies; returns the verifier's complaint, "" if it accepted. The verifying key is the
  // one of `verifier_image` if given (a verifier that holds another image ID), else the machine's own.
  std::string prove_and_verify(const MemoryImageChip* verifier_image = nullptr,
                               const FriConfig& config = memory_test_fri_config()) const;

 private:
  MemoryTestMachine(MemoryImageChip image, const ScriptRun& run);

  MemoryDriverChip driver_;
  MemoryImageChip image_;
  MemoryBoundaryChip boundary_;
  ByteChip byte_;
  std::vector<RowMajorMatrix<Fp>> mains_;  // driver, image, boundary
  std::shared_ptr<const RowMajorMatrix<Fp>> image_prep_, byte_prep_;
  ByteLookups bytes_;
};

// ---- mutation sweep --------------------------------------------------------------------------------

struct MemorySweepReport {
  size_t mutations = 0;
  size_t proved = 0;
  std::vector<std::string> accepted;  // mutations nothing rejected: must be empty
};

// Adds +1 and a random nonzero delta to every cell of the main trace of `chip`, one at a time, and
// records each mutation that both the debug builder and the bus checker would accept. Judged locally
// (as vm/chips/testing's sweep_chip does): a cell of row r enters only constraint rows r - 1 and r and
// row r's interactions, and the honest machine balances, so the mutated machine is accepted iff those
// rows hold and row r's net (bus, tuple) multiplicities are unchanged. Then `prove_samples` rejected
// mutations go through the prover, and the verifier must reject each.
MemorySweepReport sweep_memory_chip(MemoryTestMachine& machine, size_t chip, size_t prove_samples, uint64_t seed);

}  // namespace zkrv::chips::testing
