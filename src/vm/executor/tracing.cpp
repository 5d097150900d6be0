#include "vm/executor/tracing.h"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "abi/syscalls.h"
#include "vm/executor/interpreter.h"

namespace zkrv {
namespace {

constexpr uint32_t kA0 = 10, kA1 = 11, kA2 = 12, kA7 = 17;

// What the CPU event of each opcode records; see events.h for the rules.
enum class AluKind : uint8_t { none, reg, imm, branch };
struct OpInfo {
  uint8_t flags = 0;      // kReadsRs1 / kReadsRs2
  bool writes_rd = false;
  AluKind alu_kind = AluKind::none;
  AluOp alu_op = AluOp::add;
};

constexpr std::array<OpInfo, kOpcodeCount + 1> make_op_table() {
  std::array<OpInfo, kOpcodeCount + 1> t{};
  constexpr uint8_t r1 = CpuEvent::kReadsRs1, r12 = CpuEvent::kReadsRs1 | CpuEvent::kReadsRs2;
  auto set = [&](Opcode op, uint8_t flags, bool writes_rd, AluKind kind = AluKind::none, AluOp alu = AluOp::add) {
    t[static_cast<size_t>(op)] = OpInfo{flags, writes_rd, kind, alu};
  };
  set(Opcode::lui, 0, true);
  set(Opcode::auipc, 0, true);
  set(Opcode::jal, 0, true);
  set(Opcode::jalr, r1, true);
  set(Opcode::beq, r12, false);
  set(Opcode::bne, r12, false);
  set(Opcode::blt, r12, false, AluKind::branch, AluOp::slt);
  set(Opcode::bge, r12, false, AluKind::branch, AluOp::slt);
  set(Opcode::bltu, r12, false, AluKind::branch, AluOp::sltu);
  set(Opcode::bgeu, r12, false, AluKind::branch, AluOp::sltu);
  for (Opcode op : {Opcode::lb, Opcode::lh, Opcode::lw, Opcode::lbu, Opcode::lhu}) set(op, r1, true);
  for (Opcode op : {Opcode::sb, Opcode::sh, Opcode::sw}) set(op, r12, false);
  const std::pair<Opcode, AluOp> imm_ops[] = {
      {Opcode::addi, AluOp::add},  {Opcode::slti, AluOp::slt}, {Opcode::sltiu, AluOp::sltu},
      {Opcode::xori, AluOp::xor_}, {Opcode::ori, AluOp::or_},  {Opcode::andi, AluOp::and_},
      {Opcode::slli, AluOp::sll},  {Opcode::srli, AluOp::srl}, {Opcode::srai, AluOp::sra}};
  for (auto [op, alu] : imm_ops) set(op, r1, true, AluKind::imm, alu);
  const std::pair<Opcode, AluOp> reg_ops[] = {
      {Opcode::add, AluOp::add},       {Opcode::sub, AluOp::sub},       {Opcode::sll, AluOp::sll},
      {Opcode::slt, AluOp::slt},       {Opcode::sltu, AluOp::sltu},     {Opcode::xor_, AluOp::xor_},
      {Opcode::srl, AluOp::srl},       {Opcode::sra, AluOp::sra},       {Opcode::or_, AluOp::or_},
      {Opcode::and_, AluOp::and_},     {Opcode::mul, AluOp::mul},       {Opcode::mulh, AluOp::mulh},
      {Opcode::mulhsu, AluOp::mulhsu}, {Opcode::mulhu, AluOp::mulhu},   {Opcode::div, AluOp::div},
      {Opcode::divu, AluOp::divu},     {Opcode::rem, AluOp::rem},       {Opcode::remu, AluOp::remu}};
  for (auto [op, alu] : reg_ops) set(op, r12, true, AluKind::reg, alu);
  // fence, ecall (registers recorded by the ecall hook), illegal and kFetchFault record nothing.
  return t;
}
constexpr std::array<OpInfo, kOpcodeCount + 1> kOpTable = make_op_table();

// Last-access timestamp of every RAM word, indexed by word address: a lazily committed mapping like
// GuestMemory's, so a lookup is one load and only the touched pages cost memory (as much as the
// touched guest memory itself).
class RamTimestamps {
 public:
  static constexpr size_t kWords = ZKRV_MEM_END / 4;
  RamTimestamps() {
    void* p = mmap(nullptr, kWords * sizeof(uint32_t), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      throw Error(ErrorCategory::internal,
                  fmt::format("cannot reserve the tracer's shadow memory: {}", std::strerror(errno)));
    }
    ts_ = static_cast<uint32_t*>(p);
  }
  ~RamTimestamps() { munmap(ts_, kWords * sizeof(uint32_t)); }
  RamTimestamps(const RamTimestamps&) = delete;
  RamTimestamps& operator=(const RamTimestamps&) = delete;

