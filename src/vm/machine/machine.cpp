#include "vm/machine/machine.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

#include "base/error.h"
#include "fri/pcs.h"
#include "matrix/buffer_pool.h"
#include "stark/keys.h"
#include "stark/verifier.h"
#include "vm/chips/add_sub/add_sub_chip.h"
#include "vm/chips/bitwise/bitwise_chip.h"
#include "vm/chips/byte/byte_chip.h"
#include "vm/chips/cpu/cpu_chip.h"
#include "vm/chips/divrem/divrem_chip.h"
#include "vm/chips/lt/lt_chip.h"
#include "vm/chips/memory/memory_leaf_chip.h"
#include "vm/chips/memory/memory_node_chip.h"
#include "vm/chips/mul/mul_chip.h"
#include "vm/chips/poseidon2/poseidon2_chip.h"
#include "vm/chips/program/instruction_class_chip.h"
#include "vm/chips/program/instruction_decode_chip.h"
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
void add_chip(A air, std::vector<std::shared_ptr<const MachineChips::Erased>>& erased, std::vector<Chip>& stark) {
  auto shared = std::make_shared<const A>(std::move(air));
  auto e = std::make_shared<MachineChips::Erased>();
  e->eval = [shared](DebugBuilder& b) { shared->eval(b); };
  if constexpr (requires { shared->preprocessed_trace(); })
    e->preprocessed = [shared] { return shared->preprocessed_trace(); };
  e->name = std::string(shared->name());
  e->width = shared->width();
  e->preprocessed_width = shared->preprocessed_width();
  e->num_public_values = shared->num_public_values();
  erased.push_back(std::move(e));
  stark.emplace_back(*shared);
}

void add_all(const MachineShape& shape, size_t min_height,
             std::vector<std::shared_ptr<const MachineChips::Erased>>& erased, std::vector<Chip>& stark) {
  add_chip(InstructionDecodeChip(shape.code_begin_word, shape.code_end_word), erased, stark);
  add_chip(InstructionClassChip(min_height), erased, stark);
  add_chip(CpuChip{}, erased, stark);
  add_chip(LoadStoreChip{}, erased, stark);
  add_chip(AddSubChip{}, erased, stark);
  add_chip(BitwiseChip{}, erased, stark);
  add_chip(LtChip{}, erased, stark);
  add_chip(ShiftChip{}, erased, stark);
  add_chip(MulChip{}, erased, stark);
  add_chip(DivRemChip{}, erased, stark);
  add_chip(SyscallChip{}, erased, stark);
  add_chip(SyscallIoChip{}, erased, stark);
  add_chip(MemoryLeafChip{}, erased, stark);
  add_chip(MemoryNodeChip{}, erased, stark);
  add_chip(Poseidon2Chip{}, erased, stark);
  add_chip(ByteChip{}, erased, stark);
}

}  // namespace

MachineShape machine_shape(const MachineImage& image) {
  return {image.program.entry, first_writable_word(image.program), image.program.code_begin / 4,
          image.program.code_end / 4};
}

std::string machine_shape_error(const MachineShape& shape) {
  constexpr uint32_t kMinCodeWord = uint32_t{1} << 14, kMaxCodeWord = uint32_t{1} << 28;
  if (shape.code_begin_word < kMinCodeWord || shape.code_begin_word >= shape.code_end_word ||
      shape.code_end_word > kMaxCodeWord)
    return fmt::format("the code range [{:#x}, {:#x}) (words) is not a range inside [2^14, 2^28)",
                       shape.code_begin_word, shape.code_end_word);
  if (shape.code_end_word > shape.first_writable_word)
    return fmt::format("the code range ends at word {:#x}, above the first writable word {:#x}", shape.code_end_word,
                       shape.first_writable_word);
  if (shape.entry % 4 != 0 || shape.entry / 4 < shape.code_begin_word || shape.entry / 4 >= shape.code_end_word)
    return fmt::format("the entry pc {:#x} is not a word of the code range", shape.entry);
  return {};
}

