#include "vm/chips/cpu/testing/cpu_machine.h"

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "abi/syscalls.h"
#include "base/error.h"
#include "stark/stark_test_util.h"
#include "support/elf_builder.h"
#include "support/rv_encoder.h"
#include "vm/chips/add_sub/add_sub_chip.h"
#include "vm/chips/bitwise/bitwise_chip.h"
#include "vm/chips/divrem/divrem_chip.h"
#include "vm/chips/cpu/testing/oracle_chips.h"
#include "vm/chips/lt/lt_chip.h"
#include "vm/chips/memory/memory_boundary_chip.h"
#include "vm/chips/mul/mul_chip.h"
#include "vm/chips/shift/shift_chip.h"

namespace zkrv::chips::testing {
namespace {

bool op_in(AluOp op, std::initializer_list<AluOp> ops) { return std::find(ops.begin(), ops.end(), op) != ops.end(); }

std::vector<AluEvent> with_ops(const std::vector<AluEvent>& events, std::initializer_list<AluOp> ops) {
  std::vector<AluEvent> out;
  for (const AluEvent& e : events)
    if (op_in(e.op, ops)) out.push_back(e);
  return out;
}

// The byte lookup a byte-bus tuple asks for, if the table holds it.
void record_byte_send(const std::vector<Fp>& t, ByteLookups& bytes) {
  record_byte_tuple(t[0].as_canonical(), t[1].as_canonical(), t[2].as_canonical(), t[3].as_canonical(), bytes);
}

InteractionNet net(const std::vector<EvaluatedInteraction<Fp>>& interactions) { return interaction_net(interactions); }

}  // namespace

std::vector<uint32_t> with_exit(std::vector<uint32_t> code) {
  constexpr unsigned kA0 = 10, kA7 = 17;
  code.push_back(test::rv::lui(kA7, 0));
  code.push_back(test::rv::addi(kA7, kA7, ZKRV_SYS_EXIT));
  code.push_back(test::rv::lui(kA0, 0));
  code.push_back(test::rv::ecall());
  return code;
}

std::string describe(const std::vector<ConstraintFailure>& failures) {
  std::string s;
  for (const auto& f : failures) s += f.describe() + "\n";
  return s;
}

ProgramImage test_image(const std::vector<uint32_t>& code, const std::vector<uint32_t>& data) {
  test::ElfSpec spec;
  spec.entry = kTestCode;
  spec.segments.push_back({kTestCode, test::words_to_bytes(code), 0, test::kPfR | test::kPfX});
  if (!data.empty()) spec.segments.push_back({kTestData, test::words_to_bytes(data), 0, test::kPfR | test::kPfW});
  return load_elf(test::build_elf(spec));
}

template <class A>
void CpuTestMachine::add(A chip, RowMajorMatrix<Fp> main, std::vector<Fp> publics) {
  auto shared = std::make_shared<const A>(std::move(chip));
  std::shared_ptr<const RowMajorMatrix<Fp>> prep;
  if (shared->preprocessed_width() > 0) prep = std::make_shared<const RowMajorMatrix<Fp>>(shared->preprocessed_trace());
  entries_.push_back(Entry{std::string(shared->name()), [shared](DebugBuilder& b) { shared->eval(b); }, Chip(*shared),
                           std::move(main), std::move(prep), std::move(publics)});
}

std::vector<CpuEvent> replay_registers(std::vector<CpuEvent> events) {
  std::array<uint32_t, kNumRegisters> value = default_initial_registers();
  std::array<uint32_t, kNumRegisters> ts{};
  for (size_t c = 0; c < events.size(); ++c) {
    CpuEvent& e = events[c];
    e.clk = static_cast<uint32_t>(c);
    if (e.has(CpuEvent::kReadsRs1)) {
      e.rs1 = {value[e.rs1_index], ts[e.rs1_index]};
      ts[e.rs1_index] = timestamp_of(e.clk, AccessSlot::rs1);
    }
    if (e.has(CpuEvent::kReadsRs2)) {
      e.rs2 = {value[e.rs2_index], ts[e.rs2_index]};
      ts[e.rs2_index] = timestamp_of(e.clk, AccessSlot::rs2);
    }
    if (e.has(CpuEvent::kWritesRd)) {
      e.rd.prev_value = value[e.rd_index];
      e.rd.prev_timestamp = ts[e.rd_index];
      value[e.rd_index] = e.rd.value;
      ts[e.rd_index] = timestamp_of(e.clk, AccessSlot::rd);
    }
  }
  return events;
}

CpuTestMachine::CpuTestMachine(const ProgramImage& image)
    : execution_(execute_traced(image, ExecutorEnv{})),
      image_(std::make_shared<const MemoryImageChip>(image, default_initial_registers())) {
  build(image, execution_.cpu.span(), true);
}

CpuTestMachine::CpuTestMachine(const ProgramImage& image, std::span<const CpuEvent> events)
    : image_(std::make_shared<const MemoryImageChip>(image, default_initial_registers())) {
  build(image, events, false);
  rebalance();
}

void CpuTestMachine::build(const ProgramImage& image, std::span<const CpuEvent> events, bool boundary_from_executor) {
  ByteLookups bytes;
  cpu_ = CpuChip{}.generate_trace(events, first_writable_word(image), bytes);
  program_ = std::make_shared<const ProgramChip>(image);
  add(CpuChip{}, cpu_.main, {Fp(image.entry), Fp(0u)});  // the run ends halted: final pc 0
  add(LoadStoreChip{}, LoadStoreChip{}.generate_trace(cpu_.load_store, first_writable_word(image), bytes),
      {Fp(first_writable_word(image))});
  std::vector<FinalWord> touched;
  if (boundary_from_executor) touched = final_words(std::span<const MemoryBoundary>(execution_.memory));
  derive(touched, bytes);
}

void CpuTestMachine::derive(std::span<const FinalWord> touched, ByteLookups& bytes) {
  entries_.erase(entries_.begin() + 2, entries_.end());  // keep the CPU and the load-store chip
  // Forged fetches of pcs without a row are left out: nothing can balance them.
  std::vector<uint32_t> counts(program_->rows().size(), 0);
  for (uint32_t pc : cpu_.pcs)
    if (const auto row = program_->row_of(pc)) ++counts[*row];
  add(*program_, program_->generate_trace(counts));
  add(*image_, image_->generate_trace());
  const MemoryBoundaryChip boundary;
  add(boundary, boundary.generate_trace(final_memory(image_->words(), touched), image_->words(), bytes));

  using A = AluOp;
  const auto& alu = cpu_.alu;
  add(AddSubChip{}, AddSubChip{}.generate_trace(with_ops(alu, {A::add, A::sub}), bytes));
  add(BitwiseChip{}, BitwiseChip{}.generate_trace(with_ops(alu, {A::xor_, A::or_, A::and_}), bytes));
  add(LtChip{}, LtChip{}.generate_trace(with_ops(alu, {A::slt, A::sltu}), bytes));
  add(ShiftChip{}, ShiftChip{}.generate_trace(with_ops(alu, {A::sll, A::srl, A::sra}), bytes));
  add(MulChip{}, MulChip{}.generate_trace(with_ops(alu, {A::mul, A::mulh, A::mulhsu, A::mulhu}), bytes));
  add(DivRemChip{}, DivRemChip{}.generate_trace(with_ops(alu, {A::div, A::divu, A::rem, A::remu}), bytes));
  const TupleOracleChip sys_o = syscall_oracle();
  std::vector<std::array<uint32_t, 8>> sys;
  for (const SyscallSend& s : cpu_.syscalls) sys.push_back(syscall_row(s));
  add(sys_o, sys_o.trace(std::span<const std::array<uint32_t, 8>>(sys), bytes));
  add(byte_, byte_.generate_trace(bytes));
}

ChipTrace CpuTestMachine::view(size_t chip) const {
  const Entry& e = entries_.at(chip);
  return ChipTrace{e.name,   e.stark.width(),  e.stark.preprocessed_width(), e.stark.num_public_values(), e.eval,
                   e.main.view(), e.prep ? e.prep->view() : MatrixView<const Fp>{}, e.publics};
}

std::vector<EvaluatedInteraction<Fp>> CpuTestMachine::row_interactions(size_t chip, size_t row) const {
  const ChipTrace t = view(chip);
  DebugBuilder b(t.main, t.preprocessed, t.public_values, true);
  b.set_row(row);
  t.eval(b);
  return b.row_interactions();
}

void CpuTestMachine::rebalance() {
  // What the CPU trace sends, read back through its eval: fetches, ALU operations, syscalls; and the
  // last memory send per address of the CPU and the load-store chip (the final word; image words not
  // sent keep theirs). The load-store table is kept as it is (forgeries edit it directly).
  cpu_.pcs.clear();
  cpu_.alu.clear();
  cpu_.syscalls.clear();
  std::map<uint32_t, FinalWord> last;
  const auto word = [](const std::vector<Fp>& t, size_t i) {
    return t[i].as_canonical() | (t[i + 1].as_canonical() << 16);
  };
  for (size_t chip : {kCpu, kLoadStore})
  for (size_t r = 0; r < trace(chip).height(); ++r)
    for (const auto& i : row_interactions(chip, r)) {
      if (i.kind != InteractionKind::send || i.multiplicity == Fp::zero()) continue;
      const auto& t = i.values;
      if (i.bus == kProgramBus) cpu_.pcs.push_back(t[kFieldPc].as_canonical());
      if (i.bus == kAluBus)
        cpu_.alu.push_back({static_cast<AluOp>(t[0].as_canonical()), word(t, 1), word(t, 3), word(t, 5)});
      if (i.bus == kSyscallBus)
        cpu_.syscalls.push_back({t[0].as_canonical(), word(t, 1), word(t, 3), word(t, 5), t[7].as_canonical()});
      if (i.bus != kMemoryBus) continue;
      const FinalWord w{t[0].as_canonical(), word(t, 1), t[3].as_canonical()};
      auto [it, fresh] = last.try_emplace(w.addr, w);
      if (!fresh && w.timestamp > it->second.timestamp) it->second = w;
    }
  std::vector<FinalWord> touched;
  for (const auto& [addr, w] : last) touched.push_back(w);
  ByteLookups scratch;
  derive(touched, scratch);

  ByteLookups bytes;
  for (size_t c = 0; c + 1 < entries_.size(); ++c)
    for (size_t r = 0; r < trace(c).height(); ++r)
      for (const auto& i : row_interactions(c, r))
        if (i.bus == kByteBus && i.kind == InteractionKind::send && i.multiplicity == Fp::one())
          record_byte_send(i.values, bytes);
  entries_.back().main = byte_.generate_trace(bytes);
}

std::vector<ConstraintFailure> CpuTestMachine::constraint_failures(size_t chip) const {
  return check_constraints(view(chip));
}

std::vector<BusImbalance> CpuTestMachine::bus_imbalances() const {
  std::vector<ChipTrace> views;
  for (size_t c = 0; c < entries_.size(); ++c) views.push_back(view(c));
  return check_buses(views);
}

std::vector<std::string> CpuTestMachine::check() const {
  std::vector<std::string> out;
  for (size_t c = 0; c < entries_.size(); ++c)
    for (const auto& f : constraint_failures(c)) out.push_back(f.describe());
  for (const auto& i : bus_imbalances()) out.push_back(i.describe());
  return out;
}

std::string CpuTestMachine::prove_and_verify() const {
  const FriConfig config = stark_test::test_config();
  std::vector<Chip> chips;
  std::vector<RowMajorMatrix<Fp>> traces;
  std::vector<std::vector<Fp>> publics;
  for (const Entry& e : entries_) {
    chips.push_back(e.stark);
    traces.push_back(e.main);
    publics.push_back(e.publics);
  }
  try {
    const auto run = stark_test::prove_run(config, std::move(chips), std::move(traces), std::move(publics));
    stark_test::verify_run(config, run, run.proof);
    return "";
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("prover: ") + e.what();
  }
}

CpuTestMachine::SweepReport CpuTestMachine::sweep(size_t chip, std::span<const std::string_view> names,
                                                  size_t rows_per_column, size_t prove, uint64_t seed) {
  SweepReport report;
  std::mt19937_64 rng(seed);
  RowMajorMatrix<Fp>& t = trace(chip);
  const size_t h = t.height();
  std::vector<size_t> rows;
  for (size_t r = 0; r < h; ++r) rows.push_back(r);
  if (rows.size() > rows_per_column) {
    std::shuffle(rows.begin() + 1, rows.end() - 1, rng);
    rows.resize(rows_per_column - 1);
    rows.push_back(h - 1);
  }
  std::vector<InteractionNet> honest(h);
  for (size_t r : rows) honest[r] = net(row_interactions(chip, r));
  std::vector<std::pair<size_t, size_t>> rejected;
  for (size_t c = 0; c < names.size(); ++c)
    for (size_t r : rows)
      for (int k = 0; k < 2; ++k) {
        const Fp old = t.row(r)[c];
        const Fp delta = k == 0 ? Fp::one() : Fp(static_cast<uint32_t>(rng() % (Fp::P - 1)) + 1);
        t.row(r)[c] = old + delta;
        ++report.mutations;
        const ChipTrace v = view(chip);
        DebugBuilder b(v.main, v.preprocessed, v.public_values, false);
        bool fails = false;
        for (size_t row : {(r + h - 1) % h, r}) {
          b.set_row(row);
          v.eval(b);
          fails = fails || !b.row_failures().empty();
        }
        if (!fails && net(row_interactions(chip, r)) == honest[r]) {
          report.accepted.push_back(std::string(names[c]) + " row " + std::to_string(r) + " + " +
                                    std::to_string(delta.as_canonical()));
        } else if (k == 1) {
          rejected.emplace_back(r, c);
        }
        t.row(r)[c] = old;
      }
  std::shuffle(rejected.begin(), rejected.end(), rng);
  for (size_t i = 0; i < std::min(prove, rejected.size()); ++i) {
    const auto [r, c] = rejected[i];
    const Fp old = t.row(r)[c];
    t.row(r)[c] = old + Fp::one();
    const std::string verdict = prove_and_verify();
    t.row(r)[c] = old;
    ++report.proved;
    if (verdict.empty())
      report.accepted.push_back(std::string(names[c]) + " row " + std::to_string(r) + " proved and verified");
  }
  return report;
}

}  // namespace zkrv::chips::testing
