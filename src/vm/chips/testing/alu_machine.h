// AluTestMachine: a small RV32IM machine for ALU-chip tests (vm/chips/README.md, "Tests every chip has"):
// the AluDriverChip playing the CPU, the chips under test, and the ByteChip, checked with the debug
// builder and bus checker (air/debug.h, as air/testing/example_systems.h does) and proved and verified
// with the STARK (stark/stark_test_util.h). Plus the helpers every ALU chip test needs: event
// generators with the RISC-V edge cases, and a per-column mutation sweep.
//
// Typical use (honest):
//   AluTestMachine m(events);                                  // driver rows = the CPU's events
//   m.add_chip(AddSubChip{}, AddSubChip{}.generate_trace(events, m.bytes()));
//   EXPECT_TRUE(m.check().empty());  EXPECT_TRUE(m.proves());
// Forging: build the driver from forged events, edit the chip's trace(i) cells, call rebalance_bytes()
// so that only the chip's own constraints can object, then expect constraint_failures(i) to name the
// constraint and proves() to be false.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "air/debug.h"
#include "fri/config.h"
#include "matrix/row_major_matrix.h"
#include "stark/chip.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/byte/byte_lookups.h"
#include "vm/chips/testing/alu_driver.h"
#include "vm/executor/alu_event.h"

namespace zkrv::chips::testing {

// The event the CPU would emit: a = evaluate_alu(op, b, c).
inline AluEvent alu_event(AluOp op, uint32_t b, uint32_t c) { return {op, evaluate_alu(op, b, c), b, c}; }

// Operands worth testing for any ALU op: 0, 1, 2, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff (INT_MAX),
// 0x80000000 (INT_MIN), 0x80000001, 0xfffffffe, 0xffffffff (-1).
std::span<const uint32_t> edge_operands();

// Every op in `ops` on every pair of edge operands (so equal operands, carries, overflow, signs...).
std::vector<AluEvent> edge_events(std::span<const AluOp> ops);
// n events with ops drawn from `ops` and operands random (half of them near an edge: an edge operand,
// a random 16-bit value, or a small one), deterministic for a seed.
std::vector<AluEvent> random_events(std::span<const AluOp> ops, size_t n, uint64_t seed);

// The FRI configuration tests prove with (stark_test::test_config()).
FriConfig test_fri_config();

class AluTestMachine {
 public:
  static constexpr size_t kDriver = 0;  // chip index of the driver

  // The driver's rows are `cpu_events` (forged ones allowed); its range checks go to bytes().
  explicit AluTestMachine(std::span<const AluEvent> cpu_events);

  // Adds a chip under test with its main trace; returns its chip index (1, 2, ... in order of addition).
  // The byte chip is implicit and always last; its trace is generated from bytes() when needed.
  template <StarkAir A>
    requires AirFor<A, DebugBuilder>
  size_t add_chip(A chip, RowMajorMatrix<Fp> main) {
    auto shared = std::make_shared<const A>(std::move(chip));
    chips_.push_back(Entry{std::string(shared->name()), shared->width(),
                           [shared](DebugBuilder& b) { shared->eval(b); }, Chip(*shared), std::move(main),
                           std::vector<std::string_view>{}});
    return chips_.size() - 1;
  }
  // The same, with names for the columns (e.g. a chip's kColumnNames), used in sweep reports.
  template <StarkAir A, class Names>
    requires AirFor<A, DebugBuilder>
  size_t add_chip(A chip, RowMajorMatrix<Fp> main, const Names& column_names) {
    const size_t i = add_chip(std::move(chip), std::move(main));
    chips_[i].column_names.assign(std::begin(column_names), std::end(column_names));
    return i;
  }

  ByteLookups& bytes() noexcept { return bytes_; }
  size_t num_chips() const noexcept { return chips_.size(); }  // driver and chips under test
  RowMajorMatrix<Fp>& trace(size_t chip) { return chips_.at(chip).main; }
  const RowMajorMatrix<Fp>& trace(size_t chip) const { return chips_.at(chip).main; }
  const std::string& chip_name(size_t chip) const { return chips_.at(chip).name; }
  std::string column_name(size_t chip, size_t column) const;
  // The debug view of a chip's current trace (valid while the machine lives and the trace is not
  // replaced).
  ChipTrace chip_trace(size_t chip) const;