MachineChips::MachineChips(const MachineImage& image, size_t min_height)
    : MachineChips(machine_shape(image), min_height) {}

MachineChips::MachineChips(const MachineShape& shape, size_t min_height) : shape_(shape), min_height_(min_height) {
  if (const std::string why = machine_shape_error(shape); !why.empty())
    throw std::invalid_argument("MachineChips: " + why);
  if (min_height < 8 || !std::has_single_bit(min_height) || min_height > (size_t{1} << 22))
    throw std::invalid_argument("MachineChips: the minimum height must be a power of two in [8, 2^22]");
  add_all(shape, min_height, erased_, stark_);
}


std::vector<std::vector<Fp>> MachineChips::public_values(const SegmentStatement& statement) const {
  std::vector<std::vector<Fp>> out(kCount);
  out[kCpu] = {Fp(statement.pre_pc), Fp(statement.post_pc)};
  out[kLoadStore] = {Fp(shape_.first_writable_word)};
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

std::vector<PublicInteraction> statement_interactions(const SegmentStatement& statement, const SegmentClaim& claim) {
  if (statement.journal_end < statement.journal_begin ||
      claim.journal.size() != size_t{statement.journal_end} - statement.journal_begin)
    throw std::invalid_argument("statement_interactions: the journal bytes do not match the statement's range");
  std::vector<PublicInteraction> out;
  out.reserve(claim.journal.size() + 2);
  std::vector<Fp> root{Fp(kMemoryRootNode)};
  root.insert(root.end(), statement.pre_root.begin(), statement.pre_root.end());
  root.insert(root.end(), statement.post_root.begin(), statement.post_root.end());
  out.push_back({kMerkleBus, InteractionKind::receive, std::move(root)});
  for (size_t i = 0; i < claim.journal.size(); ++i)
    out.push_back({kJournalBus, InteractionKind::receive,
                   {Fp(statement.journal_begin + static_cast<uint32_t>(i)), Fp(claim.journal[i])}});
  if (statement.halted)
    out.push_back({kHaltBus, InteractionKind::receive, {Fp(claim.exit_code & 0xffffu), Fp(claim.exit_code >> 16)}});
  return out;
}

MachineTraces generate_segment_traces(const MachineChips& chips, const TracedSegment& segment,
                                      MemoryTree& tree) {
  const ExecutionTrace& run = segment.trace;
  if (run.cpu.size() > kMaxSegmentCycles)
    throw CycleLimitReached(fmt::format("the segment takes {} cycles, more than one segment ({} cycles) can prove",
                                        run.cpu.size(), kMaxSegmentCycles));
  MachineTraces out;
  out.main.resize(MachineChips::kCount);
  out.rows.resize(MachineChips::kCount);
  out.claim = {segment.halted ? run.result.exit_code : 0u, run.result.journal};
  out.statement.pre_pc = segment.pre_pc;
  out.statement.post_pc = segment.post_pc;
  out.statement.journal_begin = segment.journal_begin;
  out.statement.journal_end = segment.journal_end;
  out.statement.halted = segment.halted;
  const MachineShape& shape = chips.shape();
  const size_t min_height = chips.min_height();
  ByteLookups bytes;

  CpuTrace cpu = CpuChip{}.generate_trace(std::span<const CpuEvent>(run.cpu.data(), run.cpu.size()),
                                          shape.first_writable_word, bytes, min_height);
  out.rows[MachineChips::kCpu] = run.cpu.size();
  out.main[MachineChips::kCpu] = std::move(cpu.main);
  out.rows[MachineChips::kLoadStore] = cpu.load_store.size();
  out.main[MachineChips::kLoadStore] = LoadStoreChip{}.generate_trace(cpu.load_store, shape.first_writable_word, bytes, min_height);


  // The syscall state words live in memory; the segment starts from their committed values.
  const SyscallStateWords start{tree.word(kBrkWord), tree.word(kJournalLengthWord), tree.word(kInitialBrkWord),
                                tree.word(kInputEndedWord)};
  SyscallTrace sys = SyscallChip{}.generate_trace(run.syscalls, run.syscall_accesses, start, bytes, min_height);
  out.rows[MachineChips::kSyscall] = run.syscalls.size();
  out.main[MachineChips::kSyscall] = std::move(sys.main);
  out.main[MachineChips::kSyscallIo] = SyscallIoChip{}.generate_trace(sys.io, shape.first_writable_word, bytes, min_height);
  out.rows[MachineChips::kSyscallIo] = sys.io.size();

  // Memory: every touched word's final (value, timestamp), the executor's plus the syscall state words
  // it never sees. Its initial value must be the committed one.
  std::vector<StateWord> touched;
  std::unordered_map<uint32_t, uint32_t> final_ts;
  touched.reserve(run.memory.size() + sys.state.size());
  for (const MemoryBoundary& m : run.memory) {
    if (tree.word(m.addr) != m.initial_value)
      throw Error(ErrorCategory::internal,
                  fmt::format("segment {}: word {:#x} starts at {:#x}, the committed state holds {:#x}", segment.index,
                              m.addr, m.initial_value, tree.word(m.addr)));
    touched.push_back({m.addr, m.final_value});
    final_ts[m.addr] = m.final_timestamp;
  }

  // The program table: one decode row per distinct fetched pc, reading its word after the segment's
  // accesses (kFetchReadTimestamp). Code is read-only, so the word is the committed one.
  {
    std::vector<uint32_t> pcs(cpu.pcs.begin(), cpu.pcs.end());
    std::sort(pcs.begin(), pcs.end());
    std::vector<DecodeRow> rows;
    for (size_t i = 0; i < pcs.size();) {
      size_t j = i;
      while (j < pcs.size() && pcs[j] == pcs[i]) ++j;
      const uint32_t pc = pcs[i], addr = pc / 4;
      const auto it = final_ts.find(addr);
      rows.push_back({pc, tree.word(addr), static_cast<uint32_t>(j - i), it == final_ts.end() ? 0u : it->second});
      if (it == final_ts.end()) touched.push_back({addr, tree.word(addr)});
      final_ts[addr] = kFetchReadTimestamp;
      i = j;
    }
    std::vector<uint32_t> class_counts(instruction_classes().size(), 0);
    out.main[MachineChips::kProgram] =
        InstructionDecodeChip(shape.code_begin_word, shape.code_end_word).generate_trace(rows, class_counts, bytes, min_height);
    out.rows[MachineChips::kProgram] = rows.size();
    out.main[MachineChips::kInstructionClass] = InstructionClassChip(min_height).generate_trace(class_counts);
    out.rows[MachineChips::kInstructionClass] = instruction_classes().size();
  }
  for (size_t i = 0; i < sys.state.size(); ++i) {
    const FinalWord& w = sys.state[i];
    // The syscall chip's replay of the state words must end where the executor's state did.
    if (segment.state_words_recorded && w.value != segment.state_words_end[i])
      throw Error(ErrorCategory::internal,
                  fmt::format("segment {}: state word {} ends at {:#x} in the syscall chip, {:#x} in the executor",
                              segment.index, w.addr, w.value, segment.state_words_end[i]));
    if (w.timestamp != 0) {
      touched.push_back({w.addr, w.value});
      final_ts[w.addr] = w.timestamp;
    }
  }
  const TreeUpdate update = tree.update(touched);
  out.statement.pre_root = update.old_root;
  out.statement.post_root = update.new_root;
  std::vector<LeafRow> leaves;
  leaves.reserve(update.leaves.size());
  for (const LeafChange& c : update.leaves) {
    LeafRow row{c.leaf, c.old_words, c.new_words, {}};
    for (uint32_t j = 0; j < kWordsPerLeaf; ++j) {
      const auto it = final_ts.find(c.leaf * kWordsPerLeaf + j);
      if (it != final_ts.end()) row.final_ts[j] = it->second;
    }
    leaves.push_back(row);
  }
  out.main[MachineChips::kMemoryLeaf] = MemoryLeafChip{}.generate_trace(leaves, bytes, min_height);
  out.rows[MachineChips::kMemoryLeaf] = leaves.size();
  std::vector<NodeRow> nodes;
  nodes.reserve(update.nodes.size());
  for (const NodeChange& c : update.nodes)
    nodes.push_back({c.node, c.old_left, c.old_right, c.new_left, c.new_right, c.left_on_path, c.right_on_path});
  std::vector<std::array<Fp, 16>> permutations;
  out.main[MachineChips::kMemoryNode] = MemoryNodeChip{}.generate_trace(nodes, permutations, bytes, min_height);
  out.rows[MachineChips::kMemoryNode] = nodes.size();
  const std::vector<uint32_t> ones(permutations.size(), 1);
  out.main[MachineChips::kPoseidon2] = Poseidon2Chip{}.generate_trace(permutations, ones, min_height);
  out.rows[MachineChips::kPoseidon2] = permutations.size();

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
    put(MachineChips::kAddSub, AddSubChip{}.generate_trace(e, bytes, min_height), e.size());
  }
  {
    const auto e = with_ops(alu, {A::xor_, A::or_, A::and_});
    put(MachineChips::kBitwise, BitwiseChip{}.generate_trace(e, bytes, min_height), e.size());
  }
  {
    const auto e = with_ops(alu, {A::slt, A::sltu});
    put(MachineChips::kLt, LtChip{}.generate_trace(e, bytes, min_height), e.size());
  }
  {
    const auto e = with_ops(alu, {A::sll, A::srl, A::sra});
    put(MachineChips::kShift, ShiftChip{}.generate_trace(e, bytes, min_height), e.size());
  }
  {
    const auto e = with_ops(alu, {A::mul, A::mulh, A::mulhsu, A::mulhu});
    put(MachineChips::kMul, MulChip{}.generate_trace(e, bytes, min_height), e.size());
  }
  {
    const auto e = with_ops(alu, {A::div, A::divu, A::rem, A::remu});
    put(MachineChips::kDivRem, DivRemChip{}.generate_trace(e, bytes, min_height), e.size());
  }
  out.main[MachineChips::kByte] = ByteChip{}.generate_trace(bytes);
  out.rows[MachineChips::kByte] = size_t{1} << 16;
  return out;
}

