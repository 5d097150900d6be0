#include "vm/chips/testing/alu_machine.h"

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <set>
#include <utility>

#include "base/error.h"
#include "stark/stark_test_util.h"

namespace zkrv::chips::testing {

namespace {

constexpr std::array<uint32_t, 12> kEdgeOperands = {0u,          1u,          2u,          0x7fffu,
                                                    0x8000u,     0xffffu,     0x10000u,    0x7fffffffu,
                                                    0x80000000u, 0x80000001u, 0xfffffffeu, 0xffffffffu};

// The net (bus, tuple) -> multiplicity contribution of one row (zero entries dropped).
InteractionNet row_net(const ChipTrace& t, size_t row) { return interaction_net(row_interactions(t, row)); }

// Whether constraint rows r - 1 (wrapping) and r of the chip all hold.
bool rows_hold(const ChipTrace& t, size_t row) {
  DebugBuilder b(t.main, t.preprocessed, t.public_values, false);
  for (size_t r : {(row + t.main.height() - 1) % t.main.height(), row}) {
    b.set_row(r);
    t.eval(b);
    if (!b.row_failures().empty()) return false;
  }
  return true;
}

// Records a byte-bus tuple in `bytes` if the byte table holds it; returns whether it does.
bool record_byte_tuple(std::span<const Fp> v, uint32_t n, ByteLookups& bytes) {
  if (v.size() != kByteBusArity) return false;
  return chips::record_byte_tuple(v[0].as_canonical(), v[1].as_canonical(), v[2].as_canonical(),
                                  v[3].as_canonical(), bytes, n);
}

}  // namespace

std::span<const uint32_t> edge_operands() { return kEdgeOperands; }

std::vector<AluEvent> edge_events(std::span<const AluOp> ops) {
  std::vector<AluEvent> events;
  for (AluOp op : ops)
    for (uint32_t b : kEdgeOperands)
      for (uint32_t c : kEdgeOperands) events.push_back(alu_event(op, b, c));
  return events;
}

std::vector<AluEvent> random_events(std::span<const AluOp> ops, size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto operand = [&]() -> uint32_t {
    switch (rng() % 6) {
      case 0: return kEdgeOperands[rng() % kEdgeOperands.size()];
      case 1: return static_cast<uint32_t>(rng() & 0xffffu);
      case 2: return static_cast<uint32_t>(rng() % 64);
      default: return static_cast<uint32_t>(rng());
    }
  };
  std::vector<AluEvent> events;
  events.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const AluOp op = ops[rng() % ops.size()];
    const uint32_t b = operand();
    events.push_back(alu_event(op, b, operand()));
  }
  return events;
}

FriConfig test_fri_config() { return stark_test::test_config(); }

AluTestMachine::AluTestMachine(std::span<const AluEvent> cpu_events)
    : byte_prep_(std::make_shared<const RowMajorMatrix<Fp>>(byte_chip_.preprocessed_trace())) {
  const AluDriverChip driver;
  add_chip(driver, driver.generate_trace(cpu_events, bytes_), AluDriverChip::kColumnNames);
}

std::string AluTestMachine::column_name(size_t chip, size_t column) const {
  const Entry& e = chips_.at(chip);
  if (column < e.column_names.size()) return std::string(e.column_names[column]);
  return "column " + std::to_string(column);
}

ChipTrace AluTestMachine::chip_trace(size_t chip) const {
  const Entry& e = chips_.at(chip);
  return ChipTrace{e.name, e.width, 0, 0, e.eval, e.main.view(), {}, {}};
}

void AluTestMachine::rebalance_bytes() {
  bytes_.clear();
  for (size_t c = 0; c < chips_.size(); ++c) {
    const ChipTrace t = chip_trace(c);
    DebugBuilder b(t.main, t.preprocessed, t.public_values, true);
    for (size_t r = 0; r < t.main.height(); ++r) {
      b.set_row(r);
      t.eval(b);
      for (const auto& i : b.row_interactions())
        if (i.bus == kByteBus && i.kind == InteractionKind::send && !i.multiplicity.is_zero())
          record_byte_tuple(i.values, i.multiplicity.as_canonical(), bytes_);
    }
  }
}

std::vector<ConstraintFailure> AluTestMachine::constraint_failures(size_t chip) const {
  return check_constraints(chip_trace(chip));
}

std::vector<std::string> AluTestMachine::check() const {
  const RowMajorMatrix<Fp> byte_main = byte_chip_.generate_trace(bytes_);
  std::vector<ChipTrace> traces;
  for (size_t c = 0; c < chips_.size(); ++c) traces.push_back(chip_trace(c));
  // The byte chip has no constraints; only its interactions matter.
  traces.push_back(zkrv::chip_trace(byte_chip_, byte_main.view(), byte_prep_->view()));
  std::vector<std::string> problems;
  for (const ChipTrace& t : traces)
    for (const auto& f : check_constraints(t)) problems.push_back(f.describe());
  for (const auto& imbalance : check_buses(traces)) problems.push_back(imbalance.describe());
  return problems;
}

