#include "vm/machine/machine.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <functional>
#include <stdexcept>

#include <fmt/format.h>

#include "base/error.h"
#include "fri/pcs.h"
#include "stark/keys.h"
#include "stark/verifier.h"
#include "vm/chips/add_sub/add_sub_chip.h"
#include "vm/chips/bitwise/bitwise_chip.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/cpu/cpu_chip.h"
#include "vm/chips/divrem/divrem_chip.h"
#include "vm/chips/lt/lt_chip.h"
#include "vm/chips/memory/memory_boundary_chip.h"
#include "vm/chips/memory/memory_image_chip.h"
#include "vm/chips/mul/mul_chip.h"
#include "vm/chips/program/program_chip.h"
#include "vm/chips/shift/shift_chip.h"
#include "vm/chips/syscall/syscall_chip.h"
#include "vm/chips/syscall/syscall_io_chip.h"
#include "vm/machine/machine_traces.h"

namespace zkrv {
namespace {

using namespace chips;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

unsigned log2_of(size_t height) { return static_cast<unsigned>(std::countr_zero(height)); }

std::vector<AluEvent> with_ops(std::span<const AluEvent> events, std::initializer_list<AluOp> ops) {
  std::vector<AluEvent> out;
  for (const AluEvent& e : events)
    if (std::find(ops.begin(), ops.end(), e.op) != ops.end()) out.push_back(e);
  return out;
}

}  // namespace

struct MachineChips::Erased {
  std::function<void(DebugBuilder&)> eval;
  std::function<RowMajorMatrix<Fp>()> preprocessed;
  std::string name;
  size_t width = 0, preprocessed_width = 0, num_public_values = 0;
};

namespace {

template <class A>
void add_chip(A air, bool with_data, std::vector<std::shared_ptr<const MachineChips::Erased>>& erased,
              std::vector<Chip>& stark) {
  auto shared = std::make_shared<const A>(std::move(air));
  auto e = std::make_shared<MachineChips::Erased>();
  e->eval = [shared](DebugBuilder& b) { shared->eval(b); };
  if (with_data) e->preprocessed = [shared] { return shared->preprocessed_trace(); };
  e->name = std::string(shared->name());
  e->width = shared->width();
  e->preprocessed_width = shared->preprocessed_width();
  e->num_public_values = shared->num_public_values();
  erased.push_back(std::move(e));
  stark.emplace_back(*shared);
}

template <class ProgramT, class ImageT>
void add_all(ProgramT program, ImageT image, bool with_data,
             std::vector<std::shared_ptr<const MachineChips::Erased>>& erased, std::vector<Chip>& stark) {
  add_chip(std::move(program), with_data, erased, stark);
  add_chip(std::move(image), with_data, erased, stark);
  add_chip(CpuChip{}, true, erased, stark);
  add_chip(AddSubChip{}, true, erased, stark);
  add_chip(BitwiseChip{}, true, erased, stark);
  add_chip(LtChip{}, true, erased, stark);
  add_chip(ShiftChip{}, true, erased, stark);
  add_chip(MulChip{}, true, erased, stark);
  add_chip(DivRemChip{}, true, erased, stark);
  add_chip(SyscallChip{}, true, erased, stark);
  add_chip(SyscallIoChip{}, true, erased, stark);
  add_chip(MemoryBoundaryChip{}, true, erased, stark);
  add_chip(ByteChip{}, true, erased, stark);
}

}  // namespace

MachineShape machine_shape(const MachineImage& image) {
  const ProgramChip program(image.program);
  const MemoryImageChip memory(image.program, image.registers, image.reserved_words());
  return {image.program.entry, first_writable_word(image.program), log2_of(program.height()),
          log2_of(memory.height())};
}

MachineChips::MachineChips(const MachineImage& image) : shape_(machine_shape(image)) {
  add_all(ProgramChip(image.program), MemoryImageChip(image.program, image.registers, image.reserved_words()), true,
          erased_, stark_);
}

MachineChips::MachineChips(const MachineShape& shape) : shape_(shape) {
  add_all(ProgramChip(std::vector<DecodedFields>{}), MemoryImageChip(std::vector<InitialWord>{}), false, erased_,
          stark_);
}

std::vector<std::vector<Fp>> MachineChips::public_values() const {
  std::vector<std::vector<Fp>> out(kCount);
  out[kCpu] = {Fp(shape_.entry), Fp(shape_.first_writable_word)};
  out[kSyscallIo] = {Fp(shape_.first_writable_word)};
  return out;
}

ChipTrace MachineChips::debug_view(size_t i, MatrixView<const Fp> main, MatrixView<const Fp> preprocessed,
                                   std::span<const Fp> public_values) const {
  const Erased& e = *erased_.at(i);
  return ChipTrace{e.name, e.width, e.preprocessed_width, e.num_public_values, e.eval, main, preprocessed,
                   public_values};
}

RowMajorMatrix<Fp> MachineChips::preprocessed_trace(size_t i) const {
  const Erased& e = *erased_.at(i);
  if (e.preprocessed_width == 0) return {};
  if (!e.preprocessed) throw std::logic_error("MachineChips: a shape-only machine has no preprocessed data");
  return e.preprocessed();
}

std::vector<Chip> machine_chips(const MachineImage& image) { return MachineChips(image).stark_chips(); }
std::vector<Chip> machine_chips(const MachineShape& shape) { return MachineChips(shape).stark_chips(); }

std::vector<PublicInteraction> statement_interactions(const SegmentClaim& claim) {
  std::vector<PublicInteraction> out;
  out.reserve(claim.journal.size() + 1);
  for (size_t i = 0; i < claim.journal.size(); ++i)
    out.push_back({kJournalBus, InteractionKind::receive, {Fp(static_cast<uint32_t>(i)), Fp(claim.journal[i])}});
  out.push_back({kHaltBus, InteractionKind::receive, {Fp(claim.exit_code & 0xffffu), Fp(claim.exit_code >> 16)}});
  return out;
}

MachineTraces generate_machine_traces(const MachineChips& chips, const MachineImage& image, const ExecutionTrace& run) {
  if (run.cpu.size() > kMaxSegmentCycles)
    throw CycleLimitReached(fmt::format("the run takes {} cycles, more than one segment ({} cycles) can prove",
                                        run.cpu.size(), kMaxSegmentCycles));
  MachineTraces out;
  out.main.resize(MachineChips::kCount);
  out.rows.resize(MachineChips::kCount);
  out.claim = {run.result.exit_code, run.result.journal};
  const MachineShape& shape = chips.shape();
  ByteLookups bytes;

  CpuTrace cpu = CpuChip{}.generate_trace(std::span<const CpuEvent>(run.cpu.data(), run.cpu.size()),
                                          shape.first_writable_word, bytes);
  out.rows[MachineChips::kCpu] = run.cpu.size();
  out.main[MachineChips::kCpu] = std::move(cpu.main);

  const ProgramChip program(image.program);
  const std::vector<uint32_t> counts = program.count_fetches(cpu.pcs);
  out.main[MachineChips::kProgram] = program.generate_trace(counts);
  out.rows[MachineChips::kProgram] = program.rows().size();
  const MemoryImageChip memory_image(image.program, image.registers, image.reserved_words());
  out.main[MachineChips::kMemoryImage] = memory_image.generate_trace();
  out.rows[MachineChips::kMemoryImage] = memory_image.words().size();

  const uint32_t initial_brk = image.program.initial_brk;
  SyscallTrace sys = SyscallChip{}.generate_trace(run.syscalls, run.syscall_accesses, initial_brk, bytes);
  out.rows[MachineChips::kSyscall] = run.syscalls.size();
  out.main[MachineChips::kSyscall] = std::move(sys.main);
  out.main[MachineChips::kSyscallIo] = SyscallIoChip{}.generate_trace(sys.io, shape.first_writable_word, bytes);
  out.rows[MachineChips::kSyscallIo] = sys.io.size();

  // Final memory: the executor's touched addresses plus the syscall state words it never sees.
  std::vector<FinalWord> touched = final_words(std::span<const MemoryBoundary>(run.memory));
  for (const FinalWord& w : sys.state)
    if (w.timestamp != 0) touched.push_back(w);
  std::sort(touched.begin(), touched.end(), [](const FinalWord& a, const FinalWord& b) { return a.addr < b.addr; });
  const std::vector<FinalWord> finals = final_memory(memory_image.words(), touched);
  out.main[MachineChips::kMemoryBoundary] = MemoryBoundaryChip{}.generate_trace(finals, memory_image.words(), bytes);
  out.rows[MachineChips::kMemoryBoundary] = finals.size();

  // ALU chips: the CPU's operations plus those the syscall chip sends (sltu).
  using A = AluOp;
  std::vector<AluEvent> alu = std::move(cpu.alu);
  alu.insert(alu.end(), sys.alu.begin(), sys.alu.end());
  const auto put = [&](size_t index, RowMajorMatrix<Fp> main, size_t rows) {
    out.main[index] = std::move(main);
    out.rows[index] = rows;
  };
  {
    const auto e = with_ops(alu, {A::add, A::sub});
    put(MachineChips::kAddSub, AddSubChip{}.generate_trace(e, bytes), e.size());
  }
  {
    const auto e = with_ops(alu, {A::xor_, A::or_, A::and_});
    put(MachineChips::kBitwise, BitwiseChip{}.generate_trace(e, bytes), e.size());
  }
  {
    const auto e = with_ops(alu, {A::slt, A::sltu});
    put(MachineChips::kLt, LtChip{}.generate_trace(e, bytes), e.size());
  }
  {
    const auto e = with_ops(alu, {A::sll, A::srl, A::sra});
    put(MachineChips::kShift, ShiftChip{}.generate_trace(e, bytes), e.size());
  }
  {
    const auto e = with_ops(alu, {A::mul, A::mulh, A::mulhsu, A::mulhu});
    put(MachineChips::kMul, MulChip{}.generate_trace(e, bytes), e.size());
  }
  {
    const auto e = with_ops(alu, {A::div, A::divu, A::rem, A::remu});
    put(MachineChips::kDivRem, DivRemChip{}.generate_trace(e, bytes), e.size());
  }
  out.main[MachineChips::kByte] = ByteChip{}.generate_trace(bytes);
  out.rows[MachineChips::kByte] = size_t{1} << 16;
  return out;
}

std::vector<std::string> check_machine_traces(const MachineChips& chips, const MachineTraces& traces,
                                              size_t max_per_chip) {
  const auto publics = chips.public_values();
  std::vector<RowMajorMatrix<Fp>> prep(MachineChips::kCount);
  std::vector<ChipTrace> views;
  for (size_t i = 0; i < MachineChips::kCount; ++i) {
    prep[i] = chips.preprocessed_trace(i);
    views.push_back(chips.debug_view(i, traces.main[i].view(),
                                     prep[i].width() == 0 ? MatrixView<const Fp>{} : prep[i].view(), publics[i]));
  }
  std::vector<std::string> out;
  for (const ChipTrace& v : views)
    for (const ConstraintFailure& f : check_constraints(v, max_per_chip)) out.push_back(f.describe());
  const auto statement = statement_interactions(traces.claim);
  for (const BusImbalance& b : check_buses(views, statement)) out.push_back(b.describe());
  return out;
}

StarkProof prove_machine_traces(const MachineChips& chips, const MachineTraces& traces, const FriConfig& config,
                                ProverTimings* timings, Digest* root) {
  const TwoAdicFriPcs pcs(config);
  const ProvingKey pk = setup(pcs, chips.stark_chips());
  if (root != nullptr) *root = *pk.vk.preprocessed_root;
  std::vector<MatrixView<const Fp>> views;
  for (const auto& m : traces.main) views.push_back(m.view());
  return prove(config, chips.stark_chips(), pk, views, chips.public_values(), statement_interactions(traces.claim),
               timings);
}

namespace {

VerifyingKey machine_vk(const MachineShape& shape, std::string config_name, const Digest& root) {
  VerifyingKey vk;
  vk.config_name = std::move(config_name);
  vk.preprocessed_log_heights.assign(MachineChips::kCount, std::nullopt);
  vk.preprocessed_log_heights[MachineChips::kProgram] = shape.program_log_height;
  vk.preprocessed_log_heights[MachineChips::kMemoryImage] = shape.memory_image_log_height;
  vk.preprocessed_log_heights[MachineChips::kByte] = 16;
  vk.preprocessed_root = root;
  return vk;
}

}  // namespace

SegmentProof prove_segment(const MachineImage& image, std::span<const uint8_t> input, const FriConfig& config,
                           const ProveProgress& progress) {
  const auto step = [&](std::string_view phase, bool done) {
    if (progress) progress(phase, done);
  };
  const Clock::time_point start = Clock::now();
  SegmentProof out;
  ProveReport& report = out.report;

  step("execute", false);
  ExecutorEnv env;
  env.input.assign(input.begin(), input.end());
  env.max_cycles = kMaxSegmentCycles;
  env.console = [](int, std::span<const uint8_t>) {};  // `zkrv run` shows the console; proving does not
  ExecutionTrace run;
  try {
    run = execute_traced(image.program, env);
  } catch (const CycleLimitReached&) {
    throw CycleLimitReached(fmt::format(
        "the guest runs longer than one segment ({} cycles); proving longer runs needs continuations, "
        "which zkrv does not support yet",
        kMaxSegmentCycles));
  }
  report.cycles = run.cpu.size();
  report.execute_seconds = seconds_since(start);
  step("execute", true);

  step("trace", false);
  const Clock::time_point trace_start = Clock::now();
  const MachineChips chips(image);
  MachineTraces traces;
  try {
    traces = generate_machine_traces(chips, image, run);
  } catch (const std::invalid_argument& e) {
    // The executor accepted the run but the circuit cannot express it (e.g. a store below the
    // read-only segments, or a buffer longer than 2^28 bytes): say so rather than prove nothing.
    throw Error(ErrorCategory::guest_fault, std::string("the run has no proof in this machine: ") + e.what());
  }
  run = ExecutionTrace{};  // the events are no longer needed: free them before the STARK's allocations
  report.trace_seconds = seconds_since(trace_start);
  step("trace", true);

  step("prove", false);
  Digest root;
  out.proof = prove_machine_traces(chips, traces, config, &report.stark, &root);
  out.claim = traces.claim;
  step("prove", true);

  const auto& stark_chips = chips.stark_chips();
  for (size_t i = 0; i < stark_chips.size(); ++i) {
    const Chip& c = stark_chips[i];
    ChipReport r{c.name(), traces.rows[i], log2_of(traces.main[i].height()), c.width(), c.preprocessed_width(),
                 4 * c.num_permutation_columns()};
    report.committed_cells += uint64_t{traces.main[i].height()} * (r.main_width + r.preprocessed_width + r.permutation_width);
    report.chips.push_back(std::move(r));
  }
  report.total_seconds = seconds_since(start);

  // Self-check (milliseconds): a proof that does not verify is a prover bug, not a guest's problem.
  try {
    verify_segment(chips.shape(), root, out.claim, out.proof);
  } catch (const ProofRejected& e) {
    throw Error(ErrorCategory::internal, std::string("the machine's own proof does not verify: ") + e.what());
  }
  return out;
}

void verify_segment(const MachineShape& shape, const Digest& preprocessed_root, const SegmentClaim& claim,
                    const StarkProof& proof) {
  const MachineChips chips(shape);
  // A segment has at most kMaxSegmentCycles cycles, one CPU row each: the timestamps 4 clk + slot stay
  // below 2^25, which the memory argument's ordering relies on (memory/access.h). The CPU constrains clk
  // to count rows from 0, so its height bounds every clk; the verifier enforces the cap itself rather
  // than trusting the prover's trace generation to have refused a longer run.
  if (proof.log_heights.size() != MachineChips::kCount)
    throw ProofRejected("the proof does not list one height per chip of the machine");
  if ((uint64_t{1} << std::min<unsigned>(proof.log_heights[MachineChips::kCpu], 63)) > kMaxSegmentCycles)
    throw ProofRejected("the CPU table is taller than a segment (2^22 cycles)");
  const VerifyingKey vk = machine_vk(shape, proof.config_name, preprocessed_root);
  verify(chips.stark_chips(), vk, chips.public_values(), proof, statement_interactions(claim));
}

}  // namespace zkrv