MachineTraces generate_machine_traces(const MachineChips& chips, const MachineImage& image, const ExecutionTrace& run) {
  TracedSegment segment;
  segment.pre_pc = image.program.entry;
  segment.post_pc = 0;
  segment.halted = true;
  segment.journal_end = static_cast<uint32_t>(run.result.journal.size());
  segment.trace = run;
  segment.state_words_recorded = false;  // execute_traced does not report them
  MemoryTree tree = initial_memory_tree(image);
  return generate_segment_traces(chips, segment, tree);
}

std::vector<std::string> check_machine_traces(const MachineChips& chips, const MachineTraces& traces,
                                              size_t max_per_chip) {
  const auto publics = chips.public_values(traces.statement);
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
  const auto statement = statement_interactions(traces.statement, traces.claim);
  for (const BusImbalance& b : check_buses(views, statement)) out.push_back(b.describe());
  return out;
}

namespace {

// Proves with `key`, or with a key set up here; `consume`, if given, is traces.main, given up to the prover.
StarkProof prove_traces(const MachineChips& chips, const MachineTraces& traces,
                        std::vector<RowMajorMatrix<Fp>>* consume, const FriConfig& config, ProverTimings* timings,
                        Digest* root, const ProvingKey* key) {
  std::optional<ProvingKey> own;
  if (key == nullptr) {
    own = setup(TwoAdicFriPcs(config), chips.stark_chips());
    key = &*own;
  }
  if (root != nullptr) *root = *key->vk.preprocessed_root;
  const auto publics = chips.public_values(traces.statement);
  const auto statement = statement_interactions(traces.statement, traces.claim);
  if (consume != nullptr) return prove(config, chips.stark_chips(), *key, std::move(*consume), publics, statement, timings);
  std::vector<MatrixView<const Fp>> views;
  for (const auto& m : traces.main) views.push_back(m.view());
  return prove(config, chips.stark_chips(), *key, views, publics, statement, timings);
}

}  // namespace