  uint32_t& operator[](uint32_t word) noexcept { return ts_[word]; }

 private:
  uint32_t* ts_ = nullptr;
};

// The Tracer of interpret<> (interpreter.h) that fills an ExecutionTrace. The interpreter calls the
// hooks before an instruction takes effect (store: before memory changes), so the event of cycle c is
// completed (next pc, rd value, ALU result, syscall results) when cycle c+1 starts, or by finish().
class RecordingTracer {
 public:
  RecordingTracer(ExecutionTrace& trace, const GuestMemory& memory, const SyscallState& sys)
      : trace_(trace), memory_(memory), sys_(sys) {}

  void step(uint32_t pc, const DecodedInstruction& d, const uint32_t* x) {
    if (pending_) complete(pc, x);
    if (segment_cycles_ != 0 && trace_.cpu.size() == segment_cycles_) cut(pc, x, false);
    pending_ = true;
    const auto clk = static_cast<uint32_t>(trace_.cpu.size());
    CpuEvent& e = trace_.cpu.emplace_back();
    e.clk = clk;
    e.pc = pc;
    // Code is read-only, so the word at pc is the instruction that was decoded.
    e.instruction = memory_.load<uint32_t>(pc);
    const OpInfo& info = kOpTable[d.op];
    uint8_t flags = info.flags;
    if (flags & CpuEvent::kReadsRs1) {
      e.rs1_index = d.rs1;
      e.rs1 = read_register(d.rs1, x, timestamp_of(clk, AccessSlot::rs1));
    }
    if (flags & CpuEvent::kReadsRs2) {
      e.rs2_index = d.rs2;
      e.rs2 = read_register(d.rs2, x, timestamp_of(clk, AccessSlot::rs2));
    }
    if (info.writes_rd && d.rd != kDiscardRegister) {
      flags |= CpuEvent::kWritesRd;
      begin_write(e, d.rd, x);
    }
    if (info.alu_kind != AluKind::none) {
      e.alu_index = static_cast<uint32_t>(trace_.alu.size());
      const uint32_t b = x[d.rs1];
      const uint32_t c = info.alu_kind == AluKind::imm ? static_cast<uint32_t>(d.imm) : x[d.rs2];
      // A branch's comparison is known now; an ALU result is read from its destination (the
      // discard slot for rd = x0) when the event completes.
      const uint32_t a = info.alu_kind == AluKind::branch ? evaluate_alu(info.alu_op, b, c) : 0;
      trace_.alu.push_back(AluEvent{info.alu_op, a, b, c});
      alu_result_slot_ = info.alu_kind == AluKind::branch ? kNoSlot : d.rd;
    }
    e.flags = flags;
  }

  void load(uint32_t addr, unsigned, uint32_t) {
    CpuEvent& e = trace_.cpu.back();
    const uint32_t word = memory_.load<uint32_t>(addr & ~3u);
    e.mem_addr = ram_word_address(addr);
    e.mem = WriteRecord{word, word, touch_ram(e.mem_addr, word, timestamp_of(e.clk, AccessSlot::memory))};
    e.flags |= CpuEvent::kMemoryRead;
  }

  void store(uint32_t addr, unsigned size, uint32_t value) {
    CpuEvent& e = trace_.cpu.back();
    const uint32_t old = memory_.load<uint32_t>(addr & ~3u);
    const uint32_t shift = 8 * (addr & 3u);
    const uint32_t mask = size == 4 ? ~0u : ((1u << (8 * size)) - 1) << shift;
    e.mem_addr = ram_word_address(addr);
    e.mem = WriteRecord{(old & ~mask) | ((value << shift) & mask), old,
                        touch_ram(e.mem_addr, old, timestamp_of(e.clk, AccessSlot::memory))};
    e.flags |= CpuEvent::kMemoryWrite;
  }

