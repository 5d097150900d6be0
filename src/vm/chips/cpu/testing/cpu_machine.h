// CpuTestMachine (test-only): a guest program run by the executor's tracing mode and turned into the
// traces of the CPU, program, memory image, memory boundary, ALU (add_sub, bitwise, lt, shift, mul,
// divrem), syscall oracle (oracle_chips.h) and byte chips; checked with the debug builder and the bus
// checker and proved and verified with the STARK. Traces are editable for forgeries; rebalance()
// then recomputes what the other tables must hold for the edited CPU trace (the memory boundary from
// the CPU's memory sends, the byte multiplicities from every byte send), so that only the targeted
// constraint or bus tuple can object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "air/debug.h"
#include "matrix/row_major_matrix.h"
#include "stark/chip.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/cpu/cpu_chip.h"
#include "vm/chips/memory/memory_boundary_chip.h"
#include "vm/chips/memory/memory_image_chip.h"
#include "vm/chips/program/program_chip.h"
#include "vm/executor/tracing.h"
#include "vm/isa/program_image.h"

namespace zkrv::chips::testing {

inline constexpr uint32_t kTestCode = 0x10000, kTestData = 0x20000;

// An ELF with `code` (read + execute) at kTestCode, entry there, and `data` (read + write) at kTestData.
ProgramImage test_image(const std::vector<uint32_t>& code, const std::vector<uint32_t>& data = {});

// `events` with their register records recomputed in order (clk = index, values and timestamps of
// every read and each write's previous value), as if the run had been exactly these cycles: a forged
// run whose memory argument is consistent. Write values are kept.
std::vector<CpuEvent> replay_registers(std::vector<CpuEvent> events);

// `code` followed by exit(0) that reads no register it did not write first (lui, then addi on a7
// itself; lui a0; ecall), for the forgery tests.
std::vector<uint32_t> with_exit(std::vector<uint32_t> code);
// The failures, one per line.
std::string describe(const std::vector<ConstraintFailure>& failures);

class CpuTestMachine {
 public:
  static constexpr size_t kCpu = 0, kLoadStore = 1, kProgram = 2, kImage = 3, kBoundary = 4;

  // The honest machine of the executor's run of `image` (boundary from the executor's records).
  explicit CpuTestMachine(const ProgramImage& image);
  // A machine whose CPU rows are `events` (forged ones allowed, as long as the CPU's trace generation
  // accepts them); everything else follows from the CPU trace (rebalance()).
  CpuTestMachine(const ProgramImage& image, std::span<const CpuEvent> events);

  const ExecutionTrace& execution() const noexcept { return execution_; }
  const CpuTrace& cpu_output() const noexcept { return cpu_; }
  size_t num_chips() const noexcept { return entries_.size(); }
  const std::string& chip_name(size_t chip) const { return entries_.at(chip).name; }
  RowMajorMatrix<Fp>& trace(size_t chip) { return entries_.at(chip).main; }
  const RowMajorMatrix<Fp>& trace(size_t chip) const { return entries_.at(chip).main; }

  // After editing the CPU trace: every other table from what the CPU trace sends (program counts,
  // ALU chips, syscall oracle, the boundary from the last memory send per address), then the byte
  // table from every chip's byte sends (tuples no table row holds are skipped: nothing balances them).
  void rebalance();

  std::vector<ConstraintFailure> constraint_failures(size_t chip) const;
  std::vector<BusImbalance> bus_imbalances() const;
  std::vector<std::string> check() const;  // every failure and imbalance; empty: accepted
  // Proves and verifies; "" if the verifier accepted, else its complaint.
  std::string prove_and_verify() const;

  struct SweepReport {
    size_t mutations = 0, proved = 0;
    std::vector<std::string> accepted;  // must be empty
  };
  // +1 and a random nonzero delta on each CPU column, on up to `rows_per_column` sampled rows, judged
  // locally (constraint rows r - 1 and r, row r's interactions against the honest ones); `prove`
  // rejected mutations also go through the prover.
  SweepReport sweep_cpu(size_t rows_per_column, size_t prove, uint64_t seed) {
    return sweep(kCpu, kCpuColumnNames, rows_per_column, prove, seed);
  }
  // The same for the load-store chip's columns.
  SweepReport sweep_load_store(size_t rows_per_column, size_t prove, uint64_t seed) {
    return sweep(kLoadStore, LoadStoreChip::kColumnNames, rows_per_column, prove, seed);
  }

 private:
  struct Entry {
    std::string name;
    std::function<void(DebugBuilder&)> eval;
    Chip stark;
    RowMajorMatrix<Fp> main;
    std::shared_ptr<const RowMajorMatrix<Fp>> prep;
    std::vector<Fp> publics;
  };
  SweepReport sweep(size_t chip, std::span<const std::string_view> names, size_t rows_per_column, size_t prove,
                    uint64_t seed);
  void build(const ProgramImage& image, std::span<const CpuEvent> events, bool boundary_from_executor);
  // Every table after the CPU's and the load-store chip's from cpu_ and the final words; lookups go to
  // `bytes`.
  void derive(std::span<const FinalWord> touched, ByteLookups& bytes);
  template <class A>
  void add(A chip, RowMajorMatrix<Fp> main, std::vector<Fp> publics = {});
  ChipTrace view(size_t chip) const;
  std::vector<EvaluatedInteraction<Fp>> row_interactions(size_t chip, size_t row) const;

  ExecutionTrace execution_;
  CpuTrace cpu_;
  std::shared_ptr<const MemoryImageChip> image_;
  std::shared_ptr<const ProgramChip> program_;
  ByteChip byte_;
  std::vector<Entry> entries_;  // the byte chip last
};

}  // namespace zkrv::chips::testing