StarkProof prove_machine_traces(const MachineChips& chips, const MachineTraces& traces, const FriConfig& config,
                                ProverTimings* timings, Digest* root, const ProvingKey* key) {
  return prove_traces(chips, traces, nullptr, config, timings, root, key);
}

StarkProof prove_machine_traces(const MachineChips& chips, MachineTraces&& traces, const FriConfig& config,
                                ProverTimings* timings, Digest* root, const ProvingKey* key) {
  return prove_traces(chips, traces, &traces.main, config, timings, root, key);
}

namespace {

// min_height: the configuration's (min_trace_height), which fixes the instruction-class table's height.
VerifyingKey machine_vk(std::string config_name, const Digest& root, size_t min_height) {
  VerifyingKey vk;
  vk.config_name = std::move(config_name);
  vk.preprocessed_log_heights.assign(MachineChips::kCount, std::nullopt);
  vk.preprocessed_log_heights[MachineChips::kInstructionClass] = InstructionClassChip::log_height(min_height);
  vk.preprocessed_log_heights[MachineChips::kByte] = 16;
  vk.preprocessed_root = root;
  return vk;
}

void add_chip_reports(const MachineChips& chips, const MachineTraces& traces, ProveReport& report) {
  const auto& stark_chips = chips.stark_chips();
  if (report.chips.empty()) {
    for (const Chip& c : stark_chips)
      report.chips.push_back({c.name(), 0, 0, c.width(), c.preprocessed_width(), 4 * c.num_permutation_columns()});
  }
  for (size_t i = 0; i < stark_chips.size(); ++i) {
    ChipReport& r = report.chips[i];
    r.rows += traces.rows[i];
    r.log_height = std::max(r.log_height, log2_of(traces.main[i].height()));
    report.committed_cells +=
        uint64_t{traces.main[i].height()} * (r.main_width + r.preprocessed_width + r.permutation_width);
  }
}

void add_timings(const ProverTimings& from, ProverTimings& to) {
  to.main_commit_seconds += from.main_commit_seconds;
  to.logup_seconds += from.logup_seconds;
  to.quotient_seconds += from.quotient_seconds;
  to.openings_seconds += from.openings_seconds;
  to.fri_seconds += from.fri_seconds;
  to.total_seconds += from.total_seconds;
}

}  // namespace