  void ecall(uint32_t, const uint32_t* x) {
    CpuEvent& e = trace_.cpu.back();
    const uint32_t clk = e.clk;
    const uint32_t number = x[kA7];
    e.rs1_index = kA7;
    e.rs1 = read_register(kA7, x, timestamp_of(clk, AccessSlot::rs1));
    e.rs2_index = kA0;
    e.rs2 = read_register(kA0, x, timestamp_of(clk, AccessSlot::rs2));
    e.flags |= CpuEvent::kReadsRs1 | CpuEvent::kReadsRs2 | CpuEvent::kEcall;
    if (number != ZKRV_SYS_EXIT && number != ZKRV_SYS_EXIT_GROUP) {
      e.flags |= CpuEvent::kWritesRd;
      begin_write(e, kA0, x);
    }
    SyscallEvent& s = trace_.syscalls.emplace_back();
    s.clk = clk;
    s.number = number;
    s.arg0 = x[kA0];
    s.arg1 = x[kA1];
    s.arg2 = x[kA2];
    s.access_begin = static_cast<uint32_t>(trace_.syscall_accesses.size());
    syscall_pending_ = true;
    if (number != ZKRV_SYS_READ && number != ZKRV_SYS_WRITE) return;

    syscall_bytes_ = 0;
    const uint32_t ts = timestamp_of(clk, AccessSlot::memory);
    for (uint32_t reg : {kA1, kA2}) {
      const ReadRecord r = read_register(reg, x, ts);
      trace_.syscall_accesses.push_back(MemoryAccess{reg, r.value, r.value, ts, r.prev_timestamp});
    }
    // The bytes that move, as handle_ecall will move them (syscalls.cpp). A buffer it rejects makes
    // the call fault, and the trace is never returned, so nothing is recorded for it.
    const uint32_t fd = x[kA0], buf = x[kA1], count = x[kA2];
    uint32_t n = 0;
    if (number == ZKRV_SYS_READ && fd == ZKRV_FD_INPUT) {
      n = static_cast<uint32_t>(std::min<size_t>(count, sys_.env.input.size() - sys_.input_position));
      if (!read_buffer_ok(memory_, buf, n)) n = 0;
    } else if (number == ZKRV_SYS_WRITE && fd == ZKRV_FD_JOURNAL) {
      n = syscall_buffer_ok(buf, count) ? count : 0;
    }
    syscall_bytes_ = n;
    if (n == 0) return;
    for (uint32_t w = ram_word_address(buf); w <= ram_word_address(buf + n - 1); ++w) {
      const uint32_t old = memory_.load<uint32_t>(w * 4);
      // value is filled in when the call has run (complete_syscall).
      trace_.syscall_accesses.push_back(MemoryAccess{w, old, old, ts, touch_ram(w, old, ts)});
    }
  }

  // Completes the last event once the run has stopped at next_pc (after exit: the pc after the ecall).
  void finish(uint32_t next_pc, const uint32_t* x) {
    if (pending_) complete(next_pc, x);
    pending_ = false;
  }

  // The touched addresses with their initial and final words, in increasing address order.
  std::vector<MemoryBoundary> boundary(const ProgramImage& image, const uint32_t* x) {
    std::vector<MemoryBoundary> out;
    out.reserve(touched_ram_.size() + kRegisterCount);
    for (uint32_t i = 0; i < kRegisterCount; ++i) {
      if (register_ts_[i] == 0) continue;
      out.push_back(MemoryBoundary{i, initial_registers_[i], x[i], register_ts_[i], 1});
    }
    std::sort(touched_ram_.begin(), touched_ram_.end());
    for (const auto& [w, initial] : touched_ram_) {
      const uint32_t final_value = memory_.load<uint32_t>(w * 4);
      out.push_back(MemoryBoundary{w, initial, final_value, ram_ts_[w], in_image(image, w) ? 1u : 0u});
    }
    return out;
  }

  void set_initial_registers(const uint32_t* x) { std::copy_n(x, kRegisterCount, initial_registers_.begin()); }

  // Segmented mode: hand every `cycles` cycles to `sink` (segments of the same run, cycles and
  // timestamps restarting at 0 in each).
  void set_segments(const ProgramImage& image, uint64_t cycles, const SegmentSink* sink, uint32_t first_pc,
                    uint32_t first_index, uint64_t first_cycle, uint32_t input_ended) {
    image_ = &image;
    segment_cycles_ = cycles;
    sink_ = sink;
    segment_pre_pc_ = first_pc;
    segment_index_ = first_index;
    segment_first_cycle_ = first_cycle;
    segment_input_begin_ = sys_.input_position;
    journal_begin_ = static_cast<uint32_t>(sys_.journal.size());
    input_ended_ = input_ended;
  }