  // Replaces bytes() by exactly the byte-bus sends of the driver and every chip under test (rows whose
  // tuple is not in the byte table are skipped: nothing can balance them). For forged traces.
  void rebalance_bytes();

  // Constraint failures of one chip (at most 16), in row order.
  std::vector<ConstraintFailure> constraint_failures(size_t chip) const;
  // Every constraint failure of every chip (byte chip included) and every bus imbalance, as lines;
  // empty means the debug builder and the bus checker accept the machine.
  std::vector<std::string> check() const;
  // Only the bus imbalances (byte chip included), as lines.
  std::vector<std::string> bus_problems() const;

  // Proves the machine (driver, chips under test, byte chip) and verifies the proof; throws
  // ProofRejected (or whatever the prover throws for malformed input) if verification fails.
  void prove_and_verify(const FriConfig& config = test_fri_config()) const;
  // prove_and_verify, with ProofRejected turned into false.
  bool proves(const FriConfig& config = test_fri_config()) const;

 private:
  struct Entry {
    std::string name;
    size_t width;
    std::function<void(DebugBuilder&)> eval;
    Chip stark;
    RowMajorMatrix<Fp> main;
    std::vector<std::string_view> column_names;
  };
  std::vector<Entry> chips_;
  ByteLookups bytes_;
  ByteChip byte_chip_;
  std::shared_ptr<const RowMajorMatrix<Fp>> byte_prep_;
};

// Builds the honest machine for one chip: driver from `events`, then `chip` with the trace it
// generates from the same events.
template <class A>
AluTestMachine honest_machine(const A& chip, std::span<const AluEvent> events) {
  AluTestMachine m(events);
  m.add_chip(chip, chip.generate_trace(events, m.bytes()), A::kColumnNames);
  return m;
}

// A consistently forged machine (docs/architecture.md section 5): the driver sends `driver_events`, the chip's
// trace is generated from `chip_events` (usually the same forged list) and then edited by
// `edit(RowMajorMatrix<Fp>&)`, and the byte multiplicities are recomputed from what every chip sends, so
// that only the chip's own constraints (or a lookup no table row answers) can object.
template <class A, class Edit>
AluTestMachine forged_machine(const A& chip, std::span<const AluEvent> driver_events,
                              std::span<const AluEvent> chip_events, Edit&& edit) {
  AluTestMachine m(driver_events);
  ByteLookups scratch;
  RowMajorMatrix<Fp> t = chip.generate_trace(chip_events, scratch);
  edit(t);
  m.add_chip(chip, std::move(t), A::kColumnNames);
  m.rebalance_bytes();
  return m;
}

// Empty if the forged machine is rejected exactly as a malicious-trace test wants: every bus balances,
// the chip's constraint named `constraint` fails on some row (others may fail too), and the verifier
// rejects the proof; otherwise what went wrong.
std::string rejected_only_by_constraint(const AluTestMachine& machine, size_t chip, std::string_view constraint);
// Empty if some bus does not balance (the chip's constraints may all hold) and the verifier rejects the
// proof: for forgeries only a lookup can catch (e.g. non-canonical limbs); otherwise what went wrong.
std::string rejected_by_bus(const AluTestMachine& machine);

// ---- mutation sweep --------------------------------------------------------------------------------

struct SweepOptions {
  size_t max_rows_per_column = 32;  // every row if the trace is no taller, else a sample incl. first/last
  uint64_t seed = 1;
  size_t prove_samples = 2;         // mutations also proved; the verifier must reject each
};

struct SweepReport {
  size_t mutations = 0;
  size_t proved = 0;
  std::vector<std::string> accepted;  // mutations nothing rejected: must be empty
};

// Adds +1 and a random nonzero delta to each cell of each column of `chip` (rows sampled as above), one
// at a time, and records every mutation the debug builder and bus checker would both accept. The
// machine must be honest (check() empty; asserted by the sweep). Each mutation is judged exactly as
// check() would judge it, but locally: a cell (r, c) enters only rows r - 1 and r of its chip's
// constraints and only row r's interactions, and an honest machine balances, so the mutated machine
// balances iff row r's net (bus, tuple) -> multiplicity contribution is unchanged. The trace is
// restored afterwards.
SweepReport sweep_chip(AluTestMachine& machine, size_t chip, const SweepOptions& options = {});

}  // namespace zkrv::chips::testing