MemoryTree initial_memory_tree(const MachineImage& image) {
  const std::vector<InitialWord> words = initial_memory(image.program, image.registers, image.reserved_words());
  std::vector<StateWord> state;
  state.reserve(words.size());
  for (const InitialWord& w : words) state.push_back({w.addr, w.value});
  return MemoryTree::from_words(state);
}

namespace {

void check_segment_po2(unsigned segment_po2) {
  if (segment_po2 < kMinSegmentPo2 || segment_po2 > kMaxSegmentPo2)
    throw std::invalid_argument(fmt::format("segment size 2^{} is outside the range 2^{}..2^{}", segment_po2,
                                            kMinSegmentPo2, kMaxSegmentPo2));
}

// What proving segments of one image needs once: the chips and the proving key under the configuration.
struct SegmentProver {
  const MachineImage& image;
  const FriConfig& config;
  MachineChips chips;
  ProvingKey key;
  SegmentProver(const MachineImage& image_, const FriConfig& config_)
      : image(image_), config(config_), chips(image_, min_trace_height(config_)), key(setup(TwoAdicFriPcs(config_), chips.stark_chips())) {}

  // Proves `segment`, which starts from the state `tree` holds (updated to its end), adding its numbers to
  // `report`; verifies the proof before returning it.
  SegmentProof prove(TracedSegment& segment, MemoryTree& tree, ProveReport& report,
                     const std::function<void(std::string_view, bool)>& step) const {
    const Clock::time_point start = Clock::now();
    step("trace", false);
    MachineTraces traces;
    try {
      traces = generate_segment_traces(chips, segment, tree);
    } catch (const std::invalid_argument& e) {
      // The executor accepted the run but the circuit cannot express it (e.g. a store below the
      // read-only segments): say so rather than prove nothing.
      throw Error(ErrorCategory::guest_fault, std::string("the run has no proof in this machine: ") + e.what());
    }
    const uint64_t cycles = segment.trace.cpu.size();
    segment.trace = ExecutionTrace{};  // free the events before the STARK's allocations
    report.trace_seconds += seconds_since(start);
    step("trace", true);

    step("prove", false);
    SegmentProof proof;
    Digest root;
    add_chip_reports(chips, traces, report);  // before the prover consumes the traces
    add_chip_reports(chips, traces, proof.report);
    std::vector<unsigned> log_heights;
    for (const auto& m : traces.main) log_heights.push_back(log2_of(m.height()));
    proof.report.work = proof_work(config, chips.stark_chips(), log_heights);
    report.work += proof.report.work;
    proof.statement = traces.statement;
    proof.claim = traces.claim;
    proof.proof = prove_machine_traces(chips, std::move(traces), config, &proof.report.stark, &root, &key);
    step("prove", true);
    add_timings(proof.report.stark, report.stark);
    proof.report.cycles = cycles;
    proof.report.segments = 1;
    report.cycles += cycles;
    // Self-check (milliseconds): a proof that does not verify is a prover bug, not a guest's problem.
    try {
      verify_segment(chips.shape(), root, proof.statement, proof.claim, proof.proof);
    } catch (const ProofRejected& e) {
      throw Error(ErrorCategory::internal,
                  fmt::format("segment {}: the machine's own proof does not verify: {}", segment.index, e.what()));
    }
    proof.report.total_seconds = seconds_since(start);
    return proof;
  }
};

// The touched words of `segment` with their final values, the syscall state words included.
std::vector<StateWord> segment_final_words(const TracedSegment& segment) {
  std::vector<StateWord> out;
  out.reserve(segment.trace.memory.size() + 4);
  for (const MemoryBoundary& m : segment.trace.memory) out.push_back({m.addr, m.final_value});
  for (uint32_t i = 0; i < 4; ++i) out.push_back({kBrkWord + i, segment.state_words_end[i]});
  return out;
}

ResumePoint resume_point(uint32_t index, uint64_t cycle, uint32_t pc, uint64_t input_position, const MemoryTree& tree) {
  ResumePoint p{index, cycle, pc, input_position, {}};
  for (const StateWord& w : tree.nonzero_words()) p.words.emplace_back(w.addr, w.value);
  return p;
}

// The prover's big buffers are reused across segments (matrix/buffer_pool.h); once the proof is done
// (or has failed) the cached ones go back to the system.
struct ReleaseCachedBuffers {
  ReleaseCachedBuffers() = default;
  ReleaseCachedBuffers(const ReleaseCachedBuffers&) = delete;
  ReleaseCachedBuffers& operator=(const ReleaseCachedBuffers&) = delete;
  ~ReleaseCachedBuffers() { buffer_pool::trim(); }
};

ExecutorEnv quiet_env(std::span<const uint8_t> input, uint64_t max_cycles) {
  ExecutorEnv env;
  env.input.assign(input.begin(), input.end());
  env.max_cycles = max_cycles;
  env.console = [](int, std::span<const uint8_t>) {};  // `zkrv run` shows the console; proving does not
  return env;
}

}  // namespace