  // Ends the current segment before the instruction at `pc` (or, halted, after the exit) and starts
  // the next one from the current state.
  void cut(uint32_t pc, const uint32_t* x, bool halted) {
    TracedSegment seg;
    seg.index = segment_index_++;
    seg.first_cycle = segment_first_cycle_;
    seg.input_begin = segment_input_begin_;
    seg.input_end = sys_.input_position;
    seg.state_words_end = {sys_.brk, static_cast<uint32_t>(sys_.journal.size()), sys_.initial_brk, input_ended_};
    seg.pre_pc = segment_pre_pc_;
    seg.post_pc = halted ? 0 : pc;
    seg.halted = halted;
    seg.journal_begin = journal_begin_;
    seg.journal_end = static_cast<uint32_t>(sys_.journal.size());
    trace_.memory = boundary(*image_, x);
    trace_.result.cycles = trace_.cpu.size();
    trace_.result.exit_code = sys_.exit_code;
    trace_.result.journal.assign(sys_.journal.begin() + journal_begin_, sys_.journal.end());
    std::copy_n(x, kRegisterCount, trace_.result.registers.begin());
    seg.trace = std::move(trace_);
    trace_ = ExecutionTrace{};
    // The next segment starts from here: its own timestamps, its own touched sets.
    for (const auto& [w, initial] : touched_ram_) ram_ts_[w] = 0;
    touched_ram_.clear();
    register_ts_.fill(0);
    set_initial_registers(x);
    segment_pre_pc_ = pc;
    journal_begin_ = seg.journal_end;
    segment_first_cycle_ += seg.trace.cpu.size();
    segment_input_begin_ = seg.input_end;
    if (!(*sink_)(seg)) throw StopRun{};
  }

  // Thrown out of the interpreter when the sink asks to stop.
  struct StopRun {};

 private:
  static constexpr uint8_t kNoSlot = 0xFF;

  ReadRecord read_register(uint32_t reg, const uint32_t* x, uint32_t ts) noexcept {
    const ReadRecord r{x[reg], register_ts_[reg]};
    register_ts_[reg] = ts;
    return r;
  }

  // rd's previous (value, timestamp) now; its new value when the event completes.
  void begin_write(CpuEvent& e, uint8_t rd, const uint32_t* x) noexcept {
    e.rd_index = rd;
    e.rd.prev_value = x[rd];
    e.rd.prev_timestamp = register_ts_[rd];
    register_ts_[rd] = timestamp_of(e.clk, AccessSlot::rd);
  }

  // Returns the word's previous timestamp and moves it to ts; remembers the initial value of a word
  // seen for the first time (every earlier state of it is the image's, timestamp 0).
  uint32_t touch_ram(uint32_t word, uint32_t current_value, uint32_t ts) {
    uint32_t& slot = ram_ts_[word];
    const uint32_t prev = slot;
    if (prev == 0) touched_ram_.emplace_back(word, current_value);
    slot = ts;
    return prev;
  }

  void complete(uint32_t next_pc, const uint32_t* x) {
    CpuEvent& e = trace_.cpu.back();
    e.next_pc = next_pc;
    if (e.flags & CpuEvent::kWritesRd) e.rd.value = x[e.rd_index];
    if (alu_result_slot_ != kNoSlot) {
      trace_.alu.back().a = x[alu_result_slot_];
      alu_result_slot_ = kNoSlot;
    }
    if (syscall_pending_) complete_syscall(x);
  }