std::vector<std::string> AluTestMachine::bus_problems() const {
  const RowMajorMatrix<Fp> byte_main = byte_chip_.generate_trace(bytes_);
  std::vector<ChipTrace> traces;
  for (size_t c = 0; c < chips_.size(); ++c) traces.push_back(chip_trace(c));
  traces.push_back(zkrv::chip_trace(byte_chip_, byte_main.view(), byte_prep_->view()));
  std::vector<std::string> problems;
  for (const auto& imbalance : check_buses(traces)) problems.push_back(imbalance.describe());
  return problems;
}

std::string rejected_only_by_constraint(const AluTestMachine& machine, size_t chip, std::string_view constraint) {
  if (const auto bus = machine.bus_problems(); !bus.empty()) return "a bus does not balance: " + bus.front();
  const auto failures = machine.constraint_failures(chip);
  if (failures.empty()) return "no constraint of '" + machine.chip_name(chip) + "' fails";
  if (std::none_of(failures.begin(), failures.end(), [&](const auto& f) { return f.name == constraint; }))
    return "'" + std::string(constraint) + "' holds; the first failure is " + failures.front().describe();
  if (machine.proves()) return "the verifier accepted the proof";
  return {};
}

std::string rejected_by_bus(const AluTestMachine& machine) {
  if (machine.bus_problems().empty()) return "every bus balances";
  if (machine.proves()) return "the verifier accepted the proof";
  return {};
}

void AluTestMachine::prove_and_verify(const FriConfig& config) const {
  std::vector<Chip> chips;
  std::vector<RowMajorMatrix<Fp>> traces;
  for (const Entry& e : chips_) {
    chips.push_back(e.stark);
    traces.push_back(e.main);
  }
  chips.push_back(Chip(byte_chip_));
  traces.push_back(byte_chip_.generate_trace(bytes_));
  std::vector<std::vector<Fp>> public_values(chips.size());
  const auto run = stark_test::prove_run(config, std::move(chips), std::move(traces), std::move(public_values));
  stark_test::verify_run(config, run, run.proof);
}

bool AluTestMachine::proves(const FriConfig& config) const {
  try {
    prove_and_verify(config);
    return true;
  } catch (const ProofRejected&) {
    return false;
  }
}

SweepReport sweep_chip(AluTestMachine& machine, size_t chip, const SweepOptions& options) {
  SweepReport report;
  if (const auto problems = machine.check(); !problems.empty()) {
    report.accepted.push_back("the honest machine is rejected: " + problems.front());
    return report;
  }
  std::mt19937_64 rng(options.seed);
  RowMajorMatrix<Fp>& main = machine.trace(chip);
  const size_t height = main.height();
  struct Mutation {
    size_t row, col;
    Fp delta;
  };
  std::vector<Mutation> rejected;
  for (size_t col = 0; col < main.width(); ++col) {
    std::set<size_t> rows;
    if (height <= options.max_rows_per_column) {
      for (size_t r = 0; r < height; ++r) rows.insert(r);
    } else {
      rows = {0, height - 1};
      while (rows.size() < options.max_rows_per_column) rows.insert(rng() % height);
    }
    for (size_t row : rows) {
      const ChipTrace t = machine.chip_trace(chip);
      const auto honest = row_net(t, row);
      Fp random_delta;
      while (random_delta.is_zero() || random_delta == Fp::one()) random_delta = Fp::random(rng);
      for (Fp delta : {Fp::one(), random_delta}) {
        const Fp saved = main(row, col);
        main(row, col) += delta;
        ++report.mutations;
        if (rows_hold(t, row) && row_net(t, row) == honest)
          report.accepted.push_back(machine.chip_name(chip) + ": " + machine.column_name(chip, col) + " row " +
                                    std::to_string(row) + " + " + std::to_string(delta.as_canonical()));
        else
          rejected.push_back({row, col, delta});
        main(row, col) = saved;
      }
    }
  }
  // A sample of the rejected mutations through the prover and verifier.
  for (size_t i = 0; i < options.prove_samples && !rejected.empty(); ++i) {
    const Mutation& mu = rejected[rng() % rejected.size()];
    const Fp saved = main(mu.row, mu.col);
    main(mu.row, mu.col) += mu.delta;
    ++report.proved;
    if (machine.proves())
      report.accepted.push_back("verifier accepted " + machine.chip_name(chip) + ": " +
                                machine.column_name(chip, mu.col) + " row " + std::to_string(mu.row));
    main(mu.row, mu.col) = saved;
  }
  return report;
}

}  // namespace zkrv::chips::testing