RunProof prove_run(const MachineImage& image, std::span<const uint8_t> input, const FriConfig& config,
                   const ProveOptions& options) {
  check_segment_po2(options.segment_po2);
  const auto step = [&](std::string_view phase, bool done) {
    if (options.progress) options.progress(phase, done);
  };
  const Clock::time_point start = Clock::now();
  const ReleaseCachedBuffers release_buffers;
  RunProof out;
  ProveReport& report = out.report;

  step("setup", false);
  const SegmentProver prover(image, config);
  step("setup", true);
  MemoryTree tree = initial_memory_tree(image);

  const ExecutorEnv env = quiet_env(input, options.max_cycles);
  // Run once in fast mode first: a guest that faults or exceeds the cycle limit fails here in a fraction
  // of the proving time, before any segment is proved.
  step("execute", false);
  const ExecutionResult pre_run = execute(image.program, env);
  step("execute", true);
  const uint64_t segment_count = (pre_run.cycles + (uint64_t{1} << options.segment_po2) - 1) >> options.segment_po2;
  if (segment_count > options.max_segments)
    throw CycleLimitReached(fmt::format("the run takes {} cycles: {} segments of 2^{} cycles, more than the {} a "
                                        "receipt holds (use larger segments)",
                                        pre_run.cycles, segment_count, options.segment_po2, options.max_segments));
  if (pre_run.journal.size() > options.max_journal_bytes)
    throw Error(ErrorCategory::malformed_input,
                fmt::format("the guest writes a {}-byte journal, more than the {} bytes a receipt holds",
                            pre_run.journal.size(), options.max_journal_bytes));
  // Then traced, a segment at a time: each is proved as soon as it is complete (phases "trace" and
  // "prove" per segment; the tracing itself counts as execution).
  double proving_seconds = 0;
  const ExecutionResult result =
      execute_segmented(image.program, env, uint64_t{1} << options.segment_po2, [&](TracedSegment& segment) {
        const Clock::time_point segment_start = Clock::now();
        out.segments.push_back(prover.prove(segment, tree, report, step));
        proving_seconds += seconds_since(segment_start);
        return true;
      });
  out.exit_code = result.exit_code;
  out.journal = result.journal;
  report.segments = out.segments.size();
  report.total_seconds = seconds_since(start);
  report.execute_seconds = std::max(0.0, report.total_seconds - proving_seconds);
  return out;
}