  void complete_syscall(const uint32_t* x) {
    syscall_pending_ = false;
    SyscallEvent& s = trace_.syscalls.back();
    s.result = x[kA0];
    s.access_count = static_cast<uint32_t>(trace_.syscall_accesses.size()) - s.access_begin;
    // The bytes recorded were predicted before the call; the call's own count must agree, or the
    // tracer has drifted from syscalls.cpp.
    const bool moves_bytes = (s.number == ZKRV_SYS_READ && s.arg0 == ZKRV_FD_INPUT) ||
                             (s.number == ZKRV_SYS_WRITE && s.arg0 == ZKRV_FD_JOURNAL);
    if (s.number == ZKRV_SYS_READ && s.arg0 == ZKRV_FD_INPUT && s.result < s.arg2) input_ended_ = 1;
    if (moves_bytes && s.result != syscall_bytes_) {
      throw Error(ErrorCategory::internal, fmt::format("tracer recorded {} bytes for syscall {} at cycle {}, the "
                                                       "call moved {}", syscall_bytes_, s.number, s.clk, s.result));
    }
    for (uint32_t i = s.access_begin; i < s.access_begin + s.access_count; ++i) {
      MemoryAccess& a = trace_.syscall_accesses[i];
      if (a.addr >= kFirstRamWordAddress) a.value = memory_.load<uint32_t>(a.addr * 4);
    }
  }

  static bool in_image(const ProgramImage& image, uint32_t word) {
    const uint64_t begin = uint64_t{word} * 4, end = begin + 4;
    return std::any_of(image.segments.begin(), image.segments.end(),
                       [&](const Segment& s) { return begin < s.end() && s.vaddr < end; });
  }

