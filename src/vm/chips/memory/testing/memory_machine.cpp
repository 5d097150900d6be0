#include "vm/chips/memory/testing/memory_machine.h"

#include <map>
#include <random>
#include <set>
#include <utility>

#include "air/testing/example_systems.h"
#include "base/error.h"
#include "stark/stark_test_util.h"

namespace zkrv::chips::testing {

namespace {

const std::shared_ptr<const RowMajorMatrix<Fp>>& byte_table() {
  static const auto table = std::make_shared<const RowMajorMatrix<Fp>>(ByteChip{}.preprocessed_trace());
  return table;
}

// Records a byte-bus tuple in `bytes` if the byte table holds it; returns whether it does.
bool record_byte_tuple(std::span<const Fp> v, uint32_t n, ByteLookups& bytes) {
  if (v.size() != kByteBusArity) return false;
  return chips::record_byte_tuple(v[0].as_canonical(), v[1].as_canonical(), v[2].as_canonical(),
                                  v[3].as_canonical(), bytes, n);
}

using NetKey = std::pair<uint32_t, std::vector<uint32_t>>;

// The net (bus, tuple) -> multiplicity contribution of one row (zero entries dropped).
std::map<NetKey, Fp> row_net(const ChipTrace& t, size_t row) {
  DebugBuilder b(t.main, t.preprocessed, t.public_values, true);
  b.set_row(row);
  t.eval(b);
  std::map<NetKey, Fp> net;
  for (const auto& i : b.row_interactions()) {
    std::vector<uint32_t> key;
    for (Fp v : i.values) key.push_back(v.as_canonical());
    net[{i.bus.id, std::move(key)}] += i.kind == InteractionKind::send ? i.multiplicity : -i.multiplicity;
  }
  std::erase_if(net, [](const auto& e) { return e.second.is_zero(); });
  return net;
}

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

}  // namespace

FriConfig memory_test_fri_config() { return stark_test::test_config(); }

MemoryTestMachine::MemoryTestMachine(MemoryImageChip image, std::span<const ScriptStep> script)
    : MemoryTestMachine(image, run_script(image.words(), script)) {}

MemoryTestMachine::MemoryTestMachine(MemoryImageChip image, const ScriptRun& run)
    : MemoryTestMachine(std::move(image), run.accesses, run.finals) {}

MemoryTestMachine::MemoryTestMachine(MemoryImageChip image, std::span<const DriverAccess> accesses,
                                     std::span<const FinalWord> finals)
    : image_(std::move(image)),
      image_prep_(std::make_shared<const RowMajorMatrix<Fp>>(image_.preprocessed_trace())),
      byte_prep_(byte_table()) {
  mains_.push_back(driver_.generate_trace(accesses, bytes_));
  mains_.push_back(image_.generate_trace());
  mains_.push_back(boundary_.generate_trace(finals, image_.words(), bytes_));
}

std::string MemoryTestMachine::chip_name(size_t chip) const {
  switch (chip) {
    case kDriver: return std::string(driver_.name());
    case kImage: return std::string(image_.name());
    case kBoundary: return std::string(boundary_.name());
    default: return std::string(byte_.name());
  }
}

std::string MemoryTestMachine::column_name(size_t chip, size_t column) const {
  switch (chip) {
    case kDriver: return std::string(MemoryDriverChip::kColumnNames.at(column));
    case kImage: return std::string(MemoryImageChip::kColumnNames.at(column));
    case kBoundary: return std::string(MemoryBoundaryChip::kColumnNames.at(column));
    default: return std::string(ByteChip::kColumnNames.at(column));
  }
}

std::vector<ChipTrace> MemoryTestMachine::traces() const {
  // Driver, image and boundary; callers that need the byte chip add it with a trace from bytes().
  std::vector<ChipTrace> t;
  t.push_back(zkrv::chip_trace(driver_, mains_[kDriver].view()));
  t.push_back(zkrv::chip_trace(image_, mains_[kImage].view(), image_prep_->view()));
  t.push_back(zkrv::chip_trace(boundary_, mains_[kBoundary].view()));
  return t;
}

void MemoryTestMachine::rebalance_bytes() {
  bytes_.clear();
  for (const ChipTrace& t : traces()) {
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

std::vector<ConstraintFailure> MemoryTestMachine::constraint_failures(size_t chip) const {
  return check_constraints(traces().at(chip));
}

std::vector<BusImbalance> MemoryTestMachine::bus_imbalances() const {
  const RowMajorMatrix<Fp> byte_main = byte_.generate_trace(bytes_);
  std::vector<ChipTrace> t = traces();
  t.push_back(zkrv::chip_trace(byte_, byte_main.view(), byte_prep_->view()));
  return check_buses(t);
}

std::vector<std::string> MemoryTestMachine::check() const {
  const RowMajorMatrix<Fp> byte_main = byte_.generate_trace(bytes_);
  std::vector<ChipTrace> t = traces();
  t.push_back(zkrv::chip_trace(byte_, byte_main.view(), byte_prep_->view()));
  return air_testing::check_system(t);
}

std::string MemoryTestMachine::prove_and_verify(const MemoryImageChip* verifier_image, const FriConfig& config) const {
  std::vector<Chip> chips = {Chip(driver_), Chip(image_), Chip(boundary_), Chip(byte_)};
  std::vector<RowMajorMatrix<Fp>> mains = mains_;
  mains.push_back(byte_.generate_trace(bytes_));
  const auto run = stark_test::prove_run(config, chips, std::move(mains), std::vector<std::vector<Fp>>(kNumChips));
  try {
    if (verifier_image == nullptr) {
      stark_test::verify_run(config, run, run.proof);
    } else {
      const std::vector<Chip> theirs = {Chip(driver_), Chip(*verifier_image), Chip(boundary_), Chip(byte_)};
      const ProvingKey their_key = setup(TwoAdicFriPcs(config), theirs);
      verify_with_config(config, theirs, their_key.vk, run.public_values, run.proof);
    }
  } catch (const ProofRejected& e) {
    return e.what();
  }
  return "";
}

MemorySweepReport sweep_memory_chip(MemoryTestMachine& machine, size_t chip, size_t prove_samples, uint64_t seed) {
  MemorySweepReport report;
  if (const auto problems = machine.check(); !problems.empty()) {
    report.accepted.push_back("the honest machine is rejected: " + problems.front());
    return report;
  }
  std::mt19937_64 rng(seed);
  RowMajorMatrix<Fp>& main = machine.trace(chip);
  struct Mutation {
    size_t row, col;
    Fp delta;
  };
  std::vector<Mutation> rejected;
  for (size_t col = 0; col < main.width(); ++col) {
    for (size_t row = 0; row < main.height(); ++row) {
      const ChipTrace t = machine.traces().at(chip);
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
  for (size_t i = 0; i < prove_samples && !rejected.empty(); ++i) {
    const Mutation& mu = rejected[rng() % rejected.size()];
    const Fp saved = main(mu.row, mu.col);
    main(mu.row, mu.col) += mu.delta;
    ++report.proved;
    if (machine.prove_and_verify().empty())
      report.accepted.push_back("verifier accepted " + machine.chip_name(chip) + ": " +
                                machine.column_name(chip, mu.col) + " row " + std::to_string(mu.row));
    main(mu.row, mu.col) = saved;
  }
  return report;
}

}  // namespace zkrv::chips::testing