ExecutionResult run_checkpoints(const MachineImage& image, std::span<const uint8_t> input, unsigned segment_po2,
                                uint64_t max_cycles, const std::function<void(const ResumePoint&)>& on_checkpoint) {
  check_segment_po2(segment_po2);
  MemoryTree tree = initial_memory_tree(image);
  on_checkpoint(resume_point(0, 0, image.program.entry, 0, tree));
  const ExecutorEnv env = quiet_env(input, max_cycles);
  return execute_segmented(image.program, env, uint64_t{1} << segment_po2, [&](TracedSegment& segment) {
    tree.update(segment_final_words(segment));
    if (!segment.halted)
      on_checkpoint(resume_point(segment.index + 1, segment.first_cycle + segment.trace.cpu.size(), segment.post_pc,
                                 segment.input_end, tree));
    return true;
  });
}

SegmentProof prove_segment_at(const MachineImage& image, const ResumePoint& from, std::span<const uint8_t> input,
                              const FriConfig& config, unsigned segment_po2, const ProveProgress& progress) {
  check_segment_po2(segment_po2);
  const auto step = [&](std::string_view phase, bool done) {
    if (progress) progress(phase, done);
  };
  const Clock::time_point start = Clock::now();
  const ReleaseCachedBuffers release_buffers;
  std::vector<StateWord> words;
  words.reserve(from.words.size());
  for (const auto& [addr, value] : from.words) words.push_back({addr, value});
  MemoryTree tree = MemoryTree::from_words(words);
  step("setup", false);
  const SegmentProver prover(image, config);
  step("setup", true);
  const ExecutorEnv env = quiet_env(input, std::numeric_limits<uint64_t>::max());
  std::optional<SegmentProof> proof;
  ProveReport report;
  execute_segmented(
      image.program, env, uint64_t{1} << segment_po2,
      [&](TracedSegment& segment) {
        proof = prover.prove(segment, tree, report, step);
        return false;  // this segment only
      },
      &from);
  if (!proof) throw Error(ErrorCategory::internal, "the run from the checkpoint produced no segment");
  proof->report = std::move(report);
  proof->report.segments = 1;
  proof->report.total_seconds = seconds_since(start);
  return std::move(*proof);
}