  ExecutionTrace& trace_;
  const GuestMemory& memory_;
  const SyscallState& sys_;
  std::array<uint32_t, kRegisterCount> register_ts_{};  // last access of x0..x31, 0: never
  std::array<uint32_t, kRegisterCount> initial_registers_{};
  RamTimestamps ram_ts_;
  std::vector<std::pair<uint32_t, uint32_t>> touched_ram_;  // (word address, initial value)
  bool pending_ = false;
  bool syscall_pending_ = false;
  uint32_t syscall_bytes_ = 0;  // bytes the pending read/write moves, as recorded
  uint8_t alu_result_slot_ = kNoSlot;
  // Segmented mode (set_segments); segment_cycles_ == 0: one piece.
  const ProgramImage* image_ = nullptr;
  uint64_t segment_cycles_ = 0;
  const SegmentSink* sink_ = nullptr;
  uint32_t segment_index_ = 0;
  uint32_t segment_pre_pc_ = 0;
  uint32_t journal_begin_ = 0;
  uint64_t segment_first_cycle_ = 0;
  uint64_t segment_input_begin_ = 0;
  uint32_t input_ended_ = 0;  // state word 35: a read of the input came back short
};

// Mappings of 2 MiB and more are whole 2 MiB pages, so transparent huge pages can back all of them.
size_t mapped_bytes(size_t bytes) {
  constexpr size_t kPage = 4096, kHugePage = size_t{2} << 20;
  const size_t unit = bytes >= kHugePage ? kHugePage : kPage;
  return (bytes + unit - 1) / unit * unit;
}

// Puts the machine in the state `from` describes; returns state word 35 (input ended).
uint32_t resume(const ProgramImage& image, const ResumePoint& from, GuestMemory& memory, MachineState& state,
                SyscallState& sys) {
  // Every image word absent from the state is zero now: clear the image, then write the state's words.
  for (const Segment& s : image.segments)
    if (!s.data.empty()) std::memset(memory.host(s.vaddr), 0, s.data.size());
  uint32_t state_words[4] = {0, 0, 0, 0};
  std::fill(std::begin(state.x), std::end(state.x), 0u);
  uint32_t previous = 0;
  bool first = true;
  for (const auto& [addr, value] : from.words) {
    if (!first && addr <= previous) throw std::invalid_argument("resume: state words out of order");
    first = false;
    previous = addr;
    if (addr < kRegisterCount) {
      state.x[addr] = value;
    } else if (addr < kRegisterCount + 4) {
      state_words[addr - kRegisterCount] = value;
    } else if (addr >= kFirstRamWordAddress && addr < (ZKRV_MEM_END >> 2)) {
      memory.store<uint32_t>(addr * 4, value);
    } else {
      throw std::invalid_argument(fmt::format("resume: word address {:#x} is not part of the machine state", addr));
    }
  }
  if (state.x[0] != 0) throw std::invalid_argument("resume: x0 is not zero");
  // Read-only words cannot have changed since the image.
  for (const Segment& s : image.segments) {
    if (s.vaddr >= memory.writable_begin()) continue;
    for (size_t i = 0; i < s.data.size(); ++i)
      if (*memory.host(static_cast<uint32_t>(s.vaddr + i)) != s.data[i])
        throw std::invalid_argument("resume: the state changes read-only memory of the image");
  }
  if (state_words[2] != image.initial_brk) throw std::invalid_argument("resume: the initial break differs from the image's");
  if (from.input_position > sys.env.input.size())
    throw std::invalid_argument("resume: the input position lies beyond the private input");
  state.pc = from.pc;
  state.cycles = from.cycle;
  sys.brk = state_words[0];
  sys.journal.assign(state_words[1], 0);  // only the length matters: the bytes belong to earlier segments
  sys.input_position = from.input_position;
  return state_words[3];
}

}  // namespace

ExecutionResult execute_segmented(const ProgramImage& image, const ExecutorEnv& env, uint64_t segment_cycles,
                                  const SegmentSink& sink, const ResumePoint* from) {
  if (segment_cycles == 0 || segment_cycles > kMaxTracedCycles)
    throw std::invalid_argument("execute_segmented: segment length out of range");
  const DecodedProgram program = decode_program(image);
  GuestMemory memory(image);
  SyscallState sys{memory, env};
  MachineState state;
  init_machine(image, state, sys);
  uint32_t input_ended = 0;
  if (from != nullptr) input_ended = resume(image, *from, memory, state, sys);

  ExecutionTrace trace;
  RecordingTracer tracer(trace, memory, sys);
  tracer.set_initial_registers(state.x);
  tracer.set_segments(image, segment_cycles, &sink, state.pc, from != nullptr ? from->segment_index : 0, state.cycles,
                      input_ended);
  bool stopped = false;
  {
    ConsoleFlushGuard flush{env};
    try {
      interpret(state, program, memory, sys, env.max_cycles, tracer);
    } catch (const RecordingTracer::StopRun&) {
      stopped = true;
    }
  }
  if (!stopped) {
    tracer.finish(state.pc, state.x);
    try {
      tracer.cut(state.pc, state.x, true);
    } catch (const RecordingTracer::StopRun&) {
    }
  }

  ExecutionResult result;
  result.exit_code = stopped ? 0 : sys.exit_code;
  result.cycles = state.cycles;
  result.journal = std::move(sys.journal);
  std::copy_n(state.x, 32, result.registers.begin());
  return result;
}

void* grow_event_storage(void* p, size_t old_bytes, size_t new_bytes) {
  const size_t old_mapped = p == nullptr ? 0 : mapped_bytes(old_bytes), new_mapped = mapped_bytes(new_bytes);
  if (new_mapped == old_mapped) return p;
  void* q = p == nullptr ? mmap(nullptr, new_mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                         : mremap(p, old_mapped, new_mapped, MREMAP_MAYMOVE);
  if (q == MAP_FAILED) throw std::bad_alloc();
  // Advice only: without transparent huge pages the buffer still works, with more page faults.
  if (new_mapped >= (size_t{2} << 20)) madvise(q, new_mapped, MADV_HUGEPAGE);
  return q;
}

void free_event_storage(void* p, size_t bytes) noexcept {
  if (p != nullptr) munmap(p, mapped_bytes(bytes));
}

ExecutionTrace execute_traced(const ProgramImage& image, const ExecutorEnv& env) {
  const DecodedProgram program = decode_program(image);
  GuestMemory memory(image);
  SyscallState sys{memory, env};
  MachineState state;
  init_machine(image, state, sys);

  ExecutionTrace trace;
  RecordingTracer tracer(trace, memory, sys);
  tracer.set_initial_registers(state.x);
  const uint64_t limit = std::min(env.max_cycles, kMaxTracedCycles);
  {
    ConsoleFlushGuard flush{env};
    try {
      interpret(state, program, memory, sys, limit, tracer);
    } catch (const CycleLimitReached&) {
      if (limit == env.max_cycles) throw;
      throw CycleLimitReached(fmt::format("the run is longer than {} cycles, the most one traced run can hold "
                                          "(its timestamps must fit 32 bits)",
                                          kMaxTracedCycles));
    }
  }
  tracer.finish(state.pc, state.x);
  trace.memory = tracer.boundary(image, state.x);

  trace.result.exit_code = sys.exit_code;
  trace.result.cycles = state.cycles;
  trace.result.journal = std::move(sys.journal);
  std::copy_n(state.x, 32, trace.result.registers.begin());
  return trace;
}

}  // namespace zkrv