SegmentProof prove_segment(const MachineImage& image, std::span<const uint8_t> input, const FriConfig& config,
                           const ProveProgress& progress) {
  ProveOptions options;
  options.segment_po2 = kMaxSegmentPo2;
  options.max_cycles = kMaxSegmentCycles;  // one segment or nothing
  options.progress = progress;
  RunProof run;
  try {
    run = prove_run(image, input, config, options);
  } catch (const CycleLimitReached&) {
    throw CycleLimitReached(fmt::format("the guest runs longer than one segment ({} cycles)", kMaxSegmentCycles));
  }
  SegmentProof out = std::move(run.segments.front());
  out.report = std::move(run.report);
  return out;
}

void verify_segment(const MachineShape& shape, const Digest& preprocessed_root, const SegmentStatement& statement,
                    const SegmentClaim& claim, const StarkProof& proof) {
  if (const std::string why = machine_shape_error(shape); !why.empty())
    throw ProofRejected("the image's shape is no program's: " + why);
  const MachineChips chips(shape);
  // A segment has at most kMaxSegmentCycles cycles, one CPU row each: the timestamps 4 clk + slot stay
  // at most 2^24, below the 2^25 the memory argument's ordering relies on (memory/access.h). The CPU constrains clk
  // to count rows from 0, so its height bounds every clk; the verifier enforces the cap itself rather
  // than trusting the prover's trace generation to have refused a longer segment.
  if (proof.log_heights.size() != MachineChips::kCount)
    throw ProofRejected("the proof does not list one height per chip of the machine");
  if ((uint64_t{1} << std::min<unsigned>(proof.log_heights[MachineChips::kCpu], 63)) > kMaxSegmentCycles)
    throw ProofRejected("the CPU table is taller than a segment (2^22 cycles)");
  if (statement.journal_end < statement.journal_begin ||
      claim.journal.size() != size_t{statement.journal_end} - statement.journal_begin)
    throw ProofRejected("the segment's journal bytes do not match its journal range");
  // The statement's numbers enter the proof as field elements: x and x + p would look alike. Pcs are
  // byte addresses below 2^30 and journal indices below 2^30 (the receipt allows 2^24 bytes), so
  // each has one representative; anything else is no statement of a run.
  constexpr uint32_t kLimit = uint32_t{1} << 30;
  if (statement.pre_pc >= kLimit || statement.post_pc >= kLimit || statement.journal_end >= kLimit)
    throw ProofRejected("the segment's statement holds a pc or journal index at or above 2^30");
  // The configuration by name (MalformedInput for a name no configuration has, as verify() itself
  // would), for the table heights it fixes.
  const FriConfig& config = fri_config_by_name(proof.config_name);
  const VerifyingKey vk = machine_vk(proof.config_name, preprocessed_root, min_trace_height(config));
  verify(chips.stark_chips(), vk, chips.public_values(statement), proof, statement_interactions(statement, claim));
}

}  // namespace zkrv
